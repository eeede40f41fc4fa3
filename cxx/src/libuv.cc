// libuv for addons that call uv_* functions (docs/guide.rst, "Addons that use
// libuv"). The loop is real libuv: uvloop's copy, linked into its extension module,
// which exports libuv's functions. napi_python/_libuv.py imports uvloop and hands
// the module's path here; the module is made global (RTLD_GLOBAL) so the addons
// opened afterwards resolve their uv_* references to it, and the functions the core
// drives the loop with are taken from the same handle. The loop is that copy's
// uv_default_loop() (uvloop never uses it: each of its loops has its own
// uv_loop_t), so napi_get_uv_event_loop and uv_default_loop() agree.
//
// How it runs (loop.cc): it belongs to the default target. Its backend fd is a
// reader of the asyncio loop that adopted the default target (the default loop or
// uvloop alike), a timer of that loop follows uv_backend_timeout, and each drain of
// the default target runs uv_run(UV_RUN_NOWAIT) once. With no running asyncio
// loop, Promise.result() and run_pending() wait on the backend fd too.
#include "core_api.h"
#include "uv_api.h"

#include <dlfcn.h>
#include <stdlib.h>

namespace napi_python {

UvApi g_uv;
bool g_uv_kicked = false;

namespace {

void keep_alive_cb(uv_handle_s*) {}

void run_turn() {
  {
    CallScope scope;
    g_call_depth++;
    g_uv.run(g_uv.loop, kUvRunNowait);
    g_call_depth--;
  }
  report_envs_pending("napi_python: exception in a libuv callback");
}

}  // namespace

int uv_next_timeout(bool driven) {
  g_uv.update_time(g_uv.loop);
  if (driven) g_uv.ref(g_uv.keep_alive);
  int timeout = g_uv.loop_alive(g_uv.loop) ? g_uv.backend_timeout(g_uv.loop) : -1;
  if (driven) g_uv.unref(g_uv.keep_alive);
  return timeout;
}

void uv_teardown() {
  if (g_uv.loop == nullptr) return;
  // A few turns (a close callback may close another handle): the close callbacks of
  // what the cleanup hooks or finalizers closed run. The handles still open are
  // left as they are, as Node leaves them: closing them behind the addon's back
  // makes its own destructors fail (libuv asserts when a finalizer stops a poll
  // handle already closing), and an instance-data finalizer may already have freed
  // their memory. Nothing runs on them any more; the process ends.
  for (int i = 0; i < 4; i++) run_turn();
}

}  // namespace napi_python

using namespace napi_python;

// uv_init(path): makes the extension module at `path` (uvloop.loop) global and
// takes its libuv; returns libuv's version string. Idempotent.
NAPI_EXPORT PyObject* napi_python_uv_init(PyObject* path_obj) {
  if (g_uv.loop != nullptr) return PyUnicode_FromString("ready");
  PyObject* bytes = nullptr;
  if (!PyUnicode_FSConverter(path_obj, &bytes)) return nullptr;
  const char* path = PyBytes_AS_STRING(bytes);
  void* handle = dlopen(path, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
  if (handle == nullptr) {
    const char* err = dlerror();
    PyErr_Format(PyExc_ImportError, "napi_python: cannot make %s global: %s", path,
                 err ? err : "not loaded");
    Py_DECREF(bytes);
    return nullptr;
  }
  Py_DECREF(bytes);
  struct {
    const char* name;
    void** slot;
  } wanted[] = {
      {"uv_run", reinterpret_cast<void**>(&g_uv.run)},
      {"uv_backend_fd", reinterpret_cast<void**>(&g_uv.backend_fd)},
      {"uv_backend_timeout", reinterpret_cast<void**>(&g_uv.backend_timeout)},
      {"uv_update_time", reinterpret_cast<void**>(&g_uv.update_time)},
      {"uv_now", reinterpret_cast<void**>(&g_uv.now)},
      {"uv_loop_alive", reinterpret_cast<void**>(&g_uv.loop_alive)},
      {"uv_ref", reinterpret_cast<void**>(&g_uv.ref)},
      {"uv_unref", reinterpret_cast<void**>(&g_uv.unref)},
      {"uv_loop_fork", reinterpret_cast<void**>(&g_uv.loop_fork)},
  };
  for (auto& w : wanted) {
    *w.slot = dlsym(handle, w.name);
    if (*w.slot == nullptr) {
      PyErr_Format(PyExc_ImportError, "napi_python: %s has no %s", path, w.name);
      return nullptr;
    }
  }
  auto default_loop = reinterpret_cast<uv_loop_s* (*)()>(dlsym(handle, "uv_default_loop"));
  auto version = reinterpret_cast<const char* (*)()>(dlsym(handle, "uv_version_string"));
  auto size = reinterpret_cast<size_t (*)(int)>(dlsym(handle, "uv_handle_size"));
  auto prepare_init =
      reinterpret_cast<int (*)(uv_loop_s*, uv_handle_s*)>(dlsym(handle, "uv_prepare_init"));
  auto prepare_start = reinterpret_cast<int (*)(uv_handle_s*, void (*)(uv_handle_s*))>(
      dlsym(handle, "uv_prepare_start"));
  uv_loop_s* loop = default_loop != nullptr ? default_loop() : nullptr;
  if (loop == nullptr || version == nullptr || size == nullptr || prepare_init == nullptr ||
      prepare_start == nullptr) {
    PyErr_Format(PyExc_ImportError, "napi_python: no libuv default loop in %s", path);
    return nullptr;
  }
  constexpr int kUvPrepare = 9;  // UV_PREPARE
  g_uv.keep_alive = static_cast<uv_handle_s*>(calloc(1, size(kUvPrepare)));  // never freed
  if (g_uv.keep_alive == nullptr || prepare_init(loop, g_uv.keep_alive) != 0 ||
      prepare_start(g_uv.keep_alive, keep_alive_cb) != 0) {
    PyErr_SetString(PyExc_ImportError, "napi_python: cannot start the libuv loop");
    return nullptr;
  }
  g_uv.unref(g_uv.keep_alive);
  // One turn registers the loop's own watchers (the thread pool's completion
  // signal) with its backend fd, so work finished on the pool wakes whoever watches it.
  g_uv.run(loop, kUvRunNowait);
  g_uv.loop = loop;
  // From now on every outermost call ends in drain_finalizers, which kicks the loop
  // (uv_api.h).
  g_finalizers_pending = true;
  uv_after_call();
  return PyUnicode_FromString(version());
}

// uv_alive(): whether referenced handles or requests keep the libuv loop alive
// (False without a libuv loop).
NAPI_EXPORT int napi_python_uv_alive(void) {
  return g_uv.loop != nullptr && g_uv.loop_alive(g_uv.loop) != 0;
}
