"""String.prototype's methods as an addon calls them on a string (the globals addon's
callMethod: napi_get_named_property on the string, then napi_call_function with it
as `this`), compared with Node 20's answers for the same calls
(tests/node_reference/string_methods.json, measured by string_methods.js there):
UTF-16 indexes, ToString / ToIntegerOrInfinity of the arguments, negative
positions, replace's $-patterns and replacer functions, the RangeErrors and
TypeErrors Node throws."""

import json
from pathlib import Path

import pytest

import napi_python
from conftest import load_test_addon
from test_global_calls import decode as _decode, encode as _encode

NODE = json.loads((Path(__file__).parent / "node_reference" / "string_methods.json").read_text())


@pytest.fixture(scope="module")
def g():
    return load_test_addon("globals")


def replacer(*args):
    return "|".join(napi_python._core._js_to_string(x) for x in args)


def decode(v):
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict) and "$re" in v:
        return napi_python.global_this.RegExp(*v["$re"])
    if isinstance(v, dict) and v.get("$") == "fn":
        return replacer
    return _decode(v)


def encode(v):
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    return _encode(v)


@pytest.mark.parametrize("s, method, args, node", NODE["calls"],
                         ids=[f"{json.dumps(s)}.{m}{json.dumps(a)}" for s, m, a, _ in NODE["calls"]])
def test_string_method_as_node(g, s, method, args, node):
    try:
        got = encode(g.callMethod(s, method, decode(args)))
    except napi_python.JSError as e:
        got = {"threw": e.name, "message": e.message}
    assert got == node, (s, method, args, got, node)


def test_measured_in_node_20():
    assert NODE["node"].startswith("v20.")


def test_every_method_of_node_20_but_the_locale_and_html_ones(g):
    # Node 20's Object.getOwnPropertyNames(String.prototype), less what needs locale
    # data or a JS engine's regular expressions, and Annex B's HTML methods
    # (anchor, big...): each is a function for an addon reading it on a string
    names = ("at charAt charCodeAt codePointAt concat endsWith includes indexOf "
             "isWellFormed lastIndexOf normalize padEnd padStart repeat replace replaceAll "
             "slice split substr substring startsWith toString toWellFormed trim trimStart "
             "trimLeft trimEnd trimRight toLocaleLowerCase toLocaleUpperCase toLowerCase "
             "toUpperCase valueOf").split()
    assert [n for n in names if not callable(napi_python._core._js_get("x", n))] == []
    for n in ("localeCompare", "match", "matchAll", "search", "anchor", "big"):
        assert napi_python._core._js_get("x", n) is None


def test_string_object_this(g):
    # a String object (ToObject's wrapper) as `this`: its string, as in JS
    o = napi_python.global_this.Object("a\U0001F600b")
    assert g.callMethod(o, "codePointAt", [1.0]) == 0x1F600
    assert g.callMethod(o, "padEnd", [6.0, "."]) == "a\U0001F600b.."
    with pytest.raises(napi_python.JSTypeError, match="requires that 'this' be a String"):
        g.callPath("String.prototype.toString.call", [5.0])
