// The one boundary between the Python package and the core: every C entry point
// napi_python/_core.pyx (and its .pxi rooms) calls, declared again for Cython in
// napi_python/_core_api.pxd. Everything else the core exports is the Node-API itself
// (cxx/exports.txt).
//
// Every function here runs with the GIL held: the core's state is GIL-protected.
// napi_python_wait and napi_python_drain let it go themselves while they block or
// between batches.
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifdef __cplusplus
extern "C" {
#endif

// ---- Init (module.cc) ------------------------------------------------------------

// How promises.cc makes and settles a napi_python.Promise: C functions of
// napi_python/_promise.pxi (no Python call in between).
//   create(loop): a new pending promise, an asyncio future of `loop` (None: of no
//     loop); new reference, or NULL + exception.
//   resolve(promise, value), reject(promise, value, exception): 0, or -1 + exception.
typedef PyObject* (*napi_python_promise_create_fn)(PyObject* loop);
typedef int (*napi_python_promise_resolve_fn)(PyObject* promise, PyObject* value);
typedef int (*napi_python_promise_reject_fn)(PyObject* promise, PyObject* value,
                                             PyObject* exception);

// The core's Python types (Object, Function, the buffer types, null...), for the
// package to re-export and to build the global object with: a dict, new reference,
// or NULL + exception. The first call makes the core's symbols global (addons
// resolve their napi_* references to them) and readies the types.
PyObject* napi_python_core_types(void);

// What the package hands the core, once, when napi_python is imported: the Python
// classes of the value contract (napi_python/_core.pyx), the promise functions,
// the object napi_get_global returns and the prototypes of what addons see (built
// in Python from the core's types: napi_python/_globals.py). The core keeps
// references of its own; every field is required.
typedef struct napi_python_core_init_args {
  PyObject* JSError;
  PyObject* JSTypeError;
  PyObject* JSRangeError;
  PyObject* JSSyntaxError;
  PyObject* BigInt;
  PyObject* Date;
  PyObject* with_this;
  PyObject* builtin;  // napi_python._core._builtin: the global object's Python functions
  PyObject* AddonLoadError;
  PyObject* datetime;  // datetime.datetime
  PyObject* utc;       // datetime.timezone.utc
  PyObject* Promise;   // napi_python.Promise
  napi_python_promise_create_fn promise_create;
  napi_python_promise_resolve_fn promise_resolve;
  napi_python_promise_reject_fn promise_reject;
  PyObject* global;            // the object napi_get_global returns
  PyObject* object_prototype;  // what plain objects and dicts inherit from
  PyObject* binary_prototype;  // ... Buffers, typed arrays, ArrayBuffers, bytes (toString)
  PyObject* buffer_prototype;  // ... Buffers and bytes, bytearray, memoryview (readUInt8...)
  PyObject* arraybuffer_prototype;  // ... ArrayBuffers, in place of binary_prototype (slice...)
  PyObject* dataview_prototype;     // ... DataViews, in place of binary_prototype (getUint8...)
  PyObject* string_prototype;  // ... strings
  PyObject* array_prototype;   // ... arrays (lists)
  PyObject* promise_prototype; // ... Python awaitables (then, catch, finally)
  PyObject* date_prototype;    // ... datetimes (getTime, valueOf...)
  PyObject* script_parser;     // what napi_run_script evaluates (napi_python/_script.py)
  PyObject* primitive_wrapper; // ToObject of a primitive: called with it, gives its
                               // Number, String, Boolean, BigInt or Symbol object
} napi_python_core_init_args;

// Takes `args` (after napi_python_core_types) and readies the loop bridge. 0, or -1
// + exception.
int napi_python_core_init(const napi_python_core_init_args* args);

// ---- Addons and envs (module.cc) -------------------------------------------------

// (exports, env index): a new env each call; new reference, or NULL + exception.
// per_thread: the env's values' finalizers wait for the calling thread.
PyObject* napi_python_load(PyObject* path, int per_thread);
int napi_python_end_env(Py_ssize_t index);    // a per-thread env's thread ended; 0 or -1
int napi_python_share_env(Py_ssize_t index);  // a per-thread env becomes shared; 0 or -1
void napi_python_teardown(void);
void napi_python_run_finalizers(void);  // queued finalizers, when no addon call runs

// lifetimes.cc: a dict (counters build) or None; new reference.
PyObject* napi_python_debug_counters(void);

// ---- Values (errors.cc, values.cc) -------------------------------------------------

// The exception `value` raises when an addon throws it (raise_thrown); new
// reference, or NULL + exception.
PyObject* napi_python_thrown_exception(PyObject* value);
// JS ToString of `value`, and Array.prototype.join of a list (`separator` NULL or
// None: ","; cycles are empty): new references, or NULL + exception.
PyObject* napi_python_js_to_string(PyObject* value);
PyObject* napi_python_js_to_number(PyObject* value);  // a float (JS ToNumber)
int napi_python_js_truthy(PyObject* value);  // JS ToBoolean: 1 or 0 (napi_coerce_to_bool)
PyObject* napi_python_js_join(PyObject* list, PyObject* separator);
// obj[key] as an addon reads it (napi_get_property: prototypes, getters), and
// fn.call(this_arg, ...args) as napi_call_function makes it (args: a tuple); new
// references, or NULL + exception. For JSON.stringify's toJSON (_globals.py).
PyObject* napi_python_js_get(PyObject* obj, PyObject* key);
PyObject* napi_python_js_call(PyObject* fn, PyObject* this_arg, PyObject* args);
// Object.getPrototypeOf(o) (new reference), the own string keys of `o` as
// Object.getOwnPropertyNames (`enumerable_only` 0) or Object.keys (1) list them (a new
// list), and napi_define_properties' definition of one property (getter / setter
// None for none; 0 defined, 1 refused, -1 error) (objects.cc). The first two raise
// JSTypeError for undefined and null.
PyObject* napi_python_js_prototype_of(PyObject* o);
// Object.setPrototypeOf(o, proto) for an object `o` and `proto` an object or null
// (objects.cc, js_set_prototype): 0, or -1 with a JSTypeError.
int napi_python_js_set_prototype(PyObject* o, PyObject* proto);
PyObject* napi_python_js_own_keys(PyObject* o, int flags);  // (flags: objects.cc)
int napi_python_js_define(PyObject* o, PyObject* key, PyObject* value, PyObject* getter,
                          PyObject* setter, int attributes);
// attributes | 1 << 16: Object.defineProperty's change to an existing own property of
// a plain object or class instance, checked by the caller against the property's
// descriptor: allowed on a non-configurable one. napi_python_js_own_descriptor gives
// that descriptor: None (no such own property), (value, getter, setter, attributes),
// attributes | 1 << 17 for an accessor, or NotImplemented for a receiver other than a
// plain object, class instance or dict. napi_python_js_has: `key in o` as JS's
// HasProperty (1, 0, or -1 + exception) (objects.cc).
PyObject* napi_python_js_own_descriptor(PyObject* o, PyObject* key);
int napi_python_js_has(PyObject* o, PyObject* key);
// Object.prototype.hasOwnProperty's test (napi_has_own_property): 1, 0, -1.
int napi_python_js_has_own(PyObject* o, PyObject* key);
// Reflect.set / Reflect.deleteProperty as napi_set_property / napi_delete_property
// make them: 1 done, 0 refused (read-only, frozen...), -1 + exception (objects.cc).
int napi_python_js_set(PyObject* o, PyObject* key, PyObject* value);
int napi_python_js_delete(PyObject* o, PyObject* key);
// Reflect.construct(cons, args) (args: a tuple) as napi_new_instance makes it: a new
// reference, or NULL + exception (functions.cc).
PyObject* napi_python_js_construct(PyObject* cons, PyObject* args);
// `value`, or the int/float/bool a numpy scalar is for an addon (values.h,
// as_primitive): new reference, or NULL + exception.
PyObject* napi_python_as_primitive(PyObject* value);
// Object.seal (`freeze` 0) / Object.freeze (1) of `value`: 0, or -1 + JSTypeError
// (a value napi_object_seal / napi_object_freeze refuses). Object.isSealed /
// Object.isFrozen (`frozen` 1): 1 or 0 (a primitive is both; only napi-python's
// objects record their integrity).
int napi_python_seal(PyObject* value, int freeze);
int napi_python_is_sealed(PyObject* value, int frozen);
// Object.preventExtensions: 0, or -1 + JSTypeError (a Python object that records no
// extensibility: a list, a function). Object.isExtensible: 1 or 0.
int napi_python_prevent_extensions(PyObject* value);
int napi_python_is_extensible(PyObject* value);

// ---- The loop bridge (loop.cc) -----------------------------------------------------

// Runs the queued async callbacks this thread may run (its running loop's, or with
// no loop the idle targets'), at most `max` per target: how many ran; -1: a drain
// of one of them is under way in this thread; -2: nothing here to drain (loops in
// other threads deliver); -3 + exception: a callback raised SystemExit or
// KeyboardInterrupt, or a signal handler raised.
long napi_python_drain(long max);

// Blocks, without the GIL, until items may be queued for this thread or `timeout`
// seconds pass (< 0: no limit): 1 woken by a queue (or the libuv loop), 0 timed
// out, -1 nothing here to wait for (loops in other threads deliver); -2 + exception.
int napi_python_wait(double timeout);

// fn() runs at a later drain (promise reactions): on the loop whose callback is
// posting, else the loop running in this thread, else `loop`'s (a promise's; None:
// none) if it has a target, else the default target's. 1 posted, 0 at exit
// (dropped); -1 + exception when fn is not callable.
int napi_python_post(PyObject* fn, PyObject* loop);

// Makes an asyncio loop running in this thread the one that delivers async
// callbacks (what creating a promise does). Never fails.
void napi_python_attach(void);

// 1 if a loop running in another thread delivers some of the async callbacks.
int napi_python_loop_elsewhere(void);

// This thread's running asyncio loop (new reference), or None: asyncio's
// _get_running_loop, without its getpid() system call when the attached loop runs
// here. Never fails.
PyObject* napi_python_running_loop(void);

// 1 if `loop` is running in this thread, else 0. Never fails.
int napi_python_loop_runs_here(PyObject* loop);

// os.register_at_fork hooks (before, after_in_parent, after_in_child): docs/guide.rst,
// "Fork". Never fail.
void napi_python_fork_prepare(void);
void napi_python_fork_parent(void);
void napi_python_fork_child(void);

// ---- libuv (libuv.cc) -------------------------------------------------------------

// Makes the module at `path` (uvloop.loop) global and takes its libuv default loop
// as the addons' loop; returns libuv's version (new reference), or NULL + exception.
PyObject* napi_python_uv_init(PyObject* path);
// 1 while referenced libuv handles or requests keep that loop alive.
int napi_python_uv_alive(void);

#ifdef __cplusplus
}
#endif
