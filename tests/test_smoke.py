"""The smoke corpus (issue 12.9): a safety net wider than the corpus tests.

Every package of tests/smoke/package.json (npm packages that ship a Node-API binary
for linux-x64 glibc, pinned by the lock file) is loaded in its own Python process;
its exports are walked (classes listed, getters read) and every exported function,
constructor, method, accessor and static member is called with wrong values (none,
undefined, null, 1, "x", {}, [], b"", an object of another class; methods and
accessors also on receivers that are not instances of their class). Each call must
return a value or raise a clean exception, and each binary must load or be refused
with an exception naming the cause. A call that kills the process or does not
return is replayed alone under Python and under Node (tests/fuzz/driver.js): the
test fails on a crash or hang of ours that Node does not share, unless it belongs
to a known crash class of tests/fuzz/expected.py. docs/corpus.rst has the table of
the last full run (tests/smoke/run.py --write).
"""

import os
import shutil

import pytest

from conftest import debug_counters
from fuzz import expected
from fuzz.runner import reproducer
from smoke.run import run_all, summary
from smoke.support import manifest

# Release build only: the sanitizer and debug-counters runs of `make test` would
# run every addon under the preloaded ASan runtime or the counters build (minutes
# more, and ASan's checks of the addons' own allocations are not ours to judge);
# the same `make test` runs this test on the release build.
INSTRUMENTED = "libasan" in os.environ.get("LD_PRELOAD", "") or debug_counters() is not None

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(INSTRUMENTED, reason="runs on the release build only")]


def test_smoke_corpus_is_wide():
    entries = manifest()
    assert len(entries) >= 100
    assert len({e["package"] for e in entries}) == len(entries)
    # every binary is a Node-API addon by its symbols (napi_* imported or named for
    # dlsym), or one the loader must refuse with a reason (libuv, V8 symbols)
    for e in entries:
        assert e["napi_functions"] > 0 or e["needs"], e


@pytest.mark.skipif(shutil.which("node") is None,
                    reason="needs Node to tell crashes of ours from the addon's")
def test_smoke_corpus_never_crashes_us():
    results = run_all()
    s = summary(results)
    assert s["packages"] >= 100
    # a refusal names its cause
    for r in results:
        if r["loaded"] is False:
            assert r["refusal"] and ":" in r["refusal"], r
    problems = [reproducer(r["package"], c) for r in results
                for c in expected.unexpected(r["addon"], r["crashes"])]
    stale = expected.stale("smoke", [(r["addon"], r["crashes"]) for r in results])
    assert not problems, (f"{len(problems)} crash(es) of napi-python that Node does not "
                          "have on the same call:\n" + "\n".join(problems))
    assert not stale, ("known crash classes that no longer occur (remove them from "
                       "tests/fuzz/expected.py): " + "; ".join(stale))
