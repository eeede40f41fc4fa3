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
//        [--native NAME=path/to/binding.node ...] [--inputs DIR] [--jieba-dict FILE]
//        [--argon2-n 1024]
//        [--scaling 10,100,1000]
//
// --native: the corpus bindings of the workload rows (jieba, css, oxc, image, argon2),
// each the package's .node file itself, not its JS wrapper, as napi-python loads it;
// their inputs are the files bench/run.py wrote into --inputs. --scaling: ns per
// element of sum_array(n) and make_obj_n(n) for each n.

const path = require('path');

function parseArgs(argv) {
  const opts = {
    addon: null, repeats: 5, targetMs: 200, only: null, xxhash: null,
    asyncN: 100000, asyncBatch: 1000, tsfnN: 1000000,
    libuv: null, uvN: 20000, uvMax: 500000,
    native: {}, inputs: null, jiebaDict: null, argon2N: 1024, scaling: null,
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
    else if (a === '--native') {
      const [name, file] = argv[++i].split(/=(.*)/s);
      opts.native[name] = file;
    } else if (a === '--inputs') opts.inputs = argv[++i];
    else if (a === '--jieba-dict') opts.jiebaDict = argv[++i];
    else if (a === '--argon2-n') opts.argon2N = Number(argv[++i]);
    else if (a === '--scaling') opts.scaling = argv[++i].split(',').map(Number);
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
// The workload rows' bindings and inputs (null without --native/--inputs).
function makeWorkloads(opts) {
  const n = opts.native;
  if (!opts.inputs || !opts.jiebaDict || !['jieba', 'css', 'oxc', 'image', 'argon2'].every((k) => n[k])) {
    return null;
  }
  const fs = require('fs');
  const input = (name) => fs.readFileSync(path.join(opts.inputs, name));
  const w = {};
  for (const [name, file] of Object.entries(n)) w[name] = require(path.resolve(file));
  w.jieba = w.jieba.Jieba.withDict(fs.readFileSync(opts.jiebaDict));
  w.text = input('text.txt').toString('utf8');
  w.cssOpts = { filename: 'bench.css', code: input('bench.css'), minify: true };
  w.js = input('bench.js').toString('utf8');
  w.png = input('bench.png');
  return w;
}

function makeOps(addon, xxhash, w) {
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
    make_objects_10k: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = addon.make_objects(10000); } },
    ...(w && {
      jieba_cut: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = w.jieba.cut(w.text, false); } },
      css_transform: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = w.css.transform(w.cssOpts); } },
      oxc_parse: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = w.oxc.parseSync('bench.js', w.js).program; } },
      image_resize: {
        per: 1,
        loop(n) { for (let i = 0; i < n; i++) sink = new w.image.Transformer(w.png).resize(128).pngSync(); },
      },
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

// @node-rs/argon2 hashes per second: `inflight` lanes each awaiting its share of n
// hashes in turn, so that `inflight` are queued on the pool all along.
const ARGON2_OPTIONS = { memoryCost: 1024, timeCost: 2, parallelism: 1 };
async function argon2Rate(argon2, n, inflight) {
  const lane = async (k) => {
    let h = null;
    for (let i = 0; i < k; i++) h = await argon2.hash('password', ARGON2_OPTIONS);
    return h;
  };
  const t0 = process.hrtime.bigint();
  const hashes = await Promise.all(Array.from({ length: inflight }, () => lane(Math.floor(n / inflight))));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!hashes.every((h) => h.startsWith('$argon2id$v=19$m=1024,t=2,p=1$'))) {
    throw new Error(`argon2 hash gave ${hashes[0]}`);
  }
  return Math.floor(n / inflight) * inflight / s;
}

// ns per element of sum_array(n) and make_obj_n(n), each n (runs of targetMs / 4).
function scaling(addon, sizes, targetMs, repeats) {
  const out = { sum_array: {}, make_obj_n: {} };
  for (const op of Object.keys(out)) {
    for (const size of sizes) {
      let sink;
      const arr = Array.from({ length: size }, (_, i) => i + 0.5);
      const loop = op === 'sum_array'
        ? (n) => { for (let i = 0; i < n; i++) sink = addon.sum_array(arr); }
        : (n) => { for (let i = 0; i < n; i++) sink = addon.make_obj_n(size); };
      const timed = { per: size, loop };
      const loops = calibrate(timed, targetMs / 4);
      const runs = [];
      for (let r = 0; r < repeats; r++) runs.push(timeLoop(timed, loops) / loops / size);
      out[op][size] = { value: median(runs), runs };
      if (sink === undefined) throw new Error(`${op} returned nothing`);
    }
  }
  return out;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const addon = require(path.resolve(opts.addon));
  const xxhash = opts.xxhash ? require(path.resolve(opts.xxhash)) : null;
  const wanted = (name) => !opts.only || opts.only.includes(name);
  const w = makeWorkloads(opts);
  const ops = makeOps(addon, xxhash, w);
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
  if (w && wanted('argon2')) {
    await argon2Rate(w.argon2, 64, 64);  // warm-up
    const runs = [];
    for (let r = 0; r < opts.repeats; r++) runs.push(await argon2Rate(w.argon2, opts.argon2N, 64));
    results.argon2_asyncio = { rate: median(runs), runs };
  }
  const scalingResults = opts.scaling ? scaling(addon, opts.scaling, opts.targetMs, opts.repeats) : null;
  const sha = (b) => require('crypto').createHash('sha1').update(b).digest('hex');
  const objs = addon.make_objects(10000);
  const checks = {
    make_objects_10k: [objs.length, objs[7], objs[9998]],
    ...(w && {
      jieba_cut: (() => {
        const words = w.jieba.cut(w.text, false);
        return [words.length, sha(Buffer.from(words.join('|'), 'utf8'))];
      })(),
      css_transform: sha(w.css.transform(w.cssOpts).code),
      oxc_parse: sha(Buffer.from(w.oxc.parseSync('bench.js', w.js).program, 'utf8')),
      image_resize: sha(new w.image.Transformer(w.png).resize(128).pngSync()),
    }),
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
    scaling: scalingResults,
    checks,
  }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
