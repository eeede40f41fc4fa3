"""Entering an addon (docs/internals.rst, "Entering an addon"): every entry goes
through call_into_module, and an exception the addon leaves pending goes to whoever
waits for it: the Python caller (function calls), the loop's exception handler
(async work complete, threadsafe-function calls, cleanup hooks), or
sys.unraisablehook (finalizers; anything with no running loop). Node reports an
exception thrown where no JS caller waits (a finalizer, a cleanup hook) as uncaught;
here that is the loop's handler or the unraisable hook.

The values a call made are released as it returns, after its exception was taken:
a __del__ they run may enter the same addon again, and that entry neither sees nor
takes the first call's exception (it used to: the caller got a SystemError and the
exception went to the __del__)."""

import gc
import sys

import napi_python
import pytest

from async_helpers import run  # noqa: F401  (fixture)
from conftest import load_test_addon, run_python

addon = load_test_addon("callin")


class Reentering:
    """Calls into the addon from __del__ and notes whether it saw an exception."""
    seen = []

    def __del__(self):
        Reentering.seen.append(addon.pendingAtEntry())


@pytest.fixture
def unraisable(monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    Reentering.seen = []
    return seen


def test_exception_goes_to_the_caller_past_a_reentry(unraisable):
    with pytest.raises(napi_python.JSError) as info:
        addon.throwAfterMaking("first", Reentering)
    assert info.value.message == "first"
    assert Reentering.seen == [False]  # the __del__ ran, inside the call's return
    assert unraisable == []


def test_exception_from_complete_goes_to_the_loop_past_a_reentry(run, unraisable):
    async def body():
        addon.completeThrowsAfterMaking("from complete", Reentering)
        await run.until_reported()
    run(body())
    assert [c["exception"].message for c in run.reported] == ["from complete"]
    assert Reentering.seen == [False]
    assert unraisable == []


def test_finalizer_exception_is_unraisable(unraisable):
    class Target:
        pass
    t = Target()
    addon.finalizerThrows(t, "from a finalizer")
    del t
    gc.collect()
    addon.pendingAtEntry()  # the finalizer runs as this call returns (if not before)
    assert [type(u.exc_value) for u in unraisable] == [napi_python.JSError]
    assert unraisable[0].exc_value.message == "from a finalizer"
    assert addon.pendingAtEntry() is False


def test_cleanup_hook_and_instance_data_exceptions_are_reported_at_exit():
    r = run_python(
        "from conftest import load_test_addon\n"
        "addon = load_test_addon('callin')\n"
        "addon.cleanupHookThrows('from a cleanup hook')\n"
        "addon.instanceDataThrows('from the instance data finalizer')\n"
        "print('ok')\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "ok\n"
    # Python's unraisable hook prints each, in the order they ran.
    assert r.stderr.splitlines() == [
        "Exception ignored in: 'napi_python: exception in an env cleanup hook'",
        "napi_python.JSError: from a cleanup hook",
        "Exception ignored in: 'napi_python: exception in an instance data finalizer'",
        "napi_python.JSError: from the instance data finalizer",
    ]


def test_exception_from_a_discarded_tsfn_call_goes_to_the_loop(run, unraisable):
    # The discarded call's call_js throws through the env it kept: reported where
    # the discard runs (it used to stay pending: the next call raised it).
    async def body():
        addon.discardThrows("from a discarded call")
        await run.until_reported()
        return addon.pendingAtEntry()
    assert run(body()) is False
    assert [c["exception"].message for c in run.reported] == ["from a discarded call"]
    assert unraisable == []
