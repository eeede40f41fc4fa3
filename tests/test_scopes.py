"""Values made in a handle scope that the addon closes before using or returning them.

node-addon-api code writes `Napi::HandleScope scope(env); ...; return obj;`: the
scope closes before the callback returns its value. In Node the value stays usable
(V8 only reuses a closed scope's handle slots for later handles, and the object lives
until a garbage collection). napi-python emulates that (docs/values.rst, "Handle
scopes"): closing a scope releases nothing; its handles are reused by later ones and
everything is released when the call returns. The addons are tests/addons/scopes
(C; also built with -DSCOPE_INIT) and tests/addons/cpp_scopes (node-addon-api).
"""

import json
import textwrap
import weakref

import pytest

import napi_python
from conftest import build_test_addon, debug_counters, load_test_addon, run_python, settle


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("scopes")


@pytest.fixture(scope="module")
def cpp():
    return load_test_addon("cpp_scopes")


def check(obj, name):
    assert isinstance(obj, napi_python.Object)
    assert obj.answer == 42
    assert obj.name == name


def test_return_from_closed_scope(addon):
    for _ in range(1000):
        check(addon.returnFromClosedScope(), "closed")


def test_value_survives_values_made_after_the_scope(addon):
    # The values made in the parent reuse the closed scope's three slots; the object
    # goes to the grace FIFO and nothing pushes it out (no more slots are reused).
    for n in (0, 1, 3, 31, 32, 33, 1000):
        obj = addon.returnAfterMore(n)
        check(obj, "after")
        assert [getattr(obj, f"v{i}") for i in range(n)] == list(range(n))


def test_value_survives_the_guaranteed_number_of_reuses(addon):
    # Each later scope's value reuses the same slot and evicts the previous one: the
    # object from the first scope survives at least 32 later values (the loop's n and
    # the array made after it).
    for n in range(0, 32):
        obj, total = addon.afterScopes(n)
        check(obj, "scopes")
        assert total == sum(range(n))


def test_early_value_survives_any_number_of_later_scopes(addon):
    # A value made early in a call (here the first scope's object, the call's first
    # eviction) and used after a loop of scopes: the call's first evictions stay until
    # it returns, however many later scopes reuse the slot (in Node the handle points
    # at its slot, which nothing frees meanwhile; the fuzzer found afterScopes(65535)
    # reading a freed object when only the last 32 evictions were kept).
    for n in (32, 40, 100, 65535):
        obj, total = addon.afterScopes(n)
        check(obj, "scopes")
        assert total == sum(range(n))


def test_escapable_scope_inside_a_closed_scope(addon):
    assert addon.escapeThenClose().escaped == 7


def test_caller_value_survives_a_nested_call(addon):
    # The nested call (through Python into the addon again) makes a thousand scopes'
    # worth of values: it neither reuses its caller's stale slots nor pushes the
    # caller's values out of the grace FIFO.
    check(addon.aroundCall(lambda: addon.loopScopes(1000)), "around")
    check(addon.aroundCall(lambda: [addon.afterScopes(20) for _ in range(50)]), "around")


def test_nested_call_cannot_close_or_escape_into_its_callers_scopes(addon):
    # Only the innermost scope of the current call may be closed, and only a scope of
    # the current call escaped into: a nested call (through Python into the addon
    # again) gets napi_handle_scope_mismatch for its caller's, whether it opened no
    # scope of its own (its frame has no scope bookkeeping yet) or one; the caller's
    # scopes are intact afterwards.
    mismatch, ok = 13, 0
    for own, expected in ((False, [mismatch, mismatch, -1]), (True, [mismatch, mismatch, ok])):
        nested, close_inner, escape, close_outer, escaped = addon.aroundScopes(
            lambda: addon.touchCallerScopes(own))
        assert nested == expected
        assert [close_inner, escape, close_outer] == [ok, ok, ok]
        assert escaped.v == 5
    # Deeper: the nested call's own nested call, with scopes at every level.
    r = addon.aroundScopes(lambda: addon.aroundScopes(lambda: addon.touchCallerScopes(True)))
    assert r[0][0] == [mismatch, mismatch, ok]
    assert r[0][1:4] == [ok, ok, ok] and r[1:4] == [ok, ok, ok]


def test_loop_of_scopes(addon):
    assert addon.loopScopes(10_000) == 10_000


def test_module_init_returns_value_from_closed_scope():
    exports = napi_python.load_addon(
        build_test_addon("scopes", defines=("SCOPE_INIT",), name="scopes_init"))
    assert exports.origin == "made in a closed scope"
    check(exports.returnFromClosedScope(), "closed")


def test_finalizer_uses_value_from_closed_scope(addon):
    seen = []
    ext = addon.externalCallingBack(seen.append)
    del ext
    settle()
    try:
        assert len(seen) == 1
        check(seen[0], "finalizer")
    finally:
        addon.dropFinalizerCallback()


def test_tsfn_call_js_uses_value_from_closed_scope(addon):
    seen = []
    addon.tsfnCalls(seen.append, 5)
    deadline = 0
    while len(seen) < 5 and deadline < 100:
        napi_python.run_pending(0.1)
        deadline += 1
    assert len(seen) == 5
    for i, obj in enumerate(seen):
        check(obj, "call_js")
        assert obj.data == i


def test_async_complete_uses_value_from_closed_scope(addon):
    seen = []
    addon.asyncCalls(seen.append)
    for _ in range(100):
        if seen:
            break
        napi_python.run_pending(0.1)
    assert len(seen) == 1
    check(seen[0], "complete")


# ---- node-addon-api ----------------------------------------------------------------

def test_cpp_handle_scope_return(cpp):
    for _ in range(1000):
        obj = cpp.make()
        assert (obj.answer, obj.name) == (42, "cpp")


def test_cpp_values_after_block_scope(cpp):
    for n in (0, 5, 100):
        obj = cpp.makeThenMore(n)
        assert obj.answer == 42
        assert list(obj["items"]) == list(range(n))


def test_cpp_scope_per_iteration(cpp):
    squares = cpp.squares(2000)
    assert [item.square for item in squares] == [i * i for i in range(2000)]


def test_cpp_escapable_scope(cpp):
    assert cpp.escaped().tag == "escaped"


def test_cpp_object_wrap_method(cpp):
    box = cpp.Box(21)
    d = box.describe()
    assert (d.value, d.twice) == (21, 42)


# ---- what a closed scope still holds is released with the call -----------------------

def test_closed_scope_values_released_when_call_returns(addon):
    # Once Python drops the returned object it is freed at once (no collection
    # needed): the call's stale handles and grace FIFO did not keep it.
    obj = addon.returnFromClosedScope()
    ref = weakref.ref(obj)
    del obj
    assert ref() is None
    seen = []
    obj = addon.aroundCall(lambda: seen.append(weakref.ref(addon.afterScopes(20)[0])))
    assert seen[0]() is None
    ref = weakref.ref(obj)
    del obj
    assert ref() is None


needs_counters = pytest.mark.skipif(
    debug_counters() is None,
    reason="core built without NAPI_PYTHON_DEBUG_COUNTERS (make test-counters runs these)")


@needs_counters
def test_handle_stack_stays_bounded_in_a_loop_of_scopes(addon):
    # Read from inside the loop: what the thread's handle stack holds (live, stale,
    # in the grace FIFO) stays bounded over 100,000 scopes of one call.
    seen = []
    addon.loopScopesProbe(100_000, 1000,
                          lambda: seen.append((debug_counters()["handles_open"],
                                               debug_counters()["handles_stale"])))
    assert len(seen) == 100
    assert max(open_ for open_, _ in seen) < 64, seen
    assert all(stale >= 0 for _, stale in seen)
    c = debug_counters()
    assert (c["handles_open"], c["handles_stale"]) == (0, 0)


@needs_counters
def test_closed_scope_handles_are_stale_until_the_call_returns(addon):
    # Inside aroundCall's callback the closed scope's handles are still held (stale);
    # after the call nothing is.
    seen = []
    addon.aroundCall(lambda: seen.append(debug_counters()["handles_stale"]))
    assert seen[0] >= 2
    assert debug_counters()["handles_stale"] == 0


def _under_asan():
    with open("/proc/self/maps") as f:
        return "libasan" in f.read()


@pytest.mark.slow
@pytest.mark.skipif(_under_asan(), reason="AddressSanitizer's allocator (resident memory "
                    "says nothing there; test_handle_stack_stays_bounded_in_a_loop_of_scopes "
                    "checks the handle stack itself in the counters build)")
def test_million_scopes_in_one_call_stay_bounded():
    build_test_addon("scopes")
    r = run_python(textwrap.dedent('''
        import gc, json, resource
        from conftest import load_test_addon
        def peak():
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        addon = load_test_addon("scopes")
        addon.loopScopes(10_000)          # warm-up
        gc.collect()
        base = peak()
        addon.loopScopes(1_000_000)       # one call: a million scopes, 3 values each
        print(json.dumps({"base": base, "after": peak()}))
    '''), timeout=600)
    assert r.returncode == 0, r.stderr
    m = json.loads(r.stdout.splitlines()[-1])
    print(m)
    # The peak resident memory: without slot reuse the call would hold 3 million
    # objects until it returns (hundreds of MB).
    assert m["after"] - m["base"] < 8 << 20, m
