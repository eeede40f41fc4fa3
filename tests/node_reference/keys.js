// What Node gives for the keys test addon (tests/addons/keys): the grid of
// napi_get_all_property_names answers and the lookups that tests/test_keys.py
// hard-codes. Usage: node keys.js path/to/keys.node
const a = require(process.argv[2]);
const K = a.makeClass();
const receivers = {
  class: K, proto: a.prop(K, "prototype"), instance: a.newInstance(K), function: a.makeFunction(),
};
const modes = {own: 1, protos: 0};
const filters = {all: 0, writable: 1, enumerable: 2, configurable: 4, skip_strings: 8,
                 skip_symbols: 16, "enumerable|skip_symbols": 18, "writable|configurable": 5};
const conversions = {keep: 0, strings: 1};
const grid = {};
for (const [r, obj] of Object.entries(receivers))
  for (const [m, mode] of Object.entries(modes))
    for (const [f, filter] of Object.entries(filters))
      for (const [c, conv] of Object.entries(conversions))
        grid[`${r} ${m} ${f} ${c}`] = a.allKeys(obj, mode, filter, conv);
const names = {};
for (const [r, obj] of Object.entries(receivers)) names[r] = a.names(obj);
const lookups = {};
const probe = ["length", "name", "prototype", "constructor", "m", "v", "acc", "sm", "sv", "sro",
               "sacc", "sget", "7", "3", "a", "b", "d", "own", "nope"];
for (const [r, obj] of Object.entries(receivers))
  for (const k of probe)
    lookups[`${r} ${k}`] = [a.hasOwn(obj, k), a.hasProp(obj, k), a.getProp(obj, k)];
const deletes = {};
for (const k of ["length", "name", "prototype", "sm", "smd", "sv", "sro", "sc", "sacc", "7"]) {
  const C = a.makeClass();
  deletes[`class ${k}`] = [a.delProp(C, k), a.hasOwn(C, k)];
}
for (const k of ["length", "name", "a", "b", "c", "d", "e", "9"]) {
  const f = a.makeFunction();
  deletes[`function ${k}`] = [a.delProp(f, k), a.hasOwn(f, k)];
}
for (const k of ["constructor", "m", "mw", "v", "ro", "acc", "3"]) {
  const P = a.prop(a.makeClass(), "prototype");
  deletes[`proto ${k}`] = [a.delProp(P, k), a.hasOwn(P, k)];
}
const inst = receivers.instance;
const misc = {
  protoOfInstanceIsClassPrototype: a.strictEquals(a.protoOf(inst), receivers.proto),
  typeofProto: a.typeOf(receivers.proto),
  protoConstructorIsClass: a.strictEquals(a.prop(receivers.proto, "constructor"), K),
};
console.log(JSON.stringify({grid, names, lookups, deletes, misc}));
