"""Threads that enter an addon while the exit's teardown runs (docs/guide.rst, "What
happens at exit").

The teardown runs the addons' cleanup hooks, the finalizers of live objects and the
instance-data finalizers on the exiting thread; any of them that calls Python code
(a JS callback written in Python) lets other threads run meanwhile. A daemon thread
that then entered an addon ran in a half torn-down environment: the addon
(tests/addons/teardown_threads) frees its state in one of those steps (it poisons
it, so that a use is seen), calls back into Python, and its use() printed that it
used the freed state (node-addon-api or napi-rs addons abort or read freed memory
there). Such a thread now sleeps until the process ends, at its first Node-API call,
as a thread entering after the teardown does; the exiting thread keeps the whole API.

Deterministic: the threads switch only where they block (sys.setswitchinterval),
and the teardown step waits, sleeping, until the daemon thread has entered use()
(its C code counts the entry before any Node-API call) or came back from its
Python callback: either way it then holds the GIL until it is parked or has read
the state.
"""

import textwrap

import pytest

from conftest import build_test_addon, run_python

build_test_addon("teardown_threads")

STEPS = {0: "the cleanup hook", 1: "the instance-data finalizer", 2: "the finalizer"}

PRELUDE = textwrap.dedent('''
    import asyncio, sys, threading, time
    sys.setswitchinterval(1000)  # threads switch only where they block
    from conftest import load_test_addon
    addon = load_test_addon("teardown_threads")
    tearing = threading.Event()
    back = []
    def teardown_step():  # the addon calls it from the step that frees its state
        tearing.set()
        while not ({seen}):
            time.sleep(0.001)
        print("the teardown goes on", flush=True)
''')

# A daemon thread that enters the addon during the teardown.
ENTERS = textwrap.dedent('''
    def daemon():
        tearing.wait()
        addon.use()
        print("use() returned", flush=True)
    def start():
        threading.Thread(target=daemon, daemon=True).start()
''')

# A daemon thread inside the addon (in a Python callback) when the teardown begins,
# which comes back into the addon during the teardown.
RETURNS = textwrap.dedent('''
    inside = threading.Event()
    def waiter():
        inside.set()
        tearing.wait()
        back.append(1)
    def daemon():
        addon.callIn(waiter)
        print("callIn() returned", flush=True)
    def start():
        threading.Thread(target=daemon, daemon=True).start()
        inside.wait()
''')

BODIES = {
    "no loop": "keep = addon.arm({where}, teardown_step)\nstart()\n",
    "asyncio": textwrap.dedent('''
        async def main():
            global keep
            keep = addon.arm({where}, teardown_step)
            start()
            await asyncio.sleep(0)
        asyncio.run(main())
    '''),
}


def program(case, where, body):
    seen = "addon.entered()" if case == "enters" else "back"
    return (PRELUDE.format(seen=seen) + (ENTERS if case == "enters" else RETURNS) +
            BODIES[body].format(where=where) + 'print("exiting", flush=True)\n')


@pytest.mark.parametrize("body", list(BODIES))
@pytest.mark.parametrize("where", list(STEPS))
@pytest.mark.parametrize("case", ["enters", "returns"])
def test_daemon_thread_during_teardown_is_parked(case, where, body):
    expected = f"exiting\n{STEPS[where]} freed the state\nthe teardown goes on\n"
    r = run_python(program(case, where, body), timeout=120)  # (deterministic: one run)
    assert (r.returncode, r.stdout, r.stderr) == (0, expected, "")


BASIC_DURING_TEARDOWN = textwrap.dedent('''
    from conftest import build_test_addon, load_test_addon
    import napi_python as napi
    basic = napi.load_addon(build_test_addon("finalizers",
        defines=("DECLARED_VERSION=2147483647",), name="finalizers_basic"))
    addon = load_test_addon("teardown_threads")
    o = basic.makeWrapped(1, 2)  # its basic finalizer calls napi_create_object
    def teardown_step():
        global o
        print("deleting", flush=True)
        del o
        print("not reached", flush=True)
    keep = addon.arm(0, teardown_step)
''')


def test_basic_finalizer_on_the_exiting_thread_during_teardown_is_still_checked():
    # The exiting thread keeps the whole API during the teardown, but not inside a
    # basic finalizer (NAPI_VERSION_EXPERIMENTAL) that an object freed by a hook's
    # Python code runs: a function that is not basic is fatal there, as at any
    # other time (tests/test_lifetimes_finalizers.py), rather than let through or
    # parked (which would hang the exit).
    build_test_addon("finalizers", defines=("DECLARED_VERSION=2147483647",),
                     name="finalizers_basic")
    r = run_python(BASIC_DURING_TEARDOWN)
    assert r.returncode == -6, (r.returncode, r.stderr)
    assert r.stdout == "the cleanup hook freed the state\ndeleting\n"
    assert "napi_create_object was called from a basic finalizer" in r.stderr


# Before the cleanup hooks, while exit waits for async work in flight (step 0 of
# "What happens at exit"), the addons are still whole: a daemon thread's own event
# loop completes the work it started there (with the envs closed from the start of
# the exit, its complete was parked and the promise never settled).
DAEMON_LOOP = textwrap.dedent('''
    import asyncio, atexit, threading
    # (Registered first: runs after napi_python's exit. The thread ends before the
    # process does, as the sanitizer run wants.)
    atexit.register(lambda: thread.join(10))
    from conftest import load_test_addon
    addon = load_test_addon("async_work")
    started = threading.Event()
    def daemon():
        async def main():
            p = addon.gated()
            started.set()
            print("daemon got", await p, flush=True)
        {run}
    addon.closeGate()
    thread = threading.Thread(target=daemon, daemon=True)
    thread.start()
    started.wait()
    atexit.register(addon.openGate)  # (runs before napi_python's exit)
    print("exiting", flush=True)
''')


@pytest.mark.parametrize("run", ["asyncio.run(main())",
                                 "import uvloop; uvloop.new_event_loop().run_until_complete(main())"])
def test_a_daemon_threads_loop_completes_async_work_during_the_exit_wait(run):
    build_test_addon("async_work")
    r = run_python(DAEMON_LOOP.format(run=run), timeout=120)
    assert (r.returncode, r.stdout, r.stderr) == \
        (0, "exiting\ndaemon got {'status': 0, 'runs': 1}\n", "")
