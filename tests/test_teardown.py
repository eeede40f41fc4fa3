"""Interpreter exit with async work in flight (docs/guide.rst, "Exit"): executes
already running on the pool finish before the cleanup hooks, the instance-data
finalizers and module teardown run, and their completes run (napi_ok); work queued
and not started runs too, as in Node's teardown (complete with napi_ok). The
addon's executes
sleep, then write into memory its cleanup hook and instance-data finalizer free:
exit not waiting would be a use after free (the AddressSanitizer build reports it)
and the hook would see an execute unfinished. Each case is a fresh interpreter
under no loop, asyncio and uvloop."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import build_test_addon, run_python

build_test_addon("teardown")

PRELUDE = (
    "import os\n"
    "os.environ['UV_THREADPOOL_SIZE'] = '4'\n"
    "import asyncio, atexit, time, uvloop\n"
    "from conftest import load_test_addon\n"
    "addon = load_test_addon('teardown')\n"
    "def queue(ms, running, queued):\n"
    "    addon.closeGate()\n"
    "    for _ in range(running + queued):\n"
    "        addon.slowWrite(ms)\n"
    "    deadline = time.monotonic() + 30\n"
    "    while addon.started() < running and time.monotonic() < deadline:\n"
    "        time.sleep(0.001)\n"
    "    assert addon.started() == running, addon.started()\n"
    "# In a loop, the pool wakes for more than the first piece of work once the\n"
    "# callback that queued it returns: wait without blocking the loop.\n"
    "async def aqueue(ms, running, queued):\n"
    "    addon.closeGate()\n"
    "    for _ in range(running + queued):\n"
    "        addon.slowWrite(ms)\n"
    "    deadline = time.monotonic() + 30\n"
    "    while addon.started() < running and time.monotonic() < deadline:\n"
    "        await asyncio.sleep(0.001)\n"
    "    assert addon.started() == running, addon.started()\n"
    "# Runs before napi_python's teardown (registered after it): the executes under\n"
    "# way go on once exit has begun.\n"
    "atexit.register(addon.openGate)\n"
)

# The program body queueing 4 executes (they start: the pool has 4 threads, and wait
# for the gate, which opens as exit begins) and 2 more behind them, then leaving the
# interpreter at once.
BODIES = {
    "no loop": "queue({ms}, 4, 2)\n",
    "asyncio": "async def main():\n    await aqueue({ms}, 4, 2)\nasyncio.run(main())\n",
    "uvloop": "async def main():\n    await aqueue({ms}, 4, 2)\nuvloop.run(main())\n",
}

EXPECTED = ("hook executing=0 finished=6 ok=6 cancelled=0\n"
            "instance executing=0 finished=6 ok=6 cancelled=0\n")


@pytest.mark.parametrize("kind", list(BODIES))
def test_exit_waits_for_running_work(kind):
    r = run_python(PRELUDE + BODIES[kind].format(ms=300))
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout == EXPECTED


def test_exit_by_sys_exit_inside_the_loop_waits():
    r = run_python(PRELUDE + (
        "async def main():\n"
        "    await aqueue(200, 4, 2)\n"
        "    raise SystemExit(3)\n"
        "asyncio.run(main())\n"))
    assert r.returncode == 3, r.stderr
    assert r.stderr == ""
    assert r.stdout == EXPECTED


@pytest.mark.slow
def test_100_exits_with_writes_in_flight():
    kinds = list(BODIES)
    codes = [PRELUDE + BODIES[kinds[i % 3]].format(ms=5 + i % 20) for i in range(100)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(run_python, codes))
    assert [(r.returncode, r.stderr, r.stdout) for r in results] == [(0, "", EXPECTED)] * 100


# ---- a real addon: classic-level (LevelDB) ------------------------------------------

def with_args(code, *args):
    """`code` run with sys.argv[1:] == args (after conftest set up sys.path)."""
    return f"import conftest, sys\nsys.argv[1:] = {list(args)!r}\n" + code


LEVEL = (
    "import asyncio, sys, uvloop\n"
    "from corpus.support import corpus_addon\n"
    "b = corpus_addon('classic-level')\n"
    "location, kind = sys.argv[1], sys.argv[2]\n"
    "async def start():\n"
    "    ctx = b.db_init()\n"
    "    await b.db_open(ctx, location, {'createIfMissing': True, 'errorIfExists': False})\n"
    "    for i in range(300):\n"
    "        b.db_put(ctx, f'k{i:04}', 'v' * 4096, {})\n"
    "        b.batch_do(ctx, [{'type': 'put', 'key': f'b{i:04}', 'value': 'w' * 4096}], {})\n"
    "    await asyncio.sleep(0)\n"
    "if kind == 'asyncio':\n"
    "    asyncio.run(start())\n"
    "elif kind == 'uvloop':\n"
    "    uvloop.run(start())\n"
    "else:\n"
    "    loop = asyncio.new_event_loop()\n"
    "    loop.run_until_complete(start())  # the loop stays open, not running\n"
    "print('exiting')\n"
)

LEVEL_CHECK = (
    "import asyncio, sys\n"
    "from corpus.support import corpus_addon\n"
    "b = corpus_addon('classic-level')\n"
    "async def main():\n"
    "    ctx = b.db_init()\n"
    "    await b.db_open(ctx, sys.argv[1], {'createIfMissing': False})\n"
    "    state = bytearray(1)  # the addon keeps its address: keep it alive\n"
    "    it = b.iterator_init(ctx, state, {'keyEncoding': 'utf8', 'valueEncoding': 'utf8'}, None)\n"
    "    entries = []\n"
    "    while batch := await b.iterator_nextv(it, 10000):  # (a few per call)\n"
    "        entries += batch\n"
    "    b.iterator_close(it)\n"
    "    await b.db_close(ctx)\n"
    "    bad = [k for k, v in entries if v not in ('v' * 4096, 'w' * 4096)]\n"
    "    print(len(entries), bad)\n"
    "asyncio.run(main())\n"
)


@pytest.mark.slow
def test_100_exits_with_leveldb_writes_in_flight(tmp_path):
    # LevelDB puts and batches queued on the pool; the interpreter leaves at once.
    # Exit runs them all (those queued too, as Node's teardown does), then
    # classic-level's cleanup hook closes the database: no crash, every value is
    # written, and whole.
    from corpus.support import ensure_installed
    ensure_installed()
    kinds = ["asyncio", "uvloop", "stopped loop"]

    def one(i):
        location = str(tmp_path / f"db{i}")
        r = run_python(with_args(LEVEL, location, kinds[i % 3]), timeout=120)
        check = run_python(with_args(LEVEL_CHECK, location), timeout=120) \
            if i % 10 == 0 else None
        return r, check
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(one, range(100)))
    assert [(r.returncode, r.stderr, r.stdout) for r, _ in results] == \
        [(0, "", "exiting\n")] * 100
    checks = [c for _, c in results if c is not None]
    assert [(c.returncode, c.stderr, c.stdout.split(" ", 1)[1]) for c in checks] == \
        [(0, "", "[]\n")] * 10
    # Every put and batch queued reached the database (queued work used to be
    # cancelled at exit: some of them were lost).
    assert [int(c.stdout.split(" ", 1)[0]) for c in checks] == [600] * 10


# ---- the end of a per-thread env ------------------------------------------------------

THREAD_ENDS = (
    "import asyncio, threading, napi_python\n"
    "from conftest import build_test_addon\n"
    "path = build_test_addon('teardown')\n"
    "def queue():\n"
    "    addon = napi_python.load_addon(path, per_thread=True)\n"
    "    for _ in range(3):\n"
    "        addon.slowWrite(200)  # sleeps, then writes into what the hook frees\n"
    "async def amain():\n"
    "    queue()\n"
    "def worker():\n"
    "    {body}\n"
    "t = threading.Thread(target=worker)\n"
    "t.start()\n"
    "t.join()  # the thread's env ends: its cleanup hook runs\n"
    "print('joined', flush=True)\n"
)


@pytest.mark.parametrize("body", ["queue()", "asyncio.run(amain())"])
def test_thread_end_waits_for_its_envs_work(body):
    # A Node worker that ends runs its loop until its thread-pool work is done before
    # its cleanup hooks run: here too, on the ending thread, the executes finish and
    # their completes run before the hook frees what they write into. (The hook used
    # to run first, the executes then wrote into freed memory: a crash.)
    r = run_python(THREAD_ENDS.format(body=body))
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == ("hook executing=0 finished=3 ok=3 cancelled=0\n"
                        "joined\n"
                        "instance executing=0 finished=3 ok=3 cancelled=0\n")
