/* Test addon: the property descriptors of a class from napi_define_class and of its
 * prototype object, as the global Object.getOwnPropertyDescriptor reports them to an
 * addon (napi-rs walks prototypes with Reflect.getOwnPropertyDescriptor; ObjectWrap
 * code checks what it defined). Also loaded by node (node_driver.js).
 *
 * The class Shape has, on its prototype: a read-only enumerable value `kind`, a
 * default method `area`, a writable configurable method `grow`, a getter-only
 * accessor `size`, a symbol-keyed value and method; as statics: an enumerable value
 * `sides`, a writable configurable value `count`, a static accessor `unit`, a static
 * method `make`, a symbol-keyed static value and static accessor.
 *
 * A plain function (napi_create_function) has a read-only enumerable value `tag` and a
 * getter `getter` (napi_define_properties).
 *
 *   describe(where, key)   where "class", "prototype" or "function": a summary of
 *                          Object.getOwnPropertyDescriptor(target, key), or
 *                          undefined;
 *   redefine(where, key, v) Object.defineProperty(target, key, {value: v}), then
 *                          the new descriptor's summary (throws as JS refuses);
 *   symbols()              [the prototype's symbol key, the statics' symbol key];
 *   read(where, key)       napi_get_property(target, key): what Python's `Cls[key]`,
 *                          `proto.name` and `proto[key]` read through the same rules;
 *   hasOwn(where, key)     napi_has_own_property(target, key). */
#include "test_helpers.h"

static napi_ref g_class = NULL;
static napi_ref g_function = NULL;
static napi_ref g_member_symbol = NULL;
static napi_ref g_static_symbol = NULL;
static double g_unit = 1;

static napi_value Noop(napi_env env, napi_callback_info info) { return NULL; }

static napi_value Number(napi_env env, double d) {
  napi_value v;
  NODE_API_CALL(env, napi_create_double(env, d, &v));
  return v;
}

static napi_value Size(napi_env env, napi_callback_info info) { return Number(env, 3); }
static napi_value Unit(napi_env env, napi_callback_info info) { return Number(env, g_unit); }
static napi_value SetUnit(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_value_double(env, argv[0], &g_unit));
  return NULL;
}

static napi_value Constructor(napi_env env, napi_callback_info info) {
  napi_value self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  return self;
}

static napi_value Ref(napi_env env, napi_ref ref) {
  napi_value v;
  NODE_API_CALL(env, napi_get_reference_value(env, ref, &v));
  return v;
}

/* The class, its prototype or a plain function (napi_create_function), as `where`
 * ("class" / "prototype" / "function") names it. */
static napi_value Target(napi_env env, napi_value where) {
  char buf[16];
  size_t len;
  NODE_API_CALL(env, napi_get_value_string_utf8(env, where, buf, sizeof buf, &len));
  if (strcmp(buf, "function") == 0) return Ref(env, g_function);
  napi_value cls = Ref(env, g_class);
  if (cls == NULL || strcmp(buf, "class") == 0) return cls;
  napi_value proto;
  NODE_API_CALL(env, napi_get_named_property(env, cls, "prototype", &proto));
  return proto;
}

static napi_value ObjectFunction(napi_env env, const char* name) {
  napi_value global, object, fn;
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_get_named_property(env, global, "Object", &object));
  NODE_API_CALL(env, napi_get_named_property(env, object, name, &fn));
  return fn;
}

static const char* TypeName(napi_valuetype t) {
  static const char* names[] = {"undefined", "null", "boolean", "number", "string", "symbol",
                                "object", "function", "external", "bigint"};
  return names[t];
}

/* {kind, writable?, enumerable, configurable, value: its typeof, get/set: their
 * typeof} of a descriptor object; undefined stays undefined. */
static napi_value Summary(napi_env env, napi_value desc) {
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, desc, &t));
  if (t != napi_object) return desc;
  bool accessor = false, has;
  NODE_API_CALL(env, napi_has_named_property(env, desc, "get", &has));
  accessor = has;
  NODE_API_CALL(env, napi_has_named_property(env, desc, "set", &has));
  accessor = accessor || has;
  napi_value out, kind;
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_create_string_utf8(env, accessor ? "accessor" : "data",
                                             NAPI_AUTO_LENGTH, &kind));
  NODE_API_CALL(env, napi_set_named_property(env, out, "kind", kind));
  static const char* flags[] = {"writable", "enumerable", "configurable"};
  for (int i = accessor ? 1 : 0; i < 3; i++) {
    napi_value v;
    NODE_API_CALL(env, napi_get_named_property(env, desc, flags[i], &v));
    NODE_API_CALL(env, napi_set_named_property(env, out, flags[i], v));
  }
  static const char* parts[] = {"value", "get", "set"};
  for (int i = accessor ? 1 : 0; i < (accessor ? 3 : 1); i++) {
    napi_value v, name;
    napi_valuetype vt;
    NODE_API_CALL(env, napi_get_named_property(env, desc, parts[i], &v));
    NODE_API_CALL(env, napi_typeof(env, v, &vt));
    NODE_API_CALL(env, napi_create_string_utf8(env, TypeName(vt), NAPI_AUTO_LENGTH, &name));
    NODE_API_CALL(env, napi_set_named_property(env, out, parts[i], name));
  }
  return out;
}

static napi_value Describe(napi_env env, napi_callback_info info) {
  napi_value argv[2], undefined, desc;
  th_args(env, info, 2, argv);
  napi_value fn = ObjectFunction(env, "getOwnPropertyDescriptor");
  napi_value call_args[2] = {Target(env, argv[0]), argv[1]};
  if (fn == NULL || call_args[0] == NULL) return NULL;
  NODE_API_CALL(env, napi_get_undefined(env, &undefined));
  NODE_API_CALL(env, napi_call_function(env, undefined, fn, 2, call_args, &desc));
  return Summary(env, desc);
}

static napi_value Redefine(napi_env env, napi_callback_info info) {
  napi_value argv[3], undefined, spec, result;
  th_args(env, info, 3, argv);
  napi_value fn = ObjectFunction(env, "defineProperty");
  napi_value target = Target(env, argv[0]);
  if (fn == NULL || target == NULL) return NULL;
  NODE_API_CALL(env, napi_create_object(env, &spec));
  NODE_API_CALL(env, napi_set_named_property(env, spec, "value", argv[2]));
  napi_value call_args[3] = {target, argv[1], spec};
  NODE_API_CALL(env, napi_get_undefined(env, &undefined));
  NODE_API_CALL(env, napi_call_function(env, undefined, fn, 3, call_args, &result));
  napi_value describe = ObjectFunction(env, "getOwnPropertyDescriptor");
  if (describe == NULL) return NULL;
  napi_value desc;
  NODE_API_CALL(env, napi_call_function(env, undefined, describe, 2, call_args, &desc));
  return Summary(env, desc);
}

static napi_value Read(napi_env env, napi_callback_info info) {
  napi_value argv[2], result;
  th_args(env, info, 2, argv);
  napi_value target = Target(env, argv[0]);
  if (target == NULL) return NULL;
  NODE_API_CALL(env, napi_get_property(env, target, argv[1], &result));
  return result;
}

static napi_value HasOwn(napi_env env, napi_callback_info info) {
  napi_value argv[2], result;
  th_args(env, info, 2, argv);
  napi_value target = Target(env, argv[0]);
  if (target == NULL) return NULL;
  bool has;
  NODE_API_CALL(env, napi_has_own_property(env, target, argv[1], &has));
  NODE_API_CALL(env, napi_get_boolean(env, has, &result));
  return result;
}

static napi_value Symbols(napi_env env, napi_callback_info info) {
  napi_value arr;
  NODE_API_CALL(env, napi_create_array_with_length(env, 2, &arr));
  NODE_API_CALL(env, napi_set_element(env, arr, 0, Ref(env, g_member_symbol)));
  NODE_API_CALL(env, napi_set_element(env, arr, 1, Ref(env, g_static_symbol)));
  return arr;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_value member_symbol, static_symbol, desc;
  NODE_API_CALL(env, napi_create_string_utf8(env, "member", NAPI_AUTO_LENGTH, &desc));
  NODE_API_CALL(env, napi_create_symbol(env, desc, &member_symbol));
  NODE_API_CALL(env, napi_create_string_utf8(env, "static", NAPI_AUTO_LENGTH, &desc));
  NODE_API_CALL(env, napi_create_symbol(env, desc, &static_symbol));
  NODE_API_CALL(env, napi_create_reference(env, member_symbol, 1, &g_member_symbol));
  NODE_API_CALL(env, napi_create_reference(env, static_symbol, 1, &g_static_symbol));
  napi_value kind, sides, count, tagged, five;
  NODE_API_CALL(env, napi_create_string_utf8(env, "polygon", NAPI_AUTO_LENGTH, &kind));
  sides = Number(env, 4);
  count = Number(env, 0);
  tagged = Number(env, 7);
  five = Number(env, 5);
  napi_property_descriptor props[] = {
      {"kind", NULL, NULL, NULL, NULL, kind, napi_enumerable, NULL},
      {"area", NULL, Noop, NULL, NULL, NULL, napi_default, NULL},
      {"grow", NULL, Noop, NULL, NULL, NULL, napi_writable | napi_configurable, NULL},
      {"size", NULL, NULL, Size, NULL, NULL, napi_default, NULL},
      {NULL, member_symbol, NULL, NULL, NULL, tagged, napi_enumerable, NULL},
      {"sides", NULL, NULL, NULL, NULL, sides, napi_enumerable | napi_static, NULL},
      {"count", NULL, NULL, NULL, NULL, count,
       napi_writable | napi_configurable | napi_static, NULL},
      {"unit", NULL, NULL, Unit, SetUnit, NULL, napi_enumerable | napi_static, NULL},
      {"make", NULL, Noop, NULL, NULL, NULL, napi_static, NULL},
      {NULL, static_symbol, NULL, NULL, NULL, five, napi_static, NULL},
  };
  napi_value cls;
  NODE_API_CALL(env, napi_define_class(env, "Shape", NAPI_AUTO_LENGTH, Constructor, NULL,
                                       sizeof props / sizeof props[0], props, &cls));
  NODE_API_CALL(env, napi_create_reference(env, cls, 1, &g_class));
  napi_value fn;
  NODE_API_CALL(env, napi_create_function(env, "plain", NAPI_AUTO_LENGTH, Noop, NULL, &fn));
  NODE_API_CALL(env, napi_create_reference(env, fn, 1, &g_function));
  napi_property_descriptor on_function[] = {
      {"tag", NULL, NULL, NULL, NULL, tagged, napi_enumerable, NULL},
      {"getter", NULL, NULL, Size, NULL, NULL, napi_default, NULL}};
  NODE_API_CALL(env, napi_define_properties(env, fn, 2, on_function));
  /* A symbol-keyed method on the prototype and a symbol-keyed static accessor,
   * defined after the class as an addon may (napi_define_properties). */
  napi_value proto;
  NODE_API_CALL(env, napi_get_named_property(env, cls, "prototype", &proto));
  napi_value method_symbol, accessor_symbol;
  NODE_API_CALL(env, napi_create_string_utf8(env, "method", NAPI_AUTO_LENGTH, &desc));
  NODE_API_CALL(env, napi_create_symbol(env, desc, &method_symbol));
  NODE_API_CALL(env, napi_create_string_utf8(env, "accessor", NAPI_AUTO_LENGTH, &desc));
  NODE_API_CALL(env, napi_create_symbol(env, desc, &accessor_symbol));
  napi_property_descriptor more_proto[] = {
      {NULL, method_symbol, Noop, NULL, NULL, NULL, napi_default, NULL}};
  NODE_API_CALL(env, napi_define_properties(env, proto, 1, more_proto));
  napi_property_descriptor more_static[] = {
      {NULL, accessor_symbol, NULL, Unit, NULL, NULL, napi_configurable, NULL}};
  NODE_API_CALL(env, napi_define_properties(env, cls, 1, more_static));
  napi_property_descriptor exported[] = {
      {"Shape", NULL, NULL, NULL, NULL, cls, napi_enumerable, NULL},
      {"methodSymbol", NULL, NULL, NULL, NULL, method_symbol, napi_enumerable, NULL},
      {"accessorSymbol", NULL, NULL, NULL, NULL, accessor_symbol, napi_enumerable, NULL},
      {"describe", NULL, Describe, NULL, NULL, NULL, napi_enumerable, NULL},
      {"redefine", NULL, Redefine, NULL, NULL, NULL, napi_enumerable, NULL},
      {"symbols", NULL, Symbols, NULL, NULL, NULL, napi_enumerable, NULL},
      {"read", NULL, Read, NULL, NULL, NULL, napi_enumerable, NULL},
      {"hasOwn", NULL, HasOwn, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  NODE_API_CALL(env, napi_define_properties(env, exports, sizeof exported / sizeof exported[0],
                                            exported));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
