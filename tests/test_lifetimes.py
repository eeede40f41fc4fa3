"""Lifetimes: handle scopes, escapable scopes, references, instance data, env
cleanup hooks, module registration variants, node_api_get_module_file_name,
and the errors for files that cannot be loaded as addons.

Expected values follow Node's behaviour (doc/api/n-api.md)."""

import gc
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import CC, build_test_addon, load_test_addon, run_python
from napi_status import Status

import napi_python as napi


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("lifetimes")


def drain(addon):
    for _ in range(3):
        gc.collect()
        addon.noop()


class Plain:
    """A weak-referenceable Python object."""


# ---- handle scopes ----------------------------------------------------------------

def test_nested_scopes(addon):
    r = addon.nestedScopes()
    assert r[:4] == [Status.napi_ok] * 4
    assert r[4] == 42  # a value of the outer scope survives the inner close


def test_closing_out_of_order_is_mismatch(addon):
    assert addon.scopesOutOfOrder() == [
        Status.napi_handle_scope_mismatch, Status.napi_ok, Status.napi_ok]


def test_closing_more_than_opened_is_mismatch(addon):
    assert addon.closeTooMany() == [
        Status.napi_ok, Status.napi_ok, Status.napi_handle_scope_mismatch]


def test_escapable_out_of_order_is_mismatch(addon):
    assert addon.escapableOutOfOrder() == [
        Status.napi_handle_scope_mismatch, Status.napi_ok, Status.napi_ok]


def test_many_scopes(addon):
    n = 20_000
    assert addon.manyScopes(n) == sum(i % 7 for i in range(n))


def test_escape_twice(addon):
    first, second, escaped = addon.escapeTwice()
    assert first == Status.napi_ok
    assert second == Status.napi_escape_called_twice
    assert isinstance(escaped, napi.Object)
    assert escaped.v == 1


def test_scope_null_arguments(addon):
    assert addon.scopeNullStatuses() == [Status.napi_invalid_arg] * 6


def test_scopes_balanced_after_mismatch(addon):
    # the env is still usable after the mismatch tests
    addon.scopesOutOfOrder()
    addon.closeTooMany()
    assert addon.nestedScopes()[:4] == [Status.napi_ok] * 4
    assert addon.makeObject(1).tag == 1


# ---- references ---------------------------------------------------------------------

def test_ref_unref_counts(addon):
    o = addon.makeObject("counts")
    r = addon.createRef(o, 0)
    try:
        assert addon.refRef(r) == 1
        assert addon.refRef(r) == 2
        assert addon.refUnref(r) == 1
        assert addon.refUnref(r) == 0
        assert addon.refUnrefStatus(r) == Status.napi_generic_failure
    finally:
        assert addon.deleteRef(r) == Status.napi_ok


def test_weak_reference_while_alive(addon):
    o = addon.makeObject("alive")
    r = addon.createRef(o, 0)
    try:
        is_null, value = addon.getRef(r)
        assert is_null is False
        assert value is o
    finally:
        addon.deleteRef(r)


def test_weak_reference_cleared_after_object_dies(addon):
    o = addon.makeObject("dies")
    r = addon.createRef(o, 0)
    try:
        del o
        drain(addon)
        assert addon.getRef(r) == [True, None]
    finally:
        addon.deleteRef(r)


def test_strong_reference_keeps_object_alive(addon):
    o = addon.makeObject("kept")
    o["extra"] = [1, 2]
    r = addon.createRef(o, 1)
    try:
        del o
        drain(addon)
        is_null, value = addon.getRef(r)
        assert is_null is False
        assert value.tag == "kept"
        assert value.extra == [1, 2]
        del value
        # weak again: collected once Python lets go
        assert addon.refUnref(r) == 0
        drain(addon)
        assert addon.getRef(r) == [True, None]
    finally:
        addon.deleteRef(r)


def test_ref_again_before_collection_revives_strength(addon):
    o = addon.makeObject("revive")
    r = addon.createRef(o, 0)
    try:
        assert addon.refRef(r) == 1
        del o
        drain(addon)
        assert addon.getRef(r)[1].tag == "revive"
    finally:
        addon.deleteRef(r)


def test_strong_reference_to_python_objects(addon):
    d = {"py": True}
    p = Plain()
    p.name = "plain"
    rd = addon.createRef(d, 1)
    rp = addon.createRef(p, 1)
    try:
        assert addon.getRef(rd)[1] is d
        del d, p
        drain(addon)
        is_null, value = addon.getRef(rd)
        assert is_null is False and value == {"py": True}
        is_null, value = addon.getRef(rp)
        assert is_null is False and isinstance(value, Plain) and value.name == "plain"
    finally:
        addon.deleteRef(rd)
        addon.deleteRef(rp)


def test_weak_reference_to_python_object(addon):
    p = Plain()
    r = addon.createRef(p, 0)
    try:
        assert addon.getRef(r)[1] is p
        del p
        drain(addon)
        assert addon.getRef(r) == [True, None]
    finally:
        addon.deleteRef(r)


def test_strong_reference_to_python_callable(addon):
    def f():
        return "still here"

    r = addon.createRef(f, 1)
    try:
        del f
        drain(addon)
        assert addon.callRef(r) == "still here"
    finally:
        addon.deleteRef(r)


def test_delete_reference_releases_object(addon):
    import weakref
    p = Plain()
    w = weakref.ref(p)
    r = addon.createRef(p, 1)
    del p
    drain(addon)
    assert w() is not None  # held by the strong reference
    assert addon.deleteRef(r) == Status.napi_ok
    drain(addon)
    assert w() is None


def test_reference_to_symbol(addon):
    s = addon.makeSymbol()
    r = addon.createRef(s, 1)
    try:
        assert addon.getRef(r)[1] == s
    finally:
        addon.deleteRef(r)


def test_reference_to_primitive_allowed_for_version_10(addon):
    # a module built for Node-API 10 may reference any value type (Node's
    # test_reference_by_node_api_version); version 8 may not (see below)
    assert addon.createRefStatus(5) == Status.napi_ok
    assert addon.createRefStatus("str") == Status.napi_ok
    assert addon.createRefStatus(addon.makeObject(0)) == Status.napi_ok
    r = addon.createRef("kept string", 1)
    try:
        assert addon.getRef(r) == [False, "kept string"]
    finally:
        addon.deleteRef(r)


def test_reference_null_arguments(addon):
    assert addon.refNullStatuses() == [Status.napi_invalid_arg] * 6


# ---- instance data ---------------------------------------------------------------------

def test_instance_data_round_trip(addon):
    addon.setInstanceData(17)
    assert addon.getInstanceData() == 17


def test_instance_data_lifecycle_at_exit():
    build_test_addon("lifetimes")  # build here so the child only loads it
    code = textwrap.dedent("""
        from conftest import load_test_addon
        a = load_test_addon("lifetimes")
        assert a.getInstanceData() is None, a.getInstanceData()
        a.setInstanceData(1)
        assert a.getInstanceData() == 1
        a.setInstanceData(2)          # replacing does not finalize the old data
        assert a.getInstanceData() == 2
        assert a.instanceFinalizedCount() == 0
        print("end of script", flush=True)
    """)
    r = run_python(code)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    lines = r.stdout.splitlines()
    assert lines == ["end of script", "instance data finalized: 2"]


# ---- cleanup hooks ----------------------------------------------------------------------------

def test_cleanup_hooks_run_at_exit_in_reverse_order():
    build_test_addon("lifetimes")  # build here so the child only loads it
    code = textwrap.dedent("""
        from conftest import load_test_addon
        a = load_test_addon("lifetimes")
        a.addHook("A")
        a.addHook("B")
        a.addHook("C")
        a.removeHook("B")
        print("end of script", flush=True)
    """)
    r = run_python(code)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout.splitlines() == ["end of script", "hook C", "hook A"]


def test_no_hooks_no_output():
    build_test_addon("lifetimes")
    r = run_python("from conftest import load_test_addon; load_test_addon('lifetimes')")
    assert r.returncode == 0, r.stderr
    assert (r.stdout, r.stderr) == ("", "")


def test_async_cleanup_hooks_run_at_exit_with_the_others():
    # One queue, last registered first; an async hook removes itself when done, and
    # one removed before exit does not run.
    build_test_addon("lifetimes")
    code = textwrap.dedent("""
        from conftest import load_test_addon
        a = load_test_addon("lifetimes")
        a.addHook("A")
        a.addAsyncHook("B")
        a.addHook("C")
        a.addAsyncHook("D")
        a.addAsyncHook("E")
        assert a.removeAsyncHook("D") == 0
        print("end of script", flush=True)
    """)
    r = run_python(code)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout.splitlines() == ["end of script", "async hook E", "hook C",
                                     "async hook B", "hook A"]


def test_async_cleanup_hook_null_arguments(addon):
    assert addon.asyncHookNullStatuses() == [Status.napi_invalid_arg] * 2


def test_cleanup_hook_null_arguments(addon):
    assert addon.hookNullStatuses() == [Status.napi_invalid_arg] * 2


# ---- module registration variants --------------------------------------------------------------

def test_module_file_name_is_file_url(addon):
    path = Path(build_test_addon("lifetimes")).resolve()
    name = addon.moduleFileName()
    assert name.startswith("file://")
    assert name == path.as_uri()


def test_legacy_napi_module_register():
    a = load_test_addon("register_legacy")
    assert a.kind() == "legacy"
    assert a.answer == 42


def test_init_returning_null_uses_exports():
    a = load_test_addon("init_returns_null")
    assert a.marker == "set on exports"
    assert a.hello() == "hello from exports"


def test_same_path_same_exports():
    a = load_test_addon("init_returns_null")
    b = load_test_addon("init_returns_null")
    assert a is b


def test_module_declaring_version_8():
    a = load_test_addon("module_version")
    assert a.declared() == 8
    assert a.runtimeVersion() >= 8
    assert a.refRoundTrip(5)[0] == Status.napi_invalid_arg
    status, value = a.refRoundTrip(a.refRoundTrip)
    assert status == Status.napi_ok and value is a.refRoundTrip


def test_module_declaring_experimental_version():
    a = napi.load_addon(build_test_addon(
        "module_version", defines=("DECLARED_VERSION=2147483647",),
        name="module_version_experimental"))
    assert a.declared() == 2147483647
    assert a.refRoundTrip(5) == [Status.napi_ok, 5]
    assert a.refRoundTrip("s") == [Status.napi_ok, "s"]


# ---- loading errors ---------------------------------------------------------------------------------

def _cc(tmp_path, name, source):
    src = tmp_path / (name + ".c")
    src.write_text(source)
    out = tmp_path / (name + ".node")
    subprocess.run([CC, "-shared", "-fPIC", str(src), "-o", str(out)], check=True,
                   capture_output=True)
    return out


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        napi.load_addon(tmp_path / "does_not_exist.node")


def test_text_file_is_not_an_addon(tmp_path):
    p = tmp_path / "text.node"
    p.write_text("this is not a shared library\n")
    with pytest.raises(napi.AddonLoadError) as ei:
        napi.load_addon(p)
    assert isinstance(ei.value, ImportError)


def test_library_without_register_symbol(tmp_path):
    p = _cc(tmp_path, "plain_lib", "int plain_function(void) { return 1; }\n")
    with pytest.raises(napi.AddonLoadError) as ei:
        napi.load_addon(p)
    assert "not a Node-API addon" in str(ei.value)


def test_library_needing_v8(tmp_path):
    p = _cc(tmp_path, "nan_like", textwrap.dedent("""
        extern void* _ZN2v87Isolate10GetCurrentEv(void);
        void* uses_v8(void) { return _ZN2v87Isolate10GetCurrentEv(); }
    """))
    with pytest.raises(napi.AddonLoadError) as ei:
        napi.load_addon(p)
    msg = str(ei.value)
    assert "V8" in msg
    assert "_ZN2v87Isolate10GetCurrentEv" in msg


def test_failed_load_then_good_load(tmp_path):
    p = tmp_path / "bad.node"
    p.write_bytes(b"\x7fELF garbage")
    with pytest.raises(napi.AddonLoadError):
        napi.load_addon(p)
    assert load_test_addon("init_returns_null").marker == "set on exports"
