// String objects (napi_coerce_to_object of a string) of any length as an addon reads
// them (tests/addons/globals: coerceGet, coerceKeys, coerceWrite), as Node 20
// answers. tests/test_globals_more.py makes the same calls and compares. Re-measure:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/globals/globals.c -o /tmp/globals.node
//   node tests/node_reference/string_objects.js /tmp/globals.node > tests/node_reference/string_objects.json
const a = require(process.argv[2]);

const text = (n) => Array.from({ length: n }, (_, i) => "abcdefghij"[i % 10]).join("");
const out = { node: process.version, get: [], keys: [], write: [] };
for (const n of [0, 3, 1024, 1025, 5000, 100000]) {
  const s = text(n);
  for (const key of [0, 1, 1023, 1024, 1025, 4999, 5000, 99999, 100000, "length", "5", "05",
                     "-1", "x"])
    out.get.push([n, key, a.coerceGet(s, key)]);
  const keys = a.coerceKeys(s);
  out.keys.push([n, keys.length, keys.slice(0, 3), keys.slice(-3)]);
  for (const key of ["0", "2", String(n - 1), String(n), "length", "x"])
    out.write.push([n, key, a.coerceWrite(s, key, "Z")]);
}
console.log(JSON.stringify(out));
