/* Test addon for interpreter exit while the addon's own native threads still run
 * and call Node-API functions, as a napi-rs addon's tokio workers do when Python
 * exits with an async method of theirs in flight (docs/guide.rst, "Exit with work in
 * flight").
 *
 * start(cb) starts a worker thread and returns an object wrapping its state. The
 * thread never stops by itself: each round it writes into four buffers (freed, and
 * their pointers cleared, by the object's wrap finalizer, an env cleanup hook, the
 * instance-data finalizer and the threadsafe function's finalizer: what a napi-rs
 * addon's finalizers and its runtime-dropping cleanup hook free), calls a referenced
 * threadsafe function, refs and unrefs a reference (1 <-> 2, and 1 -> 0 -> 1), and
 * reads the env (napi_get_version, napi_get_instance_data). Its call_js needs the env
 * (a NULL env aborts, as napi-rs's promise resolution panics on one). When a call
 * returns napi_closing the thread releases the function (as napi-rs does) and goes
 * on with the rest.
 *
 * Node never tears down an env whose referenced threadsafe function a thread still
 * holds (it keeps the process alive; process.exit() runs no teardown at all): every
 * free above would be a use after free, and napi_closing from a function never
 * released or an unexpected status is a crash here. */
#include "test_helpers.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#define BUF_INTS 64

typedef struct {
  int* _Atomic wrapped_buf;   /* freed by the wrap finalizer */
  int* _Atomic tsfn_buf;      /* freed by the threadsafe function's finalizer */
  napi_env env;
  napi_threadsafe_function tsfn;
  napi_ref ref;               /* to the callback, count >= 1 */
  atomic_long delivered;      /* calls that reached call_js (GIL) */
  atomic_long rounds;
  pthread_t thread;
} Worker;

typedef struct {
  int* _Atomic hook_buf;      /* freed by the env cleanup hook */
  int* _Atomic instance_buf;  /* freed by the instance-data finalizer */
} Shared;

static Shared g_shared;

static int* new_buf(void) { return (int*)calloc(BUF_INTS, sizeof(int)); }

static void free_buf(int* _Atomic* slot) {
  int* b = atomic_exchange(slot, NULL);
  free(b);
}

/* A write through a buffer pointer that a teardown step has cleared crashes. */
static void touch(int* _Atomic* slot, long round) {
  int* b = atomic_load(slot);
  b[round % BUF_INTS]++;
}

static void sleep_us(long us) {
  struct timespec ts = {0, us * 1000L};
  nanosleep(&ts, NULL);
}

static void* worker_main(void* arg) {
  Worker* w = (Worker*)arg;
  napi_env env = w->env;
  bool open = true;
  for (long round = 0;; round++) {
    touch(&w->wrapped_buf, round);
    touch(&w->tsfn_buf, round);
    touch(&g_shared.hook_buf, round);
    touch(&g_shared.instance_buf, round);
    if (open) {
      long* data = (long*)malloc(sizeof(long));
      *data = round;
      napi_status s = napi_call_threadsafe_function(w->tsfn, data, napi_tsfn_blocking);
      if (s == napi_closing) {
        free(data);
        /* As napi-rs: released after the call said closing (its hold is gone: the
         * release is refused, and must not touch freed memory). */
        napi_release_threadsafe_function(w->tsfn, napi_tsfn_release);
        open = false;
      } else if (s != napi_ok) {
        abort();
      }
    }
    uint32_t count = 0;
    if (napi_reference_ref(env, w->ref, &count) != napi_ok || count != 2) abort();
    if (napi_reference_unref(env, w->ref, &count) != napi_ok || count != 1) abort();
    if (round % 16 == 0) {
      if (napi_reference_unref(env, w->ref, &count) != napi_ok || count != 0) abort();
      if (napi_reference_ref(env, w->ref, &count) != napi_ok || count != 1) abort();
    }
    uint32_t version = 0;
    if (napi_get_version(env, &version) != napi_ok || version < 8) abort();
    void* data = NULL;
    if (napi_get_instance_data(env, &data) != napi_ok || data != &g_shared) abort();
    atomic_fetch_add(&w->rounds, 1);
    sleep_us(50);
  }
  return NULL;
}

/* Needs the env, as napi-rs's promise resolution does. */
static void call_js(napi_env env, napi_value cb, void* context, void* data) {
  if (env == NULL) abort();
  Worker* w = (Worker*)context;
  napi_value arg, undefined;
  napi_create_int64(env, *(long*)data, &arg);
  free(data);
  atomic_fetch_add(&w->delivered, 1);
  napi_get_undefined(env, &undefined);
  napi_call_function(env, undefined, cb, 1, &arg, NULL);
}

static void tsfn_finalize(napi_env env, void* data, void* hint) {
  (void)env; (void)hint;
  free_buf(&((Worker*)data)->tsfn_buf);
}

static void wrap_finalize(napi_env env, void* data, void* hint) {
  (void)env; (void)hint;
  free_buf(&((Worker*)data)->wrapped_buf);  /* the Worker itself is the thread's */
}

static napi_value Start(napi_env env, napi_callback_info info) {
  napi_value argv[1], obj, name;
  th_args(env, info, 1, argv);
  Worker* w = (Worker*)calloc(1, sizeof(Worker));
  w->env = env;
  atomic_store(&w->wrapped_buf, new_buf());
  atomic_store(&w->tsfn_buf, new_buf());
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_wrap(env, obj, w, wrap_finalize, NULL, NULL));
  NODE_API_CALL(env, napi_create_reference(env, argv[0], 1, &w->ref));
  NODE_API_CALL(env, napi_create_string_utf8(env, "exit_threads", NAPI_AUTO_LENGTH, &name));
  NODE_API_CALL(env, napi_create_threadsafe_function(env, argv[0], NULL, name, 4, 1, w,
                                                     tsfn_finalize, w, call_js, &w->tsfn));
  if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
    napi_throw_error(env, NULL, "pthread_create failed");
    return NULL;
  }
  pthread_detach(w->thread);
  return obj;
}

/* delivered(obj) -> calls that reached call_js; rounds(obj) -> the thread's rounds */
static Worker* unwrap(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  void* w = NULL;
  th_args(env, info, 1, argv);
  if (napi_unwrap(env, argv[0], &w) != napi_ok) return NULL;
  return (Worker*)w;
}

static napi_value Delivered(napi_env env, napi_callback_info info) {
  Worker* w = unwrap(env, info);
  NODE_API_ASSERT(env, w != NULL, "not a worker");
  return th_int(env, atomic_load(&w->delivered));
}

static napi_value Rounds(napi_env env, napi_callback_info info) {
  Worker* w = unwrap(env, info);
  NODE_API_ASSERT(env, w != NULL, "not a worker");
  return th_int(env, atomic_load(&w->rounds));
}

static void cleanup_hook(void* arg) { free_buf(&((Shared*)arg)->hook_buf); }

static void instance_finalize(napi_env env, void* data, void* hint) {
  (void)env; (void)hint;
  free_buf(&((Shared*)data)->instance_buf);
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
    TH_METHOD("start", Start),
    TH_METHOD("delivered", Delivered),
    TH_METHOD("rounds", Rounds),
  };
  atomic_store(&g_shared.hook_buf, new_buf());
  atomic_store(&g_shared.instance_buf, new_buf());
  NODE_API_CALL(env, napi_set_instance_data(env, &g_shared, instance_finalize, NULL));
  NODE_API_CALL(env, napi_add_env_cleanup_hook(env, cleanup_hook, &g_shared));
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
