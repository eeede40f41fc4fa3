"""The table of docs/service.rst: for each worker count, starts server.py, runs
load.py against /hash (async) and /hash-sync (hashSync in run_in_executor), and
reports requests/s, p50/p99 latency, how many cores the workers used (their CPU
seconds over the run's wall time), how many load.py used, and how many the rest of
the machine used meanwhile (other processes: a busy machine shows there), and how
many threads of the workers were running or ready to run at once, on average
(sampled every 10 ms: unlike the cores, this does not depend on what else the
machine runs). Linux only (/proc). Run it from the folder where @node-rs/argon2 is installed:

    python measure.py --workers 1 2 --requests 2000 --concurrency 16
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])      # utime + stime
    return total / ticks


def machine_busy_seconds() -> float:
    """CPU seconds all cores of the machine spent busy since boot (/proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def children_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


class RunnableSampler(threading.Thread):
    """Counts, every 10 ms, the threads of `pids` in state R (running or waiting for
    a core); `mean` is their average number."""

    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids, self.samples, self.total = pids, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.01):
            for pid in self.pids:
                for task in Path(f"/proc/{pid}/task").iterdir():
                    try:
                        stat = (task / "stat").read_text()
                    except OSError:          # the thread ended meanwhile
                        continue
                    self.total += stat.rsplit(")", 1)[1].split()[0] == "R"
            self.samples += 1

    def mean(self) -> float:
        self.done.set()
        self.join()
        return self.total / max(1, self.samples)


def measure(workers: int, paths: list[str], args: argparse.Namespace) -> list[dict[str, Any]]:
    server = subprocess.Popen(
        [sys.executable, str(HERE / "server.py"), "--workers", str(workers),
         "--port", "0", "--memory-cost", str(args.memory_cost),
         "--time-cost", str(args.time_cost)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        m = re.match(r"listening on http://127\.0\.0\.1:(\d+) workers=\d+ pids=([\d,]+)",
                     line)
        if not m:
            raise RuntimeError(f"server.py did not start: {line!r}")
        port, pids = m[1], [int(p) for p in m[2].split(",")]
        rows = []
        for path in paths:
            before = cpu_seconds(pids), children_seconds(), machine_busy_seconds()
            start = time.perf_counter()
            sampler = RunnableSampler(pids)
            sampler.start()
            r = subprocess.run(
                [sys.executable, str(HERE / "load.py"), "--port", port, "--path", path,
                 "--requests", str(args.requests), "--concurrency", str(args.concurrency),
                 "--timeout", str(args.timeout)]
                + (["--new-connections"] if args.new_connections else []),
                capture_output=True, text=True, timeout=args.timeout + 60)
            wall = time.perf_counter() - start
            runnable = round(sampler.mean(), 2)
            report = json.loads(r.stdout.splitlines()[-1])
            report["runnable_threads"] = runnable
            # CPU seconds over the wall time of the whole load.py run (its start and
            # warm-up included: the measured part dominates)
            workers_s = cpu_seconds(pids) - before[0]
            client_s = children_seconds() - before[1]
            machine_s = machine_busy_seconds() - before[2]
            report["worker_cores"] = round(workers_s / wall, 2)
            report["client_cores"] = round(client_s / wall, 2)
            report["other_cores"] = round(
                max(0.0, machine_s - workers_s - client_s) / wall, 2)
            report["workers"] = workers
            rows.append(report)
        return rows
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=60)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    p.add_argument("--paths", nargs="+", default=["/hash", "/hash-sync"])
    p.add_argument("--requests", type=int, default=1000)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--timeout", type=float, default=120.0)
    p.add_argument("--new-connections", action="store_true")
    p.add_argument("--memory-cost", type=int, default=19456)
    p.add_argument("--time-cost", type=int, default=2)
    args = p.parse_args()
    rows = [row for n in args.workers for row in measure(n, args.paths, args)]
    print(f"{'workers':>7} {'endpoint':10} {'requests/s':>10} {'p50 ms':>8} "
          f"{'p99 ms':>8} {'cores':>6} {'client':>6} {'others':>6} {'threads':>7}"
          "  by worker")
    for r in rows:
        endpoint = r["url"].rsplit("/", 1)[1]
        print(f"{r['workers']:>7} /{endpoint:9} {r['requests_per_s']:>10} "
              f"{r['p50_ms']:>8} {r['p99_ms']:>8} {r['worker_cores']:>6} "
              f"{r['client_cores']:>6} {r['other_cores']:>6} {r['runnable_threads']:>7}  "
              f"{sorted(r['by_worker_pid'].values(), reverse=True)}"
              f"{'  errors: ' + str(r['errors']) if r['errors'] else ''}")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
