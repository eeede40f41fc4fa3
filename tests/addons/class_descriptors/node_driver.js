// Runs tests/test_class_descriptors.py's cases under Node and prints Node's answers as
// JSON (tests/node_reference/class_descriptors.json):
//   node tests/addons/class_descriptors/node_driver.js class_descriptors_node9.node
// (the addon built by build_test_addon("class_descriptors", napi_version=9,
// name="class_descriptors_node9")). The case names are "<where> <key>" and
// "redefine <where> <key> <value>"; a symbol key is named by its description.
"use strict";
const a = require(require("path").resolve(process.argv[2]));

const { main } = require("../common/node_compare.js");

const [memberSymbol, staticSymbol] = a.symbols();
const KEYS = {
  function: ["length", "name", "arguments", "caller", "prototype", "tag", "getter", "missing"],
  class: ["length", "name", "arguments", "caller", "prototype", "sides", "count", "unit", "make", staticSymbol,
          a.accessorSymbol, "missing"],
  prototype: ["constructor", "kind", "area", "grow", "size", memberSymbol, a.methodSymbol,
              "missing"],
};
const REDEFINE = [["prototype", "grow", 1], ["prototype", "area", 1],
                  ["prototype", "kind", "polygon"], ["prototype", "kind", "other"],
                  ["class", "count", 2], ["class", "sides", 4], ["class", "sides", 5],
                  ["class", staticSymbol, 5], ["class", staticSymbol, 6],
                  ["function", "tag", 7], ["function", "tag", 8], ["function", "name", "x"]];
const label = (k) => (typeof k === "symbol" ? k.description : k);
// Python's `Shape[key]`, `proto[key]` and `key in ...` see own properties (a
// KeyError for any other: "missing" here); `proto.name` reads through the chain
// (an AttributeError where JS reads undefined). (Not `count` and `grow`: the redefine
// cases change them.)
const ITEMS = {
  class: ["length", "name", "sides", "unit", "make", staticSymbol, a.accessorSymbol,
          "area", "toString", "missing", memberSymbol],
  prototype: ["constructor", "kind", "area", "size", memberSymbol, a.methodSymbol,
              "toString", "sides", "missing"],
};
const ATTRIBUTES = ["constructor", "kind", "area", "size", "toString", "hasOwnProperty",
                    "sides", "missing"];
const WRITES = [[staticSymbol, 6], [a.accessorSymbol, 2]];
const MISSING = Symbol("missing");
const target = (where) => (where === "class" ? a.Shape : a.Shape.prototype);

const cases = {};
for (const [where, keys] of Object.entries(KEYS)) {
  for (const key of keys) cases[`${where} ${label(key)}`] = () => a.describe(where, key);
}
for (const [where, key, value] of REDEFINE) {
  cases[`redefine ${where} ${label(key)} ${value}`] = () => a.redefine(where, key, value);
}
for (const [where, keys] of Object.entries(ITEMS)) {
  for (const key of keys) {
    const t = target(where);
    cases[`item ${where} ${label(key)}`] = () => (Object.hasOwn(t, key) ? t[key] : MISSING);
    cases[`in ${where} ${label(key)}`] = () => Object.hasOwn(t, key);
  }
}
for (const name of ATTRIBUTES) cases[`attribute prototype ${name}`] = () => a.Shape.prototype[name];
for (const [key, value] of WRITES) {
  cases[`write class ${label(key)} ${value}`] = () => {
    a.Shape[key] = value;
    return a.Shape[key];
  };
}
cases[`delete class ${label(staticSymbol)}`] = () => delete a.Shape[staticSymbol];
// Object.prototype's methods called on the prototype object (Python:
// `Shape.prototype.hasOwnProperty("kind")`, `this` the prototype object) and on an
// object made by Object.create of a plain object (Python: the same calls on
// `Object.create(Object(kind="polygon"))`); the receiver each is called with is the object.
const PROTO_CALLS = [["hasOwnProperty", "kind"], ["hasOwnProperty", "constructor"],
                     ["hasOwnProperty", "toString"], ["hasOwnProperty", "sides"],
                     ["hasOwnProperty", memberSymbol], ["propertyIsEnumerable", "kind"],
                     ["propertyIsEnumerable", "constructor"], ["propertyIsEnumerable", "area"],
                     ["toString"], ["toLocaleString"], ["isPrototypeOf", "instance"]];
const callLabel = (m, arg) => (arg === undefined ? m : `${m} ${label(arg)}`);
const argOf = (arg) => (arg === "instance" ? new a.Shape() : arg);
for (const [method, arg] of PROTO_CALLS) {
  const name = callLabel(method, arg);
  cases[`call prototype ${name}`] = () => a.Shape.prototype[method](argOf(arg));
  cases[`call created ${name}`] = () => Object.create({ kind: "polygon" })[method](argOf(arg));
}
cases["call prototype valueOf is itself"] = () => a.Shape.prototype.valueOf() === a.Shape.prototype;
main(cases, {});
