/* Differential test addon: each export runs a batch of Node-API calls on edge
 * inputs made in C (so that Node and napi-python see the very same calls) and
 * returns a plain text report, one line per case: statuses, values, and the
 * name and message of any exception left pending.  tests/test_semantics.py
 * compares the reports with what Node 20 printed for the same addon
 * (tests/node_reference/semantics.js re-measures them). */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include "report.h"

/* ---- describing values ---------------------------------------------------- */

static void fmt_value(napi_env env, Report* r, napi_value v);

static void fmt_symbol(napi_env env, Report* r, napi_value v) { rp(r, "symbol"); }

static void fmt_object(napi_env env, Report* r, napi_value v) {
  bool b = false;
  rp(r, "object");
  if (napi_is_array(env, v, &b) == napi_ok && b) {
    uint32_t n = 0;
    napi_get_array_length(env, v, &n);
    rp(r, ":array(%u)", n);
  }
  if (napi_is_date(env, v, &b) == napi_ok && b) {
    double d = 0;
    napi_get_date_value(env, v, &d);
    rp(r, ":date(");
    fmt_double(r, d);
    rp(r, ")");
  }
  if (napi_is_error(env, v, &b) == napi_ok && b) rp(r, ":error");
  if (napi_is_promise(env, v, &b) == napi_ok && b) rp(r, ":promise");
  if (napi_is_arraybuffer(env, v, &b) == napi_ok && b) rp(r, ":arraybuffer");
  if (napi_is_typedarray(env, v, &b) == napi_ok && b) rp(r, ":typedarray");
  if (napi_is_dataview(env, v, &b) == napi_ok && b) rp(r, ":dataview");
}

/* The pending exception, if any, as " !Name: message" (and cleared). */
static void fmt_exc(napi_env env, Report* r) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) return;
  napi_value e = NULL, name = NULL, msg = NULL;
  napi_get_and_clear_last_exception(env, &e);
  rp(r, " !");
  napi_valuetype t;
  if (napi_typeof(env, e, &t) == napi_ok && (t == napi_object || t == napi_function) &&
      napi_get_named_property(env, e, "name", &name) == napi_ok &&
      napi_get_named_property(env, e, "message", &msg) == napi_ok) {
    fmt_value(env, r, name);
    rp(r, ": ");
    fmt_value(env, r, msg);
    napi_value code = NULL;
    if (napi_get_named_property(env, e, "code", &code) == napi_ok &&
        napi_typeof(env, code, &t) == napi_ok && t != napi_undefined) {
      rp(r, " code=");
      fmt_value(env, r, code);
    }
  } else {
    fmt_value(env, r, e);
  }
}

/* ---- the values ----------------------------------------------------------- */

static napi_value noop(napi_env env, napi_callback_info info) { return NULL; }

static const char* const kValueNames[] = {
    "undefined", "null", "true", "false", "int32 0", "-0", "NaN", "Infinity", "-Infinity",
    "1.5", "-1.5", "2.5", "-2.7", "2^31", "-2^31-1", "2^32+5", "-(2^32+5)", "2^53+2",
    "2^63", "-2^63", "1e300", "-1e300", "5e-324", "int64 max", "uint32 max", "int32 min",
    "''", "' 12 '", "'0x1F'", "'0b11'", "'0o17'", "'1e3'", "'abc'", "' \\t\\n'", "'-0'",
    "'Infinity'", "'-Infinity'", "'12px'", "'+5'", "'.5'", "'5.'", "'1_000'", "'0x'",
    "'\\u00a0 7 \\u2028'", "'-0x10'",
    "0n", "5n", "-5n", "2^64+1 n", "-(2^64) n", "symbol('d')", "symbol()", "{}", "{a:1}",
    "[]", "[7]", "[1,2]", "[null,undefined]", "[[1,2],3]", "function", "date(0)",
    "date(NaN)", "date(1.5e12)", "arraybuffer(8)", "uint8array(4)", "dataview(8)",
    "buffer(3)", "external", "error", "typeerror", "promise"};
#define N_VALUES (sizeof(kValueNames) / sizeof(kValueNames[0]))

static napi_value make_value(napi_env env, size_t i) {
  napi_value v = NULL, x = NULL;
  const char* name = kValueNames[i];
  if (!strcmp(name, "undefined")) napi_get_undefined(env, &v);
  else if (!strcmp(name, "null")) napi_get_null(env, &v);
  else if (!strcmp(name, "true")) napi_get_boolean(env, true, &v);
  else if (!strcmp(name, "false")) napi_get_boolean(env, false, &v);
  else if (!strcmp(name, "int32 0")) napi_create_int32(env, 0, &v);
  else if (!strcmp(name, "-0")) v = dbl(env, -0.0);
  else if (!strcmp(name, "NaN")) v = dbl(env, NAN);
  else if (!strcmp(name, "Infinity")) v = dbl(env, INFINITY);
  else if (!strcmp(name, "-Infinity")) v = dbl(env, -INFINITY);
  else if (!strcmp(name, "1.5")) v = dbl(env, 1.5);
  else if (!strcmp(name, "-1.5")) v = dbl(env, -1.5);
  else if (!strcmp(name, "2.5")) v = dbl(env, 2.5);
  else if (!strcmp(name, "-2.7")) v = dbl(env, -2.7);
  else if (!strcmp(name, "2^31")) v = dbl(env, 2147483648.0);
  else if (!strcmp(name, "-2^31-1")) v = dbl(env, -2147483649.0);
  else if (!strcmp(name, "2^32+5")) v = dbl(env, 4294967301.0);
  else if (!strcmp(name, "-(2^32+5)")) v = dbl(env, -4294967301.0);
  else if (!strcmp(name, "2^53+2")) v = dbl(env, 9007199254740994.0);
  else if (!strcmp(name, "2^63")) v = dbl(env, 9223372036854775808.0);
  else if (!strcmp(name, "-2^63")) v = dbl(env, -9223372036854775808.0);
  else if (!strcmp(name, "1e300")) v = dbl(env, 1e300);
  else if (!strcmp(name, "-1e300")) v = dbl(env, -1e300);
  else if (!strcmp(name, "5e-324")) v = dbl(env, 5e-324);
  else if (!strcmp(name, "int64 max")) napi_create_int64(env, INT64_MAX, &v);
  else if (!strcmp(name, "uint32 max")) napi_create_uint32(env, UINT32_MAX, &v);
  else if (!strcmp(name, "int32 min")) napi_create_int32(env, INT32_MIN, &v);
  else if (!strcmp(name, "''")) v = s8(env, "");
  else if (!strcmp(name, "' 12 '")) v = s8(env, " 12 ");
  else if (!strcmp(name, "'0x1F'")) v = s8(env, "0x1F");
  else if (!strcmp(name, "'0b11'")) v = s8(env, "0b11");
  else if (!strcmp(name, "'0o17'")) v = s8(env, "0o17");
  else if (!strcmp(name, "'1e3'")) v = s8(env, "1e3");
  else if (!strcmp(name, "'abc'")) v = s8(env, "abc");
  else if (!strcmp(name, "' \\t\\n'")) v = s8(env, " \t\n");
  else if (!strcmp(name, "'-0'")) v = s8(env, "-0");
  else if (!strcmp(name, "'Infinity'")) v = s8(env, "Infinity");
  else if (!strcmp(name, "'-Infinity'")) v = s8(env, "-Infinity");
  else if (!strcmp(name, "'12px'")) v = s8(env, "12px");
  else if (!strcmp(name, "'+5'")) v = s8(env, "+5");
  else if (!strcmp(name, "'.5'")) v = s8(env, ".5");
  else if (!strcmp(name, "'5.'")) v = s8(env, "5.");
  else if (!strcmp(name, "'1_000'")) v = s8(env, "1_000");
  else if (!strcmp(name, "'0x'")) v = s8(env, "0x");
  else if (!strcmp(name, "'\\u00a0 7 \\u2028'")) v = s8(env, "\xc2\xa0 7 \xe2\x80\xa8");
  else if (!strcmp(name, "'-0x10'")) v = s8(env, "-0x10");
  else if (!strcmp(name, "0n")) napi_create_bigint_int64(env, 0, &v);
  else if (!strcmp(name, "5n")) napi_create_bigint_int64(env, 5, &v);
  else if (!strcmp(name, "-5n")) napi_create_bigint_int64(env, -5, &v);
  else if (!strcmp(name, "2^64+1 n")) {
    uint64_t w[2] = {1, 1};
    napi_create_bigint_words(env, 0, 2, w, &v);
  } else if (!strcmp(name, "-(2^64) n")) {
    uint64_t w[2] = {0, 1};
    napi_create_bigint_words(env, 1, 2, w, &v);
  } else if (!strcmp(name, "symbol('d')")) napi_create_symbol(env, s8(env, "d"), &v);
  else if (!strcmp(name, "symbol()")) napi_create_symbol(env, NULL, &v);
  else if (!strcmp(name, "{}")) napi_create_object(env, &v);
  else if (!strcmp(name, "{a:1}")) {
    napi_create_object(env, &v);
    napi_set_named_property(env, v, "a", dbl(env, 1));
  } else if (!strcmp(name, "[]")) napi_create_array(env, &v);
  else if (!strcmp(name, "[7]")) {
    napi_create_array(env, &v);
    napi_set_element(env, v, 0, dbl(env, 7));
  } else if (!strcmp(name, "[1,2]")) {
    napi_create_array(env, &v);
    napi_set_element(env, v, 0, dbl(env, 1));
    napi_set_element(env, v, 1, dbl(env, 2));
  } else if (!strcmp(name, "[null,undefined]")) {
    napi_create_array(env, &v);
    napi_get_null(env, &x);
    napi_set_element(env, v, 0, x);
    napi_get_undefined(env, &x);
    napi_set_element(env, v, 1, x);
  } else if (!strcmp(name, "[[1,2],3]")) {
    napi_create_array(env, &v);
    napi_create_array(env, &x);
    napi_set_element(env, x, 0, dbl(env, 1));
    napi_set_element(env, x, 1, dbl(env, 2));
    napi_set_element(env, v, 0, x);
    napi_set_element(env, v, 1, dbl(env, 3));
  } else if (!strcmp(name, "function")) napi_create_function(env, "f", 1, noop, NULL, &v);
  else if (!strcmp(name, "date(0)")) napi_create_date(env, 0, &v);
  else if (!strcmp(name, "date(NaN)")) napi_create_date(env, NAN, &v);
  else if (!strcmp(name, "date(1.5e12)")) napi_create_date(env, 1.5e12, &v);
  else if (!strcmp(name, "arraybuffer(8)")) napi_create_arraybuffer(env, 8, NULL, &v);
  else if (!strcmp(name, "uint8array(4)")) {
    napi_create_arraybuffer(env, 4, NULL, &x);
    napi_create_typedarray(env, napi_uint8_array, 4, x, 0, &v);
  } else if (!strcmp(name, "dataview(8)")) {
    napi_create_arraybuffer(env, 8, NULL, &x);
    napi_create_dataview(env, 8, x, 0, &v);
  } else if (!strcmp(name, "buffer(3)")) {
    void* data;
    napi_create_buffer_copy(env, 3, "abc", &data, &v);
  } else if (!strcmp(name, "external")) napi_create_external(env, (void*)1, NULL, NULL, &v);
  else if (!strcmp(name, "error")) napi_create_error(env, NULL, s8(env, "boom"), &v);
  else if (!strcmp(name, "typeerror")) napi_create_type_error(env, s8(env, "C"), s8(env, "bad"), &v);
  else if (!strcmp(name, "promise")) {
    napi_deferred d;
    napi_create_promise(env, &d, &v);
    napi_resolve_deferred(env, d, dbl(env, 1));
  }
  return v;
}

/* ---- batches ------------------------------------------------------------ */

typedef napi_status (*coerce_fn)(napi_env, napi_value, napi_value*);

static napi_value Coerce(napi_env env, napi_callback_info info) {
  static const struct { const char* name; coerce_fn fn; } ops[] = {
      {"bool", napi_coerce_to_bool}, {"number", napi_coerce_to_number},
      {"string", napi_coerce_to_string}, {"object", napi_coerce_to_object}};
  Report r;
  rp_init(&r);
  for (size_t i = 0; i < N_VALUES; i++) {
    for (size_t k = 0; k < 4; k++) {
      napi_handle_scope scope;
      napi_open_handle_scope(env, &scope);
      napi_value v = make_value(env, i), out = NULL;
      napi_status st = ops[k].fn(env, v, &out);
      rp(&r, "coerce_%s %s: st=%d ", ops[k].name, kValueNames[i], (int)st);
      if (st == napi_ok) fmt_value(env, &r, out);
      fmt_exc(env, &r);
      rp(&r, "\n");
      napi_close_handle_scope(env, scope);
    }
  }
  return rp_finish(env, &r);
}

static void pred(napi_env env, Report* r, const char* what,
                 napi_status (*fn)(napi_env, napi_value, bool*), napi_value v) {
  bool b = false;
  napi_status st = fn(env, v, &b);
  if (st == napi_ok) rp(r, " %s=%d", what, (int)b);
  else rp(r, " %s=st%d", what, (int)st);
}

static napi_value Kinds(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  for (size_t i = 0; i < N_VALUES; i++) {
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    napi_value v = make_value(env, i);
    napi_valuetype t = (napi_valuetype)-1;
    napi_status st = napi_typeof(env, v, &t);
    rp(&r, "kind %s: typeof st=%d t=%d", kValueNames[i], (int)st, (int)t);
    pred(env, &r, "array", napi_is_array, v);
    pred(env, &r, "arraybuffer", napi_is_arraybuffer, v);
    pred(env, &r, "buffer", napi_is_buffer, v);
    pred(env, &r, "typedarray", napi_is_typedarray, v);
    pred(env, &r, "dataview", napi_is_dataview, v);
    pred(env, &r, "date", napi_is_date, v);
    pred(env, &r, "error", napi_is_error, v);
    pred(env, &r, "promise", napi_is_promise, v);
    pred(env, &r, "detached", napi_is_detached_arraybuffer, v);
    fmt_exc(env, &r);
    rp(&r, "\n");
    napi_close_handle_scope(env, scope);
  }
  return rp_finish(env, &r);
}

static napi_value Getters(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  for (size_t i = 0; i < N_VALUES; i++) {
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    napi_value v = make_value(env, i);
    napi_status st;
    rp(&r, "get %s:", kValueNames[i]);
    int32_t i32 = 77;
    st = napi_get_value_int32(env, v, &i32);
    rp(&r, " i32=%d/%d", (int)st, (int)i32);
    uint32_t u32 = 77;
    st = napi_get_value_uint32(env, v, &u32);
    rp(&r, " u32=%d/%u", (int)st, (unsigned)u32);
    int64_t i64 = 77;
    st = napi_get_value_int64(env, v, &i64);
    rp(&r, " i64=%d/%lld", (int)st, (long long)i64);
    double d = 77;
    st = napi_get_value_double(env, v, &d);
    rp(&r, " dbl=%d/", (int)st);
    fmt_double(&r, d);
    bool b = true;
    st = napi_get_value_bool(env, v, &b);
    rp(&r, " bool=%d/%d", (int)st, (int)b);
    bool lossless = true;
    i64 = 77;
    st = napi_get_value_bigint_int64(env, v, &i64, &lossless);
    rp(&r, " bi64=%d/%lld/%d", (int)st, (long long)i64, (int)lossless);
    uint64_t u64 = 77;
    lossless = true;
    st = napi_get_value_bigint_uint64(env, v, &u64, &lossless);
    rp(&r, " bu64=%d/%llu/%d", (int)st, (unsigned long long)u64, (int)lossless);
    uint32_t alen = 77;
    st = napi_get_array_length(env, v, &alen);
    rp(&r, " alen=%d/%u", (int)st, (unsigned)alen);
    d = 77;
    st = napi_get_date_value(env, v, &d);
    rp(&r, " date=%d/", (int)st);
    fmt_double(&r, d);
    size_t slen = 77;
    st = napi_get_value_string_utf8(env, v, NULL, 0, &slen);
    rp(&r, " slen=%d/%zu", (int)st, slen);
    void* ext = (void*)77;
    st = napi_get_value_external(env, v, &ext);
    rp(&r, " ext=%d/%p", (int)st, ext);
    fmt_exc(env, &r);
    rp(&r, "\n");
    napi_close_handle_scope(env, scope);
  }
  return rp_finish(env, &r);
}

/* ---- BigInt ------------------------------------------------------------- */

static napi_value Bigints(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  static const struct { int sign; size_t n; uint64_t w[3]; } made[] = {
      {0, 0, {0}}, {1, 0, {0}}, {1, 1, {0}}, {1, 2, {0, 0}}, {0, 3, {5, 0, 0}},
      {1, 1, {5}}, {0, 1, {UINT64_MAX}}, {1, 1, {UINT64_MAX}}, {0, 1, {1ull << 63}},
      {1, 1, {1ull << 63}}, {1, 1, {(1ull << 63) + 1}}, {0, 2, {0, 1}}, {1, 2, {3, 1}},
      {2, 1, {7}}, {-1, 1, {7}}, {0, 3, {1, 2, 3}}};
  for (size_t i = 0; i < sizeof made / sizeof made[0]; i++) {
    napi_value v = NULL;
    napi_status st = napi_create_bigint_words(env, made[i].sign, made[i].n, made[i].w, &v);
    rp(&r, "words sign=%d n=%zu w0=%llx: st=%d ", made[i].sign, made[i].n,
       (unsigned long long)made[i].w[0], (int)st);
    if (st == napi_ok) fmt_value(env, &r, v);
    fmt_exc(env, &r);
    if (st != napi_ok) {
      rp(&r, "\n");
      continue;
    }
    int64_t i64 = 77;
    uint64_t u64 = 77;
    bool lossless = true;
    st = napi_get_value_bigint_int64(env, v, &i64, &lossless);
    rp(&r, " i64=%d/%lld/%d", (int)st, (long long)i64, (int)lossless);
    lossless = true;
    st = napi_get_value_bigint_uint64(env, v, &u64, &lossless);
    rp(&r, " u64=%d/%llu/%d", (int)st, (unsigned long long)u64, (int)lossless);
    /* word_count queries and short buffers */
    size_t count = 77;
    int sign = 77;
    st = napi_get_value_bigint_words(env, v, NULL, &count, NULL);
    rp(&r, " q=%d/%zu", (int)st, count);
    count = 77;
    st = napi_get_value_bigint_words(env, v, &sign, &count, NULL);
    rp(&r, " qs=%d/%zu/%d", (int)st, count, sign);
    uint64_t w[4] = {0xAA, 0xAA, 0xAA, 0xAA};
    count = 0;
    sign = 77;
    st = napi_get_value_bigint_words(env, v, &sign, &count, w);
    rp(&r, " c0=%d/%zu/%d/%llx", (int)st, count, sign, (unsigned long long)w[0]);
    count = 1;
    sign = 77;
    st = napi_get_value_bigint_words(env, v, &sign, &count, w);
    rp(&r, " c1=%d/%zu/%d/%llx,%llx", (int)st, count, sign, (unsigned long long)w[0],
       (unsigned long long)w[1]);
    count = 4;
    sign = 77;
    w[0] = w[1] = w[2] = w[3] = 0xAA;
    st = napi_get_value_bigint_words(env, v, &sign, &count, w);
    rp(&r, " c4=%d/%zu/%d/%llx,%llx,%llx,%llx", (int)st, count, sign,
       (unsigned long long)w[0], (unsigned long long)w[1], (unsigned long long)w[2],
       (unsigned long long)w[3]);
    count = 2;
    st = napi_get_value_bigint_words(env, v, NULL, &count, w);
    rp(&r, " nosign=%d/%zu", (int)st, count);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  static const int64_t i64s[] = {0, -1, INT64_MIN, INT64_MAX};
  for (size_t i = 0; i < 4; i++) {
    napi_value v;
    napi_create_bigint_int64(env, i64s[i], &v);
    rp(&r, "int64 %lld: ", (long long)i64s[i]);
    fmt_value(env, &r, v);
    uint64_t u64 = 77;
    bool lossless = true;
    napi_status st = napi_get_value_bigint_uint64(env, v, &u64, &lossless);
    rp(&r, " u64=%d/%llu/%d\n", (int)st, (unsigned long long)u64, (int)lossless);
  }
  {
    napi_value v;
    napi_create_bigint_uint64(env, UINT64_MAX, &v);
    rp(&r, "uint64 max: ");
    fmt_value(env, &r, v);
    int64_t i64 = 77;
    bool lossless = true;
    napi_status st = napi_get_value_bigint_int64(env, v, &i64, &lossless);
    rp(&r, " i64=%d/%lld/%d\n", (int)st, (long long)i64, (int)lossless);
  }
  {
    napi_value v = NULL;
    napi_status st = napi_create_bigint_words(env, 0, (size_t)INT32_MAX + 1, NULL, &v);
    rp(&r, "words huge count NULL words: st=%d", (int)st);
    fmt_exc(env, &r);
    rp(&r, "\n");
    uint64_t w = 1;
    st = napi_create_bigint_words(env, 0, (size_t)INT32_MAX + 1, &w, &v);
    rp(&r, "words huge count: st=%d", (int)st);
    fmt_exc(env, &r);
    rp(&r, "\n");
    st = napi_create_bigint_words(env, 0, 1, NULL, &v);
    rp(&r, "words NULL words n=1: st=%d", (int)st);
    fmt_exc(env, &r);
    rp(&r, "\n");
    st = napi_create_bigint_words(env, 1, 0, NULL, &v);
    rp(&r, "words NULL words n=0: st=%d ", (int)st);
    if (st == napi_ok) fmt_value(env, &r, v);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  return rp_finish(env, &r);
}

/* ---- strings ------------------------------------------------------------ */

static void hex_bytes(Report* r, const unsigned char* p, size_t n) {
  for (size_t i = 0; i < n; i++) rp(r, i ? " %02x" : "%02x", p[i]);
}

static void read_all_ways(napi_env env, Report* r, const char* label, napi_value v) {
  napi_status st;
  size_t len = 77;
  st = napi_get_value_string_utf8(env, v, NULL, 0, &len);
  rp(r, "%s utf8 query: st=%d len=%zu\n", label, (int)st, len);
  size_t full = len;
  for (size_t bufsize = 0; bufsize <= full + 1 && st == napi_ok; bufsize++) {
    unsigned char buf[64];
    memset(buf, 0xAA, sizeof buf);
    size_t got = 77;
    napi_status s2 = napi_get_value_string_utf8(env, v, (char*)buf, bufsize, &got);
    rp(r, "%s utf8 bufsize=%zu: st=%d got=%zu [", label, bufsize, (int)s2, got);
    hex_bytes(r, buf, bufsize + 1 < sizeof buf ? bufsize + 1 : sizeof buf);
    rp(r, "]\n");
  }
  len = 77;
  st = napi_get_value_string_latin1(env, v, NULL, 0, &len);
  rp(r, "%s latin1 query: st=%d len=%zu\n", label, (int)st, len);
  full = len;
  for (size_t bufsize = 0; bufsize <= full + 1 && st == napi_ok; bufsize++) {
    unsigned char buf[64];
    memset(buf, 0xAA, sizeof buf);
    size_t got = 77;
    napi_status s2 = napi_get_value_string_latin1(env, v, (char*)buf, bufsize, &got);
    rp(r, "%s latin1 bufsize=%zu: st=%d got=%zu [", label, bufsize, (int)s2, got);
    hex_bytes(r, buf, bufsize + 1 < sizeof buf ? bufsize + 1 : sizeof buf);
    rp(r, "]\n");
  }
  len = 77;
  st = napi_get_value_string_utf16(env, v, NULL, 0, &len);
  rp(r, "%s utf16 query: st=%d len=%zu\n", label, (int)st, len);
  full = len;
  for (size_t bufsize = 0; bufsize <= full + 1 && st == napi_ok; bufsize++) {
    char16_t buf[32];
    for (size_t i = 0; i < 32; i++) buf[i] = 0xAAAA;
    size_t got = 77;
    napi_status s2 = napi_get_value_string_utf16(env, v, buf, bufsize, &got);
    rp(r, "%s utf16 bufsize=%zu: st=%d got=%zu [", label, bufsize, (int)s2, got);
    for (size_t i = 0; i < bufsize + 1 && i < 32; i++) rp(r, i ? " %04x" : "%04x", buf[i]);
    rp(r, "]\n");
  }
  fmt_exc(env, r);
}

static napi_value Strings(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  /* Reading: h é € 😀 and an embedded NUL, made from UTF-16 units. */
  static const char16_t mixed[] = {'h', 0xe9, 0x20ac, 0xd83d, 0xde00, 0, 'z'};
  static const char16_t lone[] = {'a', 0xd800, 'b', 0xdc00};
  static const char16_t high[] = {0x100, 0xff, 0x7f, 0x80};
  napi_value v;
  napi_create_string_utf16(env, mixed, 7, &v);
  read_all_ways(env, &r, "mixed", v);
  napi_create_string_utf16(env, lone, 4, &v);
  read_all_ways(env, &r, "lone", v);
  napi_create_string_utf16(env, high, 4, &v);
  read_all_ways(env, &r, "high", v);
  napi_create_string_utf16(env, mixed, 0, &v);
  read_all_ways(env, &r, "empty", v);

  /* Creating from UTF-8, with invalid bytes and explicit lengths. */
  static const struct { const char* label; const char* s; size_t n; } u8[] = {
      {"ff", "\xff", NAPI_AUTO_LENGTH},
      {"a c3", "a\xc3", NAPI_AUTO_LENGTH},
      {"c3 28", "\xc3\x28", NAPI_AUTO_LENGTH},
      {"ed a0 80 (surrogate)", "\xed\xa0\x80", NAPI_AUTO_LENGTH},
      {"ed a0 bd ed b8 80 (pair as CESU-8)", "\xed\xa0\xbd\xed\xb8\x80", NAPI_AUTO_LENGTH},
      {"f4 90 80 80 (>10FFFF)", "\xf4\x90\x80\x80", NAPI_AUTO_LENGTH},
      {"c0 af (overlong)", "\xc0\xaf", NAPI_AUTO_LENGTH},
      {"e0 80 af (overlong)", "\xe0\x80\xaf", NAPI_AUTO_LENGTH},
      {"e2 82 (cut)", "\xe2\x82", NAPI_AUTO_LENGTH},
      {"e2 82 41", "\xe2\x82\x41", NAPI_AUTO_LENGTH},
      {"f0 9f 98 (cut) 41", "\xf0\x9f\x98\x41", NAPI_AUTO_LENGTH},
      {"80 80", "\x80\x80", NAPI_AUTO_LENGTH},
      {"f8 88 80 80 80", "\xf8\x88\x80\x80\x80", NAPI_AUTO_LENGTH},
      {"euro len 2", "\xe2\x82\xac", 2},
      {"emoji len 3", "\xf0\x9f\x98\x80", 3},
      {"nul inside len 3", "a\0b", 3},
      {"len 0", "abc", 0},
      {"bom", "\xef\xbb\xbfx", NAPI_AUTO_LENGTH},
  };
  for (size_t i = 0; i < sizeof u8 / sizeof u8[0]; i++) {
    napi_value s = NULL;
    napi_status st = napi_create_string_utf8(env, u8[i].s, u8[i].n, &s);
    rp(&r, "create utf8 %s: st=%d ", u8[i].label, (int)st);
    if (st == napi_ok) fmt_value(env, &r, s);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  static const struct { const char* label; const char* s; size_t n; } l1[] = {
      {"high bytes", "\xe9\xff\x80", NAPI_AUTO_LENGTH},
      {"nul inside len 3", "a\0\xe9", 3},
  };
  for (size_t i = 0; i < sizeof l1 / sizeof l1[0]; i++) {
    napi_value s = NULL;
    napi_status st = napi_create_string_latin1(env, l1[i].s, l1[i].n, &s);
    rp(&r, "create latin1 %s: st=%d ", l1[i].label, (int)st);
    if (st == napi_ok) fmt_value(env, &r, s);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  static const char16_t u16z[] = {'x', 0xdbff, 0};
  {
    napi_value s = NULL;
    napi_status st = napi_create_string_utf16(env, u16z, NAPI_AUTO_LENGTH, &s);
    rp(&r, "create utf16 auto: st=%d ", (int)st);
    if (st == napi_ok) fmt_value(env, &r, s);
    rp(&r, "\n");
  }
  /* NULL strings and bad lengths. */
  static const struct { const char* label; int which; size_t n; } bad[] = {
      {"NULL len 0", 0, 0}, {"NULL auto", 0, NAPI_AUTO_LENGTH}, {"NULL len 2", 0, 2},
      {"len INT_MAX+1", 1, (size_t)INT32_MAX + 1}, {"len SIZE_MAX-1", 1, SIZE_MAX - 1}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    const char* p = bad[i].which ? "abc" : NULL;
    napi_value s = NULL;
    napi_status st8 = napi_create_string_utf8(env, p, bad[i].n, &s);
    rp(&r, "create bad %s: utf8 st=%d ", bad[i].label, (int)st8);
    if (st8 == napi_ok) fmt_value(env, &r, s);
    fmt_exc(env, &r);
    s = NULL;
    napi_status stl = napi_create_string_latin1(env, p, bad[i].n, &s);
    rp(&r, " latin1 st=%d ", (int)stl);
    if (stl == napi_ok) fmt_value(env, &r, s);
    fmt_exc(env, &r);
    s = NULL;
    napi_status st16 = napi_create_string_utf16(env, p ? u16z : NULL, bad[i].n, &s);
    rp(&r, " utf16 st=%d ", (int)st16);
    if (st16 == napi_ok) fmt_value(env, &r, s);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  /* Reading non-strings. */
  {
    napi_value num = dbl(env, 1);
    char buf[8];
    size_t got = 77;
    napi_status st = napi_get_value_string_utf8(env, num, buf, sizeof buf, &got);
    rp(&r, "read number as utf8: st=%d got=%zu", (int)st, got);
    fmt_exc(env, &r);
    rp(&r, "\n");
    napi_value s = s8(env, "abc");
    st = napi_get_value_string_utf8(env, s, NULL, 0, NULL);
    rp(&r, "utf8 NULL buf NULL result: st=%d\n", (int)st);
    st = napi_get_value_string_utf8(env, s, buf, sizeof buf, NULL);
    rp(&r, "utf8 buf NULL result: st=%d [%s]\n", (int)st, buf);
  }
  return rp_finish(env, &r);
}

/* ---- strict equality ---------------------------------------------------- */

static napi_value Equals(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  static const char* const names[] = {
      "undefined", "null", "true", "int32 0", "-0", "NaN", "1.5", "2^53+2", "''", "'abc'",
      "'-0'", "0n", "5n", "2^64+1 n", "symbol('d')", "{}", "[]", "function", "date(0)",
      "external"};
  size_t n = sizeof names / sizeof names[0];
  napi_value vals[2][32];
  for (int copy = 0; copy < 2; copy++) {
    for (size_t i = 0; i < n; i++) {
      size_t k = 0;
      while (strcmp(kValueNames[k], names[i])) k++;
      vals[copy][i] = make_value(env, k);
    }
  }
  napi_value one_i, one_d, five_d, five_i, abc16;
  napi_create_int32(env, 1, &one_i);
  one_d = dbl(env, 1.0);
  five_d = dbl(env, 5.0);
  napi_create_uint32(env, 5, &five_i);
  static const char16_t abc[] = {'a', 'b', 'c'};
  napi_create_string_utf16(env, abc, 3, &abc16);
  for (size_t i = 0; i < n; i++) {
    rp(&r, "eq %s:", names[i]);
    for (size_t j = 0; j < n; j++) {
      bool b = false;
      napi_status st = napi_strict_equals(env, vals[0][i], vals[1][j], &b);
      if (st != napi_ok) rp(&r, " st%d", (int)st);
      else rp(&r, "%s", b ? " 1" : " 0");
    }
    bool same = false;
    napi_strict_equals(env, vals[0][i], vals[0][i], &same);
    rp(&r, " self=%d\n", (int)same);
  }
  bool b;
  napi_strict_equals(env, one_i, one_d, &b);
  rp(&r, "eq int32 1 / double 1: %d\n", (int)b);
  napi_strict_equals(env, five_d, five_i, &b);
  rp(&r, "eq double 5 / uint32 5: %d\n", (int)b);
  napi_strict_equals(env, abc16, vals[0][9], &b);
  rp(&r, "eq utf16 abc / utf8 abc: %d\n", (int)b);
  napi_value sym_a, sym_b;
  node_api_symbol_for(env, "k", NAPI_AUTO_LENGTH, &sym_a);
  node_api_symbol_for(env, "k", 1, &sym_b);
  napi_strict_equals(env, sym_a, sym_b, &b);
  rp(&r, "eq symbol_for k twice: %d\n", (int)b);
  napi_create_symbol(env, s8(env, "k"), &sym_b);
  napi_strict_equals(env, sym_a, sym_b, &b);
  rp(&r, "eq symbol_for k / symbol k: %d\n", (int)b);
  return rp_finish(env, &r);
}

/* ---- arrays and elements ------------------------------------------------ */

static void elem_state(napi_env env, Report* r, napi_value arr, uint32_t upto) {
  uint32_t len = 77;
  napi_status st = napi_get_array_length(env, arr, &len);
  rp(r, " len=%d/%u [", (int)st, len);
  for (uint32_t i = 0; i < upto; i++) {
    bool has = false;
    napi_has_element(env, arr, i, &has);
    napi_value e = NULL;
    napi_get_element(env, arr, i, &e);
    rp(r, i ? ", %s" : "%s", has ? "" : "hole:");
    fmt_value(env, r, e);
  }
  rp(r, "]");
}

static napi_value Arrays(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  napi_value arr, x;
  napi_status st;
  st = napi_create_array_with_length(env, 3, &arr);
  rp(&r, "with_length 3: st=%d", (int)st);
  elem_state(env, &r, arr, 4);
  rp(&r, "\n");
  st = napi_set_element(env, arr, 5, dbl(env, 9));
  rp(&r, "set [5]: st=%d", (int)st);
  elem_state(env, &r, arr, 7);
  rp(&r, "\n");
  bool res = false;
  st = napi_delete_element(env, arr, 5, &res);
  rp(&r, "delete [5]: st=%d res=%d", (int)st, (int)res);
  elem_state(env, &r, arr, 7);
  rp(&r, "\n");
  st = napi_delete_element(env, arr, 100, &res);
  rp(&r, "delete [100]: st=%d res=%d\n", (int)st, (int)res);
  st = napi_delete_element(env, arr, 0, NULL);
  rp(&r, "delete [0] NULL result: st=%d\n", (int)st);

  napi_create_array(env, &arr);
  napi_set_element(env, arr, 0, dbl(env, 1));
  napi_set_element(env, arr, 1, dbl(env, 2));
  napi_set_element(env, arr, 2, dbl(env, 3));
  st = napi_delete_element(env, arr, 1, &res);
  rp(&r, "delete middle: st=%d res=%d", (int)st, (int)res);
  elem_state(env, &r, arr, 3);
  rp(&r, "\n");
  napi_value key = s8(env, "length");
  st = napi_set_property(env, arr, key, dbl(env, 1));
  rp(&r, "set length 1: st=%d", (int)st);
  elem_state(env, &r, arr, 3);
  rp(&r, "\n");
  st = napi_set_property(env, arr, key, dbl(env, 4));
  rp(&r, "set length 4: st=%d", (int)st);
  elem_state(env, &r, arr, 4);
  rp(&r, "\n");
  st = napi_set_property(env, arr, key, dbl(env, -1));
  rp(&r, "set length -1: st=%d", (int)st);
  fmt_exc(env, &r);
  elem_state(env, &r, arr, 1);
  rp(&r, "\n");
  st = napi_set_property(env, arr, key, dbl(env, 1.5));
  rp(&r, "set length 1.5: st=%d", (int)st);
  fmt_exc(env, &r);
  elem_state(env, &r, arr, 1);
  rp(&r, "\n");
  st = napi_set_property(env, arr, s8(env, "2"), dbl(env, 8));
  rp(&r, "set '2' by name: st=%d", (int)st);
  elem_state(env, &r, arr, 4);
  rp(&r, "\n");
  st = napi_set_property(env, arr, dbl(env, 3), dbl(env, 6));
  rp(&r, "set 3 by number key: st=%d", (int)st);
  elem_state(env, &r, arr, 4);
  rp(&r, "\n");
  st = napi_get_property(env, arr, dbl(env, 3), &x);
  rp(&r, "get 3 by number key: st=%d ", (int)st);
  fmt_value(env, &r, x);
  rp(&r, "\n");
  st = napi_get_property(env, arr, s8(env, "03"), &x);
  rp(&r, "get '03': st=%d ", (int)st);
  fmt_value(env, &r, x);
  rp(&r, "\n");
  st = napi_get_property(env, arr, s8(env, "length"), &x);
  rp(&r, "get length: st=%d ", (int)st);
  fmt_value(env, &r, x);
  rp(&r, "\n");
  bool has = false;
  st = napi_has_own_property(env, arr, s8(env, "length"), &has);
  rp(&r, "has own length: st=%d %d\n", (int)st, (int)has);
  st = napi_has_property(env, arr, s8(env, "push"), &has);
  rp(&r, "has push: st=%d %d\n", (int)st, (int)has);

  /* Elements of non-arrays. */
  static const char* const targets[] = {"{a:1}", "'abc'", "uint8array(4)", "5n", "undefined",
                                        "null", "1.5", "function", "buffer(3)"};
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
    size_t k = 0;
    while (strcmp(kValueNames[k], targets[i])) k++;
    napi_value t = make_value(env, k);
    rp(&r, "elements of %s:", targets[i]);
    x = NULL;
    st = napi_get_element(env, t, 1, &x);
    rp(&r, " get[1]=%d/", (int)st);
    fmt_value(env, &r, x);
    fmt_exc(env, &r);
    has = false;
    st = napi_has_element(env, t, 1, &has);
    rp(&r, " has[1]=%d/%d", (int)st, (int)has);
    fmt_exc(env, &r);
    st = napi_set_element(env, t, 1, dbl(env, 200));
    rp(&r, " set[1]=%d", (int)st);
    fmt_exc(env, &r);
    x = NULL;
    napi_get_element(env, t, 1, &x);
    rp(&r, " then ");
    fmt_value(env, &r, x);
    fmt_exc(env, &r);
    res = false;
    st = napi_delete_element(env, t, 1, &res);
    rp(&r, " del[1]=%d/%d", (int)st, (int)res);
    fmt_exc(env, &r);
    x = NULL;
    st = napi_get_named_property(env, t, "length", &x);
    rp(&r, " .length=%d/", (int)st);
    fmt_value(env, &r, x);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  /* get_element past the end of a typed array, negative-looking indices */
  return rp_finish(env, &r);
}

/* ---- objects: freeze, seal, keys, prototypes ---------------------------- */

static void obj_ops(napi_env env, Report* r, const char* label, napi_value o) {
  napi_status st;
  st = napi_set_named_property(env, o, "a", dbl(env, 2));
  rp(r, "%s: set a=%d", label, (int)st);
  fmt_exc(env, r);
  st = napi_set_named_property(env, o, "b", dbl(env, 3));
  rp(r, " set new b=%d", (int)st);
  fmt_exc(env, r);
  bool res = false;
  st = napi_delete_property(env, o, s8(env, "a"), &res);
  rp(r, " delete a=%d/%d", (int)st, (int)res);
  fmt_exc(env, r);
  res = false;
  st = napi_delete_property(env, o, s8(env, "zz"), &res);
  rp(r, " delete missing=%d/%d", (int)st, (int)res);
  fmt_exc(env, r);
  napi_property_descriptor d = {"c", NULL, NULL, NULL, NULL, dbl(env, 4), napi_default, NULL};
  st = napi_define_properties(env, o, 1, &d);
  rp(r, " define c=%d", (int)st);
  fmt_exc(env, r);
  napi_value x = NULL;
  napi_get_named_property(env, o, "a", &x);
  rp(r, " a=");
  fmt_value(env, r, x);
  x = NULL;
  napi_get_named_property(env, o, "b", &x);
  rp(r, " b=");
  fmt_value(env, r, x);
  x = NULL;
  napi_get_named_property(env, o, "c", &x);
  rp(r, " c=");
  fmt_value(env, r, x);
  rp(r, "\n");
}

static napi_value Objects(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  napi_value o;
  napi_status st;
  napi_create_object(env, &o);
  napi_set_named_property(env, o, "a", dbl(env, 1));
  st = napi_object_freeze(env, o);
  rp(&r, "freeze: st=%d\n", (int)st);
  obj_ops(env, &r, "frozen", o);
  napi_create_object(env, &o);
  napi_set_named_property(env, o, "a", dbl(env, 1));
  st = napi_object_seal(env, o);
  rp(&r, "seal: st=%d\n", (int)st);
  obj_ops(env, &r, "sealed", o);
  napi_create_object(env, &o);
  napi_set_named_property(env, o, "a", dbl(env, 1));
  obj_ops(env, &r, "plain", o);
  /* a read-only, non-configurable property */
  napi_create_object(env, &o);
  napi_property_descriptor ro = {"a", NULL, NULL, NULL, NULL, dbl(env, 1), napi_enumerable, NULL};
  napi_define_properties(env, o, 1, &ro);
  obj_ops(env, &r, "readonly a", o);
  /* redefining a non-configurable property */
  napi_property_descriptor ro2 = {"a", NULL, NULL, NULL, NULL, dbl(env, 9), napi_enumerable, NULL};
  st = napi_define_properties(env, o, 1, &ro2);
  rp(&r, "redefine readonly a: st=%d", (int)st);
  fmt_exc(env, &r);
  rp(&r, "\n");

  /* freezing and sealing arrays and other kinds */
  static const char* const targets[] = {"[1,2]", "function", "uint8array(4)", "'abc'", "1.5",
                                        "undefined", "date(0)", "error"};
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
    size_t k = 0;
    while (strcmp(kValueNames[k], targets[i])) k++;
    napi_value t = make_value(env, k);
    st = napi_object_freeze(env, t);
    rp(&r, "freeze %s: st=%d", targets[i], (int)st);
    fmt_exc(env, &r);
    t = make_value(env, k);
    st = napi_object_seal(env, t);
    rp(&r, " seal st=%d", (int)st);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  {
    napi_value a = make_value(env, 56); /* [1,2] */
    size_t k = 0;
    while (strcmp(kValueNames[k], "[1,2]")) k++;
    a = make_value(env, k);
    napi_object_freeze(env, a);
    st = napi_set_element(env, a, 0, dbl(env, 5));
    rp(&r, "frozen array set[0]: st=%d", (int)st);
    fmt_exc(env, &r);
    st = napi_set_element(env, a, 5, dbl(env, 5));
    rp(&r, " set[5]: st=%d", (int)st);
    fmt_exc(env, &r);
    bool res = true;
    st = napi_delete_element(env, a, 0, &res);
    rp(&r, " del[0]: st=%d/%d", (int)st, (int)res);
    fmt_exc(env, &r);
    elem_state(env, &r, a, 3);
    rp(&r, "\n");
  }
  /* property keys of the wrong kind */
  napi_create_object(env, &o);
  static const char* const keys[] = {"1.5", "true", "null", "undefined", "5n", "{}", "[1,2]",
                                     "symbol('d')", "-0", "NaN"};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    size_t k = 0;
    while (strcmp(kValueNames[k], keys[i])) k++;
    napi_value key = make_value(env, k), x = NULL;
    st = napi_set_property(env, o, key, dbl(env, (double)i));
    rp(&r, "key %s: set=%d", keys[i], (int)st);
    fmt_exc(env, &r);
    st = napi_get_property(env, o, key, &x);
    rp(&r, " get=%d/", (int)st);
    fmt_value(env, &r, x);
    fmt_exc(env, &r);
    bool has = false;
    st = napi_has_own_property(env, o, key, &has);
    rp(&r, " has_own=%d/%d", (int)st, (int)has);
    fmt_exc(env, &r);
    st = napi_has_property(env, o, key, &has);
    rp(&r, " has=%d/%d", (int)st, (int)has);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  /* what the stringified keys became */
  {
    static const char* const probe[] = {"1.5", "true", "null", "undefined", "5", "[object Object]",
                                        "1,2", "0", "-0", "NaN"};
    rp(&r, "keys stored:");
    for (size_t i = 0; i < sizeof probe / sizeof probe[0]; i++) {
      napi_value x = NULL;
      napi_get_named_property(env, o, probe[i], &x);
      rp(&r, " %s=", probe[i]);
      fmt_value(env, &r, x);
    }
    rp(&r, "\n");
  }
  /* named properties on the other kinds of objects */
  static const char* const kinds[] = {"arraybuffer(8)", "uint8array(4)", "dataview(8)",
                                      "buffer(3)", "date(0)", "error", "external", "promise",
                                      "function", "symbol()"};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    size_t k = 0;
    while (strcmp(kValueNames[k], kinds[i])) k++;
    napi_value t = make_value(env, k), x = NULL;
    st = napi_set_named_property(env, t, "extra", dbl(env, 7));
    rp(&r, "named on %s: set=%d", kinds[i], (int)st);
    fmt_exc(env, &r);
    st = napi_get_named_property(env, t, "extra", &x);
    rp(&r, " get=%d/", (int)st);
    fmt_value(env, &r, x);
    fmt_exc(env, &r);
    bool has = false;
    st = napi_has_own_property(env, t, s8(env, "extra"), &has);
    rp(&r, " own=%d/%d", (int)st, (int)has);
    fmt_exc(env, &r);
    bool res = false;
    st = napi_delete_property(env, t, s8(env, "extra"), &res);
    rp(&r, " delete=%d/%d", (int)st, (int)res);
    fmt_exc(env, &r);
    x = NULL;
    napi_get_named_property(env, t, "extra", &x);
    rp(&r, " then=");
    fmt_value(env, &r, x);
    rp(&r, "\n");
  }
  /* properties on primitives */
  static const char* const prims[] = {"'abc'", "1.5", "true", "5n", "symbol('d')", "undefined",
                                      "null"};
  for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++) {
    size_t k = 0;
    while (strcmp(kValueNames[k], prims[i])) k++;
    napi_value p = make_value(env, k), x = NULL;
    st = napi_get_named_property(env, p, "length", &x);
    rp(&r, "prim %s: get length=%d/", prims[i], (int)st);
    fmt_value(env, &r, x);
    fmt_exc(env, &r);
    st = napi_set_named_property(env, p, "q", dbl(env, 1));
    rp(&r, " set q=%d", (int)st);
    fmt_exc(env, &r);
    bool has = false;
    st = napi_has_named_property(env, p, "toString", &has);
    rp(&r, " has toString=%d/%d", (int)st, (int)has);
    fmt_exc(env, &r);
    x = NULL;
    st = napi_get_prototype(env, p, &x);
    rp(&r, " proto=%d", (int)st);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  return rp_finish(env, &r);
}

/* ---- instanceof, dates, symbols ----------------------------------------- */

static napi_value Misc(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  napi_status st;
  static const char* const ctors[] = {"{a:1}", "undefined", "1.5", "'abc'", "symbol('d')",
                                      "[1,2]", "function"};
  static const char* const objs[] = {"{}", "1.5", "undefined", "date(0)"};
  for (size_t i = 0; i < sizeof ctors / sizeof ctors[0]; i++) {
    for (size_t j = 0; j < sizeof objs / sizeof objs[0]; j++) {
      size_t k = 0, m = 0;
      while (strcmp(kValueNames[k], ctors[i])) k++;
      while (strcmp(kValueNames[m], objs[j])) m++;
      bool res = true;
      st = napi_instanceof(env, make_value(env, m), make_value(env, k), &res);
      rp(&r, "instanceof %s %s: st=%d res=%d", objs[j], ctors[i], (int)st, (int)res);
      fmt_exc(env, &r);
      rp(&r, "\n");
    }
  }
  static const double times[] = {NAN, INFINITY, -INFINITY, 8.64e15, 8.64e15 + 1, -8.64e15,
                                 -8.64e15 - 1, 1.7, -1.7, -0.0, 0.5, -0.5, 1e300};
  for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
    napi_value d = NULL;
    st = napi_create_date(env, times[i], &d);
    rp(&r, "date ");
    fmt_double(&r, times[i]);
    rp(&r, ": st=%d", (int)st);
    double back = 77;
    napi_status s2 = napi_get_date_value(env, d, &back);
    rp(&r, " value=%d/", (int)s2);
    fmt_double(&r, back);
    bool is = false;
    napi_is_date(env, d, &is);
    rp(&r, " is_date=%d", (int)is);
    napi_value n = NULL;
    napi_coerce_to_number(env, d, &n);
    rp(&r, " number=");
    fmt_value(env, &r, n);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  /* symbols */
  {
    napi_value sym = NULL, desc = NULL;
    st = napi_create_symbol(env, dbl(env, 1), &sym);
    rp(&r, "symbol number description: st=%d", (int)st);
    fmt_exc(env, &r);
    rp(&r, "\n");
    st = napi_create_symbol(env, s8(env, ""), &sym);
    napi_get_named_property(env, sym, "description", &desc);
    rp(&r, "symbol '' description: st=%d desc=", (int)st);
    fmt_value(env, &r, desc);
    rp(&r, "\n");
    st = napi_create_symbol(env, NULL, &sym);
    desc = NULL;
    napi_get_named_property(env, sym, "description", &desc);
    rp(&r, "symbol NULL description: st=%d desc=", (int)st);
    fmt_value(env, &r, desc);
    rp(&r, "\n");
    st = node_api_symbol_for(env, "", 0, &sym);
    desc = NULL;
    napi_get_named_property(env, sym, "description", &desc);
    rp(&r, "symbol_for '': st=%d desc=", (int)st);
    fmt_value(env, &r, desc);
    rp(&r, "\n");
    st = node_api_symbol_for(env, "abcdef", 3, &sym);
    desc = NULL;
    napi_get_named_property(env, sym, "description", &desc);
    rp(&r, "symbol_for abcdef len 3: st=%d desc=", (int)st);
    fmt_value(env, &r, desc);
    rp(&r, "\n");
    st = node_api_symbol_for(env, "\xff", NAPI_AUTO_LENGTH, &sym);
    desc = NULL;
    napi_get_named_property(env, sym, "description", &desc);
    rp(&r, "symbol_for ff: st=%d desc=", (int)st);
    fmt_value(env, &r, desc);
    rp(&r, "\n");
    napi_value str = NULL;
    st = napi_coerce_to_string(env, sym, &str);
    rp(&r, "symbol to string: st=%d", (int)st);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  /* errors made with odd arguments */
  {
    static const char* const codes[] = {"undefined", "null", "1.5", "'abc'"};
    static const char* const msgs[] = {"'abc'", "1.5", "undefined", "{}"};
    for (size_t i = 0; i < 4; i++) {
      for (size_t j = 0; j < 4; j++) {
        size_t k = 0, m = 0;
        while (strcmp(kValueNames[k], codes[i])) k++;
        while (strcmp(kValueNames[m], msgs[j])) m++;
        napi_value code = make_value(env, k), msg = make_value(env, m), e = NULL;
        st = napi_create_error(env, i == 0 ? NULL : code, msg, &e);
        rp(&r, "create_error code=%s msg=%s: st=%d", i == 0 ? "NULL" : codes[i], msgs[j],
           (int)st);
        fmt_exc(env, &r);
        if (st == napi_ok) {
          napi_value x = NULL;
          napi_get_named_property(env, e, "message", &x);
          rp(&r, " message=");
          fmt_value(env, &r, x);
          x = NULL;
          napi_get_named_property(env, e, "code", &x);
          rp(&r, " code=");
          fmt_value(env, &r, x);
          bool has = false;
          napi_has_own_property(env, e, s8(env, "code"), &has);
          rp(&r, " own code=%d", (int)has);
        }
        rp(&r, "\n");
      }
    }
  }
  return rp_finish(env, &r);
}

/* ---- binary data --------------------------------------------------------- */

static void ta_info(napi_env env, Report* r, napi_value ta) {
  napi_typedarray_type type = (napi_typedarray_type)77;
  size_t length = 77, off = 77;
  void* data = (void*)77;
  napi_value ab = NULL;
  napi_status st = napi_get_typedarray_info(env, ta, &type, &length, &data, &ab, &off);
  rp(r, " info=%d type=%d len=%zu off=%zu data=%s", (int)st, (int)type, length, off,
     data == NULL ? "NULL" : data == (void*)77 ? "untouched" : "ptr");
  fmt_exc(env, r);
}

static napi_value Binary(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  napi_value ab, ta;
  napi_status st;
  void* data;
  napi_create_arraybuffer(env, 16, &data, &ab);
  static const struct { napi_typedarray_type t; size_t len, off; } cases[] = {
      {napi_int32_array, 2, 1}, {napi_int32_array, 2, 4}, {napi_int32_array, 4, 4},
      {napi_int32_array, 4, 0}, {napi_int32_array, 5, 0}, {napi_uint8_array, 0, 16},
      {napi_uint8_array, 1, 16}, {napi_uint8_array, 0, 17}, {napi_float64_array, 1, 8},
      {napi_float64_array, 1, 12}, {napi_bigint64_array, 2, 0}, {napi_int16_array, 1, 15},
      {napi_uint8_clamped_array, 16, 0}, {(napi_typedarray_type)99, 1, 0},
      {napi_uint8_array, (size_t)1 << 40, 0}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ta = NULL;
    st = napi_create_typedarray(env, cases[i].t, cases[i].len, ab, cases[i].off, &ta);
    rp(&r, "typedarray type=%d len=%zu off=%zu: st=%d", (int)cases[i].t, cases[i].len,
       cases[i].off, (int)st);
    fmt_exc(env, &r);
    if (st == napi_ok) ta_info(env, &r, ta);
    rp(&r, "\n");
  }
  {
    napi_value obj;
    napi_create_object(env, &obj);
    st = napi_create_typedarray(env, napi_uint8_array, 1, obj, 0, &ta);
    rp(&r, "typedarray on object: st=%d", (int)st);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  static const struct { size_t len, off; } dv[] = {{16, 0}, {17, 0}, {0, 16}, {1, 16}, {0, 17},
                                                   {4, 13}, {4, 12}};
  for (size_t i = 0; i < sizeof dv / sizeof dv[0]; i++) {
    napi_value v = NULL;
    st = napi_create_dataview(env, dv[i].len, ab, dv[i].off, &v);
    rp(&r, "dataview len=%zu off=%zu: st=%d", dv[i].len, dv[i].off, (int)st);
    fmt_exc(env, &r);
    if (st == napi_ok) {
      size_t bl = 77, bo = 77;
      napi_get_dataview_info(env, v, &bl, NULL, NULL, &bo);
      rp(&r, " info len=%zu off=%zu", bl, bo);
    }
    rp(&r, "\n");
  }
  /* detaching */
  {
    napi_value ab2, view, dview;
    void* d2;
    napi_create_arraybuffer(env, 8, &d2, &ab2);
    napi_create_typedarray(env, napi_uint16_array, 2, ab2, 2, &view);
    napi_create_dataview(env, 4, ab2, 4, &dview);
    bool det = true;
    napi_is_detached_arraybuffer(env, ab2, &det);
    rp(&r, "before detach: detached=%d", (int)det);
    ta_info(env, &r, view);
    rp(&r, "\n");
    st = napi_detach_arraybuffer(env, ab2);
    rp(&r, "detach: st=%d", (int)st);
    fmt_exc(env, &r);
    det = false;
    napi_is_detached_arraybuffer(env, ab2, &det);
    rp(&r, " detached=%d", (int)det);
    size_t bl = 77;
    void* p = (void*)77;
    st = napi_get_arraybuffer_info(env, ab2, &p, &bl);
    rp(&r, " abinfo=%d len=%zu data=%s", (int)st, bl, p == NULL ? "NULL" : "ptr");
    ta_info(env, &r, view);
    size_t dl = 77, doff = 77;
    p = (void*)77;
    st = napi_get_dataview_info(env, dview, &dl, &p, NULL, &doff);
    rp(&r, " dvinfo=%d len=%zu off=%zu data=%s", (int)st, dl, doff, p == NULL ? "NULL" : "ptr");
    rp(&r, "\n");
    st = napi_detach_arraybuffer(env, ab2);
    rp(&r, "detach again: st=%d", (int)st);
    fmt_exc(env, &r);
    rp(&r, "\n");
    napi_value ta3 = NULL;
    st = napi_create_typedarray(env, napi_uint8_array, 0, ab2, 0, &ta3);
    rp(&r, "typedarray on detached: st=%d", (int)st);
    fmt_exc(env, &r);
    rp(&r, "\n");
    static const char* const others[] = {"uint8array(4)", "{}", "buffer(3)", "1.5"};
    for (size_t i = 0; i < 4; i++) {
      size_t k = 0;
      while (strcmp(kValueNames[k], others[i])) k++;
      st = napi_detach_arraybuffer(env, make_value(env, k));
      rp(&r, "detach %s: st=%d", others[i], (int)st);
      fmt_exc(env, &r);
      rp(&r, "\n");
    }
  }
  /* buffers and typed arrays: what napi_get_buffer_info accepts */
  {
    static const char* const views[] = {"uint8array(4)", "dataview(8)", "buffer(3)",
                                        "arraybuffer(8)"};
    for (size_t i = 0; i < 4; i++) {
      size_t k = 0;
      while (strcmp(kValueNames[k], views[i])) k++;
      napi_value v = make_value(env, k);
      size_t len = 77;
      void* p = NULL;
      st = napi_get_buffer_info(env, v, &p, &len);
      rp(&r, "buffer_info %s: st=%d len=%zu", views[i], (int)st, len);
      fmt_exc(env, &r);
      rp(&r, "\n");
    }
    napi_value f64ab, f64;
    napi_create_arraybuffer(env, 16, NULL, &f64ab);
    napi_create_typedarray(env, napi_float64_array, 1, f64ab, 8, &f64);
    size_t len = 77;
    void* p = NULL;
    st = napi_get_buffer_info(env, f64, &p, &len);
    rp(&r, "buffer_info float64array(1 at 8): st=%d len=%zu\n", (int)st, len);
    bool isb = false;
    napi_is_buffer(env, f64, &isb);
    rp(&r, "is_buffer float64array: %d\n", (int)isb);
  }
  /* external arraybuffers */
  {
    static char mem[8];
    napi_value ext = NULL;
    st = napi_create_external_arraybuffer(env, mem, sizeof mem, NULL, NULL, &ext);
    rp(&r, "external arraybuffer: st=%d", (int)st);
    fmt_exc(env, &r);
    if (st == napi_ok) {
      size_t bl = 77;
      void* p = NULL;
      napi_get_arraybuffer_info(env, ext, &p, &bl);
      rp(&r, " len=%zu same=%d", bl, (int)(p == mem));
      st = napi_detach_arraybuffer(env, ext);
      rp(&r, " detach=%d", (int)st);
      fmt_exc(env, &r);
    }
    rp(&r, "\n");
    ext = NULL;
    st = napi_create_external_arraybuffer(env, NULL, 0, NULL, NULL, &ext);
    rp(&r, "external arraybuffer NULL 0: st=%d", (int)st);
    fmt_exc(env, &r);
    if (st == napi_ok) {
      size_t bl = 77;
      napi_get_arraybuffer_info(env, ext, NULL, &bl);
      rp(&r, " len=%zu", bl);
    }
    rp(&r, "\n");
    napi_value buf = NULL;
    st = napi_create_external_buffer(env, 0, NULL, NULL, NULL, &buf);
    rp(&r, "external buffer NULL 0: st=%d", (int)st);
    fmt_exc(env, &r);
    rp(&r, "\n");
    void* bd = NULL;
    st = napi_create_buffer(env, 0, &bd, &buf);
    rp(&r, "buffer 0: st=%d", (int)st);
    if (st == napi_ok) {
      size_t bl = 77;
      napi_get_buffer_info(env, buf, NULL, &bl);
      rp(&r, " len=%zu", bl);
    }
    rp(&r, "\n");
    st = napi_create_buffer_copy(env, 0, NULL, &bd, &buf);
    rp(&r, "buffer_copy 0 NULL: st=%d", (int)st);
    fmt_exc(env, &r);
    rp(&r, "\n");
    st = napi_create_arraybuffer(env, 0, &bd, &ab);
    rp(&r, "arraybuffer 0: st=%d", (int)st);
    if (st == napi_ok) {
      size_t bl = 77;
      napi_get_arraybuffer_info(env, ab, NULL, &bl);
      rp(&r, " len=%zu", bl);
    }
    rp(&r, "\n");
  }
  {
    /* Buffer.prototype's getters parent (the ArrayBuffer) and offset (byteOffset),
     * on a Buffer viewing an ArrayBuffer from byte 2 (Buffer.from(ab, 2, 3)) and on
     * one napi_create_buffer made */
    napi_value global, buffer_ctor, from, ab8, args[3], view, x, ab_info, made;
    void* bd;
    bool same = false, has = false, own = false;
    napi_get_global(env, &global);
    napi_get_named_property(env, global, "Buffer", &buffer_ctor);
    napi_get_named_property(env, buffer_ctor, "from", &from);
    napi_create_arraybuffer(env, 8, &bd, &ab8);
    args[0] = ab8;
    args[1] = dbl(env, 2);
    args[2] = dbl(env, 3);
    st = napi_call_function(env, buffer_ctor, from, 3, args, &view);
    napi_get_named_property(env, view, "parent", &x);
    napi_strict_equals(env, x, ab8, &same);
    rp(&r, "buffer parent: st=%d ===arraybuffer=%d offset=", (int)st, (int)same);
    napi_get_named_property(env, view, "offset", &x);
    fmt_value(env, &r, x);
    napi_has_property(env, view, s8(env, "parent"), &has);
    napi_has_own_property(env, view, s8(env, "parent"), &own);
    rp(&r, " has=%d own=%d", (int)has, (int)own);
    napi_create_buffer(env, 4, &bd, &made);
    napi_get_named_property(env, made, "parent", &x);
    napi_get_typedarray_info(env, made, NULL, NULL, NULL, &ab_info, NULL);
    napi_strict_equals(env, x, ab_info, &same);
    rp(&r, " created: ===its arraybuffer=%d offset=", (int)same);
    napi_get_named_property(env, made, "offset", &x);
    fmt_value(env, &r, x);
    napi_create_typedarray(env, napi_uint8_array, 2, ab8, 1, &x);
    napi_get_named_property(env, x, "parent", &x);
    rp(&r, " uint8array parent=");
    fmt_value(env, &r, x);
    rp(&r, "\n");
  }
  return rp_finish(env, &r);
}


/* ---- number <-> string ---------------------------------------------------- */

static napi_value Numbers(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  static const double ds[] = {1e21, 1e20, 123456789012345680000.0, 1e-6, 1e-7, -1e-7, 0.1 + 0.2,
                              1.0 / 3, 2.0 / 3, 100, 1e100, 1.7976931348623157e308,
                              2.2250738585072014e-308, 4.9406564584124654e-324, -0.000001,
                              123e-20, 9007199254740993.0, 0.5, 1.25e-5, 4294967295.0,
                              -2147483648.0, 1.5e300, 12345.6789};
  for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++) {
    napi_value s = NULL;
    napi_status st = napi_coerce_to_string(env, dbl(env, ds[i]), &s);
    rp(&r, "tostring %.17g: st=%d ", ds[i], (int)st);
    fmt_value(env, &r, s);
    rp(&r, "\n");
  }
  static const char* const strs[] = {
      "1e1000", "-1e1000", "-", "1.", ".", "e5", "0x1g", "  0x10  ", "0X10", "1__0",
      "\xd9\xa3", "\xe2\x80\x8b" "1", "+0x10", "1n", "Infinityx", "infinity", "+Infinity",
      "0b", "0b2", "0o8", "00012", "-00012", "1e", "1e+", "1E5", ".e1", "0.0000001",
      "\xef\xbb\xbf" "5", "\xe3\x80\x80" "5", "5\x0b", "0x10000000000000001",
      "123456789012345678901234567890", "1.7976931348623159e308", "4.9e-325", "-0.0"};
  for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
    napi_value n = NULL;
    napi_status st = napi_coerce_to_number(env, s8(env, strs[i]), &n);
    rp(&r, "tonumber ");
    fmt_string(env, &r, s8(env, strs[i]));
    rp(&r, ": st=%d ", (int)st);
    fmt_value(env, &r, n);
    rp(&r, "\n");
  }
  return rp_finish(env, &r);
}

/* ---- throwing values and functions ---------------------------------------- */

static napi_value Throws(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  for (size_t i = 0; i < N_VALUES; i++) {
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    napi_value v = make_value(env, i), got = NULL;
    napi_status st = napi_throw(env, v);
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    napi_status s2 = napi_get_and_clear_last_exception(env, &got);
    bool same = false;
    napi_strict_equals(env, v, got, &same);
    bool is_err = false;
    napi_is_error(env, got, &is_err);
    rp(&r, "throw %s: st=%d pending=%d clear=%d same=%d is_error=%d got=", kValueNames[i],
       (int)st, (int)pending, (int)s2, (int)same, (int)is_err);
    fmt_value(env, &r, got);
    rp(&r, "\n");
    napi_close_handle_scope(env, scope);
  }
  napi_value got = NULL;
  napi_status st = napi_get_and_clear_last_exception(env, &got);
  rp(&r, "clear with none pending: st=%d got=", (int)st);
  fmt_value(env, &r, got);
  rp(&r, "\n");
  st = napi_throw_error(env, NULL, "first");
  napi_status st2 = napi_throw_error(env, "C", "second");
  napi_get_and_clear_last_exception(env, &got);
  napi_value msg = NULL;
  napi_get_named_property(env, got, "message", &msg);
  rp(&r, "throw twice: st=%d st2=%d kept=", (int)st, (int)st2);
  fmt_value(env, &r, msg);
  rp(&r, "\n");
  return rp_finish(env, &r);
}

static napi_value Functions(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  napi_status st;
  napi_value fn, x;
  napi_create_function(env, "named", NAPI_AUTO_LENGTH, noop, NULL, &fn);
  napi_get_named_property(env, fn, "name", &x);
  rp(&r, "fn name=");
  fmt_value(env, &r, x);
  napi_get_named_property(env, fn, "length", &x);
  rp(&r, " length=");
  fmt_value(env, &r, x);
  rp(&r, "\n");
  st = napi_set_named_property(env, fn, "name", s8(env, "other"));
  napi_get_named_property(env, fn, "name", &x);
  rp(&r, "fn set name: st=%d now=", (int)st);
  fmt_value(env, &r, x);
  rp(&r, "\n");
  st = napi_set_named_property(env, fn, "length", dbl(env, 5));
  napi_get_named_property(env, fn, "length", &x);
  rp(&r, "fn set length: st=%d now=", (int)st);
  fmt_value(env, &r, x);
  rp(&r, "\n");
  bool has = false;
  napi_has_own_property(env, fn, s8(env, "name"), &has);
  rp(&r, "fn has: own name=%d", (int)has);
  napi_has_own_property(env, fn, s8(env, "prototype"), &has);
  rp(&r, " prototype=%d", (int)has);
  napi_has_property(env, fn, s8(env, "call"), &has);
  rp(&r, " has call=%d", (int)has);
  napi_has_own_property(env, fn, s8(env, "call"), &has);
  rp(&r, " own call=%d\n", (int)has);
  {
    /* a function's constructor is the global Function; its name and length are
     * configurable: deleted, they are Function.prototype's ("" and 0) */
    napi_value global, function_ctor, cls, g;
    bool same = false, res = false, own = false, inherited = false;
    napi_get_global(env, &global);
    napi_get_named_property(env, global, "Function", &function_ctor);
    napi_get_named_property(env, fn, "constructor", &x);
    napi_strict_equals(env, x, function_ctor, &same);
    rp(&r, "fn constructor: ===Function=%d", (int)same);
    napi_define_class(env, "K", NAPI_AUTO_LENGTH, noop, NULL, 0, NULL, &cls);
    napi_get_named_property(env, cls, "constructor", &x);
    napi_strict_equals(env, x, function_ctor, &same);
    rp(&r, " class=%d", (int)same);
    napi_get_named_property(env, function_ctor, "constructor", &x);
    napi_strict_equals(env, x, function_ctor, &same);
    rp(&r, " Function.constructor=%d\n", (int)same);
    static const char* const builtins[] = {"name", "length"};
    for (size_t i = 0; i < 2; i++) {
      napi_value f2;
      napi_create_function(env, "named", NAPI_AUTO_LENGTH, noop, NULL, &f2);
      st = napi_delete_property(env, f2, s8(env, builtins[i]), &res);
      napi_has_own_property(env, f2, s8(env, builtins[i]), &own);
      napi_has_property(env, f2, s8(env, builtins[i]), &inherited);
      napi_get_named_property(env, f2, builtins[i], &g);
      rp(&r, "fn delete %s: st=%d res=%d own=%d has=%d now=", builtins[i], (int)st, (int)res,
         (int)own, (int)inherited);
      fmt_value(env, &r, g);
      st = napi_set_named_property(env, f2, builtins[i], s8(env, "set"));
      napi_get_named_property(env, f2, builtins[i], &g);
      rp(&r, " set st=%d now=", (int)st);
      fmt_value(env, &r, g);
      napi_value names;
      uint32_t n = 0;
      napi_get_all_property_names(env, f2, napi_key_own_only, napi_key_skip_symbols,
                                  napi_key_keep_numbers, &names);
      napi_get_array_length(env, names, &n);
      rp(&r, " own names=%u", n);
      napi_property_descriptor d = {builtins[i], NULL, NULL, NULL, NULL, s8(env, "defined"),
                                    napi_configurable, NULL};
      st = napi_define_properties(env, f2, 1, &d);
      napi_get_named_property(env, f2, builtins[i], &g);
      rp(&r, " define st=%d now=", (int)st);
      fmt_value(env, &r, g);
      st = napi_delete_property(env, cls, s8(env, builtins[i]), &res);
      napi_has_own_property(env, cls, s8(env, builtins[i]), &own);
      napi_get_named_property(env, cls, builtins[i], &g);
      rp(&r, " class: st=%d res=%d own=%d now=", (int)st, (int)res, (int)own);
      fmt_value(env, &r, g);
      rp(&r, "\n");
    }
  }
  napi_create_function(env, NULL, 0, noop, NULL, &fn);
  napi_get_named_property(env, fn, "name", &x);
  rp(&r, "fn NULL name: name=");
  fmt_value(env, &r, x);
  rp(&r, "\n");
  napi_create_function(env, "abcdef", 3, noop, NULL, &fn);
  napi_get_named_property(env, fn, "name", &x);
  rp(&r, "fn name len 3: name=");
  fmt_value(env, &r, x);
  rp(&r, "\n");
  static const char* const targets[] = {"{a:1}", "undefined", "1.5", "'abc'", "[1,2]"};
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
    size_t k = 0;
    while (strcmp(kValueNames[k], targets[i])) k++;
    napi_value t = make_value(env, k), res = NULL, undef;
    napi_get_undefined(env, &undef);
    st = napi_call_function(env, undef, t, 0, NULL, &res);
    rp(&r, "call %s: st=%d", targets[i], (int)st);
    fmt_exc(env, &r);
    res = NULL;
    st = napi_new_instance(env, t, 0, NULL, &res);
    rp(&r, " new st=%d", (int)st);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  /* prototypes */
  {
    napi_value o1, o2, a1, p1, p2, pa, pf;
    napi_create_object(env, &o1);
    napi_create_object(env, &o2);
    napi_create_array(env, &a1);
    napi_get_prototype(env, o1, &p1);
    napi_get_prototype(env, o2, &p2);
    napi_get_prototype(env, a1, &pa);
    napi_get_prototype(env, fn, &pf);
    bool e1 = false, e2 = true, e3 = true;
    napi_strict_equals(env, p1, p2, &e1);
    napi_strict_equals(env, p1, pa, &e2);
    napi_strict_equals(env, p1, pf, &e3);
    rp(&r, "proto {}=={}: %d {}==[]: %d {}==fn: %d\n", (int)e1, (int)e2, (int)e3);
    napi_value pp = NULL;
    napi_get_prototype(env, p1, &pp);
    rp(&r, "proto of Object.prototype: ");
    fmt_value(env, &r, pp);
    rp(&r, "\n");
  }
  /* wrapping and tagging primitives */
  static const char* const prims[] = {"1.5", "'abc'", "undefined", "symbol('d')", "[1,2]",
                                      "function", "external"};
  for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++) {
    size_t k = 0;
    while (strcmp(kValueNames[k], prims[i])) k++;
    napi_value t = make_value(env, k);
    st = napi_wrap(env, t, (void*)1, NULL, NULL, NULL);
    rp(&r, "wrap %s: st=%d", prims[i], (int)st);
    fmt_exc(env, &r);
    void* got = NULL;
    st = napi_unwrap(env, t, &got);
    rp(&r, " unwrap=%d", (int)st);
    fmt_exc(env, &r);
    static const napi_type_tag tag = {1, 2};
    st = napi_type_tag_object(env, t, &tag);
    rp(&r, " tag=%d", (int)st);
    fmt_exc(env, &r);
    bool ok = false;
    st = napi_check_object_type_tag(env, t, &tag, &ok);
    rp(&r, " check=%d/%d", (int)st, (int)ok);
    fmt_exc(env, &r);
    st = napi_add_finalizer(env, t, NULL, (napi_finalize)noop, NULL, NULL);
    rp(&r, " finalizer=%d", (int)st);
    fmt_exc(env, &r);
    napi_ref ref = NULL;
    st = napi_create_reference(env, t, 0, &ref);
    rp(&r, " ref0=%d", (int)st);
    fmt_exc(env, &r);
    if (ref != NULL) napi_delete_reference(env, ref);
    ref = NULL;
    st = napi_create_reference(env, t, 1, &ref);
    rp(&r, " ref1=%d", (int)st);
    fmt_exc(env, &r);
    if (ref != NULL) napi_delete_reference(env, ref);
    napi_property_descriptor d = {"p", NULL, NULL, NULL, NULL, dbl(env, 1), napi_default, NULL};
    st = napi_define_properties(env, t, 1, &d);
    rp(&r, " define=%d", (int)st);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  return rp_finish(env, &r);
}


/* ---- key order of plain objects and arrays -------------------------------- */

static void fmt_keys(napi_env env, Report* r, napi_value keys) {
  uint32_t n = 0;
  napi_get_array_length(env, keys, &n);
  rp(r, "[");
  for (uint32_t i = 0; i < n; i++) {
    napi_value k = NULL;
    napi_get_element(env, keys, i, &k);
    if (i) rp(r, ", ");
    fmt_value(env, r, k);
  }
  rp(r, "]");
}

static napi_value Keys(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  napi_value o, keys;
  napi_status st;
  napi_create_object(env, &o);
  static const char* const names[] = {"b", "2", "a", "1", "-1", "01", "4294967295",
                                      "4294967294", "1.5", "0"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    napi_set_named_property(env, o, names[i], dbl(env, (double)i));
  st = napi_get_property_names(env, o, &keys);
  rp(&r, "object names: st=%d ", (int)st);
  fmt_keys(env, &r, keys);
  rp(&r, "\n");
  st = napi_get_all_property_names(env, o, napi_key_own_only, napi_key_all_properties,
                                   napi_key_keep_numbers, &keys);
  rp(&r, "object keep numbers: st=%d ", (int)st);
  fmt_keys(env, &r, keys);
  rp(&r, "\n");
  napi_value arr;
  napi_create_array(env, &arr);
  napi_set_element(env, arr, 0, dbl(env, 1));
  napi_set_element(env, arr, 1, dbl(env, 2));
  st = napi_get_property_names(env, arr, &keys);
  rp(&r, "array names: st=%d ", (int)st);
  fmt_keys(env, &r, keys);
  rp(&r, "\n");
  st = napi_get_all_property_names(env, arr, napi_key_own_only, napi_key_all_properties,
                                   napi_key_keep_numbers, &keys);
  rp(&r, "array keep numbers: st=%d ", (int)st);
  fmt_keys(env, &r, keys);
  rp(&r, "\n");
  st = napi_get_all_property_names(env, arr, napi_key_own_only, napi_key_all_properties,
                                   napi_key_numbers_to_strings, &keys);
  rp(&r, "array all own: st=%d ", (int)st);
  fmt_keys(env, &r, keys);
  rp(&r, "\n");
  static const char* const others[] = {"'abc'", "1.5", "undefined", "uint8array(4)",
                                       "buffer(3)", "date(0)", "error"};
  for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
    size_t k = 0;
    while (strcmp(kValueNames[k], others[i])) k++;
    keys = NULL;
    st = napi_get_property_names(env, make_value(env, k), &keys);
    rp(&r, "names of %s: st=%d ", others[i], (int)st);
    if (st == napi_ok) fmt_keys(env, &r, keys);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  /* deleting and re-adding moves a key to the end; numbers stay sorted */
  napi_create_object(env, &o);
  napi_set_named_property(env, o, "x", dbl(env, 1));
  napi_set_named_property(env, o, "y", dbl(env, 2));
  napi_set_named_property(env, o, "10", dbl(env, 3));
  napi_set_named_property(env, o, "9", dbl(env, 4));
  bool res;
  napi_delete_property(env, o, s8(env, "x"), &res);
  napi_set_named_property(env, o, "x", dbl(env, 5));
  napi_set_element(env, o, 3, dbl(env, 6));
  st = napi_get_property_names(env, o, &keys);
  rp(&r, "after delete/re-add: st=%d ", (int)st);
  fmt_keys(env, &r, keys);
  rp(&r, "\n");
  return rp_finish(env, &r);
}


/* ---- constructors made by hand: a function, its prototype, new ------------ */

static napi_value CtorSetX(napi_env env, napi_callback_info info) {
  napi_value self, target;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  napi_get_new_target(env, info, &target);
  napi_set_named_property(env, self, "x", dbl(env, target != NULL ? 1 : 0));
  return NULL;
}

static napi_value MethodGetX(napi_env env, napi_callback_info info) {
  napi_value self, x = NULL;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  napi_get_named_property(env, self, "x", &x);
  return x;
}

static napi_value Ctors(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  napi_status st;
  napi_value ctor, proto = NULL, method, inst = NULL, x = NULL;
  napi_create_function(env, "Ctor", NAPI_AUTO_LENGTH, CtorSetX, NULL, &ctor);
  st = napi_get_named_property(env, ctor, "prototype", &proto);
  rp(&r, "fn prototype: st=%d ", (int)st);
  fmt_value(env, &r, proto);
  fmt_exc(env, &r);
  rp(&r, "\n");
  napi_create_function(env, "getX", NAPI_AUTO_LENGTH, MethodGetX, NULL, &method);
  st = napi_set_named_property(env, proto, "getX", method);
  rp(&r, "set method on prototype: st=%d", (int)st);
  fmt_exc(env, &r);
  rp(&r, "\n");
  st = napi_new_instance(env, ctor, 0, NULL, &inst);
  rp(&r, "new: st=%d ", (int)st);
  fmt_value(env, &r, inst);
  fmt_exc(env, &r);
  rp(&r, "\n");
  if (inst != NULL) {
    napi_get_named_property(env, inst, "x", &x);
    rp(&r, "instance x: ");
    fmt_value(env, &r, x);
    bool b = false;
    napi_instanceof(env, inst, ctor, &b);
    rp(&r, " instanceof=%d", (int)b);
    fmt_exc(env, &r);
    napi_has_named_property(env, inst, "getX", &b);
    rp(&r, " has getX=%d", (int)b);
    napi_value m = NULL, res = NULL;
    napi_get_named_property(env, inst, "getX", &m);
    napi_valuetype t = napi_undefined;
    if (m != NULL) napi_typeof(env, m, &t);
    if (t == napi_function) {
      st = napi_call_function(env, inst, m, 0, NULL, &res);
      rp(&r, " getX()=%d/", (int)st);
      fmt_value(env, &r, res);
    }
    fmt_exc(env, &r);
    napi_value ip = NULL;
    napi_get_prototype(env, inst, &ip);
    napi_strict_equals(env, ip, proto, &b);
    rp(&r, " proto===Ctor.prototype=%d", (int)b);
    napi_value c = NULL;
    napi_get_named_property(env, proto, "constructor", &c);
    napi_strict_equals(env, c, ctor, &b);
    rp(&r, " prototype.constructor===Ctor=%d", (int)b);
    rp(&r, "\n");
  }
  x = NULL;
  napi_value undef;
  napi_get_undefined(env, &undef);
  st = napi_call_function(env, undef, ctor, 0, NULL, &x);
  rp(&r, "call without new: st=%d", (int)st);
  fmt_exc(env, &r);
  rp(&r, "\n");
  return rp_finish(env, &r);
}


/* ---- wrapper objects from napi_coerce_to_object --------------------------- */

static napi_value Wrappers(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  static const char* const prims[] = {"'abc'", "1.5", "-0", "true", "false", "5n",
                                      "symbol('d')", "''"};
  for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++) {
    size_t k = 0;
    while (strcmp(kValueNames[k], prims[i])) k++;
    napi_value p = make_value(env, k), o = NULL, x = NULL;
    napi_coerce_to_object(env, p, &o);
    napi_valuetype t;
    napi_typeof(env, o, &t);
    rp(&r, "wrap %s: typeof=%d", prims[i], (int)t);
    napi_coerce_to_string(env, o, &x);
    rp(&r, " string=");
    fmt_value(env, &r, x);
    fmt_exc(env, &r);
    x = NULL;
    napi_coerce_to_number(env, o, &x);
    rp(&r, " number=");
    fmt_value(env, &r, x);
    fmt_exc(env, &r);
    x = NULL;
    napi_coerce_to_bool(env, o, &x);
    rp(&r, " bool=");
    fmt_value(env, &r, x);
    x = NULL;
    napi_get_named_property(env, o, "length", &x);
    rp(&r, " length=");
    fmt_value(env, &r, x);
    x = NULL;
    napi_get_element(env, o, 0, &x);
    rp(&r, " [0]=");
    fmt_value(env, &r, x);
    bool same = true;
    napi_strict_equals(env, o, p, &same);
    rp(&r, " ===prim=%d", (int)same);
    napi_value o2 = NULL;
    napi_coerce_to_object(env, p, &o2);
    napi_strict_equals(env, o, o2, &same);
    rp(&r, " twice same=%d", (int)same);
    fmt_exc(env, &r);
    rp(&r, "\n");
  }
  return rp_finish(env, &r);
}


/* ---- references and promises ---------------------------------------------- */

static napi_value Refs(napi_env env, napi_callback_info info) {
  Report r;
  rp_init(&r);
  napi_status st;
  napi_value o, v = NULL;
  napi_create_object(env, &o);
  napi_ref ref = NULL;
  st = napi_create_reference(env, o, 2, &ref);
  rp(&r, "ref create 2: st=%d\n", (int)st);
  uint32_t c = 77;
  st = napi_reference_ref(env, ref, &c);
  rp(&r, "ref ref: st=%d count=%u\n", (int)st, c);
  for (int i = 0; i < 4; i++) {
    c = 77;
    st = napi_reference_unref(env, ref, &c);
    rp(&r, "ref unref %d: st=%d count=%u\n", i, (int)st, c);
  }
  v = NULL;
  st = napi_get_reference_value(env, ref, &v);
  bool same = false;
  if (v != NULL) napi_strict_equals(env, v, o, &same);
  rp(&r, "ref value at 0 (alive): st=%d same=%d\n", (int)st, (int)same);
  st = napi_reference_ref(env, ref, NULL);
  rp(&r, "ref ref NULL result: st=%d\n", (int)st);
  st = napi_delete_reference(env, ref);
  rp(&r, "ref delete: st=%d\n", (int)st);
  /* promises */
  napi_deferred d;
  napi_value p;
  st = napi_create_promise(env, &d, &p);
  bool is = false;
  napi_is_promise(env, p, &is);
  rp(&r, "promise: st=%d is=%d", (int)st, (int)is);
  st = napi_resolve_deferred(env, d, dbl(env, 1));
  rp(&r, " resolve number: st=%d\n", (int)st);
  napi_value thenable, fn;
  napi_create_object(env, &thenable);
  napi_create_function(env, "then", NAPI_AUTO_LENGTH, noop, NULL, &fn);
  napi_set_named_property(env, thenable, "then", fn);
  napi_is_promise(env, thenable, &is);
  rp(&r, "thenable is_promise=%d\n", (int)is);
  st = napi_create_promise(env, &d, &p);
  napi_value inner;
  napi_deferred d2;
  napi_create_promise(env, &d2, &inner);
  st = napi_resolve_deferred(env, d, inner);
  rp(&r, "resolve with a promise: st=%d\n", (int)st);
  napi_resolve_deferred(env, d2, dbl(env, 2));
  return rp_finish(env, &r);
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_property_descriptor props[] = {
      TH_METHOD("coerce", Coerce),   TH_METHOD("kinds", Kinds),
      TH_METHOD("getters", Getters), TH_METHOD("bigints", Bigints),
      TH_METHOD("strings", Strings), TH_METHOD("equals", Equals),
      TH_METHOD("arrays", Arrays),   TH_METHOD("objects", Objects),
      TH_METHOD("misc", Misc),       TH_METHOD("binary", Binary),
      TH_METHOD("numbers", Numbers), TH_METHOD("throws", Throws),
      TH_METHOD("functions", Functions), TH_METHOD("keys", Keys),
      TH_METHOD("ctors", Ctors),     TH_METHOD("wrappers", Wrappers),
      TH_METHOD("refs", Refs),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
