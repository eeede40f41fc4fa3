// String.prototype's methods as an addon calls them on a string (the globals test
// addon's callMethod: napi_get_named_property(str, name) + napi_call_function with
// the string as `this`), as Node 20 answers them. tests/test_string_methods.py makes
// the same calls and compares with string_methods.json. Re-measure, from the project
// root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/globals/globals.c -o /tmp/globals.node
//   node tests/node_reference/string_methods.js /tmp/globals.node > tests/node_reference/string_methods.json
//
// Encoding as global_calls.js's: {"$": "NaN" | "-0" | "Infinity" | "-Infinity" |
// "undefined"}; {"$": "fn"} is a replacer function giving its arguments joined by
// "|"; {"$re": [source, flags]} a RegExp; a thrown error is {"threw": name, "message": ...}.
const a = require(process.argv[2]);

const N = (x) => ({ $: x });
const RE = (source, flags) => ({ $re: [source, flags] });
const FN = N("fn");
const astral = "a\u{1F600}b";  // a surrogate pair at units 1-2
const lone = "x\ud800y";
const cases = [];
const add = (s, m, args) => cases.push([s, m, args]);
for (const i of [0, 1, 2, 3, -1, -3, -4, 4, 1.7, "1", null, N("undefined"), N("NaN"), N("Infinity"), true])
  for (const m of ["at", "charAt", "charCodeAt", "codePointAt"]) add(astral, m, [i]);
for (const m of ["at", "charAt", "charCodeAt", "codePointAt"]) { add("abc", m, []); add(lone, m, [1]); add("", m, [0]); }
for (const [s, args] of [["abcabc", ["b"]], ["abcabc", ["b", 2]], ["abcabc", ["b", -5]], ["abcabc", ["", 10]],
                         ["abcabc", ["", 3]], ["abcabc", ["c", N("NaN")]], ["abcabc", ["x"]], [astral, ["b"]],
                         ["null undefined", [null]], ["null undefined", []], ["a1b", [1]], ["abc", ["c", "2"]],
                         ["abc", ["a", N("Infinity")]], ["abc", ["a", N("-Infinity")]]])
  for (const m of ["indexOf", "lastIndexOf", "includes", "startsWith", "endsWith"]) add(s, m, args);
for (const m of ["includes", "startsWith", "endsWith"]) add("a.c", m, [RE("a", "")]);
for (const [s, args] of [["abc", [5]], ["abc", [6, "xy"]], ["abc", [2, "x"]], ["abc", [5, ""]], ["abc", [5, null]],
                         ["abc", [5, N("undefined")]], ["abc", [N("NaN")]], ["abc", ["6", 1]], [astral, [6, "\u{1F600}"]],
                         ["abc", [-1, "x"]], ["abc", [N("Infinity"), "x"]], ["abc", [2 ** 30, "x"]]])
  for (const m of ["padStart", "padEnd"]) add(s, m, args);
for (const args of [[0], [1], [3], [2.9], ["2"], [-1], [N("Infinity")], [N("NaN")], [], [null], [2 ** 28]])
  add("ab", "repeat", args);
add("", "repeat", [2 ** 40]);
add("", "repeat", [-1]);
for (const args of [[], [1, 2, 3], [null, N("undefined"), true, 1.5, [1, 2]]]) add("x", "concat", args);
for (const s of [" \t\n\u00a0\ufeff\u2028 ab c \u3000\r", "\x1c ab\x1f", "", "ab"])
  for (const m of ["trim", "trimStart", "trimEnd", "trimLeft", "trimRight"]) add(s, m, []);
for (const [s, args] of [["abcdef", [1, 2]], ["abcdef", [-3]], ["abcdef", [-3, 2]], ["abcdef", [2]],
                         ["abcdef", [N("NaN"), 2]], ["abcdef", [1, -1]], ["abcdef", [1, N("Infinity")]],
                         ["abcdef", [-10, 3]], [astral, [1, 1]], ["abcdef", ["2", "2"]], ["abcdef", [10]]])
  for (const m of ["substr", "slice", "substring"]) add(s, m, args);
for (const [s, args] of [["a,b,,c", [","]], ["a,b,,c", [",", 2]], ["a,b,,c", [",", 0]], ["abc", [""]],
                         ["abc", []], ["abc", [N("undefined"), 0]], [astral, [""]], ["a1b1c", [1]],
                         ["anullb", [null]], ["", [","]], ["", [""]], ["a,b", [",", -1]],
                         ["a1b22c", [RE("\\d+", "")]], ["a1b2c", [RE("(\\d)", "")]], ["abc", [RE("", "")]],
                         ["a1b2c3", [RE("\\d", ""), 2]], ["", [RE("x", "")]], ["", [RE("", "")]]])
  add(s, "split", args);
for (const [s, args] of [["aXbXc", ["X", "-"]], ["aXbXc", ["X", "[$&|$`|$'|$$|$1|$<n>|$]"]],
                         ["aXbXc", ["X", FN]], ["abc", ["", "-"]], ["abc", ["z", "-"]], ["anullb", [null, "!"]],
                         ["abc", ["b", N("undefined")]], ["abc", ["b", 5]], [astral, ["b", FN]],
                         ["a1b22c", [RE("\\d+", "g"), "#"]], ["a1b22c", [RE("\\d+", ""), "#"]],
                         ["a1b22c", [RE("(\\d)(\\d)?", "g"), "[$2$1]"]], ["a1b22c", [RE("(\\d)", "g"), FN]],
                         ["john smith", [RE("(?<first>\\w+)\\s(?<last>\\w+)", ""), "$<last>, $<first>"]],
                         ["abc", [RE("x*", "g"), "-"]], ["aaa", [RE("a", "y"), "b"]]])
  for (const m of ["replace", "replaceAll"]) add(s, m, args);
for (const args of [[], ["NFC"], ["NFD"], ["NFKC"], ["NFKD"], ["nfc"], [N("undefined")], [null]])
  add("\u1e9b\u0323 \ufb01 e\u0301", "normalize", args);
for (const s of ["abc", lone, "\ud800", "\udc00a", astral, "\udbff\udfff", "\udc00\ud800"])
  for (const m of ["isWellFormed", "toWellFormed"]) add(s, m, []);
for (const s of ["Abc\u00df\u0130", "\u03a3\u0391\u03a3", "i"])
  for (const m of ["toUpperCase", "toLowerCase", "toLocaleUpperCase", "toLocaleLowerCase"]) add(s, m, []);
for (const m of ["toString", "valueOf"]) add("abc", m, []);

const dec = (v) => {
  if (Array.isArray(v)) return v.map(dec);
  if (v && typeof v === "object") {
    if ("$re" in v) return new RegExp(...v.$re);
    if (v.$ === "fn") return (...args) => args.map(String).join("|");
    if ("$" in v) return v.$ === "undefined" ? undefined : v.$ === "-0" ? -0 : Number(v.$);
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
  if (Array.isArray(v)) return [...v].map(enc);
  return v;
};
const out = { node: process.version, calls: [] };
for (const [s, m, args] of cases) {
  let result;
  try {
    result = enc(a.callMethod(s, m, dec(args)));
  } catch (e) {
    result = { threw: e.name, message: e.message };
  }
  out.calls.push([s, m, args, result]);
}
console.log(`{"node": ${JSON.stringify(out.node)}, "calls": [\n` +
            out.calls.map((c) => JSON.stringify(c)).join(",\n") + "\n]}");
