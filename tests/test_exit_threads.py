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

import textwrap

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
    results = [run_python(EXIT.format(threads=threads), timeout=120) for _ in range(50)]
    assert [(r.returncode, r.stdout, r.stderr) for r in results] == \
        [(0, "exiting\n", "")] * 50


def test_queued_calls_are_delivered_at_exit():
    # Calls queued when exit begins reach call_js with the env (the addon aborts on
    # a NULL one), as Node's loop would have run them before its process ended; the
    # callback runs during exit.
    build_test_addon("exit_threads")
    r = run_python(EXIT.format(threads=1) + textwrap.dedent('''
        import atexit, time
        import napi_python._core as core
        time.sleep(0.05)  # the thread fills the queue (4 calls) and blocks
        seen = len(got)
        def teardown_then_report():
            core.teardown()
            print("delivered at exit:", len(got) - seen, flush=True)
        atexit.unregister(core.teardown)
        atexit.register(teardown_then_report)
    '''))
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == "exiting\ndelivered at exit: 4\n"
