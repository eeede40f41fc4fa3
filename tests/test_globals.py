"""The global object as Node 20 has it, for what addons look up (issue 12, item 7),
and napi_run_script's small expression language. The globals addon runs the same
checks in node: NODE_* below is what Node 20 gave for them (measured by
tests/node_reference/measure.sh)."""

import asyncio
import datetime
import gc
import json
import math
import os
import sys
from pathlib import Path

import pytest

import napi_python
from conftest import load_test_addon
from napi_python import JSError, JSSyntaxError, JSTypeError, Symbol
from napi_python._globals import NodeWarning


@pytest.fixture(scope="module")
def g():
    return load_test_addon("globals")


NODE_TYPEOF = {
    "Symbol.iterator": "symbol", "Symbol.asyncIterator": "symbol",
    "Symbol.toStringTag": "symbol", "Symbol.hasInstance": "symbol",
    "Symbol.toPrimitive": "symbol", "Symbol.species": "symbol",
    "Symbol.dispose": "symbol", "Symbol.asyncDispose": "symbol",
    "Map": "function", "Set": "function", "WeakMap": "function", "WeakSet": "function",
    "WeakRef": "function", "DOMException": "function", "process": "object",
    "process._rawDebug": "function", "process.emitWarning": "function",
    "process.env": "object", "process.versions": "object",
    "process.versions.node": "string", "process.platform": "string",
    "process.arch": "string", "process.pid": "number", "process.nextTick": "function",
    "queueMicrotask": "function", "setImmediate": "function", "setTimeout": "function",
    "setInterval": "function", "clearTimeout": "function", "clearImmediate": "function",
    "clearInterval": "function", "TextEncoder": "function", "TextDecoder": "function",
    "globalThis": "object", "global": "object", "Buffer": "function",
    "Promise": "function", "Date": "function", "JSON": "object", "Object": "function",
    "Array": "function", "Number": "function", "String": "function",
    "Boolean": "function", "BigInt": "function", "Error": "function",
    "TypeError": "function", "RangeError": "function", "SyntaxError": "function",
    "Uint8Array": "function", "ArrayBuffer": "function", "DataView": "function",
    "Float64Array": "function", "Symbol": "function", "NoSuchGlobal": "undefined",
    "Function": "function", "Object.prototype": "object",
    "Object.prototype.toString": "function", "Array.prototype": "object",
    "Array.prototype.slice": "function", "Date.prototype": "object",
    "String.prototype": "object", "Promise.prototype": "object", "console": "object",
    "console.log": "function", "console.error": "function", "atob": "function",
    "btoa": "function",
}


@pytest.mark.parametrize("path", sorted(NODE_TYPEOF))
def test_typeof_globals_as_node(g, path):
    assert g.typeofPath(path) == NODE_TYPEOF[path]


def test_well_known_symbols_are_symbols_with_nodes_descriptions(g):
    it = g.getPath("Symbol.iterator")
    assert isinstance(it, Symbol)
    assert it.description == "Symbol.iterator"
    assert g.getPath("Symbol.iterator") is it  # one object for the process
    assert g.getPath("Symbol.asyncIterator") is not it
    assert g.callPath("Symbol.for", ["app"]) is Symbol.for_("app")
    assert g.callPath("Symbol.keyFor", [Symbol.for_("app")]) == "app"
    assert g.callPath("Symbol.keyFor", [it]) is None


def test_a_class_keyed_by_symbol_dispose_defines_as_in_node(g):
    # node-addon-api's Symbol::WellKnown(env, "dispose") reads the global
    # Symbol.dispose (@seydx/node-av keys its classes' methods by it): Node 20 has it
    # and Symbol.asyncDispose, described "nodejs.dispose" and "nodejs.asyncDispose".
    # Without them the name was undefined and napi_define_class failed the load.
    cls = g.disposableClass()
    assert cls.__name__ == "Disposable"
    dispose, async_dispose = g.getPath("Symbol.dispose"), g.getPath("Symbol.asyncDispose")
    prototype = napi_python._core._js_get(cls, "prototype")  # JS [[Get]]: Disposable.prototype
    assert callable(napi_python._core._js_get(prototype, dispose))
    assert callable(napi_python._core._js_get(prototype, async_dispose))
    assert [dispose.description, async_dispose.description] == [
        "nodejs.dispose", "nodejs.asyncDispose"]  # Node 20's
    assert dispose is Symbol.dispose and async_dispose is Symbol.asyncDispose


def test_a_class_keyed_by_symbol_iterator_defines(g):
    # napi-rs defines iterator classes with Symbol.iterator as a method key
    cls = g.iteratorClass()
    assert isinstance(cls, type)


def test_json_stringify_of_an_object_with_a_keys_property():
    # A property named `keys` hides the Object's keys() method as an attribute; JSON
    # reads the keys through the type. Node 20: JSON.stringify({keys: 1, a: {keys: [1]}})
    JSON = napi_python.global_this.JSON
    o = napi_python.Object()
    o["keys"] = 1
    o["a"] = napi_python.Object()
    o["a"]["keys"] = [1]
    assert JSON.stringify(o) == '{"keys":1,"a":{"keys":[1]}}'


def _named_like_dict_methods(**more):
    # own properties named like the dict methods an Object has (items, keys, values,
    # get, ...): as attributes they hide those methods (own property first, as JS)
    return napi_python.Object(items=1, keys=2, get=3, values=4, pop=5, update=6, copy=7,
                              **more)


NODE_DICT_NAMES_JSON = '{"items":1,"keys":2,"get":3,"values":4,"pop":5,"update":6,"copy":7,"a":"x"}'


def test_object_assign_from_an_object_with_an_items_property(g):
    # Node 20: JSON.stringify(Object.assign({}, {items: 1, keys: 2, get: 3, values: 4,
    # pop: 5, update: 6, copy: 7, a: "x"})) (TypeError: 'int' object is not callable)
    target = g.callPath("Object.assign", [napi_python.Object(), _named_like_dict_methods(a="x")])
    assert napi_python.global_this.JSON.stringify(target) == NODE_DICT_NAMES_JSON


def test_json_and_structured_clone_of_an_object_with_items_values_get_properties(g):
    # Node 20: the same JSON for the object itself and for its structuredClone
    JSON = napi_python.global_this.JSON
    assert JSON.stringify(_named_like_dict_methods(a="x")) == NODE_DICT_NAMES_JSON
    clone = g.callPath("structuredClone", [_named_like_dict_methods(a="x")])
    assert JSON.stringify(clone) == NODE_DICT_NAMES_JSON


def test_url_search_params_from_an_object_with_an_items_property(g):
    # Node 20: new URLSearchParams({items: 1, keys: 2, ...}).toString()
    params = g.newPath("URLSearchParams", [_named_like_dict_methods(a="x")])
    assert params.toString() == "items=1&keys=2&get=3&values=4&pop=5&update=6&copy=7&a=x"


def test_options_objects_with_a_get_property(g):
    # An options object's own `get` hid the method the option was read with.
    # Node 20: new TextDecoder("utf-8", {get: 1, fatal: true}).fatal is true,
    # new DOMException("m", {get: 1, name: "AbortError"}).name is AbortError,
    # process.emitWarning("w", {get: 1, type: "MyWarn", code: "C1"}) writes
    # "[C1] MyWarn: w"
    dec = g.newPath("TextDecoder", ["utf-8", napi_python.Object(get=1, fatal=True)])
    assert dec.fatal is True
    with pytest.raises(JSTypeError):
        dec.decode(napi_python.Uint8Array([0xFF]))
    d = g.newPath("DOMException", ["m", napi_python.Object(get=1, name="AbortError")])
    assert (d.name, d.code) == ("AbortError", 20)
    with pytest.warns(NodeWarning, match=r"\[C1\] MyWarn: w"):
        g.callPath("process.emitWarning",
                   ["w", napi_python.Object(get=1, type="MyWarn", code="C1")])


# napi_run_script: what Node 20 evaluated each script to
NODE_SCRIPTS = {
    "typeof Set": "function", "typeof NoSuchThing": "undefined",
    "process.platform": "linux", "[1, 2, 'x']": [1, 2, "x"], "null": None, "-4.5": -4.5,
    "0x10": 16, "'it\\'s'": "it's", "String(42)": "42", "Number('7')": 7,
    "JSON.stringify([1, 'a'])": '[1,"a"]', "new Map([[1, 'a']]).get(1)": "a",
    "new Set([1, 1, 2]).size": 2, "typeof process.versions.node": "string", "!0": True,
    "void 0": None, "typeof new Set()": "object",
    "Symbol.iterator.description": "Symbol.iterator",
    "new DOMException('m', 'AbortError').code": 20, "typeof globalThis.Map": "function",
    "(1)": 1, "true;": True,
    # equality (koffi asks "typeof Deno != 'undefined'" and "process.isBun" at load)
    "typeof Deno != 'undefined'": False, "process.isBun": None, "1 == '1'": True,
    "1 === '1'": False, "null == undefined": True, "null === undefined": False,
    "0 == false": True, "'' == 0": True, "NaN == NaN": False, "NaN != NaN": True,
    "[1] == 1": True, "[1, 2] == '1,2'": True, "null == 0": False,
    "undefined == false": False, "typeof Set === 'function'": True, "1 !== 1": False,
    "(1 == 1) == 1": True, "Symbol.iterator == Symbol.iterator": True,
    "Symbol.iterator == 'Symbol(Symbol.iterator)'": False, "'1e3' == 1000": True,
    "true == 'true'": False, "new Set() == new Set()": False,
}


@pytest.mark.parametrize("script", sorted(NODE_SCRIPTS))
def test_run_script_evaluates_as_node(g, script):
    assert g.runScript(script) == NODE_SCRIPTS[script]


# The equality and logical operators (koffi runs "typeof Deno != 'undefined'" at load;
# it was a SyntaxError here, and koffi then aborted). Node 20 on the same scripts
# (tests/node_reference/globals.js):
NODE_SCRIPT_OPERATORS = {
    "typeof Deno != 'undefined'": False,
    "typeof Bun !== 'undefined'": False,
    "typeof process === 'object'": True,
    "process.platform == 'linux'": True,
    'null == undefined': True,
    'null === undefined': False,
    'null == 0': False,
    'undefined == 0': False,
    "0 == ''": True,
    "'1' == 1": True,
    "'0x10' == 16": True,
    "' 12 ' == 12": True,
    'true == 1': True,
    "true == '1'": True,
    "false == ''": True,
    'NaN == NaN': False,
    'NaN != NaN': True,
    "[] == ''": True,
    '[1] == 1': True,
    "[1, 2] == '1,2'": True,
    '[] == 0': True,
    '[] == false': True,
    '1 == 1.0': True,
    "'a' != 'a'": False,
    "1 !== '1'": True,
    'Symbol.iterator == Symbol.iterator': True,
    "Symbol.iterator == 'Symbol(Symbol.iterator)'": False,
    'new Set() == new Set()': False,
    'Set == new Set()': False,
    'Set == Set': True,
    'process.nextTick == process': False,
    'globalThis === global': True,
    'process.noSuch == null': True,
    '0 && x': 0,
    "1 && 'y'": 'y',
    "'' || 'd'": 'd',
    "'a' || x": 'a',
    "null ?? 'e'": 'e',
    "0 ?? 'e'": 0,
    'undefined ?? null ?? 3': 3,
    '1 == 1 && 2 === 2': True,
    "!process.isBun && typeof process.versions.node === 'string'": True,
    "(typeof Deno != 'undefined') || (typeof Bun != 'undefined')": False,
    '[1 === 1, 2 != 2]': [True, False],
    'typeof (1 == 1)': 'boolean',
    'BigInt(5) == 5': True,
    "BigInt(5) == '5'": True,
    "BigInt(5) == ' 0x5 '": True,
    'BigInt(1) == true': True,
    'BigInt(5) == 5.5': False,
    "BigInt(5) == '1_0'": False,
    "BigInt(0) == ''": True,
    'BigInt(5) === 5': False,
}


@pytest.mark.parametrize("script", sorted(NODE_SCRIPT_OPERATORS))
def test_run_script_operators_as_node(g, script):
    got = g.runScript(script)
    assert got == NODE_SCRIPT_OPERATORS[script]
    assert type(got) is type(NODE_SCRIPT_OPERATORS[script])


def test_run_script_logical_operators_evaluate_the_right_side_only_when_js_does(g):
    # Node 20: no ReferenceError for the name never evaluated, and one where it is
    assert g.runScript("1 || noSuchName") == 1
    assert g.runScript("0 ?? noSuchName") == 0
    with pytest.raises(JSError, match="noSuchName is not defined"):
        g.runScript("1 && noSuchName")


def test_run_script_values(g):
    assert g.runScript("globalThis") is napi_python.global_this
    assert g.runScript("global") is napi_python.global_this
    assert isinstance(g.runScript("new Set()"), g.getPath("Set"))
    assert g.runScript("Symbol.for('k')") is Symbol.for_("k")
    assert g.runScript("process.versions.napi") == "10"
    assert g.runScript("/* a comment */ new Map() // and another") is not None


def test_run_script_errors_as_node(g):
    with pytest.raises(JSError, match="noSuchName is not defined"):
        g.runScript("noSuchName")
    with pytest.raises(JSTypeError,
                       match=r"Cannot read properties of undefined \(reading 'deeper'\)"):
        g.runScript("process.noSuch.deeper")
    with pytest.raises(JSTypeError, match="process.platform is not a function"):
        g.runScript("process.platform()")
    with pytest.raises(JSTypeError, match="process.pid is not a constructor"):
        g.runScript("new process.pid()")
    with pytest.raises(JSTypeError, match="expression is not a function"):
        g.runScript("globalThis[this]()")


# The arithmetic operators and BigInt literals (Neon's own BigInt tests evaluate
# "2n ** 128n - 1n" and "-(2n ** 127n)" with napi_run_script to check its conversions;
# each was a SyntaxError here). Node 20's answers for the same scripts through the
# same addon: tests/node_reference/script_arithmetic.json (script_arithmetic.js).
NODE_SCRIPT_ARITHMETIC = json.loads(
    (Path(__file__).parent / "node_reference" / "script_arithmetic.json").read_text())


def _described(v):
    """A script's result as script_arithmetic.js writes Node's."""
    if isinstance(v, bool):
        return "boolean:" + ("true" if v else "false")
    if isinstance(v, napi_python.BigInt):
        return f"bigint:{int(v)}"
    if isinstance(v, (int, float)):
        f = float(v)
        if math.isnan(f):
            return "number:NaN"
        if math.isinf(f):
            return "number:" + ("Infinity" if f > 0 else "-Infinity")
        if f == 0 and math.copysign(1, f) < 0:
            return "number:-0"
        if f == int(f) and abs(f) <= 2**53:
            return f"number:{int(f)}"
        return f"number:{f!r}"
    if isinstance(v, str):
        return "string:" + v
    return type(v).__name__


@pytest.mark.parametrize("script", sorted(NODE_SCRIPT_ARITHMETIC))
def test_run_script_arithmetic_as_node(g, script):
    want = NODE_SCRIPT_ARITHMETIC[script]
    if want.startswith("threw "):
        cls_name, message = want[len("threw "):].split(": ", 1)
        with pytest.raises(JSError) as info:
            g.runScript(script)
        assert type(info.value).__name__ == "JS" + cls_name
        if cls_name == "TypeError" or "Division" in message:
            assert str(info.value) == message
        return
    got = g.runScript(script)
    if script == "4294967296 * 4294967296":  # Node prints the double 2**64 as 1.8446744073709552e19
        assert got == 2.0**64 and type(got) is float
        return
    assert _described(got) == want


def test_run_script_arithmetic_keeps_whole_results_of_integers_ints(g):
    # A whole result of two whole numbers is an int (as the literal 42 is); others,
    # and -0, are floats; BigInt results are BigInts.
    for script, value, kind in [("6 * 7", 42, int), ("6 / 3", 2, int), ("7 / 2", 3.5, float),
                                ("1.5 + 1.5", 3.0, float), ("-4 % 2", -0.0, float),
                                ("2 ** 53 + 1", 2.0**53, float), ("2n ** 64n", 2**64,
                                                                  napi_python.BigInt)]:
        got = g.runScript(script)
        assert got == value and type(got) is kind, script


@pytest.mark.parametrize("script", ["function () {}", "x = 1",
                                    "a ? b : c", "`template`", "({a: 1})", "a?.b",
                                    "new", "Set(", "[1, 2", "-2 ** 2", "1 +", "05n"])
def test_run_script_outside_the_language_is_a_syntax_error_naming_it(g, script):
    with pytest.raises(JSSyntaxError) as info:
        g.runScript(script)
    assert isinstance(info.value, JSError)
    assert repr(script) in str(info.value)
    assert "no JavaScript engine" in str(info.value)


def test_buffer_from_arraybuffer_takes_js_numbers(g):
    # Node: [[1, 2, 3, 4], [3, 4, 5], [1 .. 8]]
    assert bytes(g.bufferFromArrayBuffer(0.0, 4.0)) == b"\x01\x02\x03\x04"
    assert bytes(g.bufferFromArrayBuffer(2, 3)) == b"\x03\x04\x05"
    assert bytes(g.bufferFromArrayBuffer(0, 8)) == bytes(range(1, 9))
    with pytest.raises(napi_python.JSRangeError):
        g.bufferFromArrayBuffer(-1.0, 2.0)


def test_typed_array_constructors_take_js_numbers(g):
    ab = napi_python.ArrayBuffer(8)
    view = g.newPath("Uint16Array", [ab, 2.0, 3.0])
    assert len(view) == 3
    assert view.byte_offset == 2


def test_array_constructor_length_as_node(g):
    # Node 20: Array(3).length 3, Array(3.0) too; -1, 1.5, NaN and 2**32 a RangeError
    # "Invalid array length". Lengths a list could not hold (above 2**27, which a
    # sparse JS array can have) are refused the same way, not a MemoryError.
    assert g.newPath("Array", [3]) == [None, None, None]
    assert g.newPath("Array", [3.0]) == [None, None, None]
    assert g.newPath("Array", [1, 2]) == [1, 2]
    for n in (-1, 1.5, float("nan"), 2.0**32, 2**40):
        with pytest.raises(napi_python.JSRangeError, match="Invalid array length"):
            g.newPath("Array", [n])


def test_dates_have_get_time_and_value_of(g):
    # Node: getTime/valueOf 1700000000123, toISOString '2023-11-14T22:13:20.123Z'
    assert g.dateMethods() == {"getTime": 1700000000123, "valueOf": 1700000000123,
                               "toISOString": "2023-11-14T22:13:20.123Z",
                               "getUTCFullYear": 2023}


def test_dom_exception(g):
    d = g.newPath("DOMException", ["boom", "AbortError"])
    assert (d.name, d.code, d.message) == ("AbortError", 20, "boom")
    assert isinstance(d, JSError)
    assert g.newPath("DOMException", []).name == "Error"


def test_dom_exception_name_and_code_are_no_own_properties(g):
    # Node 20 (@napi-rs/canvas throws DOMExceptions it makes with napi_new_instance):
    # e = new DOMException("m", {name: "AbortError", cause: 5}); Object.keys(e) is [],
    # JSON.stringify(e) '{}', Object.getOwnPropertyNames(e) ['stack', 'cause'] (we have
    # no own stack), e.name = "Y" and e.message = "Z" change nothing, e.code 20,
    # String(e) 'AbortError: m'
    d = g.newPath("DOMException", ["m", napi_python.Object(name="AbortError", cause=5)])
    assert g.callPath("Object.keys", [d]) == []
    assert g.callPath("JSON.stringify", [d]) == "{}"
    assert g.callPath("Object.getOwnPropertyNames", [d]) == ["cause"]
    d.name = "Y"
    d.message = "Z"
    assert (d.name, d.code, d.cause, d.message) == ("AbortError", 20, 5, "m")
    assert str(d) == "m" and g.callPath("String", [d]) == "AbortError: m"
    assert g.callPath("JSON.stringify", [g.newPath("DOMException", ["m", "X"])]) == "{}"


def test_json_stringify_of_an_error_lists_its_own_enumerable_properties(g):
    # Node 20: e = new Error("m"); e.code = "C"; e.extra = {a: 1}; JSON.stringify(e)
    # is '{"code":"C","extra":{"a":1}}' (we gave only the code); a TypeError with
    # nothing set '{}'
    e = g.newPath("Error", ["m"])
    e.code = "C"
    e.extra = napi_python.Object(a=1)
    assert g.callPath("JSON.stringify", [e]) == '{"code":"C","extra":{"a":1}}'
    assert g.callPath("JSON.stringify", [g.newPath("TypeError", ["x"])]) == "{}"


def test_a_dom_exception_copies_and_pickles_with_its_name_and_code(g):
    # name, code and message live in private state (not own properties): copy and
    # pickle gave DOMExceptions named "Error" with code 0
    import copy
    import pickle
    d = g.newPath("DOMException", ["m", napi_python.Object(name="AbortError", cause=5)])
    d.extra = 1
    for twin in (copy.copy(d), pickle.loads(pickle.dumps(d))):
        assert (type(twin).__name__, twin.name, twin.code, twin.message, str(twin)) == \
            ("DOMException", "AbortError", 20, "m", "m")
        assert (twin.cause, twin.extra) == (5, 1)
        assert g.callPath("Object.getOwnPropertyNames", [twin]) == ["cause", "extra"]


def test_map_and_set_key_as_js(g):
    m = g.newPath("Map", [])
    g.callMethod(m, "set", ["k", 1])
    g.callMethod(m, "set", [1, "one"])
    assert g.callMethod(m, "get", ["k"]) == 1
    assert g.callMethod(m, "get", [1.0]) == "one"  # the number 1, as a double
    assert g.callMethod(m, "has", ["nope"]) is False
    assert m.size == 2
    m.set(True, "bool")
    m.set(float("nan"), "nan")
    assert m.get(1) == "one" and m.get(True) == "bool" and m.get(float("nan")) == "nan"
    key = napi_python.Object()
    m.set(key, "obj")
    assert m.get(key) == "obj" and m.get(napi_python.Object()) is None
    assert [k for k, _ in m] == ["k", 1, True, m._data[("number", "NaN")][0], key]
    it = m.keys()
    assert it.next()["value"] == "k"
    s = g.newPath("Set", [[1, 2, 2, 3]])
    assert s.size == 3 and g.callMethod(s, "has", [2]) is True
    assert list(s) == [1, 2, 3]


def test_collections_have_no_own_enumerable_properties(g):
    objects = load_test_addon("objects")
    m = g.newPath("Map", [])
    m.set("a", 1)
    assert objects.getPropertyNames(m) == []  # Node: Object.keys(new Map([["a", 1]]))
    assert objects.getPropertyNames(g.newPath("Set", [[1]])) == []
    wm = g.newPath("WeakMap", [])
    wm.set(m, 1)  # a Map is an object: a weak key
    assert wm.has(m)


def test_weak_collections(g):
    wm = g.newPath("WeakMap", [])
    key = napi_python.Object()
    g.callMethod(wm, "set", [key, 5])
    assert g.callMethod(wm, "get", [key]) == 5
    ref = g.newPath("WeakRef", [key])
    assert g.callMethod(ref, "deref", []) is key
    ws = g.newPath("WeakSet", [])
    ws.add(key)
    assert ws.has(key)
    with pytest.raises(JSTypeError, match="Invalid value used as weak map key"):
        wm.set("primitive", 1)
    del key
    gc.collect()
    assert len(wm._data) == 0
    assert ref.deref() is None


def test_text_encoder_and_decoder(g):
    enc = g.newPath("TextEncoder", [])
    assert list(g.callMethod(enc, "encode", ["h\u00e9"])) == [104, 195, 169]
    dec = g.newPath("TextDecoder", [])
    assert g.callMethod(dec, "decode", [napi_python.Uint8Array([104, 195, 169])]) == "h\u00e9"
    assert enc.encoding == "utf-8" and dec.encoding == "utf-8"
    fatal = g.newPath("TextDecoder", ["utf-8", napi_python.Object(fatal=True)])
    with pytest.raises(JSTypeError):
        fatal.decode(napi_python.Uint8Array([0xFF]))
    assert dec.decode(napi_python.Uint8Array([0xFF])) == "\ufffd"
    dest = napi_python.Uint8Array(3)
    r = enc.encodeInto("a\u00e9b", dest)
    assert (r["read"], r["written"]) == (2, 3)


def test_process(g, capfd):
    assert g.getPath("process.pid") == os.getpid()
    assert g.getPath("process.platform") == sys.platform
    assert g.getPath("process.versions.napi") == "10"
    g.callPath("process._rawDebug", ["raw", 1])
    assert "raw 1" in capfd.readouterr().err
    with pytest.warns(NodeWarning, match=r"\[X1\] DeprecationWarning: old"):
        g.callPath("process.emitWarning", ["old", "DeprecationWarning", "X1"])
    with pytest.warns(NodeWarning, match="Warning: plain"):
        g.callPath("process.emitWarning", ["plain"])


def test_process_env_is_live(g, monkeypatch):
    monkeypatch.setenv("NAPI_PYTHON_TEST_VAR", "yes")
    assert g.getPath("process.env.NAPI_PYTHON_TEST_VAR") == "yes"
    assert g.getPath("process.env.NAPI_PYTHON_NO_SUCH_VAR") is None
    env = g.getPath("process.env")
    env.NAPI_PYTHON_TEST_VAR = 5
    assert os.environ["NAPI_PYTHON_TEST_VAR"] == "5"


def test_queue_microtask_set_immediate_and_timers_without_a_loop(g):
    ran = []
    g.callPath("queueMicrotask", [lambda: ran.append("micro")])
    g.callPath("setImmediate", [lambda *a: ran.append(("immediate", a)), 1, 2])
    g.callPath("process.nextTick", [lambda *a: ran.append(("tick", a)), "x"])
    cancelled = g.callPath("setImmediate", [lambda: ran.append("cancelled")])
    g.callPath("clearImmediate", [cancelled])
    assert ran == []  # nothing runs inside the call
    napi_python.run_pending()
    assert ran == ["micro", ("immediate", (1, 2)), ("tick", ("x",))]
    t = g.callPath("setTimeout", [lambda: ran.append("timeout"), 1.0])
    assert t.hasRef() is True and t.unref() is t and t.hasRef() is False
    while "timeout" not in ran:
        napi_python.run_pending(timeout=None)
    assert ran[-1] == "timeout"


def test_timers_on_a_running_loop(g):
    async def main():
        done = asyncio.get_running_loop().create_future()
        count = []

        def tick():
            count.append(1)
            if len(count) == 3:
                g.callPath("clearInterval", [interval])
                done.set_result(len(count))
        interval = g.callPath("setInterval", [tick, 1])
        return await done
    assert asyncio.run(main()) == 3


def test_atob_and_btoa_errors_as_node(g):
    # Node 20: the DOMException's message and legacy code, and the missing argument
    # (atob(), btoa()); tests/test_global_calls.py compares their answers
    with pytest.raises(JSError, match="^Invalid character$") as e:
        g.callPath("btoa", ["\u20ac"])
    assert (e.value.name, e.value.code) == ("InvalidCharacterError", 5)
    with pytest.raises(JSError, match="^Invalid character$") as e:
        g.callPath("atob", ["YQ="])
    assert (e.value.name, e.value.code) == ("InvalidCharacterError", 5)
    with pytest.raises(JSError, match="^The string to be decoded is not correctly encoded.$"):
        g.callPath("atob", ["Y"])
    for name in ("atob", "btoa"):
        with pytest.raises(JSTypeError, match='^The "input" argument must be specified$') as e:
            g.callPath(name, [])
        assert e.value.code == "ERR_MISSING_ARGS"
    # a binary string round-trips
    every_byte = "".join(map(chr, range(256)))
    assert g.callPath("atob", [g.callPath("btoa", [every_byte])]) == every_byte


def test_queue_microtask_needs_a_function(g):
    with pytest.raises(JSTypeError):
        g.callPath("queueMicrotask", [5])


# Object.seal / freeze / isSealed / isFrozen, as zeromq's constructors use them
# (node-addon-api: Object.seal(this), then Object.assign(this, options), both read
# from the global object). Node 20 (tests/addons/globals built for Node-API 9):
# {"sealed":true,"frozen":true,"limit":7,
#  "assignNew":"TypeError: Cannot add property nope, object is not extensible",
#  "sealFn":[5,true,false],"frozenObj":[true,true,true],
#  "names":["seal","freeze","isSealed","isFrozen"]}

def test_a_constructor_that_seals_this_as_zeromqs_does(g):
    Sealed = g.sealedClass()
    s = Sealed()  # before: napi_call_function on undefined Object.seal: napi_invalid_arg
    assert g.callPath("Object.isSealed", [s]) is True
    assert g.callPath("Object.isFrozen", [s]) is True  # no own property: frozen too, as in JS
    with pytest.raises(TypeError, match="Cannot add property extra, object is not extensible"):
        s.extra = 1  # Python's assignment raises where sloppy-mode JS ignores it
    assert "extra" not in s


def test_object_assign_runs_the_setters_of_a_sealed_instance(g):
    Sealed = g.sealedClass()
    try:
        s = Sealed({"limit": 7})
        assert s.limit == 7
        with pytest.raises(TypeError, match="^Cannot add property nope, object is not "
                                            "extensible$"):  # Node's words
            Sealed({"nope": 1})
    finally:  # the accessor keeps its value on the global object, which tests share
        napi_python.global_this.pop("sealedLimit", None)


def test_object_seal_and_freeze_of_the_global_object(g):
    assert g.callPath("Object.seal", [5]) == 5  # a primitive is returned as it is
    assert g.callPath("Object.isSealed", [5]) is True
    assert g.callPath("Object.isFrozen", [{}]) is False  # a dict: extensible
    o = napi_python.Object(k=1)
    assert g.callPath("Object.freeze", [o]) is o
    assert [g.callPath("Object.isFrozen", [o]), g.callPath("Object.isSealed", [o])] == [True, True]
    with pytest.raises(TypeError):
        o.k = 2
    assert o.k == 1
    s = napi_python.Object(k=1)
    g.callPath("Object.seal", [s])
    s.k = 2  # sealed: its properties stay writable
    assert (s.k, g.callPath("Object.isFrozen", [s])) == (2, False)
    assert [g.getPath(f"Object.{n}").__name__ for n in ("seal", "freeze", "isSealed", "isFrozen")] \
        == ["seal", "freeze", "isSealed", "isFrozen"]


def test_object_prevent_extensions_and_is_extensible_of_the_global_object(g):
    # Node 20: Object.isExtensible of 5, a new object, a sealed one, an external:
    # false, true, false, false; after preventExtensions an object keeps its
    # properties writable and deletable but takes no new one
    assert [g.callPath("Object.isExtensible", [v]) for v in (5, "s", None)] == [False] * 3
    o = napi_python.Object(k=1)
    assert g.callPath("Object.isExtensible", [o]) is True
    assert g.callPath("Object.preventExtensions", [o]) is o
    assert g.callPath("Object.isExtensible", [o]) is False
    assert [g.callPath("Object.isSealed", [o]), g.callPath("Object.isFrozen", [o])] == \
        [False, False]
    o.k = 2
    with pytest.raises(TypeError, match="Cannot add property extra, object is not extensible"):
        o.extra = 1
    del o["k"]
    assert dict(o) == {}
    assert [g.callPath("Object.isSealed", [o]), g.callPath("Object.isFrozen", [o])] == \
        [True, True]  # non-extensible with no own property: both, as in JS
    s = napi_python.Object()
    g.callPath("Object.seal", [s])
    assert g.callPath("Object.isExtensible", [s]) is False
    assert g.callPath("Object.isExtensible", [[1]]) is True
    with pytest.raises(JSTypeError, match="cannot prevent extensions of a Python list"):
        g.callPath("Object.preventExtensions", [[1, 2]])
    assert g.callPath("Object.preventExtensions", [5]) == 5
    assert [g.getPath(f"Object.{n}").__name__ for n in ("preventExtensions", "isExtensible")] \
        == ["preventExtensions", "isExtensible"]


def test_object_seal_refuses_what_napi_object_seal_refuses(g):
    with pytest.raises(JSTypeError):
        g.callPath("Object.seal", [[1, 2]])  # a list cannot be sealed (docs/values.rst)
    with pytest.raises(JSTypeError, match="Cannot freeze array buffer views with elements"):
        g.callPath("Object.freeze", [napi_python.Uint8Array(bytes(2))])


def test_constructor_prototypes_are_the_objects_values_inherit_from(g):
    # what napi_get_prototype gives for a value is its constructor's prototype, as in
    # JS (an addon reading Date.prototype.getTime finds the method a date has)
    from napi_python._globals import PROTOTYPES
    for name, key in (("Object", "object"), ("Array", "array"), ("Date", "date"),
                      ("String", "string"), ("Promise", "promise")):
        assert g.getPath(f"{name}.prototype") is PROTOTYPES[key]
    assert g.getPath("Date.prototype.getTime") is PROTOTYPES["date"]["getTime"]
    d = datetime.datetime(2015, 8, 30, 12, 36, tzinfo=datetime.timezone.utc)
    assert g.callMethod(d, "getTime", []) == 1440938160000


def test_console_writes_lines_as_node(g, capsys):
    # Node 20: console.log("hello", 3, [1, "a"], true) prints "hello 3 [ 1, 'a' ] true"
    # (util.inspect); here arrays and plain objects are written as JSON
    g.callPath("console.log", ["hello", 3.0, [1, "a"], True])
    g.callPath("console.error", ["to stderr"])
    g.callPath("console.warn", [])
    out, err = capsys.readouterr()
    assert out == 'hello 3 [1,"a"] true\n'
    assert err == "to stderr\n\n"


# Boolean(v) is JS's ToBoolean (napi_coerce_to_bool's rule), not Python's truth: NaN is
# false and every object true, an empty list or dict too (JS: Boolean(NaN) === false,
# Boolean([]) === true, Boolean({}) === true, Boolean("0") === true).
@pytest.mark.parametrize("value, js", [
    (float("nan"), False), (0, False), (-0.0, False), ("", False), (None, False),
    (napi_python.null, False), (False, False), ([], True), ({}, True), ("0", True),
    (0.5, True), (napi_python.BigInt(0), False), (napi_python.Object(), True),
])
def test_boolean_is_js_to_boolean(value, js):
    assert napi_python.global_this["Boolean"](value) is js
