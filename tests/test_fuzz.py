"""A short deterministic run of the fuzzer (issue 18.8; tests/fuzz, ``make fuzz``
for a longer one): random and wrong values, wrong `this` included, into every
export and class member of the corpus addons and of our test addons, each addon in
subprocesses. Fails on a crash or hang of ours that Node does not have on the same
call, unless tests/fuzz/expected.py lists its crash class.
"""

import os
import shutil

import pytest

from conftest import debug_counters
from fuzz import expected
from fuzz.__main__ import fuzz, targets
from fuzz.runner import reproducer

# Release build only: the sanitizer and debug-counters runs of `make test` would
# run every addon under the preloaded ASan runtime or the counters build (minutes
# more, and ASan's checks of the addons' own allocations are not ours to judge);
# the same `make test` runs this test on the release build.
INSTRUMENTED = "libasan" in os.environ.get("LD_PRELOAD", "") or debug_counters() is not None

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(INSTRUMENTED, reason="runs on the release build only")]

SEED = "20261205"
N = 3            # calls per function, constructor, method and accessor
BUDGET = 120.0   # seconds per addon


def test_fuzz_plan_is_deterministic(tmp_path):
    import subprocess
    import sys

    from fuzz.runner import TESTS, _env
    from conftest import build_test_addon
    addon = build_test_addon("classes")
    logs = []
    for k in range(2):
        log = tmp_path / f"{k}.log"
        subprocess.run([sys.executable, "-m", "fuzz.driver", str(addon), str(log),
                        "--mode", "fuzz", "--seed", SEED, "--n", "5"],
                       env=_env(tmp_path), cwd=tmp_path, check=True, timeout=120)
        logs.append([line for line in log.read_text().splitlines() if '"begin"' in line])
    assert logs[0] == logs[1]
    assert len(logs[0]) > 20
    assert str(TESTS) in _env(tmp_path)["PYTHONPATH"]


@pytest.mark.skipif(shutil.which("node") is None,
                    reason="needs Node to tell crashes of ours from the addon's")
def test_fuzz_never_crashes_us():
    found = targets()
    assert any(name.startswith("corpus:") for name, _ in found)
    assert any(name.startswith("addon:") for name, _ in found)
    results = fuzz(found, SEED, N, BUDGET)
    assert sum(r["calls"] for r in results) > 1000
    problems = [reproducer(r["name"], c) for r in results
                for c in expected.unexpected(str(r["addon"]), r["crashes"])]
    stale = expected.stale("fuzz", [(str(r["addon"]), r["crashes"]) for r in results])
    assert not problems, (f"{len(problems)} crash(es) of napi-python that Node does not "
                          "have on the same call:\n" + "\n".join(problems))
    assert not stale, ("known crash classes that no longer occur (remove them from "
                       "tests/fuzz/expected.py): " + "; ".join(stale))
