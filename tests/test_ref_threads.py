"""Node-API calls from native threads that do not hold the GIL (napi-rs with tokio
drops references, releases threadsafe functions and reads instance data on its worker
threads): references ref'd, unref'd and deleted there change their count at once and
have the rest applied by the thread holding the GIL (docs/guide.rst, "Native
threads"). The addon is tests/addons/ref_threads.
"""

import gc
import sys
import textwrap
import threading
import time
import weakref

import pytest

import napi_python
from conftest import build_test_addon, load_test_addon, run_python, settle


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("ref_threads")


class Plain:
    """A weakly referenceable value."""


def run_cycles(addon, value, n, rounds=1, sleep_every=0, with_tsfn=False):
    """Starts the native thread's cycles on n references to value while Python works
    in another thread and in this one; returns (errors, calls delivered)."""
    calls = []
    stop = threading.Event()

    def python_work():
        # Python code running concurrently: allocation, garbage collection, and
        # references made and dropped on this side (in a Python thread: GIL held).
        while not stop.is_set():
            junk = [Plain() for _ in range(100)]
            ext = addon.unrefLater(junk[0], 0, False)
            addon.joinLater()
            addon.deleteLater(ext)
            gc.collect(0)

    worker = threading.Thread(target=python_work)
    worker.start()
    try:
        addon.startCycles(value, n, rounds, sleep_every,
                          (lambda: calls.append(1)) if with_tsfn else None)
        while addon.cyclesProcessed() < n:
            napi_python.run_pending(0.001)
            sum(i * i for i in range(1000))
        # Joined while this thread holds the GIL: the native thread never needs it.
        errors = addon.joinCycles()
    finally:
        stop.set()
        worker.join()
    napi_python.run_pending(0.1)
    settle()
    return errors, len(calls)


def test_hundred_thousand_cycles_on_a_native_thread(addon):
    value = Plain()
    base = sys.getrefcount(value)
    errors, calls = run_cycles(addon, value, 100_000, with_tsfn=True)
    assert errors == 0
    assert calls > 0
    # Every reference was deleted: none holds the value any more (strong or weak).
    assert sys.getrefcount(value) == base
    assert weakref.getweakrefcount(value) == 0
    ref = weakref.ref(value)
    del value
    assert ref() is None


def test_cycles_on_a_value_without_weak_references(addon):
    value = {"not": "weakly referenceable"}  # stays strong at count 0
    base = sys.getrefcount(value)
    errors, _ = run_cycles(addon, value, 20_000, rounds=3)
    assert errors == 0
    assert sys.getrefcount(value) == base


def test_unref_while_python_sleeps(addon):
    value = Plain()
    base = sys.getrefcount(value)
    ext = addon.unrefLater(value, 50, False)
    assert sys.getrefcount(value) == base + 1  # strong: count 1
    time.sleep(0.3)  # idle in a blocking call while the thread unrefs
    assert addon.joinLater() == 0
    settle()
    # Weak now: the value is not held, and the reference still finds it.
    assert sys.getrefcount(value) == base
    assert addon.getLater(ext) is value
    ref = weakref.ref(value)
    del value
    assert ref() is None
    assert addon.getLater(ext) is None
    addon.deleteLater(ext)


def test_unref_and_delete_while_python_sleeps(addon):
    value = Plain()
    base = sys.getrefcount(value)
    addon.unrefLater(value, 50, True)
    time.sleep(0.3)
    assert addon.joinLater() == 0
    settle()
    assert sys.getrefcount(value) == base
    assert weakref.getweakrefcount(value) == 0


def test_applied_without_a_collection(addon):
    # The main thread applies them between bytecodes (a pending call): no gc needed.
    value = Plain()
    base = sys.getrefcount(value)
    addon.unrefLater(value, 0, True)
    assert addon.joinLater() == 0
    for _ in range(1000):
        if sys.getrefcount(value) == base:
            break
        time.sleep(0.001)
    assert sys.getrefcount(value) == base


EXIT = textwrap.dedent('''
    import sys, time
    from conftest import load_test_addon
    addon = load_test_addon("ref_threads")
    class Plain:
        pass
    keep = [Plain() for _ in range(10)]
    # Slow cycles (1 ms of sleep every 100 references): the thread is still unrefing,
    # deleting and calling through the threadsafe function while Python exits.
    addon.startCycles(keep[0], 200_000, 2, 100, lambda: None)
    addon.unrefLater(keep[1], 0, True)
    while addon.cyclesProcessed() < 1000:
        time.sleep(0.001)
    print("exiting", flush=True)
''')


def test_native_thread_during_interpreter_exit():
    build_test_addon("ref_threads")
    for _ in range(3):
        r = run_python(EXIT, timeout=120)
        assert r.returncode == 0, r.stderr
        assert r.stdout == "exiting\n"
        assert r.stderr == ""
