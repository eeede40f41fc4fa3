'use strict';
// Times the benchmark addon under Node, as bench/run.py times it under napi-python:
// per operation, a tight loop calibrated to run for about --target-ms, then
// --repeats timed runs of that loop; the median ns per call is reported (loop
// overhead included, as in Python). Prints one JSON object on stdout.
//
// Throughput rows (async work, threadsafe functions) report completions or calls
// per second instead, the median of --repeats runs of --async-n / --tsfn-n each.
//
// With --libuv, the uv_queue_work rows of bench/addon/bench_libuv.c (uvwork1,
// uvwork64): round trips per second with 1 or 64 requests in flight, --uv-n round
// trips per run with one in flight, 64 times as many (at most --uv-max) with 64.
//
//   node bench/node/bench.js path/to/bench_addon.node [--repeats 5] [--target-ms 200]
//        [--only add,noop] [--xxhash DIR] [--async-n 100000] [--tsfn-n 1000000]
//        [--libuv path/to/bench_libuv.node] [--uv-n 20000] [--uv-max 500000]

const path = require('path');

function parseArgs(argv) {
  const opts = {
    addon: null, repeats: 5, targetMs: 200, only: null, xxhash: null,
    asyncN: 100000, asyncBatch: 1000, tsfnN: 1000000,
    libuv: null, uvN: 20000, uvMax: 500000,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--repeats') opts.repeats = Number(argv[++i]);
    else if (a === '--target-ms') opts.targetMs = Number(argv[++i]);
    else if (a === '--only') opts.only = argv[++i].split(',');
    else if (a === '--xxhash') opts.xxhash = argv[++i];
    else if (a === '--async-n') opts.asyncN = Number(argv[++i]);
    else if (a === '--async-batch') opts.asyncBatch = Number(argv[++i]);
    else if (a === '--tsfn-n') opts.tsfnN = Number(argv[++i]);
    else if (a === '--libuv') opts.libuv = argv[++i];
    else if (a === '--uv-n') opts.uvN = Number(argv[++i]);
    else if (a === '--uv-max') opts.uvMax = Number(argv[++i]);
    else if (opts.addon === null) opts.addon = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (opts.addon === null) throw new Error('usage: bench.js ADDON.node [--repeats N] [--target-ms MS]');
  return opts;
}

const CALLBACKS_PER_CALL = 1000;

// The same bytes as bench/run.py's pattern(): byte i is (i * 131 + 7) mod 256.
function pattern(n) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 131 + 7) & 0xff;
  return b;
}
const DATA_1K = pattern(1024);
const DATA_1M = pattern(1 << 20);

// Each operation gets its own loop function so that V8 sees one call site per loop
// (a shared loop calling a closure would measure megamorphic dispatch instead).
// `per` divides the time of one statement into the unit reported (call_cb: per
// callback). The sink keeps results alive.
function makeOps(addon, xxhash) {
  const a = 1.5, b = 2.25;
  const one = 1, two = 2;
  const s = 'hello world';
  const arr = Array.from({ length: 100 }, (_, i) => i + 0.5);
  const counter = new addon.Counter();
  const Counter = addon.Counter;
  const cb = (i) => {};
  let sink;
  return {
    add: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = addon.add(one, two); } },
    add_float: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = addon.add(a, b); } },
    noop: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = addon.noop(); } },
    echo_str: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = addon.echo_str(s); } },
    make_obj: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = addon.make_obj(); } },
    sum_array: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = addon.sum_array(arr); } },
    counter_increment: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = counter.increment(); } },
    counter_new: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = new Counter(); } },
    call_cb: {
      per: CALLBACKS_PER_CALL,
      loop(n) { for (let i = 0; i < n; i++) sink = addon.call_cb(cb, CALLBACKS_PER_CALL); },
    },
    hash_1k: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = addon.hash_buffer(DATA_1K); } },
    hash_1m: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = addon.hash_buffer(DATA_1M); } },
    make_buffer_1m: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = addon.make_buffer(1 << 20); } },
    ...(xxhash && {
      xxh32_1k: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = xxhash.xxh32(DATA_1K, 0); } },
    }),
    get sink() { return sink; },
  };
}

function timeLoop(op, n) {
  const t0 = process.hrtime.bigint();
  op.loop(n);
  return Number(process.hrtime.bigint() - t0);
}

// Doubles the loop count until one run takes targetMs (also the JIT warm-up).
function calibrate(op, targetMs) {
  const targetNs = targetMs * 1e6;
  let n = 1;
  for (;;) {
    const ns = timeLoop(op, n);
    if (ns >= targetNs) return n;
    n = ns < targetNs / 100 ? n * 10 : Math.ceil(n * 1.2 * targetNs / Math.max(ns, 1));
  }
}

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// asyncAdd completions per second: n promises in batches awaited with Promise.all.
async function asyncRate(addon, n, batch) {
  const t0 = process.hrtime.bigint();
  let last;
  for (let done = 0; done < n; done += batch) {
    const ps = new Array(batch);
    for (let i = 0; i < batch; i++) ps[i] = addon.asyncAdd(i, 1);
    last = await Promise.all(ps);
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (last[batch - 1] !== batch) throw new Error(`asyncAdd gave ${last[batch - 1]}`);
  return n / s;
}

// Threadsafe-function calls per second: n calls from one native thread, each
// delivered to a JS callback; the promise settles after the last one.
async function tsfnRate(addon, n) {
  const cb = (i) => {};
  const t0 = process.hrtime.bigint();
  const delivered = await addon.tsfn_run(cb, n);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (delivered !== n) throw new Error(`tsfn_run delivered ${delivered} of ${n}`);
  return n / s;
}

// uv_queue_work round trips per second: bench_libuv's uv_work_run keeps `inflight`
// requests queued until n have completed, then its promise settles.
async function uvWorkRate(libuv, n, inflight) {
  const t0 = process.hrtime.bigint();
  const done = await libuv.uv_work_run(n, inflight);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (done !== n) throw new Error(`uv_work_run completed ${done} of ${n}`);
  return n / s;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const addon = require(path.resolve(opts.addon));
  const xxhash = opts.xxhash ? require(path.resolve(opts.xxhash)) : null;
  const wanted = (name) => !opts.only || opts.only.includes(name);
  const ops = makeOps(addon, xxhash);
  const results = {};
  for (const name of Object.keys(ops)) {
    if (name === 'sink' || !wanted(name)) continue;
    const op = ops[name];
    const loops = calibrate(op, opts.targetMs);
    const runs = [];
    for (let r = 0; r < opts.repeats; r++) runs.push(timeLoop(op, loops) / loops / op.per);
    results[name] = { ns: median(runs), runs, loops };
  }
  const rates = {
    async: () => asyncRate(addon, opts.asyncN, opts.asyncBatch),
    tsfn: () => tsfnRate(addon, opts.tsfnN),
  };
  const uvKinds = { uvwork1: 1, uvwork64: 64 };
  const libuv = opts.libuv && Object.keys(uvKinds).some(wanted)
    ? require(path.resolve(opts.libuv)) : null;
  for (const [kind, inflight] of Object.entries(uvKinds)) {
    if (libuv === null || !wanted(kind)) continue;
    const n = Math.min(inflight > 1 ? opts.uvN * inflight : opts.uvN, opts.uvMax);
    rates[kind] = () => uvWorkRate(libuv, n, inflight);
  }
  for (const [name, run] of Object.entries(rates)) {
    if (!wanted(name)) continue;
    if (name === 'async') await asyncRate(addon, opts.asyncBatch, opts.asyncBatch);  // warm-up
    else if (name === 'tsfn') await tsfnRate(addon, Math.min(opts.tsfnN, 10000));
    else await uvWorkRate(libuv, 1000, uvKinds[name]);
    const runs = [];
    for (let r = 0; r < opts.repeats; r++) runs.push(await run());
    results[name] = { rate: median(runs), runs };
  }
  const checks = {
    hash_1k: addon.hash_buffer(DATA_1K),
    hash_1m: addon.hash_buffer(DATA_1M),
    make_buffer_1m: addon.make_buffer(1 << 20).equals(DATA_1M),
    xxh32_1k: xxhash ? xxhash.xxh32(DATA_1K, 0) : null,
  };
  process.stdout.write(JSON.stringify({
    runtime: 'node',
    version: process.version,
    napi_version: process.versions.napi,
    results,
    checks,
  }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
