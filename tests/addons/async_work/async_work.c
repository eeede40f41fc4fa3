/* Async work: napi_create/queue/cancel/delete_async_work. */
#define _GNU_SOURCE
#include "test_helpers.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref callback;      /* callback style (asyncAddCb) */
  double a, b, sum;
  int kind;
  int repeats;            /* requeue: how many more times */
  int runs;
  pthread_t execute_thread, complete_thread;
  int execute_had_gil;
  int status;             /* the status complete received */
  char message[64];
} Job;

enum { ADD, PROBE, GATE, REQUEUE, THROW, INFO };

static atomic_int running = 0, max_running = 0, probe_target = 0;
static atomic_int gate_open = 1;
static atomic_int gate_opens_on_cancel = 0; /* openGateOnCancel() */

static int (*gil_check)(void);

static void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void execute(napi_env env, void* data) {
  Job* job = data;
  job->execute_thread = pthread_self();
  job->execute_had_gil = gil_check != NULL ? gil_check() : -1;
  job->runs++;
  switch (job->kind) {
    case ADD:
      job->sum = job->a + job->b;
      break;
    case PROBE: {
      /* Wait (at most 10 s) until `probe_target` executes run at once: the pool
       * size, when the test queues more work than there are threads. */
      int now = atomic_fetch_add(&running, 1) + 1;
      int seen = atomic_load(&max_running);
      while (now > seen && !atomic_compare_exchange_weak(&max_running, &seen, now)) {
      }
      for (int i = 0; i < 10000 && atomic_load(&max_running) < atomic_load(&probe_target); i++)
        sleep_ms(1);
      sleep_ms(20);
      atomic_fetch_sub(&running, 1);
      break;
    }
    case GATE:
      while (!atomic_load(&gate_open)) sleep_ms(1);
      break;
    default:
      break;
  }
}

static napi_value settle(napi_env env, Job* job, napi_value value) {
  if (job->deferred != NULL) {
    NODE_API_CALL(env, napi_resolve_deferred(env, job->deferred, value));
  }
  return NULL;
}

static void complete(napi_env env, napi_status status, void* data) {
  Job* job = data;
  job->complete_thread = pthread_self();
  job->status = status;
  napi_value value = NULL;
  if (status == napi_cancelled && atomic_exchange(&gate_opens_on_cancel, 0)) atomic_store(&gate_open, 1);
  if (job->kind == REQUEUE && status == napi_ok && job->repeats > 0) {
    job->repeats--;
    NODE_API_CALL_RETURN_VOID(env, napi_queue_async_work(env, job->work));
    return;
  }
  if (job->kind == THROW) {
    napi_throw_error(env, "ETHROWN", job->message);
    napi_delete_async_work(env, job->work);
    free(job);
    return;
  }
  if (job->callback != NULL) {
    napi_value cb, global, argv[2];
    napi_async_context ctx;
    napi_value name;
    NODE_API_CALL_RETURN_VOID(env, napi_get_reference_value(env, job->callback, &cb));
    NODE_API_CALL_RETURN_VOID(env, napi_get_global(env, &global));
    NODE_API_CALL_RETURN_VOID(env, napi_create_string_utf8(env, "asyncAddCb", NAPI_AUTO_LENGTH, &name));
    NODE_API_CALL_RETURN_VOID(env, napi_async_init(env, NULL, name, &ctx));
    napi_get_null(env, &argv[0]);
    napi_create_double(env, job->sum, &argv[1]);
    napi_value result;
    napi_status s = napi_make_callback(env, ctx, global, cb, 2, argv, &result);
    napi_async_destroy(env, ctx);
    napi_delete_reference(env, job->callback);
    napi_delete_async_work(env, job->work);
    free(job);
    (void)s;  /* an exception the callback raised stays pending: reported by the loop */
    return;
  }
  switch (job->kind) {
    case ADD:
      napi_create_double(env, job->sum, &value);
      break;
    case INFO: {
      napi_value v;
      napi_create_object(env, &value);
      napi_create_bigint_uint64(env, (uint64_t)job->execute_thread, &v);
      napi_set_named_property(env, value, "executeThread", v);
      napi_create_bigint_uint64(env, (uint64_t)job->complete_thread, &v);
      napi_set_named_property(env, value, "completeThread", v);
      napi_create_int32(env, job->execute_had_gil, &v);
      napi_set_named_property(env, value, "executeHadGil", v);
      /* complete runs with a handle scope open: this one must nest in it */
      napi_handle_scope scope;
      napi_status s = napi_open_handle_scope(env, &scope);
      if (s == napi_ok) s = napi_close_handle_scope(env, scope);
      napi_create_int32(env, s, &v);
      napi_set_named_property(env, value, "scopeStatus", v);
      break;
    }
    default: /* status and the number of executes */
      napi_create_object(env, &value);
      napi_value v;
      napi_create_int32(env, status, &v);
      napi_set_named_property(env, value, "status", v);
      napi_create_int32(env, job->runs, &v);
      napi_set_named_property(env, value, "runs", v);
      break;
  }
  settle(env, job, value);
  napi_delete_async_work(env, job->work);
  free(job);
}

static Job* new_job(napi_env env, int kind, napi_value* promise) {
  Job* job = calloc(1, sizeof(Job));
  job->kind = kind;
  napi_value name;
  napi_create_string_utf8(env, "test", NAPI_AUTO_LENGTH, &name);
  if (promise != NULL && napi_create_promise(env, &job->deferred, promise) != napi_ok) {
    th_throw_last_error(env, "napi_create_promise");
    free(job);
    return NULL;
  }
  if (napi_create_async_work(env, NULL, name, execute, complete, job, &job->work) != napi_ok) {
    th_throw_last_error(env, "napi_create_async_work");
    free(job);
    return NULL;
  }
  return job;
}

static napi_value queue(napi_env env, Job* job, napi_value promise) {
  NODE_API_CALL(env, napi_queue_async_work(env, job->work));
  return promise;
}

/* asyncAdd(a, b) -> Promise of a + b, computed on the pool. */
static napi_value async_add(napi_env env, napi_callback_info info) {
  napi_value argv[2], promise;
  th_args(env, info, 2, argv);
  Job* job = new_job(env, ADD, &promise);
  if (job == NULL) return NULL;
  NODE_API_CALL(env, napi_get_value_double(env, argv[0], &job->a));
  NODE_API_CALL(env, napi_get_value_double(env, argv[1], &job->b));
  return queue(env, job, promise);
}

/* asyncAddCb(a, b, cb): cb(null, a + b) through napi_make_callback. */
static napi_value async_add_cb(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  th_args(env, info, 3, argv);
  Job* job = new_job(env, ADD, NULL);
  if (job == NULL) return NULL;
  NODE_API_CALL(env, napi_get_value_double(env, argv[0], &job->a));
  NODE_API_CALL(env, napi_get_value_double(env, argv[1], &job->b));
  NODE_API_CALL(env, napi_create_reference(env, argv[2], 1, &job->callback));
  NODE_API_CALL(env, napi_queue_async_work(env, job->work));
  return th_undefined(env);
}

/* threadInfo() -> Promise of {executeThread, completeThread, executeHadGil, scopeStatus}. */
static napi_value thread_info(napi_env env, napi_callback_info info) {
  napi_value promise;
  Job* job = new_job(env, INFO, &promise);
  return job ? queue(env, job, promise) : NULL;
}

/* probe(target) -> Promise; execute waits until `target` of them run at once.
 * maxConcurrency() reads the largest number seen. */
static napi_value probe(napi_env env, napi_callback_info info) {
  napi_value argv[1], promise;
  th_args(env, info, 1, argv);
  int32_t target;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &target));
  atomic_store(&probe_target, target);
  Job* job = new_job(env, PROBE, &promise);
  return job ? queue(env, job, promise) : NULL;
}
static napi_value max_concurrency(napi_env env, napi_callback_info info) {
  int m = atomic_exchange(&max_running, 0);
  return th_int(env, m);
}

/* closeGate() / openGate(); gated() -> Promise: execute waits for the gate. */
static napi_value close_gate(napi_env env, napi_callback_info info) {
  atomic_store(&gate_open, 0);
  return th_undefined(env);
}
static napi_value open_gate(napi_env env, napi_callback_info info) {
  atomic_store(&gate_open, 1);
  return th_undefined(env);
}
/* openGateOnCancel(): the next complete that receives napi_cancelled opens the gate
 * (a test of exit's order: queued work is cancelled before running work is awaited). */
static napi_value open_gate_on_cancel(napi_env env, napi_callback_info info) {
  atomic_store(&gate_opens_on_cancel, 1);
  return th_undefined(env);
}
static napi_value gated(napi_env env, napi_callback_info info) {
  napi_value promise;
  Job* job = new_job(env, GATE, &promise);
  return job ? queue(env, job, promise) : NULL;
}

/* queueAndCancel() -> [cancel status, second cancel status, Promise of {status, runs}].
 * Meant to be called while the pool is blocked by gated() work. */
static napi_value queue_and_cancel(napi_env env, napi_callback_info info) {
  napi_value promise, out;
  Job* job = new_job(env, GATE, &promise);
  if (job == NULL) return NULL;
  NODE_API_CALL(env, napi_queue_async_work(env, job->work));
  napi_status s1 = napi_cancel_async_work(env, job->work);
  napi_status s2 = napi_cancel_async_work(env, job->work);
  NODE_API_CALL(env, napi_create_array_with_length(env, 3, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_int(env, s1)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_int(env, s2)));
  NODE_API_CALL(env, napi_set_element(env, out, 2, promise));
  return out;
}

/* cancelRunning() -> [status of cancelling gated work that already runs, Promise]. */
static napi_value cancel_running(napi_env env, napi_callback_info info) {
  napi_value promise, out;
  Job* job = new_job(env, GATE, &promise);
  if (job == NULL) return NULL;
  NODE_API_CALL(env, napi_queue_async_work(env, job->work));
  for (int i = 0; i < 60000 && job->runs == 0; i++) sleep_ms(1); /* until execute starts (ends then; the bound only keeps a broken pool from hanging) */
  napi_status s = napi_cancel_async_work(env, job->work);
  NODE_API_CALL(env, napi_create_array_with_length(env, 2, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_int(env, s)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, promise));
  return out;
}

/* requeue(n) -> Promise of {status, runs}: complete queues the same work n times. */
static napi_value requeue(napi_env env, napi_callback_info info) {
  napi_value argv[1], promise;
  th_args(env, info, 1, argv);
  Job* job = new_job(env, REQUEUE, &promise);
  if (job == NULL) return NULL;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &job->repeats));
  return queue(env, job, promise);
}

/* throwInComplete(message): complete throws an Error with that message. */
static napi_value throw_in_complete(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  Job* job = new_job(env, THROW, NULL);
  if (job == NULL) return NULL;
  size_t len;
  NODE_API_CALL(env, napi_get_value_string_utf8(env, argv[0], job->message, sizeof job->message, &len));
  NODE_API_CALL(env, napi_queue_async_work(env, job->work));
  return th_undefined(env);
}

/* deleteUnqueued(): create then delete without queueing -> status. */
static napi_value delete_unqueued(napi_env env, napi_callback_info info) {
  napi_value name;
  napi_async_work work;
  napi_create_string_utf8(env, "x", NAPI_AUTO_LENGTH, &name);
  NODE_API_CALL(env, napi_create_async_work(env, NULL, name, execute, complete, NULL, &work));
  return th_status(env, napi_delete_async_work(env, work));
}

/* badArgs() -> [statuses] for NULL inputs. */
static napi_value bad_args(napi_env env, napi_callback_info info) {
  napi_value name, out;
  napi_async_work work;
  napi_create_string_utf8(env, "x", NAPI_AUTO_LENGTH, &name);
  napi_status s[7] = {
      napi_create_async_work(env, NULL, name, NULL, complete, NULL, &work),
      napi_create_async_work(env, NULL, name, execute, complete, NULL, NULL),
      napi_create_async_work(env, NULL, NULL, execute, complete, NULL, &work),
      napi_queue_async_work(env, NULL),
      napi_cancel_async_work(env, NULL),
      napi_delete_async_work(env, NULL),
      napi_create_async_work(NULL, NULL, name, execute, complete, NULL, &work),
  };
  NODE_API_CALL(env, napi_create_array_with_length(env, 7, &out));
  for (int i = 0; i < 7; i++) NODE_API_CALL(env, napi_set_element(env, out, i, th_int(env, s[i])));
  return out;
}

/* uvLoop() -> true when napi_get_uv_event_loop gives a stable non-NULL pointer. */
static napi_value uv_loop(napi_env env, napi_callback_info info) {
  struct uv_loop_s *a = NULL, *b = NULL;
  NODE_API_CALL(env, napi_get_uv_event_loop(env, &a));
  NODE_API_CALL(env, napi_get_uv_event_loop(env, &b));
  return th_bool(env, a != NULL && a == b);
}

/* callbackScopes(fn) -> [statuses..., fn's result]: an async context and two nested
 * callback scopes around a napi_make_callback of fn(21), closed in order; then a
 * close with none open (napi_callback_scope_mismatch) and bad arguments. */
static napi_value callback_scopes(napi_env env, napi_callback_info info) {
  napi_value argv[1], name, resource, global, arg, result = NULL, out;
  th_args(env, info, 1, argv);
  napi_async_context ctx;
  napi_callback_scope outer, inner;
  NODE_API_CALL(env, napi_create_string_utf8(env, "scopes", NAPI_AUTO_LENGTH, &name));
  NODE_API_CALL(env, napi_create_object(env, &resource));
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_create_int32(env, 21, &arg));
  napi_status s[9];
  s[0] = napi_async_init(env, resource, name, &ctx);
  s[1] = napi_open_callback_scope(env, resource, ctx, &outer);
  s[2] = napi_open_callback_scope(env, resource, ctx, &inner);
  s[3] = napi_make_callback(env, ctx, global, argv[0], 1, &arg, &result);
  s[4] = napi_close_callback_scope(env, inner);
  s[5] = napi_close_callback_scope(env, outer);
  s[6] = napi_close_callback_scope(env, outer); /* none open: not dereferenced */
  s[7] = napi_close_callback_scope(env, NULL);
  s[8] = napi_async_destroy(env, ctx);
  NODE_API_CALL(env, napi_create_array_with_length(env, 10, &out));
  for (int i = 0; i < 9; i++) NODE_API_CALL(env, napi_set_element(env, out, i, th_int(env, s[i])));
  if (result != NULL) NODE_API_CALL(env, napi_set_element(env, out, 9, result));
  return out;
}

/* blockingCalls(cb, n, done): work whose execute makes n blocking calls to a
 * threadsafe function of queue size 1 (each waits until the loop took the previous
 * one: cb(i) runs there), then releases it; its complete calls done(calls that
 * returned napi_ok). */
typedef struct {
  napi_async_work work;
  napi_threadsafe_function tsfn;
  napi_ref done;
  int n, ok;
} Blocking;

static void blocking_call_js(napi_env env, napi_value cb, void* context, void* data) {
  if (env == NULL) return;
  napi_value undefined, arg;
  napi_get_undefined(env, &undefined);
  napi_create_int32(env, (int32_t)(intptr_t)data, &arg);
  napi_call_function(env, undefined, cb, 1, &arg, NULL);
}

static void blocking_execute(napi_env env, void* data) {
  Blocking* b = data;
  for (int i = 0; i < b->n; i++)
    if (napi_call_threadsafe_function(b->tsfn, (void*)(intptr_t)i, napi_tsfn_blocking) == napi_ok)
      b->ok++;
  napi_release_threadsafe_function(b->tsfn, napi_tsfn_release);
}

static void blocking_complete(napi_env env, napi_status status, void* data) {
  Blocking* b = data;
  napi_value done, undefined, arg;
  if (napi_get_reference_value(env, b->done, &done) == napi_ok && done != NULL) {
    napi_get_undefined(env, &undefined);
    napi_create_int32(env, b->ok, &arg);
    napi_call_function(env, undefined, done, 1, &arg, NULL);
  }
  napi_delete_reference(env, b->done);
  napi_delete_async_work(env, b->work);
  free(b);
}

static napi_value blocking_calls(napi_env env, napi_callback_info info) {
  napi_value argv[3], name;
  th_args(env, info, 3, argv);
  Blocking* b = calloc(1, sizeof *b);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &b->n));
  NODE_API_CALL(env, napi_create_reference(env, argv[2], 1, &b->done));
  NODE_API_CALL(env, napi_create_string_utf8(env, "blockingCalls", NAPI_AUTO_LENGTH, &name));
  NODE_API_CALL(env, napi_create_threadsafe_function(env, argv[0], NULL, name, 1, 1, NULL, NULL,
                                                     NULL, blocking_call_js, &b->tsfn));
  NODE_API_CALL(env, napi_create_async_work(env, NULL, name, blocking_execute, blocking_complete,
                                            b, &b->work));
  NODE_API_CALL(env, napi_queue_async_work(env, b->work));
  return th_undefined(env);
}

NAPI_MODULE_INIT() {
  gil_check = (int (*)(void))dlsym(RTLD_DEFAULT, "PyGILState_Check");
  napi_property_descriptor props[] = {
      TH_METHOD("asyncAdd", async_add),
      TH_METHOD("asyncAddCb", async_add_cb),
      TH_METHOD("threadInfo", thread_info),
      TH_METHOD("probe", probe),
      TH_METHOD("maxConcurrency", max_concurrency),
      TH_METHOD("closeGate", close_gate),
      TH_METHOD("openGate", open_gate),
      TH_METHOD("openGateOnCancel", open_gate_on_cancel),
      TH_METHOD("gated", gated),
      TH_METHOD("queueAndCancel", queue_and_cancel),
      TH_METHOD("cancelRunning", cancel_running),
      TH_METHOD("requeue", requeue),
      TH_METHOD("throwInComplete", throw_in_complete),
      TH_METHOD("deleteUnqueued", delete_unqueued),
      TH_METHOD("badArgs", bad_args),
      TH_METHOD("uvLoop", uv_loop),
      TH_METHOD("callbackScopes", callback_scopes),
      TH_METHOD("blockingCalls", blocking_calls),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
