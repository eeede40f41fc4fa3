"""Async work (issue #4): execute on the pool without the GIL, complete on the loop
thread, cancellation, deletion, errors; under asyncio and uvloop."""

import asyncio
import sys
import threading

import pytest

import napi_python
from async_helpers import run  # noqa: F401  (fixture)
from conftest import load_test_addon, run_python
from napi_status import Status

addon = load_test_addon("async_work")


def test_async_add(run):
    async def body():
        return await addon.asyncAdd(2, 3)
    assert run(body()) == 5.0


def test_async_add_without_loop():
    assert addon.asyncAdd(1.5, 2).result(timeout=30) == 3.5


def test_many_concurrent(run):
    async def body():
        return await asyncio.gather(*(addon.asyncAdd(i, i) for i in range(1000)))
    assert run(body()) == [2.0 * i for i in range(1000)]


def test_threads(run):
    async def body():
        return await addon.threadInfo()
    info = run(body())
    main = threading.get_ident()
    assert info["completeThread"] == main        # complete: the loop's thread
    assert info["executeThread"] != main         # execute: a pool thread ...
    assert info["executeHadGil"] == 0            # ... without the GIL
    assert info["scopeStatus"] == Status.napi_ok  # complete has a handle scope open


def test_pool_has_four_threads(run):
    async def body():
        addon.maxConcurrency()  # reset
        await asyncio.gather(*(addon.probe(4) for _ in range(12)))
        return addon.maxConcurrency()
    assert run(body()) == 4


def test_pool_size_from_environment():
    r = run_python(
        "import os\n"
        "os.environ['UV_THREADPOOL_SIZE'] = '3'  # read when the pool starts\n"
        "from conftest import load_test_addon\n"
        "import asyncio\n"
        "addon = load_test_addon('async_work')\n"
        "async def main():\n"
        "    await asyncio.gather(*(addon.probe(3) for _ in range(9)))\n"
        "asyncio.run(main())\n"
        "print(addon.maxConcurrency())\n",
        timeout=120)
    assert r.stderr == ""
    assert r.stdout.strip() == "3"


def test_callback_style_make_callback(run):
    async def body():
        fut = asyncio.get_running_loop().create_future()
        addon.asyncAddCb(20, 22, lambda err, value: fut.set_result((err, value)))
        return await fut
    err, value = run(body())
    assert (err is None or err is napi_python.null) and value == 42.0


def test_callback_style_without_loop():
    got = []
    addon.asyncAddCb(1, 1, lambda err, value: got.append(value))
    while not got:
        napi_python.run_pending(timeout=30)
    assert got == [2.0]


def test_cancel_queued_work(run):
    async def body():
        addon.closeGate()
        blockers = [addon.gated() for _ in range(4)]  # every pool thread waits
        try:
            first, second, cancelled = addon.queueAndCancel()
        finally:
            addon.openGate()
        results = await asyncio.gather(*blockers)
        return first, second, await cancelled, results
    first, second, cancelled, results = run(body())
    assert first == Status.napi_ok
    assert second == Status.napi_generic_failure  # no longer queued
    assert cancelled == {"status": Status.napi_cancelled, "runs": 0}
    assert results == [{"status": Status.napi_ok, "runs": 1}] * 4


def test_cancel_running_work_fails(run):
    async def body():
        addon.closeGate()
        try:
            status, promise = addon.cancelRunning()
        finally:
            addon.openGate()
        return status, await promise
    status, outcome = run(body())
    assert status == Status.napi_generic_failure
    assert outcome == {"status": Status.napi_ok, "runs": 1}


def test_requeue_from_complete(run):
    async def body():
        return await addon.requeue(5)
    assert run(body()) == {"status": Status.napi_ok, "runs": 6}


def test_exception_in_complete_goes_to_loop_handler(run):
    async def body():
        addon.throwInComplete("complete failed")
        await addon.asyncAdd(0, 0)  # queued after (another pool thread may finish it first)
        await run.until_reported()
    run(body())
    assert len(run.reported) == 1
    exc = run.reported[0]["exception"]
    assert isinstance(exc, napi_python.JSError)
    assert exc.message == "complete failed" and exc.code == "ETHROWN"


def test_exception_in_complete_without_loop_is_unraisable(monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    addon.throwInComplete("nobody listens")
    addon.asyncAdd(0, 0).result(timeout=30)
    while not seen:
        napi_python.run_pending(timeout=30)
    assert isinstance(seen[0].exc_value, napi_python.JSError)
    assert seen[0].exc_value.message == "nobody listens"


def test_exception_in_make_callback_callback_goes_to_loop_handler(run):
    # The Python callback complete calls (napi_make_callback) raises: the exception
    # stays pending when complete returns, and is reported, not lost.
    exc = KeyError("from the callback")

    def callback(err, value):
        raise exc

    async def body():
        addon.asyncAddCb(1, 2, callback)
        await addon.asyncAdd(0, 0)  # queued after (another pool thread may finish it first)
        await run.until_reported()
    run(body())
    assert [c["exception"] for c in run.reported] == [exc]


def test_exception_in_make_callback_callback_without_loop_is_unraisable(monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    exc = KeyError("nobody listens")

    def callback(err, value):
        raise exc

    addon.asyncAddCb(1, 2, callback)
    while not seen:
        napi_python.run_pending(timeout=30)
    assert seen[0].exc_value is exc


def test_callback_scopes():
    got = []
    *statuses, result = addon.callbackScopes(lambda x: got.append(x) or x * 2)
    assert statuses == [Status.napi_ok] * 6 + [Status.napi_callback_scope_mismatch,
                                               Status.napi_invalid_arg, Status.napi_ok]
    assert got == [21] and result == 42


def test_delete_unqueued():
    assert addon.deleteUnqueued() == Status.napi_ok


def test_bad_arguments():
    assert addon.badArgs() == [Status.napi_invalid_arg] * 7


def test_uv_event_loop_pointer():
    assert addon.uvLoop() is True


@pytest.mark.slow
def test_stress_10k_promises_uvloop():
    import uvloop

    async def body():
        return await asyncio.gather(*(addon.asyncAdd(i, 1) for i in range(10_000)))
    loop = uvloop.new_event_loop()
    try:
        results = loop.run_until_complete(body())
    finally:
        loop.close()
    assert results == [i + 1.0 for i in range(10_000)]


EXIT_PRELUDE = (
    "from conftest import load_test_addon\n"
    "import napi_python, asyncio\n"
    "addon = load_test_addon('async_work')\n"
)


def test_exit_with_work_in_flight():
    # The pool is blocked; more work is queued behind it; promises never settle.
    # Exit waits for the running executes (the gate opens from an atexit handler
    # that runs before napi_python's teardown), cancels the rest.
    r = run_python(EXIT_PRELUDE + (
        "import atexit\n"
        "atexit.register(addon.openGate)\n"
        "addon.closeGate()\n"
        "ps = [addon.gated() for _ in range(4)] + [addon.asyncAdd(1, 2) for _ in range(10)]\n"
        "print('exiting')\n"))
    assert r.returncode == 0
    assert r.stdout == "exiting\n"
    assert r.stderr == ""


def test_exit_from_a_loop_with_work_in_flight():
    # asyncio.run() returns while work is blocked on the pool and more is queued.
    r = run_python(EXIT_PRELUDE + (
        "import atexit\n"
        "atexit.register(addon.openGate)\n"
        "async def main():\n"
        "    addon.closeGate()\n"
        "    global ps\n"
        "    ps = [addon.gated() for _ in range(6)] + [addon.asyncAdd(1, 2)]\n"
        "    await asyncio.sleep(0.01)\n"
        "asyncio.run(main())\n"
        "print('done')\n"))
    assert r.returncode == 0
    assert r.stdout == "done\n"
    assert r.stderr == ""


def test_exit_runs_queued_work():
    # Work still queued when exit begins runs (execute, then complete with napi_ok),
    # as Node's teardown runs its loop until no thread-pool request is left
    # (Environment::CleanupHandles): napi_cancelled comes only from
    # napi_cancel_async_work. Work its complete queues again during exit runs too.
    # The gate of the blockers opens from an atexit handler that runs before
    # napi_python's teardown; the one registered before napi_python was imported runs
    # after it and prints the result. (It used to complete with napi_cancelled
    # without running: Neon's complete panics on that.)
    r = run_python(
        "import atexit\n"
        "def report():\n"
        "    print(queued.state, queued.result(timeout=0))\n"
        "atexit.register(report)\n" + EXIT_PRELUDE + (
            "addon.closeGate()\n"
            "blockers = [addon.gated() for _ in range(4)]\n"
            "queued = addon.requeue(3)\n"
            "atexit.register(addon.openGate)\n"))
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout == "fulfilled {'status': 0, 'runs': 4}\n"


def test_exit_bounds_work_requeued_forever():
    # Work that re-queues itself from its complete without end (a poller) cannot keep
    # the process from ending: after a bounded number of rounds what is queued
    # completes with napi_cancelled.
    r = run_python(
        "import atexit\n"
        "def report():\n"
        "    r = queued.result(timeout=0)\n"
        "    print(queued.state, r['status'], 100 < r['runs'] < 10**9)\n"
        "atexit.register(report)\n" + EXIT_PRELUDE + (
            "queued = addon.requeue(10**9)\n"))
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout == "fulfilled 11 True\n"
