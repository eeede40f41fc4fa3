// Runs tests/test_function_names.py's cases under Node and prints Node's answers as
// JSON (tests/node_reference/function_names.json). From the project root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/function_names/function_names.c -o /tmp/function_names.node
//   node tests/addons/function_names/node_driver.js /tmp/function_names.node > tests/node_reference/function_names.json
// Each case reads `name` and `length` the way an addon does (napi_get_named_property:
// nameOf, lengthOf) and as JS does; the Python test makes the addon's reads the same
// way and the JS reads through the functions' JS properties from Python.
"use strict";
const a = require(require("path").resolve(process.argv[2]));

const { main } = require("../common/node_compare.js");

const proto = () => a.getNamed(a.Klass, "prototype");

const sync = {
  // napi_define_properties: a method and an accessor's functions
  define_properties_method: () =>
    [a.nameOf(a.defined), a.lengthOf(a.defined), a.defined.name, a.defined.length, a.defined()],
  define_properties_accessor: () => {
    const d = a.descriptorOf(a, "definedAccessor");
    return [a.nameOf(d.get), a.nameOf(d.set), a.lengthOf(d.get)];
  },
  // napi_create_function
  create_function_named: () => {
    const f = a.makeNamed();
    return [a.nameOf(f), a.lengthOf(f), f.name, f.length];
  },
  create_function_name_length: () => a.nameOf(a.makeNamedLength()),
  create_function_null_name: () => {
    const f = a.makeAnon();
    return [a.nameOf(f), a.lengthOf(f), f.name, f()];
  },
  create_function_set_on: () => {
    const o = {};
    const f = a.setAnonOn(o, "k");
    return [a.nameOf(f), a.nameOf(o.k), o.k.name, o.k === f];
  },
  // napi_define_class
  class_constructor: () => [a.nameOf(a.Klass), a.lengthOf(a.Klass), a.Klass.name],
  class_method: () => {
    const m = a.getNamed(proto(), "method");
    return [a.nameOf(m), a.lengthOf(m), m.name];
  },
  class_accessor: () => {
    const d = a.descriptorOf(proto(), "acc");
    return [a.nameOf(d.get), a.nameOf(d.set)];
  },
  class_static_method: () =>
    [a.nameOf(a.Klass.staticMethod), a.lengthOf(a.Klass.staticMethod), a.Klass.staticMethod.name],
  class_symbol_method: () => a.nameOf(a.getProp(proto(), a.sym)),
  // Function.prototype.toString (napi_coerce_to_string)
  to_string: () => [a.toStr(a.defined), a.toStr(a.makeNamed()), a.toStr(a.makeAnon()),
    a.toStr(a.Klass.staticMethod), a.toStr(a.getNamed(proto(), "method")), a.toStr(a.Klass)],
  // `name` is an own property of every one of them
  own_name: () => [a.descriptorOf(a.defined, "name"), a.descriptorOf(a.makeAnon(), "name"),
    a.descriptorOf(a.makeNamed(), "name")],
  // A function given to the addon: its `length` counts the parameters before the
  // first default or rest one (the Python test passes Python functions of the same
  // parameters: a lambda, defaults and *args, *args alone, none, a bound method, a
  // with_this wrapper), a class its constructor's (a class with __init__, one without)
  callable_length: () =>
    [(x, y) => 0, function (x, y = 1, ...z) {}, (...z) => 0, () => 0,
     function (x, y, z) {}, function (x, y) {}, class { constructor(x, y) {} }, class {}]
      .map((f) => [a.lengthOf(f), f.length]),
};

main(sync, {});
