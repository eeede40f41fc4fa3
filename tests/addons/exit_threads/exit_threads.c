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
#include <stdio.h>
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

/* burst(cb, n, mode): what @neplex/vectorizer's progress callback does. A thread
 * calls a referenced threadsafe function n times (cb(i) runs for each), then, as a
 * napi-rs thread dropping a Buffer, posts to an unreferenced function (napi-rs's
 * "custom GC" function), then releases the first. mode 1 (joined): burst()
 * waits for the thread, which makes its calls at once; 2 (held): so does burstGo(),
 * which lets the thread start (called once the loop that made the functions has
 * ended); 0: the thread waits for cb(0) to have run, then makes the rest 2 ms apart. Printed on stdout: "drop N" when the second
 * function's call runs, "finalized" from the first one's finalizer. In Node, the
 * referenced function keeps the process alive until the thread released it: every
 * call runs with the env. A call_js given a NULL env with data aborts, as napi-rs's
 * (before 3.16) custom GC panics on one; a call that is refused is reported by the
 * next burstState(). */
typedef struct {
  napi_threadsafe_function calls;
  napi_threadsafe_function drops;
  long n;
  bool joined;  /* modes 1 and 2 */
  atomic_int first_ran;
  pthread_t thread;
} Burst;

static atomic_long g_burst_refused = 0;  /* calls that did not return napi_ok */
static Burst* g_held = NULL;               /* mode 2: waits for burstGo() */
static atomic_int g_go = 0;

static void burst_call_js(napi_env env, napi_value cb, void* context, void* data) {
  if (env == NULL) abort();
  Burst* b = (Burst*)context;
  long i = *(long*)data;
  free(data);
  napi_value arg, undefined;
  napi_create_int64(env, i, &arg);
  napi_get_undefined(env, &undefined);
  napi_call_function(env, undefined, cb, 1, &arg, NULL);
  if (i == 0) atomic_store(&b->first_ran, 1);
}

static void burst_drop_js(napi_env env, napi_value cb, void* context, void* data) {
  (void)cb; (void)context;
  if (env == NULL) {
    if (data != NULL) abort();
    return;
  }
  printf("drop %ld\n", *(long*)data);
  fflush(stdout);
  free(data);
}

static void burst_finalize(napi_env env, void* data, void* hint) {
  (void)env; (void)hint;
  printf("finalized\n");
  fflush(stdout);
  free(data);
}

static void* burst_main(void* arg) {
  Burst* b = (Burst*)arg;
  napi_threadsafe_function calls = b->calls, drops = b->drops;
  long n = b->n;
  bool joined = b->joined;
  bool open = true;
  while (b == g_held && !atomic_load(&g_go)) sleep_us(100);
  for (long i = 0; i < n && open; i++) {
    long* data = (long*)malloc(sizeof(long));
    *data = i;
    napi_status s = napi_call_threadsafe_function(calls, data, napi_tsfn_blocking);
    if (s != napi_ok) {
      free(data);
      atomic_fetch_add(&g_burst_refused, 1);
      open = false;
    }
    if (i == 0 && !joined)
      while (open && !atomic_load(&b->first_ran)) sleep_us(100);
    if (!joined) sleep_us(2000);
  }
  long* dropped = (long*)malloc(sizeof(long));
  *dropped = n;
  if (napi_call_threadsafe_function(drops, dropped, napi_tsfn_nonblocking) != napi_ok) {
    free(dropped);
    atomic_fetch_add(&g_burst_refused, 1);
  }
  /* The last use of b: the finalizer may free it once this returns. */
  napi_release_threadsafe_function(calls, napi_tsfn_release);
  return NULL;
}

static napi_value Burst_(napi_env env, napi_callback_info info) {
  napi_value argv[3], name;
  th_args(env, info, 3, argv);
  Burst* b = (Burst*)calloc(1, sizeof(Burst));
  int64_t n;
  NODE_API_CALL(env, napi_get_value_int64(env, argv[1], &n));
  int32_t mode;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[2], &mode));
  b->joined = mode != 0;
  b->n = (long)n;
  if (mode == 2) g_held = b;
  NODE_API_CALL(env, napi_create_string_utf8(env, "burst", NAPI_AUTO_LENGTH, &name));
  NODE_API_CALL(env, napi_create_threadsafe_function(env, argv[0], NULL, name, 0, 1, b,
                                                     burst_finalize, b, burst_call_js,
                                                     &b->calls));
  NODE_API_CALL(env, napi_create_threadsafe_function(env, NULL, NULL, name, 0, 1, NULL, NULL,
                                                     NULL, burst_drop_js, &b->drops));
  NODE_API_CALL(env, napi_unref_threadsafe_function(env, b->drops));
  if (pthread_create(&b->thread, NULL, burst_main, b) != 0) {
    napi_throw_error(env, NULL, "pthread_create failed");
    return NULL;
  }
  if (mode == 1)
    pthread_join(b->thread, NULL);
  else if (mode == 0)
    pthread_detach(b->thread);  /* (mode 2: burstGo() joins it) */
  return th_undefined(env);
}

static napi_value BurstGo(napi_env env, napi_callback_info info) {
  (void)info;
  Burst* b = g_held;
  NODE_API_ASSERT(env, b != NULL, "no held burst");
  atomic_store(&g_go, 1);
  pthread_join(b->thread, NULL);
  return th_undefined(env);
}

static napi_value BurstRefused(napi_env env, napi_callback_info info) {
  (void)info;
  return th_int(env, atomic_load(&g_burst_refused));
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
    TH_METHOD("burst", Burst_),
    TH_METHOD("burstGo", BurstGo),
    TH_METHOD("burstRefused", BurstRefused),
  };
  atomic_store(&g_shared.hook_buf, new_buf());
  atomic_store(&g_shared.instance_buf, new_buf());
  NODE_API_CALL(env, napi_set_instance_data(env, &g_shared, instance_finalize, NULL));
  NODE_API_CALL(env, napi_add_env_cleanup_hook(env, cleanup_hook, &g_shared));
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
