"""The table of supported Node-API functions, generated from the code at build time.

Sources of truth (nothing here is maintained by hand):

* ``cxx/exports.txt``: every function the core exports;
* ``cxx/src/*.cc``: where each one is defined (``NAPI_EXPORT``, directly or through a
  macro such as ``NAPI_STRING_CREATOR(...)``) and what its body does:

  - a message containing "is not supported": unsupported by design;
  - anything else: implemented.

Used two ways:

* as a Sphinx extension (docs/conf.py loads it): the ``napi-supported-summary`` and
  ``napi-supported-table`` directives emit their text straight into the page (no
  generated file in the tree);
* as a script: ``python docs/gen_supported.py`` prints the table as text.
"""

import os
import re
import sys
from collections import Counter

DOCS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(DOCS)
EXPORTS = os.path.join(ROOT, "cxx", "exports.txt")
SRC = os.path.join(ROOT, "cxx", "src")

NODE_DOCS = "https://nodejs.org/api/n-api.html#"

# A definition: `NAPI_EXPORT <return type> napi_xxx(` ...
DEF_RE = re.compile(r"NAPI_EXPORT\s+[\w\s\*]*?\b((?:napi|node_api)_\w+)\s*\(")
# ... or a macro invocation at the start of a line that defines one, e.g.
# `NAPI_STRING_CREATOR(napi_create_string_utf8, ...)`.
MACRO_DEF_RE = re.compile(r"^([A-Z][A-Z0-9_]*)\(\s*((?:napi|node_api)_\w+)\s*[,)]", re.M)
UNSUPPORTED_RE = re.compile(r'"([^"]*is not supported[^"]*)"((?:\s*"[^"]*")*)')


def read_exports(path=EXPORTS):
    names = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                names.append(line)
    return names


def _strip_comments_and_macros(text):
    """The C++ text without comments and without #define blocks (whose bodies use
    placeholder names, not the functions the macros go on to define)."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r"^[ \t]*#[ \t]*define(?:[^\n]*\\\n)*[^\n]*", "", text, flags=re.M)


def _body(text, start):
    """The text of the brace-delimited body that follows `start`."""
    i = text.find("{", start)
    if i < 0:
        return ""
    depth = 0
    for j in range(i, len(text)):
        c = text[j]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[i:j + 1]
    return text[i:]


class Entry:
    """What the code says about one exported function."""

    def __init__(self, name):
        self.name = name
        self.room = None      # the source file defining it, or None
        self.kind = "missing"  # implemented | unsupported | missing
        self.message = None   # the unsupported-by-design message

    @property
    def status(self):
        if self.kind == "implemented":
            return "implemented"
        if self.kind == "unsupported":
            return "unsupported by design"
        return "exported but not defined in cxx/src"


def scan_sources(src=SRC):
    """name -> Entry for every napi_*/node_api_* function defined in cxx/src/*.cc."""
    entries = {}
    for fname in sorted(os.listdir(src)):
        if not fname.endswith(".cc"):
            continue
        with open(os.path.join(src, fname), encoding="utf-8") as f:
            raw = f.read()
        text = _strip_comments_and_macros(raw)
        for m in DEF_RE.finditer(text):
            e = entries.setdefault(m.group(1), Entry(m.group(1)))
            e.room = fname
            body = _body(text, m.end())
            uns = UNSUPPORTED_RE.search(body)
            if uns:
                e.kind = "unsupported"
                e.message = uns.group(1) + "".join(re.findall(r'"([^"]*)"', uns.group(2)))
            else:
                e.kind = "implemented"
        for m in MACRO_DEF_RE.finditer(text):
            e = entries.setdefault(m.group(2), Entry(m.group(2)))
            e.room = fname
            e.kind = "implemented"
    return entries


def collect():
    """(entries in exports.txt order, functions defined but not exported)."""
    defined = scan_sources()
    rows = []
    for name in read_exports():
        rows.append(defined.get(name) or Entry(name))
    exported = {e.name for e in rows}
    # napi_python_* are the entry points of the Python package, exported by a
    # pattern of their own in the version script, not Node-API functions.
    extra = sorted(n for n in defined if n not in exported and not n.startswith("napi_python_"))
    return rows, extra


def source_files():
    return [EXPORTS] + [os.path.join(SRC, f) for f in sorted(os.listdir(SRC)) if f.endswith(".cc")]


# ---------------------------------------------------------------------------
# reStructuredText
# ---------------------------------------------------------------------------
def summary_lines(rows, extra):
    """The counts and the unsupported functions."""
    counts = Counter(e.kind for e in rows)
    out = [
        f"``cxx/exports.txt`` lists **{len(rows)}** functions. Of these, "
        f"**{counts['implemented']}** are implemented and **{counts['unsupported']}** "
        "are unsupported by design.",
        "",
    ]
    if counts["missing"]:
        out += [
            f".. warning:: {counts['missing']} exported functions have no definition in "
            "``cxx/src``: " + ", ".join(f"``{e.name}``" for e in rows if e.kind == "missing"),
            "",
        ]
    unsupported = [e for e in rows if e.kind == "unsupported"]
    if unsupported:
        out += ["Unsupported by design (they return ``napi_generic_failure`` with this "
                "message):", ""]
        for e in unsupported:
            out += [f"* ``{e.name}``: \"{e.message}\"", ""]
    if extra:
        out += ["Defined in ``cxx/src`` with ``NAPI_EXPORT`` but not listed in "
                "``cxx/exports.txt`` (so not exported): "
                + ", ".join(f"``{n}``" for n in extra) + ".", ""]
    return out


def table_lines(rows):
    """A list-table of every exported function: name (linked to Node's docs), status,
    defining file."""
    out = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 45 35 20",
        "",
        "   * - Function",
        "     - Status",
        "     - Defined in",
    ]
    for e in rows:
        out += [
            f"   * - `{e.name} <{NODE_DOCS}{e.name}>`__",
            f"     - {e.status}",
            f"     - ``{e.room}``" if e.room else "     - (none)",
        ]
    out.append("")
    return out


def rst_lines(part="all"):
    rows, extra = collect()
    out = []
    if part in ("all", "summary"):
        out += summary_lines(rows, extra)
    if part in ("all", "table"):
        out += table_lines(rows)
    return out


# ---------------------------------------------------------------------------
# Sphinx extension
# ---------------------------------------------------------------------------
def setup(app):
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective
    from sphinx.util.nodes import nested_parse_with_titles
    from docutils import nodes

    class Generated(SphinxDirective):
        part = "all"
        has_content = False

        def run(self):
            for path in source_files():
                self.env.note_dependency(path)
            container = nodes.container()
            content = StringList(rst_lines(self.part), source="<gen_supported.py>")
            nested_parse_with_titles(self.state, content, container)
            return container.children

    class Summary(Generated):
        """``.. napi-supported-summary::``: counts, not-yet messages, unsupported."""
        part = "summary"

    class Table(Generated):
        """``.. napi-supported-table::``: the status of every exported function."""
        part = "table"

    app.add_directive("napi-supported-summary", Summary)
    app.add_directive("napi-supported-table", Table)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def main():
    rows, extra = collect()
    width = max(len(e.name) for e in rows)
    for e in rows:
        print(f"{e.name:<{width}}  {e.status:<32}  {e.room or ''}")
    if extra:
        print("defined but not exported:", ", ".join(extra))
    return 0


if __name__ == "__main__":
    sys.exit(main())
