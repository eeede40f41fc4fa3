// Promises: napi_create_promise, napi_resolve_deferred, napi_reject_deferred,
// napi_is_promise.
//
// A promise is a napi_python.Promise (napi_python/_promise.pxi): awaitable on any
// asyncio loop, `.result(timeout)` without one, `.then()` for addons. A napi_deferred
// is the promise itself, one reference owned by the deferred until it is concluded.
// The core makes and settles promises through three C functions of _promise.pxi (no
// Python call in between), handed over at import by napi_python_core_init
// (python_types.promise_*).
//
// Thread affinity: all of these run on a thread holding the GIL (the addon's calling
// thread or the loop thread, as in Node: never from `execute` or a native thread).
#include "loop.h"

namespace napi_python {
namespace {

napi_status conclude_deferred(napi_env env, napi_deferred deferred, napi_value value,
                              bool resolve) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, deferred);
  NAPI_CHECK_ARG(env, value);
  PyObject* promise = reinterpret_cast<PyObject*>(deferred);  // owned by the deferred
  int r;
  if (resolve) {
    r = python_types.promise_resolve(promise, py(value));
  } else {
    // The exception `await` raises is exactly what the addon throwing `value` from a
    // function would raise (the error contract: errors as themselves, other values
    // as JSError with .value).
    PyObject* exc = thrown_exception(py(value));
    r = exc ? python_types.promise_reject(promise, py(value), exc) : -1;
    Py_XDECREF(exc);
  }
  Py_DECREF(promise);  // the deferred is consumed whatever happens, as in Node
  if (r < 0) return take_python_error(env);
  return clear_last_error(env);
}

}  // namespace
}  // namespace napi_python

using namespace napi_python;

NAPI_EXPORT napi_status napi_create_promise(napi_env env, napi_deferred* deferred,
                                            napi_value* promise) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, deferred);
  NAPI_CHECK_ARG(env, promise);
  if (python_types.promise_create == nullptr) return set_last_error(env, napi_generic_failure);
  PyObject* loop;
  loop_target(nullptr, &loop);  // settlements will come from this loop's thread
  PyObject* p = python_types.promise_create(loop != nullptr ? loop : Py_None);
  Py_XDECREF(loop);
  if (p == nullptr) return take_python_error(env);
  *deferred = reinterpret_cast<napi_deferred>(Py_NewRef(p));  // DECREFed by conclude_deferred
  *promise = own(p);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_resolve_deferred(napi_env env, napi_deferred deferred,
                                              napi_value resolution) {
  return conclude_deferred(env, deferred, resolution, true);
}

NAPI_EXPORT napi_status napi_reject_deferred(napi_env env, napi_deferred deferred,
                                             napi_value rejection) {
  return conclude_deferred(env, deferred, rejection, false);
}

// A napi_python.Promise, and any Python awaitable (coroutine, Future, Task, an object
// with __await__): addons treat them as thenables.
NAPI_EXPORT napi_status napi_is_promise(napi_env env, napi_value value, bool* is_promise) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, is_promise);
  PyObject* v = py(value);
  PyTypeObject* tp = Py_TYPE(v);
  *is_promise = (python_types.Promise != nullptr &&
                 PyObject_TypeCheck(v, reinterpret_cast<PyTypeObject*>(python_types.Promise))) ||
                (tp->tp_as_async != nullptr && tp->tp_as_async->am_await != nullptr);
  return clear_last_error(env);
}
