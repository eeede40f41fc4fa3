"""The smoke and fuzz runner itself (tests/fuzz/runner.py), on the fuzz_target test
addon, whose functions crash, abort or never return on purpose for some argument
types: every such call is caught, attributed (Node dies too: the addon's; only
under napi-python: ours) and named by a reproducer; the other calls are counted as
values or clean errors."""

import os
import shutil

import pytest

from conftest import build_test_addon, debug_counters
from fuzz import expected
from fuzz.runner import reproducer, run_addon

# Release build only: under the preloaded ASan runtime a segfault is ASan's report
# and exit status 1, not the signal these tests look for.
pytestmark = pytest.mark.skipif(
    "libasan" in os.environ.get("LD_PRELOAD", "") or debug_counters() is not None,
    reason="runs on the release build only")

needs_node = pytest.mark.skipif(shutil.which("node") is None,
                                reason="the verdicts compare with Node")


@pytest.fixture(scope="module")
def smoke_result():
    # built for Node-API 9: Node 20 crashes loading an addon that declares 10
    addon = build_test_addon("fuzz_target", napi_version=9, name="fuzz_target-napi9")
    return run_addon(addon, mode="smoke", call_timeout=3.0)


def _crashes(result, name):
    return [c for c in result["crashes"] if c["call"] and c["call"]["target"] == [name]]


@needs_node
def test_crash_that_node_shares_is_the_addons(smoke_result):
    r = smoke_result
    assert r["loaded"] is True and r["complete"] is True
    deref = _crashes(r, "derefWhenNumber")
    # the smoke argument sets with a number first: [1] and [1, {}]
    assert [c["call"]["args"][0] for c in deref] == [1, 1]
    assert all(c["status"] == "SIGSEGV" and c["verdict"] == "addon" and
               c["node"] == "SIGSEGV" and c["python_alone"] == "SIGSEGV" for c in deref)
    aborts = _crashes(r, "assertWhenString")
    assert [c["call"]["args"][0] for c in aborts] == ["x", "x"]
    assert all(c["status"] == "SIGABRT" and c["verdict"] == "addon" for c in aborts)
    line = reproducer("fuzz_target", deref[0])
    assert line == 'fuzz_target: call derefWhenNumber args=[1] -> SIGSEGV'


@needs_node
def test_hang_is_caught_and_attributed(smoke_result):
    spins = _crashes(smoke_result, "spinWhenObject")
    # {}, b"" (a Buffer: an object) and the unrelated object; [1, {}] passes a
    # number first
    assert [c["call"]["args"] for c in spins] == [
        [{"$": "obj", "v": {}}], [{"$": "bytes", "n": 0}], [{"$": "pyobj"}]]
    assert all(c["status"] == "hang" and c["verdict"] == "addon" for c in spins)


def test_slow_call_that_returns_on_replay_is_no_hang(smoke_result):
    # the first null is slower than the timeout; its replays return at once
    slow = _crashes(smoke_result, "slowOnceWhenNull")
    assert len(slow) == 1
    c = slow[0]
    assert c["status"] == "hang" and c["verdict"] == "slow"
    assert c["python_alone"] == "survives"
    assert expected.unexpected("fuzz_target.node", [c]) == []


@needs_node
def test_crash_only_under_napi_python_is_ours(smoke_result):
    ours = [c for c in smoke_result["crashes"] if c["verdict"] == "ours"]
    assert len(ours) == 1
    c = ours[0]
    assert c["call"] == {"kind": "call", "target": ["crashOutsideNode"], "args": [[]]}
    assert c["status"] == "SIGSEGV" and c["python_alone"] == "SIGSEGV"
    assert c["node"] == "survives"
    # and no expected-failure entry hides it
    assert expected.unexpected("fuzz_target.node", ours) == ours


def test_clean_calls_are_counted(smoke_result):
    r = smoke_result
    # identity and needsString: 11 argument sets each, plus the six reads of exports
    assert r["calls"] >= 2 * 11 + 6
    assert r["errors"] >= 9           # needsString refuses all but "x" and ("x", 1)
    assert r["values"] >= 11 + 2 + 6


@needs_node
def test_crash_at_exit_after_no_call_that_node_shares_is_the_addons():
    """An addon that exports nothing to call and aborts as its env is torn down
    (ffi-napi 4's prebuild, whose walk restarts past each of its crashing calls and
    ends in a process that calls nothing): Node dies the same way on load and exit,
    so the crash is the addon's, not ours."""
    addon = build_test_addon("abort_at_exit", napi_version=8)
    r = run_addon(addon, mode="smoke", call_timeout=3.0)
    assert r["loaded"] is True and r["calls"] == 0
    [c] = r["crashes"]
    assert c["call"] is None and c["where"] == "at exit" and c["status"] == "SIGABRT"
    assert c["python_alone"] == "SIGABRT" and c["node"] == "SIGABRT"
    assert c["verdict"] == "addon"


@needs_node
def test_exit_status_at_exit_that_node_shares_is_the_addons():
    """The same addon leaving with exit(1) from its teardown (uiohook-napi's Xlib
    without a display): the walk calls a status other than 0 a crash, and so do
    the replays that attribute it, under Python and under Node."""
    addon = build_test_addon("abort_at_exit", napi_version=8, defines=["EXIT_AT_EXIT"],
                             name="exit_at_exit")
    r = run_addon(addon, mode="smoke", call_timeout=3.0)
    [c] = r["crashes"]
    assert c["where"] == "at exit" and c["status"] == "exit 1"
    assert c["python_alone"] == "exit 1" and c["node"] == "exit 1"
    assert c["verdict"] == "addon"
