/* Test addon for the primitive-value part of Node-API: singletons, numbers,
 * booleans, napi_typeof, strict equality, instanceof, coercions, BigInt, Date,
 * symbols, versions, and the status returned for NULL arguments. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include "test_helpers.h"

/* ---- singletons ------------------------------------------------------- */

static napi_value GetUndefined(napi_env env, napi_callback_info info) {
  napi_value v;
  NODE_API_CALL(env, napi_get_undefined(env, &v));
  return v;
}

static napi_value GetNull(napi_env env, napi_callback_info info) {
  napi_value v;
  NODE_API_CALL(env, napi_get_null(env, &v));
  return v;
}

/* getBoolean(truthy) -> napi_get_boolean(env, <C truthiness of a number>) */
static napi_value GetBoolean(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  int32_t flag;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &flag));
  napi_value v;
  NODE_API_CALL(env, napi_get_boolean(env, flag != 0, &v));
  return v;
}

static napi_value GetGlobal(napi_env env, napi_callback_info info) {
  napi_value v;
  NODE_API_CALL(env, napi_get_global(env, &v));
  return v;
}

/* [typeof global, global === global (two calls)] */
static napi_value GlobalInfo(napi_env env, napi_callback_info info) {
  napi_value g1, g2, out;
  napi_valuetype t;
  bool same;
  NODE_API_CALL(env, napi_get_global(env, &g1));
  NODE_API_CALL(env, napi_get_global(env, &g2));
  NODE_API_CALL(env, napi_typeof(env, g1, &t));
  NODE_API_CALL(env, napi_strict_equals(env, g1, g2, &same));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_int(env, t)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_bool(env, same)));
  return out;
}

/* ---- number creation -------------------------------------------------- */

/* The C-side source values are parsed from decimal strings so that the exact
 * int64/uint64 reach the napi function whatever Python's number mapping is. */
static bool parse_i64(napi_env env, napi_value v, int64_t* out) {
  char buf[64];
  if (!th_utf8_arg(env, v, buf, sizeof buf)) return false;
  errno = 0;
  *out = strtoll(buf, NULL, 10);
  return errno == 0;
}

static bool parse_u64(napi_env env, napi_value v, uint64_t* out) {
  char buf[64];
  if (!th_utf8_arg(env, v, buf, sizeof buf)) return false;
  errno = 0;
  *out = strtoull(buf, NULL, 0);
  return errno == 0;
}

static napi_value CreateInt32(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  th_args(env, info, 1, argv);
  int64_t x;
  if (!parse_i64(env, argv[0], &x)) return NULL;
  NODE_API_CALL(env, napi_create_int32(env, (int32_t)x, &v));
  return v;
}

static napi_value CreateUint32(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  th_args(env, info, 1, argv);
  uint64_t x;
  if (!parse_u64(env, argv[0], &x)) return NULL;
  NODE_API_CALL(env, napi_create_uint32(env, (uint32_t)x, &v));
  return v;
}

static napi_value CreateInt64(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  th_args(env, info, 1, argv);
  int64_t x;
  if (!parse_i64(env, argv[0], &x)) return NULL;
  NODE_API_CALL(env, napi_create_int64(env, x, &v));
  return v;
}

/* createDouble(kind): the double is built in C so that NaN/-0/inf are exact. */
static napi_value CreateDouble(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  th_args(env, info, 1, argv);
  double d;
  NODE_API_CALL(env, napi_get_value_double(env, argv[0], &d));
  NODE_API_CALL(env, napi_create_double(env, d, &v));
  return v;
}

/* ---- number / bool extraction ----------------------------------------- */

static napi_value GetValueInt32(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  int32_t r = 12345;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &r));
  return th_int(env, r);
}

static napi_value GetValueUint32(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  uint32_t r = 12345;
  NODE_API_CALL(env, napi_get_value_uint32(env, argv[0], &r));
  return th_int(env, r);
}

/* Returned as a decimal string: exact for the whole int64 range. */
static napi_value GetValueInt64(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  int64_t r = 12345;
  NODE_API_CALL(env, napi_get_value_int64(env, argv[0], &r));
  char buf[32];
  snprintf(buf, sizeof buf, "%" PRId64, r);
  return th_str(env, buf);
}

/* Always returned through napi_create_double. */
static napi_value GetValueDouble(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  th_args(env, info, 1, argv);
  double r = 12345;
  NODE_API_CALL(env, napi_get_value_double(env, argv[0], &r));
  NODE_API_CALL(env, napi_create_double(env, r, &v));
  return v;
}

static napi_value GetValueBool(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  bool r = false;
  NODE_API_CALL(env, napi_get_value_bool(env, argv[0], &r));
  return th_bool(env, r);
}

/* status*(v): the status of each getter applied to v (wrong type checks). */
static napi_value StatusGetInt32(napi_env env, napi_callback_info info) {
  napi_value argv[1]; th_args(env, info, 1, argv);
  int32_t r; return th_status(env, napi_get_value_int32(env, argv[0], &r));
}
static napi_value StatusGetUint32(napi_env env, napi_callback_info info) {
  napi_value argv[1]; th_args(env, info, 1, argv);
  uint32_t r; return th_status(env, napi_get_value_uint32(env, argv[0], &r));
}
static napi_value StatusGetInt64(napi_env env, napi_callback_info info) {
  napi_value argv[1]; th_args(env, info, 1, argv);
  int64_t r; return th_status(env, napi_get_value_int64(env, argv[0], &r));
}
static napi_value StatusGetDouble(napi_env env, napi_callback_info info) {
  napi_value argv[1]; th_args(env, info, 1, argv);
  double r; return th_status(env, napi_get_value_double(env, argv[0], &r));
}
static napi_value StatusGetBool(napi_env env, napi_callback_info info) {
  napi_value argv[1]; th_args(env, info, 1, argv);
  bool r; return th_status(env, napi_get_value_bool(env, argv[0], &r));
}

/* ---- typeof / equality / instanceof ---------------------------------- */

static napi_value TypeofValue(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, argv[0], &t));
  return th_int(env, t);
}

/* typeofMade(kind): napi_typeof of a value created inside the addon. */
static void noop_finalize(napi_env env, void* data, void* hint) {}

static napi_value TypeofMade(napi_env env, napi_callback_info info) {
  napi_value argv[1], v = NULL;
  th_args(env, info, 1, argv);
  char kind[32];
  if (!th_utf8_arg(env, argv[0], kind, sizeof kind)) return NULL;
  if (!strcmp(kind, "undefined")) NODE_API_CALL(env, napi_get_undefined(env, &v));
  else if (!strcmp(kind, "null")) NODE_API_CALL(env, napi_get_null(env, &v));
  else if (!strcmp(kind, "boolean")) NODE_API_CALL(env, napi_get_boolean(env, true, &v));
  else if (!strcmp(kind, "number")) NODE_API_CALL(env, napi_create_double(env, 1.5, &v));
  else if (!strcmp(kind, "string")) NODE_API_CALL(env, napi_create_string_utf8(env, "s", 1, &v));
  else if (!strcmp(kind, "symbol")) NODE_API_CALL(env, napi_create_symbol(env, NULL, &v));
  else if (!strcmp(kind, "object")) NODE_API_CALL(env, napi_create_object(env, &v));
  else if (!strcmp(kind, "array")) NODE_API_CALL(env, napi_create_array(env, &v));
  else if (!strcmp(kind, "function"))
    NODE_API_CALL(env, napi_create_function(env, "f", NAPI_AUTO_LENGTH, GetUndefined, NULL, &v));
  else if (!strcmp(kind, "external")) {
    static int payload;
    NODE_API_CALL(env, napi_create_external(env, &payload, noop_finalize, NULL, &v));
  } else if (!strcmp(kind, "bigint")) NODE_API_CALL(env, napi_create_bigint_int64(env, 5, &v));
  else if (!strcmp(kind, "date")) NODE_API_CALL(env, napi_create_date(env, 0, &v));
  else if (!strcmp(kind, "error")) {
    napi_value msg;
    NODE_API_CALL(env, napi_create_string_utf8(env, "m", 1, &msg));
    NODE_API_CALL(env, napi_create_error(env, NULL, msg, &v));
  } else {
    napi_throw_error(env, NULL, "unknown kind");
    return NULL;
  }
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, v, &t));
  return th_int(env, t);
}

static napi_value MakeExternal(napi_env env, napi_callback_info info) {
  static int payload;
  napi_value v;
  NODE_API_CALL(env, napi_create_external(env, &payload, noop_finalize, NULL, &v));
  return v;
}

static napi_value MakeObject(napi_env env, napi_callback_info info) {
  napi_value v;
  NODE_API_CALL(env, napi_create_object(env, &v));
  return v;
}

static napi_value StrictEquals(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  bool r;
  NODE_API_CALL(env, napi_strict_equals(env, argv[0], argv[1], &r));
  return th_bool(env, r);
}

/* [a === a for a fresh object, a === b for two fresh objects,
 *  NaN === NaN, 1(int32) === 1.0(double), "ab" === "ab" (two creations),
 *  0 === -0, undefined === null] */
static napi_value StrictEqualsInternal(napi_env env, napi_callback_info info) {
  napi_value a, b, nan, i1, d1, s1, s2, z, mz, u, n, out;
  bool r[7];
  NODE_API_CALL(env, napi_create_object(env, &a));
  NODE_API_CALL(env, napi_create_object(env, &b));
  NODE_API_CALL(env, napi_create_double(env, 0.0 / 0.0, &nan));
  NODE_API_CALL(env, napi_create_int32(env, 1, &i1));
  NODE_API_CALL(env, napi_create_double(env, 1.0, &d1));
  NODE_API_CALL(env, napi_create_string_utf8(env, "ab", 2, &s1));
  NODE_API_CALL(env, napi_create_string_latin1(env, "ab", 2, &s2));
  NODE_API_CALL(env, napi_create_double(env, 0.0, &z));
  NODE_API_CALL(env, napi_create_double(env, -0.0, &mz));
  NODE_API_CALL(env, napi_get_undefined(env, &u));
  NODE_API_CALL(env, napi_get_null(env, &n));
  NODE_API_CALL(env, napi_strict_equals(env, a, a, &r[0]));
  NODE_API_CALL(env, napi_strict_equals(env, a, b, &r[1]));
  NODE_API_CALL(env, napi_strict_equals(env, nan, nan, &r[2]));
  NODE_API_CALL(env, napi_strict_equals(env, i1, d1, &r[3]));
  NODE_API_CALL(env, napi_strict_equals(env, s1, s2, &r[4]));
  NODE_API_CALL(env, napi_strict_equals(env, z, mz, &r[5]));
  NODE_API_CALL(env, napi_strict_equals(env, u, n, &r[6]));
  NODE_API_CALL(env, napi_create_array(env, &out));
  for (uint32_t i = 0; i < 7; i++)
    NODE_API_CALL(env, napi_set_element(env, out, i, th_bool(env, r[i])));
  return out;
}

static napi_value InstanceOf(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  bool r;
  NODE_API_CALL(env, napi_instanceof(env, argv[0], argv[1], &r));
  return th_bool(env, r);
}

static napi_value StatusInstanceOf(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  bool r;
  napi_status s = napi_instanceof(env, argv[0], argv[1], &r);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
  }
  return th_status(env, s);
}

/* A small class for instanceof. */
static napi_value PointCtor(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  if (argc >= 1) NODE_API_CALL(env, napi_set_named_property(env, self, "x", argv[0]));
  return self;
}

static napi_value PointClassRef(napi_env env);

/* newPoint(): napi_new_instance of the class from C. */
static napi_ref point_ctor_ref;
static napi_value PointClassRef(napi_env env) {
  napi_value ctor;
  if (napi_get_reference_value(env, point_ctor_ref, &ctor) != napi_ok) return NULL;
  return ctor;
}

static napi_value NewPoint(napi_env env, napi_callback_info info) {
  napi_value ctor = PointClassRef(env), arg, obj;
  NODE_API_ASSERT(env, ctor != NULL, "Point class reference");
  NODE_API_CALL(env, napi_create_int32(env, 7, &arg));
  NODE_API_CALL(env, napi_new_instance(env, ctor, 1, &arg, &obj));
  return obj;
}

/* [newPoint() instanceof Point, {} instanceof Point] evaluated inside C. */
static napi_value InstanceOfInternal(napi_env env, napi_callback_info info) {
  napi_value ctor = PointClassRef(env), arg, obj, plain, out;
  NODE_API_ASSERT(env, ctor != NULL, "Point class reference");
  bool r1, r2;
  NODE_API_CALL(env, napi_create_int32(env, 1, &arg));
  NODE_API_CALL(env, napi_new_instance(env, ctor, 1, &arg, &obj));
  NODE_API_CALL(env, napi_create_object(env, &plain));
  NODE_API_CALL(env, napi_instanceof(env, obj, ctor, &r1));
  NODE_API_CALL(env, napi_instanceof(env, plain, ctor, &r2));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_bool(env, r1)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_bool(env, r2)));
  return out;
}

/* ---- coercions -------------------------------------------------------- */

static napi_value CoerceToBool(napi_env env, napi_callback_info info) {
  napi_value argv[1], r;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_coerce_to_bool(env, argv[0], &r));
  bool b;
  NODE_API_CALL(env, napi_get_value_bool(env, r, &b));
  return th_bool(env, b);
}

/* Returns the coerced number re-created with napi_create_double. */
static napi_value CoerceToNumber(napi_env env, napi_callback_info info) {
  napi_value argv[1], r, out;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_coerce_to_number(env, argv[0], &r));
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, r, &t));
  NODE_API_ASSERT(env, t == napi_number, "coerce_to_number result is a number");
  double d;
  NODE_API_CALL(env, napi_get_value_double(env, r, &d));
  NODE_API_CALL(env, napi_create_double(env, d, &out));
  return out;
}

static napi_value CoerceToString(napi_env env, napi_callback_info info) {
  napi_value argv[1], r;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_coerce_to_string(env, argv[0], &r));
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, r, &t));
  NODE_API_ASSERT(env, t == napi_string, "coerce_to_string result is a string");
  return r;
}

/* coerceToStringDouble(x): ToString of a double made in C (so 1.0 is a
 * double, not an int). */
static napi_value CoerceToStringDouble(napi_env env, napi_callback_info info) {
  napi_value argv[1], d, r;
  th_args(env, info, 1, argv);
  double x;
  NODE_API_CALL(env, napi_get_value_double(env, argv[0], &x));
  NODE_API_CALL(env, napi_create_double(env, x, &d));
  NODE_API_CALL(env, napi_coerce_to_string(env, d, &r));
  return r;
}

static napi_value CoerceToObject(napi_env env, napi_callback_info info) {
  napi_value argv[1], r;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_coerce_to_object(env, argv[0], &r));
  return r;
}

/* napi_typeof of the coerced object. */
static napi_value CoerceToObjectType(napi_env env, napi_callback_info info) {
  napi_value argv[1], r;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_coerce_to_object(env, argv[0], &r));
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, r, &t));
  return th_int(env, t);
}

/* [coerce_to_object(obj) === obj] for an object made in C. */
static napi_value CoerceObjectIdentity(napi_env env, napi_callback_info info) {
  napi_value o, r;
  NODE_API_CALL(env, napi_create_object(env, &o));
  NODE_API_CALL(env, napi_coerce_to_object(env, o, &r));
  bool same;
  NODE_API_CALL(env, napi_strict_equals(env, o, r, &same));
  return th_bool(env, same);
}

/* [status of coerce_<kind>(v), whether an exception was left pending];
 * clears that exception. */
static napi_value StatusCoerce(napi_env env, napi_callback_info info) {
  napi_value argv[2], r;
  th_args(env, info, 2, argv);
  char kind[16];
  if (!th_utf8_arg(env, argv[0], kind, sizeof kind)) return NULL;
  napi_status s;
  if (!strcmp(kind, "bool")) s = napi_coerce_to_bool(env, argv[1], &r);
  else if (!strcmp(kind, "number")) s = napi_coerce_to_number(env, argv[1], &r);
  else if (!strcmp(kind, "string")) s = napi_coerce_to_string(env, argv[1], &r);
  else s = napi_coerce_to_object(env, argv[1], &r);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
  }
  napi_value out;
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_status(env, s)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_bool(env, pending)));
  return out;
}

/* ---- BigInt ----------------------------------------------------------- */

static napi_value CreateBigintInt64(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  th_args(env, info, 1, argv);
  int64_t x;
  if (!parse_i64(env, argv[0], &x)) return NULL;
  NODE_API_CALL(env, napi_create_bigint_int64(env, x, &v));
  return v;
}

static napi_value CreateBigintUint64(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  th_args(env, info, 1, argv);
  uint64_t x;
  if (!parse_u64(env, argv[0], &x)) return NULL;
  NODE_API_CALL(env, napi_create_bigint_uint64(env, x, &v));
  return v;
}

/* createBigintWords(sign, [hexword, ...]) */
static napi_value CreateBigintWords(napi_env env, napi_callback_info info) {
  napi_value argv[2], v;
  th_args(env, info, 2, argv);
  int32_t sign;
  uint32_t n;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &sign));
  NODE_API_CALL(env, napi_get_array_length(env, argv[1], &n));
  NODE_API_ASSERT(env, n <= 16, "at most 16 words");
  uint64_t words[16];
  for (uint32_t i = 0; i < n; i++) {
    napi_value w;
    NODE_API_CALL(env, napi_get_element(env, argv[1], i, &w));
    if (!parse_u64(env, w, &words[i])) return NULL;
  }
  NODE_API_CALL(env, napi_create_bigint_words(env, sign, n, words, &v));
  return v;
}

static napi_value StatusCreateBigintWordsTooMany(napi_env env, napi_callback_info info) {
  napi_value v;
  uint64_t w = 1;
  /* INT_MAX + 1 words: Node rejects with napi_invalid_arg before reading. */
  return th_status(env, napi_create_bigint_words(env, 0, (size_t)INT32_MAX + 1, &w, &v));
}

/* [decimal string, lossless] */
static napi_value GetBigintInt64(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  th_args(env, info, 1, argv);
  int64_t r;
  bool lossless;
  NODE_API_CALL(env, napi_get_value_bigint_int64(env, argv[0], &r, &lossless));
  char buf[32];
  snprintf(buf, sizeof buf, "%" PRId64, r);
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_str(env, buf)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_bool(env, lossless)));
  return out;
}

static napi_value GetBigintUint64(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  th_args(env, info, 1, argv);
  uint64_t r;
  bool lossless;
  NODE_API_CALL(env, napi_get_value_bigint_uint64(env, argv[0], &r, &lossless));
  char buf[32];
  snprintf(buf, sizeof buf, "%" PRIu64, r);
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_str(env, buf)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_bool(env, lossless)));
  return out;
}

/* getBigintWordCount(v): word_count with sign_bit and words NULL. */
static napi_value GetBigintWordCount(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  size_t count = 999;
  NODE_API_CALL(env, napi_get_value_bigint_words(env, argv[0], NULL, &count, NULL));
  return th_int(env, (int64_t)count);
}

/* getBigintWords(v, capacity) -> [sign, word_count after the call,
 * [hex of the first min(capacity, count) words]]; unwritten slots are
 * pre-filled with a marker and reported too when capacity > count. */
static napi_value GetBigintWords(napi_env env, napi_callback_info info) {
  napi_value argv[2], out, arr;
  th_args(env, info, 2, argv);
  uint32_t cap;
  NODE_API_CALL(env, napi_get_value_uint32(env, argv[1], &cap));
  NODE_API_ASSERT(env, cap <= 16, "capacity <= 16");
  uint64_t words[16];
  for (int i = 0; i < 16; i++) words[i] = 0xDEADBEEFDEADBEEFull;
  int sign = 7;
  size_t count = cap;
  NODE_API_CALL(env, napi_get_value_bigint_words(env, argv[0], &sign, &count, words));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_create_array(env, &arr));
  for (uint32_t i = 0; i < cap; i++) {
    char buf[32];
    snprintf(buf, sizeof buf, "0x%016" PRIx64, words[i]);
    NODE_API_CALL(env, napi_set_element(env, arr, i, th_str(env, buf)));
  }
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_int(env, sign)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_int(env, (int64_t)count)));
  NODE_API_CALL(env, napi_set_element(env, out, 2, arr));
  return out;
}

static napi_value StatusBigint(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  char kind[32];
  if (!th_utf8_arg(env, argv[0], kind, sizeof kind)) return NULL;
  bool lossless;
  int sign;
  size_t count = 1;
  uint64_t w;
  if (!strcmp(kind, "int64")) {
    int64_t r;
    return th_status(env, napi_get_value_bigint_int64(env, argv[1], &r, &lossless));
  }
  if (!strcmp(kind, "uint64")) {
    uint64_t r;
    return th_status(env, napi_get_value_bigint_uint64(env, argv[1], &r, &lossless));
  }
  if (!strcmp(kind, "words")) {
    return th_status(env, napi_get_value_bigint_words(env, argv[1], &sign, &count, &w));
  }
  if (!strcmp(kind, "int64_null_lossless")) {
    int64_t r;
    return th_status(env, napi_get_value_bigint_int64(env, argv[1], &r, NULL));
  }
  if (!strcmp(kind, "words_null_count")) {
    return th_status(env, napi_get_value_bigint_words(env, argv[1], &sign, NULL, &w));
  }
  napi_throw_error(env, NULL, "unknown kind");
  return NULL;
}

/* ---- Date ------------------------------------------------------------- */

static napi_value CreateDate(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  th_args(env, info, 1, argv);
  double ms;
  NODE_API_CALL(env, napi_get_value_double(env, argv[0], &ms));
  NODE_API_CALL(env, napi_create_date(env, ms, &v));
  return v;
}

static napi_value IsDate(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  bool r;
  NODE_API_CALL(env, napi_is_date(env, argv[0], &r));
  return th_bool(env, r);
}

static napi_value GetDateValue(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  th_args(env, info, 1, argv);
  double ms;
  NODE_API_CALL(env, napi_get_date_value(env, argv[0], &ms));
  NODE_API_CALL(env, napi_create_double(env, ms, &v));
  return v;
}

/* dateRoundTrip(ms) -> get_date_value(create_date(ms)), all in C. */
static napi_value DateRoundTrip(napi_env env, napi_callback_info info) {
  napi_value argv[1], d, v;
  th_args(env, info, 1, argv);
  double ms, back;
  bool is_date;
  NODE_API_CALL(env, napi_get_value_double(env, argv[0], &ms));
  NODE_API_CALL(env, napi_create_date(env, ms, &d));
  NODE_API_CALL(env, napi_is_date(env, d, &is_date));
  NODE_API_ASSERT(env, is_date, "napi_is_date of a created date");
  NODE_API_CALL(env, napi_get_date_value(env, d, &back));
  NODE_API_CALL(env, napi_create_double(env, back, &v));
  return v;
}

static napi_value StatusGetDateValue(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  double ms;
  return th_status(env, napi_get_date_value(env, argv[0], &ms));
}

/* ---- symbols ---------------------------------------------------------- */

/* createSymbol() -> no description; createSymbol(desc) -> with it. */
static napi_value CreateSymbol(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  size_t argc = th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_create_symbol(env, argc >= 1 ? argv[0] : NULL, &v));
  return v;
}

static napi_value StatusCreateSymbol(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  th_args(env, info, 1, argv);
  return th_status(env, napi_create_symbol(env, argv[0], &v));
}

/* symbolFor(key) via node_api_symbol_for with NAPI_AUTO_LENGTH. */
static napi_value SymbolFor(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  th_args(env, info, 1, argv);
  char key[256];
  if (!th_utf8_arg(env, argv[0], key, sizeof key)) return NULL;
  NODE_API_CALL(env, node_api_symbol_for(env, key, NAPI_AUTO_LENGTH, &v));
  return v;
}

/* symbolForPrefix(key, n): node_api_symbol_for with an explicit length. */
static napi_value SymbolForPrefix(napi_env env, napi_callback_info info) {
  napi_value argv[2], v;
  th_args(env, info, 2, argv);
  char key[256];
  uint32_t n;
  if (!th_utf8_arg(env, argv[0], key, sizeof key)) return NULL;
  NODE_API_CALL(env, napi_get_value_uint32(env, argv[1], &n));
  NODE_API_CALL(env, node_api_symbol_for(env, key, n, &v));
  return v;
}

/* [symbol_for("k") === symbol_for("k"), create_symbol("k") === create_symbol("k")] */
static napi_value SymbolIdentity(napi_env env, napi_callback_info info) {
  napi_value a, b, d, c1, c2, out;
  bool r1, r2;
  NODE_API_CALL(env, node_api_symbol_for(env, "k", NAPI_AUTO_LENGTH, &a));
  NODE_API_CALL(env, node_api_symbol_for(env, "k", 1, &b));
  NODE_API_CALL(env, napi_create_string_utf8(env, "k", 1, &d));
  NODE_API_CALL(env, napi_create_symbol(env, d, &c1));
  NODE_API_CALL(env, napi_create_symbol(env, d, &c2));
  NODE_API_CALL(env, napi_strict_equals(env, a, b, &r1));
  NODE_API_CALL(env, napi_strict_equals(env, c1, c2, &r2));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_bool(env, r1)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_bool(env, r2)));
  return out;
}

/* ---- versions --------------------------------------------------------- */

static napi_value GetVersion(napi_env env, napi_callback_info info) {
  uint32_t v;
  NODE_API_CALL(env, napi_get_version(env, &v));
  return th_int(env, v);
}

/* {major, minor, patch, release} */
static napi_value GetNodeVersion(napi_env env, napi_callback_info info) {
  const napi_node_version* nv = NULL;
  napi_value out;
  NODE_API_CALL(env, napi_get_node_version(env, &nv));
  NODE_API_ASSERT(env, nv != NULL, "napi_node_version pointer");
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_set_named_property(env, out, "major", th_int(env, nv->major)));
  NODE_API_CALL(env, napi_set_named_property(env, out, "minor", th_int(env, nv->minor)));
  NODE_API_CALL(env, napi_set_named_property(env, out, "patch", th_int(env, nv->patch)));
  NODE_API_CALL(env, napi_set_named_property(env, out, "release", th_str(env, nv->release)));
  return out;
}

/* Two calls return the same static struct (Node returns a pointer to a
 * process-wide static). */
static napi_value NodeVersionStable(napi_env env, napi_callback_info info) {
  const napi_node_version *a = NULL, *b = NULL;
  NODE_API_CALL(env, napi_get_node_version(env, &a));
  NODE_API_CALL(env, napi_get_node_version(env, &b));
  return th_bool(env, a == b && a != NULL);
}

/* ---- NULL-argument statuses ------------------------------------------ */

/* nullStatuses() -> {name: status} for napi calls given a NULL env or a NULL
 * in/out pointer; each must be napi_invalid_arg. */
static napi_value NullStatuses(napi_env env, napi_callback_info info) {
  napi_value out, v, num, str;
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_create_int32(env, 1, &num));
  NODE_API_CALL(env, napi_create_string_utf8(env, "s", 1, &str));
  int32_t i32; uint32_t u32; int64_t i64; double d; bool b;
  napi_valuetype t; uint32_t ver; const napi_node_version* nv;

#define REC(name, expr) \
  NODE_API_CALL(env, napi_set_named_property(env, out, name, th_status(env, (expr))))

  REC("get_undefined_null_result", napi_get_undefined(env, NULL));
  REC("get_undefined_null_env", napi_get_undefined(NULL, &v));
  REC("get_null_null_result", napi_get_null(env, NULL));
  REC("get_global_null_result", napi_get_global(env, NULL));
  REC("get_boolean_null_result", napi_get_boolean(env, true, NULL));
  REC("create_int32_null_result", napi_create_int32(env, 1, NULL));
  REC("create_int32_null_env", napi_create_int32(NULL, 1, &v));
  REC("create_uint32_null_result", napi_create_uint32(env, 1, NULL));
  REC("create_int64_null_result", napi_create_int64(env, 1, NULL));
  REC("create_double_null_result", napi_create_double(env, 1, NULL));
  REC("get_value_int32_null_result", napi_get_value_int32(env, num, NULL));
  REC("get_value_int32_null_value", napi_get_value_int32(env, NULL, &i32));
  REC("get_value_int32_null_env", napi_get_value_int32(NULL, num, &i32));
  REC("get_value_uint32_null_result", napi_get_value_uint32(env, num, NULL));
  REC("get_value_uint32_null_value", napi_get_value_uint32(env, NULL, &u32));
  REC("get_value_int64_null_result", napi_get_value_int64(env, num, NULL));
  REC("get_value_int64_null_value", napi_get_value_int64(env, NULL, &i64));
  REC("get_value_double_null_result", napi_get_value_double(env, num, NULL));
  REC("get_value_double_null_value", napi_get_value_double(env, NULL, &d));
  REC("get_value_bool_null_result", napi_get_value_bool(env, num, NULL));
  REC("get_value_bool_null_value", napi_get_value_bool(env, NULL, &b));
  REC("typeof_null_value", napi_typeof(env, NULL, &t));
  REC("typeof_null_result", napi_typeof(env, num, NULL));
  REC("strict_equals_null_lhs", napi_strict_equals(env, NULL, num, &b));
  REC("strict_equals_null_rhs", napi_strict_equals(env, num, NULL, &b));
  REC("strict_equals_null_result", napi_strict_equals(env, num, num, NULL));
  REC("coerce_to_string_null_value", napi_coerce_to_string(env, NULL, &v));
  REC("coerce_to_string_null_result", napi_coerce_to_string(env, num, NULL));
  REC("coerce_to_number_null_result", napi_coerce_to_number(env, str, NULL));
  REC("coerce_to_bool_null_result", napi_coerce_to_bool(env, str, NULL));
  REC("coerce_to_object_null_result", napi_coerce_to_object(env, str, NULL));
  REC("create_bigint_int64_null_result", napi_create_bigint_int64(env, 1, NULL));
  REC("create_date_null_result", napi_create_date(env, 0, NULL));
  REC("is_date_null_result", napi_is_date(env, num, NULL));
  REC("create_symbol_null_result", napi_create_symbol(env, NULL, NULL));
  REC("symbol_for_null_result", node_api_symbol_for(env, "k", 1, NULL));
  REC("get_version_null_result", napi_get_version(env, NULL));
  REC("get_version_null_env", napi_get_version(NULL, &ver));
  REC("get_node_version_null_result", napi_get_node_version(env, NULL));
  REC("get_node_version_null_env", napi_get_node_version(NULL, &nv));
#undef REC
  (void)i32; (void)u32; (void)i64; (void)d; (void)b; (void)t; (void)ver; (void)nv;
  return out;
}

/* ---- registration ----------------------------------------------------- */

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_property_descriptor props[] = {
      TH_METHOD("getUndefined", GetUndefined),
      TH_METHOD("getNull", GetNull),
      TH_METHOD("getBoolean", GetBoolean),
      TH_METHOD("getGlobal", GetGlobal),
      TH_METHOD("globalInfo", GlobalInfo),
      TH_METHOD("createInt32", CreateInt32),
      TH_METHOD("createUint32", CreateUint32),
      TH_METHOD("createInt64", CreateInt64),
      TH_METHOD("createDouble", CreateDouble),
      TH_METHOD("getValueInt32", GetValueInt32),
      TH_METHOD("getValueUint32", GetValueUint32),
      TH_METHOD("getValueInt64", GetValueInt64),
      TH_METHOD("getValueDouble", GetValueDouble),
      TH_METHOD("getValueBool", GetValueBool),
      TH_METHOD("statusGetInt32", StatusGetInt32),
      TH_METHOD("statusGetUint32", StatusGetUint32),
      TH_METHOD("statusGetInt64", StatusGetInt64),
      TH_METHOD("statusGetDouble", StatusGetDouble),
      TH_METHOD("statusGetBool", StatusGetBool),
      TH_METHOD("typeofValue", TypeofValue),
      TH_METHOD("typeofMade", TypeofMade),
      TH_METHOD("makeExternal", MakeExternal),
      TH_METHOD("makeObject", MakeObject),
      TH_METHOD("strictEquals", StrictEquals),
      TH_METHOD("strictEqualsInternal", StrictEqualsInternal),
      TH_METHOD("instanceOf", InstanceOf),
      TH_METHOD("statusInstanceOf", StatusInstanceOf),
      TH_METHOD("newPoint", NewPoint),
      TH_METHOD("instanceOfInternal", InstanceOfInternal),
      TH_METHOD("coerceToBool", CoerceToBool),
      TH_METHOD("coerceToNumber", CoerceToNumber),
      TH_METHOD("coerceToString", CoerceToString),
      TH_METHOD("coerceToStringDouble", CoerceToStringDouble),
      TH_METHOD("coerceToObject", CoerceToObject),
      TH_METHOD("coerceToObjectType", CoerceToObjectType),
      TH_METHOD("coerceObjectIdentity", CoerceObjectIdentity),
      TH_METHOD("statusCoerce", StatusCoerce),
      TH_METHOD("createBigintInt64", CreateBigintInt64),
      TH_METHOD("createBigintUint64", CreateBigintUint64),
      TH_METHOD("createBigintWords", CreateBigintWords),
      TH_METHOD("statusCreateBigintWordsTooMany", StatusCreateBigintWordsTooMany),
      TH_METHOD("getBigintInt64", GetBigintInt64),
      TH_METHOD("getBigintUint64", GetBigintUint64),
      TH_METHOD("getBigintWordCount", GetBigintWordCount),
      TH_METHOD("getBigintWords", GetBigintWords),
      TH_METHOD("statusBigint", StatusBigint),
      TH_METHOD("createDate", CreateDate),
      TH_METHOD("isDate", IsDate),
      TH_METHOD("getDateValue", GetDateValue),
      TH_METHOD("dateRoundTrip", DateRoundTrip),
      TH_METHOD("statusGetDateValue", StatusGetDateValue),
      TH_METHOD("createSymbol", CreateSymbol),
      TH_METHOD("statusCreateSymbol", StatusCreateSymbol),
      TH_METHOD("symbolFor", SymbolFor),
      TH_METHOD("symbolForPrefix", SymbolForPrefix),
      TH_METHOD("symbolIdentity", SymbolIdentity),
      TH_METHOD("getVersion", GetVersion),
      TH_METHOD("getNodeVersion", GetNodeVersion),
      TH_METHOD("nodeVersionStable", NodeVersionStable),
      TH_METHOD("nullStatuses", NullStatuses),
  };
  TH_EXPORT_TABLE(env, exports, props);

  napi_value point;
  NODE_API_CALL(env, napi_define_class(env, "Point", NAPI_AUTO_LENGTH, PointCtor,
                                       NULL, 0, NULL, &point));
  NODE_API_CALL(env, napi_create_reference(env, point, 1, &point_ctor_ref));
  NODE_API_CALL(env, napi_set_named_property(env, exports, "Point", point));
  return exports;
}
