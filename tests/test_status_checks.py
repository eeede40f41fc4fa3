"""Status and argument checks as Node makes them (issue 12, item 6): NULL names,
the last-error state a callback starts with, modules without an entry point,
external ArrayBuffers without memory, and exceptions thrown where no caller can
catch them (cleanup hooks and the instance data finalizer, at exit)."""

import gc

import pytest

import napi_python
from conftest import build_test_addon, load_test_addon, run_python
from napi_status import Status


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("status_checks")


def test_define_class_with_a_null_name_is_invalid_arg(addon):
    assert addon.defineClassNullName() == Status.napi_invalid_arg


@pytest.mark.parametrize("length", [5, -1])  # -1: NAPI_AUTO_LENGTH
def test_symbol_for_null_description_with_a_length_is_invalid_arg(addon, length):
    assert addon.symbolForNull(length)["status"] == Status.napi_invalid_arg


def test_symbol_for_null_description_of_length_zero_is_the_empty_key(addon):
    r = addon.symbolForNull(0)
    assert r["status"] == Status.napi_ok
    assert r["sameAsEmpty"] is True
    assert r["symbol"] is napi_python.Symbol.for_("")


def test_a_callback_starts_with_the_last_error_cleared(addon):
    assert addon.leaveError() == Status.napi_number_expected
    assert addon.lastErrorOnEntry() == Status.napi_ok


def test_module_init_starts_with_the_last_error_cleared(addon):
    # the first thing a fresh module's init sees (null_args reads it there too)
    addon.leaveError()
    assert load_test_addon("null_args") is not None


def test_a_module_without_an_entry_point_fails_with_nodes_message():
    path = build_test_addon("null_entry")
    for _ in range(2):  # a second attempt finds the registered module again
        with pytest.raises(napi_python.AddonLoadError) as info:
            napi_python.load_addon(path)
        assert "Module has no declared entry point." in str(info.value)
        assert str(path) in str(info.value)


def test_external_arraybuffer_without_data_is_detached(addon):
    before = addon.nullFinalized()
    r = addon.nullExternalArrayBuffer()
    assert r["detached"] is True
    assert r["dataIsNull"] is True
    assert r["byteLength"] == 0
    ab = r["value"]
    assert isinstance(ab, napi_python.ArrayBuffer)
    assert ab.detached
    with pytest.raises(BufferError):  # as every detached ArrayBuffer
        memoryview(ab)
    # its finalizer runs once the call that made it has returned, whatever the
    # ArrayBuffer's own lifetime (nothing else would ever trigger it)
    assert addon.nullFinalized() == before + 1
    del r, ab
    gc.collect()
    assert addon.nullFinalized() == before + 1


def test_external_memory_without_data_but_with_a_length_is_invalid_arg(addon):
    assert addon.nullExternalWithLength() == {"arraybuffer": Status.napi_invalid_arg,
                                              "buffer": Status.napi_invalid_arg}


def test_exceptions_in_cleanup_hooks_and_instance_finalizer_are_reported():
    r = run_python(
        "from conftest import load_test_addon\n"
        "load_test_addon('status_checks').throwAtExit()\n"
        "print('main done', flush=True)\n")
    assert r.returncode == 0, r.stderr
    assert "main done" in r.stdout
    err = r.stderr
    assert err.index("cleanup hook ran") < err.index("thrown by a cleanup hook")
    assert "exception in an env cleanup hook" in err
    assert err.index("instance data finalizer ran") < err.index(
        "thrown by the instance data finalizer")
    assert "exception in an instance data finalizer" in err
    assert "JSError" in err
