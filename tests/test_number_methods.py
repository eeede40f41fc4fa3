"""Number.prototype.toFixed, toExponential, toPrecision and toString(radix) as an
addon reaches them: on a number (napi_get_named_property on the number), on its
Number object (napi_coerce_to_object) and as Number.prototype.x.call(n, ...), each
answer compared with Node 20's for the same call (tests/node_reference/
number_methods.json, measured by number_methods.js there with the same addon)."""

import json
import math
from pathlib import Path

import pytest

import napi_python
from conftest import load_test_addon

NODE = json.loads((Path(__file__).parent / "node_reference" / "number_methods.json").read_text())
SPECIAL = {"NaN": math.nan, "-0": -0.0, "Infinity": math.inf, "-Infinity": -math.inf,
           "undefined": None}


@pytest.fixture(scope="module")
def g():
    return load_test_addon("globals")


def decode(v):
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        return SPECIAL[v["$"]] if "$" in v else {k: decode(x) for k, x in v.items()}
    if v is None:
        return napi_python.null
    if isinstance(v, int) and not isinstance(v, bool):
        return float(v)
    return v


def run(g, route, x, method, args):
    x, args = decode(x), decode(args)
    try:
        if route == "number":
            return g.callMethod(x, method, args)
        if route == "object":
            return g.coerceMethod(x, method, args)
        return g.callWith(f"Number.prototype.{method}", x, args)
    except napi_python.JSError as e:
        return {"threw": e.name, "message": e.message}


def test_as_node():
    """Every case as Node answered it (one test: 2,200 cases; the mismatches listed)."""
    addon = load_test_addon("globals")
    wrong = [(case[:4], got, case[4]) for case in NODE["cases"]
             if (got := run(addon, *case[:4])) != case[4]]
    assert not wrong, f"{len(wrong)} of {len(NODE['cases'])} differ: {wrong[:20]}"
    assert len(NODE["cases"]) > 2000


def test_methods_are_number_prototype_members(g):
    """(5).toFixed is Number.prototype.toFixed, as in JS; a Number object finds them."""
    proto = g.getPath("Number.prototype")
    for name in ("toFixed", "toExponential", "toPrecision", "toString", "valueOf"):
        assert callable(proto[name])
    assert g.callMethod(5.0, "toFixed", [2.0]) == "5.00"
    assert g.coerceMethod(5.0, "valueOf", []) == 5.0


def test_measured_in_node_20():
    assert NODE["node"].startswith("v20.")
