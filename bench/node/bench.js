'use strict';
// Times the benchmark addon under Node, as bench/run.py times it under napi-python:
// per operation, a tight loop calibrated to run for about --target-ms, then
// --repeats timed runs of that loop; the median ns per call is reported (loop
// overhead included, as in Python). Prints one JSON object on stdout.
//
//   node bench/node/bench.js path/to/bench_addon.node [--repeats 5] [--target-ms 200]

const path = require('path');

function parseArgs(argv) {
  const opts = { addon: null, repeats: 5, targetMs: 200, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--repeats') opts.repeats = Number(argv[++i]);
    else if (a === '--target-ms') opts.targetMs = Number(argv[++i]);
    else if (a === '--only') opts.only = argv[++i].split(',');
    else if (opts.addon === null) opts.addon = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (opts.addon === null) throw new Error('usage: bench.js ADDON.node [--repeats N] [--target-ms MS]');
  return opts;
}

const CALLBACKS_PER_CALL = 1000;

// Each operation gets its own loop function so that V8 sees one call site per loop
// (a shared loop calling a closure would measure megamorphic dispatch instead).
// `per` divides the time of one statement into the unit reported (call_cb: per
// callback). The sink keeps results alive.
function makeOps(addon) {
  const a = 1.5, b = 2.25;
  const s = 'hello world';
  const arr = Array.from({ length: 100 }, (_, i) => i + 0.5);
  const counter = new addon.Counter();
  const Counter = addon.Counter;
  const cb = (i) => {};
  let sink;
  return {
    add: { per: 1, loop(n) { for (let i = 0; i < n; i++) sink = addon.add(a, b); } },
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

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const addon = require(path.resolve(opts.addon));
  const ops = makeOps(addon);
  const results = {};
  for (const name of Object.keys(ops)) {
    if (name === 'sink' || (opts.only && !opts.only.includes(name))) continue;
    const op = ops[name];
    const loops = calibrate(op, opts.targetMs);
    const runs = [];
    for (let r = 0; r < opts.repeats; r++) runs.push(timeLoop(op, loops) / loops / op.per);
    results[name] = { ns: median(runs), runs, loops };
  }
  process.stdout.write(JSON.stringify({
    runtime: 'node',
    version: process.version,
    napi_version: process.versions.napi,
    results,
  }) + '\n');
}

main();
