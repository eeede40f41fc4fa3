"""One env per Python thread: ``load_addon(path, per_thread=True)``.

Node gives each worker thread its own env: the module's init runs again there, with
its own instance data, cleanup hooks and classes. napi-rs builds on it (it keeps
the constructors of its classes per OS thread), so a napi-rs function returning a
class instance works only on the thread whose env it belongs to. The C addon
tests/addons/threads_env numbers its envs and logs its cleanup hooks and
finalizers; the napi-rs addon (tests/addons/rust_napi) parses s-expressions into
trees of ``Node`` class instances.
"""

import concurrent.futures
import contextlib
import gc
import threading

import pytest

import napi_python
from conftest import build_test_addon

THREADS = 4


@pytest.fixture(scope="module")
def c_path():
    return build_test_addon("threads_env")


@pytest.fixture(scope="module")
def c_addon(c_path):
    return napi_python.load_addon(c_path)


def run_threads(target, n=THREADS):
    """Runs target(i, barrier) in n threads that start their work together; returns
    the results by index, re-raising the first exception a thread raised."""
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def body(i):
        try:
            results[i] = target(i, barrier)
        except BaseException as e:  # noqa: BLE001 (handed to the test)
            errors.append(e)
            barrier.abort()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


# -- the C addon: module init, instance data, cleanup hooks per env ------------------

def test_each_thread_gets_its_own_env(c_path, c_addon):
    main_env = c_addon.envId()
    inits_before = c_addon.inits()

    def work(i, barrier):
        m = napi_python.load_addon(c_path, per_thread=True)
        assert napi_python.load_addon(c_path, per_thread=True) is m  # one per thread
        barrier.wait()
        ids = {m.envId() for _ in range(50 + i)}
        return (m, ids, m.calls(), m.initThread(), threading.get_native_id())

    results = run_threads(work)
    envs = [next(iter(ids)) for _m, ids, _c, _t, _n in results]
    assert all(len(ids) == 1 for _m, ids, _c, _t, _n in results)
    assert len(set(envs)) == THREADS and main_env not in envs
    assert c_addon.inits() == inits_before + THREADS  # the module init ran once per env
    for i, (m, _ids, calls, init_thread, native_id) in enumerate(results):
        assert m is not c_addon
        assert calls == 50 + i                 # instance data of its own
        assert init_thread == native_id        # the init ran on the thread itself
    assert c_addon.envId() == main_env


def test_the_loading_thread_keeps_its_exports(c_path, c_addon):
    assert napi_python.load_addon(c_path, per_thread=True) is c_addon
    assert napi_python.load_addon(c_path) is c_addon

    def work(i, barrier):
        return napi_python.load_addon(c_path)  # without per_thread: the shared exports
    assert all(m is c_addon for m in run_threads(work))


def test_cleanup_hooks_run_on_each_thread_when_it_ends(c_path, c_addon):
    def work(i, barrier):
        m = napi_python.load_addon(c_path, per_thread=True)
        return m.envId(), threading.get_native_id()

    before = len(c_addon.cleanupLog())
    results = run_threads(work)
    # join() returned: each thread's env ran its hook, once, on that thread
    log = [tuple(entry) for entry in c_addon.cleanupLog()[before:]]
    assert sorted(log) == sorted(results)
    assert c_addon.envId() not in [env for env, _tid in log]


def test_values_outlive_their_thread(c_path, c_addon):
    """Objects and exports of a thread's env stay usable after the thread ended;
    their finalizers run with their own env (its instance data still there), on
    whichever thread frees them."""
    def work(i, barrier):
        m = napi_python.load_addon(c_path, per_thread=True)
        return m, [m.makeWrapped() for _ in range(3)], m.envId()

    results = run_threads(work)
    finalized_before = len(c_addon.finalizedLog())
    expected = []
    for m, objects, env in results:
        assert m.envId() == env              # a call into an ended thread's env
        assert [c_addon.unwrapId(o) for o in objects] == [env] * 3
        expected += [env] * 3
    del m, objects, results
    gc.collect()
    napi_python.run_pending()
    log = c_addon.finalizedLog()[finalized_before:]
    assert sorted(env for env, _tid in log) == sorted(expected)
    assert {tid for _env, tid in log} == {threading.get_native_id()}


def test_finalizers_wait_for_their_thread(c_path, c_addon):
    """Values of a thread's env freed on another thread while it lives: their
    finalizers run on the env's thread, at its next call into an addon or when it
    ends (napi-rs's finalizers read bookkeeping it keeps per thread)."""
    handed, dropped, called, finish = (threading.Event() for _ in range(4))
    box = {}

    def owner():
        m = napi_python.load_addon(c_path, per_thread=True)
        box.update(env=m.envId(), tid=threading.get_native_id(),
                   first=[m.makeWrapped() for _ in range(2)],
                   second=[m.makeWrapped() for _ in range(3)])
        handed.set()
        assert dropped.wait(timeout=60)
        m.envId()                                 # a call: a safe point of this thread
        called.set()
        assert finish.wait(timeout=60)            # ends idle: the rest run at its end

    t = threading.Thread(target=owner)
    t.start()
    try:
        assert handed.wait(timeout=60)
        env, tid = box["env"], box["tid"]
        before = len(c_addon.finalizedLog())
        del box["first"]
        gc.collect()
        napi_python.run_pending()
        c_addon.envId()                           # a safe point of the main thread
        assert c_addon.finalizedLog()[before:] == []   # waiting for their thread
        dropped.set()
        assert called.wait(timeout=60)
        assert c_addon.finalizedLog()[before:] == [[env, tid]] * 2
        del box["second"]
        gc.collect()
        c_addon.envId()
        assert len(c_addon.finalizedLog()) == before + 2
    finally:
        dropped.set()
        finish.set()
        t.join()
    assert c_addon.finalizedLog()[before:] == [[env, tid]] * 5


def test_calls_into_another_threads_env(c_path, c_addon):
    """An env used from a thread other than its own: the GIL serialises the calls, as
    for the one env of an ordinary load."""
    mine = threading.Event()
    done = threading.Event()
    box = {}

    def owner():
        box["m"] = napi_python.load_addon(c_path, per_thread=True)
        box["env"] = box["m"].envId()
        mine.set()
        done.wait(timeout=60)

    t = threading.Thread(target=owner)
    t.start()
    try:
        assert mine.wait(timeout=60)
        m = box["m"]
        assert m.envId() == box["env"] != c_addon.envId()
        assert m.currentThread() == threading.get_native_id()
    finally:
        done.set()
        t.join()


def test_an_ordinary_load_adopts_the_threads_env():
    path = build_test_addon("threads_env", name="threads_env_adopt")

    def work(i, barrier):
        m = napi_python.load_addon(path, per_thread=True)
        assert napi_python.load_addon(path) is m  # becomes the shared env
        return m, m.envId()

    [(m, env)] = run_threads(work, n=1)
    # the shared env lives on: its cleanup hook did not run when the thread ended
    assert env not in [e for e, _tid in m.cleanupLog()]
    assert napi_python.load_addon(path) is m
    assert napi_python.load_addon(path, per_thread=True) is not m  # another thread


def test_thread_pool_workers_keep_their_env(c_path, c_addon):
    def task(n):
        m = napi_python.load_addon(c_path, per_thread=True)
        return threading.get_ident(), m.envId(), n * 2

    with concurrent.futures.ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(task, range(40)))
    assert [r[2] for r in results] == [n * 2 for n in range(40)]
    env_of = {}
    for ident, env, _ in results:
        assert env_of.setdefault(ident, env) == env   # one env per worker thread
    assert len(set(env_of.values())) == len(env_of)


def test_per_thread_load_errors_are_clear(tmp_path):
    with pytest.raises(FileNotFoundError):
        napi_python.load_addon(tmp_path / "missing.node", per_thread=True)
    bad = tmp_path / "bad.node"
    bad.write_bytes(b"not an addon")
    with pytest.raises(napi_python.AddonLoadError, match="not a shared library"):
        napi_python.load_addon(bad, per_thread=True)


# -- napi-rs: classes per thread ------------------------------------------------------

@contextlib.contextmanager
def napi_rs_leaks_references(at_most, exactly=None):
    """napi-rs deletes a reference only on the thread that made it, and otherwise
    leaves it for its env's teardown, which never comes here (envs are never freed):
    a class instance of a thread's env freed after that thread ended, or an error
    made in the shared env on another thread. In the counters build, checks how many
    references whose value is gone the block adds, and tells the per-test check of
    tests/conftest.py to accept them."""
    import conftest
    if conftest.debug_counters() is None:
        yield
        return
    conftest.settle()
    before = conftest.debug_counters()["references_empty"]
    yield
    conftest.settle()
    added = conftest.debug_counters()["references_empty"] - before
    if exactly is not None:
        assert added == exactly
    assert 0 <= added <= at_most
    if conftest._last_counters is not None:
        conftest._last_counters["references_empty"] += added


def sexpr(i):
    return f"(add {i} (mul {i} (neg {i * 3})) (list a b c))"


def shape(node):
    """A Node tree as nested tuples."""
    if node.kind == "atom":
        return node.text
    return tuple(shape(child) for child in node.children)


def expected_shape(i):
    return ("add", str(i), ("mul", str(i), ("neg", str(i * 3))), ("list", "a", "b", "c"))


@pytest.fixture(scope="module")
def rust_path():
    from rust_addon import build_rust_addon
    return build_rust_addon("linked")


def test_rust_parse_in_four_threads_at_once(rust_path):
    shared = napi_python.load_addon(rust_path)

    def work(i, barrier):
        m = napi_python.load_addon(rust_path, per_thread=True)
        assert m is not shared
        barrier.wait()
        out = []
        for k in range(100):
            tree = m.parse(sexpr(i * 1000 + k))
            assert isinstance(tree, m.Node)
            out.append((shape(tree), m.countNodes(tree)))
        return out

    results = run_threads(work)
    for i, out in enumerate(results):
        assert out == [(expected_shape(i * 1000 + k), 14) for k in range(100)]


def test_rust_shared_exports_fail_cleanly_on_other_threads(rust_path):
    """What per_thread is for: napi-rs finds no constructor on a thread without an
    env of its own, and says so (a JS error, never a crash)."""
    shared = napi_python.load_addon(rust_path)
    assert shape(shared.parse("(a b)")) == ("a", "b")

    def work(i, barrier):
        with pytest.raises(napi_python.JSError, match="Failed to get constructor"):
            shared.parse("(a b)")
        return shared.add(i, 1)   # functions without classes work anywhere

    with napi_rs_leaks_references(at_most=THREADS):
        assert run_threads(work) == [1, 2, 3, 4]


def test_rust_trees_outlive_their_thread(rust_path):
    """A tree parsed in a thread that has ended: its getters and the thread's exports
    still work from the main thread; new Node instances (``children``) come from the
    main thread's own env, whose classes napi-rs finds there."""
    shared = napi_python.load_addon(rust_path)

    def work(i, barrier):
        m = napi_python.load_addon(rust_path, per_thread=True)
        return m, m.parse(sexpr(i))

    with napi_rs_leaks_references(at_most=THREADS, exactly=THREADS):  # the 4 roots
        for i, (m, tree) in enumerate(run_threads(work)):
            assert (tree.kind, tree.text) == ("list", "")
            assert m.countNodes(tree) == 14
            assert shape(tree) == expected_shape(i)
            assert all(isinstance(c, shared.Node) for c in tree.children)
        del m, tree


def test_rust_async_completes_on_the_threads_loop(rust_path):
    import asyncio

    def work(i, barrier):
        m = napi_python.load_addon(rust_path, per_thread=True)

        async def body():
            return await asyncio.gather(*(m.asyncDouble(i * 10 + k) for k in range(5)))
        return asyncio.run(body())

    assert run_threads(work) == [[2 * (i * 10 + k) for k in range(5)] for i in range(THREADS)]


def test_rust_counter_class_per_thread(rust_path):
    def work(i, barrier):
        m = napi_python.load_addon(rust_path, per_thread=True)
        c = m.makeCounter(i)          # a class instance from a plain function
        c.increment()
        return m.readCounter(c), isinstance(c, m.Counter)

    assert run_threads(work) == [(i + 5, True) for i in range(THREADS)]


# -- the real corpus: oxc-parser (napi-rs) -----------------------------------------------

def test_corpus_rust_oxc_parser_in_four_threads():
    import json
    from corpus.support import NODE_MODULES, ensure_installed
    ensure_installed()
    source = "const x{i} = {i}; export function f{i}(a) {{ return a + x{i} }}"

    def work(i, barrier):
        p = napi_python.require("oxc-parser", paths=[NODE_MODULES], per_thread=True)
        barrier.wait()
        out = []
        for k in range(20):
            r = p.parseSync(f"t{i}.js", source.format(i=i * 100 + k))
            program = json.loads(r.program)["node"]
            out.append(([n["type"] for n in program["body"]],
                        program["body"][1]["declaration"]["id"]["name"],
                        len(r.errors)))
        return out

    results = run_threads(work)
    for i, out in enumerate(results):
        assert out == [(["VariableDeclaration", "ExportNamedDeclaration"], f"f{i * 100 + k}", 0)
                       for k in range(20)]


def test_thread_end_runs_the_loop_for_its_envs_work():
    # The end of a per-thread env waits for its async work (as a Node worker's end
    # does), running the loop meanwhile: this work's execute makes blocking calls to
    # a threadsafe function of queue size 1, each waiting until the previous call
    # was delivered, while the only other thread is joining this one.
    from conftest import run_python
    r = run_python(
        "import threading, napi_python\n"
        "from conftest import build_test_addon\n"
        "path = build_test_addon('async_work')\n"
        "seen, done = [], []\n"
        "def worker():\n"
        "    addon = napi_python.load_addon(path, per_thread=True)\n"
        "    addon.blockingCalls(seen.append, 20, done.append)\n"
        "t = threading.Thread(target=worker)\n"
        "t.start()\n"
        "t.join()\n"
        "print(seen == list(range(20)), done, flush=True)\n", timeout=60)
    assert (r.returncode, r.stderr, r.stdout) == (0, "", "True [20]\n")
