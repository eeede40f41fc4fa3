"""Shared test set-up: building the tiny test addons and loading them.

Every test addon lives in ``tests/addons/<topic>/`` (C sources, ``*.c``, or C++
sources, ``*.cc``) and is built against the *official* Node-API headers from npm
(``tests/node_modules/node-api-headers``, installed by ``make test``), never against
our own declarations: that is how the tests prove real addons work.

    from conftest import load_test_addon
    addon = load_test_addon("values")

Built addons go to ``.cache/test-addons`` and are rebuilt when a source is newer.
"""

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
ADDONS = TESTS / "addons"
BUILD = ROOT / ".cache" / "test-addons"
NODE_MODULES = TESTS / "node_modules"
HEADERS = Path(os.environ.get("NODE_API_HEADERS_DIR")
               or NODE_MODULES / "node-api-headers" / "include")
NODE_ADDON_API = NODE_MODULES / "node-addon-api"

# The tests run against the installed package (make build), never the source tree:
# `python -m pytest` puts the current directory first on sys.path, where
# napi_python/ has no compiled _core.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]

# The leak check (make test-asan): LeakSanitizer reports at the exit of the pytest
# process and of the Python processes run_python starts; the compilers and other
# tools the tests run inherit the preloaded runtime but are not ours to check.
_ASAN_OPTIONS = os.environ.get("ASAN_OPTIONS")
if _ASAN_OPTIONS is not None and "detect_leaks=1" in _ASAN_OPTIONS:
    os.environ["ASAN_OPTIONS"] = _ASAN_OPTIONS.replace("detect_leaks=1", "detect_leaks=0")
    # numpy leaves some of what its import allocates (compiled code constants, ufunc
    # tables) unreachable at exit; its stacks stop short of numpy, so suppressions
    # cannot name it: its import runs with leak tracking off instead.
    import ctypes
    _lsan = ctypes.CDLL(None)
    _lsan.__lsan_disable()
    try:
        import numpy  # noqa: F401
    finally:
        _lsan.__lsan_enable()

CC = os.environ.get("CC", "gcc")
CXX = os.environ.get("CXX", "g++")


def _require_headers():
    if not (HEADERS / "node_api.h").is_file():
        pytest.fail(
            f"official Node-API headers not found at {HEADERS}: run `make test` "
            "(it installs tests/package.json with npm)", pytrace=False)


def build_test_addon(topic, napi_version=10, defines=(), name=None):
    """Compiles tests/addons/<topic>/ into a .node file and returns its path."""
    _require_headers()
    src_dir = ADDONS / topic
    sources = sorted(p for p in src_dir.iterdir() if p.suffix in (".c", ".cc", ".cpp"))
    if not sources:
        raise FileNotFoundError(f"no sources in {src_dir}")
    name = name or topic
    BUILD.mkdir(parents=True, exist_ok=True)
    out = BUILD / f"{name}.node"
    # (the shared headers too: a change to tests/addons/common rebuilds every addon)
    stamp = max(p.stat().st_mtime for d in (src_dir, ADDONS / "common") for p in d.iterdir())
    if out.exists() and out.stat().st_mtime >= stamp:
        return out
    is_cxx = any(p.suffix != ".c" for p in sources)
    flags = ["-shared", "-fPIC", "-g", "-O1", "-Wall", "-Wno-unused-parameter",
             "-I", str(HEADERS), "-I", str(ADDONS / "common")]
    if napi_version is not None:
        flags.append(f"-DNAPI_VERSION={napi_version}")
    flags += [f"-D{d}" for d in defines]
    if is_cxx:
        flags += ["-std=c++17", "-I", str(NODE_ADDON_API), "-DNAPI_CPP_EXCEPTIONS"]
        cmd = [CXX, *flags, *map(str, sources), "-o", str(out)]
    else:
        cmd = [CC, "-std=c11", *flags, *map(str, sources), "-o", str(out)]
    # (Per process: `make test` runs two pytest sessions at once on this cache.)
    tmp = out.with_name(f"{out.stem}.{os.getpid()}.tmp")
    cmd[-1] = str(tmp)
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"building test addon {topic} failed:\n{' '.join(cmd)}\n{r.stderr}")
    tmp.replace(out)
    return out


def load_test_addon(topic, **kw):
    """Builds (if needed) and loads a test addon; returns its exports."""
    import napi_python
    return napi_python.load_addon(build_test_addon(topic, **kw))


def run_python(code, timeout=60, env_extra=None):
    """Runs `code` in a fresh interpreter (for exit and crash behaviour), with the
    environment variables `env_extra` (a dict) set too."""
    env = dict(os.environ)
    env.update(env_extra or {})
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS), env.get("PYTHONPATH", "")])
    if _ASAN_OPTIONS is not None:
        env["ASAN_OPTIONS"] = _ASAN_OPTIONS
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=timeout, env=env)


# ---- debug counters (make test-counters) -------------------------------------------
#
# A core built with NAPI_PYTHON_DEBUG_COUNTERS counts what it creates and frees
# (cxx/src/debug_counters.h). After every test, once garbage is collected and the
# queued finalizers have run, handles and handle scopes must balance and every
# finalizer registered must have run, been cancelled, or still be attached to a live
# object; references whose value is gone (held by an addon that never deletes them)
# must not accumulate. In a release build debug_counters() is None and this is off.

def debug_counters():
    """The core's debug counters (a dict), or None in a release build."""
    import napi_python
    return napi_python._core.debug_counters()


def settle():
    """Collects garbage and runs the queued finalizers, until finalizers (which may
    let go of more objects) stop running."""
    import napi_python
    c = debug_counters()
    ran = c["finalizers_ran"] if c is not None else None
    for _ in range(5):
        gc.collect()
        napi_python._core.run_finalizers()
        c = debug_counters()
        if c is None or c["finalizers_ran"] == ran:
            return
        ran = c["finalizers_ran"]


def counter_problems(c):
    """What is out of balance in a counters snapshot taken at a quiet point."""
    problems = []
    if c["handles_created"] != c["handles_freed"] or c["handles_open"] != 0:
        problems.append(f"handles: {c['handles_created']} created, {c['handles_freed']} "
                        f"freed, {c['handles_open']} open")
    if c["scopes_opened"] != c["scopes_closed"] or c["scopes_open"] != 0:
        problems.append(f"handle scopes: {c['scopes_opened']} opened, {c['scopes_closed']} "
                        f"closed, {c['scopes_open']} open")
    done = (c["finalizers_ran"] + c["finalizers_cancelled"] + c["finalizers_dropped"]
            + c["finalizers_attached"] + c["finalizers_queued"])
    if c["finalizers_registered"] != done:
        problems.append(
            f"finalizers: {c['finalizers_registered']} registered but {c['finalizers_ran']} "
            f"ran, {c['finalizers_cancelled']} cancelled, {c['finalizers_dropped']} dropped, "
            f"{c['finalizers_attached']} attached to live values, {c['finalizers_queued']} "
            "queued")
    if c["finalizers_queued"] != 0:
        problems.append(f"{c['finalizers_queued']} finalizers still queued at a safe point")
    if c["references_created"] - c["references_deleted"] != c["references_live"]:
        problems.append(f"references: {c['references_created']} created, "
                        f"{c['references_deleted']} deleted, {c['references_live']} live")
    if c["native_states_created"] - c["native_states_freed"] != c["native_states_live"]:
        problems.append(f"native states: {c['native_states_created']} created, "
                        f"{c['native_states_freed']} freed, {c['native_states_live']} live")
    return problems


def pytest_collection_finish(session):
    # What collecting the suite made (about 150,000 objects: test items, modules, the
    # addons modules load at import) lives to the end. Frozen (gc.freeze), the cycle
    # collector stops walking it, so a full gc.collect() (tests call it, and settle()
    # after every test of the counters build) walks only what the tests made since:
    # about 5 ms instead of 150. The counters run took 25 minutes, now 10.
    gc.collect()
    gc.freeze()


_last_counters = None


@pytest.fixture(autouse=True)
def _debug_counters_balance(request):
    global _last_counters
    yield
    if debug_counters() is None:
        return
    settle()
    c = debug_counters()
    problems = counter_problems(c)
    empty_before = _last_counters["references_empty"] if _last_counters is not None else 0
    if (c["references_empty"] > empty_before
            and request.node.get_closest_marker("addon_leaks_references") is None):
        problems.append(f"{c['references_empty'] - empty_before} more references whose "
                        "value is gone (never deleted)")
    _last_counters = c
    if problems:
        pytest.fail("debug counters after the test: " + "; ".join(problems), pytrace=False)


def pytest_terminal_summary(terminalreporter):
    if "napi_python" not in sys.modules or debug_counters() is None:
        return
    settle()
    c = debug_counters()
    terminalreporter.write_sep("-", "napi-python debug counters")
    terminalreporter.write_line(", ".join(f"{k} {v}" for k, v in sorted(c.items())))
