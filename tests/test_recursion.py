"""Recursion without end through an addon: an addon function calls a function that
calls the addon again (tests/addons/recursion).

Node 20, for the same addon with JS functions: RangeError "Maximum call stack size
exceeded"; the innermost napi_call_function returned napi_pending_exception (10),
napi_is_exception_pending was true, and false once napi_get_and_clear_last_exception
had taken the error. napi-python gives the same with Python's equivalent,
RecursionError, at the interpreter's recursion limit (docs/values.rst).
"""

import sys

import pytest

from conftest import load_test_addon
from napi_status import Status


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("recursion")


def test_recursion_error_propagates_through_the_addon(addon):
    def f(n):
        return addon.recurse(f, n)

    with pytest.raises(RecursionError):
        f(0)
    assert addon.recurse(lambda n: n * 2, 20) == 42  # and the addon still works


def test_addon_sees_the_recursion_error_as_the_pending_exception(addon):
    def g(n):
        return addon.recurseCatch(g, n)

    r = g(0)
    assert r["status"] == Status.napi_pending_exception
    assert r["pending"] is True
    assert r["pendingAfter"] is False
    assert isinstance(r["error"], RecursionError)
    assert 10 < r["depth"] < sys.getrecursionlimit()
    assert addon.recurseCatch(lambda n: n + 1, 1) == 3


def test_deeply_nested_list_to_string_raises_recursion_error(addon):
    # Node: RangeError "Maximum call stack size exceeded" for the same nesting.
    x = []
    for _ in range(200_000):
        x = [x]
    with pytest.raises(RecursionError):
        addon.toString(x)
    assert addon.toString([[1, [2]], 3]) == "1,2,3"
