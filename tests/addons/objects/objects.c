/* Test addon for objects and arrays: property get/set/has/delete with string,
 * number and symbol keys, named properties, own properties, elements, arrays,
 * napi_define_properties attribute combinations, property-name enumeration,
 * freeze/seal, prototypes, and the statuses returned for bad input. */
#include "test_helpers.h"

/* ---- generic property access ----------------------------------------- */

static napi_value CreateObject(napi_env env, napi_callback_info info) {
  napi_value obj;
  NODE_API_CALL(env, napi_create_object(env, &obj));
  return obj;
}

/* setProperty(obj, key, value) -> obj */
static napi_value SetProperty(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  th_args(env, info, 3, argv);
  NODE_API_CALL(env, napi_set_property(env, argv[0], argv[1], argv[2]));
  return argv[0];
}

static napi_value GetProperty(napi_env env, napi_callback_info info) {
  napi_value argv[2], v;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_property(env, argv[0], argv[1], &v));
  return v;
}

static napi_value HasProperty(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  bool r;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_has_property(env, argv[0], argv[1], &r));
  return th_bool(env, r);
}

static napi_value DeleteProperty(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  bool r = false;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_delete_property(env, argv[0], argv[1], &r));
  return th_bool(env, r);
}

/* deletePropertyNoResult(obj, key): result pointer may be NULL. */
static napi_value DeletePropertyNoResult(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  return th_status(env, napi_delete_property(env, argv[0], argv[1], NULL));
}

static napi_value HasOwnProperty(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  bool r;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_has_own_property(env, argv[0], argv[1], &r));
  return th_bool(env, r);
}

static napi_value HasOwnPropertyStatus(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  bool r;
  th_args(env, info, 2, argv);
  return th_status(env, napi_has_own_property(env, argv[0], argv[1], &r));
}

/* setPropertyStatus(obj, key, value) -> status (the write may be ignored). */
static napi_value SetPropertyStatus(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  th_args(env, info, 3, argv);
  return th_status(env, napi_set_property(env, argv[0], argv[1], argv[2]));
}

/* ---- named properties --------------------------------------------------- */

static napi_value SetNamed(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  char name[128];
  th_args(env, info, 3, argv);
  if (!th_utf8_arg(env, argv[1], name, sizeof name)) return NULL;
  NODE_API_CALL(env, napi_set_named_property(env, argv[0], name, argv[2]));
  return argv[0];
}

static napi_value SetNamedStatus(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  char name[128];
  th_args(env, info, 3, argv);
  if (!th_utf8_arg(env, argv[1], name, sizeof name)) return NULL;
  return th_status(env, napi_set_named_property(env, argv[0], name, argv[2]));
}

static napi_value GetNamed(napi_env env, napi_callback_info info) {
  napi_value argv[2], v;
  char name[128];
  th_args(env, info, 2, argv);
  if (!th_utf8_arg(env, argv[1], name, sizeof name)) return NULL;
  NODE_API_CALL(env, napi_get_named_property(env, argv[0], name, &v));
  return v;
}

static napi_value HasNamed(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  char name[128];
  bool r;
  th_args(env, info, 2, argv);
  if (!th_utf8_arg(env, argv[1], name, sizeof name)) return NULL;
  NODE_API_CALL(env, napi_has_named_property(env, argv[0], name, &r));
  return th_bool(env, r);
}

/* ---- elements ----------------------------------------------------------- */

static bool u32_arg(napi_env env, napi_value v, uint32_t* out) {
  if (napi_get_value_uint32(env, v, out) != napi_ok) {
    th_throw_last_error(env, "napi_get_value_uint32");
    return false;
  }
  return true;
}

static napi_value SetElement(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  uint32_t i;
  th_args(env, info, 3, argv);
  if (!u32_arg(env, argv[1], &i)) return NULL;
  NODE_API_CALL(env, napi_set_element(env, argv[0], i, argv[2]));
  return argv[0];
}

static napi_value GetElement(napi_env env, napi_callback_info info) {
  napi_value argv[2], v;
  uint32_t i;
  th_args(env, info, 2, argv);
  if (!u32_arg(env, argv[1], &i)) return NULL;
  NODE_API_CALL(env, napi_get_element(env, argv[0], i, &v));
  return v;
}

static napi_value HasElement(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  uint32_t i;
  bool r;
  th_args(env, info, 2, argv);
  if (!u32_arg(env, argv[1], &i)) return NULL;
  NODE_API_CALL(env, napi_has_element(env, argv[0], i, &r));
  return th_bool(env, r);
}

static napi_value DeleteElement(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  uint32_t i;
  bool r = false;
  th_args(env, info, 2, argv);
  if (!u32_arg(env, argv[1], &i)) return NULL;
  NODE_API_CALL(env, napi_delete_element(env, argv[0], i, &r));
  return th_bool(env, r);
}

/* ---- arrays ------------------------------------------------------------- */

static napi_value CreateArray(napi_env env, napi_callback_info info) {
  napi_value arr;
  NODE_API_CALL(env, napi_create_array(env, &arr));
  return arr;
}

static napi_value CreateArrayWithLength(napi_env env, napi_callback_info info) {
  napi_value argv[1], arr;
  uint32_t n;
  th_args(env, info, 1, argv);
  if (!u32_arg(env, argv[0], &n)) return NULL;
  NODE_API_CALL(env, napi_create_array_with_length(env, n, &arr));
  return arr;
}

static napi_value ArrayLength(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  uint32_t n;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_array_length(env, argv[0], &n));
  return th_int(env, n);
}

static napi_value ArrayLengthStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  uint32_t n;
  th_args(env, info, 1, argv);
  return th_status(env, napi_get_array_length(env, argv[0], &n));
}

/* [length of napi_create_array_with_length(n), typeof element 0 is undefined,
 *  has_element(0)] all checked on the native side. */
static napi_value ArrayWithLengthInfo(napi_env env, napi_callback_info info) {
  napi_value argv[1], arr, el, out;
  uint32_t n, len;
  bool has;
  napi_valuetype t;
  th_args(env, info, 1, argv);
  if (!u32_arg(env, argv[0], &n)) return NULL;
  NODE_API_CALL(env, napi_create_array_with_length(env, n, &arr));
  NODE_API_CALL(env, napi_get_array_length(env, arr, &len));
  NODE_API_CALL(env, napi_get_element(env, arr, 0, &el));
  NODE_API_CALL(env, napi_typeof(env, el, &t));
  NODE_API_CALL(env, napi_has_element(env, arr, 0, &has));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_int(env, len)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_bool(env, t == napi_undefined)));
  NODE_API_CALL(env, napi_set_element(env, out, 2, th_bool(env, has)));
  return out;
}

/* Deleting an array element leaves a hole: [deleted, has_element after,
 * length after, typeof element is undefined] for a fresh [10, 20, 30]. */
static napi_value ArrayDeleteInfo(napi_env env, napi_callback_info info) {
  napi_value arr, el, out;
  bool deleted, has;
  uint32_t len;
  napi_valuetype t;
  NODE_API_CALL(env, napi_create_array(env, &arr));
  for (uint32_t i = 0; i < 3; i++)
    NODE_API_CALL(env, napi_set_element(env, arr, i, th_int(env, 10 * (i + 1))));
  NODE_API_CALL(env, napi_delete_element(env, arr, 1, &deleted));
  NODE_API_CALL(env, napi_has_element(env, arr, 1, &has));
  NODE_API_CALL(env, napi_get_array_length(env, arr, &len));
  NODE_API_CALL(env, napi_get_element(env, arr, 1, &el));
  NODE_API_CALL(env, napi_typeof(env, el, &t));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_bool(env, deleted)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_bool(env, has)));
  NODE_API_CALL(env, napi_set_element(env, out, 2, th_int(env, len)));
  NODE_API_CALL(env, napi_set_element(env, out, 3, th_bool(env, t == napi_undefined)));
  return out;
}

static napi_value IsArray(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  bool r;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_is_array(env, argv[0], &r));
  return th_bool(env, r);
}

/* ---- napi_define_properties -------------------------------------------- */

static int32_t g_accessor_value = 7;
static int g_method_calls = 0;

static napi_value Method(napi_env env, napi_callback_info info) {
  void* data;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, NULL, &data));
  g_method_calls++;
  return th_str(env, (const char*)data);
}

static napi_value AccGet(napi_env env, napi_callback_info info) {
  return th_int(env, g_accessor_value);
}

static napi_value AccSet(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &g_accessor_value));
  return NULL;
}

static napi_value GetAccessorValue(napi_env env, napi_callback_info info) {
  return th_int(env, g_accessor_value);
}

/* An object with one data property per attribute combination:
 *   ro (enumerable only), rw (writable|enumerable), hidden (writable only),
 *   cfg (configurable|enumerable), jsprop (napi_default_jsproperty),
 *   plain (napi_default), plus a symbol-free layout so json works. */
static napi_value DataProps(napi_env env, napi_callback_info info) {
  napi_value obj;
  napi_property_descriptor d[] = {
    {"ro", NULL, NULL, NULL, NULL, th_int(env, 1), napi_enumerable, NULL},
    {"rw", NULL, NULL, NULL, NULL, th_int(env, 2), napi_writable | napi_enumerable, NULL},
    {"hidden", NULL, NULL, NULL, NULL, th_int(env, 3), napi_writable, NULL},
    {"cfg", NULL, NULL, NULL, NULL, th_int(env, 4), napi_configurable | napi_enumerable, NULL},
    {"jsprop", NULL, NULL, NULL, NULL, th_int(env, 5), napi_default_jsproperty, NULL},
    {"plain", NULL, NULL, NULL, NULL, th_int(env, 6), napi_default, NULL},
  };
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_define_properties(env, obj, sizeof d / sizeof d[0], d));
  return obj;
}

/* Methods and accessors. */
static napi_value MethodProps(napi_env env, napi_callback_info info) {
  napi_value obj;
  napi_property_descriptor d[] = {
    {"method", NULL, Method, NULL, NULL, NULL, napi_default, (void*)"method"},
    {"emethod", NULL, Method, NULL, NULL, NULL, napi_enumerable, (void*)"emethod"},
    {"dmethod", NULL, Method, NULL, NULL, NULL, napi_default_method, (void*)"dmethod"},
    {"acc", NULL, NULL, AccGet, AccSet, NULL, napi_enumerable, NULL},
    {"getonly", NULL, NULL, AccGet, NULL, NULL, napi_enumerable, NULL},
  };
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_define_properties(env, obj, sizeof d / sizeof d[0], d));
  return obj;
}

/* A property named by a napi_value (a symbol) through the `name` field. */
static napi_value SymbolProp(napi_env env, napi_callback_info info) {
  napi_value argv[1], obj;
  th_args(env, info, 1, argv);
  napi_property_descriptor d[] = {
    {NULL, argv[0], NULL, NULL, NULL, th_str(env, "by symbol"), napi_default_jsproperty, NULL},
    {"visible", NULL, NULL, NULL, NULL, th_int(env, 1), napi_default_jsproperty, NULL},
  };
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_define_properties(env, obj, 2, d));
  return obj;
}

static napi_value CallMethodNamed(napi_env env, napi_callback_info info) {
  napi_value argv[2], fn, r;
  char name[64];
  th_args(env, info, 2, argv);
  if (!th_utf8_arg(env, argv[1], name, sizeof name)) return NULL;
  NODE_API_CALL(env, napi_get_named_property(env, argv[0], name, &fn));
  NODE_API_CALL(env, napi_call_function(env, argv[0], fn, 0, NULL, &r));
  return r;
}

static napi_value MethodCalls(napi_env env, napi_callback_info info) {
  return th_int(env, g_method_calls);
}

/* Bad descriptor tables -> statuses: [NULL properties with count>0,
 * a descriptor with neither utf8name nor name, a number as the name,
 * count 0 with a NULL table]. */
static napi_value DefineStatuses(napi_env env, napi_callback_info info) {
  napi_value obj, out;
  napi_status s;
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_create_array(env, &out));
  s = napi_define_properties(env, obj, 1, NULL);
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_status(env, s)));
  napi_property_descriptor noname = {NULL, NULL, NULL, NULL, NULL, th_int(env, 1),
                                     napi_default, NULL};
  s = napi_define_properties(env, obj, 1, &noname);
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_status(env, s)));
  napi_property_descriptor numname = {NULL, th_int(env, 5), NULL, NULL, NULL,
                                      th_int(env, 1), napi_default, NULL};
  s = napi_define_properties(env, obj, 1, &numname);
  NODE_API_CALL(env, napi_set_element(env, out, 2, th_status(env, s)));
  /* zero properties with a NULL table is fine */
  s = napi_define_properties(env, obj, 0, NULL);
  NODE_API_CALL(env, napi_set_element(env, out, 3, th_status(env, s)));
  return out;
}

/* ---- property names ----------------------------------------------------- */

static napi_value GetPropertyNames(napi_env env, napi_callback_info info) {
  napi_value argv[1], names;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_property_names(env, argv[0], &names));
  return names;
}

/* getAllPropertyNames(obj, mode, filter, conversion) */
static napi_value GetAllPropertyNames(napi_env env, napi_callback_info info) {
  napi_value argv[4], names;
  int32_t mode, filter, conv;
  th_args(env, info, 4, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &mode));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[2], &filter));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[3], &conv));
  NODE_API_CALL(env, napi_get_all_property_names(
      env, argv[0], (napi_key_collection_mode)mode, (napi_key_filter)filter,
      (napi_key_conversion)conv, &names));
  return names;
}

/* An object for key filters: w (writable), e (enumerable), c (configurable),
 * all (writable|enumerable|configurable), none (napi_default), then the symbol
 * argument with napi_default_jsproperty. */
static napi_value FilterProps(napi_env env, napi_callback_info info) {
  napi_value argv[1], obj;
  th_args(env, info, 1, argv);
  napi_property_descriptor d[] = {
    {"w", NULL, NULL, NULL, NULL, th_int(env, 1), napi_writable, NULL},
    {"e", NULL, NULL, NULL, NULL, th_int(env, 2), napi_enumerable, NULL},
    {"c", NULL, NULL, NULL, NULL, th_int(env, 3), napi_configurable, NULL},
    {"all", NULL, NULL, NULL, NULL, th_int(env, 4), napi_default_jsproperty, NULL},
    {"none", NULL, NULL, NULL, NULL, th_int(env, 5), napi_default, NULL},
    {NULL, argv[0], NULL, NULL, NULL, th_int(env, 6), napi_default_jsproperty, NULL},
  };
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_define_properties(env, obj, sizeof d / sizeof d[0], d));
  return obj;
}

/* {0: "zero", 5: "five", a: "A"} built with elements first. */
static napi_value NumberKeyed(napi_env env, napi_callback_info info) {
  napi_value obj;
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_set_element(env, obj, 0, th_str(env, "zero")));
  NODE_API_CALL(env, napi_set_element(env, obj, 5, th_str(env, "five")));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "a", th_str(env, "A")));
  return obj;
}

static napi_value ProtoMethod(napi_env env, napi_callback_info info) {
  return th_str(env, "from prototype");
}

static napi_value Ctor(napi_env env, napi_callback_info info) {
  napi_value self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  NODE_API_CALL(env, napi_set_named_property(env, self, "own", th_int(env, 1)));
  return self;
}

static napi_ref g_withproto_ctor = NULL;

/* An instance of a class whose prototype has an enumerable method
 * (`protoMethod`) and an own enumerable property `own`. */
static napi_value WithProto(napi_env env, napi_callback_info info) {
  napi_value ctor, inst;
  if (g_withproto_ctor == NULL) {
    napi_property_descriptor d[] = {
      {"protoMethod", NULL, ProtoMethod, NULL, NULL, NULL, napi_enumerable, NULL},
    };
    NODE_API_CALL(env, napi_define_class(env, "WithProto", NAPI_AUTO_LENGTH, Ctor, NULL,
                                         1, d, &ctor));
    NODE_API_CALL(env, napi_create_reference(env, ctor, 1, &g_withproto_ctor));
  }
  NODE_API_CALL(env, napi_get_reference_value(env, g_withproto_ctor, &ctor));
  NODE_API_CALL(env, napi_new_instance(env, ctor, 0, NULL, &inst));
  return inst;
}

/* Status of napi_get_all_property_names on a non-object value. */
static napi_value AllNamesStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1], names;
  th_args(env, info, 1, argv);
  return th_status(env, napi_get_all_property_names(
      env, argv[0], napi_key_own_only, napi_key_all_properties,
      napi_key_numbers_to_strings, &names));
}

/* ---- freeze / seal ------------------------------------------------------ */

static napi_value Freeze(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_object_freeze(env, argv[0]));
  return argv[0];
}

static napi_value Seal(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_object_seal(env, argv[0]));
  return argv[0];
}

/* ---- prototypes --------------------------------------------------------- */

static napi_value GetPrototype(napi_env env, napi_callback_info info) {
  napi_value argv[1], p;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_prototype(env, argv[0], &p));
  return p;
}

/* protoEquals(a, b): prototype(a) === prototype(b) */
static napi_value ProtoEquals(napi_env env, napi_callback_info info) {
  napi_value argv[2], pa, pb;
  bool eq;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_prototype(env, argv[0], &pa));
  NODE_API_CALL(env, napi_get_prototype(env, argv[1], &pb));
  NODE_API_CALL(env, napi_strict_equals(env, pa, pb, &eq));
  return th_bool(env, eq);
}

/* ---- identity ----------------------------------------------------------- */

static napi_value Identity(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  return argv[0];
}

/* mutate(obj, arr): obj.added = "yes"; arr[len] = 42; obj.nested.x = 1 if present */
static napi_value Mutate(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  uint32_t len;
  bool has;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_set_named_property(env, argv[0], "added", th_str(env, "yes")));
  NODE_API_CALL(env, napi_has_named_property(env, argv[0], "nested", &has));
  if (has) {
    napi_value nested;
    NODE_API_CALL(env, napi_get_named_property(env, argv[0], "nested", &nested));
    NODE_API_CALL(env, napi_set_named_property(env, nested, "x", th_int(env, 1)));
  }
  NODE_API_CALL(env, napi_get_array_length(env, argv[1], &len));
  NODE_API_CALL(env, napi_set_element(env, argv[1], len, th_int(env, 42)));
  NODE_API_CALL(env, napi_set_element(env, argv[1], 0, th_str(env, "first")));
  return th_undefined(env);
}

static napi_ref g_stored = NULL;

/* stored(): the same object every time (kept by a strong reference). */
static napi_value Stored(napi_env env, napi_callback_info info) {
  napi_value obj;
  if (g_stored == NULL) {
    NODE_API_CALL(env, napi_create_object(env, &obj));
    NODE_API_CALL(env, napi_set_named_property(env, obj, "kind", th_str(env, "stored")));
    NODE_API_CALL(env, napi_create_reference(env, obj, 1, &g_stored));
  }
  NODE_API_CALL(env, napi_get_reference_value(env, g_stored, &obj));
  return obj;
}

/* {a: 1, b: null, c: [1, null, "s"], d: {e: "x", f: {g: true}}, h: 2.5} */
static napi_value Nested(napi_env env, napi_callback_info info) {
  napi_value obj, arr, d, f, null_v, dbl;
  NODE_API_CALL(env, napi_get_null(env, &null_v));
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "a", th_int(env, 1)));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "b", null_v));
  NODE_API_CALL(env, napi_create_array(env, &arr));
  NODE_API_CALL(env, napi_set_element(env, arr, 0, th_int(env, 1)));
  NODE_API_CALL(env, napi_set_element(env, arr, 1, null_v));
  NODE_API_CALL(env, napi_set_element(env, arr, 2, th_str(env, "s")));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "c", arr));
  NODE_API_CALL(env, napi_create_object(env, &d));
  NODE_API_CALL(env, napi_set_named_property(env, d, "e", th_str(env, "x")));
  NODE_API_CALL(env, napi_create_object(env, &f));
  NODE_API_CALL(env, napi_set_named_property(env, f, "g", th_bool(env, true)));
  NODE_API_CALL(env, napi_set_named_property(env, d, "f", f));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "d", d));
  NODE_API_CALL(env, napi_create_double(env, 2.5, &dbl));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "h", dbl));
  return obj;
}

/* {z: 1, a: 2, m: 3}: keys in insertion order. */
static napi_value Ordered(napi_env env, napi_callback_info info) {
  napi_value obj;
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "z", th_int(env, 1)));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "a", th_int(env, 2)));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "m", th_int(env, 3)));
  return obj;
}

static napi_value CreateSymbol(napi_env env, napi_callback_info info) {
  napi_value argv[1], sym;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_create_symbol(env, argv[0], &sym));
  return sym;
}

/* symbolRoundTrip(desc): with a fresh symbol key: [has before, set ok, get,
 * has after, own, delete result, has after delete] */
static napi_value SymbolRoundTrip(napi_env env, napi_callback_info info) {
  napi_value obj, sym, out, v;
  bool b;
  NODE_API_CALL(env, napi_create_symbol(env, NULL, &sym));
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_has_property(env, obj, sym, &b));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_bool(env, b)));
  NODE_API_CALL(env, napi_set_property(env, obj, sym, th_str(env, "symval")));
  NODE_API_CALL(env, napi_get_property(env, obj, sym, &v));
  NODE_API_CALL(env, napi_set_element(env, out, 1, v));
  NODE_API_CALL(env, napi_has_property(env, obj, sym, &b));
  NODE_API_CALL(env, napi_set_element(env, out, 2, th_bool(env, b)));
  NODE_API_CALL(env, napi_has_own_property(env, obj, sym, &b));
  NODE_API_CALL(env, napi_set_element(env, out, 3, th_bool(env, b)));
  NODE_API_CALL(env, napi_delete_property(env, obj, sym, &b));
  NODE_API_CALL(env, napi_set_element(env, out, 4, th_bool(env, b)));
  NODE_API_CALL(env, napi_has_property(env, obj, sym, &b));
  NODE_API_CALL(env, napi_set_element(env, out, 5, th_bool(env, b)));
  return out;
}

/* ---- statuses for bad input -------------------------------------------- */

/* nullArgStatuses(): each call with one NULL pointer argument; all must be
 * napi_invalid_arg. */
static napi_value NullArgStatuses(napi_env env, napi_callback_info info) {
  napi_value obj, key, v, out, arr;
  bool b;
  uint32_t n;
  napi_status s[16];
  int k = 0;
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_create_array(env, &arr));
  key = th_str(env, "k");
  v = th_int(env, 1);
  s[k++] = napi_create_object(env, NULL);
  s[k++] = napi_set_property(env, obj, NULL, v);
  s[k++] = napi_set_property(env, obj, key, NULL);
  s[k++] = napi_get_property(env, obj, key, NULL);
  s[k++] = napi_has_property(env, obj, key, NULL);
  s[k++] = napi_has_own_property(env, obj, key, NULL);
  s[k++] = napi_set_named_property(env, obj, NULL, v);
  s[k++] = napi_get_named_property(env, obj, "k", NULL);
  s[k++] = napi_has_named_property(env, obj, "k", NULL);
  s[k++] = napi_set_element(env, obj, 0, NULL);
  s[k++] = napi_get_element(env, obj, 0, NULL);
  s[k++] = napi_has_element(env, obj, 0, NULL);
  s[k++] = napi_create_array(env, NULL);
  s[k++] = napi_get_array_length(env, arr, NULL);
  s[k++] = napi_is_array(env, arr, NULL);
  s[k++] = napi_get_property_names(env, obj, NULL);
  (void)b; (void)n;
  NODE_API_CALL(env, napi_create_array(env, &out));
  for (int i = 0; i < k; i++)
    NODE_API_CALL(env, napi_set_element(env, out, i, th_status(env, s[i])));
  return out;
}

/* In Node, the ToObject conversion these functions do on undefined/null throws
 * a TypeError as well as returning napi_object_expected; the exception is
 * cleared so that only the status is compared. */
static napi_value status_clearing(napi_env env, napi_status s) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value e;
    napi_get_and_clear_last_exception(env, &e);
  }
  return th_status(env, s);
}

/* getPropertyStatus(target, key): napi_get_property on any value. */
static napi_value GetPropertyStatus(napi_env env, napi_callback_info info) {
  napi_value argv[2], v;
  th_args(env, info, 2, argv);
  return status_clearing(env, napi_get_property(env, argv[0], argv[1], &v));
}

/* getElementStatus(target, index): napi_get_element on any value. */
static napi_value GetElementStatus(napi_env env, napi_callback_info info) {
  napi_value argv[2], v;
  uint32_t index = 0;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_value_uint32(env, argv[1], &index));
  return status_clearing(env, napi_get_element(env, argv[0], index, &v));
}

static napi_value FreezeStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  return status_clearing(env, napi_object_freeze(env, argv[0]));
}

static napi_value DefineOnStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  napi_property_descriptor ok = {"x", NULL, NULL, NULL, NULL, th_int(env, 1),
                                 napi_default, NULL};
  return status_clearing(env, napi_define_properties(env, argv[0], 1, &ok));
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
    TH_METHOD("createObject", CreateObject),
    TH_METHOD("setProperty", SetProperty),
    TH_METHOD("setPropertyStatus", SetPropertyStatus),
    TH_METHOD("getProperty", GetProperty),
    TH_METHOD("hasProperty", HasProperty),
    TH_METHOD("deleteProperty", DeleteProperty),
    TH_METHOD("deletePropertyNoResult", DeletePropertyNoResult),
    TH_METHOD("hasOwnProperty", HasOwnProperty),
    TH_METHOD("hasOwnPropertyStatus", HasOwnPropertyStatus),
    TH_METHOD("setNamed", SetNamed),
    TH_METHOD("setNamedStatus", SetNamedStatus),
    TH_METHOD("getNamed", GetNamed),
    TH_METHOD("hasNamed", HasNamed),
    TH_METHOD("setElement", SetElement),
    TH_METHOD("getElement", GetElement),
    TH_METHOD("hasElement", HasElement),
    TH_METHOD("deleteElement", DeleteElement),
    TH_METHOD("createArray", CreateArray),
    TH_METHOD("createArrayWithLength", CreateArrayWithLength),
    TH_METHOD("arrayWithLengthInfo", ArrayWithLengthInfo),
    TH_METHOD("arrayDeleteInfo", ArrayDeleteInfo),
    TH_METHOD("arrayLength", ArrayLength),
    TH_METHOD("arrayLengthStatus", ArrayLengthStatus),
    TH_METHOD("isArray", IsArray),
    TH_METHOD("dataProps", DataProps),
    TH_METHOD("methodProps", MethodProps),
    TH_METHOD("symbolProp", SymbolProp),
    TH_METHOD("callMethodNamed", CallMethodNamed),
    TH_METHOD("methodCalls", MethodCalls),
    TH_METHOD("getAccessorValue", GetAccessorValue),
    TH_METHOD("defineStatuses", DefineStatuses),
    TH_METHOD("getPropertyNames", GetPropertyNames),
    TH_METHOD("getAllPropertyNames", GetAllPropertyNames),
    TH_METHOD("allNamesStatus", AllNamesStatus),
    TH_METHOD("filterProps", FilterProps),
    TH_METHOD("numberKeyed", NumberKeyed),
    TH_METHOD("withProto", WithProto),
    TH_METHOD("freeze", Freeze),
    TH_METHOD("freezeStatus", FreezeStatus),
    TH_METHOD("seal", Seal),
    TH_METHOD("getPrototype", GetPrototype),
    TH_METHOD("protoEquals", ProtoEquals),
    TH_METHOD("identity", Identity),
    TH_METHOD("mutate", Mutate),
    TH_METHOD("stored", Stored),
    TH_METHOD("nested", Nested),
    TH_METHOD("ordered", Ordered),
    TH_METHOD("createSymbol", CreateSymbol),
    TH_METHOD("symbolRoundTrip", SymbolRoundTrip),
    TH_METHOD("nullArgStatuses", NullArgStatuses),
    TH_METHOD("getPropertyStatus", GetPropertyStatus),
    TH_METHOD("getElementStatus", GetElementStatus),
    TH_METHOD("defineOnStatus", DefineOnStatus),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
