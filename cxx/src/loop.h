// The loop bridge: how work done on other threads (async work, threadsafe-function
// calls, deferred promise reactions) reaches the thread that runs Python callbacks.
//
//   producers (any thread, no GIL)          consumers (threads holding the GIL)
//   loop_post(task, data, target)           each asyncio loop that created async
//     push onto the thread's own lock-free    work, a threadsafe function or a
//     ring (loop.cc), then wake the target    promise has a Target: an eventfd its
//     (once per batch: the first post after   reader drains. Work created with no
//     a drain writes the target's eventfd)    running loop goes to the default
//                                             target, drained by the loop that adopted
//                                             it, or by Promise.result() /
//                                             napi_python.run_pending().
//
// A drain pops items from every thread's ring (at most kMaxPerDrain), hands each
// to its target's inbox, and runs its own target's inbox (at most kMaxPerDrain
// items). A target whose loop is closed is detached: its items go to the default
// target, and the Target (with its eventfd) serves the next new loop.
//
// The wake protocol, per target: `armed` is set by the post that writes the
// eventfd; the drain reads the eventfd, clears `armed` (an exchange), then pops. A
// post that finds `armed` already set knows a drain that has not yet popped will see
// its item (its push happened before its exchange, which the drain's exchange reads
// after); a post after the clear writes the eventfd again. A drain that stops at its
// bound re-arms.
//
// Thread affinity: loop_post is "any thread"; everything else here is "GIL held".
// Items for one target run in the order each thread posted them.
#pragma once

#include "types.h"

namespace napi_python {

// Something that runs on the loop thread. Embedded first in AsyncWork, Tsfn, ...
struct LoopTask {
  // GIL held, loop thread (or the thread draining with no loop). Runs the item.
  void (*run)(LoopTask* self, void* data);
  // GIL held, at interpreter exit: the loop will not run the item; finish it (async
  // work: complete runs) or free what it owns.
  void (*discard)(LoopTask* self, void* data);
};

// Where items are delivered: one asyncio loop, or the default target (loop.cc).
// Never freed: a Target whose loop closed serves a later loop.
struct Target;

// Any thread, with or without the GIL: queues an item for `target` and wakes it
// (once per batch). Never touches Python.
void loop_post(LoopTask* task, void* data, Target* target);

// GIL held: the target of what is created now (async work queued, a threadsafe
// function, a promise): the asyncio loop running in this thread (its reader is
// registered on first use), or the default target when none runs. Never fails.
// `runs_here`: whether that target's loop runs in this thread (the caller is one of
// its callbacks, so the loop polls the wake fd as soon as the callback returns).
// `running`: this thread's running loop (new reference), or nullptr.
Target* loop_target(bool* runs_here = nullptr, PyObject** running = nullptr);

// GIL held, a Python exception set: hands it to the running loop's exception handler
// (loop.call_exception_handler) or, with no running loop, to sys.unraisablehook.
// Clears the exception. Inside a drain, SystemExit and KeyboardInterrupt are not
// reported: the drain stops after the item and raises them to whoever ran it (the
// loop, whose run_forever re-raises them as it does from its own callbacks, or
// Promise.result() / run_pending()).
void report_async_exception(const char* what);

// True once interpreter exit has begun (async_teardown): nothing runs any more.
bool loop_stopped();

// Import (napi_python_core_init): the pthread_atfork handlers, once; 0, or -1 + an
// OSError when the default target has no wake fd.
int loop_init();

// Runs an addon callback from the loop as JS would run it from the event loop: a
// handle scope, the call depth counted (finalizers wait), and an exception the
// callback leaves pending reported, never lost.
template <class F>
inline void run_from_loop(napi_env env, const char* what, F&& fn) {
  {
    CallScope scope;
    g_call_depth++;
    if (env != nullptr) clear_last_error(env);
    fn();
    g_call_depth--;
  }
  if (env->pending_exception != nullptr) {
    raise_pending(env);
    report_async_exception(what);
  }
  after_outermost_call();
}

// Any thread: makes `target` run a drain soon even if nothing is queued (arms its
// wake fd), for work that waits for the end of the current loop callback.
void loop_request_drain(Target* target);

// GIL held: the start of a drain (async_work.cc wakes the pool for work queued since
// the last one) and its end (tsfn.cc drops the references of the calls it ran).
void async_work_drain_started();
void tsfn_drain_done();

// Fork (docs/guide.rst, "Fork"). The os.register_at_fork hooks (GIL held, the
// forking thread; loop.cc runs the others from its own) hold no mutex from one to
// the next: Python code runs in between. The atfork_* ones are loop.cc's
// pthread_atfork handlers, inside fork(), where the mutexes are held.
void async_work_fork_prepare();  // async_work.cc: pause, wait for executes
void async_work_fork_parent();   // resume
void async_work_fork_child();    // new threads for work still queued
void async_work_atfork_prepare();  // the pool's mutex
void async_work_atfork_parent();
void async_work_atfork_child();    // new mutex and condition variables
void tsfn_fork_child();          // tsfn.cc: new mutexes for blocking callers (GIL)
void references_atfork_prepare();  // lifetimes.cc: the deferred operations' mutex
void references_atfork_parent();
void references_atfork_child();
bool on_pool_thread();           // async_work.cc: the calling thread is the pool's
int tsfn_blocked_pool_threads(); // tsfn.cc: pool threads asleep in a blocking call

// Exit (called by napi_python_teardown before the cleanup hooks), per room.
void async_work_teardown();  // async_work.cc: work not started is cancelled
void async_work_wait_running();  // async_work.cc: executes under way return
void tsfn_close_for_exit();  // tsfn.cc: open functions answer napi_closing, never freed
void tsfn_teardown();        // tsfn.cc: then finalized, after the queue
void async_teardown();       // loop.cc: both of the above, then the queue

}  // namespace napi_python
