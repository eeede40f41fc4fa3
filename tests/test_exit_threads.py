"""Interpreter exit while an addon's own native threads still run and call Node-API
functions (docs/guide.rst, "Exit with work in flight"; issue 12.9: the smoke corpus's
usb and @gorules/zen-engine crashed at exit with an async method in flight).

The addon (tests/addons/exit_threads) starts threads that never stop: each round
they write into buffers that its wrap finalizer, env cleanup hook, instance-data
finalizer and threadsafe-function finalizer free, call a referenced threadsafe
function whose call_js aborts on a NULL env, ref and unref a reference and read the
env. Node never tears such an env down (a referenced function held by a thread keeps
its process alive, and process.exit() runs no teardown): the exit must be clean.
"""

import json
import textwrap
from pathlib import Path

import pytest

from conftest import build_test_addon, run_python

EXIT = textwrap.dedent('''
    import napi_python
    from conftest import load_test_addon
    addon = load_test_addon("exit_threads")
    got = []
    workers = [addon.start(got.append) for _ in range({threads})]
    # Calls delivered and every thread well under way; then exit with the threads
    # calling (the queue of 4 fills up: calls are queued and threads blocked).
    while len(got) < 20 or min(addon.rounds(w) for w in workers) < 20:
        napi_python.run_pending(0.01)
    assert got.count(0) == {threads}, got[:10]  # each thread's first call
    print("exiting", flush=True)
''')


@pytest.mark.parametrize("threads", [1, 3])
def test_exit_with_native_threads_calling(threads):
    build_test_addon("exit_threads")
    # The threads hold a referenced function for ever: exit waits for it until the
    # bound (made short here), then closes it.
    results = [run_python(EXIT.format(threads=threads), timeout=120,
                          env_extra={"NAPI_PYTHON_EXIT_WAIT": "0.05"}) for _ in range(50)]
    assert [(r.returncode, r.stdout, r.stderr) for r in results] == \
        [(0, "exiting\n", "")] * 50


def test_queued_calls_are_delivered_at_exit():
    # Calls queued when exit closes the function reach call_js with the env (the
    # addon aborts on a NULL one), as Node's loop would have run them before its
    # process ended; the callback runs during exit. (With no wait for the function,
    # NAPI_PYTHON_EXIT_WAIT=0: the thread's calls fill the queue again as the wait
    # delivers them.)
    build_test_addon("exit_threads")
    r = run_python(EXIT.format(threads=1) + textwrap.dedent('''
        import atexit, time
        import napi_python._core as core
        # The thread fills the queue (4 calls) and blocks: its call of round r is
        # queued once rounds() > r, and the calls of rounds len(got) on are queued
        # (nothing delivers them now). A fixed sleep was not enough under load: the
        # thread had queued fewer when exit closed the function.
        seen = len(got)
        while addon.rounds(workers[0]) < seen + 4:
            time.sleep(0.001)
        def teardown_then_report():
            core.teardown()
            print("delivered at exit:", len(got) - seen, flush=True)
        atexit.unregister(core.teardown)
        atexit.register(teardown_then_report)
    '''), env_extra={"NAPI_PYTHON_EXIT_WAIT": "0"})
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == "exiting\ndelivered at exit: 4\n"


# A referenced threadsafe function keeps Node's process alive until the thread holding
# it released it and its calls ran (Node 20: tests/addons/exit_threads/node_driver.js,
# tests/node_reference/exit_threads.json). The addon's burst() is what
# @neplex/vectorizer's progress callback does: a napi-rs thread calls the function,
# posts the Buffer it drops to napi-rs's unreferenced "custom GC" function, then
# releases the first; napi-rs's custom GC (before napi 3.16) panics on a NULL env,
# which aborts the process. Exit used to close the function at once: the thread's
# next call got napi_closing (calls lost), and a call queued for the unreferenced
# function reached call_js with a NULL env (abort, exit code 134, "failed to initiate
# panic" under uvloop with the real package).
NODE = json.loads((Path(__file__).parent / "node_reference" / "exit_threads.json").read_text())

BURST = textwrap.dedent('''
    import asyncio, sys
    import napi_python
    from conftest import load_test_addon
    addon = load_test_addon("exit_threads")
    if "{loop}" == "uvloop":
        import uvloop
        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    mode = {{"burst_running": 0, "burst_joined": 1, "burst_held": 2}}["{case}"]
    first = []
    fut = None
    def cb(i):
        print("call", i, flush=True)
        if i == 0 and mode == 0:
            print("main ends", flush=True)
            first.append(i)
            if fut is not None and not fut.done():
                fut.set_result(None)
    def start():
        addon.burst(cb, 20 if mode == 0 else 5, mode)
        if mode == 1:
            print("main ends", flush=True)
    if "{loop}" == "none":
        start()
        while mode == 0 and not first:
            napi_python.run_pending(0.01)
    else:
        async def main():
            global fut
            fut = asyncio.get_running_loop().create_future()
            start()
            if mode == 0:
                await fut
        asyncio.run(main())
    if mode == 2:
        # The thread makes its calls, posts and releases now, its functions' loop
        # closed: all of it is queued when exit begins.
        print("main ends", flush=True)
        addon.burstGo()
''')


@pytest.mark.parametrize("loop", ["none", "asyncio", "uvloop"])
@pytest.mark.parametrize("case", ["burst_joined", "burst_held", "burst_running"])
def test_referenced_function_held_at_exit_runs_to_its_release(case, loop):
    build_test_addon("exit_threads")
    node = NODE["burst_joined" if case == "burst_held" else case]
    for _ in range(3):
        r = run_python(BURST.format(case=case, loop=loop), timeout=120)
        assert (r.returncode, r.stderr) == (0, "")
        assert r.stdout.splitlines() == node
