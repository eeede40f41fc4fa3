// The Node side of tests/test_exit_threads.py's burst cases
// (tests/node_reference/exit_threads.json):
//   node tests/addons/exit_threads/node_driver.js CASE exit_threads.node
// prints what the addon and the callbacks print. The reference is made with
//   for c in burst_joined burst_running; do node node_driver.js $c A; done
// (A: the addon as tests/conftest.py builds it), each case's lines a list under its
// name.
"use strict";
const path = require("path");

const [which, file] = process.argv.slice(2);
const a = require(path.resolve(file));

const cases = {
  // The thread made its calls, posted to the unreferenced function and released the
  // referenced one before the main code ends: everything runs after it.
  burst_joined() {
    a.burst((i) => console.log("call " + i), 5, 1);
    console.log("main ends");
  },
  // The main code ends once the first call ran; the thread still calls: the
  // referenced function keeps the process alive until the thread released it.
  burst_running() {
    a.burst((i) => {
      console.log("call " + i);
      if (i === 0) console.log("main ends");
    }, 20, 0);
  },
};
cases[which]();
