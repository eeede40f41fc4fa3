"""The debug counters (a core built with NAPI_PYTHON_DEBUG_COUNTERS, as `make
test-counters` does): they count what they claim, the per-test check in conftest.py
fails a test that leaks, and at interpreter exit everything the core created is freed.
In a release build napi_python._core.debug_counters() is None and these tests are
skipped (make test runs them in the counters build)."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import TESTS, build_test_addon, debug_counters, load_test_addon, run_python, settle
from napi_status import Status
import napi_python as napi

pytestmark = pytest.mark.skipif(
    debug_counters() is None,
    reason="core built without NAPI_PYTHON_DEBUG_COUNTERS (make test-counters runs these)")


def delta(before, after):
    return {k: after[k] - before[k] for k in after}


@pytest.fixture(scope="module")
def lifetimes():
    return load_test_addon("lifetimes")


@pytest.fixture(scope="module")
def classes():
    return load_test_addon("classes")


def test_debug_counters_is_a_dict_of_numbers():
    c = napi._core.debug_counters()
    assert isinstance(c, dict)
    assert all(isinstance(v, int) for v in c.values())
    assert {"handles_created", "finalizers_ran", "references_empty"} <= set(c)


def test_scopes_and_handles_are_counted(lifetimes):
    settle()
    before = debug_counters()
    assert lifetimes.manyScopes(1000) == sum(i % 7 for i in range(1000))
    after = debug_counters()
    d = delta(before, after)
    assert d["scopes_opened"] == d["scopes_closed"] == 1000
    assert d["handles_created"] == d["handles_freed"] >= 3000
    assert after["handles_open"] == 0 and after["scopes_open"] == 0


def test_forgotten_scopes_close_with_the_call(lifetimes):
    settle()
    before = debug_counters()
    # scopesOutOfOrder leaves nothing open; escapeTwice closes its escapable scope
    lifetimes.scopesOutOfOrder()
    lifetimes.escapeTwice()
    d = delta(before, debug_counters())
    assert d["scopes_opened"] == d["scopes_closed"] == 3


def test_wrap_finalizer_counted(classes):
    settle()
    before = debug_counters()
    o = classes.makeObject()
    assert classes.wrapPlain(o, 3) == Status.napi_ok
    mid = delta(before, debug_counters())
    assert mid["wraps_created"] == 1 and mid["finalizers_registered"] == 1
    assert mid["finalizers_attached"] == 1 and mid["native_states_live"] == 1
    del o
    settle()
    d = delta(before, debug_counters())
    assert d["finalizers_ran"] == 1 and d["native_states_freed"] == 1
    assert d["finalizers_attached"] == 0 and d["native_states_live"] == 0


def test_remove_wrap_counts_a_cancelled_finalizer(classes):
    settle()
    before = debug_counters()
    o = classes.makeObject()
    classes.wrapPlain(o, 4)
    assert classes.removeWrap(o) == 4
    del o
    settle()
    d = delta(before, debug_counters())
    assert d["wraps_removed"] == 1 and d["finalizers_cancelled"] == 1
    assert d["finalizers_ran"] == 0


def test_externals_counted(classes):
    settle()
    before = debug_counters()
    e = classes.createExternal(5)
    assert delta(before, debug_counters())["externals_created"] == 1
    del e
    settle()
    d = delta(before, debug_counters())
    assert d["externals_freed"] == 1 and d["finalizers_ran"] == 1


def test_references_and_empty_references(lifetimes):
    settle()
    before = debug_counters()
    o = lifetimes.makeObject("x")
    r = lifetimes.createRef(o, 0)
    assert delta(before, debug_counters())["references_live"] == 1
    del o
    settle()
    assert delta(before, debug_counters())["references_empty"] == 1  # value gone
    lifetimes.deleteRef(r)
    d = delta(before, debug_counters())
    assert d["references_created"] == d["references_deleted"] == 1
    assert d["references_live"] == 0 and d["references_empty"] == 0


LEAKY_TEST = '''
from conftest import load_test_addon

def test_leaks_a_reference():
    a = load_test_addon("lifetimes")
    o = a.makeObject("leaked")
    a.createRef(o, 0)  # never deleted
'''


def test_the_per_test_check_fails_a_leaking_test(tmp_path):
    # The autouse check of conftest.py, run on a test that leaks a reference.
    (tmp_path / "test_leaky.py").write_text(LEAKY_TEST)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "conftest", "-p",
                        "no:cacheprovider", str(tmp_path / "test_leaky.py")],
                       capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "1 passed, 1 error" in r.stdout
    assert "1 more references whose value is gone" in r.stdout


TEARDOWN = '''
import atexit, json

def report():  # registered before napi_python: runs after its teardown
    import napi_python
    print(json.dumps(napi_python._core.debug_counters()), flush=True)

atexit.register(report)

import gc
from conftest import load_test_addon
classes = load_test_addon("classes")
lifetimes = load_test_addon("lifetimes")
fin = load_test_addon("finalizers")
cpp = load_test_addon("cpp_wrap")
work = load_test_addon("async_work")
tsfn = load_test_addon("tsfn")

keep = [classes.Counter(i) for i in range(10)]          # alive at exit
for i in range(10):
    classes.Counter(i)                                  # dropped at once
ext = classes.createExternal(1)
o = classes.makeObject()
classes.addFinalizer(o, 1)
classes.wrapPlain(o, 2)
wrapped = [fin.makeWrapped(i, 1) for i in range(5)]     # post a second stage
r = lifetimes.createRef(keep[0], 1)
lifetimes.deleteRef(r)
lifetimes.manyScopes(100)
assert work.asyncAdd(1, 2).result(timeout=60) == 3
s = tsfn.startThreads(None, 2, 50, 0, True).result(timeout=60)
tsfn.releaseLoaded()  # the functions it made at load; their close runs on the
__import__("napi_python").run_pending()  # default target, drained here (no loop)
assert s["calls"] == 100
print("end of script", flush=True)
'''


def test_everything_created_is_freed_at_exit():
    for topic in ("classes", "lifetimes", "finalizers", "cpp_wrap", "async_work", "tsfn"):
        build_test_addon(topic)
    r = run_python(TEARDOWN, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    lines = r.stdout.splitlines()
    assert lines[0] == "end of script"
    c = json.loads(lines[-1])
    assert c["handles_created"] == c["handles_freed"] > 0
    assert c["scopes_opened"] == c["scopes_closed"] >= 100
    # every finalizer ran (nothing attached, queued or dropped; none cancelled here)
    assert c["finalizers_registered"] == c["finalizers_ran"] > 30
    assert c["finalizers_attached"] == c["finalizers_queued"] == c["finalizers_dropped"] == 0
    assert c["async_works_created"] == c["async_works_freed"] >= 1
    assert c["tsfns_created"] == c["tsfns_freed"] >= 1
    assert c["externals_created"] == 1
    # References the addons keep on purpose (class constructors) are theirs to
    # delete, as in Node; none of them points to a value that is gone.
    assert c["references_created"] - c["references_deleted"] == c["references_live"]
    assert c["references_empty"] == 0


def test_side_table_shrinks_after_a_burst(classes):
    # Native state on plain Python objects lives in a side table (types.cc); after
    # 100k such objects die, its bucket array does not stay at its largest.
    class Plain:
        pass
    settle()
    objs = [Plain() for _ in range(100_000)]
    for o in objs:
        assert classes.wrapPlain(o, 1) == Status.napi_ok
    grown = debug_counters()["side_table_buckets"]
    del objs, o
    settle()
    assert grown >= 100_000
    assert debug_counters()["side_table_buckets"] <= 1024
