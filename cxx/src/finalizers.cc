// Finalizers and native state: the NativeState of a value (its own slot, or the side
// table), napi_wrap / napi_unwrap / napi_remove_wrap, type tags, externals,
// napi_add_finalizer, node_api_post_finalizer, and the queue in which finalizers wait
// for a safe point. finalizers.h tells the life of a wrapped pointer, step by step.
//
// Finalizers never run inside a deallocation or another napi call: a dying object
// queues them (enqueue_finalizer) and they run at the next safe point: when the
// outermost call into an addon returns, at the end of a garbage collection (a
// gc.callbacks hook), from a Py_AddPendingCall callback once many are queued, or at
// teardown. Batching matters: one pending call per object would cost more than
// creating the object.
//
// The one exception is Node's rule for modules that declare NAPI_VERSION_EXPERIMENTAL:
// their finalizers are "basic" and run at once, inside the deallocation (Node runs
// them inside the GC), with env->in_gc_finalizer set; a basic finalizer may only call
// the functions that take a node_api_basic_env (NAPI_CHECK_BASIC_ENV), anything else
// is a fatal error, and node_api_post_finalizer defers the rest to a safe point.
#include "finalizers.h"

#include "buffers.h"
#include "lifetimes.h"
#include "owned.h"
#include "types.h"
#include "values.h"

#include <cstdio>
#include <new>
#include <unordered_map>
#include <vector>

namespace napi_python {

// ---------------------------------------------------------------------------
// Native state (wrap, tags, finalizers) shared by objects, functions, externals.
// ---------------------------------------------------------------------------

static NativeState* live_states = nullptr;  // the most recent first (GIL)

// The references that carry a finalizer not yet run (Finalizer::ref): the state the
// finalizer is attached to, or NULL once it is queued (GIL).
static std::unordered_map<napi_ref, NativeState*>& carriers() {
  static std::unordered_map<napi_ref, NativeState*>& map =
      *new std::unordered_map<napi_ref, NativeState*>();  // never freed: used at exit
  return map;
}

// The finalizer leaves its state: queued (still cancellable) or run now (not any more).
// `ref` (napi_wrap's or napi_add_finalizer's result) carries `f`, a finalizer of
// `state`: deleting it cancels `f` (cancel_finalizer_of).
static void attach_carrier(NativeState* state, Finalizer& f, napi_ref ref) {
  f.ref = ref;
  carriers()[ref] = state;
  ref_carries_finalizer(ref, cancel_finalizer_of);
}

static void detach_carrier(const Finalizer& f, bool queued) {
  if (f.ref == nullptr) return;
  if (queued)
    carriers()[f.ref] = nullptr;
  else
    carriers().erase(f.ref);
}

NativeState::NativeState() {
  next_live = live_states;
  if (live_states != nullptr) live_states->prev_live = this;
  live_states = this;
  NAPI_COUNT(native_states_created);
}
NativeState::~NativeState() {
  if (prev_live != nullptr) prev_live->next_live = next_live;
  else live_states = next_live;
  if (next_live != nullptr) next_live->prev_live = prev_live;
  NAPI_COUNT(native_states_freed);
}

#ifdef NAPI_PYTHON_DEBUG_COUNTERS
size_t attached_finalizers(size_t* states) {
  size_t attached = 0;
  *states = 0;
  for (NativeState* state = live_states; state != nullptr; state = state->next_live) {
    ++*states;
    if (state->wrapped && state->wrap.cb != nullptr) attached++;
    for (const Finalizer& f : state->finalizers)
      if (f.cb != nullptr) attached++;
  }
  return attached;
}
#endif

size_t queue_live_finalizers(napi_env only) {
  size_t queued = 0;
  std::vector<NativeState*> states;
  for (NativeState* state = live_states; state != nullptr; state = state->next_live)
    states.push_back(state);
  auto mine = [only](const Finalizer& f) { return only == nullptr || f.env == only; };
  // An env whose native threads were still at work when exit began: its finalizers
  // are forgotten, not run (see napi_env__::threads_at_exit).
  auto runs = [](const Finalizer& f) {
    return f.cb != nullptr && (f.env == nullptr || !f.env->threads_at_exit);
  };
  for (NativeState* state : states) {
    if (state->wrapped && mine(state->wrap)) {
      if (runs(state->wrap)) {
        detach_carrier(state->wrap, true);
        enqueue_finalizer(state->wrap);
        queued++;
      } else {
        detach_carrier(state->wrap, false);
      }
      state->wrapped = false;
      state->wrap = Finalizer{};
    }
    size_t kept = 0;
    for (size_t i = 0; i < state->finalizers.size(); i++) {
      const Finalizer f = state->finalizers[i];
      if (!mine(f)) {
        state->finalizers[kept++] = f;
        continue;
      }
      detach_carrier(f, runs(f));
      if (runs(f)) {
        enqueue_finalizer(f);
        queued++;
      }
    }
    state->finalizers.resize(kept);
  }
  return queued;
}

void release_native_state_slow(NativeState* state) {
  // One at a time, each read just before it runs: a basic finalizer running now may
  // delete the reference of a later one, which cancels it (cb = NULL).
  if (state->wrapped) {
    Finalizer f = state->wrap;
    state->wrap.cb = nullptr;
    state->wrap.ref = nullptr;
    if (f.cb != nullptr) finalize_from_gc(f);
    else detach_carrier(f, false);
  }
  for (size_t i = 0; i < state->finalizers.size(); i++) {
    Finalizer f = state->finalizers[i];
    state->finalizers[i].cb = nullptr;
    state->finalizers[i].ref = nullptr;
    if (f.cb != nullptr) finalize_from_gc(f);
    else detach_carrier(f, false);
  }
  if (state->in_place)
    state->~NativeState();
  else
    delete state;
}

// Native state of Python objects that have no slot for it (a class from
// napi_define_class, a Python object the caller passed): a side table keyed by the
// object, emptied by a weak-reference callback when the object dies.
//
// An object Python cannot reference weakly (a dict, a list: an object literal or an
// array the caller passed, as Node's own tests and napi-rs's AbortSignal argument
// wrap) is pinned instead: the entry owns the object, and a sweep releases the
// entries whose object nothing else holds any more (its reference count is the
// table's one), as its death would have: the finalizers are queued and the object
// goes. The sweep runs at the end of each garbage collection (the gc.callbacks hook
// that runs the finalizers) and when the pinned entries have doubled since the last
// one, so a program that pins one object per call keeps a bounded table.
struct SideEntry {
  PyObject* weakref;  // owned; its callback releases the state. NULL: pinned (the
                      // table owns the object, its key)
  NativeState* state;
};
static std::unordered_map<PyObject*, SideEntry>& side_states() {
  static std::unordered_map<PyObject*, SideEntry> table;
  return table;
}
static size_t pinned = 0;             // entries with weakref NULL
static size_t pinned_after_sweep = 0;  // what the last sweep left
NAPI_IF_COUNTERS(size_t side_table_buckets() { return side_states().bucket_count(); })

static void release_side_entry(std::unordered_map<PyObject*, SideEntry>::iterator it) {
  SideEntry entry = it->second;
  side_states().erase(it);
  // After a burst the bucket array would stay at its largest: shrink it when it is
  // mostly empty (at most once per 8x fewer entries, so amortized O(1)).
  if (side_states().bucket_count() > 64 && side_states().size() * 8 < side_states().bucket_count())
    side_states().rehash(0);
  release_native_state(entry.state);
  Py_XDECREF(entry.weakref);
}

static PyObject* side_state_died(PyObject* key, PyObject*) {
  auto* obj = reinterpret_cast<PyObject*>(PyLong_AsVoidPtr(key));
  auto it = side_states().find(obj);
  if (it != side_states().end()) release_side_entry(it);
  Py_RETURN_NONE;
}
static PyMethodDef side_state_died_def = {"side_state_died", side_state_died, METH_O, nullptr};

void sweep_pinned_states() {
  if (pinned == 0) return;
  std::vector<PyObject*> unheld;
  for (const auto& kv : side_states())
    if (kv.second.weakref == nullptr && Py_REFCNT(kv.first) == 1) unheld.push_back(kv.first);
  for (PyObject* obj : unheld) {
    auto it = side_states().find(obj);
    if (it == side_states().end()) continue;
    release_side_entry(it);
    pinned--;
    Py_DECREF(obj);  // (may free other pinned objects' holders: the next sweep's)
  }
  pinned_after_sweep = pinned;
}

static NativeState* side_state(PyObject* obj, bool create) {
  auto it = side_states().find(obj);
  if (it != side_states().end()) return it->second.state;
  if (!create) return nullptr;
  PyObject* key = PyLong_FromVoidPtr(obj);
  PyObject* callback = key ? PyCFunction_New(&side_state_died_def, key) : nullptr;
  Py_XDECREF(key);
  PyObject* weakref = callback ? PyWeakref_NewRef(obj, callback) : nullptr;
  Py_XDECREF(callback);
  if (weakref == nullptr) {
    bool refused = PyErr_ExceptionMatches(PyExc_TypeError);  // not weakly referenceable
    PyErr_Clear();
    if (!refused) return nullptr;  // (out of memory)
    if (pinned >= 2 * pinned_after_sweep + 64) sweep_pinned_states();
    Py_INCREF(obj);
    pinned++;
  }
  auto* state = new NativeState();
  side_states()[obj] = SideEntry{weakref, state};
  return state;
}

// A class instance's NativeState, made in the room the instance has for it.
static NativeState* class_instance_state(PyObject* obj) {
  auto* state = new (reinterpret_cast<ClassInstanceObject*>(obj)->state_room) NativeState();
  state->in_place = true;
  return state;
}

NativeState* native_state(PyObject* obj, bool create) {
  NativeState** slot = nullptr;
  if (is_object_family(obj)) {
    slot = &reinterpret_cast<ObjectObject*>(obj)->native;
    if (*slot == nullptr && create && is_class_instance(obj)) *slot = class_instance_state(obj);
  } else if (Py_TYPE(obj) == &FunctionType) {
    slot = &reinterpret_cast<FunctionObject*>(obj)->native;
  } else if (Py_TYPE(obj) == &ExternalType) {
    slot = &reinterpret_cast<ExternalObject*>(obj)->native;
  } else if ((slot = binary_native_slot(obj)) == nullptr) {
    return side_state(obj, create);
  }
  if (*slot == nullptr && create) *slot = new NativeState();
  return *slot;
}

// ---------------------------------------------------------------------------
// Deferred finalizers
// ---------------------------------------------------------------------------
int g_call_depth = 0;
bool g_finalizers_pending = false;

static std::vector<Finalizer>& pending_finalizers() {
  static std::vector<Finalizer> queue;  // keeps its capacity between drains
  return queue;
}
static constexpr size_t kScheduleDrainAt = 256;  // queued finalizers before a pending call
static bool drain_scheduled = false;
static bool draining = false;
static bool finalizers_stopped = false;  // after teardown: nothing runs any more

static int drain_pending_call(void*) {
  drain_scheduled = false;
  if (g_call_depth == 0) drain_finalizers();
  return 0;
}

// Finalizers of the values of per-thread envs wait for the env's thread while it
// lives (napi-rs keeps per-thread bookkeeping of its class instances, which its
// finalizers read): a queue per owner thread, moved to the ordinary queue by that
// thread's drains, and when the env is disowned (its thread ends, or teardown).
__thread OwnerThread* tls_owner __attribute__((tls_model("initial-exec"))) = nullptr;
static std::vector<OwnerThread*>& owners = *new std::vector<OwnerThread*>();  // never freed
static size_t owned_waiting_total = 0;  // in every owner's queue (the counters' gauge)

void own_env(napi_env env) {
  if (tls_owner == nullptr) {
    tls_owner = new OwnerThread{new std::vector<Finalizer>()};
    owners.push_back(tls_owner);
  }
  env->owner = tls_owner;
}

void disown_env(napi_env env) {
  OwnerThread* owner = env->owner;
  if (owner == nullptr) return;
  env->owner = nullptr;
  std::vector<Finalizer>& owned = *owner->queue;
  std::vector<Finalizer>& queue = pending_finalizers();
  size_t kept = 0;
  for (const Finalizer& f : owned) {
    if (f.env == env) {
      queue.push_back(f);
      owned_waiting_total--;
      g_finalizers_pending = true;
    } else {
      owned[kept++] = f;
    }
  }
  owned.resize(kept);
  owner->waiting = kept > 0;
}

// This thread's waiting finalizers join the ordinary queue (drain_finalizers).
[[gnu::noinline]] static void take_owned_finalizers() {
  OwnerThread* owner = tls_owner;
  owner->waiting = false;
  std::vector<Finalizer>& owned = *owner->queue;
  if (owned.empty()) return;
  std::vector<Finalizer>& queue = pending_finalizers();
  queue.insert(queue.end(), owned.begin(), owned.end());
  owned_waiting_total -= owned.size();
  owned.clear();
  g_finalizers_pending = true;
}

void enqueue_finalizer(const Finalizer& f) {
  if (finalizers_stopped) {
    NAPI_COUNT(finalizers_dropped);
    return;
  }
  if (f.env->owner != nullptr) {
    f.env->owner->queue->push_back(f);
    f.env->owner->waiting = true;
    owned_waiting_total++;
    // (Every thread's outermost calls then look; the owner's take them.)
    g_finalizers_pending = true;
    return;
  }
  std::vector<Finalizer>& queue = pending_finalizers();
  queue.push_back(f);
  g_finalizers_pending = true;
  if (queue.size() >= kScheduleDrainAt && !drain_scheduled && !draining)
    drain_scheduled = Py_AddPendingCall(drain_pending_call, nullptr) == 0;
}

static void run_finalizer(const Finalizer& f) {
  if (f.cb == nullptr) return;  // its reference was deleted after it was queued
  detach_carrier(f, false);
  NAPI_COUNT(finalizers_ran);
  // Each finalizer's exception is reported (sys.unraisablehook) before the next runs.
  call_into_module<Entry::finalizer>(f.env, nullptr, [&] { f.cb(f.env, f.data, f.hint); });
}

// (Out of line: the check of drain_finalizers, what every outermost call of an
// addon with an after-call hook reaches, needs no stack frame.)
[[gnu::noinline]] static void drain_queue(std::vector<Finalizer>& queue) {
  draining = true;
  SavedError saved;  // the caller may be returning an exception
  // Finalizers queued by finalizers join the same pass.
  for (size_t next = 0; next < queue.size(); next++) {
    Finalizer f = queue[next];  // a copy: the vector may grow meanwhile
    run_finalizer(f);
  }
  queue.clear();
  if (queue.capacity() > 8 * kScheduleDrainAt) {
    // A burst (a million objects freed at once) does not keep its memory.
    std::vector<Finalizer> fresh;
    fresh.reserve(kScheduleDrainAt);
    queue.swap(fresh);
  }
  // (Stays set while an after-call hook is set, a libuv loop: every outermost call
  // then reaches after_outermost_call_slow (env.cc), which kicks it.)
  g_finalizers_pending = after_call_hooked() || owned_waiting_total > 0;
  draining = false;
}

void drain_finalizers() {
  if (draining) return;
  if (owned_finalizers_waiting()) take_owned_finalizers();
  std::vector<Finalizer>& queue = pending_finalizers();
  if (!queue.empty()) drain_queue(queue);
}

void stop_finalizers() {
  drain_finalizers();
  finalizers_stopped = true;
}

// A finalizer whose object is being freed (called from a deallocation). Basic
// finalizers of NAPI_VERSION_EXPERIMENTAL modules run now; the others are queued.
void finalize_from_gc(const Finalizer& f) {
  if (f.env->module_api_version != NAPI_VERSION_EXPERIMENTAL || finalizers_stopped) {
    detach_carrier(f, !finalizers_stopped);
    enqueue_finalizer(f);
    return;
  }
  detach_carrier(f, false);
  bool saved = f.env->in_gc_finalizer;
  f.env->in_gc_finalizer = true;
  // (During the exit's teardown its thread too may call basic functions only here:
  // the env checks do not let it through, and gc_access_violation is fatal. Other
  // threads, and this one before the teardown, pay one load.)
  bool tears_down = tls_tears_down;
  if (__builtin_expect(tears_down, 0)) tls_tears_down = false, tls_in_basic_finalizer = true;
  NAPI_COUNT(finalizers_ran);
  NAPI_COUNT(finalizers_ran_in_gc);
  f.cb(f.env, f.data, f.hint);
  if (__builtin_expect(tears_down, 0)) tls_in_basic_finalizer = false, tls_tears_down = true;
  f.env->in_gc_finalizer = saved;
}

void cancel_finalizer_of(napi_ref ref) {
  auto it = carriers().find(ref);
  if (it == carriers().end()) return;  // run already, or its wrap was removed
  NativeState* state = it->second;
  carriers().erase(it);
  auto cancel = [ref](Finalizer& f) {
    if (f.ref != ref) return false;
    if (f.cb != nullptr) NAPI_COUNT(finalizers_cancelled);
    f.cb = nullptr;
    f.ref = nullptr;
    return true;
  };
  if (state != nullptr) {  // still attached to its (live or dying) value
    if (state->wrapped && cancel(state->wrap)) return;
    for (Finalizer& f : state->finalizers)
      if (cancel(f)) return;
    return;
  }
  // Queued: in the ordinary queue or an owner thread's (the rare case: scanned).
  for (Finalizer& f : pending_finalizers())
    if (cancel(f)) return;
  for (OwnerThread* owner : owners)
    for (Finalizer& f : *owner->queue)
      if (cancel(f)) return;
}

#ifdef NAPI_PYTHON_DEBUG_COUNTERS
size_t queued_finalizers() { return pending_finalizers().size() + owned_waiting_total; }
#endif

}  // namespace napi_python

using namespace napi_python;

// ---------------------------------------------------------------------------
// Wrap, type tags, externals, finalizers
// ---------------------------------------------------------------------------
// `not_object` is the status for a value that is not an object: Node answers
// napi_invalid_arg for wrap and finalizers, napi_object_expected for type tags.
static napi_status object_state(napi_env env, napi_value value, NativeState** state,
                                napi_status not_object = napi_invalid_arg) {
  if (!is_object_family(py(value))) {  // (an object for sure: no need to ask)
    napi_valuetype t = js_typeof(py(value));
    if (t != napi_object && t != napi_function && t != napi_external)
      return set_last_error(env, not_object);
  }
  *state = native_state(py(value), true);
  if (*state == nullptr) {
    // A Python object that cannot be weakly referenced (dict, list, str): there is
    // nowhere to keep native state that would be freed with it.
    return set_last_error(env, napi_invalid_arg);
  }
  return napi_ok;
}

NAPI_EXPORT napi_status napi_wrap(napi_env env, napi_value js_object, void* native_object,
                                  napi_finalize finalize_cb, void* finalize_hint,
                                  napi_ref* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, js_object);
  NativeState* state;
  napi_status s = object_state(env, js_object, &state);
  if (s != napi_ok) return s;
  if (state->wrapped) return set_last_error(env, napi_invalid_arg);
  if (result != nullptr) {
    napi_status rs = napi_create_reference(env, js_object, 0, result);
    if (rs != napi_ok) return rs;
  }
  state->wrapped = true;
  state->wrap = Finalizer{env, finalize_cb, native_object, finalize_hint};
  NAPI_COUNT(wraps_created);
  if (finalize_cb != nullptr) NAPI_COUNT(finalizers_registered);
  if (result != nullptr && finalize_cb != nullptr) attach_carrier(state, state->wrap, *result);
  return clear_last_error(env);
}

// napi_unwrap of anything but a wrapped instance of a class or plain Object (Python
// subclasses of those, functions, externals, other Python objects, and what is not
// wrapped).
[[gnu::noinline]] static napi_status unwrap_other(napi_env env, napi_value js_object,
                                                  void** result) {
  napi_valuetype t = js_typeof(py(js_object));
  if (t != napi_object && t != napi_function && t != napi_external)  // (as napi_wrap)
    return set_last_error(env, napi_invalid_arg);
  NativeState* state = native_state(py(js_object), false);
  if (state == nullptr || !state->wrapped) return set_last_error(env, napi_invalid_arg);
  *result = state->wrap.data;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_unwrap(napi_env env, napi_value js_object, void** result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, js_object);
  NAPI_CHECK_ARG(env, result);
  // The hot case: an instance of a class (whose tp_dealloc is Object's), without a
  // stack frame; anything else out of line.
  if (__builtin_expect(Py_TYPE(py(js_object))->tp_dealloc == ObjectType.tp_dealloc, 1)) {
    NativeState* state = reinterpret_cast<ObjectObject*>(py(js_object))->native;
    if (__builtin_expect(state != nullptr && state->wrapped, 1)) {
      *result = state->wrap.data;
      return clear_last_error(env);
    }
  }
  return unwrap_other(env, js_object, result);
}

NAPI_EXPORT napi_status napi_remove_wrap(napi_env env, napi_value js_object, void** result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, js_object);
  napi_valuetype t = js_typeof(py(js_object));
  if (t != napi_object && t != napi_function && t != napi_external)  // (as napi_wrap)
    return set_last_error(env, napi_invalid_arg);
  NativeState* state = native_state(py(js_object), false);
  if (state == nullptr || !state->wrapped) return set_last_error(env, napi_invalid_arg);
  if (result != nullptr) *result = state->wrap.data;
  NAPI_COUNT(wraps_removed);
  if (state->wrap.cb != nullptr) NAPI_COUNT(finalizers_cancelled);
  state->wrapped = false;  // the finalizer will not run
  if (state->wrap.ref != nullptr) carriers().erase(state->wrap.ref);
  state->wrap = Finalizer{};
  return clear_last_error(env);
}

// ToObject(undefined or null): a TypeError, pending.
static napi_status throw_not_object(napi_env env) {
  return throw_js_error(env, python_types.JSTypeError,
                        "Cannot convert undefined or null to object", napi_pending_exception);
}

NAPI_EXPORT napi_status napi_type_tag_object(napi_env env, napi_value value,
                                             const napi_type_tag* type_tag) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, type_tag);
  // undefined and null: ToObject throws, as in Node; any other primitive: Node tags
  // the wrapper object ToObject makes, which nothing keeps.
  if (py(value) == Py_None || py(value) == NAPI_PY_NULL) return throw_not_object(env);
  napi_valuetype t = js_typeof(py(value));
  if (t != napi_object && t != napi_function && t != napi_external) return clear_last_error(env);
  NativeState* state;
  napi_status s = object_state(env, value, &state, napi_object_expected);
  if (s != napi_ok) return s;
  if (state->tagged) return set_last_error(env, napi_invalid_arg);
  state->tagged = true;
  state->tag = *type_tag;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_check_object_type_tag(napi_env env, napi_value value,
                                                   const napi_type_tag* type_tag, bool* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, type_tag);
  NAPI_CHECK_ARG(env, result);
  if (py(value) == Py_None || py(value) == NAPI_PY_NULL) return throw_not_object(env);
  napi_valuetype t = js_typeof(py(value));
  if (t != napi_object && t != napi_function && t != napi_external) {
    *result = false;  // a primitive's ToObject wrapper is new: it has no tag
    return clear_last_error(env);
  }
  NativeState* state = native_state(py(value), false);
  *result = state != nullptr && state->tagged &&
            state->tag.lower == type_tag->lower && state->tag.upper == type_tag->upper;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_create_external(napi_env env, void* data, napi_finalize finalize_cb,
                                             void* finalize_hint, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  auto* e = PyObject_New(ExternalObject, &ExternalType);
  if (e == nullptr) return take_python_error(env);
  e->data = data;
  e->weakreflist = nullptr;
  e->native = nullptr;
  if (finalize_cb != nullptr) {
    e->native = new NativeState();
    e->native->finalizers.push_back(Finalizer{env, finalize_cb, data, finalize_hint});
    NAPI_COUNT(finalizers_registered);
  }
  NAPI_COUNT(externals_created);
  *result = own(reinterpret_cast<PyObject*>(e));
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_value_external(napi_env env, napi_value value, void** result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  if (Py_TYPE(py(value)) != &ExternalType) return set_last_error(env, napi_invalid_arg);
  *result = reinterpret_cast<ExternalObject*>(py(value))->data;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_add_finalizer(napi_env env, napi_value js_object,
                                           void* finalize_data, napi_finalize finalize_cb,
                                           void* finalize_hint, napi_ref* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, js_object);
  NAPI_CHECK_ARG(env, finalize_cb);
  NativeState* state;
  napi_status s = object_state(env, js_object, &state);
  if (s != napi_ok) return s;
  if (result != nullptr) {
    napi_status rs = napi_create_reference(env, js_object, 0, result);
    if (rs != napi_ok) return rs;
  }
  state->finalizers.push_back(Finalizer{env, finalize_cb, finalize_data, finalize_hint});
  NAPI_COUNT(finalizers_registered);
  if (result != nullptr) attach_carrier(state, state->finalizers.back(), *result);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status node_api_post_finalizer(napi_env env, napi_finalize finalize_cb,
                                                void* finalize_data, void* finalize_hint) {
  NAPI_CHECK_BASIC_ENV(env);
  NAPI_CHECK_ARG(env, finalize_cb);
  NAPI_COUNT(finalizers_registered);
  enqueue_finalizer(Finalizer{env, finalize_cb, finalize_data, finalize_hint});
  return clear_last_error(env);
}
