// napi_run_script's arithmetic (+ - * / % **, BigInt literals) through
// tests/addons/globals' runScript, in node: what each script gives, as
// "<typeof>:<String(value)>" ("number:-0" for -0), or "threw <class>: <message>".
// tests/test_globals.py compares napi-python's answers with script_arithmetic.json:
//   node tests/node_reference/script_arithmetic.js <globals.node> > tests/node_reference/script_arithmetic.json
// (build globals.node as measure.sh does).
const a = require(process.argv[2]);
const scripts = [
 "6 * 7",
 "1 + 2",
 "'a' + 'b'",
 "'a' + 1",
 "1 + 'a'",
 "1.5 + 1",
 "0.1 + 0.2",
 "7 / 2",
 "6 / 3",
 "1 / 0",
 "-1 / 0",
 "0 / 0",
 "7 % 3",
 "-7 % 3",
 "7 % -3",
 "-4 % 2",
 "5.5 % 2",
 "2 ** 10",
 "2 ** -1",
 "2 ** 3 ** 2",
 "(-2) ** 2",
 "-(2 ** 2)",
 "1 ** Infinity",
 "NaN ** 0",
 "2 ** 0.5",
 "0 * -5",
 "-0",
 "1 - 2 - 3",
 "2 + 3 * 4",
 "(2 + 3) * 4",
 "10 - 2 * 3 ** 2",
 "true + 1",
 "null + 1",
 "undefined + 1",
 "'3' * '4'",
 "'3' - 1",
 "[] + []",
 "[1, 2] + 3",
 "[5] * 2",
 "1 + true + 'x'",
 "'x' + null",
 "'x' + undefined",
 "2 ** 53 + 1",
 "9007199254740991 + 2",
 "-9007199254740992 - 1",
 "4294967296 * 4294967296",
 "0n",
 "42n",
 "-42n",
 "0x10n",
 "2n ** 128n - 1n",
 "-(2n ** 127n)",
 "-(2n ** 127n - 1n)",
 "7n / 2n",
 "-7n / 2n",
 "7n % -2n",
 "-7n % 2n",
 "1n / 0n",
 "1n % 0n",
 "2n ** -1n",
 "1n + 1",
 "1 + 1n",
 "'a' + 1n",
 "1n + 'a'",
 "5n * 3n",
 "10n - 20n",
 "typeof 1n",
 "1n == 1",
 "1n === 1n",
 "2n ** 64n",
 "Symbol.iterator + 1",
 "-2 ** 2",
 "1 +",
 "* 2",
 "Number.MAX_SAFE_INTEGER + 1",
 "process.pid * 0",
 "'1,2' == [1, 2] + ''",
 "1 + 2 == 3",
 "1 + 2 === 3 && 'ok'"
];
function describe(v) {
  const t = typeof v;
  if (t === "number") return Object.is(v, -0) ? "number:-0" : "number:" + String(v);
  if (v === null) return "null";
  return t + ":" + String(v);
}
const out = {};
for (const s of scripts) {
  try { out[s] = describe(a.runScript(s)); }
  catch (e) { out[s] = "threw " + e.constructor.name + ": " + e.message; }
}
console.log(JSON.stringify(out, null, 1));
