"""The global ReadableStream (napi_python/_streams.py), made and read the way napi-rs
makes and reads one: tests/addons/streams builds ``new ReadableStream({pull, cancel[,
type: "bytes"]})`` with napi_new_instance, its pull enqueueing through the
controller's bound enqueue/close (synchronously, or later from async work), and
reads one through getReader() and the bound read(). Python reads the same streams
with ``await reader.read()`` and ``async for``. Each outcome is Node 20's for the
same calls (tests/node_reference/streams.json, written by the addon's
node_driver.js), under asyncio and uvloop."""

import pytest

import napi_python as napi
from async_helpers import run  # noqa: F401  (the fixture)
from conftest import load_test_addon
from node_compare import NodeReference, outcome_of, settle

NODE = NodeReference("streams")


@pytest.fixture(scope="module")
def a():
    return load_test_addon("streams")


async def reads(r, n):
    out = []
    for _ in range(n):
        try:
            out.append(await r.read())
        except napi.JSError as e:
            out.append(e)
    return out


def U8(*values):
    return napi.Uint8Array(bytes(values))


def test_is_instance(a):
    NODE.check("is_instance", outcome_of(lambda: [
        a.isReadableStream(a.makeStream([])), a.isReadableStream({}), a.isReadableStream([])]))


def test_locked(a):
    def body():
        s = a.makeStream(["a"])
        s.getReader()
        return s.getReader()
    NODE.check("locked", outcome_of(body))

    def flags():
        s = a.makeStream(["a"])
        before = s.locked
        r = s.getReader()
        during = s.locked
        r.releaseLock()
        return [before, during, s.locked]
    NODE.check("locked_flag", outcome_of(flags))


CASES = {
    "read_async": lambda a: ([["a", "b", "c"], 1], 5, True),
    "read_bytes": lambda a: ([[U8(1, 2), U8(3)], 2], 4, True),
    "read_bytes_not_a_view": lambda a: ([["text"], 2], 2, False),
    "read_error": lambda a: ([["a", "b", "c"], 0, 1], 3, True),
    "read_error_async": lambda a: ([["a", "b"], 1, 1], 3, False),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_reads(run, a, case):
    args, n, with_pulls = CASES[case](a)

    async def body():
        s = a.makeStream(*args)
        steps = await reads(s.getReader(), n)
        return [steps, a.pulls()] if with_pulls else steps
    NODE.check(case, run(settle(body)))


def test_read_default(run, a):
    async def body():
        steps = await reads(a.makeStream(["a", "b", "c"]).getReader(), 5)
        return [steps, a.pulls()]
    NODE.check("read_default", run(settle(body)))


@pytest.mark.parametrize("case, args", [
    ("read_all_native", [["x", "y", "z"]]),
    ("read_all_native_async", [["x", "y"], 1]),
    ("read_all_native_bytes", [[U8(7), U8(8, 9)], 2]),
    ("read_all_native_error", [["x", "y"], 0, 1]),
])
def test_read_by_the_addon(run, a, case, args):
    # getReader() and read.bind(reader), the promise's then() called by the addon
    NODE.check(case, run(settle(lambda: a.readAll(a.makeStream(*args)))))


def test_cancel(run, a):
    async def body():
        s = a.makeStream(["a", "b"])
        r = s.getReader()
        first = await r.read()
        cancelled = await r.cancel("why")
        return [first, cancelled, a.lastCancel(), await reads(r, 1)]
    NODE.check("cancel", run(settle(body)))


def test_cancel_locked(run, a):
    def body():
        s = a.makeStream(["a"])
        s.getReader()
        return s.cancel("x")
    NODE.check("cancel_locked", run(settle(body)))


def test_read_released(run, a):
    async def body():
        r = a.makeStream(["a"]).getReader()
        r.releaseLock()
        return await reads(r, 1)
    NODE.check("read_released", run(settle(body)))


def test_closed_promise(run, a):
    async def body():
        r = a.makeStream(["a"]).getReader()
        await reads(r, 2)
        return await r.closed
    NODE.check("closed_promise", run(settle(body)))


def test_async_for(run, a):
    async def body():
        out = [c async for c in a.makeStream(["p", "q", "r"], 1)]
        return [out, a.pulls()]
    NODE.check("for_await", run(settle(body)))


RESPONSE = {
    "response_async_source": lambda a: a.makeStream([U8(1), U8(2, 3)], 1),
    "response_not_bytes": lambda a: a.makeStream(["text"]),
    "response_errored": lambda a: a.makeStream(["x"], 0, 0),
}


def test_response_over_a_stream(run, a):
    # impit reads a response body as new Response(its ReadableStream).arrayBuffer()
    Response = napi.global_this["Response"]

    async def body():
        r = Response(a.makeStream([U8(104, 105), U8(33)], 2))
        before = r.bodyUsed
        data = list(bytes(await r.arrayBuffer()))
        return [before, data, r.bodyUsed, r.status, r.statusText, r.ok]
    NODE.check("response_array_buffer", run(settle(body)))

    async def async_source():
        return list(bytes(await Response(RESPONSE["response_async_source"](a)).arrayBuffer()))
    NODE.check("response_async_source", run(settle(async_source)))
    for case in ("response_not_bytes", "response_errored"):
        NODE.check(case, run(settle(lambda: Response(RESPONSE[case](a)).text())))

    async def twice():
        r = Response(a.makeStream([U8(1)], 2))
        await r.arrayBuffer()
        return await r.arrayBuffer()
    NODE.check("response_used_twice", run(settle(twice)))


def test_response_bodies(run):
    Response = napi.global_this["Response"]
    NODE.check("response_text", run(settle(lambda: Response("h\u00e9llo").text())))
    NODE.check("response_json", run(settle(lambda: Response('{"a": [1, 2], "b": "c"}').json())))

    async def null_body():
        r = Response(napi.null, {"status": 404, "statusText": "Nope"})
        return [r.body, await r.text(), r.status, r.statusText, r.ok]
    NODE.check("response_null_body", run(settle(null_body)))

    async def bad_status():
        return Response("x", {"status": 99})
    NODE.check("response_bad_status", run(settle(bad_status)))
