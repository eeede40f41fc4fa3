"""bench/run.py keeps working: every operation gives the right answer in napi-python
and in the hand-written C extension (it checks them before timing). Nothing is
timed here: speed is the benchmark's business (make bench)."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_bench_quick_run_checks_every_operation():
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--no-node"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    for op in ("add(a, b)", "Counter.increment()", "new Counter()", "sum_array"):
        assert op in r.stdout
