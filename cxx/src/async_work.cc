// Async work: napi_create_async_work, napi_queue_async_work, napi_cancel_async_work,
// napi_delete_async_work.
//
// `execute` runs on the project's own thread pool (UV_THREADPOOL_SIZE threads,
// default 4, started on first use) and never holds the GIL; `complete` runs on the
// loop thread (loop.h: the item the pool thread posts when execute returns).
#include "async_work.h"
#include "loop.h"

#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <new>
#include <thread>
#include <type_traits>

namespace napi_python {
namespace {

enum class WorkState {
  idle,       // created, or complete has run: may be queued (again) or deleted
  queued,     // in the pool's queue: can be cancelled
  running,    // execute is running on a pool thread
  completing  // posted to the loop: complete has not run yet
};

}  // namespace
}  // namespace napi_python

// Thread affinity: `state` changes under the pool mutex while the work is in the
// pool (idle -> queued -> running, queued -> idle/completing), and without it on the
// thread that owns the work at that moment (a pool thread: running -> completing
// after execute; the loop thread: completing -> idle before complete), so it is
// atomic. `cancelled`, `deleted` and `in_complete` are loop-thread only; everything
// else is set on the loop thread before the work is queued and only read elsewhere.
struct napi_async_work__ : napi_python::debug::Counted<napi_python::debug::async_works_created,
                                                      napi_python::debug::async_works_freed> {
  napi_python::LoopTask task;  // first: the loop item is the work itself
  napi_env env;
  napi_async_execute_callback execute;
  napi_async_complete_callback complete;
  void* data;
  napi_python::Target* target = nullptr;  // where complete runs: set when queued
  std::atomic<napi_python::WorkState> state{napi_python::WorkState::idle};
  bool cancelled = false;   // complete gets napi_cancelled
  bool deleted = false;     // napi_delete_async_work while in flight: freed after
  bool in_complete = false; // loop thread only: complete is running
  // GIL: its env's list of work in flight (napi_env__::async_in_flight)
  napi_async_work prev_in_flight = nullptr, next_in_flight = nullptr;
  bool linked = false;
  // GIL: loop items still to come whose complete already ran at the end of its
  // per-thread env (complete_early): they are skipped.
  int stale_items = 0;
};
// The loop item is the first member (the counting base is empty).
static_assert(std::is_standard_layout<napi_async_work__>::value, "task must be at offset 0");

namespace napi_python {
namespace {

thread_local bool tl_pool_thread = false;

// The pool. Created on first use and never destroyed: its threads are detached and
// may still be running an `execute` when the interpreter exits.
//
// Wake-ups are batched as in the loop bridge: queueing wakes a sleeping thread only
// when no wake-up is already on its way (`wake_pending`); the thread that wakes
// clears it and, if more work is queued and threads still sleep, wakes the next one.
// Work queued from a callback of the running loop wakes a thread for the first piece
// since the last drain only; the rest waits for that callback to return: the loop
// then runs a drain (loop_request_drain), whose start wakes the pool
// (async_work_drain_started). An addon queueing 1000 pieces of work in a row thus
// pays for one or two futex wakes, not for one per piece (each of which also hands
// the core to a pool thread, on a busy machine, while the loop thread has work).
struct Pool {
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<napi_async_work> queue;  // protected by mutex
  int sleeping = 0;                   // threads waiting on cv (mutex)
  bool wake_pending = false;          // notified, and no thread has woken yet (mutex)
  bool wake_deferred = false;         // queued work waits for the next drain (mutex)
  bool woke_since_drain = false;      // a queue since the last drain woke a thread (mutex)
  bool stopped = false;               // end of interpreter exit: nothing more starts
  bool exiting = false;               // interpreter exit: completes go to `finished` (mutex)
  bool cancelling = false;            // exit's bound reached: work queued now is cancelled (mutex)
  std::vector<napi_async_work> finished;  // exiting: work whose complete is due (mutex)
  int env_waiters = 0;                // per-thread envs ending, waiting for their work (mutex)
  bool paused = false;                // a fork is being prepared: nothing starts (mutex)
  bool started = false;               // this process has the threads (GIL)
  int executing = 0;                  // executes under way (mutex)
  std::vector<napi_async_work> running;  // their work (mutex; at most one per thread)
  std::condition_variable idle_cv;    // teardown and fork wait here for executing == 0

  // GIL held: the threads, on first use (and again in a forked child, which has
  // none).
  void start() {
    if (started) return;
    started = true;
    int n = 4;
    if (const char* s = getenv("UV_THREADPOOL_SIZE")) {
      int v = atoi(s);
      if (v > 0) n = v > 1024 ? 1024 : v;  // libuv's limits
    }
    running.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; i++) std::thread([this] { worker(); }).detach();
  }

  // Mutex held: whether the caller must notify one sleeping thread (after unlocking).
  bool need_wake() {
    if (sleeping == 0 || wake_pending || queue.empty()) return false;
    wake_pending = true;
    return true;
  }

  // Pool thread, no GIL.
  void worker() {
    tl_pool_thread = true;
    for (;;) {
      napi_async_work work;
      bool wake_next;
      {
        std::unique_lock<std::mutex> lock(mutex);
        while (!stopped && (queue.empty() || paused)) {
          sleeping++;
          cv.wait(lock);
          sleeping--;
          wake_pending = false;
        }
        if (stopped) return;
        work = queue.front();
        queue.pop_front();
        work->state.store(WorkState::running, std::memory_order_relaxed);
        executing++;
        running.push_back(work);
        wake_next = need_wake();
      }
      if (wake_next) cv.notify_one();
      work->execute(work->env, work->data);
      // Under the mutex (loop_post never blocks): a fork, prepared under it, sees
      // the work either running (its execute may not have returned: the child
      // cancels it) or posted, never in between. Once teardown sees no execute
      // under way, every finished one's item is in the loop queue (it runs complete
      // from there).
      std::lock_guard<std::mutex> lock(mutex);
      work->state.store(WorkState::completing, std::memory_order_release);
      if (exiting)
        finished.push_back(work);  // the exit's settle runs complete (the loop runs no more)
      else
        loop_post(&work->task, nullptr, work->target);
      running.erase(std::find(running.begin(), running.end(), work));
      if ((--executing == 0 && (stopped || paused || exiting)) || env_waiters > 0)
        idle_cv.notify_all();
    }
  }
};

Pool* pool_instance = nullptr;  // set on the loop thread (GIL) on first queue
Pool& pool() {
  if (pool_instance == nullptr) pool_instance = new Pool();
  pool_instance->start();
  return *pool_instance;
}

// GIL: the env's list of work between napi_queue_async_work and its complete.
void link_in_flight(napi_async_work work) {
  if (work->linked) return;
  napi_async_work& head = work->env->async_in_flight;
  work->prev_in_flight = nullptr;
  work->next_in_flight = head;
  if (head != nullptr) head->prev_in_flight = work;
  head = work;
  work->linked = true;
}
void unlink_in_flight(napi_async_work work) {
  if (!work->linked) return;
  if (work->prev_in_flight != nullptr)
    work->prev_in_flight->next_in_flight = work->next_in_flight;
  else
    work->env->async_in_flight = work->next_in_flight;
  if (work->next_in_flight != nullptr) work->next_in_flight->prev_in_flight = work->prev_in_flight;
  work->prev_in_flight = work->next_in_flight = nullptr;
  work->linked = false;
}

// Whether the work's memory may go: deleted, and nothing refers to it any more.
bool may_free(napi_async_work work) {
  return work->deleted && !work->in_complete && work->stale_items == 0 &&
         work->state.load(std::memory_order_acquire) == WorkState::idle;
}

// GIL held: the work is `completing` (no pool thread holds it, so no lock is
// needed): its complete runs.
void do_complete(napi_async_work work) {
  unlink_in_flight(work);
  bool cancelled = work->cancelled;
  work->cancelled = false;
  work->state.store(WorkState::idle, std::memory_order_relaxed);  // complete may queue it again
  if (work->deleted) {  // deleted while in flight: nobody wants complete
    if (may_free(work)) delete work;
    return;
  }
  if (work->complete != nullptr) {
    // Deleting the work inside complete is the usual pattern: napi_delete_async_work
    // then defers the free until complete has returned.
    work->in_complete = true;
    run_from_loop(work->env, "napi_python: exception in an async work complete callback",
                  [&] { work->complete(work->env, cancelled ? napi_cancelled : napi_ok, work->data); });
    work->in_complete = false;
    // Not idle: complete queued it again before deleting it and it already runs;
    // the next run_complete frees it.
    if (may_free(work)) delete work;
  }
}

// Loop thread, GIL held: the pool posted the work (execute returned or cancelled).
void run_complete(LoopTask* task, void* /*data*/) {
  auto* work = reinterpret_cast<napi_async_work>(task);
  if (work->stale_items > 0) {  // its complete ran when its env ended (env_ending)
    work->stale_items--;
    if (may_free(work)) delete work;
    return;
  }
  do_complete(work);
}

// Exit: the loop will not run the item; its complete runs now (execute returned,
// or the work was cancelled), as Node runs the completions of finished work while
// it tears an environment down, so the addon frees what the work holds.
void discard_complete(LoopTask* task, void* data) { run_complete(task, data); }

}  // namespace

bool on_pool_thread() { return tl_pool_thread; }

// Pool threads asleep in a blocking call to a full threadsafe function (tsfn.cc
// counts them): a fork does not wait for them.
static std::atomic<int> blocked_pool_threads{0};
void pool_thread_blocked(int delta) {
  blocked_pool_threads.fetch_add(delta, std::memory_order_seq_cst);
}

// Drain start (GIL): wakes the pool for the work that waited for it.
static void async_work_drain_started() {
  if (pool_instance == nullptr) return;
  Pool& p = *pool_instance;
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(p.mutex);
    p.woke_since_drain = false;
    if (p.wake_deferred) {
      p.wake_deferred = false;
      wake = p.need_wake();
    }
  }
  if (wake) p.cv.notify_one();
}

// ---- fork (docs/guide.rst, "Fork") ----------------------------------------------
//
// Two layers. The os.register_at_fork hooks (GIL held, the forking thread) pause
// the pool and, in the child, start it anew; between them Python code runs
// (other hooks, Python 3.12's warning about forking with threads, asyncio's and
// threading's child hooks, and any garbage collection, whose callback runs queued
// finalizers that may queue, cancel or delete work): so no mutex is held from one
// hook to the other. The pool's mutex is held only inside fork() itself, by the
// pthread_atfork handlers (loop.cc), where no code of ours or Python's runs.
//
// Prepare hook: no thread starts new work, and the executes under way are waited
// for, without the GIL, so that the child has no half-done work: their completes
// are posted (the child delivers its copies). An execute blocked on a full
// threadsafe function waits for the loop, which is forking: the wait ends when every
// execute left is blocked there (tsfn.cc counts them); the child completes those
// with napi_cancelled.
static void async_work_fork_prepare() {
  if (pool_instance == nullptr) return;
  Pool& p = *pool_instance;
  Py_BEGIN_ALLOW_THREADS
  {
    std::unique_lock<std::mutex> lock(p.mutex);
    p.paused = true;
    while (p.executing > blocked_pool_threads.load(std::memory_order_seq_cst))
      p.idle_cv.wait_for(lock, std::chrono::milliseconds(20));
  }
  Py_END_ALLOW_THREADS
}

// pthread_atfork (inside fork(), any thread): the queue and the running list are
// whole in the child. A pool thread holds the mutex only briefly (loop_post never
// blocks), and nothing holding it waits for the forking thread.
static void async_work_atfork_prepare() {
  if (pool_instance != nullptr) pool_instance->mutex.lock();
}
static void async_work_atfork_parent() {
  if (pool_instance != nullptr) pool_instance->mutex.unlock();
}
// The child, before any other code runs there: the synchronisation is made anew
// (the parent's threads waiting on it do not exist here). The rest waits for the
// child hook: until then work queued here stays queued (the pool is paused).
static void async_work_atfork_child() {
  blocked_pool_threads.store(0);  // (they were the parent's)
  if (pool_instance == nullptr) return;
  Pool& p = *pool_instance;
  new (&p.mutex) std::mutex();
  new (&p.cv) std::condition_variable();
  new (&p.idle_cv) std::condition_variable();
}

// The parent's hook after fork(): the pool carries on.
static void async_work_fork_parent() {
  if (pool_instance == nullptr) return;
  Pool& p = *pool_instance;
  bool wake;
  {
    std::lock_guard<std::mutex> lock(p.mutex);
    p.paused = false;
    wake = !p.queue.empty() && p.sleeping > 0;
    p.wake_pending = p.wake_pending || wake;
  }
  if (wake) p.cv.notify_all();
}

// The child's hook after fork() (GIL held): the pool's threads do not exist here.
// Work still queued runs in the child's own threads, started now, and work whose
// execute had not returned (blocked, see prepare) completes with napi_cancelled.
// The parent keeps its own copy of all of it.
static void async_work_fork_child() {
  if (pool_instance == nullptr) return;
  Pool& p = *pool_instance;
  std::vector<napi_async_work> cancelled;
  bool start;
  {
    std::lock_guard<std::mutex> lock(p.mutex);
    p.paused = false;
    p.started = false;
    p.sleeping = 0;
    p.wake_pending = p.wake_deferred = p.woke_since_drain = false;
    p.executing = 0;
    cancelled.swap(p.running);
    p.running.reserve(cancelled.capacity());
    for (napi_async_work work : cancelled) {
      work->cancelled = true;
      work->state.store(WorkState::completing, std::memory_order_relaxed);
    }
    start = !p.queue.empty() && !p.stopped;
  }
  for (napi_async_work work : cancelled) loop_post(&work->task, nullptr, work->target);
  if (start) {
    p.start();
    bool wake;
    {
      std::lock_guard<std::mutex> lock(p.mutex);
      wake = p.need_wake();
    }
    if (wake) p.cv.notify_all();
  }
}

// ---- interpreter exit (docs/guide.rst, "Exit with work in flight") -------------
//
// Node tears an environment down by running its event loop until no thread-pool
// request is left (Environment::CleanupHandles waits for its request counter, which
// every queued napi_async_work holds), before its cleanup hooks run and again after
// each round of them: work still queued at exit starts, runs, and its complete runs
// with napi_ok. napi_cancelled comes only from napi_cancel_async_work. Neon's
// call_complete relies on it (it unwraps the output of an execute that must have
// run: a cancelled complete panics there).
//
// Here: once exit begins the pool keeps running but posts finished work to
// `finished` instead of the loop (which runs no more), and the teardown settles it at
// each step (module.cc: before the cleanup hooks, after them, after the finalizers
// and after the instance-data finalizers): it waits, without the GIL, until the
// queue is empty and no execute runs, runs the completes, and goes again while they
// queued more. Bounded, so that work re-queued from its own complete for ever (a
// poller) cannot keep a Python process from ending: after kSettleRounds rounds
// within one settle, or at the very end of the teardown, what is still queued is
// taken off the queue and completes with napi_cancelled.

constexpr int kSettleRounds = 1000;

// GIL held: runs the completes of work that finished during exit, then those of
// work queued within the bound; returns whether completes are still due (the bound
// reached: what ran last queued work that has finished by now).
static bool settle(int rounds) {
  Pool& p = *pool_instance;
  for (int round = 0; round < rounds; round++) {
    std::vector<napi_async_work> done;
    Py_BEGIN_ALLOW_THREADS
    {
      std::unique_lock<std::mutex> lock(p.mutex);
      p.idle_cv.wait(lock, [&p] { return p.queue.empty() && p.executing == 0; });
      done.swap(p.finished);
    }
    Py_END_ALLOW_THREADS
    if (done.empty()) return false;
    for (napi_async_work work : done) run_complete(&work->task, nullptr);
  }
  // (Waits again: what the last completes queued may already be running, and its
  // complete is due too.)
  bool left;
  Py_BEGIN_ALLOW_THREADS
  {
    std::unique_lock<std::mutex> lock(p.mutex);
    p.idle_cv.wait(lock, [&p] { return p.queue.empty() && p.executing == 0; });
    left = !p.finished.empty();
  }
  Py_END_ALLOW_THREADS
  return left;
}

// The bound reached, or the end of it all (`final`: nothing more starts, later
// napi_queue_async_work calls fail): what is queued completes with napi_cancelled
// so the addon can free what it holds. An execute under way when the bound is
// reached still finishes, and its complete (napi_ok) may queue the work again:
// while these completes run, work queued is cancelled at once rather than queued
// (or, after the final step, refused), so the outcome does not depend on whether a
// pool thread had picked the work up. Bounded too: a complete that queues again
// even when cancelled is refused after kSettleRounds.
static void stop_and_cancel(bool final) {
  Pool& p = *pool_instance;
  {
    std::lock_guard<std::mutex> lock(p.mutex);
    if (final) p.stopped = true;
    p.cancelling = true;
    for (napi_async_work w : p.queue) {
      w->state = WorkState::completing;
      w->cancelled = true;
      p.finished.push_back(w);
    }
    p.queue.clear();
  }
  if (final) p.cv.notify_all();
  settle(kSettleRounds);  // runs those completes, and those of executes under way
  std::lock_guard<std::mutex> lock(p.mutex);
  p.cancelling = false;
}

// Interpreter exit, first step: completes no longer go to the loop.
static void async_work_exit_begin() {
  if (pool_instance == nullptr) return;
  std::lock_guard<std::mutex> lock(pool_instance->mutex);
  pool_instance->exiting = true;
}

// Interpreter exit, after threadsafe functions are closed (so an execute blocked on
// a full one returns): the queued and running work finishes, its completes run.
// Completes the running loop had been posted before exit began run from the loop's
// queue (async_teardown discards it) and may queue more: settled again at
// exit_finish and by the teardown's later steps (async_work_settle_at_exit).
// No time limit, as in Node: an execute that never returns keeps the process alive.
static void async_work_exit_settle() {
  if (pool_instance == nullptr) return;
  if (settle(kSettleRounds)) stop_and_cancel(false);
}

// The teardown's later steps (module.cc): work queued by cleanup hooks and
// finalizers runs, as Node's teardown runs its loop after each round of hooks; at
// the end (final) nothing more starts and napi_queue_async_work fails.
static bool exit_done = false;
static void async_work_settle_later(bool final) {
  if (pool_instance != nullptr && !pool_instance->stopped)
    if (settle(kSettleRounds) || final) stop_and_cancel(final);
  if (final) exit_done = true;
}

// ---- the end of a per-thread env (docs/guide.rst, "Python threads") -------------
//
// A Node worker that exits runs its loop until its thread-pool requests are done
// before its cleanup hooks run (Environment::CleanupHandles): so here, on the ending
// thread, the env's queued and running work is waited for (without the GIL) and the
// completes of its finished work run, before napi_python_end_env runs the hooks
// (which may free what an execute writes to). A complete already posted to a loop
// runs here; the loop item, when it comes, is skipped (stale_items).

static bool env_work_in_pool(Pool& p, napi_env env) {  // (mutex held)
  for (napi_async_work w : p.queue)
    if (w->env == env) return true;
  for (napi_async_work w : p.running)
    if (w->env == env) return true;
  return false;
}

static void async_work_env_ending(napi_env env) {
  if (pool_instance == nullptr || env->async_in_flight == nullptr) return;
  Pool& p = *pool_instance;
  for (int round = 0; round < kSettleRounds && env->async_in_flight != nullptr; round++) {
    // Waits, running the loop meanwhile as run_pending() does: an execute may wait
    // for it (a blocking call to a full threadsafe function), and the thread that
    // would run it may be joining this one.
    for (;;) {
      bool busy;
      Py_BEGIN_ALLOW_THREADS
      {
        std::unique_lock<std::mutex> lock(p.mutex);
        p.env_waiters++;
        // (a fork pauses the pool: the wait resumes in both processes)
        p.idle_cv.wait_for(lock, std::chrono::milliseconds(2),
                           [&] { return !env_work_in_pool(p, env); });
        busy = env_work_in_pool(p, env);
        p.env_waiters--;
      }
      Py_END_ALLOW_THREADS
      if (!busy) break;
      if (loop_drain_idle(kMaxPerDrain) == -3) PyErr_WriteUnraisable(nullptr);
    }
    // What the work posted, in order (threadsafe-function calls before the
    // complete), where this thread can run it.
    // (Bounded: native threads may keep posting.)
    for (int i = 0; i < kSettleRounds; i++) {
      long n = loop_drain_idle(kMaxPerDrain);
      if (n == -3) PyErr_WriteUnraisable(nullptr);
      else if (n == 0) break;
    }
    // Every work of the env left is `completing` (or in the exit's list): its
    // complete runs now. (Collected first: a complete may queue or delete work.)
    std::vector<napi_async_work> due;
    {
      std::lock_guard<std::mutex> lock(p.mutex);
      for (napi_async_work w = env->async_in_flight; w != nullptr; w = w->next_in_flight) {
        if (w->state.load(std::memory_order_acquire) != WorkState::completing) continue;
        if (std::find(p.finished.begin(), p.finished.end(), w) != p.finished.end()) continue;
        due.push_back(w);
      }
    }
    if (due.empty()) break;
    // Each has one loop item on its way, skipped when it comes. Marked all before
    // any complete runs: a complete may release the GIL, and a drain elsewhere must
    // not run one of these (nor free it) meanwhile.
    for (napi_async_work w : due) w->stale_items++;
    for (napi_async_work w : due) do_complete(w);
  }
}

// Interpreter exit, before anything stops: work queued or running keeps the loop
// running (loop.cc, run_loop_while_busy).
static bool async_work_exit_busy() {
  if (pool_instance == nullptr) return false;
  std::lock_guard<std::mutex> lock(pool_instance->mutex);
  return !pool_instance->queue.empty() || pool_instance->executing > 0;
}
static void async_work_exit_wait_progress() {
  if (pool_instance == nullptr) return;  // (another client is the busy one)
  Pool& p = *pool_instance;
  Py_BEGIN_ALLOW_THREADS
  {
    std::unique_lock<std::mutex> lock(p.mutex);
    if (!p.queue.empty() || p.executing > 0) p.idle_cv.wait_for(lock, std::chrono::milliseconds(2));
  }
  Py_END_ALLOW_THREADS
}

// The loop bridge's client (loop.h): hears of its drains, forks and exit.
static LoopClient async_work_client() {
  LoopClient c;
  c.order = 10;  // first: its executes may block on threadsafe functions
  c.drain_started = async_work_drain_started;
  c.fork_prepare = async_work_fork_prepare;
  c.fork_parent = async_work_fork_parent;
  c.fork_child = async_work_fork_child;
  c.atfork_prepare = async_work_atfork_prepare;
  c.atfork_parent = async_work_atfork_parent;
  c.atfork_child = async_work_atfork_child;
  c.exit_stop = async_work_exit_begin;
  c.exit_wait = async_work_exit_settle;
  c.exit_finish = async_work_exit_settle;
  c.exit_settle = async_work_settle_later;
  c.env_ending = async_work_env_ending;
  c.exit_busy = async_work_exit_busy;
  c.exit_wait_progress = async_work_exit_wait_progress;
  return c;
}
static const bool async_work_client_registered = loop_register_client(async_work_client());

}  // namespace napi_python

using namespace napi_python;

NAPI_EXPORT napi_status napi_create_async_work(napi_env env, napi_value async_resource,
                                               napi_value async_resource_name,
                                               napi_async_execute_callback execute,
                                               napi_async_complete_callback complete,
                                               void* data, napi_async_work* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, execute);
  NAPI_CHECK_ARG(env, result);
  // Node converts the name with ToString: a missing one is an invalid argument.
  NAPI_CHECK_ARG(env, async_resource_name);
  auto* work = new napi_async_work__();
  work->task = LoopTask{run_complete, discard_complete};
  work->env = env;
  work->execute = execute;
  work->complete = complete;
  work->data = data;
  *result = work;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_delete_async_work(napi_env env, napi_async_work work) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, work);
  bool in_flight;
  {
    // Without the pool (never queued) there is nobody to race with.
    std::unique_lock<std::mutex> lock;
    if (pool_instance != nullptr) lock = std::unique_lock<std::mutex>(pool_instance->mutex);
    if (work->state == WorkState::queued && pool_instance != nullptr) {
      // Deleting queued work: it will not run (Node leaves this undefined).
      auto& q = pool_instance->queue;
      for (auto it = q.begin(); it != q.end(); ++it) {
        if (*it == work) {
          q.erase(it);
          work->state = WorkState::idle;
          unlink_in_flight(work);
          break;
        }
      }
    }
    in_flight = work->state != WorkState::idle || work->in_complete || work->stale_items > 0;
    work->deleted = true;
  }
  if (!in_flight) delete work;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_queue_async_work(napi_env env, napi_async_work work) {
  NAPI_CHECK_BASIC_ENV(env);
  NAPI_CHECK_ARG(env, work);
  if (work->deleted) return set_last_error(env, napi_generic_failure);
  // At exit (docs/guide.rst, "Exit with work in flight") work is still accepted, and
  // runs, until the teardown's end.
  bool exiting = loop_stopped();
  if (exiting && pool_instance != nullptr) {
    Pool& p = *pool_instance;
    std::lock_guard<std::mutex> lock(p.mutex);
    if (p.cancelling) {  // stop_and_cancel: completes with napi_cancelled at once
      if (work->state.load(std::memory_order_relaxed) != WorkState::idle)
        return set_last_error(env, napi_generic_failure);
      work->state.store(WorkState::completing, std::memory_order_relaxed);
      work->cancelled = true;
      work->target = nullptr;
      link_in_flight(work);
      p.finished.push_back(work);
      return clear_last_error(env);
    }
  }
  if (exiting && (exit_done || (pool_instance != nullptr && pool_instance->stopped)))
    return set_last_error(env, napi_generic_failure);
  bool may_defer = false;
  // complete will run on this loop's thread (at exit: on the thread tearing down)
  Target* target = exiting ? nullptr : loop_target(&may_defer);
  Pool& p = pool();
  if (exiting && !p.exiting) {  // the first work ever, queued during exit
    std::lock_guard<std::mutex> lock(p.mutex);
    p.exiting = true;
  }
  bool wake, deferred = false;
  {
    std::lock_guard<std::mutex> lock(p.mutex);
    if (work->state.load(std::memory_order_relaxed) != WorkState::idle)
      return set_last_error(env, napi_generic_failure);
    work->state.store(WorkState::queued, std::memory_order_relaxed);
    work->cancelled = false;
    work->target = target;
    link_in_flight(work);
    p.queue.push_back(work);
    if (may_defer && p.woke_since_drain && p.sleeping > 0 && !p.wake_pending) {
      deferred = !p.wake_deferred;  // the first to defer asks for the drain
      p.wake_deferred = true;
      wake = false;
    } else {
      wake = p.need_wake();
      if (wake) p.woke_since_drain = true;
    }
  }
  if (wake) p.cv.notify_one();
  if (deferred) loop_request_drain(target);
  return clear_last_error(env);
}

// Cancels work that has not started: its complete runs later, from the loop, with
// napi_cancelled. Work already running or done cannot be cancelled
// (napi_generic_failure, as in Node).
NAPI_EXPORT napi_status napi_cancel_async_work(napi_env env, napi_async_work work) {
  NAPI_CHECK_BASIC_ENV(env);
  NAPI_CHECK_ARG(env, work);
  if (pool_instance == nullptr) return set_last_error(env, napi_generic_failure);
  {
    std::lock_guard<std::mutex> lock(pool_instance->mutex);
    if (work->state != WorkState::queued) return set_last_error(env, napi_generic_failure);
    auto& q = pool_instance->queue;
    for (auto it = q.begin(); it != q.end(); ++it) {
      if (*it == work) {
        q.erase(it);
        break;
      }
    }
    work->state = WorkState::completing;
    work->cancelled = true;
    if (pool_instance->exiting) {  // the exit's settle runs the complete
      pool_instance->finished.push_back(work);
      return clear_last_error(env);
    }
  }
  loop_post(&work->task, nullptr, work->target);
  return clear_last_error(env);
}
