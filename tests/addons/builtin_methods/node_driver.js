// Runs tests/test_builtin_methods.py's cases under Node and prints Node's answers as
// JSON (tests/node_reference/builtin_methods.json). From the project root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/builtin_methods/builtin_methods.c -o /tmp/builtin_methods.node
//   node tests/addons/builtin_methods/node_driver.js /tmp/builtin_methods.node > tests/node_reference/builtin_methods.json
// The Python test makes the same reads and calls (in Python where this file writes
// them in JS) and compares the outcomes.
"use strict";
const a = require(require("path").resolve(process.argv[2]));

const { main } = require("../common/node_compare.js");

const sync = {
  // Object.prototype's methods on a plain object an addon made
  plain_has_own: () => {
    const o = a.makePlain();
    return [o.hasOwnProperty("x"), o.hasOwnProperty("z"), o.hasOwnProperty("hasOwnProperty")];
  },
  plain_property_is_enumerable: () => {
    const o = a.makePlain();
    return [o.propertyIsEnumerable("x"), o.propertyIsEnumerable("toString")];
  },
  plain_to_string: () => {
    const o = a.makePlain();
    return [o.toString(), o.toLocaleString(), o.valueOf() === o];
  },
  plain_is_prototype_of: () => {
    const o = a.makePlain();
    return [o.isPrototypeOf(a.makePlain()), o.isPrototypeOf(Object.create(o))];
  },
  plain_keys_unchanged: () => {
    const o = a.makePlain();
    return [a.keys(o), Object.keys(o), Object.getOwnPropertyNames(o)];
  },
  plain_own_wins: () => {
    const o = a.makePlain();
    o.toString = () => "mine";
    return [o.toString(), o.hasOwnProperty("toString"), a.keys(o)];
  },
  // ... on an instance of an addon class (napi_define_class + napi_wrap)
  instance_has_own: () => {
    const p = new a.Point(2, 3);
    return [p.hasOwnProperty("tag"), p.hasOwnProperty("sum"), p.hasOwnProperty("x"), p.sum()];
  },
  instance_methods: () => {
    const p = new a.Point(2, 3);
    return [p.toString(), p.toLocaleString(), p.valueOf() === p, p.propertyIsEnumerable("tag"),
      p.propertyIsEnumerable("sum")];
  },
  instance_is_prototype_of: () => {
    const p = new a.Point(2, 3);
    return [a.Point.prototype.isPrototypeOf(p), p.isPrototypeOf(p)];
  },
  instance_keys_unchanged: () => {
    const p = new a.Point(2, 3);
    return [a.keys(p), Object.keys(p), Object.getOwnPropertyNames(p)];
  },
  class_method_wins: () => {
    const n = new a.Named();
    return [n.toString(), n.hasOwnProperty("toString"), n.valueOf() === n];
  },
  null_prototype: () => {
    const o = Object.create(null);
    return [o.hasOwnProperty, o.toString];
  },
};

main(sync, {});
