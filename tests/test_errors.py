"""Errors and exceptions: napi_throw*, napi_create_*error, napi_is_error,
pending exceptions, napi_get_last_error_info, exceptions raised by Python
callbacks, and napi_fatal_error."""

import sys
import textwrap
import traceback

import pytest

from conftest import build_test_addon, load_test_addon, run_python
from napi_status import Status

import napi_python as napi

UNDEFINED, OBJECT = 0, 6


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("errors")


# ---- napi_throw_error & co ------------------------------------------------------

def test_throw_error(addon):
    with pytest.raises(napi.JSError) as ei:
        addon.throwKind("error", None, "plain failure")
    e = ei.value
    assert str(e) == "plain failure"
    assert e.message == "plain failure"
    assert e.name == "Error"
    assert getattr(e, "code", None) is None


def test_throw_error_with_code(addon):
    with pytest.raises(napi.JSError) as ei:
        addon.throwKind("error", "ERR_THING", "with code")
    assert ei.value.code == "ERR_THING"
    assert ei.value.message == "with code"


def test_throw_type_error(addon):
    with pytest.raises(TypeError) as ei:
        addon.throwKind("type", "ERR_TYPE", "wrong type")
    e = ei.value
    assert isinstance(e, napi.JSTypeError) and isinstance(e, napi.JSError)
    assert e.name == "TypeError"
    assert e.code == "ERR_TYPE"
    assert str(e) == "wrong type"


def test_throw_range_error(addon):
    with pytest.raises(ValueError) as ei:
        addon.throwKind("range", None, "out of range")
    e = ei.value
    assert isinstance(e, napi.JSRangeError) and isinstance(e, napi.JSError)
    assert e.name == "RangeError"
    assert str(e) == "out of range"


@pytest.mark.parametrize("code", [None, "ERR_SYNTAX"])
def test_throw_syntax_error(addon, code):
    with pytest.raises(SyntaxError) as ei:
        addon.throwKind("syntax", code, "bad syntax")
    e = ei.value
    assert isinstance(e, napi.JSSyntaxError) and isinstance(e, napi.JSError)
    assert e.name == "SyntaxError"
    assert e.message == "bad syntax"
    assert getattr(e, "code", None) == code


def test_throw_error_is_not_builtin_subclass(addon):
    with pytest.raises(napi.JSError) as ei:
        addon.throwKind("error", None, "x")
    assert not isinstance(ei.value, (TypeError, ValueError, SyntaxError))


def test_throw_unicode_message(addon):
    with pytest.raises(napi.JSError, match="caf\u00e9 \U0001F600"):
        addon.throwKind("error", None, "caf\u00e9 \U0001F600")


def test_an_errors_stack_is_a_string_as_in_node(addon):
    # Node's errors have a `stack` string ("RangeError: msg" and a line per JS frame):
    # an addon reading it with napi_get_value_string_utf8 must get a string, not
    # undefined (napi_string_expected).
    err = addon.createError("range", "E_R", "as a value")
    assert addon.errorStack(err) == "RangeError: as a value"  # not raised: no frames
    assert addon.errorStack(addon.createError("error", None, "")) == "Error"

    def raises_value_error():
        raise ValueError("from Python")

    stack = addon.errorStack(raises_value_error)
    lines = stack.split("\n")
    assert lines[0] == "ValueError: from Python"
    # innermost frame first, as V8 lists them
    assert lines[1].startswith("    at raises_value_error (") and __file__ in lines[1]

    try:
        addon.throwKind("type", None, "thrown")
    except napi.JSTypeError as e:
        stack = addon.errorStack(e)
    assert stack.split("\n")[0] == "TypeError: thrown"
    assert "    at test_an_errors_stack_is_a_string_as_in_node (" in stack

    def deep(n):
        if n == 0:
            raise KeyError("k")
        deep(n - 1)

    assert len(addon.errorStack(lambda: deep(30)).split("\n")) == 11  # stackTraceLimit 10
    objects = load_test_addon("objects")
    for e in (err, ValueError("v")):  # `in` agrees with the read (not own here)
        assert objects.hasProperty(e, "stack") is True
        assert objects.hasProperty(e, "message") is True
    assert objects.hasOwnProperty(err, "stack") is False
    assert objects.hasProperty(err, "toString") is True  # Error.prototype's
    err.stack = "set by the program"  # an own `stack` is what it was set to
    assert addon.errorStack(err) == "set by the program"


@pytest.mark.parametrize("kind", ["error", "type", "range", "syntax"])
def test_throw_null_message_is_invalid_arg(addon, kind):
    status, pending = addon.statusThrowNullMsg(kind)
    assert status == Status.napi_invalid_arg
    assert pending is False


def test_napi_throw_null_is_invalid_arg(addon):
    assert addon.statusThrowNull() == Status.napi_invalid_arg


# ---- napi_throw of non-Error values ----------------------------------------------

def test_throw_string(addon):
    with pytest.raises(napi.JSError) as ei:
        addon.throwValue("just a string")
    assert ei.value.value == "just a string"


def test_thrown_value_is_not_leaked(addon):
    # The JSError holds the thrown value; once the error is gone, so is that reference.
    value = "a thrown string " + str(id(addon))  # not a shared constant
    before = sys.getrefcount(value)
    for _ in range(3):
        with pytest.raises(napi.JSError):
            addon.throwValue(value)
    assert sys.getrefcount(value) == before


def test_throw_number(addon):
    with pytest.raises(napi.JSError) as ei:
        addon.throwValue(42)
    assert ei.value.value == 42


def test_throw_object_keeps_identity(addon):
    payload = {"reason": "custom"}
    with pytest.raises(napi.JSError) as ei:
        addon.throwValue(payload)
    assert ei.value.value is payload


def test_throw_undefined(addon):
    with pytest.raises(napi.JSError) as ei:
        addon.throwValue(None)
    assert ei.value.value is None


def test_a_thrown_values_error_lists_only_value(addon):
    # The JSError that carries a thrown non-Error keeps a marker for the promise code
    # (given back to an addon, the thrown value itself is what it gets); JS's
    # Object.keys listed that marker as a property beside `value`
    with pytest.raises(napi.JSError) as ei:
        addon.throwValue([1, 2])
    assert napi.global_this["Object"].keys(ei.value) == ["value"]
    assert "__napi_thrown_value__" in dir(ei.value)   # (still a Python attribute)


# ---- napi_create_error & co ----------------------------------------------------------

@pytest.mark.parametrize("kind,name", [
    ("error", "Error"), ("type", "TypeError"), ("range", "RangeError"),
    ("syntax", "SyntaxError")])
def test_created_error_fields(addon, kind, name):
    assert addon.errorFields(kind, "E_CODE", "msg") == [name, "msg", "E_CODE"]
    assert addon.errorFields(kind, None, "msg") == [name, "msg", None]


@pytest.mark.parametrize("kind,exc", [
    ("error", napi.JSError), ("type", TypeError), ("range", ValueError),
    ("syntax", SyntaxError)])
def test_create_and_throw(addon, kind, exc):
    with pytest.raises(exc) as ei:
        addon.createAndThrow(kind, "C1", "created then thrown")
    assert isinstance(ei.value, napi.JSError)
    assert ei.value.code == "C1"
    assert str(ei.value) == "created then thrown"


def test_created_error_as_value(addon):
    err = addon.createError("range", "E_R", "as a value")
    assert err.message == "as a value"
    assert err.code == "E_R"
    assert addon.isError(err) is True
    with pytest.raises(ValueError) as ei:
        addon.throwValue(err)
    assert ei.value.message == "as a value"


@pytest.mark.parametrize("kind", ["error", "type", "range", "syntax"])
def test_create_error_statuses(addon, kind):
    assert addon.statusCreateError(kind, "C", "m", "normal") == Status.napi_ok
    assert addon.statusCreateError(kind, None, "m", "normal") == Status.napi_ok
    assert addon.statusCreateError(kind, 5, "m", "normal") == Status.napi_string_expected
    assert addon.statusCreateError(kind, {}, "m", "normal") == Status.napi_string_expected
    assert addon.statusCreateError(kind, "C", 5, "normal") == Status.napi_string_expected
    assert addon.statusCreateError(kind, None, None, "normal") == Status.napi_string_expected
    assert addon.statusCreateError(kind, "C", "m", "nullmsg") == Status.napi_invalid_arg
    assert addon.statusCreateError(kind, "C", "m", "nullresult") == Status.napi_invalid_arg


# ---- properties the addon sets ------------------------------------------------------

def test_custom_error_properties(addon):
    with pytest.raises(napi.JSError) as ei:
        addon.throwCustom()
    e = ei.value
    assert e.name == "SqliteError"
    assert e.code == "SQLITE_IOERR"
    assert e.message == "disk I/O error"
    assert str(e) == "disk I/O error"
    assert e.rawCode == 10
    assert e.details["table"] == "users"
    assert e.details.table == "users"


def test_type_error_with_props(addon):
    with pytest.raises(TypeError) as ei:
        addon.throwTypeErrorWithProps()
    e = ei.value
    assert isinstance(e, napi.JSTypeError)
    assert e.code == "InvalidArg"
    assert e.argIndex == 2
    assert str(e) == "bad argument"


# ---- napi_is_error -------------------------------------------------------------------

def test_is_error_internal(addon):
    assert addon.isErrorInternal() == [True, True, True, True, False]


@pytest.mark.parametrize("v", [{}, "Error", 5, None, [], {"message": "m", "name": "Error"}])
def test_is_error_false(addon, v):
    assert addon.isError(v) is False


def test_is_error_of_caught_js_error(addon):
    with pytest.raises(napi.JSError) as ei:
        addon.throwKind("type", None, "round trip")
    assert addon.isError(ei.value) is True


# ---- pending exceptions ---------------------------------------------------------------

def test_pending_flow(addon):
    assert addon.pendingFlow() == [False, True, False, True, "pending one"]


def test_get_and_clear_when_none_is_undefined(addon):
    assert addon.getAndClearWhenNone() == UNDEFINED


def test_throw_then_catch_returns_value(addon):
    d = {"k": 1}
    assert addon.throwThenCatch(d) is d
    assert addon.throwThenCatch("s") == "s"


def test_script_calls_refused_while_exception_pending(addon):
    called = []
    st = addon.statusesWhilePending(lambda: called.append(1))
    assert called == []
    assert st["cleared"] == "first"
    statuses = {k: Status(v).name for k, v in st.items() if k != "cleared"}
    assert statuses == {
        "call_function": "napi_pending_exception",
        "coerce_to_string": "napi_pending_exception",
        "get_named_property": "napi_pending_exception",
        "set_named_property": "napi_pending_exception",
        "throw_error": "napi_pending_exception",
        "new_instance": "napi_pending_exception",
        "create_int32": "napi_ok",
        "typeof": "napi_ok",
        "get_and_clear": "napi_ok",
    }


# ---- napi_get_last_error_info -------------------------------------------------------

@pytest.mark.parametrize("kind,status,message", [
    ("number", Status.napi_number_expected, "A number was expected"),
    ("boolean", Status.napi_boolean_expected, "A boolean was expected"),
    ("string", Status.napi_string_expected, "A string was expected"),
    ("invalid", Status.napi_invalid_arg, "Invalid argument"),
    ("bigint", Status.napi_bigint_expected, "A bigint was expected"),
    ("date", Status.napi_date_expected, "A date was expected"),
    ("array", Status.napi_array_expected, "An array was expected"),
    ("name", Status.napi_name_expected, "A string or symbol was expected"),
    ("function", Status.napi_function_expected, "A function was expected"),
])
def test_last_error_info_after_failure(addon, kind, status, message):
    info = addon.lastErrorAfter(kind)
    assert info["returned"] == status
    assert info["code"] == status
    assert info["message"] == message


def test_last_error_info_direct(addon):
    info = addon.lastErrorNumberDirect()
    assert info == {"returned": Status.napi_number_expected,
                    "code": Status.napi_number_expected,
                    "message": "A number was expected"}


def test_last_error_info_reset_by_success(addon):
    info = addon.lastErrorReset()
    assert info["returned"] == Status.napi_ok
    assert info["code"] == Status.napi_ok
    assert info["message"] is None


def test_last_error_info_null_result(addon):
    assert addon.statusLastErrorInfoNull() == Status.napi_invalid_arg


# ---- Python callbacks that raise ---------------------------------------------------

def test_callback_exception_can_be_caught_and_cleared(addon):
    def boom():
        raise ValueError("boom")
    status, pending_before, pending_after, _ = addon.callCatch(boom)
    assert status == Status.napi_pending_exception
    assert pending_before is True
    assert pending_after is False


def test_callback_without_exception(addon):
    assert addon.callCatch(lambda: 1) == [Status.napi_ok, False, False, UNDEFINED]


def test_clean_state_after_catch(addon):
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("first call fails")
        return "second"
    assert addon.callTwiceCatchFirst(flaky) == "second"
    assert len(calls) == 2


def test_callback_exception_propagates_as_original_object(addon):
    exc = KeyError("original")

    def raiser_fn():
        raise exc
    with pytest.raises(KeyError) as ei:
        addon.callPropagate(raiser_fn)
    assert ei.value is exc


def test_propagated_exception_has_traceback(addon):
    def deep_raiser(x):
        raise ZeroDivisionError(f"bad {x}")
    with pytest.raises(ZeroDivisionError) as ei:
        addon.callPropagate(deep_raiser, 7)
    assert str(ei.value) == "bad 7"
    names = [f.name for f in traceback.extract_tb(ei.value.__traceback__)]
    assert "deep_raiser" in names


def test_propagated_custom_exception_class(addon):
    class MyError(Exception):
        pass
    err = MyError("mine")
    with pytest.raises(MyError) as ei:
        addon.callPropagate(lambda: (_ for _ in ()).throw(err))
    assert ei.value is err


def test_caught_then_rethrown_is_original_object(addon):
    exc = ValueError("rethrown")

    def f():
        raise exc
    with pytest.raises(ValueError) as ei:
        addon.callCatchRethrow(f)
    assert ei.value is exc


def test_caught_python_exception_as_value(addon):
    exc = ValueError("as value")

    def f():
        raise exc
    assert addon.callCatchValue(f) is exc


def test_a_caught_attribute_or_import_errors_js_name_is_its_class_name(addon):
    """A Python exception an addon catches has its class name as its JS `name`, also
    when CPython keeps something else under `name`: the missing attribute of an
    AttributeError, variable of a NameError, module of an ImportError. Before, JS
    read e.g. "resolve" and String(e) was "resolve: 'object' object has no attribute
    'resolve'" (neon's libsignal-client reported a callback's AttributeError so).
    A class attribute `name` of a Python subclass stays its JS name."""
    objects = load_test_addon("objects")
    props = load_test_addon("props")

    def missing_attribute():
        return object().resolve

    def missing_variable():
        return undefined_variable_xyz  # noqa: F821

    def missing_module():
        import no_such_module_xyz  # noqa: F401

    class Custom(AttributeError):
        name = "CustomName"

    def custom():
        raise Custom("mine")

    for fn, cls, name in ((missing_attribute, AttributeError, "AttributeError"),
                          (missing_variable, NameError, "NameError"),
                          (missing_module, ImportError, "ModuleNotFoundError"),
                          (custom, Custom, "CustomName")):
        e = addon.callCatchValue(fn)
        assert isinstance(e, cls)
        assert objects.getProperty(e, "name") == name
        assert props.coerceToString(e) == [Status.napi_ok, f"{name}: {e}", None]
    # one without a missing name (`name` None) read "None: x" as a string
    assert props.coerceToString(AttributeError("x")) == [Status.napi_ok, "AttributeError: x", None]
    e = addon.callCatchValue(missing_attribute)
    assert e.name == "resolve"  # Python's view is unchanged


def test_callback_result_passes_through(addon):
    assert addon.callPropagate(lambda x: x * 2, 21) == 42


def test_js_error_thrown_inside_nested_call_propagates(addon):
    # a Python callback that calls back into the addon, which throws
    def inner():
        addon.throwKind("range", "E_NESTED", "nested")
    with pytest.raises(ValueError) as ei:
        addon.callPropagate(inner)
    assert isinstance(ei.value, napi.JSRangeError)
    assert ei.value.code == "E_NESTED"


# ---- napi_fatal_error -------------------------------------------------------------

def _fatal_script(args):
    build_test_addon("errors")  # build here so the child only loads it
    return textwrap.dedent(f"""
        import sys
        from conftest import load_test_addon
        addon = load_test_addon("errors")
        sys.stderr.flush()
        addon.fatal(*{args!r})
        print("survived")
    """)


def test_fatal_error_aborts_with_message():
    r = run_python(_fatal_script(("my_location", -1, "something went terribly wrong", -1)))
    assert r.returncode != 0
    assert "survived" not in r.stdout
    assert "something went terribly wrong" in r.stderr
    assert "my_location" in r.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="signals")
def test_fatal_error_is_an_abort():
    r = run_python(_fatal_script(("loc", -1, "abort me", -1)))
    assert r.returncode < 0  # killed by a signal (SIGABRT), not a clean exit


def test_fatal_error_explicit_lengths():
    r = run_python(_fatal_script(("locXXXX", 3, "boom-extra", 4)))
    assert r.returncode != 0
    assert "boom" in r.stderr
    assert "boom-extra" not in r.stderr
    assert "locXXXX" not in r.stderr
