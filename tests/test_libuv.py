"""Addons that call libuv directly (issue 13): uvloop's libuv is made global before
such an addon is opened and its default loop is driven from the asyncio loop (or
from run_pending / Promise.result with none). docs/guide.rst, "Addons that use
libuv".

The test addon (tests/addons/libuv) uses uv_queue_work (after_work resolves a
promise), uv_async_send from a native pthread, a uv_timer, uv_poll on a pipe, and an
async cleanup hook that closes a timer; each callback calls back into Python.
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import weakref

import pytest
import uvloop

import napi_python
from conftest import build_test_addon, load_test_addon, run_python


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("libuv")


def run_in(runner, coro_fn):
    """Runs coro_fn() under asyncio or uvloop; with runner "none", coro_fn gets no
    loop: it is a plain function that waits with Promise.result / run_pending."""
    if runner == "asyncio":
        return asyncio.run(coro_fn())
    if runner == "uvloop":
        return uvloop.run(coro_fn())
    return coro_fn()


RUNNERS = ["asyncio", "uvloop", "none"]


def test_the_loop_is_uv_default_loop(addon):
    assert addon.loopsAgree() is True
    assert napi_python._libuv.started()


def wait_for(flag, timeout=10):
    """With no loop: runs callbacks until flag() (run_pending waits on libuv's fd)."""
    import time
    deadline = time.monotonic() + timeout
    while not flag():
        assert time.monotonic() < deadline, "timed out"
        napi_python.run_pending(0.5)


@pytest.mark.parametrize("runner", RUNNERS)
def test_queue_work_several_in_flight(addon, runner):
    ns = [10, 1000, 100000, 7, 5000, 123456, 1, 99999]
    expected = [n * (n + 1) // 2 for n in ns]

    async def main():
        return await asyncio.gather(*(addon.queueWork(n) for n in ns))

    def plain():
        promises = [addon.queueWork(n) for n in ns]
        return [p.result(timeout=30) for p in promises]

    results = run_in(runner, main if runner != "none" else plain)
    assert [r["sum"] for r in results] == expected
    # work on libuv's pool, after_work on the thread that queued it (the loop's)
    assert all(r["poolThread"] and r["sameThreadAsCaller"] and r["status"] == 0
               for r in results)


@pytest.mark.parametrize("runner", RUNNERS)
def test_async_send_from_a_native_thread(addon, runner):
    seen, threads = [], set()

    def on_call(value):
        seen.append(value)
        threads.add(threading.get_ident())

    async def main():
        return await addon.asyncFromThread(50, on_call)

    def plain():
        return addon.asyncFromThread(50, on_call).result(timeout=30)

    calls = run_in(runner, main if runner != "none" else plain)
    # sends coalesce: at least one callback, the last one saw every send
    assert 1 <= calls == len(seen) <= 50
    assert seen[-1] == 50 and seen == sorted(seen)
    assert threads == {threading.get_ident()}


@pytest.mark.parametrize("runner", RUNNERS)
def test_timer_fires_then_closes(addon, runner):
    fired, threads = [], set()

    def on_fire(i):
        fired.append(i)
        threads.add(threading.get_ident())

    async def main():
        done = asyncio.get_running_loop().create_future()

        def on(i):
            on_fire(i)
            if i == -1:
                done.set_result(None)
        addon.startTimer(3, 4, on, False)
        await asyncio.wait_for(done, 30)

    def plain():
        addon.startTimer(3, 4, on_fire, False)
        wait_for(lambda: -1 in fired)

    run_in(runner, main if runner != "none" else plain)
    assert fired == [1, 2, 3, 4, -1]
    assert threads == {threading.get_ident()}


@pytest.mark.parametrize("runner", RUNNERS)
def test_poll_on_a_pipe(addon, runner):
    rfd, wfd = os.pipe()
    os.set_blocking(rfd, False)
    try:
        async def main():
            loop = asyncio.get_running_loop()
            done = loop.create_future()
            addon.pollRead(rfd, done.set_result)
            # written later, from the loop: the poll handle is already waiting
            loop.call_later(0.02, os.write, wfd, b"hello from the pipe")
            return await asyncio.wait_for(done, 30)

        def plain():
            got = []
            addon.pollRead(rfd, got.append)
            napi_python.run_pending(0.02)
            assert got == []
            threading.Timer(0.02, os.write, (wfd, b"hello from the pipe")).start()
            wait_for(lambda: got)
            return got[0]

        assert run_in(runner, main if runner != "none" else plain) == "hello from the pipe"
    finally:
        os.close(rfd)
        os.close(wfd)


@pytest.mark.parametrize("runner", RUNNERS)
def test_udp_echo_on_localhost(addon, runner):
    messages, threads = [], set()

    def on_message(m):
        messages.append(m)
        threads.add(threading.get_ident())

    port = addon.udpEcho(on_message)

    async def main():
        # The socket was opened with no loop running: this loop runs libuv from its
        # first addon call on (as it takes over what was queued with no loop)
        assert addon.loopsAgree()
        loop = asyncio.get_running_loop()
        echoes = asyncio.Queue()

        class Client(asyncio.DatagramProtocol):
            def datagram_received(self, data, addr):
                echoes.put_nowait((data, addr))

        transport, _ = await loop.create_datagram_endpoint(
            Client, remote_addr=("127.0.0.1", port))
        got = []
        try:
            for i in range(3):
                transport.sendto(f"ping {i}".encode())
                got.append(await asyncio.wait_for(echoes.get(), 30))
            transport.sendto(b"close")
            while None not in messages:
                await asyncio.sleep(0.01)
        finally:
            transport.close()
        return got

    def plain():
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(0)
            got = []
            for i in range(3):
                sock.sendto(f"ping {i}".encode(), ("127.0.0.1", port))
                wait_for(lambda: len(messages) > i)
                while True:  # the echo is sent from the loop turn that received it
                    try:
                        got.append(sock.recvfrom(100))
                        break
                    except BlockingIOError:
                        napi_python.run_pending(0.05)
            sock.sendto(b"close", ("127.0.0.1", port))
            wait_for(lambda: None in messages)
            return got

    got = run_in(runner, main if runner != "none" else plain)
    assert [(data, addr) for data, addr in got] == \
        [(f"ping {i}".encode(), ("127.0.0.1", port)) for i in range(3)]
    assert messages == ["ping 0", "ping 1", "ping 2", "close", None]
    assert threads == {threading.get_ident()}


def test_exception_in_a_libuv_callback_goes_to_the_loop_handler(addon):
    class Boom(Exception):
        pass

    async def main():
        loop = asyncio.get_running_loop()
        reported = []
        loop.set_exception_handler(lambda _loop, context: reported.append(context))
        done = loop.create_future()

        def on(i):
            if i == -1:
                done.set_result(None)
                return
            raise Boom(i)
        addon.startTimer(2, 2, on, False)
        await asyncio.wait_for(done, 30)
        return reported

    reported = asyncio.run(main())
    assert [(type(c["exception"]), c["exception"].args) for c in reported] == \
        [(Boom, (1,)), (Boom, (2,))]
    assert "libuv callback" in reported[0]["message"]


def test_exception_with_no_loop_goes_to_unraisablehook(addon, monkeypatch):
    hooked = []
    monkeypatch.setattr(sys, "unraisablehook", hooked.append)
    fired = []

    def on(i):
        fired.append(i)
        if i == 1:
            raise ValueError("from a timer")
    addon.startTimer(2, 1, on, False)
    wait_for(lambda: -1 in fired)
    assert [type(h.exc_value) for h in hooked] == [ValueError]


def test_keyboard_interrupt_from_a_libuv_callback_propagates(addon):
    fired = []

    def on(i):
        fired.append(i)
        if i == 1:
            raise KeyboardInterrupt("from a timer")

    addon.startTimer(2, 2, on, False)
    with pytest.raises(KeyboardInterrupt, match="from a timer"):
        napi_python.run_uv_loop(timeout=30)
    napi_python.run_uv_loop(timeout=30)  # the rest of the timer's life
    assert fired == [1, 2, -1]

    async def main():
        addon.startTimer(2, 1, on, False)
        await asyncio.sleep(30)

    fired.clear()
    with pytest.raises(KeyboardInterrupt, match="from a timer"):
        asyncio.run(main())
    # (asyncio.run's clean-up turns may already have run the close callback)
    napi_python.run_uv_loop(timeout=30)
    assert fired == [1, -1]


def test_referenced_handles_keep_run_uv_loop_going(addon):
    fired = []
    addon.startTimer(5, 3, fired.append, False)
    assert napi_python._core.uv_alive()
    napi_python.run_uv_loop(timeout=30)
    assert fired == [1, 2, 3, -1]
    assert not napi_python._core.uv_alive()


def test_unrefd_handles_do_not(addon):
    fired = []
    addon.startTimer(60_000, 1, fired.append, True)  # unref'd: fires in a minute
    assert not napi_python._core.uv_alive()
    napi_python.run_uv_loop(timeout=30)  # returns at once
    assert fired == []


@pytest.mark.parametrize("runner", RUNNERS)
def test_a_close_callback_letting_go_of_the_last_reference(addon, runner):
    """The object a libuv close callback deletes the last reference to outlives the
    callback (udx-native writes into a struct that object's Buffer holds after
    deleting it) and is freed when the libuv turn ends."""
    class Owner:
        pass
    seen = []

    def start():
        owner = Owner()
        addon.closeReleasing(owner, seen.append)
        return weakref.ref(owner)  # the reference is now the only strong holder

    async def main():
        gone = start()
        while not seen:
            await asyncio.sleep(0.005)
        return gone

    def plain():
        gone = start()
        wait_for(lambda: seen)
        return gone

    gone = run_in(runner, main if runner != "none" else plain)
    assert seen == [True]  # alive inside the close callback, after the deletion
    assert gone() is None  # freed once the turn ended


@pytest.mark.parametrize("runner", ["asyncio", "uvloop"])
def test_unrefd_timer_fires_while_the_loop_runs(addon, runner):
    async def main():
        done = asyncio.get_running_loop().create_future()
        fired = []

        def on(i):
            fired.append(i)
            if i == -1:
                done.set_result(None)
        addon.startTimer(5, 2, on, True)
        await asyncio.wait_for(done, 30)
        return fired

    assert run_in(runner, main) == [1, 2, -1]


@pytest.mark.parametrize("runner", ["asyncio", "uvloop"])
def test_a_loop_started_after_plain_calls_runs_libuv(addon, runner):
    fired = []
    addon.startTimer(1, 1, fired.append, False)  # with no loop: nothing adopts yet
    addon.loopsAgree()

    async def main():
        # the first addon call in the new loop makes it run libuv (the earlier
        # timer's close callback and this one's)
        done = asyncio.get_running_loop().create_future()
        addon.startTimer(1, 1, lambda i: i == -1 and done.set_result(None), False)
        await asyncio.wait_for(done, 30)

    run_in(runner, main)
    assert fired == [1, -1]


EXIT = textwrap.dedent('''
    import asyncio, os, sys
    import napi_python
    from conftest import load_test_addon
    addon = load_test_addon("libuv")
    rfd, wfd = os.pipe()
    how = {how!r}
    def open_handles():
        addon.openTimer()               # referenced, repeating, never closed
        addon.pollRead(rfd, print)      # waits for data that never comes
        addon.cleanupClosesTimer()      # closed by its async cleanup hook
        addon.queueWork(10)             # a request (its promise never awaited)
    if how == "no loop":
        open_handles()
        napi_python.run_pending(0.05)
    elif how == "after asyncio.run":
        async def main():
            open_handles()
            await asyncio.sleep(0.05)
        asyncio.run(main())
    else:
        import uvloop
        async def main():
            open_handles()
            await asyncio.sleep(0.05)
            sys.exit(0)   # exit from inside the running loop
        uvloop.run(main())
    print("exiting", flush=True)
''')


@pytest.mark.parametrize("how", ["no loop", "after asyncio.run", "inside uvloop"])
def test_exit_with_open_handles(how):
    build_test_addon("libuv")
    r = run_python(EXIT.format(how=how), timeout=60)
    expected = "" if how == "inside uvloop" else "exiting\n"
    assert (r.returncode, r.stdout, r.stderr) == \
        (0, expected + "closed by the async cleanup hook\n", "")


WORK_AT_EXIT = textwrap.dedent('''
    import asyncio
    from conftest import load_test_addon
    addon = load_test_addon("libuv")
    how = {how!r}
    if how == "no loop":
        addon.workAtExit(200, 2)
    else:
        async def main():
            addon.workAtExit(200, 2)
        asyncio.run(main())
    print("main ends", flush=True)
''')


@pytest.mark.parametrize("how", ["no loop", "after asyncio.run"])
def test_exit_runs_the_after_work_of_requests_in_flight(how):
    # A work request keeps Node's loop alive until its after_work ran: with
    #   a.workAtExit(200, 2); console.log("main ends")
    # Node 20 prints "main ends", then "after_work 0" three times (the request and the
    # two its after_work queued again), then exits. So does napi-python's exit now
    # (the core counts the requests uv_queue_work queued); its after_work used not to
    # run at all.
    build_test_addon("libuv")
    r = run_python(WORK_AT_EXIT.format(how=how), timeout=60)
    assert (r.returncode, r.stdout, r.stderr) == (0, "main ends\n" + "after_work 0\n" * 3, "")


def test_an_addon_needing_a_function_uvloops_libuv_lacks():
    path = build_test_addon("libuv", defines=["LIBUV_MISSING"], name="libuv_missing")
    with pytest.raises(napi_python.AddonLoadError, match="uv__node_patch_is_using_io_uring"):
        napi_python.load_addon(path)


# Node 20's answers (tests/addons/libuv built with -DLIBUV_BARRIER): [uv_barrier_init's
# status for a count of 0 (-EINVAL), waits that returned nonzero (one per round),
# waits made]
NODE_BARRIER_MEET = {(1, 1): [-22, 1, 2], (3, 5): [-22, 5, 20], (8, 100): [-22, 100, 900]}


def test_uv_barrier_the_core_provides_as_node():
    # uvloop's libuv lacks uv_barrier_*: oracledb's binary could not link. The core
    # exports them (cxx/uv_exports.txt); the addon's threads meet as under Node.
    path = build_test_addon("libuv", defines=["LIBUV_BARRIER"], name="libuv_barrier")
    addon = napi_python.load_addon(path)
    for (threads, rounds), expected in NODE_BARRIER_MEET.items():
        assert addon.barrierMeet(threads, rounds) == expected
    r = subprocess.run([sys.executable, "-m", "napi_python", "inspect", "--no-load",
                        str(path)], capture_output=True, text=True, timeout=120)
    assert "missing from uvloop" not in r.stdout and "loadable" in r.stdout, r.stdout
    assert "(all provided by uvloop " in r.stdout and " and napi-python)" in r.stdout


def test_inspect_names_the_libuv_functions_and_their_provider():
    path = build_test_addon("libuv")
    r = subprocess.run([sys.executable, "-m", "napi_python", "inspect", "--no-load",
                        "--json", str(path)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    static = report["static"] if "static" in report else report[0]["static"]
    assert "uv_queue_work" in static["other_symbols"]["libuv"]
    assert static["missing_other_symbols"] == {}
    assert static["libuv_provider"].startswith(f"uvloop {uvloop.__version__} (libuv 1.")
    assert static["loadable"]

    missing = build_test_addon("libuv", defines=["LIBUV_MISSING"], name="libuv_missing")
    r = subprocess.run([sys.executable, "-m", "napi_python", "inspect", "--no-load",
                        str(missing)], capture_output=True, text=True, timeout=120)
    assert "1 missing from uvloop" in r.stdout and "uv__node_patch_is_using_io_uring" in r.stdout
    assert "cannot load: needs 1 libuv symbol(s)" in r.stdout


FORK = textwrap.dedent('''
    import asyncio, os, sys
    import uvloop
    from conftest import load_test_addon
    addon = load_test_addon("libuv")
    runner = {runner!r}

    async def use():
        # a timer, work on libuv's pool and a poll handle, in this process's loop
        done = asyncio.get_running_loop().create_future()
        fired = []
        def on(i):
            fired.append(i)
            if i == -1:
                done.set_result(None)
        addon.startTimer(1, 2, on, False)
        r = await asyncio.wait_for(addon.queueWork(1000), 30)
        await asyncio.wait_for(done, 30)
        rfd, wfd = os.pipe()
        got = asyncio.get_running_loop().create_future()
        addon.pollRead(rfd, lambda data: got.done() or got.set_result(data))
        os.write(wfd, b"x")
        data = await asyncio.wait_for(got, 30)
        return r["sum"], fired, data

    def run(coro):
        return uvloop.run(coro) if runner == "uvloop" else asyncio.run(coro)

    def say(*parts):  # one write per line: parent and child share the pipe
        os.write(1, (" ".join(map(str, parts)) + "\\n").encode())

    say("parent", run(use()))
    pid = os.fork()
    if pid == 0:
        try:
            say("child", run(use()))
        except BaseException as e:
            say("child failed:", repr(e))
        finally:
            os._exit(0)
    say("parent again", run(use()))
    _, status = os.waitpid(pid, 0)
    say("child status", status)
''')


@pytest.mark.parametrize("runner", ["asyncio", "uvloop"])
def test_libuv_handles_work_in_a_forked_child(runner):
    build_test_addon("libuv")
    r = run_python(FORK.format(runner=runner), timeout=120)
    assert r.returncode == 0, r.stderr
    lines = sorted(r.stdout.splitlines())
    assert len(lines) == 4, r.stdout + r.stderr
    result = "(500500, [1, 2, -1], 'x')"
    assert lines == sorted([f"parent {result}", f"child {result}",
                            f"parent again {result}", "child status 0"]), r.stdout


# ---- an exception returned while the call's end kicks the libuv loop -------------

@pytest.mark.parametrize("where", ["no loop", "asyncio", "uvloop", "second thread"])
def test_exception_of_a_libuv_addons_first_call_is_raised(where):
    # The end of every outermost call of a process with a libuv loop kicks that loop;
    # the first such end in a context asks asyncio whether a loop runs here (Python
    # code), while the call is returning the addon's exception. That question must
    # neither run with the exception set nor lose it: the caller gets the addon's
    # error, not SystemError ("returned NULL without setting an exception"). A
    # fresh interpreter: its first addon call is the first kick.
    r = run_python(textwrap.dedent(f'''
        import asyncio, threading, uvloop
        from conftest import load_test_addon
        addon = load_test_addon("libuv")
        where = {where!r}
        got = []

        def call():
            for _ in range(2):   # the first kick, and one after it
                try:
                    addon.queueWork("x")   # not a number: the addon throws
                except BaseException as e:
                    got.append(f"{{type(e).__name__}}: {{e}}")

        async def main():
            call()

        if where == "no loop":
            call()
        elif where == "asyncio":
            asyncio.run(main())
        elif where == "uvloop":
            uvloop.run(main())
        else:
            t = threading.Thread(target=lambda: asyncio.run(main()))
            t.start()
            t.join()
        print(got)
    '''))
    assert r.returncode == 0, r.stderr
    thrown = "JSError: napi_get_value_int64(env, argv[0], &n) failed: A number was expected"
    assert r.stdout == f"{[thrown, thrown]}\n"
