// The Node side of the comparisons in tests/node_compare.py: each test addon's
// node_driver.js defines its cases (name -> function, sync and async) and calls
// main(), which prints every outcome as JSON: ["ok", value] or ["throw", error name,
// message, code] (["throw", "value", value] for a thrown non-error), the value
// written by describe().
"use strict";

function describe(v) {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : { number: v };
  if (typeof v === "string") return { string: v };
  if (typeof v === "boolean") return v;
  if (typeof v === "bigint") return { bigint: v.toString() };
  if (typeof v === "function") return "function";
  if (typeof v === "symbol") return { symbol: v.description };
  if (Buffer.isBuffer(v)) return { Buffer: [...v] };
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return { [v.constructor.name]: Array.from(v, Number) };
  }
  if (v instanceof ArrayBuffer) return { ArrayBuffer: v.byteLength };
  if (v instanceof Date) return { date: v.getTime() };
  if (v instanceof Error) return { error: v.name, message: v.message, code: v.code ?? null };
  if (Array.isArray(v)) return v.map(describe);
  const o = {};
  for (const k of Object.keys(v)) o[k] = describe(v[k]);
  return { object: o };
}

function thrown(e) {
  if (e instanceof Error) return ["throw", e.name, e.message, e.code ?? null];
  return ["throw", "value", describe(e)];
}

function run(f) {
  try {
    return ["ok", describe(f())];
  } catch (e) {
    return thrown(e);
  }
}

async function settle(f) {
  try {
    return ["ok", describe(await f())];
  } catch (e) {
    return thrown(e);
  }
}

// Runs the sync cases in order, then the async ones one at a time; prints the JSON.
function main(sync, asyncCases) {
  (async () => {
    const out = {};
    for (const [name, f] of Object.entries(sync)) out[name] = run(f);
    for (const [name, f] of Object.entries(asyncCases)) out[name] = await settle(f);
    console.log(JSON.stringify(out, null, 1));
  })();
}

module.exports = { describe, thrown, run, settle, main };
