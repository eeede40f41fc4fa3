/* Prototypes as addons set and read them: the global Object's create,
 * setPrototypeOf, getPrototypeOf and the Reflect functions reached through
 * napi_get_global + napi_get_named_property + napi_call_function, a class made an
 * Error subclass at load the way @harperfast/rocksdb-js does it
 * (Object.setPrototypeOf(Cls.prototype, Error.prototype) and
 * Object.setPrototypeOf(Cls, Error)), two classes chained as ES5-style inheritance
 * helpers chain them, and napi_get_prototype / napi_get_property / napi_has_property
 * / napi_instanceof on what that makes. The same addon runs in node
 * (node_driver.js; tests/test_prototypes.py compares with Node 20's answers).
 * Built with -DWITH_SET_PROTOTYPE, it also has setProto: node_api_set_prototype
 * (experimental, newer than Node 20). */
#ifdef WITH_SET_PROTOTYPE
#define NAPI_EXPERIMENTAL
#endif
#include "test_helpers.h"

#if defined(WITH_SET_PROTOTYPE) && !defined(NODE_API_EXPERIMENTAL_HAS_SET_PROTOTYPE)
/* (the official headers of Node 20's time do not declare it yet) */
NAPI_EXTERN napi_status NAPI_CDECL node_api_set_prototype(napi_env env, napi_value object,
                                                          napi_value value);
#endif

/* callGlobal(objectName, functionName, ...args): global[objectName][functionName]
 * called with this = global[objectName]. */
static napi_value CallGlobal(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8], global, holder, fn, result;
  char name[64], fname[64];
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NODE_API_ASSERT(env, argc >= 2, "callGlobal(objectName, functionName, ...args)");
  if (!th_utf8_arg(env, argv[0], name, sizeof name)) return NULL;
  if (!th_utf8_arg(env, argv[1], fname, sizeof fname)) return NULL;
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_get_named_property(env, global, name, &holder));
  NODE_API_CALL(env, napi_get_named_property(env, holder, fname, &fn));
  NODE_API_CALL(env, napi_call_function(env, holder, fn, argc - 2, argv + 2, &result));
  return result;
}

/* callMethod(obj, name, ...args): obj[name](...args) with this = obj. */
static napi_value CallMethod(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8], fn, result;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NODE_API_ASSERT(env, argc >= 2, "callMethod(obj, name, ...args)");
  NODE_API_CALL(env, napi_get_property(env, argv[0], argv[1], &fn));
  NODE_API_CALL(env, napi_call_function(env, argv[0], fn, argc - 2, argv + 2, &result));
  return result;
}

static napi_value GetProto(napi_env env, napi_callback_info info) {
  napi_value argv[1], result;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_prototype(env, argv[0], &result));
  return result;
}

static napi_value Get(napi_env env, napi_callback_info info) {
  napi_value argv[2], result;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_property(env, argv[0], argv[1], &result));
  return result;
}

/* set(obj, key, value): napi_set_property (sloppy mode: a refused write is ignored) */
static napi_value Set(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  th_args(env, info, 3, argv);
  NODE_API_CALL(env, napi_set_property(env, argv[0], argv[1], argv[2]));
  return th_undefined(env);
}

static napi_value Has(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  bool has = false;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_has_property(env, argv[0], argv[1], &has));
  return th_bool(env, has);
}

static napi_value InstanceOf(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  bool is = false;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_instanceof(env, argv[0], argv[1], &is));
  return th_bool(env, is);
}

/* Object.setPrototypeOf(target, proto) through the global, as an addon calls it. */
static bool set_prototype_of(napi_env env, napi_value target, napi_value proto) {
  napi_value global, object_ctor, set, args[2], result;
  NODE_API_CALL_BASE(env, napi_get_global(env, &global), false);
  NODE_API_CALL_BASE(env, napi_get_named_property(env, global, "Object", &object_ctor), false);
  NODE_API_CALL_BASE(env, napi_get_named_property(env, object_ctor, "setPrototypeOf", &set),
                     false);
  args[0] = target;
  args[1] = proto;
  NODE_API_CALL_BASE(env, napi_call_function(env, object_ctor, set, 2, args, &result), false);
  return true;
}

/* this.message = arg; this.name = "BackgroundError" */
static napi_value ErrorClassCtor(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  if (argc >= 1) NODE_API_CALL(env, napi_set_named_property(env, self, "message", argv[0]));
  NODE_API_CALL(env, napi_set_named_property(env, self, "name", th_str(env, "BackgroundError")));
  return self;
}

/* A class made an Error subclass at load, as @harperfast/rocksdb-js makes its
 * BackgroundError. */
static napi_value DefineErrorClass(napi_env env, napi_callback_info info) {
  napi_value ctor, global, error_ctor, error_proto, ctor_proto;
  NODE_API_CALL(env, napi_define_class(env, "BackgroundError", NAPI_AUTO_LENGTH, ErrorClassCtor,
                                       NULL, 0, NULL, &ctor));
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_get_named_property(env, global, "Error", &error_ctor));
  NODE_API_CALL(env, napi_get_named_property(env, error_ctor, "prototype", &error_proto));
  NODE_API_CALL(env, napi_get_named_property(env, ctor, "prototype", &ctor_proto));
  if (!set_prototype_of(env, ctor_proto, error_proto)) return NULL;
  if (!set_prototype_of(env, ctor, error_ctor)) return NULL;
  return ctor;
}

/* Base: new Base(t) sets this.t; hello() "base hello"; a `tag` accessor (this.t);
 * a static `kind` "base". Derived: new Derived(t) sets this.t; own() "derived". */
static napi_value SetT(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  if (argc >= 1) NODE_API_CALL(env, napi_set_named_property(env, self, "t", argv[0]));
  return self;
}
static napi_value Hello(napi_env env, napi_callback_info info) {
  return th_str(env, "base hello");
}
static napi_value Own(napi_env env, napi_callback_info info) {
  return th_str(env, "derived");
}
static napi_value GetTag(napi_env env, napi_callback_info info) {
  napi_value self, t;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  NODE_API_CALL(env, napi_get_named_property(env, self, "t", &t));
  return t;
}
static napi_value DefineClasses(napi_env env, napi_callback_info info) {
  napi_value base, derived, out;
  napi_property_descriptor base_props[] = {
      {"hello", NULL, Hello, NULL, NULL, NULL, napi_default, NULL},
      {"tag", NULL, NULL, GetTag, NULL, NULL, napi_default, NULL},
      {"kind", NULL, NULL, NULL, NULL, NULL, napi_static, NULL},
  };
  base_props[2].value = th_str(env, "base");
  napi_property_descriptor derived_props[] = {
      {"own", NULL, Own, NULL, NULL, NULL, napi_default, NULL},
  };
  NODE_API_CALL(env, napi_define_class(env, "Base", NAPI_AUTO_LENGTH, SetT, NULL, 3, base_props,
                                       &base));
  NODE_API_CALL(env, napi_define_class(env, "Derived", NAPI_AUTO_LENGTH, SetT, NULL, 1,
                                       derived_props, &derived));
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_set_named_property(env, out, "Base", base));
  NODE_API_CALL(env, napi_set_named_property(env, out, "Derived", derived));
  return out;
}

/* inherit(Child, Parent): Child.prototype -> Parent.prototype and Child -> Parent,
 * what ES5-style inheritance helpers (and `class extends`) set up. */
static napi_value Inherit(napi_env env, napi_callback_info info) {
  napi_value argv[2], child_proto, parent_proto;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_named_property(env, argv[0], "prototype", &child_proto));
  NODE_API_CALL(env, napi_get_named_property(env, argv[1], "prototype", &parent_proto));
  if (!set_prototype_of(env, child_proto, parent_proto)) return NULL;
  if (!set_prototype_of(env, argv[0], argv[1])) return NULL;
  return th_undefined(env);
}

/* defineMe(obj): an accessor `me` whose getter returns this.tag. */
static napi_value GetMe(napi_env env, napi_callback_info info) {
  napi_value self, tag;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  NODE_API_CALL(env, napi_get_named_property(env, self, "tag", &tag));
  return tag;
}
static napi_value DefineMe(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  napi_property_descriptor d = {"me", NULL, NULL, GetMe, NULL, NULL, napi_default, NULL};
  NODE_API_CALL(env, napi_define_properties(env, argv[0], 1, &d));
  return argv[0];
}

/* makeKeyed(): {b: 1, [Symbol("s")]: 2, a: 3, 2: 4} */
static napi_value MakeKeyed(napi_env env, napi_callback_info info) {
  napi_value o, sym, v;
  NODE_API_CALL(env, napi_create_object(env, &o));
  NODE_API_CALL(env, napi_set_named_property(env, o, "b", th_int(env, 1)));
  NODE_API_CALL(env, napi_create_symbol(env, th_str(env, "s"), &sym));
  NODE_API_CALL(env, napi_set_property(env, o, sym, th_int(env, 2)));
  NODE_API_CALL(env, napi_set_named_property(env, o, "a", th_int(env, 3)));
  NODE_API_CALL(env, napi_create_int32(env, 4, &v));
  NODE_API_CALL(env, napi_set_element(env, o, 2, v));
  return o;
}

/* makeFunction(): a plain function (napi_create_function), used as a constructor. */
static napi_value MakeFunction(napi_env env, napi_callback_info info) {
  napi_value fn;
  NODE_API_CALL(env, napi_create_function(env, "F", NAPI_AUTO_LENGTH, SetT, NULL, &fn));
  return fn;
}

/* propertyNames(obj): napi_get_property_names (for...in's keys: enumerable string
 * keys, inherited ones too). allPropertyNames(obj): every string key along the
 * chain (napi_get_all_property_names, napi_key_include_prototypes). */
static napi_value PropertyNames(napi_env env, napi_callback_info info) {
  napi_value argv[1], result;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_property_names(env, argv[0], &result));
  return result;
}
static napi_value AllPropertyNames(napi_env env, napi_callback_info info) {
  napi_value argv[1], result;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_all_property_names(env, argv[0], napi_key_include_prototypes,
                                                 napi_key_skip_symbols,
                                                 napi_key_numbers_to_strings, &result));
  return result;
}

#ifdef WITH_SET_PROTOTYPE
/* setProto(obj, proto): node_api_set_prototype's status (an exception it leaves
 * pending propagates). */
static napi_value SetProto(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  return th_status(env, node_api_set_prototype(env, argv[0], argv[1]));
}
#endif

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      TH_METHOD("callGlobal", CallGlobal),
      TH_METHOD("callMethod", CallMethod),
      TH_METHOD("getProto", GetProto),
      TH_METHOD("get", Get),
      TH_METHOD("has", Has),
      TH_METHOD("set", Set),
      TH_METHOD("instanceOf", InstanceOf),
      TH_METHOD("defineErrorClass", DefineErrorClass),
      TH_METHOD("defineClasses", DefineClasses),
      TH_METHOD("inherit", Inherit),
      TH_METHOD("defineMe", DefineMe),
      TH_METHOD("makeKeyed", MakeKeyed),
      TH_METHOD("makeFunction", MakeFunction),
      TH_METHOD("propertyNames", PropertyNames),
      TH_METHOD("allPropertyNames", AllPropertyNames),
#ifdef WITH_SET_PROTOTYPE
      TH_METHOD("setProto", SetProto),
#endif
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
