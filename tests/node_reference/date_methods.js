// Date.prototype's string forms and getYear as an addon calls them on a date it made
// (the globals test addon's newPath("Date", [t]) and callMethod), as Node 20 answers
// them with TZ=UTC (dates reach addons in UTC). tests/test_date_methods.py makes the
// same calls and compares with date_methods.json. Re-measure, from the project root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/globals/globals.c -o /tmp/globals.node
//   TZ=UTC node tests/node_reference/date_methods.js /tmp/globals.node > tests/node_reference/date_methods.json
// A time value JSON cannot hold is {"$": "NaN"}; so is a NaN result.
const a = require(process.argv[2]);

const times = [0, -1, 1e12 + 123, 951782400000, -62198755200000, -62135596800001, -62135596800000,
               253402300799999, 253402300800000, -8.64e15, 8.64e15, { $: "NaN" }];
const methods = ["toDateString", "toTimeString", "toUTCString", "toGMTString", "getYear", "toString"];
const out = { node: process.version, calls: [] };
for (const t of times) {
  const d = a.newPath("Date", [typeof t === "object" ? NaN : t]);
  for (const m of methods) {
    const r = a.callMethod(d, m, []);
    out.calls.push([t, m, Number.isNaN(r) ? { $: "NaN" } : r]);
  }
}
console.log(`{"node": ${JSON.stringify(out.node)}, "calls": [\n` +
            out.calls.map((c) => JSON.stringify(c)).join(",\n") + "\n]}");
