// The Python types that stand for JS values the addon creates (defined in C++
// because every napi_* call touches them on the hot path):
//
//   napi_python.Object     plain JS object; a dict subclass (enumerable string-keyed
//                          data properties live in the dict itself, so dict(obj),
//                          json.dumps(obj) and ** work); everything else (accessors,
//                          non-enumerable / read-only properties, symbol keys) lives in
//                          `slots`.
//   class types            made by napi_define_class; subclasses of ClassBase (itself
//                          an Object). The prototype of an instance is its Python type:
//                          methods and accessors live in the type dict.
//   napi_python.Function   a function made by napi_create_function (vectorcall).
//   napi_python.Symbol     a JS symbol (identity, with description).
//   napi_python.External   napi_create_external.
//   napi_python.null       JS null (undefined is Python None).
//
// Types defined in Python (by napi_python/_core.pyx) are handed to the core at import
// through napi_python_core_init: the JSError classes and BigInt.
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
};

// Called by the deallocation of the state's owner: queues (or, for basic finalizers,
// runs) every finalizer of `state` and deletes it.
void release_native_state(NativeState* state);

#ifdef NAPI_PYTHON_DEBUG_COUNTERS
// Counters build: finalizers attached to live values, and how many NativeStates live.
size_t attached_finalizers(size_t* states);
size_t side_table_buckets();  // buckets of the native-state side table
#endif

// Teardown: queues the finalizers of every object still alive (and forgets them, so
// they do not run again when the object dies later). Returns how many it queued.
size_t queue_live_finalizers();

// ---------------------------------------------------------------------------
struct ObjectObject {
  PyDictObject dict;
  PyObject* slots;        // NULL or dict: key -> PropertySlot (anything not a plain
                          // enumerable writable configurable string-keyed value)
  PyObject* weakreflist;
  NativeState* native;    // NULL until wrap/tag/add_finalizer
  uint8_t integrity;      // 0, kSealed or kFrozen (kFrozen implies kSealed)
  uint8_t non_extensible;
  // An addon's exports: `addon.fn` is the function itself, not bound (see
  // object_getattro).
  uint8_t module_exports;
  // Class instances only: a borrowed pointer to the object itself, which is the
  // type's tp_dictoffset slot. Their own properties are then the instance __dict__
  // of Python's generic attribute lookup, which lets `instance.method()` run
  // without a bound-method object (CPython's method-call fast path).
  PyObject* self_dict;
};
enum : uint8_t { kSealed = 1, kFrozen = 2 };

// A property with non-default attributes or an accessor.
struct PropertySlotObject {
  PyObject_HEAD
  PyObject* value;   // data value (NULL for accessors)
  PyObject* getter;  // callable or NULL
  PyObject* setter;  // callable or NULL
  int attributes;    // napi_property_attributes (writable/enumerable/configurable)
};

struct FunctionObject {
  PyObject_HEAD
  vectorcallfunc vectorcall;
  napi_env env;
  napi_callback cb;
  void* data;
  PyObject* name;         // str
  PyObject* props;        // NULL or dict of own properties
  PyObject* weakreflist;
  NativeState* native;
  // The class (napi_define_class) whose prototype method, getter or setter this is, or
  // NULL: its `this` must be an instance of that class (or of a subclass), checked
  // before the callback runs, as V8's signature check does ("Illegal invocation").
  PyObject* holder;       // owned type or NULL
  bool is_static;         // class static method: not bound when read through an instance
};

// A prototype method of a class (in its type dict): a method descriptor, so that
// CPython calls `instance.method(args)` as method(instance, args) without binding.
// Called with the instance first; read through an instance it binds (BoundFunction).
struct MethodObject {
  PyObject_HEAD
  vectorcallfunc vectorcall;
  FunctionObject* func;  // owned
};

// A JS function read as a member of an object from Python (`obj.fn`): calls with
// `this` = self, as `obj.fn(x)` does in JS. Made for class methods read through an
// instance and for function-valued own properties read by attribute. Passed back to
// an addon as an argument, it is the function itself (napi_get_cb_info unbinds it).
struct BoundFunctionObject {
  PyObject_HEAD
  vectorcallfunc vectorcall;
  FunctionObject* func;   // owned
  PyObject* self;         // owned
};

// An accessor declared by napi_define_class for instances (a data descriptor).
struct AccessorObject {
  PyObject_HEAD
  PyObject* name;
  PyObject* getter;  // Function or NULL
  PyObject* setter;  // Function or NULL
  bool is_static;    // a static accessor: `this` is the class, read through it
};

struct SymbolObject {
  PyObject_HEAD
  PyObject* description;  // str or None
  PyObject* weakreflist;  // a weak napi_ref to a symbol is cleared when it dies
};

// The well-known symbol Symbol.toPrimitive (napi_python.Symbol.toPrimitive), which
// the coercions look up (owned, never freed).
extern PyObject* symbol_to_primitive;

struct ExternalObject {
  PyObject_HEAD
  void* data;
  PyObject* weakreflist;
  NativeState* native;   // the external's own finalizer is native->finalizers[0]
};

extern PyTypeObject ObjectType;
extern PyTypeObject ClassBaseType;
extern PyTypeObject PropertySlotType;
extern PyTypeObject FunctionType;
extern PyTypeObject BoundFunctionType;
extern PyTypeObject MethodType;
extern PyTypeObject AccessorType;
extern PyTypeObject SymbolType;
extern PyTypeObject ExternalType;
extern PyTypeObject NullType;
extern PyObject NullObject;  // the singleton napi_python.null
#define NAPI_PY_NULL (&::napi_python::NullObject)

// Types from Python, set by napi_python_core_init (owned references).
struct PythonTypes {
  PyObject* JSError = nullptr;
  PyObject* JSTypeError = nullptr;
  PyObject* JSRangeError = nullptr;
  PyObject* JSSyntaxError = nullptr;
  PyObject* BigInt = nullptr;
  PyObject* datetime = nullptr;   // datetime.datetime
  PyObject* utc = nullptr;        // datetime.timezone.utc
  PyObject* Date = nullptr;       // napi_python.Date: a JS Date no datetime can hold
  PyObject* global = nullptr;     // the object napi_get_global returns
  PyObject* object_prototype = nullptr;  // Object.prototype (toString, hasOwnProperty...)
  PyObject* string_prototype = nullptr;  // String.prototype (slice, charCodeAt...)
  PyObject* array_prototype = nullptr;   // Array.prototype (push, slice, join...)
  PyObject* promise_prototype = nullptr; // then/catch/finally of Python awaitables
  PyObject* date_prototype = nullptr;    // Date.prototype for datetimes (getTime...)
  PyObject* script_parser = nullptr;     // napi_python._script.parse_script
  PyObject* with_this = nullptr;  // marker type: callables that take JS `this` first
  PyObject* Promise = nullptr;    // napi_python.Promise (napi_python/_loop.pxi)
};
extern PythonTypes python_types;

int init_types();

// napi_python.Object and every subclass: plain objects, classes from
// napi_define_class and Python subclasses of those. On the hot path (napi_unwrap,
// property access): the flag test rejects non-dicts at once, the tp_dealloc test
// accepts our own types without walking the MRO.
inline bool is_object_family(PyObject* o) {
  PyTypeObject* tp = Py_TYPE(o);
  if (!(tp->tp_flags & Py_TPFLAGS_DICT_SUBCLASS)) return false;
  // (A class of napi_define_class derives from ClassBase directly: no MRO walk.)
  return tp == &ObjectType || tp->tp_dealloc == ObjectType.tp_dealloc ||
         tp->tp_base == &ClassBaseType ||
         (tp != &PyDict_Type && PyType_IsSubtype(tp, &ObjectType));
}
inline bool is_function(PyObject* o) { return Py_TYPE(o) == &FunctionType; }

// `obj.fn` from Python: a Function bound to `self` (new reference; steals `value`);
// any other value is returned as it is (JS null as None).
PyObject* bind_member_steal(PyObject* value, PyObject* self);

// A Function just became an own property of an instance of a class made by
// napi_define_class (or of a Python subclass): from now on that type's attribute
// lookup binds function-valued own properties (see functions.cc). Costs one type
// comparison when `value` is not a Function.
void bind_own_functions_of(PyTypeObject* tp);
inline void note_own_property(PyObject* obj, PyObject* value) {
  if (Py_TYPE(value) == &FunctionType && Py_TYPE(obj)->tp_getattro == PyObject_GenericGetAttr)
    bind_own_functions_of(Py_TYPE(obj));
}
inline bool is_bigint(PyObject* o) {
  return PyObject_TypeCheck(o, reinterpret_cast<PyTypeObject*>(python_types.BigInt));
}

// Python object -> what Python code sees at the boundary (JS null -> None).
inline PyObject* py_from_js_steal(PyObject* v) {
  if (v == NAPI_PY_NULL) {
    Py_DECREF(v);
    Py_RETURN_NONE;
  }
  return v;
}

// The NativeState of an object, created on demand when `create`; NULL if the
// value cannot carry native state.
NativeState* native_state(PyObject* obj, bool create);

// "__napi_member_attributes__": the key, in a class's type dict, of the dict
// {member name: napi_property_attributes} of its prototype members.
PyObject* member_attributes_key();

// Makes a Function object (new reference).
PyObject* new_function(napi_env env, PyObject* name, napi_callback cb, void* data);

// Property access with JS semantics (see objects.cc). Keys are Python objects:
// str, int (array index), or Symbol. Return new references / -1 on error.
PyObject* js_get(PyObject* obj, PyObject* key);              // NULL + exception on error
int js_set(PyObject* obj, PyObject* key, PyObject* value);   // -1 on error
int js_has(PyObject* obj, PyObject* key, bool own_only);     // 1/0/-1
int js_delete(PyObject* obj, PyObject* key);                 // 1 ok, 0 refused, -1 error
// 0 defined, 1 refused (non-configurable, frozen...: no exception), -1 error.
int js_define(PyObject* obj, PyObject* key, PyObject* value, PyObject* getter,
              PyObject* setter, int attributes);

// Own property of an Object-family value: the dict, then slots (accessors run).
// New reference; NULL without an error when absent.
PyObject* object_own_get(PyObject* self, PyObject* key);

// Adds _js_to_string and _js_join (for napi_python/_globals.py) to a dict (values.cc).
int add_value_functions(PyObject* d);

// JS ToString / ToNumber / ToBoolean of a value (coercions).
PyObject* js_to_string(PyObject* v);  // new ref or NULL
int js_to_number(PyObject* v, double* out);  // -1 error
bool js_truthy(PyObject* v);

// napi_typeof of a Python object.
napi_valuetype js_typeof(PyObject* v);

}  // namespace napi_python
