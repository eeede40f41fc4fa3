// The napi_env, handle scopes and the status skeleton shared by every napi_* room.
//
// Value model (the whole contract is in docs/values.rst):
//   napi_value is a PyObject* (no handle table). Every napi_value an addon sees is
//   kept alive either by the Python caller (arguments, `this`) or by the handle
//   stack (everything the core creates or looks up). Closing a scope does not drop
//   the references it holds at once: as V8's handle slots, they stay until reused
//   or until the call returns (HandleStack below).
//
// Thread affinity: every function here runs on a thread that holds the GIL. The
// handle stack is per thread (a Python callback may release the GIL and let another
// thread enter an addon; each thread's scopes must nest on their own).
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

// The core sees every declaration (experimental included). It defines the
// "basic env" functions with a plain napi_env: the const in Node's experimental
// node_api_basic_env is an API contract for addons, not a different ABI.
#define NAPI_EXPERIMENTAL
#define NODE_API_EXPERIMENTAL_BASIC_ENV_OPT_OUT
#include "node_api.h"

#include "debug_counters.h"

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace napi_python {

// ---------------------------------------------------------------------------
// Handle stack (per thread), with V8's slot reuse.
//
// Slots [base, top) hold the live handles. Closing a scope only lowers `top`: the
// handles it made stay owned, "stale", in [top, stale_end), so a value the addon
// returns after closing its scope (node-addon-api's `Napi::HandleScope scope(env);
// ... return obj;`) is still alive when the callback returns. A later push reuses a
// stale slot; its occupant moves to a small FIFO (`grace`) and is released when
// kGrace - kPinned more occupants have been evicted after it, so a value from a
// closed scope also survives the next 32 values its caller creates. The first
// kPinned evictions of a call stay until the call returns: a value made early (before
// a loop that opens and closes a scope per iteration) and used after the loop
// survives the loop, however long (V8's handle points at its slot, which nothing frees
// in between; ours is the object itself). A nested call neither
// reuses its caller's stale slots nor evicts its caller's FIFO entries (when the
// FIFO is full of them, what the nested call evicts is released at once). Everything the stack owns
// for a call (live, stale, in the FIFO) is released when the call's frame ends
// (call_into_module, below). A loop that opens and closes a scope per iteration reuses the same
// slots: memory stays bounded within one call.
//
// The hot path is one compare: `fast_limit` is the end of the buffer when nothing
// is stale (then the owned handles end at `top`), and NULL while stale slots exist,
// which sends every push to push_slow().
//
// Frames are cheap when no scope is opened (the common call: read the arguments,
// make a result). A frame's scope bookkeeping (how many scopes its caller had open,
// where its grace evictions begin, the caller's stale slots to give back) is made
// only when the frame opens its first scope, or enters over stale slots
// (begin_scopes: a FrameScopes record). Until then it would equal the stack's
// current state, which is what frame_scopes() and frame_grace() answer. `scope_epoch`
// is bumped by each record made; `frame_epoch` is its value when the current frame
// began, so `scope_epoch != frame_epoch` says "this frame has its record" (and leaves
// the slow way); a frame gives both back when it ends, so a nested call that opened
// scopes leaves its caller as it found it.
// ---------------------------------------------------------------------------
struct HandleStack {
  static constexpr size_t kGrace = 40;
  static constexpr size_t kPinned = 8;  // a call's first evictions, kept until it returns
  static constexpr size_t kNoStale = ~static_cast<size_t>(0);

  PyObject** top;         // next live slot
  PyObject** fast_limit;  // `limit`, or NULL while [top, stale_end) holds stale handles
  PyObject** base;
  size_t scope_epoch = 0;  // bumped by each FrameScopes record made (begin_scopes)
  size_t frame_epoch = 0;  // scope_epoch when the current frame began
  PyObject** stale_end;    // meaningful only while fast_limit is NULL
  PyObject** limit;
  std::vector<size_t> scopes;  // heights (top - base) of the open scopes
  // The scope bookkeeping of each frame that opened a scope (the innermost last).
  struct FrameScopes {
    size_t scopes;      // scopes.size() when the frame began
    size_t grace;       // grace_hi when it began: older evictions are a caller's
    size_t caller_top;  // the caller's height when it had stale slots, else kNoStale
  };
  std::vector<FrameScopes> frame_records;
  // The last `stack_reserve` bytes of this thread's C stack, from `stack_end` (its
  // lowest address) up: no entry into an addon from Python there (set_stack_reserve,
  // stack_nearly_full). A reserve of 0: the stack is unknown, nothing is refused.
  uintptr_t stack_end = 0;
  uintptr_t stack_reserve = 0;
  // Evicted stale handles, oldest first: [grace_lo, grace_hi) modulo kGrace.
  size_t grace_lo = 0, grace_hi = 0;
  PyObject* grace[kGrace];

  HandleStack();
  void set_stack_reserve();  // (lifetimes.cc) stack_end and stack_reserve, of the calling thread
  ~HandleStack();  // frees the buffer (the thread is gone: references are not dropped)

  PyObject** owned_end() const { return fast_limit != nullptr ? top : stale_end; }
  size_t height() const { return static_cast<size_t>(top - base); }
  size_t owned() const {  // every reference the stack holds (the handles_open gauge)
    return static_cast<size_t>(owned_end() - base) + (grace_hi - grace_lo);
  }

  // Whether the current frame has its FrameScopes record (it opened a scope).
  bool frame_begun() const { return scope_epoch != frame_epoch; }
  // scopes.size() and grace_hi when the current frame began (a frame that opened no
  // scope has changed neither: its nested calls give them back).
  size_t frame_scopes() const { return frame_begun() ? frame_records.back().scopes : scopes.size(); }
  size_t frame_grace() const { return frame_begun() ? frame_records.back().grace : grace_hi; }
  // Makes the current frame's record (before its first scope opens).
  void begin_scopes(size_t caller_top = kNoStale) {
    if (!frame_begun()) {
      frame_records.push_back({scopes.size(), grace_hi, caller_top});
      scope_epoch++;
    }
  }
  void open_scope() {  // (a scope of the current frame at the current height)
    begin_scopes();
    scopes.push_back(height());
  }

  void push(PyObject* obj) {
    if (__builtin_expect(top < fast_limit, 1))
      *top++ = obj;
    else
      push_slow(obj);
  }
  void push_slow(PyObject* obj);

  // Closes a scope: `height` becomes the top; nothing is released.
  void lower_to(size_t height) {
    PyObject** t = base + height;
    PyObject** end = owned_end();
    if (end > t) {
      stale_end = end;
      fast_limit = nullptr;
    }
    top = t;
  }

  // A frame: everything a call into an addon creates, released when it returns.
  // The caller's stale slots are left alone (protected, as if live) until then.
  // (A height, not a pointer: the buffer may move.)
  struct Frame {
    size_t mark;   // the caller's owned end: the frame owns what is above
    size_t epoch;  // the caller's frame_epoch
  };
  Frame enter() {
    Frame f{height(), frame_epoch};
    frame_epoch = scope_epoch;
    if (__builtin_expect(fast_limit == nullptr, 0)) f.mark = enter_over_stale(f.mark);
    return f;
  }
  size_t enter_over_stale(size_t caller_top);  // returns the frame's mark
  // Ends the frame: releases what it owns, the last first, each popped before its
  // DECREF (a DECREF can run Python code that enters an addon and uses this stack).
  // `keep` (or NULL), a value the call returns, gets a reference of its own first:
  // most often it is the frame's last handle, whose reference is handed over.
  [[gnu::always_inline]] void leave(const Frame& f, PyObject* keep = nullptr) {
    if (__builtin_expect(frame_begun(), 0)) {
      leave_slow(f, keep);
      return;
    }
    PyObject** t = top;
    PyObject** m = base + f.mark;
    if (keep != nullptr) {
      if (__builtin_expect(t > m && t[-1] == keep, 1)) {
        t--;
        NAPI_COUNT(handles_freed);
      } else {
        Py_INCREF(keep);
      }
    }
    NAPI_COUNT_N(handles_freed, t - m);
    while (t > m) {
      PyObject* o = *--t;
      // The stack's top is stored only before a deallocation (the only release that
      // runs code), and read again after it.
#if PY_VERSION_HEX < 0x030C0000 && !defined(Py_REF_DEBUG)
      if (--o->ob_refcnt != 0) continue;  // (Py_DECREF, split around the store)
      top = t;
      _Py_Dealloc(o);
#else
      if (Py_REFCNT(o) != 1) {
        Py_DECREF(o);
        continue;
      }
      top = t;
      Py_DECREF(o);
#endif
      t = top;
      m = base + f.mark;
    }
    top = t;
    frame_epoch = f.epoch;
  }
  [[gnu::noinline]] void leave_slow(const Frame& f, PyObject* keep);
};

// The calling thread's stack. initial-exec TLS: one instruction on the hot path
// (the core is loaded once, at import, with plenty of static TLS left for 8 bytes).
// (__thread, not thread_local: no TLS init wrapper on every access.)
extern __thread HandleStack* tls_handle_stack __attribute__((tls_model("initial-exec")));
HandleStack& handle_stack_slow();
inline HandleStack& handle_stack() {
  HandleStack* s = tls_handle_stack;
  return s != nullptr ? *s : handle_stack_slow();
}

// Whether the C stack of the calling thread is nearly full (below its HandleStack's
// stack_end and stack_reserve). V8 throws RangeError "Maximum call stack size exceeded" when a call
// would pass its stack limit, whatever the depth; Python counts frames only
// (sys.getrecursionlimit), which a program may raise past what the C stack holds
// when each level goes through an addon and back (Python -> addon -> Python
// callback -> addon). A thread's first entry has no stack yet: nothing to compare.
[[gnu::always_inline]] inline bool stack_nearly_full() {
  // One unsigned compare: a frame below the stack's end (another stack, as some
  // coroutine libraries switch to) is not in the reserve either.
  HandleStack* s = tls_handle_stack;
  return s != nullptr &&
         __builtin_expect(reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) - s->stack_end <
                              s->stack_reserve, 0);
}
// (lifetimes.cc, cold) Raises RecursionError for an entry refused by stack_nearly_full.
[[gnu::cold, gnu::noinline]] PyObject* raise_stack_nearly_full();

// Takes ownership of `obj` (a new reference) and returns it as a napi_value that
// lives until the current scope closes (and, closed, see HandleStack). `obj` may be
// NULL (returns NULL).
inline napi_value own(PyObject* obj) {
  if (obj != nullptr) {
    handle_stack().push(obj);
    NAPI_COUNT(handles_created);
  }
  return reinterpret_cast<napi_value>(obj);
}
// A borrowed reference that must outlive the caller's own reference.
inline napi_value keep(PyObject* obj) {
  Py_XINCREF(obj);
  return own(obj);
}
// The success tail of a napi_* function that makes one value: `obj` (a new
// reference, not NULL) becomes a handle, stored in *result; returns napi_ok (the
// caller clears the last error). What is not the fast push (a thread's first
// handle, a stale slot, growth) is out of line and tail-called, so that a function
// whose other work is a leaf needs no stack frame.
[[gnu::noinline]] napi_status own_result_slow(PyObject* obj, napi_value* result);
inline napi_status own_result(PyObject* obj, napi_value* result) {
  HandleStack* s = tls_handle_stack;
  if (__builtin_expect(s != nullptr, 1)) {
    PyObject** t = s->top;
    if (__builtin_expect(t < s->fast_limit, 1)) {
      *t = obj;
      s->top = t + 1;
      NAPI_COUNT(handles_created);
      *result = reinterpret_cast<napi_value>(obj);
      return napi_ok;
    }
  }
  return own_result_slow(obj, result);
}
inline PyObject* py(napi_value v) { return reinterpret_cast<PyObject*>(v); }
inline napi_value js(PyObject* o) { return reinterpret_cast<napi_value>(o); }

struct Finalizer;  // finalizers.h
// A thread that owns per-thread envs: the finalizers of their values wait here
// (finalizers.cc). Never freed (an env may point to it after the thread ended).
struct OwnerThread;

}  // namespace napi_python

// ---------------------------------------------------------------------------
// The env: one per loaded addon (or per addon and thread: load_addon(per_thread=True)).
// ---------------------------------------------------------------------------
struct napi_env__ {
  std::string module_file_url;  // file:///abs/path.node
  int32_t module_api_version = 8;
  // A basic finalizer of a NAPI_VERSION_EXPERIMENTAL module is running inside a
  // deallocation: only basic APIs may be called (see finalizers.cc). Also set on
  // every env when the exit's teardown begins (close_envs_for_teardown).
  bool in_gc_finalizer = false;
  napi_extended_error_info last_error{};
  // Replaces the table's message when set (meaningful only while last_error's
  // error_code is not napi_ok: clear_last_error leaves it).
  const char* error_detail = nullptr;
  PyObject* pending_exception = nullptr;  // owned; any JS value (not only errors)
  PyObject* exports = nullptr;            // owned after init
  void* instance_data = nullptr;
  napi_finalize instance_data_finalize = nullptr;
  void* instance_data_hint = nullptr;
  struct CleanupHook {
    napi_cleanup_hook fun;
    void* arg;
    uint64_t order;  // next_cleanup_order() when registered
  };
  std::vector<CleanupHook> cleanup_hooks;  // in registration order
  // The place of the env's end among the cleanup hooks of every env at exit
  // (next_cleanup_order() when it was made, before its module init): as in Node, one
  // list of hooks and env ends, run last registered first (module.cc's teardown).
  uint64_t end_order = 0;
  size_t open_callback_scopes = 0;  // napi_open_callback_scope minus close (GIL)
  // A per-thread env (load_addon(per_thread=True)) while its thread lives: the
  // finalizers of its values wait in that thread's queue and run there (finalizers.cc).
  napi_python::OwnerThread* owner = nullptr;
  // Interpreter exit began while native threads of the addon still held one of its
  // referenced threadsafe functions: work in flight that would keep Node's loop, and
  // so its process, alive, so that Node never tears such an env down. Its cleanup
  // hooks, the finalizers of its objects and its instance-data finalizer are not run
  // at exit (as after Node's process.exit): what they free may still be in use by
  // those threads (a napi-rs addon's hook drops its tokio runtime, dropping tasks on
  // worker threads). Set by tsfn.cc, read by module.cc and types.cc.
  bool threads_at_exit = false;
  // Its async work from napi_queue_async_work until its complete runs (GIL; an
  // intrusive list, async_work.cc): the end of a per-thread env waits for it.
  napi_async_work async_in_flight = nullptr;
};

struct napi_callback_info__ {
  PyObject* this_arg;          // borrowed
  PyObject* const* args;       // borrowed
  size_t argc;
  PyObject* new_target;        // borrowed, NULL unless a construct call
  void* data;
};

namespace napi_python {

// ---------------------------------------------------------------------------
// Status skeleton (Node's shape): check env, check pointers, work, clear.
// ---------------------------------------------------------------------------
// (engine_error_code and engine_reserved stay 0/NULL: there is no engine.)
// error_detail is read only while error_code is not napi_ok, and every set_last_error
// writes both. error_message is NULLed as Node's napi_clear_last_error does: the
// napi_extended_error_info an addon holds is the env's own record, so a success after
// napi_get_last_error_info (napi_is_exception_pending, typically) leaves it with no
// message in Node, and C ports of node-addon-api's Error::New that read the message
// afterwards throw their "Error in native callback" fallback (uiohook-napi).
inline napi_status clear_last_error(napi_env env) {
  env->last_error.error_code = napi_ok;
  env->last_error.error_message = nullptr;
  return napi_ok;
}
// NAPI_PYTHON_TRACE=1 in the environment prints every failing napi_* call (the
// function and the status) to stderr: the first thing to look at when a real addon
// fails in its init with a bare "Invalid argument".
extern bool trace_failures;
void trace_failure(const char* function, napi_status status, const char* detail);

// Out of line and cold: failing is the rare path, and keeping it out of every
// napi_* body lets the compiler give the success path no stack frame at all.
[[gnu::cold, gnu::noinline]] napi_status set_last_error_at(const char* function, napi_env env,
                                                           napi_status status,
                                                           const char* detail = nullptr);
// set_last_error(env, status[, detail]) records the calling function for the trace.
#define set_last_error(env, ...) set_last_error_at(__func__, env, __VA_ARGS__)

// A Python error occurred while doing work for the addon: it becomes the pending
// JS exception (the addon sees it through napi_is_exception_pending and friends).
napi_status take_python_error(napi_env env);

// The same, for the checks where Node leaves the exception pending and answers
// another status (napi_number_expected from napi_coerce_to_number...).
#define take_python_error_as(env, status) \
  ::napi_python::take_python_error_as_at(__func__, env, status)
[[gnu::cold]] napi_status take_python_error_as_at(const char* function, napi_env env,
                                                  napi_status status);

// Throws a JS error: an error of `type` (python_types.JSTypeError...) with `message`
// becomes the pending exception, and the call answers `status`
// (napi_pending_exception unless Node answers another one for that check).
#define throw_js_error(env, type, message, status) \
  ::napi_python::throw_js_error_at(__func__, env, type, message, status)
[[gnu::cold]] napi_status throw_js_error_at(const char* function, napi_env env, PyObject* type,
                                            const char* message, napi_status status);

// (errors.cc) Makes the error types and the status message table; at import.
int init_errors();

// The raised Python exception as one object (its traceback attached), cleared;
// NULL if none.
PyObject* fetch_exception();

// Raises env's pending exception as a Python exception and clears it.
// Returns NULL so callers can `return raise_pending(env);`.
PyObject* raise_pending(napi_env env);

// Raises what throwing the JS value `v` (stolen) raises in Python: an exception as
// itself, any other value as JSError whose message is its JS ToString and whose
// .value is the value. Returns NULL.
PyObject* raise_thrown(PyObject* v);
// The same exception, returned (new reference; `v` borrowed) instead of raised.
PyObject* thrown_exception(PyObject* v);

// A basic finalizer called a function that is not basic: fatal, as in Node. Also
// the door of every env once the exit's teardown has begun (close_envs_for_teardown):
// any thread but the one that tears down is parked there (the env checks below let
// that one through without the call: tls_tears_down), unless it runs a basic
// finalizer (tls_in_basic_finalizer: fatal then too). Never returns, so that the
// check costs the hot functions no stack frame (a call that may return would).
[[noreturn]] void gc_access_violation(const char* function);
// (env.cc) Whether this thread runs the exit's teardown, or ran it
// (close_envs_for_teardown), and is not in a basic finalizer meanwhile.
// initial-exec TLS, as tls_handle_stack: one load, read only once an env is closed.
extern __thread bool tls_tears_down __attribute__((tls_model("initial-exec")));
// (env.cc) Whether the thread that tears down runs a basic finalizer
// (finalize_from_gc): a call to a function that is not basic is then fatal there
// too (another thread's is parked once the envs are closed, as any of its calls).
extern __thread bool tls_in_basic_finalizer __attribute__((tls_model("initial-exec")));
// (env.cc) The exit's teardown reaching the steps that free what addons keep (the
// cleanup hooks, the finalizers of live objects and the instance-data finalizers,
// after async work and threadsafe functions settled; each may call Python code and
// so let other threads run): from now on a thread other than the one that tears down (a daemon
// thread: the others were joined before atexit) that calls a function that is not
// basic, the first thing an addon function does (napi_get_cb_info), or that comes
// back into an addon from Python (napi_call_function, napi_new_instance), sleeps
// until the process ends, as Python 3.14 leaves its daemon threads, instead of
// running addon code in an env being torn down or torn down (its instance data
// freed, its objects' finalizers run, and failures that node-addon-api turns into
// an abort). The thread that tears down keeps the whole API, during the teardown
// and after. Each env's in_gc_finalizer is set, which leads every such call to
// gc_access_violation (the calls' own code unchanged).
void close_envs_for_teardown();
bool envs_closed_for_teardown();
// (env.cc) Whether this is the thread that runs, or ran, the exit's teardown.
bool on_teardown_thread();
// (env.cc) A thread other than the one that tears down, holding the GIL or not,
// came back into an addon from Python: if the envs are closed, lets go of the GIL
// and sleeps until the process ends (otherwise returns at once). Cold.
[[gnu::cold, gnu::noinline]] void park_in_closed_env();

// Depth of calls into addons (GIL-protected) and whether there is work after an
// outermost call (finalizers queued, in the ordinary queue or, for per-thread envs,
// in some thread's own queue; or an after-call hook): the hot path reads only these
// two globals.
extern int g_call_depth;
extern bool g_finalizers_pending;
struct OwnerThread {
  std::vector<Finalizer>* queue;
  bool waiting = false;  // queue is not empty
};
extern __thread OwnerThread* tls_owner __attribute__((tls_model("initial-exec")));
inline bool owned_finalizers_waiting() {
  OwnerThread* o = tls_owner;
  return o != nullptr && o->waiting;
}
// (env.cc) The rare work after an outermost call: queued finalizers, and the hooks
// registered with add_after_call_hook (while one is, g_finalizers_pending stays set):
// libuv's kick of its loop (uv_api.h), the threadsafe functions' adoption of their
// loop (tsfn.cc).
void after_outermost_call_slow();

inline void after_outermost_call() {
  if (__builtin_expect(g_finalizers_pending, 0) && g_call_depth == 0)
    after_outermost_call_slow();
}

// (env.cc) Registered by the rooms above the env, so that it names none of them:
// work after every outermost call (libuv.cc: the kick; tsfn.cc: a loop adopts the
// default target; while one is added, g_finalizers_pending stays set; at most
// two), and where an exception no caller waits for goes (loop.cc: the running
// loop's exception handler; unset: sys.unraisablehook).
void add_after_call_hook(void (*hook)());
void remove_after_call_hook(void (*hook)());
bool after_call_hooked();
void set_uncaught_reporter(void (*report)(const char* what));

// ---------------------------------------------------------------------------
// Entering an addon (Node's CallIntoModule): call_into_module<kind>(env, what, fn)
// runs fn() (the addon's code) as every entry from the host must:
//   - in an implicit handle scope (a HandleStack frame: what the addon created, or
//     let go of inside the call, lives until the call returns),
//   - counted in g_call_depth (finalizers and other after-work wait for depth 0),
//   - starting at napi_ok (Node clears the last error on entry),
//   - with the exception the addon leaves pending taken out of the env BEFORE the
//     frame's handles are released: their release can run a __del__ that enters the
//     same env again, and that entry must neither see nor take this exception,
//   - that exception routed by `kind` (below), never lost,
//   - then the after-outermost-call work (finalizers, the libuv kick) for calls
//     from Python and from the loop.
// When fn returns a napi_value (Entry::call), call_into_module returns it as a new
// reference (None for NULL), or NULL with the exception raised; otherwise nothing.
// ---------------------------------------------------------------------------
enum class Entry {
  call,       // Python calls the addon (function, method, accessor, constructor,
              // module init): the exception is raised to the caller.
  loop,       // the loop runs it (async work complete, threadsafe-function call and
              // finalizer): the running loop's exception handler, else
              // sys.unraisablehook (loop.cc, report_async_exception).
  finalizer,  // a queued finalizer, run by drain_finalizers (itself after-work):
              // sys.unraisablehook, as an exception in __del__.
  teardown,   // a cleanup hook or instance-data finalizer (exit, or the end of a
              // per-thread env): as `loop`; nothing after (teardown orders what
              // follows).
  uv_turn,    // a libuv turn, whose callbacks may belong to any env: env is NULL,
              // every env's exception goes as `loop` after the turn; nothing after.
};

// (env.cc, cold) Routes `exc` (stolen), the exception an addon left pending in an
// entry of `kind`: for Entry::call it is raised; for the others, reported (no
// exception is left set).
[[gnu::cold, gnu::noinline]] void route_uncaught(Entry kind, PyObject* exc, const char* what);
// (env.cc) A KeyboardInterrupt is set where it cannot propagate (a finalizer, a libuv
// callback run by the kick at the end of a call, a cleanup hook; not a loop's drain,
// which hands it to whoever runs the loop, as asyncio does): it is cleared and raised
// again in the main thread at its next check, as a Ctrl-C arriving then would be
// (PyErr_SetInterrupt), instead of being lost into sys.unraisablehook (Python code
// such a callback runs is where a Ctrl-C pressed meanwhile is raised). Not once the
// exit's teardown began (nothing would raise it but an unrelated atexit handler: it
// is reported where it happened). True if so.
bool rearm_keyboard_interrupt();
// (module.cc) Whether the exit's teardown (napi_python_teardown) has begun.
bool teardown_began();
// (env.cc) After a libuv turn: each env's pending exception, reported.
void report_envs_pending(const char* what);

// (env.cc) Every env made so far, in load order (module.cc adds them). Never
// destroyed, nor are the envs: finalizers and callbacks may refer to them until the
// process ends.
std::vector<napi_env>& all_envs();
// (env.cc) The end of an env: its cleanup hooks (last registered first), then, at
// exit, its instance-data finalizer. Neither runs for an env whose native threads
// are still at work (napi_env__::threads_at_exit).
void run_cleanup_hooks(napi_env env);
void finalize_instance_data(napi_env env);
// (env.cc) GIL: the next stamp of the process-wide order of cleanup hooks and env
// ends (CleanupHook::order, napi_env__::end_order).
uint64_t next_cleanup_order();
// (env.cc) Exit: runs the last registered of the hooks and env ends of `envs` not yet
// run (the hook is popped and run; an env end is passed to `end_env`, once), until
// none is left; hooks registered meanwhile take their turn. The hooks and end of an
// env whose native threads are still at work are skipped (threads_at_exit).
void run_exit_order(const std::vector<napi_env>& envs, void (*end_env)(napi_env env));

// The end of an entry whose addon left an exception pending (out of line: the hot
// path then keeps nothing alive for it). Returns NULL.
template <Entry kind>
[[gnu::cold, gnu::noinline]] PyObject* call_into_module_failed(napi_env env, const char* what,
                                                               HandleStack& stack,
                                                               HandleStack::Frame frame) {
  PyObject* exc = env->pending_exception;
  env->pending_exception = nullptr;
  stack.leave(frame);
  g_call_depth--;
  route_uncaught(kind, exc, what);
  if constexpr (kind == Entry::call || kind == Entry::loop) after_outermost_call();
  return nullptr;
}

template <Entry kind, class Fn>
[[gnu::always_inline]] inline auto call_into_module(napi_env env, const char* what, Fn&& fn) {
  constexpr bool returns_value = std::is_same<decltype(fn()), napi_value>::value;
  HandleStack& stack = handle_stack();
  HandleStack::Frame frame = stack.enter();
  g_call_depth++;
  if constexpr (kind != Entry::uv_turn) clear_last_error(env);
  if constexpr (returns_value) {
    static_assert(kind != Entry::uv_turn, "a libuv turn returns nothing");
    PyObject* result = py(fn());
    if (__builtin_expect(env->pending_exception != nullptr, 0))
      return call_into_module_failed<kind>(env, what, stack, frame);
    // The result is kept alive past the frame (most often it is the last handle the
    // callback made, whose reference is simply handed over).
    stack.leave(frame, result);
    g_call_depth--;
    if constexpr (kind == Entry::call || kind == Entry::loop) after_outermost_call();
    return result != nullptr ? result : Py_NewRef(Py_None);  // (NULL: undefined)
  } else {
    PyObject* exc = nullptr;
    fn();
    if constexpr (kind != Entry::uv_turn) {
      exc = env->pending_exception;
      if (__builtin_expect(exc != nullptr, 0)) env->pending_exception = nullptr;
    }
    stack.leave(frame);
    g_call_depth--;
    if constexpr (kind == Entry::uv_turn) report_envs_pending(what);
    if (__builtin_expect(exc != nullptr, 0)) route_uncaught(kind, exc, what);
    if constexpr (kind == Entry::call || kind == Entry::loop) after_outermost_call();
  }
}

}  // namespace napi_python

// Every function that takes a napi_env. Those that take a node_api_basic_env (the
// ones a basic finalizer may call) use NAPI_CHECK_BASIC_ENV instead.
#define NAPI_CHECK_ENV(env)                                                    \
  do {                                                                         \
    if ((env) == nullptr) return napi_invalid_arg;                             \
    if (__builtin_expect((env)->in_gc_finalizer, 0) &&                         \
        !::napi_python::tls_tears_down)                                        \
      ::napi_python::gc_access_violation(__func__);                            \
  } while (0)

#define NAPI_CHECK_BASIC_ENV(env)                  \
  do {                                             \
    if ((env) == nullptr) return napi_invalid_arg; \
  } while (0)

#define NAPI_CHECK_ARG(env, arg)                                        \
  do {                                                                  \
    if ((arg) == nullptr)                                               \
      return ::napi_python::set_last_error((env), napi_invalid_arg);    \
  } while (0)

#define NAPI_RETURN_STATUS_IF_FALSE(env, cond, status)         \
  do {                                                         \
    if (!(cond)) return ::napi_python::set_last_error((env), (status)); \
  } while (0)

// For functions that may run Python code ("script"): refuse while an exception is
// pending, as Node does.
#define NAPI_PREAMBLE(env)                                                   \
  do {                                                                       \
    NAPI_CHECK_ENV(env);                                                     \
    if ((env)->pending_exception != nullptr)                                 \
      return ::napi_python::set_last_error((env), napi_pending_exception);   \
    ::napi_python::clear_last_error(env);                                    \
  } while (0)

#define NAPI_EXPORT extern "C" __attribute__((visibility("default")))

// For the few hot functions whose loops run a handful of times.
#if defined(__GNUC__) && !defined(__clang__)
#define NAPI_NO_VECTORIZE __attribute__((optimize("no-tree-vectorize")))
#else
#define NAPI_NO_VECTORIZE
#endif
