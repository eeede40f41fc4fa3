// The loop bridge: how work done on other threads (async work, threadsafe-function
// calls, deferred promise reactions) reaches the thread that runs Python callbacks.
//
//   producers (any thread, no GIL)          consumer (a thread holding the GIL)
//   loop_post(task, data)                   drain: the asyncio loop's reader on the
//     push onto the thread's own lock-free    wake fd, or Promise.result() /
//     ring (loop.cc)                          napi_python.run_pending() when no loop
//     wake once per batch: the first post     runs; at most kMaxPerDrain items per wake,
//     after a drain writes the eventfd        round robin between the threads' rings
//
// The wake protocol: `armed` is set by the post that writes the eventfd; the drain
// reads the eventfd, clears `armed` (an exchange), then pops. A post that finds
// `armed` already set knows a drain that has not yet popped will see its item (its
// push happened before its exchange, which the drain's exchange reads after); a post
// after the clear writes the eventfd again. A drain that stops at its bound re-arms.
//
// Thread affinity: loop_post is "any thread"; everything else here is "GIL held".
// Items run in the order they were posted by each thread (each ring is FIFO).
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

// Any thread, with or without the GIL: queues an item and wakes the loop (once per
// batch). Never touches Python.
void loop_post(LoopTask* task, void* data);

// GIL held: if an asyncio loop is running in this thread, makes it the loop that
// delivers (registers the wake fd with loop.add_reader). Called whenever async work,
// a threadsafe function or a promise is created or awaited. Returns whether the
// attached loop runs in this thread (the caller is one of its callbacks, so the
// loop polls the wake fd as soon as the callback returns). With `running`, also
// gives this thread's running loop (new reference), or nullptr when none runs.
bool loop_attach_running(PyObject** running = nullptr);

// GIL held, a Python exception set: hands it to the running loop's exception handler
// (loop.call_exception_handler) or, with no running loop, to sys.unraisablehook.
// Clears the exception.
void report_async_exception(const char* what);

// True once interpreter exit has begun (async_teardown): nothing runs any more.
bool loop_stopped();

// Runs an addon callback from the loop as JS would run it from the event loop: a
// handle scope, the call depth counted (finalizers wait), and an exception the
// callback leaves pending reported, never lost.
template <class F>
inline void run_from_loop(napi_env env, const char* what, F&& fn) {
  {
    CallScope scope;
    g_call_depth++;
    fn();
    g_call_depth--;
  }
  if (env->pending_exception != nullptr) {
    raise_pending(env);
    report_async_exception(what);
  }
  after_outermost_call();
}

// Any thread: makes the loop run a drain soon even if nothing is queued (arms the
// wake fd), for work that waits for the end of the current loop callback.
void loop_request_drain();

// GIL held: the start of a drain (async_work.cc wakes the pool for work queued since
// the last one) and its end (tsfn.cc drops the references of the calls it ran).
void async_work_drain_started();
void tsfn_drain_done();

// Exit (called by napi_python_teardown before the cleanup hooks), per room.
void async_work_teardown();  // async_work.cc: work not started is cancelled
void async_work_wait_running();  // async_work.cc: executes under way return
void tsfn_teardown();        // tsfn.cc
void async_teardown();       // loop.cc: both of the above, then the queue

}  // namespace napi_python
