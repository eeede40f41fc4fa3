"""The libuv functions uvloop's libuv lacks, which the core defines
(cxx/src/uv_functions.cc, cxx/uv_exports.txt; docs/guide.rst, "Addons that use
libuv"): uv_random (both forms), uv_exepath, uv_dlopen / uv_dlsym / uv_dlerror /
uv_dlclose, uv_handle_type_name / uv_req_type_name and the getters and setters of
public fields (uv_handle_get_data...), the thread barrier (tests/test_libuv.py).

The test addon (tests/addons/libuv_provided) calls them as addons do; its answers
are compared with Node 20's for the same .node (tests/node_reference/
libuv_provided.json, written by tests/addons/libuv_provided/node_driver.js). Random
bytes are compared by their count and checked for randomness here.
"""

import asyncio
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
import uvloop

import napi_python
from conftest import build_test_addon, run_python
from node_compare import NodeReference, describe, outcome_of

NODE = NodeReference("libuv_provided")
STAT_FILE = os.path.join(tempfile.gettempdir(), "libuv_provided_stat.bin")


@pytest.fixture(scope="module")
def addon():
    return napi_python.load_addon(build_test_addon("libuv_provided", napi_version=9))


def dl(addon, file, symbol):
    # dlerror's message names libm by its path on this system (as node_driver.js)
    return [x.replace(x[:x.index("libm.so.6:")], "") if isinstance(x, str) and
            x.startswith("/") and "libm.so.6:" in x else x
            for x in addon.dl(file, symbol)]


def shape(r):
    return {**r, "bytes": len(r["bytes"])}


def test_sync_answers_as_node(addon):
    with open(STAT_FILE, "wb") as f:
        f.write(bytes(12345))
    cases = {
        "random_statuses": lambda: addon.randomStatuses(),
        "random_sync_lengths": lambda: [len(addon.randomSync(n))
                                        for n in (0, 1, 16, 256, 257, 100000)],
        "exe_path_cases": lambda: addon.exePathCases(),
        "dl_found": lambda: dl(addon, "libm.so.6", "cos"),
        "dl_no_symbol": lambda: dl(addon, "libm.so.6", "no_such_symbol_here"),
        "dl_no_file": lambda: dl(addon, "/nonexistent/libnothing.so", "cos"),
        "type_names": lambda: addon.typeNames(),
        "fields": lambda: addon.fields(),
        "on_real_objects": lambda: addon.onRealObjects(STAT_FILE),
    }
    for name, f in cases.items():
        NODE.check(name, outcome_of(f))
    assert {n for n in NODE} - set(cases) == {
        "random_async_32", "random_async_0", "random_async_100000"}


@pytest.mark.parametrize("runner", ["asyncio", "uvloop", "none"])
def test_async_random_as_node(addon, runner):
    """The callback runs on the loop's thread (the one that asked), under asyncio,
    uvloop, or Promise.result with no loop."""
    sizes = (32, 0, 100000)

    async def one(n):
        return ["ok", describe(shape(await addon.randomAsync(n)))]

    async def all_of():
        return [await one(n) for n in sizes]

    if runner == "none":
        got = [["ok", describe(shape(addon.randomAsync(n).result(timeout=30)))]
               for n in sizes]
    else:
        got = (asyncio.run if runner == "asyncio" else uvloop.run)(all_of())
    for n, outcome in zip(sizes, got):
        NODE.check(f"random_async_{n}", outcome)


def looks_random(data):
    """Not all alike, and (for 64 KiB and more) every byte value present."""
    assert len(set(data)) > 1
    if len(data) >= 65536:
        assert len(set(data)) == 256


def test_random_bytes_are_random(addon):
    a, b = bytes(addon.randomSync(64)), bytes(addon.randomSync(64))
    assert a != b
    looks_random(a)
    looks_random(bytes(addon.randomSync(100000)))

    async def main():
        return await asyncio.gather(addon.randomAsync(64), addon.randomAsync(100000),
                                    addon.randomAsync(64))
    x, big, y = asyncio.run(main())
    assert bytes(x["bytes"]) != bytes(y["bytes"])
    looks_random(bytes(big["bytes"]))


def test_exepath_is_this_interpreter(addon):
    # (Node's answer is process.execPath: each side its own executable)
    assert addon.exePath() == os.path.realpath("/proc/self/exe")
    assert os.path.samefile(addon.exePath(), sys.executable)


def test_async_random_cannot_be_cancelled(addon):
    """The one difference from libuv (docs/guide.rst): uv_cancel answers UV_EBUSY
    for an asynchronous uv_random made by the core, which runs to its end; the
    callback then gets status 0."""
    assert addon.randomCancel() == -16  # UV_EBUSY
    napi_python.run_uv_loop(timeout=30)
    assert addon.randomCancelStatus() == 0


def test_dlsym_gives_a_callable_function(addon):
    assert dl(addon, "libm.so.6", "cos")[4] == 1.0


CORE_ONLY = textwrap.dedent('''
    import asyncio, sys, threading
    import napi_python
    from conftest import build_test_addon
    path = build_test_addon("libuv_provided", napi_version=9, defines=["CORE_ONLY"],
                            name="libuv_provided_core_only")
    addon = napi_python.load_addon(path)
    # Nothing it links against is missing: libuv has not started
    print("started at load:", napi_python._libuv.started())
    print("sync:", len(addon.randomSync(16)), addon.randomStatuses())
    print("fields:", addon.fields()[-1] == 0x8642)
    runner = {runner!r}
    async def main():
        r = await addon.randomAsync(16)
        r2 = await addon.randomAsync(8)  # the loop napi_get_uv_event_loop gives now
        return r, r2
    if runner == "asyncio":
        r, r2 = asyncio.run(main())
    elif runner == "uvloop":
        import uvloop
        r, r2 = uvloop.run(main())
    else:
        r = addon.randomAsync(16).result(timeout=30)
        r2 = addon.randomAsync(8).result(timeout=30)
    for x in (r, r2):
        print("async:", x["status"], len(x["bytes"]), x["length"], x["loopThread"],
              x["type"])
    print("started after:", napi_python._libuv.started())
''')


@pytest.mark.parametrize("runner", ["asyncio", "uvloop", "none"])
def test_an_addon_linking_only_core_functions_gets_the_loop(runner):
    """An addon whose only uv_* functions are the core's links without libuv (the
    loader starts libuv only when an open fails on a uv_* symbol) and asks for the
    loop with napi_get_uv_event_loop, which gives a placeholder then: its first
    asynchronous uv_random starts libuv and runs on its loop."""
    build_test_addon("libuv_provided", napi_version=9, defines=["CORE_ONLY"],
                     name="libuv_provided_core_only")
    r = run_python(CORE_ONLY.format(runner=runner), timeout=120)
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    assert r.stdout.splitlines() == [
        "started at load: False",
        "sync: 16 [0, -7, -22, -7, -22]",
        "fields: True",
        "async: 0 16 16 True random",
        "async: 0 8 8 True random",
        "started after: True",
    ]


def test_inspect_says_napi_python_provides_them():
    path = build_test_addon("libuv_provided", napi_version=9)
    r = subprocess.run([sys.executable, "-m", "napi_python", "inspect", "--no-load",
                        str(path)], capture_output=True, text=True, timeout=120)
    assert "missing from uvloop" not in r.stdout and "loadable" in r.stdout, r.stdout
    assert "(all provided by uvloop " in r.stdout and " and napi-python)" in r.stdout
    core_only = build_test_addon("libuv_provided", napi_version=9, defines=["CORE_ONLY"],
                                 name="libuv_provided_core_only")
    r = subprocess.run([sys.executable, "-m", "napi_python", "inspect", "--no-load",
                        str(core_only)], capture_output=True, text=True, timeout=120)
    assert "libuv symbols:  26 (all provided by napi-python): " in r.stdout, r.stdout


def test_every_libuv_function_node_exports_is_provided():
    """uvloop's libuv and the core together export every uv_* function Node 20
    exports to addons (tests/node_reference/node20_uv_exports.txt), but Node's own
    addition to its copy of libuv; what the core defines is what uvloop lacks, and
    uv_queue_work (the core's counts the requests in flight, for exit)."""
    from napi_python import _inspect, _libuv
    listed = Path(__file__).parent / "node_reference" / "node20_uv_exports.txt"
    node = {line.strip() for line in listed.read_text().splitlines()
            if line.strip() and not line.startswith("#")}
    assert len(node) == 306
    uvloop_has, core_has = _libuv.exported_functions(), _inspect.core_uv_functions()
    assert node - uvloop_has - core_has == {"uv__node_patch_is_using_io_uring"}
    assert core_has & uvloop_has == {"uv_queue_work"}
    assert len(core_has) == 30


def test_async_random_without_uvloop_fails_with_enosys():
    """With no uvloop to take libuv from, an asynchronous uv_random of an addon that
    links only the core's functions returns UV_ENOSYS (the synchronous form needs
    no loop), and why is reported to sys.unraisablehook."""
    build_test_addon("libuv_provided", napi_version=9, defines=["CORE_ONLY"],
                     name="libuv_provided_core_only")
    r = run_python(textwrap.dedent('''
        import sys
        sys.modules["uvloop"] = None  # as if not installed
        import napi_python
        from conftest import build_test_addon
        hooked = []
        sys.unraisablehook = hooked.append
        addon = napi_python.load_addon(build_test_addon(
            "libuv_provided", napi_version=9, defines=["CORE_ONLY"],
            name="libuv_provided_core_only"))
        print(len(addon.randomSync(8)))
        try:
            addon.randomAsync(8)
        except napi_python.JSError as e:
            print(e.message)
        print([type(h.exc_value).__name__ for h in hooked], "pip install uvloop" in
              str(hooked[0].exc_value))
    '''), timeout=120)
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    assert r.stdout.splitlines() == ["8", "uv_random: -38", "['LibuvUnavailable'] True"]
