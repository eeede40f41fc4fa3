// The dates of tests/test_node_outcomes.py (test_dates_as_node), run in node on the
// globals test addon built with NAPI_VERSION=9 (tests/node_reference/measure.sh),
// with TZ=UTC: dateReport(t) makes the date with napi_create_date and reports its
// Date.prototype methods and JSON.stringify (and the date: its JSON here). Writes
// dates.json.
const a = require(require("path").resolve(process.argv[2]));
const TIMES = ["0", "-1", "-62135596799999", "100000000000123", "253402300799999",
               "253402300800000", "-62135596800000", "-62135596800001", "-62198755200000", "-377705116800000",
               "8640000000000000", "-8640000000000000", "NaN"];
const out = {};
for (const t of TIMES) out[t] = a.dateReport(Number(t));
console.log(JSON.stringify(out, null, 1));
