/* The benchmark addon: plain C written for Node, nothing in it knows about Python.
 *
 * bench/run.py loads this one .node file under napi-python and bench/node/bench.js
 * loads it under Node; bench/cext/bench_cext.c does the same work as a hand-written
 * CPython extension. Every operation is kept as small as an addon author would write
 * it, so that the numbers measure the Node-API calls and the call path, not the work.
 *
 * Built against the official Node-API headers (node-api-headers from npm).
 */

#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <node_api.h>

/* On failure: throw (unless an exception is already pending) and return NULL, which
 * both runtimes turn into the pending exception. Checked everywhere so that a broken
 * call shows up as an error in the benchmark rather than as a fast wrong number. */
#define CHECK(env, call)                                                         \
  do {                                                                           \
    if ((call) != napi_ok) {                                                     \
      bool pending_ = false;                                                     \
      napi_is_exception_pending((env), &pending_);                               \
      if (!pending_) napi_throw_error((env), NULL, "bench_addon: " #call " failed"); \
      return NULL;                                                               \
    }                                                                            \
  } while (0)

/* add(a, b): the smallest function that reads arguments and returns a value. */
static napi_value add(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  double a, b;
  napi_value result;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(env, napi_get_value_double(env, argv[0], &a));
  CHECK(env, napi_get_value_double(env, argv[1], &b));
  CHECK(env, napi_create_double(env, a + b, &result));
  return result;
}

/* noop(): the bare cost of a call into native code and back. */
static napi_value noop(napi_env env, napi_callback_info info) {
  return NULL;
}

/* echo_str(s): a string in (UTF-8 copy into a stack buffer) and a new string out. */
static napi_value echo_str(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, result;
  char buf[256];
  size_t len;
  CHECK(env, napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  CHECK(env, napi_get_value_string_utf8(env, arg, buf, sizeof buf, &len));
  CHECK(env, napi_create_string_utf8(env, buf, len, &result));
  return result;
}

/* make_obj() -> {x: 1, y: 'a'} */
static napi_value make_obj(napi_env env, napi_callback_info info) {
  napi_value obj, x, y;
  CHECK(env, napi_create_object(env, &obj));
  CHECK(env, napi_create_int32(env, 1, &x));
  CHECK(env, napi_set_named_property(env, obj, "x", x));
  CHECK(env, napi_create_string_utf8(env, "a", 1, &y));
  CHECK(env, napi_set_named_property(env, obj, "y", y));
  return obj;
}

/* sum_array(arr): one napi_get_element + napi_get_value_double per element. */
static napi_value sum_array(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arr, elem, result;
  uint32_t len, i;
  double sum = 0, v;
  CHECK(env, napi_get_cb_info(env, info, &argc, &arr, NULL, NULL));
  CHECK(env, napi_get_array_length(env, arr, &len));
  for (i = 0; i < len; i++) {
    CHECK(env, napi_get_element(env, arr, i, &elem));
    CHECK(env, napi_get_value_double(env, elem, &v));
    sum += v;
  }
  CHECK(env, napi_create_double(env, sum, &result));
  return result;
}

/* make_obj_n(n) -> {p0: 0, p1: 1, ..., p<n-1>: n-1}: an object with n properties,
 * each named by a new string key (the scaling rows: cost per property must not grow
 * with n). */
static napi_value make_obj_n(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, obj, key, value;
  int32_t n, i;
  char name[16];
  CHECK(env, napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  CHECK(env, napi_get_value_int32(env, arg, &n));
  CHECK(env, napi_create_object(env, &obj));
  for (i = 0; i < n; i++) {
    int len = 1, v = i;
    name[0] = 'p';
    do { len++; v /= 10; } while (v);   /* digits of i, written right to left */
    for (v = i, name[len] = 0; len > 1; v /= 10) name[--len] = (char)('0' + v % 10);
    CHECK(env, napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &key));
    CHECK(env, napi_create_int32(env, i, &value));
    CHECK(env, napi_set_property(env, obj, key, value));
  }
  return obj;
}

/* make_objects(n) -> [{id: i, name: 'item', score: i * 0.5, flag: i odd, tag: null}, ...]:
 * one call building a large object graph (n objects of 5 properties each), as a
 * parser or a database driver returning rows does. */
static napi_value make_objects(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, arr, obj, v;
  int32_t n, i;
  CHECK(env, napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  CHECK(env, napi_get_value_int32(env, arg, &n));
  CHECK(env, napi_create_array_with_length(env, (size_t)n, &arr));
  for (i = 0; i < n; i++) {
    CHECK(env, napi_create_object(env, &obj));
    CHECK(env, napi_create_int32(env, i, &v));
    CHECK(env, napi_set_named_property(env, obj, "id", v));
    CHECK(env, napi_create_string_utf8(env, "item", 4, &v));
    CHECK(env, napi_set_named_property(env, obj, "name", v));
    CHECK(env, napi_create_double(env, i * 0.5, &v));
    CHECK(env, napi_set_named_property(env, obj, "score", v));
    CHECK(env, napi_get_boolean(env, i & 1, &v));
    CHECK(env, napi_set_named_property(env, obj, "flag", v));
    CHECK(env, napi_get_null(env, &v));
    CHECK(env, napi_set_named_property(env, obj, "tag", v));
    CHECK(env, napi_set_element(env, arr, (uint32_t)i, obj));
  }
  return arr;
}

/* call_cb(cb, n): calls cb(i) for i in [0, n) from native code, returns undefined.
 * The per-callback cost is the total divided by n. */
static napi_value call_cb(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], recv, arg, ret;
  int32_t n, i;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(env, napi_get_value_int32(env, argv[1], &n));
  CHECK(env, napi_get_undefined(env, &recv));
  for (i = 0; i < n; i++) {
    CHECK(env, napi_create_int32(env, i, &arg));
    CHECK(env, napi_call_function(env, recv, argv[0], 1, &arg, &ret));
  }
  return NULL;
}

/* Counter: a class whose instances carry a native struct (napi_wrap). */
typedef struct {
  int64_t count;
} Counter;

static void counter_finalize(napi_env env, void *data, void *hint) {
  free(data);
}

static napi_value counter_new(napi_env env, napi_callback_info info) {
  napi_value self;
  Counter *c;
  CHECK(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  c = calloc(1, sizeof *c);
  if (c == NULL) {
    napi_throw_error(env, NULL, "bench_addon: out of memory");
    return NULL;
  }
  if (napi_wrap(env, self, c, counter_finalize, NULL, NULL) != napi_ok) {
    free(c);
    CHECK(env, napi_generic_failure);
  }
  return self;
}

static napi_value counter_increment(napi_env env, napi_callback_info info) {
  napi_value self, result;
  Counter *c;
  CHECK(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  CHECK(env, napi_unwrap(env, self, (void **)&c));
  CHECK(env, napi_create_int64(env, ++c->count, &result));
  return result;
}

/* ---- Buffers ------------------------------------------------------------------ */

/* The hash of the buffer rows: FNV-1a over 64-bit little-endian words (then the
 * tail bytes), so that hashing 1 MiB costs a few hundred microseconds and a copy of
 * the input would show beside it. bench/cext/bench_cext.c and bench/node/bench.js
 * compute the same value (checked before timing). */
static uint32_t hash_bytes(const uint8_t *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull, w;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 0x100000001b3ull;
  }
  for (; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return (uint32_t)(h ^ (h >> 32));
}

/* hash_buffer(buf) -> uint32: reads the bytes in place (napi_get_buffer_info). */
static napi_value hash_buffer(napi_env env, napi_callback_info info) {
  size_t argc = 1, len;
  napi_value arg, result;
  void *data;
  CHECK(env, napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  CHECK(env, napi_get_buffer_info(env, arg, &data, &len));
  CHECK(env, napi_create_uint32(env, hash_bytes(data, len), &result));
  return result;
}

/* make_buffer(n) -> a new n-byte Buffer copied from a static pattern
 * (napi_create_buffer_copy), n <= 1 MiB. */
#define PATTERN_SIZE (1 << 20)
static uint8_t pattern[PATTERN_SIZE];

static napi_value make_buffer(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, result;
  uint32_t n;
  CHECK(env, napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  CHECK(env, napi_get_value_uint32(env, arg, &n));
  if (n > PATTERN_SIZE) {
    napi_throw_range_error(env, NULL, "make_buffer: at most 1 MiB");
    return NULL;
  }
  CHECK(env, napi_create_buffer_copy(env, n, pattern, NULL, &result));
  return result;
}

/* ---- Async work ---------------------------------------------------------------- */

/* asyncAdd(a, b) -> Promise<a + b>: execute adds on a pool thread, complete
 * resolves the promise on the loop thread and deletes the work. */
typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  double a, b, sum;
} AddWork;

static void add_execute(napi_env env, void *data) {
  AddWork *w = data;
  w->sum = w->a + w->b;
}

static void add_complete(napi_env env, napi_status status, void *data) {
  AddWork *w = data;
  napi_value v;
  if (status == napi_ok && napi_create_double(env, w->sum, &v) == napi_ok) {
    napi_resolve_deferred(env, w->deferred, v);
  } else {
    napi_value msg, err;
    napi_create_string_utf8(env, "asyncAdd: cancelled or failed", NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &err);
    napi_reject_deferred(env, w->deferred, err);
  }
  napi_delete_async_work(env, w->work);
  free(w);
}

static napi_value async_add(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], promise, name;
  AddWork *w;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  w = calloc(1, sizeof *w);
  if (w == NULL) {
    napi_throw_error(env, NULL, "bench_addon: out of memory");
    return NULL;
  }
  if (napi_get_value_double(env, argv[0], &w->a) != napi_ok ||
      napi_get_value_double(env, argv[1], &w->b) != napi_ok ||
      napi_create_string_utf8(env, "asyncAdd", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, NULL, name, add_execute, add_complete, w, &w->work) != napi_ok) {
    free(w);
    CHECK(env, napi_generic_failure);
  }
  if (napi_create_promise(env, &w->deferred, &promise) != napi_ok) {
    napi_delete_async_work(env, w->work);
    free(w);
    CHECK(env, napi_generic_failure);
  }
  CHECK(env, napi_queue_async_work(env, w->work));
  return promise;
}

/* ---- Threadsafe functions --------------------------------------------------------- */

/* tsfn_run(cb, n) -> Promise<number of calls delivered>: one native thread makes n
 * non-blocking napi_call_threadsafe_function calls (unlimited queue), each delivered
 * as cb(i); then it releases the function, whose finalizer resolves the promise. */
typedef struct {
  napi_threadsafe_function tsfn;
  napi_deferred deferred;
  pthread_t thread;
  uint32_t n;
  uint32_t delivered;   /* loop thread only */
  uint32_t failed;      /* producer thread: calls that did not return napi_ok */
} TsfnRun;

static void tsfn_call_js(napi_env env, napi_value cb, void *context, void *data) {
  TsfnRun *r = context;
  napi_value arg, undefined;
  if (env == NULL) return;  /* closing: nothing to free, the data is an index */
  r->delivered++;
  if (napi_create_uint32(env, (uint32_t)(uintptr_t)data, &arg) != napi_ok ||
      napi_get_undefined(env, &undefined) != napi_ok)
    return;
  napi_call_function(env, undefined, cb, 1, &arg, NULL);
}

static void *tsfn_producer(void *arg) {
  TsfnRun *r = arg;
  uint32_t i;
  for (i = 0; i < r->n; i++)
    if (napi_call_threadsafe_function(r->tsfn, (void *)(uintptr_t)i,
                                      napi_tsfn_nonblocking) != napi_ok)
      r->failed++;
  napi_release_threadsafe_function(r->tsfn, napi_tsfn_release);
  return NULL;
}

static void tsfn_finalize(napi_env env, void *data, void *hint) {
  TsfnRun *r = data;
  napi_value v;
  pthread_join(r->thread, NULL);
  if (r->failed == 0 && napi_create_uint32(env, r->delivered, &v) == napi_ok) {
    napi_resolve_deferred(env, r->deferred, v);
  } else {
    napi_value msg, err;
    napi_create_string_utf8(env, "tsfn_run: a call failed", NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &err);
    napi_reject_deferred(env, r->deferred, err);
  }
  free(r);
}

static napi_value tsfn_run(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], promise, name;
  TsfnRun *r;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  r = calloc(1, sizeof *r);
  if (r == NULL) {
    napi_throw_error(env, NULL, "bench_addon: out of memory");
    return NULL;
  }
  if (napi_get_value_uint32(env, argv[1], &r->n) != napi_ok ||
      napi_create_string_utf8(env, "tsfn_run", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_promise(env, &r->deferred, &promise) != napi_ok) {
    free(r);
    CHECK(env, napi_generic_failure);
  }
  if (napi_create_threadsafe_function(env, argv[0], NULL, name, 0, 1, r, tsfn_finalize, r,
                                      tsfn_call_js, &r->tsfn) != napi_ok) {
    free(r);  /* the deferred stays unsettled: the exception below is the answer */
    CHECK(env, napi_generic_failure);
  }
  if (pthread_create(&r->thread, NULL, tsfn_producer, r) != 0) {
    napi_release_threadsafe_function(r->tsfn, napi_tsfn_abort);
    napi_throw_error(env, NULL, "tsfn_run: pthread_create failed");
    return NULL;
  }
  return promise;
}

static napi_value init(napi_env env, napi_value exports) {
  static const napi_property_descriptor functions[] = {
    {"add", NULL, add, NULL, NULL, NULL, napi_enumerable, NULL},
    {"noop", NULL, noop, NULL, NULL, NULL, napi_enumerable, NULL},
    {"echo_str", NULL, echo_str, NULL, NULL, NULL, napi_enumerable, NULL},
    {"make_obj", NULL, make_obj, NULL, NULL, NULL, napi_enumerable, NULL},
    {"sum_array", NULL, sum_array, NULL, NULL, NULL, napi_enumerable, NULL},
    {"make_obj_n", NULL, make_obj_n, NULL, NULL, NULL, napi_enumerable, NULL},
    {"make_objects", NULL, make_objects, NULL, NULL, NULL, napi_enumerable, NULL},
    {"call_cb", NULL, call_cb, NULL, NULL, NULL, napi_enumerable, NULL},
    {"hash_buffer", NULL, hash_buffer, NULL, NULL, NULL, napi_enumerable, NULL},
    {"make_buffer", NULL, make_buffer, NULL, NULL, NULL, napi_enumerable, NULL},
    {"asyncAdd", NULL, async_add, NULL, NULL, NULL, napi_enumerable, NULL},
    {"tsfn_run", NULL, tsfn_run, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  static const napi_property_descriptor counter_methods[] = {
    {"increment", NULL, counter_increment, NULL, NULL, NULL, napi_default_method, NULL},
  };
  napi_value counter_class;
  size_t i;
  for (i = 0; i < PATTERN_SIZE; i++) pattern[i] = (uint8_t)(i * 131 + 7);
  CHECK(env, napi_define_properties(env, exports, sizeof functions / sizeof functions[0],
                                    functions));
  CHECK(env, napi_define_class(env, "Counter", NAPI_AUTO_LENGTH, counter_new, NULL,
                               sizeof counter_methods / sizeof counter_methods[0],
                               counter_methods, &counter_class));
  CHECK(env, napi_set_named_property(env, exports, "Counter", counter_class));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
