// The Node side of the smoke and fuzz runs: replays call specs (fuzz/driver.py
// writes them) on an addon under Node, to tell a crash of napi-python from a crash
// of the addon itself.
//
//   node driver.js ADDON LOG CALLS.json
//
// Writes the same begin/end lines to LOG as the Python driver, one write per line,
// so that the call Node died in is the last `begin` without an `end`.
"use strict";
const fs = require("fs");

const [addonPath, logPath, callsPath, settleFlag] = process.argv.slice(2);
// --settle: each promise a call returns is waited for (up to SETTLE_WAIT ms) and how
// it settled is recorded, as driver.py --settle does.
const SETTLE = settleFlag === "--settle";
const SETTLE_WAIT = 2000;
const fd = fs.openSync(logPath, "a");
const log = (record) => fs.writeSync(fd, JSON.stringify(record) + "\n");

class Dummy {
  constructor() { this.a = 1; }
}

let exports_;
const instances = new Map();

function resolve(path) {
  let obj = exports_;
  for (const key of path) {
    obj = typeof obj === "function" && key !== "prototype" &&
      !Object.prototype.hasOwnProperty.call(obj, key) && obj.prototype &&
      Object.prototype.hasOwnProperty.call(obj.prototype, key)
      ? Object.getOwnPropertyDescriptor(obj.prototype, key).value
      : obj[key];
  }
  return obj;
}

function value(spec) {
  if (spec === null) return undefined;
  if (typeof spec !== "object") return spec;
  if (Array.isArray(spec)) return spec.map(value);
  switch (spec.$) {
    case "null": return null;
    case "num": return { nan: NaN, inf: Infinity, "-inf": -Infinity, "-0": -0 }[spec.v];
    case "bigint": return BigInt(spec.v);
    case "obj": {
      const o = {};
      for (const [k, v] of Object.entries(spec.v)) o[k] = value(v);
      return o;
    }
    case "bytes": case "buf": return Buffer.alloc(spec.n);
    case "u8": return new Uint8Array(spec.n);
    case "f64": return new Float64Array(spec.n);
    case "ab": return new ArrayBuffer(spec.n);
    case "str": return spec.c.repeat(spec.n);
    case "sym": return Symbol(spec.v);
    case "date": return new Date(spec.v);
    case "err": return new Error(spec.v);
    case "fn": return function fn() { return undefined; };
    case "throwfn": return function thrower() { throw new Error("thrown by a fuzz callback"); };
    case "pyobj": return new Dummy();
    case "export": return resolve(spec.path);
    case "inst": {
      const key = JSON.stringify([spec.path, spec.args]);
      if (!instances.has(key)) {
        const Cls = resolve(spec.path);
        instances.set(key, new Cls(...spec.args.map(value)));
      }
      return instances.get(key);
    }
    default: throw new Error("unknown value spec " + JSON.stringify(spec));
  }
}

function descriptor(Cls, member) {
  return Object.getOwnPropertyDescriptor(Cls.prototype, member);
}

function call(spec) {
  const args = (spec.args || []).map(value);
  const target = resolve(spec.target);
  switch (spec.kind) {
    case "call":
      return "this" in spec ? target.apply(value(spec.this), args)
        : target.apply(undefined, args);
    case "new": return new target(...args);
    case "read": return target;
    case "method": return descriptor(target, spec.member).value.apply(value(spec.this), args);
    case "ctorcall": return target.apply(value(spec.this), args);
    case "get": return descriptor(target, spec.member).get.call(value(spec.this));
    case "set": return descriptor(target, spec.member).set.call(value(spec.this), args[0]);
    case "static": return target[spec.member](...args);
    case "staticget": return target[spec.member];
    default: throw new Error("unknown call kind " + spec.kind);
  }
}

// A short canonical form of a value, the same as driver.py's `short` for the
// same value: what the outcome records compare between the two.
const types = require("util").types;
function number(x) {
  return String(x);
}
function short(x) {
  if (x === undefined || x === null) return "nullish";
  switch (typeof x) {
    case "boolean": return String(x);
    case "bigint": return "bigint:" + x;
    case "number": return "num:" + number(x);
    case "string": {
      const cps = [...x];
      return "str:" + cps.length + ":" + cps.slice(0, 40).join("");
    }
    case "symbol": return "symbol";
    case "function": return "function";
  }
  if (x instanceof Error || types.isNativeError(x)) {
    return "error:" + x.name + ":" + [...String(x.message)].slice(0, 60).join("");
  }
  if (types.isPromise(x)) return "promise";
  if (Array.isArray(x)) return "array:" + x.length;
  if (ArrayBuffer.isView(x)) return x.constructor.name + ":" + x.byteLength;
  if (types.isAnyArrayBuffer(x)) return "ArrayBuffer:" + x.byteLength;
  if (types.isDate(x)) return "Date";
  if (types.isExternal(x)) return "external";
  const proto = Object.getPrototypeOf(x);
  const name = proto === null ? "Object" : proto.constructor && proto.constructor.name;
  return name + ":" + Object.keys(x).sort().join(",").slice(0, 80);
}

function outcome(result, threw) {
  if (threw) {
    const name = result && result.constructor ? result.constructor.name : typeof result;
    // (cut by code points, as driver.py's str[:160]: an emoji is two UTF-16 units)
    const record = { end: "error", type: name,
                     message: [...String(result && result.message)].slice(0, 160).join("") };
    if (result instanceof Error || types.isNativeError(result)) {
      record.name = String(result.name);
      if (result.code !== undefined) record.code = short(result.code);
    } else {
      record.message = [...String(result)].slice(0, 160).join("");
      record.thrown = short(result);
    }
    return record;
  }
  return { end: "value", type: typeof result, v: short(result) };
}

// Rejections of promises the calls return are outcomes, not errors of the run.
process.on("unhandledRejection", () => {});
process.on("uncaughtException", (e) => log({ uncaught: String(e && e.message).slice(0, 160) }));

const calls = JSON.parse(fs.readFileSync(callsPath, "utf8"));
// with the filename require() gives its module: Node makes the addon's
// node_api_get_module_file_name from it ("" without one; @craftlions/pdfium-rs
// finds its libpdfium.so beside the addon through it)
const m = { exports: {}, filename: require("path").resolve(addonPath) };
process.dlopen(m, addonPath);
exports_ = m.exports;
log({ loaded: true });
function settled(promise) {
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(() => resolve("pending"), SETTLE_WAIT); });
  return Promise.race([
    promise.then((v) => "fulfilled:" + short(v), (e) => "rejected:" + short(e)),
    late,
  ]).finally(() => clearTimeout(timer));
}

async function replay() {
  for (const [i, spec] of calls.entries()) {
    log({ i, begin: spec });
    let record;
    try {
      const result = call(spec);
      record = outcome(result, false);
      if (SETTLE && types.isPromise(result)) record.settled = await settled(result);
    } catch (e) {
      record = outcome(e, true);
    }
    log({ i, ...record });
  }
  log({ done: calls.length });
}
// Leave the way a program does when its work is done (the event loop empties, then
// Node tears the environment down: cleanup hooks, finalizers), so that a crash at
// exit compares too; an addon that keeps the loop alive (a threadsafe function, a
// watcher) is cut short after a moment.
replay().then(() => setTimeout(() => process.exit(0), 500).unref());
