"""Python buffers that are not data, and read-only buffers (issue 18.7).

- A buffer whose format holds Python object references or pointers (a numpy
  `dtype=object` array, a structured dtype with an object field, ctypes arrays of
  pointers or `py_object`, a memoryview cast to 'P') is refused with a TypeError when
  an addon asks for its memory (napi_get_buffer_info, napi_get_typedarray_info with
  and without the ArrayBuffer): the addon never gets it, so it cannot write pointers
  into it. Every plain-data format (numbers, bools, characters, complex, structured
  records of those) still reaches the addon zero-copy.
- NAPI_PYTHON_CHECK_BYTES=1: a read-only buffer (`bytes`...) reaches the addon as a
  copy; an addon writing into it gets a RuntimeWarning and the object stays intact.

Uses the buffers test addon (tests/addons/buffers/buffers.c).
"""

import ctypes
import textwrap

import numpy as np
import pytest

from conftest import load_test_addon, run_python

import napi_python as napi


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("buffers")


def refused_buffers():
    return {
        "numpy object": np.array([1, "x", None], dtype=object),
        "numpy record with object": np.zeros(2, dtype=[("a", "i4"), ("b", "O")]),
        "ctypes py_object": (ctypes.py_object * 2)(1, 2),
        "ctypes c_void_p": (ctypes.c_void_p * 2)(),
        "ctypes c_char_p": (ctypes.c_char_p * 2)(b"a", b"b"),
        "memoryview P": memoryview(bytearray(16)).cast("P"),
    }


@pytest.mark.parametrize("name", list(refused_buffers()))
def test_object_and_pointer_buffers_are_refused(addon, name):
    buf = refused_buffers()[name]
    before = list(memoryview(buf).cast("B"))
    for read in (addon.bufferInfo, addon.typedArrayInfo, addon.typedArraySum):
        with pytest.raises(TypeError, match="holds Python object references or pointers"):
            read(buf)
    with pytest.raises(napi.JSTypeError):
        addon.bufferFill(buf, 0xAB)  # would overwrite every pointer
    with pytest.raises(TypeError):
        addon.typedArraySet(buf, 0, 1)
    assert list(memoryview(buf).cast("B")) == before
    # It is a buffer (typed array) for the predicates; only its memory is refused.
    assert addon.isBuffer(buf) and addon.isTypedArray(buf)
    assert addon.noop() is None  # nothing left pending


def test_numpy_object_array_survives(addon):
    objs = [object(), "text", 12345678901234567890]
    arr = np.array(objs, dtype=object)
    with pytest.raises(TypeError):
        addon.bufferFill(arr, 0)
    assert list(arr) == objs


def test_reference_to_an_object_array(addon):
    # napi_create_reference takes it (nothing pinned); reading its memory is refused.
    arr = np.array([None, 1], dtype=object)
    slot = addon.holdRef(arr)
    try:
        assert addon.refValue(slot) is arr
        with pytest.raises(TypeError):
            addon.refWrite(slot, 0, 1)
    finally:
        addon.dropRef(slot)
    assert list(arr) == [None, 1]


@pytest.mark.parametrize("fmt", list("bBchHiIlLqQnNfd?"))
def test_memoryview_plain_formats_reach_the_addon(addon, fmt):
    ba = bytearray(64)
    mv = memoryview(ba).cast(fmt)
    assert addon.bufferInfo(mv)[0] == 64
    addon.bufferWrite(mv, 0, 7)
    assert ba[0] == 7


@pytest.mark.parametrize("dtype", [
    np.complex128, np.complex64, np.bool_, np.longdouble, "U3", "S4", "V4",
    [("a", "<i4"), ("b", "<f8")], [("xy", "<f4", (2,)), ("flag", "?")],
])
def test_numpy_plain_data_reaches_the_addon(addon, dtype):
    arr = np.zeros(3, dtype=dtype)
    n, address = addon.bufferInfo(arr)
    assert (n, address) == (arr.nbytes, arr.ctypes.data)
    addon.bufferWrite(arr, 0, 1)
    assert arr.view(np.uint8)[0] == 1


# ---- NAPI_PYTHON_CHECK_BYTES ----------------------------------------------------------

def run_checked(body, check="1"):
    code = textwrap.dedent("""\
        import os
        os.environ["NAPI_PYTHON_CHECK_BYTES"] = %r
        import gc, warnings
        from conftest import load_test_addon  # first: under ASan it imports numpy untracked
        import numpy as np
        addon = load_test_addon("buffers")
        warnings.simplefilter("always")
        def writes(fn, *args):
            with warnings.catch_warnings(record=True) as w:
                fn(*args)
                gc.collect()
            return [str(x.message) for x in w if x.category is RuntimeWarning]
        """) % check + textwrap.dedent(body)
    r = run_python(code)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_check_bytes_catches_a_write_into_bytes():
    out = run_checked("""
        b = bytes(range(16))
        msgs = writes(addon.bufferWrite, b, 3, 99)
        print(len(msgs), msgs[0] if msgs else "")
        print(b == bytes(range(16)))
        print(addon.bufferRead(b, 3), addon.hashBuffer(b)[1])
        print(writes(addon.bufferFill, b, 0)[0].startswith("an addon wrote"))
        print(writes(addon.typedArraySet, b, 5, 1)[0].startswith("an addon wrote"))
        print(b == bytes(range(16)))
    """)
    lines = out.splitlines()
    assert lines[0] == ("1 an addon wrote into the memory of a read-only bytes (1 of 16 bytes "
                        "changed); NAPI_PYTHON_CHECK_BYTES gave it a copy, the object is "
                        "unchanged")
    assert lines[1:] == ["True", "3 16", "True", "True", "True"]


def test_check_bytes_reads_are_silent_and_writable_buffers_shared():
    out = run_checked("""
        b = bytes(range(8))
        print(writes(addon.bufferRead, b, 1), writes(addon.typedArraySum, b))
        ba = bytearray(8)
        print(writes(addon.bufferWrite, ba, 2, 5), ba[2])
        n, address = addon.bufferInfo(b)
        import ctypes
        print(address != ctypes.cast(ctypes.c_char_p(b), ctypes.c_void_p).value)
        ro = np.arange(4, dtype=np.int32); ro.flags.writeable = False
        print(len(writes(addon.typedArraySet, ro, 0, 9)), ro.tolist())
    """)
    assert out.splitlines() == ["[] []", "[] 5", "True", "1 [0, 1, 2, 3]"]


def test_check_bytes_through_the_arraybuffer():
    # napi_get_typedarray_info with the ArrayBuffer: the ArrayBuffer holds the copy,
    # compared when it dies.
    out = run_checked("""
        b = bytes(8)
        info = addon.typedArrayInfo(b)
        ta = addon.createTypedArray(1, info["buffer"], 0, 8)
        addon.typedArraySet(ta, 2, 42)
        print(bytes(info["buffer"])[2], b[2])
        print(len(writes(lambda: None)))
        with warnings.catch_warnings(record=True) as w:
            del info, ta
            gc.collect()
        print([str(x.message)[:30] for x in w])
    """)
    assert out.splitlines() == ["42 0", "0", "['an addon wrote into the memory']"]


def test_check_bytes_off():
    # Off (the default, and "0"): the addon gets the bytes object's own memory.
    out = run_checked("""
        import ctypes
        b = bytes(range(4))
        n, address = addon.bufferInfo(b)
        print(address == ctypes.cast(ctypes.c_char_p(b), ctypes.c_void_p).value)
    """, check="0")
    assert out.splitlines() == ["True"]
