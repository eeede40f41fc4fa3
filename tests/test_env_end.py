"""The end of an env, compared with Node 20 (tests/addons/env_end/node_driver.js,
tests/node_reference/env_end.json): what a per-thread env's end does to its
threadsafe functions (a Node worker's end), and the order of everything at
interpreter exit with two addons loaded (each env's cleanup hooks, the finalizers of
its live objects, its instance data). The addon prints each event on stdout; each
case is a fresh interpreter whose stdout is compared, line for line, with Node's."""

import json
from pathlib import Path

import pytest

from conftest import build_test_addon, run_python

NODE = json.loads((Path(__file__).parent / "node_reference" / "env_end.json").read_text())

for tag in "ab":
    build_test_addon("env_end", napi_version=8, defines=(f'TAG="{tag}"',), name=f"env_end_{tag}")

PRELUDE = (
    "import asyncio, json, sys, threading\n"
    "import napi_python\n"
    "from conftest import build_test_addon\n"
    "def load(tag, **kw):\n"
    "    path = build_test_addon('env_end', napi_version=8, defines=(f'TAG=\"{tag}\"',),\n"
    "                            name=f'env_end_{tag}')\n"
    "    return napi_python.load_addon(path, **kw)\n"
)

# A thread loads the addon into its own env, starts the ticker and ends (with no
# loop, or after running an asyncio loop); the main thread then reads the ticker.
TICKER = PRELUDE + (
    "a = load('a')\n"
    "def start():\n"
    "    load('a', per_thread=True).startTicker({unref})\n"
    "async def astart():\n"
    "    start()\n"
    "    await asyncio.sleep(0.01)\n"
    "def worker():\n"
    "    {body}\n"
    "t = threading.Thread(target=worker)\n"
    "t.start()\n"
    "t.join()\n"
    "print('after worker: ' + json.dumps(a.tickerState(), separators=(',', ':')),\n"
    "      flush=True)\n"
)


@pytest.mark.parametrize("unref", [True, False], ids=["unref", "ref"])
@pytest.mark.parametrize("body", ["start()", "asyncio.run(astart())"], ids=["no loop", "asyncio"])
def test_thread_end_finalizes_its_threadsafe_functions(body, unref):
    # A Node worker's end closes its env's threadsafe functions and finalizes them
    # after its cleanup hooks, on the worker's thread: the native thread's next call
    # returns napi_closing (16), so the finalizer, which joins that thread, returns.
    # The per-thread env's end does the same, before join() returns, referenced or
    # not (a referenced one keeps a Node worker alive; the Python thread has ended all
    # the same). The finalizers used to wait for interpreter exit (state [0,16,-1]
    # after the join), and before that the functions stayed open ([0,-1,-1]).
    r = run_python(TICKER.replace("{body}", body).replace("{unref}", str(unref)))
    assert (r.returncode, r.stderr) == (0, "")
    # [finalized, the native thread's last status, finalizer ran on the thread that
    # made the function]
    node = NODE["ticker_worker_ends"]
    assert node[:5] == ["a hook 2", "a hook 1", "a tsfn finalized", "a instance",
                        "after worker: [1,16,1]"]
    # One difference, on purpose (docs/guide.rst, "Python threads"): the instance
    # data of a per-thread env is finalized at interpreter exit, not at its thread's
    # end, so that the values the thread made stay usable.
    assert r.stdout.splitlines() == node[:3] + node[4:5] + node[3:4] + node[5:]


# The end of a thread's env runs while CPython clears the thread's state, after it
# dropped where every threading.local keeps the thread's values (the thread's dict;
# on 3.13 a key and a sentinel of the thread state). Python code run by the end that
# sets a threading.local (here: the canary) made CPython create them again, and
# nothing freed them: the canary leaked (and asyncio's running-loop lookup, which the
# core makes after a finalizer's call, made an empty dict before 3.13:
# LeakSanitizer, napi-rs async functions in per-thread envs). Three things the end
# runs, each calling back into Python: a threadsafe function's finalizer (releasing
# its JS function, whose __del__ runs), a cleanup hook that throws
# (sys.unraisablehook), a finalizer of a value freed on another thread, waiting for
# the env's thread, that throws.
THREAD_LOCAL_AT_END = (
    "import gc, sys, threading, weakref\n"
    "import napi_python\n"
    "from conftest import build_test_addon\n"
    "tl = threading.local()\n"
    "class Canary: pass\n"
    "seen, canaries = [], []\n"
    "def touch():\n"
    "    c = tl.canary = Canary()\n"
    "    canaries.append(weakref.ref(c))\n"
    "    seen.append(threading.get_native_id())\n"
    "sys.unraisablehook = lambda u: touch()\n"
    "class Callback:\n"
    "    def __call__(self, *args): pass\n"
    "    def __del__(self): touch()\n"
    "tsfn_path, callin_path = build_test_addon('tsfn'), build_test_addon('callin')\n"
    "handed, dropped = threading.Event(), threading.Event()\n"
    "box = {}\n"
    "def worker():\n"
    "    box['tid'] = threading.get_native_id()\n"
    "    if '{what}' == 'tsfn finalizer':\n"
    "        napi_python.load_addon(tsfn_path, per_thread=True).forever(Callback(), 1, 4, False, False)\n"
    "    elif '{what}' == 'cleanup hook':\n"
    "        napi_python.load_addon(callin_path, per_thread=True).cleanupHookThrows('hook')\n"
    "    else:\n"
    "        m = napi_python.load_addon(callin_path, per_thread=True)\n"
    "        obj = napi_python.Object()\n"
    "        m.finalizerThrows(obj, 'finalizer')\n"
    "        box['obj'] = obj\n"
    "        del obj\n"
    "        handed.set()\n"
    "        assert dropped.wait(60)\n"
    "t = threading.Thread(target=worker)\n"
    "t.start()\n"
    "if '{what}' == 'value finalizer':\n"
    "    assert handed.wait(60)\n"
    "    del box['obj']\n"
    "    gc.collect()\n"
    "    napi_python.run_pending()\n"
    "    assert seen == []  # waiting for its thread\n"
    "    dropped.set()\n"
    "t.join()\n"
    "assert seen == [box['tid']], (seen, box['tid'])  # on that thread, before join returned\n"
    "gc.collect()\n"
    "print('canary freed:', [c() is None for c in canaries], flush=True)\n"
)


@pytest.mark.parametrize("what", ["tsfn finalizer", "cleanup hook", "value finalizer"])
def test_thread_end_leaves_no_thread_locals_behind(what):
    r = run_python(THREAD_LOCAL_AT_END.replace("{what}", what))
    assert (r.returncode, r.stderr, r.stdout) == (0, "", "canary freed: [True]\n")


TWO_ADDONS = PRELUDE + (
    "a = load('a')\n"
    "b = load('b')\n"
    "kept = [a.keep(2), b.keep(2)]\n"
    "a.lateHook()\n"
)


def test_exit_order_with_two_addons():
    # Node runs its cleanup entries last registered first, one list for the whole
    # process; the end of each env (its live objects' finalizers, last made first, then
    # its instance data) is an entry of that list made when the env was (before its
    # module init ran). So a hook the first addon registers after the second loaded
    # runs first, and each env's finalizers and instance data run right after its
    # own hooks. (All hooks used to run first, then all finalizers, then all
    # instance data.)
    r = run_python(TWO_ADDONS)
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout.splitlines() == NODE["two_addons_exit"]


TICKER_AT_EXIT = PRELUDE + (
    "a = load('a')\n"
    "b = load('b')\n"
    "kept = [a.keep(1), b.keep(1)]\n"
    "a.startTicker(True)\n"
    "print('main ends', flush=True)\n"
)


def test_exit_finalizes_threadsafe_functions_at_their_envs_end():
    # A threadsafe function still open at exit: closed as exit begins (its native
    # thread's next call returns napi_closing), finalized at its env's end, after the
    # env's cleanup hooks and before its objects' finalizers, where Node's close
    # callback finalizes it (the env's deletion waits for it). (It used to be
    # finalized before every cleanup hook.)
    r = run_python(TICKER_AT_EXIT)
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout.splitlines() == NODE["ticker_at_exit"]
