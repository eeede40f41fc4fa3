// Threadsafe functions: napi_create/call/acquire/release/ref/unref_threadsafe_function
// and napi_get_threadsafe_function_context.
//
// A call from any native thread is lock-free: a slot is reserved with an atomic
// counter (when max_queue_size bounds the queue) and the item goes onto the loop
// bridge's lock-free queue (loop.h), which wakes the loop once per batch. Only a
// blocking call on a full queue takes a mutex, to sleep until the drain frees a slot.
//
// Lifetime: `refs` counts the threads holding the function (thread_count), the items
// queued for it (calls and the close marker) and the loop side until finalized; the
// last one frees it, on whatever thread that is (it owns no Python object by then).
// The loop drops the references of the calls it ran once per drain (unref_later).
// The finalizer runs once, on the loop thread, after the last release or an abort,
// and after every call queued before the last release has run (calls arrive in the
// order they were posted, but one being posted on another thread while the last
// release posts the close item may still come after it: the close item waits).
#include "async_work.h"
#include "functions.h"
#include "loop.h"
#include "owned.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <condition_variable>
#include <mutex>
#include <new>
#include <type_traits>
#include <unordered_set>
#include <vector>

struct napi_threadsafe_function__ : napi_python::debug::Counted<napi_python::debug::tsfns_created,
                                                               napi_python::debug::tsfns_freed> {
  napi_python::LoopTask task;  // first: queue items point at the function itself

  // Set at creation, then read-only (any thread).
  napi_env env;
  void* context;
  napi_finalize finalize_cb;
  void* finalize_data;
  napi_threadsafe_function_call_js call_js_cb;
  size_t max_queue_size;  // 0: unlimited
  napi_python::Target* target;  // the loop that runs the calls (its creator's)

  // Any thread (atomics).
  std::atomic<size_t> thread_count;
  std::atomic<size_t> queued{0};      // calls posted and not yet run
  std::atomic<size_t> refs;           // see the file comment
  std::atomic<bool> closing{false};   // no more calls: last release or abort
  std::atomic<bool> aborted{false};   // queued calls are discarded, not run
  std::atomic<int> waiters{0};        // blocking callers asleep on `space`

  // Blocking callers only.
  std::mutex mutex;
  std::condition_variable space;

  // Loop thread only (GIL).
  PyObject* func = nullptr;  // owned until finalized; NULL when created without one
  bool finalized = false;
  bool close_waiting = false;  // closed while calls from other threads were queued
  bool referenced = true;    // napi_ref/unref: exit waits for it (tsfn_exit_busy)
  bool orphan = false;       // counted in `orphans` (below)
  bool inherited = false;    // created before a fork, in the parent: this is the child
  bool kept = false;         // closed by the end of its env: never freed (kept())
};
// The loop item is the first member (the counting base is empty).
static_assert(std::is_standard_layout<napi_threadsafe_function__>::value, "task must be at offset 0");

namespace napi_python {

namespace {

using Tsfn = napi_threadsafe_function__;

char close_marker;  // the data of the item that closes a function
void* const kClose = &close_marker;

std::unordered_set<Tsfn*>& live() {  // not yet finalized (GIL)
  static auto* set = new std::unordered_set<Tsfn*>();
  return *set;
}

// Any thread.
void unref(Tsfn* f) {
  if (f->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete f;
}

void wake_blocked(Tsfn* f, bool all) {
  if (f->waiters.load(std::memory_order_seq_cst) == 0) return;
  std::lock_guard<std::mutex> lock(f->mutex);
  if (all)
    f->space.notify_all();
  else
    f->space.notify_one();
}

// A function made with no running loop is delivered by the default target, which a
// loop delivers only once it adopted it. Neon makes its Channel's function when the
// addon loads (often before any loop runs) and references it when a call inside
// asyncio sends from a thread, and its drop queue (Roots dropped on Rust threads),
// unreferenced all along: in Node both are delivered by the one event loop. So
// while such functions are open, referenced or not, the end of an outermost
// call from Python makes the loop running in its thread adopt the default target,
// unless it already did or a loop running in another thread has (a loop closed
// since is let go). Asked once per context of the thread (each callback an asyncio
// loop runs has a context of its own, a plain script keeps one), as libuv's kick.
static size_t orphans = 0;  // GIL: open functions of the default target
static __thread uint64_t tl_orphan_seen_ver = 0;  // context version + 1 last asked

static void adopt_after_call();

static void update_adoption_hook() {
  if (orphans > 0 && !loop_stopped())
    add_after_call_hook(adopt_after_call);
  else
    remove_after_call_hook(adopt_after_call);
}

static void adopt_after_call() {
  if (orphans == 0 || loop_stopped()) {
    update_adoption_hook();
    return;
  }
  uint64_t ver = PyThreadState_Get()->context_ver + 1;
  if (ver == tl_orphan_seen_ver) return;
  tl_orphan_seen_ver = ver;
  SavedError saved;  // (the call may be returning an exception: env.cc says why)
  loop_adopt_default();
}

// GIL (napi_ref/unref called off the loop thread, against Node's rule, change
// nothing here): whether `f` counts among the orphans: open and delivered by the
// default target.
static void recount_orphan(Tsfn* f) {
  if (!PyGILState_Check()) return;
  bool orphan = !f->finalized && f->target == loop_default_target();
  if (orphan == f->orphan) return;
  f->orphan = orphan;
  orphans += orphan ? 1 : -1;
  update_adoption_hook();
}

// Loop thread (GIL): the finalizer, once; then the loop side's reference goes.
void finalize(Tsfn* f) {
  if (f->finalized) return;
  f->finalized = true;
  recount_orphan(f);
  f->closing.store(true);
  wake_blocked(f, true);
  live().erase(f);
  // A function inherited through fork(): its finalizer is the parent's (it usually
  // joins the threads the parent started, which do not exist here).
  if (f->finalize_cb != nullptr && !f->inherited) {
    run_from_loop(f->env, "napi_python: exception in a threadsafe function finalizer",
                  [&] { f->finalize_cb(f->env, f->finalize_data, f->context); });
  }
  Py_CLEAR(f->func);
  unref(f);
}

// GIL: a call that will not run hands its data to call_js with env NULL (Node's
// rule), so the addon can free it.
void discard_call(Tsfn* f, void* data) {
  if (f->call_js_cb != nullptr) {
    run_from_loop(f->env, "napi_python: exception in a threadsafe function call",
                  [&] { f->call_js_cb(nullptr, nullptr, f->context, data); });
  }
}

// Each slot freed wakes one blocked caller (waking only on the full -> not full
// transition loses wake-ups when several callers sleep). An unlimited queue counts
// nothing: a counter both the callers and the loop write would move its cache line
// between cores on every call.
void take_slot(Tsfn* f) {
  if (f->max_queue_size == 0) return;
  f->queued.fetch_sub(1, std::memory_order_seq_cst);
  wake_blocked(f, false);
}

// The references of the calls run by one drain, dropped together when it ends
// (tsfn_drain_done): one atomic update per run of calls of a function instead of
// one per call, the other side of the callers' increments. GIL.
Tsfn* deferred_fn = nullptr;
size_t deferred_refs = 0;

void finish_close(Tsfn* f);

void flush_deferred() {
  if (deferred_fn == nullptr) return;
  Tsfn* f = deferred_fn;
  size_t n = deferred_refs;
  deferred_fn = nullptr;
  deferred_refs = 0;
  size_t left = f->refs.fetch_sub(n, std::memory_order_acq_rel) - n;
  if (left == 0)
    delete f;
  else if (f->close_waiting && left == 2)  // the loop side and the close item: done
    finish_close(f);
}

void unref_later(Tsfn* f) {
  if (f != deferred_fn) {
    flush_deferred();
    deferred_fn = f;
  }
  deferred_refs++;
}

// Loop thread (GIL): the close item has run and no call is left: finalize.
void finish_close(Tsfn* f) {
  f->close_waiting = false;
  finalize(f);
  unref(f);  // the close item's
}

// Loop thread (GIL): one call reaches call_js (or the function) with the env.
void deliver(Tsfn* f, void* data) {
  napi_env env = f->env;
  run_from_loop(env, "napi_python: exception in a threadsafe function call", [&] {
    if (f->call_js_cb != nullptr) {
      f->call_js_cb(env, js(f->func), f->context, data);
    } else if (f->func != nullptr) {
      // Node's default: the function is called with no arguments, `this` undefined.
      PyObject* r = call_js_function(f->func, Py_None, nullptr, 0);
      if (r == nullptr)
        take_python_error(env);
      else
        Py_DECREF(r);
    }
  });
}

// Loop thread (GIL).
void run_item(LoopTask* task, void* data) {
  auto* f = reinterpret_cast<Tsfn*>(task);
  if (data == kClose) {
    // Each thread's items arrive in order, but another thread's calls made before
    // the last release may still be queued behind: the finalizer waits for them
    // (their references: all but the loop side's and this item's). An abort
    // finalizes now and discards them.
    flush_deferred();
    if (!f->aborted.load() && !f->finalized && f->refs.load(std::memory_order_acquire) > 2) {
      f->close_waiting = true;  // flush_deferred finishes it
      return;
    }
    finish_close(f);
    return;
  }
  take_slot(f);
  if (f->aborted.load() || f->finalized) {
    finalize(f);  // an abort finalizes first, then the queue is emptied (as Node)
    discard_call(f, data);
    unref(f);
    return;
  }
  deliver(f, data);
  unref_later(f);
}

// Interpreter exit (GIL): the item was queued before exit began and the loop will
// not run it. A call of a referenced function that is still open (closed for exit
// only) is delivered as the loop would have delivered it: in Node such a function
// keeps the loop, and so the process, alive until its queued calls have run; the env
// is still whole here (the cleanup hooks have not run). The calls of an aborted,
// finalized or unreferenced function reach call_js with env NULL, as in Node's
// teardown of an environment.
void discard_item(LoopTask* task, void* data) {
  auto* f = reinterpret_cast<Tsfn*>(task);
  if (data != kClose) {
    take_slot(f);
    if (!f->finalized && !f->aborted.load() && f->referenced)
      deliver(f, data);
    else
      discard_call(f, data);
  }
  unref(f);
}

}  // namespace

static void tsfn_drain_done() { flush_deferred(); }

// The child, inside fork() (loop.cc's pthread_atfork handler; the forking thread
// holds the GIL, which guards live()), before any other code runs there: the
// callers that were blocked, or held a function's mutex, do not exist here; its
// mutex and condition variable are made anew (they guard no data). Calls queued
// before the fork are delivered in the child too (loop.cc keeps the queues);
// functions held by threads of the parent stay open here until released or until
// exit, and their finalizers do not run here (docs/guide.rst, "Fork").
static void tsfn_fork_child() {
  for (Tsfn* f : live()) {
    f->inherited = true;
    new (&f->mutex) std::mutex();
    new (&f->space) std::condition_variable();
    f->waiters.store(0);
  }
}

// Interpreter exit, before anything stops (loop.cc, run_loop_while_busy): a
// referenced function keeps Node's loop, and so its process, alive until it is
// released and its calls have run (a napi-rs addon's thread that reports progress,
// then releases the function when its work ends; the calls it posted meanwhile to
// other functions, referenced or not, run in the same turns). So while one is not
// finalized, the loop runs here as under run_pending(): calls are delivered, and a
// function's finalizer runs once the last thread released it. Unlike Node, bounded:
// after NAPI_PYTHON_EXIT_WAIT seconds (default 2; 0: no wait) or at Ctrl-C, exit
// goes on and closes it (a thread that calls for ever, or holds the function for
// ever, would keep Node running for ever; a Python program ends). GIL.
static double exit_wait_limit() {
  const char* s = getenv("NAPI_PYTHON_EXIT_WAIT");
  if (s == nullptr || *s == '\0') return 2.0;
  char* end = nullptr;
  double v = strtod(s, &end);
  return end != s && v >= 0 ? v : 2.0;
}

static bool tsfn_exit_busy() {
  static const auto deadline =
      std::chrono::steady_clock::now() +
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(exit_wait_limit()));
  flush_deferred();
  bool held = false;
  for (Tsfn* f : live()) {
    // Open, or released with calls still queued before its close (Node's handle
    // stays until then); not closed by the end of its per-thread env (kept), nor
    // inherited through fork() (held by threads of the parent, which do not exist
    // here).
    if (f->referenced && !f->kept && !f->inherited) {
      held = true;
      break;
    }
  }
  return held && std::chrono::steady_clock::now() < deadline;
}

static void tsfn_exit_wait_progress() {
  if (tsfn_exit_busy()) loop_exit_wait_posts(5);
}

// Interpreter exit, first step: every open function is closed, so further calls from
// native threads return napi_closing (threads blocked in a call wake up with it), and
// it is never freed: a native thread may still hold it after exit (a napi-rs thread
// releases a function after its call returned napi_closing), as an addon's threads
// do in Node, whose process exits without freeing what they hold. The extra
// reference taken here is never dropped. A referenced function that native threads
// still hold marks its env (napi_env__::threads_at_exit).
static void tsfn_close_for_exit() {
  flush_deferred();
  for (Tsfn* f : live()) {
    if (f->referenced && !f->closing.load() && f->thread_count.load() > 0)
      f->env->threads_at_exit = true;
    f->refs.fetch_add(1, std::memory_order_acq_rel);  // kept: see above
    f->closing.store(true, std::memory_order_seq_cst);
    wake_blocked(f, true);
  }
}

// Interpreter exit: the functions closed by tsfn_close_for_exit are finalized at
// their env's end (module.cc: after the env's cleanup hooks, before the finalizers of
// its objects, as Node finalizes them when it closes their handles after the hooks:
// tsfn_env_ended), and those left at the teardown's end here (tsfn_exit_settle).
// Every function still open is finalized, once; the finalizers of an env that
// native threads were still using (napi_env__::threads_at_exit), whose end does not
// run, are not run, as its other finalizers: what they free (the context) may still
// be the threads'.
static void tsfn_teardown() {
  flush_deferred();
  std::vector<Tsfn*> open(live().begin(), live().end());
  for (Tsfn* f : open) {
    f->aborted.store(true);
    if (f->env->threads_at_exit) f->finalize_cb = nullptr;  // left to the threads
    if (f->close_waiting)
      finish_close(f);
    else
      finalize(f);
  }
}

// A function closed by the end of its env (below) is never freed, as at exit: a
// native thread may still hold it, or call it again after napi_closing (napi-rs
// releases it then). Listed here, so that it stays reachable (GIL).
static std::vector<Tsfn*>& kept() {
  static auto* list = new std::vector<Tsfn*>();
  return *list;
}

static void close_kept(Tsfn* f) {
  if (!f->kept) {
    f->kept = true;
    f->refs.fetch_add(1, std::memory_order_acq_rel);  // never dropped
    kept().push_back(f);
  }
  f->closing.store(true, std::memory_order_seq_cst);
  wake_blocked(f, true);
}

// A per-thread env ends (napi_python_end_env, its thread, after its async work
// ended), before its cleanup hooks: as when a Node worker's env is torn down, each
// of its open functions closes (calls from native threads return napi_closing from
// now on, blocked callers wake up with it), referenced or not (a referenced one
// keeps a Node worker alive; the thread here has ended all the same).
static void tsfn_env_ending(napi_env env) {
  flush_deferred();
  for (Tsfn* f : live())
    if (f->env == env) close_kept(f);
}

// ...and after its cleanup hooks, as Node's close callbacks run after them: each is
// finalized (its finalizer, on this thread, usually joins the native threads, which
// now see napi_closing); calls still queued reach call_js with env NULL when their
// items come (finalized functions discard them), as Node empties the queue.
static void tsfn_env_ended(napi_env env) {
  flush_deferred();
  std::vector<Tsfn*> open;
  for (Tsfn* f : live())
    if (f->env == env) open.push_back(f);
  for (Tsfn* f : open) {
    close_kept(f);  // (one a hook made)
    f->aborted.store(true);
    if (f->close_waiting)
      finish_close(f);
    else
      finalize(f);
  }
}

static void tsfn_exit_settle(bool final) {
  if (final) tsfn_teardown();
}

// The loop bridge's client (loop.h): hears of its drains, forks and exit.
static LoopClient tsfn_client() {
  LoopClient c;
  c.order = 20;  // after async work (whose completes no longer go to the loop then)
  c.drain_done = tsfn_drain_done;
  c.child_with_gil = tsfn_fork_child;
  c.exit_stop = tsfn_close_for_exit;
  c.exit_settle = tsfn_exit_settle;
  c.exit_busy = tsfn_exit_busy;
  c.exit_wait_progress = tsfn_exit_wait_progress;
  c.env_ending = tsfn_env_ending;
  c.env_ended = tsfn_env_ended;
  return c;
}
static const bool tsfn_client_registered = loop_register_client(tsfn_client());

}  // namespace napi_python

using namespace napi_python;

NAPI_EXPORT napi_status napi_create_threadsafe_function(
    napi_env env, napi_value func, napi_value async_resource, napi_value async_resource_name,
    size_t max_queue_size, size_t initial_thread_count, void* thread_finalize_data,
    napi_finalize thread_finalize_cb, void* context, napi_threadsafe_function_call_js call_js_cb,
    napi_threadsafe_function* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, async_resource_name);
  NAPI_RETURN_STATUS_IF_FALSE(env, initial_thread_count > 0, napi_invalid_arg);
  NAPI_CHECK_ARG(env, result);
  if (func == nullptr) {
    NAPI_CHECK_ARG(env, call_js_cb);
  } else if (!PyCallable_Check(py(func))) {
    return set_last_error(env, napi_invalid_arg);  // as Node
  }
  if (loop_stopped()) return set_last_error(env, napi_generic_failure);
  auto* f = new Tsfn();
  f->task = LoopTask{run_item, discard_item};
  f->env = env;
  f->context = context;
  f->finalize_cb = thread_finalize_cb;
  f->finalize_data = thread_finalize_data;
  f->call_js_cb = call_js_cb;
  f->max_queue_size = max_queue_size;
  f->thread_count.store(initial_thread_count);
  f->refs.store(initial_thread_count + 1);  // the threads, and the loop side
  f->func = func != nullptr ? Py_NewRef(py(func)) : nullptr;  // DECREFed by finalize
  f->target = loop_target();  // calls will be delivered on this loop's thread
  live().insert(f);
  recount_orphan(f);
  *result = f;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_threadsafe_function_context(napi_threadsafe_function func,
                                                             void** result) {
  if (func == nullptr || result == nullptr) return napi_invalid_arg;
  *result = func->context;
  return napi_ok;
}

// Any thread. Lock-free unless blocking on a full queue.
NAPI_EXPORT napi_status napi_call_threadsafe_function(napi_threadsafe_function func, void* data,
                                                      napi_threadsafe_function_call_mode mode) {
  if (func == nullptr) return napi_invalid_arg;
  Tsfn* f = func;
  for (;;) {
    if (f->closing.load(std::memory_order_seq_cst)) {
      // As Node: the calling thread's hold on the function ends with napi_closing.
      size_t c = f->thread_count.load();
      do {
        if (c == 0) return napi_invalid_arg;
      } while (!f->thread_count.compare_exchange_weak(c, c - 1));
      unref(f);
      return napi_closing;
    }
    if (f->max_queue_size == 0) break;  // unlimited: nothing is counted
    size_t q = f->queued.load(std::memory_order_seq_cst);
    if (q < f->max_queue_size) {
      if (f->queued.compare_exchange_weak(q, q + 1, std::memory_order_seq_cst)) break;
      continue;
    }
    if (mode == napi_tsfn_nonblocking) return napi_queue_full;
    // Only the thread holding the GIL can drain the queue: waiting there would
    // never end (Node deadlocks; we answer napi_would_deadlock).
    if (PyGILState_Check()) return napi_would_deadlock;
    bool pool = on_pool_thread();  // a fork does not wait for it (async_work.cc)
    if (pool) pool_thread_blocked(1);
    std::unique_lock<std::mutex> lock(f->mutex);
    f->waiters.fetch_add(1, std::memory_order_seq_cst);
    f->space.wait(lock, [f] {
      return f->queued.load(std::memory_order_seq_cst) < f->max_queue_size ||
             f->closing.load(std::memory_order_seq_cst);
    });
    f->waiters.fetch_sub(1, std::memory_order_seq_cst);
    lock.unlock();
    if (pool) pool_thread_blocked(-1);
  }
  f->refs.fetch_add(1, std::memory_order_relaxed);  // the item's; the caller holds one
  loop_post(&f->task, data, f->target);
  return napi_ok;
}

NAPI_EXPORT napi_status napi_acquire_threadsafe_function(napi_threadsafe_function func) {
  if (func == nullptr) return napi_invalid_arg;
  if (func->closing.load()) return napi_closing;
  func->refs.fetch_add(1);
  func->thread_count.fetch_add(1);
  return napi_ok;
}

NAPI_EXPORT napi_status napi_release_threadsafe_function(
    napi_threadsafe_function func, napi_threadsafe_function_release_mode mode) {
  if (func == nullptr) return napi_invalid_arg;
  Tsfn* f = func;
  size_t c = f->thread_count.load();
  do {
    if (c == 0) return napi_invalid_arg;
  } while (!f->thread_count.compare_exchange_weak(c, c - 1));
  if (mode == napi_tsfn_abort) f->aborted.store(true);
  if ((c == 1 || mode == napi_tsfn_abort) && !f->closing.exchange(true)) {
    // The close item's reference first, then this thread's hold goes (never the
    // last: the loop side and the close item hold it), then the item: when the loop
    // sees it, the references left are its own, the loop side's and queued calls'.
    wake_blocked(f, true);
    f->refs.fetch_add(1);
    unref(f);
    loop_post(&f->task, kClose, f->target);
    return napi_ok;
  }
  unref(f);  // this thread's hold: the function may be gone after this line
  return napi_ok;
}

// Loop thread. A referenced function keeps the exit waiting, for a bounded time
// (tsfn_exit_busy; docs/guide.rst, "Exit with work in flight").
NAPI_EXPORT napi_status napi_ref_threadsafe_function(napi_env env, napi_threadsafe_function func) {
  NAPI_CHECK_BASIC_ENV(env);
  NAPI_CHECK_ARG(env, func);
  func->referenced = true;
  recount_orphan(func);
  // Referenced from inside a loop (Neon's cx.channel()): that loop delivers it.
  if (func->orphan) loop_adopt_default();
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_unref_threadsafe_function(napi_env env,
                                                       napi_threadsafe_function func) {
  NAPI_CHECK_BASIC_ENV(env);
  NAPI_CHECK_ARG(env, func);
  func->referenced = false;
  recount_orphan(func);
  return clear_last_error(env);
}
