// The globals checks of tests/test_globals.py, run in node (tests/node_reference/measure.sh).
const a = require(process.argv[2]);
const out = {};
const names = ["Symbol.iterator","Symbol.asyncIterator","Symbol.toStringTag","Symbol.hasInstance","Symbol.toPrimitive","Symbol.species","Symbol.dispose","Symbol.asyncDispose","Map","Set","WeakMap","WeakSet","WeakRef","DOMException","process","process._rawDebug","process.emitWarning","process.env","process.versions","process.versions.node","process.platform","process.arch","process.pid","process.nextTick","queueMicrotask","setImmediate","setTimeout","setInterval","clearTimeout","clearImmediate","clearInterval","TextEncoder","TextDecoder","globalThis","global","Buffer","Promise","Date","JSON","Object","Array","Number","String","Boolean","BigInt","Error","TypeError","RangeError","SyntaxError","Uint8Array","ArrayBuffer","DataView","Float64Array","Symbol","NoSuchGlobal"];
out.typeof = {};
for (const n of names) out.typeof[n] = a.typeofPath(n);
const scripts = ["typeof Set","typeof NoSuchThing","process.platform","[1, 2, 'x']","null","-4.5","0x10","'it\\'s'","String(42)","Number('7')","JSON.stringify([1, 'a'])","new Map([[1, 'a']]).get(1)","new Set([1, 1, 2]).size","typeof process.versions.node","!0","void 0","typeof new Set()","Symbol.iterator.description","new DOMException('m', 'AbortError').code","typeof globalThis.Map","(1)","true;"];
// the operators (test_globals.py's NODE_SCRIPT_OPERATORS)
scripts.push(...["typeof Deno != 'undefined'", "typeof Bun !== 'undefined'", "typeof process === 'object'", "process.platform == 'linux'", "null == undefined", "null === undefined", "null == 0", "undefined == 0", "0 == ''", "'1' == 1", "'0x10' == 16", "' 12 ' == 12", "true == 1", "true == '1'", "false == ''", "NaN == NaN", "NaN != NaN", "[] == ''", "[1] == 1", "[1, 2] == '1,2'", "[] == 0", "[] == false", "1 == 1.0", "'a' != 'a'", "1 !== '1'", "Symbol.iterator == Symbol.iterator", "Symbol.iterator == 'Symbol(Symbol.iterator)'", "new Set() == new Set()", "Set == new Set()", "Set == Set", "process.nextTick == process", "globalThis === global", "process.noSuch == null", "0 && x", "1 && 'y'", "'' || 'd'", "'a' || x", "null ?? 'e'", "0 ?? 'e'", "undefined ?? null ?? 3", "1 == 1 && 2 === 2", "!process.isBun && typeof process.versions.node === 'string'", "(typeof Deno != 'undefined') || (typeof Bun != 'undefined')", "[1 === 1, 2 != 2]", "typeof (1 == 1)", "BigInt(5) == 5", "BigInt(5) == '5'", "BigInt(5) == ' 0x5 '", "BigInt(1) == true", "BigInt(5) == 5.5", "BigInt(5) == '1_0'", "BigInt(0) == ''", "BigInt(5) === 5", "1 || noSuchName", "0 ?? noSuchName", "1 && noSuchName"]);
scripts.push(...["typeof Deno != 'undefined'","process.isBun","1 == '1'","1 === '1'","null == undefined","null === undefined","0 == false","'' == 0","NaN == NaN","NaN != NaN","[1] == 1","[1, 2] == '1,2'","null == 0","undefined == false","typeof Set === 'function'","1 !== 1","(1 == 1) == 1","Symbol.iterator == Symbol.iterator","Symbol.iterator == 'Symbol(Symbol.iterator)'","'1e3' == 1000","true == 'true'","new Set() == new Set()"]);
out.scripts = {};
for (const s of scripts) { try { out.scripts[s] = a.runScript(s); } catch (e) { out.scripts[s] = 'threw ' + e.constructor.name; } }
const errs = ["noSuchName","process.noSuch.deeper","function () {}","1 + 2","'a' + 'b'","x = 1","Map()"];
out.errors = {};
for (const s of errs) { try { a.runScript(s); out.errors[s] = 'no error'; } catch (e) { out.errors[s] = e.constructor.name + ': ' + e.message; } }
out.buffer = [[0, 4], [2, 3], [0.0, 8]].map(([o, l]) => Array.from(a.bufferFromArrayBuffer(o, l)));
out.date = a.dateMethods();
const d = a.newPath("DOMException", ["boom", "AbortError"]);
out.dom = {name: d.name, code: d.code, message: d.message, isError: d instanceof Error};
const m = a.newPath("Map", []);
a.callMethod(m, "set", ["k", 1]);
a.callMethod(m, "set", [1, "one"]);
out.map = {k: a.callMethod(m, "get", ["k"]), one: a.callMethod(m, "get", [1.0]), size: m.size,
           has: a.callMethod(m, "has", ["nope"])};
const s = a.newPath("Set", [[1, 2, 2, 3]]);
out.set = {size: s.size, has2: a.callMethod(s, "has", [2])};
const enc = a.newPath("TextEncoder", []);
out.encoded = Array.from(a.callMethod(enc, "encode", ["h\u00e9"]));
const dec = a.newPath("TextDecoder", []);
out.decoded = a.callMethod(dec, "decode", [new Uint8Array([104, 195, 169])]);
const Iterable = a.iteratorClass();
out.iterable = typeof Iterable.prototype[Symbol.iterator];
out.symbolFor = a.callPath("Symbol.for", ["app"]) === Symbol.for("app");
out.keyFor = a.callPath("Symbol.keyFor", [Symbol.for("app")]);
const wm = a.newPath("WeakMap", []);
const key = {};
a.callMethod(wm, "set", [key, 5]);
out.weakmap = a.callMethod(wm, "get", [key]);
const wr = a.newPath("WeakRef", [key]);
out.weakref = a.callMethod(wr, "deref", []) === key;
console.log(JSON.stringify(out, null, 1));
// a class keyed by Symbol.dispose and Symbol.asyncDispose (node-addon-api's Symbol::WellKnown)
const D = a.disposableClass();
out.disposable = {name: D.name, dispose: typeof D.prototype[Symbol.dispose],
                  asyncDispose: typeof D.prototype[Symbol.asyncDispose],
                  descriptions: [Symbol.dispose.description, Symbol.asyncDispose.description]};
console.log(JSON.stringify(out.disposable));
