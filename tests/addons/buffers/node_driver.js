// Runs the Node side of tests/test_buffers.py's data-pointer cases and prints Node's
// answers as JSON (tests/node_reference/buffers.json):
//   node tests/addons/buffers/node_driver.js .cache/test-addons/buffers_node9.node
// (the addon built with NAPI_VERSION=9, what Node 20 offers). Each case passes one
// Buffer or typed array to dataPointers(), which says whether napi_get_buffer_info
// and napi_get_typedarray_info (without, then with the ArrayBuffer) give a data
// pointer or NULL. The Python side passes the equivalent Python object (named in
// the test).
"use strict";
const a = require(require("path").resolve(process.argv[2]));

const { main } = require("../common/node_compare.js");

main({
  nonempty: () => a.dataPointers(Buffer.alloc(3)),
  empty: () => a.dataPointers(Buffer.alloc(0)),
  empty_slice_of_empty: () => a.dataPointers(Buffer.alloc(0).subarray(0, 0)),
  empty_slice_at_start: () => a.dataPointers(Buffer.alloc(4096).subarray(0, 0)),
  empty_slice_inside: () => a.dataPointers(Buffer.alloc(16).subarray(5, 5)),
  empty_slice_at_end: () => a.dataPointers(Buffer.alloc(16).subarray(16, 16)),
  empty_u8_inside: () => a.dataPointers(new Uint8Array(new ArrayBuffer(8), 2, 0)),
  empty_u8_of_empty: () => a.dataPointers(new Uint8Array(new ArrayBuffer(0))),
}, {});
