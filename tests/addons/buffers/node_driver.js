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

// subarray (a view) and slice (a copy; Buffer's slice is a view too, as Node's) on
// typed arrays and Buffers, each case "<source> <method> <args>": the result, what
// napi_get_typedarray_info gives for it (type, length, byteOffset), whether it shares
// the source's ArrayBuffer, and the source after 42 is written to the result's first
// element. tests/test_buffers.py makes the same calls from Python (VIEW_SOURCES).
const VIEW_SOURCES = {
  u8: () => new Uint8Array([1, 2, 3, 4, 5]),
  i16: () => new Int16Array([1, -2, 3, -4, 5]),
  f64: () => new Float64Array([0.5, 1.5, 2.5, 3.5, 4.5]),
  u16_at_4: () => new Uint16Array(new ArrayBuffer(16), 4, 5).fill(7),
  buffer: () => Buffer.alloc(5).fill(Buffer.from([1, 2, 3, 4, 5])),  // (not a pool slice)
};
const VIEW_ARGS = {
  "": [], "1": [1], "-2": [-2], "1,3": [1, 3], "-3,-1": [-3, -1], "3,1": [3, 1],
  "10": [10], "-10": [-10], "0,-10": [0, -10], "1.7,'3'": [1.7, "3"],
  "NaN,Infinity": [NaN, Infinity], "-Infinity,2": [-Infinity, 2], "true": [true],
  "undefined,2": [undefined, 2],
};
const viewCases = {};
for (const [source, make] of Object.entries(VIEW_SOURCES)) {
  for (const method of ["subarray", "slice"]) {
    for (const [label, args] of Object.entries(VIEW_ARGS)) {
      viewCases[`${source} ${method} ${label}`] = () => {
        const src = make();
        const r = src[method](...args);
        const info = a.typedArrayInfo(r);
        if (r.length > 0) r[0] = 42;
        return [r, info.type, info.length, info.byteOffset, r.buffer === src.buffer, src];
      };
    }
  }
}
for (const method of ["subarray", "slice"]) {
  viewCases[`symbol ${method}`] = () => new Uint8Array(2)[method](Symbol("s"));
  viewCases[`detached ${method}`] = () => {
    const u = new Uint8Array(4);
    a.detachArrayBuffer(u.buffer);
    return u[method](0);
  };
}

main({
  ...viewCases,
  nonempty: () => a.dataPointers(Buffer.alloc(3)),
  empty: () => a.dataPointers(Buffer.alloc(0)),
  empty_slice_of_empty: () => a.dataPointers(Buffer.alloc(0).subarray(0, 0)),
  empty_slice_at_start: () => a.dataPointers(Buffer.alloc(4096).subarray(0, 0)),
  empty_slice_inside: () => a.dataPointers(Buffer.alloc(16).subarray(5, 5)),
  empty_slice_at_end: () => a.dataPointers(Buffer.alloc(16).subarray(16, 16)),
  empty_u8_inside: () => a.dataPointers(new Uint8Array(new ArrayBuffer(8), 2, 0)),
  empty_u8_of_empty: () => a.dataPointers(new Uint8Array(new ArrayBuffer(0))),
}, {});
