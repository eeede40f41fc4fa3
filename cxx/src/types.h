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
#include "finalizers.h"

#include <vector>

namespace napi_python {

// ---------------------------------------------------------------------------
struct ObjectObject {
  PyDictObject dict;
  PyObject* slots;        // NULL or dict: key -> PropertySlot (anything not a plain
                          // enumerable writable configurable string-keyed value)
  PyObject* weakreflist;
  // The prototype Object.setPrototypeOf / Object.create / node_api_set_prototype gave
  // it (an object, or NAPI_PY_NULL); NULL: the default (Object.prototype, or the
  // class's prototype for a class instance). objects.cc, "Prototypes set at run time".
  PyObject* proto;
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

// A class instance (napi_define_class, and Python subclasses of such a class) has
// room for its NativeState after its ObjectObject: a constructor's napi_wrap
// allocates nothing. The room is raw until the first native_state(obj, true).
struct ClassInstanceObject {
  ObjectObject object;
  alignas(NativeState) unsigned char state_room[sizeof(NativeState)];
};

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
  // The property name the function was made for (or napi_create_function's name):
  // Python's __name__, __qualname__ and repr. JS's `name` is "" instead when
  // js_anonymous is set (function_js_name).
  PyObject* name;         // str
  PyObject* props;        // NULL or dict of own properties
  PyObject* weakreflist;
  NativeState* native;
  // The class (napi_define_class) whose prototype method, getter or setter this is, or
  // NULL: its `this` must be an instance of that class (or of a subclass), checked
  // before the callback runs, as V8's signature check does ("Illegal invocation").
  PyObject* holder;       // owned type or NULL
  bool is_static;         // class static method: not bound when read through an instance
  // Own `name` (kDeletedName) / `length` (kDeletedLength) deleted (both are
  // configurable in JS): reads then find Function.prototype's, "" and 0.
  uint8_t deleted_builtins;
  // Node names only what napi_create_function names and a class's constructor and
  // string-keyed prototype methods: the functions napi_define_properties makes, a
  // class's statics, accessors and symbol-keyed methods have `name` "" in JS (and a
  // NULL-named function that napi_set_*property stores gets its key as `name` above,
  // for Python only). Set when made, never read by a call.
  bool js_anonymous;
};
constexpr uint8_t kDeletedName = 1, kDeletedLength = 2;

// JS's `name` of a Function (new reference): "" if anonymous in JS or its own `name`
// deleted (Function.prototype's), else its name.
inline PyObject* function_js_name(const FunctionObject* f) {
  if (f->js_anonymous || (f->deleted_builtins & kDeletedName)) return PyUnicode_FromString("");
  return Py_NewRef(f->name);
}

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
  FunctionObject* func;   // owned: a Function, or (bound_other_vectorcall) a with_this
                          // or a builtin taking `this` first, read as a JS method
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
// Symbol.iterator, which Python iteration of a class instance looks up
// (object_types.cc, class_iter; owned, never freed).
extern PyObject* symbol_iterator;
extern PyObject* symbol_async_iterator;  // Symbol.asyncIterator

struct ExternalObject {
  PyObject_HEAD
  void* data;
  PyObject* weakreflist;
  NativeState* native;   // the external's own finalizer is native->finalizers[0]
};

extern PyTypeObject ObjectType;
extern PyTypeObject ClassBaseType;
extern PyTypeObject ClassTypeType;  // the metatype of ClassBase and the classes
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

// Types and objects from Python, set by napi_python_core_init (owned
// references), and the promise functions.
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
  PyObject* binary_prototype = nullptr;  // Buffers, typed arrays, bytes...: toString
  PyObject* buffer_prototype = nullptr;  // Buffer.prototype (readUInt8...), then binary's
  PyObject* arraybuffer_prototype = nullptr;  // ArrayBuffer.prototype (not binary's)
  PyObject* dataview_prototype = nullptr;     // DataView.prototype (not binary's)
  PyObject* string_prototype = nullptr;  // String.prototype (slice, charCodeAt...)
  PyObject* array_prototype = nullptr;   // Array.prototype (push, slice, join...)
  PyObject* promise_prototype = nullptr; // then/catch/finally of Python awaitables
  PyObject* date_prototype = nullptr;    // Date.prototype for datetimes (getTime...)
  PyObject* script_parser = nullptr;     // napi_python._script.parse_script
  // napi_python._globals.PrimitiveWrapper: ToObject of a primitive (the class, called
  // with it) and the base of the wrapper classes (Number, String... objects)
  PyObject* primitive_wrapper = nullptr;
  PyObject* with_this = nullptr;  // marker type: callables that take JS `this` first
  PyObject* builtin = nullptr;    // marker type: the global object's Python functions
  PyObject* Promise = nullptr;    // napi_python.Promise (napi_python/_promise.pxi)
  // How promises.cc makes and settles one: C functions of _promise.pxi (core_api.h).
  PyObject* (*promise_create)(PyObject* loop) = nullptr;
  int (*promise_resolve)(PyObject* promise, PyObject* value) = nullptr;
  int (*promise_reject)(PyObject* promise, PyObject* value, PyObject* exception) = nullptr;
};
extern PythonTypes python_types;

// Readies every type of the core (types.cc's own, object_types.cc's, functions.cc's): the
// one place that knows them all, called once at import by napi_python_core_init.
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

// A few dead objects of one type kept for reuse (CPython's own free-list shape): an
// object made and dropped per call (a bound method, the ArrayBuffer of a `bytes`
// argument) then costs neither the allocator nor the GC's allocation count. take()
// gives a kept object with a fresh reference (NULL if none: allocate); keep() takes a
// dead object whose fields are released (false if full: free it). GIL-protected.
template <class T, int N>
struct FreeList {
  T* items[N];
  int count = 0;
  T* take() {
    if (count == 0) return nullptr;
    T* o = items[--count];
    _Py_NewReference(reinterpret_cast<PyObject*>(o));
    return o;
  }
  bool keep(T* o) {
    if (count == N) return false;
    items[count++] = o;
    return true;
  }
};
// An instance of a class of napi_define_class (or of a Python subclass of one): it
// has a ClassInstanceObject's room for its native state.
inline bool is_class_instance(PyObject* o) {
  PyTypeObject* tp = Py_TYPE(o);
  return tp->tp_base == &ClassBaseType || PyType_IsSubtype(tp, &ClassBaseType);
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

// The registered symbol for a key (node_api_symbol_for, Symbol.for_): new reference.
PyObject* symbol_for(PyObject* key);

}  // namespace napi_python
