// Finalizers and native state (finalizers.cc): what an addon attaches to a value
// (napi_wrap, type tags, napi_add_finalizer, the finalizer of an external or of an
// external buffer) and the queue in which finalizers wait for a safe point.
//
// The life of a wrapped pointer
// -----------------------------
//  1. napi_wrap(obj, ptr, cb, hint): obj's NativeState (made on first use by
//     native_state(): built inside a class instance (ClassInstanceObject, types.h);
//     allocated, in the object's own `native` slot for our Object, Function,
//     External, ArrayBuffer, TypedArray and DataView types; for any other Python
//     object in the side table, keyed by the object, with a weakref whose callback
//     frees the entry) gets wrap = {env, cb, ptr, hint}. The NativeState joins the
//     list of live states (teardown walks it, step 5).
//  2. napi_unwrap reads wrap.data (the hot case, a class instance, reads the slot
//     directly); napi_remove_wrap clears it: the finalizer will not run.
//  3. The object dies: its tp_dealloc (object_dealloc in object_types.cc,
//     external_dealloc in types.cc, function_dealloc in functions.cc, the
//     ArrayBuffer, TypedArray and DataView deallocs in buffers.cc) or the side table's weakref callback calls
//     release_native_state(), which hands every finalizer to finalize_from_gc() and
//     deletes the NativeState (destroys it, when built inside its class instance).
//  4. finalize_from_gc() queues the finalizer (enqueue_finalizer); it runs at the
//     next safe point (drain_finalizers): when the outermost call into an addon
//     returns, at the end of a garbage collection, from a pending call once many are
//     queued, or at teardown. A per-thread env's finalizers wait in its thread's own
//     queue (own_env/disown_env). Only a NAPI_VERSION_EXPERIMENTAL module's "basic"
//     finalizers run at once, inside the deallocation (env->in_gc_finalizer set).
//  5. Exit (module.cc's teardown): queue_live_finalizers(env), at each env's end,
//     queues that env's finalizers of every object still alive (and forgets them: they do not run again when the
//     object dies later), they are drained, and stop_finalizers() makes every later
//     enqueue a no-op (counted as finalizers_dropped).
//
// Thread affinity: everything here runs on a thread holding the GIL.
#pragma once

#include "env.h"

#include <vector>

namespace napi_python {

// A finalizer the addon attached to a value (wrap, napi_add_finalizer, external).
struct Finalizer {
  napi_env env;
  napi_finalize cb;
  void* data;
  void* hint;
  // The reference napi_wrap / napi_add_finalizer returned for it, or NULL. As in
  // Node, that reference carries the finalizer: deleting it before the finalizer ran
  // cancels the finalizer (cancel_finalizer_of), whether the value is alive, being
  // freed (another basic finalizer deletes it) or dead with the finalizer queued.
  napi_ref ref = nullptr;
};

// Native state an addon can attach to any object of ours: napi_wrap, type tags,
// napi_add_finalizer. Allocated on first use; finalizers are queued (not run) when
// the owner is deallocated.
struct NativeState {
  NativeState();   // registered as live: teardown runs the finalizers of what is
  ~NativeState();  // still alive at exit, as Node does at env teardown
  NativeState(const NativeState&) = delete;
  NativeState& operator=(const NativeState&) = delete;
  bool wrapped = false;
  Finalizer wrap{};  // valid when wrapped; wrap.cb may be NULL
  bool tagged = false;
  napi_type_tag tag{};
  std::vector<Finalizer> finalizers;  // napi_add_finalizer, in order of addition
  // The list of live states (intrusive: no allocation, nothing to shrink after a
  // million objects came and went).
  NativeState* prev_live = nullptr;
  NativeState* next_live = nullptr;
  // Built inside its owner (a class instance's room for it, class_instance_state):
  // released by destruction, not delete.
  bool in_place = false;
};

// The NativeState of an object, created on demand when `create`; NULL if the
// value cannot carry native state.
NativeState* native_state(PyObject* obj, bool create);

// Called by the deallocation of the state's owner: queues (or, for basic finalizers,
// runs) every finalizer of `state` and deletes it. Inline: most objects die without
// native state, and their deallocation pays one test, not a call.
void release_native_state_slow(NativeState* state);
inline void release_native_state(NativeState* state) {
  if (state != nullptr) release_native_state_slow(state);
}

// Queues a finalizer to run at the next safe point (dropped after stop_finalizers).
void enqueue_finalizer(const Finalizer& f);

// A finalizer whose object is being freed (called from a deallocation): run now if
// it is a basic finalizer of a NAPI_VERSION_EXPERIMENTAL module, else queued.
void finalize_from_gc(const Finalizer& f);

// napi_delete_reference (GIL) of a reference that carries a finalizer (see
// Finalizer::ref): the finalizer will not run, if it has not yet.
void cancel_finalizer_of(napi_ref ref);

// Runs the queued finalizers when no napi call is under way.
void drain_finalizers();
// GIL held: releases the native state of pinned objects (a dict, a list: see
// finalizers.cc) that nothing but the side table holds any more.
void sweep_pinned_states();

// Teardown: queues the finalizers of `env` (every env: nullptr) of every object still
// alive (and forgets them, so they do not run again when the object dies later).
// Returns how many it queued.
size_t queue_live_finalizers(napi_env env);

// Teardown's end: drains the queue; from then on nothing is queued or run.
void stop_finalizers();

// GIL held, on the thread itself: `env` becomes the calling thread's (its values'
// finalizers wait for this thread), or stops being anyone's (what waits for it
// joins the ordinary queue).
void own_env(napi_env env);
void disown_env(napi_env env);

#ifdef NAPI_PYTHON_DEBUG_COUNTERS
// Counters build (the gauges of counters_report.cc): finalizers attached to live
// values and how many NativeStates live; buckets of the native-state side table;
// finalizers waiting in a queue.
size_t attached_finalizers(size_t* states);
size_t side_table_buckets();
size_t queued_finalizers();
#endif

}  // namespace napi_python
