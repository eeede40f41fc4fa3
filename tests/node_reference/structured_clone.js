// structuredClone as an addon calls it (napi_get_global + napi_get_named_property +
// napi_call_function: tests/addons/globals' callPath), as Node 20 answers, each clone
// described by describe() below (tests/test_globals_more.py builds the same values in
// Python, clones them through the same addon and describes them alike). Re-measure:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/globals/globals.c -o /tmp/globals.node
//   node tests/node_reference/structured_clone.js /tmp/globals.node > tests/node_reference/structured_clone.json
const a = require(process.argv[2]);
const clone = (v) => a.callPath("structuredClone", [v]);

function describe(v) {
  if (v === undefined) return "undefined";
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : Object.is(v, -0) ? "-0" : v;
  if (typeof v === "bigint") return { bigint: String(v) };
  if (v instanceof Map) return { Map: [...v].map(([k, x]) => [describe(k), describe(x)]) };
  if (v instanceof Set) return { Set: [...v].map(describe) };
  if (v instanceof Date) return { Date: v.getTime() };
  if (v instanceof RegExp) return { RegExp: [v.source, v.flags] };
  if (v instanceof Error) return { Error: [v.name, v.message, v.code ?? null] };
  if (v instanceof ArrayBuffer) return { ArrayBuffer: [...new Uint8Array(v)] };
  if (v instanceof DataView) return { DataView: [v.byteOffset, v.byteLength, v.buffer.byteLength] };
  if (ArrayBuffer.isView(v)) {
    return { [v.constructor.name]: [Array.from(v, Number), v.byteOffset, v.buffer.byteLength] };
  }
  if (v instanceof Number || v instanceof String || v instanceof Boolean) {
    return { boxed: describe(v.valueOf()) };
  }
  if (Array.isArray(v)) return v.map(describe);
  const o = {};
  for (const k of Object.keys(v)) o[k] = describe(v[k]);
  return { object: o };
}

function outcome(f) {
  try {
    return describe(f());
  } catch (e) {
    return { threw: e.name, code: e.code ?? null };
  }
}

const cases = {
  primitives: () => [clone(1.5), clone("s"), clone(true), clone(undefined),
                     clone(12345678901234567890n), clone(NaN), clone(-0)],
  object: () => clone({ a: 1, b: [1, "x", { c: null }], 2: "two", 1: "one" }),
  nested_array: () => clone([[1, 2], [], [[3]]]),
  map: () => clone(new Map([[1, "a"], ["k", { v: 2 }], [NaN, [3]]])),
  set: () => clone(new Set([1, "1", 2, { x: 1 }])),
  date: () => clone(new Date(1700000000123)),
  regexp: () => clone(/a+b/gi),
  errors: () => [clone(new Error("m")), clone(new TypeError("t")), clone(new RangeError("r")),
                 clone(Object.assign(new Error("c"), { code: "E_X" }))],
  typed: () => [clone(new Float64Array([1.5, -2])), clone(new Int16Array([-1, 2, 3])),
                clone(new BigInt64Array([5n]).length)],
  buffer_is_uint8array: () => clone(Buffer.from(new Uint8Array([97, 98]).buffer)),
  array_buffer: () => clone(new Uint8Array([1, 2, 3]).buffer),
  view_offset: () => clone(new Uint8Array(new ArrayBuffer(8), 2, 3)),
  data_view: () => clone(new DataView(new ArrayBuffer(6), 1, 4)),
  shared_buffer: () => {
    const ab = new ArrayBuffer(4);
    const c = clone([new Uint8Array(ab), new Uint16Array(ab, 2, 1)]);
    return [c[0].buffer === c[1].buffer, describe(c[1])];
  },
  cycle: () => {
    const o = { name: "o" };
    o.self = o;
    o.list = [o];
    const c = clone(o);
    return [c.self === c, c.list[0] === c, c !== o];
  },
  shared_reference: () => {
    const inner = { v: 1 };
    const c = clone([inner, inner]);
    return c[0] === c[1];
  },
  boxed: () => [clone(Object(5)), clone(Object("str")), clone(Object(false))],
  symbol: () => clone(Symbol("x")),
  function: () => clone(() => 1),
  function_in_object: () => clone({ f() {} }),
  promise: () => clone(Promise.resolve(1)),
  weak_map: () => clone(new WeakMap()),
  no_argument: () => a.callPath("structuredClone", []),
};

const out = {};
for (const [name, f] of Object.entries(cases)) out[name] = outcome(f);
console.log(JSON.stringify({ node: process.version, cases: out }, null, 1));
