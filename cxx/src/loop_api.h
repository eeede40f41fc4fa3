// The entry point napi_python/_core.pyx uses to reach the loop bridge (loop.cc).
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifdef __cplusplus
extern "C" {
#endif

// A dict of the bridge's Python-callable functions (drain, loop_drain, wait, post,
// attach, loop_elsewhere, running_loop) and the wake fd; new reference, or NULL +
// exception.
PyObject* napi_python_async_api(void);

#ifdef __cplusplus
}
#endif
