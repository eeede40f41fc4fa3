/* Answers that differed from Node's for real addons (tests/test_node_outcomes.py
 * holds what Node 20 gave running this same file).
 *
 * The property functions on undefined and null (ToObject fails): the status, and
 * whether the TypeError V8's ToObject throws is left pending, as in Node
 * (napi_instanceof: with value as the constructor).
 * run(i, value) makes case i on value and returns [status, pending, message] (the
 * pending exception is cleared); leave(i, value) makes it and returns, leaving
 * whatever is pending to propagate. count() and name(i) list the cases;
 * instanceOf(value, name) is value instanceof the global of that name.
 *
 * makeClass(): a class Named with an instance accessor `name` and an instance
 * method `run` (on the prototype) and a static `make`; getNamed(obj, key) reads a
 * property the way napi-rs reads a function's `name` for its error messages.
 *
 * dataPointers(value): which data pointers the *_info functions give for a
 * (zero-length) buffer, typed array, DataView or ArrayBuffer: "fn=P" (a pointer) or
 * "fn=N" (NULL) for each that applies, space-separated (oxlint's getBufferOffset
 * returns the offset of an empty Buffer's pointer, which in Node is NULL).
 * createdEmpty(): the same for what the create functions give for length 0.
 *
 * thisInfo(): "<typeof this> global=<0|1> number=<ToNumber(this)>" for the `this`
 * it is called with (fn.call(1) boxes the 1 in Node); ThisClass: a class whose
 * constructor returns the same string (called without `new`, on a primitive);
 * callWithThis(fn, recv): napi_call_function(recv, fn).
 * thisKinds(): what `this` is, as an addon can tell a wrapper object (fn.call(1)
 * gives a Number object in Node): "inst=<the globals Object, Number, String, Boolean,
 * BigInt, Symbol it is an instanceof, 1 or 0 each> proto=<the one of those whose
 * prototype napi_get_prototype gives, or ?> tag=<Object.prototype.toString.call(this)>
 * own=<its own string keys, napi_get_all_property_names> enum=<how many
 * napi_get_property_names lists> el0=<typeof its element 0> up=<its toUpperCase(),
 * read as a property and called, or -> num=<ToNumber, -1 if it throws>";
 * ThisKindsClass: a class with that constructor; coercedKinds(v): the same for
 * napi_coerce_to_object(v).
 *
 * protoCall(value, name, arg?): napi_get_prototype(value), the method `name` read
 * there, called with value as `this` (and arg when given), as aws-crt reads a
 * Date's time (getTime of its prototype); protoDepth(value): how many
 * napi_get_prototype steps from value reach null (-1 past 8).
 *
 * Jsonable: a class whose constructor sets this.x = 1 and whose prototype method
 * toJSON(key) returns {key} (statsig's StatsigUser has one: napi-rs names the value
 * in its conversion errors with JSON.stringify, which calls it).
 *
 * errorInfoLive(value): napi_get_value_double(value) fails; the info
 * napi_get_last_error_info gives is read, then again after napi_is_exception_pending
 * and after a failing and a succeeding call, through the same pointer (a C port of
 * node-addon-api's Error::New in uiohook-napi reads the message after
 * napi_is_exception_pending): "code:message" four times, "-" for a NULL message. */
#include <node_api.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define CASES(X)                                                                   \
  X("napi_get_property", napi_get_property(env, o, key, &v))                       \
  X("napi_set_property", napi_set_property(env, o, key, key))                      \
  X("napi_has_property", napi_has_property(env, o, key, &b))                       \
  X("napi_delete_property", napi_delete_property(env, o, key, &b))                 \
  X("napi_has_own_property", napi_has_own_property(env, o, key, &b))               \
  X("napi_get_named_property", napi_get_named_property(env, o, "k", &v))           \
  X("napi_set_named_property", napi_set_named_property(env, o, "k", key))          \
  X("napi_has_named_property", napi_has_named_property(env, o, "k", &b))           \
  X("napi_get_element", napi_get_element(env, o, 0, &v))                           \
  X("napi_set_element", napi_set_element(env, o, 0, key))                          \
  X("napi_has_element", napi_has_element(env, o, 0, &b))                           \
  X("napi_delete_element", napi_delete_element(env, o, 0, &b))                     \
  X("napi_define_properties", napi_define_properties(env, o, 1, &desc))            \
  X("napi_get_prototype", napi_get_prototype(env, o, &v))                          \
  X("napi_object_freeze", napi_object_freeze(env, o))                              \
  X("napi_object_seal", napi_object_seal(env, o))                                  \
  X("napi_instanceof", napi_instanceof(env, key, o, &b))

#define NAME(n, call) n,
static const char* kNames[] = {CASES(NAME)};
#define COUNT ((int32_t)(sizeof kNames / sizeof kNames[0]))

static napi_status run_case(napi_env env, int32_t i, napi_value o) {
  napi_value v, key;
  bool b;
  napi_property_descriptor desc = {"k", NULL, NULL, NULL, NULL, NULL, napi_default, NULL};
  napi_create_string_utf8(env, "k", NAPI_AUTO_LENGTH, &key);
  desc.value = key;
  int32_t k = 0;
#define RUN(n, call) \
  if (i == k++) return call;
  CASES(RUN)
  return napi_invalid_arg;
}

static int32_t args(napi_env env, napi_callback_info info, napi_value* value) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t i = -1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || napi_get_value_int32(env, argv[0], &i) != napi_ok || i < 0 || i >= COUNT)
    return -1;
  *value = argv[1];
  return i;
}

static napi_value Run(napi_env env, napi_callback_info info) {
  napi_value value, r, item, exc, message;
  int32_t i = args(env, info, &value);
  if (i < 0) return NULL;
  napi_status s = run_case(env, i, value);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  message = NULL;
  if (pending) {  /* cleared first: the calls below would refuse while it is pending */
    napi_get_and_clear_last_exception(env, &exc);
    napi_get_named_property(env, exc, "message", &message);
  }
  napi_create_array_with_length(env, 3, &r);
  napi_create_int32(env, (int32_t)s, &item);
  napi_set_element(env, r, 0, item);
  napi_get_boolean(env, pending, &item);
  napi_set_element(env, r, 1, item);
  if (message != NULL) napi_set_element(env, r, 2, message);
  return r;
}

static napi_value Leave(napi_env env, napi_callback_info info) {
  napi_value value, r;
  int32_t i = args(env, info, &value);
  if (i < 0) return NULL;
  napi_create_int32(env, (int32_t)run_case(env, i, value), &r);
  return r;
}

/* instanceOf(value, "Name"): value instanceof globalThis[Name] (napi-rs checks a
 * RegExp argument so). */
static napi_value InstanceOf(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], global, ctor, r;
  char name[64];
  bool b = false;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (napi_get_value_string_utf8(env, argv[1], name, sizeof name, NULL) != napi_ok) return NULL;
  napi_get_global(env, &global);
  napi_get_named_property(env, global, name, &ctor);
  if (napi_instanceof(env, argv[0], ctor, &b) != napi_ok) return NULL;
  napi_get_boolean(env, b, &r);
  return r;
}

static napi_value Nothing(napi_env env, napi_callback_info info) { return NULL; }

static napi_value MakeClass(napi_env env, napi_callback_info info) {
  napi_value cls;
  napi_property_descriptor props[] = {
      {"name", NULL, NULL, Nothing, NULL, NULL, napi_default, NULL},
      {"run", NULL, Nothing, NULL, NULL, NULL, napi_default, NULL},
      {"make", NULL, Nothing, NULL, NULL, NULL, napi_static, NULL},
  };
  napi_define_class(env, "Named", NAPI_AUTO_LENGTH, Nothing, NULL, 3, props, &cls);
  return cls;
}

static napi_value GetNamed(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], r;
  char key[64];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (napi_get_value_string_utf8(env, argv[1], key, sizeof key, NULL) != napi_ok) return NULL;
  if (napi_get_named_property(env, argv[0], key, &r) != napi_ok) return NULL;
  return r;
}

/* (The status is taken before `data` is read: C leaves the order in which a call's
 * arguments are evaluated open.) */
static void add_pointer(char* out, size_t size, const char* fn, napi_status s, void* data) {
  size_t n = strlen(out);
  snprintf(out + n, size - n, "%s%s=%s", n ? " " : "", fn,
           s != napi_ok ? "error" : data != NULL ? "P" : "N");
}

static napi_value string(napi_env env, const char* s) {
  napi_value r;
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &r);
  return r;
}

static napi_value DataPointers(napi_env env, napi_callback_info info) {
  size_t argc = 1, n;
  napi_value v, ab;
  char out[256] = "";
  void* data;
  bool is;
  napi_status s;
  napi_get_cb_info(env, info, &argc, &v, NULL, NULL);
  if (napi_is_buffer(env, v, &is) == napi_ok && is) {
    data = &n;
    s = napi_get_buffer_info(env, v, &data, &n);
    add_pointer(out, sizeof out, "buffer", s, data);
  }
  if (napi_is_typedarray(env, v, &is) == napi_ok && is) {
    data = &n;
    s = napi_get_typedarray_info(env, v, NULL, &n, &data, &ab, NULL);
    add_pointer(out, sizeof out, "typedarray", s, data);
    data = &n;
    s = napi_get_arraybuffer_info(env, ab, &data, &n);
    add_pointer(out, sizeof out, "its_arraybuffer", s, data);
  }
  if (napi_is_dataview(env, v, &is) == napi_ok && is) {
    data = &n;
    s = napi_get_dataview_info(env, v, &n, &data, NULL, NULL);
    add_pointer(out, sizeof out, "dataview", s, data);
  }
  if (napi_is_arraybuffer(env, v, &is) == napi_ok && is) {
    data = &n;
    s = napi_get_arraybuffer_info(env, v, &data, &n);
    add_pointer(out, sizeof out, "arraybuffer", s, data);
  }
  return string(env, out);
}

static napi_value CreatedEmpty(napi_env env, napi_callback_info info) {
  static char external[1];
  char out[256] = "";
  void* data;
  size_t n;
  napi_value v, ta;
  napi_status s;
#define ADD(name, call)                    \
  data = &n;                               \
  s = call;                                \
  add_pointer(out, sizeof out, name, s, data);
  ADD("create_buffer", napi_create_buffer(env, 0, &data, &v))
  ADD("its_info", napi_get_buffer_info(env, v, &data, &n))
  ADD("create_buffer_copy", napi_create_buffer_copy(env, 0, external, &data, &v))
  ADD("its_info", napi_get_buffer_info(env, v, &data, &n))
  ADD("create_arraybuffer", napi_create_arraybuffer(env, 0, &data, &v))
  napi_create_typedarray(env, napi_uint8_array, 0, v, 0, &ta);
  ADD("typedarray_on_it", napi_get_typedarray_info(env, ta, NULL, &n, &data, NULL, NULL))
  napi_create_external_arraybuffer(env, external, 0, NULL, NULL, &v);
  ADD("external_arraybuffer", napi_get_arraybuffer_info(env, v, &data, &n))
  napi_create_external_buffer(env, 0, external, NULL, NULL, &v);
  ADD("external_buffer", napi_get_buffer_info(env, v, &data, &n))
#undef ADD
  return string(env, out);
}

static napi_value ThisInfo(napi_env env, napi_callback_info info) {
  static const char* kTypes[] = {"undefined", "null",     "boolean", "number",   "string",
                                 "symbol",    "object",   "function", "external", "bigint"};
  napi_value self, global, number;
  napi_valuetype t;
  bool is_global = false;
  double d = -1;
  char out[96];
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  napi_typeof(env, self, &t);
  napi_get_global(env, &global);
  napi_strict_equals(env, global, self, &is_global);
  if (napi_coerce_to_number(env, self, &number) == napi_ok) {
    napi_get_value_double(env, number, &d);
  } else {  /* a BigInt's or Symbol's: TypeError, cleared (d stays -1) */
    napi_value exc;
    napi_get_and_clear_last_exception(env, &exc);
  }
  snprintf(out, sizeof out, "%s global=%d number=%g", kTypes[t], is_global, d);
  return string(env, out);
}

static const char* kKindGlobals[] = {"Object", "Number", "String", "Boolean", "BigInt", "Symbol"};

static void kinds_of(napi_env env, napi_value v, char* out, size_t size) {
  static const char* kTypes[] = {"undefined", "null",     "boolean", "number",   "string",
                                 "symbol",    "object",   "function", "external", "bigint"};
  napi_value global, ctor, proto, p, tmp, names, exc;
  char buf[64];
  size_t n = 0, len;
  napi_get_global(env, &global);
  n += snprintf(out + n, size - n, "inst=");
  const char* proto_name = "?";
  napi_get_prototype(env, v, &proto);
  for (int i = 0; i < 6; i++) {
    bool b = false, same = false;
    napi_get_named_property(env, global, kKindGlobals[i], &ctor);
    napi_instanceof(env, v, ctor, &b);
    n += snprintf(out + n, size - n, "%d", b);
    napi_get_named_property(env, ctor, "prototype", &p);
    napi_strict_equals(env, proto, p, &same);
    if (same) proto_name = kKindGlobals[i];
  }
  napi_get_named_property(env, global, "Object", &ctor);
  napi_get_named_property(env, ctor, "prototype", &p);
  napi_get_named_property(env, p, "toString", &tmp);
  buf[0] = 0;
  if (napi_call_function(env, v, tmp, 0, NULL, &tmp) == napi_ok)
    napi_get_value_string_utf8(env, tmp, buf, sizeof buf, &len);
  n += snprintf(out + n, size - n, " proto=%s tag=%s own=", proto_name, buf);
  uint32_t count = 0;
  napi_get_all_property_names(env, v, napi_key_own_only, napi_key_skip_symbols,
                              napi_key_numbers_to_strings, &names);
  napi_get_array_length(env, names, &count);
  for (uint32_t i = 0; i < count; i++) {
    napi_get_element(env, names, i, &tmp);
    napi_get_value_string_utf8(env, tmp, buf, sizeof buf, &len);
    n += snprintf(out + n, size - n, "%s%s", i ? "," : "", buf);
  }
  napi_get_property_names(env, v, &names);
  napi_get_array_length(env, names, &count);
  napi_valuetype t;
  napi_get_element(env, v, 0, &tmp);
  napi_typeof(env, tmp, &t);
  n += snprintf(out + n, size - n, " enum=%u el0=%s up=", count, kTypes[t]);
  napi_get_named_property(env, v, "toUpperCase", &tmp);
  napi_typeof(env, tmp, &t);
  if (t == napi_function && napi_call_function(env, v, tmp, 0, NULL, &tmp) == napi_ok &&
      napi_get_value_string_utf8(env, tmp, buf, sizeof buf, &len) == napi_ok)
    n += snprintf(out + n, size - n, "%s", buf);
  else
    n += snprintf(out + n, size - n, "-");
  double d = -1;
  if (napi_coerce_to_number(env, v, &tmp) == napi_ok)
    napi_get_value_double(env, tmp, &d);
  else
    napi_get_and_clear_last_exception(env, &exc);
  snprintf(out + n, size - n, " num=%g", d);
}

static napi_value ThisKinds(napi_env env, napi_callback_info info) {
  napi_value self;
  char out[512];
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  kinds_of(env, self, out, sizeof out);
  return string(env, out);
}

static napi_value CoercedKinds(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value v, o;
  char out[512];
  napi_get_cb_info(env, info, &argc, &v, NULL, NULL);
  if (napi_coerce_to_object(env, v, &o) != napi_ok) return NULL;
  kinds_of(env, o, out, sizeof out);
  return string(env, out);
}

static napi_value CallWithThis(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], r;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (napi_call_function(env, argv[1], argv[0], 0, NULL, &r) != napi_ok) return NULL;
  return r;
}

static napi_value ProtoCall(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3], proto, fn, r;
  char name[64];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (napi_get_prototype(env, argv[0], &proto) != napi_ok) return NULL;
  if (napi_get_value_string_utf8(env, argv[1], name, sizeof name, NULL) != napi_ok) return NULL;
  if (napi_get_named_property(env, proto, name, &fn) != napi_ok) return NULL;
  if (napi_call_function(env, argv[0], fn, argc > 2 ? 1 : 0, argv + 2, &r) != napi_ok) {
    napi_value undefined;
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (!pending) napi_throw_error(env, "CALL_FAILED", "napi_call_function failed");
    napi_get_undefined(env, &undefined);
    return undefined;
  }
  return r;
}

static napi_value ProtoDepth(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value v, r;
  napi_valuetype t = napi_object;
  int depth = 0;
  napi_get_cb_info(env, info, &argc, &v, NULL, NULL);
  while (depth <= 8) {
    if (napi_get_prototype(env, v, &v) != napi_ok) return NULL;
    napi_typeof(env, v, &t);
    if (t == napi_null) break;
    depth++;
  }
  napi_create_int32(env, depth > 8 ? -1 : depth, &r);
  return r;
}

static napi_value JsonableNew(napi_env env, napi_callback_info info) {
  napi_value self, one;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  napi_create_int32(env, 1, &one);
  napi_set_named_property(env, self, "x", one);
  return self;
}

static napi_value JsonableToJSON(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value key, r;
  napi_get_cb_info(env, info, &argc, &key, NULL, NULL);
  napi_create_object(env, &r);
  napi_set_named_property(env, r, "key", key);
  return r;
}

static void describe_info(char* out, size_t size, const napi_extended_error_info* e) {
  size_t used = strlen(out);
  snprintf(out + used, size - used, "%s%d:%s", used ? " " : "", (int)e->error_code,
           e->error_message ? e->error_message : "-");
}

static napi_value ErrorInfoLive(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, r;
  double d;
  bool pending;
  char out[256] = "";
  const napi_extended_error_info* e = NULL;
  napi_get_cb_info(env, info, &argc, &arg, NULL, NULL);
  napi_get_value_double(env, arg, &d);
  napi_get_last_error_info(env, &e);
  describe_info(out, sizeof out, e);
  napi_is_exception_pending(env, &pending);
  describe_info(out, sizeof out, e);
  napi_get_value_double(env, arg, &d);  /* fails again: the record is not re-read */
  describe_info(out, sizeof out, e);
  napi_create_int32(env, 1, &r);
  describe_info(out, sizeof out, e);
  napi_create_string_utf8(env, out, NAPI_AUTO_LENGTH, &r);
  return r;
}

static napi_value Count(napi_env env, napi_callback_info info) {
  napi_value r;
  napi_create_int32(env, COUNT, &r);
  return r;
}

static napi_value Name(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], r;
  int32_t i = -1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_get_value_int32(env, argv[0], &i);
  napi_create_string_utf8(env, i >= 0 && i < COUNT ? kNames[i] : "", NAPI_AUTO_LENGTH, &r);
  return r;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"run", NULL, Run, NULL, NULL, NULL, napi_default, NULL},
      {"leave", NULL, Leave, NULL, NULL, NULL, napi_default, NULL},
      {"count", NULL, Count, NULL, NULL, NULL, napi_default, NULL},
      {"instanceOf", NULL, InstanceOf, NULL, NULL, NULL, napi_default, NULL},
      {"makeClass", NULL, MakeClass, NULL, NULL, NULL, napi_default, NULL},
      {"getNamed", NULL, GetNamed, NULL, NULL, NULL, napi_default, NULL},
      {"name", NULL, Name, NULL, NULL, NULL, napi_default, NULL},
      {"dataPointers", NULL, DataPointers, NULL, NULL, NULL, napi_default, NULL},
      {"createdEmpty", NULL, CreatedEmpty, NULL, NULL, NULL, napi_default, NULL},
      {"protoCall", NULL, ProtoCall, NULL, NULL, NULL, napi_default, NULL},
      {"protoDepth", NULL, ProtoDepth, NULL, NULL, NULL, napi_default, NULL},
      {"errorInfoLive", NULL, ErrorInfoLive, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  napi_value fn, cls;
  napi_create_function(env, "thisInfo", NAPI_AUTO_LENGTH, ThisInfo, NULL, &fn);
  napi_set_named_property(env, exports, "thisInfo", fn);
  napi_create_function(env, "callWithThis", NAPI_AUTO_LENGTH, CallWithThis, NULL, &fn);
  napi_set_named_property(env, exports, "callWithThis", fn);
  napi_define_class(env, "ThisClass", NAPI_AUTO_LENGTH, ThisInfo, NULL, 0, NULL, &cls);
  napi_set_named_property(env, exports, "ThisClass", cls);
  napi_create_function(env, "thisKinds", NAPI_AUTO_LENGTH, ThisKinds, NULL, &fn);
  napi_set_named_property(env, exports, "thisKinds", fn);
  napi_create_function(env, "coercedKinds", NAPI_AUTO_LENGTH, CoercedKinds, NULL, &fn);
  napi_set_named_property(env, exports, "coercedKinds", fn);
  napi_define_class(env, "ThisKindsClass", NAPI_AUTO_LENGTH, ThisKinds, NULL, 0, NULL, &cls);
  napi_set_named_property(env, exports, "ThisKindsClass", cls);
  napi_property_descriptor to_json = {"toJSON", NULL, JsonableToJSON, NULL, NULL, NULL,
                                      napi_default, NULL};
  napi_define_class(env, "Jsonable", NAPI_AUTO_LENGTH, JsonableNew, NULL, 1, &to_json, &cls);
  napi_set_named_property(env, exports, "Jsonable", cls);
  return exports;
}
