// The reports of tests/addons/parity, as Node prints them (tests/test_parity.py
// compares napi-python's with these). Re-measure, from the project root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/parity/parity.c -o /tmp/parity.node -lm
//   TZ=UTC node tests/node_reference/parity.js /tmp/parity.node > tests/node_reference/parity.json
const a = require(process.argv[2]);
const out = {node: process.version};
for (const k of ["typed", "keys", "errors", "integrity", "externals", "instance", "strings",
                 "last_error", "throwing", "classes", "calls"]) {
  out[k] = a[k]();
}
console.log(JSON.stringify(out, null, 1));
