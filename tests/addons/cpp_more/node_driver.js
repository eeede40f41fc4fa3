// Runs tests/test_cpp_more.py's cases under Node and prints Node's answers as JSON
// (tests/node_reference/cpp_more.json):
//   node tests/addons/cpp_more/node_driver.js .cache/test-addons/cpp_more_node9.node
// (the addon built with NAPI_VERSION=9, what Node 20 offers). Outcomes are written
// by tests/addons/common/node_compare.js.
"use strict";
const a = require(require("path").resolve(process.argv[2]));

const { main, thrown } = require("../common/node_compare.js");

const sync = {
  external_buffer: () => a.externalBuffer(5),
  copy_buffer: () => a.copyBuffer("héllo"),
  buffer_info: () => a.bufferInfo(Buffer.from([9, 8, 7])),
  buffer_info_u8: () => a.bufferInfo(new Uint8Array([1, 2])),
  float32_view: () => a.float32View(3),
  typed_info: () => [new Int16Array(4), new Float64Array(new ArrayBuffer(32), 8, 2),
    new BigUint64Array(1), new Uint8ClampedArray(2)].map((t) => a.typedInfo(t)),
  typed_info_float32_view: () => a.typedInfo(a.float32View(2)),
  data_view_read: () => a.dataViewRead(new Uint8Array([1, 2, 3]).buffer),
  define_things: () => {
    const o = a.defineThings({});
    o.twice = 21;
    return [o.fixed, o.twice, o.hello("you"), Object.keys(o)];
  },
  define_things_write_fixed: () => {
    const o = a.defineThings({});
    o.fixed = 1;  // sloppy mode: ignored
    return o.fixed;
  },
  freeze: () => {
    const o = a.freezeSeal({ x: 1 }, true);
    o.x = 2;
    return [o, Object.isFrozen(o)];
  },
  freeze_delete: () => {
    const o = a.freezeSeal({ x: 1 }, true);
    delete o.x;
    return o;
  },
  seal: () => {
    const o = a.freezeSeal({ x: 1 }, false);
    o.x = 2;
    return [o, Object.isSealed(o), Object.isFrozen(o)];
  },
  seal_add: () => {
    const o = a.freezeSeal({ x: 1 }, false);
    o.y = 3;
    return o;
  },
  keys_of: () => a.keysOf({ b: 1, a: 2, 3: 0 }),
  keys_of_array: () => a.keysOf(["x", "y"]),
  coerce_values: () => [1.5, -0, "12", "", "x", true, null, undefined, [1, 2], [], {}, 10n]
    .map((v) => { try { return a.coerce(v); } catch (e) { return thrown(e); } }),
  strict_equals: () => [a.strictEquals(1, 1), a.strictEquals(1, "1"), a.strictEquals(NaN, NaN),
    a.strictEquals(0, -0), a.strictEquals("a", "a"), a.strictEquals(null, undefined)],
  well_known: () => a.wellKnown([]),
  well_known_object: () => a.wellKnown({}),
  make_date: () => a.makeDate(86400000 * 366),
  date_value: () => a.dateValue(new Date(Date.UTC(2020, 1, 29, 12))),
  make_callback: () => a.makeCallback({ tag: "t" }, function (x) { return this.tag + x; }, "!"),
  bump_instance: () => [a.bumpInstance(), a.bumpInstance()],
  throw_plain: () => a.throwKind(0),
  throw_type: () => a.throwKind(1),
  throw_range: () => a.throwKind(2),
  throw_props: () => a.throwKind(3),
  catch_error: () => a.catchFrom(() => { throw new TypeError("inner"); }),
  catch_ok: () => a.catchFrom(() => 42),
  class_called_plain: () => a.callPlain(a.Maker, 5).value,
  class_called_plain_instanceof: () => a.callPlain(a.Maker, "m") instanceof a.Maker,
  class_called_plain_throws: () => a.callPlain(a.Maker, true),
  class_constructed: () => new a.Maker(7).value,
  instance_iterator: () => [...new a.Maker("x")],
  array_iterator: () => a.iterateArray(["p", null, 3]),
  array_iterator_empty: () => a.iterateArray([]),
  to_string_tag_instance: () => a.toStr(new a.Maker(1)),
  to_string_tag_own: () => a.toStr({ [Symbol.toStringTag]: "Own" }),
  to_string_tag_not_string: () => a.toStr({ [Symbol.toStringTag]: 5 }),
  to_string_plain: () => a.toStr({}),
  symbol_for_keys: () => [undefined, null, 5, "k"].map((k) => a.symbolFor(k)),
  symbol_for_registered: () => a.symbolFor("reg") === Symbol.for("reg"),
};


// (a null error reaches a Python callback as None: both are "nullish" here)
const nullish = (args) => args.map((x) => (x == null ? "nullish" : x));

const asyncCases = {
  sum_callback: () => new Promise((resolve) => a.sumCallback([1, 2, 3.5], false, (...args) => resolve(nullish(args)))),
  sum_callback_error: () => new Promise((resolve) => a.sumCallback([1], true, (...args) => resolve(nullish(args)))),
  upper_async: () => a.upperAsync("shout"),
  upper_async_empty: () => a.upperAsync(""),
  count_with_progress: () => new Promise((resolve) => {
    const seen = [];
    a.countWithProgress(5, (i) => seen.push(i), (n) => {
      // progress sends may coalesce: in order, last one seen, no repeats
      const ordered = seen.every((v, i) => i === 0 || v > seen[i - 1]);
      resolve([n, ordered, seen.length > 0, seen[seen.length - 1]]);
    });
  }),
  tsfn_from_threads: () => new Promise((resolve) => {
    const per = [[], [], []];
    a.tsfnFromThreads(3, 4, (t, i) => per[t].push(i), (total) => resolve([total, per]));
  }),
  typed_tsfn: () => new Promise((resolve) => {
    const seen = [];
    a.typedTsfn(100, 4, (v) => { seen.push(v); if (seen.length === 4) resolve(seen); });
  }),
};

main(sync, asyncCases);
