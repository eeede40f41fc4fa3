"""Threadsafe functions (issue #4): calls from native threads delivered on the loop
thread, in order, exactly once; queue limits, abort, finalizers; asyncio and uvloop."""

import asyncio
import sys
import threading

import pytest

import napi_python
from async_helpers import run  # noqa: F401  (fixture)
from conftest import load_test_addon, run_python
from napi_status import Status
from node_compare import NodeReference, settle

addon = load_test_addon("tsfn")


class Recorder:
    """The JS callback: records (thread, seq) per native thread."""

    def __init__(self, nthreads):
        self.seen = [[] for _ in range(nthreads)]
        self.threads = set()

    def __call__(self, thread, seq):
        self.seen[thread].append(seq)
        self.threads.add(threading.get_ident())

    def assert_all_in_order(self, ncalls):
        for per_thread in self.seen:
            assert per_thread == list(range(ncalls))
        assert self.threads <= {threading.get_ident()}  # delivered on the loop thread


def deliver(run, nthreads, ncalls, max_queue=0, blocking=True):
    rec = Recorder(nthreads)

    async def body():
        return await addon.startThreads(rec, nthreads, ncalls, max_queue, blocking)
    summary = run(body())
    rec.assert_all_in_order(ncalls)
    assert summary["calls"] == nthreads * ncalls
    assert summary["finalized"] == 1
    assert summary["errors"] == 0 and summary["discarded"] == 0
    assert summary["finalizeThread"] == threading.get_ident()
    return summary


def test_one_thread_in_order(run):
    deliver(run, 1, 1000)


def test_four_threads(run):
    deliver(run, 4, 5000)


def test_bounded_queue_blocking(run):
    deliver(run, 4, 5000, max_queue=8, blocking=True)


def test_bounded_queue_nonblocking_retries(run):
    deliver(run, 2, 5000, max_queue=4, blocking=False)


def test_without_js_function(run):
    async def body():
        return await addon.startThreads(None, 2, 100, 0, True)
    summary = run(body())
    assert summary["calls"] == 200 and summary["jsNull"] == 200


def test_default_call_js_calls_with_no_arguments(run):
    calls = []

    async def body():
        return await addon.defaultCall(lambda *args: calls.append(args), 100)
    summary = run(body())
    assert calls == [()] * 100
    assert summary["finalized"] == 1


def test_loop_thread_calls_and_queue_full(run):
    async def body():
        *statuses, done = addon.mainThreadCalls(2)
        return statuses, await done
    statuses, summary = run(body())
    assert statuses == [Status.napi_ok, Status.napi_ok, Status.napi_queue_full,
                        Status.napi_would_deadlock, Status.napi_ok, Status.napi_ok]
    assert summary["calls"] == 2 and summary["jsNull"] == 2  # created without a function


def test_abort_discards_queued_calls(run):
    cb = Recorder(1)

    async def body():
        *statuses, done = addon.abortQueued(cb)
        return statuses, await done
    statuses, summary = run(body())
    assert statuses == [Status.napi_ok, Status.napi_ok, Status.napi_ok,
                        Status.napi_closing, Status.napi_closing]
    assert summary["finalized"] == 1
    assert cb.seen == [[]]  # never called
    after = addon.lastSummary()
    assert after["discarded"] == 2 and after["calls"] == 0  # call_js(env=NULL) for each


def test_acquire_release_finalizes_once_after_last_release(run):
    cb = Recorder(1)

    async def body():
        return await addon.acquireRelease(cb)
    summary = run(body())
    assert cb.seen == [[0, 1, 2]]
    assert summary["finalized"] == 1


def test_context():
    assert addon.context() is True
    napi_python.run_pending()  # let it finalize


def test_bad_arguments():
    assert addon.badArgs() == [Status.napi_invalid_arg] * 8


def test_exception_in_callback_goes_to_loop_handler(run):
    exc = ValueError("seq 1")
    seen = []

    def cb(thread, seq):
        seen.append(seq)
        if seq == 1:
            raise exc

    async def body():
        return await addon.startThreads(cb, 1, 3, 0, True)
    summary = run(body())
    assert seen == [0, 1, 2]  # delivery goes on
    assert summary["calls"] == 3
    assert [c["exception"] for c in run.reported] == [exc]


def test_exception_in_finalizer_goes_to_loop_handler(run):
    async def body():
        addon.throwingFinalizer("finalizer failed")
        await run.until_reported()
    run(body())
    assert len(run.reported) == 1
    exc = run.reported[0]["exception"]
    assert isinstance(exc, napi_python.JSError)
    assert exc.message == "finalizer failed" and exc.code == "EFINALIZER"


def test_exceptions_without_loop_are_unraisable(monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    exc = ValueError("seq 1")

    def cb(thread, seq):
        if seq == 1:
            raise exc

    summary = addon.startThreads(cb, 1, 3, 0, True).result(timeout=60)
    assert summary["calls"] == 3
    addon.throwingFinalizer("no loop")
    while len(seen) < 2:
        napi_python.run_pending(timeout=30)
    assert seen[0].exc_value is exc
    assert isinstance(seen[1].exc_value, napi_python.JSError)
    assert seen[1].exc_value.message == "no loop"


def test_without_loop_result_delivers():
    rec = Recorder(2)
    summary = addon.startThreads(rec, 2, 1000, 0, True).result(timeout=60)
    rec.assert_all_in_order(1000)
    assert summary["finalizeThread"] == threading.get_ident()


def test_without_loop_run_pending_delivers():
    rec = Recorder(1)
    done = addon.startThreads(rec, 1, 100, 0, True)
    while not done.done():
        napi_python.run_pending(timeout=10)
    rec.assert_all_in_order(100)


def test_other_coroutines_run_while_flooded(run):
    # A bounded drain: a coroutine's steps interleave with a flood of calls.
    rec = Recorder(2)
    ticks = []

    async def ticker():
        while True:
            ticks.append(len(rec.seen[0]) + len(rec.seen[1]))
            await asyncio.sleep(0)

    async def body():
        t = asyncio.ensure_future(ticker())
        summary = await addon.startThreads(rec, 2, 50_000, 0, True)
        t.cancel()
        return summary
    run(body())
    rec.assert_all_in_order(50_000)
    assert len(ticks) > 1


@pytest.mark.slow
def test_stress_8_threads_100k_calls(run):
    deliver(run, 8, 100_000)


EXIT_PRELUDE = (
    "from conftest import load_test_addon\n"
    "import napi_python, asyncio\n"
    "addon = load_test_addon('tsfn')\n"
    "addon.releaseLoaded()  # as node_driver.js: they would keep the process alive\n"
    "def cb(thread, seq):\n"
    "    pass\n"
)


@pytest.mark.parametrize("unref", [False, True], ids=["ref", "unref"])
@pytest.mark.parametrize("blocking", [False, True], ids=["nonblocking", "blocking"])
def test_exit_with_live_producers(unref, blocking):
    # Producers keep calling (the queue fills up: blocking ones sleep in the call)
    # when the interpreter exits: nothing hangs, nothing is printed. A referenced
    # function, which would keep Node running for ever, is waited for until the
    # bound (made short here; the default one: test_exit_from_a_running_loop).
    r = run_python(EXIT_PRELUDE + (
        f"addon.forever(cb, 3, 16, {unref}, {blocking})\n"
        "napi_python.run_pending(timeout=0.05)\n"
        "print('done')\n"), env_extra={"NAPI_PYTHON_EXIT_WAIT": "0.2"})
    assert (r.returncode, r.stdout, r.stderr) == (0, "done\n", "")


def test_exit_from_a_running_loop():
    r = run_python(EXIT_PRELUDE + (
        "async def main():\n"
        "    addon.forever(cb, 2, 0, False, False)\n"
        "    await asyncio.sleep(0.05)\n"
        "asyncio.run(main())\n"
        "print('done')\n"))
    assert (r.returncode, r.stdout, r.stderr) == (0, "done\n", "")


def test_ctrl_c_ends_the_exit_wait_for_referenced_functions():
    # Exit waits for a referenced function its producers hold for ever (here with a
    # ten-minute bound); Ctrl-C during the wait is reported and exit goes on.
    # Ctrl-C is pressed once the wait delivers calls (a fixed delay was a race: a
    # main thread slower than it to reach the exit got the KeyboardInterrupt before
    # the wait, which then went on for its ten minutes). The callback tells the
    # thread through a pipe: no lock that the KeyboardInterrupt could leave held.
    r = run_python(EXIT_PRELUDE + (
        "import atexit, os, signal, threading\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "rfd, wfd = os.pipe()\n"
        "state = {'exiting': False, 'told': False}\n"
        "def cb(thread, seq):\n"
        "    if state['exiting'] and not state['told']:\n"
        "        state['told'] = True\n"
        "        os.write(wfd, b'x')\n"
        "addon.forever(cb, 2, 0, False, False)\n"
        # (registered after napi_python's exit handler: runs before it)
        "atexit.register(state.__setitem__, 'exiting', True)\n"
        "def ctrl_c():\n"  # (a daemon thread: it runs on during the exit wait)
        "    os.read(rfd, 1)\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "threading.Thread(target=ctrl_c, daemon=True).start()\n"
        "print('exiting', flush=True)\n"), timeout=120,
        env_extra={"NAPI_PYTHON_EXIT_WAIT": "600"})
    assert (r.returncode, r.stdout) == (0, "exiting\n")
    assert "KeyboardInterrupt" in r.stderr


def test_exit_with_queued_calls_and_unsettled_promise():
    r = run_python(EXIT_PRELUDE + (
        "p = addon.startThreads(cb, 2, 10000, 0, True)\n"
        "print('done')\n"))
    assert (r.returncode, r.stdout, r.stderr) == (0, "done\n", "")


def _collect_from_loaded(which, n, keep_unref=False):
    """callFromLoaded(which, cb, n) called inside the running loop: the n calls from
    the native thread, awaited on that loop."""
    async def body():
        loop = asyncio.get_running_loop()
        seen, done = [], loop.create_future()

        def cb(i):
            seen.append((i, threading.get_ident()))
            if len(seen) == n:
                done.set_result(None)
        addon.callFromLoaded(which, cb, n, keep_unref)
        await done
        return seen
    return body


@pytest.mark.parametrize("which", [0, 1], ids=["referenced-in-the-call", "referenced-at-load"])
def test_function_made_at_load_delivers_on_the_loop_that_uses_it(which, run):
    """A threadsafe function made when the addon loaded (no loop running, as Neon's
    Channel) is delivered on the loop in which the addon is then called, loop after
    loop: referenced by that call (Neon's cx.channel()) or referenced all along."""
    for _ in range(3):  # a new loop each time: the closed one's adoption is let go
        seen = run(asyncio.wait_for(_collect_from_loaded(which, 5)(), 60))
        assert [i for i, _ in seen] == list(range(5))
        assert {t for _, t in seen} == {threading.get_ident()}
        if which == 0:
            addon.unrefLoaded()


@pytest.mark.parametrize("kept_in", ["first-loop", "no-loop"])
def test_function_kept_after_its_loop_closed_delivers_on_the_next_loop(kept_in, run):
    """A function made (referenced) in one loop and kept after that loop closed, as
    pytest-asyncio's loop per test or asyncio.run() twice leave a callback an addon
    registered once: the calls a native thread makes while a later loop runs are
    delivered on that loop once the addon is called from it, with no promise or
    function made there (Node has one loop for good: they are delivered)."""
    got = []

    async def register():
        addon.keep(got.append)

    if kept_in == "first-loop":
        run(register())
    else:
        addon.keep(got.append)
    try:
        for round_ in range(3):
            async def body():
                addon.callKept(5)  # only this call: nothing made in this loop
                for _ in range(6000):
                    if len(got) == 5:
                        return threading.get_ident()
                    await asyncio.sleep(0.01)
                return None

            assert run(body()) == threading.get_ident(), (round_, got)
            assert got == list(range(5))
            got.clear()
    finally:
        addon.releaseKept()
        napi_python.run_pending(timeout=1)


@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
def test_unreferenced_function_made_at_load_delivers_on_the_loop_that_uses_it(loop):
    """An unreferenced function made at load, the only one (Neon's drop queue, which
    frees the Roots dropped on Rust threads), is delivered on the loop that calls the
    addon too: an unreferenced function is one that does not keep Node's loop alive,
    and Node's loop still delivers it. (A fresh process: the referenced one made at
    load is released first.)"""
    r = run_python(
        "import asyncio, threading, uvloop\n"
        "from conftest import load_test_addon\n"
        "addon = load_test_addon('tsfn')\n"
        "addon.releaseLoaded(1)\n"
        "async def body():\n"
        "    loop = asyncio.get_running_loop()\n"
        "    seen, done = [], loop.create_future()\n"
        "    def cb(i):\n"
        "        seen.append((i, threading.get_ident()))\n"
        "        if len(seen) == 5: done.set_result(None)\n"
        "    addon.callFromLoaded(0, cb, 5, True)\n"
        "    await asyncio.wait_for(done, 20)\n"
        "    return seen\n"
        f"new = {'uvloop' if loop == 'uvloop' else 'asyncio'}.new_event_loop\n"
        "for _ in range(2):\n"
        "    lp = new()\n"
        "    seen = lp.run_until_complete(body())\n"
        "    lp.close()\n"
        "    assert seen == [(i, threading.get_ident()) for i in range(5)], seen\n"
        "addon.releaseLoaded()\n"
        "print('ok')\n")
    assert (r.returncode, r.stdout) == (0, "ok\n"), r.stderr[-2000:]


def test_function_made_at_load_without_loop_waits_for_run_pending():
    seen = []
    addon.callFromLoaded(1, seen.append, 3)
    for _ in range(1000):
        if len(seen) == 3:
            break
        napi_python.run_pending(timeout=0.05)
    assert seen == [0, 1, 2]


# ---- order across threads --------------------------------------------------------

NODE = NodeReference("tsfn")


@pytest.mark.parametrize("n", [2, 8])
def test_calls_run_in_the_order_they_were_made(run, n):
    """A call made after another one (here by a thread that the first caller started
    after its call) runs after it, even when both wait for the same drain and come
    from different threads: node-datachannel's README example (one function per
    event, the description's call made before the candidates', the candidates'
    callback failing without the description) relies on it. relay() returns once
    every call is queued; each of the 20 rounds must see cb(0) ... cb(n - 1), as
    Node does."""
    async def relays():
        out = []
        for _ in range(20):
            seen = []
            done = asyncio.get_running_loop().create_future()

            def cb(i):
                seen.append(i)
                if len(seen) == n:
                    done.set_result(None)
            addon.relay(cb, n)
            await done
            out.append(seen)
        return out
    NODE.check(f"relay_{n}", run(settle(relays)))
