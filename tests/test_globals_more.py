"""More of what addons reach through the global object and property calls:
napi_has_own_property on a Python object agreeing with the keys it lists,
structuredClone. The expectations are Node 20's answers for the same addon calls
(tests/addons/globals, measured with node; noted at each test)."""

import asyncio
import datetime
import json
import math
from pathlib import Path

import pytest

import napi_python
from napi_python import (ArrayBuffer, BigInt, Buffer, DataView, Float64Array, Int16Array,
                         JSError, JSRangeError, JSTypeError, Symbol, TypedArray, Uint8Array,
                         Uint16Array)
from napi_python import _globals as G
from async_helpers import run  # noqa: F401  (fixture)
from conftest import load_test_addon


@pytest.fixture(scope="module")
def g():
    return load_test_addon("globals")


class Point:
    kind = "point"  # a class attribute: inherited, as a prototype's data property

    def __init__(self):
        self.x = 1

    def norm(self):
        return 0

    @property
    def g(self):
        return 1


class Slotted:
    __slots__ = ("a",)

    def __init__(self):
        self.a = 1


def test_has_own_property_is_the_instance_dict(g):
    """Node, for `class K { constructor() { this.x = 1 } norm() {} get g() {} }`:
    ownReport(new K(), ["x", "norm", "g", "constructor"]) is
    [[true, false, false, false], ["x"]]: an own property is one
    napi_get_property_names lists, a method or getter of the class is inherited."""
    assert g.ownReport(Point(), ["x", "norm", "g", "constructor", "kind"]) == [
        [True, False, False, False, False], ["x"]]
    has, names = g.ownReport(Slotted(), ["a"])
    assert has == [name in names for name in ["a"]]  # (no instance dict: none own)
    obj = Point()
    obj.y = 2
    assert g.ownReport(obj, ["x", "y", "norm"]) == [[True, True, False], ["x", "y"]]


# ---- structuredClone ---------------------------------------------------------------
CLONE_NODE = json.loads((Path(__file__).parent / "node_reference" /
                         "structured_clone.json").read_text())


def describe(v):
    """A clone as structured_clone.js's describe() writes the JS value."""
    if v is None:
        return "undefined"
    if v is napi_python.null:
        return None
    if isinstance(v, (bool, str)):
        return v
    if isinstance(v, BigInt):
        return {"bigint": str(int(v))}
    if isinstance(v, (int, float)):
        return "NaN" if v != v else "-0" if v == 0 and math.copysign(1, v) < 0 else v
    if isinstance(v, G.Map):
        return {"Map": [[describe(k), describe(x)] for k, x in v]}
    if isinstance(v, G.Set):
        return {"Set": [describe(x) for x in v.values()]}
    if isinstance(v, datetime.datetime):
        return {"Date": round(v.timestamp() * 1000)}
    if isinstance(v, G.RegExp):
        return {"RegExp": [v.source, v.flags]}
    if isinstance(v, JSError):
        return {"Error": [v.name, v.message, getattr(v, "code", None)]}
    if isinstance(v, ArrayBuffer):
        return {"ArrayBuffer": list(bytes(memoryview(v)))}
    if isinstance(v, DataView):
        return {"DataView": [v.byteOffset, v.byteLength, len(memoryview(v.buffer))]}
    if isinstance(v, TypedArray):
        return {type(v).__name__: [[float(x) for x in v], v.byteOffset,
                                   len(memoryview(v.buffer))]}
    if isinstance(v, G.PrimitiveWrapper):
        return {"boxed": describe(v.valueOf())}
    if isinstance(v, list):
        return [describe(x) for x in v]
    if isinstance(v, dict):
        return {"object": {k: describe(x) for k, x in dict.items(v)}}
    raise AssertionError(f"no description for {v!r}")


def _obj(**kw):
    o = napi_python.Object()
    for k, v in kw.items():
        o[k] = v
    return o


def _clone_cases(g):
    clone = lambda v: g.callPath("structuredClone", [v])  # noqa: E731

    def cycle():
        o = _obj(name="o")
        o["self"] = o
        o["list"] = [o]
        c = clone(o)
        return [c["self"] is c, c["list"][0] is c, c is not o]

    def shared_buffer():
        ab = ArrayBuffer(4)
        c = clone([Uint8Array(ab, 0, 4), Uint16Array(ab, 2, 1)])
        return [c[0].buffer is c[1].buffer, describe(c[1])]

    def shared_reference():
        inner = _obj(v=1)
        c = clone([inner, inner])
        return c[0] is c[1]

    async def pending():
        return 1

    def promise():
        coroutine = pending()
        try:
            return clone(coroutine)
        finally:
            coroutine.close()

    obj = napi_python.Object()
    for k, v in (("a", 1), ("b", [1, "x", _obj(c=napi_python.null)]), ("2", "two"),
                 ("1", "one")):
        obj[k] = v
    coded = JSError("c")
    coded.code = "E_X"
    ab = ArrayBuffer(3)
    memoryview(ab)[:] = b"\x01\x02\x03"
    ab2 = ArrayBuffer(2)
    memoryview(ab2)[:] = b"ab"
    return {
        "primitives": lambda: [clone(1.5), clone("s"), clone(True),
                               clone(None), clone(BigInt(12345678901234567890)),
                               clone(math.nan), clone(-0.0)],
        "object": lambda: clone(obj),
        "nested_array": lambda: clone([[1, 2], [], [[3]]]),
        "map": lambda: clone(G.Map([[1, "a"], ["k", _obj(v=2)], [math.nan, [3]]])),
        "set": lambda: clone(G.Set([1, "1", 2, _obj(x=1)])),
        "date": lambda: clone(datetime.datetime.fromtimestamp(1700000000.123,
                                                              datetime.timezone.utc)),
        "regexp": lambda: clone(G.RegExp("a+b", "gi")),
        "errors": lambda: [clone(JSError("m")), clone(JSTypeError("t")),
                           clone(JSRangeError("r")), clone(coded)],
        "typed": lambda: [clone(Float64Array([1.5, -2])), clone(Int16Array([-1, 2, 3])),
                          clone(1)],
        "buffer_is_uint8array": lambda: clone(Buffer(ab2)),
        "array_buffer": lambda: clone(ab),
        "view_offset": lambda: clone(Uint8Array(ArrayBuffer(8), 2, 3)),
        "data_view": lambda: clone(DataView(ArrayBuffer(6), 1, 4)),
        "shared_buffer": shared_buffer,
        "cycle": cycle,
        "shared_reference": shared_reference,
        "boxed": lambda: [clone(G.PrimitiveWrapper(5.0)), clone(G.PrimitiveWrapper("str")),
                          clone(G.PrimitiveWrapper(False))],
        "symbol": lambda: clone(Symbol("x")),
        "function": lambda: clone(lambda: 1),
        "function_in_object": lambda: clone(_obj(f=lambda: None)),
        "promise": promise,
        "weak_map": lambda: clone(G.WeakMap()),
        "no_argument": lambda: g.callPath("structuredClone", []),
    }


def test_structured_clone_as_node(g):
    cases = _clone_cases(g)
    assert set(cases) == set(CLONE_NODE["cases"])
    for name, f in cases.items():
        try:
            got = describe(f())
        except JSError as e:
            got = {"threw": e.name, "code": getattr(e, "code", None)}
        assert got == CLONE_NODE["cases"][name], name
    assert CLONE_NODE["node"].startswith("v20.")


# ---- String objects of any length ---------------------------------------------------
STRING_NODE = json.loads((Path(__file__).parent / "node_reference" /
                          "string_objects.json").read_text())


def _text(n):
    return "".join("abcdefghij"[i % 10] for i in range(n))


def _js(v):
    """A result as JSON has it (a null or undefined element is None there)."""
    if v is napi_python.null:
        return None
    if isinstance(v, list):
        return [_js(x) for x in v]
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def test_string_object_indexes_of_any_length_as_node(g):
    """A String object's index properties exist for every character (they were
    made for the first 1,024 only), made when touched: read, own, listed, not
    writable, not deletable, as Node answers (string_objects.json)."""
    for n, key, node in STRING_NODE["get"]:
        arg = float(key) if isinstance(key, int) else key
        assert _js(g.coerceGet(_text(n), arg)) == node, (n, key)
    for n, count, first, last in STRING_NODE["keys"]:
        keys = g.coerceKeys(_text(n))
        assert [len(keys), keys[:3], keys[-3:]] == [count, first, last], n
    for n, key, node in STRING_NODE["write"]:
        assert _js(g.coerceWrite(_text(n), key, "Z")) == node, (n, key)
    assert STRING_NODE["node"].startswith("v20.")


def test_string_object_index_descriptor(g):
    """Object.getOwnPropertyDescriptor of an index past 1,024 (Node: {value: "a",
    writable: false, enumerable: true, configurable: false})."""
    boxed = G.PrimitiveWrapper(_text(3000))
    d = g.callPath("Object.getOwnPropertyDescriptor", [boxed, "2000"])
    assert dict(d) == {"value": "a", "writable": False, "enumerable": True,
                       "configurable": False}
    assert g.callPath("Object.getOwnPropertyDescriptor", [boxed, "3000"]) is None


def test_object_get_own_property_descriptors(g):
    """Object.getOwnPropertyDescriptors (was missing: undefined for an addon): each own
    property's descriptor, non-enumerable ones and symbol keys too, in JS's key order;
    Node 20's answers for the same object and for [7]."""
    props = load_test_addon("props")
    obj = napi_python.Object()
    sym = napi_python.Symbol("s")
    assert props.defineValue(obj, "a", 1, 7)[0] == 0   # writable, enumerable, configurable
    assert props.defineValue(obj, "h", 3, 0)[0] == 0   # napi_default
    assert props.defineValue(obj, sym, 2, 7)[0] == 0
    d = g.callPath("Object.getOwnPropertyDescriptors", [obj])
    assert list(napi_python.Object.keys(d)) == ["a", "h"]
    assert dict(d["a"]) == {"value": 1, "writable": True, "enumerable": True,
                            "configurable": True}
    assert dict(d["h"]) == {"value": 3, "writable": False, "enumerable": False,
                            "configurable": False}
    assert g.callPath("Object.getOwnPropertySymbols", [d]) == [sym]
    assert dict(d[sym])["value"] == 2
    arr = g.callPath("Object.getOwnPropertyDescriptors", [[7]])
    assert {k: dict(v) for k, v in dict(arr).items()} == {
        "0": {"value": 7, "writable": True, "enumerable": True, "configurable": True},
        "length": {"value": 1, "writable": True, "enumerable": False, "configurable": False}}
    with pytest.raises(napi_python.JSTypeError, match="Cannot convert undefined or null to object"):
        g.callPath("Object.getOwnPropertyDescriptors", [None])


def test_own_descriptors_of_an_array_a_tuple_and_a_string(g):
    """An array's length is writable, not enumerable nor configurable (it was
    configurable here); a tuple (a frozen array) and a string have read-only,
    non-configurable indexes and length. Node 20's answers for [7], Object.freeze([7])
    and "a"."""
    ro = {"writable": False, "configurable": False}
    for value, index, length in (
            ([7], {"value": 7, "writable": True, "enumerable": True, "configurable": True},
             {"value": 1, "writable": True, "enumerable": False, "configurable": False}),
            ((7,), {"value": 7, "enumerable": True, **ro},
             {"value": 1, "enumerable": False, **ro}),
            ("a", {"value": "a", "enumerable": True, **ro},
             {"value": 1, "enumerable": False, **ro})):
        assert dict(g.callPath("Object.getOwnPropertyDescriptor", [value, "0"])) == index
        assert dict(g.callPath("Object.getOwnPropertyDescriptor", [value, "length"])) == length


def test_reflect_writes_extensibility_and_construct(g):
    """Reflect.set, deleteProperty, isExtensible, preventExtensions and construct
    (were missing: undefined for an addon; napi-rs's and embind-style glue reach for
    them). Node 20's answers: Reflect.set / deleteProperty on Object.freeze({a: 1})
    are false; preventExtensions is true and isExtensible false after it;
    Reflect.construct(Map, [[[1, 2]]]).get(1) is 2; `new` on a plain addon function
    gives the object it made its `this`; a non-constructor throws TypeError "... is
    not a constructor". The table of JSON cases is in test_global_calls."""
    frozen = napi_python.Object(a=1)
    g.callPath("Object.freeze", [frozen])
    assert g.callPath("Reflect.set", [frozen, "a", 2]) is False
    assert g.callPath("Reflect.deleteProperty", [frozen, "a"]) is False
    assert frozen["a"] == 1
    o = napi_python.Object(a=1)
    assert g.callPath("Reflect.set", [o, "b", 2]) is True
    assert g.callPath("Reflect.deleteProperty", [o, "a"]) is True
    assert dict(o) == {"b": 2}
    assert g.callPath("Reflect.isExtensible", [o]) is True
    assert g.callPath("Reflect.preventExtensions", [o]) is True
    assert g.callPath("Reflect.isExtensible", [o]) is False
    assert g.callPath("Reflect.set", [o, "c", 3]) is False
    assert g.callPath("Reflect.preventExtensions", [o]) is True
    # a dict or list napi-python cannot make non-extensible: a refusal, not a throw
    assert g.callPath("Reflect.preventExtensions", [{}]) is False
    sym = Symbol("s")
    assert g.callPath("Reflect.set", [o, sym, 1]) is False  # (still non-extensible)
    m = g.callPath("Reflect.construct", [napi_python.global_this["Map"], [[[1, 2]]]])
    assert m.get(1) == 2
    fns = load_test_addon("functions")
    made = g.callPath("Reflect.construct", [fns.probe, ["arg"]])
    assert isinstance(made, napi_python.Object)
    assert (made.viaNew, made.targetIsProbe, made.arg0) == (True, True, "arg")
    p = g.callPath("Reflect.construct", [fns.Point, napi_python.Object(length=2, **{"0": 3, "1": 4})])
    assert isinstance(p, fns.Point) and (p.x, p.y) == (3, 4)
    with pytest.raises(JSTypeError, match="is not a constructor"):
        g.callPath("Reflect.construct", [5, []])
    with pytest.raises(JSTypeError, match="CreateListFromArrayLike called on non-object"):
        g.callPath("Reflect.construct", [fns.Point, 5])
    with pytest.raises(JSTypeError, match="newTarget other than the target"):
        g.callPath("Reflect.construct", [fns.Point, [], fns.probe])
    with pytest.raises(JSTypeError, match="Reflect.set called on non-object"):
        g.callPath("Reflect.set", [5, "a", 1])


def test_global_values_and_more_statics(g):
    """NaN and Infinity on the global object, and the statics whose calls
    test_global_calls compares with Node 20 (isNaN, the URI functions, Object.is,
    hasOwn, fromEntries, defineProperties, Array.of, String.fromCharCode,
    fromCodePoint, Math.imul, clz32, acosh, asinh, atanh, Date.UTC): each was
    undefined for an addon. Node 20: typeof NaN is "number"; Object.fromEntries(new
    Map([["a", 1]])) is {a: 1}; Object.defineProperties gives a non-enumerable
    property for a descriptor without `enumerable`; a URIError's name is URIError."""
    assert math.isnan(g.getPath("NaN")) and g.getPath("Infinity") == math.inf
    assert g.typeofPath("NaN") == "number" and g.typeofPath("encodeURIComponent") == "function"
    m = napi_python.global_this["Map"]([["a", 1]])
    assert dict(g.callPath("Object.fromEntries", [m])) == {"a": 1}
    o = napi_python.Object()
    assert g.callPath("Object.defineProperties", [o, {"h": {"value": 2}, "e": {
        "value": 3, "enumerable": True}}]) is o
    assert list(napi_python.Object.keys(o)) == ["e"] and o["h"] == 2
    assert dict(g.callPath("Object.getOwnPropertyDescriptor", [o, "h"])) == {
        "value": 2, "writable": False, "enumerable": False, "configurable": False}
    with pytest.raises(JSError) as info:
        g.callPath("decodeURIComponent", ["%E2%82"])
    assert (info.value.name, info.value.message) == ("URIError", "URI malformed")
    f = napi_python.Object()
    assert g.callPath("Object.is", [f, f]) is True
    assert g.callPath("Object.is", [f, napi_python.Object()]) is False


def test_reflect_construct_refuses_functions_that_are_no_constructors(g):
    """Node 20: Reflect.construct(Math.max, []), (Symbol, []), (BigInt, [1]) and
    (isNaN, []) throw TypeError "... is not a constructor" (they made a value here);
    Object, Array, Date and the classes construct."""
    G = napi_python.global_this
    for target, args in ((G["Math"]["max"], []), (G["Symbol"], []), (G["BigInt"], [1]),
                         (G["isNaN"], [])):
        with pytest.raises(JSTypeError, match="is not a constructor"):
            g.callPath("Reflect.construct", [target, args])
    assert g.callPath("Reflect.construct", [G["Array"], [1, 2]]) == [1, 2]
    assert isinstance(g.callPath("Reflect.construct", [G["Map"], []]), G["Map"])
    with pytest.raises(JSTypeError, match="is not a constructor"):
        g.callPath("Reflect.construct", [G["Map"], [], G["isNaN"]])


def test_define_properties_checks_every_descriptor_first_and_takes_symbol_keys(g):
    """Node 20: Object.defineProperties(t, {a: {value: 1}, b: {get: 5}}) throws
    TypeError and leaves t without `a` (here `a` was defined first); an enumerable
    symbol key of the properties object is defined too (it was skipped)."""
    t = napi_python.Object()
    with pytest.raises(JSTypeError, match="Getter must be a function"):
        g.callPath("Object.defineProperties", [t, {"a": {"value": 1}, "b": {"get": 5}}])
    assert g.callPath("Object.getOwnPropertyNames", [t]) == []
    sym = Symbol("s")
    props = napi_python.Object()
    props[sym] = {"value": 3, "enumerable": True}
    props["a"] = {"value": 1}
    o = napi_python.Object()
    g.callPath("Object.defineProperties", [o, props])
    assert o[sym] == 3 and o["a"] == 1
    with pytest.raises(JSRangeError, match="Invalid code point NaN"):
        g.callPath("String.fromCodePoint", ["abc"])


def test_promise_all_all_settled_any_and_race(g, run):
    """Promise.all, allSettled, any and race (were undefined for an addon), called by
    the addon on values, promises and Python awaitables. Node 20's answers for the
    same inputs (setTimeout for the delays): [1, 2, 3]; Error "x"; the settled
    records; 3 (any: the first fulfilled, a plain value before a later one);
    AggregateError "All promises were rejected" with errors [1, 2]; 2 (race: the
    earlier); ["a", "b"] (a string's characters); a rejection TypeError "number 5 is
    not iterable (cannot read property Symbol(Symbol.iterator))"."""
    P = napi_python.global_this["Promise"]

    async def slow(v, delay=0.01):
        await asyncio.sleep(delay)
        return v

    async def outcome(p):
        assert isinstance(p, napi_python.Promise)
        try:
            return ["ok", await p]
        except JSError as e:
            return ["err", e.name, e.message, list(getattr(e, "errors", None) or [])]

    async def body():
        return [
            await outcome(g.callPath("Promise.all", [[1, P.resolve(2), slow(3)]])),
            await outcome(g.callPath("Promise.all", [[1, P.reject(JSError("x")), slow(3)]])),
            await outcome(g.callPath("Promise.allSettled", [[1, P.reject(2), slow(3)]])),
            await outcome(g.callPath("Promise.any", [[P.reject(1), slow(2), 3]])),
            await outcome(g.callPath("Promise.any", [[P.reject(1), P.reject(2)]])),
            await outcome(g.callPath("Promise.race", [[slow(1, 0.05), slow(2, 0.01)]])),
            await outcome(g.callPath("Promise.all", ["ab"])),
            await outcome(g.callPath("Promise.all", [5])),
            await outcome(g.callPath("Promise.all", [[]])),
            await outcome(g.callPath("Promise.any", [[]])),
        ]

    got = run(body())
    got[2][1] = [dict(r) for r in got[2][1]]
    assert got == [
        ["ok", [1, 2, 3]],
        ["err", "Error", "x", []],
        ["ok", [{"status": "fulfilled", "value": 1}, {"status": "rejected", "reason": 2},
                {"status": "fulfilled", "value": 3}]],
        ["ok", 3],
        ["err", "AggregateError", "All promises were rejected", [1, 2]],
        ["ok", 2],
        ["ok", ["a", "b"]],
        ["err", "TypeError",
         "number 5 is not iterable (cannot read property Symbol(Symbol.iterator))", []],
        ["ok", []],
        ["err", "AggregateError", "All promises were rejected", []],
    ]


def test_uri_reference_eval_and_aggregate_error_classes(g, run):
    """URIError, ReferenceError, EvalError and AggregateError on the global object
    (were undefined). Node 20: new URIError("m") has name URIError, is an Error,
    String() "URIError: m", its prototype's prototype Error.prototype; new
    AggregateError([1, 2], "all") has errors [1, 2]; new AggregateError() throws
    TypeError "undefined is not iterable..."; decodeURIComponent("%") throws a
    URIError; Promise.any([]) rejects with an AggregateError."""
    G = napi_python.global_this
    for name in ("URIError", "ReferenceError", "EvalError"):
        e = g.newPath(name, ["m"])
        assert isinstance(e, JSError) and isinstance(e, G[name])
        assert (e.name, e.message, g.callPath("String", [e])) == (name, "m", f"{name}: m")
        proto = g.callPath("Object.getPrototypeOf", [e])
        assert g.callPath("Object.getPrototypeOf", [proto]) is G["Error"].__js_prototype__
    a = g.newPath("AggregateError", [[1, 2], "all"])
    assert (a.errors, a.message, g.callPath("String", [a])) == ([1, 2], "all", "AggregateError: all")
    with pytest.raises(JSTypeError, match="undefined is not iterable"):
        g.newPath("AggregateError", [])
    with pytest.raises(G["URIError"], match="URI malformed"):
        g.callPath("decodeURIComponent", ["%"])

    async def body():
        with pytest.raises(G["AggregateError"]):
            await g.callPath("Promise.any", [[]])
        return True
    assert run(body())


def test_buffer_compare_of_and_pool_size(g):
    """Buffer.compare, Buffer.of and Buffer.poolSize (were undefined). Node 20:
    compare gives -1, 1, 0, -1 for [1,2]/[1,3], [1,2,3]/[1,2], Uint8Array [5]/[5]
    and []/[0]; a string throws TypeError ERR_INVALID_ARG_TYPE 'The "buf1" argument
    must be an instance of Buffer or Uint8Array. Received type string ('a')';
    Buffer.of(1, 256, -1, "7", 1.9) is <Buffer 01 00 ff 07 01>; poolSize 8192."""
    pairs = [(Buffer(b"\x01\x02"), Buffer(b"\x01\x03")), (Buffer(b"\x01\x02\x03"), Buffer(b"\x01\x02")),
             (Uint8Array(b"\x05"), Buffer(b"\x05")), (Buffer(b""), Buffer(b"\x00"))]
    assert [g.callPath("Buffer.compare", list(p)) for p in pairs] == [-1, 1, 0, -1]
    with pytest.raises(JSTypeError) as info:
        g.callPath("Buffer.compare", ["a", Buffer(b"\x01")])
    assert info.value.code == "ERR_INVALID_ARG_TYPE"
    assert str(info.value) == ('The "buf1" argument must be an instance of Buffer or Uint8Array.'
                               " Received type string ('a')")
    made = g.callPath("Buffer.of", [1, 256, -1, "7", 1.9])
    assert isinstance(made, Buffer) and bytes(made) == b"\x01\x00\xff\x07\x01"
    assert g.getPath("Buffer.poolSize") == 8192


def test_apply_takes_an_array_like_argument_list(g):
    """Reflect.apply and Function.prototype.apply read an array-like object's length
    and indexes (they made the argument list of its keys). Node 20:
    Reflect.apply(f, null, {length: 2, 0: "a", 1: "b"}) and f.apply(null, ...) call
    f("a", "b"); f.apply(null, {x: 1}) calls f()."""
    def f(*args):
        return "-".join(args)
    like = napi_python.Object(length=2, **{"0": "a", "1": "b"})
    assert g.callPath("Reflect.apply", [f, napi_python.null, like]) == "a-b"
    assert g.callMethod(f, "apply", [napi_python.null, like]) == "a-b"
    assert g.callMethod(f, "apply", [napi_python.null, {"x": 1}]) == ""
    assert g.callMethod(f, "apply", [napi_python.null, ["c", "d"]]) == "c-d"
