"""Functions: napi_create_function (name, data), napi_get_cb_info,
napi_call_function (Python callables, receivers, native functions, errors),
napi_new_instance, napi_get_new_target, identity of functions crossing the
boundary, `.call`/`.apply`, and many calls into a Python callback.

Expected values follow Node's behaviour (doc/api/n-api.md)."""

import sys

import pytest

from conftest import load_test_addon
from napi_status import Status

import napi_python as napi

UNDEFINED, NULL, BOOLEAN, NUMBER, STRING, SYMBOL, OBJECT, FUNCTION = range(8)


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("functions")


# ---- napi_create_function ---------------------------------------------------------

def test_create_function_name_and_data(addon):
    f = addon.makeFunction("myName", 1)
    assert isinstance(f, napi.Function)
    assert callable(f)
    assert f.name == "myName"
    assert f() == 11


def test_create_function_data_per_function(addon):
    a = addon.makeFunction("a", 1)
    b = addon.makeFunction("b", 2)
    none = addon.makeFunction("none", 0)
    assert (a(), b(), none()) == (11, 22, "no data")


def test_create_function_null_name_is_empty(addon):
    f = addon.makeFunction(None, 2)
    assert f.name == ""
    assert f() == 22


def test_create_function_name_with_length(addon):
    assert addon.makeFunctionNameLen().name == "abc"


def test_create_function_bad_arguments(addon):
    assert addon.createFunctionStatuses() == [Status.napi_invalid_arg] * 2


def test_typeof_functions(addon):
    assert addon.typeOf(addon.makeFunction("f", 0)) == FUNCTION
    assert addon.typeOf(lambda: 0) == FUNCTION
    assert addon.typeOf(len) == FUNCTION
    assert addon.typeOf(addon.Point) == FUNCTION


def test_exported_function_names(addon):
    # napi_define_properties: Node's `name` is "" (tests/test_function_names.py),
    # Python's __name__ the property's
    assert addon.argsInfo.__name__ == "argsInfo"
    assert addon.argsInfo.name == ""


# ---- napi_get_cb_info ---------------------------------------------------------------

def test_cb_info_fewer_args_than_capacity(addon):
    r = addon.argsInfo(1, "a")
    assert r.argc == 2
    assert r.args == [1, "a", None, None]
    assert addon.typesInfo(1, "a") == [NUMBER, STRING, UNDEFINED, UNDEFINED]


def test_cb_info_no_args(addon):
    r = addon.argsInfo()
    assert r.argc == 0
    assert addon.typesInfo() == [UNDEFINED] * 4


def test_cb_info_more_args_than_capacity(addon):
    r = addon.argsInfo(1, 2, 3, 4, 5, 6)
    assert r.argc == 6
    assert r.args == [1, 2, 3, 4]


def test_cb_info_small_capacity_does_not_overflow(addon):
    assert addon.smallCapacity(7, 8, 9) == [3, 7, "untouched"]


def test_cb_info_argc_only(addon):
    assert addon.argcOnly(1, 2, 3) == 3
    assert addon.argcOnly() == 0


def test_cb_info_none_is_undefined(addon):
    assert addon.typesInfo(None, napi.null) == [UNDEFINED, NULL, UNDEFINED, UNDEFINED]


def test_this_with_call_and_apply(addon):
    d = {"me": 1}
    assert addon.thisValue.call(d) is d
    assert addon.thisValue.apply(d, []) is d
    o = addon.argsInfo.call(d, 1, 2)
    assert o.argc == 2
    o = addon.argsInfo.apply(d, [1, 2, 3])
    assert o.argc == 3 and o.args == [1, 2, 3, None]


def test_keyword_arguments_rejected(addon):
    with pytest.raises(TypeError):
        addon.argsInfo(1, x=2)
    with pytest.raises(TypeError):
        addon.callFunction(lambda: 0, x=1)


# ---- napi_call_function ----------------------------------------------------------------

def test_call_python_callable_with_args(addon):
    seen = []

    def cb(*args):
        seen.append(args)
        return "result"

    assert addon.callFunction(cb, 1, "two", [3]) == "result"
    assert len(seen) == 1
    assert seen[0][0] == 1 and seen[0][1] == "two" and seen[0][2] == [3]


def test_call_python_callable_no_args(addon):
    assert addon.callFunction(lambda: 42) == 42
    assert addon.callFunction(lambda: None) is None


# A JS function takes any number of arguments: the missing ones are undefined, the
# extra ones unseen. sodium-native calls crypto_pwhash_async's callback as cb(err)
# alone; Node code writes (err, result) => ..., and so does Python code.
def test_a_python_function_gets_none_for_the_arguments_an_addon_leaves_out(addon):
    assert addon.callFunction(lambda err, result: [err, result], 0) == [0, None]
    assert addon.callFunction(lambda a, b, c: [a, b, c]) == [None, None, None]


def test_a_python_function_does_not_see_the_extra_arguments(addon):
    assert addon.callFunction(lambda: "none", 1, 2) == "none"
    assert addon.callFunction(lambda a: [a], 1, 2, 3) == [1]


def test_defaults_and_star_args_are_pythons(addon):
    assert addon.callFunction(lambda a, b=7: [a, b]) == [None, 7]  # a default is used
    assert addon.callFunction(lambda a, b=7: [a, b], 1, 2, 3) == [1, 2]
    assert addon.callFunction(lambda *args: list(args), 1, 2, 3) == [1, 2, 3]
    assert addon.callFunction(lambda a, *rest: [a, list(rest)]) == [None, []]

    def keyword_only(a, *, flag=True):
        return [a, flag]
    assert addon.callFunction(keyword_only, 1, 2) == [1, True]

    def keyword_required(a, *, flag):  # not callable positionally: left as it is
        return [a, flag]
    with pytest.raises(TypeError):
        addon.callFunction(keyword_required, 1)


def test_bound_methods_and_with_this_count_their_parameters(addon):
    class Holder:
        def method(self, a, b):
            return [a, b]
    assert addon.callFunction(Holder().method, 1) == [1, None]
    assert addon.callFunction(Holder().method, 1, 2, 3) == [1, 2]
    recv = {"r": 1}
    assert addon.callWithReceiver(napi.with_this(lambda this: this), recv, 5) is recv
    assert addon.callWithReceiver(napi.with_this(lambda this, a, b: [this, a, b]), recv, 5) \
        == [recv, 5, None]


def test_other_callables_get_the_arguments_as_they_are(addon):
    assert addon.callFunction(max, 1, 5, 3) == 5
    with pytest.raises(TypeError):
        addon.callFunction(len)  # a builtin's signature is its own


def test_call_with_this(addon):
    recv = {"name": "receiver"}

    def method(this, x):
        return [this, x]

    r = addon.callWithReceiver(napi.with_this(method), recv, 5)
    assert r[0] is recv
    assert r[1] == 5


def test_with_this_undefined_receiver(addon):
    r = addon.callFunction(napi.with_this(lambda this, x: [this, x]), 9)
    assert r == [None, 9]


def test_with_this_gets_null_as_none(addon):
    # as any Python callable does: JS null (receiver or argument) arrives as None
    seen = []
    addon.callWithReceiver(napi.with_this(lambda this, x: seen.append((this, x))),
                           napi.null, napi.null)
    assert seen == [(None, None)]


def test_call_native_function_with_receiver(addon):
    recv = {"r": 1}
    assert addon.callWithReceiver(addon.thisValue, recv) is recv


def test_call_native_function_from_addon(addon):
    assert addon.callFunction(addon.makeFunction("f", 2)) == 22
    assert addon.callOwn() == 5.0


def test_call_non_callable_is_invalid_arg(addon):
    # Node (CHECK_TO_FUNCTION) answers napi_invalid_arg for a non-function.
    assert addon.callStatus(5) == [Status.napi_invalid_arg]
    assert addon.callStatus({"a": 1}) == [Status.napi_invalid_arg]
    assert addon.callStatus("f") == [Status.napi_invalid_arg]


def test_call_null_arguments(addon):
    assert addon.callNullStatuses(lambda *a: 0) == [
        Status.napi_invalid_arg, Status.napi_invalid_arg, Status.napi_invalid_arg,
        Status.napi_ok]


def test_call_raising_callable_is_pending_exception(addon):
    err = ValueError("from python")

    def boom():
        raise err

    r = addon.callStatus(boom)
    assert r[0] == Status.napi_pending_exception
    assert len(r) == 2
    assert r[1] is err


def test_exception_propagates_original(addon):
    err = KeyError("original")

    def boom():
        raise err

    with pytest.raises(KeyError) as ei:
        addon.callPropagate(boom)
    assert ei.value is err
    assert addon.sawPending() is True


def test_call_returns_normally_after_exception(addon):
    with pytest.raises(RuntimeError):
        addon.callPropagate(lambda: (_ for _ in ()).throw(RuntimeError("x")))
    assert addon.callPropagate(lambda: 7) == 7
    assert addon.sawPending() is False


def test_call_js_error_from_native_function(addon):
    # makeFunction(5, "not a number") throws: get_value_int32 on a string
    with pytest.raises(napi.JSError):
        addon.callFunction(addon.makeFunction, 5, "not a number")


# ---- napi_new_instance / napi_get_new_target -----------------------------------------------

def test_new_instance_of_python_class(addon):
    class Tensor:
        def __init__(self, a, b):
            self.a, self.b = a, b

    t = addon.newInstance(Tensor, 1, "two")
    assert type(t) is Tensor
    assert (t.a, t.b) == (1, "two")


def test_new_instance_of_addon_class(addon):
    p = addon.newInstance(addon.Point, 1, 2)
    assert isinstance(p, addon.Point)
    assert (p.x, p.y) == (1, 2)
    assert p.hasTarget is True


def test_addon_class_from_python_has_new_target(addon):
    p = addon.Point(3, 4)
    assert (p.x, p.y, p.hasTarget) == (3, 4, True)


def test_new_instance_of_plain_function(addon):
    o = addon.newInstance(addon.probe, "arg")
    assert isinstance(o, napi.Object)
    assert o.viaNew is True
    assert o.targetIsProbe is True
    assert o.arg0 == "arg"


def test_new_target_null_for_plain_call(addon):
    assert addon.probe() is True
    assert addon.callFunction(addon.probe) is True


def test_new_target_bad_arguments(addon):
    assert addon.newTargetStatus() == [Status.napi_invalid_arg] * 2


def test_new_instance_non_function(addon):
    assert addon.newInstanceStatus(5) == Status.napi_invalid_arg
    assert addon.newInstanceStatus({}) == Status.napi_invalid_arg


def test_new_instance_python_constructor_raises(addon):
    class Bad:
        def __init__(self):
            raise ZeroDivisionError("nope")

    with pytest.raises(ZeroDivisionError):
        addon.newInstance(Bad)


# ---- identity -----------------------------------------------------------------------------------

def test_same_callable_is_strict_equal(addon):
    def f():
        pass

    def g():
        pass

    assert addon.strictEquals(f, f) is True
    assert addon.strictEquals(f, g) is False
    assert addon.strictEquals(len, len) is True


def test_subscription_found_by_callback(addon):
    def cb():
        pass

    def other():
        pass

    addon.subscribe(cb)
    try:
        assert addon.isSubscribed(cb) is True
        assert addon.isSubscribed(other) is False
    finally:
        addon.unsubscribe()
    assert addon.isSubscribed(cb) is False


def test_python_callable_comes_back_identical(addon):
    def f():
        return 1

    assert addon.identity(f) is f
    assert addon.identity(len) is len


def test_native_function_identity(addon):
    assert addon.madeOnce() is addon.madeOnce()
    assert addon.identity(addon.argsInfo) is addon.argsInfo
    assert addon.strictEquals(addon.argsInfo, addon.argsInfo) is True
    assert addon.strictEquals(addon.argsInfo, addon.typesInfo) is False


# ---- many calls ----------------------------------------------------------------------------

def test_many_calls_do_not_leak(addon):
    arg = {"payload": 1}
    seen = [0]

    def cb(a, i):
        seen[0] += 1
        return a is arg

    addon.callMany(cb, arg, 100)  # warm-up: lets any identity cache settle
    before_arg = sys.getrefcount(arg)
    before_cb = sys.getrefcount(cb)
    seen[0] = 0
    assert addon.callMany(cb, arg, 100_000) == 100_000
    assert seen[0] == 100_000
    assert sys.getrefcount(arg) == before_arg
    assert sys.getrefcount(cb) == before_cb


def test_many_calls_without_scopes_release_at_return(addon):
    arg = [1, 2, 3]
    addon.callManyNoScope(lambda a, i: None, arg, 10)
    before = sys.getrefcount(arg)
    assert addon.callManyNoScope(lambda a, i: None, arg, 20_000) == 20_000
    assert sys.getrefcount(arg) == before


def test_many_calls_stop_at_exception(addon):
    calls = []

    def cb(a, i):
        calls.append(i)
        if i == 5:
            raise LookupError("stop")
        return True

    with pytest.raises(LookupError):
        addon.callMany(cb, None, 1000)
    assert calls == [0, 1, 2, 3, 4, 5]
