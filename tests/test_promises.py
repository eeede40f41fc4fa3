"""Promises (issue #4): napi_create_promise, napi_resolve/reject_deferred,
napi_is_promise, and napi_python.Promise under asyncio and uvloop."""

import asyncio
import contextvars
import gc
import threading

import pytest

import napi_python
from async_helpers import run  # noqa: F401  (fixture)
from conftest import load_test_addon
from napi_status import Status

addon = load_test_addon("async_promises")


def test_create_returns_a_pending_promise():
    promise, deferred = addon.createPromise()
    assert isinstance(promise, napi_python.Promise)
    assert promise.state == "pending" and not promise.done()
    addon.resolve(deferred, 1)
    assert promise.state == "fulfilled" and promise.done()
    assert promise.result() == 1


def test_await_resolved(run):
    async def body():
        return await addon.resolved(42)
    assert run(body()) == 42


def test_a_promise_resolved_with_null_gives_none_to_python(run):
    # as a function's null return value does (libsignal's optional results resolve
    # their promise with null); addons chaining on the promise still see null
    async def body():
        return await addon.resolved(napi_python.null)
    assert run(body()) is None
    assert addon.resolved(napi_python.null).result() is None
    assert addon.resolved([napi_python.null]).result() == [napi_python.null]  # in a list: null


def test_await_resolved_later(run):
    async def body():
        promise, deferred = addon.createPromise()
        asyncio.get_running_loop().call_soon(addon.resolve, deferred, {"a": [1, 2]})
        return await promise
    assert run(body()) == {"a": [1, 2]}


def test_await_twice_and_concurrently(run):
    async def body():
        promise, deferred = addon.createPromise()
        waiters = [asyncio.ensure_future(promise) for _ in range(3)]
        await asyncio.sleep(0)
        addon.resolve(deferred, "x")
        return await asyncio.gather(*waiters), await promise
    assert run(body()) == (["x", "x", "x"], "x")


def test_reject_with_js_error(run):
    async def body():
        with pytest.raises(napi_python.JSRangeError) as info:
            await addon.rejectedWithError("bad range")
        return info.value
    err = run(body())
    assert isinstance(err, ValueError)
    assert err.message == "bad range" and err.code == "ECODE"


def test_reject_with_python_exception_is_that_exception(run):
    exc = KeyError("mine")

    async def body():
        promise, deferred = addon.createPromise()
        addon.reject(deferred, exc)
        with pytest.raises(KeyError) as info:
            await promise
        return info.value
    assert run(body()) is exc


def test_reject_with_non_error_value(run):
    async def body():
        promise, deferred = addon.createPromise()
        addon.reject(deferred, "just a string")
        with pytest.raises(napi_python.JSError) as info:
            await promise
        return info.value
    err = run(body())
    assert err.value == "just a string"
    assert str(err) == "just a string"


def test_result_without_loop():
    assert addon.resolved("v").result() == "v"
    assert addon.resolved("v").result(timeout=0) == "v"
    with pytest.raises(napi_python.JSRangeError):
        addon.rejectedWithError("e").result()


def test_result_timeout_leaves_promise_pending():
    promise, deferred = addon.createPromise()
    with pytest.raises(TimeoutError):
        promise.result(timeout=0.01)
    assert promise.state == "pending"
    addon.resolve(deferred, 7)
    assert promise.result(timeout=0) == 7


def test_result_from_another_thread_settled_elsewhere():
    promise, deferred = addon.createPromise()
    got = []
    t = threading.Thread(target=lambda: got.append(promise.result(timeout=30)))
    t.start()
    addon.resolve(deferred, "late")
    t.join(30)
    assert got == ["late"]


def test_gather(run):
    async def body():
        pairs = [addon.createPromise() for _ in range(100)]
        loop = asyncio.get_running_loop()
        for i, (_, d) in enumerate(reversed(pairs)):
            loop.call_soon(addon.resolve, d, 99 - i)
        return await asyncio.gather(*(p for p, _ in pairs))
    assert run(body()) == list(range(100))


def test_wait_for_timeout_then_late_resolution(run):
    async def body():
        promise, deferred = addon.createPromise()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(promise, 0.01)
        assert promise.state == "pending"
        addon.resolve(deferred, "after")  # nobody waits any more: no error
        await asyncio.sleep(0)
        return await promise
    assert run(body()) == "after"
    assert run.reported == []


def test_cancel_awaiting_task(run):
    async def body():
        promise, deferred = addon.createPromise()
        task = asyncio.ensure_future(promise)
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        addon.resolve(deferred, 1)
        await asyncio.sleep(0)
        return promise.state, await promise
    assert run(body()) == ("fulfilled", 1)
    assert run.reported == []


def test_a_promise_made_inside_a_loop_is_an_asyncio_future(run):
    # gather, wait and ensure_future take it as it is (no task around each promise).
    async def body():
        promise, deferred = addon.createPromise()
        assert asyncio.isfuture(promise) and promise.get_loop() is asyncio.get_running_loop()
        assert asyncio.ensure_future(promise) is promise
        seen = []
        promise.add_done_callback(seen.append)
        asyncio.get_running_loop().call_soon(addon.resolve, deferred, 7)
        done, _ = await asyncio.wait([promise])
        await asyncio.sleep(0)
        return done == {promise}, seen == [promise], promise.result(), promise.exception()
    assert run(body()) == (True, True, 7, None)


def test_a_promise_made_without_a_loop_is_not_an_asyncio_future(run):
    promise, deferred = addon.createPromise()
    assert not asyncio.isfuture(promise)
    with pytest.raises(RuntimeError):
        promise.get_loop()

    async def body():  # awaited and gathered all the same (asyncio wraps it in a task)
        asyncio.get_running_loop().call_soon(addon.resolve, deferred, "late")
        return await asyncio.gather(promise), await promise
    assert run(body()) == (["late"], "late")


def test_gather_of_rejected_promises_raises_the_rejection(run):
    async def body():
        promise, deferred = addon.createPromise()
        asyncio.get_running_loop().call_soon(addon.reject, deferred, ValueError("no"))
        with pytest.raises(ValueError, match="no"):
            await asyncio.gather(promise, addon.resolved(1))
        return type(promise.exception())
    assert run(body()) is ValueError


def test_cancel_ends_the_waits_until_the_promise_settles(run):
    async def body():
        promise, deferred = addon.createPromise()
        waiter = asyncio.ensure_future(asyncio.sleep(0, result=None))
        direct = asyncio.ensure_future(_await(promise))
        gathered = asyncio.gather(promise)
        await waiter
        assert promise.cancel("stop") and not promise.cancel()
        states = [promise.state, promise.done(), promise.cancelled()]
        for fut in (direct, gathered):
            with pytest.raises(asyncio.CancelledError):
                await fut
        with pytest.raises(asyncio.CancelledError):
            promise.result()          # does not block while cancelled
        with pytest.raises(asyncio.CancelledError):
            promise.exception()
        addon.resolve(deferred, "after")  # the JS promise goes on
        return states, promise.cancelled(), await promise, promise.result()
    states, cancelled_after, awaited, result = run(body())
    assert states == ["pending", True, True]
    assert cancelled_after is False and awaited == result == "after"
    assert run.reported == []


async def _await(awaitable):
    return await awaitable


def test_cancelling_a_task_that_awaits_leaves_other_awaits_alone(run):
    async def body():
        promise, deferred = addon.createPromise()
        first = asyncio.ensure_future(_await(promise))
        second = asyncio.ensure_future(_await(promise))
        await asyncio.sleep(0)
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        assert not promise.cancelled()
        addon.resolve(deferred, 5)
        return await second
    assert run(body()) == 5


def _futures_held_by(obj):
    """The asyncio futures `obj` holds, directly or in a list."""
    held = []
    for r in gc.get_referents(obj):
        for x in (r if isinstance(r, list) else [r]):
            if isinstance(x, asyncio.Future):
                held.append(x)
    return held


def test_cancelled_waits_let_go_of_their_futures(run):
    # A promise that stays pending while tasks awaiting it are cancelled again and
    # again (a request handler cancelled on client disconnect, a poll with
    # wait_for around shield) keeps nothing per cancelled wait.
    async def body():
        promise, deferred = addon.createPromise()
        for _ in range(1000):
            task = asyncio.ensure_future(_await(promise))
            await asyncio.sleep(0)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        for _ in range(100):
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(promise), 0)
        kept = asyncio.ensure_future(_await(promise))
        await asyncio.sleep(0)
        held = len(_futures_held_by(promise))
        addon.resolve(deferred, 7)
        return held, await kept
    assert run(body()) == (1, 7)


def test_cancelling_a_gather_ends_every_wait_not_the_promise(run):
    async def body():
        promise, deferred = addon.createPromise()
        other = asyncio.ensure_future(_await(promise))
        gathered = asyncio.gather(promise)
        await asyncio.sleep(0)
        gathered.cancel()
        with pytest.raises(asyncio.CancelledError):
            await gathered
        # gather cancelled the promise as a future: the direct await ends too (as
        # with any shared asyncio future); the promise itself still settles.
        with pytest.raises(asyncio.CancelledError):
            await other
        addon.resolve(deferred, 3)
        return await promise
    assert run(body()) == 3


def test_remove_done_callback(run):
    async def body():
        promise, deferred = addon.createPromise()
        seen = []
        promise.add_done_callback(seen.append)
        promise.add_done_callback(seen.append)
        assert promise.remove_done_callback(seen.append) == 2
        addon.resolve(deferred, 1)
        await asyncio.sleep(0)
        return seen
    assert run(body()) == []


def test_done_callbacks_run_in_order_each_in_its_context(run):
    # asyncio's rules: callbacks in the order added, each in the context current
    # when it was added (or the one given), an exception to the loop's handler
    # without stopping the others; the promises of one loop turn in settling order.
    var = contextvars.ContextVar("var", default="unset")

    async def body():
        (a, da), (b, db), (c, dc) = (addon.createPromise() for _ in range(3))
        seen = []

        def note(tag):
            return lambda p: seen.append((tag, var.get(), p.result()))

        def boom(p):
            raise KeyError("from a done callback")
        var.set("first")
        b.add_done_callback(note("b1"))
        var.set("second")
        b.add_done_callback(boom)
        b.add_done_callback(note("b2"))
        given = contextvars.copy_context()
        given.run(var.set, "given")
        b.add_done_callback(note("b3"), context=given)
        a.add_done_callback(note("a"))
        c.add_done_callback(note("c"))
        removed = note("never")
        c.add_done_callback(removed)
        assert c.remove_done_callback(removed) == 1
        addon.resolve(da, 1)
        addon.resolve(db, 2)
        addon.resolve(dc, 3)
        assert b.remove_done_callback(boom) == 0  # scheduled already: asyncio's answer
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        return seen
    assert run(body()) == [("a", "second", 1), ("b1", "first", 2), ("b2", "second", 2),
                           ("b3", "given", 2), ("c", "second", 3)]
    assert [type(r.get("exception")) for r in run.reported] == [KeyError]


def test_pending_exception_is_an_invalid_state(run):
    async def body():
        promise, _deferred = addon.createPromise()
        with pytest.raises(asyncio.InvalidStateError):
            promise.exception()
    run(body())


def test_resolved_from_another_python_thread(run):
    async def body():
        promise, deferred = addon.createPromise()
        threading.Timer(0.01, addon.resolve, (deferred, "threaded")).start()
        return await promise
    assert run(body()) == "threaded"


def test_resolve_with_a_promise_adopts_it(run):
    async def body():
        outer, d_outer = addon.createPromise()
        inner, d_inner = addon.createPromise()
        addon.resolve(d_outer, inner)
        assert outer.state == "pending"
        asyncio.get_running_loop().call_soon(addon.resolve, d_inner, "inner value")
        return await outer
    assert run(body()) == "inner value"


def test_resolve_with_a_thenable_adopts_it(run):
    class Thenable:
        def then(self, resolve, reject):
            resolve("adopted")

    class Rejecting:
        def then(self, resolve, reject):
            reject(KeyError("via then"))

    async def body():
        p1, d1 = addon.createPromise()
        p2, d2 = addon.createPromise()
        p3, d3 = addon.createPromise()
        addon.resolve(d1, Thenable())
        addon.resolve(d2, {"then": lambda resolve, reject: resolve(["dict"])})
        addon.resolve(d3, Rejecting())
        assert p1.state == "pending"  # adopted from a later job, as in JS
        with pytest.raises(KeyError):
            await p3
        return await p1, await p2
    assert run(body()) == ("adopted", ["dict"])


def test_resolve_with_a_thenable_that_has_a_get_property_adopts_it(run):
    # The thenable's own `get` hid the Object's get() method, which `then` was read
    # with: the object was taken as a plain value, not adopted.
    # Node 20: Promise.resolve({get: 1, then(res) { res(42); }}) gives 42
    thenable = napi_python.Object(get=1)
    thenable["then"] = lambda resolve, reject: resolve(42)

    async def body():
        p, d = addon.createPromise()
        addon.resolve(d, thenable)
        return await p
    assert run(body()) == 42


def test_await_outside_loop_is_an_error():
    promise, _ = addon.createPromise()
    with pytest.raises(RuntimeError):
        promise.__await__().send(None)


def test_is_promise():
    promise, deferred = addon.createPromise()
    assert addon.isPromise(promise) is True
    addon.resolve(deferred, None)

    async def coro():
        pass
    c = coro()
    assert addon.isPromise(c) is True  # Python awaitables are thenables to addons
    c.close()
    loop = asyncio.new_event_loop()
    try:
        assert addon.isPromise(loop.create_future()) is True
    finally:
        loop.close()
    for value in (1, "s", {"then": 1}, [], None, napi_python.null, addon.isPromise):
        assert addon.isPromise(value) is False, value


def test_addon_calls_then(run):
    async def body():
        fulfilled, rejected = [], []
        child = addon.callThen(addon.resolved(5), lambda v: fulfilled.append(v) or v * 2,
                               rejected.append)
        assert isinstance(child, napi_python.Promise)
        assert fulfilled == []  # reactions never run synchronously
        assert await child == 10
        child2 = addon.callThen(addon.rejectedWithError("no"), fulfilled.append,
                                lambda err: "handled " + err.message)
        assert await child2 == "handled no"
        return fulfilled, rejected
    assert run(body()) == ([5], [])


def test_then_handler_raising_rejects_the_child(run):
    exc = ValueError("from handler")

    def handler(_):
        raise exc

    async def body():
        child = addon.callThen(addon.resolved(1), handler, None)
        with pytest.raises(ValueError) as info:
            await child
        return info.value
    assert run(body()) is exc


def test_then_without_loop_runs_at_result():
    child = addon.callThen(addon.resolved(3), lambda v: v + 1, None)
    assert child.result(timeout=30) == 4


def test_resolve_while_exception_pending():
    status, promise = addon.resolveWhileThrowing("ok")
    assert status == Status.napi_pending_exception
    assert promise.result() == "ok"


def test_bad_arguments():
    assert addon.createNullDeferred() == Status.napi_invalid_arg
    assert addon.createNullPromise() == Status.napi_invalid_arg
    assert addon.isPromiseNull() == Status.napi_invalid_arg * 100 + Status.napi_invalid_arg
    promise, deferred = addon.createPromise()
    assert addon.resolveNull(deferred) == Status.napi_invalid_arg


def test_repr():
    assert repr(addon.resolved(1)) == "<Promise fulfilled 1>"
    assert repr(addon.createPromise()[0]) == "<Promise pending>"


# ---- Python awaitables given to an addon are promises to it ----------------------
# awaitThen(value, probe, style) calls value.then(onFulfilled, onRejected) (style 0)
# or value.then(onFulfilled).catch(onRejected) (style 1, napi-rs's Promise<T>) with
# its own functions, which settle the addon's own promise.

def _awaitables(loop, value, kind):
    """An awaitable of `kind` that settles with `value` (or raises it when it is an
    exception) a little later."""
    async def later():
        await asyncio.sleep(0.001)
        if isinstance(value, BaseException):
            raise value
        return value

    if kind == "coroutine":
        return later()
    if kind == "task":
        return loop.create_task(later())
    if kind == "future":
        fut = loop.create_future()
        if isinstance(value, BaseException):
            loop.call_later(0.001, fut.set_exception, value)
        else:
            loop.call_later(0.001, fut.set_result, value)
        return fut
    assert kind == "promise"
    promise, deferred = addon.createPromise()
    if isinstance(value, BaseException):
        loop.call_later(0.001, addon.reject, deferred, value)
    else:
        loop.call_later(0.001, addon.resolve, deferred, value)
    return promise


AWAITABLE_KINDS = ["coroutine", "task", "future", "promise"]


@pytest.mark.parametrize("style", [0, 1])
@pytest.mark.parametrize("kind", AWAITABLE_KINDS)
def test_addon_awaits_a_python_awaitable(run, kind, style):
    threads = []

    async def body():
        aw = _awaitables(asyncio.get_running_loop(), {"v": [1, 2]}, kind)
        promise = addon.awaitThen(aw, lambda: threads.append(threading.get_ident()), style)
        assert threads == []  # reactions never run inside then()
        return await promise
    assert run(body()) == {"v": [1, 2]}
    assert threads == [threading.get_ident()]  # the loop's thread
    assert run.reported == []


@pytest.mark.parametrize("style", [0, 1])
@pytest.mark.parametrize("kind", AWAITABLE_KINDS)
def test_addon_awaits_a_rejected_python_awaitable(run, kind, style):
    exc = KeyError("rejected awaitable")
    threads = []

    async def body():
        aw = _awaitables(asyncio.get_running_loop(), exc, kind)
        promise = addon.awaitThen(aw, lambda: threads.append(threading.get_ident()), style)
        with pytest.raises(KeyError) as info:
            await promise
        return info.value
    assert run(body()) is exc  # onRejected got the exception itself
    assert threads == [threading.get_ident()]
    assert run.reported == []


def test_coroutine_given_to_an_addon_runs_as_a_task(run):
    steps = []

    async def work():
        steps.append("started")
        await asyncio.sleep(0)
        steps.append("finished")
        return 7

    async def body():
        coro = work()
        first = addon.awaitThen(coro, None, 0)
        second = addon.awaitThen(coro, None, 1)  # the same coroutine: the same task
        await asyncio.sleep(0)
        assert steps == ["started"]  # scheduled by then(), awaited by nobody in Python
        return await first, await second
    assert run(body()) == (7, 7)
    assert steps == ["started", "finished"]
    assert run.reported == []


def test_future_settled_from_another_thread(run):
    threads = []

    async def body():
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        promise = addon.awaitThen(fut, lambda: threads.append(threading.get_ident()), 0)
        threading.Timer(0.01, loop.call_soon_threadsafe, (fut.set_result, "threaded")).start()
        return await promise
    assert run(body()) == "threaded"
    assert threads == [threading.get_ident()]


def test_cancelled_future_rejects(run):
    async def body():
        fut = asyncio.get_running_loop().create_future()
        promise = addon.awaitThen(fut, None, 1)
        fut.cancel("gone")
        with pytest.raises(asyncio.CancelledError):
            await promise
    run(body())
    assert run.reported == []


def test_python_awaitable_finally(run):
    calls = []

    async def ok():
        return "value"

    async def body():
        kept = addon.callFinally(ok(), lambda: calls.append("ok"))
        assert isinstance(kept, napi_python.Promise)
        failed = addon.callFinally(_awaitables(asyncio.get_running_loop(), KeyError("k"), "future"),
                                   lambda: calls.append("failed"))
        assert await kept == "value"
        with pytest.raises(KeyError):
            await failed
    run(body())
    # both ran once; their order is the loop's (the future's timer may be due before
    # the coroutine's task has run its reactions on a loaded machine)
    assert sorted(calls) == ["failed", "ok"]


def test_promise_finally(run):
    calls = []

    async def body():
        fin = getattr(napi_python.Promise, "finally")
        kept = fin(addon.resolved(1), lambda: calls.append("a"))
        # through the addon: Promise.prototype.finally as napi_get_named_property sees it
        via_addon = addon.callFinally(addon.resolved(2), lambda: calls.append("b"))
        replaced = fin(addon.resolved(3), lambda: addon.rejectedWithError("in finally"))
        thrown = fin(addon.rejectedWithError("original"), lambda: 1 / 0)
        assert await kept == 1 and await via_addon == 2
        with pytest.raises(napi_python.JSRangeError, match="in finally"):
            await replaced
        with pytest.raises(ZeroDivisionError):
            await thrown
    run(body())
    assert sorted(calls) == ["a", "b"]


def test_addon_given_a_coroutine_without_loop():
    async def never():
        raise AssertionError("must not run")

    promise = addon.awaitThen(never(), None, 0)
    with pytest.raises(RuntimeError, match="running event loop"):
        promise.result(timeout=30)


def test_awaitable_with_its_own_then():
    class OwnThen:
        def __await__(self):
            return iter(())

        def then(self, on_fulfilled, on_rejected):
            return "its own then"

    assert addon.callThen(OwnThen(), None, None) == "its own then"


def test_resolve_with_a_python_awaitable_adopts_it(run):
    async def value():
        await asyncio.sleep(0)
        return "from coroutine"

    async def body():
        promise, deferred = addon.createPromise()
        addon.resolve(deferred, value())
        return await promise
    assert run(body()) == "from coroutine"


def test_exit_with_awaitables_followed_by_an_addon():
    # A Future that never settles and a coroutine still sleeping, both consumed by an
    # addon, when asyncio.run() returns and the interpreter exits: nothing is printed.
    from conftest import run_python
    r = run_python(
        "from conftest import load_test_addon\n"
        "import asyncio\n"
        "addon = load_test_addon('async_promises')\n"
        "async def sleeper():\n"
        "    await asyncio.sleep(3600)\n"
        "async def main():\n"
        "    global a, b\n"
        "    a = addon.awaitThen(asyncio.get_running_loop().create_future(), None, 0)\n"
        "    b = addon.awaitThen(sleeper(), None, 1)\n"
        "    await asyncio.sleep(0.01)\n"
        "asyncio.run(main())\n"
        "print(a.state, b.state)\n")
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == "pending rejected\n"


# -- unhandled rejections (Node's unhandledRejection; asyncio's "never retrieved") ----
def test_unhandled_rejection_goes_to_the_loop_exception_handler(run):
    async def body():
        promise, deferred = addon.createPromise()
        addon.reject(deferred, KeyError("nobody looks"))
        del promise
        import gc
        gc.collect()
        await asyncio.sleep(0)
    run(body())
    assert len(run.reported) == 1
    context = run.reported[0]
    assert context["message"] == "napi_python.Promise rejected and never handled"
    assert isinstance(context["exception"], KeyError)


def test_unhandled_rejection_without_a_loop_goes_to_unraisablehook(monkeypatch):
    import gc
    import sys
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    promise, deferred = addon.createPromise()
    addon.reject(deferred, ValueError("dropped"))
    del promise
    gc.collect()
    assert len(seen) == 1
    assert "never handled" in str(seen[0].exc_value)
    assert isinstance(seen[0].exc_value.__cause__, ValueError)


@pytest.mark.parametrize("how", ["await", "result", "catch", "then", "gather"])
def test_handled_rejections_are_not_reported(run, monkeypatch, how):
    import gc
    import sys
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)

    async def body():
        promise, deferred = addon.createPromise()
        addon.reject(deferred, ValueError("handled"))
        if how == "await":
            with pytest.raises(ValueError):
                await promise
        elif how == "result":
            with pytest.raises(ValueError):
                promise.result()
        elif how == "catch":
            await promise.catch(lambda reason: None)
        elif how == "then":
            await promise.then(None, lambda reason: None)
        else:
            await asyncio.gather(promise, return_exceptions=True)
        del promise
        gc.collect()
        await asyncio.sleep(0)
    run(body())
    assert run.reported == [] and seen == []


def test_a_rejected_then_child_nobody_handles_is_reported(run):
    async def body():
        promise, deferred = addon.createPromise()
        promise.then(lambda v: None)  # no rejection handler: the child rejects too
        addon.reject(deferred, ValueError("through the chain"))
        for _ in range(3):
            await asyncio.sleep(0)
        import gc
        gc.collect()
        await asyncio.sleep(0)
    run(body())
    assert [type(c["exception"]) for c in run.reported] == [ValueError]
