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

#include "loop.h"
#include "owned.h"

#include <dlfcn.h>
#include <poll.h>
#include <stdlib.h>

namespace napi_python {

UvApi g_uv;
std::atomic<long> g_uv_work_in_flight{0};

namespace {

// True once addons may have changed the loop's state since it last ran (an outermost
// call returned: a timer or poll handle started, a handle closed): the default
// target's next drain runs it. Set by uv_after_call.
bool uv_kicked = false;
// The asyncio loop that adopted the default target also watches the backend fd (the
// same reader as the default target's) and keeps one timer for libuv's next timeout.
PyObject* uv_reader_loop = nullptr;  // the asyncio loop with the backend fd reader
uint64_t uv_timer_due = 0;  // libuv time of the asyncio timer scheduled; 0: none
bool in_uv_step = false;
// uv_after_call: no loop was running in this thread at context version
// tl_noloop_ver - 1 (0: not known). Initial-exec: read on every addon call.
__thread uint64_t tl_noloop_ver __attribute__((tls_model("initial-exec"))) = 0;

void keep_alive_cb(uv_handle_s*) {}

void run_turn() {
  call_into_module<Entry::uv_turn>(nullptr, "napi_python: exception in a libuv callback",
                                   [] { g_uv.run(g_uv.loop, kUvRunNowait); });
}

// Milliseconds until the loop has something to run (libuv's backend timeout), -1:
// nothing ahead. `driven`: a running asyncio loop runs it (its unref'd handles
// count). Updates the loop's time first.
int uv_next_timeout(bool driven) {
  g_uv.update_time(g_uv.loop);
  if (driven) g_uv.ref(g_uv.keep_alive);
  int timeout = g_uv.loop_alive(g_uv.loop) ? g_uv.backend_timeout(g_uv.loop) : -1;
  if (driven) g_uv.unref(g_uv.keep_alive);
  return timeout;
}

void remove_uv_reader() {
  if (uv_reader_loop == nullptr) return;
  PyObject* closed = PyObject_CallMethod(uv_reader_loop, "is_closed", nullptr);
  int is_closed = closed != nullptr ? PyObject_IsTrue(closed) : -1;
  Py_XDECREF(closed);
  if (is_closed < 0) PyErr_Clear();
  if (is_closed == 0) {
    PyObject* r = PyObject_CallMethod(uv_reader_loop, "remove_reader", "i",
                                      g_uv.backend_fd(g_uv.loop));
    if (r == nullptr) PyErr_Clear();
    Py_XDECREF(r);
  }
  Py_CLEAR(uv_reader_loop);
  uv_timer_due = 0;
}

// In the reader of the loop that adopted the default target: that loop watches the
// backend fd (moved from a previous adopter).
void uv_watch(PyObject* running) {
  PyObject* reader = loop_default_reader();
  if (uv_reader_loop == running || reader == nullptr) return;
  remove_uv_reader();
  PyObject* r = PyObject_CallMethod(running, "add_reader", "iOl", g_uv.backend_fd(g_uv.loop),
                                    reader, kMaxPerDrain);
  if (r == nullptr) {
    report_async_exception("napi_python: cannot watch the libuv loop");
    return;
  }
  Py_DECREF(r);
  uv_reader_loop = Py_NewRef(running);
}

// After a turn: idle work (or handles closing) asks for another drain soon; a timer
// ahead gets an asyncio timer (one at a time: a new one only if it is due earlier
// than the one scheduled, or that one has fired).
void uv_schedule(bool driven) {
  int timeout = uv_next_timeout(driven);
  if (timeout == 0) {
    loop_request_drain(loop_default_target());
    return;
  }
  if (timeout < 0 || uv_reader_loop == nullptr || loop_reader_loop() != uv_reader_loop)
    return;  // (with no loop, wait() polls with libuv's timeout)
  uint64_t now = g_uv.now(g_uv.loop);
  uint64_t due = now + static_cast<uint64_t>(timeout);
  if (uv_timer_due != 0 && uv_timer_due > now && uv_timer_due <= due) return;
  PyObject* r = PyObject_CallMethod(uv_reader_loop, "call_later", "dOl", timeout / 1000.0,
                                    loop_default_reader(), kMaxPerDrain);
  if (r == nullptr) {
    report_async_exception("napi_python: cannot schedule the libuv loop's timer");
    return;
  }
  Py_DECREF(r);
  uv_timer_due = due;
}

// Whether the libuv loop has something due now.
bool uv_due(bool driven) {
  if (uv_next_timeout(driven) == 0) return true;
  struct pollfd p = {g_uv.backend_fd(g_uv.loop), POLLIN, 0};
  return poll(&p, 1, 0) > 0;
}

// ---- The loop client (loop.h): the libuv loop belongs to the default target ----

// Each drain of the default target: one uv_run(UV_RUN_NOWAIT); 1 when something
// was due (its fd readable, a timer expired, idle work), else 0.
long uv_step() {
  if (g_uv.loop == nullptr) return 0;
  // Run from the reader of the asyncio loop that adopted the default target: that
  // loop watches libuv's fd, and keeps the libuv loop alive while it runs.
  PyObject* driving = loop_driving_default();
  bool driven = driving != nullptr;
  if (driven) uv_watch(driving);
  uv_kicked = false;
  bool due = uv_due(driven);
  in_uv_step = true;
  if (driven) g_uv.ref(g_uv.keep_alive);
  call_into_module<Entry::uv_turn>(nullptr, "napi_python: exception in a libuv callback",
                                   [] { g_uv.run(g_uv.loop, kUvRunNowait); });
  if (driven) g_uv.unref(g_uv.keep_alive);
  if (g_call_depth == 0) drain_finalizers();  // (no kick: in_uv_step)
  in_uv_step = false;
  uv_schedule(driven);
  return due ? 1 : 0;
}

void uv_default_adopted(bool adopted) {
  if (g_uv.loop == nullptr) return;
  if (adopted)
    loop_request_drain(loop_default_target());  // its first drain there moves the
                                                // backend fd's reader
  else
    uv_kicked = false;  // that loop will not run the libuv loop: the next call kicks
}

// Waiting with no running loop: the backend fd, and the next timer.
int uv_default_wait(int* timeout_ms) {
  if (g_uv.loop == nullptr) return -1;
  int uv_ms = uv_next_timeout(false);
  if (uv_ms >= 0 && (*timeout_ms < 0 || uv_ms < *timeout_ms)) *timeout_ms = uv_ms;
  return g_uv.backend_fd(g_uv.loop);
}

// The child's fork hook (GIL held): the loop gets kernel state of its own
// (uv_loop_fork: a new backend fd, its watchers registered again at the next turn)
// and forgets the parent's asyncio loop; the child's first drain runs it.
void uv_fork_child() {
  if (g_uv.loop == nullptr) return;
  // The parent's asyncio loop is not the child's (its selector is the parent's
  // too): forgotten without removing the reader, as the targets are.
  Py_CLEAR(uv_reader_loop);
  uv_timer_due = 0;
  tl_noloop_ver = 0;
  if (g_uv.loop_fork(g_uv.loop) != 0 &&
      PyErr_WarnEx(PyExc_RuntimeWarning,
                   "napi_python: uv_loop_fork failed: libuv handles may not work in this child",
                   1) < 0)
    PyErr_Clear();
  uv_kicked = false;
}

// Interpreter exit, before anything stops: work requests in flight keep the loop
// running (loop.cc, run_loop_while_busy; bounded there), as they keep Node's loop,
// so their after_work callbacks run; handles never do.
bool uv_exit_busy() { return g_uv.loop != nullptr && g_uv_work_in_flight.load() > 0; }

// ...and the wait meanwhile, without the GIL: the pool signals the loop's fd when a
// request is done (a short bound: the next round looks again).
void uv_exit_wait_progress() {
  if (!uv_exit_busy()) return;
  struct pollfd p = {g_uv.backend_fd(g_uv.loop), POLLIN, 0};
  Py_BEGIN_ALLOW_THREADS
  poll(&p, 1, 2);
  Py_END_ALLOW_THREADS
}

void uv_exit_finish() {
  if (g_uv.loop != nullptr) remove_uv_reader();
}

LoopClient uv_client() {
  LoopClient c;
  c.order = 30;  // after async work and threadsafe functions
  c.default_drain = uv_step;
  c.default_adopted = uv_default_adopted;
  c.default_wait = uv_default_wait;
  c.fork_child = uv_fork_child;
  c.exit_finish = uv_exit_finish;
  c.exit_busy = uv_exit_busy;
  c.exit_wait_progress = uv_exit_wait_progress;
  return c;
}
const bool uv_client_registered = loop_register_client(uv_client());

// After every outermost call into an addon while a libuv loop exists (the
// after-call hook, env.h): a call that started a libuv timer or poll handle, or
// closed a handle, gets the loop run after it, as Node runs its loop after each JS
// turn. A few nanoseconds: one flag once the turn is kicked under a loop; with no
// loop, the thread's context version compared with the last one that had no loop
// running.
void uv_after_call() {
  if (uv_kicked || in_uv_step || loop_stopped()) return;
  Target* d = loop_default_target();
  uint64_t ver = PyThreadState_Get()->context_ver + 1;
  if (ver == tl_noloop_ver) {
    if (!loop_drain_requested(d)) loop_request_drain(d);
    return;
  }
  SavedError saved;  // (the call may be returning an exception: env.cc says why)
  // The common case of a plain script, cheaply: no loop runs here. Nothing to
  // adopt, and run_pending() / Promise.result() run the libuv loop before they
  // wait; a loop in another thread that runs it is woken. Whether a loop runs
  // here is asked again only once the thread's context changed (its version
  // counts every context switch: every callback an asyncio loop or uvloop runs,
  // a task step included, runs in a context of its own).
  int none = loop_none_running_here();
  if (none >= 0) {
    tl_noloop_ver = none == 1 ? ver : 0;
    if (none == 1) {
      if (!loop_drain_requested(d)) loop_request_drain(d);
      return;
    }
  }
  // A loop running here adopts the default target if none does. Only then is the
  // kick remembered until the next turn: with no loop here, each call looks again
  // (an asyncio loop started later must adopt it at its first call).
  bool runs_here = false;
  loop_target(&runs_here);
  uv_kicked = runs_here;
  loop_request_drain(d);
}

}  // namespace

uv_loop_s* uv_placeholder_loop() {
  alignas(16) static unsigned char placeholder[1024];
  return reinterpret_cast<uv_loop_s*>(placeholder);
}

uv_loop_s* uv_loop_for(uv_loop_s* loop) {
  if (g_uv.loop == nullptr) {
    // An addon that links only against functions the core defines has not started
    // libuv (the loader starts it when an open fails on a uv_* symbol): start it
    // now, as that open would have.
    PyGILState_STATE gil = PyGILState_Ensure();
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);  // (an exception being raised stays as it was)
    PyObject* module = PyImport_ImportModule("napi_python._libuv");
    PyObject* r = module != nullptr ? PyObject_CallMethod(module, "start", nullptr) : nullptr;
    Py_XDECREF(module);
    if (r == nullptr)
      PyErr_WriteUnraisable(nullptr);  // no uvloop: the function fails with UV_ENOSYS
    Py_XDECREF(r);
    PyErr_Restore(type, value, tb);
    PyGILState_Release(gil);
  }
  if (loop == uv_placeholder_loop()) return g_uv.loop;
  return g_uv.loop != nullptr ? loop : nullptr;
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
      {"uv_queue_work", reinterpret_cast<void**>(&g_uv.queue_work)},
      {"uv_req_size", reinterpret_cast<void**>(&g_uv.req_size)},
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
  // From now on every outermost call ends in the kick (uv_api.h).
  add_after_call_hook(uv_after_call);
  uv_after_call();
  return PyUnicode_FromString(version());
}

// uv_alive(): whether referenced handles or requests keep the libuv loop alive
// (False without a libuv loop).
NAPI_EXPORT int napi_python_uv_alive(void) {
  return g_uv.loop != nullptr && g_uv.loop_alive(g_uv.loop) != 0;
}
