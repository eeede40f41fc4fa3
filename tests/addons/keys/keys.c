/* Property keys and lookup on functions and classes, compared with Node
 * (tests/test_keys.py): napi_get_all_property_names over a grid of
 * (mode, filter, conversion) on a class from napi_define_class, its prototype
 * object, an instance and a function from napi_create_function, and
 * napi_has_own_property / napi_get_property / napi_delete_property on them.
 * Keys come back as strings or numbers; a symbol key as "@@" + its description.
 * (No export is named after a dict method, keys or get: the exports object is a
 * dict, and the fuzzer calls its keys().) */
#include "test_helpers.h"

static napi_value Ctor(napi_env env, napi_callback_info info) {
  napi_value self, v, sym;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  NODE_API_CALL(env, napi_create_int32(env, 1, &v));
  NODE_API_CALL(env, napi_set_named_property(env, self, "own", v));
  NODE_API_CALL(env, napi_set_named_property(env, self, "v", v));  /* shadows K.prototype.v */
  NODE_API_CALL(env, napi_set_named_property(env, self, "5", v));
  NODE_API_CALL(env, napi_create_string_utf8(env, "ownSym", NAPI_AUTO_LENGTH, &sym));
  NODE_API_CALL(env, napi_create_symbol(env, sym, &sym));
  NODE_API_CALL(env, napi_set_property(env, self, sym, v));
  napi_property_descriptor hidden = {"hidden", NULL, NULL, NULL, NULL, v, napi_writable, NULL};
  NODE_API_CALL(env, napi_define_properties(env, self, 1, &hidden));
  return self;
}

static napi_value Method(napi_env env, napi_callback_info info) {
  napi_value r;
  napi_create_int32(env, 7, &r);
  return r;
}
static napi_value Setter(napi_env env, napi_callback_info info) { return NULL; }

static napi_value MakeClass(napi_env env, napi_callback_info info) {
  napi_value cls, one, two, psym, ssym, desc;
  NODE_API_CALL(env, napi_create_int32(env, 1, &one));
  NODE_API_CALL(env, napi_create_int32(env, 2, &two));
  NODE_API_CALL(env, napi_create_string_utf8(env, "protoSym", NAPI_AUTO_LENGTH, &desc));
  NODE_API_CALL(env, napi_create_symbol(env, desc, &psym));
  NODE_API_CALL(env, napi_create_string_utf8(env, "staticSym", NAPI_AUTO_LENGTH, &desc));
  NODE_API_CALL(env, napi_create_symbol(env, desc, &ssym));
  napi_property_descriptor d[] = {
      /* prototype members */
      {"m", NULL, Method, NULL, NULL, NULL, napi_default, NULL},
      {"mw", NULL, Method, NULL, NULL, NULL, napi_default_method, NULL},
      {"v", NULL, NULL, NULL, NULL, one, napi_writable | napi_enumerable, NULL},
      {"ro", NULL, NULL, NULL, NULL, one, napi_enumerable, NULL},
      {"acc", NULL, NULL, Method, Setter, NULL, napi_enumerable | napi_configurable, NULL},
      {"3", NULL, NULL, NULL, NULL, two, napi_default_jsproperty, NULL},
      {NULL, psym, NULL, NULL, NULL, one, napi_default_jsproperty, NULL},
      /* statics */
      {"sm", NULL, Method, NULL, NULL, NULL, napi_static | napi_enumerable, NULL},
      {"smd", NULL, Method, NULL, NULL, NULL, napi_static, NULL},
      {"sv", NULL, NULL, NULL, NULL, two, napi_static | napi_default_jsproperty, NULL},
      {"sro", NULL, NULL, NULL, NULL, two, napi_static | napi_enumerable, NULL},
      {"sw", NULL, NULL, NULL, NULL, two, napi_static | napi_writable, NULL},
      {"sc", NULL, NULL, NULL, NULL, two, napi_static | napi_configurable, NULL},
      {"sacc", NULL, NULL, Method, Setter, NULL, napi_static | napi_enumerable | napi_configurable, NULL},
      {"sget", NULL, NULL, Method, NULL, NULL, napi_static | napi_writable, NULL},
      {"7", NULL, NULL, NULL, NULL, two, napi_static | napi_default_jsproperty, NULL},
      {NULL, ssym, NULL, NULL, NULL, two, napi_static | napi_enumerable, NULL},
  };
  NODE_API_CALL(env, napi_define_class(env, "K", NAPI_AUTO_LENGTH, Ctor, NULL,
                                       sizeof d / sizeof *d, d, &cls));
  return cls;
}

/* A function with properties: set by napi_set_named_property and defined by
 * napi_define_properties with their attributes. */
static napi_value MakeFunction(napi_env env, napi_callback_info info) {
  napi_value fn, one, sym, desc;
  NODE_API_CALL(env, napi_create_function(env, "f", NAPI_AUTO_LENGTH, Method, NULL, &fn));
  NODE_API_CALL(env, napi_create_int32(env, 1, &one));
  NODE_API_CALL(env, napi_set_named_property(env, fn, "a", one));
  NODE_API_CALL(env, napi_create_string_utf8(env, "fnSym", NAPI_AUTO_LENGTH, &desc));
  NODE_API_CALL(env, napi_create_symbol(env, desc, &sym));
  napi_property_descriptor d[] = {
      {"b", NULL, NULL, NULL, NULL, one, napi_enumerable, NULL},
      {"c", NULL, NULL, NULL, NULL, one, napi_writable, NULL},
      {"d", NULL, NULL, Method, NULL, NULL, napi_enumerable | napi_configurable, NULL},
      {"e", NULL, Method, NULL, NULL, NULL, napi_default_method, NULL},
      {"9", NULL, NULL, NULL, NULL, one, napi_default_jsproperty, NULL},
      {NULL, sym, NULL, NULL, NULL, one, napi_configurable, NULL},
  };
  NODE_API_CALL(env, napi_define_properties(env, fn, sizeof d / sizeof *d, d));
  return fn;
}

/* allKeys(obj, mode, filter, conversion) -> napi_get_all_property_names, symbols as
 * "@@description". */
static napi_value convert_keys(napi_env env, napi_value arr) {
  uint32_t n;
  NODE_API_CALL(env, napi_get_array_length(env, arr, &n));
  for (uint32_t i = 0; i < n; i++) {
    napi_value k, d, s;
    napi_valuetype t;
    NODE_API_CALL(env, napi_get_element(env, arr, i, &k));
    NODE_API_CALL(env, napi_typeof(env, k, &t));
    if (t != napi_symbol) continue;
    NODE_API_CALL(env, napi_get_named_property(env, k, "description", &d));
    NODE_API_CALL(env, napi_coerce_to_string(env, d, &d));
    char buf[128];
    size_t len;
    NODE_API_CALL(env, napi_get_value_string_utf8(env, d, buf + 2, sizeof buf - 2, &len));
    buf[0] = buf[1] = '@';
    NODE_API_CALL(env, napi_create_string_utf8(env, buf, len + 2, &s));
    NODE_API_CALL(env, napi_set_element(env, arr, i, s));
  }
  return arr;
}

static napi_value Keys(napi_env env, napi_callback_info info) {
  napi_value argv[4], out;
  int32_t mode, filter, conv;
  th_args(env, info, 4, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &mode));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[2], &filter));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[3], &conv));
  NODE_API_CALL(env, napi_get_all_property_names(env, argv[0], (napi_key_collection_mode)mode,
                                                 (napi_key_filter)filter,
                                                 (napi_key_conversion)conv, &out));
  return convert_keys(env, out);
}

static napi_value Names(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_property_names(env, argv[0], &out));
  return convert_keys(env, out);
}

static napi_value HasOwn(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  bool r;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_has_own_property(env, argv[0], argv[1], &r));
  return th_bool(env, r);
}

static napi_value Has(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  bool r;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_has_property(env, argv[0], argv[1], &r));
  return th_bool(env, r);
}

/* getProp(obj, key) -> [typeof, value if a number, string or boolean, else null] */
static napi_value Get(napi_env env, napi_callback_info info) {
  static const char* names[] = {"undefined", "null", "boolean", "number", "string",
                                "symbol", "object", "function", "external", "bigint"};
  napi_value argv[2], v, out, t, nul;
  napi_valuetype vt;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_property(env, argv[0], argv[1], &v));
  NODE_API_CALL(env, napi_typeof(env, v, &vt));
  NODE_API_CALL(env, napi_create_array_with_length(env, 2, &out));
  NODE_API_CALL(env, napi_create_string_utf8(env, names[vt], NAPI_AUTO_LENGTH, &t));
  NODE_API_CALL(env, napi_set_element(env, out, 0, t));
  NODE_API_CALL(env, napi_get_null(env, &nul));
  bool prim = vt == napi_number || vt == napi_string || vt == napi_boolean;
  NODE_API_CALL(env, napi_set_element(env, out, 1, prim ? v : nul));
  return out;
}

/* delProp(obj, key) -> the result of napi_delete_property */
static napi_value Del(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  bool r;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_delete_property(env, argv[0], argv[1], &r));
  return th_bool(env, r);
}

/* setProp(obj, key, value) -> napi_status (sloppy-mode assignment) */
static napi_value Set(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  th_args(env, info, 3, argv);
  return th_status(env, napi_set_property(env, argv[0], argv[1], argv[2]));
}

static napi_value Prop(napi_env env, napi_callback_info info) {
  napi_value argv[2], v;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_property(env, argv[0], argv[1], &v));
  return v;
}

static napi_value ProtoOf(napi_env env, napi_callback_info info) {
  napi_value argv[1], p;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_prototype(env, argv[0], &p));
  return p;
}

static napi_value StrictEquals(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  bool r;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_strict_equals(env, argv[0], argv[1], &r));
  return th_bool(env, r);
}

static napi_value NewInstance(napi_env env, napi_callback_info info) {
  napi_value argv[1], r;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_new_instance(env, argv[0], 0, NULL, &r));
  return r;
}

static napi_value Typeof(napi_env env, napi_callback_info info) {
  static const char* names[] = {"undefined", "null", "boolean", "number", "string",
                                "symbol", "object", "function", "external", "bigint"};
  napi_value argv[1], r;
  napi_valuetype vt;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_typeof(env, argv[0], &vt));
  NODE_API_CALL(env, napi_create_string_utf8(env, names[vt], NAPI_AUTO_LENGTH, &r));
  return r;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor d[] = {
      {"makeClass", NULL, MakeClass, NULL, NULL, NULL, napi_enumerable, NULL},
      {"makeFunction", NULL, MakeFunction, NULL, NULL, NULL, napi_enumerable, NULL},
      {"allKeys", NULL, Keys, NULL, NULL, NULL, napi_enumerable, NULL},
      {"names", NULL, Names, NULL, NULL, NULL, napi_enumerable, NULL},
      {"hasOwn", NULL, HasOwn, NULL, NULL, NULL, napi_enumerable, NULL},
      {"hasProp", NULL, Has, NULL, NULL, NULL, napi_enumerable, NULL},
      {"getProp", NULL, Get, NULL, NULL, NULL, napi_enumerable, NULL},
      {"delProp", NULL, Del, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setProp", NULL, Set, NULL, NULL, NULL, napi_enumerable, NULL},
      {"prop", NULL, Prop, NULL, NULL, NULL, napi_enumerable, NULL},
      {"protoOf", NULL, ProtoOf, NULL, NULL, NULL, napi_enumerable, NULL},
      {"strictEquals", NULL, StrictEquals, NULL, NULL, NULL, napi_enumerable, NULL},
      {"newInstance", NULL, NewInstance, NULL, NULL, NULL, napi_enumerable, NULL},
      {"typeOf", NULL, Typeof, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  NODE_API_CALL(env, napi_define_properties(env, exports, sizeof d / sizeof *d, d));
  return exports;
}
