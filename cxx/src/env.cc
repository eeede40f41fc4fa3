// The env's room: the list of envs, what an entry into addon code does with the
// exception it leaves and after the outermost call (call_into_module, env.h),
// instance data, cleanup hooks, and the end of an env (its hooks, its instance-data
// finalizer). The rooms above (the loop, libuv, module loading) register what they
// add here (set_uncaught_reporter, add_after_call_hook): this room names none of them.
#include "types.h"
#include "owned.h"

#include <cstdio>
#include <unistd.h>
#include <iterator>

namespace napi_python {

std::vector<napi_env>& all_envs() {
  static std::vector<napi_env>& envs = *new std::vector<napi_env>();  // never destroyed
  return envs;
}

// ---------------------------------------------------------------------------
// After the outermost call, and exceptions nobody waits for
// ---------------------------------------------------------------------------
static void (*after_call_hooks[2])() = {nullptr, nullptr};
static void (*uncaught_reporter)(const char* what) = nullptr;

void add_after_call_hook(void (*hook)()) {
  for (auto& slot : after_call_hooks) {
    if (slot == hook) return;
    if (slot == nullptr) {
      slot = hook;
      g_finalizers_pending = true;  // every outermost call reaches it
      return;
    }
  }
  Py_FatalError("napi_python: more than two after-call hooks");
}
void remove_after_call_hook(void (*hook)()) {
  for (auto& slot : after_call_hooks)
    if (slot == hook) slot = nullptr;  // (g_finalizers_pending: reset by the next drain)
}
bool after_call_hooked() {
  return after_call_hooks[0] != nullptr || after_call_hooks[1] != nullptr;
}
// From the exit's teardown of the envs (close_envs_for_teardown, at the cleanup hooks): the thread
// that tears down goes on, during the teardown (its cleanup hooks and finalizers
// call Node-API functions and Python) and after it (objects freed during
// finalization, atexit handlers registered before napi_python's may still call
// addons); any other thread holding the GIL lets go of it and sleeps until the
// process ends. Not noreturn, not even as the compiler could infer it
// (functions.cc's park says why).
static bool envs_closed = false;
static volatile bool keep_parked = true;

void park_in_closed_env() {
  if (!envs_closed) return;  // (only a closed env's door)
  if (PyGILState_Check()) (void)PyEval_SaveThread();  // never restored
  while (keep_parked) pause();
}

__thread bool tls_tears_down __attribute__((tls_model("initial-exec"))) = false;
__thread bool tls_in_basic_finalizer __attribute__((tls_model("initial-exec"))) = false;

void close_envs_for_teardown() {
  tls_tears_down = true;
  envs_closed = true;
  for (napi_env env : all_envs()) env->in_gc_finalizer = true;
}

bool envs_closed_for_teardown() { return envs_closed; }

// (finalize_from_gc swaps tls_tears_down for tls_in_basic_finalizer around a basic
// finalizer, and only on the thread that tears down.)
bool on_teardown_thread() { return tls_tears_down || tls_in_basic_finalizer; }

// A function that is not basic, called from a basic finalizer (env.h: the env
// checks of the napi functions), or once the exit's teardown has begun.
void gc_access_violation(const char* function) {
  // (The thread that tears down does not come here, but from a basic finalizer: the
  // env checks let it through.)
  if (envs_closed && !tls_in_basic_finalizer) park_in_closed_env();
  static char message[512];
  snprintf(message, sizeof message,
           "%s was called from a basic finalizer. The module declares "
           "NAPI_VERSION_EXPERIMENTAL, so its finalizers run while Python frees the "
           "object and may only call Node-API functions that take a node_api_basic_env; "
           "node_api_post_finalizer defers other calls until it is safe.",
           function);
  Py_FatalError(message);
}

void set_uncaught_reporter(void (*report)(const char* what)) { uncaught_reporter = report; }

void after_outermost_call_slow() {
  // (A hook may remove itself: each slot is read when its turn comes.) The call may
  // be returning an exception (call_into_module_failed raised it just before): a
  // hook that calls Python (asyncio's running loop, a loop's is_closed/add_reader
  // when one adopts the default target) saves it around that part (SavedError),
  // which must neither run with it set nor clear it; its cheap checks, what nearly
  // every call of a napi-rs or Neon addon reaches, do not pay for that. (Without it,
  // an addon function that threw on the first call under a loop in a second thread
  // lost its exception to the adoption check: SystemError, returned NULL without
  // setting an exception.)
  for (size_t i = 0; i < 2; i++)
    if (auto hook = after_call_hooks[i]) hook();
  drain_finalizers();  // (saves the exception itself)
}

bool rearm_keyboard_interrupt() {
  if (teardown_began() || !PyErr_ExceptionMatches(PyExc_KeyboardInterrupt)) return false;
  PyErr_Clear();
  PyErr_SetInterrupt();
  return true;
}

// A Python exception is set: to the loop's reporter, else sys.unraisablehook.
static void report_uncaught(const char* what) {
  if (uncaught_reporter != nullptr) {
    uncaught_reporter(what);
    return;
  }
  if (rearm_keyboard_interrupt()) return;
  PyObject* where = PyUnicode_FromString(what);
  PyErr_WriteUnraisable(where);
  Py_XDECREF(where);
}

void route_uncaught(Entry kind, PyObject* exc, const char* what) {
  raise_thrown(exc);
  switch (kind) {
    case Entry::call:
      return;  // raised to the caller
    case Entry::finalizer:
      if (!rearm_keyboard_interrupt()) PyErr_WriteUnraisable(nullptr);
      return;
    case Entry::loop:
    case Entry::teardown:
    case Entry::uv_turn:
      report_uncaught(what);
      return;
  }
}

void report_envs_pending(const char* what) {
  for (napi_env env : all_envs()) {
    if (env->pending_exception == nullptr) continue;
    raise_pending(env);
    report_uncaught(what);
  }
}

// ---------------------------------------------------------------------------
// The end of an env
// ---------------------------------------------------------------------------
static void run_hook(napi_env env);

void run_cleanup_hooks(napi_env env) {
  if (env->threads_at_exit) return;  // left to its threads (napi_env__::threads_at_exit)
  // Last registered first; a hook may add or remove others.
  while (!env->cleanup_hooks.empty()) run_hook(env);
}

uint64_t next_cleanup_order() {
  static uint64_t next = 0;
  return ++next;
}

static void run_hook(napi_env env) {
  napi_env__::CleanupHook hook = env->cleanup_hooks.back();
  env->cleanup_hooks.pop_back();
  call_into_module<Entry::teardown>(env, "napi_python: exception in an env cleanup hook",
                                    [&] { hook.fun(hook.arg); });
}

void run_exit_order(const std::vector<napi_env>& envs, void (*end_env)(napi_env env)) {
  std::vector<bool> ended(envs.size(), false);
  for (;;) {
    // The latest entry: an env's last hook, or its end (hooks are in registration
    // order; a hook may add or remove others, so each turn looks again).
    size_t best = envs.size();
    uint64_t best_order = 0;
    bool best_is_hook = false;
    for (size_t i = 0; i < envs.size(); i++) {
      napi_env env = envs[i];
      if (ended[i] || env->threads_at_exit) continue;
      if (!env->cleanup_hooks.empty() && env->cleanup_hooks.back().order > best_order) {
        best = i;
        best_order = env->cleanup_hooks.back().order;
        best_is_hook = true;
      }
      if (env->end_order > best_order) {
        best = i;
        best_order = env->end_order;
        best_is_hook = false;
      }
    }
    if (best == envs.size()) return;
    if (best_is_hook) {
      run_hook(envs[best]);
    } else {
      ended[best] = true;
      end_env(envs[best]);
    }
  }
}

void finalize_instance_data(napi_env env) {
  if (env->instance_data_finalize == nullptr || env->threads_at_exit) return;
  napi_finalize fin = env->instance_data_finalize;
  env->instance_data_finalize = nullptr;
  call_into_module<Entry::teardown>(env, "napi_python: exception in an instance data finalizer",
                                    [&] { fin(env, env->instance_data, env->instance_data_hint); });
}

}  // namespace napi_python

using namespace napi_python;

// ---------------------------------------------------------------------------
// Instance data, cleanup hooks
// ---------------------------------------------------------------------------
NAPI_EXPORT napi_status napi_set_instance_data(napi_env env, void* data, napi_finalize finalize_cb,
                                               void* finalize_hint) {
  NAPI_CHECK_BASIC_ENV(env);
  env->instance_data = data;
  env->instance_data_finalize = finalize_cb;
  env->instance_data_hint = finalize_hint;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_instance_data(napi_env env, void** data) {
  NAPI_CHECK_BASIC_ENV(env);
  NAPI_CHECK_ARG(env, data);
  *data = env->instance_data;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_add_env_cleanup_hook(napi_env env, napi_cleanup_hook fun, void* arg) {
  NAPI_CHECK_BASIC_ENV(env);
  NAPI_CHECK_ARG(env, fun);
  env->cleanup_hooks.push_back({fun, arg, next_cleanup_order()});
  return napi_ok;
}

NAPI_EXPORT napi_status napi_remove_env_cleanup_hook(napi_env env, napi_cleanup_hook fun,
                                                     void* arg) {
  NAPI_CHECK_BASIC_ENV(env);
  NAPI_CHECK_ARG(env, fun);
  auto& hooks = env->cleanup_hooks;
  for (auto it = hooks.rbegin(); it != hooks.rend(); ++it) {
    if (it->fun == fun && it->arg == arg) {
      hooks.erase(std::next(it).base());
      break;
    }
  }
  return napi_ok;
}

struct napi_async_cleanup_hook_handle__ {
  napi_env env;
  napi_async_cleanup_hook hook;
  void* arg;
};

// Async cleanup hooks run at teardown like the others; the hook must call
// napi_remove_async_cleanup_hook when it is done (which frees the handle).
static void run_async_cleanup_hook(void* arg) {
  auto* handle = static_cast<napi_async_cleanup_hook_handle__*>(arg);
  handle->hook(handle, handle->arg);
}

NAPI_EXPORT napi_status napi_add_async_cleanup_hook(napi_env env, napi_async_cleanup_hook hook,
                                                    void* arg,
                                                    napi_async_cleanup_hook_handle* remove_handle) {
  NAPI_CHECK_BASIC_ENV(env);
  NAPI_CHECK_ARG(env, hook);
  auto* handle = new napi_async_cleanup_hook_handle__{env, hook, arg};
  NAPI_COUNT(async_cleanup_hooks_added);
  env->cleanup_hooks.push_back({run_async_cleanup_hook, handle, next_cleanup_order()});
  if (remove_handle != nullptr) *remove_handle = handle;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_remove_async_cleanup_hook(napi_async_cleanup_hook_handle remove_handle) {
  if (remove_handle == nullptr) return napi_invalid_arg;
  napi_env env = remove_handle->env;
  auto& hooks = env->cleanup_hooks;
  for (auto it = hooks.begin(); it != hooks.end(); ++it) {
    if (it->fun == run_async_cleanup_hook && it->arg == remove_handle) {
      hooks.erase(it);
      break;
    }
  }
  NAPI_COUNT(async_cleanup_hooks_removed);
  delete remove_handle;
  return napi_ok;
}
