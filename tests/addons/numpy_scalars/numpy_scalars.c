/* Test addon for numpy scalars passed to an addon (tests/test_numpy_scalars.py):
 * what every Node-API getter, coercion and predicate says about one value, as a
 * line of text, so that a numpy scalar's line can be compared with the line of the
 * Python int/float/bool it stands for, and with Node's line for the same JS value
 * (tests/node_reference/numpy_scalars.js). Built with NAPI_VERSION 9, as for Node 20. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include "test_helpers.h"

static void put(char* buf, size_t size, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
#include <stdarg.h>
static void put(char* buf, size_t size, const char* fmt, ...) {
  size_t n = strlen(buf);
  if (n + 1 >= size) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf + n, size - n, fmt, ap);
  va_end(ap);
}

/* A double as JS prints it where it matters here (NaN, the infinities, -0). */
static void put_double(char* buf, size_t size, double d) {
  if (isnan(d)) put(buf, size, "NaN");
  else if (isinf(d)) put(buf, size, d > 0 ? "Infinity" : "-Infinity");
  else if (d == 0 && signbit(d)) put(buf, size, "-0");
  else put(buf, size, "%.17g", d);
}

/* Clears a pending exception: whether there was one. */
static bool clear_exception(napi_env env) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value e;
    napi_get_and_clear_last_exception(env, &e);
  }
  return pending;
}

static void put_string(napi_env env, char* buf, size_t size, napi_value s) {
  char text[128];
  size_t len = 0;
  if (napi_get_value_string_utf8(env, s, text, sizeof text, &len) != napi_ok) {
    put(buf, size, "<not a string>");
    return;
  }
  put(buf, size, "\"%s\"", text);
}

/* report(v): one line with what each Node-API function says about v. */
static napi_value Report(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  napi_value v = argv[0];
  char buf[1024] = "";
  const size_t n = sizeof buf;
  napi_status s;

  napi_valuetype t;
  s = napi_typeof(env, v, &t);
  put(buf, n, "typeof=%d", s == napi_ok ? (int)t : -s);

  double d = 0;
  s = napi_get_value_double(env, v, &d);
  put(buf, n, " double=%d", s);
  if (s == napi_ok) put(buf, n, "/"), put_double(buf, n, d);
  int32_t i32 = 0;
  s = napi_get_value_int32(env, v, &i32);
  put(buf, n, " int32=%d", s);
  if (s == napi_ok) put(buf, n, "/%" PRId32, i32);
  uint32_t u32 = 0;
  s = napi_get_value_uint32(env, v, &u32);
  put(buf, n, " uint32=%d", s);
  if (s == napi_ok) put(buf, n, "/%" PRIu32, u32);
  int64_t i64 = 0;
  s = napi_get_value_int64(env, v, &i64);
  put(buf, n, " int64=%d", s);
  if (s == napi_ok) put(buf, n, "/%" PRId64, i64);
  bool b = false;
  s = napi_get_value_bool(env, v, &b);
  put(buf, n, " bool=%d", s);
  if (s == napi_ok) put(buf, n, "/%d", b);

  bool lossless = false;
  s = napi_get_value_bigint_int64(env, v, &i64, &lossless);
  put(buf, n, " bigint64=%d", s);
  if (s == napi_ok) put(buf, n, "/%" PRId64 "/%d", i64, lossless);
  uint64_t u64 = 0;
  s = napi_get_value_bigint_uint64(env, v, &u64, &lossless);
  put(buf, n, " biguint64=%d", s);
  if (s == napi_ok) put(buf, n, "/%" PRIu64 "/%d", u64, lossless);
  int sign = 0;
  size_t count = 2;
  uint64_t words[2] = {0, 0};
  s = napi_get_value_bigint_words(env, v, &sign, &count, words);
  put(buf, n, " words=%d", s);
  if (s == napi_ok) put(buf, n, "/%d/%zu/%" PRIu64, sign, count, words[0]);

  napi_value r;
  s = napi_coerce_to_number(env, v, &r);
  put(buf, n, " number=%d", s);
  if (s == napi_ok) {
    napi_valuetype rt;
    napi_typeof(env, r, &rt);
    double rd = 0;
    napi_get_value_double(env, r, &rd);
    put(buf, n, "/%d/", (int)rt);
    put_double(buf, n, rd);
    bool same = false;
    napi_strict_equals(env, r, v, &same);
    put(buf, n, "/%d", same);
  }
  clear_exception(env);
  s = napi_coerce_to_string(env, v, &r);
  put(buf, n, " string=%d", s);
  if (s == napi_ok) put(buf, n, "/"), put_string(env, buf, n, r);
  clear_exception(env);
  s = napi_coerce_to_bool(env, v, &r);
  put(buf, n, " truthy=%d", s);
  if (s == napi_ok) {
    napi_get_value_bool(env, r, &b);
    put(buf, n, "/%d", b);
  }

  bool is[8] = {false};
  napi_is_array(env, v, &is[0]);
  napi_is_arraybuffer(env, v, &is[1]);
  napi_is_buffer(env, v, &is[2]);
  napi_is_typedarray(env, v, &is[3]);
  napi_is_dataview(env, v, &is[4]);
  napi_is_date(env, v, &is[5]);
  napi_is_promise(env, v, &is[6]);
  napi_is_error(env, v, &is[7]);
  put(buf, n, " is=");
  for (int i = 0; i < 8; i++) put(buf, n, "%d", is[i]);

  bool self = false;
  s = napi_strict_equals(env, v, v, &self);
  put(buf, n, " self=%d/%d", s, self);

  /* JSON.stringify(v), through the global JSON object */
  napi_value global, json, stringify, out;
  put(buf, n, " json=");
  if (napi_get_global(env, &global) == napi_ok &&
      napi_get_named_property(env, global, "JSON", &json) == napi_ok &&
      napi_get_named_property(env, json, "stringify", &stringify) == napi_ok) {
    if (napi_call_function(env, json, stringify, 1, &v, &out) == napi_ok) {
      put_string(env, buf, n, out);
    } else {
      clear_exception(env);
      put(buf, n, "throws");
    }
  }
  return th_str(env, buf);
}

static napi_value TypeOf(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, argv[0], &t));
  return th_int(env, t);
}

/* add(a, b): a + b read with napi_get_value_double, as most addons read numbers */
static napi_value Add(napi_env env, napi_callback_info info) {
  napi_value argv[2], out;
  th_args(env, info, 2, argv);
  double a, b;
  NODE_API_CALL(env, napi_get_value_double(env, argv[0], &a));
  NODE_API_CALL(env, napi_get_value_double(env, argv[1], &b));
  NODE_API_CALL(env, napi_create_double(env, a + b, &out));
  return out;
}

static napi_value StrictEquals(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  bool eq;
  NODE_API_CALL(env, napi_strict_equals(env, argv[0], argv[1], &eq));
  return th_bool(env, eq);
}

/* getBool(v): napi_get_value_bool, or its status as a number when it fails */
static napi_value GetBool(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  bool b;
  napi_status s = napi_get_value_bool(env, argv[0], &b);
  return s == napi_ok ? th_bool(env, b) : th_status(env, s);
}

/* coerceToNumber/String/Bool(v): the napi_value made */
#define COERCE(Name, fn)                                              \
  static napi_value Name(napi_env env, napi_callback_info info) {    \
    napi_value argv[1], out;                                          \
    th_args(env, info, 1, argv);                                      \
    NODE_API_CALL(env, fn(env, argv[0], &out));                       \
    return out;                                                       \
  }
COERCE(CoerceToNumber, napi_coerce_to_number)
COERCE(CoerceToString, napi_coerce_to_string)
COERCE(CoerceToBool, napi_coerce_to_bool)

/* getProperty(obj, key): napi_get_property */
static napi_value GetProperty(napi_env env, napi_callback_info info) {
  napi_value argv[2], out;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_property(env, argv[0], argv[1], &out));
  return out;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      TH_METHOD("report", Report),
      TH_METHOD("typeOf", TypeOf),
      TH_METHOD("add", Add),
      TH_METHOD("strictEquals", StrictEquals),
      TH_METHOD("getBool", GetBool),
      TH_METHOD("coerceToNumber", CoerceToNumber),
      TH_METHOD("coerceToString", CoerceToString),
      TH_METHOD("coerceToBool", CoerceToBool),
      TH_METHOD("getProperty", GetProperty),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
