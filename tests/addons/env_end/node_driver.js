// The Node side of tests/test_env_end.py (tests/node_reference/env_end.json):
//   node tests/addons/env_end/node_driver.js CASE env_end_a.node env_end_b.node
// prints what the addon prints and the driver's lines. The reference is made with
//   for c in ticker_worker_ends two_addons_exit ticker_at_exit; do node node_driver.js $c A B; done
// (A, B: the addon built with -DNAPI_VERSION=8 -DTAG=\"a\", \"b\"), each case's
// lines a list under its name.
"use strict";
const path = require("path");
const { Worker, isMainThread, workerData } = require("worker_threads");

const [which, fileA, fileB] = isMainThread ? process.argv.slice(2) : workerData;
const a = require(path.resolve(fileA));

const cases = {
  // A worker starts a ticker, unreferenced, and ends: its env's end finalizes the
  // function, and the native thread's next call returns napi_closing.
  ticker_worker_ends() {
    if (!isMainThread) {
      a.startTicker(true);
      return;
    }
    const w = new Worker(__filename, { workerData: [which, fileA, fileB] });
    w.on("exit", () => console.log("after worker: " + JSON.stringify(a.tickerState())));
  },
  // Two addons, objects kept alive, a hook of the first registered after the second
  // loaded: the order of everything at exit.
  two_addons_exit() {
    const b = require(path.resolve(fileB));
    global.kept = [a.keep(2), b.keep(2)];
    a.lateHook();
  },
  // A ticker still open at exit (unreferenced: the process ends), two addons: the
  // function is finalized at its env's end, after its hooks, before its objects'
  // finalizers.
  ticker_at_exit() {
    const b = require(path.resolve(fileB));
    global.kept = [a.keep(1), b.keep(1)];
    a.startTicker(true);
    setTimeout(() => console.log("main ends"), 50);
  },
};
cases[which]();
