"""`async for` over a JS async iterable class instance (its Symbol.asyncIterator),
as `for await (const x of inst)` runs in Node: next() gives a promise (settled at
once, or later from async work) or the step itself; leaving the loop early calls
the iterator's return(). tests/addons/asynciter's Ticker, under asyncio and uvloop;
the expected outcomes are Node 20's for the same loops over the same addon
(tests/node_reference/async_iteration.json, measured by async_iteration.js there)."""

import asyncio
import contextlib
import gc
import json
import sys
from pathlib import Path

import pytest

import napi_python as napi
from async_helpers import run  # noqa: F401  (the fixture)
from conftest import load_test_addon

NODE = json.loads((Path(__file__).parent / "node_reference" / "async_iteration.json").read_text())
HOWS = [0, 1, 2]  # next() gives: a resolved promise, a promise settled by async work, the step


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("asynciter")


def returned(t):
    return getattr(t, "returned", 0)


def js_error(e):
    return f"{e.name}: {e.message}"


def outcome(t, values, error=None):
    return {"values": values, "returned": returned(t), "error": error}


async def loop_over(t, values, stop_at=None, raise_at=None):
    async for x in t:
        values.append(x)
        if x == raise_at:
            raise napi.JSError("body")
        if x == stop_at:
            break


@pytest.mark.parametrize("how", HOWS)
def test_exhausted(run, addon, how):
    async def body():
        t, v = addon.Ticker(3, how), []
        await loop_over(t, v)
        return outcome(t, v)
    assert run(body()) == NODE[f"how{how}"]["exhausted"]


@pytest.mark.parametrize("how", HOWS)
def test_break_calls_return(run, addon, how):
    async def body():
        t, v = addon.Ticker(5, how), []
        await loop_over(t, v, stop_at=1)
        assert returned(t) == 1  # when the loop let go of the iterator
        await asyncio.sleep(0)
        return outcome(t, v)
    assert run(body()) == NODE[f"how{how}"]["break"]
    assert run.reported == []


@pytest.mark.parametrize("how", HOWS)
def test_exception_in_body_calls_return(run, addon, how):
    async def body():
        t, v = addon.Ticker(5, how), []
        try:
            await loop_over(t, v, raise_at=1)
        except napi.JSError as e:
            return outcome(t, v, js_error(e))
    assert run(body()) == NODE[f"how{how}"]["throwInBody"]
    assert run.reported == []


@pytest.mark.parametrize("how", HOWS)
def test_next_failing_ends_without_return(run, addon, how):
    async def body():
        t, v = addon.Ticker(5, how, 2), []
        it = aiter(t)
        try:
            async for x in it:
                v.append(x)
        except napi.JSRangeError as e:
            error = js_error(e)
        with pytest.raises(StopAsyncIteration):
            await anext(it)  # over: next() is not called again
        await it.aclose()
        del it
        gc.collect()
        assert t.i == 3
        return outcome(t, v, error)
    assert run(body()) == NODE[f"how{how}"]["nextFails"]


@pytest.mark.parametrize("how", HOWS)
@pytest.mark.parametrize("case, return_how", [("breakReturnRejects", 1), ("breakReturnPlain", 2),
                                               ("breakReturnThrows", 3),
                                               ("breakReturnNotObject", 4)])
def test_aclosing_gives_returns_outcome_as_break(run, addon, how, case, return_how):
    # with contextlib.aclosing, return() is awaited at the end of the loop and its
    # error raised, as for await...of left by break does in Node
    async def body():
        t, v = addon.Ticker(5, how, -1, return_how), []
        error = None
        try:
            async with contextlib.aclosing(aiter(t)) as it:
                async for x in it:
                    v.append(x)
                    if x == 1:
                        break
        except napi.JSError as e:
            error = js_error(e)
        return outcome(t, v, error)
    got, node = run(body()), NODE[f"how{how}"][case]
    if case == "breakReturnNotObject":  # the same TypeError, in our words
        assert got["error"] == "TypeError: Iterator result undefined is not an object"
    assert got == node


@pytest.mark.parametrize("how", HOWS)
@pytest.mark.parametrize("return_how, error", [(1, "Error: return() failed"),
                                               (3, "Error: return() threw"),
                                               (4, "TypeError: Iterator result undefined is "
                                                   "not an object")])
def test_returns_error_when_released_goes_to_the_loop(run, addon, how, return_how, error):
    # released by the loop: nothing awaits return(); its error is reported to the
    # loop's exception handler (as asyncio reports an async generator's aclose error)
    async def body():
        t, v = addon.Ticker(5, how, -1, return_how), []
        await loop_over(t, v, stop_at=1)
        await run.until_reported()
        return outcome(t, v)
    node = NODE[f"how{how}"]["breakReturnRejects"]
    assert run(body()) == dict(node, error=None)
    assert [js_error(c["exception"]) for c in run.reported] == [error]


@pytest.mark.parametrize("how", HOWS)
def test_body_error_wins_over_returns(run, addon, how):
    async def body():
        t, v = addon.Ticker(5, how, -1, 1), []
        try:
            await loop_over(t, v, raise_at=1)
        except napi.JSError as e:
            await run.until_reported()
            return outcome(t, v, js_error(e))
    assert run(body()) == NODE[f"how{how}"]["throwInBodyReturnRejects"]
    assert [js_error(c["exception"]) for c in run.reported] == ["Error: return() failed"]


def test_step_not_an_object(run, addon):
    async def body():
        t, v = addon.Ticker(3, 3), []
        try:
            await loop_over(t, v)
        except napi.JSTypeError as e:
            return outcome(t, v, js_error(e))
    assert run(body()) == NODE["stepNotObject"]


def test_aclose_once_and_not_after_the_end(run, addon):
    async def body():
        t = addon.Ticker(5, 1)
        it = aiter(t)
        assert await anext(it) == 0
        await it.aclose()
        await it.aclose()
        assert returned(t) == 1
        with pytest.raises(StopAsyncIteration):
            await anext(it)
        del it
        gc.collect()
        assert returned(t) == 1
        t = addon.Ticker(1, 1)
        it = aiter(t)
        assert [x async for x in it] == [0]
        await it.aclose()
        del it
        gc.collect()
        return returned(t)
    assert run(body()) == 0


def test_steps_asked_before_the_last_settled(run, addon):
    # next() called again before its promise settled gets the following step, as
    # gathering anext() calls on an async generator does in JS
    async def body():
        it = aiter(addon.Ticker(3, 1))
        return await asyncio.gather(anext(it), anext(it), anext(it), anext(it, "end"))
    assert run(body()) == [0, 1, 2, "end"]


def test_cancelled_step_leaves_the_iteration_open(run, addon):
    async def body():
        t = addon.Ticker(5, 1)
        it = aiter(t)
        task = asyncio.ensure_future(anext(it))
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await it.aclose()  # not over: return() runs
        return returned(t)
    assert run(body()) == 1


def test_released_after_its_loop_closed(run, addon, monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    kept = []

    async def body():
        t = addon.Ticker(5, 0, -1, 3)
        it = aiter(t)
        await anext(it)
        kept.append((t, it))
    run(body())
    t, it = kept.pop()
    del it  # no loop: return() is called now; what it throws is unraisable
    assert returned(t) == 1
    assert [js_error(u.exc_value) for u in seen] == ["Error: return() threw"]


def test_sync_iterable_instances(run):
    # an instance with only Symbol.iterator: for await...of uses it, as in JS
    classes = load_test_addon("classes")

    async def body():
        r = classes.Range(5)
        v = [x async for x in classes.Range(3)]
        async for x in r:
            break
        return v, r.returned

    assert run(body()) == ([0, 1, 2], 1)


def test_not_async_iterable(run):
    classes = load_test_addon("classes")

    async def body():
        async for _ in classes.NotIterable():
            pass
    with pytest.raises(TypeError, match="no Symbol.asyncIterator or Symbol.iterator"):
        run(body())


def test_unfinished_async_iterators_at_exit():
    # alive at interpreter exit: dropped without return(), a crash or a report
    from conftest import run_python
    r = run_python(
        "import asyncio, conftest\n"
        "a = conftest.load_test_addon('asynciter')\n"
        "kept = []\n"
        "async def main():\n"
        "    for how in (0, 1, 2):\n"
        "        it = aiter(a.Ticker(5, how, -1, 1))\n"
        "        await anext(it)\n"
        "        kept.append(it)\n"
        "asyncio.run(main())\n"
        "print(len(kept))\n", timeout=120)
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout == "3\n"
