// Entries into addon code and the exceptions they leave pending (docs/internals.rst,
// "Entering an addon"): each kind of entry throws, and the test checks where the
// exception goes (to the caller, the loop's exception handler or
// sys.unraisablehook): never lost, never seen by another entry.
#include <node_api.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(call)                                                   \
  do {                                                                \
    if ((call) != napi_ok) {                                          \
      napi_throw_error(env, NULL, "callin: " #call " failed");        \
      return NULL;                                                    \
    }                                                                 \
  } while (0)

static char* copy_string(napi_env env, napi_value v) {
  size_t len = 0;
  if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) return NULL;
  char* s = malloc(len + 1);
  napi_get_value_string_utf8(env, v, s, len + 1, &len);
  return s;
}

static napi_value arg0(napi_env env, napi_callback_info info, napi_value* second) {
  size_t argc = 2;
  napi_value argv[2] = {NULL, NULL};
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (second != NULL) *second = argv[1];
  return argv[0];
}

// A finalizer (napi_add_finalizer) that throws the message it was given.
static void throwing_finalizer(napi_env env, void* data, void* hint) {
  (void)hint;
  napi_throw_error(env, NULL, (const char*)data);
  free(data);
}

// finalizerThrows(obj, message): obj's finalizer throws `message`.
static napi_value FinalizerThrows(napi_env env, napi_callback_info info) {
  napi_value message;
  napi_value obj = arg0(env, info, &message);
  char* s = copy_string(env, message);
  CHECK(napi_add_finalizer(env, obj, s, throwing_finalizer, NULL, NULL));
  return NULL;
}

// A cleanup hook and an instance-data finalizer that throw (at exit).
static napi_env hook_env = NULL;
static void throwing_hook(void* arg) {
  napi_throw_error(hook_env, NULL, (const char*)arg);
  free(arg);
}
static napi_value CleanupHookThrows(napi_env env, napi_callback_info info) {
  hook_env = env;
  char* s = copy_string(env, arg0(env, info, NULL));
  CHECK(napi_add_env_cleanup_hook(env, throwing_hook, s));
  return NULL;
}
static napi_value InstanceDataThrows(napi_env env, napi_callback_info info) {
  char* s = copy_string(env, arg0(env, info, NULL));
  CHECK(napi_set_instance_data(env, s, throwing_finalizer, NULL));
  return NULL;
}

// throwAfterMaking(message, make): calls make() and throws `message`. The value
// make() returned is held by this call's handles alone: it is released as the call
// returns, while the exception is still on its way to the caller. When its __del__
// calls into this addon again (same env), that call must start with no exception
// pending and end without taking this one: it belongs to this call's caller.
static napi_value ThrowAfterMaking(napi_env env, napi_callback_info info) {
  napi_value make, made, undefined;
  napi_value message = arg0(env, info, &make);
  CHECK(napi_get_undefined(env, &undefined));
  CHECK(napi_call_function(env, undefined, make, 0, NULL, &made));
  char* s = copy_string(env, message);
  napi_throw_error(env, NULL, s);
  free(s);
  return NULL;
}

// completeThrowsAfterMaking(message, make): async work whose complete does what
// throwAfterMaking does, from the loop: the exception goes to the loop's handler.
typedef struct {
  napi_async_work work;
  napi_ref make;
  char* message;
} Job;

static void job_execute(napi_env env, void* data) {
  (void)env;
  (void)data;
}

static void job_complete(napi_env env, napi_status status, void* data) {
  (void)status;
  Job* job = data;
  napi_value make, made, undefined;
  napi_get_reference_value(env, job->make, &make);
  napi_get_undefined(env, &undefined);
  napi_call_function(env, undefined, make, 0, NULL, &made);
  napi_throw_error(env, NULL, job->message);
  napi_delete_reference(env, job->make);
  napi_delete_async_work(env, job->work);
  free(job->message);
  free(job);
}

static napi_value CompleteThrowsAfterMaking(napi_env env, napi_callback_info info) {
  napi_value make, name;
  napi_value message = arg0(env, info, &make);
  Job* job = calloc(1, sizeof *job);
  job->message = copy_string(env, message);
  CHECK(napi_create_reference(env, make, 1, &job->make));
  CHECK(napi_create_string_utf8(env, "callin", NAPI_AUTO_LENGTH, &name));
  CHECK(napi_create_async_work(env, NULL, name, job_execute, job_complete, job, &job->work));
  CHECK(napi_queue_async_work(env, job->work));
  return NULL;
}

// discardThrows(message): a threadsafe function with one call queued, aborted: the
// call is discarded, call_js runs with env NULL (Node's rule) and throws through the
// env it kept (as an addon that stores its env may). That exception is reported
// where the discard runs (the loop's handler), not left for the next entry.
static napi_env discard_env = NULL;
static char* discard_message = NULL;

static void discard_call_js(napi_env env, napi_value js_cb, void* context, void* data) {
  (void)js_cb;
  (void)context;
  (void)data;
  if (env == NULL) {
    napi_throw_error(discard_env, NULL, discard_message);
    free(discard_message);
    discard_message = NULL;
  }
}

static napi_value DiscardThrows(napi_env env, napi_callback_info info) {
  napi_value name;
  napi_threadsafe_function tsfn;
  discard_env = env;
  free(discard_message);
  discard_message = copy_string(env, arg0(env, info, NULL));
  CHECK(napi_create_string_utf8(env, "callin", NAPI_AUTO_LENGTH, &name));
  CHECK(napi_create_threadsafe_function(env, NULL, NULL, name, 0, 1, NULL, NULL, NULL,
                                        discard_call_js, &tsfn));
  CHECK(napi_call_threadsafe_function(tsfn, NULL, napi_tsfn_nonblocking));
  CHECK(napi_release_threadsafe_function(tsfn, napi_tsfn_abort));
  return NULL;
}

// Returns whether an exception is pending (a fresh entry must see none).
static napi_value PendingAtEntry(napi_env env, napi_callback_info info) {
  (void)info;
  bool pending = true;
  napi_is_exception_pending(env, &pending);
  napi_value r;
  napi_get_boolean(env, pending, &r);
  return r;
}

static napi_value Noop(napi_env env, napi_callback_info info) {
  (void)env;
  (void)info;
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor d[] = {
      {"finalizerThrows", NULL, FinalizerThrows, NULL, NULL, NULL, napi_enumerable, NULL},
      {"cleanupHookThrows", NULL, CleanupHookThrows, NULL, NULL, NULL, napi_enumerable, NULL},
      {"instanceDataThrows", NULL, InstanceDataThrows, NULL, NULL, NULL, napi_enumerable, NULL},
      {"throwAfterMaking", NULL, ThrowAfterMaking, NULL, NULL, NULL, napi_enumerable, NULL},
      {"completeThrowsAfterMaking", NULL, CompleteThrowsAfterMaking, NULL, NULL, NULL,
       napi_enumerable, NULL},
      {"discardThrows", NULL, DiscardThrows, NULL, NULL, NULL, napi_enumerable, NULL},
      {"pendingAtEntry", NULL, PendingAtEntry, NULL, NULL, NULL, napi_enumerable, NULL},
      {"noop", NULL, Noop, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof d / sizeof *d, d);
  return exports;
}
