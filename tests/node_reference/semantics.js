// The reports of tests/addons/semantics, as Node prints them (tests/test_semantics.py
// compares napi-python's with these). Re-measure, from the project root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/semantics/semantics.c -o /tmp/semantics.node -lm
//   node tests/node_reference/semantics.js /tmp/semantics.node > tests/node_reference/semantics.json
const a = require(process.argv[2]);
const out = {node: process.version};
for (const k of ["coerce", "kinds", "getters", "bigints", "strings", "equals", "arrays",
                 "objects", "misc", "binary", "numbers", "throws", "functions", "keys", "ctors", "wrappers", "refs"]) {
  out[k] = a[k]();
}
console.log(JSON.stringify(out, null, 1));
