"""Several event loops in several threads (each gets its own deliveries), and how
async callbacks end a loop or napi_python.run_pending(): SystemExit and
KeyboardInterrupt propagate as they do from asyncio callbacks, run_pending keeps its
deadline while native producers flood it, Ctrl-C interrupts it. docs/guide.rst,
"Event loops and threads"."""

import asyncio
import sys
import textwrap
import threading

import pytest
import uvloop

import napi_python
from napi_python._globals import _PromiseGlobal as GlobalPromise
from conftest import load_test_addon, run_python

work = load_test_addon("async_work")
tsfn = load_test_addon("tsfn")

FACTORIES = {"asyncio": asyncio.new_event_loop, "uvloop": uvloop.new_event_loop}
PAIRS = [("asyncio", "asyncio"), ("uvloop", "uvloop"), ("asyncio", "uvloop")]


def in_thread(fn, *args):
    """fn(*args) in a new thread; its result, or raises what it raised. Bounded."""
    out = {}

    def target():
        try:
            out["value"] = fn(*args)
        except BaseException as e:  # noqa: BLE001 - handed to the caller
            out["error"] = e

    t = threading.Thread(target=target)
    t.start()
    t.join(60)
    assert not t.is_alive(), "the thread did not finish (a stranded loop)"
    if "error" in out:
        raise out["error"]
    return out["value"]


def run_loop(kind, coro, timeout=30):
    loop = FACTORIES[kind]()
    try:
        return loop.run_until_complete(asyncio.wait_for(coro, timeout))
    finally:
        # A SystemExit / KeyboardInterrupt left tasks pending: end them first.
        tasks = asyncio.all_tasks(loop)
        for t in tasks:
            t.cancel()
        if tasks:
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        loop.close()


async def round_of_work(base):
    """Async work and a threadsafe function of two native threads at once; where
    every complete and call ran, and the results."""
    me = threading.get_ident()
    calls, call_threads = [], set()

    def cb(thread, seq):
        call_threads.add(threading.get_ident())
        calls.append((thread, seq))

    infos = [work.threadInfo() for _ in range(3)]
    sums = [work.asyncAdd(base, i) for i in range(20)]
    summary = tsfn.startThreads(cb, 2, 25, 0, False)
    got = await asyncio.gather(*sums)
    info = await asyncio.gather(*infos)
    summary = await summary
    assert got == [float(base + i) for i in range(20)]
    assert {i["completeThread"] for i in info} == {me}
    assert call_threads == {me}
    assert sorted(calls) == [(t, s) for t in range(2) for s in range(25)]
    assert summary["calls"] == 50 and summary["finalized"] == 1
    assert summary["finalizeThread"] == me
    return base


@pytest.mark.parametrize("kinds", PAIRS, ids=["-".join(p) for p in PAIRS])
def test_two_threads_each_with_a_loop(kinds):
    # 50 rounds; in each, two threads run their own loop with async work and
    # threadsafe functions at the same time. Each loop gets exactly its own.
    for rnd in range(50):
        barrier = threading.Barrier(2, timeout=30)

        def one(kind, base):
            async def body():
                barrier.wait()
                return await round_of_work(base)
            return run_loop(kind, body())

        results = {}
        threads = [threading.Thread(target=lambda k=k, b=b: results.__setitem__(b, one(k, b)))
                   for k, b in zip(kinds, (rnd * 100, rnd * 100 + 50))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
            assert not t.is_alive()
        assert results == {rnd * 100: rnd * 100, rnd * 100 + 50: rnd * 100 + 50}


@pytest.mark.parametrize("kind", list(FACTORIES))
def test_loop_running_elsewhere_does_not_take_our_deliveries(kind):
    # Loop A runs in another thread (and was the first to queue work); loop B
    # here gets its completions itself.
    started, stop = threading.Event(), None

    async def loop_a():
        nonlocal stop
        stop = asyncio.Event()
        await work.asyncAdd(1, 1)
        started.set()
        await stop.wait()

    loop = FACTORIES[kind]()
    t = threading.Thread(target=lambda: loop.run_until_complete(asyncio.wait_for(loop_a(), 60)))
    t.start()
    try:
        assert started.wait(30)
        assert run_loop(kind, round_of_work(7)) == 7
    finally:
        loop.call_soon_threadsafe(stop.set)
        t.join(60)
        loop.close()
    assert not t.is_alive()


@pytest.mark.parametrize("kind", list(FACTORIES))
def test_stopped_loop_keeps_its_deliveries_other_loop_gets_its_own(kind):
    # Loop A (this thread) queues work and stops before it completes; loop B in
    # another thread gets its own deliveries; A gets its one when run again.
    loop_a = FACTORIES[kind]()
    try:
        async def queue_gated():
            work.closeGate()
            return work.gated()
        p = loop_a.run_until_complete(queue_gated())
        assert in_thread(run_loop, kind, round_of_work(3)) == 3
        work.openGate()
        loop_a.run_until_complete(asyncio.wait_for(p, 30))
    finally:
        work.openGate()
        loop_a.close()


@pytest.mark.parametrize("kind", list(FACTORIES))
def test_closed_loop_is_detached_and_replaced(kind):
    # Work queued under a loop that is then closed completes on the next loop (in
    # another thread) that waits for it.
    loop_a = FACTORIES[kind]()

    async def queue_gated():
        work.closeGate()
        # The 4 pool threads wait at the gate; threadInfo's work waits behind them.
        gated = [work.gated() for _ in range(4)]
        return work.threadInfo(), gated
    try:
        info, gated = loop_a.run_until_complete(queue_gated())
    finally:
        loop_a.close()
        work.openGate()

    async def wait_there():
        return threading.get_ident(), [await g for g in gated], await info
    me, _, got = in_thread(run_loop, kind, wait_there())
    assert got["completeThread"] == me


async def _gather(ps):
    return await asyncio.gather(*ps)


async def _wait(ps):
    done, pending = await asyncio.wait(ps)
    assert not pending
    return [p.result() for p in ps]


async def _wait_for(ps):
    return [await asyncio.wait_for(p, 60) for p in ps]


async def _as_completed(ps):
    return sorted([await f for f in asyncio.as_completed(ps)])


async def _done_callbacks(ps):
    loop = asyncio.get_running_loop()
    futs = [loop.create_future() for _ in ps]
    for p, fut in zip(ps, futs):
        p.add_done_callback(lambda p, fut=fut: fut.set_result(p.result()))
    return await asyncio.gather(*futs)


async def _then(ps):
    loop = asyncio.get_running_loop()
    futs = [loop.create_future() for _ in ps]
    for p, fut in zip(ps, futs):
        p.then(fut.set_result)
    return await asyncio.gather(*futs)


OUTLIVING = {"then": _then, "gather": _gather, "wait": _wait, "wait_for": _wait_for,
             "as_completed": _as_completed, "done_callbacks": _done_callbacks}


@pytest.mark.parametrize("kind", list(FACTORIES))
@pytest.mark.parametrize("use", list(OUTLIVING))
@pytest.mark.parametrize("settled", [False, True], ids=["pending", "settled"])
def test_promise_outlives_its_loop(kind, use, settled):
    # Promises made under a loop that is closed before they are used (a client made
    # in one asyncio.run and awaited in the next; a fixture's loop closed under a
    # test's): asyncio's ways of waiting work in the next loop as `await` does, the
    # promises being futures of that loop from then on.
    loop_a = FACTORIES[kind]()

    async def make():
        ps = [work.asyncAdd(i, 1) for i in range(5)]
        if settled:
            await asyncio.gather(*ps)
        return ps
    try:
        ps = loop_a.run_until_complete(make())
    finally:
        loop_a.close()
    assert run_loop(kind, OUTLIVING[use](ps), timeout=60) == [float(i + 1) for i in range(5)]


@pytest.mark.parametrize("kind", list(FACTORIES))
def test_then_on_a_promise_made_with_no_loop_runs_under_the_loop_that_calls_it(kind):
    # then/catch/finally called inside a loop that makes no addon call: the
    # reactions of a promise created with no running loop run on that loop.
    ps = [work.asyncAdd(i, 1) for i in range(3)]

    async def body():
        loop = asyncio.get_running_loop()
        futs = [loop.create_future() for _ in ps]
        for p, fut in zip(ps, futs):
            p.then(fut.set_result)
        return await asyncio.gather(*futs)
    assert run_loop(kind, body(), timeout=60) == [1.0, 2.0, 3.0]


@pytest.mark.parametrize("kind", list(FACTORIES))
@pytest.mark.parametrize("use", ["wait", "done_callbacks", "wait_for"])
def test_promise_made_with_no_loop_in_asyncios_waits(kind, use):
    # A promise made before any loop runs (at import, at start-up) is not an asyncio
    # future, but asyncio.wait (which takes futures only since Python 3.11) and
    # add_done_callback make it one of the loop that asks.
    ps = [work.asyncAdd(i, 1) for i in range(5)]
    assert not any(asyncio.isfuture(p) for p in ps)
    assert run_loop(kind, OUTLIVING[use](ps), timeout=60) == [float(i + 1) for i in range(5)]


@pytest.mark.parametrize("kind", list(FACTORIES))
def test_then_on_a_global_promise_runs_under_a_loop_that_queued_no_work(kind):
    # Another loop (another thread) delivers the default target; this loop never
    # called an addon: its reactions still run here.
    started, stop = threading.Event(), None

    async def loop_a():
        nonlocal stop
        stop = asyncio.Event()
        await work.asyncAdd(1, 1)
        started.set()
        await stop.wait()

    loop = FACTORIES[kind]()
    t = threading.Thread(target=lambda: loop.run_until_complete(asyncio.wait_for(loop_a(), 60)))
    t.start()
    try:
        assert started.wait(30)

        async def body():
            ran_in = []
            p = GlobalPromise(lambda resolve, reject: resolve(21))
            child = p.then(lambda v: ran_in.append(threading.get_ident()) or v * 2)
            return await child, ran_in, threading.get_ident()
        value, ran_in, me = in_thread(run_loop, kind, body())
        assert value == 42 and ran_in == [me]
    finally:
        loop.call_soon_threadsafe(stop.set)
        t.join(60)
        loop.close()


# ---- SystemExit, KeyboardInterrupt ---------------------------------------------

@pytest.mark.parametrize("kind", list(FACTORIES))
@pytest.mark.parametrize("exc", [SystemExit, KeyboardInterrupt])
def test_interrupt_in_a_threadsafe_function_call_ends_the_loop(kind, exc):
    n = 0

    def fn():
        nonlocal n
        n += 1
        if n == 3:
            raise exc(7)

    first = []

    async def body():
        first.append(tsfn.defaultCall(fn, 5))
        await first[0]

    async def again():
        # The first call's promise settles once its five calls ran (its finalizer):
        # awaited here, the test does not depend on when its native thread queued
        # the last two (it may still be queueing them when this loop stops).
        await asyncio.gather(first[0], tsfn.defaultCall(fn, 5))
    loop = FACTORIES[kind]()
    try:
        with pytest.raises(exc):
            loop.run_until_complete(asyncio.wait_for(body(), 30))
        # The calls after it stay queued: they run when the loop runs again (uvloop
        # stops only after its current iteration, which may have run them already).
        loop.run_until_complete(asyncio.wait_for(again(), 30))
    finally:
        loop.close()
    assert n == 10


@pytest.mark.parametrize("kind", list(FACTORIES))
@pytest.mark.parametrize("exc", [SystemExit, KeyboardInterrupt])
def test_interrupt_in_an_async_work_complete_ends_the_loop(kind, exc):
    def cb(err, value):
        raise exc(value)

    async def body():
        work.asyncAddCb(1, 2, cb)
        await asyncio.sleep(30)
    with pytest.raises(exc) as info:
        run_loop(kind, body())
    assert info.value.args == (3.0,)


@pytest.mark.parametrize("kind", list(FACTORIES))
@pytest.mark.parametrize("exc", [SystemExit, KeyboardInterrupt])
def test_interrupt_in_a_promise_reaction_ends_the_loop(kind, exc):
    def handler(value):
        raise exc(value)

    async def body():
        work.asyncAdd(1, 1).then(handler)
        await asyncio.sleep(30)
    with pytest.raises(exc) as info:
        run_loop(kind, body())
    assert info.value.args == (2.0,)


@pytest.mark.parametrize("exc", [SystemExit, KeyboardInterrupt])
def test_interrupt_in_a_callback_leaves_run_pending(exc):
    def cb(err, value):
        raise exc(value)

    seen = []
    in_thread(lambda: (work.asyncAddCb(1, 2, cb),
                       work.asyncAddCb(2, 2, lambda err, value: seen.append(value))))
    with pytest.raises(exc):
        for _ in range(100):
            napi_python.run_pending(timeout=1)
    # The next callback stays queued for the next call.
    for _ in range(100):
        if not seen:
            napi_python.run_pending(timeout=0.1)
    assert seen == [4.0]


# ---- run_pending under a flood ---------------------------------------------------

STORM = (
    "from conftest import load_test_addon\n"
    "import napi_python, signal, sys, threading, time, os\n"
    "tsfn = load_test_addon('tsfn')\n"
    "calls = 0\n"
    "def cb(thread, seq):\n"
    "    global calls\n"
    "    calls += 1\n"
    "tsfn.forever({cb}, 2, 0, False, False)\n"
)


@pytest.mark.parametrize("cb", ["cb", "max"], ids=["python", "builtin"])
def test_run_pending_keeps_its_deadline_in_a_flood(cb):
    # Two native threads post without end; run_pending(0.3) returns anyway (the
    # subprocess would time out otherwise), having run calls; so does
    # run_pending(0) (one batch at most). (Called again while it ran none: under
    # load the threads may not have posted their first call within 0.3 s.)
    r = run_python(STORM.format(cb=cb) + (
        "n = 0\n"
        "while n == 0:\n"
        "    n = napi_python.run_pending(timeout=0.3)\n"
        "m = napi_python.run_pending(timeout=0)\n"
        "print(n > 0, m >= 0)\n"), timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "True True\n"
    assert r.stderr == ""


@pytest.mark.parametrize("cb", ["cb", "max"], ids=["python", "builtin"])
def test_ctrl_c_interrupts_run_pending_in_a_flood(cb):
    r = run_python(STORM.format(cb=cb) + (
        # Python installs its Ctrl-C handler only where SIGINT is not ignored, and a
        # job started in the background by a non-interactive shell inherits it
        # ignored: install it, as an interactive Python has it
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        # run_pending returns once a drain finds the queue empty after running some
        # (its contract): with a consumer faster than the two posting threads (a
        # builtin callback, a descheduled poster) that can happen within 0.3 s, so
        # it is called again until Ctrl-C ends it. (The timer starts inside the
        # try: a main thread stalled for 0.3 s got it before, uncaught.)
        "try:\n"
        "    threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()\n"
        "    while True:\n"
        "        napi_python.run_pending(timeout=None)\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted')\n"), timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "interrupted\n"
    assert r.stderr == ""


# ---- an exception returned while the loop adopts the default target -------------

@pytest.mark.parametrize("kinds", PAIRS, ids=["-".join(p) for p in PAIRS])
def test_exception_of_the_first_call_under_a_second_loop_is_raised(kinds):
    # A service with an event loop per thread: loop A (another thread) delivers the
    # threadsafe functions the addon made when it loaded; the first addon call under
    # loop B throws. The end of that call asks whether B takes over their delivery,
    # which calls Python (the loops' is_closed/is_running): done with the call's
    # exception set, it lost it, and the call raised SystemError ("returned NULL
    # without setting an exception") instead of the addon's RangeError. Found with
    # oxc-parser's parseSync in an HTTP service with a loop in each of two threads.
    # A fresh interpreter: the functions made at load are then waiting for a loop.
    r = run_python(textwrap.dedent(f'''
        import asyncio, threading, uvloop
        from conftest import load_test_addon
        tsfn = load_test_addon("tsfn")   # makes two threadsafe functions as it loads
        FACTORIES = {{"asyncio": asyncio.new_event_loop, "uvloop": uvloop.new_event_loop}}
        KIND_A, KIND_B = {kinds!r}
        got = []

        def call():
            try:
                tsfn.callFromLoaded(7, None, 0)   # which: 0 or 1, else RangeError
            except BaseException as e:
                got.append(f"{{type(e).__name__}}: {{e}}")

        adopted, done = threading.Event(), threading.Event()

        async def loop_a():
            call()   # loop A takes the functions made at load
            adopted.set()
            while not done.is_set():
                await asyncio.sleep(0.01)

        def thread_a():
            loop = FACTORIES[KIND_A]()
            loop.run_until_complete(asyncio.wait_for(loop_a(), 60))
            loop.close()

        async def loop_b():
            call()
            call()

        t = threading.Thread(target=thread_a)
        t.start()
        try:
            assert adopted.wait(60)
            loop = FACTORIES[KIND_B]()
            loop.run_until_complete(asyncio.wait_for(loop_b(), 60))
            loop.close()
        finally:
            done.set()
            t.join(60)
        assert not t.is_alive()
        for line in got:
            print(line)
    '''), timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines() == ["JSRangeError: which: 0 or 1"] * 3, r.stdout + r.stderr
    assert "Traceback" not in r.stderr, r.stderr
