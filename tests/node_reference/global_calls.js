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
// More global functions and statics (were undefined for an addon)
for (const x of [1, N("NaN"), "abc", "12", "", null, N("undefined"), N("Infinity"), [], [5], {}, true])
  for (const fn of ["isNaN", "isFinite"]) cases.push([fn, [x]]);
for (const x of ["a b&c=d/e?f#g", "caf\u00e9 \u20ac \ud83d\ude00", "-_.!~*'()", "\ud800", "\udc00x",
                 "", 5, null, N("undefined")])
  for (const fn of ["encodeURIComponent", "encodeURI"]) cases.push([fn, [x]]);
for (const x of ["a%20b%26c%3Dd%2Fe", "caf%C3%A9%20%E2%82%AC%20%F0%9F%98%80", "%", "%2", "%zz",
                 "%C3", "%C3%28", "%FF", "%E2%82", "%3B%2F%3F%3A%40%26%3D%2B%24%2C%23", "%41%42",
                 "%ED%A0%80", "plain", 7])
  for (const fn of ["decodeURIComponent", "decodeURI"]) cases.push([fn, [x]]);
for (const args of [[1, 1], [N("NaN"), N("NaN")], [0, N("-0")], [N("-0"), N("-0")], ["1", 1],
                    [null, null], [N("undefined"), null], [[], []]])
  cases.push(["Object.is", args]);
for (const args of [[{ a: 1 }, "a"], [{ a: 1 }, "b"], [[1], "0"], [[1], "length"], ["abc", "1"],
                    ["abc", "length"], [5, "x"], [null, "a"], [N("undefined"), "a"]])
  cases.push(["Object.hasOwn", args]);
for (const args of [[[["a", 1], ["b", [2]]]], [[]], [[["k"]]], [[[1, 2]]], [[5]], [null],
                    [5], [N("undefined")], [[{ 0: "x", 1: "y" }]]])
  cases.push(["Object.fromEntries", args]);
for (const args of [[{}, { a: { value: 1, enumerable: true }, b: { value: 2, enumerable: true } }], [{}, {}],
                    [{}, { a: 5 }], [5, {}], [{}, null], [{ x: 1 }, { x: { value: 9, enumerable: true,
                      writable: true, configurable: true } }]])
  cases.push(["Object.defineProperties", args]);
for (const args of [[], [7], [1, "a", null], [[1]]]) cases.push(["Array.of", args]);
for (const args of [[], [65, 66], [0x20ac], [0x1f600], [-1], ["66", 66.9], [65536 + 65],
                    [0xd83d, 0xde00], [N("NaN")], [null]])
  cases.push(["String.fromCharCode", args]);
for (const args of [[], [65, 66], [0x1f600], [0x10ffff], [0x110000], [-1], [1.5], ["65"],
                    [N("NaN")], [0xd83d], [null]])
  cases.push(["String.fromCodePoint", args]);
for (const args of [[3, 4], [-5, 12], [0xffffffff, 5], [0x7fffffff, 2], [1.9, 2.9], ["3", "4"],
                    [N("NaN"), 1], [2 ** 32 + 3, 3]])
  cases.push(["Math.imul", args]);
for (const x of [0, 1, -1, 2 ** 31, 0.5, "8", N("NaN"), N("Infinity"), 2 ** 32, null])
  cases.push(["Math.clz32", [x]]);
for (const fn of ["acosh", "asinh", "atanh"])
  for (const x of [0, N("-0"), 0.5, -0.5, 1, -1, 2, 10, N("Infinity"), N("-Infinity"), N("NaN")])
    cases.push([`Math.${fn}`, [x]]);
for (const args of [[2020], [2020, 0, 1], [2020, 1, 29, 12, 30, 15, 500], [99, 11, 31],
                    [100, 0, 1], [0], [-1, 0, 1], [2020, 13, 1], [2020, -1, 1], [2020, 0, 0],
                    [2020.9, 0.9, 1.9], [N("NaN")], [], [275760, 8, 13], [275760, 8, 14],
                    [-271821, 3, 20], [-271821, 3, 19], ["2000", "1"], [1970, 0, 1, 0, 0, 0, -1],
                    [2000, 0, 1, 24 * 1000], [500000, 0, -1e8], [1e20, -1.2e21],
                    [1970, 0, 1, 1e17, 0, 0, -3.6e23], [1e6, 0], [1e6 + 1, 0], [2000, 1e7 + 1]])
  cases.push(["Date.UTC", args]);
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
