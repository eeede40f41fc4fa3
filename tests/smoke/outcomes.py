"""Compares the outcome of every smoke call under napi-python and under Node.

    .venv/bin/python tests/smoke/outcomes.py [--jobs 1] [--json OUT] [-v]
                                             [--mode fuzz --seed S --n N]
                                             [--corpus DIR] [PACKAGE ...]

For each package of the smoke corpus (all of them without names), the smoke walk
(fuzz/driver.py) runs in Python and records each call spec with its outcome; then
fuzz/driver.js replays exactly the same specs, in the same order, under Node. The
two outcomes of each call are compared: a value against a value by the short
canonical form both drivers write (``num:3``, ``str:1:x``, ``array:2``,
``Object:a,b``...; ``null`` and ``undefined`` are both ``nullish``, since a
returned ``null`` arrives in Python as ``None``), an error against an error by
name, message, ``code`` and thrown value; a promise a call returns is waited for
(2 s, on both sides) and how it settled compared too. A call that kills either process is
left out (run.py compares crashes). Differences are printed grouped by kind;
``runtime-wording`` is an error both sides raise where one of the two is the
runtime's own (a Python exception of napi-python, or one of V8's messages), whose
wording may legitimately differ (``runtime-vs-addon`` when only one side's error
is the runtime's); ``receiver-check`` an accessor read or written
with a wrong ``this``, which napi-python refuses before the addon runs and Node
does not (docs/errors.rst). ``--corpus DIR`` compares another set of packages
instead of the smoke corpus: DIR/node_modules installed by hand and
DIR/manifest.json written by ``make_manifest.py --corpus DIR``. Not part of ``make test``: it takes a few minutes.
"""

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SMOKE = Path(__file__).resolve().parent
sys.path.insert(0, str(SMOKE.parent))

from fuzz.runner import CALL_TIMEOUT, DRIVER_JS, _env, _node_env, _run  # noqa: E402
from smoke.support import ensure_installed, manifest  # noqa: E402

BUDGET = 180.0   # seconds per side and package
RESTARTS = 5     # crashes survived per side and package

# V8's and Node's own messages (the runtime's errors, not the addon's)
V8_MESSAGES = re.compile(
    r"(is not a function|is not a constructor|Cannot read properties|Cannot set "
    r"properties|Illegal invocation|cannot be invoked without 'new'|Maximum call stack|"
    r"Cannot convert|is not iterable|Invalid array length|Cannot mix BigInt)")


def _walk(cmd_for, log_dir, env, side, calls=None, outcomes=None, starts=None):
    """Runs a driver (restarting after a crash past the call that crashed).
    Returns {index: (spec, end record)}; ``starts`` gets the index each process
    started at."""
    outcomes = {} if outcomes is None else outcomes
    start, skip = 0, []
    for attempt in range(RESTARTS + 1):
        if starts is not None:
            starts.append(start)
        log = log_dir / f"{side}-{attempt}-{time.monotonic_ns()}.log"
        cmd = cmd_for(log, start, skip)
        if cmd is None:
            break
        status, records, _ = _run(cmd, str(log), env, log_dir / side, CALL_TIMEOUT,
                                  time.monotonic() + BUDGET)
        begun = {}
        for r in records:
            if "begin" in r:
                begun[r["i"]] = r["begin"]
            elif "end" in r and "i" in r and r["i"] in begun:
                outcomes[r["i"] + (start if calls is not None else 0)] = (
                    begun.pop(r["i"]), r)
        if any("done" in r for r in records) or status == "budget" or not begun:
            break
        crashed = max(begun) + (start if calls is not None else 0)
        skip.append(crashed)
        start = crashed + 1
    return outcomes


def python_walk(addon, tmp, mode="smoke", seed="0", n=8, starts=None):
    outcomes = {}

    def cmd(log, start, skip):
        # a restarted walk makes the same plan: it is told which of the setup
        # constructions before `start` succeeded
        succeeded = [i for i, (spec, r) in outcomes.items()
                     if spec.get("setup") and r["end"] == "value"]
        return [sys.executable, "-m", "fuzz.driver", str(addon), str(log), "--mode",
                mode, "--seed", str(seed), "--n", str(n), "--settle",
                "--start", str(start), "--skip", ",".join(map(str, skip)),
                "--succeeded", ",".join(map(str, succeeded))]
    return _walk(cmd, tmp, _env(tmp / "py"), "py", outcomes=outcomes, starts=starts)


def node_replay(addon, specs, tmp):
    """Replays specs (a list) under Node; after a crash, the rest of them."""
    def cmd(log, start, skip):
        if start >= len(specs):
            return None
        calls = tmp / f"calls-{time.monotonic_ns()}.json"
        calls.write_text(json.dumps(specs[start:]))
        return ["node", str(DRIVER_JS), str(addon), str(log), str(calls), "--settle"]
    return _walk(cmd, tmp, _node_env(tmp / "node"), "node", calls=specs)


def _message(record):
    # napi-rs appends a backtrace of addresses to some messages
    return record["message"].split("\n\nStack backtrace")[0]


def classify(py, js, spec):
    """None when the outcomes agree, else the kind of difference."""
    if spec["kind"] in ("get", "set") and (
            py.get("message", "").startswith("Illegal invocation:") or
            py.get("v", "").startswith("Accessor:")):
        # the receiver check napi-python makes on instance accessors and Node does
        # not (docs/errors.rst); `this` undefined reads the accessor itself here
        return "receiver-check"
    if py["end"] == "value" and js["end"] == "value":
        if py["v"] != js["v"]:
            return "value:" + _kind(py["v"]) + "/" + _kind(js["v"])
        p, j = py.get("settled", ""), js.get("settled", "")
        if p != j and "pending" not in (p, j):  # (a promise still pending compares not)
            return "promise:" + _kind(p) + "/" + _kind(j)
        return None
    if py["end"] != js["end"]:
        return "value-vs-error" if py["end"] == "value" else "error-vs-value"
    if py.get("thrown") or js.get("thrown"):
        return None if py.get("thrown") == js.get("thrown") else "thrown-value"
    if _message(py) != _message(js):
        ours = not py.get("js") or py["message"].startswith("Illegal invocation:")
        v8 = bool(V8_MESSAGES.search(js["message"]))
        if ours and v8:
            return "runtime-wording"  # both are the runtime's own errors
        if ours or v8:
            return "runtime-vs-addon"  # one side's runtime refused, the other's addon
        return "error-message"
    if py.get("name") != js.get("name"):
        return "error-name"
    if py.get("code") != js.get("code"):
        return "error-code"
    return None


def _kind(v):
    return v.split(":", 1)[0]


def compare_package(entry, node_modules, mode="smoke", seed="0", n=8):
    addon = node_modules / entry["binary"]
    with tempfile.TemporaryDirectory(prefix="napi-outcomes-") as tmp:
        tmp = Path(tmp)
        # each side in its own empty directory (its cwd and HOME): the files one
        # side's calls make must not change the other's answers
        (tmp / "py").mkdir()
        (tmp / "node").mkdir()
        starts = []
        py = python_walk(addon, tmp, mode, seed, n, starts)
        order = sorted(py)
        specs = [py[i][0] for i in order]
        # Node starts a fresh process where the Python walk did (after a crash there),
        # so that both sides' instances and state begin anew at the same call
        cuts = sorted({next((k for k, i in enumerate(order) if i >= s), len(order))
                       for s in starts} | {0, len(order)})
        js = {}
        for a, b in zip(cuts, cuts[1:]):
            part = node_replay(addon, specs[a:b], tmp)
            js.update({a + k: v for k, v in part.items()})
    result = {"package": entry["package"], "calls": 0, "differences": []}
    for k, i in enumerate(order):
        if k not in js:
            continue
        result["calls"] += 1
        spec, p = py[i]
        j = js[k][1]
        kind = classify(p, j, spec)
        if kind:
            result["differences"].append({"kind": kind, "call": spec,
                                          "python": _brief(p), "node": _brief(j)})
    return result


def _brief(record):
    if record["end"] == "value":
        return record["v"] + (" -> " + record["settled"] if "settled" in record else "")
    text = f"{record.get('name', record['type'])}: {record['message']}"
    if "code" in record:
        text += f" [code {record['code']}]"
    if "thrown" in record:
        text += f" [thrown {record['thrown']}]"
    return text


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--json", help="write the differences to this file")
    p.add_argument("-v", "--verbose", action="store_true", help="print every difference")
    p.add_argument("--mode", choices=("smoke", "fuzz"), default="smoke",
                   help="fuzz: the fuzzer's random values (--seed, --n calls per member)")
    p.add_argument("--seed", default="0")
    p.add_argument("--n", type=int, default=4)
    p.add_argument("--corpus", type=Path,
                   help="a directory holding node_modules and the manifest.json that "
                        "make_manifest.py --corpus wrote (default: the smoke corpus)")
    p.add_argument("packages", nargs="*")
    a = p.parse_args()
    if a.corpus is None:
        node_modules, entries = ensure_installed(), manifest()
    else:
        node_modules = a.corpus.resolve() / "node_modules"
        entries = json.loads((a.corpus / "manifest.json").read_text())
    entries = [e for e in entries if not a.packages or e["package"] in a.packages]
    with ThreadPoolExecutor(max_workers=a.jobs) as pool:
        results = list(pool.map(lambda e: compare_package(e, node_modules, a.mode, a.seed, a.n), entries))
    kinds = Counter()
    by_kind = defaultdict(list)
    for r in results:
        for d in r["differences"]:
            kinds[d["kind"]] += 1
            by_kind[d["kind"]].append((r["package"], d))
        print(f"{r['package']}: {r['calls']} calls, {len(r['differences'])} differ",
              flush=True)
    for kind, items in sorted(by_kind.items()):
        print(f"\n== {kind}: {len(items)}")
        shown = items if a.verbose else items[:8]
        for package, d in shown:
            c = d["call"]
            what = ".".join(c["target"]) + ("." + c["member"] if "member" in c else "")
            print(f"  {package}: {c['kind']} {what} this={json.dumps(c.get('this'))} "
                  f"args={json.dumps(c.get('args', []))}\n"
                  f"      python: {d['python']}\n      node:   {d['node']}")
    total = sum(r["calls"] for r in results)
    differing = sum(len(r["differences"]) for r in results)
    print(f"\n{len(results)} packages, {total} calls compared, {differing} differ: "
          + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
