"""Benchmarks: napi-python against a hand-written CPython extension and against Node.

    .venv/bin/python bench/run.py            # full run (a few minutes), `make bench`
    .venv/bin/python bench/run.py --quick    # a few seconds in all (smoke test)
    .venv/bin/python bench/run.py --update-readme   # also put the table in README.md

One plain-C Node-API addon (bench/addon/bench_addon.c) is run three ways, in one
invocation:

* napi-python: loaded with ``napi_python.load_addon`` in this process;
* the CPython floor: bench/cext/bench_cext.c, the same operations written as a
  CPython extension, loaded in this process;
* Node: bench/node/bench.js in a ``node`` subprocess (skipped when node is missing).

A second, small addon (bench/addon/bench_libuv.c) calls libuv's uv_queue_work
itself; it is loaded only for its rows, after the others (an addon using libuv makes
every addon call pay a short check).

Besides, one real addon from the corpus (``@node-rs/xxhash``, beside PyPI's
``xxhash`` as the C-extension column) and the load time of the corpus's largest
addon, each in fresh processes; real workloads of corpus addons (jieba, lightningcss,
oxc-parser, @napi-rs/image, argon2), their native bindings called directly under
napi-python and Node alike, on inputs generated here; and the scaling rows (cost per
element of sum_array(n) and make_obj_n(n), n = 10 .. 100,000).

Per-call rows: a tight ``timeit`` loop (garbage collector off, loop overhead
included, as in Node) calibrated to run for about ``--target-ms``; then ``--repeats``
runs of it, napi-python and the C extension interleaved run by run so that machine
drift hits both alike; the median ns per call is reported. Throughput rows (async
work, threadsafe functions): ``--repeats`` runs of a fixed amount of work on a fresh
event loop, median completions (calls) per second. Load row: ``--repeats`` fresh
processes each, median milliseconds around the load call. The results go to
bench/results/latest.json (a full run) or to ``--json PATH``; see bench/README.md.
"""

import argparse
import datetime
import importlib.machinery
import importlib.util
import json
import os
import platform
import shutil
import re
import statistics
import subprocess
import sys
import sysconfig
import time
import timeit
import types
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CACHE = ROOT / ".cache" / "bench"
RESULTS = BENCH / "results"
HEADERS = Path(os.environ.get("NODE_API_HEADERS_DIR")
               or ROOT / "tests" / "node_modules" / "node-api-headers" / "include")
CC = os.environ.get("CC", "gcc")
CFLAGS = ["-O2", "-shared", "-fPIC", "-Wall", "-Wno-unused-parameter"]
CORPUS_MODULES = ROOT / "tests" / "corpus" / "node_modules"
XXHASH_PACKAGE = "@node-rs/xxhash"

# Measure the installed package, never the source tree (which has no compiled _core).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]

# Callbacks made per call_cb() call; that row reports ns per callback.
CALLBACKS_PER_CALL = 1000

# (key, label, setup, statement, units per statement). `m` is the module under test:
# the addon's exports or the C extension. Functions are bound to locals in the setup
# so that the loop measures the call, not the attribute lookup on the module; the
# method call on an instance includes its lookup, as it would in user code.
OPS = [
    # add(1, 2) as the issues state it (small ints), and with floats: the C extension
    # pays for ints (PyFloat_AsDouble goes through __float__), napi-python does not.
    ("add", "add(1, 2)",
     "f = m.add; a = 1; b = 2", "f(a, b)", 1),
    ("add_float", "add(1.5, 2.25)",
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

# The same bytes in every implementation (bench.js builds them alike): byte i is
# (i * 131 + 7) mod 256, also the addon's make_buffer pattern.
def pattern(n):
    return bytes((i * 131 + 7) & 0xFF for i in range(256)) * (n // 256) + \
        bytes((i * 131 + 7) & 0xFF for i in range(n % 256))


KIB, MIB = 1024, 1 << 20
DATA_1K, DATA_1M = pattern(KIB), pattern(MIB)

OPS += [
    ("hash_1k", "hash_buffer(1 KiB bytes)",
     "f = m.hash_buffer; b = D1K", "f(b)", 1),
    ("hash_1m", "hash_buffer(1 MiB bytes)",
     "f = m.hash_buffer; b = D1M", "f(b)", 1),
    ("make_buffer_1m", "make_buffer(1 MiB) -> Buffer (copy)",
     "f = m.make_buffer; n = MIB", "f(n)", 1),
    # The corpus addon; the C-extension column is PyPI's xxhash (same algorithm).
    ("xxh32_1k", "@node-rs/xxhash xxh32(1 KiB)",
     "f = x.xxh32; b = D1K", "f(b, 0)", 1),
    # One call building a large object graph: 10k objects of 5 properties.
    ("make_objects_10k", "make_objects(10k) -> 10k objects x 5 props",
     "f = m.make_objects; n = 10000", "f(n)", 1),
]

# Real workloads from the corpus (issue 17): the package's native binding, loaded with
# napi_python.require (which loads the .node, never the JS wrapper); Node requires the
# same .node file. `w` holds the loaded bindings and the inputs (make_workloads); no
# C-extension column.
WORKLOAD_OPS = [
    ("jieba_cut", "@node-rs/jieba cut(6 KB of text) -> strings",
     "J = w.jieba; t = w.text", "J.cut(t, False)", 1),
    ("css_transform", "lightningcss transform(100 KB CSS, minify)",
     "f = w.css.transform; o = w.css_opts", "f(o)", 1),
    ("oxc_parse", "oxc-parser parseSync(100 KB JS).program",
     "f = w.oxc.parseSync; src = w.js", "f('bench.js', src).program", 1),
    ("image_resize", "@napi-rs/image PNG 256x256 -> resize 128 -> PNG",
     "T = w.image.Transformer; png = w.png", "T(png).resize(128).pngSync()", 1),
]
OPS += WORKLOAD_OPS
WORKLOAD_KEYS = {k for k, *_ in WORKLOAD_OPS}

# The corpus packages the workload rows call (their native bindings): name in `w` ->
# npm package.
WORKLOAD_PACKAGES = {"jieba": "@node-rs/jieba", "css": "lightningcss", "oxc": "oxc-parser",
                     "image": "@napi-rs/image", "argon2": "@node-rs/argon2"}
# argon2's hash through the pool: ARGON2_INFLIGHT hashes in flight, with small costs so
# that the pool and the loop matter next to the hashing (about 1 ms a hash).
ARGON2_INFLIGHT = 64
ARGON2_OPTIONS = {"memoryCost": 1024, "timeCost": 2, "parallelism": 1}
ARGON2_KEY = "argon2_asyncio"

# Scaling rows: cost per element of sum_array(n) and make_obj_n(n) (an object with n
# properties) for these n; it must stay flat (no quadratic path).
SCALING_NS = [10, 100, 1_000, 10_000, 100_000]
SCALING_OPS = [("sum_array", "sum_array(n): ns per element"),
               ("make_obj_n", "make_obj_n(n): ns per property")]
# Flat: the cost per element at the largest n at most this many times that at n=1000
# (where the per-call cost is already spread thin). A path linear in n per element
# (quadratic in all) would multiply it by about 100 between n=1,000 and n=100,000; the
# memory growing out of the caches costs 2-3x there in every runtime (the C extension's
# dict and Node's objects as well).
SCALING_FLAT = 4.0
SCALING_KEY = "scaling"

# Throughput rows: (key, label, kind). Measured by bench_rates / bench.js.
RATES = [
    ("async_asyncio", "async work asyncAdd, gather x1000 (asyncio)", "async"),
    ("async_uvloop", "async work asyncAdd, gather x1000 (uvloop)", "async"),
    ("tsfn_asyncio", "threadsafe function, 1 native thread (asyncio)", "tsfn"),
    ("tsfn_uvloop", "threadsafe function, 1 native thread (uvloop)", "tsfn"),
    # bench_libuv.c, a separate addon (see UV_KINDS).
    ("uvwork1_asyncio", "uv_queue_work round trips, 1 in flight (asyncio)", "uvwork1"),
    ("uvwork1_uvloop", "uv_queue_work round trips, 1 in flight (uvloop)", "uvwork1"),
    ("uvwork64_asyncio", "uv_queue_work round trips, 64 in flight (asyncio)", "uvwork64"),
    ("uvwork64_uvloop", "uv_queue_work round trips, 64 in flight (uvloop)", "uvwork64"),
]
# Rows of addon/bench_libuv.c, an addon calling libuv itself: kind -> requests in
# flight. Loaded only when one of them runs, after the other rows: once an addon uses
# libuv, every call into any addon pays a short check (docs/guide.rst).
UV_KINDS = {"uvwork1": 1, "uvwork64": 64}
LOAD_KEY = "load_largest"

# Targets: key -> (column compared with, largest ratio napi-python/other, judged on).
# Ratios are always cost ratios (time, or the inverse of a rate): below 1 is faster.
# Judged on "median": the medians of the runs; "worst": napi-python's worst run
# against the other's median (the row must beat it in every run, not only mostly).
# Issue 17's targets; issue 7's where issue 17 sets none for the row.
TARGETS = {
    # issue 17: against the hand-written CPython extension
    "add_float": ("cext", 1.3, "median"), "echo_str": ("cext", 1.2, "median"),
    "sum_array": ("cext", 1.3, "median"), "counter_increment": ("cext", 1.3, "median"),
    "counter_new": ("cext", 2.0, "median"), "hash_1k": ("cext", 1.2, "median"),
    "xxh32_1k": ("cext", 1.3, "median"),
    # issue 17: async work under plain asyncio at least Node's rate in every run
    "async_asyncio": ("node", 1.0, "worst"),
    # issue 17: real workloads at or under Node
    **{k: ("node", 1.0, "median") for k in (*WORKLOAD_KEYS, "make_objects_10k", ARGON2_KEY)},
    # issue 7
    "add": ("cext", 1.3, "median"), "noop": ("cext", 1.5, "median"),
    **{k: ("node", 1.0, "median") for k in ("make_obj", "call_cb")},
    "async_uvloop": ("node", 1.0, "median"),
    "tsfn_asyncio": ("node", 0.5, "median"), "tsfn_uvloop": ("node", 0.5, "median"),
    LOAD_KEY: ("node", 1.0, "median"),
}

ALL_KEYS = ([k for k, *_ in OPS] + [k for k, *_ in RATES] + [ARGON2_KEY, LOAD_KEY,
                                                              SCALING_KEY])


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
        _compile([CC, "-std=c11", *CFLAGS, "-pthread", "-I", str(HEADERS),
                  "-DNODE_GYP_MODULE_NAME=bench_addon", str(src)], out)
    return out


def build_libuv_addon():
    """bench_libuv.node: calls uv_queue_work, resolved from the host (Node's libuv, or
    the libuv napi-python makes global) at load time."""
    src = BENCH / "addon" / "bench_libuv.c"
    out = CACHE / "bench_libuv.node"
    if _stale(out, src, Path(__file__)):
        _compile([CC, "-std=c11", *CFLAGS, "-I", str(HEADERS),
                  "-DNODE_GYP_MODULE_NAME=bench_libuv", str(src)], out)
    return out


def build_cext():
    """bench_cext<EXT_SUFFIX>, against this interpreter's headers."""
    src = BENCH / "cext" / "bench_cext.c"
    out = CACHE / ("bench_cext" + sysconfig.get_config_var("EXT_SUFFIX"))
    if _stale(out, src, Path(__file__)):
        _compile([CC, *CFLAGS, "-I", sysconfig.get_paths()["include"], str(src)], out)
    return out


def corpus_xxhash_dir():
    """The installed @node-rs/xxhash package (installing the pinned corpus with npm
    first, as the corpus tests do), or None with a reason on stderr."""
    tests = str(ROOT / "tests")
    if tests not in sys.path:
        sys.path.append(tests)
    try:
        from corpus.support import ensure_installed
        ensure_installed()
    except BaseException as e:  # pytest.fail outside pytest is a BaseException
        print(f"bench: cannot install the corpus (no xxhash or load rows): {e}",
              file=sys.stderr)
        return None
    path = CORPUS_MODULES / XXHASH_PACKAGE
    return path if path.is_dir() else None


# ------------------------------------------------------------- corpus workloads

def lcg(seed):
    """A small deterministic generator (the same numbers on every machine)."""
    x = seed
    while True:
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        yield x


def jieba_text(dictionary, size=6 * 1024):
    """About `size` bytes (UTF-8) of Chinese text: common words of jieba's own
    dictionary (frequency at least 1,000), one or two characters long (two of three
    picks one character), picked by lcg, with a comma every few words and a full stop
    every sentence: 2,048 characters, which cut() splits into about 1,600 strings."""
    entries = [line.split(" ") for line in dictionary.decode().splitlines() if line]
    common = [e[0] for e in entries if len(e) > 1 and int(e[1]) >= 1000]
    pools = [[w for w in common if len(w) == 1], [w for w in common if len(w) == 2]]
    out, n = [], 0
    for i, x in enumerate(lcg(17)):
        pool = pools[i % 3 == 2]
        w = pool[x % len(pool)] + ("。" if i % 17 == 16 else "，" if i % 4 == 3 else "")
        n += len(w.encode())
        if n > size:
            break
        out.append(w)
    return "".join(out)


def css_source(size=100 * 1024):
    """About `size` bytes of CSS: rules, selectors, media queries, things to minify."""
    out, n = [], 0
    for i, x in enumerate(lcg(23)):
        rule = (f".c{i} > .d{x % 13}, #id{i}:hover {{ color: #{x & 0xFFFFFF:06x}; "
                f"margin: {i % 7}px {i % 5}px 0px 0px; padding: 0px; display: flex; "
                f"background: rgba({x % 256}, {i % 256}, 0, 0.{x % 9 + 1}); }}\n")
        if i % 10 == 9:
            rule += (f"@media (min-width: {300 + x % 50 * 10}px) {{ .e{i} {{ "
                     f"width: calc(100% - {i % 30}px); transition: opacity 0.{x % 9}s "
                     f"ease-in; }} }}\n")
        n += len(rule)
        if n > size:
            break
        out.append(rule)
    return "".join(out).encode()


def js_source(size=100 * 1024):
    """About `size` bytes of JavaScript: functions, classes, literals."""
    out, n = [], 0
    for i, x in enumerate(lcg(29)):
        code = (f"export function f{i}(a, b = {x % 100}) {{\n"
                f"  const x = a * {i} + b, s = 'k{x % 1000}';\n"
                f"  if (x > {x % 97}) return [x, s, {{ a, b, n: {i}, t: `v${{a}}` }}];\n"
                f"  for (let j = 0; j < b; j++) a += j % {i % 7 + 1};\n"
                f"  return a ?? null;\n}}\n"
                f"class C{i} extends Array {{ constructor() {{ super(); this.v = {i}; }} "
                f"get w() {{ return this.v + {x % 11}; }} }}\n")
        n += len(code)
        if n > size:
            break
        out.append(code)
    return "".join(out)


def rgba_pixels(w, h):
    """A w x h RGBA image: gradients and a xor pattern (so that PNG has work to do)."""
    row = bytearray()
    rows = []
    for y in range(h):
        row = bytearray(4 * w)
        for x in range(w):
            row[4 * x:4 * x + 4] = bytes((x * 255 // w, y * 255 // h, (x ^ y) & 255, 255))
        rows.append(bytes(row))
    return b"".join(rows)


def make_workloads(napi_python):
    """The corpus bindings and inputs of the workload rows, as a namespace `w`, and
    {name: .node path} for Node; the inputs are also written to CACHE/inputs for
    bench.js. (None, None) with a reason on stderr when the corpus is missing."""
    from napi_python._require import find_addon
    try:
        paths = {name: find_addon(pkg, [CORPUS_MODULES])
                 for name, pkg in WORKLOAD_PACKAGES.items()}
    except ImportError as e:
        print(f"bench: corpus workload packages missing (no workload rows): {e}",
              file=sys.stderr)
        return None, None
    w = types.SimpleNamespace(**{name: napi_python.load_addon(path)
                                 for name, path in paths.items()})
    dictionary = (CORPUS_MODULES / "@node-rs/jieba" / "dict.txt").read_bytes()
    w.jieba = w.jieba.Jieba.withDict(dictionary)
    w.text = jieba_text(dictionary)
    w.css_opts = {"filename": "bench.css", "code": css_source(), "minify": True}
    w.js = js_source()
    # The PNG is made by the image package itself, from raw pixels.
    w.png = bytes(w.image.Transformer.fromRgbaPixels(rgba_pixels(256, 256), 256, 256)
                  .pngSync())
    inputs = CACHE / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    for name, data in (("text.txt", w.text.encode()), ("bench.css", w.css_opts["code"]),
                       ("bench.js", w.js.encode()), ("bench.png", w.png)):
        if not (inputs / name).is_file() or (inputs / name).read_bytes() != data:
            (inputs / name).write_bytes(data)
    return w, paths


def workload_checks(w, m):
    """What each workload gives (digests; all but make_objects need `w`), to compare
    with Node's answers."""
    import hashlib

    def sha(b):
        return hashlib.sha1(b).hexdigest()
    objs = m.make_objects(10000)
    checks = {"make_objects_10k": [len(objs), dict(objs[7]), dict(objs[9998])]}
    if w is not None:
        words = w.jieba.cut(w.text, False)
        checks.update({
            "jieba_cut": [len(words), sha("|".join(words).encode())],
            "css_transform": sha(bytes(w.css.transform(w.css_opts).code)),
            "oxc_parse": sha(w.oxc.parseSync("bench.js", w.js).program.encode()),
            "image_resize": sha(bytes(w.image.Transformer(w.png).resize(128).pngSync())),
        })
    return checks


def largest_corpus_addon():
    """The largest .node file of the corpus that is a Node-API addon for this
    platform (glibc Linux x64: not a musl or other-platform prebuild, not one built
    for a single Node ABI)."""
    best = None
    for p in CORPUS_MODULES.rglob("*.node"):
        rel = str(p.relative_to(CORPUS_MODULES))
        if re.search(r"musl|darwin|win32|android|freebsd|arm64|armv7|arm-|ia32|\babi\d+", rel):
            continue
        if best is None or p.stat().st_size > best.stat().st_size:
            best = p
    return best


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
    expect("add(1, 2)", m.add(1, 2), 3.0)
    expect("noop()", m.noop(), None)
    expect("echo_str('hello world')", m.echo_str("hello world"), "hello world")
    expect("dict(make_obj())", dict(m.make_obj()), {"x": 1, "y": "a"})
    expect("sum_array(...)", m.sum_array([i + 0.5 for i in range(100)]), 5000.0)
    c = m.Counter()
    expect("Counter().increment() x2", (c.increment(), c.increment()), (1, 2))
    seen = []
    expect("call_cb(cb, 3)", m.call_cb(seen.append, 3), None)
    expect("callback arguments", seen, [0, 1, 2])
    expect("hash_buffer(1 KiB)", m.hash_buffer(DATA_1K), hash_bytes(DATA_1K))
    expect("hash_buffer(1 MiB)", m.hash_buffer(DATA_1M), hash_bytes(DATA_1M))
    expect("bytes(make_buffer(1 MiB))", bytes(m.make_buffer(MIB)) == DATA_1M, True)
    if problems:
        sys.exit(f"bench: {name} gives wrong results:\n  " + "\n  ".join(problems))


def hash_bytes(data):
    """bench_addon.c's hash in Python: FNV-1a over 64-bit little-endian words."""
    h, mask = 0xCBF29CE484222325, (1 << 64) - 1
    n8 = len(data) // 8 * 8
    words = memoryview(data)[:n8].cast("Q") if sys.byteorder == "little" else \
        [int.from_bytes(data[i:i + 8], "little") for i in range(0, n8, 8)]
    for w in words:
        h = ((h ^ w) * 0x100000001B3) & mask
    for b in data[n8:]:
        h = ((h ^ b) * 0x100000001B3) & mask
    return (h ^ (h >> 32)) & 0xFFFFFFFF


def check_async(name, m):
    """asyncAdd (async_add) and tsfn_run answer right (before timing them)."""
    import asyncio

    async def body():
        sums = await asyncio.gather(*(_async_fn(m)(i, 0.5) for i in range(100)))
        seen = []
        delivered = await m.tsfn_run(seen.append, 1000)
        return sums, delivered, seen
    sums, delivered, seen = asyncio.run(body())
    problems = []
    if sums != [i + 0.5 for i in range(100)]:
        problems.append(f"asyncAdd results {sums[:5]}...")
    if delivered != 1000 or seen != list(range(1000)):
        problems.append(f"tsfn_run delivered {delivered}, callback saw {len(seen)} calls")
    if problems:
        sys.exit(f"bench: {name} gives wrong results:\n  " + "\n  ".join(problems))


# ------------------------------------------------------------------------ timing

def make_timer(env, setup, stmt):
    return timeit.Timer(stmt, setup, globals={**env, "D1K": DATA_1K, "D1M": DATA_1M,
                                              "MIB": MIB})


def calibrate(timer, target_s):
    """The loop count for which one run takes about target_s (also the warm-up)."""
    n = 1
    while True:
        t = timer.timeit(n)
        if t >= target_s:
            return n
        n = n * 10 if t < target_s / 100 else int(n * 1.2 * target_s / max(t, 1e-9)) + 1


def bench_python(impls, target_s, repeats, only):
    """{impl: {key: {value, runs, loops}}} (ns per call) for the in-process
    implementations. `impls` maps a name to the globals its statements see (`m`:
    the bench module, `x`: the xxhash implementation, or None when missing)."""
    results = {name: {} for name in impls}
    for key, _label, setup, stmt, per in OPS:
        if only and key not in only:
            continue
        # A row whose module an implementation lacks (xxhash) has no value there.
        present = {name: env for name, env in impls.items()
                   if all(v is not None for n, v in env.items() if n + "." in setup)}
        timers = {name: make_timer(env, setup, stmt) for name, env in present.items()}
        loops = {name: calibrate(t, target_s) for name, t in timers.items()}
        runs = {name: [] for name in timers}
        for _ in range(repeats):
            for name, t in timers.items():  # interleaved: drift hits all alike
                runs[name].append(t.timeit(loops[name]) / loops[name] / per * 1e9)
        for name in timers:
            results[name][key] = {"value": statistics.median(runs[name]),
                                  "runs": runs[name], "loops": loops[name]}
    return results


def _event_loop(kind):
    if kind == "uvloop":
        import uvloop
        return uvloop.new_event_loop()
    import asyncio
    return asyncio.new_event_loop()


def _async_fn(m):
    """The addon's asyncAdd, or the C extension's async_add."""
    return getattr(m, "asyncAdd", None) or m.async_add


async def _async_rate(m, n, batch):
    import asyncio
    f = _async_fn(m)
    t0 = time.perf_counter()
    for _ in range(n // batch):
        last = await asyncio.gather(*[f(i, 1) for i in range(batch)])
    dt = time.perf_counter() - t0
    if last[-1] != batch:
        raise AssertionError(f"asyncAdd gave {last[-1]}")
    return n // batch * batch / dt


async def _tsfn_rate(m, n):
    cb = lambda i: None  # noqa: E731
    t0 = time.perf_counter()
    delivered = await m.tsfn_run(cb, n)
    dt = time.perf_counter() - t0
    if delivered != n:
        raise AssertionError(f"tsfn_run delivered {delivered} of {n}")
    return n / dt


def bench_rates(modules, sizes, repeats, only):
    """{impl: {key: {value, runs}}} (per second) for the throughput rows, each on a
    fresh event loop per implementation (asyncio's default loop, or uvloop), with a
    warm-up, the implementations interleaved run by run."""
    results = {name: {} for name in modules}
    for key, _label, kind in RATES:
        if (only and key not in only) or kind in UV_KINDS:
            continue
        loops = {name: _event_loop(key.split("_")[1]) for name in modules}
        try:
            if kind == "async":
                n, batch = sizes["async_n"], sizes["async_batch"]
                warm, run = (lambda m: _async_rate(m, batch, batch),
                             lambda m: _async_rate(m, n, batch))
            else:
                n = sizes["tsfn_n"]
                warm, run = (lambda m: _tsfn_rate(m, min(n, 10_000)),
                             lambda m: _tsfn_rate(m, n))
            for name, m in modules.items():
                loops[name].run_until_complete(warm(m))
            runs = {name: [] for name in modules}
            for _ in range(repeats):
                for name, m in modules.items():
                    runs[name].append(loops[name].run_until_complete(run(m)))
        finally:
            for loop in loops.values():
                loop.close()
        for name in modules:
            results[name][key] = {"value": statistics.median(runs[name]), "runs": runs[name]}
    return results


async def _uv_work_rate(m, n, inflight):
    t0 = time.perf_counter()
    done = await m.uv_work_run(n, inflight)
    dt = time.perf_counter() - t0
    if done != n:
        raise AssertionError(f"uv_work_run completed {done} of {n}")
    return n / dt


def bench_uv_rates(m, sizes, repeats, only):
    """{key: {value, runs}} (round trips per second) for the libuv rows: the
    bench_libuv addon `m` on a fresh asyncio or uvloop loop per row, with a warm-up."""
    results = {}
    for key, _label, kind in RATES:
        if kind not in UV_KINDS or (only and key not in only):
            continue
        inflight = UV_KINDS[kind]
        n = sizes["uv_n"] * inflight if inflight > 1 else sizes["uv_n"]
        n = min(n, sizes["uv_max"])
        loop = _event_loop(key.split("_")[1])
        try:
            loop.run_until_complete(_uv_work_rate(m, min(n, 1000), inflight))
            runs = [loop.run_until_complete(_uv_work_rate(m, n, inflight))
                    for _ in range(repeats)]
        finally:
            loop.close()
        results[key] = {"value": statistics.median(runs), "runs": runs, "n": n}
    return results


async def _argon2_rate(a, n, inflight):
    """Hashes per second: `inflight` lanes, each awaiting its share of n hashes one
    after the other, so that `inflight` are queued on the pool all along."""
    import asyncio

    async def lane(k):
        h = None
        for _ in range(k):
            h = await a.hash("password", ARGON2_OPTIONS)
        return h
    t0 = time.perf_counter()
    hashes = await asyncio.gather(*(lane(n // inflight) for _ in range(inflight)))
    dt = time.perf_counter() - t0
    if not all(h.startswith("$argon2id$v=19$m=1024,t=2,p=1$") for h in hashes):
        raise AssertionError(f"argon2 hash gave {hashes[0]!r}")
    return n // inflight * inflight / dt


def bench_argon2(a, sizes, repeats):
    """{ARGON2_KEY: {value, runs}}: @node-rs/argon2's hash (async work on the pool)
    under asyncio's default loop, a warm-up first."""
    loop = _event_loop("asyncio")
    try:
        loop.run_until_complete(_argon2_rate(a, ARGON2_INFLIGHT, ARGON2_INFLIGHT))
        runs = [loop.run_until_complete(_argon2_rate(a, sizes["argon2_n"], ARGON2_INFLIGHT))
                for _ in range(repeats)]
    finally:
        loop.close()
    return {ARGON2_KEY: {"value": statistics.median(runs), "runs": runs}}


def bench_scaling(impls, target_s, repeats):
    """{impl: {op: {n: {value, runs}}}}: ns per element of sum_array(n) and
    make_obj_n(n) for each n of SCALING_NS, implementations interleaved run by run;
    runs of about target_s / 4."""
    results = {name: {op: {} for op, _ in SCALING_OPS} for name in impls}
    for op, _label in SCALING_OPS:
        for n in SCALING_NS:
            setup = (f"f = m.sum_array; a = [i + 0.5 for i in range({n})]"
                     if op == "sum_array" else f"f = m.make_obj_n; a = {n}")
            timers = {name: timeit.Timer("f(a)", setup, globals=dict(env))
                      for name, env in impls.items()}
            loops = {name: calibrate(t, target_s / 4) for name, t in timers.items()}
            runs = {name: [] for name in timers}
            for _ in range(repeats):
                for name, t in timers.items():
                    runs[name].append(t.timeit(loops[name]) / loops[name] / n * 1e9)
            for name in timers:
                results[name][op][n] = {"value": statistics.median(runs[name]),
                                        "runs": runs[name]}
    return results


def scaling_flat(per_n):
    """The largest n's cost per element over n=1000's (None if not measured)."""
    small, large = per_n.get(1000), per_n.get(max(SCALING_NS))
    if not small or not large:
        return None
    return large["value"] / small["value"]


def scaling_report(scaling):
    """The scaling table (ns per element; napi-python, C ext, Node per op and n), the
    flatness verdict per op and implementation, and a text plot of napi-python's."""
    impls = [(k, t) for k, t in (("napi-python", "napi-python"), ("cext", "C ext"),
                                 ("node", "Node")) if scaling.get(k)]
    head = ["n"] + [f"{op} {title}" for op, _ in SCALING_OPS for _k, title in impls]
    body = []
    for n in SCALING_NS:
        row = [f"{n:,}"]
        for op, _ in SCALING_OPS:
            for k, _t in impls:
                r = scaling[k].get(op, {}).get(n)
                row.append("-" if r is None else f"{r['value']:.1f}")
        body.append(row)
    verdicts = []
    for op, _ in SCALING_OPS:
        for k, title in impls:
            f = scaling_flat(scaling[k].get(op, {}))
            if f is None:
                continue
            ok = f <= SCALING_FLAT
            verdicts.append(f"{op} {title}: n={max(SCALING_NS):,} costs {f:.2f}x n=1,000 "
                            f"per element" + ("" if k != "napi-python" else
                                              f" (target <= {SCALING_FLAT:g}x: "
                                              f"{'ok' if ok else 'MISSED'})"))
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]

    def line(cells):
        return "| " + " | ".join(c.rjust(w) for c, w in zip(cells, widths)) + " |"
    sep = "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|"
    table_text = "\n".join([line(head), sep, *map(line, body)])
    return table_text, verdicts, scaling_plot(scaling)


def scaling_plot(scaling, width=50):
    """A text bar plot of napi-python's (and Node's) ns per element against n, one
    bar per op and n, on one scale per op."""
    lines = []
    for op, label in SCALING_OPS:
        series = [(k, t) for k, t in (("napi-python", "napi"), ("node", "node"))
                  if scaling.get(k, {}).get(op)]
        if not series:
            continue
        top = max(scaling[k][op][n]["value"] for k, _ in series for n in SCALING_NS
                  if n in scaling[k][op])
        lines.append(label)
        for n in SCALING_NS:
            for k, t in series:
                r = scaling[k][op].get(n)
                if r is None:
                    continue
                bar = "#" * max(1, round(r["value"] / top * width))
                lines.append(f"  n={n:<7,} {t:<4} {bar} {r['value']:.1f}")
        lines.append("")
    return "\n".join(lines).rstrip()


_PY_LOAD = """
import sys, time
import napi_python
t = time.perf_counter()
napi_python.load_addon(sys.argv[1])
print((time.perf_counter() - t) * 1e3)
"""
_NODE_LOAD = """
const t = process.hrtime.bigint();
require(process.argv[1]);
console.log(Number(process.hrtime.bigint() - t) / 1e6);
"""


def bench_load(path, repeats, with_node):
    """Median ms of loading `path` in fresh processes: napi_python.load_addon, and
    Node's require (the runtime start and `import napi_python` are not counted),
    alternating so that the file cache and machine drift treat both alike."""
    node = shutil.which("node") if with_node else None
    runs = {"napi-python": [], "node": []}
    for i in range(repeats + 1):  # the first round warms the file cache, untimed
        cmds = [("napi-python", [sys.executable, "-c", _PY_LOAD, str(path)])]
        if node:
            cmds.append(("node", [node, "-e", _NODE_LOAD, str(path)]))
        for name, cmd in cmds:
            r = subprocess.run(cmd, capture_output=True, text=True, cwd=CACHE, timeout=120)
            if r.returncode != 0:
                print(f"bench: loading {path.name} under {name} failed:\n{r.stderr}",
                      file=sys.stderr)
                runs[name] = None
                continue
            if runs[name] is not None and i > 0:
                runs[name].append(float(r.stdout.strip().splitlines()[-1]))
    return {name: ({"value": statistics.median(v), "runs": v} if v else None)
            for name, v in runs.items()}


def loop_overhead_ns(target_s, repeats):
    """The empty timeit loop, for reading the raw numbers (included in every row)."""
    t = timeit.Timer("pass")
    n = calibrate(t, target_s)
    return statistics.median(t.timeit(n) / n * 1e9 for _ in range(repeats))


def bench_node(addon_path, target_s, repeats, only, sizes, xxhash_dir, libuv_path=None,
               natives=None, with_scaling=False):
    node = shutil.which("node")
    if node is None:
        print("bench: node not found on PATH; no Node column", file=sys.stderr)
        return None
    cmd = [node, str(BENCH / "node" / "bench.js"), str(addon_path),
           "--repeats", str(repeats), "--target-ms", str(target_s * 1000),
           "--async-n", str(sizes["async_n"]), "--async-batch", str(sizes["async_batch"]),
           "--tsfn-n", str(sizes["tsfn_n"])]
    if xxhash_dir is not None:
        cmd += ["--xxhash", str(xxhash_dir)]
    if libuv_path is not None:
        cmd += ["--libuv", str(libuv_path), "--uv-n", str(sizes["uv_n"]),
                "--uv-max", str(sizes["uv_max"])]
    if natives:
        for name, path in natives.items():
            cmd += ["--native", f"{name}={path}"]
        cmd += ["--inputs", str(CACHE / "inputs"), "--argon2-n", str(sizes["argon2_n"]),
                "--jieba-dict", str(CORPUS_MODULES / "@node-rs/jieba" / "dict.txt")]
    if with_scaling:
        cmd += ["--scaling", ",".join(map(str, SCALING_NS))]
    if only:
        # bench.js names both throughput rows of a kind by the kind ("async", "tsfn").
        node_keys = {k for k in only if k in {o[0] for o in OPS}}
        node_keys |= {kind for k, _l, kind in RATES if k in only}
        if ARGON2_KEY in only:
            node_keys.add("argon2")
        cmd += ["--only", ",".join(sorted(node_keys)) or "none"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        print(f"bench: node run failed (no Node column):\n{r.stderr}", file=sys.stderr)
        return None
    doc = json.loads(r.stdout)
    # The same answers as in Python: a Node column that computed something else
    # would compare nothing.
    checks = doc["checks"]
    wrong = [k for k, want in (("hash_1k", hash_bytes(DATA_1K)), ("hash_1m", hash_bytes(DATA_1M)),
                               ("make_buffer_1m", True)) if checks[k] != want]
    if wrong:
        sys.exit(f"bench: the addon under Node gives wrong results for {wrong}: {checks}")
    results = doc["results"]
    if "argon2_asyncio" in results:
        r = results.pop("argon2_asyncio")
        results[ARGON2_KEY] = {"value": r["rate"], "runs": r["runs"]}
    for key, _label, kind in RATES:  # one Node number serves both loops of a kind
        if kind in results:
            results[key] = {"value": results[kind]["rate"], "runs": results[kind]["runs"]}
    for key, res in results.items():
        if "ns" in res:
            res["value"] = res.pop("ns")
    return doc


# ------------------------------------------------------------------------ report

def _fmt(v, unit):
    if v is None:
        return "-"
    if unit == "ns":
        if v >= 1e7:
            return f"{v / 1e6:.2f} ms"
        if v >= 1e5:
            return f"{v / 1e3:.1f} us"
        return (f"{v:,.0f}" if v >= 1000 else f"{v:.1f}") + " ns"
    if unit == "/s":
        return f"{v / 1e6:.2f}M/s" if v >= 1e6 else f"{v / 1e3:.0f}k/s"
    return f"{v:.2f} ms"


def _cost_ratio(napi, other, unit):
    """napi-python's cost over the other's: below 1, napi-python is faster."""
    if napi is None or other is None or napi == 0 or other == 0:
        return None
    return other / napi if unit == "/s" else napi / other


def table(rows):
    """rows: (label, unit, napi, cext, node, ratio_cext, ratio_node, target_text)."""
    head = ["operation", "napi-python", "C ext", "Node", "vs C ext", "vs Node", "target"]
    body = [[label, _fmt(napi, unit), _fmt(cext, unit), _fmt(node, unit),
             "-" if r1 is None else f"{r1:.2f}x", "-" if r2 is None else f"{r2:.2f}x", tgt]
            for label, unit, napi, cext, node, r1, r2, tgt in rows]
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    left = (0, len(head) - 1)

    def line(cells):
        return "| " + " | ".join(c.ljust(w) if i in left else c.rjust(w)
                                 for i, (c, w) in enumerate(zip(cells, widths))) + " |"

    sep = "|" + "|".join("-" * (w + 1) + ("-" if i in left else ":")
                         for i, w in enumerate(widths)) + "|"
    return "\n".join([line(head), sep, *map(line, body)])


def _target(key, unit, napi_res, r_cext, r_node, other_res):
    """The target cell's text and whether it was met (None: not measured). A "worst"
    target takes napi-python's worst run (longest time, lowest rate) against the other
    column's median."""
    if key not in TARGETS:
        return "", None
    against, limit, judged = TARGETS[key]
    ratio = r_cext if against == "cext" else r_node
    what = f"<= {limit:g}x {'C ext' if against == 'cext' else 'Node'}"
    if judged == "worst":
        what += " (every run)"
        if napi_res is not None and other_res is not None and napi_res.get("runs"):
            worst = (min if unit == "/s" else max)(napi_res["runs"])
            ratio = _cost_ratio(worst, other_res["value"], unit)
    if ratio is None:
        return f"{what}: not measured", None
    met = ratio <= limit
    return f"{what}: {'ok' if met else 'MISSED'}", met


README_START = "<!-- bench:start (bench/run.py --update-readme writes this table) -->"
README_END = "<!-- bench:end -->"


def replace_section(path, start, end, text):
    """Puts `text` between the `start` and `end` marker lines of the file at `path`."""
    content = path.read_text()
    if start not in content or end not in content:
        sys.exit(f"bench: {path.relative_to(ROOT)} has no {start!r} ... {end!r} section")
    head, rest = content.split(start, 1)
    _old, tail = rest.split(end, 1)
    path.write_text(f"{head}{start}\n{text}\n{end}{tail}")


SCALING_START = "<!-- scaling:start (bench/run.py --update-readme writes this) -->"
SCALING_END = "<!-- scaling:end -->"


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
                    help="few iterations (about 10 ms per run, 3 runs, small throughput "
                         "runs, one load): a smoke test; writes no results file unless "
                         "--json is given")
    ap.add_argument("--json", metavar="PATH", type=Path,
                    help="write the results here (default for a full run: "
                         "bench/results/latest.json)")
    ap.add_argument("--update-readme", action="store_true",
                    help="replace the table in README.md's Speed section with this run's")
    ap.add_argument("--repeats", type=int, help="timed runs per operation (default 9)")
    ap.add_argument("--target-ms", type=float,
                    help="length of one timed per-call run in ms (default 200)")
    ap.add_argument("--only", metavar="OPS",
                    help="comma-separated operation keys (only these rows run; no "
                         "results file unless --json is given): " + ",".join(ALL_KEYS))
    ap.add_argument("--no-node", action="store_true", help="skip the Node column")
    args = ap.parse_args(argv)

    repeats = args.repeats or (3 if args.quick else 9)
    target_s = (args.target_ms or (10 if args.quick else 200)) / 1000
    # uv_n: round trips per run with one in flight; with k in flight, k times as many
    # up to uv_max.
    sizes = ({"async_n": 5_000, "async_batch": 1000, "tsfn_n": 50_000,
              "uv_n": 2_000, "uv_max": 50_000, "argon2_n": 128} if args.quick else
             {"async_n": 100_000, "async_batch": 1000, "tsfn_n": 1_000_000,
              "uv_n": 20_000, "uv_max": 500_000, "argon2_n": 1024})
    only = args.only.split(",") if args.only else None
    if only:
        unknown = set(only) - set(ALL_KEYS)
        if unknown:
            ap.error(f"unknown operations: {', '.join(sorted(unknown))}")

    started = time.monotonic()
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    CACHE.mkdir(parents=True, exist_ok=True)
    addon_path = build_addon()
    cext_path = build_cext()
    wants_workloads = not only or bool(set(only) & (WORKLOAD_KEYS | {ARGON2_KEY}))
    wants_corpus = wants_workloads or "xxh32_1k" in only or LOAD_KEY in only
    xxhash_dir = corpus_xxhash_dir() if wants_corpus else None

    import napi_python
    modules = {"napi-python": napi_python.load_addon(addon_path),
               "cext": load_cext(cext_path)}
    for name, m in modules.items():
        check_module(name, m)
        check_async(name, m)

    # The corpus row: @node-rs/xxhash under napi-python, PyPI's xxhash as the floor.
    x_napi = x_cext = None
    if xxhash_dir is not None:
        x_napi = napi_python.require(XXHASH_PACKAGE, paths=[CORPUS_MODULES])
    try:
        import xxhash
        x_cext = types.SimpleNamespace(xxh32=xxhash.xxh32_intdigest)
    except ImportError:
        print("bench: PyPI xxhash is not installed (`make bench` installs it); "
              "no C-ext value for the xxhash row", file=sys.stderr)
    for name, x in (("@node-rs/xxhash", x_napi), ("PyPI xxhash", x_cext)):
        if x is not None and x.xxh32(b"hello world", 0) != 3468387874:
            sys.exit(f"bench: {name} xxh32 gives a wrong hash")
    # The workload rows: corpus bindings called directly (napi-python and Node only).
    w = natives = None
    if xxhash_dir is not None and wants_workloads:
        w, natives = make_workloads(napi_python)
    impls = {"napi-python": {"m": modules["napi-python"], "x": x_napi, "w": w},
             "cext": {"m": modules["cext"], "x": x_cext, "w": None}}

    py = bench_python(impls, target_s, repeats, only)
    if w is not None and (not only or ARGON2_KEY in only):
        py["napi-python"].update(bench_argon2(w.argon2, sizes, repeats))
    with_scaling = not only or SCALING_KEY in only
    scaling = (bench_scaling({name: {"m": mod} for name, mod in modules.items()},
                             target_s, repeats) if with_scaling else {})
    for name, res in bench_rates(modules, sizes, repeats, only).items():
        py[name].update(res)
    # Last: loading an addon that uses libuv would tax the rows above.
    uv_keys = [k for k, _l, kind in RATES if kind in UV_KINDS and (not only or k in only)]
    libuv_path = build_libuv_addon() if uv_keys else None
    if libuv_path is not None:
        libuv_mod = napi_python.load_addon(libuv_path)
        if libuv_mod.uv_work_run(100, 4).result(timeout=60) != 100:
            sys.exit("bench: bench_libuv's uv_work_run gives a wrong count")
        py["napi-python"].update(bench_uv_rates(libuv_mod, sizes, repeats, only))
    overhead = loop_overhead_ns(target_s, repeats)
    node = (None if args.no_node else
            bench_node(addon_path, target_s, repeats, only, sizes, xxhash_dir, libuv_path,
                       natives, with_scaling))
    if node is not None:
        # The same answers under Node as under napi-python (the workload rows and the
        # large object graph): a row whose two sides computed different things would
        # compare nothing.
        mine = workload_checks(w, modules["napi-python"])
        theirs = json.loads(json.dumps(node["checks"]))
        mine = json.loads(json.dumps(mine))
        wrong = [k for k in mine if k in theirs and theirs[k] != mine[k]]
        if wrong:
            sys.exit(f"bench: Node and napi-python give different results for {wrong}:\n"
                     + "\n".join(f"  {k}: node {theirs[k]!r}\n  {' ' * len(k)}  "
                                  f"napi-python {mine[k]!r}" for k in wrong))
        if node.get("scaling"):
            scaling["node"] = {op: {int(n): r for n, r in per_n.items()}
                               for op, per_n in node["scaling"].items()}
    if node is not None and x_napi is not None and node["checks"]["xxh32_1k"] is not None:
        if node["checks"]["xxh32_1k"] != x_napi.xxh32(DATA_1K, 0):
            sys.exit("bench: @node-rs/xxhash gives different hashes under Node and napi-python")

    load_path = largest_corpus_addon() if xxhash_dir is not None else None
    load = None
    if load_path is not None and (not only or LOAD_KEY in only):
        load = bench_load(load_path, 1 if args.quick else repeats, not args.no_node)
        if load["napi-python"] is not None:
            py["napi-python"][LOAD_KEY] = load["napi-python"]
        if load["node"] is not None and node is not None:
            node["results"][LOAD_KEY] = load["node"]

    labels = [(k, label, "ns", per) for k, label, _s, _t, per in OPS]
    labels += [(k, label, "/s", 1) for k, label, _kind in RATES]
    labels.append((ARGON2_KEY, f"@node-rs/argon2 hash, {ARGON2_INFLIGHT} in flight (asyncio)",
                   "/s", 1))
    if load_path is not None:
        size_mb = load_path.stat().st_size / 1e6
        labels.append((LOAD_KEY, f"load {load_path.name} ({size_mb:.0f} MB, largest)",
                       "ms", 1))
    units = {"ns": "ns per call", "/s": "per second", "ms": "ms"}

    rows, ops_json = [], {}
    for key, label, unit, per in labels:
        if only and key not in only:
            continue
        napi_res = py["napi-python"].get(key)
        cext_res = py["cext"].get(key)
        node_res = node["results"].get(key) if node else None
        napi_v, cext_v, node_v = (r and r["value"] for r in (napi_res, cext_res, node_res))
        r_cext = _cost_ratio(napi_v, cext_v, unit)
        r_node = _cost_ratio(napi_v, node_v, unit)
        against = TARGETS.get(key, ("node",))[0]
        tgt_text, met = _target(key, unit, napi_res, r_cext, r_node,
                                cext_res if against == "cext" else node_res)
        rows.append((label, unit, napi_v, cext_v, node_v, r_cext, r_node, tgt_text))
        ops_json[key] = {
            "label": label,
            "unit": "ns per callback" if per > 1 else units[unit],
            "napi_python": napi_res, "cext": cext_res, "node": node_res,
            "ratio_vs_cext": r_cext, "ratio_vs_node": r_node,
            "target": tgt_text or None, "target_met": met,
        }

    text = table(rows)
    notes = (f"Median of {repeats} runs; per-call rows: ~{target_s * 1000:g} ms runs, ns per "
             f"call with the timing loop included (empty Python loop: {overhead:.1f} ns); "
             f"callback row: ns per callback ({CALLBACKS_PER_CALL} per call_cb()). "
             f"Throughput rows: {sizes['async_n']:,} completions in batches of "
             f"{sizes['async_batch']:,} / {sizes['tsfn_n']:,} calls / "
             f"{sizes['uv_n']:,} uv_queue_work round trips per run (64 in flight: "
             f"{min(sizes['uv_n'] * 64, sizes['uv_max']):,}); Node runs "
             "its own loop, the same number in both of its rows. C ext column: the same "
             "work as a CPython extension (for the throughput rows a C thread pool / "
             "native thread resolving asyncio futures); for xxh32, PyPI's xxhash; '-' "
             "where none exists (bench/README.md). Ratios are napi-python's cost over the other's "
             "(time, or the inverse of a rate): below 1, napi-python is faster.")
    print(text)
    print("\n" + notes)
    scaling_text = None
    if scaling:
        s_table, s_verdicts, s_plot = scaling_report(scaling)
        scaling_text = (f"{s_table}\n\n" + "\n".join(f"- {v}" for v in s_verdicts) +
                        f"\n\n```\n{s_plot}\n```")
        print("\nScaling (ns per element, median of runs of about "
              f"{target_s * 1000 / 4:g} ms):\n" + scaling_text)

    date = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    # The machine's load (1-minute average) before and after: a run on a busy machine
    # says so, next to its numbers.
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    load_text = ("" if load_before is None else
                 f", load average {load_before:.1f} before the run and {load_after:.1f} "
                 "after it")
    # (A quick or partial run does not replace the full run's results file.)
    out = args.json or (None if args.quick or only else RESULTS / "latest.json")
    if out is not None:
        doc = {
            "date": date,
            "git_commit": _git_commit(),
            "quick": args.quick,
            "repeats": repeats,
            "target_ms": target_s * 1000,
            "sizes": sizes,
            "machine": {"platform": platform.platform(), "cpu": _cpu_model(),
                        "cpus": os.cpu_count(), "loadavg_before": load_before,
                        "loadavg_after": load_after},
            "python": sys.version.split()[0],
            "napi_python": getattr(napi_python, "__version__", None),
            "node": node and node["version"],
            "compiler": f"{CC} {' '.join(CFLAGS)}",
            "python_loop_overhead_ns": overhead,
            "largest_corpus_addon": load_path and str(load_path.relative_to(CORPUS_MODULES)),
            "operations": ops_json,
            "scaling": {impl: {op: {str(n): r for n, r in per_n.items()}
                               for op, per_n in ops.items()}
                        for impl, ops in scaling.items()} or None,
        }
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(doc, indent=2) + "\n")
        print(f"results: {out}")
    if args.update_readme:
        machine = f"{_cpu_model()}, {os.cpu_count()} CPUs{load_text}"
        replace_section(ROOT / "README.md", README_START, README_END,
                        f"{text}\n\n{notes}\n\nMeasured {date[:10]} on {machine}, "
                        f"Python {sys.version.split()[0]}, Node {node and node['version']}.")
        print("README.md: Speed table updated")
        if scaling_text is not None:
            replace_section(BENCH / "README.md", SCALING_START, SCALING_END,
                            f"Measured {date[:10]} on {machine}.\n\n{scaling_text}")
            print("bench/README.md: scaling table and plot updated")
    print(f"({time.monotonic() - started:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
