"""Math, Number, Array and Object functions of the global object as an addon calls
them (napi_get_global, napi_get_named_property, napi_call_function: the globals
addon's callPath), compared with Node 20's answers for the same calls
(tests/node_reference/global_calls.json, measured by global_calls.js there)."""

import json
import math
import re
from pathlib import Path

import pytest

import napi_python
from conftest import load_test_addon

NODE = json.loads((Path(__file__).parent / "node_reference" / "global_calls.json").read_text())
SPECIAL = {"NaN": math.nan, "-0": -0.0, "Infinity": math.inf, "-Infinity": -math.inf}
# Results of libm functions, which V8 (fdlibm) and Python (the C library) may round
# differently in the last bit: compared to 1e-15 relative.
INEXACT = {"Math.cbrt", "Math.exp", "Math.log", "Math.log2", "Math.log10", "Math.sin",
           "Math.cos", "Math.tan", "Math.atan", "Math.pow", "Math.hypot", "Math.atan2"}


@pytest.fixture(scope="module")
def g():
    return load_test_addon("globals")


def decode(v):
    """A JSON-encoded JS value as Python gives it to an addon (numbers as floats, as
    every JS number is)."""
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        if "$" in v:
            return None if v["$"] == "undefined" else SPECIAL[v["$"]]
        return {k: decode(x) for k, x in v.items()}
    if v is None:
        return napi_python.null
    if isinstance(v, int) and not isinstance(v, bool):
        return float(v)
    return v


def encode(v):
    if v is None:
        return {"$": "undefined"}
    if v is napi_python.null:
        return None
    if isinstance(v, float):
        if v == 0 and math.copysign(1, v) < 0:
            return {"$": "-0"}
        if not math.isfinite(v):
            return {"$": repr(v).replace("inf", "Infinity").replace("nan", "NaN")}
        return int(v) if v.is_integer() and abs(v) < 2**63 else v
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if isinstance(v, dict):
        return {k: encode(x) for k, x in v.items()}
    return v


def same(path, got, node):
    if isinstance(got, float) and isinstance(node, float) and path in INEXACT:
        return math.isclose(got, node, rel_tol=1e-15)
    return got == node


@pytest.mark.parametrize("path, args, node", NODE["calls"],
                         ids=[f"{p}{json.dumps(a)}" for p, a, _ in NODE["calls"]])
def test_call_as_node(g, path, args, node):
    try:
        got = encode(g.callPath(path, decode(args)))
    except napi_python.JSError as e:
        got = {"threw": e.name}
    assert same(path, got, node), (path, args, got, node)


def test_measured_in_node_20():
    assert NODE["node"].startswith("v20.")


def test_constants(g):
    # Node 20: Math.PI ... Number.MAX_SAFE_INTEGER, read with napi_get_named_property
    assert g.getPath("Math.PI") == math.pi and g.getPath("Math.E") == math.e
    assert g.getPath("Math.SQRT2") == math.sqrt(2) and g.getPath("Math.LN2") == math.log(2)
    assert g.getPath("Number.MAX_SAFE_INTEGER") == 2**53 - 1
    assert g.getPath("Number.EPSILON") == 2**-52
    assert g.typeofPath("Math") == "object" and g.typeofPath("Math.floor") == "function"
    r = g.callPath("Math.random", [])
    assert isinstance(r, float) and 0 <= r < 1


def test_define_property(g):
    # as Node 20 (node -e): a data property with only `value` is read-only, hidden and
    # fixed; an accessor runs its getter with `this` = the object; redefining a
    # non-configurable property throws TypeError "Cannot redefine property: x"
    o = napi_python.Object()
    assert g.callPath("Object.defineProperty", [o, "x", {"value": 1}]) is o
    assert g.callPath("Object.keys", [o]) == [] and g.callPath("Object.getOwnPropertyNames", [o]) == ["x"]
    assert g.callMethod(o, "propertyIsEnumerable", ["x"]) is False
    with pytest.raises(napi_python.JSTypeError, match="Cannot redefine property: x"):
        g.callPath("Object.defineProperty", [o, "x", {"value": 2}])
    g.callPath("Object.defineProperty", [o, "y", {"value": 3, "enumerable": True,
                                                  "writable": True, "configurable": True}])
    assert g.callPath("Object.entries", [o]) == [["y", 3]]
    g.callPath("Object.defineProperty", [o, "z", {"get": napi_python.with_this(lambda this: this.y * 2),
                                                  "enumerable": True}])
    assert g.callPath("Object.values", [o]) == [3, 6]
    with pytest.raises(napi_python.JSTypeError, match="Getter must be a function: 5"):
        g.callPath("Object.defineProperty", [o, "w", {"get": 5}])
    with pytest.raises(napi_python.JSTypeError, match="Cannot both specify accessors"):
        g.callPath("Object.defineProperty", [o, "w", {"get": len, "value": 1}])
    with pytest.raises(napi_python.JSTypeError, match="called on non-object"):
        g.callPath("Object.defineProperty", [1, "w", {}])
    with pytest.raises(napi_python.JSTypeError, match="must be an object: 1"):
        g.callPath("Object.defineProperty", [o, "w", 1])


def test_get_prototype_of(g):
    # Node 20: Object.getPrototypeOf({}) === Object.prototype, of [] Array.prototype,
    # of Object.prototype null; Object.create(Object.prototype) a plain object
    glob = napi_python.global_this
    assert g.callPath("Object.getPrototypeOf", [{}]) is glob.Object.prototype
    assert g.callPath("Object.getPrototypeOf", [[]]) is glob.Array.prototype
    assert g.callPath("Object.getPrototypeOf", [glob.Object.prototype]) is None  # null
    o = g.callPath("Object.create", [glob.Object.prototype, {"a": {"value": 1, "enumerable": True}}])
    assert dict(o) == {"a": 1}


# Object.create's TypeError for what is no prototype (Node 20: Object.create(5)...)
@pytest.mark.parametrize("proto, shown", [
    (5.0, "5"), ("s", "s"), (None, "undefined"), (True, "true"),
    (napi_python.Symbol("q"), "Symbol(q)")])
def test_object_create_needs_an_object_or_null_as_node(g, proto, shown):
    with pytest.raises(napi_python.JSTypeError,
                       match="^" + re.escape(f"Object prototype may only be an Object or null: {shown}") + "$"):
        g.callPath("Object.create", [proto])


def test_object_create_with_a_class_prototype(g):
    # Node 20: o = Object.create(Jsonable.prototype, {z: {value: 3, enumerable: true}}):
    # o instanceof Jsonable, Object.getPrototypeOf(o) === Jsonable.prototype,
    # Object.keys(o) ["z"], and the constructor did not run (no own x). Before, only
    # Object.prototype was accepted.
    addon = load_test_addon("node_outcomes")
    proto = napi_python._core._js_get(addon.Jsonable, "prototype")
    o = g.callPath("Object.create", [proto, {"z": {"value": 3, "enumerable": True}}])
    assert isinstance(o, addon.Jsonable)  # (napi_instanceof's answer for a class)
    assert g.callPath("Object.getPrototypeOf", [o]) is proto
    assert g.callPath("Object.keys", [o]) == ["z"] and "x" not in o
    # null and any other object are prototypes too (tests/test_prototypes.py): a plain
    # object that inherits from them
    glob = napi_python.global_this
    for other in (napi_python.null, {}, glob.Array.prototype):
        o = g.callPath("Object.create", [other])
        assert type(o) is napi_python.Object
        assert napi_python._core._js_prototype_of(o) is other
    # Node 20: Object.create({}, null) throws (the properties' ToObject)
    with pytest.raises(napi_python.JSTypeError,
                       match="^Cannot convert undefined or null to object$"):
        g.callPath("Object.create", [glob.Object.prototype, napi_python.null])


# Object.defineProperty on an existing property keeps the attributes the descriptor
# leaves out and refuses what JS refuses on a non-configurable one. Each case: how the
# object is made, then the descriptors applied in turn; after each, the property's
# descriptor (or the error), as Node 20 gave them (Object.getOwnPropertyDescriptor
# after each Object.defineProperty). Before, a descriptor redefined the property
# whole (an attribute left out became false) and any change to a non-configurable
# property threw.
def _f():
    return 7


def _g():
    return 8


def _s(v):
    pass


_REFUSED = "TypeError: Cannot redefine property: x"
NODE_DEFINE = [
    ("plain", [{"value": 2}], ["value=2 w=1 e=1 c=1"]),
    ("plain", [{"enumerable": False}], ["value=1 w=1 e=0 c=1"]),
    ("plain", [{"writable": False}], ["value=1 w=0 e=1 c=1"]),
    ("plain", [{"value": None}], ["value=undefined w=1 e=1 c=1"]),
    ("plain", [{"get": _f}], ["get=_f set=u e=1 c=1"]),
    ({"value": 1}, [{"value": 1}, {}, {"enumerable": False}], ["value=1 w=0 e=0 c=0"] * 3),
    ({"value": 1}, [{"value": 2}], [_REFUSED]),
    ({"value": 1}, [{"enumerable": True}], [_REFUSED]),
    ({"value": 1}, [{"configurable": True}], [_REFUSED]),
    ({"value": 1, "writable": True}, [{"value": 5}, {"writable": False}, {"writable": True}],
     ["value=5 w=1 e=0 c=0", "value=5 w=0 e=0 c=0", _REFUSED]),
    ({"value": math.nan}, [{"value": math.nan}], ["value=NaN w=0 e=0 c=0"]),
    ({"value": 0}, [{"value": -0.0}], [_REFUSED]),
    ({"get": _f, "configurable": True, "enumerable": True}, [{"value": 3}],
     ["value=3 w=0 e=1 c=1"]),
    ({"get": _f, "configurable": True}, [{"set": _s}], ["get=_f set=_s e=0 c=1"]),
    ({"get": _f}, [{"get": _f}, {"get": _g}, {"value": 1}],
     ["get=_f set=u e=0 c=0", _REFUSED, _REFUSED]),
    ("sealed", [{"value": 2}, {"enumerable": False}], ["value=2 w=1 e=1 c=0", _REFUSED]),
    ("frozen", [{"value": 1}, {"value": 2}], ["value=1 w=0 e=1 c=0", _REFUSED]),
    ("new", [{"value": 1, "enumerable": True}], ["value=1 w=0 e=1 c=0"]),
]


def _descriptor_line(o):
    d = napi_python._core._js_own_descriptor(o, "x")
    if d is None:
        return "absent"
    value, getter, setter, attributes = d
    if attributes & (1 << 17):  # an accessor
        line = f"get={getter.__name__ if getter else 'u'} set={setter.__name__ if setter else 'u'}"
    else:
        shown = ("undefined" if value is None else "NaN" if value != value
                 else "-0" if value == 0 and math.copysign(1, value) < 0 else f"{value:g}")
        line = f"value={shown} w={attributes & 1}"
    return f"{line} e={attributes >> 1 & 1} c={attributes >> 2 & 1}"


@pytest.mark.parametrize("made, changes, node", NODE_DEFINE,
                         ids=[f"{m if isinstance(m, str) else sorted(m)}-{i}"
                              for i, (m, _, _) in enumerate(NODE_DEFINE)])
def test_define_property_on_an_existing_property_as_node(g, made, changes, node):
    if made == "new":
        o = napi_python.Object()
    elif isinstance(made, str):
        o = napi_python.Object(x=1)
        if made != "plain":
            g.callPath("Object.seal" if made == "sealed" else "Object.freeze", [o])
    else:
        o = g.callPath("Object.defineProperty", [napi_python.Object(), "x", made])
    got = []
    for change in changes:
        try:
            assert g.callPath("Object.defineProperty", [o, "x", change]) is o
            got.append(_descriptor_line(o))
        except napi_python.JSError as e:
            got.append(f"{e.name}: {e.message}")
    assert got == node


def test_define_property_keeps_what_addons_see(g):
    # the merged attributes, seen through the napi functions: Object.keys (enumerable),
    # a write (writable), a delete (configurable)
    o = napi_python.Object(x=1)
    g.callPath("Object.defineProperty", [o, "x", {"enumerable": False}])
    assert g.callPath("Object.keys", [o]) == [] and o.x == 1
    o.x = 2  # still writable
    del o.x  # still configurable
    assert "x" not in o


def test_array_from_map_function_and_collections(g):
    # Node 20: Array.from([1, 2], x => x * 10) is [10, 20]; of a Map its entries, of
    # a Set its values
    assert g.callPath("Array.from", [[1, 2], lambda x, i: x * 10 + i]) == [10, 21]
    m = g.newPath("Map", [[[1, "a"]]])
    assert g.callPath("Array.from", [m]) == [[1, "a"]]
    assert g.callPath("Array.from", [g.newPath("Set", [[3, 3, 4]])]) == [3, 4]
    assert g.callPath("Array.from", [napi_python.Uint8Array([5, 6])]) == [5, 6]
    with pytest.raises(napi_python.JSTypeError):
        g.callPath("Array.from", [[1], 5])
