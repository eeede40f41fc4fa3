"""Shared test set-up: building the tiny test addons and loading them.

Every test addon lives in ``tests/addons/<topic>/`` (C sources, ``*.c``, or C++
sources, ``*.cc``) and is built against the *official* Node-API headers from npm
(``tests/node_modules/node-api-headers``, installed by ``make test``), never against
our own declarations: that is how the tests prove real addons work.

    from conftest import load_test_addon
    addon = load_test_addon("values")

Built addons go to ``.cache/test-addons`` and are rebuilt when a source is newer.
"""

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
    stamp = max(p.stat().st_mtime for p in src_dir.iterdir())
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
    tmp = out.with_suffix(".tmp")
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


def run_python(code, timeout=60):
    """Runs `code` in a fresh interpreter (for exit and crash behaviour)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=timeout, env=env)
