"""The core library exports exactly the Node-API listed in cxx/exports.txt (plus the
napi_python_* entry points of the package and the few libuv functions of
cxx/uv_exports.txt), and makes them global before any addon is opened."""

import ctypes
import pathlib
import subprocess

import napi_python

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORE = next(pathlib.Path(napi_python._core.__file__).parent.glob("libnapi_python_core.so"))


def listed(name="exports.txt"):
    lines = (ROOT / "cxx" / name).read_text().splitlines()
    return {l.strip() for l in lines if l.strip() and not l.strip().startswith("#")}


def uv_listed():
    return listed("uv_exports.txt")


def exported():
    out = subprocess.run(["nm", "-D", "--defined-only", str(CORE)], capture_output=True,
                         text=True, check=True).stdout
    return {line.split()[-1] for line in out.splitlines() if line.split()}


def test_every_listed_symbol_is_exported_and_nothing_else():
    names = exported()
    api = {n for n in names if not n.startswith("napi_python_")}
    assert listed() - api == set(), "listed in exports.txt but not exported"
    assert uv_listed() - api == set(), "listed in uv_exports.txt but not exported"
    assert api - listed() - uv_listed() == set(), "exported but not listed"


def test_runtime_entry_points_are_exported():
    assert {"napi_python_core_init", "napi_python_load", "napi_python_teardown"} <= exported()


def test_symbols_are_in_the_global_scope():
    # What addons that dlopen(NULL) + dlsym every napi name at load time see.
    process = ctypes.CDLL(None)
    for name in sorted(listed()):
        assert hasattr(process, name), name
