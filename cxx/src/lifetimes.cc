// Lifetimes: the handle stack and handle scopes, and references (napi_ref).
// Finalizers and native state (wrap, type tags, externals) are finalizers.cc's.
#include "lifetimes.h"

#include "buffers.h"
#include "owned.h"
#include "types.h"
#include "values.h"
#include "core_api.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <new>
#include <thread>

#include <pthread.h>

namespace napi_python {

__thread HandleStack* tls_handle_stack __attribute__((tls_model("initial-exec"))) = nullptr;

HandleStack& handle_stack_slow() {
  // Owned by the thread: freed when it exits.
  static thread_local struct Owner {
    HandleStack stack;
    ~Owner() { tls_handle_stack = nullptr; }
  } owner;
  tls_handle_stack = &owner.stack;
  return owner.stack;
}

napi_status own_result_slow(PyObject* obj, napi_value* result) {
  *result = own(obj);
  return napi_ok;
}

HandleStack::HandleStack() {
  constexpr size_t kInitial = 1024;
  base = static_cast<PyObject**>(std::malloc(kInitial * sizeof(PyObject*)));
  if (base == nullptr) {
    std::fputs("napi_python: out of memory for the handle stack\n", stderr);
    std::abort();
  }
  top = base;
  limit = fast_limit = base + kInitial;
  stale_end = base;
  scopes.reserve(64);
  frame_records.reserve(16);
  set_stack_reserve();
}

// The thread's stack as pthreads reports it (for the main thread glibc derives it
// from RLIMIT_STACK); the reserve is a quarter of it, at most 1 MiB: room for the
// frames that raise and unwind the RecursionError, for an addon callback's own
// frames and for the Python code between two entries (V8 also leaves native code
// most of an 8 MiB stack: its own limit is about 1 MiB deep). Unknown: no check.
void HandleStack::set_stack_reserve() {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  void* addr = nullptr;
  size_t size = 0;
  if (pthread_attr_getstack(&attr, &addr, &size) == 0 && addr != nullptr && size > 0) {
    size_t reserve = size / 4 < (size_t{1} << 20) ? size / 4 : (size_t{1} << 20);
    uintptr_t end = reinterpret_cast<uintptr_t>(addr);
    // Only a stack this frame is on, above the reserve.
    uintptr_t here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    if (here > end + reserve && here - end < size) {
      stack_end = end;
      stack_reserve = reserve;
    }
  }
  pthread_attr_destroy(&attr);
}

PyObject* raise_stack_nearly_full() {
  PyErr_SetString(PyExc_RecursionError,
                  "maximum recursion depth exceeded while calling an addon function "
                  "(the C stack is nearly full)");
  return nullptr;
}

HandleStack::~HandleStack() { std::free(base); }

void HandleStack::push_slow(PyObject* obj) {
  if (fast_limit == nullptr) {
    // Reuse a stale slot (V8's): the new handle goes in first, then its old
    // occupant joins the grace FIFO, whose oldest entry is released if it is full.
    PyObject* old = *top;
    *top++ = obj;
    if (top == stale_end) fast_limit = limit;
    if (grace_hi - grace_lo < kGrace) {
      grace[grace_hi++ % kGrace] = old;
      return;
    }
    if (grace_lo < frame_grace()) {
      // Full, and the oldest is a caller's (it may still return it): no grace here.
      NAPI_COUNT(handles_freed);
      Py_DECREF(old);
      return;
    }
    // Full of this frame's evictions: its first kPinned stay (see env.h), the
    // oldest of the others is released, and the rest move down one place (the FIFO's
    // order kept), `old` last.
    size_t p = grace_lo + kPinned;
    PyObject* victim = grace[p % kGrace];
    for (size_t i = p; i + 1 < grace_hi; i++) grace[i % kGrace] = grace[(i + 1) % kGrace];
    grace[(grace_hi - 1) % kGrace] = old;
    NAPI_COUNT(handles_freed);
    Py_DECREF(victim);
    return;
  }
  // top == limit: grow (nothing is stale, so the owned handles end at top).
  size_t n = static_cast<size_t>(limit - base);
  size_t h = height();
  auto* bigger = static_cast<PyObject**>(std::realloc(base, 2 * n * sizeof(PyObject*)));
  if (bigger == nullptr) {
    std::fputs("napi_python: out of memory for the handle stack\n", stderr);
    std::abort();
  }
  base = bigger;
  top = base + h;
  stale_end = base;
  limit = fast_limit = base + 2 * n;
  *top++ = obj;
}

// The caller has stale slots: they stay its own (protected, as if live) until the
// frame ends, which gives them back as stale; the frame starts above them.
size_t HandleStack::enter_over_stale(size_t caller_top) {
  begin_scopes(caller_top);
  top = stale_end;
  fast_limit = limit;
  return height();
}

// The end of a frame that has its FrameScopes record (it opened a scope, or entered
// over its caller's stale slots).
void HandleStack::leave_slow(const Frame& f, PyObject* keep) {
  if (keep != nullptr) {
    // A value from a scope the callback closed is stale, not on top: it gets its own
    // reference.
    if (fast_limit != nullptr && height() > f.mark && top[-1] == keep) {
      top--;
      NAPI_COUNT(handles_freed);
    } else {
      Py_INCREF(keep);
    }
  }
  const FrameScopes rec = frame_records.back();  // (a copy: nested frames may push)
  while (scopes.size() > rec.scopes) {  // scopes the addon forgot to close
    scopes.pop_back();
    NAPI_COUNT(scopes_closed);
  }
  // The frame's evictions, the newest first (those pushed out by later evictions
  // were released then).
  while (grace_hi > rec.grace && grace_hi > grace_lo) {
    PyObject* o = grace[--grace_hi % kGrace];
    NAPI_COUNT(handles_freed);
    Py_DECREF(o);
  }
  if (grace_hi == grace_lo) grace_lo = grace_hi = rec.grace;  // empty: back to the mark
  // Live and stale handles above the mark.
  for (;;) {
    PyObject** end = owned_end();
    if (end <= base + f.mark) break;
    PyObject* o = end[-1];
    if (fast_limit != nullptr) {
      top = end - 1;
    } else {
      stale_end = end - 1;
      if (top >= stale_end) {
        top = stale_end;
        fast_limit = limit;
      }
    }
    NAPI_COUNT(handles_freed);
    Py_DECREF(o);
  }
  // The caller's state: its stale slots (between its top and the mark) are stale again.
  frame_records.pop_back();
  size_t caller_top = rec.caller_top != kNoStale ? rec.caller_top : f.mark;
  top = base + caller_top;
  if (caller_top < f.mark) {
    stale_end = base + f.mark;
    fast_limit = nullptr;
  }
  scope_epoch = frame_epoch;
  frame_epoch = f.epoch;
}

}  // namespace napi_python

using namespace napi_python;

// ---------------------------------------------------------------------------
// Handle scopes. A scope handle is its depth (1-based) in the thread's scope stack;
// only the innermost scope of the current call may be closed. An escapable scope
// reserves one slot below its own handles for the escapee. Closing a scope releases
// nothing at once (see HandleStack in env.h): its handles become stale.
// ---------------------------------------------------------------------------
namespace {
constexpr size_t kEscapedBit = static_cast<size_t>(1) << (sizeof(size_t) * 8 - 1);
}

NAPI_EXPORT napi_status napi_open_handle_scope(napi_env env, napi_handle_scope* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  HandleStack& s = handle_stack();
  s.open_scope();
  NAPI_COUNT(scopes_opened);
  *result = reinterpret_cast<napi_handle_scope>(s.scopes.size());
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_close_handle_scope(napi_env env, napi_handle_scope scope) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, scope);
  HandleStack& s = handle_stack();
  if (s.scopes.size() <= s.frame_scopes() || reinterpret_cast<size_t>(scope) != s.scopes.size())
    return set_last_error(env, napi_handle_scope_mismatch);
  size_t mark = s.scopes.back() & ~kEscapedBit;
  s.scopes.pop_back();
  NAPI_COUNT(scopes_closed);
  s.lower_to(mark);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_open_escapable_handle_scope(napi_env env,
                                                         napi_escapable_handle_scope* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  HandleStack& s = handle_stack();
  s.push(Py_NewRef(Py_None));  // the escapee's slot, in the parent scope
  NAPI_COUNT(handles_created);
  s.open_scope();
  NAPI_COUNT(scopes_opened);
  *result = reinterpret_cast<napi_escapable_handle_scope>(s.scopes.size());
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_close_escapable_handle_scope(napi_env env,
                                                          napi_escapable_handle_scope scope) {
  return napi_close_handle_scope(env, reinterpret_cast<napi_handle_scope>(scope));
}

NAPI_EXPORT napi_status napi_escape_handle(napi_env env, napi_escapable_handle_scope scope,
                                           napi_value escapee, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, scope);
  NAPI_CHECK_ARG(env, escapee);
  NAPI_CHECK_ARG(env, result);
  HandleStack& s = handle_stack();
  size_t index = reinterpret_cast<size_t>(scope);
  if (index <= s.frame_scopes() || index > s.scopes.size())
    return set_last_error(env, napi_handle_scope_mismatch);
  size_t& mark = s.scopes[index - 1];
  if (mark & kEscapedBit) return set_last_error(env, napi_escape_called_twice);
  // The slot is live: it is below the open scope's height.
  Py_SETREF(s.base[mark - 1], Py_NewRef(py(escapee)));
  mark |= kEscapedBit;
  *result = escapee;
  return clear_last_error(env);
}

// ---------------------------------------------------------------------------
// References: strong while the count is above zero, weak (a Python weakref) at
// zero. A value Python cannot reference weakly (dict, list, str, int, ...) stays
// strongly held until the reference is deleted.
//
// Threads. Addons (napi-rs with tokio) ref, unref and delete references from their
// own threads, which do not hold the GIL. The count is atomic and changes at once
// on any thread; what touches Python objects (strong <-> weak, the deletion) is
// done by the thread that holds the GIL or, from any other thread, deferred: queued
// and applied by the main thread (Py_AddPendingCall), at the end of a garbage
// collection, or at exit. Taking the GIL there instead could deadlock: the thread
// holding it may be an addon callback waiting for that very thread. Once the exit
// teardown has begun, deferred work is dropped (the reference is leaked: the
// interpreter is going away).
// ---------------------------------------------------------------------------
struct napi_ref__ {
  PyObject* strong;  // owned, or NULL while weak (GIL)
  PyObject* weak;    // owned weakref, or NULL (GIL)
  std::atomic<uint32_t> count;
  PyObject* pin;     // a Python buffer object's export, held while the reference lives
  // Every reference lives on a list until deleted, as Node's env tracks them: one
  // an addon never deletes is still the runtime's (the leak check does not report
  // it; the debug counters tell references to live values from those to dead ones).
  napi_ref__* prev;
  napi_ref__* next;
  std::atomic<uint32_t> queued;  // deferred operations not yet applied
  bool deleted;                  // deleted, freed when the last of those is applied (GIL)
  void (*cancel_finalizer)(napi_ref) = nullptr;  // napi_wrap's / napi_add_finalizer's (lifetimes.h)
};

static napi_ref live_refs = nullptr;  // the most recent first (GIL)

namespace {

enum class RefOp : uintptr_t { kSync, kDelete };
struct DeferredRefOp {
  napi_ref ref;
  RefOp op;
};

// Never destroyed: native threads may still call in while the process exits.
std::mutex& deferred_mutex() {
  static auto* m = new std::mutex();
  return *m;
}
std::vector<DeferredRefOp>& deferred_ops() {  // guarded by deferred_mutex()
  static auto* v = new std::vector<DeferredRefOp>();
  return *v;
}
std::atomic<bool> deferred_drain_scheduled{false};
// Exit: set once teardown begins its end; then no thread queues anything. A thread
// between its check of `deferred_stopped` and the end of its queueing is counted in
// `deferred_inflight`, which teardown waits for (seq_cst on both sides).
std::atomic<bool> deferred_stopped{false};
std::atomic<int> deferred_inflight{0};
bool deferred_draining = false;  // GIL

int deferred_pending_call(void*) {
  drain_deferred_references();
  return 0;
}

// Any thread without the GIL. False once exit has begun (nothing was queued).
bool defer_ref_op(napi_ref ref, RefOp op) {
  deferred_inflight.fetch_add(1, std::memory_order_seq_cst);
  if (deferred_stopped.load(std::memory_order_seq_cst)) {
    deferred_inflight.fetch_sub(1, std::memory_order_seq_cst);
    return false;
  }
  ref->queued.fetch_add(1, std::memory_order_relaxed);
  {
    std::lock_guard<std::mutex> lock(deferred_mutex());
    deferred_ops().push_back({ref, op});
  }
  if (!deferred_drain_scheduled.exchange(true, std::memory_order_acq_rel)) {
    // Callable without the GIL. A full pending-call queue: the next garbage
    // collection or the next deferred operation tries again.
    if (Py_AddPendingCall(deferred_pending_call, nullptr) != 0)
      deferred_drain_scheduled.store(false, std::memory_order_release);
  }
  deferred_inflight.fetch_sub(1, std::memory_order_seq_cst);
  return true;
}

}  // namespace

namespace napi_python {

// Fork: pthread_atfork handlers (loop.cc), inside fork(), so that the child's copy
// of the list is whole: a thread queueing holds the mutex briefly, waiting for
// nothing. The child makes the mutex anew (the operations queued run there as in
// the parent: both hold the references).
void references_atfork_prepare() { deferred_mutex().lock(); }
void references_atfork_parent() { deferred_mutex().unlock(); }
void references_atfork_child() { new (&deferred_mutex()) std::mutex(); }

}  // namespace napi_python

namespace {

// After the teardown, only the thread that tore down is taken at its word (during
// finalization PyGILState_Check may answer 1 on any thread): it still runs Python
// (an atexit handler registered before napi_python's, a __del__), and a reference
// read failing there (napi_generic_failure) made node-addon-api abort while it
// turned an error into a JS exception. Other threads that enter an addon then are
// parked (env.cc).
[[gnu::cold, gnu::noinline]] bool may_use_python_after_teardown() {
  return deferred_stopped.load(std::memory_order_relaxed) && on_teardown_thread() &&
         PyGILState_Check();
}

// True when the calling thread may touch Python objects now.
inline bool may_use_python() {
  return (!deferred_stopped.load(std::memory_order_relaxed) && PyGILState_Check()) ||
         may_use_python_after_teardown();
}

}  // namespace

static bool may_reference(napi_env env, PyObject* v) {
  if (env->module_api_version >= 10) return true;  // Node-API 10: any value
  napi_valuetype t = js_typeof(v);
  return t == napi_object || t == napi_function || t == napi_external || t == napi_symbol;
}

// What a reference stops holding strongly (at count 0, or deleted). When `hold` (the
// addon let go of it inside a call into native code: an addon function, a libuv turn,
// a queued finalizer...) it is handed to that call's handle frame instead of released
// at once: it lives until the call returns.
// V8 never collects an object in the middle of the native code that dropped the last
// reference to it, and addons rely on that: udx-native's close callback deletes the
// reference to its socket's JS object and goes on writing into the socket's struct,
// which lives in a Buffer that object holds.
static void release_held(PyObject* obj, bool hold) {
  if (obj == nullptr) return;
  if (hold)
    own(obj);
  else
    Py_DECREF(obj);
}

static void make_weak(napi_ref ref, bool hold = false) {
  if (ref->strong == nullptr) return;
  PyObject* strong = ref->strong;
  napi_valuetype t = js_typeof(strong);
  if (t != napi_object && t != napi_function && t != napi_external && t != napi_symbol) {
    // Node-API 10: a reference to a primitive releases it at count 0.
    ref->strong = nullptr;
    release_held(strong, hold);
    return;
  }
  PyObject* w = PyWeakref_NewRef(strong, nullptr);
  if (w == nullptr) {
    PyErr_Clear();  // not weakly referenceable: stays strong
    return;
  }
  ref->weak = w;
  ref->strong = nullptr;
  release_held(strong, hold);
}

static PyObject* ref_target(napi_ref ref) {  // borrowed or NULL
  if (ref->strong != nullptr) return ref->strong;
  if (ref->weak != nullptr) {
    PyObject* o = PyWeakref_GetObject(ref->weak);
    return o == Py_None ? nullptr : o;
  }
  return nullptr;
}

// GIL: strong or weak as the count says now (it may have changed on other threads
// since the operation that asked for this).
static void sync_strength(napi_ref ref, bool hold = false) {
  if (ref->count.load(std::memory_order_acquire) > 0) {
    if (ref->strong == nullptr && ref->weak != nullptr) {
      ref->strong = Py_XNewRef(ref_target(ref));  // NULL if the value is gone
      Py_CLEAR(ref->weak);
    }
  } else if (ref->strong != nullptr && ref->weak == nullptr) {
    make_weak(ref, hold);
  }
}

// GIL: releases what the reference holds and unlinks it; frees it unless deferred
// operations still name it (the last one applied frees it).
static void delete_ref(napi_ref ref, bool hold = false) {
  ref->deleted = true;
  if (ref->cancel_finalizer != nullptr) ref->cancel_finalizer(ref);
  if (ref->prev != nullptr) ref->prev->next = ref->next;
  else live_refs = ref->next;
  if (ref->next != nullptr) ref->next->prev = ref->prev;
  ref->prev = ref->next = nullptr;
  NAPI_COUNT(references_deleted);
  PyObject* strong = ref->strong;
  PyObject* weak = ref->weak;
  PyObject* pin = ref->pin;
  ref->strong = ref->weak = ref->pin = nullptr;
  if (ref->queued.load(std::memory_order_acquire) == 0) delete ref;
  release_held(strong, hold);
  Py_XDECREF(weak);
  release_held(pin, hold);
}

// Whether what `env`'s addon lets go of now is held until the call returns (above):
// inside a call into native code, but not in a basic finalizer, which runs inside the
// deallocation of a value (perhaps while a call's handles are being released).
static bool holds_released(napi_env env) {
  return g_call_depth > 0 &&
         (!env->in_gc_finalizer || (envs_closed_for_teardown() && !tls_in_basic_finalizer));
}

namespace napi_python {

// GIL: applies the operations other threads queued, in their order.
void drain_deferred_references() {
  if (deferred_draining) return;
  deferred_drain_scheduled.store(false, std::memory_order_release);
  std::vector<DeferredRefOp> ops;
  {
    std::lock_guard<std::mutex> lock(deferred_mutex());
    if (deferred_ops().empty()) return;
    ops.swap(deferred_ops());
  }
  deferred_draining = true;
  SavedError saved;  // keep an exception being raised
  for (const DeferredRefOp& d : ops) {
    napi_ref ref = d.ref;
    if (!ref->deleted) {
      if (d.op == RefOp::kDelete)
        delete_ref(ref);  // not freed: this operation still counts in `queued`
      else
        sync_strength(ref);
    }
    if (ref->queued.fetch_sub(1, std::memory_order_acq_rel) == 1 && ref->deleted) delete ref;
  }
  deferred_draining = false;
}

void ref_carries_finalizer(napi_ref ref, void (*cancel)(napi_ref)) {
  ref->cancel_finalizer = cancel;
}

#ifdef NAPI_PYTHON_DEBUG_COUNTERS
void reference_gauges(int64_t* live, int64_t* empty) {
  *live = *empty = 0;
  for (napi_ref ref = live_refs; ref != nullptr; ref = ref->next) {
    ++*live;
    if (ref_target(ref) == nullptr) ++*empty;
  }
}
#endif

// Exit (GIL, at the end of teardown): applies what is queued; afterwards other
// threads' operations change the count only.
void stop_deferred_references() {
  drain_deferred_references();
  deferred_stopped.store(true, std::memory_order_seq_cst);
  while (deferred_inflight.load(std::memory_order_seq_cst) != 0) std::this_thread::yield();
  drain_deferred_references();
}

}  // namespace napi_python

NAPI_EXPORT napi_status napi_create_reference(napi_env env, napi_value value,
                                              uint32_t initial_refcount, napi_ref* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  if (!may_reference(env, py(value))) return set_last_error(env, napi_invalid_arg);
  PyObject* v = py(value);
  // The memory of a Python buffer (bytearray, numpy array...) an addon keeps a
  // reference to must not move: keep it exported (no resize) until deletion.
  PyObject* pin = nullptr;
  if (!PyUnicode_Check(v) && PyObject_CheckBuffer(v) && binary_native_slot(v) == nullptr)
    pin = new_pin(v);
  auto* ref = new napi_ref__{Py_NewRef(v), nullptr, {initial_refcount}, pin, nullptr,
                             live_refs,    {0},     false};
  if (live_refs != nullptr) live_refs->prev = ref;
  live_refs = ref;
  NAPI_COUNT(references_created);
  if (initial_refcount == 0) make_weak(ref);
  *result = ref;
  return clear_last_error(env);
}

// Any thread (see above). From a thread without the GIL the status is returned
// without touching the env's last error (the main thread owns it).
NAPI_EXPORT napi_status napi_delete_reference(napi_env env, napi_ref ref) {
  NAPI_CHECK_BASIC_ENV(env);
  bool python = may_use_python();
  if (ref == nullptr) return python ? set_last_error(env, napi_invalid_arg) : napi_invalid_arg;
  if (!python) {
    defer_ref_op(ref, RefOp::kDelete);  // or, at exit, leaked
    return napi_ok;
  }
  delete_ref(ref, holds_released(env));
  return clear_last_error(env);
}

// The env check of a function that is not basic, for the thread holding the GIL
// (env->in_gc_finalizer is that thread's state; another thread is never in a basic
// finalizer).
#define CHECK_ENV_ON_GIL_THREAD(env, python)                               \
  do {                                                                     \
    if ((env) == nullptr) return napi_invalid_arg;                         \
    if ((python) && __builtin_expect((env)->in_gc_finalizer, 0) &&         \
        !::napi_python::tls_tears_down)                                    \
      ::napi_python::gc_access_violation(__func__);                        \
  } while (0)

NAPI_EXPORT napi_status napi_reference_ref(napi_env env, napi_ref ref, uint32_t* result) {
  bool python = may_use_python();
  CHECK_ENV_ON_GIL_THREAD(env, python);
  if (ref == nullptr) return python ? set_last_error(env, napi_invalid_arg) : napi_invalid_arg;
  uint32_t count = ref->count.fetch_add(1, std::memory_order_acq_rel) + 1;
  if (result != nullptr) *result = count;
  if (!python) {
    if (count == 1) defer_ref_op(ref, RefOp::kSync);
    return napi_ok;
  }
  if (count == 1) sync_strength(ref);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_reference_unref(napi_env env, napi_ref ref, uint32_t* result) {
  bool python = may_use_python();
  CHECK_ENV_ON_GIL_THREAD(env, python);
  if (ref == nullptr) return python ? set_last_error(env, napi_invalid_arg) : napi_invalid_arg;
  uint32_t count = ref->count.load(std::memory_order_relaxed);
  do {
    if (count == 0) return python ? set_last_error(env, napi_generic_failure) : napi_generic_failure;
  } while (!ref->count.compare_exchange_weak(count, count - 1, std::memory_order_acq_rel));
  count--;
  if (result != nullptr) *result = count;
  if (!python) {
    if (count == 0) defer_ref_op(ref, RefOp::kSync);
    return napi_ok;
  }
  if (count == 0) sync_strength(ref, holds_released(env));
  return clear_last_error(env);
}

// Needs the GIL: from another thread there is no value to give (Node-API allows it on
// the JS thread only); the answer is napi_generic_failure and a NULL result.
NAPI_EXPORT napi_status napi_get_reference_value(napi_env env, napi_ref ref, napi_value* result) {
  bool python = may_use_python();
  CHECK_ENV_ON_GIL_THREAD(env, python);
  if (!python) {
    if (result != nullptr) *result = nullptr;
    return ref == nullptr || result == nullptr ? napi_invalid_arg : napi_generic_failure;
  }
  NAPI_CHECK_ARG(env, ref);
  NAPI_CHECK_ARG(env, result);
  PyObject* target = ref_target(ref);
  *result = target != nullptr ? keep(target) : nullptr;
  return clear_last_error(env);
}


// ---------------------------------------------------------------------------
// External memory
// ---------------------------------------------------------------------------
NAPI_EXPORT napi_status napi_adjust_external_memory(napi_env env, int64_t change_in_bytes,
                                                    int64_t* adjusted_value) {
  NAPI_CHECK_BASIC_ENV(env);
  NAPI_CHECK_ARG(env, adjusted_value);
  // Atomic: napi-rs adjusts it where it frees memory, which may be another thread.
  static std::atomic<int64_t> external_memory{0};
  int64_t v = external_memory.load(std::memory_order_relaxed), next;
  do {
    next = v + change_in_bytes;
    if (next < 0) next = 0;
  } while (!external_memory.compare_exchange_weak(v, next, std::memory_order_relaxed));
  *adjusted_value = next;
  return clear_last_error(env);
}
