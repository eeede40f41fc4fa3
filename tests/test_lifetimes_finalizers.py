"""When finalizers run: deferred to a safe point by default; Node's rules for
modules that declare NAPI_VERSION_EXPERIMENTAL (basic finalizers run while the
object is freed, may only call basic APIs, node_api_post_finalizer defers the
rest); long chains of wrapped objects freed at once (CPython's trashcan)."""

import gc
import sys
import textwrap

import pytest

from conftest import build_test_addon, load_test_addon, run_python
import napi_python as napi

EXPERIMENTAL = 2147483647
COUNT, POST, NON_BASIC, DELETE_REF, INSTANCE = range(5)


def build_basic():
    return build_test_addon("finalizers", defines=(f"DECLARED_VERSION={EXPERIMENTAL}",),
                            name="finalizers_basic")


@pytest.fixture(scope="module")
def deferred():
    return load_test_addon("finalizers")


@pytest.fixture(scope="module")
def basic():
    a = napi.load_addon(build_basic())
    assert a.declared() == EXPERIMENTAL
    return a


def settle(addon):
    for _ in range(3):
        gc.collect()
        addon.noop()


def counts(addon):
    return dict(addon.counts())


# ---- default: deferred to a safe point ----------------------------------------------

def test_deferred_finalizer_does_not_run_inside_the_call(deferred):
    deferred.holdOnly(deferred.makeWrapped(5))
    before, inside = deferred.releaseHeld()
    assert inside == before  # the object died inside the call: queued, not run
    assert counts(deferred)["finalized"] == before + 1  # ran when the call returned


def test_deferred_finalizer_may_call_any_api(deferred):
    before = counts(deferred)
    o = deferred.makeWrapped(1, NON_BASIC)
    del o
    settle(deferred)
    after = counts(deferred)
    assert after["finalized"] == before["finalized"] + 1
    assert after["nonBasicOk"] == before["nonBasicOk"] + 1


def test_post_finalizer_from_deferred_finalizer(deferred):
    before = counts(deferred)
    o = deferred.makeWrapped(1, POST)
    del o
    settle(deferred)
    after = counts(deferred)
    assert after["postedRan"] == before["postedRan"] + 1
    assert after["postedOk"] == before["postedOk"] + 1


# ---- NAPI_VERSION_EXPERIMENTAL: basic finalizers ----------------------------------------

def test_basic_finalizer_runs_while_the_object_is_freed(basic):
    basic.holdOnly(basic.makeWrapped(5))
    before, inside = basic.releaseHeld()
    # Not inside napi_delete_reference: the value the call let go of lives until the
    # call returns (V8 collects nothing in the middle of native code either), and
    # is freed, its basic finalizer running, as the call's handles are released.
    assert inside == before
    assert basic.counts()["finalized"] == before + 1


def test_basic_finalizer_runs_on_del_from_python(basic):
    before = basic.counts()["finalized"]  # (read before: the call is a safe point)
    o = basic.makeWrapped(2)
    del o
    assert basic.counts()["finalized"] == before + 1


def test_basic_finalizer_may_call_basic_apis(basic):
    before = counts(basic)
    o = basic.makeWrapped(1, INSTANCE)
    del o
    assert counts(basic)["instanceOk"] == before["instanceOk"] + 1


def test_basic_finalizer_deleting_a_reference_frees_nested(basic):
    before = counts(basic)
    inner = basic.makeWrapped(10)
    outer = basic.makeWrapped(20, DELETE_REF, inner)
    del inner  # alive: outer's finalizer data holds the only reference
    assert counts(basic)["finalized"] == before["finalized"]
    basic.holdOnly(outer)
    del outer
    b, inside = basic.releaseHeld()
    assert inside == b  # both outlive the call that let go of outer
    # outer freed as releaseHeld returned; its finalizer freed inner, whose ran too
    assert counts(basic)["finalized"] == b + 2
    assert counts(basic)["sum"] == before["sum"] + 30


def test_post_finalizer_defers_to_a_safe_point(basic):
    before = counts(basic)
    basic.holdOnly(basic.makeWrapped(1, POST))
    b, inside = basic.releaseHeld()
    assert inside == b  # the object outlives the call that let go of it
    mid = counts(basic)  # freed, and the posted stage run, when releaseHeld returned
    assert mid["finalized"] == b + 1
    assert mid["postedRan"] == before["postedRan"] + 1
    assert mid["postedOk"] == before["postedOk"] + 1  # and could create values


def test_post_finalizer_from_python_del(basic):
    before = counts(basic)
    o = basic.makeWrapped(1, POST)
    del o  # basic stage now; the posted stage at the next safe point
    settle(basic)
    after = counts(basic)
    assert after["finalized"] == before["finalized"] + 1
    assert after["postedRan"] == before["postedRan"] + 1
    assert after["postedOk"] == before["postedOk"] + 1


def test_non_basic_call_from_basic_finalizer_is_fatal():
    build_basic()
    code = textwrap.dedent(f"""
        from conftest import build_test_addon  # first: it fixes sys.path
        import napi_python as napi
        a = napi.load_addon(build_test_addon("finalizers",
            defines=("DECLARED_VERSION={EXPERIMENTAL}",), name="finalizers_basic"))
        o = a.makeWrapped(1, {NON_BASIC})
        print("before del", flush=True)
        del o
        print("not reached", flush=True)
    """)
    r = run_python(code)
    assert r.returncode == -6, (r.returncode, r.stderr)  # abort(), as Node's fatal error
    assert r.stdout == "before del\n"
    assert "napi_create_object was called from a basic finalizer" in r.stderr
    assert "node_api_post_finalizer" in r.stderr


def test_basic_finalizers_of_live_objects_run_at_exit():
    # Teardown is not garbage collection: the finalizers of objects still alive at
    # exit run as ordinary finalizers, which may call any function (as at Node's env
    # teardown).
    build_basic()
    code = textwrap.dedent(f"""
        import atexit
        def report():  # registered first: runs after napi_python's teardown
            c = a.counts()
            print("after teardown", c["finalized"], c["nonBasicOk"], flush=True)
        atexit.register(report)
        from conftest import build_test_addon  # first: it fixes sys.path
        import napi_python as napi
        a = napi.load_addon(build_test_addon("finalizers",
            defines=("DECLARED_VERSION={EXPERIMENTAL}",), name="finalizers_basic"))
        keep = [a.makeWrapped(i, {NON_BASIC}) for i in range(3)]
        print("end", flush=True)
    """)
    r = run_python(code)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout.splitlines() == ["end", "after teardown 3 3"]


# ---- long chains freed at once (CPython's trashcan) ----------------------------------------

CHAIN = 100_000


def _chain(make, n=CHAIN):
    head = None
    for i in range(n):
        o = make(i)
        o.next = head
        head = o
    return head


@pytest.mark.parametrize("which", ["deferred", "basic"])
def test_chain_of_wrapped_objects(which, request):
    addon = request.getfixturevalue(which)
    settle(addon)
    before = counts(addon)
    head = _chain(lambda i: addon.makeWrapped(i))
    del head  # 100k nested deallocations
    settle(addon)
    after = counts(addon)
    assert after["finalized"] == before["finalized"] + CHAIN
    assert after["sum"] == before["sum"] + CHAIN * (CHAIN - 1) // 2


@pytest.fixture(scope="module")
def classes():
    return load_test_addon("classes")


def _class_chain_dropped(classes, cls):
    settle(classes)
    before = classes.counts()["counter"]
    type_refs = sys.getrefcount(cls)
    head = _chain(cls)
    del head
    settle(classes)
    assert classes.counts()["counter"] == before + CHAIN
    # each instance held its (heap) type once: released exactly once each
    assert sys.getrefcount(cls) == type_refs


def test_chain_of_class_instances(classes):
    _class_chain_dropped(classes, classes.Counter)


def test_chain_of_python_subclass_instances(classes):
    class Sub(classes.Counter):
        pass

    _class_chain_dropped(classes, Sub)


def test_chain_through_python_lists(deferred):
    settle(deferred)
    before = counts(deferred)["finalized"]
    head = None
    for i in range(CHAIN):
        o = deferred.makeWrapped(i)
        o.next = [head]  # a list between each two objects
        head = o
    del head, o
    settle(deferred)
    assert counts(deferred)["finalized"] == before + CHAIN
