"""The rooms of cxx/src keep their declarations in their headers: no .cc file declares
by hand a function another .cc file defines, and none declares anything `extern`
(docs/internals.rst, "Which room calls which")."""

import pathlib
import re

SRC = pathlib.Path(__file__).resolve().parent.parent / "cxx" / "src"

# A declaration at the top level of a file: a return type and a name, a parameter
# list, then `;` (a definition has a body instead). Lines that begin with `static`,
# `return` and the like are not declarations of another file's function.
DECLARATION = re.compile(
    r"^(?!static\b|return\b|using\b|typedef\b|template\b|NAPI_EXPORT\b|#)"
    r"[A-Za-z_][\w:<>,\*&\s]*?[\s\*&](?P<name>[A-Za-z_]\w*)\((?P<params>[^;{}()]*)\)\s*;",
    re.M)


def definitions(text):
    """Names of the functions a file defines (a parameter list followed by a body)."""
    return set(re.findall(r"\b([A-Za-z_]\w*)\([^;{}()]*\)\s*(?:const\s*)?(?:noexcept\s*)?\{",
                          text))


def test_no_cc_file_declares_another_files_function():
    files = {p.name: p.read_text() for p in sorted(SRC.glob("*.cc"))}
    defined = {name: definitions(text) for name, text in files.items()}
    found = []
    for name, text in files.items():
        for m in DECLARATION.finditer(text):
            fn = m.group("name")
            if fn in defined[name]:
                continue  # this file's own function, declared before its definition
            owners = [other for other, names in defined.items() if other != name and fn in names]
            if owners:
                line = text.count("\n", 0, m.start()) + 1
                found.append(f"{name}:{line}: {fn} (defined in {', '.join(owners)})")
    assert found == [], "declare these in their room's header instead:\n" + "\n".join(found)


def test_no_extern_declarations_in_cc_files():
    found = [f"{p.name}:{i}: {line.strip()}"
             for p in sorted(SRC.glob("*.cc"))
             for i, line in enumerate(p.read_text().splitlines(), 1)
             if re.match(r"\s*extern\s+(?!\"C\")", line)]
    assert found == [], "declare these in their room's header instead:\n" + "\n".join(found)


def test_the_test_sees_a_declaration_by_hand(tmp_path):
    # The pattern finds the shape this test exists to forbid (the lines removed from
    # functions.cc and objects.cc by the rooms change).
    text = ("namespace napi_python {\n"
            "PyObject* invoke_getter(PyObject* getter, PyObject* self);  // functions.cc\n"
            "int class_add_symbol_member(PyObject* type, PyObject* key, PyObject* member);\n"
            "static int local_helper(int x);\n"
            "}\n")
    names = [m.group("name") for m in DECLARATION.finditer(text)]
    assert names == ["invoke_getter", "class_add_symbol_member"]


# ---- the index of docs/internals.rst, "Which room holds a Node-API function" ----------

DOCS = SRC.parent.parent / "docs" / "internals.rst"
EXPORTS = SRC.parent / "exports.txt"


def room_rules():
    """[(words, file)] from the table between the which-room markers."""
    text = DOCS.read_text()
    table = text[text.index(".. which-room-start"):text.index(".. which-room-end")]
    rows = re.split(r"^   \* - ", table, flags=re.M)[2:]  # after the header row
    rules = []
    for row in rows:
        words_cell, room_cell = re.split(r"^     - ", row, maxsplit=1, flags=re.M)
        room = re.search(r"``([\w.]+\.cc)``", room_cell).group(1)
        words = re.findall(r"``(\w+)``", words_cell)
        rules.append((words if not words_cell.startswith("anything else") else [], room))
    return rules


def room_of(name, rules):
    for words, room in rules:
        if not words or any(w in name for w in words):
            return room
    raise AssertionError(f"no row of the table matches {name}")


def test_every_node_api_function_is_in_the_room_its_name_points_to():
    exported = [line.split("#")[0].strip() for line in EXPORTS.read_text().splitlines()]
    exported = [name for name in exported if name]
    files = {p.name: p.read_text() for p in sorted(SRC.glob("*.cc"))}
    rules = room_rules()
    assert len(rules) > 10 and rules[-1][0] == [], rules
    wrong = []
    for name in exported:
        # NAPI_EXPORT <type> name( ...), or a definition by a macro: MACRO(name, ...)
        define = re.compile(r"NAPI_EXPORT\s[^;{}()]*?\b" + name + r"\s*\(|^[A-Z_]+\(" + name + ",",
                            re.M)
        homes = [f for f, text in files.items() if define.search(text)]
        expected = room_of(name, rules)
        if homes != [expected]:
            wrong.append(f"{name}: defined in {homes or 'no file'}, the table says {expected}")
    assert len(exported) > 150
    assert wrong == [], "\n".join(wrong)
