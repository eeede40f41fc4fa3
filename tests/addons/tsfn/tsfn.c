/* Threadsafe functions, called from native threads (pthreads). */
#define _GNU_SOURCE
#include "test_helpers.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#define MAX_THREADS 64

typedef struct Ctx Ctx;
typedef struct {
  Ctx* ctx;
  int index;
} Producer;

struct Ctx {
  napi_threadsafe_function tsfn;
  napi_deferred done;          /* resolved by the finalizer with a summary */
  int nthreads, ncalls;
  napi_threadsafe_function_call_mode mode;
  int forever;                 /* call until napi_closing (exit tests) */
  int release_at_end;
  atomic_int calls, discarded, js_null, finalized, closing_seen, errors, queue_full;
  pthread_t finalize_thread;
  pthread_t threads[MAX_THREADS];
  Producer producers[MAX_THREADS];
};

#define PACK(t, s) ((void*)(((uintptr_t)(t) << 32) | (uintptr_t)(s)))
#define THREAD_OF(p) ((uint32_t)((uintptr_t)(p) >> 32))
#define SEQ_OF(p) ((uint32_t)((uintptr_t)(p) & 0xffffffffu))

static void call_js(napi_env env, napi_value js_cb, void* context, void* data) {
  Ctx* c = context;
  if (env == NULL) { /* the function is closing: the data is only handed back */
    atomic_fetch_add(&c->discarded, 1);
    return;
  }
  atomic_fetch_add(&c->calls, 1);
  if (js_cb == NULL) {
    atomic_fetch_add(&c->js_null, 1);
    return;
  }
  napi_value argv[2], undefined;
  napi_create_uint32(env, THREAD_OF(data), &argv[0]);
  napi_create_uint32(env, SEQ_OF(data), &argv[1]);
  napi_get_undefined(env, &undefined);
  napi_call_function(env, undefined, js_cb, 2, argv, NULL);
  /* an exception stays pending: napi-python reports it to the loop */
}

static napi_value summary(napi_env env, Ctx* c) {
  napi_value out, v;
  napi_create_object(env, &out);
#define FIELD(name, expr) napi_create_int32(env, (expr), &v); napi_set_named_property(env, out, name, v)
  FIELD("calls", atomic_load(&c->calls));
  FIELD("discarded", atomic_load(&c->discarded));
  FIELD("jsNull", atomic_load(&c->js_null));
  FIELD("finalized", atomic_load(&c->finalized));
  FIELD("closingSeen", atomic_load(&c->closing_seen));
  FIELD("errors", atomic_load(&c->errors));
#undef FIELD
  napi_create_bigint_uint64(env, (uint64_t)c->finalize_thread, &v);
  napi_set_named_property(env, out, "finalizeThread", v);
  return out;
}

static void finalize(napi_env env, void* data, void* hint) {
  Ctx* c = data;
  c->finalize_thread = pthread_self();
  atomic_fetch_add(&c->finalized, 1);
  if (!c->forever)
    for (int i = 0; i < c->nthreads; i++) pthread_join(c->threads[i], NULL);
  if (c->done != NULL) napi_resolve_deferred(env, c->done, summary(env, c));
  /* Ctx is leaked on purpose: aborted producers may still look at it. */
}

static void* produce(void* arg) {
  Producer* p = arg;
  Ctx* c = p->ctx;
  for (int i = 0; c->forever || i < c->ncalls; i++) {
    napi_status s = napi_call_threadsafe_function(c->tsfn, PACK(p->index, i), c->mode);
    if (s == napi_closing) {
      atomic_fetch_add(&c->closing_seen, 1);
      return NULL;  /* the hold on the function ended with napi_closing */
    }
    if (s == napi_queue_full) {
      atomic_fetch_add(&c->queue_full, 1);
      sched_yield();
      i--;
      continue;
    }
    if (s != napi_ok) atomic_fetch_add(&c->errors, 1);
  }
  if (c->release_at_end) napi_release_threadsafe_function(c->tsfn, napi_tsfn_release);
  return NULL;
}

static Ctx* last_ctx;

static Ctx* new_ctx(napi_env env, napi_value func, size_t max_queue, int nthreads,
                    napi_threadsafe_function_call_js cb, napi_value* promise) {
  Ctx* c = calloc(1, sizeof(Ctx));
  last_ctx = c;
  c->nthreads = nthreads;
  c->release_at_end = 1;
  c->mode = napi_tsfn_blocking;
  napi_value name;
  napi_create_string_utf8(env, "tsfn test", NAPI_AUTO_LENGTH, &name);
  if (promise != NULL && napi_create_promise(env, &c->done, promise) != napi_ok) {
    th_throw_last_error(env, "napi_create_promise");
    return NULL;
  }
  if (napi_create_threadsafe_function(env, func, NULL, name, max_queue,
                                      nthreads > 0 ? nthreads : 1, c, finalize, c, cb,
                                      &c->tsfn) != napi_ok) {
    th_throw_last_error(env, "napi_create_threadsafe_function");
    return NULL;
  }
  return c;
}

static void start(Ctx* c) {
  for (int i = 0; i < c->nthreads; i++) {
    c->producers[i].ctx = c;
    c->producers[i].index = i;
    pthread_create(&c->threads[i], NULL, produce, &c->producers[i]);
  }
}

/* startThreads(cb, nthreads, ncalls, maxQueue, blocking) -> Promise of the summary,
 * settled by the finalizer. Thread i calls ncalls times with (i, seq); cb(i, seq). */
static napi_value start_threads(napi_env env, napi_callback_info info) {
  napi_value argv[5], promise;
  th_args(env, info, 5, argv);
  int32_t nthreads, ncalls, max_queue;
  bool blocking;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &nthreads));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[2], &ncalls));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[3], &max_queue));
  NODE_API_CALL(env, napi_get_value_bool(env, argv[4], &blocking));
  NODE_API_ASSERT(env, nthreads > 0 && nthreads <= MAX_THREADS, "thread count");
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, argv[0], &t));
  Ctx* c = new_ctx(env, t == napi_function ? argv[0] : NULL, (size_t)max_queue, nthreads,
                   call_js, &promise);
  if (c == NULL) return NULL;
  c->ncalls = ncalls;
  c->mode = blocking ? napi_tsfn_blocking : napi_tsfn_nonblocking;
  start(c);
  return promise;
}

/* defaultCall(fn, n): no call_js_cb; one native thread makes n calls: fn() n times. */
static napi_value default_call(napi_env env, napi_callback_info info) {
  napi_value argv[2], promise;
  th_args(env, info, 2, argv);
  int32_t n;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &n));
  Ctx* c = new_ctx(env, argv[0], 0, 1, NULL, &promise);
  if (c == NULL) return NULL;
  c->ncalls = n;
  start(c);
  return promise;
}

/* mainThreadCalls(maxQueue) -> [statuses..., Promise]: from the loop thread, with
 * the queue bounded: nonblocking x3 (the third finds it full), blocking (would wait
 * for itself), then release. */
static napi_value main_thread_calls(napi_env env, napi_callback_info info) {
  napi_value argv[1], promise, out;
  th_args(env, info, 1, argv);
  Ctx* c = new_ctx(env, NULL, 2, 1, call_js, &promise);
  if (c == NULL) return NULL;
  c->nthreads = 0;
  napi_status s[6];
  s[0] = napi_call_threadsafe_function(c->tsfn, PACK(0, 0), napi_tsfn_nonblocking);
  s[1] = napi_call_threadsafe_function(c->tsfn, PACK(0, 1), napi_tsfn_nonblocking);
  s[2] = napi_call_threadsafe_function(c->tsfn, PACK(0, 2), napi_tsfn_nonblocking);
  s[3] = napi_call_threadsafe_function(c->tsfn, PACK(0, 3), napi_tsfn_blocking);
  s[4] = napi_ref_threadsafe_function(env, c->tsfn);
  s[5] = napi_unref_threadsafe_function(env, c->tsfn);
  NODE_API_CALL(env, napi_release_threadsafe_function(c->tsfn, napi_tsfn_release));
  NODE_API_CALL(env, napi_create_array_with_length(env, 7, &out));
  for (int i = 0; i < 6; i++) NODE_API_CALL(env, napi_set_element(env, out, i, th_int(env, s[i])));
  NODE_API_CALL(env, napi_set_element(env, out, 6, promise));
  return out;
}

/* abortQueued(cb) -> [statuses..., Promise]: 3 calls queued, then an abort, then a
 * call and an acquire (both napi_closing). The queued calls never reach cb. */
static napi_value abort_queued(napi_env env, napi_callback_info info) {
  napi_value argv[1], promise, out;
  th_args(env, info, 1, argv);
  Ctx* c = new_ctx(env, argv[0], 0, 2, call_js, &promise);
  if (c == NULL) return NULL;
  c->nthreads = 0;
  napi_status s[5];
  s[0] = napi_call_threadsafe_function(c->tsfn, PACK(0, 0), napi_tsfn_blocking);
  s[1] = napi_call_threadsafe_function(c->tsfn, PACK(0, 1), napi_tsfn_blocking);
  s[2] = napi_release_threadsafe_function(c->tsfn, napi_tsfn_abort);
  s[3] = napi_acquire_threadsafe_function(c->tsfn);
  /* the second hold: napi_closing ends it (the function may be freed after) */
  s[4] = napi_call_threadsafe_function(c->tsfn, PACK(0, 2), napi_tsfn_blocking);
  NODE_API_CALL(env, napi_create_array_with_length(env, 6, &out));
  for (int i = 0; i < 5; i++) NODE_API_CALL(env, napi_set_element(env, out, i, th_int(env, s[i])));
  NODE_API_CALL(env, napi_set_element(env, out, 5, promise));
  return out;
}

/* context(): napi_get_threadsafe_function_context gives the context back. */
static napi_value context_roundtrip(napi_env env, napi_callback_info info) {
  Ctx* c = new_ctx(env, NULL, 0, 1, call_js, NULL);
  if (c == NULL) return NULL;
  void* got = NULL;
  napi_status s = napi_get_threadsafe_function_context(c->tsfn, &got);
  napi_release_threadsafe_function(c->tsfn, napi_tsfn_release);
  return th_bool(env, s == napi_ok && got == c);
}

/* acquireRelease(cb) -> Promise: acquire twice, release three times (the last one
 * closes): the finalizer runs once. */
static napi_value acquire_release(napi_env env, napi_callback_info info) {
  napi_value argv[1], promise;
  th_args(env, info, 1, argv);
  Ctx* c = new_ctx(env, argv[0], 0, 1, call_js, &promise);
  if (c == NULL) return NULL;
  c->nthreads = 0;
  NODE_API_CALL(env, napi_acquire_threadsafe_function(c->tsfn) == napi_ok ? napi_ok : napi_generic_failure);
  NODE_API_CALL(env, napi_acquire_threadsafe_function(c->tsfn) == napi_ok ? napi_ok : napi_generic_failure);
  napi_call_threadsafe_function(c->tsfn, PACK(0, 0), napi_tsfn_blocking);
  napi_release_threadsafe_function(c->tsfn, napi_tsfn_release);
  napi_call_threadsafe_function(c->tsfn, PACK(0, 1), napi_tsfn_blocking);
  napi_release_threadsafe_function(c->tsfn, napi_tsfn_release);
  napi_call_threadsafe_function(c->tsfn, PACK(0, 2), napi_tsfn_blocking);
  napi_release_threadsafe_function(c->tsfn, napi_tsfn_release);
  return promise;
}

/* badArgs() -> statuses for bad input. */
static napi_value bad_args(napi_env env, napi_callback_info info) {
  napi_value name, num, out;
  napi_threadsafe_function f;
  void* ctx;
  napi_create_string_utf8(env, "x", NAPI_AUTO_LENGTH, &name);
  napi_create_int32(env, 1, &num);
  napi_status s[8] = {
      napi_create_threadsafe_function(env, NULL, NULL, NULL, 0, 1, NULL, NULL, NULL, call_js, &f),
      napi_create_threadsafe_function(env, NULL, NULL, name, 0, 0, NULL, NULL, NULL, call_js, &f),
      napi_create_threadsafe_function(env, NULL, NULL, name, 0, 1, NULL, NULL, NULL, NULL, &f),
      napi_create_threadsafe_function(env, num, NULL, name, 0, 1, NULL, NULL, NULL, call_js, &f),
      napi_create_threadsafe_function(env, NULL, NULL, name, 0, 1, NULL, NULL, NULL, call_js, NULL),
      napi_call_threadsafe_function(NULL, NULL, napi_tsfn_blocking),
      napi_get_threadsafe_function_context(NULL, &ctx),
      napi_release_threadsafe_function(NULL, napi_tsfn_release),
  };
  NODE_API_CALL(env, napi_create_array_with_length(env, 8, &out));
  for (int i = 0; i < 8; i++) NODE_API_CALL(env, napi_set_element(env, out, i, th_int(env, s[i])));
  return out;
}

/* forever(cb, nthreads, maxQueue, unref, blocking): producers that call until they
 * get napi_closing (exit tests). */
static napi_value forever(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  th_args(env, info, 5, argv);
  int32_t nthreads, max_queue;
  bool unref, blocking;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &nthreads));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[2], &max_queue));
  NODE_API_CALL(env, napi_get_value_bool(env, argv[3], &unref));
  NODE_API_CALL(env, napi_get_value_bool(env, argv[4], &blocking));
  Ctx* c = new_ctx(env, argv[0], (size_t)max_queue, nthreads, call_js, NULL);
  if (c == NULL) return NULL;
  c->forever = 1;
  c->mode = blocking ? napi_tsfn_blocking : napi_tsfn_nonblocking;
  if (unref) NODE_API_CALL(env, napi_unref_threadsafe_function(env, c->tsfn));
  start(c);
  return th_undefined(env);
}

/* throwingFinalizer(message): a function whose finalizer throws an Error with that
 * message; released at once (the finalizer runs from the loop). */
static char finalizer_message[64];
static void throwing_finalize(napi_env env, void* data, void* hint) {
  napi_throw_error(env, "EFINALIZER", finalizer_message);
}
static napi_value throwing_finalizer(napi_env env, napi_callback_info info) {
  napi_value argv[1], name;
  th_args(env, info, 1, argv);
  size_t len;
  NODE_API_CALL(env, napi_get_value_string_utf8(env, argv[0], finalizer_message,
                                                sizeof finalizer_message, &len));
  NODE_API_CALL(env, napi_create_string_utf8(env, "throwing", NAPI_AUTO_LENGTH, &name));
  napi_threadsafe_function f;
  NODE_API_CALL(env, napi_create_threadsafe_function(env, NULL, NULL, name, 0, 1, NULL,
                                                     throwing_finalize, NULL, call_js, &f));
  NODE_API_CALL(env, napi_release_threadsafe_function(f, napi_tsfn_release));
  return th_undefined(env);
}

/* lastSummary(): the counters of the last function created, read now. */
static napi_value last_summary(napi_env env, napi_callback_info info) {
  return summary(env, last_ctx);
}

/* Functions made when the module loads, before any loop runs, as Neon makes its
 * Channel's: [0] unreferenced until callFromLoaded references it, [1] referenced
 * from the start. callFromLoaded(which, cb, n[, keepUnref]) calls cb(0..n-1) from a
 * new thread through g_loaded[which] (referencing [0] first, unless keepUnref, as
 * Neon's drop queue stays unreferenced); a call that comes from inside a loop must
 * be delivered on that loop, as Node's one event loop delivers it. */
static napi_threadsafe_function g_loaded[2];
static napi_ref g_loaded_cb[2];
typedef struct {
  int which, n;
} LoadedJob;

static void loaded_call_js(napi_env env, napi_value js_cb, void* context, void* data) {
  int which = (int)(intptr_t)context;
  if (env == NULL || g_loaded_cb[which] == NULL) return;
  napi_value cb, arg, undefined;
  napi_get_reference_value(env, g_loaded_cb[which], &cb);
  napi_create_int32(env, (int32_t)(intptr_t)data, &arg);
  napi_get_undefined(env, &undefined);
  napi_call_function(env, undefined, cb, 1, &arg, NULL);
}

static void* loaded_thread(void* p) {
  LoadedJob* j = p;
  for (int i = 0; i < j->n; i++)
    napi_call_threadsafe_function(g_loaded[j->which], (void*)(intptr_t)i, napi_tsfn_blocking);
  free(j);
  return NULL;
}

static napi_value call_from_loaded(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  bool keep_unref = false;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc > 3) NODE_API_CALL(env, napi_get_value_bool(env, argv[3], &keep_unref));
  int32_t which, n;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &which));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[2], &n));
  if (which != 0 && which != 1) {
    napi_throw_range_error(env, NULL, "which: 0 or 1");
    return NULL;
  }
  if (g_loaded[which] == NULL) {
    napi_throw_error(env, NULL, "released (releaseLoaded)");
    return NULL;
  }
  if (g_loaded_cb[which] != NULL) NODE_API_CALL(env, napi_delete_reference(env, g_loaded_cb[which]));
  NODE_API_CALL(env, napi_create_reference(env, argv[1], 1, &g_loaded_cb[which]));
  if (which == 0 && !keep_unref) NODE_API_CALL(env, napi_ref_threadsafe_function(env, g_loaded[0]));
  LoadedJob* j = malloc(sizeof *j);
  j->which = which;
  j->n = n;
  pthread_t t;
  if (pthread_create(&t, NULL, loaded_thread, j) != 0) {
    free(j);
    napi_throw_error(env, NULL, "pthread_create failed");
    return NULL;
  }
  pthread_detach(t);
  return th_undefined(env);
}

/* unrefLoaded(): g_loaded[0] unreferenced again (Neon, once its last Channel is
 * dropped). */
static napi_value unref_loaded(napi_env env, napi_callback_info info) {
  if (g_loaded[0] != NULL) NODE_API_CALL(env, napi_unref_threadsafe_function(env, g_loaded[0]));
  return th_undefined(env);
}

/* releaseLoaded([which]): lets go of the functions made at load (an addon's
 * close()), or of g_loaded[which] only. One still held when Python exits is kept
 * for good, as native threads may still use it (tsfn.cc, exit): the exit test of
 * test_lifetimes_counters releases them first. */
static napi_value release_loaded(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  int32_t only = -1;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  if (argc > 0) NODE_API_CALL(env, napi_get_value_int32(env, arg, &only));
  for (int i = 0; i < 2; i++) {
    if (g_loaded[i] == NULL || (only >= 0 && i != only)) continue;
    NODE_API_CALL(env, napi_release_threadsafe_function(g_loaded[i], napi_tsfn_release));
    g_loaded[i] = NULL;
  }
  return th_undefined(env);
}

/* A function kept across event loops, as an addon keeps a callback registered once
 * (a watcher's, a logger's): keep(cb) makes it (referenced) in the loop that runs
 * now; callKept(n) calls cb(0..n-1) through it from a new thread, maybe after that
 * loop closed; releaseKept() lets it go. Node has one event loop for good: here the
 * calls of a function whose loop closed are delivered by the loop that runs when
 * the addon is next called. */
static napi_threadsafe_function g_kept;

static void kept_call_js(napi_env env, napi_value js_cb, void* context, void* data) {
  if (env == NULL) return;
  napi_value arg, undefined;
  napi_create_int32(env, (int32_t)(intptr_t)data, &arg);
  napi_get_undefined(env, &undefined);
  napi_call_function(env, undefined, js_cb, 1, &arg, NULL);
}

static void* kept_thread(void* p) {
  int n = (int)(intptr_t)p;
  for (int i = 0; i < n; i++)
    napi_call_threadsafe_function(g_kept, (void*)(intptr_t)i, napi_tsfn_blocking);
  return NULL;
}

static napi_value release_kept(napi_env env, napi_callback_info info) {
  if (g_kept != NULL) NODE_API_CALL(env, napi_release_threadsafe_function(g_kept, napi_tsfn_release));
  g_kept = NULL;
  return th_undefined(env);
}

static napi_value keep(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value cb, name;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, &cb, NULL, NULL));
  if (release_kept(env, info) == NULL) return NULL;
  NODE_API_CALL(env, napi_create_string_utf8(env, "kept", NAPI_AUTO_LENGTH, &name));
  NODE_API_CALL(env, napi_create_threadsafe_function(env, cb, NULL, name, 0, 1, NULL, NULL, NULL,
                                                     kept_call_js, &g_kept));
  return th_undefined(env);
}

static napi_value call_kept(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t n;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &n));
  if (g_kept == NULL) {
    napi_throw_error(env, NULL, "nothing kept (keep)");
    return NULL;
  }
  pthread_t t;
  if (pthread_create(&t, NULL, kept_thread, (void*)(intptr_t)n) != 0) {
    napi_throw_error(env, NULL, "pthread_create failed");
    return NULL;
  }
  pthread_detach(t);
  return th_undefined(env);
}

/* relay(cb, n) -> undefined: n threadsafe functions, each calling cb(i); then a
 * relay of n threads, each started by the previous one after its call: thread i calls
 * function i, then starts thread i + 1 and waits for it. Each call happens before the
 * next (made by a thread that did not exist before it), and all of them are queued
 * when relay returns (it waits for the relay), so one drain finds them all: they
 * run in their order, cb(0) ... cb(n - 1), as in Node. */
#define RELAY_MAX 16
typedef struct {
  napi_threadsafe_function fns[RELAY_MAX];
  int n;
  int alive; /* functions not finalized yet: the last finalizer frees the relay */
} Relay;
typedef struct {
  Relay* relay;
  int i;
} RelayStep;

static void relay_call_js(napi_env env, napi_value js_cb, void* context, void* data) {
  if (env == NULL || js_cb == NULL) return;
  napi_value argv[1], undefined;
  napi_create_int32(env, (int32_t)(intptr_t)data, &argv[0]);
  napi_get_undefined(env, &undefined);
  napi_call_function(env, undefined, js_cb, 1, argv, NULL);
}

static void relay_finalize(napi_env env, void* data, void* hint) {
  Relay* r = data;
  if (--r->alive == 0) free(r);
}

static void* relay_thread(void* arg) {
  RelayStep* step = arg;
  Relay* r = step->relay;
  napi_call_threadsafe_function(r->fns[step->i], (void*)(intptr_t)step->i, napi_tsfn_blocking);
  napi_release_threadsafe_function(r->fns[step->i], napi_tsfn_release);
  if (step->i + 1 < r->n) {
    RelayStep next = {r, step->i + 1};
    pthread_t t;
    pthread_create(&t, NULL, relay_thread, &next);
    pthread_join(t, NULL);
  }
  return NULL;
}

static napi_value relay(napi_env env, napi_callback_info info) {
  napi_value argv[2], name;
  th_args(env, info, 2, argv);
  int32_t n;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &n));
  NODE_API_ASSERT(env, n > 0 && n <= RELAY_MAX, "relay length");
  Relay* r = calloc(1, sizeof(Relay));
  r->n = n;
  NODE_API_CALL(env, napi_create_string_utf8(env, "relay", NAPI_AUTO_LENGTH, &name));
  for (int i = 0; i < n; i++) {
    NODE_API_CALL(env, napi_create_threadsafe_function(env, argv[0], NULL, name, 0, 1, r,
                                                       relay_finalize, NULL, relay_call_js,
                                                       &r->fns[i]));
    r->alive++;
  }
  RelayStep first = {r, 0};
  pthread_t t;
  pthread_create(&t, NULL, relay_thread, &first);
  pthread_join(t, NULL);
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value name;
  NODE_API_CALL(env, napi_create_string_utf8(env, "loaded", NAPI_AUTO_LENGTH, &name));
  for (int i = 0; i < 2; i++)
    NODE_API_CALL(env, napi_create_threadsafe_function(env, NULL, NULL, name, 0, 1, NULL, NULL,
                                                       (void*)(intptr_t)i, loaded_call_js,
                                                       &g_loaded[i]));
  NODE_API_CALL(env, napi_unref_threadsafe_function(env, g_loaded[0]));
  napi_property_descriptor props[] = {
      TH_METHOD("startThreads", start_threads),
      TH_METHOD("defaultCall", default_call),
      TH_METHOD("mainThreadCalls", main_thread_calls),
      TH_METHOD("abortQueued", abort_queued),
      TH_METHOD("context", context_roundtrip),
      TH_METHOD("acquireRelease", acquire_release),
      TH_METHOD("badArgs", bad_args),
      TH_METHOD("forever", forever),
      TH_METHOD("lastSummary", last_summary),
      TH_METHOD("throwingFinalizer", throwing_finalizer),
      TH_METHOD("callFromLoaded", call_from_loaded),
      TH_METHOD("unrefLoaded", unref_loaded),
      TH_METHOD("releaseLoaded", release_loaded),
      TH_METHOD("keep", keep),
      TH_METHOD("callKept", call_kept),
      TH_METHOD("releaseKept", release_kept),
      TH_METHOD("relay", relay),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
