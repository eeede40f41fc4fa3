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
// Items for one target run in the order they were posted, across threads too (each
// post is numbered; the drain takes the rings' items by number).
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

// Runs an addon callback from the loop as JS would run it from the event loop
// (call_into_module, env.h): an exception it leaves pending goes to the running
// loop's exception handler (report_async_exception), never lost.
template <class F>
inline void run_from_loop(napi_env env, const char* what, F&& fn) {
  call_into_module<Entry::loop>(env, what, fn);
}

// Any thread: makes `target` run a drain soon even if nothing is queued (arms its
// wake fd), for work that waits for the end of the current loop callback.
void loop_request_drain(Target* target);

// ---------------------------------------------------------------------------
// Clients. A room that runs on the loop and must hear of its drains, forks and exit
// (async_work.cc, tsfn.cc, libuv.cc) registers a LoopClient at static
// initialisation: the bridge calls the hooks it set (NULL: none) and names no
// client. Clients run in increasing `order`; the hooks that undo a step (fork
// parent, atfork parent) run in decreasing order.
// ---------------------------------------------------------------------------
struct LoopClient {
  int order = 0;
  // GIL held: the start of every drain (before the rings are read), its end.
  void (*drain_started)() = nullptr;
  void (*drain_done)() = nullptr;
  // GIL held, each drain of the default target, before its items: the client's
  // own work (libuv: one turn). Returns how many count as run (1: something was due).
  long (*default_drain)() = nullptr;
  // GIL held: the default target was adopted by a running loop (true), or lost the
  // loop that had adopted it (false).
  void (*default_adopted)(bool adopted) = nullptr;
  // GIL held, a thread with no running loop is about to wait for the default
  // target (run_pending, Promise.result()): another fd to poll (-1: none); may
  // lower *timeout_ms (-1: no limit).
  int (*default_wait)(int* timeout_ms) = nullptr;
  // os.register_at_fork hooks (GIL held, the forking thread; no mutex held from one
  // to the next: Python code runs in between).
  void (*fork_prepare)() = nullptr;
  void (*fork_parent)() = nullptr;
  void (*fork_child)() = nullptr;
  // pthread_atfork handlers, inside fork() (any fork of the process).
  void (*atfork_prepare)() = nullptr;
  void (*atfork_parent)() = nullptr;
  void (*atfork_child)() = nullptr;
  // The child, once, with the GIL: inside fork() when the Python hook before it ran
  // (the forking thread holds the GIL), else from the child's Python hook.
  void (*child_with_gil)() = nullptr;
  // Interpreter exit (async_teardown), GIL held: stop (async work completes off
  // the loop from now on, functions close), wait (queued and running async work
  // finishes), and, once the queued items are discarded, finish.
  void (*exit_stop)() = nullptr;
  void (*exit_wait)() = nullptr;
  void (*exit_finish)() = nullptr;
  // GIL held, the teardown's later steps (after the cleanup hooks, the finalizers,
  // the instance-data finalizers: async_exit_settle): what they started runs to its
  // end, as Node runs its loop after each round of hooks; `final`: the last one.
  void (*exit_settle)(bool final) = nullptr;
  // Interpreter exit, before anything stops (GIL held): whether work on other
  // threads will still post to the loop (async work queued or running), and a short
  // wait, without the GIL, for it to progress. While a client is busy, exit runs
  // the loop as run_pending() does (async_teardown).
  bool (*exit_busy)() = nullptr;
  void (*exit_wait_progress)() = nullptr;
  // GIL held, on its thread: a per-thread env ends (napi_python_end_env), before its
  // cleanup hooks: what it started runs to its end there, as a Node worker's does.
  void (*env_ending)(napi_env env) = nullptr;
  // ...and after its cleanup hooks (threadsafe functions are finalized then); also
  // at exit, at each env's end (module.cc), after its hooks.
  void (*env_ended)(napi_env env) = nullptr;
};
// Static initialisation: keeps a copy. Returns true (for `static const bool`).
bool loop_register_client(const LoopClient& client);

// Interpreter exit, GIL held (a client's exit_wait_progress): waits up to `ms`
// milliseconds, without the GIL, for a post to a target this thread drains (a
// threadsafe-function call or release). A signal ends it early: the next drain
// reports it.
void loop_exit_wait_posts(int ms);
// GIL held: exit begins (napi_python_teardown): the clients' exit steps, and the
// queued items are discarded; nothing runs afterwards.
void async_teardown();
// GIL held, after each later step of the teardown (module.cc): the clients' exit_settle.
void async_exit_settle(bool final);
// GIL held, on its thread: the clients' env_ending (module.cc, napi_python_end_env).
void async_env_ending(napi_env env);
// GIL held, on its thread, after the env's cleanup hooks: the clients' env_ended.
void async_env_ended(napi_env env);
// GIL held, a thread with no running loop: runs the items of the targets no loop
// runs (as run_pending() there), without looking up asyncio's running loop. Returns
// how many ran, -3 with an exception set (SystemExit, KeyboardInterrupt).
long loop_drain_idle(long max);

// ---------------------------------------------------------------------------
// The default target, for a client that runs with its drains (libuv.cc).
// ---------------------------------------------------------------------------
// Items per drain (and the argument each fd reader is registered with).
constexpr long kMaxPerDrain = 1024;
Target* loop_default_target();
// Any thread: whether a drain of `target` is requested and has not begun.
bool loop_drain_requested(Target* target);
// GIL held: the default target's fd reader (a builtin taking kMaxPerDrain; borrowed),
// nullptr before a loop first registered it.
PyObject* loop_default_reader();
// GIL held: the asyncio loop whose fd reader runs the current drain in this thread
// (borrowed), or nullptr.
PyObject* loop_reader_loop();
// GIL held: that loop, when it is the one that adopted the default target (its
// drains of the default target are "driven" by a running loop), else nullptr.
PyObject* loop_driving_default();
// GIL held, outside a reader: 1 when asyncio says no loop runs in this thread, 0
// when one does, -1 when not known cheaply (inside a reader, asyncio never looked
// up, an exception set, or asyncio failed).
int loop_none_running_here();
// GIL held: when a loop runs in this thread and no loop running in another thread
// has adopted the default target, this one adopts it now (for what was made with
// no running loop and is used from a loop later: tsfn.cc).
void loop_adopt_default();

// Fork: the references' mutex (lifetimes.cc), held inside fork() with the clients'.
void references_atfork_prepare();
void references_atfork_parent();
void references_atfork_child();

}  // namespace napi_python
