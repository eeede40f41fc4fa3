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
def test_thread_end_closes_its_threadsafe_functions(body, unref):
    # A Node worker's end closes its env's threadsafe functions and finalizes them
    # after its cleanup hooks: the native thread's next call returns napi_closing (16),
    # so the finalizer, which joins that thread, returns. The per-thread env's end
    # closes them too, referenced or not (the Python thread has ended all the same);
    # their finalizers run at interpreter exit instead (docs/guide.rst, "Python
    # threads": running them while CPython clears the thread's state left objects
    # unfreed). They used to stay open until interpreter exit.
    r = run_python(TICKER.replace("{body}", body).replace("{unref}", str(unref))
                   + "import time\n"
                   "for _ in range(500):\n"
                   "    if a.tickerState()[1] != -1: break\n"
                   "    time.sleep(0.01)\n"
                   "print('later: ' + json.dumps(a.tickerState(), separators=(',', ':')))\n")
    assert (r.returncode, r.stderr) == (0, "")
    out = r.stdout.splitlines()
    node = NODE["ticker_worker_ends"]
    assert out[:2] == node[:2] == ["a hook 2", "a hook 1"]  # the thread's hooks
    assert out[2].startswith("after worker: [0,")  # not finalized yet
    assert out[3] == "later: [0,16,-1]"  # the native thread got napi_closing
    # at exit: the function's finalizer, then as in Node (hooks, instance data)
    assert out[4:] == ["a tsfn finalized", "a instance", "a hook 2", "a hook 1", "a instance"]


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
