/* Test addon for the `name` (and `length`) of the functions an addon makes
 * (tests/test_function_names.py, compared with Node 20 by node_driver.js):
 *
 * - its exports are defined with napi_define_properties: the methods below, `defined`
 *   (a method that returns 1) and `definedAccessor` (a getter and a setter);
 * - makeNamed(): napi_create_function named "named"; makeNamedLength(): named with
 *   "namedXYZ" and length 5; makeAnon(): napi_create_function with a NULL name;
 *   setAnonOn(obj, key): a NULL-named function stored with napi_set_named_property;
 * - Klass: napi_define_class with a prototype method `method`, a prototype accessor
 *   `acc`, a static method `staticMethod`, a prototype method keyed by the symbol
 *   `sym` (exported);
 * - nameOf(fn) / lengthOf(fn): napi_get_named_property(fn, "name" / "length");
 *   getNamed(obj, name): napi_get_named_property; getProp(obj, key): napi_get_property;
 *   descriptorOf(obj, key): Object.getOwnPropertyDescriptor(obj, key), called through
 *   napi_get_global; toStr(v): napi_coerce_to_string.
 */
#include "test_helpers.h"

static napi_value One(napi_env env, napi_callback_info info) { return th_int(env, 1); }

static napi_value SelfOf(napi_env env, napi_callback_info info) {
  napi_value self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  return self;
}

static napi_value Ignore(napi_env env, napi_callback_info info) { return th_undefined(env); }

static napi_value MakeNamed(napi_env env, napi_callback_info info) {
  napi_value fn;
  NODE_API_CALL(env, napi_create_function(env, "named", NAPI_AUTO_LENGTH, One, NULL, &fn));
  return fn;
}

static napi_value MakeNamedLength(napi_env env, napi_callback_info info) {
  napi_value fn;
  NODE_API_CALL(env, napi_create_function(env, "namedXYZ", 5, One, NULL, &fn));
  return fn;
}

static napi_value MakeAnon(napi_env env, napi_callback_info info) {
  napi_value fn;
  NODE_API_CALL(env, napi_create_function(env, NULL, 0, One, NULL, &fn));
  return fn;
}

static napi_value SetAnonOn(napi_env env, napi_callback_info info) {
  napi_value argv[2], fn;
  th_args(env, info, 2, argv);
  char key[64];
  if (!th_utf8_arg(env, argv[1], key, sizeof key)) return NULL;
  NODE_API_CALL(env, napi_create_function(env, NULL, 0, One, NULL, &fn));
  NODE_API_CALL(env, napi_set_named_property(env, argv[0], key, fn));
  return fn;
}

static napi_value NameOf(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_named_property(env, argv[0], "name", &out));
  return out;
}

static napi_value LengthOf(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_named_property(env, argv[0], "length", &out));
  return out;
}

static napi_value GetNamed(napi_env env, napi_callback_info info) {
  napi_value argv[2], out;
  th_args(env, info, 2, argv);
  char name[64];
  if (!th_utf8_arg(env, argv[1], name, sizeof name)) return NULL;
  NODE_API_CALL(env, napi_get_named_property(env, argv[0], name, &out));
  return out;
}

static napi_value GetProp(napi_env env, napi_callback_info info) {
  napi_value argv[2], out;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_property(env, argv[0], argv[1], &out));
  return out;
}

static napi_value DescriptorOf(napi_env env, napi_callback_info info) {
  napi_value argv[2], global, object, gopd, out;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_get_named_property(env, global, "Object", &object));
  NODE_API_CALL(env, napi_get_named_property(env, object, "getOwnPropertyDescriptor", &gopd));
  NODE_API_CALL(env, napi_call_function(env, object, gopd, 2, argv, &out));
  return out;
}

static napi_value ToStr(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_coerce_to_string(env, argv[0], &out));
  return out;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor fns[] = {
      {"defined", NULL, One, NULL, NULL, NULL, napi_default, NULL},
      {"definedAccessor", NULL, NULL, One, Ignore, NULL, napi_default, NULL},
      {"makeNamed", NULL, MakeNamed, NULL, NULL, NULL, napi_default, NULL},
      {"makeNamedLength", NULL, MakeNamedLength, NULL, NULL, NULL, napi_default, NULL},
      {"makeAnon", NULL, MakeAnon, NULL, NULL, NULL, napi_default, NULL},
      {"setAnonOn", NULL, SetAnonOn, NULL, NULL, NULL, napi_default, NULL},
      {"nameOf", NULL, NameOf, NULL, NULL, NULL, napi_default, NULL},
      {"lengthOf", NULL, LengthOf, NULL, NULL, NULL, napi_default, NULL},
      {"getNamed", NULL, GetNamed, NULL, NULL, NULL, napi_default, NULL},
      {"getProp", NULL, GetProp, NULL, NULL, NULL, napi_default, NULL},
      {"descriptorOf", NULL, DescriptorOf, NULL, NULL, NULL, napi_default, NULL},
      {"toStr", NULL, ToStr, NULL, NULL, NULL, napi_default, NULL},
  };
  NODE_API_CALL(env, napi_define_properties(env, exports, sizeof fns / sizeof fns[0], fns));
  napi_value sym, desc, klass;
  NODE_API_CALL(env, napi_create_string_utf8(env, "sym", NAPI_AUTO_LENGTH, &desc));
  NODE_API_CALL(env, napi_create_symbol(env, desc, &sym));
  NODE_API_CALL(env, napi_set_named_property(env, exports, "sym", sym));
  napi_property_descriptor members[] = {
      {"method", NULL, One, NULL, NULL, NULL, napi_default_method, NULL},
      {"acc", NULL, NULL, One, Ignore, NULL, napi_default, NULL},
      {"staticMethod", NULL, One, NULL, NULL, NULL, napi_static, NULL},
      {NULL, sym, One, NULL, NULL, NULL, napi_default_method, NULL},
  };
  NODE_API_CALL(env, napi_define_class(env, "Klass", NAPI_AUTO_LENGTH, SelfOf, NULL,
                                       sizeof members / sizeof members[0], members, &klass));
  NODE_API_CALL(env, napi_set_named_property(env, exports, "Klass", klass));
  return exports;
}
