// What Node 20 says about the JS values tests/test_numpy_scalars.py passes as numpy
// scalars: the report line of tests/addons/numpy_scalars for each one, as JSON
// {js expression: line}. Re-measure (from the project root, after `make test-deps`):
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 \
//     -Itests/node_modules/node-api-headers/include -Itests/addons/common \
//     tests/addons/numpy_scalars/numpy_scalars.c -o /tmp/numpy_scalars.node
//   node tests/node_reference/numpy_scalars.js /tmp/numpy_scalars.node \
//     > tests/node_reference/numpy_scalars.json
const addon = require(process.argv[2]);
const sources = [
  "0", "1", "-1", "3", "127", "-128", "255", "-32768", "65535", "2147483647", "-2147483648",
  "4294967295", "4294967301", "-4294967301", "1099511627781", "9007199254740992",
  "-9007199254740992", "4611686018427387904n", "9223372036854775807n",
  "-9223372036854775808n", "18446744073709551615n", "9007199254740993n", "0.5", "-2.5",
  "0.10000000149011612", "0.0999755859375", "65504", "1.0000000150474662e+30", "1e+300",
  "NaN", "Infinity", "-Infinity", "-0", "true", "false",
];
const out = { node: process.version };
for (const s of sources) out[s] = addon.report(eval(s));
console.log(JSON.stringify(out, null, 1));
