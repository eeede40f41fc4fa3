"""Fork (issue 15.1): after os.fork() (multiprocessing's fork context, a server that
loads addons then forks workers) both processes keep using every addon: async
work, promises, threadsafe functions, finalizers, new addons. Items queued before
the fork are delivered in both processes (docs/guide.rst, "Fork").

Each scenario runs in a fresh interpreter that forks (forking the pytest process
itself would copy its threads and plugins); every wait is bounded: a child that
hangs is killed and the scenario fails, and the subprocess has a timeout."""

import os
import textwrap

import pytest

from conftest import build_test_addon, run_python

# Not under AddressSanitizer: GCC 12's ASan allocator has no fork handler (glibc's
# malloc has one), so a child forked while any thread of the parent holds one of the
# sanitizer allocator's size-class locks blocks in its first malloc of that size
# (seen under load: the child's main thread and its new pool threads all waiting in
# SizeClassAllocator64::GetFromAllocator). The release and counters builds run these.
pytestmark = pytest.mark.skipif("libasan" in os.environ.get("LD_PRELOAD", ""),
                                reason="GCC 12's ASan allocator has no fork handler "
                                       "(a forked child can block in its lock)")

build_test_addon("fork")  # built once here, not concurrently in the children
build_test_addon("fork", name="fork_child")

PRELUDE = textwrap.dedent('''
    import asyncio, gc, os, signal, sys, threading, time, traceback
    import uvloop
    import napi_python
    from conftest import build_test_addon
    addon = napi_python.load_addon(build_test_addon("fork"))
    LIMIT = 60  # seconds any one wait may take

    def new_loop(kind):
        return uvloop.new_event_loop() if kind == "uvloop" else asyncio.new_event_loop()

    def child_stacks(pid):
        """The hung child's native stacks, where gdb is installed (for the report)."""
        import shutil, subprocess
        if shutil.which("gdb") is None:
            return ""
        r = subprocess.run(["gdb", "-p", str(pid), "-batch", "-ex", "thread apply all bt"],
                           capture_output=True, text=True, timeout=120)
        return "\\n" + r.stdout[-20000:]

    def wait_child(pid):
        deadline = time.monotonic() + LIMIT
        while True:
            got, status = os.waitpid(pid, os.WNOHANG)
            if got:
                return os.waitstatus_to_exitcode(status)
            if time.monotonic() > deadline:
                stacks = child_stacks(pid)
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise AssertionError("the child hung" + stacks)
            time.sleep(0.001)

    def in_child(fn):
        """Runs fn() in the child and leaves: exit status 0 iff it returned."""
        code = 1
        try:
            fn()
            code = 0
        except BaseException:
            traceback.print_exc()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)

    def in_thread(fn):
        """fn() in a new thread (a child forked inside a running loop needs a new
        loop, which this thread cannot run); its result."""
        out = []
        def body():
            try:
                out.append((True, fn()))
            except BaseException as e:
                out.append((False, e))
        t = threading.Thread(target=body)
        t.start()
        t.join(LIMIT)
        assert not t.is_alive(), "the child's loop thread hung"
        ok, value = out[0]
        if not ok:
            raise value
        return value

    def run_on_new_loop(kind, coro_fn):
        loop = new_loop(kind)
        try:
            return loop.run_until_complete(asyncio.wait_for(coro_fn(), LIMIT))
        finally:
            loop.close()

    def expected_sum(n):
        return float(n * (n - 1) // 2)

    class Recorder:
        """The storm's JS callback: the sequence numbers seen per native thread."""
        def __init__(self, nthreads):
            self.seen = [[] for _ in range(nthreads)]
        def __call__(self, thread, seq):
            self.seen[thread].append(seq)
        def total(self):
            return sum(map(len, self.seen))
        def assert_prefixes(self):  # in order, none lost in between, none twice
            for per_thread in self.seen:
                assert per_thread == list(range(len(per_thread))), per_thread[:20]
        def assert_complete(self, ncalls):
            for per_thread in self.seen:
                assert per_thread == list(range(ncalls))

    loaded_here = {}  # pid -> the addon this process loaded itself

    def use_everything(kind, n):
        """Every kind of use, in this process, on a new loop of its own: async work,
        promises (awaited, chained), a threadsafe function called by native threads,
        an addon this process loads itself, finalizers. Returns the first sum."""
        pid = os.getpid()
        if pid not in loaded_here:
            loaded_here[pid] = napi_python.load_addon(build_test_addon("fork", name="fork_child"))
        other = loaded_here[pid]
        async def body():
            got = await asyncio.gather(*(addon.sumAsync(n + i) for i in range(8)))
            assert got == [expected_sum(n + i) for i in range(8)]
            assert await addon.sumAsync(n).then(lambda v: v + 1) == expected_sum(n) + 1
            rec = Recorder(2)
            assert await addon.storm(rec, 2, 200, 4) == 400
            rec.assert_complete(200)
            assert await other.sumAsync(n) == expected_sum(n)
            return got[0]
        first = run_on_new_loop(kind, body)
        base = addon.finalized()
        objs = [addon.track() for _ in range(10)]
        del objs
        gc.collect()
        napi_python.run_pending()
        assert addon.finalized() == base + 10, addon.finalized() - base
        return first
''')


def run_scenario(body, timeout=240, first=""):
    r = run_python(textwrap.dedent(first) + PRELUDE + textwrap.dedent(body), timeout=timeout)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


@pytest.mark.parametrize("kind", ["asyncio", "uvloop"])
def test_async_work_and_promises_in_child(kind):
    out = run_scenario(f'''
        KIND = {kind!r}
        async def work(base):
            # async work, promises awaited, and a promise reaction (then)
            got = await asyncio.gather(*(addon.sumAsync(base + i) for i in range(16)))
            assert got == [expected_sum(base + i) for i in range(16)]
            chained = addon.sumAsync(base).then(lambda v: v + 1)
            assert await chained == expected_sum(base) + 1
            return len(got)

        assert run_on_new_loop(KIND, lambda: work(1000)) == 16  # the pool runs
        pid = os.fork()
        if pid == 0:
            in_child(lambda: run_on_new_loop(KIND, lambda: work(5000)))
        assert run_on_new_loop(KIND, lambda: work(7000)) == 16  # the parent too
        assert wait_child(pid) == 0
        print("ok")
    ''')
    assert out.strip() == "ok"


@pytest.mark.parametrize("kind", ["asyncio", "uvloop"])
def test_fork_during_threadsafe_function_storm(kind):
    # Forked from inside a running loop while 4 native threads call a threadsafe
    # function (every other round through a queue of 16 that blocks them). The parent
    # gets all its calls; the child gets an in-order prefix of them (the calls queued
    # before the fork) and all of its own storm, on a loop of its own.
    out = run_scenario(f'''
        KIND = {kind!r}
        NT, NC, ROUNDS = 4, 3000, 50

        def child_work(rec):
            rec.assert_prefixes()
            async def own():
                mine = Recorder(NT)
                n = await addon.storm(mine, NT, NC, 16)
                assert n == NT * NC, n
                mine.assert_complete(NC)
                got = await asyncio.gather(*(addon.sumAsync(i * 100) for i in range(8)))
                assert got == [expected_sum(i * 100) for i in range(8)]
            in_thread(lambda: run_on_new_loop(KIND, own))
            rec.assert_prefixes()
            print("inherited", rec.total(), flush=True)

        for r in range(ROUNDS):
            rec = Recorder(NT)
            async def parent_round():
                p = addon.storm(rec, NT, NC, 16 if r % 2 else 0)
                while rec.total() < 200:  # the storm is in full flow
                    await asyncio.sleep(0)
                pid = os.fork()
                if pid == 0:
                    in_child(lambda: child_work(rec))
                return pid, await p
            pid, n = run_on_new_loop(KIND, parent_round)
            assert n == NT * NC, n
            rec.assert_complete(NC)
            assert wait_child(pid) == 0
        print("rounds", ROUNDS)
    ''')
    assert "rounds 50" in out
    inherited = [int(line.split()[1]) for line in out.splitlines() if line.startswith("inherited")]
    assert len(inherited) == 50
    print("calls the children inherited: min", min(inherited), "max", max(inherited),
          "rounds forked mid-storm", sum(n < 4 * 3000 for n in inherited))


def test_fork_with_queued_async_work():
    # 32 pieces of work queued on 4 pool threads, forked at once: some have run,
    # some run, most wait. Every promise settles with its exact result in both
    # processes (the child runs the work that had not started in its own pool), and
    # both can queue more. No event loop: Promise.result() delivers.
    out = run_scenario('''
        ROUNDS, N, SIZE = 50, 32, 200000

        def check(promises, base):
            for i, p in enumerate(promises):
                assert p.result(timeout=LIMIT) == expected_sum(base + i), i

        def child(promises):
            check(promises, SIZE)
            check([addon.sumAsync(SIZE * 2 + i) for i in range(N)], SIZE * 2)

        for r in range(ROUNDS):
            promises = [addon.sumAsync(SIZE + i) for i in range(N)]
            pid = os.fork()
            if pid == 0:
                in_child(lambda: child(promises))
            check(promises, SIZE)
            check([addon.sumAsync(SIZE * 3 + i) for i in range(N)], SIZE * 3)
            assert wait_child(pid) == 0
        print("rounds", ROUNDS)
    ''')
    assert "rounds 50" in out


@pytest.mark.parametrize("kind", ["asyncio", "uvloop"])
def test_fork_with_queued_async_work_under_a_loop(kind):
    # The same, forked from inside a running loop: the work's target is the parent's
    # loop. The child has no running loop (as asyncio >= 3.12 makes it): its
    # Promise.result() delivers the inherited work, and a new loop its own.
    out = run_scenario(f'''
        KIND, ROUNDS, N, SIZE = {kind!r}, 50, 32, 200000

        async def gather(promises, base):
            got = await asyncio.gather(*promises)
            assert got == [expected_sum(base + i) for i in range(len(got))]

        def child(promises):
            try:
                asyncio.get_running_loop()
                raise AssertionError("the parent's loop runs in the child")
            except RuntimeError:
                pass
            for i, p in enumerate(promises):
                assert p.result(timeout=LIMIT) == expected_sum(SIZE + i)
            in_thread(lambda: run_on_new_loop(
                KIND, lambda: gather([addon.sumAsync(SIZE + i) for i in range(N)], SIZE)))

        for r in range(ROUNDS):
            async def parent_round():
                promises = [addon.sumAsync(SIZE + i) for i in range(N)]
                pid = os.fork()
                if pid == 0:
                    in_child(lambda: child(promises))
                await gather(promises, SIZE)
                return pid
            assert wait_child(run_on_new_loop(KIND, parent_round)) == 0
        print("rounds", ROUNDS)
    ''')
    assert "rounds 50" in out


def test_multiprocessing_fork_pool():
    # The addon is loaded and used, then multiprocessing forks its workers: each uses
    # everything (async work, promises, a threadsafe function, finalizers, an addon
    # it loads itself) on loops of its own; the parent goes on using it.
    out = run_scenario('''
        import multiprocessing

        def work(n):
            if n % 2:
                return use_everything("uvloop", n), os.getpid()
            return addon.sumAsync(n).result(timeout=LIMIT), os.getpid()

        assert addon.sumAsync(10).result(timeout=LIMIT) == expected_sum(10)
        held = [addon.track() for _ in range(5)]  # alive in the parent and its workers
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(3) as pool:
            got = pool.map_async(work, range(1000, 1060)).get(timeout=LIMIT)
        assert [v for v, _ in got] == [expected_sum(n) for n in range(1000, 1060)]
        assert os.getpid() not in {pid for _, pid in got}
        assert addon.sumAsync(20).result(timeout=LIMIT) == expected_sum(20)
        assert use_everything("asyncio", 30) == expected_sum(30)
        print("workers", len({pid for _, pid in got}))
    ''')
    assert "workers" in out


@pytest.mark.parametrize("kind", ["asyncio", "uvloop"])
def test_preload_then_fork_workers(kind):
    # gunicorn --preload: the application, with its addons, is loaded and used in the
    # master (a loop, async work, a threadsafe function, objects it keeps), then the
    # workers are forked at once; each runs its own loop and uses everything, loading
    # an addon the master never loaded, while the master goes on with its own work.
    out = run_scenario(f'''
        KIND, WORKERS = {kind!r}, 4

        async def warm():
            assert await addon.sumAsync(100) == expected_sum(100)
            rec = Recorder(3)
            assert await addon.storm(rec, 3, 300, 8) == 900
            rec.assert_complete(300)
        run_on_new_loop(KIND, warm)
        held = [addon.track() for _ in range(5)]  # each process finalizes its copies
        base = addon.finalized()

        def worker(w):
            for round in range(3):
                assert use_everything(KIND, 1000 * (w + 1) + round) == expected_sum(1000 * (w + 1) + round)
            del held[:]
            gc.collect()
            napi_python.run_pending()
            assert addon.finalized() == base + 30 + 5, addon.finalized() - base

        pids = []
        for w in range(WORKERS):
            pid = os.fork()
            if pid == 0:
                in_child(lambda: worker(w))
            pids.append(pid)
        for round in range(3):  # the master meanwhile
            assert use_everything(KIND, 50 + round) == expected_sum(50 + round)
        assert [wait_child(pid) for pid in pids] == [0] * WORKERS
        assert addon.finalized() == base + 30  # its own copies of `held` live on here
        del held[:]
        gc.collect()
        napi_python.run_pending()
        assert addon.finalized() == base + 35
        print("workers", WORKERS)
    ''')
    assert "workers 4" in out


def test_addons_used_between_the_fork_hooks():
    # Python code runs between napi-python's fork hooks: hooks registered before it
    # (their before hook runs after napi-python's, their after hooks before its own),
    # Python 3.12's warning about forking with threads, threading's and asyncio's
    # child hooks, and the garbage collections all of these may start, whose callback
    # runs queued finalizers. Addons work there, in both processes. (Issue 15.1's hang
    # on 3.12: a collection inside the warning, and one inside threading's child hook,
    # waited for a mutex napi-python's hooks held from before fork() to after it.)
    first = '''
        import gc, os
        used = {"before": [], "parent": [], "child": []}

        def use(where):
            def hook():
                addon = globals().get("addon")
                if addon is None:
                    return
                junk = [addon.track() for _ in range(20)]
                del junk
                gc.collect()  # finalizers run here, or at run_pending below
                used[where].append(addon.sumAsync(1000))
            return hook

        os.register_at_fork(before=use("before"), after_in_parent=use("parent"),
                            after_in_child=use("child"))
    '''
    out = run_scenario('''
        ROUNDS, SIZE = 20, 100000

        def check(promises, base):
            for i, p in enumerate(promises):
                assert p.result(timeout=LIMIT) == expected_sum(base + i), i

        assert addon.sumAsync(10).result(timeout=LIMIT) == expected_sum(10)  # the pool runs
        for r in range(ROUNDS):
            queued = [addon.sumAsync(SIZE + i) for i in range(8)]
            base = addon.finalized()
            pid = os.fork()
            mine = "child" if pid == 0 else "parent"

            def after():
                check(queued, SIZE)
                assert len(used["before"]) == r + 1 and len(used[mine]) >= 1
                for p in used["before"][-1:] + used[mine][-1:]:
                    assert p.result(timeout=LIMIT) == expected_sum(1000)
                gc.collect()
                napi_python.run_pending()
                assert addon.finalized() == base + 40, addon.finalized() - base

            if pid == 0:
                in_child(after)
            after()
            assert wait_child(pid) == 0
        print("rounds", ROUNDS)
    ''', first=first, timeout=120)
    assert "rounds 20" in out


def test_new_addon_and_finalizers_in_child():
    out = run_scenario('''
        before = [addon.track() for _ in range(50)]  # made in the parent
        assert addon.sumAsync(10).result(timeout=LIMIT) == expected_sum(10)
        gc.collect()
        base = addon.finalized()

        def child():
            other = napi_python.load_addon(build_test_addon("fork", name="fork_child"))
            assert other.sumAsync(100).result(timeout=LIMIT) == expected_sum(100)
            rec = Recorder(2)
            assert other.storm(rec, 2, 100, 0).result(timeout=LIMIT) == 200
            rec.assert_complete(100)
            del before[:]  # the parent's objects, released in the child
            objs = [addon.track() for _ in range(30)]
            del objs
            gc.collect()
            napi_python.run_pending()
            assert addon.finalized() == base + 80, addon.finalized() - base
            assert other.finalized() == 0  # its own counter: a separate copy

        pid = os.fork()
        if pid == 0:
            in_child(lambda: child())
        assert wait_child(pid) == 0
        assert addon.finalized() == base  # the parent's objects live on here
        del before[:]
        gc.collect()
        napi_python.run_pending()
        assert addon.finalized() == base + 50
        print("ok")
    ''')
    assert out.strip() == "ok"
