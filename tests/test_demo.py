"""`make demo` runs examples/demo.py: it must keep working as the README says."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_demo_runs():
    r = subprocess.run([sys.executable, str(ROOT / "examples" / "demo.py")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "addon.add(1, 2) = 3.0" in r.stdout
    assert "value = 12" in r.stdout
    assert "raised JSTypeError" in r.stdout
    assert r.stderr == ""
