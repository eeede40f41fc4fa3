/* Test addon for Node-API calls from native threads that do not hold the GIL, as a
 * napi-rs addon with a tokio runtime makes them: references ref'd, unref'd and
 * deleted, instance data read, a threadsafe function acquired, called and released,
 * while Python runs, while it is idle in a blocking call, and while it exits. */
#include "test_helpers.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

static int g_instance_data;  /* its address is the instance data */

typedef struct {
  napi_env env;
  napi_ref* refs;
  size_t n;
  int rounds;          /* ref/unref pairs on each reference before the final unref */
  int sleep_every;     /* sleep 1 ms after this many references (0: never) */
  napi_threadsafe_function tsfn;  /* or NULL */
  atomic_int done;
  atomic_long errors;
  atomic_long processed;
  pthread_t thread;
} Cycles;

static Cycles* g_cycles = NULL;

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void* cycle_worker(void* arg) {
  Cycles* c = (Cycles*)arg;
  napi_env env = c->env;
  for (size_t i = 0; i < c->n; i++) {
    uint32_t count = 0;
    napi_ref ref = c->refs[i];
    for (int r = 0; r < c->rounds; r++) {
      if (napi_reference_ref(env, ref, &count) != napi_ok || count != 2) c->errors++;
      if (napi_reference_unref(env, ref, &count) != napi_ok || count != 1) c->errors++;
    }
    if (napi_reference_unref(env, ref, &count) != napi_ok || count != 0) c->errors++;
    /* Below zero: refused, as on the main thread. */
    if (napi_reference_unref(env, ref, &count) != napi_generic_failure) c->errors++;
    /* 0 -> 1 -> 0: becomes strong and weak again (if the value is still alive). */
    if (napi_reference_ref(env, ref, &count) != napi_ok || count != 1) c->errors++;
    if (napi_reference_unref(env, ref, &count) != napi_ok || count != 0) c->errors++;
    if (i % 64 == 0) {
      void* data = NULL;
      if (napi_get_instance_data(env, &data) != napi_ok || data != &g_instance_data)
        c->errors++;
      int64_t adjusted;
      if (napi_adjust_external_memory(env, 64, &adjusted) != napi_ok || adjusted < 64 ||
          napi_adjust_external_memory(env, -64, &adjusted) != napi_ok)
        c->errors++;
      /* No value can be given to a thread without the GIL. */
      napi_value v = (napi_value)1;
      if (napi_get_reference_value(env, ref, &v) != napi_generic_failure || v != NULL)
        c->errors++;
      if (c->tsfn != NULL && napi_acquire_threadsafe_function(c->tsfn) == napi_ok) {
        napi_call_threadsafe_function(c->tsfn, NULL, napi_tsfn_nonblocking);
        napi_release_threadsafe_function(c->tsfn, napi_tsfn_release);
      }
    }
    if (napi_delete_reference(env, ref) != napi_ok) c->errors++;
    c->processed++;
    if (c->sleep_every > 0 && (i + 1) % c->sleep_every == 0) sleep_ms(1);
  }
  if (c->tsfn != NULL) napi_release_threadsafe_function(c->tsfn, napi_tsfn_release);
  c->done = 1;
  return NULL;
}

/* startCycles(value, n, rounds, sleepEvery, tsfnFunction?): n references to value
 * (count 1), handed to a native thread that, for each, makes `rounds` ref/unref
 * pairs, unrefs it to 0, checks that one more unref is refused, refs and unrefs it
 * again, and deletes it; every 64th also reads the instance data, asks for the
 * value (refused), adjusts the external memory up and down and, with a function,
 * calls it through a threadsafe function. */
static napi_value StartCycles(napi_env env, napi_callback_info info) {
  napi_value argv[5], name;
  int32_t n = 0, rounds = 0, sleep_every = 0;
  size_t argc = th_args(env, info, 5, argv);
  NODE_API_ASSERT(env, g_cycles == NULL, "cycles already running");
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &n));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[2], &rounds));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[3], &sleep_every));
  Cycles* c = calloc(1, sizeof *c);
  c->env = env;
  c->n = (size_t)n;
  c->rounds = rounds;
  c->sleep_every = sleep_every;
  c->refs = calloc((size_t)n, sizeof(napi_ref));
  for (int32_t i = 0; i < n; i++)
    NODE_API_CALL(env, napi_create_reference(env, argv[0], 1, &c->refs[i]));
  napi_valuetype t = napi_undefined;
  if (argc >= 5) napi_typeof(env, argv[4], &t);
  if (t == napi_function) {
    NODE_API_CALL(env, napi_create_string_utf8(env, "ref_threads", NAPI_AUTO_LENGTH, &name));
    NODE_API_CALL(env, napi_create_threadsafe_function(env, argv[4], NULL, name, 0, 1, NULL,
                                                       NULL, NULL, NULL, &c->tsfn));
  }
  g_cycles = c;
  if (pthread_create(&c->thread, NULL, cycle_worker, c) != 0) {
    napi_throw_error(env, NULL, "pthread_create failed");
    return NULL;
  }
  return NULL;
}

/* cyclesProcessed(): how many references the thread has deleted so far. */
static napi_value CyclesProcessed(napi_env env, napi_callback_info info) {
  NODE_API_ASSERT(env, g_cycles != NULL, "no cycles");
  return th_int(env, g_cycles->processed);
}

/* joinCycles(): waits for the thread (holding the GIL all along: the thread must not
 * need it) and returns the number of unexpected statuses it saw. */
static napi_value JoinCycles(napi_env env, napi_callback_info info) {
  NODE_API_ASSERT(env, g_cycles != NULL, "no cycles");
  Cycles* c = g_cycles;
  pthread_join(c->thread, NULL);
  long errors = c->errors;
  free(c->refs);
  free(c);
  g_cycles = NULL;
  return th_int(env, errors);
}

/* ---- one unref and delete later, from a thread, while Python is idle ----------- */

typedef struct {
  napi_env env;
  napi_ref ref;
  int delay_ms;
  int delete_it;
} Later;

static pthread_t g_later_thread;
static atomic_long g_later_errors;

static void* later_worker(void* arg) {
  Later* l = (Later*)arg;
  uint32_t count = 99;
  sleep_ms(l->delay_ms);
  if (napi_reference_unref(l->env, l->ref, &count) != napi_ok || count != 0) g_later_errors++;
  if (l->delete_it && napi_delete_reference(l->env, l->ref) != napi_ok) g_later_errors++;
  free(l);
  return NULL;
}

/* unrefLater(value, delayMs, deleteIt): a reference (count 1) that a native thread
 * unrefs to 0 after delayMs, and then deletes if deleteIt; without deleteIt the
 * reference is returned as an external holding it (see getLater/deleteLater). */
static napi_value UnrefLater(napi_env env, napi_callback_info info) {
  napi_value argv[3], ext;
  int32_t delay = 0;
  bool del = false;
  th_args(env, info, 3, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &delay));
  NODE_API_CALL(env, napi_get_value_bool(env, argv[2], &del));
  Later* l = malloc(sizeof *l);
  l->env = env;
  l->delay_ms = delay;
  l->delete_it = del;
  NODE_API_CALL(env, napi_create_reference(env, argv[0], 1, &l->ref));
  napi_ref ref = l->ref;
  if (pthread_create(&g_later_thread, NULL, later_worker, l) != 0) {
    napi_throw_error(env, NULL, "pthread_create failed");
    return NULL;
  }
  if (del) return NULL;
  NODE_API_CALL(env, napi_create_external(env, ref, NULL, NULL, &ext));
  return ext;
}

/* joinLater(): waits for the unrefLater thread; returns its unexpected statuses. */
static napi_value JoinLater(napi_env env, napi_callback_info info) {
  pthread_join(g_later_thread, NULL);
  long e = g_later_errors;
  g_later_errors = 0;
  return th_int(env, e);
}

/* getLater(ext): the value of the reference in ext, or undefined if it is gone. */
static napi_value GetLater(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  void* ref;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_value_external(env, argv[0], &ref));
  NODE_API_CALL(env, napi_get_reference_value(env, (napi_ref)ref, &v));
  return v;
}

/* deleteLater(ext): deletes the reference in ext (on this thread). */
static napi_value DeleteLater(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  void* ref;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_value_external(env, argv[0], &ref));
  NODE_API_CALL(env, napi_delete_reference(env, (napi_ref)ref));
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
    TH_METHOD("startCycles", StartCycles),
    TH_METHOD("cyclesProcessed", CyclesProcessed),
    TH_METHOD("joinCycles", JoinCycles),
    TH_METHOD("unrefLater", UnrefLater),
    TH_METHOD("joinLater", JoinLater),
    TH_METHOD("getLater", GetLater),
    TH_METHOD("deleteLater", DeleteLater),
  };
  NODE_API_CALL(env, napi_set_instance_data(env, &g_instance_data, NULL, NULL));
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
