"""DataView.prototype's get/set methods and ArrayBuffer.prototype's slice, resize,
resizable and maxByteLength as an addon reaches them on those values (the globals
addon's callMethod: napi_get_named_property on the value, then napi_call_function
with it as `this`), compared with Node 20's answers for the same calls
(tests/node_reference/dataview_methods.json, measured by dataview_methods.js there):
byte order, ToIndex / ToNumber / ToBigInt conversions, wrap-around, the RangeError of
an offset out of bounds. Their prototypes are their own: a typed array's methods
(join, map...) are not theirs, as in Node."""

import json
import math
from pathlib import Path

import pytest

import napi_python
from napi_python import ArrayBuffer, BigInt, DataView
from conftest import load_test_addon

NODE = json.loads((Path(__file__).parent / "node_reference" / "dataview_methods.json").read_text())
SPECIAL = {"NaN": math.nan, "-0": -0.0, "Infinity": math.inf, "-Infinity": -math.inf}


@pytest.fixture(scope="module")
def g():
    return load_test_addon("globals")


def decode(v):
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        if "big" in v:
            return BigInt(int(v["big"]))
        return None if v["$"] == "undefined" else SPECIAL[v["$"]]
    if v is None:
        return napi_python.null
    if isinstance(v, int) and not isinstance(v, bool):
        return float(v)
    return v


def encode(v):
    if v is None:
        return {"$": "undefined"}
    if isinstance(v, BigInt):
        return {"big": str(int(v))}
    if isinstance(v, float):
        if v == 0 and math.copysign(1, v) < 0:
            return {"$": "-0"}
        if not math.isfinite(v):
            return {"$": repr(v).replace("inf", "Infinity").replace("nan", "NaN")}
        return int(v) if v.is_integer() else v
    if isinstance(v, ArrayBuffer):
        return {"ab": list(bytes(v))}
    if isinstance(v, (bool, int, str)) or v is napi_python.null:
        return None if v is napi_python.null else v
    return {"other": "object"}


def make(receiver):
    if "dv" in receiver:
        data, offset, length = receiver["dv"]
        ab = ArrayBuffer(bytes(data))
        return DataView(ab, offset, length), ab
    ab = ArrayBuffer(bytes(receiver["ab"]))
    return ab, ab


@pytest.mark.parametrize("receiver, method, args, node", NODE["calls"],
                         ids=[f"{next(iter(r))}.{m}{json.dumps(a)}" for r, m, a, _ in NODE["calls"]])
def test_method_as_node(g, receiver, method, args, node):
    value, ab = make(receiver)
    try:
        got = [encode(g.callMethod(value, method, decode(args))), list(bytes(ab))]
    except napi_python.JSError as e:
        got = {"threw": e.name, "message": e.message}
    assert got == node, (receiver, method, args, got, node)


def test_measured_in_node_20():
    assert NODE["node"].startswith("v20.")


def test_array_buffer_getters_as_node(g):
    ab = ArrayBuffer(3)
    assert [g.callMethod(ab, "valueOf", []) is ab, napi_python._core._js_get(ab, "resizable"),
            napi_python._core._js_get(ab, "maxByteLength")] == [True] + NODE["values"]


def test_own_prototypes_not_the_typed_arrays(g):
    # Node 20: new DataView(ab).join, .map, ab.join, ab.subarray are undefined; the
    # typed arrays keep theirs, and a DataView has no ArrayBuffer's slice
    get = napi_python._core._js_get
    ab = ArrayBuffer(4)
    dv = DataView(ab)
    for name in ("join", "map", "subarray", "at", "fill"):
        assert get(ab, name) is None and get(dv, name) is None
        assert callable(get(napi_python.Uint8Array(2), name))
    assert get(dv, "slice") is None and get(napi_python.Uint8Array(2), "getUint8") is None
    assert g.callMethod(dv, "toString", []) == "[object DataView]"
    assert g.callMethod(ab, "hasOwnProperty", ["slice"]) is False
