"""bench/run.py keeps working: every operation gives the right answer in napi-python
and in the hand-written C extension (it checks them before timing), and every row
(buffers, async work, threadsafe functions, uv_queue_work, the corpus addon, load
time) runs.
Nothing is timed here: speed is the benchmark's business (make bench)."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_bench_quick_run_checks_every_operation():
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--no-node"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    for op in ("add(1, 2)", "add(1.5, 2.25)", "Counter.increment()", "new Counter()", "sum_array",
               "hash_buffer(1 KiB bytes)", "hash_buffer(1 MiB bytes)", "make_buffer(1 MiB)",
               "@node-rs/xxhash xxh32(1 KiB)", "async work asyncAdd", "threadsafe function",
               "MB, largest)", "uv_queue_work round trips, 1 in flight",
               "uv_queue_work round trips, 64 in flight", "make_objects(10k)",
               "@node-rs/jieba cut", "lightningcss transform", "oxc-parser parseSync",
               "@napi-rs/image", "@node-rs/argon2 hash, 64 in flight"):
        row = next((line for line in r.stdout.splitlines() if op in line), None)
        assert row is not None, f"no row for {op}:\n{r.stdout}"
        assert row.split("|")[2].strip() not in ("", "-"), f"no napi-python value: {row}"
        if op in ("async work asyncAdd", "threadsafe function", "hash_buffer(1 MiB bytes)"):
            assert row.split("|")[3].strip() not in ("", "-"), f"no C-ext value: {row}"
    # The scaling rows: ns per element for every n, napi-python and the C extension.
    lines = r.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Scaling"))
    rows = [line for line in lines[start:]
            if line.startswith("|") and line.split("|")[1].strip().replace(",", "").isdigit()]
    assert [row.split("|")[1].strip() for row in rows] == ["10", "100", "1,000", "10,000",
                                                           "100,000"], lines[start:]
    for row in rows:
        assert all(cell.strip() not in ("", "-") for cell in row.split("|")[2:-1]), row
