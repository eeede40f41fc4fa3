"""A second napi-rs addon (tests/addons/rust_napi_more, napi's default features:
napi_* found with dlsym), against Node's answers.

It covers what tests/addons/rust_napi leaves out and published napi-rs addons use
everywhere: ThreadsafeFunction (error-first and plain, from one or many threads,
with arguments tuples and with return values), AsyncTask with and without an
AbortSignal, Buffer / typed arrays / ArrayBuffer arguments and results, External,
serde_json values, Date, Symbol, Unknown's type, Object keys and properties,
#[napi(object)] options, error statuses and codes, and a class with getters,
setters, fields, a factory and a JS-named method. Each case is a call that
tests/addons/rust_napi_more/node_driver.js makes under Node 20;
tests/node_reference/rust_napi_more.json holds Node's answers.

Regenerate the reference after changing the crate or the driver:
    node tests/addons/rust_napi_more/node_driver.js \\
        .cache/test-addons/rust_napi_more.node > tests/node_reference/rust_napi_more.json
"""

import asyncio

import pytest

import napi_python
from napi_python import (ArrayBuffer, BigInt, Buffer, Float32Array, Float64Array, JSError,
                         Symbol, Uint8Array, null)
from async_helpers import run  # noqa: F401  (fixture)
from node_compare import NodeReference, outcome_of, settle
from rust_addon import load_crate_addon

NODE = NodeReference("rust_napi_more")


@pytest.fixture(scope="module")
def a():
    return load_crate_addon("rust_napi_more")


def sync_cases(a):
    filled = Uint8Array(3)
    temp = a.Temperature(20)
    String = napi_python.global_this["String"]

    def temp_set():
        temp.celsius = 100
        return [temp.celsius, temp.fahrenheit]

    def temp_label_set():
        temp.label = "hot"
        return temp.label

    def temp_factory():
        t = a.Temperature.fromFahrenheit(212)
        return [t.celsius, t.label, isinstance(t, a.Temperature)]

    def temp_warmer():
        t = temp.warmer(5)
        return [t.celsius, t.label, isinstance(t, a.Temperature)]

    def error_name(f):
        # (the error's name only: V8 words the receiver its own way)
        try:
            f()
            return "no error"
        except JSError as e:
            return e.name

    def gauge():
        # accessors napi_define_properties put on the instance: obj.k runs them
        g = a.Gauge()
        g.level = 4
        return [g.level, g.fixed, list(g.keys())]

    return {
        "reverse_buffer": lambda: a.reverseBuffer(Buffer([1, 2, 3])),
        "reverse_buffer_u8": lambda: a.reverseBuffer(Uint8Array([4, 5])),
        "reverse_buffer_string": lambda: a.reverseBuffer("no"),
        "sum_u8": lambda: a.sumU8(Uint8Array([1, 2, 250])),
        "sum_u8_buffer": lambda: a.sumU8(Buffer([7, 8])),
        "sum_u8_list": lambda: a.sumU8([1, 2]),
        "scale_f64": lambda: a.scaleF64(Float64Array([1, -2.5]), 2),
        "scale_f64_wrong_kind": lambda: a.scaleF64(Float32Array([1]), 2),
        "fill_in_place": lambda: [a.fillInPlace(filled, 9), filled],
        "array_buffer_bytes": lambda: a.arrayBufferBytes(ArrayBuffer(bytes([3, 4, 5]))),
        "i32_array": lambda: a.i32Array(4),
        "external": lambda: a.readExternal(a.makeExternal(77)),
        "external_wrong": lambda: a.readExternal({}),
        "json_roundtrip": lambda: a.jsonRoundtrip(
            {"b": [1, 2.5, null, "x", True], "a": {"c": null}, "n": -0.0}),
        "json_roundtrip_scalar": lambda: a.jsonRoundtrip("s"),
        "json_describe": lambda: a.jsonDescribe({"z": 1, "a": [null, 1.5], "s": 'q"'}),
        "json_describe_undefined_member": lambda: a.jsonDescribe({"u": None, "k": 1}),
        "json_make": lambda: a.jsonMake(),
        "date_value": lambda: a.dateValue(napi_python.Date(1234567890123)),
        "date_value_number": lambda: a.dateValue(5),
        "make_date": lambda: a.makeDate(86400000),
        "make_symbol": lambda: a.makeSymbol("tag"),
        "type_of": lambda: [a.typeOf(v) for v in (
            None, null, True, 1, "s", Symbol("x"), {}, lambda: 1, BigInt(1),
            a.makeExternal(1))],
        "object_keys": lambda: a.objectKeys({"b": 1, "a": 2, "10": 3, "2": 4}),
        "object_get": lambda: [a.objectGet({"k": "v"}, "k"), a.objectGet({}, "k") is None],
        "object_get_wrong_type": lambda: a.objectGet({"k": 5}, "k"),
        "object_has": lambda: [a.objectHas({"k": 1}, "k"), a.objectHas({}, "toString")],
        "options": lambda: a.describeOptions({"name": "n", "count": 3, "tags": ["a", "b"]}),
        "options_null_optional": lambda: a.describeOptions(
            {"name": "n", "count": null, "tags": [], "ratio": 0.5}),
        "options_missing": lambda: a.describeOptions({"count": 3, "tags": []}),
        "options_bad_tags": lambda: a.describeOptions({"name": "n", "tags": "no"}),
        "fail_invalid_arg": lambda: a.failStatus(0),
        "fail_generic": lambda: a.failStatus(1),
        "fail_reason": lambda: a.failStatus(2),
        "fail_cancelled": lambda: a.failStatus(3),
        "fail_custom_code": lambda: a.failCustomCode(),
        "temp": lambda: [temp.celsius, temp.fahrenheit, temp.label, String(temp),
                         temp.toString()],
        "temp_set": temp_set,
        "temp_label_set": temp_label_set,
        "temp_factory": temp_factory,
        "temp_warmer": temp_warmer,
        "temp_keys": lambda: list(temp.keys()),
        "this_tag": lambda: a.thisTag.call({"tag": "mine"}),
        "temp_set_getter_only": lambda: error_name(lambda: setattr(temp, "fahrenheit", 1)),
        "captured_reason_error": lambda: a.capturedReason(napi_python.JSTypeError("nope")),
        "captured_reason_cause": lambda: a.capturedReason(
            JSError("outer", cause=napi_python.JSRangeError("inner"))),
        "captured_reason_empty": lambda: a.capturedReason(JSError()),
        "captured_reason_string": lambda: a.capturedReason("boom"),
        "captured_reason_number": lambda: a.capturedReason(42),
        "gauge": gauge,
        "gauge_set_getter_only": lambda: error_name(lambda: setattr(a.Gauge(), "fixed", 1)),
    }


def async_cases(a):
    def collect(n, start):
        async def body():
            done = asyncio.get_running_loop().create_future()
            seen = []

            def cb(*args):
                seen.append(list(args))
                if len(seen) == n:
                    done.set_result(seen)
            start(cb)
            return await done
        return body

    async def each_thread():
        seen = await collect(4, lambda cb: a.tsfnEachThread(cb, 4))()
        return sorted(([err is None, n] for err, n in seen), key=lambda x: x[1])

    def with_signal():
        return a.slowAsync(5, napi_python.AbortController().signal)

    async def aborted():
        # The pool busy first, so that the task is still queued when it is aborted
        # (for a second on the default 4 threads: a main thread descheduled under
        # load between the two lines must not find the pool free; the driver's 50 ms
        # each gave 200 ms).
        blockers = [a.slowAsync(250) for _ in range(16)]
        c = napi_python.AbortController()
        p = a.slowAsync(50, c.signal)
        c.abort()
        outcome = await settle(lambda: p)
        return [outcome, len(await asyncio.gather(*blockers))]

    return {
        "tsfn_each_thread": each_thread,
        "tsfn_in_order": collect(5, lambda cb: a.tsfnInOrder(cb, 5)),
        "tsfn_error": collect(1, lambda cb: a.tsfnError(cb, "boom")),
        "tsfn_two_args": collect(1, lambda cb: a.tsfnTwoArgs(cb)),
        "tsfn_return_value": collect(
            3, lambda done: a.tsfnReturnValue(lambda i: f"r{int(i)}", done, 3)),
        "sum_async": lambda: a.sumAsync([1, 2, 3.5]),
        "sum_async_fail": lambda: a.sumAsync([1], True),
        "slow_async": lambda: a.slowAsync(5),
        "slow_async_signal": with_signal,
        "slow_async_aborted": aborted,
    }


ASYNC = list(async_cases(None))
SYNC = [name for name in NODE if name not in ASYNC]


@pytest.fixture(scope="module")
def cases(a):
    """One set of cases for the module, run in the driver's order: the class
    instance's state carries from case to case as it does there."""
    return sync_cases(a)


@pytest.mark.parametrize("name", SYNC)
def test_sync_case_matches_node(cases, name):
    NODE.check(name, outcome_of(cases[name]))


# napi-rs wraps an AbortSignal with a reference it never deletes (napi_wrap's
# result): once the signal is collected that reference is empty, as in Node.
LEAKS = pytest.mark.addon_leaks_references


@LEAKS
@pytest.mark.parametrize("name", ASYNC)
def test_async_case_matches_node(a, name, run):
    NODE.check(name, run(asyncio.wait_for(settle(async_cases(a)[name]), 60)))


def test_every_node_case_is_run(a):
    assert sorted(SYNC + ASYNC) == sorted(NODE)
    assert set(sync_cases(a)) == set(SYNC)


def test_accessor_with_wrong_this_is_refused_before_the_getter(a):
    """Node runs an accessor with any `this` (V8 checks the receiver of methods only)
    and napi-rs's getter then fails to unwrap; napi-python refuses it first, as for
    methods (docs/errors.rst): same outcome for the caller, a TypeError."""
    celsius = a.Temperature.__dict__["celsius"]
    with pytest.raises(TypeError, match="Illegal invocation"):
        celsius.__get__({})
    t = a.Temperature(1)
    assert celsius.__get__(t) == 1


def test_abort_controller_runs_onabort_and_listeners_once():
    c = napi_python.AbortController()
    s = c.signal
    assert isinstance(s, napi_python.AbortSignal) and isinstance(s, napi_python.Object)
    assert (s["aborted"], s["reason"]) == (False, None)
    assert sorted(s.keys()) == ["aborted", "onabort", "reason"]  # what an addon lists
    events = []
    s["onabort"] = lambda event: events.append(("onabort", event["type"]))
    s.addEventListener("abort", lambda event: events.append(("listener", event["type"])))
    dropped = lambda event: events.append(("removed", event["type"]))  # noqa: E731
    s.addEventListener("abort", dropped)
    s.removeEventListener("abort", dropped)
    s.throwIfAborted()
    c.abort()
    c.abort()  # once
    assert events == [("onabort", "abort"), ("listener", "abort")]
    assert s["aborted"] is True
    assert isinstance(s["reason"], JSError) and s["reason"].name == "AbortError"
    with pytest.raises(JSError, match="aborted"):
        s.throwIfAborted()
    c2 = napi_python.AbortController()
    c2.abort("why")
    assert c2.signal["reason"] == "why"


@LEAKS
def test_abort_signal_of_a_finished_task_changes_nothing(a):
    c = napi_python.AbortController()
    assert a.slowAsync(1, c.signal).result(timeout=30) == 1
    c.abort()  # napi-rs's onabort finds the work done
    assert c.signal["aborted"] is True


def test_captured_reason_of_a_python_exception_is_its_message(a):
    """napi-rs reads a caught error's message with Reflect.getOwnPropertyDescriptor
    (no getter run): a Python exception's message is its str(), as js_get reads it."""
    assert a.capturedReason(ValueError("bad value")) == "bad value|-"
    assert a.capturedReason(JSError("outer", cause=KeyError("k"))) == "outer|'k'"


def test_reflect_get_own_property_descriptor_runs_no_getter():
    ran = []
    o = napi_python.Object()
    Object = napi_python.global_this["Object"]
    Object.defineProperty(o, "acc", {"get": lambda: ran.append(1) or 5, "enumerable": True})
    o["v"] = 1
    Reflect = napi_python.global_this["Reflect"]
    d = Reflect.getOwnPropertyDescriptor(o, "acc")
    assert set(d) == {"get", "set", "enumerable", "configurable"} and ran == []
    assert (d["enumerable"], d["configurable"], d["set"]) == (True, False, None)
    assert dict(Reflect.getOwnPropertyDescriptor(o, "v")) == {
        "value": 1, "writable": True, "enumerable": True, "configurable": True}
    assert Reflect.getOwnPropertyDescriptor(o, "missing") is None
    assert dict(Object.getOwnPropertyDescriptor(JSError("m"), "message")) == {
        "value": "m", "writable": True, "enumerable": False, "configurable": True}
    with pytest.raises(TypeError, match="called on non-object"):
        Reflect.getOwnPropertyDescriptor(1, "x")
