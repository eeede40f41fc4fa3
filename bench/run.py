"""Benchmarks: napi-python against a hand-written CPython extension and against Node.

    .venv/bin/python bench/run.py            # full run (about a minute), `make bench`
    .venv/bin/python bench/run.py --quick    # a few milliseconds per operation (smoke test)

One plain-C Node-API addon (bench/addon/bench_addon.c) is run three ways, in one
invocation:

* napi-python: loaded with ``napi_python.load_addon`` in this process;
* the CPython floor: bench/cext/bench_cext.c, the same operations written as a
  CPython extension, loaded in this process;
* Node: bench/node/bench.js in a ``node`` subprocess (skipped when node is missing).

Each operation is a tight ``timeit`` loop (garbage collector off, loop overhead
included, as in Node) calibrated to run for about ``--target-ms``; then ``--repeats``
runs of it, napi-python and the C extension interleaved run by run so that machine
drift hits both alike. The median ns per call is reported. The results go to
bench/results/latest.json (a full run) or to ``--json PATH``.

Not measured yet: async work, threadsafe functions and buffers. The core does not
implement them (issues 3 and 4), so there are no rows for them rather than made-up
numbers; see TODO_ROWS.
"""

import argparse
import datetime
import importlib.machinery
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
import timeit
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CACHE = ROOT / ".cache" / "bench"
RESULTS = BENCH / "results"
HEADERS = Path(os.environ.get("NODE_API_HEADERS_DIR")
               or ROOT / "tests" / "node_modules" / "node-api-headers" / "include")
CC = os.environ.get("CC", "gcc")
CFLAGS = ["-O2", "-shared", "-fPIC", "-Wall", "-Wno-unused-parameter"]

# Measure the installed package, never the source tree (which has no compiled _core).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]

# Callbacks made per call_cb() call; that row reports ns per callback.
CALLBACKS_PER_CALL = 1000

# (key, label, setup, statement, units per statement). `m` is the module under test:
# the addon's exports or the C extension. Functions are bound to locals in the setup
# so that the loop measures the call, not the attribute lookup on the module; the
# method call on an instance includes its lookup, as it would in user code.
OPS = [
    ("add", "add(a, b)",
     "f = m.add; a = 1.5; b = 2.25", "f(a, b)", 1),
    ("noop", "noop()",
     "f = m.noop", "f()", 1),
    ("echo_str", "echo_str(11-char str)",
     "f = m.echo_str; s = 'hello world'", "f(s)", 1),
    ("make_obj", "make_obj() -> {x: 1, y: 'a'}",
     "f = m.make_obj", "f()", 1),
    ("sum_array", "sum_array(100 numbers)",
     "f = m.sum_array; arr = [i + 0.5 for i in range(100)]", "f(arr)", 1),
    ("counter_increment", "Counter.increment() (unwrap)",
     "c = m.Counter()", "c.increment()", 1),
    ("counter_new", "new Counter() (wrap)",
     "C = m.Counter", "C()", 1),
    ("call_cb", "native -> script callback cb(i)",
     f"f = m.call_cb; cb = lambda i: None; n = {CALLBACKS_PER_CALL}", "f(cb, n)",
     CALLBACKS_PER_CALL),
]

# Rows that belong here once the core implements them (issues 3 and 4). Listed, not
# measured: no numbers are invented for them.
TODO_ROWS = [
    "async work asyncAdd, 100k in batches of 1000 (napi_create_async_work)",
    "threadsafe function, 1e6 calls from one native thread",
    "buffers: napi_create_buffer / napi_get_buffer_info round trip",
]


# --------------------------------------------------------------------------- build

def _stale(out, *sources):
    return not out.exists() or out.stat().st_mtime < max(s.stat().st_mtime for s in sources)


def _compile(cmd, out):
    tmp = out.with_name(out.name + ".tmp")
    r = subprocess.run([*cmd, "-o", str(tmp)], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"bench: building {out.name} failed:\n{' '.join(cmd)}\n{r.stderr}")
    tmp.replace(out)


def build_addon():
    """bench_addon.node, against the official Node-API headers from npm."""
    if not (HEADERS / "node_api.h").is_file():
        sys.exit(f"bench: official Node-API headers not found at {HEADERS}; "
                 "run `make test-deps` (it installs tests/package.json with npm)")
    src = BENCH / "addon" / "bench_addon.c"
    out = CACHE / "bench_addon.node"
    if _stale(out, src, Path(__file__)):
        _compile([CC, "-std=c11", *CFLAGS, "-I", str(HEADERS),
                  "-DNODE_GYP_MODULE_NAME=bench_addon", str(src)], out)
    return out


def build_cext():
    """bench_cext<EXT_SUFFIX>, against this interpreter's headers."""
    src = BENCH / "cext" / "bench_cext.c"
    out = CACHE / ("bench_cext" + sysconfig.get_config_var("EXT_SUFFIX"))
    if _stale(out, src, Path(__file__)):
        _compile([CC, *CFLAGS, "-I", sysconfig.get_paths()["include"], str(src)], out)
    return out


def load_cext(path):
    loader = importlib.machinery.ExtensionFileLoader("bench_cext", str(path))
    spec = importlib.util.spec_from_file_location("bench_cext", str(path), loader=loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


# ----------------------------------------------------------------- sanity checks

def check_module(name, m):
    """Each operation gives the expected answer, so no row times a broken path."""
    problems = []

    def expect(what, got, want):
        if got != want or type(got) is not type(want):
            problems.append(f"{what} -> {got!r}, expected {want!r}")

    expect("add(1.5, 2.25)", m.add(1.5, 2.25), 3.75)
    expect("noop()", m.noop(), None)
    expect("echo_str('hello world')", m.echo_str("hello world"), "hello world")
    expect("dict(make_obj())", dict(m.make_obj()), {"x": 1, "y": "a"})
    expect("sum_array(...)", m.sum_array([i + 0.5 for i in range(100)]), 5000.0)
    c = m.Counter()
    expect("Counter().increment() x2", (c.increment(), c.increment()), (1, 2))
    seen = []
    expect("call_cb(cb, 3)", m.call_cb(seen.append, 3), None)
    expect("callback arguments", seen, [0, 1, 2])
    if problems:
        sys.exit(f"bench: {name} gives wrong results:\n  " + "\n  ".join(problems))


# ------------------------------------------------------------------------ timing

def make_timer(m, setup, stmt):
    return timeit.Timer(stmt, setup, globals={"m": m})


def calibrate(timer, target_s):
    """The loop count for which one run takes about target_s (also the warm-up)."""
    n = 1
    while True:
        t = timer.timeit(n)
        if t >= target_s:
            return n
        n = n * 10 if t < target_s / 100 else int(n * 1.2 * target_s / max(t, 1e-9)) + 1


def bench_python(modules, target_s, repeats, only):
    """{impl: {key: {ns, runs, loops}}} for the in-process implementations."""
    results = {name: {} for name in modules}
    for key, _label, setup, stmt, per in OPS:
        if only and key not in only:
            continue
        timers = {name: make_timer(m, setup, stmt) for name, m in modules.items()}
        loops = {name: calibrate(t, target_s) for name, t in timers.items()}
        runs = {name: [] for name in modules}
        for _ in range(repeats):
            for name, t in timers.items():  # interleaved: drift hits all alike
                runs[name].append(t.timeit(loops[name]) / loops[name] / per * 1e9)
        for name in modules:
            results[name][key] = {"ns": statistics.median(runs[name]),
                                  "runs": runs[name], "loops": loops[name]}
    return results


def loop_overhead_ns(target_s, repeats):
    """The empty timeit loop, for reading the raw numbers (included in every row)."""
    t = timeit.Timer("pass")
    n = calibrate(t, target_s)
    return statistics.median(t.timeit(n) / n * 1e9 for _ in range(repeats))


def bench_node(addon_path, target_s, repeats, only):
    node = shutil.which("node")
    if node is None:
        print("bench: node not found on PATH; no Node column", file=sys.stderr)
        return None
    cmd = [node, str(BENCH / "node" / "bench.js"), str(addon_path),
           "--repeats", str(repeats), "--target-ms", str(target_s * 1000)]
    if only:
        cmd += ["--only", ",".join(only)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        print(f"bench: node run failed (no Node column):\n{r.stderr}", file=sys.stderr)
        return None
    return json.loads(r.stdout)


# ------------------------------------------------------------------------ report

def _fmt_ns(v):
    if v is None:
        return "-"
    return f"{v:,.0f}" if v >= 1000 else f"{v:.1f}"


def _ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def table(rows):
    head = ["operation", "napi-python ns", "C ext ns", "Node ns",
            "ratio vs C ext", "ratio vs Node"]
    body = [[label, _fmt_ns(napi), _fmt_ns(cext), _fmt_ns(node),
             "-" if r1 is None else f"{r1:.2f}x", "-" if r2 is None else f"{r2:.2f}x"]
            for label, napi, cext, node, r1, r2 in rows]
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]

    def line(cells):
        return "| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w)
                                 for i, (c, w) in enumerate(zip(cells, widths))) + " |"

    sep = "|" + "|".join("-" * (w + 1) + ("-" if i == 0 else ":")
                         for i, w in enumerate(widths)) + "|"
    return "\n".join([line(head), sep, *map(line, body)])


def _git_commit():
    try:
        rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=ROOT, capture_output=True, text=True).stdout.strip()
        return rev + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="few iterations (about 10 ms per run, 3 runs): a smoke test; "
                         "writes no results file unless --json is given")
    ap.add_argument("--json", metavar="PATH", type=Path,
                    help="write the results here (default for a full run: "
                         "bench/results/latest.json)")
    ap.add_argument("--repeats", type=int, help="timed runs per operation (default 5)")
    ap.add_argument("--target-ms", type=float,
                    help="length of one timed run in ms (default 200)")
    ap.add_argument("--only", metavar="OPS",
                    help="comma-separated operation keys: " + ",".join(k for k, *_ in OPS))
    ap.add_argument("--no-node", action="store_true", help="skip the Node column")
    args = ap.parse_args(argv)

    repeats = args.repeats or (3 if args.quick else 5)
    target_s = (args.target_ms or (10 if args.quick else 200)) / 1000
    only = args.only.split(",") if args.only else None
    if only:
        unknown = set(only) - {k for k, *_ in OPS}
        if unknown:
            ap.error(f"unknown operations: {', '.join(sorted(unknown))}")

    started = time.monotonic()
    CACHE.mkdir(parents=True, exist_ok=True)
    addon_path = build_addon()
    cext_path = build_cext()

    import napi_python
    modules = {"napi-python": napi_python.load_addon(addon_path),
               "cext": load_cext(cext_path)}
    for name, m in modules.items():
        check_module(name, m)

    py = bench_python(modules, target_s, repeats, only)
    overhead = loop_overhead_ns(target_s, repeats)
    node = None if args.no_node else bench_node(addon_path, target_s, repeats, only)

    rows, ops_json = [], {}
    for key, label, _setup, _stmt, per in OPS:
        if only and key not in only:
            continue
        napi_ns = py["napi-python"][key]["ns"]
        cext_ns = py["cext"][key]["ns"]
        node_res = node["results"].get(key) if node else None
        node_ns = node_res["ns"] if node_res else None
        rows.append((label, napi_ns, cext_ns, node_ns,
                     _ratio(napi_ns, cext_ns), _ratio(napi_ns, node_ns)))
        ops_json[key] = {
            "label": label, "unit": "ns per callback" if per > 1 else "ns per call",
            "napi_python": py["napi-python"][key], "cext": py["cext"][key],
            "node": node_res,
            "ratio_vs_cext": _ratio(napi_ns, cext_ns),
            "ratio_vs_node": _ratio(napi_ns, node_ns),
        }

    print(table(rows))
    print(f"\nmedian of {repeats} runs of ~{target_s * 1000:g} ms each; ns per call, "
          f"timing loop included (empty Python loop: {overhead:.1f} ns/iter); "
          f"callback row: ns per callback, {CALLBACKS_PER_CALL} per call_cb().")
    print("Not measured yet (the core lacks them, issues 3/4): " + "; ".join(TODO_ROWS))

    out = args.json or (None if args.quick else RESULTS / "latest.json")
    if out is not None:
        doc = {
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "git_commit": _git_commit(),
            "quick": args.quick,
            "repeats": repeats,
            "target_ms": target_s * 1000,
            "machine": {"platform": platform.platform(), "cpu": _cpu_model(),
                        "cpus": os.cpu_count()},
            "python": sys.version.split()[0],
            "napi_python": getattr(napi_python, "__version__", None),
            "node": node and node["version"],
            "compiler": f"{CC} {' '.join(CFLAGS)}",
            "python_loop_overhead_ns": overhead,
            "operations": ops_json,
            "not_measured": TODO_ROWS,
        }
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(doc, indent=2) + "\n")
        print(f"results: {out}")
    print(f"({time.monotonic() - started:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
