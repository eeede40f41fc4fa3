"""node-addon-api beyond tests/test_cpp_wrap.py, against Node's answers.

tests/addons/cpp_more is a C++ addon on node-addon-api (C++ exceptions on): AsyncWorker
with callbacks and with a Promise, AsyncProgressWorker, ThreadSafeFunction and
TypedThreadSafeFunction fed by std::threads, Buffers over the addon's memory with
finalizers, typed arrays and DataView, instance data, DefineProperties with accessors,
Freeze and Seal, property names, coercions, well-known symbols, Date, MakeCallback,
errors thrown and caught as C++ exceptions. Each case is a call that
tests/addons/cpp_more/node_driver.js makes under Node 20 (on the addon built for
Node-API 9); tests/node_reference/cpp_more.json holds Node's answers.

Regenerate the reference after changing the addon or the driver:
    node tests/addons/cpp_more/node_driver.js .cache/test-addons/cpp_more_node9.node \\
        > tests/node_reference/cpp_more.json
(the build of `build_test_addon("cpp_more", napi_version=9, name="cpp_more_node9")`).
"""

import asyncio
import datetime
import gc
import math

import pytest

import napi_python
from napi_python import (ArrayBuffer, BigInt, BigUint64Array, Buffer, Float64Array,
                         Int16Array, JSError, Uint8Array,
                         Uint8ClampedArray, null)
from async_helpers import run  # noqa: F401  (fixture)
from node_compare import NodeReference, outcome_of, settle
from conftest import load_test_addon

NODE = NodeReference("cpp_more")


@pytest.fixture(scope="module")
def a():
    return load_test_addon("cpp_more")


def sync_cases(a):
    Object = napi_python.global_this["Object"]

    # (napi_python.Object: a plain dict cannot hold accessors nor be frozen,
    # docs/values.rst)
    def define_things():
        o = a.defineThings(napi_python.Object())
        o["twice"] = 21
        return [o["fixed"], o["twice"], o.hello("you"), list(o.keys())]

    def define_things_write_fixed():
        o = a.defineThings(napi_python.Object())
        o["fixed"] = 1
        return o["fixed"]

    def freeze():
        o = a.freezeSeal(napi_python.Object(x=1), True)
        o["x"] = 2
        return [o, Object.isFrozen(o)]

    def freeze_delete():
        o = a.freezeSeal(napi_python.Object(x=1), True)
        del o["x"]
        return o

    def seal():
        o = a.freezeSeal(napi_python.Object(x=1), False)
        o["x"] = 2
        return [o, Object.isSealed(o), Object.isFrozen(o)]

    def seal_add():
        o = a.freezeSeal(napi_python.Object(x=1), False)
        o["y"] = 3
        return o

    def coerce_values():
        out = []
        for v in (1.5, -0.0, "12", "", "x", True, null, None, [1, 2], [], {}, BigInt(10)):
            try:
                out.append(a.coerce(v))
            except JSError as e:
                out.append(["throw", e.name, e.message, null])
        return out

    def make_callback():
        # `this.tag + x`, with `this` the receiver the addon passes
        return a.makeCallback({"tag": "t"}, napi_python.with_this(
            lambda this, x: this["tag"] + x), "!")

    def tagged(tag):
        o = napi_python.Object()
        o[napi_python.Symbol.toStringTag] = tag
        return o

    return {
        "external_buffer": lambda: a.externalBuffer(5),
        "copy_buffer": lambda: a.copyBuffer("héllo"),
        "buffer_info": lambda: a.bufferInfo(Buffer([9, 8, 7])),
        "buffer_info_u8": lambda: a.bufferInfo(Uint8Array([1, 2])),
        "float32_view": lambda: a.float32View(3),
        "typed_info": lambda: [a.typedInfo(t) for t in (
            Int16Array(4), Float64Array(ArrayBuffer(32), 8, 2), BigUint64Array(1),
            Uint8ClampedArray(2))],
        "typed_info_float32_view": lambda: a.typedInfo(a.float32View(2)),
        "data_view_read": lambda: a.dataViewRead(ArrayBuffer(bytes([1, 2, 3]))),
        "define_things": define_things,
        "define_things_write_fixed": define_things_write_fixed,
        "freeze": freeze,
        "seal": seal,
        "freeze_delete": freeze_delete,
        "seal_add": seal_add,
        "keys_of": lambda: a.keysOf({"b": 1, "a": 2, "3": 0}),
        "keys_of_array": lambda: a.keysOf(["x", "y"]),
        "coerce_values": coerce_values,
        "strict_equals": lambda: [a.strictEquals(1, 1), a.strictEquals(1, "1"),
                                  a.strictEquals(math.nan, math.nan), a.strictEquals(0, -0.0),
                                  a.strictEquals("a", "a"), a.strictEquals(null, None)],
        "well_known": lambda: a.wellKnown([]),
        "well_known_object": lambda: a.wellKnown({}),
        "make_date": lambda: a.makeDate(86400000 * 366),
        "date_value": lambda: a.dateValue(
            datetime.datetime(2020, 2, 29, 12, tzinfo=datetime.timezone.utc)),
        "make_callback": make_callback,
        "bump_instance": lambda: [a.bumpInstance(), a.bumpInstance()],
        "throw_plain": lambda: a.throwKind(0),
        "throw_type": lambda: a.throwKind(1),
        "throw_range": lambda: a.throwKind(2),
        "throw_props": lambda: a.throwKind(3),
        "catch_error": lambda: a.catchFrom(_raiser(napi_python.JSTypeError("inner"))),
        "catch_ok": lambda: a.catchFrom(lambda: 42),
        # a class of napi_define_class called by the addon without `new` runs its
        # constructor callback as a function (ObjectWrap's OnCalledAsFunction)
        "class_called_plain": lambda: a.callPlain(a.Maker, 5).value,
        "class_called_plain_instanceof": lambda: isinstance(a.callPlain(a.Maker, "m"), a.Maker),
        "class_called_plain_throws": lambda: a.callPlain(a.Maker, True),
        "class_constructed": lambda: a.Maker(7).value,
        # an array's Symbol.iterator (Array.prototype.values), read by the addon
        "instance_iterator": lambda: list(a.Maker("x")),
        "array_iterator": lambda: a.iterateArray(["p", null, 3]),
        "array_iterator_empty": lambda: a.iterateArray([]),
        # Object.prototype.toString reads Symbol.toStringTag
        "to_string_tag_instance": lambda: a.toStr(a.Maker(1)),
        "to_string_tag_own": lambda: a.toStr(tagged("Own")),
        "to_string_tag_not_string": lambda: a.toStr(tagged(5)),
        "to_string_plain": lambda: a.toStr({}),
        # the global Symbol.for converts its key to a string, as in JS
        "symbol_for_keys": lambda: [a.symbolFor(k) for k in (None, null, 5, "k")],
        "symbol_for_registered": lambda: a.symbolFor("reg") is napi_python.Symbol.for_("reg"),
    }


def _raiser(exc):
    def f(*args):
        raise exc
    return f


def async_cases(a):
    def nullish(args):
        return ["nullish" if x is None or x is null else x for x in args]

    def callback_future(start):
        async def body():
            done = asyncio.get_running_loop().create_future()
            start(lambda *args: done.set_result(nullish(args)))
            return await done
        return body

    async def count_with_progress():
        done = asyncio.get_running_loop().create_future()
        seen = []

        def finish(n):
            ordered = all(i == 0 or v > seen[i - 1] for i, v in enumerate(seen))
            done.set_result([n, ordered, len(seen) > 0, seen[-1] if seen else None])
        a.countWithProgress(5, seen.append, finish)
        return await done

    async def tsfn_from_threads():
        done = asyncio.get_running_loop().create_future()
        per = [[], [], []]
        a.tsfnFromThreads(3, 4, lambda t, i: per[int(t)].append(i),
                          lambda total: done.set_result([total, per]))
        return await done

    async def typed_tsfn():
        done = asyncio.get_running_loop().create_future()
        seen = []

        def cb(v):
            seen.append(v)
            if len(seen) == 4:
                done.set_result(seen)
        a.typedTsfn(100, 4, cb)
        return await done

    return {
        "sum_callback": callback_future(lambda cb: a.sumCallback([1, 2, 3.5], False, cb)),
        "sum_callback_error": callback_future(lambda cb: a.sumCallback([1], True, cb)),
        "upper_async": lambda: a.upperAsync("shout"),
        "upper_async_empty": lambda: a.upperAsync(""),
        "count_with_progress": count_with_progress,
        "tsfn_from_threads": tsfn_from_threads,
        "typed_tsfn": typed_tsfn,
    }


ASYNC = list(async_cases(None))
SYNC = [name for name in NODE if name not in ASYNC]


@pytest.fixture(scope="module")
def cases(a):
    return sync_cases(a)


@pytest.mark.parametrize("name", SYNC)
def test_sync_case_matches_node(cases, name):
    NODE.check(name, outcome_of(cases[name]))


@pytest.mark.parametrize("name", ASYNC)
def test_async_case_matches_node(a, name, run):
    NODE.check(name, run(asyncio.wait_for(settle(async_cases(a)[name]), 60)))


def test_every_node_case_is_run(a):
    assert sorted(SYNC + ASYNC) == sorted(NODE)
    assert set(sync_cases(a)) == set(SYNC)


def test_external_buffers_and_added_finalizers_run_once(a):
    gc.collect()
    napi_python.run_pending()
    before = a.finalizedCount()
    bufs = [a.externalBuffer(3) for _ in range(5)]
    objs = [a.addFinalizer(napi_python.Object()) for _ in range(5)]
    assert [list(b) for b in bufs] == [[0, 1, 2]] * 5
    del bufs, objs
    for _ in range(3):
        gc.collect()
        napi_python.run_pending()
    assert a.finalizedCount() == before + 10


def test_progress_workers_in_flight_at_exit_finish():
    """AsyncProgressWorkers running or queued when the interpreter exits finish: their
    progress is delivered and every done callback runs, as under Node (node runs the
    same calls on cpp_more_node9.node and prints all seven). node-addon-api calls
    OnOK from the finalizer of the worker's threadsafe function, released by its
    complete: exit runs the loop while async work is in flight, before it closes
    threadsafe functions. (Before, the queued workers were cancelled, and the
    running ones' functions, still held, marked the addon as having threads at
    work: none of the seven done callbacks ran.)"""
    from conftest import run_python
    r = run_python(
        "import atexit\n"
        "def report():\n"  # runs after napi_python's teardown (registered before)
        "    print(sorted(done), len(progress) > 0)\n"
        "atexit.register(report)\n"
        "from conftest import load_test_addon\n"
        "a = load_test_addon('cpp_more')\n"
        "done, progress = [], []\n"
        "for n in (50, 50, 50, 50, 20, 20, 20):\n"  # 4 pool threads: 3 queued
        "    a.countWithProgress(n, progress.append, done.append)\n")
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == "[20.0, 20.0, 20.0, 50.0, 50.0, 50.0, 50.0] True\n"
