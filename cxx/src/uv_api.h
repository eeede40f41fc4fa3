// The libuv that addons calling uv_* functions get (libuv.cc): uvloop's copy, whose
// extension module exports libuv's functions. The core is not linked against libuv:
// it takes the few functions it drives the loop with from that same module (dlsym
// on its handle), so one copy of libuv is behind the loop, the addons and uvloop.
//
// Thread affinity: GIL held, on the thread that drains the default target (the
// asyncio loop that adopted it, or Promise.result() / run_pending()).
#pragma once

#include "types.h"

struct uv_loop_s;
struct uv_handle_s;

namespace napi_python {

struct UvApi {
  uv_loop_s* loop = nullptr;  // uv_default_loop() of that copy; nullptr: no libuv
  int (*run)(uv_loop_s*, int mode) = nullptr;
  int (*backend_fd)(const uv_loop_s*) = nullptr;
  int (*backend_timeout)(const uv_loop_s*) = nullptr;
  void (*update_time)(uv_loop_s*) = nullptr;
  uint64_t (*now)(const uv_loop_s*) = nullptr;
  int (*loop_alive)(const uv_loop_s*) = nullptr;
  void (*ref)(uv_handle_s*) = nullptr;
  void (*unref)(uv_handle_s*) = nullptr;
  int (*loop_fork)(uv_loop_s*) = nullptr;
  // Ours: an unref'd prepare handle, referenced only while a running asyncio loop
  // runs the libuv loop. libuv runs nothing on a loop no referenced handle keeps
  // alive, but the asyncio loop is what keeps the program going here: with it
  // running, uv_unref'd handles (a timer) fire as in a Node process kept alive by
  // something else.
  uv_handle_s* keep_alive = nullptr;
};
extern UvApi g_uv;
constexpr int kUvRunNowait = 2;  // UV_RUN_NOWAIT

// True once addons may have changed the loop's state since it last ran (an outermost
// call returned: a timer or poll handle started, a handle closed): the default
// target's next drain runs it. Set by uv_after_call.
extern bool g_uv_kicked;

// Milliseconds until the loop has something to run (libuv's backend timeout), -1:
// nothing ahead. `driven`: a running asyncio loop runs it (its unref'd handles
// count). Updates the loop's time first.
int uv_next_timeout(bool driven);

// Called after every outermost call into an addon while a libuv loop exists
// (g_finalizers_pending then stays set: env.h, after_outermost_call_slow): a call
// that started a libuv timer or poll handle, or closed a handle, gets the loop run
// after it, as Node runs its loop after each JS turn. A few nanoseconds: one flag
// once the turn is kicked under a loop; with no loop, the thread's context version
// compared with the last one that had no loop running.
void uv_after_call();

// loop.cc, the default target's drain: one uv_run(UV_RUN_NOWAIT) in a handle scope;
// 1 when something was due (its fd readable, a timer expired, idle work), else 0.
long uv_step();

// loop.cc, the child's fork hook (GIL held): the loop gets kernel state of its own
// (uv_loop_fork: a new backend fd, its watchers registered again at the next turn)
// and forgets the parent's asyncio loop; the child's first drain runs it.
void uv_fork_child();

// module.cc, at exit after the cleanup hooks, and again after the finalizers: a few
// loop turns, never waiting, so the close callbacks of what they closed run. Handles
// still open stay open (as in Node).
void uv_teardown();

// module.cc: an exception a libuv callback left pending in an env is reported.
void report_envs_pending(const char* what);

}  // namespace napi_python
