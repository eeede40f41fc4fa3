// Runs tests/test_libuv_provided.py's cases under Node 20 and prints Node's answers
// as JSON (tests/node_reference/libuv_provided.json):
//   node tests/addons/libuv_provided/node_driver.js .cache/test-addons/libuv_provided.node
// What is not deterministic is reduced the same way on both sides: the random bytes
// to their count, the executable's path left out (each side compares it with its
// own executable), the path of libm in dlerror's messages shortened.
"use strict";
const a = require(require("path").resolve(process.argv[2]));

const { main } = require("../common/node_compare.js");

const shape = (r) => ({ ...r, bytes: r.bytes.length });
// dlerror's message names the library by its path on this system
const dl = (file, symbol) => a.dl(file, symbol).map(
  (x) => (typeof x === "string" ? x.replace(/^\/.*\/libm\.so\.6:/, "libm.so.6:") : x));
// a file of 12345 bytes (test_libuv_provided.py makes the same)
const STAT_FILE = require("path").join(require("os").tmpdir(), "libuv_provided_stat.bin");
require("fs").writeFileSync(STAT_FILE, Buffer.alloc(12345));

main({
  random_statuses: () => a.randomStatuses(),
  random_sync_lengths: () => [0, 1, 16, 256, 257, 100000].map((n) => a.randomSync(n).length),
  exe_path_cases: () => a.exePathCases(),
  dl_found: () => dl("libm.so.6", "cos"),
  dl_no_symbol: () => dl("libm.so.6", "no_such_symbol_here"),
  dl_no_file: () => dl("/nonexistent/libnothing.so", "cos"),
  type_names: () => a.typeNames(),
  fields: () => a.fields(),
  on_real_objects: () => a.onRealObjects(STAT_FILE),
}, {
  random_async_32: async () => shape(await a.randomAsync(32)),
  random_async_0: async () => shape(await a.randomAsync(0)),
  random_async_100000: async () => shape(await a.randomAsync(100000)),
});
