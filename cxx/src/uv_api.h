// The libuv that addons calling uv_* functions get (libuv.cc): uvloop's copy, whose
// extension module exports libuv's functions. The core is not linked against libuv:
// it takes the few functions it drives the loop with from that same module (dlsym
// on its handle), so one copy of libuv is behind the loop, the addons and uvloop.
//
// How it runs (libuv.cc): a client of the loop bridge (loop.h) that belongs to the
// default target: each drain of it runs one uv_run(UV_RUN_NOWAIT), and after every
// outermost call into an addon (the after-call hook, env.h) the next drain is
// requested.
//
// Thread affinity: GIL held, on the thread that drains the default target (the
// asyncio loop that adopted it, or Promise.result() / run_pending()).
#pragma once

#include "types.h"

#include <atomic>

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
  // For the functions the core defines (uv_functions.cc): uv_random's async form.
  int (*queue_work)(uv_loop_s*, void* req, void (*work)(void*),
                    void (*after)(void*, int)) = nullptr;
  size_t (*req_size)(int type) = nullptr;
  // Ours: an unref'd prepare handle, referenced only while a running asyncio loop
  // runs the libuv loop. libuv runs nothing on a loop no referenced handle keeps
  // alive, but the asyncio loop is what keeps the program going here: with it
  // running, uv_unref'd handles (a timer) fire as in a Node process kept alive by
  // something else.
  uv_handle_s* keep_alive = nullptr;
};
extern UvApi g_uv;
constexpr int kUvRunNowait = 2;  // UV_RUN_NOWAIT

// What napi_get_uv_event_loop gives before libuv started: a stable address with room
// for a loop's `data` (uv_loop_get_data), where nothing runs.
uv_loop_s* uv_placeholder_loop();

// The loop a function the core defines (uv_functions.cc) runs `loop`'s work on:
// libuv's default loop for the placeholder, after starting libuv if needed (the GIL
// taken); `loop` itself once started; nullptr when libuv cannot start (uvloop not
// installed: reported to sys.unraisablehook).
uv_loop_s* uv_loop_for(uv_loop_s* loop);

// Work requests queued through uv_queue_work (uv_functions.cc) whose after_work has
// not run yet: exit runs the loop while there are any (libuv.cc).
extern std::atomic<long> g_uv_work_in_flight;

// module.cc, at exit after the cleanup hooks, and again after the finalizers: a few
// loop turns, never waiting, so the close callbacks of what they closed run. Handles
// still open stay open (as in Node).
void uv_teardown();

}  // namespace napi_python
