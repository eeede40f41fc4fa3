// Runs tests/test_streams.py's cases under Node and prints Node's answers as JSON
// (tests/node_reference/streams.json). From the project root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/streams/streams.c -o /tmp/streams.node
//   node tests/addons/streams/node_driver.js /tmp/streams.node > tests/node_reference/streams.json
"use strict";
const a = require(require("path").resolve(process.argv[2]));

const { main } = require("../common/node_compare.js");

// n reads: each the {value, done} step, or the error the read rejected with
async function reads(r, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    try {
      out.push(await r.read());
    } catch (e) {
      out.push(e);
    }
  }
  return out;
}

const sync = {
  is_instance: () => [a.isReadableStream(a.makeStream([])), a.isReadableStream({}),
    a.isReadableStream([])],
  locked: () => {
    const s = a.makeStream(["a"]);
    s.getReader();
    return s.getReader();
  },
  locked_flag: () => {
    const s = a.makeStream(["a"]);
    const before = s.locked;
    const r = s.getReader();
    const during = s.locked;
    r.releaseLock();
    return [before, during, s.locked];
  },
};

const asyncCases = {
  read_default: async () => {
    const s = a.makeStream(["a", "b", "c"]);
    return [await reads(s.getReader(), 5), a.pulls()];
  },
  read_async: async () => {
    const s = a.makeStream(["a", "b", "c"], 1);
    return [await reads(s.getReader(), 5), a.pulls()];
  },
  read_bytes: async () => {
    const s = a.makeStream([new Uint8Array([1, 2]), new Uint8Array([3])], 2);
    return [await reads(s.getReader(), 4), a.pulls()];
  },
  read_bytes_not_a_view: async () => {
    const s = a.makeStream(["text"], 2);
    return await reads(s.getReader(), 2);
  },
  read_error: async () => {
    const s = a.makeStream(["a", "b", "c"], 0, 1);
    return [await reads(s.getReader(), 3), a.pulls()];
  },
  read_error_async: async () => {
    const s = a.makeStream(["a", "b"], 1, 1);
    return await reads(s.getReader(), 3);
  },
  read_all_native: () => a.readAll(a.makeStream(["x", "y", "z"])),
  read_all_native_async: () => a.readAll(a.makeStream(["x", "y"], 1)),
  read_all_native_bytes: () => a.readAll(a.makeStream([new Uint8Array([7]), new Uint8Array([8, 9])], 2)),
  read_all_native_error: () => a.readAll(a.makeStream(["x", "y"], 0, 1)),
  cancel: async () => {
    const s = a.makeStream(["a", "b"]);
    const r = s.getReader();
    const first = await r.read();
    const cancelled = await r.cancel("why");
    return [first, cancelled, a.lastCancel(), await reads(r, 1)];
  },
  cancel_locked: () => {
    const s = a.makeStream(["a"]);
    s.getReader();
    return s.cancel("x");
  },
  read_released: async () => {
    const s = a.makeStream(["a"]);
    const r = s.getReader();
    r.releaseLock();
    return await reads(r, 1);
  },
  closed_promise: async () => {
    const s = a.makeStream(["a"]);
    const r = s.getReader();
    await reads(r, 2);
    return await r.closed;
  },
  response_array_buffer: async () => {
    const r = new Response(a.makeStream([new Uint8Array([104, 105]), new Uint8Array([33])], 2));
    const before = r.bodyUsed;
    const bytes = Array.from(new Uint8Array(await r.arrayBuffer()));
    return [before, bytes, r.bodyUsed, r.status, r.statusText, r.ok];
  },
  response_async_source: async () =>
    Array.from(new Uint8Array(await new Response(
      a.makeStream([new Uint8Array([1]), new Uint8Array([2, 3])], 1)).arrayBuffer())),
  response_used_twice: async () => {
    const r = new Response(a.makeStream([new Uint8Array([1])], 2));
    await r.arrayBuffer();
    return await r.arrayBuffer();
  },
  response_not_bytes: () => new Response(a.makeStream(["text"])).text(),
  response_errored: () => new Response(a.makeStream(["x"], 0, 0)).text(),
  response_text: () => new Response("h\u00e9llo").text(),
  response_json: () => new Response('{"a": [1, 2], "b": "c"}').json(),
  response_null_body: async () => {
    const r = new Response(null, { status: 404, statusText: "Nope" });
    return [r.body, await r.text(), r.status, r.statusText, r.ok];
  },
  response_bad_status: async () => new Response("x", { status: 99 }),
  for_await: async () => {
    const out = [];
    for await (const c of a.makeStream(["p", "q", "r"], 1)) out.push(c);
    return [out, a.pulls()];
  },
};

main(sync, asyncCases);
