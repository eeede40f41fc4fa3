"""An addon written with node-addon-api (the Napi:: C++ wrappers, C++ exceptions on).

The addon is tests/addons/cpp_wrap/cpp_wrap.cc: Napi::Function exports, an
ObjectWrap class, thrown Napi::Error / TypeError / RangeError, callbacks through
Napi::Function::Call, references (Persistent / Weak / FunctionReference),
Napi::External and per-env data from Env::SetInstanceData.
"""

import gc
import json

import pytest

import napi_python
from conftest import load_test_addon


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("cpp_wrap")


# -- Napi::Function exports --------------------------------------------------

def test_exports_are_functions(addon):
    assert isinstance(addon.add, napi_python.Function)
    assert addon.add.name == "add"
    assert addon.makeMultiplier.name == "makeMultiplier"


def test_add(addon):
    result = addon.add(2, 3)
    assert result == 5
    # Napi::Number::New makes a double.
    assert type(result) is float
    assert addon.add(0.5, 0.25) == 0.75


def test_add_int(addon):
    result = addon.addInt(2, 3)
    assert result == 5


def test_add_type_error(addon):
    with pytest.raises(napi_python.JSTypeError) as info:
        addon.add("2", 3)
    assert isinstance(info.value, TypeError)
    assert str(info.value) == "add expects two numbers"


def test_add_missing_argument(addon):
    with pytest.raises(napi_python.JSTypeError):
        addon.add(1)


def test_concat(addon):
    assert addon.concat("foo", "bar") == "foobar"
    assert addon.concat("é", "😀") == "é😀"
    with pytest.raises(TypeError):
        addon.concat("a", 1)


def test_utf16_value(addon):
    assert addon.utf16Length("a😀") == 3


def test_returns_object(addon):
    obj = addon.makeObject("widget", 3)
    assert isinstance(obj, napi_python.Object)
    assert list(obj.keys()) == ["name", "count", "nested", "list", "nothing"]
    assert obj.name == "widget"
    assert obj["count"] == 3
    assert obj.nested.ok is True
    assert obj["list"] == [1, "two", False]
    assert obj["nothing"] is None
    assert json.loads(json.dumps(obj))["nested"] == {"ok": True}


def test_returns_array(addon):
    arr = addon.makeArray(5)
    assert type(arr) is list
    assert arr == [0, 1, 4, 9, 16]
    assert addon.makeArray(0) == []


def test_array_argument(addon):
    assert addon.sumArray([1, 2, 3.5]) == 6.5
    assert addon.sumArray((1, 2)) == 3
    with pytest.raises(napi_python.JSTypeError):
        addon.sumArray({"a": 1})


def test_array_argument_is_the_callers_list(addon):
    items = [1, 2]
    assert addon.pushTo(items, "x") == 3
    assert items == [1, 2, "x"]


def test_object_argument_is_the_callers_dict(addon):
    d = {"a": 1}
    assert addon.setProperty(d, "b", [1, 2]) is None
    assert d == {"a": 1, "b": [1, 2]}


def test_object_keys_has_delete(addon):
    d = {"x": 1, "y": 2}
    assert addon.keysOf(d) == ["x", "y"]
    assert addon.hasKey(d, "x") is True
    assert addon.hasKey(d, "z") is False
    assert addon.deleteKey(d, "x") is True
    assert d == {"y": 2}


def test_type_of(addon):
    assert addon.typeOf(None) == "undefined"
    assert addon.typeOf(napi_python.null) == "null"
    assert addon.typeOf(True) == "boolean"
    assert addon.typeOf(1) == "number"
    assert addon.typeOf(1.5) == "number"
    assert addon.typeOf("s") == "string"
    assert addon.typeOf({}) == "object"
    assert addon.typeOf([]) == "object"
    assert addon.typeOf(len) == "function"
    assert addon.typeOf(2**70) == "bigint"
    assert addon.typeOf(addon.makeExternal(1)) == "external"


def test_null_and_undefined_returns(addon):
    assert addon.returnNull() is None
    assert addon.returnNothing() is None


def test_bigint(addon):
    v = addon.bigintDouble(napi_python.BigInt(21))
    assert isinstance(v, napi_python.BigInt)
    assert v == 42
    assert addon.bigintDouble(2**60) == 2**61


# -- errors ------------------------------------------------------------------

def test_napi_error(addon):
    with pytest.raises(napi_python.JSError) as info:
        addon.throwError("it broke")
    e = info.value
    assert not isinstance(e, (TypeError, ValueError))
    assert str(e) == "it broke"
    assert e.message == "it broke"
    assert e.name == "Error"
    assert e.code == "E_CPP_WRAP"
    assert e.detail == 42


def test_napi_type_error(addon):
    with pytest.raises(napi_python.JSTypeError) as info:
        addon.throwTypeError("bad type")
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, napi_python.JSError)
    assert info.value.message == "bad type"
    assert info.value.name == "TypeError"


def test_napi_range_error(addon):
    with pytest.raises(napi_python.JSRangeError) as info:
        addon.throwRangeError("out of range")
    assert isinstance(info.value, ValueError)
    assert str(info.value) == "out of range"


def test_thrown_non_error_value(addon):
    with pytest.raises(napi_python.JSError) as info:
        addon.throwValue("just a string")
    assert info.value.value == "just a string"


def test_failed_napi_call_becomes_error(addon):
    # Napi::Number::Int32Value on a string: napi_get_value_int32 fails with
    # napi_number_expected and node-addon-api throws Napi::Error::New(env), whose
    # message comes from napi_get_last_error_info.
    with pytest.raises(napi_python.JSError) as info:
        addon.badCoercion("not a number")
    assert info.value.message == "A number was expected"


def test_addon_usable_after_errors(addon):
    for _ in range(3):
        with pytest.raises(napi_python.JSError):
            addon.throwError("again")
    assert addon.concat("o", "k") == "ok"


# -- callbacks ---------------------------------------------------------------

def test_call_python_callback(addon):
    seen = []

    def cb(*args):
        seen.append(args)
        return "result"

    assert addon.callCallback(cb, 1, "two", None) == "result"
    assert seen == [(1, "two", None)]


def test_call_python_callback_no_args(addon):
    assert addon.callCallback(lambda: 7) == 7


def test_callback_with_this(addon):
    target = {"n": 5}
    result = addon.callWithThis(
        napi_python.with_this(lambda this, x: this["n"] * x), target, 3)
    assert result == 15


def test_callback_exception_propagates_unchanged(addon):
    class Boom(Exception):
        pass

    err = Boom("python failure")

    def cb():
        raise err

    with pytest.raises(Boom) as info:
        addon.callCallback(cb)
    assert info.value is err


def test_callback_exception_caught_in_cpp(addon):
    def cb():
        raise ValueError("caught by C++")

    result = addon.callAndCatch(cb)
    assert result.startswith("caught: ")
    assert "caught by C++" in result
    # The addon handled it: nothing is left pending.
    assert addon.concat("still", "fine") == "stillfine"


def test_callback_without_exception(addon):
    assert addon.callAndCatch(lambda: None) == "no exception"


def test_callback_many_calls(addon):
    assert addon.mapRange(5, lambda i: i * 2) == [0, 2, 4, 6, 8]


def test_function_made_in_cpp(addon):
    triple = addon.makeMultiplier(3)
    assert isinstance(triple, napi_python.Function)
    assert triple.name == "multiplier"
    assert triple(4) == 12
    # A function made by the addon handed back to it as a callback.
    assert addon.callCallback(triple, 5) == 15


# -- references ----------------------------------------------------------------

def test_persistent_object_reference(addon):
    obj = {"k": "v"}
    addon.storeObject(obj)
    got = addon.getStoredObject()
    assert got is obj
    assert addon.storedRefCount() == 1
    obj["k2"] = 1
    assert addon.getStoredObject()["k2"] == 1
    addon.clearStoredObject()
    assert addon.getStoredObject() is None


def test_persistent_keeps_object_alive(addon):
    addon.storeObject({"only": "held by the addon"})
    gc.collect()
    assert dict(addon.getStoredObject()) == {"only": "held by the addon"}
    addon.clearStoredObject()


def test_function_reference(addon):
    calls = []
    addon.storeCallback(lambda x: calls.append(x) or len(calls))
    gc.collect()
    assert addon.callStored("a") == 1
    assert addon.callStored("b") == 2
    assert calls == ["a", "b"]


def test_weak_reference_while_alive(addon):
    obj = {"weak": True}
    addon.storeWeak(obj)
    assert addon.getWeak() is obj


# -- externals ---------------------------------------------------------------

def test_external_round_trip(addon):
    ext = addon.makeExternal(1234)
    assert isinstance(ext, napi_python.External)
    assert addon.readExternal(ext) == 1234


def test_external_type_check(addon):
    with pytest.raises(napi_python.JSTypeError):
        addon.readExternal({})


def test_external_finalizer_runs(addon):
    before = addon.externalsFinalized()
    ext = addon.makeExternal(5)
    assert addon.readExternal(ext) == 5
    del ext
    gc.collect()
    # Finalizers may be deferred to the next call into the addon; make one.
    addon.makeArray(1)
    gc.collect()
    assert addon.externalsFinalized() >= before + 1


# -- instance data -------------------------------------------------------------

def test_instance_data(addon):
    assert addon.hasInstanceData() is True
    first = addon.countCall()
    assert addon.countCall() == first + 1
    assert addon.countCall() == first + 2


# -- ObjectWrap ----------------------------------------------------------------

def test_class_is_a_type(addon):
    assert isinstance(addon.Counter, type)
    c = addon.Counter(3)
    assert isinstance(c, addon.Counter)
    assert bool(addon.Counter()) is True


def test_constructor_and_methods(addon):
    c = addon.Counter(10)
    assert c.value == 10
    assert c.increment() == 11
    assert c.add(4) == 15
    assert c.value == 15


def test_constructor_default(addon):
    c = addon.Counter()
    assert c.value == 0
    assert c.label == "unnamed"


def test_constructor_type_error(addon):
    with pytest.raises(napi_python.JSTypeError) as info:
        addon.Counter("ten")
    assert str(info.value) == "Counter expects a number"


def test_accessor_get_set(addon):
    c = addon.Counter(1, "mine")
    assert c.label == "mine"
    c.value = 42
    assert c.value == 42
    assert c.increment() == 43


def test_setter_throws(addon):
    c = addon.Counter(1)
    with pytest.raises(napi_python.JSTypeError) as info:
        c.value = "nope"
    assert info.value.message == "value must be a number"
    assert c.value == 1


def test_instance_value(addon):
    assert addon.Counter().kind == "counter"


def test_static_members(addon):
    assert addon.Counter.describe() == "Counter from node-addon-api"
    assert addon.Counter.VERSION == 2


def test_method_throws(addon):
    c = addon.Counter(7)
    with pytest.raises(napi_python.JSError) as info:
        c.fail()
    assert info.value.message == "counter failed at 7"


def test_this_is_the_instance(addon):
    c = addon.Counter(1)
    assert c.self() is c


def test_wrong_this_raises_before_unwrap(addon):
    # ObjectWrap's method and accessor callbacks unwrap `this` and call the C++
    # member: with a Label (or no instance) they would use the wrong object or NULL.
    # The receiver check raises TypeError first (tests/test_this_calls.py).
    c, label = addon.Counter(3), addon.Label("four")
    for bad in (label, None, napi_python.Object(), {}, 7):
        with pytest.raises(TypeError, match="Illegal invocation"):
            addon.Counter.increment.call(bad)
        with pytest.raises(TypeError, match="Illegal invocation"):
            addon.Counter.add.apply(bad, [1])
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.Counter.increment(label)
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.Label.text.call(c)
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.Counter.__dict__["value"].__get__(label)
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.Counter.__dict__["value"].__set__(label, 1)
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.Label.__dict__["size"].__get__(c)
    assert (c.increment(), label.text(), label.size) == (4, "four", 4)
    assert addon.Counter.describe() == "Counter from node-addon-api"  # static


def test_unwrap_argument(addon):
    a, b = addon.Counter(5), addon.Counter(6)
    assert a.absorb(b) == 11
    assert b.value == 6
    with pytest.raises(napi_python.JSTypeError):
        a.absorb({"value": 1})


def test_instance_made_in_cpp(addon):
    c = addon.makeCounter(9)
    assert isinstance(c, addon.Counter)
    assert c.value == 9
    assert c.label == "made"
    assert c.increment() == 10


def test_instanceof_from_cpp(addon):
    assert addon.isCounter(addon.Counter()) is True
    assert addon.isCounter({}) is False
    assert addon.isCounter(5) is False
    assert addon.readCounter(addon.Counter(8)) == 8


def test_python_subclass(addon):
    class Named(addon.Counter):
        def __init__(self, value):
            super().__init__(value, "sub")

        def twice(self):
            self.increment()
            return self.increment()

    n = Named(1)
    assert isinstance(n, addon.Counter)
    assert n.label == "sub"
    assert n.twice() == 3
    assert addon.isCounter(n) is True
    assert addon.readCounter(n) == 3


def test_instances_destroyed(addon):
    before = addon.Counter.destroyed()
    for i in range(50):
        addon.Counter(i).increment()
    gc.collect()
    addon.makeArray(1)
    gc.collect()
    assert addon.Counter.destroyed() >= before + 50


# -- Napi::Promise -------------------------------------------------------------

@pytest.mark.parametrize("use_catch", [False, True])
def test_promise_then_catch_on_python_awaitables(addon, use_catch):
    import asyncio
    import uvloop
    from async_helpers import later

    async def body():
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        loop.call_soon(fut.set_result, "future")
        results = [await addon.awaitPromise(later("coroutine"), use_catch),
                   await addon.awaitPromise(fut, use_catch),
                   await addon.awaitPromise(loop.create_task(later("task")), use_catch)]
        exc = KeyError("rejected")
        with pytest.raises(KeyError) as info:
            await addon.awaitPromise(later(exc), use_catch)
        assert info.value is exc
        return results

    for new_loop in (asyncio.new_event_loop, uvloop.new_event_loop):
        loop = new_loop()
        try:
            assert loop.run_until_complete(body()) == ["coroutine", "future", "task"]
        finally:
            loop.close()
