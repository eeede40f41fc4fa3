"""Abuse a Python service produces: deep recursion through an addon with a raised
recursion limit, signals during addon calls, very large arguments
(tests/addons/stress, tests/addons/cpp_wrap, tests/addons/recursion).

Node 20, for recursion through an addon: RangeError "Maximum call stack size exceeded"
whatever the depth, since V8 checks the stack, not a count. napi-python checks the C
stack when Python enters an addon function and raises RecursionError when it is
nearly full, so a program that raised sys.setrecursionlimit gets the exception, not
a segmentation fault.
"""

import gc
import signal
import sys
import threading
import time

import pytest

import napi_python as napi
from conftest import load_test_addon, run_python


@pytest.fixture(scope="module")
def stress():
    return load_test_addon("stress")


RECURSE = r"""
import sys, threading
from conftest import load_test_addon
addon = load_test_addon({addon!r})
sys.setrecursionlimit(1_000_000)

def f(n):
    return {call}

def main():
    try:
        f(0)
    except RecursionError:
        print("RecursionError")
    print(int({again}))

if {in_thread}:
    threading.stack_size({stack_size})
    t = threading.Thread(target=main)
    t.start()
    t.join()
else:
    main()
"""

CASES = {
    "c": ("stress", "addon.callEach(f, 1, False)", "addon.callEach(lambda i: i, 2, False)[0]"),
    "cpp": ("cpp_wrap", "addon.callCallback(f, n + 1)", "addon.callCallback(abs, -2)"),
    "c_recursion": ("recursion", "addon.recurse(f, n)", "addon.recurse(abs, -3)"),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("where", ["main", "thread", "small_thread"])
def test_recursion_past_the_c_stack_is_a_recursion_error(case, where):
    addon, call, again = CASES[case]
    load_test_addon(addon)  # built here, not in the child
    code = RECURSE.format(addon=addon, call=call, again=again,
                          in_thread=where != "main",
                          stack_size=512 * 1024 if where == "small_thread" else 0)
    r = run_python(code, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.split() == ["RecursionError", "2"], r.stdout


def test_ctrl_c_during_a_long_addon_call_raises_when_it_returns(stress):
    # The signal arrives while the addon computes (no Python code runs): Python's
    # handler runs, and KeyboardInterrupt is raised, once the call returns.
    with pytest.raises(KeyboardInterrupt):
        stress.spin(50, signal.SIGINT)
    assert stress.spin(1, 0) is True


def test_ctrl_c_in_a_finalizer_is_not_lost(stress):
    # A finalizer's exception cannot propagate (it is reported), but a KeyboardInterrupt
    # (Ctrl-C pressed while the Python code a finalizer calls runs, or raised there)
    # is raised again in the main flow, as a Ctrl-C arriving then would be.
    def cb():
        raise KeyboardInterrupt("in a finalizer")

    with pytest.raises(KeyboardInterrupt):
        obj = napi.Object()
        stress.callOnFinalize(obj, cb)
        del obj
        gc.collect()
        for _ in range(100):  # (the next check of the interpreter raises it)
            time.sleep(0.001)
    # An ordinary exception there is still reported, not raised.
    seen = []
    hook, sys.unraisablehook = sys.unraisablehook, seen.append
    try:
        obj = napi.Object()
        stress.callOnFinalize(obj, lambda: 1 / 0)
        del obj
        gc.collect()
        for _ in range(10):
            time.sleep(0.001)
    finally:
        sys.unraisablehook = hook
    assert [type(s.exc_value) for s in seen] == [ZeroDivisionError]


def test_ctrl_c_in_a_callback_stops_the_addon_loop(stress):
    # A callback the addon calls in a loop is interrupted: napi_call_function
    # returns napi_pending_exception, the addon returns, the interrupt propagates.
    calls = []
    started = threading.Event()

    def cb(i):
        calls.append(i)
        if i == 10:
            started.set()
            signal.raise_signal(signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        stress.callEach(cb, 1000, False)
    assert started.is_set() and calls[-1] < 1000 - 1
    # An addon that ignores the failure and keeps calling gets napi_pending_exception
    # for every later call (nothing runs), and the interrupt still propagates.
    calls.clear()
    with pytest.raises(KeyboardInterrupt):
        stress.callEach(cb, 20, True)
    assert calls == list(range(11))


def test_large_arguments(stress):
    big = list(range(10**6))
    assert stress.sum(big) == sum(big)
    made = stress.makeArray(10**6)
    assert len(made) == 10**6 and made[-1] == 10**6 - 1
    nested = leaf = {}
    for _ in range(10**5):
        leaf["a"] = {}
        leaf = leaf["a"]
    assert stress.depth(nested, "a") == 10**5
    s = "é" * (5 * 2**20)
    assert list(stress.strInfo(s)) == [10 * 2**20, 0xC3, 0xA9]
    assert len(stress.repeat("y", 10 * 2**20)) == 10 * 2**20


DAEMON_EXIT = r"""
import threading
from conftest import load_test_addon
addon = load_test_addon({addon!r})
inside = threading.Event()

def callback(i=None):
    inside.set()
    while True:  # Python code under the addon's frames when the interpreter exits
        pass

def daemon():
    {call}

for _ in range(2):
    threading.Thread(target=daemon, daemon=True).start()
inside.wait(60)
print("exiting", flush=True)
"""


@pytest.mark.parametrize("addon, call", [
    ("cpp_wrap", "addon.callCallback(callback)"),
    ("cpp_wrap", "addon.mapRange(3, callback)"),
    ("stress", "addon.callEach(callback, 1, False)"),
])
def test_exit_with_daemon_threads_inside_addon_callbacks(addon, call):
    # CPython (before 3.14) ends a daemon thread that wants the GIL back during
    # finalization with pthread_exit, whose forced unwind would cross the addon's
    # frames: node-addon-api's noexcept wrappers call std::terminate (the process
    # aborts), Rust's extern "C" functions abort. The thread is parked instead, as
    # Python 3.14 does with every such thread, and the exit is clean.
    load_test_addon(addon)
    for _ in range(5):
        r = run_python(DAEMON_EXIT.format(addon=addon, call=call), timeout=120)
        assert (r.returncode, r.stdout, r.stderr) == (0, "exiting\n", "")


# A daemon thread calls an addon after the teardown (an atexit handler registered
# before napi_python was imported runs after its teardown, and lets the thread in).
DAEMON_AFTER_TEARDOWN = r"""
import atexit, threading, time
go, calling = threading.Event(), threading.Event()
def let_the_daemon_in():
    go.set()
    calling.wait(60)
    # Until the daemon sleeps in its call: parked, in pause(2) (system call 34 on
    # x86-64; waiting for the GIL would be a futex), or it ended; at most 60 s.
    for _ in range(6000):
        try:
            with open(f"/proc/self/task/{{t.native_id}}/syscall") as f:
                if f.read().split()[0] == "34":
                    break
        except OSError:
            break
        time.sleep(0.01)
    print("finalizing", flush=True)
atexit.register(let_the_daemon_in)  # before napi_python's: runs after its teardown
from conftest import load_test_addon
addon = load_test_addon("cpp_wrap")
counter = addon.Counter(1)
def daemon():
    go.wait()
    calling.set()
    {call}
    print("the daemon's call returned", flush=True)
t = threading.Thread(target=daemon, daemon=True)
t.start()
print("exiting", flush=True)
"""


@pytest.mark.parametrize("call", ["counter.increment()", "addon.callCallback(abs, -2)"])
def test_daemon_thread_calling_an_addon_after_teardown(call):
    # The teardown finalized the counter (node-addon-api's ObjectWrap deleted it, and
    # the wrap is gone): increment() found no wrap, node-addon-api threw, and turning
    # that into a JS exception read its error's reference, which failed
    # (napi_generic_failure) once the teardown had ended: 'terminate called after
    # throwing an instance of Napi::Error' (a stress script aborted ~1 exit in 15).
    # Now a thread other than the exiting one that enters an addon after the
    # teardown sleeps until the process ends (as Python 3.14 leaves daemon threads):
    # the env it would run in is torn down.
    load_test_addon("cpp_wrap")
    r = run_python(DAEMON_AFTER_TEARDOWN.format(call=call), timeout=120)
    assert (r.returncode, r.stdout, r.stderr) == (0, "exiting\nfinalizing\n", "")


LATE_ATEXIT = r"""
import atexit
def late():  # registered before napi_python's handler: runs after its teardown
    try:
        counter.increment()
    except Exception as e:
        print(type(e).__name__, e, flush=True)
atexit.register(late)
from conftest import load_test_addon
addon = load_test_addon("cpp_wrap")
counter = addon.Counter(1)
"""


def test_exiting_thread_calling_a_finalized_object_after_teardown():
    # The exiting thread may still call addons after the teardown. The counter's
    # ObjectWrap was finalized there, so increment() throws; node-addon-api reads
    # its error back through a reference, which answered napi_generic_failure after
    # the teardown (treated as a thread without the GIL): 'terminate called after
    # throwing an instance of Napi::Error'. Now the error reaches Python.
    load_test_addon("cpp_wrap")
    r = run_python(LATE_ATEXIT)
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == "JSError Invalid argument\n"  # (napi_unwrap's status)

