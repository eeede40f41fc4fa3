"""oxc-parser 0.159.0 (napi-rs, resolves napi_* with dlsym): node-reference/
oxc-parser.js. The native ``parseSync`` returns a ``ParseResult`` whose getters give
the program as JSON text (src-js/wrap.js parses it) and the module record and
errors as objects."""

import json

import pytest

from async_helpers import run  # noqa: F401  (fixture)
from corpus.support import corpus_addon

p = corpus_addon("oxc-parser")

TS_SOURCE = "const x: number = 1; export function f(a) { return a + x }"


def program_of(result):
    """wrap.js: JSON.parse(result.program) gives {node, fixes}."""
    return json.loads(result.program)["node"]


def test_parse_sync():
    # wrap.js takes every field once: the native getters move the data out
    r = p.parseSync("a.ts", TS_SOURCE)
    assert isinstance(r, p.ParseResult)
    assert [n["type"] for n in program_of(r)["body"]] == ["VariableDeclaration",
                                                          "ExportNamedDeclaration"]
    assert len(r.module.staticExports) == 1
    assert len(r.errors) == 0


def test_parse_sync_reports_syntax_errors():
    errors = p.parseSync("b.js", "let = ;").errors   # each getter gives its value once
    assert [e.message for e in errors] == ["Unexpected token"]
    assert errors[0].severity == "Error"
    assert [(label.start, label.end) for label in errors[0].labels] == [(6, 7)]


def test_parse_async(run):
    async def body():
        return await p.parse("b.js", "let = ;")
    r = run(body())
    assert not callable(r.get("then")), "the promise settled with a thenable, not adopting it"
    assert [e.message for e in r.errors] == ["Unexpected token"]
