"""A buffer argument read as a typed array (issue 17's fast paths): what
napi_is_typedarray, napi_is_buffer and napi_get_typedarray_info (with and without the
ArrayBuffer out-parameter, as napi-rs asks for a Uint8Array or &[u8] argument) give
for each kind of input: bytes (read directly, its ArrayBuffer made without a buffer
export), bytearray, memoryviews (read-only, writable, offset, cast, non-contiguous),
our Buffer and typed arrays (at offsets, Python subclasses); the ArrayBuffers' free
list; napi_typeof of ints around the compact-int fast path.

The values are Node's for the same calls on a Buffer / Uint8Array of the same bytes
(a typed array's info: its element type, length, byte offset, data = the
ArrayBuffer's data + byte offset, NULL when the ArrayBuffer is empty, and for a JS
typed array its own `.buffer`); a Python buffer is a typed array starting at its
ArrayBuffer's first byte.
"""

import array
import ctypes
import gc
import sys
import weakref

import pytest

from conftest import load_test_addon
from napi_status import Status

import napi_python as napi


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("buffers")


@pytest.fixture(scope="module")
def values():
    return load_test_addon("values")


def addr_of_bytes(b):
    return ctypes.cast(ctypes.c_char_p(b), ctypes.c_void_p).value


def addr_of_writable(buf):
    return ctypes.addressof((ctypes.c_char * len(memoryview(buf).cast("B"))).from_buffer(buf))


def settle(addon):
    for _ in range(2):
        gc.collect()
        addon.noop()


class Mixin:
    pass


class MyBuffer(napi.Buffer):
    pass


class DeeperBuffer(MyBuffer):
    pass


class MixedFloat64Array(Mixin, napi.Float64Array):
    pass


class BytesSubclass(bytes):
    pass


def check_info(addon, value, type_, length, data, byte_offset=0, buffer=None):
    """typedArrayInfo with and without the ArrayBuffer, napi_is_typedarray/is_buffer."""
    assert addon.isTypedArray(value) is True
    assert addon.isBuffer(value) is True
    info = addon.typedArrayInfo(value)
    assert (info["type"], info["length"], info["byteOffset"], info["data"]) == (
        type_, length, byte_offset, data)
    assert isinstance(info["buffer"], napi.ArrayBuffer)
    assert info["bufferData"] + byte_offset == data
    if buffer is not None:
        assert info["buffer"] is buffer  # a JS typed array's own ArrayBuffer
    no_buffer = addon.typedArrayInfoNoBuffer(value)
    assert no_buffer == {"type": type_, "length": length, "byteOffset": byte_offset,
                         "data": data}
    return info


# ---- each kind of input ----------------------------------------------------------

@pytest.mark.parametrize("data", [b"hello world", b"", b"x", bytes(range(256)) * 40],
                         ids=["short", "empty", "one", "10k"])
def test_bytes(addon, data):
    # an empty one's data pointer is NULL, as Node's for an empty Buffer
    info = check_info(addon, data, 1, len(data), addr_of_bytes(data) if data else 0)
    ab = info["buffer"]
    assert ab.byteLength == len(data)
    assert bytes(ab) == data
    assert addon.typedArraySum(data) == sum(data)


def test_bytes_subclass_takes_the_general_path(addon):
    data = BytesSubclass(b"subclass")
    info = check_info(addon, data, 1, 8, addr_of_bytes(data))
    assert bytes(info["buffer"]) == b"subclass"


def test_bytearray(addon):
    ba = bytearray(b"0123456789")
    info = check_info(addon, ba, 1, 10, addr_of_writable(ba))
    assert bytes(info["buffer"]) == b"0123456789"


def test_readonly_memoryview(addon):
    data = b"abcdefgh"
    mv = memoryview(data)[1:5]
    info = check_info(addon, mv, 1, 4, addr_of_bytes(data) + 1)
    assert bytes(info["buffer"]) == b"bcde"
    assert memoryview(info["buffer"]).readonly


def test_writable_memoryview_at_an_offset(addon):
    ba = bytearray(b"__hello world__")
    mv = memoryview(ba)[2:13]
    info = check_info(addon, mv, 1, 11, addr_of_writable(ba) + 2)
    assert not memoryview(info["buffer"]).readonly
    addon.typedArraySet(mv, 0, ord("J"))
    assert ba == bytearray(b"__Jello world__")


def test_memoryview_cast(addon):
    ba = bytearray(8)
    check_info(addon, memoryview(ba).cast("H"), 4, 4, addr_of_writable(ba))
    arr = array.array("d", [1.5, 2.5])
    check_info(addon, arr, 8, 2, arr.buffer_info()[0])


def test_non_contiguous_memoryview_is_no_typed_array(addon):
    mv = memoryview(b"hello world")[::2]
    assert addon.isTypedArray(mv) is False
    assert addon.isBuffer(mv) is False
    assert addon.typedArrayInfoStatus(mv) == Status.napi_invalid_arg
    with pytest.raises(napi.JSError):
        addon.typedArrayInfoNoBuffer(mv)


def test_our_buffer(addon):
    buf = napi.Buffer(b"hello world")
    address = addr_of_writable(buf)
    check_info(addon, buf, 1, 11, address, buffer=buf.buffer)


def test_typed_arrays_at_offsets(addon):
    ab = napi.ArrayBuffer(b"____hello world_" + bytes(16))
    base = addr_of_writable(ab)
    u8 = napi.Uint8Array(ab, 4, 11)
    check_info(addon, u8, 1, 11, base + 4, byte_offset=4, buffer=ab)
    f64 = napi.Float64Array(ab, 16, 2)
    check_info(addon, f64, 8, 2, base + 16, byte_offset=16, buffer=ab)
    i16 = napi.Int16Array(ab, 6, 3)
    check_info(addon, i16, 3, 3, base + 6, byte_offset=6, buffer=ab)


def test_python_subclasses_of_typed_arrays(addon):
    for cls_, type_ in ((MyBuffer, 1), (DeeperBuffer, 1), (MixedFloat64Array, 8)):
        v = cls_(4)
        check_info(addon, v, type_, 4, addr_of_writable(v), buffer=v.buffer)
    with pytest.raises(TypeError):
        napi.TypedArray(4)


def test_not_typed_arrays(addon):
    ab = napi.ArrayBuffer(8)
    for v in (ab, napi.DataView(ab), "text", 1, None, [1, 2], {}, Mixin()):
        assert addon.isTypedArray(v) is False, v
        assert addon.typedArrayInfoStatus(v) == Status.napi_invalid_arg, v
    assert addon.isBuffer(napi.DataView(ab)) is True  # as Node: any ArrayBuffer view


# ---- the ArrayBuffer of a bytes argument -------------------------------------------

def test_bytes_arraybuffer_is_read_only_and_over_the_bytes(addon):
    data = bytes(range(100))
    info = addon.typedArrayInfo(data)
    ab = info["buffer"]
    mv = memoryview(ab)
    assert mv.readonly
    with pytest.raises(TypeError):
        mv[0] = 1
    mv.release()
    # Each call makes its own ArrayBuffer, over the same memory.
    again = addon.typedArrayInfo(data)
    assert again["bufferData"] == info["bufferData"] == addr_of_bytes(data)
    # A typed array the addon makes on it reads the bytes.
    ta = addon.createTypedArray(1, ab, 10, 5)
    assert list(ta) == [10, 11, 12, 13, 14]


def test_bytes_arraybuffer_holds_the_bytes(addon):
    data = bytes(range(200))  # a new object (not shared by the compiler)
    refs = sys.getrefcount(data)
    info = addon.typedArrayInfo(data)
    assert sys.getrefcount(data) == refs + 1  # the ArrayBuffer's reference
    ab = info["buffer"]
    del info
    probe = weakref.ref(ab)
    del data
    gc.collect()
    assert bytes(ab) == bytes(range(200))  # still alive, through the ArrayBuffer
    del ab
    assert probe() is None


def test_bytes_reference_dropped_with_the_arraybuffer(addon):
    data = bytes(range(50))
    refs = sys.getrefcount(data)
    for _ in range(50):
        addon.typedArrayInfo(data)
    addon.typedArrayInfoNoBuffer(data)
    gc.collect()
    assert sys.getrefcount(data) == refs


def test_detaching_a_bytes_arraybuffer(addon):
    data = bytes(range(30))
    refs = sys.getrefcount(data)
    ab = addon.typedArrayInfo(data)["buffer"]
    addon.detachArrayBuffer(ab)
    assert ab.detached and ab.byteLength == 0
    assert sys.getrefcount(data) == refs  # the reference went with the memory
    assert data == bytes(range(30))
    del ab
    assert sys.getrefcount(data) == refs


def test_arraybuffer_free_list_reuse(addon):
    # Made and dropped in turn, more than the free list holds: each ArrayBuffer shows
    # its own bytes, weak references to dropped ones stay dead, and an external
    # ArrayBuffer's finalizer runs once whatever reuses its object afterwards.
    settle(addon)
    before = addon.finalizeCounts()["arraybuffer"]
    external = addon.createExternalArrayBuffer(16)
    probes = [weakref.ref(external)]
    del external
    settle(addon)
    assert addon.finalizeCounts()["arraybuffer"] == before + 1
    for round_ in range(3):
        sources = [bytes([round_, i]) * (i + 1) for i in range(40)]
        kept = [addon.typedArrayInfo(s)["buffer"] for s in sources]
        assert [bytes(ab) for ab in kept] == sources
        assert all(p() is None for p in probes)
        probes = [weakref.ref(ab) for ab in kept]
        owned = napi.ArrayBuffer(b"owned")  # reuses a freed object too
        assert bytes(owned) == b"owned" and not owned.detached
        del kept, owned
        gc.collect()
        assert all(p() is None for p in probes)
    settle(addon)
    assert addon.finalizeCounts()["arraybuffer"] == before + 1


# ---- napi_typeof of ints (the compact-int fast path and past it) ---------------------

@pytest.mark.parametrize("value,expected", [
    (0, "number"), (1, "number"), (-1, "number"), (2**30 - 1, "number"),
    (-(2**30 - 1), "number"), (2**30, "number"), (-(2**30), "number"),
    (2**53, "number"), (-(2**53), "number"), (2**53 + 1, "bigint"),
    (-(2**53) - 1, "bigint"), (2**64, "bigint"), (True, "boolean"),
])
def test_typeof_ints(values, value, expected):
    names = {0: "undefined", 1: "null", 2: "boolean", 3: "number", 4: "string",
             5: "symbol", 6: "object", 7: "function", 8: "external", 9: "bigint"}
    assert names[values.typeofValue(value)] == expected


def test_typeof_int_subclass(values):
    import enum

    class Small(enum.IntEnum):
        A = 5
        B = 2**60

    assert values.typeofValue(Small.A) == 3  # number
    assert values.typeofValue(Small.B) == 9  # bigint
