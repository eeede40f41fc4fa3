// The async-context functions: napi_async_init/destroy, callback scopes and
// napi_make_callback, which have nothing to track without a JS engine's async hooks,
// and napi_get_uv_event_loop. Promises, async work and threadsafe functions live in
// promises.cc, async_work.cc and tsfn.cc.
#include "functions.h"
#include "types.h"
#include "uv_api.h"

using namespace napi_python;

// ---------------------------------------------------------------------------
// Async context: without async hooks these only have to be well-formed.
// ---------------------------------------------------------------------------
struct napi_async_context__ {
  int unused;
};
struct napi_callback_scope__ {
  int unused;
};

NAPI_EXPORT napi_status napi_async_init(napi_env env, napi_value async_resource,
                                        napi_value async_resource_name,
                                        napi_async_context* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, async_resource_name);
  NAPI_CHECK_ARG(env, result);
  *result = new napi_async_context__{0};
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_async_destroy(napi_env env, napi_async_context async_context) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, async_context);
  delete async_context;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_open_callback_scope(napi_env env, napi_value resource_object,
                                                 napi_async_context context,
                                                 napi_callback_scope* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  *result = new napi_callback_scope__{0};
  env->open_callback_scopes++;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_close_callback_scope(napi_env env, napi_callback_scope scope) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, scope);
  // Closing one more than were opened is a mismatch, as in Node.
  if (env->open_callback_scopes == 0) return set_last_error(env, napi_callback_scope_mismatch);
  env->open_callback_scopes--;
  delete scope;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_make_callback(napi_env env, napi_async_context async_context,
                                           napi_value recv, napi_value func, size_t argc,
                                           const napi_value* argv, napi_value* result) {
  // No async hooks to enter around it: the call is napi_call_function's.
  return napi_call_function(env, recv, func, argc, argv, result);
}

// The libuv loop (libuv.cc: uv_default_loop() of uvloop's libuv) once an addon that
// needs libuv functions was loaded. Before that, a placeholder: some napi-rs builds
// ask for the loop at start-up and keep the pointer, so it must be a stable, valid
// address, but nothing may run on it (they call no uv_* function).
NAPI_EXPORT napi_status napi_get_uv_event_loop(napi_env env, struct uv_loop_s** loop) {
  NAPI_CHECK_BASIC_ENV(env);
  NAPI_CHECK_ARG(env, loop);
  *loop = g_uv.loop != nullptr ? g_uv.loop : uv_placeholder_loop();
  return clear_last_error(env);
}
