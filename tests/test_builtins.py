"""What real addons rely on beyond the plain API: the methods of strings and arrays,
native state on class constructors and on Python objects, and NAPI_PYTHON_TRACE."""

import gc

import pytest

from conftest import load_test_addon, run_python
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


def test_objects_without_weak_references_cannot_carry_native_state(addon):
    assert addon.wrap({}, 1) == Status.napi_invalid_arg
    assert addon.addFinalizer([]) == Status.napi_invalid_arg


def test_trace_prints_failing_calls():
    r = run_python(
        "import os; os.environ['NAPI_PYTHON_TRACE'] = '1'\n"
        "from conftest import load_test_addon\n"
        "a = load_test_addon('builtins')\n"
        "a.wrap({}, 1)\n", )
    assert r.returncode == 0, r.stderr
    assert "napi-python trace: " in r.stderr and "Invalid argument" in r.stderr
