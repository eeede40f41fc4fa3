// Number.prototype.toFixed / toExponential / toPrecision / toString(radix) as an addon
// reaches them (tests/addons/globals): on the number itself (napi_get_named_property
// on a number: callMethod), on its Number object (napi_coerce_to_object:
// coerceMethod) and as Number.prototype.x.call(n, ...) (callWith), as Node 20 answers.
// tests/test_number_methods.py makes the same calls and compares. Re-measure, from
// the project root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/globals/globals.c -o /tmp/globals.node
//   node tests/node_reference/number_methods.js /tmp/globals.node > tests/node_reference/number_methods.json
// Values are encoded as in global_calls.js ({"$": "NaN" | "-0" | "Infinity" |
// "-Infinity" | "undefined"}); a thrown error as {"threw": name, "message": message}.
const a = require(process.argv[2]);

const N = (x) => ({ $: x });
const decode = (v) => (v !== null && typeof v === "object" && "$" in v
  ? { NaN: NaN, "-0": -0, Infinity: Infinity, "-Infinity": -Infinity, undefined: undefined }[v.$]
  : v);

const values = [0, N("-0"), 1, -1, 0.5, -0.5, 1.5, 2.5, 1.25, 1.35, 1.005, 0.125, 0.1, 0.2, 0.3,
                1 / 3, 2 / 3, -2 / 3, 123.456, -123.456, 1e-7, 1.5e-7, 1e-6, 123456789, 0.000001234,
                1e21, 1e20, 9.999999e20, 1.7976931348623157e308, 5e-324, 2 ** 53, 2 ** 53 + 2,
                Math.PI, -Math.E, 255, 4294967295, 99.995, 0.045, 1234.5678, 6.02214076e23,
                N("NaN"), N("Infinity"), N("-Infinity")];
const argsOf = {
  toFixed: [[], [0], [1], [2], [5], [20], [100], [101], [-1], [N("undefined")], [null], ["3"],
            [1.9], [N("NaN")], [N("Infinity")]],
  toExponential: [[], [0], [1], [2], [5], [20], [100], [101], [-1], [N("undefined")], ["2"]],
  toPrecision: [[], [1], [2], [3], [6], [21], [100], [0], [101], [N("undefined")], ["4"]],
  toString: [[], [2], [3], [7], [8], [16], [36], [10], [1], [37], [N("undefined")], ["16"],
             [16.9]],
};

function outcome(f) {
  try {
    return f();
  } catch (e) {
    return { threw: e.name, message: e.message };
  }
}

const cases = [];
for (const [method, argLists] of Object.entries(argsOf))
  for (const x of values)
    for (const args of argLists) cases.push(["number", x, method, args]);
// routes other than the number itself, and a `this` that is no number
for (const method of Object.keys(argsOf))
  for (const x of [1.25, 255.5, N("-0"), -1e-7]) {
    cases.push(["object", x, method, [2]]);
    cases.push(["call", x, method, [2]]);
  }
for (const method of Object.keys(argsOf))
  for (const x of ["5", true, null, {}, [3]]) cases.push(["call", x, method, [2]]);

const out = [];
for (let [route, x, method, args] of cases) {
  const v = decode(x);
  const rawArgs = args;
  args = args.map(decode);
  const result = outcome(() => (route === "number" ? a.callMethod(v, method, args)
    : route === "object" ? a.coerceMethod(v, method, args)
      : a.callWith(`Number.prototype.${method}`, v, args)));
  out.push([route, x, method, rawArgs, result]);
}
console.log(JSON.stringify({ node: process.version, cases: out }));
