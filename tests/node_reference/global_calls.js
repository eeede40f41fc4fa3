// Calls of Math, Number, Array and Object functions an addon makes through
// napi_get_global + napi_get_named_property + napi_call_function (the globals test
// addon's callPath), as Node 20 answers them. tests/test_global_calls.py makes the
// same calls and compares with global_calls.json. Re-measure, from the project root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/globals/globals.c -o /tmp/globals.node
//   node tests/node_reference/global_calls.js /tmp/globals.node > tests/node_reference/global_calls.json
//
// Arguments and results are encoded as JSON: numbers JSON cannot hold as
// {"$": "NaN" | "-0" | "Infinity" | "-Infinity"}, undefined as {"$": "undefined"},
// a thrown error as {"threw": "TypeError"} (its name: a DOMException's is the
// exception's, "InvalidCharacterError").
const a = require(process.argv[2]);

const N = (x) => ({ $: x });
const nums = [0, N("-0"), 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, 3.7, -3.7,
              1e21, -1e-7, 2 ** 53, N("NaN"), N("Infinity"), N("-Infinity"), "4.5", "", " 12 ",
              "0x1f", "abc", null, N("undefined"), true, [7], [], {}];
const cases = [];
for (const fn of ["floor", "ceil", "round", "abs", "sqrt", "trunc", "sign", "cbrt", "exp",
                  "log", "log2", "log10", "sin", "cos", "tan", "atan", "fround"])
  for (const x of nums) cases.push([`Math.${fn}`, [x]]);
for (const fn of ["min", "max"]) {
  cases.push([`Math.${fn}`, []]);
  for (const args of [[1, 2], [2, 1, 3], [0, N("-0")], [N("-0"), 0], [1, N("NaN")], ["3", 2],
                      [null, -1], [N("undefined"), 1], [N("Infinity"), N("-Infinity")]])
    cases.push([`Math.${fn}`, args]);
}
for (const [x, y] of [[2, 10], [2, 0.5], [-8, 1 / 3], [N("NaN"), 0], [1, N("NaN")],
                      [1, N("Infinity")], [-1, N("Infinity")], [0, -1], [N("-0"), -1],
                      [N("-0"), -2], [N("-0"), 3], [10, 400], [-2, 3], [0.5, N("-Infinity")],
                      [2, N("undefined")], ["3", "2"], [N("-Infinity"), 3], [N("-Infinity"), -3],
                      [N("-Infinity"), 2], [4, -0.5]])
  cases.push(["Math.pow", [x, y]]);
for (const [x, y] of [[3, 4], [-0.0, -1], [N("Infinity"), N("NaN")]]) cases.push(["Math.hypot", [x, y]]);
for (const [y, x] of [[1, 1], [N("-0"), -1], [0, -1], [N("-0"), N("-0")]]) cases.push(["Math.atan2", [y, x]]);
for (const fn of ["isFinite", "isNaN", "isSafeInteger", "isInteger"])
  for (const x of [1, 1.5, N("NaN"), N("Infinity"), 2 ** 53, 2 ** 53 - 1, -(2 ** 53), "1", null, N("undefined"), N("-0")])
    cases.push([`Number.${fn}`, [x]]);
for (const x of ["3.5px", "  -0.25e1", "abc", "Infinity", "", "0x10", N("undefined"), 12])
  cases.push(["Number.parseFloat", [x]]);
for (const [x, r] of [["42", N("undefined")], ["0x1f", N("undefined")], ["12px", 10], ["ff", 16],
                      ["-101", 2], ["", 10], [" 7 ", N("undefined")], ["9", 8], [4.9, N("undefined")]])
  cases.push(["Number.parseInt", [x, r]]);
for (const x of [[1, 2], [], {}, "ab", 5, null, N("undefined")]) cases.push(["Array.isArray", [x]]);
for (const x of [[1, 2], "abc", { length: 2, 0: "a", 1: "b" }, {}, { length: 2.7 }, 5])
  cases.push(["Array.from", [x]]);
for (const x of [{ a: 1, b: [2] }, [7, 8], "hi", {}, 5])
  for (const fn of ["entries", "values", "keys", "getOwnPropertyNames"])
    cases.push([`Object.${fn}`, [x]]);
// atob / btoa: binary strings, whitespace, padding, the InvalidCharacterError cases
for (const x of ["", "a", "ab", "abc", "\u00ff\u0000", "\u00e9", "\u20ac", "\ud83d\ude00", 5, null,
                 N("undefined"), true, [1, 2], {}])
  cases.push(["btoa", [x]]);
for (const x of ["", "YQ==", "YQ", "YQ=", "Y", "YW Jj\n", "YWJj", "YW=J", "*", "YQ===", "/+/+",
                 "-_", "YQ==\t", " Y Q = = ", "AAA", "AA=A", "YR==", "QUJD\fRA", "=", "==",
                 "A===", "\u00e9", null, 12, N("undefined")])
  cases.push(["atob", [x]]);
cases.push(["atob", []]);
cases.push(["btoa", []]);
// Reflect's writes and checks (a non-object target throws; a refused write is false)
for (const args of [[{ a: 1 }, "a", 2], [{}, "k", [1]], [[1, 2, 3], "length", 1], [[1], "3", 4],
                    [[], "length", -1], [5, "a", 1], ["s", "0", "t"], [null, "a", 1], []])
  cases.push(["Reflect.set", args]);
for (const args of [[{ a: 1 }, "a"], [{}, "x"], [[1, 2], "0"], [[1, 2], "length"], [null, "a"],
                    ["abc", "0"], []])
  cases.push(["Reflect.deleteProperty", args]);
// (preventExtensions of a dict or list: napi-python cannot refuse their new keys, so
// it answers false; test_globals_more tests it on objects)
for (const x of [{}, [1], 5, "s", null, N("undefined")]) cases.push(["Reflect.isExtensible", [x]]);
for (const x of [5, "s", null, N("undefined")]) cases.push(["Reflect.preventExtensions", [x]]);
for (const args of [[5, []], [{}, []], ["s", []], [null, []], []])
  cases.push(["Reflect.construct", args]);
cases.push(["Object.entries", [null]]);
cases.push(["Object.getOwnPropertyNames", [N("undefined")]]);

const dec = (v) => {
  if (Array.isArray(v)) return v.map(dec);
  if (v && typeof v === "object") {
    if ("$" in v) return v.$ === "undefined" ? undefined : v.$ === "-0" ? -0 : Number(v.$);
    const o = {};
    for (const k of Object.keys(v)) o[k] = dec(v[k]);
    return o;
  }
  return v;
};
const enc = (v) => {
  if (v === undefined) return N("undefined");
  if (typeof v === "number") {
    if (Object.is(v, -0)) return N("-0");
    if (!Number.isFinite(v)) return N(String(v));
    return v;
  }
  if (Array.isArray(v)) return v.map(enc);
  if (v && typeof v === "object") {
    const o = {};
    for (const k of Object.keys(v)) o[k] = enc(v[k]);
    return o;
  }
  return v;
};
const out = { node: process.version, calls: [] };
for (const [path, args] of cases) {
  let result;
  try {
    result = enc(a.callPath(path, dec(args)));
  } catch (e) {
    result = { threw: e.name };
  }
  out.calls.push([path, args, result]);
}
console.log(`{"node": ${JSON.stringify(out.node)}, "calls": [\n` +
            out.calls.map((c) => JSON.stringify(c)).join(",\n") + "\n]}");
