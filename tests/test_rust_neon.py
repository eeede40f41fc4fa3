"""An addon written with Neon 1.x (tests/addons/rust_neon), against Node's answers.

Neon is the third way Rust addons reach npm (after napi-rs and plain C): it finds
every napi_* function with dlsym when the addon is loaded, converts arguments with
its own extractors (numbers, strings, Option, Either, dates, buffers, JSON through
the global JSON object), keeps Rust values in JsBox externals with finalizers,
calls back from Rust threads through a Channel (a threadsafe function), runs tasks
on the worker pool and settles deferred promises from threads. Each case below is
a call that tests/addons/rust_neon/node_driver.js makes under Node 20;
tests/node_reference/rust_neon.json holds Node's answers, and every Python answer,
written the same way, must equal Node's.

Regenerate the reference after changing the crate or the driver:
    node tests/addons/rust_neon/node_driver.js .cache/test-addons/rust_neon.node \\
        > tests/node_reference/rust_neon.json
"""

import asyncio
import datetime
import gc
import math

import pytest

import napi_python
from napi_python import (ArrayBuffer, BigInt, Buffer, Float64Array, JSError,
                         Uint8Array, null)
from async_helpers import run  # noqa: F401  (fixture)
from node_compare import NodeReference, outcome_of, settle
from rust_addon import load_neon_addon

NODE = NodeReference("rust_neon")

@pytest.fixture(scope="module")
def a():
    return load_neon_addon()


def sync_cases(a):
    counter = a.counterNew(5)
    filled = bytearray(4)
    filled_u8 = Uint8Array(3)
    return {
        "statics": lambda: [a.GREETING, a.ANSWER, a.MESSAGES,
                            type(a.version).__name__ == "str" and "string"],
        "add": lambda: a.add(1.5, 2.25),
        "add_string": lambda: a.add(1, "x"),
        "add_missing": lambda: a.add(1),
        "greet": lambda: a.greet("wörld"),
        "greet_emoji": lambda: a.greet("😀!"),
        "greet_lone_surrogate": lambda: a.greet("a\ud800b"),
        "greet_number": lambda: a.greet(5),
        "negate": lambda: a.negate(True),
        "negate_number": lambda: a.negate(0),
        "maybe_number": lambda: a.maybeDouble(4),
        "maybe_undefined": lambda: a.maybeDouble(None),
        "maybe_null": lambda: a.maybeDouble(null),
        "maybe_missing": lambda: a.maybeDouble(),
        "maybe_string": lambda: a.maybeDouble("4"),
        "either_number": lambda: a.describeEither(3),
        "either_string": lambda: a.describeEither("x"),
        "either_bool": lambda: a.describeEither(True),
        "nothing": lambda: a.nothing(),
        "stats": lambda: a.stats([1, 2, 3.5], "v"),
        "stats_empty": lambda: a.stats([], "e"),
        "stats_bad": lambda: a.stats("no", "x"),
        "sort_words": lambda: a.sortWords(["b", "a", "c"]),
        "sort_words_bad": lambda: a.sortWords([1, 2]),
        "date_plus_day": lambda: a.datePlusDay(
            datetime.datetime.fromtimestamp(0, datetime.timezone.utc)),
        "date_plus_day_number": lambda: a.datePlusDay(5),
        "reversed_bytes": lambda: a.reversedBytes(Buffer([1, 2, 3])),
        "reversed_bytes_u8": lambda: a.reversedBytes(Uint8Array([1, 2])),
        "reversed_bytes_string": lambda: a.reversedBytes("x"),
        "sum_float64": lambda: a.sumFloat64(Float64Array([1, 2, 3.5])),
        "sum_float64_list": lambda: a.sumFloat64([1, 2]),
        "fill_buffer": lambda: [a.fillBytes(filled, 7), filled],
        "fill_u8": lambda: [a.fillBytes(filled_u8, 300), filled_u8],
        "make_uint32": lambda: a.makeUint32(5),
        "array_buffer_len": lambda: a.arrayBufferLen(ArrayBuffer(16)),
        "make_point": lambda: a.makePoint(3, 4),
        "point_norm": lambda: a.pointNorm({"x": 3, "y": 4}),
        "point_norm_string": lambda: a.pointNorm({"x": "3", "y": 4}),
        "point_norm_null": lambda: a.pointNorm(null),
        "own_keys": lambda: a.ownKeys({"b": 1, "a": 2, "1": 3}),
        "own_keys_array": lambda: a.ownKeys([5, 6]),
        "reverse_array": lambda: a.reverseArray([1, "two", null, None]),
        "type_names": lambda: type_names(a, counter),
        "call_with_two": lambda: a.callWithTwo(lambda x, y: x * y, 6, 7),
        "call_with_two_swap": lambda: a.callWithTwo(lambda x, y: [y, x], "x", 2.5),
        "call_with_two_throws": lambda: a.callWithTwo(raiser(napi_python.JSRangeError("inner")), 1, 2),
        "call_catching_ok": lambda: a.callCatching(lambda: "fine"),
        "call_catching_error": lambda: a.callCatching(raiser(napi_python.JSTypeError("bad"))),
        "call_catching_value": lambda: a.callCatching(raiser(thrown_value(a, 42))),
        "make_adder": lambda: a.makeAdder(10)(5),
        "describe_this": lambda: a.describeThis(),
        "describe_this_object": lambda: a.describeThis.call({"tag": "t"}),
        "check_positive": lambda: a.checkPositive(16),
        "check_negative": lambda: a.checkPositive(-1),
        "check_zero": lambda: a.checkPositive(0),
        "check_nan": lambda: a.checkPositive(math.nan),
        "throw_number": lambda: a.throwValue(42),
        "throw_string": lambda: a.throwValue("s"),
        "throw_object": lambda: a.throwValue({"a": 1}),
        "throw_error": lambda: a.throwValue(napi_python.JSTypeError("t")),
        "make_error": lambda: a.makeError("m"),
        "panic": lambda: a.panicNow("boom"),
        "bigint_double": lambda: a.bigintDouble(BigInt(2**70)),
        "bigint_double_negative": lambda: a.bigintDouble(BigInt(-5)),
        "bigint_double_huge": lambda: a.bigintDouble(BigInt(2**200)),
        "bigint_double_number": lambda: a.bigintDouble(5),
        "bigint_to_i64": lambda: a.bigintToI64(BigInt(5)),
        "bigint_to_i64_lossy": lambda: a.bigintToI64(BigInt(2**64 + 3)),
        "u64_max": lambda: a.u64Max(),
        "counter": lambda: [a.counterIncrement(counter), a.counterIncrement(counter),
                            a.counterValue(counter)],
        "counter_wrong": lambda: a.counterIncrement({}),
        "bump_local": lambda: [a.bumpLocal(), a.bumpLocal(), a.bumpLocal()],
        "freeze_object": lambda: frozen_object(a),
        "freeze_typed_elements": lambda: a.freezeIt(Uint8Array(2)),
        "eval_bigint": lambda: a.evalScript("2n ** 128n - 1n"),
        "eval_negative_bigint": lambda: a.evalScript("-(2n ** 127n)"),
        "eval_arith": lambda: a.evalScript("6 * 7 + 'x'"),
        "eval_mix": lambda: a.evalScript("1n + 1"),
        "eval_bigint_division_by_zero": lambda: a.evalScript("1n / 0n"),
        "u128_max_matches_script": lambda: a.u128MaxMatchesScript(),
    }


def frozen_object(a):
    o = napi_python.Object(x=1)   # what JS's { x: 1 } is here
    a.freezeIt(o)
    try:
        o["x"] = 2
    except Exception:
        pass
    return [o["x"], napi_python.global_this.Object.isFrozen(o)]


def type_names(a, counter):
    awaitable = asyncio.sleep(0)  # a promise for the addon
    try:
        return a.typeNames(
            None, null, True, 1, "s", BigInt(1), Buffer(b""), ArrayBuffer(1),
            Float64Array(1), datetime.datetime.fromtimestamp(0, datetime.timezone.utc),
            awaitable, JSError("x"), [], lambda: 1, {}, counter)
    finally:
        awaitable.close()


def raiser(exc):
    def f(*args):
        raise exc
    return f


def thrown_value(a, value):
    """The JSError that stands for JS `throw value` (it has .value)."""
    with pytest.raises(JSError) as info:
        a.throwValue(value)
    return info.value


def async_cases(a):
    def ticks():
        done = asyncio.get_running_loop().create_future()
        seen = []
        a.ticks(5, lambda i, tag: seen.append([i, tag]),
                lambda n: done.set_result([n, seen]))
        return done

    return {
        "square_later": lambda: a.squareLater(7),
        "fail_later": lambda: a.failLater("nope"),
        "settle_later": lambda: a.settleLater(3, 5),
        "settle_later_reject": lambda: a.settleLater(-1, 1),
        "ticks": ticks,
        "channel_returns": lambda: a.channelResult(lambda: "r"),
        "channel_throws": lambda: a.channelResult(raiser(JSError("e"))),
    }


ASYNC = list(async_cases(None))
SYNC = [name for name in NODE if name not in ASYNC]


@pytest.mark.parametrize("name", SYNC)
def test_sync_case_matches_node(a, name):
    cases = sync_cases(a)
    NODE.check(name, outcome_of(cases[name]))


@pytest.mark.parametrize("name", ASYNC)
def test_async_case_matches_node(a, name, run):
    """Tasks on the worker pool, deferreds settled from Rust threads and Channel
    callbacks arrive on the running loop (asyncio, uvloop) as under Node."""
    NODE.check(name, run(asyncio.wait_for(settle(async_cases(a)[name]), 60)))


def test_every_node_case_is_run():
    assert sorted(SYNC + ASYNC) == sorted(NODE)
    assert set(sync_cases(load_neon_addon())) == set(SYNC)


def test_freezing_what_python_cannot_freeze_raises_the_type_error(a):
    # A list (or a plain dict) cannot be frozen: napi_object_freeze throws a
    # TypeError, with napi_pending_exception (Node's status whenever freezing
    # throws), and Neon's `obj.freeze(cx)?` passes it on. With napi_generic_failure
    # Neon threw an error of its own over the pending one, and panicked ("internal
    # error in Neon module").
    for value, name in [([1, 2], "list"), ({"x": 1}, "dict")]:
        with pytest.raises(napi_python.JSTypeError, match=f"cannot freeze a Python {name}"):
            a.freezeIt(value)


def test_boxed_values_are_finalized_once(a):
    """A JsBox's Rust value is finalized (Finalize::finalize) when Python drops the
    box, once each."""
    for _ in range(3):  # boxes of earlier tests first
        gc.collect()
        napi_python.run_pending()
    before = a.finalizedCount()
    boxes = [a.counterNew(i) for i in range(10)]
    assert [a.counterIncrement(b) for b in boxes] == list(range(1, 11))
    del boxes
    for _ in range(3):
        gc.collect()
        napi_python.run_pending()
    assert a.finalizedCount() == before + 10


def test_ticks_from_a_thread_without_a_running_loop(a):
    """Channel callbacks are delivered by run_pending() when no loop runs."""
    seen, done = [], []
    a.ticks(3, lambda i, tag: seen.append(i), done.append)
    for _ in range(2000):
        if done:
            break
        napi_python.run_pending(0.01)
    assert done == [3] and seen == [0, 1, 2]


def test_tasks_queued_at_exit_run(a):
    """Neon tasks still queued on the pool when the interpreter exits run and settle
    their promises, as Node runs queued work before its environment ends. Neon's
    complete callback unwraps the output of an execute that must have run: work
    completed with napi_cancelled and never executed panicked there, and the promise
    was reported as rejected and never handled."""
    from conftest import run_python
    r = run_python(
        "import atexit\n"
        "def report():\n"  # runs after napi_python's teardown (registered before)
        "    print([p.state for p in ps].count('fulfilled'),\n"
        "          sum(p.result(timeout=0) for p in ps))\n"
        "atexit.register(report)\n"
        "from rust_addon import load_neon_addon\n"
        "a = load_neon_addon()\n"
        "ps = [a.squareLater(i) for i in range(20)]\n")  # 4 pool threads: most queued
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == f"20 {float(sum(i * i for i in range(20)))}\n"


NEON_TICKS_AT_EXIT = (
    "import asyncio, sys\n"
    "import napi_python\n"
    "from rust_addon import load_neon_addon\n"
    "a = load_neon_addon()\n"
    "if '{loop}' == 'uvloop':\n"
    "    import uvloop\n"
    "    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())\n"
    "seen = []\n"
    "def cb(i, tag):\n"
    "    print('tick', int(i), flush=True)\n"
    "    if not seen:\n"
    "        print('main ends', flush=True)\n"
    "    seen.append(i)\n"
    "def done(n):\n"
    "    print('done', int(n), flush=True)\n"
    "if '{loop}' == 'none':\n"
    "    a.ticks(30, cb, done)\n"
    "    while not seen:\n"
    "        napi_python.run_pending(0.01)\n"
    "else:\n"
    "    async def main():\n"
    "        a.ticks(30, cb, done)\n"
    "        while not seen:\n"
    "            await asyncio.sleep(0.001)\n"
    "    asyncio.run(main())\n"
)


@pytest.mark.parametrize("loop", ["none", "asyncio", "uvloop"])
def test_channel_sends_after_the_main_code_ended(a, loop):
    """A Rust thread still sends through a Channel when the main code ends (after the
    first of 30 ticks, 1 ms apart): the Channel's function is referenced while the
    Channel lives, so exit runs the loop until the thread dropped it, as Node keeps
    running (Node 20 prints the same lines for `ticks(30, ...)` with the script ending
    after the first tick). Exit used to close the function at once: the thread's next
    send failed and Neon's `Channel::send` panicked ("SendError"), the ticks lost."""
    from conftest import run_python
    r = run_python(NEON_TICKS_AT_EXIT.format(loop=loop), timeout=120)
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout.splitlines() == (["tick 0", "main ends"]
                                     + [f"tick {i}" for i in range(1, 30)] + ["done 30"])
