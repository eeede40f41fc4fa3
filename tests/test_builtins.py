"""What real addons rely on beyond the plain API: the methods of strings and arrays,
native state on class constructors and on Python objects, and NAPI_PYTHON_TRACE."""

import asyncio
import gc

import pytest

from async_helpers import run  # noqa: F401  (fixture)
from conftest import load_test_addon, run_python
import napi_python as napi
from napi_status import Status


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("builtins")


def test_string_slice_counts_utf16_units(addon):
    assert addon.callMethod("hello world", "slice", 6) == "world"
    assert addon.callMethod("hello", "slice", -3, -1) == "ll"
    # An astral character is two UTF-16 units in JS.
    assert addon.callMethod("a\U0001F600b", "slice", 1, 3) == "\U0001F600"
    assert addon.callMethod("abc", "charCodeAt", 1) == 98
    assert addon.callMethod("abc", "substring", 2, 0) == "ab"


def test_array_methods_work_on_the_callers_list(addon):
    items = [1, 2]
    assert addon.callMethod(items, "push", 3, 4) == 4
    assert items == [1, 2, 3, 4]
    assert addon.callMethod(items, "join", "-") == "1-2-3-4"
    assert addon.callMethod(items, "slice", 1, -1) == [2, 3]


def test_object_prototype_methods(addon):
    assert addon.callMethod({"a": 1}, "hasOwnProperty", "a") is True
    assert addon.callMethod({"a": 1}, "toString") == "[object Object]"


def test_finalizer_on_a_class_runs_when_the_class_dies(addon):
    cls = addon.makeClass()
    before = addon.finalized()
    assert addon.addFinalizer(cls) == Status.napi_ok
    del cls
    gc.collect()
    addon.finalized()  # a call into the addon: deferred finalizers have run after it
    assert addon.finalized() == before + 1


def test_wrap_a_python_object(addon):
    class Plain:
        pass

    obj = Plain()
    before = addon.finalized()
    assert addon.wrap(obj, 42) == Status.napi_ok
    assert addon.unwrap(obj) == 42
    assert addon.wrap(obj, 1) == Status.napi_invalid_arg  # already wrapped
    del obj
    gc.collect()
    addon.finalized()
    assert addon.finalized() == before + 1


def test_objects_without_weak_references_carry_native_state(addon):
    """A dict or list (no weak references in Python) is pinned beside its state
    (finalizers.cc), and released with it once nothing else holds it; a primitive
    carries none, as in Node."""
    d, lst = {}, []
    before = addon.finalized()
    assert addon.wrap(d, 1) == Status.napi_ok
    assert addon.unwrap(d) == 1
    assert addon.addFinalizer(lst) == Status.napi_ok
    del d, lst
    gc.collect()
    addon.finalized()
    assert addon.finalized() == before + 2  # the wrap's and the added finalizer
    assert addon.wrap(5, 1) == Status.napi_invalid_arg
    assert addon.wrap("s", 1) == Status.napi_invalid_arg


def test_trace_prints_failing_calls():
    r = run_python(
        "import os; os.environ['NAPI_PYTHON_TRACE'] = '1'\n"
        "from conftest import load_test_addon\n"
        "a = load_test_addon('builtins')\n"
        "a.wrap(5, 1)\n", )
    assert r.returncode == 0, r.stderr
    assert "napi-python trace: " in r.stderr and "Invalid argument" in r.stderr


# Buffer and the binary constructors on the global object, as addons use them; the
# expected bytes are Node 20's for the same calls.
@pytest.mark.parametrize("args, expected", [
    (("hello",), b"hello"),
    (("h\u00e9\u20ac",), "h\u00e9\u20ac".encode()),
    (("\ud800x",), b"\xef\xbf\xbdx"),             # a lone surrogate: U+FFFD
    (("68656c6c6fzz", "hex"), b"hello"),           # hex stops at the first bad pair
    (("aGVsbG8", "base64"), b"hello"),             # padding optional
    (("_-8", "base64url"), b"\xff\xef"),
    (("h\u00e9", "latin1"), b"h\xe9"),
    (("hi", "utf16le"), b"h\x00i\x00"),
    (([1, 256, 257, -1],), b"\x01\x00\x01\xff"),  # each value & 255
])
def test_global_buffer_from(addon, args, expected):
    buf = addon.callMethod(addon.globalGet("Buffer"), "from", *args)
    assert bytes(buf) == expected
    assert addon.bufferFacts(buf) == [True, True, True]


def test_global_buffer_from_array_buffer_shares_memory(addon):
    ab = napi.ArrayBuffer(b"abcdef")
    view = addon.callMethod(addon.globalGet("Buffer"), "from", ab, 1, 3)
    assert bytes(view) == b"bcd"
    memoryview(ab)[1] = ord("X")
    assert bytes(view) == b"Xcd"


def test_global_buffer_helpers(addon):
    B = addon.globalGet("Buffer")
    assert bytes(addon.callMethod(B, "alloc", 5, "ab")) == b"ababa"
    assert bytes(addon.callMethod(B, "alloc", 3)) == b"\0\0\0"
    assert bytes(addon.callMethod(B, "alloc", 2, 257)) == b"\x01\x01"
    assert len(addon.callMethod(B, "allocUnsafe", 7)) == 7
    assert addon.callMethod(B, "isBuffer", napi.Buffer(1)) is True
    assert addon.callMethod(B, "isBuffer", b"x") is False
    assert addon.callMethod(B, "byteLength", "h\u00e9") == 3
    joined = addon.callMethod(B, "concat", [napi.Buffer(b"ab"), b"c"], 5)
    assert bytes(joined) == b"abc\0\0"
    with pytest.raises(napi.JSTypeError, match="Unknown encoding"):
        addon.callMethod(B, "from", "x", "klingon")


def test_global_binary_constructors(addon):
    u16 = addon.newGlobal("Uint16Array", 3)
    assert type(u16) is napi.Uint16Array and len(u16) == 3
    # napi_is_buffer is true for every ArrayBufferView in Node (Buffer::HasInstance)
    assert addon.bufferFacts(u16) == [True, False, False]
    u8 = addon.newGlobal("Uint8Array", napi.ArrayBuffer(8), 2, 4)
    assert addon.bufferFacts(u8) == [True, False, True]
    assert u8.byte_offset == 2 and len(u8) == 4
    assert type(addon.newGlobal("Buffer", "hi")) is napi.Buffer
    assert type(addon.newGlobal("ArrayBuffer", 4)) is napi.ArrayBuffer


def _promises_addon():
    return load_test_addon("async_promises")


def test_global_promise_constructor(addon, run):
    P = addon.globalGet("Promise")

    async def body():
        made = addon.newGlobal("Promise", lambda resolve, reject: resolve(5))
        assert isinstance(made, napi.Promise)
        assert await made == 5
        thrown = addon.newGlobal("Promise", lambda resolve, reject: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            await thrown
        once = addon.newGlobal("Promise", lambda resolve, reject: (resolve(1), reject(2)))
        assert await once == 1  # the first settlement wins
        pending, deferred = _promises_addon().createPromise()
        adopting = addon.newGlobal("Promise",
                                   lambda resolve, reject: (resolve(pending), reject(2)))
        await asyncio.sleep(0)
        assert adopting.state == "pending"  # resolved with a pending promise: reject ignored
        _promises_addon().resolve(deferred, 7)
        assert await adopting == 7
        assert await addon.callMethod(P, "resolve", 3) == 3
        with pytest.raises(napi.JSRangeError):
            await addon.callMethod(P, "reject", napi.JSRangeError("no"))
        # A rejection that is not an Error: a JSError as when an addon throws the
        # value (its message the value's JS ToString, as Node prints it).
        for value, message in ((True, "true"), (None, "undefined"), ([1, 2], "1,2"),
                               (napi.null, "null"), ({"a": 1}, "[object Object]")):
            with pytest.raises(napi.JSError) as caught:
                await addon.newGlobal("Promise", lambda resolve, reject: reject(value))
            assert str(caught.value) == message
            assert caught.value.value == (None if value is napi.null else value)
    run(body())
    with pytest.raises(napi.JSTypeError, match="resolver"):
        addon.newGlobal("Promise", 5)
