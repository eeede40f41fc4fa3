/* A text report for the differential test addons (semantics, parity): each case
 * appends a line, and the export returns the whole report as one string, which the
 * test compares with what Node 20 printed for the same addon. */
#ifndef NAPI_PYTHON_TEST_REPORT_H
#define NAPI_PYTHON_TEST_REPORT_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <uchar.h>
#include "test_helpers.h"

typedef struct {
  char* data;
  size_t len, cap;
} Report;

/* printf onto the report, growing it as needed */
static void rp(Report* r, const char* fmt, ...) {
  va_list ap;
  for (;;) {
    va_start(ap, fmt);
    int n = vsnprintf(r->data + r->len, r->cap - r->len, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (r->len + (size_t)n < r->cap) {
      r->len += (size_t)n;
      return;
    }
    size_t cap = r->cap * 2 + (size_t)n + 64;
    char* d = realloc(r->data, cap);
    if (d == NULL) return;
    r->data = d;
    r->cap = cap;
  }
}

static void rp_init(Report* r) {
  r->cap = 4096;
  r->len = 0;
  r->data = malloc(r->cap);
  r->data[0] = 0;
}

/* the report as a JS string; frees the buffer */
static napi_value rp_finish(napi_env env, Report* r) {
  napi_value out = NULL;
  napi_create_string_utf8(env, r->data, r->len, &out);
  free(r->data);
  return out;
}

/* a number as JS prints it where the two differ from C (NaN, infinities, -0) */
static void fmt_double(Report* r, double d) {
  if (isnan(d)) rp(r, "NaN");
  else if (isinf(d)) rp(r, d > 0 ? "Infinity" : "-Infinity");
  else if (d == 0 && signbit(d)) rp(r, "-0");
  else rp(r, "%.17g", d);
}

/* UTF-16 text quoted, anything outside printable ASCII as \uXXXX */
static void fmt_utf16(Report* r, const char16_t* s, size_t n) {
  rp(r, "\"");
  for (size_t i = 0; i < n; i++) {
    unsigned c = s[i];
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') rp(r, "%c", (char)c);
    else rp(r, "\\u%04x", c);
  }
  rp(r, "\"");
}

/* A string value, quoted (fmt_utf16). */
static void fmt_string(napi_env env, Report* r, napi_value v) {
  size_t len = 0;
  if (napi_get_value_string_utf16(env, v, NULL, 0, &len) != napi_ok) {
    rp(r, "<string?>");
    return;
  }
  char16_t* buf = malloc((len + 1) * sizeof(char16_t));
  napi_get_value_string_utf16(env, v, buf, len + 1, &len);
  fmt_utf16(r, buf, len);
  free(buf);
}

/* Each addon says how it prints a symbol and an object. */
static void fmt_symbol(napi_env env, Report* r, napi_value v);
static void fmt_object(napi_env env, Report* r, napi_value v);

/* Any value, as the reports print it: undefined, null, true, 1.5, "text", 12n... */
static void fmt_value(napi_env env, Report* r, napi_value v) {
  napi_valuetype t;
  if (v == NULL) {
    rp(r, "<NULL>");
    return;
  }
  if (napi_typeof(env, v, &t) != napi_ok) {
    rp(r, "<typeof failed>");
    return;
  }
  switch (t) {
    case napi_undefined: rp(r, "undefined"); break;
    case napi_null: rp(r, "null"); break;
    case napi_boolean: {
      bool b = false;
      napi_get_value_bool(env, v, &b);
      rp(r, b ? "true" : "false");
      break;
    }
    case napi_number: {
      double d = 0;
      napi_get_value_double(env, v, &d);
      fmt_double(r, d);
      break;
    }
    case napi_string: fmt_string(env, r, v); break;
    case napi_symbol: fmt_symbol(env, r, v); break;
    case napi_bigint: {
      size_t count = 0;
      int sign = 0;
      uint64_t words[4] = {0};
      napi_get_value_bigint_words(env, v, NULL, &count, NULL);
      size_t n = count > 4 ? 4 : count;
      napi_get_value_bigint_words(env, v, &sign, &n, words);
      rp(r, "%sbig[", sign ? "-" : "");
      for (size_t i = 0; i < n; i++) rp(r, i ? ",%llx" : "%llx", (unsigned long long)words[i]);
      rp(r, "]");
      break;
    }
    case napi_object: fmt_object(env, r, v); break;
    case napi_function: rp(r, "function"); break;
    case napi_external: rp(r, "external"); break;
    default: rp(r, "<type %d>", (int)t);
  }
}

static napi_value dbl(napi_env env, double d) {
  napi_value v = NULL;
  napi_create_double(env, d, &v);
  return v;
}

static napi_value s8(napi_env env, const char* s) {
  napi_value v = NULL;
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

#endif
