#define _POSIX_C_SOURCE 200809L
/* Abuse from Python services (tests/test_stress.py): long synchronous calls, callbacks
 * called in a loop, deep property walks, large arguments. */
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <time.h>

#include "test_helpers.h"

/* spin(ms, signum): busy-waits ms milliseconds without calling Node-API, as a long
 * computation does; halfway it raises signal signum (0: none), as a Ctrl-C arriving
 * during the call. Returns true. */
static napi_value Spin(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  double ms;
  int32_t signum = 0;
  NODE_API_CALL(env, napi_get_value_double(env, argv[0], &ms));
  napi_get_value_int32(env, argv[1], &signum);
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  bool raised = false;
  for (;;) {
    clock_gettime(CLOCK_MONOTONIC, &now);
    double elapsed = (now.tv_sec - start.tv_sec) * 1e3 + (now.tv_nsec - start.tv_nsec) / 1e6;
    if (!raised && signum && elapsed >= ms / 2) {
      raise(signum);
      raised = true;
    }
    if (elapsed >= ms) break;
  }
  return th_bool(env, true);
}

/* callEach(fn, n, keepGoing): calls fn(i) for i < n. Without keepGoing it returns
 * NULL at the first failing call (its exception propagates). With keepGoing it goes
 * on calling and returns [calls made, statuses...] of the failing calls (as an addon
 * that ignores statuses would). */
static napi_value CallEach(napi_env env, napi_callback_info info) {
  napi_value argv[3], undefined, arg, result, fails;
  th_args(env, info, 3, argv);
  int32_t n;
  bool keep = false;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &n));
  napi_get_value_bool(env, argv[2], &keep);
  NODE_API_CALL(env, napi_get_undefined(env, &undefined));
  NODE_API_CALL(env, napi_create_array(env, &fails));
  uint32_t nfails = 0;
  int32_t i;
  for (i = 0; i < n; i++) {
    NODE_API_CALL(env, napi_create_int32(env, i, &arg));
    napi_status st = napi_call_function(env, undefined, argv[0], 1, &arg, &result);
    if (st != napi_ok) {
      if (!keep) return NULL;
      napi_set_element(env, fails, nfails++, th_status(env, st));
    }
  }
  napi_value out;
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_int(env, i)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, fails));
  return out;
}

/* depth(obj, key): follows obj[key][key]... with napi_get_named_property while the
 * value is an object; returns how many levels it went down. */
static napi_value Depth(napi_env env, napi_callback_info info) {
  napi_value argv[2], cur;
  th_args(env, info, 2, argv);
  char key[64];
  if (!th_utf8_arg(env, argv[1], key, sizeof key)) return NULL;
  cur = argv[0];
  int64_t levels = 0;
  for (;;) {
    napi_valuetype t;
    bool has;
    NODE_API_CALL(env, napi_typeof(env, cur, &t));
    if (t != napi_object) break;
    NODE_API_CALL(env, napi_has_named_property(env, cur, key, &has));
    if (!has) break;
    NODE_API_CALL(env, napi_get_named_property(env, cur, key, &cur));
    levels++;
  }
  return th_int(env, levels);
}

/* sum(array): napi_get_element over the whole array, as a double sum. */
static napi_value Sum(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  uint32_t len;
  NODE_API_CALL(env, napi_get_array_length(env, argv[0], &len));
  double total = 0;
  for (uint32_t i = 0; i < len; i++) {
    napi_handle_scope scope;
    napi_value v;
    double d;
    NODE_API_CALL(env, napi_open_handle_scope(env, &scope));
    NODE_API_CALL(env, napi_get_element(env, argv[0], i, &v));
    NODE_API_CALL(env, napi_get_value_double(env, v, &d));
    NODE_API_CALL(env, napi_close_handle_scope(env, scope));
    total += d;
  }
  napi_value r;
  NODE_API_CALL(env, napi_create_double(env, total, &r));
  return r;
}

/* makeArray(n): [0, 1, ..., n-1] built with napi_set_element. */
static napi_value MakeArray(napi_env env, napi_callback_info info) {
  napi_value argv[1], arr;
  th_args(env, info, 1, argv);
  uint32_t n;
  NODE_API_CALL(env, napi_get_value_uint32(env, argv[0], &n));
  NODE_API_CALL(env, napi_create_array_with_length(env, n, &arr));
  for (uint32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_value v;
    NODE_API_CALL(env, napi_open_handle_scope(env, &scope));
    NODE_API_CALL(env, napi_create_uint32(env, i, &v));
    NODE_API_CALL(env, napi_set_element(env, arr, i, v));
    NODE_API_CALL(env, napi_close_handle_scope(env, scope));
  }
  return arr;
}

/* strInfo(s): [utf8 length, first byte, last byte] read with napi_get_value_string_utf8. */
static napi_value StrInfo(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  th_args(env, info, 1, argv);
  size_t len;
  NODE_API_CALL(env, napi_get_value_string_utf8(env, argv[0], NULL, 0, &len));
  char* buf = malloc(len + 1);
  if (!buf) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  size_t copied;
  napi_status st = napi_get_value_string_utf8(env, argv[0], buf, len + 1, &copied);
  if (st != napi_ok) {
    free(buf);
    return NULL;
  }
  NODE_API_CALL(env, napi_create_array(env, &out));
  napi_set_element(env, out, 0, th_int(env, (int64_t)copied));
  napi_set_element(env, out, 1, th_int(env, copied ? (unsigned char)buf[0] : -1));
  napi_set_element(env, out, 2, th_int(env, copied ? (unsigned char)buf[copied - 1] : -1));
  free(buf);
  return out;
}

/* repeat(ch, n): a string of n copies of the one-byte ch, made with
 * napi_create_string_utf8. */
static napi_value Repeat(napi_env env, napi_callback_info info) {
  napi_value argv[2], r;
  th_args(env, info, 2, argv);
  char ch[8];
  int64_t n;
  if (!th_utf8_arg(env, argv[0], ch, sizeof ch)) return NULL;
  NODE_API_CALL(env, napi_get_value_int64(env, argv[1], &n));
  char* buf = malloc((size_t)n);
  if (!buf) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  memset(buf, ch[0], (size_t)n);
  napi_status st = napi_create_string_utf8(env, buf, (size_t)n, &r);
  free(buf);
  if (st != napi_ok) return NULL;
  return r;
}

/* callOnFinalize(obj, fn): when obj is freed, its finalizer calls fn() (a finalizer
 * that runs JS, as addons' cleanup callbacks do). */
static void CallOnFinalizeCb(napi_env env, void* data, void* hint) {
  napi_ref ref = (napi_ref)data;
  napi_value fn, undefined, r;
  (void)hint;
  if (napi_get_reference_value(env, ref, &fn) == napi_ok && fn != NULL &&
      napi_get_undefined(env, &undefined) == napi_ok)
    napi_call_function(env, undefined, fn, 0, NULL, &r);
  napi_delete_reference(env, ref);
}

static napi_value CallOnFinalize(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  napi_ref ref;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_create_reference(env, argv[1], 1, &ref));
  NODE_API_CALL(env, napi_add_finalizer(env, argv[0], ref, CallOnFinalizeCb, NULL, NULL));
  return th_undefined(env);
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      TH_METHOD("spin", Spin),       TH_METHOD("callEach", CallEach),
      TH_METHOD("depth", Depth),     TH_METHOD("sum", Sum),
      TH_METHOD("makeArray", MakeArray), TH_METHOD("strInfo", StrInfo),
      TH_METHOD("repeat", Repeat),   TH_METHOD("callOnFinalize", CallOnFinalize),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
