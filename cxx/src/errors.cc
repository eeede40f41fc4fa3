// Errors: the pending exception, creating and throwing errors, the last-error
// table, and the crossing of exceptions between Python and the addon:
//   Python -> addon: take_python_error() turns the raised Python exception into the
//                    env's pending exception (the exception object itself).
//   addon -> Python: raise_pending() raises it: an exception object as itself (with
//                    its traceback), any other thrown value as JSError(.value=value).
#include "types.h"
#include "coerce.h"
#include "values.h"
#include "core_api.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace napi_python {

static const char* const kErrorMessages[] = {
    nullptr,  // napi_ok
    "Invalid argument",
    "An object was expected",
    "A string was expected",
    "A string or symbol was expected",
    "A function was expected",
    "A number was expected",
    "A boolean was expected",
    "An array was expected",
    "Unknown failure",
    "An exception is pending",
    "The async work item was cancelled",
    "napi_escape_handle already called on scope",
    "Invalid handle scope usage",
    "Invalid callback scope usage",
    "Thread-safe function queue is full",
    "Thread-safe function handle is closing",
    "A bigint was expected",
    "A date was expected",
    "An arraybuffer was expected",
    "A detachable arraybuffer was expected",
    "Main thread would deadlock",
    "External buffers are not allowed",
    "Cannot run JavaScript",
};
static_assert(sizeof(kErrorMessages) / sizeof(kErrorMessages[0]) == napi_cannot_run_js + 1,
              "the error-message table must cover every napi_status");

bool trace_failures = getenv("NAPI_PYTHON_TRACE") != nullptr && *getenv("NAPI_PYTHON_TRACE") != '0';

void trace_failure(const char* function, napi_status status, const char* detail) {
  const char* message = detail != nullptr ? detail
                        : (status > 0 && status <= napi_cannot_run_js) ? kErrorMessages[status]
                                                                       : "unknown status";
  fprintf(stderr, "napi-python trace: %s -> %d (%s)\n", function, static_cast<int>(status), message);
}

napi_status set_last_error_at(const char* function, napi_env env, napi_status status,
                              const char* detail) {
  env->error_detail = detail;
  env->last_error.error_code = status;
  if (trace_failures && status != napi_ok) trace_failure(function, status, detail);
  return status;
}

static PyObject* thrown_value_key = nullptr;  // "__napi_thrown_value__"

PyObject* fetch_exception() {
#if PY_VERSION_HEX >= 0x030C0000
  return PyErr_GetRaisedException();
#else
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  if (type == nullptr) return nullptr;
  PyErr_NormalizeException(&type, &value, &tb);
  if (tb != nullptr) {
    PyException_SetTraceback(value, tb);
    Py_DECREF(tb);
  }
  Py_DECREF(type);
  return value;
#endif
}

napi_status take_python_error(napi_env env) {
  PyObject* exc = fetch_exception();
  if (exc == nullptr) return set_last_error(env, napi_generic_failure);
  // A JSError that only carried a thrown non-Error value gives the value back.
  if (thrown_value_key != nullptr && PyObject_HasAttr(exc, thrown_value_key)) {
    PyObject* v = PyObject_GetAttrString(exc, "value");
    if (v != nullptr) Py_SETREF(exc, v);
    else PyErr_Clear();
  }
  Py_XSETREF(env->pending_exception, exc);
  return set_last_error(env, napi_pending_exception);
}

napi_status take_python_error_as_at(const char* function, napi_env env, napi_status status) {
  take_python_error(env);
  return set_last_error_at(function, env, status);
}

napi_status throw_js_error_at(const char* function, napi_env env, PyObject* type,
                              const char* message, napi_status status) {
  PyErr_SetString(type, message);
  napi_status taken = take_python_error(env);
  if (status == napi_pending_exception) return taken;
  return set_last_error_at(function, env, status);
}

PyObject* raise_pending(napi_env env) {
  PyObject* v = env->pending_exception;
  env->pending_exception = nullptr;
  if (v == nullptr) {
    PyErr_SetString(PyExc_SystemError, "napi_python: no pending exception to raise");
    return nullptr;
  }
  return raise_thrown(v);
}

PyObject* thrown_exception(PyObject* v) {
  raise_thrown(Py_NewRef(v));
  return fetch_exception();
}

PyObject* raise_thrown(PyObject* v) {
  if (PyExceptionInstance_Check(v)) {
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(v)), v);
    Py_DECREF(v);
    return nullptr;
  }
  PyObject* message = js_to_string(v);
  if (message == nullptr) {
    PyErr_Clear();
    message = PyObject_Repr(v);
  }
  PyObject* err = message ? PyObject_CallOneArg(python_types.JSError, message) : nullptr;
  Py_XDECREF(message);
  PyObject* value = py_from_js_steal(Py_NewRef(v));  // (JS null as None)
  if (err != nullptr && PyObject_SetAttrString(err, "value", value) == 0 &&
      PyObject_SetAttr(err, thrown_value_key, Py_True) == 0) {
    PyErr_SetObject(python_types.JSError, err);
  }
  Py_DECREF(value);
  Py_XDECREF(err);
  Py_DECREF(v);
  return nullptr;
}

int init_errors() {
  thrown_value_key = PyUnicode_InternFromString("__napi_thrown_value__");
  return thrown_value_key ? 0 : -1;
}

// Builds an error object of `cls` with message and optional code (both napi values).
static napi_status make_error(napi_env env, PyObject* cls, napi_value code, napi_value msg,
                              napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, msg);
  NAPI_CHECK_ARG(env, result);
  if (!PyUnicode_Check(py(msg))) return set_last_error(env, napi_string_expected);
  if (code != nullptr && !PyUnicode_Check(py(code))) return set_last_error(env, napi_string_expected);
  PyObject* err = PyObject_CallOneArg(cls, py(msg));
  if (err == nullptr) return take_python_error(env);
  if (code != nullptr && PyObject_SetAttrString(err, "code", py(code)) < 0) {
    Py_DECREF(err);
    return take_python_error(env);
  }
  *result = own(err);
  return clear_last_error(env);
}

static napi_status throw_new(napi_env env, PyObject* cls, const char* code, const char* msg) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, msg);
  PyObject* message = PyUnicode_DecodeUTF8(msg, strlen(msg), "replace");
  PyObject* err = message ? PyObject_CallOneArg(cls, message) : nullptr;
  Py_XDECREF(message);
  if (err != nullptr && code != nullptr) {
    PyObject* c = PyUnicode_DecodeUTF8(code, strlen(code), "replace");
    if (c == nullptr || PyObject_SetAttrString(err, "code", c) < 0) Py_CLEAR(err);
    Py_XDECREF(c);
  }
  if (err == nullptr) return take_python_error(env);
  Py_XSETREF(env->pending_exception, err);
  return clear_last_error(env);
}

}  // namespace napi_python

using namespace napi_python;

NAPI_EXPORT PyObject* napi_python_thrown_exception(PyObject* value) {
  return thrown_exception(value);
}

NAPI_EXPORT napi_status napi_get_last_error_info(napi_env env,
                                                 const napi_extended_error_info** result) {
  NAPI_CHECK_BASIC_ENV(env);
  NAPI_CHECK_ARG(env, result);
  napi_status code = env->last_error.error_code;
  if (code != napi_ok && env->error_detail != nullptr)
    env->last_error.error_message = env->error_detail;
  else if (code >= 0 && code <= napi_cannot_run_js)
    env->last_error.error_message = kErrorMessages[code];
  *result = &env->last_error;
  // This call itself succeeds without clearing what it reports.
  return napi_ok;
}

NAPI_EXPORT napi_status napi_throw(napi_env env, napi_value error) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, error);
  Py_XSETREF(env->pending_exception, Py_NewRef(py(error)));
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_throw_error(napi_env env, const char* code, const char* msg) {
  return throw_new(env, python_types.JSError, code, msg);
}

NAPI_EXPORT napi_status napi_throw_type_error(napi_env env, const char* code, const char* msg) {
  return throw_new(env, python_types.JSTypeError, code, msg);
}

NAPI_EXPORT napi_status napi_throw_range_error(napi_env env, const char* code, const char* msg) {
  return throw_new(env, python_types.JSRangeError, code, msg);
}

NAPI_EXPORT napi_status node_api_throw_syntax_error(napi_env env, const char* code,
                                                    const char* msg) {
  return throw_new(env, python_types.JSSyntaxError, code, msg);
}

NAPI_EXPORT napi_status napi_create_error(napi_env env, napi_value code, napi_value msg,
                                          napi_value* result) {
  return make_error(env, python_types.JSError, code, msg, result);
}

NAPI_EXPORT napi_status napi_create_type_error(napi_env env, napi_value code, napi_value msg,
                                               napi_value* result) {
  return make_error(env, python_types.JSTypeError, code, msg, result);
}

NAPI_EXPORT napi_status napi_create_range_error(napi_env env, napi_value code, napi_value msg,
                                                napi_value* result) {
  return make_error(env, python_types.JSRangeError, code, msg, result);
}

NAPI_EXPORT napi_status node_api_create_syntax_error(napi_env env, napi_value code,
                                                     napi_value msg, napi_value* result) {
  return make_error(env, python_types.JSSyntaxError, code, msg, result);
}

NAPI_EXPORT napi_status napi_is_error(napi_env env, napi_value value, bool* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  *result = PyExceptionInstance_Check(py(value));
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_is_exception_pending(napi_env env, bool* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  *result = env->pending_exception != nullptr;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_and_clear_last_exception(napi_env env, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  if (env->pending_exception == nullptr) {
    *result = js(Py_None);
  } else {
    *result = own(env->pending_exception);  // the scope takes over the reference
    env->pending_exception = nullptr;
  }
  return clear_last_error(env);
}

NAPI_EXPORT void napi_fatal_error(const char* location, size_t location_len, const char* message,
                                  size_t message_len) {
  if (location != nullptr && location_len == NAPI_AUTO_LENGTH) location_len = strlen(location);
  if (message != nullptr && message_len == NAPI_AUTO_LENGTH) message_len = strlen(message);
  fflush(stdout);
  fprintf(stderr, "FATAL ERROR: %.*s %.*s\n", location ? static_cast<int>(location_len) : 0,
          location ? location : "", message ? static_cast<int>(message_len) : 0,
          message ? message : "");
  fflush(stderr);
  abort();
}

// An uncaught exception reported by an addon: Node emits 'uncaughtException'; here
// it goes to sys.unraisablehook, and the program goes on.
NAPI_EXPORT napi_status napi_fatal_exception(napi_env env, napi_value err) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, err);
  Py_XSETREF(env->pending_exception, Py_NewRef(py(err)));
  raise_pending(env);
  PyErr_WriteUnraisable(nullptr);
  return clear_last_error(env);
}
