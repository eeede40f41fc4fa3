// Runs tests/test_rust_napi_more.py's cases under Node and prints Node's answers as
// JSON (tests/node_reference/rust_napi_more.json):
//   node tests/addons/rust_napi_more/node_driver.js path/to/rust_napi_more.node
// Outcomes are written by tests/addons/common/node_compare.js.
"use strict";
const a = require(require("path").resolve(process.argv[2]));

const { settle, main } = require("../common/node_compare.js");

const filled = new Uint8Array(3);
const temp = new a.Temperature(20);

const errorName = (f) => {
  try {
    f();
    return "no error";
  } catch (e) {
    return e.name;
  }
};

const sync = {
  reverse_buffer: () => a.reverseBuffer(Buffer.from([1, 2, 3])),
  reverse_buffer_u8: () => a.reverseBuffer(new Uint8Array([4, 5])),
  reverse_buffer_string: () => a.reverseBuffer("no"),
  sum_u8: () => a.sumU8(new Uint8Array([1, 2, 250])),
  sum_u8_buffer: () => a.sumU8(Buffer.from([7, 8])),
  sum_u8_list: () => a.sumU8([1, 2]),
  scale_f64: () => a.scaleF64(new Float64Array([1, -2.5]), 2),
  scale_f64_wrong_kind: () => a.scaleF64(new Float32Array([1]), 2),
  fill_in_place: () => [a.fillInPlace(filled, 9), filled],
  array_buffer_bytes: () => a.arrayBufferBytes(new Uint8Array([3, 4, 5]).buffer),
  i32_array: () => a.i32Array(4),
  external: () => a.readExternal(a.makeExternal(77)),
  external_wrong: () => a.readExternal({}),
  json_roundtrip: () => a.jsonRoundtrip({ b: [1, 2.5, null, "x", true], a: { c: null }, n: -0 }),
  json_roundtrip_scalar: () => a.jsonRoundtrip("s"),
  json_describe: () => a.jsonDescribe({ z: 1, a: [null, 1.5], s: "q\"" }),
  json_describe_undefined_member: () => a.jsonDescribe({ u: undefined, k: 1 }),
  json_make: () => a.jsonMake(),
  date_value: () => a.dateValue(new Date(1234567890123)),
  date_value_number: () => a.dateValue(5),
  make_date: () => a.makeDate(86400000),
  make_symbol: () => a.makeSymbol("tag"),
  type_of: () => [undefined, null, true, 1, "s", Symbol("x"), {}, () => 1, 1n,
    a.makeExternal(1)].map((v) => a.typeOf(v)),
  object_keys: () => a.objectKeys({ b: 1, a: 2, 10: 3, 2: 4 }),
  // (a null result reaches Python as None)
  object_get: () => [a.objectGet({ k: "v" }, "k"), a.objectGet({}, "k") == null],
  object_get_wrong_type: () => a.objectGet({ k: 5 }, "k"),
  object_has: () => [a.objectHas({ k: 1 }, "k"), a.objectHas({}, "toString")],
  options: () => a.describeOptions({ name: "n", count: 3, tags: ["a", "b"] }),
  options_null_optional: () => a.describeOptions({ name: "n", count: null, tags: [], ratio: 0.5 }),
  options_missing: () => a.describeOptions({ count: 3, tags: [] }),
  options_bad_tags: () => a.describeOptions({ name: "n", tags: "no" }),
  fail_invalid_arg: () => a.failStatus(0),
  fail_generic: () => a.failStatus(1),
  fail_reason: () => a.failStatus(2),
  fail_cancelled: () => a.failStatus(3),
  fail_custom_code: () => a.failCustomCode(),
  temp: () => [temp.celsius, temp.fahrenheit, temp.label, String(temp), temp.toString()],
  temp_set: () => { temp.celsius = 100; return [temp.celsius, temp.fahrenheit]; },
  temp_label_set: () => { temp.label = "hot"; return temp.label; },
  temp_factory: () => { const t = a.Temperature.fromFahrenheit(212); return [t.celsius, t.label, t instanceof a.Temperature]; },
  temp_warmer: () => { const t = temp.warmer(5); return [t.celsius, t.label, t instanceof a.Temperature]; },
  temp_keys: () => Object.keys(temp),
  this_tag: () => a.thisTag.call({ tag: "mine" }),
  // (the error's name only: V8 words the receiver its own way)
  temp_set_getter_only: () => errorName(() => { temp.fahrenheit = 1; }),
  captured_reason_error: () => a.capturedReason(new TypeError("nope")),
  captured_reason_cause: () => a.capturedReason(new Error("outer", { cause: new RangeError("inner") })),
  captured_reason_empty: () => a.capturedReason(new Error()),
  captured_reason_string: () => a.capturedReason("boom"),
  captured_reason_number: () => a.capturedReason(42),
  gauge: () => { const g = new a.Gauge(); g.level = 4; return [g.level, g.fixed, Object.keys(g)]; },
  gauge_set_getter_only: () => errorName(() => { new a.Gauge().fixed = 1; }),
};


const collect = (n, start) => new Promise((resolve) => {
  const seen = [];
  start((...args) => {
    seen.push(args);
    if (seen.length === n) resolve(seen);
  });
});

const asyncCases = {
  // (error first: null, which a Python callback gets as None)
  tsfn_each_thread: async () => (await collect(4, (cb) => a.tsfnEachThread(cb, 4)))
    .map(([err, n]) => [err == null, n]).sort((x, y) => x[1] - y[1]),
  tsfn_in_order: () => collect(5, (cb) => a.tsfnInOrder(cb, 5)),
  tsfn_error: () => collect(1, (cb) => a.tsfnError(cb, "boom")),
  tsfn_two_args: () => collect(1, (cb) => a.tsfnTwoArgs(cb)),
  tsfn_return_value: () => collect(3, (done) => a.tsfnReturnValue((i) => `r${i}`, done, 3)),
  sum_async: () => a.sumAsync([1, 2, 3.5]),
  sum_async_fail: () => a.sumAsync([1], true),
  slow_async: () => a.slowAsync(5),
  slow_async_signal: () => a.slowAsync(5, new AbortController().signal),
  slow_async_aborted: async () => {
    // The pool busy first, so that the task is still queued when it is aborted.
    const blockers = Array.from({ length: 16 }, () => a.slowAsync(50));
    const c = new AbortController();
    const p = a.slowAsync(50, c.signal);
    c.abort();
    const outcome = await settle(() => p);
    return [outcome, (await Promise.all(blockers)).length];
  },
};

main(sync, asyncCases);
