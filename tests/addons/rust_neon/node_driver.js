// Runs tests/test_rust_neon.py's cases under Node and prints what Node answers,
// as JSON (tests/node_reference/rust_neon.json):
//   node tests/addons/rust_neon/node_driver.js path/to/rust_neon.node
// Outcomes are written by tests/addons/common/node_compare.js; the Python test
// (tests/node_compare.py) writes its own answers the same way.
"use strict";
const a = require(require("path").resolve(process.argv[2]));

const { main } = require("../common/node_compare.js");

const counter = a.counterNew(5);
const filled = Buffer.alloc(4);
const filledU8 = new Uint8Array(3);

const sync = {
  statics: () => [a.GREETING, a.ANSWER, a.MESSAGES, typeof a.version],
  add: () => a.add(1.5, 2.25),
  add_string: () => a.add(1, "x"),
  add_missing: () => a.add(1),
  greet: () => a.greet("wörld"),
  greet_emoji: () => a.greet("😀!"),
  greet_lone_surrogate: () => a.greet("a\ud800b"),
  greet_number: () => a.greet(5),
  negate: () => a.negate(true),
  negate_number: () => a.negate(0),
  maybe_number: () => a.maybeDouble(4),
  maybe_undefined: () => a.maybeDouble(undefined),
  maybe_null: () => a.maybeDouble(null),
  maybe_missing: () => a.maybeDouble(),
  maybe_string: () => a.maybeDouble("4"),
  either_number: () => a.describeEither(3),
  either_string: () => a.describeEither("x"),
  either_bool: () => a.describeEither(true),
  nothing: () => a.nothing(),
  stats: () => a.stats([1, 2, 3.5], "v"),
  stats_empty: () => a.stats([], "e"),
  stats_bad: () => a.stats("no", "x"),
  sort_words: () => a.sortWords(["b", "a", "c"]),
  sort_words_bad: () => a.sortWords([1, 2]),
  date_plus_day: () => a.datePlusDay(new Date(0)),
  date_plus_day_number: () => a.datePlusDay(5),
  reversed_bytes: () => a.reversedBytes(Buffer.from([1, 2, 3])),
  reversed_bytes_u8: () => a.reversedBytes(new Uint8Array([1, 2])),
  reversed_bytes_string: () => a.reversedBytes("x"),
  sum_float64: () => a.sumFloat64(new Float64Array([1, 2, 3.5])),
  sum_float64_list: () => a.sumFloat64([1, 2]),
  fill_buffer: () => [a.fillBytes(filled, 7), filled],
  fill_u8: () => [a.fillBytes(filledU8, 300), filledU8],
  make_uint32: () => a.makeUint32(5),
  array_buffer_len: () => a.arrayBufferLen(new ArrayBuffer(16)),
  make_point: () => a.makePoint(3, 4),
  point_norm: () => a.pointNorm({ x: 3, y: 4 }),
  point_norm_string: () => a.pointNorm({ x: "3", y: 4 }),
  point_norm_null: () => a.pointNorm(null),
  own_keys: () => a.ownKeys({ b: 1, a: 2, 1: 3 }),
  own_keys_array: () => a.ownKeys([5, 6]),
  reverse_array: () => a.reverseArray([1, "two", null, undefined]),
  type_names: () => a.typeNames(undefined, null, true, 1, "s", 1n, Buffer.from(""),
    new ArrayBuffer(1), new Float64Array(1), new Date(0), Promise.resolve(1),
    new Error("x"), [], () => 1, {}, counter),
  call_with_two: () => a.callWithTwo((x, y) => x * y, 6, 7),
  call_with_two_swap: () => a.callWithTwo((x, y) => [y, x], "x", 2.5),
  call_with_two_throws: () => a.callWithTwo(() => { throw new RangeError("inner"); }, 1, 2),
  call_catching_ok: () => a.callCatching(() => "fine"),
  call_catching_error: () => a.callCatching(() => { throw new TypeError("bad"); }),
  call_catching_value: () => a.callCatching(() => { throw 42; }),
  make_adder: () => a.makeAdder(10)(5),
  describe_this: () => (0, a.describeThis)(),
  describe_this_object: () => a.describeThis.call({ tag: "t" }),
  check_positive: () => a.checkPositive(16),
  check_negative: () => a.checkPositive(-1),
  check_zero: () => a.checkPositive(0),
  check_nan: () => a.checkPositive(NaN),
  throw_number: () => a.throwValue(42),
  throw_string: () => a.throwValue("s"),
  throw_object: () => a.throwValue({ a: 1 }),
  throw_error: () => a.throwValue(new TypeError("t")),
  make_error: () => a.makeError("m"),
  panic: () => a.panicNow("boom"),
  bigint_double: () => a.bigintDouble(2n ** 70n),
  bigint_double_negative: () => a.bigintDouble(-5n),
  bigint_double_huge: () => a.bigintDouble(2n ** 200n),
  bigint_double_number: () => a.bigintDouble(5),
  bigint_to_i64: () => a.bigintToI64(5n),
  bigint_to_i64_lossy: () => a.bigintToI64(2n ** 64n + 3n),
  u64_max: () => a.u64Max(),
  counter: () => [a.counterIncrement(counter), a.counterIncrement(counter), a.counterValue(counter)],
  counter_wrong: () => a.counterIncrement({}),
  bump_local: () => [a.bumpLocal(), a.bumpLocal(), a.bumpLocal()],
  freeze_object: () => {
    const o = { x: 1 };
    a.freezeIt(o);
    try { o.x = 2; } catch (e) { /* strict mode: a TypeError */ }
    return [o.x, Object.isFrozen(o)];
  },
  freeze_typed_elements: () => a.freezeIt(new Uint8Array(2)),
  eval_bigint: () => a.evalScript("2n ** 128n - 1n"),
  eval_negative_bigint: () => a.evalScript("-(2n ** 127n)"),
  eval_arith: () => a.evalScript("6 * 7 + 'x'"),
  eval_mix: () => a.evalScript("1n + 1"),
  eval_bigint_division_by_zero: () => a.evalScript("1n / 0n"),
  u128_max_matches_script: () => a.u128MaxMatchesScript(),
};


const asyncCases = {
  square_later: () => a.squareLater(7),
  fail_later: () => a.failLater("nope"),
  settle_later: () => a.settleLater(3, 5),
  settle_later_reject: () => a.settleLater(-1, 1),
  ticks: () => new Promise((resolve) => {
    const seen = [];
    a.ticks(5, (i, tag) => seen.push([i, tag]), (n) => resolve([n, seen]));
  }),
  channel_returns: () => a.channelResult(() => "r"),
  channel_throws: () => a.channelResult(() => { throw new Error("e"); }),
};

main(sync, asyncCases);
