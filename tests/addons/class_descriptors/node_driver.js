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

const cases = {};
for (const [where, keys] of Object.entries(KEYS)) {
  for (const key of keys) cases[`${where} ${label(key)}`] = () => a.describe(where, key);
}
for (const [where, key, value] of REDEFINE) {
  cases[`redefine ${where} ${label(key)} ${value}`] = () => a.redefine(where, key, value);
}
main(cases, {});
