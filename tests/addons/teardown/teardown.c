/* Teardown at interpreter exit with async work in flight: executes that sleep and
 * then write into memory the addon frees in its cleanup hook and in its instance
 * data finalizer. If exit freed that memory while an execute still ran, the write
 * would be a use after free (AddressSanitizer reports it) and the counts printed
 * by the hook would show the execute unfinished. */
#include "test_helpers.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
  atomic_int writes;
  char data[4096];
} Store;

static Store* hook_store;      /* freed by the cleanup hook */
static Store* instance_store;  /* freed by the instance data finalizer */
static atomic_int executing, started, finished, completed_ok, completed_cancelled;
static atomic_int gate_open = 1;

typedef struct {
  napi_async_work work;
  int ms;
} Job;

static void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void execute(napi_env env, void* data) {
  Job* job = data;
  atomic_fetch_add(&executing, 1);
  atomic_fetch_add(&started, 1);
  while (!atomic_load(&gate_open)) sleep_ms(1);
  sleep_ms(job->ms);
  /* The writes exit must wait for. */
  memset(hook_store->data, job->ms & 0xff, sizeof hook_store->data);
  atomic_fetch_add(&hook_store->writes, 1);
  memset(instance_store->data, job->ms & 0xff, sizeof instance_store->data);
  atomic_fetch_add(&instance_store->writes, 1);
  atomic_fetch_add(&finished, 1);
  atomic_fetch_sub(&executing, 1);
}

static void complete(napi_env env, napi_status status, void* data) {
  Job* job = data;
  if (status == napi_ok) atomic_fetch_add(&completed_ok, 1);
  if (status == napi_cancelled) atomic_fetch_add(&completed_cancelled, 1);
  napi_delete_async_work(env, job->work);
  free(job);
}

/* slowWrite(ms): queues work whose execute waits for the gate, sleeps `ms`, then
 * writes. */
static napi_value slow_write(napi_env env, napi_callback_info info) {
  napi_value argv[1], name;
  th_args(env, info, 1, argv);
  Job* job = calloc(1, sizeof *job);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &job->ms));
  NODE_API_CALL(env, napi_create_string_utf8(env, "slowWrite", NAPI_AUTO_LENGTH, &name));
  NODE_API_CALL(env, napi_create_async_work(env, NULL, name, execute, complete, job, &job->work));
  NODE_API_CALL(env, napi_queue_async_work(env, job->work));
  return th_undefined(env);
}

/* closeGate() / openGate(): executes wait while the gate is closed (in the tests it
 * opens from an atexit handler that runs just before napi_python's teardown: so
 * they are all running, and the rest queued, when exit begins). */
static napi_value close_gate(napi_env env, napi_callback_info info) {
  atomic_store(&gate_open, 0);
  return th_undefined(env);
}

static napi_value open_gate(napi_env env, napi_callback_info info) {
  atomic_store(&gate_open, 1);
  return th_undefined(env);
}

/* started(): how many executes have begun. */
static napi_value get_started(napi_env env, napi_callback_info info) {
  return th_int(env, atomic_load(&started));
}

static void report(const char* who) {
  printf("%s executing=%d finished=%d ok=%d cancelled=%d\n", who, atomic_load(&executing),
         atomic_load(&finished), atomic_load(&completed_ok), atomic_load(&completed_cancelled));
  fflush(stdout);
}

static void cleanup_hook(void* arg) {
  report("hook");
  free(hook_store);
  hook_store = NULL;
}

static void instance_finalize(napi_env env, void* data, void* hint) {
  report("instance");
  free(instance_store);
  instance_store = NULL;
}

NAPI_MODULE_INIT() {
  hook_store = calloc(1, sizeof *hook_store);
  instance_store = calloc(1, sizeof *instance_store);
  NODE_API_CALL(env, napi_add_env_cleanup_hook(env, cleanup_hook, NULL));
  NODE_API_CALL(env, napi_set_instance_data(env, instance_store, instance_finalize, NULL));
  napi_property_descriptor props[] = {
      TH_METHOD("slowWrite", slow_write),
      TH_METHOD("started", get_started),
      TH_METHOD("closeGate", close_gate),
      TH_METHOD("openGate", open_gate),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
