// The entry point napi_python/_core.pyx uses to reach the loop bridge (loop.cc).
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifdef __cplusplus
extern "C" {
#endif

// A dict of the bridge's Python-callable functions (drain, loop_drain, wait, post,
// attach, loop_elsewhere) and the wake fd; new reference, or NULL + exception.
PyObject* napi_python_async_api(void);

// libuv.cc: uv_init(path) makes the module at `path` (uvloop.loop) global and
// takes its libuv default loop as the addons' loop; returns libuv's version (new
// reference), or NULL + exception. uv_alive: 1 while referenced libuv handles or
// requests keep that loop alive.
PyObject* napi_python_uv_init(PyObject* path);
int napi_python_uv_alive(void);

// This thread's running asyncio loop (new reference), or None: asyncio's
// _get_running_loop, without its getpid() system call when the attached loop runs
// here. Never fails.
PyObject* napi_python_running_loop(void);

// 1 if `loop` is running in this thread, else 0. Never fails.
int napi_python_loop_runs_here(PyObject* loop);

// How promises.cc makes and settles a napi_python.Promise: functions of
// napi_python/_loop.pxi, handed over once at import.
//   create(loop): a new pending promise, an asyncio future of `loop` (None: of no
//     loop); new reference, or NULL + exception.
//   resolve(promise, value), reject(promise, value, exception): 0, or -1 + exception.
typedef PyObject* (*napi_python_promise_create_fn)(PyObject* loop);
typedef int (*napi_python_promise_resolve_fn)(PyObject* promise, PyObject* value);
typedef int (*napi_python_promise_reject_fn)(PyObject* promise, PyObject* value,
                                             PyObject* exception);
void napi_python_set_promise_functions(napi_python_promise_create_fn create,
                                       napi_python_promise_resolve_fn resolve,
                                       napi_python_promise_reject_fn reject);

#ifdef __cplusplus
}
#endif
