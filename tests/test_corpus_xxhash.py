"""@node-rs/xxhash 1.7.8 (napi-rs): the calls of the corpus's Node reference
(node-reference/node-rs__xxhash.js), made on the native exports; the package's
index.js only re-exports them."""

import pytest

import napi_python
from napi_python import BigInt
from corpus.support import corpus_addon

x = corpus_addon("@node-rs/xxhash")


def test_exports():
    assert sorted(x) == ["Xxh32", "Xxh64", "xxh3", "xxh32", "xxh64"]
    assert sorted(k for k in x.xxh3) == ["Xxh3", "xxh128", "xxh128WithSecret", "xxh64",
                                         "xxh64WithSecret"]


def test_xxh32_of_str_and_bytes():
    assert x.xxh32("hello world", 0) == 3468387874
    assert x.xxh32(b"hello world", 42) == 4225033588
    assert x.xxh32(bytearray(b"hello world"), 42) == 4225033588


def test_xxh64_is_a_bigint():
    h = x.xxh64("hello world")
    assert isinstance(h, BigInt)
    assert h == 5020219685658847592


def test_xxh64_class_streaming():
    h = x.Xxh64(BigInt(0))
    assert h.update("hello ") is h          # napi-rs returns `this`
    h.update(b"world")
    assert h.digest() == 5020219685658847592


def test_xxh3_namespace():
    assert x.xxh3.xxh64("hello world") == 15296390279056496779
    assert x.xxh3.xxh128("hello world") == 297150157938599054391163723952090887879


def test_xxh3_static_factory():
    h = x.xxh3.Xxh3.withSeed(BigInt(0))
    assert isinstance(h, x.xxh3.Xxh3)
    h.update("hello world")
    assert h.digest() == 15296390279056496779


def test_bad_input_type():
    with pytest.raises(napi_python.JSError) as info:
        x.xxh32(123)
    assert info.value.code == "InvalidArg"
    assert info.value.message == "Value is none of these types `TypedArray<u8>`, `String`, "


# napi-rs reads a Uint8Array argument with napi_is_typedarray, then
# napi_get_typedarray_info asking for the ArrayBuffer too: every kind of Python
# buffer gives the hash of its bytes, as Node gives for a Buffer or a Uint8Array
# view of them (Node 20: xxh32(<"hello world">, 42) = 4225033588, also for
# `new Uint8Array(ab, 2, 11)` and `buf.subarray(2, 13)`; 3586027192 for no bytes).
class BytesSubclass(bytes):
    pass


def _u8_at_offset():
    return napi_python.Uint8Array(napi_python.ArrayBuffer(b"__hello world__"), 2, 11)


@pytest.mark.parametrize("make", [
    lambda: b"hello world",
    lambda: bytearray(b"hello world"),
    lambda: memoryview(b"hello world"),
    lambda: memoryview(bytearray(b"__hello world__"))[2:13],
    lambda: BytesSubclass(b"hello world"),
    lambda: napi_python.Buffer(b"hello world"),
    _u8_at_offset,
], ids=["bytes", "bytearray", "memoryview", "memoryview-offset", "bytes-subclass", "Buffer",
        "Uint8Array-offset"])
def test_xxh32_of_every_buffer_kind(make):
    value = make()
    assert x.xxh32(value, 42) == 4225033588
    assert x.xxh32(value, 42) == 4225033588  # again: the ArrayBuffers are reused
    h = x.Xxh32(42)
    h.update(value)
    assert h.digest() == 4225033588


def test_xxh32_of_no_bytes():
    assert x.xxh32(b"", 42) == 3586027192
    assert x.xxh32(napi_python.Buffer(0), 42) == 3586027192


@pytest.mark.parametrize("make", [
    lambda: napi_python.Float64Array(2),
    lambda: napi_python.Uint8ClampedArray(2),
    lambda: napi_python.DataView(napi_python.ArrayBuffer(2)),
    lambda: napi_python.ArrayBuffer(2),
    lambda: memoryview(b"hello world")[::2],  # not contiguous: no typed array
], ids=["Float64Array", "Uint8ClampedArray", "DataView", "ArrayBuffer", "strided-memoryview"])
def test_xxh32_refuses_other_binary_values(make):
    # Node 20: InvalidArg, "Value is none of these types `TypedArray<u8>`, `String`, "
    with pytest.raises(napi_python.JSError) as info:
        x.xxh32(make(), 42)
    assert info.value.code == "InvalidArg"
    assert info.value.message.startswith("Value is none of these types")
