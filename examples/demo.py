"""`make demo`: builds the example addon in examples/hello/ and uses it from Python.

The addon is plain C written for Node (examples/hello/hello.c); nothing in it knows
about Python. `python examples/demo.py path/to/hello.node` uses an addon built
beforehand instead (no compiler needed: tests/test_wheel.py runs it that way).
"""

import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def build(name: str) -> pathlib.Path:
    src = HERE / name / f"{name}.c"
    out = ROOT / ".cache" / "examples" / f"{name}.node"
    out.parent.mkdir(parents=True, exist_ok=True)
    if not out.exists() or out.stat().st_mtime < src.stat().st_mtime:
        subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-I", str(ROOT / "cxx" / "include"),
                        "-DNODE_GYP_MODULE_NAME=" + name, str(src), "-o", str(out)], check=True)
    return out


def main(argv: list[str] | None = None) -> int:
    from napi_python import load_addon, JSTypeError

    argv = sys.argv[1:] if argv is None else argv
    addon = load_addon(argv[0] if argv else build("hello"))
    print("exports:", sorted(addon))
    print("addon.add(1, 2) =", addon.add(1, 2))
    print("addon.greet('Python') =", addon.greet("Python"))

    counter = addon.Counter(10)
    counter.increment()
    counter.increment()
    print("Counter(10) after two increments: value =", counter.value)
    counter.value = 100
    print("after counter.value = 100: increment() ->", counter.increment())

    try:
        addon.greet(42)
    except JSTypeError as e:
        print(f"addon.greet(42) raised {type(e).__name__}: {e} (code {e.code!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
