"""Runs the smoke walk on every package of the smoke corpus (manifest.json).

    .venv/bin/python tests/smoke/run.py [--jobs 2] [--write] [--corpus DIR] [PACKAGE ...]

Each package's binary is loaded in its own Python process, its exports walked and
every function, constructor, method and accessor called with the same few wrong
values (fuzz/driver.py); a call that kills the process or hangs is replayed alone
under Python and under Node (fuzz/runner.py). ``--write`` stores the results in
tests/smoke/results.json and the table of docs/smoke_table.rst generated from them
(report.py), which the docs include: the docs build needs neither npm nor Node.
``--corpus DIR`` walks another set of packages instead (DIR/node_modules installed by
hand, DIR/manifest.json from ``make_manifest.py --corpus DIR``; not with --write).
"""

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SMOKE = Path(__file__).resolve().parent
sys.path.insert(0, str(SMOKE.parent))

from fuzz.runner import run_addon, reproducer  # noqa: E402
from smoke.support import RESULTS, ensure_installed, manifest  # noqa: E402

PACKAGE_BUDGET = 240.0  # seconds for one package's walk, restarts included


def run_package(entry, node_modules):
    started = time.monotonic()
    result = run_addon(node_modules / entry["binary"], mode="smoke", budget=PACKAGE_BUDGET)
    result["addon"] = entry["binary"]
    result["package"] = entry["package"]
    result["version"] = entry["version"]
    result["binding"] = entry["binding"]
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def run_all(entries=None, jobs=2, progress=None, node_modules=None):
    node_modules = ensure_installed() if node_modules is None else node_modules
    entries = manifest() if entries is None else entries
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_package, e, node_modules) for e in entries]
        results = []
        for f in futures:
            results.append(f.result())
            if progress:
                progress(results[-1])
    return results


def summary(results):
    crashes = [c for r in results for c in r["crashes"]]
    return {
        "packages": len(results),
        "loaded": sum(1 for r in results if r["loaded"]),
        "refused": sum(1 for r in results if r["loaded"] is False),
        "calls": sum(r["calls"] for r in results),
        "values": sum(r["values"] for r in results),
        "errors": sum(r["errors"] for r in results),
        "crashes_ours": sum(1 for c in crashes if c["verdict"] == "ours"),
        "crashes_addon": sum(1 for c in crashes if c["verdict"] == "addon"),
        "incomplete": [r["package"] for r in results if not r["complete"]],
    }


def write_results(results):
    """Stores the results (without the machine's paths and the long sequences)."""
    for r in results:
        r.pop("addon", None)
        r["addon"] = next(e["binary"] for e in manifest() if e["package"] == r["package"])
        for c in r["crashes"]:
            c.pop("stderr", None)
            if len(c.get("sequence") or ()) > 3:
                c["sequence"] = c["sequence"][-3:]
    results = sorted(results, key=lambda r: r["package"])
    RESULTS.write_text(json.dumps({"summary": summary(results), "results": results},
                                  indent=1) + "\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--write", action="store_true")
    p.add_argument("--corpus", type=Path,
                   help="a directory holding node_modules and the manifest.json that "
                        "make_manifest.py --corpus wrote (default: the smoke corpus)")
    p.add_argument("packages", nargs="*")
    a = p.parse_args()
    if a.corpus is not None and a.write:
        p.error("--write stores the smoke corpus's results: not with --corpus")
    node_modules = None if a.corpus is None else a.corpus.resolve() / "node_modules"
    entries = manifest() if a.corpus is None else \
        json.loads((a.corpus / "manifest.json").read_text())
    if a.packages:
        entries = [e for e in entries if e["package"] in a.packages]

    def progress(r):
        print(f"{r['package']}: {r['seconds']}s, {r['calls']} calls, {r['errors']} errors, "
              f"{len(r['crashes'])} crashes" + ("" if r["loaded"] is not False
                                               else f", refused: {r['refusal'][:80]}"),
              flush=True)
        for c in r["crashes"]:
            print(f"  {c['verdict']}: {reproducer(r['package'], c)}", flush=True)

    results = run_all(entries, a.jobs, progress, node_modules)
    print(json.dumps(summary(results), indent=1))
    if a.write:
        write_results(results)
        from smoke.report import write_table
        write_table()


if __name__ == "__main__":
    main()
