// Runs tests/test_prototypes.py's cases under Node and prints Node's answers as JSON
// (tests/node_reference/prototypes.json). From the project root:
//   gcc -shared -fPIC -O1 -std=c11 -DNAPI_VERSION=9 -Itests/node_modules/node-api-headers/include \
//     -Itests/addons/common tests/addons/prototypes/prototypes.c -o /tmp/prototypes.node
//   node tests/addons/prototypes/node_driver.js /tmp/prototypes.node > tests/node_reference/prototypes.json
// Every call goes through the addon (napi_get_global + napi_call_function for the
// globals, napi_get_prototype, napi_get_property, napi_has_property, napi_instanceof).
"use strict";
const a = require(require("path").resolve(process.argv[2]));

const { main } = require("../common/node_compare.js");

const O = (f, ...args) => a.callGlobal("Object", f, ...args);
const R = (f, ...args) => a.callGlobal("Reflect", f, ...args);
const objectPrototype = () => O("getPrototypeOf", {});

const sync = {
  create_null: () => {
    const o = O("create", null);
    O("assign", o, { x: 1 });
    return [a.getProto(o) === null, a.has(o, "toString"), a.get(o, "toString"), a.get(o, "x"),
      O("keys", o), O("getPrototypeOf", o) === null, a.instanceOf(o, Object)];
  },
  create_from_object: () => {
    const base = { greet: "hi" };
    const o = O("create", base);
    return [a.get(o, "greet"), a.has(o, "greet"), a.getProto(o) === base, O("keys", o),
      a.has(o, "toString"), O("getPrototypeOf", o) === base, a.callMethod(base, "isPrototypeOf", o),
      a.callMethod(o, "isPrototypeOf", base), a.instanceOf(o, Object)];
  },
  create_chain_getter: () => {
    const base = a.defineMe({});
    const mid = O("create", base);
    O("assign", mid, { tag: "mid" });
    const o = O("create", mid);
    O("assign", o, { tag: "own" });
    return [a.get(o, "me"), a.get(mid, "me"), a.has(o, "me"), a.get(base, "me"),
      a.callMethod(objectPrototype(), "isPrototypeOf", o)];
  },
  create_with_properties: () => {
    const o = O("create", { inh: 1 }, { own: { value: 2, enumerable: true } });
    return [a.get(o, "inh"), a.get(o, "own"), O("keys", o)];
  },
  create_bad_proto: () => O("create", 5),
  create_undefined_proto: () => O("create", undefined),
  set_prototype_of_plain: () => {
    const o = { own: 1 };
    const p = { inh: 2 };
    const r = O("setPrototypeOf", o, p);
    return [r === o, a.get(o, "inh"), a.get(o, "own"), a.getProto(o) === p, a.has(o, "inh"),
      O("keys", o)];
  },
  set_prototype_of_null: () => {
    const o = { x: 1 };
    O("setPrototypeOf", o, null);
    return [a.getProto(o) === null, a.has(o, "toString"), a.get(o, "x"), a.has(o, "constructor")];
  },
  set_prototype_of_back: () => {
    const o = { x: 1 };
    O("setPrototypeOf", o, null);
    O("setPrototypeOf", o, objectPrototype());
    return [a.has(o, "toString"), a.getProto(o) === objectPrototype()];
  },
  set_prototype_of_cycle: () => {
    const x = {};
    return O("setPrototypeOf", x, O("create", x));
  },
  set_prototype_of_self: () => {
    const x = {};
    return O("setPrototypeOf", x, x);
  },
  set_prototype_of_bad_proto: () => O("setPrototypeOf", {}, 5),
  set_prototype_of_undefined_proto: () => O("setPrototypeOf", {}, undefined),
  set_prototype_of_undefined: () => O("setPrototypeOf", undefined, {}),
  set_prototype_of_primitive: () => O("setPrototypeOf", 5, {}),
  set_prototype_of_frozen: () => O("setPrototypeOf", O("freeze", {}), {}),
  set_prototype_of_frozen_same: () => {
    const o = O("freeze", {});
    return O("setPrototypeOf", o, objectPrototype()) === o;
  },
  error_subclass: () => {
    const C = a.defineErrorClass();
    const e = new C("boom");
    return [a.instanceOf(e, Error), a.instanceOf(e, C), a.get(e, "name"), a.get(e, "message"),
      a.callMethod(e, "toString"), a.getProto(a.getProto(e)) === a.get(Error, "prototype"),
      a.instanceOf(e, TypeError), O("getPrototypeOf", C) === Error, a.has(e, "toString"),
      O("keys", e)];
  },
  error_prototype: () => {
    const ep = a.get(Error, "prototype");
    return [a.get(ep, "name"), a.get(ep, "message"), O("keys", ep),
      a.get(ep, "constructor") === Error, a.getProto(a.get(TypeError, "prototype")) === ep,
      a.getProto(ep) === objectPrototype(), O("getPrototypeOf", new Error("x")) === ep,
      a.callMethod(ep, "toString"), a.get(a.get(RangeError, "prototype"), "name")];
  },
  error_prototype_on_plain: () => {
    const o = { message: "m" };
    O("setPrototypeOf", o, a.get(Error, "prototype"));
    return [a.callMethod(o, "toString"), a.instanceOf(o, Error), a.get(o, "name")];
  },
  class_inherit: () => {
    const { Base, Derived } = a.defineClasses();
    a.inherit(Derived, Base);
    const d = new Derived("x");
    return [a.callMethod(d, "own"), a.get(Derived, "kind"), a.instanceOf(d, Base),
      a.instanceOf(d, Derived), a.has(d, "hello"), a.has(d, "own"),
      a.getProto(a.getProto(d)) === a.get(Base, "prototype"),
      O("getPrototypeOf", Derived) === Base, a.get(a.get(Derived, "prototype"), "constructor") === Derived,
      a.instanceOf(new Base("y"), Derived)];
  },
  class_inherit_base_method: () => {
    const { Base, Derived } = a.defineClasses();
    a.inherit(Derived, Base);
    return a.callMethod(new Derived("x"), "hello");
  },
  class_inherit_base_accessor: () => {
    const { Base, Derived } = a.defineClasses();
    a.inherit(Derived, Base);
    return a.get(new Derived("x"), "tag");
  },
  class_statics_miss: () => {
    const { Base, Derived } = a.defineClasses();
    const before = [a.get(Base, "nosuch"), a.get(Derived, "kind"), a.has(Derived, "kind")];
    a.inherit(Derived, Base);
    return [...before, a.get(Derived, "nosuch"), a.get(Derived, "kind"), a.has(Derived, "kind"),
      a.get(Derived, "name"), a.get(Base, "name")];
  },
  class_instance_given_object: () => {
    const { Base } = a.defineClasses();
    const b = new Base("q");
    O("setPrototypeOf", b, { extra: 5 });
    return [a.get(b, "extra"), a.get(b, "hello"), a.instanceOf(b, Base), a.get(b, "t"),
      a.has(b, "hello")];
  },
  function_prototype_instanceof: () => {
    const F = a.makeFunction();
    const o = O("create", a.get(F, "prototype"));
    return [a.instanceOf(o, F), a.getProto(o) === a.get(F, "prototype"), a.instanceOf({}, F)];
  },
  class_prototype_create: () => {
    const { Base } = a.defineClasses();
    const o = O("create", a.get(Base, "prototype"));
    return [a.instanceOf(o, Base), a.has(o, "hello"), a.getProto(o) === a.get(Base, "prototype")];
  },
  property_names_inherited: () => {
    const o = O("create", { a: 1, shared: 0 });
    O("assign", o, { b: 2, shared: 3 });
    return [a.propertyNames(o), a.allPropertyNames(o)];
  },
  property_names_null: () => {
    const o = O("create", null);
    O("assign", o, { x: 1 });
    return [a.propertyNames(o), a.allPropertyNames(o)];
  },
  property_names_error_subclass: () => {
    const C = a.defineErrorClass();
    const e = new C("boom");
    return [a.propertyNames(e), a.allPropertyNames(e)];
  },
  property_names_class_inherit: () => {
    const { Base, Derived } = a.defineClasses();
    a.inherit(Derived, Base);
    return [a.propertyNames(new Derived("x")), a.allPropertyNames(new Derived("x"))];
  },
  set_through_chain: () => {
    const base = O("freeze", { ro: 1 });
    const o = O("create", base);
    a.set(o, "ro", 2);
    const w = { w: 1 };
    const o2 = O("create", w);
    a.set(o2, "w", 2);
    const g = a.defineMe({});
    const o3 = O("create", g);
    a.set(o3, "me", 3);
    return [a.get(o, "ro"), O("keys", o), a.get(o2, "w"), a.get(w, "w"), O("keys", o2),
      O("keys", o3), a.get(o3, "me")];
  },
  set_class_accessor_via_inherit: () => {
    const { Base, Derived } = a.defineClasses();
    a.inherit(Derived, Base);
    const d = new Derived("x");
    a.set(d, "tag", "y");
    a.set(d, "extra", 1);
    return O("keys", d);
  },
  own_keys_symbols: () => {
    const o = a.makeKeyed();
    return [R("ownKeys", o), O("getOwnPropertySymbols", o), O("keys", o),
      O("getOwnPropertyNames", o), O("getOwnPropertySymbols", {})];
  },
  reflect_set_prototype_of: () => {
    const o = {};
    const p = { z: 1 };
    return [R("setPrototypeOf", o, p), a.get(o, "z"), R("setPrototypeOf", O("freeze", {}), p),
      R("setPrototypeOf", p, o), R("getPrototypeOf", O("create", null)) === null];
  },
  reflect_set_prototype_of_primitive: () => R("setPrototypeOf", 5, {}),
  reflect_set_prototype_of_bad_proto: () => R("setPrototypeOf", {}, 5),
  // Function.prototype's call, apply and bind read on a function the addon is given
  // and on one of its own (napi-rs binds functions with fn.bind(obj))
  function_prototype_members: () => {
    function joined(...args) { return args.join("-"); }
    const bound = a.callMethod(joined, "bind", null, "x");
    const own = a.callMethod(a.get, "bind", null, { k: 1 });
    return [a.callMethod(joined, "call", null, "a", "b"), a.callMethod(joined, "apply", null, ["c", "d"]),
      a.callMethod(bound, "call", null, "y"), a.get(bound, "name"), a.callMethod(own, "call", null, "k"),
      a.get(joined, "bind") === a.get(a.get, "bind")];
  },
  function_prototype_bind_not_callable: () => a.callMethod(a.get(a.get, "bind"), "call", {}),
};

main(sync, {});
