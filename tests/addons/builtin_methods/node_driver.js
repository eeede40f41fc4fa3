// Runs tests/test_builtin_methods.py's cases under Node and prints Node's answers as
// JSON (tests/node_reference/builtin_methods.json). From the project root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/builtin_methods/builtin_methods.c -o /tmp/builtin_methods.node
//   node tests/addons/builtin_methods/node_driver.js /tmp/builtin_methods.node > tests/node_reference/builtin_methods.json
// The Python test makes the same reads and calls (in Python where this file writes
// them in JS) and compares the outcomes.
"use strict";
const a = require(require("path").resolve(process.argv[2]));

const { main } = require("../common/node_compare.js");

const sync = {
  // Object.prototype's methods on a plain object an addon made
  plain_has_own: () => {
    const o = a.makePlain();
    return [o.hasOwnProperty("x"), o.hasOwnProperty("z"), o.hasOwnProperty("hasOwnProperty")];
  },
  plain_property_is_enumerable: () => {
    const o = a.makePlain();
    return [o.propertyIsEnumerable("x"), o.propertyIsEnumerable("toString")];
  },
  plain_to_string: () => {
    const o = a.makePlain();
    return [o.toString(), o.toLocaleString(), o.valueOf() === o];
  },
  plain_is_prototype_of: () => {
    const o = a.makePlain();
    return [o.isPrototypeOf(a.makePlain()), o.isPrototypeOf(Object.create(o))];
  },
  plain_keys_unchanged: () => {
    const o = a.makePlain();
    return [a.keys(o), Object.keys(o), Object.getOwnPropertyNames(o)];
  },
  plain_own_wins: () => {
    const o = a.makePlain();
    o.toString = () => "mine";
    return [o.toString(), o.hasOwnProperty("toString"), a.keys(o)];
  },
  // ... on an instance of an addon class (napi_define_class + napi_wrap)
  instance_has_own: () => {
    const p = new a.Point(2, 3);
    return [p.hasOwnProperty("tag"), p.hasOwnProperty("sum"), p.hasOwnProperty("x"), p.sum()];
  },
  instance_methods: () => {
    const p = new a.Point(2, 3);
    return [p.toString(), p.toLocaleString(), p.valueOf() === p, p.propertyIsEnumerable("tag"),
      p.propertyIsEnumerable("sum")];
  },
  instance_is_prototype_of: () => {
    const p = new a.Point(2, 3);
    return [a.Point.prototype.isPrototypeOf(p), p.isPrototypeOf(p)];
  },
  instance_keys_unchanged: () => {
    const p = new a.Point(2, 3);
    return [a.keys(p), Object.keys(p), Object.getOwnPropertyNames(p)];
  },
  class_method_wins: () => {
    const n = new a.Named();
    return [n.toString(), n.hasOwnProperty("toString"), n.valueOf() === n];
  },
  string_of_instance: () => {
    const n = new a.Named();
    return [String(n), `${n}`, "" + n];
  },
  function_prototype_members: () => {
    const ts = a.getNamed(a.Point, "toString");
    const hop = a.getNamed(a.makePlain, "hasOwnProperty");
    return [a.callWith(ts, a.Point), typeof a.getNamed(a.makePlain, "toString"),
      ts === a.getNamed(a.makePlain, "toString"), a.callWith(hop, a.Point, "prototype"),
      a.callWith(hop, a.makePlain, "nope"), a.getNamed(a.Point, "valueOf") === Object.prototype.valueOf,
      typeof a.getNamed(a.Point, "isPrototypeOf")];
  },
  function_to_string_not_a_function: () => a.callWith(a.getNamed(a.Point, "toString"), {}),
  // Object.prototype's members stay on a function's chain without the global Function
  function_object_members_without_function: () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, "Function");
    delete globalThis.Function;
    try {
      return [typeof a.getNamed(a.makePlain, "hasOwnProperty"),
        a.callWith(a.getNamed(a.makePlain, "hasOwnProperty"), a.Point, "prototype"),
        a.callWith(a.getNamed(a.Point, "hasOwnProperty"), a.Point, "prototype"),
        typeof a.getNamed(a.makePlain, "nope")];
    } finally {
      Object.defineProperty(globalThis, "Function", saved);
    }
  },
  null_prototype: () => {
    const o = Object.create(null);
    return [o.hasOwnProperty, o.toString];
  },
  // a builtin method read with napi_get_named_property, called with another `this`
  typed_subarray_other_this: () => {
    const ta = new Uint8Array([1, 2, 3, 4]), tb = new Uint8Array([9, 8, 7, 6, 5]);
    return [a.callMethodOf(ta, "subarray", tb, 1), ta];
  },
  typed_slice_other_this: () => {
    const ta = new Uint8Array([1, 2, 3, 4]), f = new Float64Array([1.5, 2.5, 3.5]);
    return a.callMethodOf(ta, "slice", f, 1);
  },
  typed_subarray_buffer_this: () =>
    a.callMethodOf(new Uint8Array([1, 2, 3]), "subarray", Buffer.from("world!"), 2),
  typed_subarray_shares_memory: () => {
    const tb = new Uint8Array([9, 8, 7, 6, 5]);
    const v = a.callMethodOf(new Uint8Array(2), "subarray", tb, 1, 3);
    v[0] = 42;
    return [v, tb];
  },
  typed_subarray_bad_this: () => [
    errorName(() => a.callMethodOf(new Uint8Array(2), "subarray", {}, 1)),
    errorName(() => a.callMethodOf(new Uint8Array(2), "subarray", undefined, 1))],
  typed_fill_other_this: () => {
    const tb = new Uint8Array([9, 8, 7]);
    return [a.callMethodOf(new Uint8Array(2), "fill", tb, 4), tb];
  },
  buffer_slice_other_this: () =>
    a.callMethodOf(Buffer.from("hello"), "slice", Buffer.from("world!"), 1),
  buffer_subarray_typed_this: () =>
    a.callMethodOf(Buffer.from("hello"), "subarray", new Uint8Array([9, 8, 7, 6, 5]), 2),
  buffer_to_string_other_this: () =>
    a.callMethodOf(Buffer.from("hello"), "toString", Buffer.from("world!"), "hex"),
  make_callback_this: () => {
    const fn = a.getNamed(new Uint8Array(2), "subarray");
    return a.makeCallbackWith(fn, new Uint8Array([9, 8, 7, 6, 5]), 3);
  },
  call_with_this: () => {
    const fn = a.getNamed(new Uint8Array(2), "slice");
    return a.callWith(fn, new Int16Array([-1, -2, -3]), -2);
  },
  same_function: () => {
    const ta = new Uint8Array(2);
    return [a.getNamed(ta, "subarray") === a.getNamed(new Uint8Array(3), "subarray"),
      a.getNamed(ta, "slice") === a.getNamed(new Float64Array(1), "slice")];
  },
  object_to_string_other_this: () => a.callMethodOf(a.makePlain(), "toString", [1, 2]),
  array_push_other_this: () => {
    const x = [7];
    return [a.callMethodOf([1, 2], "push", x, 5), x];
  },
  // napi_run_script with arrow functions
  arrow_expression: () => {
    const f = a.runScript("x => x + 1");
    return [typeof f, f(2), a.callWith(f, undefined, 41)];
  },
  arrow_params: () => {
    const f = a.runScript("(a, b) => a * b");
    return [f(6, 7), f(2), f(2, 3, 4)];
  },
  arrow_no_params: () => a.runScript("() => 'hi'")(),
  arrow_block: () => {
    const f = a.runScript("(a, b) => { const s = a + b; let t = s * 2; var u; return t - 1; }");
    return f(1, 2);
  },
  arrow_block_no_return: () => [a.runScript("() => { 1 + 1; }")(), a.runScript("() => {}")(),
    a.runScript("(x) => { return; }")(3)],
  arrow_closure: () => {
    const f = a.runScript("a => b => c => a + b + c");
    return [f(1)(2)(3), f("x")("y")("z")];
  },
  arrow_lexical_this: () => {
    const f = a.runScript("() => this");
    return [a.callWith(f, {}) === globalThis, a.makeCallbackWith(f, [1]) === globalThis,
      a.runScript("(x) => this === globalThis")(1)];
  },
  arrow_as_argument: () => [a.runScript("[1, 2, 3].map(x => x * 2)"),
    a.runScript("[1, 2, 3, 4].filter((x) => x % 2 === 0)"),
    a.runScript("[3, 1, 2].sort((a, b) => b - a)"),
    a.runScript("[1, 2].reduce((acc, x) => { return acc + x; }, 10)")],
  arrow_missing_args: () => a.callWith(a.runScript("(x, y) => [x, y, typeof y]"), null, 1),
  arrow_globals: () => [a.runScript("(s) => JSON.stringify(s)")([1, "a"]),
    a.runScript("(Math) => Math + 1")(1), a.runScript("(x) => Math.max(x, 3)")(7)],
  arrow_errors: () => [errorMessage(() => a.runScript("() => noSuch")()),
    errorMessage(() => a.runScript("(o) => o.p.q")({}))],
};

function errorMessage(f) {
  try {
    f();
    return "no error";
  } catch (e) {
    return e.message;
  }
}

function errorName(f) {
  try {
    f();
    return "no error";
  } catch (e) {
    return e.name;
  }
}

main(sync, {});
