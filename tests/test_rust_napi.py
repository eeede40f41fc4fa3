"""An addon written with napi-rs (#[napi] functions, classes, objects, errors).

The crate is tests/addons/rust_napi; tests/rust_addon.py builds it with cargo. Most
tests use the "linked" build (napi_* imported through the dynamic linker); the last
group loads the "dyn-symbols" build, which finds napi_* with dlsym in the process's
global scope, as napi-rs 3 addons built with napi's default features do.
"""

import gc
import json

import pytest

import napi_python
from rust_addon import load_rust_addon


@pytest.fixture(scope="module")
def addon():
    return load_rust_addon("linked")


# -- plain functions ---------------------------------------------------------

def test_exports_are_camel_case(addon):
    for name in ("add", "concat", "i64Identity", "stringLengthUtf16", "shout",
                 "makePoint", "callWithTwo", "Counter", "Color"):
        assert name in addon, name
    assert "to_upper" not in addon
    assert "string_length_utf16" not in addon


def test_add(addon):
    assert addon.add(2, 3) == 5
    assert type(addon.add(2, 3)) is int
    assert addon.add(-7, 2) == -5


def test_add_wraps_like_i32(addon):
    assert addon.add(2**31 - 1, 1) == -(2**31)


def test_add_rejects_string_with_status_code(addon):
    with pytest.raises(napi_python.JSError) as info:
        addon.add("x", 1)
    assert info.value.code == "NumberExpected"
    assert "i32" in str(info.value)


def test_concat(addon):
    assert addon.concat("foo", "bar") == "foobar"
    assert addon.concat("", "é😀") == "é😀"


def test_half_returns_float(addon):
    assert addon.half(3) == 1.5
    result = addon.half(4)
    assert result == 2.0 and type(result) is float


def test_bool(addon):
    assert addon.negate(True) is False
    assert addon.negate(False) is True


def test_i64_number(addon):
    assert addon.i64Identity(-5) == -5
    assert type(addon.i64Identity(2**40)) is int
    assert addon.i64Identity(2**40) == 2**40


def test_utf16_length(addon):
    assert addon.stringLengthUtf16("a😀") == 3


def test_js_name(addon):
    assert addon.shout("abc") == "ABC"


def test_function_name(addon):
    assert addon.add.name == "add"
    assert addon.stringLengthUtf16.name == "stringLengthUtf16"


def test_keyword_arguments_rejected(addon):
    with pytest.raises(TypeError):
        addon.add(a=1, b=2)


# -- errors ------------------------------------------------------------------

def test_error_from_reason_has_generic_failure_code(addon):
    with pytest.raises(napi_python.JSError) as info:
        addon.fail("boom")
    e = info.value
    assert str(e) == "boom"
    assert e.message == "boom"
    assert e.code == "GenericFailure"
    assert e.name == "Error"


def test_error_with_status_code(addon):
    with pytest.raises(napi_python.JSError) as info:
        addon.failWithStatus("bad argument")
    assert info.value.code == "InvalidArg"
    assert info.value.message == "bad argument"


def test_result_ok_and_err(addon):
    assert addon.checkedSqrt(9) == 3.0
    with pytest.raises(napi_python.JSError) as info:
        addon.checkedSqrt(-1)
    assert info.value.code == "InvalidArg"
    assert info.value.message == "negative input: -1"


def test_throw_type_error(addon):
    with pytest.raises(napi_python.JSTypeError) as info:
        addon.throwTypeError("wrong type")
    e = info.value
    assert isinstance(e, TypeError)
    assert e.message == "wrong type"
    assert e.code == "ERR_RUST_TYPE"
    assert e.name == "TypeError"


def test_throw_range_error(addon):
    with pytest.raises(napi_python.JSRangeError) as info:
        addon.throwRangeError("too far")
    assert isinstance(info.value, ValueError)
    assert str(info.value) == "too far"


def test_panic_becomes_error(addon):
    with pytest.raises(napi_python.JSError) as info:
        addon.panics("rust panicked")
    assert info.value.message == "rust panicked"
    assert info.value.code == "GenericFailure"


def test_addon_usable_after_errors(addon):
    for _ in range(3):
        with pytest.raises(napi_python.JSError):
            addon.fail("x")
    assert addon.add(1, 1) == 2


# -- objects -----------------------------------------------------------------

def test_object_returned(addon):
    p = addon.makePoint(1, 2)
    assert isinstance(p, napi_python.Object)
    assert p["x"] == 1.0 and p.y == 2.0
    assert p.get("label") is None
    assert json.loads(json.dumps(p))["x"] == 1.0


def test_object_round_trip(addon):
    p = addon.translate({"x": 1, "y": 2, "label": "a"}, 10, 20)
    assert dict(p) == {"x": 11.0, "y": 22.0, "label": "a'"}


def test_object_optional_field_missing(addon):
    p = addon.translate({"x": 0.5, "y": 0}, 1, 1)
    assert p.x == 1.5 and p.y == 1.0
    assert p.get("label") is None


def test_object_required_field_missing(addon):
    with pytest.raises(napi_python.JSError) as info:
        addon.translate({"y": 1}, 0, 0)
    assert "x" in str(info.value)


def test_object_round_trip_through_returned_object(addon):
    p = addon.makePoint(3, 4)
    q = addon.translate(p, 1, 1)
    assert (q.x, q.y) == (4.0, 5.0)


def test_nested_object(addon):
    square = {"name": "sq", "closed": True,
              "points": [{"x": 0, "y": 0}, {"x": 1, "y": 0},
                         {"x": 1, "y": 1}, {"x": 0, "y": 1}]}
    assert addon.shapePerimeter(square) == 4.0
    square["closed"] = False
    assert addon.shapePerimeter(square) == 3.0


def test_object_argument_is_the_callers_object(addon):
    d = {"a": 1}
    assert addon.setFlag(d, "done") is None
    assert d == {"a": 1, "done": True}


def test_hashmap_to_object(addon):
    counts = addon.wordCounts("a b a c a")
    assert dict(counts) == {"a": 3, "b": 1, "c": 1}


# -- callbacks ---------------------------------------------------------------

def test_callback_with_two_args(addon):
    seen = []

    def cb(a, b):
        seen.append((a, b))
        return a * 10 + b

    assert addon.callWithTwo(cb, 3, 4) == 34
    assert seen == [(3, 4)]


def test_callback_per_element(addon):
    assert addon.mapStrings(["a", "bc"], str.upper) == ["A", "BC"]
    assert addon.mapStrings([], str.upper) == []


def test_callback_exception_propagates_unchanged(addon):
    class Boom(Exception):
        pass

    err = Boom("from python")

    def cb(a, b):
        raise err

    with pytest.raises(Boom) as info:
        addon.callWithTwo(cb, 1, 2)
    assert info.value is err


def test_callback_exception_mid_iteration(addon):
    calls = []

    def cb(s):
        calls.append(s)
        if s == "b":
            raise KeyError(s)
        return s

    with pytest.raises(KeyError):
        addon.mapStrings(["a", "b", "c"], cb)
    assert calls == ["a", "b"]


def test_callback_with_this(addon):
    target = {"prefix": ">"}
    result = addon.applyWithThis(
        napi_python.with_this(lambda this, s: this["prefix"] + s), target, "x")
    assert result == ">x"


def test_callback_returning_wrong_type(addon):
    with pytest.raises(napi_python.JSError) as info:
        addon.callWithTwo(lambda a, b: "not a number", 1, 2)
    assert info.value.code == "NumberExpected"


def test_function_name_of_python_callable(addon):
    def my_callback():
        pass

    assert addon.functionName(my_callback) == "my_callback"


def test_function_created_in_rust(addon):
    add5 = addon.makeAdder(5)
    assert isinstance(add5, napi_python.Function)
    assert add5(10) == 15
    assert add5.name == "adder"
    assert addon.functionName(add5) == "adder"


# -- Option / null -----------------------------------------------------------

def test_option_some_and_none(addon):
    assert addon.maybeDouble(4) == 8
    assert addon.maybeDouble(None) is None
    assert addon.maybeDouble() is None
    assert addon.maybeDouble(napi_python.null) is None


def test_either_null(addon):
    assert addon.nullIfEmpty("a") == "a"
    assert addon.nullIfEmpty("") is None


def test_none_in_vec_is_null(addon):
    values = addon.withHoles()
    assert values == [1, napi_python.null, 3]
    assert values[1] is napi_python.null


def test_either3(addon):
    assert addon.describe(5) == "number 5"
    assert addon.describe("s") == "string s"
    assert addon.describe(napi_python.null) == "null"


# -- BigInt ------------------------------------------------------------------

def test_bigint_from_i64(addon):
    v = addon.bigintFromI64(-7)
    assert isinstance(v, napi_python.BigInt)
    assert v == -7


def test_bigint_argument(addon):
    v = addon.bigintDouble(napi_python.BigInt(21))
    assert isinstance(v, napi_python.BigInt) and v == 42
    big = 2**60
    assert addon.bigintDouble(big) == 2**61


def test_bigint_u64(addon):
    v = addon.u64Max()
    assert isinstance(v, napi_python.BigInt)
    assert v == 2**64 - 1


def test_bigint_words(addon):
    parts = addon.bigintParts(-(2**64 + 5))
    assert parts == [1, 5, 1]
    assert all(isinstance(p, napi_python.BigInt) for p in parts)
    assert addon.bigintParts(napi_python.BigInt(3)) == [0, 3]


# -- arrays ------------------------------------------------------------------

def test_vec_u32(addon):
    r = addon.range(5)
    assert type(r) is list
    assert r == [0, 1, 2, 3, 4]
    assert addon.range(0) == []


def test_vec_argument(addon):
    assert addon.sum([1, 2, 3]) == 6
    assert addon.sum((4, 5)) == 9
    assert addon.reverseStrings(["a", "b", "c"]) == ["c", "b", "a"]


def test_vec_argument_wrong_element(addon):
    with pytest.raises(napi_python.JSError):
        addon.sum([1, "two"])


# -- enums -------------------------------------------------------------------

def test_enum(addon):
    assert addon.Color["Red"] == 0
    assert addon.Color.Green == 1
    assert addon.Color.Blue == 10
    assert addon.nextColor(addon.Color.Green) == 10
    assert addon.nextColor(10) == 0


# -- classes -----------------------------------------------------------------

def test_class_is_a_type(addon):
    assert isinstance(addon.Counter, type)
    c = addon.Counter(10)
    assert isinstance(c, addon.Counter)
    assert bool(c) is True


def test_constructor_and_methods(addon):
    c = addon.Counter(10)
    assert c.value == 10
    assert c.increment() == 11
    assert c.add(5) == 16
    assert c.value == 16


def test_constructor_optional_argument(addon):
    c = addon.Counter()
    assert c.value == 0
    assert c.isZero is True


def test_constructor_wrong_type(addon):
    with pytest.raises(napi_python.JSError) as info:
        addon.Counter("ten")
    assert info.value.code == "NumberExpected"


def test_getter_setter(addon):
    c = addon.Counter(1)
    c.value = 100
    assert c.value == 100
    assert c.isZero is False
    c.value = 0
    assert c.isZero is True


def test_public_field_accessor(addon):
    c = addon.Counter(0)
    assert c.step == 1
    c.step = 3
    assert c.increment() == 3
    assert c.increment() == 6


def test_static_method_and_factory(addon):
    assert addon.Counter.describeClass() == "Counter from napi-rs"
    c = addon.Counter.withValue(7)
    assert isinstance(c, addon.Counter)
    assert c.value == 7
    assert c.increment() == 8


def test_method_taking_instance(addon):
    a = addon.Counter(5)
    b = addon.Counter(3)
    assert a.absorb(b) == 8
    assert b.value == 3


def test_method_error(addon):
    c = addon.Counter(1)
    assert c.checkNonNegative() is None
    c.value = -2
    with pytest.raises(napi_python.JSError) as info:
        c.checkNonNegative()
    assert info.value.code == "InvalidArg"
    assert info.value.message == "negative counter: -2"


def test_instance_returned_from_function(addon):
    c = addon.makeCounter(4)
    assert isinstance(c, addon.Counter)
    assert c.value == 4
    assert c.step == 5
    assert c.increment() == 9


def test_instance_as_argument(addon):
    c = addon.Counter(12)
    assert addon.readCounter(c) == 12
    c.increment()
    assert addon.readCounter(c) == 13


def test_non_instance_as_argument(addon):
    with pytest.raises(napi_python.JSError):
        addon.readCounter({"value": 1})


def test_instances_are_independent(addon):
    a, b = addon.Counter(1), addon.Counter(100)
    a.increment()
    assert (a.value, b.value) == (2, 100)


def test_python_subclass(addon):
    class Doubling(addon.Counter):
        def doubled(self):
            return self.value * 2

    d = Doubling(4)
    assert isinstance(d, addon.Counter)
    assert d.doubled() == 8
    assert d.increment() == 5
    assert addon.readCounter(d) == 5


def test_many_instances_collected(addon):
    for i in range(200):
        c = addon.Counter(i)
        assert c.increment() == i + 1
    del c
    gc.collect()
    assert addon.Counter(1).value == 1


# -- iterators and the receiver check ------------------------------------------
# (tests/test_this_calls.py has the rules with a C addon.)

def test_iterator_next_gets_this(addon):
    # #[napi(iterator)]: napi-rs stores next/return/throw on each instance; they
    # find the generator's state through `this`.
    it = addon.Fib()
    assert [it.next()["value"] for _ in range(6)] == [1, 1, 2, 3, 5, 8]
    assert it.next(100) == {"value": 100, "done": False}
    assert getattr(it, "return")()["done"] is True
    assert it.next()["done"] is True
    with pytest.raises(napi_python.JSError):
        addon.Fib()["next"]()  # the stored function alone: no `this`


def test_method_of_another_class_raises(addon):
    c, label = addon.Counter(1), addon.Label("abc")
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.Counter.increment.call(label)
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.Counter.add(label, 5)
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.Label.text(c)
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.Counter.increment.call(None)
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.Counter.__dict__["value"].__get__(label)
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.Counter.__dict__["value"].__set__(label, 3)
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.Label.__dict__["size"].__get__(c)
    assert (c.increment(), label.text(), label.size) == (2, "abc", 3)
    assert addon.Counter.describeClass() == "Counter from napi-rs"  # static: no check


# -- async functions (napi's async-runtime, a thread per task) ----------------

def test_async_fn_without_loop(addon):
    promise = addon.asyncDouble(21)
    assert isinstance(promise, napi_python.Promise)
    assert promise.result(timeout=30) == 42


@pytest.mark.parametrize("loop_kind", ["asyncio", "uvloop"])
def test_async_fn_awaits_a_promise_argument(addon, loop_kind):
    """`async fn f(p: Promise<u32>)`: napi-rs calls p.then(cb) and .catch(cb) and
    awaits; p may be a napi_python.Promise or any Python awaitable."""
    import asyncio
    import uvloop
    from async_helpers import later
    from conftest import load_test_addon
    promises = load_test_addon("async_promises")

    async def body():
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        loop.call_later(0.001, fut.set_result, 2)
        promise, deferred = promises.createPromise()
        loop.call_later(0.001, promises.resolve, deferred, 4)
        results = [await addon.asyncDouble(4),
                   await addon.asyncPlus100(later(1)),
                   await addon.asyncPlus100(fut),
                   await addon.asyncPlus100(loop.create_task(later(3))),
                   await addon.asyncPlus100(promise)]
        exc = KeyError("rejected")
        with pytest.raises(KeyError) as info:
            await addon.asyncPlus100(later(exc))
        assert info.value is exc
        return results

    loop = asyncio.new_event_loop() if loop_kind == "asyncio" else uvloop.new_event_loop()
    try:
        assert loop.run_until_complete(body()) == [8, 101, 102, 103, 104]
    finally:
        loop.close()


def test_exit_with_an_async_fn_pending():
    from conftest import run_python
    r = run_python(
        "import conftest, asyncio  # conftest first: it puts the installed package on the path\n"
        "from rust_addon import load_rust_addon\n"
        "addon = load_rust_addon('linked')\n"
        "async def main():\n"
        "    global pending\n"
        "    pending = addon.asyncPlus100(asyncio.get_running_loop().create_future())\n"
        "    await asyncio.sleep(0.01)\n"
        "asyncio.run(main())\n"
        "print(pending.state)\n", timeout=120)
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout == "pending\n"


# -- the dyn-symbols build ---------------------------------------------------

@pytest.fixture(scope="module")
def dyn_addon():
    return load_rust_addon("dyn-symbols")


def test_dyn_symbols_functions(dyn_addon):
    assert dyn_addon.add(2, 3) == 5
    assert dyn_addon.concat("a", "b") == "ab"
    assert dyn_addon.range(3) == [0, 1, 2]


def test_dyn_symbols_errors(dyn_addon):
    with pytest.raises(napi_python.JSError) as info:
        dyn_addon.failWithStatus("bad")
    assert info.value.code == "InvalidArg"


def test_dyn_symbols_class(dyn_addon):
    c = dyn_addon.Counter(2)
    assert c.increment() == 3
    c.value = 9
    assert c.value == 9
    assert dyn_addon.callWithTwo(lambda a, b: a + b, 1, 2) == 3


def test_iterator_class_iterates_in_python(addon):
    # for x in it: JS's iteration protocol through Symbol.iterator, as for...of in
    # Node ([...take(new Fib(), 6)]); Fib never ends, so take a slice
    import itertools
    assert list(itertools.islice(addon.Fib(), 6)) == [1, 1, 2, 3, 5, 8]
    assert list(addon.Fib().keys()) == ["next", "return", "throw"]
    # islice lets go of the iterator unfinished: its return() ends the generator, as
    # a for...of left by break does in Node (a second loop over it sees nothing)
    fib = addon.Fib()
    assert list(itertools.islice(fib, 3)) == [1, 1, 2]
    assert list(itertools.islice(fib, 3)) == []
