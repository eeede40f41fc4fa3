"""Instructions per call of bench/run.py's per-call rows, counted with callgrind.

    .venv/bin/python bench/callgrind.py add_float echo_str     # rows by run.py key
    .venv/bin/python bench/callgrind.py --top 25 counter_new   # more functions

For each row and each in-process implementation (napi-python, the C extension), runs
the row's timeit loop under ``valgrind --tool=callgrind`` twice, with N1 and N2
iterations, and subtracts: what is left is the cost of N2 - N1 calls (the interpreter
start, the imports and the set-up cancel out). Prints instructions per call and the
functions that take them (self cost per call, largest first). Needs valgrind; the
core library must have its symbols for function names (an installed wheel is
stripped: ``--symbols build/<tag>`` copies the unstripped libraries of the build tree
over the installed ones first, same build, same code).

Instruction counts are not time (a cache miss costs more than an add), but they do
not move with the machine's load, so they show where a row's cost goes and whether
a change removed work.
"""

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import run  # noqa: E402  (bench/run.py: the rows, the builds)

HARNESS = r"""
import sys, timeit, types
sys.path.insert(0, {bench!r})
import run
impl, key, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
op = {{o[0]: o for o in run.OPS}}[key]
if impl == "napi-python":
    import napi_python
    m = napi_python.load_addon({addon!r})
    x = napi_python.require(run.XXHASH_PACKAGE, paths=[run.CORPUS_MODULES]) if key == "xxh32_1k" else None
else:
    m = run.load_cext({cext!r})
    x = None
    if key == "xxh32_1k":
        import xxhash
        x = types.SimpleNamespace(xxh32=xxhash.xxh32_intdigest)
t = run.make_timer({{"m": m, "x": x}}, op[2], op[3])
t.timeit(n)
"""


def callgrind(harness, impl, key, n, out):
    cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
           sys.executable, "-c", harness, impl, key, str(n)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"callgrind failed for {impl} {key}:\n{r.stderr[-3000:]}")
    return out


def self_costs(path):
    """{function: self Ir} from callgrind_annotate, and the total."""
    r = subprocess.run(["callgrind_annotate", "--threshold=100", "--inclusive=no", str(path)],
                       capture_output=True, text=True, check=True)
    costs, total = collections.Counter(), None
    for line in r.stdout.splitlines():
        m = re.match(r"^\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(\S.*?)\s*(?:\[.*\])?$", line)
        if not m:
            continue
        value = int(m.group(1).replace(",", ""))
        name = m.group(2)
        if "PROGRAM TOTALS" in name:
            total = value
        elif ":" in name:
            costs[name.split(":", 1)[1].strip()] += value
    return costs, total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rows", nargs="+", help="run.py per-call keys, e.g. add_float")
    ap.add_argument("--n1", type=int, default=20_000)
    ap.add_argument("--n2", type=int, default=120_000)
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--symbols", metavar="BUILD_DIR", type=Path,
                    help="copy the unstripped core libraries of this build tree over "
                         "the installed ones first")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("callgrind.py needs valgrind")
    if args.symbols:
        import napi_python._core  # (an editable install keeps the libraries apart)
        dest = Path(napi_python._core.__file__).parent
        for lib in args.symbols.glob("*.so"):
            if (dest / lib.name).exists():  # a new file: this process maps the old one
                shutil.copy2(lib, dest / (lib.name + ".tmp"))
                os.replace(dest / (lib.name + ".tmp"), dest / lib.name)
    run.CACHE.mkdir(parents=True, exist_ok=True)
    harness = HARNESS.format(bench=str(BENCH), addon=str(run.build_addon()),
                             cext=str(run.build_cext()))
    keys = {o[0] for o in run.OPS}
    with tempfile.TemporaryDirectory() as tmp:
        for key in args.rows:
            if key not in keys:
                sys.exit(f"unknown row {key}; one of {', '.join(sorted(keys))}")
            for impl in ("napi-python", "cext"):
                a = callgrind(harness, impl, key, args.n1, Path(tmp) / f"{key}.{impl}.1")
                b = callgrind(harness, impl, key, args.n2, Path(tmp) / f"{key}.{impl}.2")
                ca, ta = self_costs(a)
                cb, tb = self_costs(b)
                calls = args.n2 - args.n1
                print(f"{key} [{impl}]: {(tb - ta) / calls:.0f} instructions per call")
                diff = {f: (cb[f] - ca.get(f, 0)) / calls for f in cb}
                for f, v in sorted(diff.items(), key=lambda kv: -kv[1])[:args.top]:
                    if v >= 0.5:
                        print(f"  {v:8.1f}  {f}")
                print()
                os.unlink(a)
                os.unlink(b)


if __name__ == "__main__":
    main()
