"""The fuzzer (issue 18.8): random and wrong values into every export of the corpus
addons (tests/corpus) and of the test addons (tests/addons).

    make fuzz SEED=7 N=200          # = cd tests && ../.venv/bin/python -m fuzz --seed 7 --n 200
    python -m fuzz --only xxhash    # addons whose name contains "xxhash"

For each addon, in subprocesses (fuzz/runner.py): N calls with random arguments
per function, constructor, method and accessor, a fraction of them on a wrong
`this` (plain objects, primitives, instances of the addon's other classes, through
``.call(other)``); the constructors also called without ``new``. The same seed
gives the same calls. Each crash or hang is printed with its reproducer (addon,
call, receiver, arguments) and replayed under Node; the run fails (exit 1) on a
crash of ours that Node does not share and that tests/fuzz/expected.py does not
list. The results go to .cache/fuzz/results.json.
"""

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
TESTS = FUZZ.parent
sys.path.insert(0, str(TESTS))

from fuzz import expected  # noqa: E402
from fuzz.runner import reproducer, run_addon  # noqa: E402

RESULTS = TESTS.parent / ".cache" / "fuzz" / "results.json"

# Test addons the fuzzer leaves alone: they exist to show how loading fails (or
# aborts, abort_on_load; abort_at_exit aborts as it ends), or
# (fuzz_target) misbehave on purpose for tests/test_fuzz_runner.py.
NOT_FUZZED = {"common", "init_returns_null", "register_legacy", "fuzz_target", "abort_on_load",
              "abort_at_exit"}


def corpus_addons():
    from corpus.support import ensure_installed
    from napi_python._require import find_addon
    node_modules = ensure_installed()
    deps = json.loads((TESTS / "corpus" / "package.json").read_text())["dependencies"]
    return [(f"corpus:{name}", Path(find_addon(name, paths=[node_modules])))
            for name in deps]


def test_addons():
    """Our test addons, built for Node-API 9 where they can be (Node 20, which the
    crashes are compared with, crashes loading an addon that declares 10)."""
    from conftest import ADDONS, build_test_addon
    out = []
    for topic in sorted(p.name for p in ADDONS.iterdir() if p.is_dir()):
        if topic in NOT_FUZZED or (ADDONS / topic / "Cargo.toml").exists():
            continue  # (the Rust crates are built by cargo: tests/rust_addon.py)
        try:
            path = build_test_addon(topic, napi_version=9, name=f"{topic}-napi9")
        except RuntimeError:  # it uses Node-API 10 functions
            path = build_test_addon(topic)
        out.append((f"addon:{topic}", path))
    return out


def targets(only=None):
    found = corpus_addons() + test_addons()
    if only:
        found = [(name, path) for name, path in found if any(o in name for o in only)]
    return found


def fuzz(found, seed, n, budget, jobs=2, progress=None):
    def one(item):
        name, path = item
        started = time.monotonic()
        r = run_addon(path, mode="fuzz", seed=seed, n=n, budget=budget)
        r["name"] = name
        r["seconds"] = round(time.monotonic() - started, 1)
        return r

    results = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for r in pool.map(one, found):
            results.append(r)
            if progress:
                progress(r)
    return results


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m fuzz")
    p.add_argument("--seed", default="1")
    p.add_argument("--n", type=int, default=50, help="calls per function or member")
    p.add_argument("--budget", type=float, default=600.0, help="seconds per addon")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--only", action="append")
    a = p.parse_args(argv)

    def progress(r):
        ours = sum(1 for c in r["crashes"] if c["verdict"] == "ours")
        print(f"{r['name']}: {r['seconds']}s, {r['calls']} calls, {r['errors']} clean "
              f"errors, {ours} crashes of ours, {len(r['crashes']) - ours} the addon's"
              + ("" if r["complete"] else " (cut short)"), flush=True)
        for c in r["crashes"]:
            print(f"  {c['verdict']}: {reproducer(r['name'], c)}", flush=True)

    results = fuzz(targets(a.only), a.seed, a.n, a.budget, a.jobs, progress)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    bad = [reproducer(r["name"], c) for r in results
           for c in expected.unexpected(str(r["addon"]), r["crashes"])]
    total = {k: sum(r[k] for r in results) for k in ("calls", "values", "errors")}
    crashes = [c for r in results for c in r["crashes"]]
    print(f"{len(results)} addons, {total['calls']} calls, {total['values']} values, "
          f"{total['errors']} clean errors, "
          f"{sum(1 for c in crashes if c['verdict'] == 'ours')} crashes of ours "
          f"({len(bad)} not in tests/fuzz/expected.py), "
          f"{sum(1 for c in crashes if c['verdict'] == 'addon')} the addon's own")
    if bad:
        print("crashes of napi-python that Node does not have:\n  " + "\n  ".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
