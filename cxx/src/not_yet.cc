// Node-API functions whose rooms are not built yet: promises, async work and
// threadsafe functions (issue #4). They exist so that real
// addons, which import or dlsym every napi_* name at load time, still load; a call
// fails with napi_generic_failure and a last-error message naming what is missing.
// The predicates answer false: no value of those kinds can exist yet.
//
// Also here: the async-context functions with nothing to do without a JS engine's
// async hooks (napi_async_init/destroy, callback scopes, napi_make_callback) and
// napi_get_uv_event_loop.
#include "types.h"

using namespace napi_python;

namespace napi_python {
PyObject* call_js_function(PyObject* func, PyObject* this_arg, PyObject* const* args,
                           size_t nargs);  // functions.cc
}

#define NOT_YET(env, what)                                                        \
  do {                                                                            \
    NAPI_CHECK_ENV(env);                                                          \
    return set_last_error(env, napi_generic_failure, what);                       \
  } while (0)

#define ASYNC \
  "async work, promises and threadsafe functions are not implemented yet in napi-python"

#define FALSE_PREDICATE(fn)                                          \
  NAPI_EXPORT napi_status fn(napi_env env, napi_value value, bool* result) { \
    NAPI_CHECK_ENV(env);                                             \
    NAPI_CHECK_ARG(env, value);                                      \
    NAPI_CHECK_ARG(env, result);                                     \
    *result = false;                                                 \
    return clear_last_error(env);                                    \
  }

FALSE_PREDICATE(napi_is_promise)

NAPI_EXPORT napi_status napi_create_promise(napi_env env, napi_deferred*, napi_value*) {
  NOT_YET(env, ASYNC);
}
NAPI_EXPORT napi_status napi_resolve_deferred(napi_env env, napi_deferred, napi_value) {
  NOT_YET(env, ASYNC);
}
NAPI_EXPORT napi_status napi_reject_deferred(napi_env env, napi_deferred, napi_value) {
  NOT_YET(env, ASYNC);
}
NAPI_EXPORT napi_status napi_create_async_work(napi_env env, napi_value, napi_value,
                                               napi_async_execute_callback,
                                               napi_async_complete_callback, void*,
                                               napi_async_work*) {
  NOT_YET(env, ASYNC);
}
NAPI_EXPORT napi_status napi_delete_async_work(napi_env env, napi_async_work) { NOT_YET(env, ASYNC); }
NAPI_EXPORT napi_status napi_queue_async_work(napi_env env, napi_async_work) { NOT_YET(env, ASYNC); }
NAPI_EXPORT napi_status napi_cancel_async_work(napi_env env, napi_async_work) { NOT_YET(env, ASYNC); }
NAPI_EXPORT napi_status napi_create_threadsafe_function(napi_env env, napi_value, napi_value,
                                                        napi_value, size_t, size_t, void*,
                                                        napi_finalize, void*,
                                                        napi_threadsafe_function_call_js,
                                                        napi_threadsafe_function*) {
  NOT_YET(env, ASYNC);
}
NAPI_EXPORT napi_status napi_get_threadsafe_function_context(napi_threadsafe_function, void**) {
  return napi_generic_failure;
}
NAPI_EXPORT napi_status napi_call_threadsafe_function(napi_threadsafe_function, void*,
                                                      napi_threadsafe_function_call_mode) {
  return napi_generic_failure;
}
NAPI_EXPORT napi_status napi_acquire_threadsafe_function(napi_threadsafe_function) {
  return napi_generic_failure;
}
NAPI_EXPORT napi_status napi_release_threadsafe_function(napi_threadsafe_function,
                                                         napi_threadsafe_function_release_mode) {
  return napi_generic_failure;
}
NAPI_EXPORT napi_status napi_ref_threadsafe_function(napi_env env, napi_threadsafe_function) {
  NOT_YET(env, ASYNC);
}
NAPI_EXPORT napi_status napi_unref_threadsafe_function(napi_env env, napi_threadsafe_function) {
  NOT_YET(env, ASYNC);
}

NAPI_EXPORT napi_status node_api_set_prototype(napi_env env, napi_value, napi_value) {
  NAPI_CHECK_ENV(env);
  return set_last_error(env, napi_generic_failure,
                        "node_api_set_prototype is not supported: a value's prototype is its "
                        "Python type");
}

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
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_close_callback_scope(napi_env env, napi_callback_scope scope) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, scope);
  delete scope;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_make_callback(napi_env env, napi_async_context async_context,
                                           napi_value recv, napi_value func, size_t argc,
                                           const napi_value* argv, napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, recv);
  NAPI_CHECK_ARG(env, func);
  if (argc > 0) NAPI_CHECK_ARG(env, argv);
  if (!PyCallable_Check(py(func))) return set_last_error(env, napi_invalid_arg);  // as Node
  PyObject* r = call_js_function(py(func), py(recv), reinterpret_cast<PyObject* const*>(argv), argc);
  if (r == nullptr) return take_python_error(env);
  if (result != nullptr)
    *result = own(r);
  else
    Py_DECREF(r);
  return clear_last_error(env);
}

// Some napi-rs builds ask for the loop at start-up and keep the pointer: it must be
// a stable, valid address. Nothing may run on it (there is no libuv loop).
NAPI_EXPORT napi_status napi_get_uv_event_loop(napi_env env, struct uv_loop_s** loop) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, loop);
  alignas(16) static unsigned char placeholder_loop[1024];
  *loop = reinterpret_cast<struct uv_loop_s*>(placeholder_loop);
  return clear_last_error(env);
}
