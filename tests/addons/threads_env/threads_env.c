/* Per-thread envs (tests/test_threads_env.py): what a module init does once per env
 * (instance data, a cleanup hook), and what the addon can tell about the env it is
 * called in and the thread it runs on.
 *
 * Every init numbers its env (1, 2, ...) in the instance data and records the
 * thread it ran on. The cleanup hook of each env logs (env number, thread) when it
 * runs; wrapped objects log their env's number when their finalizer runs. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "test_helpers.h"

typedef struct {
  int32_t id;
  int32_t init_tid;
  int32_t calls;
} EnvData;

#define LOG_MAX 256
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int32_t inits = 0;
static int32_t cleanup_log[LOG_MAX][2];  /* env id, thread id */
static int cleanup_count = 0;
static int32_t finalized_log[LOG_MAX][2];  /* env id of a finalized wrapped object, thread */
static int finalized_count = 0;

static int32_t current_tid(void) { return (int32_t)syscall(SYS_gettid); }

static void free_env_data(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  free(data);
}

static void cleanup_hook(void* arg) {
  EnvData* d = (EnvData*)arg;
  pthread_mutex_lock(&log_lock);
  if (cleanup_count < LOG_MAX) {
    cleanup_log[cleanup_count][0] = d->id;
    cleanup_log[cleanup_count][1] = current_tid();
    cleanup_count++;
  }
  pthread_mutex_unlock(&log_lock);
}

static EnvData* env_data(napi_env env) {
  void* data = NULL;
  if (napi_get_instance_data(env, &data) != napi_ok) return NULL;
  return (EnvData*)data;
}

/* envId(): the number of the env the call runs in. */
static napi_value EnvId(napi_env env, napi_callback_info info) {
  (void)info;
  EnvData* d = env_data(env);
  NODE_API_ASSERT(env, d != NULL, "instance data");
  d->calls++;
  napi_value r;
  NODE_API_CALL(env, napi_create_int32(env, d->id, &r));
  return r;
}

/* initThread(): the thread (Linux tid) the env's module init ran on. */
static napi_value InitThread(napi_env env, napi_callback_info info) {
  (void)info;
  EnvData* d = env_data(env);
  NODE_API_ASSERT(env, d != NULL, "instance data");
  napi_value r;
  NODE_API_CALL(env, napi_create_int32(env, d->init_tid, &r));
  return r;
}

/* calls(): how many times envId() ran in this env. */
static napi_value Calls(napi_env env, napi_callback_info info) {
  (void)info;
  EnvData* d = env_data(env);
  NODE_API_ASSERT(env, d != NULL, "instance data");
  napi_value r;
  NODE_API_CALL(env, napi_create_int32(env, d->calls, &r));
  return r;
}

/* inits(): module inits so far (all envs). */
static napi_value Inits(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value r;
  pthread_mutex_lock(&log_lock);
  int32_t n = inits;
  pthread_mutex_unlock(&log_lock);
  NODE_API_CALL(env, napi_create_int32(env, n, &r));
  return r;
}

/* cleanupLog(): [[env id, thread id], ...] in the order the hooks ran. */
static napi_value pairs(napi_env env, int32_t (*log)[2], int n);
static napi_value CleanupLog(napi_env env, napi_callback_info info) {
  (void)info;
  int32_t copy[LOG_MAX][2];
  pthread_mutex_lock(&log_lock);
  int n = cleanup_count;
  memcpy(copy, cleanup_log, sizeof copy);
  pthread_mutex_unlock(&log_lock);
  return pairs(env, copy, n);
}

static void finalize_wrapped(napi_env env, void* data, void* hint) {
  (void)hint;
  /* The env of the object: its instance data must still be there. */
  EnvData* d = env_data(env);
  int32_t id = (d != NULL && d->id == *(int32_t*)data) ? d->id : -1;
  free(data);
  pthread_mutex_lock(&log_lock);
  if (finalized_count < LOG_MAX) {
    finalized_log[finalized_count][0] = id;
    finalized_log[finalized_count][1] = current_tid();
    finalized_count++;
  }
  pthread_mutex_unlock(&log_lock);
}

/* makeWrapped(): an object wrapping its env's number; its finalizer logs it
 * (finalizedLog), or -1 when the env it runs with is not the object's. */
static napi_value MakeWrapped(napi_env env, napi_callback_info info) {
  (void)info;
  EnvData* d = env_data(env);
  NODE_API_ASSERT(env, d != NULL, "instance data");
  int32_t* id = malloc(sizeof *id);
  NODE_API_ASSERT(env, id != NULL, "malloc");
  *id = d->id;
  napi_value obj;
  NODE_API_CALL(env, napi_create_object(env, &obj));
  if (napi_wrap(env, obj, id, finalize_wrapped, NULL, NULL) != napi_ok) {
    free(id);
    th_throw_last_error(env, "napi_wrap");
    return NULL;
  }
  return obj;
}

/* unwrapId(obj): the env number a wrapped object holds. */
static napi_value UnwrapId(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  void* data = NULL;
  NODE_API_CALL(env, napi_unwrap(env, argv[0], &data));
  napi_value r;
  NODE_API_CALL(env, napi_create_int32(env, *(int32_t*)data, &r));
  return r;
}

static napi_value pairs(napi_env env, int32_t (*log)[2], int n) {
  napi_value arr;
  NODE_API_CALL(env, napi_create_array(env, &arr));
  for (int i = 0; i < n; i++) {
    napi_value pair, a, b;
    NODE_API_CALL(env, napi_create_array_with_length(env, 2, &pair));
    NODE_API_CALL(env, napi_create_int32(env, log[i][0], &a));
    NODE_API_CALL(env, napi_create_int32(env, log[i][1], &b));
    NODE_API_CALL(env, napi_set_element(env, pair, 0, a));
    NODE_API_CALL(env, napi_set_element(env, pair, 1, b));
    NODE_API_CALL(env, napi_set_element(env, arr, (uint32_t)i, pair));
  }
  return arr;
}

/* finalizedLog(): [[env id, thread id], ...] logged by the finalizers of wrapped
 * objects (env id -1: the finalizer ran with another env's instance data). */
static napi_value FinalizedLog(napi_env env, napi_callback_info info) {
  (void)info;
  int32_t copy[LOG_MAX][2];
  pthread_mutex_lock(&log_lock);
  int n = finalized_count;
  memcpy(copy, finalized_log, sizeof copy);
  pthread_mutex_unlock(&log_lock);
  return pairs(env, copy, n);
}

/* currentThread(): the Linux tid of the caller. */
static napi_value CurrentThread(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value r;
  NODE_API_CALL(env, napi_create_int32(env, current_tid(), &r));
  return r;
}

NAPI_MODULE_INIT() {
  EnvData* d = calloc(1, sizeof *d);
  NODE_API_ASSERT(env, d != NULL, "calloc");
  pthread_mutex_lock(&log_lock);
  d->id = ++inits;
  pthread_mutex_unlock(&log_lock);
  d->init_tid = current_tid();
  if (napi_set_instance_data(env, d, free_env_data, NULL) != napi_ok) {
    free(d);
    th_throw_last_error(env, "napi_set_instance_data");
    return NULL;
  }
  NODE_API_CALL(env, napi_add_env_cleanup_hook(env, cleanup_hook, d));
  napi_property_descriptor props[] = {
      {"envId", NULL, EnvId, NULL, NULL, NULL, napi_default, NULL},
      {"initThread", NULL, InitThread, NULL, NULL, NULL, napi_default, NULL},
      {"calls", NULL, Calls, NULL, NULL, NULL, napi_default, NULL},
      {"inits", NULL, Inits, NULL, NULL, NULL, napi_default, NULL},
      {"cleanupLog", NULL, CleanupLog, NULL, NULL, NULL, napi_default, NULL},
      {"makeWrapped", NULL, MakeWrapped, NULL, NULL, NULL, napi_default, NULL},
      {"unwrapId", NULL, UnwrapId, NULL, NULL, NULL, napi_default, NULL},
      {"finalizedLog", NULL, FinalizedLog, NULL, NULL, NULL, napi_default, NULL},
      {"currentThread", NULL, CurrentThread, NULL, NULL, NULL, napi_default, NULL},
  };
  NODE_API_CALL(env, napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}
