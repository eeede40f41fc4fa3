/* Threads entering an addon while the exit's teardown runs
 * (tests/test_teardown_threads.py, docs/guide.rst "What happens at exit").
 *
 * arm(where, cb) picks the step of the teardown that frees the addon's state: its
 * env cleanup hook (where 0), its instance-data finalizer (1) or the finalizer of a
 * live object (2: the external arm returns, which the program keeps until exit).
 * That step poisons the state (as a free would: `freed` set), then calls cb, a Python
 * function, which lets other threads run while the teardown is under way.
 *
 * use() is an addon function that reads the state: it counts its entry (before any
 * Node-API call: entered() reads the count), calls napi_get_cb_info as every addon
 * function does first, then prints "<name> used the freed state" on stdout if the
 * state was freed. callIn(fn) calls fn (Python) and then reads the state the same
 * way: a thread that was inside the addon when the teardown began and carries on.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "test_helpers.h"

static atomic_int entered_count;
static atomic_int freed;
static napi_ref callback;
static int armed = -1;

static void check_state(const char* who) {
  if (atomic_load(&freed)) {
    printf("%s used the freed state\n", who);
    fflush(stdout);
  }
}

/* The teardown step: poison, then call Python (in a handle scope, as a hook must). */
static void free_state_and_call_back(napi_env env, const char* step) {
  atomic_store(&freed, 1);
  printf("%s freed the state\n", step);
  fflush(stdout);
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) abort();
  napi_value cb, undefined, result;
  if (napi_get_reference_value(env, callback, &cb) != napi_ok) abort();
  if (napi_get_undefined(env, &undefined) != napi_ok) abort();
  if (napi_call_function(env, undefined, cb, 0, NULL, &result) != napi_ok) abort();
  if (napi_close_handle_scope(env, scope) != napi_ok) abort();
}

static void cleanup_hook(void* arg) {
  if (armed == 0) free_state_and_call_back((napi_env)arg, "the cleanup hook");
}

static void instance_finalize(napi_env env, void* data, void* hint) {
  if (armed == 1) free_state_and_call_back(env, "the instance-data finalizer");
}

static void external_finalize(napi_env env, void* data, void* hint) {
  if (armed == 2) free_state_and_call_back(env, "the finalizer");
}

static napi_value Arm(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  int32_t where;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &where));
  NODE_API_CALL(env, napi_create_reference(env, argv[1], 1, &callback));
  armed = where;
  napi_value external;
  NODE_API_CALL(env, napi_create_external(env, NULL, external_finalize, NULL, &external));
  return external;
}

static napi_value Use(napi_env env, napi_callback_info info) {
  atomic_fetch_add(&entered_count, 1);
  size_t argc = 0;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, NULL, NULL, NULL));
  check_state("use()");
  return NULL;
}

static napi_value CallIn(napi_env env, napi_callback_info info) {
  napi_value fn, undefined, result;
  th_args(env, info, 1, &fn);
  NODE_API_CALL(env, napi_get_undefined(env, &undefined));
  napi_status status = napi_call_function(env, undefined, fn, 0, NULL, &result);
  check_state("callIn()");
  NODE_API_CALL(env, status);
  return result;
}

static napi_value Entered(napi_env env, napi_callback_info info) {
  return th_int(env, atomic_load(&entered_count));
}

NAPI_MODULE_INIT() {
  NODE_API_CALL(env, napi_add_env_cleanup_hook(env, cleanup_hook, env));
  NODE_API_CALL(env, napi_set_instance_data(env, &armed, instance_finalize, NULL));
  napi_property_descriptor props[] = {
      {"arm", NULL, Arm, NULL, NULL, NULL, napi_default, NULL},
      {"use", NULL, Use, NULL, NULL, NULL, napi_default, NULL},
      {"callIn", NULL, CallIn, NULL, NULL, NULL, napi_default, NULL},
      {"entered", NULL, Entered, NULL, NULL, NULL, napi_default, NULL},
  };
  NODE_API_CALL(env, napi_define_properties(env, exports, 4, props));
  return exports;
}
