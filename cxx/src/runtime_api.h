// The C entry points the Python package (napi_python/_core.pyx) calls. Everything
// else the core exports is the Node-API itself (cxx/exports.txt).
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifdef __cplusplus
extern "C" {
#endif

int napi_python_core_init(PyObject* config);  // 0, or -1 with an exception
int napi_python_set_global(PyObject* global, PyObject* prototypes);  // 0 or -1
PyObject* napi_python_core_types(void);        // new reference
// (exports, env index): a new env each call; new reference, or NULL + exception.
// per_thread: the env's values' finalizers wait for the calling thread.
PyObject* napi_python_load(PyObject* path, int per_thread);
int napi_python_end_env(Py_ssize_t index);    // a per-thread env's thread ended; 0 or -1
int napi_python_share_env(Py_ssize_t index);  // a per-thread env becomes shared; 0 or -1
void napi_python_teardown(void);
void napi_python_run_finalizers(void);  // queued finalizers, when no addon call runs
PyObject* napi_python_debug_counters(void);  // dict (counters build) or None; new ref
// The exception `value` raises when an addon throws it (errors.cc, raise_thrown);
// new reference, or NULL + exception.
PyObject* napi_python_thrown_exception(PyObject* value);

#ifdef __cplusplus
}
#endif
