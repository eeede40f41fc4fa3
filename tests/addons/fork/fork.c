/* Fork (issue 15.1): async work, threadsafe functions from native threads, and
 * finalizers, used before and after os.fork() by tests/test_fork.py. */
#define _GNU_SOURCE
#include "test_helpers.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

/* ---- async work: sumAsync(n) resolves with 0 + 1 + ... + n-1 ------------------- */

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  int64_t n;
  double sum;
} Sum;

static void sum_execute(napi_env env, void* data) {
  Sum* s = data;
  volatile double acc = 0;
  for (int64_t i = 0; i < s->n; i++) acc += (double)i;
  s->sum = acc;
}

static void sum_complete(napi_env env, napi_status status, void* data) {
  Sum* s = data;
  napi_value v;
  if (status == napi_ok) {
    napi_create_double(env, s->sum, &v);
    napi_resolve_deferred(env, s->deferred, v);
  } else {
    napi_value msg;
    napi_create_string_utf8(env, status == napi_cancelled ? "cancelled" : "failed",
                            NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &v);
    napi_reject_deferred(env, s->deferred, v);
  }
  napi_delete_async_work(env, s->work);
  free(s);
}

static napi_value sum_async(napi_env env, napi_callback_info info) {
  napi_value argv[1], promise, name;
  th_args(env, info, 1, argv);
  Sum* s = calloc(1, sizeof *s);
  NODE_API_CALL(env, napi_get_value_int64(env, argv[0], &s->n));
  NODE_API_CALL(env, napi_create_promise(env, &s->deferred, &promise));
  NODE_API_CALL(env, napi_create_string_utf8(env, "sum", NAPI_AUTO_LENGTH, &name));
  NODE_API_CALL(env, napi_create_async_work(env, NULL, name, sum_execute, sum_complete, s,
                                            &s->work));
  NODE_API_CALL(env, napi_queue_async_work(env, s->work));
  return promise;
}

/* ---- threadsafe functions: storm(cb, nthreads, ncalls, maxQueue) -----------------
 * nthreads native threads each call cb(thread, seq) for seq = 0..ncalls-1 (blocking
 * calls), then release; the promise resolves at the finalizer with the calls run. */

#define MAX_THREADS 16
typedef struct Storm Storm;
typedef struct {
  Storm* s;
  int index;
} Producer;
struct Storm {
  napi_threadsafe_function tsfn;
  napi_deferred done;
  int nthreads, ncalls;
  atomic_int calls, errors;
  pthread_t threads[MAX_THREADS];
  Producer producers[MAX_THREADS];
};

#define PACK(t, s) ((void*)(((uintptr_t)(t) << 32) | (uintptr_t)(s)))

static void storm_call_js(napi_env env, napi_value cb, void* context, void* data) {
  Storm* s = context;
  if (env == NULL) return;
  atomic_fetch_add(&s->calls, 1);
  napi_value argv[2], undefined;
  napi_create_uint32(env, (uint32_t)((uintptr_t)data >> 32), &argv[0]);
  napi_create_uint32(env, (uint32_t)((uintptr_t)data & 0xffffffffu), &argv[1]);
  napi_get_undefined(env, &undefined);
  napi_call_function(env, undefined, cb, 2, argv, NULL);
}

static void* storm_thread(void* arg) {
  Producer* p = arg;
  Storm* s = p->s;
  for (int i = 0; i < s->ncalls; i++) {
    if (napi_call_threadsafe_function(s->tsfn, PACK(p->index, i), napi_tsfn_blocking) != napi_ok)
      atomic_fetch_add(&s->errors, 1);
  }
  napi_release_threadsafe_function(s->tsfn, napi_tsfn_release);
  return NULL;
}

static void storm_finalize(napi_env env, void* data, void* hint) {
  Storm* s = data;
  for (int i = 0; i < s->nthreads; i++) pthread_join(s->threads[i], NULL);
  napi_value v;
  napi_create_int32(env, atomic_load(&s->errors) ? -atomic_load(&s->errors) : atomic_load(&s->calls), &v);
  napi_resolve_deferred(env, s->done, v);
  free(s);
}

static napi_value storm(napi_env env, napi_callback_info info) {
  napi_value argv[4], promise, name;
  th_args(env, info, 4, argv);
  Storm* s = calloc(1, sizeof *s);
  uint32_t max_queue;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &s->nthreads));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[2], &s->ncalls));
  NODE_API_CALL(env, napi_get_value_uint32(env, argv[3], &max_queue));
  NODE_API_ASSERT(env, s->nthreads > 0 && s->nthreads <= MAX_THREADS, "1..16 threads");
  NODE_API_CALL(env, napi_create_promise(env, &s->done, &promise));
  NODE_API_CALL(env, napi_create_string_utf8(env, "storm", NAPI_AUTO_LENGTH, &name));
  NODE_API_CALL(env, napi_create_threadsafe_function(env, argv[0], NULL, name, max_queue,
                                                     (size_t)s->nthreads, s, storm_finalize, s,
                                                     storm_call_js, &s->tsfn));
  for (int i = 0; i < s->nthreads; i++) {
    s->producers[i] = (Producer){s, i};
    pthread_create(&s->threads[i], NULL, storm_thread, &s->producers[i]);
  }
  return promise;
}

/* ---- finalizers: track() returns an object whose finalizer counts -------------- */

static atomic_int finalized_count;

static void count_finalize(napi_env env, void* data, void* hint) {
  atomic_fetch_add(&finalized_count, 1);
}

static napi_value track(napi_env env, napi_callback_info info) {
  napi_value obj;
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_add_finalizer(env, obj, NULL, count_finalize, NULL, NULL));
  return obj;
}

static napi_value finalized(napi_env env, napi_callback_info info) {
  napi_value v;
  NODE_API_CALL(env, napi_create_int32(env, atomic_load(&finalized_count), &v));
  return v;
}

static napi_value pid(napi_env env, napi_callback_info info) {
  napi_value v;
  NODE_API_CALL(env, napi_create_int32(env, (int32_t)getpid(), &v));
  return v;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"sumAsync", NULL, sum_async, NULL, NULL, NULL, napi_default, NULL},
      {"storm", NULL, storm, NULL, NULL, NULL, napi_default, NULL},
      {"track", NULL, track, NULL, NULL, NULL, napi_default, NULL},
      {"finalized", NULL, finalized, NULL, NULL, NULL, napi_default, NULL},
      {"pid", NULL, pid, NULL, NULL, NULL, napi_default, NULL},
  };
  NODE_API_CALL(env, napi_define_properties(env, exports, sizeof props / sizeof *props, props));
  return exports;
}
