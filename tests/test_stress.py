"""Abuse a Python service produces: deep recursion through an addon with a raised
recursion limit, signals during addon calls, very large arguments
(tests/addons/stress, tests/addons/cpp_wrap, tests/addons/recursion).

Node 20, for recursion through an addon: RangeError "Maximum call stack size exceeded"
whatever the depth, since V8 checks the stack, not a count. napi-python checks the C
stack when Python enters an addon function and raises RecursionError when it is
nearly full, so a program that raised sys.setrecursionlimit gets the exception, not
a segmentation fault.
"""

import signal
import threading

import pytest

from conftest import load_test_addon, run_python


@pytest.fixture(scope="module")
def stress():
    return load_test_addon("stress")


RECURSE = r"""
import sys, threading
from conftest import load_test_addon
addon = load_test_addon({addon!r})
sys.setrecursionlimit(1_000_000)

def f(n):
    return {call}

def main():
    try:
        f(0)
    except RecursionError:
        print("RecursionError")
    print(int({again}))

if {in_thread}:
    threading.stack_size({stack_size})
    t = threading.Thread(target=main)
    t.start()
    t.join()
else:
    main()
"""

CASES = {
    "c": ("stress", "addon.callEach(f, 1, False)", "addon.callEach(lambda i: i, 2, False)[0]"),
    "cpp": ("cpp_wrap", "addon.callCallback(f, n + 1)", "addon.callCallback(abs, -2)"),
    "c_recursion": ("recursion", "addon.recurse(f, n)", "addon.recurse(abs, -3)"),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("where", ["main", "thread", "small_thread"])
def test_recursion_past_the_c_stack_is_a_recursion_error(case, where):
    addon, call, again = CASES[case]
    load_test_addon(addon)  # built here, not in the child
    code = RECURSE.format(addon=addon, call=call, again=again,
                          in_thread=where != "main",
                          stack_size=512 * 1024 if where == "small_thread" else 0)
    r = run_python(code, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.split() == ["RecursionError", "2"], r.stdout
