// DataView.prototype's and ArrayBuffer.prototype's methods as an addon calls them on
// those values (the globals test addon's callMethod: napi_get_named_property on the
// value + napi_call_function with it as `this`), as Node 20 answers them.
// tests/test_dataview_methods.py makes the same calls and compares with
// dataview_methods.json. Re-measure, from the project root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/globals/globals.c -o /tmp/globals.node
//   node tests/node_reference/dataview_methods.js /tmp/globals.node > tests/node_reference/dataview_methods.json
//
// A case is [receiver, method, args] with the receiver {"dv": [bytes, byteOffset,
// byteLength]} (a DataView on an ArrayBuffer of those bytes) or {"ab": bytes}; its
// outcome is [result, the ArrayBuffer's bytes after the call] or {"threw": name,
// "message": ...}. Numbers JSON cannot hold are {"$": "NaN" | "-0" | "Infinity" |
// "-Infinity" | "undefined"}, a BigInt {"big": "123"}, an ArrayBuffer {"ab": bytes},
// a value of another kind {"other": typeof}.
const a = require(process.argv[2]);

const N = (x) => ({ $: x });
const B = (x) => ({ big: x });
const bytes = [0x80, 0x01, 0xff, 0x7f, 0x3f, 0xf0, 0x00, 0x00, 0x41, 0x42];
const dv = (off = 0, len = 10 - off) => ({ dv: [bytes, off, len] });
const cases = [];
const types = ["Int8", "Uint8", "Int16", "Uint16", "Int32", "Uint32", "Float32", "Float64",
               "BigInt64", "BigUint64"];
for (const t of types) {
  for (const args of [[0], [1], [2, true], [2, false], [2, 1], [2, ""], [2, null], [0.9], ["2"], [],
                      [N("NaN")], [-1], [N("Infinity")], [9], [10], [2 ** 53]])
    cases.push([dv(), "get" + t, args]);
  cases.push([dv(2, 6), "get" + t, [0, true]]);
  cases.push([dv(2, 6), "get" + t, [5]]);
}
for (const t of ["Int8", "Uint8", "Int16", "Uint16", "Int32", "Uint32", "Float32", "Float64"])
  for (const args of [[0, 1], [1, -1], [0, 300], [0, -129], [1, 65535, true], [1, -2, true],
                      [0, 1.9], [0, -1.9], [0, N("NaN")], [0, N("Infinity")], [0, "12"], [0, null],
                      [0, N("undefined")], [0, 2 ** 32 + 5], [0, 1e40], [0, 0.1], [0, N("-0")],
                      [8, 1], [9, 1], [-1, 1], [0], [N("undefined"), 7], [0, [3]]])
    cases.push([dv(), "set" + t, args]);
for (const t of ["BigInt64", "BigUint64"])
  for (const args of [[0, B("1")], [0, B("-1")], [1, B("18446744073709551617"), true], [0, true],
                      [0, "255"], [0, "0x10"], [0, 5], [0, N("undefined")], [0, "1.5"], [2, B("1")],
                      [3, B("1")], [-1, 5], [3, 5]])
    cases.push([dv(), "set" + t, args]);
cases.push([dv(4, 4), "setUint16", [1, 0xabcd]]);
for (const args of [[], [1], [-3], [1, 3], [-3, -1], [3, 1], [N("NaN")], ["2"], [0, N("Infinity")],
                    [N("-Infinity"), 2], [null, 2]])
  cases.push([{ ab: bytes }, "slice", args]);
cases.push([{ ab: bytes }, "resize", [2]]);

const make = (r) => {
  const ab = new ArrayBuffer(r.dv ? r.dv[0].length : r.ab.length);
  new Uint8Array(ab).set(r.dv ? r.dv[0] : r.ab);
  return [r.dv ? new DataView(ab, r.dv[1], r.dv[2]) : ab, ab];
};
const dec = (v) => {
  if (Array.isArray(v)) return v.map(dec);
  if (v && typeof v === "object") {
    if ("big" in v) return BigInt(v.big);
    if ("$" in v) return v.$ === "undefined" ? undefined : v.$ === "-0" ? -0 : Number(v.$);
  }
  return v;
};
const enc = (v) => {
  if (v === undefined) return N("undefined");
  if (typeof v === "bigint") return B(String(v));
  if (typeof v === "number") {
    if (Object.is(v, -0)) return N("-0");
    if (!Number.isFinite(v)) return N(String(v));
    return v;
  }
  if (v instanceof ArrayBuffer) return { ab: [...new Uint8Array(v)] };
  if (v !== null && typeof v === "object") return { other: typeof v };
  return v;
};
const out = { node: process.version, calls: [] };
for (const [r, m, args] of cases) {
  const [value, ab] = make(r);
  let result;
  try {
    result = [enc(a.callMethod(value, m, dec(args))), [...new Uint8Array(ab)]];
  } catch (e) {
    result = { threw: e.name, message: e.message };
  }
  out.calls.push([r, m, args, result]);
}
const ab = new ArrayBuffer(3);
out.values = [ab.resizable, ab.maxByteLength];
console.log(`{"node": ${JSON.stringify(out.node)}, "values": ${JSON.stringify(out.values)}, "calls": [\n` +
            out.calls.map((c) => JSON.stringify(c)).join(",\n") + "\n]}");
