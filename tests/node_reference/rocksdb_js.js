// @harperfast/rocksdb-js's README put/get, on its native binding
// @harperfast/rocksdb-js-linux-x64-glibc 2.10.0 (the TypeScript wrapper that drives it,
// @harperfast/rocksdb-js, is not on the registry the project reaches), and the
// BackgroundError class the binding makes an Error subclass at load with
// Object.setPrototypeOf. tests/test_corpus_rocksdb_js.py makes the same calls from
// Python and compares with NODE there, what Node 20 printed:
//   mkdir /tmp/r && cd /tmp/r && npm i @harperfast/rocksdb-js-linux-x64-glibc@2.10.0
//   node <project>/tests/node_reference/rocksdb_js.js /tmp/r/db   (from /tmp/r)
const b = require("@harperfast/rocksdb-js-linux-x64-glibc");
const path = process.argv[2];
const F = b.constants.ALWAYS_CREATE_NEW_BUFFER_FLAG;
(async () => {
  const db = new b.Database();
  db.open(path, { name: "default", mode: "optimistic" });
  for (const k of ["a", "b", "c", "d", "e"]) db.putSync(Buffer.from(k), Buffer.from(`value ${k}`), undefined);
  const sync = db.getSync(Buffer.from("b"), F, undefined);
  const viaAsync = await new Promise((res, rej) => db.get(Buffer.from("d"), res, rej, undefined));
  const missing = db.getSync(Buffer.from("zz"), F, undefined);
  const e = new b.BackgroundError({ message: "m", type: "T" });
  console.log(JSON.stringify({
    sync: sync.toString(), async: Buffer.from(viaAsync).toString(), missing: String(missing),
    instanceofError: e instanceof Error, name: e.name, message: e.message, str: String(e),
    protoIsError: Object.getPrototypeOf(b.BackgroundError.prototype) === Error.prototype,
    ctorProto: Object.getPrototypeOf(b.BackgroundError) === Error,
  }));
  db.close();
})();
