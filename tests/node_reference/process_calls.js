// The functions of `process` an addon calls (the globals test addon's callPath:
// napi_get_global + napi_get_named_property + napi_call_function), as Node 20 answers
// them: what is machine-dependent as its shape (typeof, an array's element types, an
// object's keys and their types), errors as {threw, code, message}.
// tests/test_process_calls.py makes the same calls and compares with
// process_calls.json. Re-measure, from the project root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/globals/globals.c -o /tmp/globals.node
//   node tests/node_reference/process_calls.js /tmp/globals.node > tests/node_reference/process_calls.json
const a = require(process.argv[2]);

const shape = (v) => {
  if (Array.isArray(v)) return { array: v.map((x) => typeof x) };
  if (v !== null && typeof v === "object") return { object: Object.keys(v).map((k) => [k, typeof v[k]]) };
  return typeof v;
};
const cases = [
  ["process.hrtime", []], ["process.hrtime", [[0, 0]]], ["process.hrtime", [[1, 2]]],
  ["process.hrtime", [5]], ["process.hrtime", [[1, 2, 3]]], ["process.hrtime", [[1]]],
  ["process.hrtime", [null]], ["process.hrtime", ["ab"]], ["process.hrtime", [{}]],
  ["process.hrtime.bigint", []], ["process.uptime", []],
  ["process.memoryUsage", []], ["process.memoryUsage.rss", []],
  ["process.cpuUsage", []], ["process.cpuUsage", [null]], ["process.cpuUsage", [{ user: 1, system: 2 }]],
  ["process.cpuUsage", [5]], ["process.cpuUsage", ["x"]], ["process.cpuUsage", [{}]],
  ["process.cpuUsage", [{ user: -1, system: 0 }]], ["process.cpuUsage", [{ user: 1e18, system: 0 }]],
  ["process.cpuUsage", [{ user: 0, system: "x" }]], ["process.cpuUsage", [{ user: 0, system: -2 }]],
  ["process.cpuUsage", [{ user: true, system: 0 }]],
  ["process.umask", []], ["process.umask", ["abc"]], ["process.umask", ["0o22"]], ["process.umask", [-1]],
  ["process.umask", [1.5]], ["process.umask", [null]], ["process.umask", [2 ** 32]],
  ["process.umask", [true]], ["process.umask", [{}]],
  ["process.getuid", []], ["process.geteuid", []], ["process.getgid", []], ["process.getegid", []],
  ["process.getgroups", []],
];
const out = { node: process.version, calls: [], values: {} };
for (const [path, args] of cases) {
  let result;
  try {
    result = shape(a.callPath(path, args));
  } catch (e) {
    result = { threw: e.name, code: e.code, message: e.message };
  }
  out.calls.push([path, args, result]);
}
for (const name of ["title", "argv0", "execArgv", "exitCode"])
  out.values[name] = shape(a.getPath("process." + name));
for (const name of ["hrtime", "hrtime.bigint", "uptime", "memoryUsage", "memoryUsage.rss", "cpuUsage",
                    "umask", "getuid", "geteuid", "getgid", "getegid", "getgroups"])
  out.values[name] = a.typeofPath("process." + name);
console.log(`{"node": ${JSON.stringify(out.node)}, "values": ${JSON.stringify(out.values)}, "calls": [\n` +
            out.calls.map((c) => JSON.stringify(c)).join(",\n") + "\n]}");
