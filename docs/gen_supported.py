"""The table of supported Node-API functions, generated from the code at build time.

Sources of truth (nothing here is maintained by hand):

* ``cxx/exports.txt``: every function the core exports;
* ``cxx/src/*.cc``: where each one is defined (``NAPI_EXPORT``, directly or through a
  macro such as ``FALSE_PREDICATE(...)``) and what its body does:

  - ``NOT_YET(env, BINARY)`` / ``NOT_YET(env, ASYNC)``: exists, fails with
    "not implemented yet" (issue #3 / issue #4);
  - a message containing "is not supported": unsupported by design;
  - ``FALSE_PREDICATE(fn)``: works, but always answers false until
    the values it asks about exist;
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

# Which issue a not-yet function belongs to, from the macro its body uses.
ISSUES = {"BINARY": 3, "ASYNC": 4}
ISSUE_TOPICS = {3: "binary data", 4: "async work, promises, threadsafe functions"}

# A definition: `NAPI_EXPORT <return type> napi_xxx(` ...
DEF_RE = re.compile(r"NAPI_EXPORT\s+[\w\s\*]*?\b((?:napi|node_api)_\w+)\s*\(")
# ... or a macro invocation at the start of a line that defines one, e.g.
# `FALSE_PREDICATE(napi_is_buffer)` or `NAPI_STRING_CREATOR(napi_create_string_utf8, ...)`.
MACRO_DEF_RE = re.compile(r"^([A-Z][A-Z0-9_]*)\(\s*((?:napi|node_api)_\w+)\s*[,)]", re.M)
NOT_YET_RE = re.compile(r"\bNOT_YET\s*\(\s*\w+\s*,\s*(\w+)\s*\)")
UNSUPPORTED_RE = re.compile(r'"([^"]*is not supported[^"]*)"((?:\s*"[^"]*")*)')
MACRO_TEXT_RE = re.compile(r'#define\s+(BINARY|ASYNC)\s+"([^"]*)"')


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


def _issue_by_name(name):
    if re.search(r"promise|deferred|async_work|threadsafe", name):
        return 4
    if re.search(r"arraybuffer|typedarray|dataview|buffer", name):
        return 3
    return None


class Entry:
    """What the code says about one exported function."""

    def __init__(self, name):
        self.name = name
        self.room = None      # the source file defining it, or None
        self.kind = "missing"  # implemented | false | not_yet | unsupported | missing
        self.issue = None
        self.message = None   # the unsupported-by-design message

    @property
    def status(self):
        if self.kind == "implemented":
            return "implemented"
        if self.kind == "false":
            return f"answers false until issue #{self.issue}" if self.issue else "answers false"
        if self.kind == "not_yet":
            return f"not yet (issue #{self.issue})" if self.issue else "not yet"
        if self.kind == "unsupported":
            return "unsupported by design"
        return "exported but not defined in cxx/src"


def scan_sources(src=SRC):
    """name -> Entry for every napi_*/node_api_* function defined in cxx/src/*.cc,
    and the texts of the BINARY/ASYNC macros (what a not-yet call reports)."""
    entries = {}
    macro_texts = {}
    for fname in sorted(os.listdir(src)):
        if not fname.endswith(".cc"):
            continue
        with open(os.path.join(src, fname), encoding="utf-8") as f:
            raw = f.read()
        for m in MACRO_TEXT_RE.finditer(raw):
            macro_texts[m.group(1)] = m.group(2)
        text = _strip_comments_and_macros(raw)
        for m in DEF_RE.finditer(text):
            e = entries.setdefault(m.group(1), Entry(m.group(1)))
            e.room = fname
            body = _body(text, m.end())
            ny = NOT_YET_RE.search(body)
            uns = UNSUPPORTED_RE.search(body)
            if ny:
                e.kind, e.issue = "not_yet", ISSUES.get(ny.group(1))
            elif uns:
                e.kind = "unsupported"
                e.message = uns.group(1) + "".join(re.findall(r'"([^"]*)"', uns.group(2)))
            elif re.fullmatch(r"\{\s*return\s+napi_generic_failure\s*;\s*\}", body):
                e.kind, e.issue = "not_yet", _issue_by_name(e.name)
            else:
                e.kind = "implemented"
        for m in MACRO_DEF_RE.finditer(text):
            macro, name = m.group(1), m.group(2)
            e = entries.setdefault(name, Entry(name))
            e.room = fname
            if macro == "FALSE_PREDICATE":
                e.kind, e.issue = "false", _issue_by_name(name)
            else:
                e.kind = "implemented"
    return entries, macro_texts


def collect():
    """(entries in exports.txt order, functions defined but not exported, macro texts)."""
    defined, macro_texts = scan_sources()
    rows = []
    for name in read_exports():
        rows.append(defined.get(name) or Entry(name))
    exported = {e.name for e in rows}
    # napi_python_* are the entry points of the Python package, exported by a
    # pattern of their own in the version script, not Node-API functions.
    extra = sorted(n for n in defined if n not in exported and not n.startswith("napi_python_"))
    return rows, extra, macro_texts


def source_files():
    return [EXPORTS] + [os.path.join(SRC, f) for f in sorted(os.listdir(SRC)) if f.endswith(".cc")]


# ---------------------------------------------------------------------------
# reStructuredText
# ---------------------------------------------------------------------------
def summary_lines(rows, extra, macro_texts):
    """The counts, the not-yet messages and the unsupported functions."""
    counts = Counter(e.kind for e in rows)
    by_issue = Counter(e.issue for e in rows if e.kind == "not_yet")
    issues = ", ".join(f"{n} for issue #{i}, {ISSUE_TOPICS.get(i, '')}"
                       for i, n in sorted(by_issue.items(), key=lambda x: x[0] or 0))
    out = [
        f"``cxx/exports.txt`` lists **{len(rows)}** functions. Of these, "
        f"**{counts['implemented']}** are implemented, "
        f"**{counts['false']}** are predicates that always answer false because the "
        f"values they ask about cannot exist yet, "
        f"**{counts['not_yet']}** exist but are not implemented yet"
        + (f" ({issues})" if issues else "")
        + f", and **{counts['unsupported']}** are unsupported by design.",
        "",
    ]
    if counts["missing"]:
        out += [
            f".. warning:: {counts['missing']} exported functions have no definition in "
            "``cxx/src``: " + ", ".join(f"``{e.name}``" for e in rows if e.kind == "missing"),
            "",
        ]
    if macro_texts and counts["not_yet"]:
        out += ["A function that is not implemented yet returns ``napi_generic_failure``; "
                "``napi_get_last_error_info`` then reports:", ""]
        for key, issue in sorted(ISSUES.items(), key=lambda x: x[1]):
            if key in macro_texts and by_issue.get(issue):
                out += [f"* issue #{issue}: \"{macro_texts[key]} is not implemented yet in "
                        "napi-python\"", ""]
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
    rows, extra, macro_texts = collect()
    out = []
    if part in ("all", "summary"):
        out += summary_lines(rows, extra, macro_texts)
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
    rows, extra, _ = collect()
    width = max(len(e.name) for e in rows)
    for e in rows:
        print(f"{e.name:<{width}}  {e.status:<32}  {e.room or ''}")
    if extra:
        print("defined but not exported:", ", ".join(extra))
    return 0


if __name__ == "__main__":
    sys.exit(main())
