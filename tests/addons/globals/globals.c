/* The global object as addons use it: reads by path from napi_get_global, calls
 * and constructions of what they find (with JS numbers made by
 * napi_create_double, as node-addon-api's Number::New makes them), napi_run_script,
 * methods of dates, and a class keyed by Symbol.iterator (napi-rs iterators). The
 * same addon runs in node (tests/test_globals.py compares with what Node 20 gave). */
#include "test_helpers.h"

/* Walks "a.b.c" from the global object; *parent gets the object holding the last
 * name (the global for a single name). */
static bool walk(napi_env env, const char* path, napi_value* parent, napi_value* out) {
  char part[128];
  napi_value cur;
  NODE_API_CALL_BASE(env, napi_get_global(env, &cur), false);
  *parent = cur;
  const char* p = path;
  while (*p) {
    size_t n = strcspn(p, ".");
    if (n >= sizeof part) n = sizeof part - 1;
    memcpy(part, p, n);
    part[n] = 0;
    *parent = cur;
    NODE_API_CALL_BASE(env, napi_get_named_property(env, cur, part, &cur), false);
    p += n;
    if (*p == '.') p++;
  }
  *out = cur;
  return true;
}

static bool path_arg(napi_env env, napi_value v, char* buf, size_t size) {
  return napi_get_value_string_utf8(env, v, buf, size, NULL) == napi_ok;
}

/* Array of JS values -> argv; numbers become doubles (napi_create_double). */
static size_t args_from(napi_env env, napi_value array, napi_value* argv, size_t max) {
  uint32_t n = 0;
  bool is_array = false;
  napi_is_array(env, array, &is_array);
  if (!is_array) return 0;
  napi_get_array_length(env, array, &n);
  if (n > max) n = (uint32_t)max;
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    napi_valuetype t;
    napi_get_element(env, array, i, &v);
    napi_typeof(env, v, &t);
    if (t == napi_number) {
      double d;
      napi_get_value_double(env, v, &d);
      napi_create_double(env, d, &v);
    }
    argv[i] = v;
  }
  return n;
}

static napi_value GetPath(napi_env env, napi_callback_info info) {
  napi_value argv[1], parent, v;
  char path[256];
  th_args(env, info, 1, argv);
  if (!path_arg(env, argv[0], path, sizeof path) || !walk(env, path, &parent, &v)) return NULL;
  return v;
}

static napi_value TypeofPath(napi_env env, napi_callback_info info) {
  static const char* names[] = {"undefined", "null", "boolean", "number", "string",
                                "symbol", "object", "function", "external", "bigint"};
  napi_value v = GetPath(env, info);
  if (v == NULL) return NULL;
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, v, &t));
  return th_str(env, names[t]);
}

/* callPath("a.b", [args]): a.b(...args) with this = a. */
static napi_value CallPath(napi_env env, napi_callback_info info) {
  napi_value argv[2], parent, fn, args[8], r;
  char path[256];
  th_args(env, info, 2, argv);
  if (!path_arg(env, argv[0], path, sizeof path) || !walk(env, path, &parent, &fn)) return NULL;
  size_t n = args_from(env, argv[1], args, 8);
  NODE_API_CALL(env, napi_call_function(env, parent, fn, n, args, &r));
  return r;
}

/* newPath("a.B", [args]): new a.B(...args). */
static napi_value NewPath(napi_env env, napi_callback_info info) {
  napi_value argv[2], parent, ctor, args[8], r;
  char path[256];
  th_args(env, info, 2, argv);
  if (!path_arg(env, argv[0], path, sizeof path) || !walk(env, path, &parent, &ctor)) return NULL;
  size_t n = args_from(env, argv[1], args, 8);
  NODE_API_CALL(env, napi_new_instance(env, ctor, n, args, &r));
  return r;
}

/* callMethod(obj, "name", [args]): obj.name(...args). */
static napi_value CallMethod(napi_env env, napi_callback_info info) {
  napi_value argv[3], fn, args[8], r;
  char name[128];
  th_args(env, info, 3, argv);
  if (!path_arg(env, argv[1], name, sizeof name)) return NULL;
  NODE_API_CALL(env, napi_get_named_property(env, argv[0], name, &fn));
  size_t n = args_from(env, argv[2], args, 8);
  NODE_API_CALL(env, napi_call_function(env, argv[0], fn, n, args, &r));
  return r;
}

/* runScript(source): napi_run_script's result, or what it threw. */
static napi_value RunScript(napi_env env, napi_callback_info info) {
  napi_value argv[1], r;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_run_script(env, argv[0], &r));
  return r;
}

/* Buffer.from(arrayBuffer, offset, length) with doubles, over addon memory. */
static char storage[8] = {1, 2, 3, 4, 5, 6, 7, 8};
static napi_value BufferFromArrayBuffer(napi_env env, napi_callback_info info) {
  napi_value argv[2], g, buffer_ctor, from, ab, args[3], r;
  double offset, length;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_value_double(env, argv[0], &offset));
  NODE_API_CALL(env, napi_get_value_double(env, argv[1], &length));
  NODE_API_CALL(env, napi_get_global(env, &g));
  NODE_API_CALL(env, napi_get_named_property(env, g, "Buffer", &buffer_ctor));
  NODE_API_CALL(env, napi_get_named_property(env, buffer_ctor, "from", &from));
  NODE_API_CALL(env, napi_create_external_arraybuffer(env, storage, sizeof storage, NULL, NULL, &ab));
  args[0] = ab;
  NODE_API_CALL(env, napi_create_double(env, offset, &args[1]));
  NODE_API_CALL(env, napi_create_double(env, length, &args[2]));
  NODE_API_CALL(env, napi_call_function(env, buffer_ctor, from, 3, args, &r));
  return r;
}

/* A date made here, then its getTime() and valueOf() called as an addon calls them. */
static napi_value DateMethods(napi_env env, napi_callback_info info) {
  napi_value date, fn, out, r;
  const char* names[] = {"getTime", "valueOf", "toISOString", "getUTCFullYear"};
  NODE_API_CALL(env, napi_create_date(env, 1700000000123.0, &date));
  NODE_API_CALL(env, napi_create_object(env, &out));
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    NODE_API_CALL(env, napi_get_named_property(env, date, names[i], &fn));
    NODE_API_CALL(env, napi_call_function(env, date, fn, 0, NULL, &r));
    NODE_API_CALL(env, napi_set_named_property(env, out, names[i], r));
  }
  return out;
}

/* dateReport(time): a date made here with napi_create_date (any JS time value: a
 * year datetime cannot hold, NaN), then what an addon reads of it: each of its
 * Date.prototype methods called (a throw gives the error's message instead), and
 * JSON.stringify of it, of {d: it} and of [it]; and the date itself. */
static napi_value DateReport(napi_env env, napi_callback_info info) {
  napi_value argv[1], date, g, json, stringify, holder, list, fn, out, r, exc, msg;
  const char* names[] = {"toISOString", "toJSON", "toString", "getTime", "getUTCFullYear",
                         "getFullYear", "getMonth", "getDate", "getDay", "getHours",
                         "getMilliseconds", "getTimezoneOffset"};
  double t;
  bool pending;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_value_double(env, argv[0], &t));
  NODE_API_CALL(env, napi_create_date(env, t, &date));
  NODE_API_CALL(env, napi_create_object(env, &out));
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    NODE_API_CALL(env, napi_get_named_property(env, date, names[i], &fn));
    if (napi_call_function(env, date, fn, 0, NULL, &r) != napi_ok) {
      NODE_API_CALL(env, napi_is_exception_pending(env, &pending));
      if (!pending) return NULL;
      NODE_API_CALL(env, napi_get_and_clear_last_exception(env, &exc));
      NODE_API_CALL(env, napi_get_named_property(env, exc, "message", &msg));
      r = msg;
    }
    NODE_API_CALL(env, napi_set_named_property(env, out, names[i], r));
  }
  NODE_API_CALL(env, napi_get_global(env, &g));
  NODE_API_CALL(env, napi_get_named_property(env, g, "JSON", &json));
  NODE_API_CALL(env, napi_get_named_property(env, json, "stringify", &stringify));
  NODE_API_CALL(env, napi_call_function(env, json, stringify, 1, &date, &r));
  NODE_API_CALL(env, napi_set_named_property(env, out, "json", r));
  NODE_API_CALL(env, napi_create_object(env, &holder));
  NODE_API_CALL(env, napi_set_named_property(env, holder, "d", date));
  NODE_API_CALL(env, napi_call_function(env, json, stringify, 1, &holder, &r));
  NODE_API_CALL(env, napi_set_named_property(env, out, "jsonInObject", r));
  NODE_API_CALL(env, napi_create_array_with_length(env, 1, &list));
  NODE_API_CALL(env, napi_set_element(env, list, 0, date));
  NODE_API_CALL(env, napi_call_function(env, json, stringify, 1, &list, &r));
  NODE_API_CALL(env, napi_set_named_property(env, out, "jsonInArray", r));
  NODE_API_CALL(env, napi_set_named_property(env, out, "date", date));
  return out;
}

/* napi-rs's iterator classes: a prototype method keyed by Symbol.iterator. */
static napi_value Iter(napi_env env, napi_callback_info info) {
  napi_value self;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  return self;
}
static napi_value Ctor(napi_env env, napi_callback_info info) {
  napi_value self;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  return self;
}
static napi_value IteratorClass(napi_env env, napi_callback_info info) {
  napi_value g, symbol, iterator, cls;
  NODE_API_CALL(env, napi_get_global(env, &g));
  NODE_API_CALL(env, napi_get_named_property(env, g, "Symbol", &symbol));
  NODE_API_CALL(env, napi_get_named_property(env, symbol, "iterator", &iterator));
  napi_property_descriptor props[] = {
      {NULL, iterator, Iter, NULL, NULL, NULL, napi_default, NULL},
  };
  NODE_API_CALL(env, napi_define_class(env, "Iterable", NAPI_AUTO_LENGTH, Ctor, NULL, 1, props, &cls));
  return cls;
}

/* A class with a method keyed by Symbol.dispose, as node-addon-api's
 * Symbol::WellKnown(env, "dispose") gives it (node-av's classes): Node 20 has
 * Symbol.dispose and Symbol.asyncDispose. */
static napi_value DisposableClass(napi_env env, napi_callback_info info) {
  napi_value g, symbol, dispose, async_dispose, cls;
  NODE_API_CALL(env, napi_get_global(env, &g));
  NODE_API_CALL(env, napi_get_named_property(env, g, "Symbol", &symbol));
  NODE_API_CALL(env, napi_get_named_property(env, symbol, "dispose", &dispose));
  NODE_API_CALL(env, napi_get_named_property(env, symbol, "asyncDispose", &async_dispose));
  napi_property_descriptor props[] = {
      {NULL, dispose, Iter, NULL, NULL, NULL, napi_default, NULL},
      {NULL, async_dispose, Iter, NULL, NULL, NULL, napi_default, NULL},
  };
  NODE_API_CALL(env, napi_define_class(env, "Disposable", NAPI_AUTO_LENGTH, Ctor, NULL, 2, props, &cls));
  return cls;
}

/* What zeromq's constructors do (node-addon-api): Object.seal(this), then
 * Object.assign(this, options) when given an options object, both looked up on the
 * global object and called with napi_call_function (this = undefined). */
static bool call_object_fn(napi_env env, const char* name, size_t argc, napi_value* argv) {
  napi_value g, object, fn, undef, r;
  NODE_API_CALL_BASE(env, napi_get_global(env, &g), false);
  NODE_API_CALL_BASE(env, napi_get_named_property(env, g, "Object", &object), false);
  NODE_API_CALL_BASE(env, napi_get_named_property(env, object, name, &fn), false);
  NODE_API_CALL_BASE(env, napi_get_undefined(env, &undef), false);
  NODE_API_CALL_BASE(env, napi_call_function(env, undef, fn, argc, argv, &r), false);
  return true;
}
static napi_value SealedCtor(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], self, args[2];
  napi_valuetype t = napi_undefined;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  if (!call_object_fn(env, "seal", 1, &self)) return NULL;
  if (argc > 0) NODE_API_CALL(env, napi_typeof(env, argv[0], &t));
  if (t == napi_object) {
    args[0] = self;
    args[1] = argv[0];
    if (!call_object_fn(env, "assign", 2, args)) return NULL;
  }
  return self;
}
/* An accessor, as zeromq's options are: the value lives on the global object
 * (sealedLimit), since a sealed instance takes no new property. */
static napi_value SealedGetLimit(napi_env env, napi_callback_info info) {
  napi_value g, v;
  NODE_API_CALL(env, napi_get_global(env, &g));
  NODE_API_CALL(env, napi_get_named_property(env, g, "sealedLimit", &v));
  return v;
}
static napi_value SealedSetLimit(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], g;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NODE_API_CALL(env, napi_get_global(env, &g));
  NODE_API_CALL(env, napi_set_named_property(env, g, "sealedLimit", argv[0]));
  return NULL;
}
static napi_value SealedClass(napi_env env, napi_callback_info info) {
  napi_value cls;
  napi_property_descriptor props[] = {
      {"limit", NULL, NULL, SealedGetLimit, SealedSetLimit, NULL, napi_default, NULL},
  };
  NODE_API_CALL(env, napi_define_class(env, "Sealed", NAPI_AUTO_LENGTH, SealedCtor, NULL, 1, props, &cls));
  return cls;
}

/* coerceMethod(v, "name", [args]): napi_coerce_to_object(v), then its name(...args)
 * with the object as this (a number's toFixed through its Number object). */
static napi_value CoerceMethod(napi_env env, napi_callback_info info) {
  napi_value argv[3], obj, fn, args[8], r;
  char name[128];
  th_args(env, info, 3, argv);
  if (!path_arg(env, argv[1], name, sizeof name)) return NULL;
  NODE_API_CALL(env, napi_coerce_to_object(env, argv[0], &obj));
  NODE_API_CALL(env, napi_get_named_property(env, obj, name, &fn));
  size_t n = args_from(env, argv[2], args, 8);
  NODE_API_CALL(env, napi_call_function(env, obj, fn, n, args, &r));
  return r;
}

/* callWith("a.b", this, [args]): a.b called with the given this
 * (Number.prototype.toFixed.call(n, 2)). */
static napi_value CallWith(napi_env env, napi_callback_info info) {
  napi_value argv[3], parent, fn, args[8], r;
  char path[256];
  th_args(env, info, 3, argv);
  if (!path_arg(env, argv[0], path, sizeof path) || !walk(env, path, &parent, &fn)) return NULL;
  size_t n = args_from(env, argv[2], args, 8);
  NODE_API_CALL(env, napi_call_function(env, argv[1], fn, n, args, &r));
  return r;
}

/* Reads "a.b.c" from obj; a last part ending in "()" is called with no arguments. */
static bool read_from(napi_env env, napi_value obj, const char* path, napi_value* out) {
  char part[128];
  napi_value cur = obj, parent = obj;
  const char* p = path;
  while (*p) {
    size_t n = strcspn(p, ".");
    if (n >= sizeof part) n = sizeof part - 1;
    memcpy(part, p, n);
    part[n] = 0;
    bool call = n > 2 && strcmp(part + n - 2, "()") == 0;
    if (call) part[n - 2] = 0;
    parent = cur;
    NODE_API_CALL_BASE(env, napi_get_named_property(env, parent, part, &cur), false);
    if (call) NODE_API_CALL_BASE(env, napi_call_function(env, parent, cur, 0, NULL, &cur), false);
    p += n;
    if (*p == '.') p++;
  }
  *out = cur;
  return true;
}

/* readProps(obj, ["a", "b.c", "d()"]): [obj.a, obj.b.c, obj.d()]. */
static napi_value ReadProps(napi_env env, napi_callback_info info) {
  napi_value argv[2], r;
  uint32_t n = 0;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_array_length(env, argv[1], &n));
  NODE_API_CALL(env, napi_create_array_with_length(env, n, &r));
  for (uint32_t i = 0; i < n; i++) {
    napi_value name, v;
    char path[256];
    NODE_API_CALL(env, napi_get_element(env, argv[1], i, &name));
    if (!path_arg(env, name, path, sizeof path) || !read_from(env, argv[0], path, &v)) return NULL;
    NODE_API_CALL(env, napi_set_element(env, r, i, v));
  }
  return r;
}

/* coerceGet(v, key): napi_coerce_to_object(v)[key] (key a string or a number: an
 * index, napi_get_element) and whether it is an own property. */
static napi_value CoerceGet(napi_env env, napi_callback_info info) {
  napi_value argv[2], obj, v, pair, own_v;
  napi_valuetype t;
  bool own = false;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_coerce_to_object(env, argv[0], &obj));
  NODE_API_CALL(env, napi_typeof(env, argv[1], &t));
  if (t == napi_number) {
    uint32_t i;
    NODE_API_CALL(env, napi_get_value_uint32(env, argv[1], &i));
    NODE_API_CALL(env, napi_get_element(env, obj, i, &v));
    napi_value key;
    NODE_API_CALL(env, napi_coerce_to_string(env, argv[1], &key));
    NODE_API_CALL(env, napi_has_own_property(env, obj, key, &own));
  } else {
    NODE_API_CALL(env, napi_get_property(env, obj, argv[1], &v));
    NODE_API_CALL(env, napi_has_own_property(env, obj, argv[1], &own));
  }
  NODE_API_CALL(env, napi_create_array_with_length(env, 2, &pair));
  NODE_API_CALL(env, napi_get_boolean(env, own, &own_v));
  NODE_API_CALL(env, napi_set_element(env, pair, 0, v));
  NODE_API_CALL(env, napi_set_element(env, pair, 1, own_v));
  return pair;
}

/* ownKeysAgree(obj, [keys]): for each key, napi_has_own_property; then
 * napi_get_property_names (own enumerable string keys, as for-in lists). */
static napi_value OwnReport(napi_env env, napi_callback_info info) {
  napi_value argv[2], r, has, names;
  uint32_t n = 0;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_array_length(env, argv[1], &n));
  NODE_API_CALL(env, napi_create_array_with_length(env, n, &has));
  for (uint32_t i = 0; i < n; i++) {
    napi_value key, b;
    bool own;
    NODE_API_CALL(env, napi_get_element(env, argv[1], i, &key));
    NODE_API_CALL(env, napi_has_own_property(env, argv[0], key, &own));
    NODE_API_CALL(env, napi_get_boolean(env, own, &b));
    NODE_API_CALL(env, napi_set_element(env, has, i, b));
  }
  NODE_API_CALL(env, napi_get_all_property_names(env, argv[0], napi_key_own_only,
                                                 napi_key_skip_symbols, napi_key_keep_numbers,
                                                 &names));
  NODE_API_CALL(env, napi_create_array_with_length(env, 2, &r));
  NODE_API_CALL(env, napi_set_element(env, r, 0, has));
  NODE_API_CALL(env, napi_set_element(env, r, 1, names));
  return r;
}

/* coerceKeys(v): napi_get_property_names of napi_coerce_to_object(v). */
static napi_value CoerceKeys(napi_env env, napi_callback_info info) {
  napi_value argv[1], obj, names;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_coerce_to_object(env, argv[0], &obj));
  NODE_API_CALL(env, napi_get_property_names(env, obj, &names));
  return names;
}

/* coerceWrite(v, key, value): on napi_coerce_to_object(v): napi_set_property(key,
 * value), then [obj[key], napi_delete_property(key), napi_has_own_property(key),
 * obj[key]] (a String object's index is read-only and not deletable). */
static napi_value CoerceWrite(napi_env env, napi_callback_info info) {
  napi_value argv[3], obj, r, v1, v2, b1, b2;
  bool deleted = false, own = false;
  th_args(env, info, 3, argv);
  NODE_API_CALL(env, napi_coerce_to_object(env, argv[0], &obj));
  NODE_API_CALL(env, napi_set_property(env, obj, argv[1], argv[2]));
  NODE_API_CALL(env, napi_get_property(env, obj, argv[1], &v1));
  NODE_API_CALL(env, napi_delete_property(env, obj, argv[1], &deleted));
  NODE_API_CALL(env, napi_has_own_property(env, obj, argv[1], &own));
  NODE_API_CALL(env, napi_get_property(env, obj, argv[1], &v2));
  NODE_API_CALL(env, napi_get_boolean(env, deleted, &b1));
  NODE_API_CALL(env, napi_get_boolean(env, own, &b2));
  napi_value items[4] = {v1, b1, b2, v2};
  NODE_API_CALL(env, napi_create_array_with_length(env, 4, &r));
  for (uint32_t i = 0; i < 4; i++) NODE_API_CALL(env, napi_set_element(env, r, i, items[i]));
  return r;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      TH_METHOD("getPath", GetPath),
      TH_METHOD("typeofPath", TypeofPath),
      TH_METHOD("callPath", CallPath),
      TH_METHOD("newPath", NewPath),
      TH_METHOD("callMethod", CallMethod),
      TH_METHOD("runScript", RunScript),
      TH_METHOD("bufferFromArrayBuffer", BufferFromArrayBuffer),
      TH_METHOD("dateMethods", DateMethods),
      TH_METHOD("dateReport", DateReport),
      TH_METHOD("iteratorClass", IteratorClass),
      TH_METHOD("disposableClass", DisposableClass),
      TH_METHOD("sealedClass", SealedClass),
      TH_METHOD("coerceMethod", CoerceMethod),
      TH_METHOD("callWith", CallWith),
      TH_METHOD("readProps", ReadProps),
      TH_METHOD("coerceGet", CoerceGet),
      TH_METHOD("ownReport", OwnReport),
      TH_METHOD("coerceKeys", CoerceKeys),
      TH_METHOD("coerceWrite", CoerceWrite),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
