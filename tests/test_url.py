"""URL and URLSearchParams of the global object (napi_python/_url.py, the WHATWG URL
Standard's parser) as an addon uses them: constructed with napi_new_instance, their
properties read and methods called through tests/addons/globals, each answer
compared with Node 20's for the same calls (tests/node_reference/url.json, measured
by url.js there with the same addon)."""

import json
from pathlib import Path

import pytest

import napi_python
from conftest import load_test_addon

NODE = json.loads((Path(__file__).parent / "node_reference" / "url.json").read_text())
PROPS = ["href", "protocol", "username", "password", "host", "hostname", "port",
         "pathname", "search", "hash", "origin", "searchParams.toString()", "toString()",
         "toJSON()", "searchParams.size"]


@pytest.fixture(scope="module")
def g():
    return load_test_addon("globals")


def outcome(f):
    try:
        return ["ok", plain(f())]
    except napi_python.JSError as e:
        return ["throw", e.name, e.message, getattr(e, "code", None), getattr(e, "input", None)]


def plain(v):
    """JSON's view of a result (a null read back is None, as JSON's null)."""
    if v is napi_python.null:
        return None
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def test_measured_in_node_20():
    assert NODE["node"].startswith("v20.")


@pytest.mark.parametrize("input, node", NODE["parse"], ids=[repr(i) for i, _ in NODE["parse"]])
def test_parse_as_node(g, input, node):
    assert outcome(lambda: g.readProps(g.newPath("URL", [input]), PROPS)) == node


@pytest.mark.parametrize("input, base, node", NODE["relative"],
                         ids=[f"{i!r} on {b!r}" for i, b, _ in NODE["relative"]])
def test_relative_as_node(g, input, base, node):
    assert outcome(lambda: g.readProps(g.newPath("URL", [input, base]), PROPS)) == node


def test_can_parse_as_node(g):
    for args, node in NODE["canParse"]:
        args = args if isinstance(args, list) else [args]
        assert g.callPath("URL.canParse", args) is node, args


def _params_case(g, init):
    p = g.newPath("URLSearchParams", [init])
    r = [g.callMethod(p, "toString", []), g.callMethod(p, "get", ["a"]),
         g.callMethod(p, "getAll", ["a"]), g.callMethod(p, "has", ["b"])]
    g.callMethod(p, "append", ["n w", "v&x=é"])
    g.callMethod(p, "set", ["a", "9"])
    g.callMethod(p, "delete", ["b"])
    r += [g.callMethod(p, "toString", []), g.readProps(p, ["size"])]
    g.callMethod(p, "sort", [])
    r.append(g.callMethod(p, "toString", []))
    return r


def test_search_params_as_node(g):
    for init, node in NODE["params"]:
        if isinstance(init, str):
            got = outcome(lambda: _params_case(g, init))
        else:
            got = outcome(lambda: g.callMethod(g.newPath("URLSearchParams", [init]),
                                               "toString", []))
        assert got == node, init


def test_search_params_update_the_url_as_node(g):
    for init, node in NODE["mutate"]:
        def case():
            args = [init] if init != "p?q=1" else [init, "http://a/"]
            u = g.newPath("URL", args)
            sp = g.readProps(u, ["searchParams"])[0]
            g.callMethod(sp, "append", ["k", "a b&c"])
            r = [g.readProps(u, ["href", "search"])]
            g.callMethod(sp, "set", ["x", "ü"])
            g.callMethod(sp, "delete", ["a"])
            r.append(g.readProps(u, ["href", "search", "searchParams.size"]))
            return r
        assert outcome(case) == node, init
