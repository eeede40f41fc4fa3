// Objects and arrays: property get/set/has/delete/define with JS semantics on every
// kind of receiver, property names, freeze/seal, prototypes, and the napi_*
// functions of the objects and arrays families. The Python types whose slots call
// these rules (Object, ClassBase, Accessor) are object_types.cc's.
//
// Receivers and where their properties live:
//   Object family   the dict (enumerable string keys) + slots (the rest); the
//                   "prototype" is the Python type (class members in type dicts)
//   list / tuple    JS arrays: integer keys and "length" (a tuple is read-only)
//   dict            a Python dict the caller passed: its items are the properties
//   Function        own props dict, plus "name" and "length"
//   anything else   a Python object: its attributes
#include "objects.h"

#include "coerce.h"
#include "functions.h"
#include "owned.h"
#include "repr.h"
#include "types.h"
#include "values.h"

#include "buffers.h"

#include <structmember.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>

namespace napi_python {

static const int kDefaultAttributes = napi_writable | napi_enumerable | napi_configurable;
// napi_python_js_define / napi_python_js_own_descriptor (core_api.h): bits above the
// napi_property_attributes
static const int kValidatedDefine = 1 << 16;
static const int kAccessorProperty = 1 << 17;

// The canonical array index a key stands for, or -1.
static Py_ssize_t array_index(PyObject* key) {
  if (PyLong_CheckExact(key)) {
    Py_ssize_t i = PyLong_AsSsize_t(key);
    if (i == -1 && PyErr_Occurred()) PyErr_Clear();
    return i >= 0 && i < 4294967295LL ? i : -1;  // JS indexes end at 2**32 - 2
  }
  if (PyFloat_CheckExact(key)) {
    double d = PyFloat_AS_DOUBLE(key);
    if (d >= 0 && d < 4294967295.0 && std::trunc(d) == d) return static_cast<Py_ssize_t>(d);
    return -1;
  }
  if (PyUnicode_Check(key)) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(key);
    if (n == 0 || n > 10) return -1;
    Py_ssize_t v = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
      Py_UCS4 c = PyUnicode_READ_CHAR(key, i);
      if (c < '0' || c > '9' || (i == 0 && c == '0' && n > 1)) return -1;
      v = v * 10 + (c - '0');
    }
    return v < 4294967295LL ? v : -1;
  }
  PyObject* n;
  if (int r = numpy_scalar_value(key, &n); r != 0) {  // a numpy integer: its int's index
    if (r < 0) {
      PyErr_Clear();
      return -1;
    }
    Py_ssize_t i = PyBool_Check(n) ? -1 : array_index(n);
    Py_DECREF(n);
    return i;
  }
  return -1;
}

// Whether a key that is no array index is still numeric to a typed array: JS's
// CanonicalNumericIndexString ("-0", "1.5", "-1", "NaN", "1e+21": a string that is
// its number's ToString, and "-0"), or a number key. Such a key names no element of
// a typed array and never becomes a property of it (ECMA-262 10.4.5): reads are
// undefined, writes are dropped, deletes succeed.
static bool numeric_non_index(PyObject* key) {
  if (array_index(key) >= 0) return false;
  if (PyFloat_CheckExact(key) || PyLong_CheckExact(key)) return true;
  if (!PyUnicode_Check(key)) return false;
  // Only a number's ToString can be one: a digit, "-", "Infinity" or "NaN" first (a
  // name such as "length" or "buffer" stops here, without parsing)
  Py_UCS4 c0 = PyUnicode_GET_LENGTH(key) > 0 ? PyUnicode_READ_CHAR(key, 0) : 0;
  if (!((c0 >= '0' && c0 <= '9') || c0 == '-' || c0 == 'I' || c0 == 'N')) return false;
  if (PyUnicode_CompareWithASCIIString(key, "-0") == 0) return true;
  double d;
  if (js_to_number(key, &d) < 0) {
    PyErr_Clear();
    return false;
  }
  if (d != d) return PyUnicode_CompareWithASCIIString(key, "NaN") == 0;
  PyObject* n = PyFloat_FromDouble(d);
  PyObject* back = n != nullptr ? js_to_string(n) : nullptr;
  Py_XDECREF(n);
  int eq = back != nullptr ? PyUnicode_Compare(back, key) == 0 : 0;
  Py_XDECREF(back);
  PyErr_Clear();
  return eq;
}

// The accessors TypedArray.prototype gives every typed array: not own properties.
static bool typedarray_prototype_key(PyObject* key) {
  static const char* const names[] = {"length", "byteLength", "byteOffset", "buffer",
                                      "BYTES_PER_ELEMENT"};
  if (!PyUnicode_Check(key)) return false;
  for (const char* name : names)
    if (PyUnicode_CompareWithASCIIString(key, name) == 0) return true;
  return false;
}

// A property key as objects store it: str, or a Symbol. New reference.
static PyObject* normalize_key(PyObject* key) {
  if (PyUnicode_CheckExact(key) || Py_TYPE(key) == &SymbolType) return Py_NewRef(key);
  if (PyFloat_CheckExact(key)) {
    double d = PyFloat_AS_DOUBLE(key);
    if (d == 0) return PyUnicode_FromString("0");  // -0 too
  }
  return js_to_string(key);
}

static PyObject* new_slot(PyObject* value, PyObject* getter, PyObject* setter, int attributes) {
  auto* s = PyObject_GC_New(PropertySlotObject, &PropertySlotType);
  if (s == nullptr) return nullptr;
  s->value = Py_XNewRef(value);
  s->getter = Py_XNewRef(getter);
  s->setter = Py_XNewRef(setter);
  s->attributes = attributes;
  PyObject_GC_Track(s);
  return reinterpret_cast<PyObject*>(s);
}

static PropertySlotObject* find_slot(ObjectObject* o, PyObject* key) {
  if (o->slots == nullptr) return nullptr;
  return reinterpret_cast<PropertySlotObject*>(PyDict_GetItemWithError(o->slots, key));
}

// ToObject of a string (napi_python._globals.StringObject: a PrimitiveWrapper
// subclass holding the string in its _js_primitive slot) has one own, enumerable,
// read-only, non-configurable property per index. Each is made when first touched
// (read, tested, written, deleted, defined, described; all of them when the object's
// keys are listed), not with the object: made upfront, one property per character
// would cost time and memory for every character of a long string.
static PyObject* string_wrapper_value(PyObject* obj) {  // new reference, or NULL
  auto* wrapper = reinterpret_cast<PyTypeObject*>(python_types.primitive_wrapper);
  static PyObject* name = PyUnicode_InternFromString("_js_primitive");
  PyObject* descr = wrapper != nullptr && name != nullptr ? _PyType_Lookup(wrapper, name) : nullptr;
  if (descr == nullptr || Py_TYPE(descr)->tp_descr_get == nullptr) return nullptr;
  PyObject* v = Py_TYPE(descr)->tp_descr_get(descr, obj, reinterpret_cast<PyObject*>(wrapper));
  if (v == nullptr) PyErr_Clear();
  else if (!PyUnicode_Check(v)) Py_CLEAR(v);
  return v;
}

static inline bool maybe_string_wrapper(PyObject* obj) {
  return python_types.primitive_wrapper != nullptr &&
         Py_TYPE(obj)->tp_base == reinterpret_cast<PyTypeObject*>(python_types.primitive_wrapper);
}

// Makes index i of the String object `o` of `str` an own property, if it is not yet.
static int make_string_index(PyObject* o, PyObject* str, Py_ssize_t i) {
  PyObject* k = PyUnicode_FromFormat("%zd", i);
  if (k == nullptr) return -1;
  int rc = PyDict_Contains(o, k);
  if (rc == 0) {
    auto* obj = reinterpret_cast<ObjectObject*>(o);
    PyObject* ch = PyUnicode_Substring(str, i, i + 1);
    PyObject* slot = ch != nullptr ? new_slot(nullptr, nullptr, nullptr, napi_enumerable) : nullptr;
    if (slot == nullptr || (obj->slots == nullptr && (obj->slots = PyDict_New()) == nullptr) ||
        PyDict_SetItem(obj->slots, k, slot) < 0 || PyDict_SetItem(o, k, ch) < 0)
      rc = -1;
    Py_XDECREF(slot);
    Py_XDECREF(ch);
  }
  Py_DECREF(k);
  return rc < 0 ? -1 : 0;
}

// 1 when `key` is an index of the String object `obj` (its property made now if it
// was not), 0 when it is not (or obj is no String object), -1 on error.
static int string_wrapper_index(PyObject* obj, PyObject* key) {
  if (!maybe_string_wrapper(obj)) return 0;
  Py_ssize_t i = array_index(key);
  if (i < 0) return 0;
  PyObject* str = string_wrapper_value(obj);
  if (str == nullptr) return 0;
  int r = i < PyUnicode_GET_LENGTH(str) ? (make_string_index(obj, str, i) < 0 ? -1 : 1) : 0;
  Py_DECREF(str);
  return r;
}

// All the indexes of a String object (for listing its keys).
static int string_wrapper_all_indexes(PyObject* obj) {
  if (!maybe_string_wrapper(obj)) return 0;
  PyObject* str = string_wrapper_value(obj);
  if (str == nullptr) return 0;
  int rc = 0;
  for (Py_ssize_t i = 0, n = PyUnicode_GET_LENGTH(str); i < n && rc == 0; i++)
    rc = make_string_index(obj, str, i);
  Py_DECREF(str);
  return rc;
}

// Keys, in a class's type dict, of the dicts that hold what a type dict cannot:
// symbol-keyed prototype members (Symbol -> member) and the class's own symbol-keyed
// properties (Symbol -> PropertySlot). A type dict keeps str keys only, so that
// dir(), help() and the attribute cache keep working.
static PyObject* symbol_members_key() {
  static PyObject* key = PyUnicode_InternFromString("__napi_symbol_members__");
  return key;
}
PyObject* member_attributes_key() {
  static PyObject* key = PyUnicode_InternFromString("__napi_member_attributes__");
  return key;
}
static PyObject* symbol_statics_key() {
  static PyObject* key = PyUnicode_InternFromString("__napi_symbol_statics__");
  return key;
}
PyObject* static_attributes_key() {
  static PyObject* key = PyUnicode_InternFromString("__napi_static_attributes__");
  return key;
}
// A class's own `name` / `length` that were deleted (key -> True).
static PyObject* deleted_builtins_key() {
  static PyObject* key = PyUnicode_InternFromString("__napi_deleted_builtins__");
  return key;
}

// A class from napi_define_class (or a Python subclass of one): the constructor
// function of JS, whose own properties are the statics.
static inline bool is_class_type(PyObject* o) {
  return PyType_Check(o) &&
         PyType_IsSubtype(reinterpret_cast<PyTypeObject*>(o), &ClassBaseType);
}

// Whether `key` is one Python's item access on a class or a prototype object reads as
// a JS property: a str or a Symbol.
static inline bool is_property_key(PyObject* key) {
  return PyUnicode_Check(key) || Py_TYPE(key) == &SymbolType;
}

// type's own attribute assignment on a class. A class napi_define_class made is an
// immutable type (new_class), so that CPython calls `Cls(...)` through the class's
// tp_vectorcall directly (the call specialized for built-in classes, 3.11+); type's
// assignment refuses immutable types, but a JS class takes new statics: the flag is
// lifted around the assignment (the GIL is held: no other thread sees it lifted).
int type_setattr(PyObject* cls, PyObject* key, PyObject* value) {
  PyTypeObject* tp = reinterpret_cast<PyTypeObject*>(cls);
  if (!(tp->tp_flags & Py_TPFLAGS_IMMUTABLETYPE)) return PyType_Type.tp_setattro(cls, key, value);
  tp->tp_flags &= ~Py_TPFLAGS_IMMUTABLETYPE;
  int r = PyType_Type.tp_setattro(cls, key, value);
  tp->tp_flags |= Py_TPFLAGS_IMMUTABLETYPE;
  return r;
}

// Stores a member in a class's type dict: type's own assignment, not the class's
// metatype's (class_type_setattro, which would come back to class_str_set).
static inline int type_dict_set(PyObject* cls, PyObject* key, PyObject* member) {
  return type_setattr(cls, key, member);
}

// The kinds of receiver the property rules tell apart. js_get, js_set, js_has,
// js_delete and collect_keys classify their receiver once (receiver_of) and switch
// on the kind. An Object is the hot case: js_get, js_set, js_has and js_delete test
// for it (is_object_family) before the dispatch, so that its path is the one test
// it always was.
static PyTypeObject ClassPrototypeType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.ClassPrototype"};

enum class Receiver : uint8_t {
  kObject,      // napi_python.Object and class instances (is_object_family)
  kList,        // a JS array
  kTuple,       // a read-only array
  kDict,        // a plain Python dict: its items are the properties
  kFunction,    // our Function: name, length and its own properties (props)
  kTypedArray,  // indexes are its elements; anything else is an attribute
  kString,      // indexes, length, String.prototype
  kSymbol,      // description
  kClass,       // a class from napi_define_class (or a Python subclass of one)
  kPrototype,   // a class's prototype object (ClassPrototype): its members
  kOther,       // any other Python object (its attributes), or a primitive
};
static inline Receiver receiver_of(PyObject* obj) {
  if (is_object_family(obj)) return Receiver::kObject;
  if (PyList_Check(obj)) return Receiver::kList;
  if (PyTuple_Check(obj)) return Receiver::kTuple;
  if (PyDict_Check(obj)) return Receiver::kDict;
  PyTypeObject* tp = Py_TYPE(obj);
  if (tp == &FunctionType) return Receiver::kFunction;
  if (is_typedarray(obj)) return Receiver::kTypedArray;
  if (PyUnicode_Check(obj)) return Receiver::kString;
  if (tp == &SymbolType) return Receiver::kSymbol;
  if (tp == &ClassPrototypeType) return Receiver::kPrototype;
  if (is_class_type(obj)) return Receiver::kClass;
  return Receiver::kOther;
}

// The dict `key` of a type dict (borrowed), created when `create`.
PyObject* type_side_dict(PyObject* type, PyObject* key, bool create) {
  auto* tp = reinterpret_cast<PyTypeObject*>(type);
  PyObject* d = PyDict_GetItemWithError(tp->tp_dict, key);
  if (d != nullptr || PyErr_Occurred() || !create) return d;
  d = PyDict_New();
  if (d == nullptr) return nullptr;
  int rc = PyDict_SetItem(tp->tp_dict, key, d);
  Py_DECREF(d);  // the type dict holds it
  if (rc < 0) return nullptr;
  PyType_Modified(tp);
  return d;
}

// The own properties JS gives every function (and every class, a constructor
// function) with their attributes; the members of Function.prototype and of
// Object.prototype, for napi_key_include_prototypes. As in V8: "arguments" and
// "caller" are own properties of a sloppy-mode function (what FunctionTemplate and
// napi_create_function make), Function.prototype's are accessors. "@@name" is the
// well-known symbol Symbol.name.
struct BuiltinKey {
  const char* name;
  int attributes;
};
static const int kWC = napi_writable | napi_configurable;
static const BuiltinKey kFunctionOwnKeys[] = {{"length", napi_configurable},
                                              {"name", napi_configurable},
                                              {"arguments", 0},
                                              {"caller", 0},
                                              {"prototype", napi_writable}};
static const BuiltinKey kFunctionPrototypeKeys[] = {
    {"length", napi_configurable}, {"name", napi_configurable}, {"arguments", kWC},
    {"caller", kWC}, {"constructor", kWC}, {"apply", kWC}, {"bind", kWC}, {"call", kWC},
    {"toString", kWC}, {"@@hasInstance", 0}};
static const BuiltinKey kArrayPrototypeKeys[] = {
    {"length", napi_writable}, {"constructor", kWC}, {"at", kWC}, {"concat", kWC},
    {"copyWithin", kWC}, {"fill", kWC}, {"find", kWC}, {"findIndex", kWC},
    {"findLast", kWC}, {"findLastIndex", kWC}, {"lastIndexOf", kWC}, {"pop", kWC},
    {"push", kWC}, {"reverse", kWC}, {"shift", kWC}, {"unshift", kWC}, {"slice", kWC},
    {"sort", kWC}, {"splice", kWC}, {"includes", kWC}, {"indexOf", kWC}, {"join", kWC},
    {"keys", kWC}, {"entries", kWC}, {"values", kWC}, {"forEach", kWC}, {"filter", kWC},
    {"flat", kWC}, {"flatMap", kWC}, {"map", kWC}, {"every", kWC}, {"some", kWC},
    {"reduce", kWC}, {"reduceRight", kWC}, {"toLocaleString", kWC}, {"toString", kWC},
    {"toReversed", kWC}, {"toSorted", kWC}, {"toSpliced", kWC}, {"with", kWC},
    {"@@iterator", kWC}, {"@@unscopables", napi_configurable}};
static const BuiltinKey kObjectPrototypeKeys[] = {
    {"constructor", kWC},      {"__defineGetter__", kWC}, {"__defineSetter__", kWC},
    {"hasOwnProperty", kWC},   {"__lookupGetter__", kWC}, {"__lookupSetter__", kWC},
    {"isPrototypeOf", kWC},    {"propertyIsEnumerable", kWC},
    {"toString", kWC},         {"valueOf", kWC},          {"__proto__", kWC},
    {"toLocaleString", kWC}};

// Whether `key` (a str) names one of kFunctionOwnKeys; its attributes in *attributes.
static bool function_builtin_key(PyObject* key, int* attributes) {
  for (const BuiltinKey& b : kFunctionOwnKeys)
    if (PyUnicode_CompareWithASCIIString(key, b.name) == 0) {
      if (attributes != nullptr) *attributes = b.attributes;
      return true;
    }
  return false;
}

// `arguments` and `caller` (key a str): own properties of a function or a class, null
// (neither writable nor configurable), as V8 gives every function an addon makes.
static bool is_null_builtin(PyObject* key) {
  return PyUnicode_CompareWithASCIIString(key, "arguments") == 0 ||
         PyUnicode_CompareWithASCIIString(key, "caller") == 0;
}

// A function's own `name` or `length` that was deleted (key a str): Function.prototype's
// shows through.
static bool function_builtin_deleted(PyObject* fn, PyObject* key) {
  uint8_t d = reinterpret_cast<FunctionObject*>(fn)->deleted_builtins;
  return d != 0 && (((d & kDeletedName) && PyUnicode_CompareWithASCIIString(key, "name") == 0) ||
                    ((d & kDeletedLength) && PyUnicode_CompareWithASCIIString(key, "length") == 0));
}

// The same for a class (a type): -1 on error.
static int class_builtin_deleted(PyObject* cls, PyObject* key) {
  PyObject* d = type_side_dict(cls, deleted_builtins_key(), false);
  if (d == nullptr) return PyErr_Occurred() ? -1 : 0;
  return PyDict_Contains(d, key);
}

// A class's own string-keyed static: 1 (its attributes in *attributes), 0 none, -1.
static int class_static_attributes(PyObject* cls, PyObject* key, int* attributes) {
  PyObject* d = type_side_dict(cls, static_attributes_key(), false);
  PyObject* a = d != nullptr ? PyDict_GetItemWithError(d, key) : nullptr;
  if (a == nullptr) return PyErr_Occurred() ? -1 : 0;
  *attributes = static_cast<int>(PyLong_AsLong(a));
  return 1;
}
static int class_record_static(PyObject* cls, PyObject* key, int attributes) {
  PyObject* d = type_side_dict(cls, static_attributes_key(), true);
  PyObject* a = d != nullptr ? PyLong_FromLong(attributes) : nullptr;
  int rc = a != nullptr ? PyDict_SetItem(d, key, a) : -1;
  Py_XDECREF(a);
  return rc;
}

// The attributes a key filter sees: an accessor passes napi_key_writable, as in V8
// (whose ONLY_WRITABLE skips read-only data properties only).
static inline int filter_attributes(int attributes, bool accessor) {
  return accessor ? attributes | napi_writable : attributes;
}

// Whether `key` (a str) names a member of Function.prototype or Object.prototype
// (what napi_has_property finds on every function and class).
static bool inherited_function_key(PyObject* key) {
  for (const BuiltinKey& b : kFunctionPrototypeKeys)
    if (b.name[0] != '@' && PyUnicode_CompareWithASCIIString(key, b.name) == 0) return true;
  for (const BuiltinKey& b : kObjectPrototypeKeys)
    if (PyUnicode_CompareWithASCIIString(key, b.name) == 0) return true;
  return false;
}

// napi_define_class: a symbol-keyed prototype member. 0 or -1.
int class_add_symbol_member(PyObject* type, PyObject* key, PyObject* member) {
  PyObject* d = type_side_dict(type, symbol_members_key(), true);
  return d != nullptr ? PyDict_SetItem(d, key, member) : -1;
}

// Class members (the "prototype") of an Object-family value: its type dicts up to
// ClassBase (symbol keys: their symbol-members dicts). Borrowed reference or NULL.
// A class's statics live in the same type dict but are not on the prototype (JS:
// `inst.create` is undefined): in a class from napi_define_class, a member is a
// prototype member only if napi_define_class listed it in the member attributes
// (flagged static functions and accessors are skipped at once); in a Python subclass
// every member is. `attributes` (may be NULL) receives the member's attributes.
// members_lookup does it from a class (`own_level`: that class's type dict only).
static PyObject* members_lookup(PyTypeObject* type, PyObject* key, int* attributes,
                                bool own_level) {
  PyObject* mro = type->tp_mro;
  if (mro == nullptr) return nullptr;
  bool str_key = PyUnicode_Check(key);
  Py_ssize_t n = own_level ? std::min<Py_ssize_t>(PyTuple_GET_SIZE(mro), 1) : PyTuple_GET_SIZE(mro);
  for (Py_ssize_t i = 0; i < n; i++) {
    auto* tp = reinterpret_cast<PyTypeObject*>(PyTuple_GET_ITEM(mro, i));
    if (tp == &ClassBaseType || tp == &ObjectType) break;
    PyObject* dict = tp->tp_dict;
    if (!str_key) {
      dict = PyDict_GetItemWithError(dict, symbol_members_key());
      if (dict == nullptr) {
        if (PyErr_Occurred()) return nullptr;
        continue;
      }
    }
    PyObject* v = PyDict_GetItemWithError(dict, key);
    if (v == nullptr) {
      if (PyErr_Occurred()) return nullptr;
      continue;
    }
    PyTypeObject* vt = Py_TYPE(v);
    if (vt == &FunctionType && reinterpret_cast<FunctionObject*>(v)->is_static) continue;
    if (vt == &AccessorType && reinterpret_cast<AccessorObject*>(v)->is_static) continue;
    if (vt == &MethodType && attributes == nullptr) return v;  // always a prototype method
    PyObject* attrs = PyDict_GetItemWithError(tp->tp_dict, member_attributes_key());
    if (attrs == nullptr) {
      if (PyErr_Occurred()) return nullptr;
      if (attributes != nullptr) *attributes = kDefaultAttributes;  // a Python subclass
      return v;
    }
    PyObject* a = PyDict_GetItemWithError(attrs, key);
    if (a == nullptr) {
      if (PyErr_Occurred()) return nullptr;
      continue;  // a static (an own property of the class), not on the prototype
    }
    if (attributes != nullptr) *attributes = static_cast<int>(PyLong_AsLong(a));
    return v;
  }
  return nullptr;
}
static inline PyObject* prototype_lookup(PyObject* obj, PyObject* key, int* attributes) {
  return members_lookup(Py_TYPE(obj), key, attributes, false);
}

// Whether a class's string `key` names a member of its prototype that
// napi_define_class (or a ClassPrototype) declared, rather than one of the class's
// own properties: in JS `Class.method` is undefined, `Class.prototype.method` is it.
static int is_declared_member(PyObject* cls, PyObject* key) {
  PyObject* mro = reinterpret_cast<PyTypeObject*>(cls)->tp_mro;
  for (Py_ssize_t i = 0; mro != nullptr && i < PyTuple_GET_SIZE(mro); i++) {
    auto* tp = reinterpret_cast<PyTypeObject*>(PyTuple_GET_ITEM(mro, i));
    if (tp == &ClassBaseType) break;
    PyObject* attrs = PyDict_GetItemWithError(tp->tp_dict, member_attributes_key());
    if (attrs == nullptr && PyErr_Occurred()) return -1;
    int in = attrs != nullptr ? PyDict_Contains(attrs, key) : 0;
    if (in != 0) return in;
    in = PyDict_Contains(tp->tp_dict, key);
    if (in != 0) return in < 0 ? -1 : 0;  // a static, or a Python attribute
  }
  return 0;
}

// ---------------------------------------------------------------------------
// A class's prototype object: JS `Class.prototype`, and what napi_get_prototype
// gives for an instance. The members stay in the type dict (instances find them
// there); this object is the view an addon reads and changes them through, made
// once per class and kept in its type dict.
// ---------------------------------------------------------------------------
struct ClassPrototypeObject {
  PyObject_HEAD
  PyObject* cls;  // owned
  // Set at run time (Object.setPrototypeOf, node_api_set_prototype), else NULL (the
  // default): `parent`, the prototype of Class.prototype (default: the base class's
  // prototype object, or Object.prototype); `ctor_parent`, the prototype of the
  // class itself (the constructor, whose statics a JS subclass inherits).
  PyObject* parent;
  PyObject* ctor_parent;
};
static PyObject* prototype_object_key() {
  static PyObject* key = PyUnicode_InternFromString("__napi_prototype__");
  return key;
}
// How many class prototype objects have a `parent` (objects.cc, "Prototypes set at
// run time"): while none has, class members are looked up as before.
static Py_ssize_t class_parents_set = 0;

// Whether the prototype chain of `obj` (an Object-family value) may differ from what
// its Python type says: it was given a prototype, or it is a class instance while
// some class's prototype object has a parent of its own. Property reads, writes,
// has and napi_instanceof then walk the chain set at run time.
static inline bool chain_was_set(PyObject* obj) {
  return reinterpret_cast<ObjectObject*>(obj)->proto != nullptr ||
         (class_parents_set > 0 && PyObject_TypeCheck(obj, &ClassBaseType));
}

static int class_prototype_clear(PyObject* self) {
  auto* p = reinterpret_cast<ClassPrototypeObject*>(self);
  Py_CLEAR(p->cls);
  if (p->parent != nullptr) class_parents_set--;
  Py_CLEAR(p->parent);
  Py_CLEAR(p->ctor_parent);
  return 0;
}
static void class_prototype_dealloc(PyObject* self) {
  PyObject_GC_UnTrack(self);
  class_prototype_clear(self);
  PyObject_GC_Del(self);
}
static int class_prototype_traverse(PyObject* self, visitproc visit, void* arg) {
  auto* p = reinterpret_cast<ClassPrototypeObject*>(self);
  Py_VISIT(p->cls);
  Py_VISIT(p->parent);
  Py_VISIT(p->ctor_parent);
  return 0;
}
static PyObject* class_prototype_repr(PyObject* self) {
  PyObject* cls = reinterpret_cast<ClassPrototypeObject*>(self)->cls;
  return PyUnicode_FromFormat("<prototype of %s>",
                              cls != nullptr ? reinterpret_cast<PyTypeObject*>(cls)->tp_name : "?");
}
static PyObject* class_prototype_cls(PyObject* self, void*) {
  PyObject* cls = reinterpret_cast<ClassPrototypeObject*>(self)->cls;
  return Py_NewRef(cls != nullptr ? cls : Py_None);
}
static PyGetSetDef class_prototype_getset[] = {
    {"constructor", class_prototype_cls, nullptr, "The class.", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};

// Python's view of a prototype object, the reads an addon makes on it (js_get,
// js_has): `proto.name` reads the property through the chain, as JS
// `Cls.prototype.name` does (a method as the unbound JS function bound to the
// prototype, as `obj.fn` binds; an accessor's getter runs with `this` = the
// prototype; Object.prototype's members at the end); AttributeError when JS finds
// nothing. `proto[key]` and `key in proto` (a str or a Symbol key) see its own
// properties, as on an Object: the class's own members and `constructor`.
static PyObject* class_prototype_getattro(PyObject* self, PyObject* name) {
  PyObject* r = PyObject_GenericGetAttr(self, name);  // (constructor, __class__...)
  if (r != nullptr || !PyErr_ExceptionMatches(PyExc_AttributeError)) return r;
  return js_getattr_after_miss(self, name);
}

// objects.h
PyObject* js_getattr_after_miss(PyObject* self, PyObject* name) {
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  int has = js_has(self, name, false);
  if (has == 0) {
    PyErr_Restore(type, value, tb);  // (the AttributeError)
    return nullptr;
  }
  Py_XDECREF(type);
  Py_XDECREF(value);
  Py_XDECREF(tb);
  if (has < 0) return nullptr;
  PyObject* v = js_get(self, name);
  return v != nullptr ? bind_js_method_steal(v, self) : nullptr;
}
static int class_prototype_contains(PyObject* self, PyObject* key) {
  return is_property_key(key) ? js_has(self, key, true) : 0;
}
// `obj[key]` from Python once `has` (1/0/-1) says whether obj has that own property:
// its value as JS reads it, KeyError when it has none.
static PyObject* own_item(PyObject* obj, PyObject* key, int has) {
  if (has <= 0) {
    if (has == 0) PyErr_SetObject(PyExc_KeyError, key);
    return nullptr;
  }
  PyObject* v = js_get(obj, key);
  return v != nullptr ? py_from_js_steal(v) : nullptr;
}
static PyObject* class_prototype_subscript(PyObject* self, PyObject* key) {
  return own_item(self, key, class_prototype_contains(self, key));
}
static PyMappingMethods class_prototype_as_mapping = {nullptr, class_prototype_subscript, nullptr};
static PySequenceMethods class_prototype_as_sequence = {};

// The prototype object of a class (borrowed: its type dict holds it), or NULL.
static PyObject* class_prototype(PyObject* cls) {
  if (!(ClassPrototypeType.tp_flags & Py_TPFLAGS_READY)) {
    ClassPrototypeType.tp_basicsize = sizeof(ClassPrototypeObject);
    ClassPrototypeType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC;
    ClassPrototypeType.tp_doc = "The prototype object of a class an addon defined.";
    ClassPrototypeType.tp_dealloc = class_prototype_dealloc;
    ClassPrototypeType.tp_traverse = class_prototype_traverse;
    ClassPrototypeType.tp_clear = class_prototype_clear;
    ClassPrototypeType.tp_repr = class_prototype_repr;
    ClassPrototypeType.tp_getset = class_prototype_getset;
    ClassPrototypeType.tp_getattro = class_prototype_getattro;
    ClassPrototypeType.tp_as_mapping = &class_prototype_as_mapping;
    class_prototype_as_sequence.sq_contains = class_prototype_contains;
    ClassPrototypeType.tp_as_sequence = &class_prototype_as_sequence;
    if (PyType_Ready(&ClassPrototypeType) < 0) return nullptr;
  }
  auto* tp = reinterpret_cast<PyTypeObject*>(cls);
  PyObject* p = PyDict_GetItemWithError(tp->tp_dict, prototype_object_key());
  if (p != nullptr || PyErr_Occurred()) return p;
  auto* o = PyObject_GC_New(ClassPrototypeObject, &ClassPrototypeType);
  if (o == nullptr) return nullptr;
  o->cls = Py_NewRef(cls);
  o->parent = nullptr;
  o->ctor_parent = nullptr;
  PyObject_GC_Track(o);
  p = reinterpret_cast<PyObject*>(o);
  int rc = PyDict_SetItem(tp->tp_dict, prototype_object_key(), p);
  Py_DECREF(p);  // the type dict holds it
  if (rc < 0) return nullptr;
  PyType_Modified(tp);
  return p;
}
static inline PyTypeObject* prototype_class(PyObject* proto) {
  return reinterpret_cast<PyTypeObject*>(reinterpret_cast<ClassPrototypeObject*>(proto)->cls);
}

// Defines a member on a class's prototype (napi_set_property / napi_define_properties
// on Class.prototype): in the type dict, with its attributes. 0, 1 refused, -1.
static int prototype_define(PyObject* proto, PyObject* key, PyObject* value, PyObject* getter,
                            PyObject* setter, int attributes) {
  PyTypeObject* tp = prototype_class(proto);
  PyObject* cls = reinterpret_cast<PyObject*>(tp);
  int old = kDefaultAttributes;
  PyObject* existing = members_lookup(tp, key, &old, true);
  if (existing == nullptr && PyErr_Occurred()) return -1;
  if (existing != nullptr && !(old & napi_configurable)) return 1;
  PyObject* attrs_dict = type_side_dict(cls, member_attributes_key(), true);
  if (attrs_dict == nullptr) return -1;
  bool accessor = getter != nullptr || setter != nullptr;
  PyObject* member = accessor ? new_accessor(key, getter, setter) : Py_NewRef(value ? value : Py_None);
  if (member == nullptr) return -1;
  int rc = PyUnicode_Check(key) ? type_dict_set(cls, key, member)
                                : class_add_symbol_member(cls, key, member);
  Py_DECREF(member);
  PyObject* a = rc == 0 ? PyLong_FromLong(attributes) : nullptr;
  if (a == nullptr || PyDict_SetItem(attrs_dict, key, a) < 0) rc = -1;
  Py_XDECREF(a);
  PyType_Modified(tp);
  return rc;
}

// 1 deleted (or absent), 0 refused (not configurable), -1.
static int prototype_delete(PyObject* proto, PyObject* key) {
  PyTypeObject* tp = prototype_class(proto);
  int attrs = kDefaultAttributes;
  PyObject* existing = members_lookup(tp, key, &attrs, true);
  if (existing == nullptr) return PyErr_Occurred() ? -1 : 1;
  if (!(attrs & napi_configurable)) return 0;
  PyObject* cls = reinterpret_cast<PyObject*>(tp);
  PyObject* d = PyUnicode_Check(key) ? tp->tp_dict : type_side_dict(cls, symbol_members_key(), false);
  if (d == nullptr || PyDict_DelItem(d, key) < 0) return -1;
  PyObject* attrs_dict = type_side_dict(cls, member_attributes_key(), false);
  if (attrs_dict != nullptr && PyDict_DelItem(attrs_dict, key) < 0) PyErr_Clear();
  PyType_Modified(tp);
  return 1;
}

// A class's own symbol-keyed property, looked up through its base classes as JS
// inherits statics (Sub.__proto__ is Base). Borrowed PropertySlot or NULL.
static PropertySlotObject* class_symbol_slot(PyObject* cls, PyObject* key, bool own_only) {
  PyObject* mro = reinterpret_cast<PyTypeObject*>(cls)->tp_mro;
  Py_ssize_t n = mro != nullptr ? PyTuple_GET_SIZE(mro) : 0;
  for (Py_ssize_t i = 0; i < n; i++) {
    PyObject* tp = PyTuple_GET_ITEM(mro, i);
    if (tp == reinterpret_cast<PyObject*>(&ClassBaseType)) break;
    PyObject* d = type_side_dict(tp, symbol_statics_key(), false);
    PyObject* s = d != nullptr ? PyDict_GetItemWithError(d, key) : nullptr;
    if (s != nullptr) return reinterpret_cast<PropertySlotObject*>(s);
    if (PyErr_Occurred() || own_only) return nullptr;
  }
  return nullptr;
}

// A static data value of a class, as its type dict holds it: read through the class
// (or a subclass) it is the value; read through an instance it is missing, since a
// JS static is an own property of the constructor, not on the prototype. Not a data
// descriptor: assigning from Python replaces it.
struct StaticValueObject {
  PyObject_HEAD
  PyObject* value;
  PyObject* name;  // the key, for the error message
};
static PyObject* static_value_get(PyObject* self, PyObject* obj, PyObject*) {
  if (obj != nullptr && obj != Py_None && !PyType_Check(obj)) {
    PyErr_Format(PyExc_AttributeError,
                 "'%.100s' object has no attribute %R (a static member of the class)",
                 Py_TYPE(obj)->tp_name, reinterpret_cast<StaticValueObject*>(self)->name);
    return nullptr;
  }
  PyObject* value = reinterpret_cast<StaticValueObject*>(self)->value;  // NULL once cleared
  return py_from_js_steal(Py_NewRef(value != nullptr ? value : Py_None));
}
static void static_value_dealloc(PyObject* self) {
  PyObject_GC_UnTrack(self);
  Py_CLEAR(reinterpret_cast<StaticValueObject*>(self)->value);
  Py_CLEAR(reinterpret_cast<StaticValueObject*>(self)->name);
  PyObject_GC_Del(self);
}
static int static_value_traverse(PyObject* self, visitproc visit, void* arg) {
  Py_VISIT(reinterpret_cast<StaticValueObject*>(self)->value);
  return 0;
}
static int static_value_clear(PyObject* self) {
  Py_CLEAR(reinterpret_cast<StaticValueObject*>(self)->value);
  return 0;
}
static PyMemberDef static_value_members[] = {
    {"value", T_OBJECT, offsetof(StaticValueObject, value), READONLY, "The static value."},
    {nullptr, 0, 0, 0, nullptr}};
static PyTypeObject StaticValueType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.StaticValue"};

// What a class's type dict holds for the static `value` named `name` (new reference): a static
// function as itself (its descriptor binds `this` to the class), anything else
// wrapped in a StaticValue.
PyObject* static_member(PyObject* value, PyObject* name) {
  if (Py_TYPE(value) == &FunctionType && reinterpret_cast<FunctionObject*>(value)->is_static)
    return Py_NewRef(value);
  if (!(StaticValueType.tp_flags & Py_TPFLAGS_READY)) {
    StaticValueType.tp_basicsize = sizeof(StaticValueObject);
    StaticValueType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC;
    StaticValueType.tp_doc = "A static data value of a class an addon defined.";
    StaticValueType.tp_dealloc = static_value_dealloc;
    StaticValueType.tp_traverse = static_value_traverse;
    StaticValueType.tp_clear = static_value_clear;
    StaticValueType.tp_descr_get = static_value_get;
    StaticValueType.tp_members = static_value_members;
    if (PyType_Ready(&StaticValueType) < 0) return nullptr;
  }
  auto* v = PyObject_GC_New(StaticValueObject, &StaticValueType);
  if (v == nullptr) return nullptr;
  v->value = Py_NewRef(value);
  v->name = Py_NewRef(name);
  PyObject_GC_Track(v);
  return reinterpret_cast<PyObject*>(v);
}

// The JSTypeError of strict JS for a change to a class's static it refused: a write
// to a static accessor without a setter or to a read-only static, or the deletion of
// a non-configurable one.
// (`accessor`: the refused write was to an accessor; a key is written as str() gives
// it, a Symbol as Symbol(description), as Node's messages do.)
[[gnu::cold, gnu::noinline]] static void class_refused_change(PyObject* cls, PyObject* key,
                                                             bool accessor, bool deletion) {
  const char* name = reinterpret_cast<PyTypeObject*>(cls)->tp_name;
  const char* dot = strrchr(name, '.');
  if (dot != nullptr) name = dot + 1;
  if (deletion)
    PyErr_Format(python_types.JSTypeError,
                 "Cannot delete property '%S' of function %s() { [native code] }", key, name);
  else if (accessor)
    PyErr_Format(python_types.JSTypeError,
                 "Cannot set property %S of function %s() { [native code] } which has only a getter",
                 key, name);
  else
    PyErr_Format(python_types.JSTypeError,
                 "Cannot assign to read only property '%S' of function 'function %s() { [native code] }'",
                 key, name);
}

// Assignment to a class's string-keyed property: a static accessor's setter, else a
// static value (the class's own property). 1 set, 0 refused, -1 error.
static int class_str_set(PyObject* cls, PyObject* key, PyObject* value) {
  PyObject* mro = reinterpret_cast<PyTypeObject*>(cls)->tp_mro;
  for (Py_ssize_t i = 0; mro != nullptr && i < PyTuple_GET_SIZE(mro); i++) {
    auto* tp = reinterpret_cast<PyTypeObject*>(PyTuple_GET_ITEM(mro, i));
    if (tp == &ClassBaseType) break;
    PyObject* m = PyDict_GetItemWithError(tp->tp_dict, key);
    if (m == nullptr) {
      if (PyErr_Occurred()) return -1;
      continue;
    }
    if (Py_TYPE(m) == &AccessorType && reinterpret_cast<AccessorObject*>(m)->is_static) {
      auto* a = reinterpret_cast<AccessorObject*>(m);
      if (a->setter == nullptr) return 0;
      return invoke_setter(a->setter, cls, value) < 0 ? -1 : 1;
    }
    break;
  }
  int attrs;
  int own = class_static_attributes(cls, key, &attrs);
  if (own < 0) return -1;
  if (own == 1 && !(attrs & napi_writable)) return 0;
  if (own == 0 && function_builtin_key(key, &attrs)) return 0;  // (a type's own)
  PyObject* member = static_member(value, key);
  int rc = member != nullptr ? type_dict_set(cls, key, member) : -1;
  Py_XDECREF(member);
  if (rc == 0 && own == 0) rc = class_record_static(cls, key, kDefaultAttributes);
  return rc < 0 ? -1 : 1;
}

// `Cls.prototype = v` / `del Cls.prototype`: a class keeps its one prototype object
// (its members live in the type dicts, which instances read), so replacing it is
// refused, where JS would let a FunctionTemplate's writable `prototype` be replaced
// for later `new` calls. A Python class attribute named `prototype` (a subclass's
// body) is Python's to assign.
[[gnu::cold, gnu::noinline]] static int prototype_replacement_refused(PyObject* cls) {
  PyErr_Format(PyExc_TypeError,
               "cannot replace the prototype object of class '%s': change its members instead",
               reinterpret_cast<PyTypeObject*>(cls)->tp_name);
  return -1;
}

// `Cls.x = v` and `del Cls.x` from Python (ClassType's tp_setattro): where `x` is a
// static of a class napi_define_class made (a static accessor, method or value, found
// along the MRO as JS finds it along the constructors' prototype chain), the
// assignment is the one napi_set_property on the class makes, and the deletion
// napi_delete_property's: the setter runs with `this` = the class, a static value
// stays a static (instances do not see it), and what its attributes refuse raises the
// JSTypeError of strict JS. Any other name is Python's own class-attribute assignment
// (a method patched onto the class from Python is seen by its instances).
int class_type_setattro(PyObject* cls, PyObject* name, PyObject* value) {
  if (PyUnicode_Check(name) && is_class_type(cls)) {
    PyObject* m = _PyType_Lookup(reinterpret_cast<PyTypeObject*>(cls), name);
    PyTypeObject* mt = m != nullptr ? Py_TYPE(m) : nullptr;
    bool is_static = (mt == &AccessorType && reinterpret_cast<AccessorObject*>(m)->is_static) ||
                     (mt == &FunctionType && reinterpret_cast<FunctionObject*>(m)->is_static) ||
                     mt == &StaticValueType;
    if (is_static) {
      Py_INCREF(m);  // (the write may replace it)
      int r = value != nullptr ? class_str_set(cls, name, value) : js_delete(cls, name);
      if (r == 0) class_refused_change(cls, name, Py_TYPE(m) == &AccessorType, value == nullptr);
      Py_DECREF(m);
      return r > 0 ? 0 : -1;
    }
    if (m == nullptr && PyUnicode_CompareWithASCIIString(name, "prototype") == 0)
      return prototype_replacement_refused(cls);
  }
  return type_setattr(cls, name, value);
}

// `Cls.prototype` from Python: the class's prototype object (the one `Cls["prototype"]`,
// napi_get_property on the class and napi_get_prototype of an instance give). A
// non-data descriptor in ClassType's dict (install_class_prototype_attribute): Python
// looks a class's own attributes up first, so a `prototype` a Python subclass's body
// defines comes before it, instances do not see it (a JS instance has no own
// `prototype`), and reading any other name of a class costs nothing more.
static PyObject* prototype_attribute_get(PyObject* self, PyObject* obj, PyObject*) {
  if (obj == nullptr) return Py_NewRef(self);  // (read on ClassType itself: the descriptor)
  if (!is_class_type(obj)) {
    PyErr_SetString(PyExc_AttributeError, "prototype");
    return nullptr;
  }
  return Py_XNewRef(class_prototype(obj));
}
static PyTypeObject PrototypeAttributeType = {
    PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.ClassPrototypeAttribute"};

// objects.h
int install_class_prototype_attribute(PyTypeObject* metatype) {
  PrototypeAttributeType.tp_basicsize = sizeof(PyObject);
  PrototypeAttributeType.tp_flags = Py_TPFLAGS_DEFAULT;
  PrototypeAttributeType.tp_doc = "Cls.prototype: the prototype object of a class.";
  PrototypeAttributeType.tp_descr_get = prototype_attribute_get;
  if (PyType_Ready(&PrototypeAttributeType) < 0) return -1;
  PyObject* d = PyType_GenericAlloc(&PrototypeAttributeType, 0);
  if (d == nullptr) return -1;
  int rc = PyDict_SetItemString(metatype->tp_dict, "prototype", d);
  Py_DECREF(d);
  PyType_Modified(metatype);
  return rc;
}

// Whether `key` (a str or a Symbol) is a class's own property as `Cls[key]` sees it:
// what napi_has_own_property finds on the class (its statics, name, length,
// prototype...), and a symbol-keyed static a base class defined, as JS subclasses
// inherit statics and as `Sub.VERSION` finds a str-keyed one. 1, 0, or -1.
static int class_item_has(PyObject* cls, PyObject* key) {
  if (PyUnicode_Check(key)) return js_has(cls, key, true);
  return class_symbol_slot(cls, key, false) != nullptr ? 1 : (PyErr_Occurred() ? -1 : 0);
}

// `Cls[key]` from Python (ClassType's mp_subscript): with a str or a Symbol key, the
// class's own property as JS `Cls[key]` reads it (the static: a static accessor's
// getter runs with `this` = the class), as `inst[key]` reads an instance's own
// property; KeyError when the class has no such property of its own. Any other key
// is dict's `__class_getitem__` (typing: `Counter[int]`), as before.
PyObject* class_type_subscript(PyObject* cls, PyObject* key) {
  if (is_class_type(cls) && is_property_key(key)) return own_item(cls, key, class_item_has(cls, key));
  PyObject* getitem = PyObject_GetAttrString(cls, "__class_getitem__");
  if (getitem == nullptr) {
    if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
      PyErr_Clear();
      PyErr_Format(PyExc_TypeError, "type '%.200s' is not subscriptable",
                   reinterpret_cast<PyTypeObject*>(cls)->tp_name);
    }
    return nullptr;
  }
  PyObject* r = PyObject_CallOneArg(getitem, key);
  Py_DECREF(getitem);
  return r;
}

// `key in Cls` (ClassType's sq_contains): whether `Cls[key]` finds a property (a str
// or a Symbol key); False for any other key.
int class_type_contains(PyObject* cls, PyObject* key) {
  return is_class_type(cls) && is_property_key(key) ? class_item_has(cls, key) : 0;
}

// `Cls[key] = v` and `del Cls[key]` (ClassType's mp_ass_subscript): a str key is
// `Cls.key = v` (class_type_setattro: a static's setter, a read-only static refused);
// a Symbol key the assignment napi_set_property on the class makes (a symbol-keyed
// static accessor's setter runs with `this` = the class), or napi_delete_property.
// What the static's attributes refuse raises strict JS's JSTypeError.
int class_type_ass_subscript(PyObject* cls, PyObject* key, PyObject* value) {
  if (!is_class_type(cls) || !is_property_key(key)) {
    PyErr_Format(PyExc_TypeError, "'%.200s' object does not support item %s",
                 Py_TYPE(cls)->tp_name, value != nullptr ? "assignment" : "deletion");
    return -1;
  }
  if (PyUnicode_Check(key)) return class_type_setattro(cls, key, value);
  int r = value != nullptr ? js_set(cls, key, value) : js_delete(cls, key);
  if (r != 0) return r < 0 ? -1 : 0;
  PropertySlotObject* slot = class_symbol_slot(cls, key, false);
  if (slot == nullptr && PyErr_Occurred()) return -1;
  bool accessor = slot != nullptr && (slot->getter != nullptr || slot->setter != nullptr);
  class_refused_change(cls, key, accessor, value == nullptr);
  return -1;
}

// Defines a class's own symbol-keyed property (napi_define_properties on the class,
// or a static member of napi_define_class). 0, 1 refused (not configurable), -1.
static int class_symbol_define(PyObject* cls, PyObject* key, PyObject* value, PyObject* getter,
                               PyObject* setter, int attributes) {
  PyObject* d = type_side_dict(cls, symbol_statics_key(), true);
  if (d == nullptr) return -1;
  PyObject* existing = PyDict_GetItemWithError(d, key);
  if (existing == nullptr && PyErr_Occurred()) return -1;
  if (existing != nullptr &&
      !(reinterpret_cast<PropertySlotObject*>(existing)->attributes & napi_configurable))
    return 1;
  bool accessor = getter != nullptr || setter != nullptr;
  PyObject* s = new_slot(accessor ? nullptr : (value ? value : Py_None), getter, setter, attributes);
  if (s == nullptr) return -1;
  int rc = PyDict_SetItem(d, key, s);
  Py_DECREF(s);
  return rc;
}

// Assignment to a class's symbol-keyed property. 1 set, 0 refused, -1 error.
static int class_symbol_set(PyObject* cls, PyObject* key, PyObject* value) {
  PropertySlotObject* slot = class_symbol_slot(cls, key, false);
  if (slot == nullptr && PyErr_Occurred()) return -1;
  if (slot != nullptr) {
    if (slot->getter != nullptr || slot->setter != nullptr)
      return slot->setter != nullptr ? (invoke_setter(slot->setter, cls, value) < 0 ? -1 : 1) : 0;
    if (!(slot->attributes & napi_writable)) return 0;
    PropertySlotObject* own = class_symbol_slot(cls, key, true);
    if (own == slot) {
      Py_SETREF(slot->value, Py_NewRef(value));
      return 1;
    }
    if (PyErr_Occurred()) return -1;
  }
  return class_symbol_define(cls, key, value, nullptr, nullptr, kDefaultAttributes) < 0 ? -1 : 1;
}

// 1 deleted (or absent), 0 refused (not configurable), -1 error.
static int class_symbol_delete(PyObject* cls, PyObject* key) {
  PyObject* d = type_side_dict(cls, symbol_statics_key(), false);
  PyObject* s = d != nullptr ? PyDict_GetItemWithError(d, key) : nullptr;
  if (s == nullptr) return PyErr_Occurred() ? -1 : 1;
  if (!(reinterpret_cast<PropertySlotObject*>(s)->attributes & napi_configurable)) return 0;
  return PyDict_DelItem(d, key) < 0 ? -1 : 1;
}

// What every object inherits from Object.prototype (toString, hasOwnProperty...).
static PyObject* object_prototype_get(PyObject* key) {
  PyObject* proto = python_types.object_prototype;
  if (proto != nullptr) {
    PyObject* v = PyDict_GetItemWithError(proto, key);
    if (v != nullptr) return Py_NewRef(v);
    if (PyErr_Occurred()) return nullptr;
  }
  Py_RETURN_NONE;
}

// Members of String.prototype / Array.prototype... for a string, a list, a binary
// value, a promise or a date, then of Object.prototype (which every prototype chain
// ends in: [].valueOf, "".hasOwnProperty).
static PyObject* builtin_prototype_get(PyObject* proto, PyObject* key) {
  if (!PyUnicode_Check(key)) {
    // A symbol-keyed member (Array.prototype[Symbol.iterator]): the prototype
    // object's own symbol properties.
    if (proto != nullptr && Py_TYPE(key) == &SymbolType) return js_get(proto, key);
    Py_RETURN_NONE;
  }
  if (proto != nullptr) {
    PyObject* v = PyDict_GetItemWithError(proto, key);
    if (v != nullptr) return Py_NewRef(v);
    if (PyErr_Occurred()) return nullptr;
  }
  return object_prototype_get(key);
}

static int object_prototype_has(PyObject* key) {
  PyObject* proto = python_types.object_prototype;
  return proto != nullptr ? PyDict_Contains(proto, key) : 0;
}

static int builtin_prototype_has(PyObject* proto, PyObject* key) {
  if (Py_TYPE(key) == &SymbolType) return proto != nullptr ? js_has(proto, key, false) : 0;
  int r = proto != nullptr ? PyDict_Contains(proto, key) : 0;
  return r != 0 ? r : object_prototype_has(key);
}

// The binary values (buffers.h, is_binary_value): python_types.binary_prototype
// after their own properties. bytes, bytearray and memoryview are Buffers and nothing
// else: their Python methods (title, hex, decode) are no JS properties.
static inline bool is_python_byte_buffer(PyObject* obj) {
  return PyBytes_Check(obj) || PyByteArray_Check(obj) || PyMemoryView_Check(obj);
}
// A Buffer for an addon: napi_python.Buffer, bytes, bytearray, a memoryview of bytes
// (one of another format is the typed array of that format). Its
// prototype is python_types.buffer_prototype (Node's Buffer.prototype), then the
// binary values'.
static inline bool is_buffer_value(PyObject* obj) {
  return PyObject_TypeCheck(obj, BufferTypePtr) || PyBytes_Check(obj) || PyByteArray_Check(obj) ||
         (PyMemoryView_Check(obj) && PyMemoryView_GET_BUFFER(obj)->itemsize == 1);
}
static inline PyObject* own_binary_prototype(PyObject* obj) {
  return is_arraybuffer(obj) ? python_types.arraybuffer_prototype
         : is_dataview(obj)  ? python_types.dataview_prototype
                             : nullptr;
}
static PyObject* binary_prototype_get(PyObject* obj, PyObject* key) {
  if (PyUnicode_Check(key) && python_types.buffer_prototype != nullptr && is_buffer_value(obj)) {
    PyObject* v = PyDict_GetItemWithError(python_types.buffer_prototype, key);
    if (v != nullptr && Py_TYPE(v) == &PyProperty_Type)  // a getter (parent, offset)
      return PyObject_CallMethod(v, "__get__", "O", obj);
    if (v != nullptr) return Py_NewRef(v);
    if (PyErr_Occurred()) return nullptr;
  }
  // An ArrayBuffer's and a DataView's prototype is their own (ArrayBuffer.prototype,
  // DataView.prototype: none of TypedArray's methods), whose getters (resizable,
  // maxByteLength) are Python properties called with the value.
  PyObject* own = own_binary_prototype(obj);
  if (own != nullptr && PyUnicode_Check(key)) {
    PyObject* v = PyDict_GetItemWithError(own, key);
    if (v != nullptr && Py_TYPE(v) == &PyProperty_Type) return PyObject_CallMethod(v, "__get__", "O", obj);
    if (v == nullptr && PyErr_Occurred()) return nullptr;
  }
  return builtin_prototype_get(own != nullptr ? own : python_types.binary_prototype, key);
}
static int binary_prototype_has(PyObject* obj, PyObject* key) {
  if (python_types.buffer_prototype != nullptr && is_buffer_value(obj)) {
    int r = PyDict_Contains(python_types.buffer_prototype, key);
    if (r != 0) return r;
  }
  PyObject* own = own_binary_prototype(obj);
  return builtin_prototype_has(own != nullptr ? own : python_types.binary_prototype, key);
}

// A method of a builtin value that Python implements as a method of its type
// (ta.subarray, ta.slice, a numpy array's fill) is, for an addon, the member of its
// JS prototype (binary_prototype_get: Buffer.prototype's, then TypedArray's), when it
// has one of that name: a JS function that takes `this` from the call, so that
// napi_call_function(env, other, fn, ...) applies it to `other`, as in Node (the
// Python method is bound to the value it was read from). Steals `bound`.
static PyObject* prototype_method_for_python_method(PyObject* obj, PyObject* key, PyObject* bound) {
  if (!PyUnicode_Check(key) || !is_binary_value(obj)) return bound;
  int has = binary_prototype_has(obj, key);
  if (has == 0) return bound;
  Py_DECREF(bound);
  return has < 0 ? nullptr : binary_prototype_get(obj, key);
}

// The value of a prototype member read through `self` (an instance, or the prototype
// object: then a Python descriptor is read unbound). New reference.
static PyObject* member_value(PyObject* member, PyObject* self, PyTypeObject* type) {
  PyTypeObject* mt = Py_TYPE(member);
  if (mt == &FunctionType) return Py_NewRef(member);  // unbound: the caller passes `this`
  if (mt == &MethodType)  // a prototype method: the JS function itself, unbound
    return Py_NewRef(reinterpret_cast<PyObject*>(reinterpret_cast<MethodObject*>(member)->func));
  if (mt == &AccessorType) {
    auto* a = reinterpret_cast<AccessorObject*>(member);
    return a->getter != nullptr ? invoke_getter(a->getter, self) : Py_NewRef(Py_None);
  }
  if (mt->tp_descr_get != nullptr)
    return mt->tp_descr_get(member, Py_TYPE(self) == &ClassPrototypeType ? nullptr : self,
                            reinterpret_cast<PyObject*>(type));
  return Py_NewRef(member);
}

// Own property lookup: the dict, then slots, an accessor's getter run with `receiver`
// as `this`. Returns a new reference, NULL with no error when absent, NULL with an
// error on failure.
static PyObject* object_own_get_for(PyObject* self, PyObject* key, PyObject* receiver) {
  auto* o = reinterpret_cast<ObjectObject*>(self);
  if (o->slots != nullptr) {
    // Slots first: an accessor may have a placeholder entry in the dict.
    PyObject* s = PyDict_GetItemWithError(o->slots, key);
    if (s == nullptr && PyErr_Occurred()) return nullptr;
    if (s != nullptr) {
      auto* slot = reinterpret_cast<PropertySlotObject*>(s);
      if (slot->getter != nullptr || slot->setter != nullptr) {
        if (slot->getter == nullptr) Py_RETURN_NONE;
        return invoke_getter(slot->getter, receiver);
      }
      if (slot->value != nullptr) return Py_NewRef(slot->value);
    }
  }
  PyObject* v = PyDict_GetItemWithError(self, key);
  if (v != nullptr) return Py_NewRef(v);
  return nullptr;
}
PyObject* object_own_get(PyObject* self, PyObject* key) {
  return object_own_get_for(self, key, self);
}

// ---------------------------------------------------------------------------
// Prototypes set at run time (Object.setPrototypeOf, Object.create,
// node_api_set_prototype; js_set_prototype below). A plain object or a class
// instance keeps the prototype it was given in its `proto` field; a class's
// prototype object keeps its own in `parent` (and the class, as a constructor, in
// `ctor_parent`). Property reads and `in` follow that chain: each link's own
// properties (an accessor's getter runs with the receiver as `this`), then the
// link's prototype, to null. Without any, nothing here runs: the prototype of an
// object is its Python type, as before.
// ---------------------------------------------------------------------------
static const int kMaxChain = 10000;        // (js_set_prototype refuses cycles)

// The prototype object of a class if it was made (borrowed), else NULL.
// (PyDict_GetItem: a str key in a type dict cannot fail, and an exception already
// set, as the AttributeError js_get looks at, stays as it is.)
static ClassPrototypeObject* existing_class_prototype(PyTypeObject* tp) {
  if (tp->tp_dict == nullptr) return nullptr;
  PyObject* p = PyDict_GetItem(tp->tp_dict, prototype_object_key());
  if (p == nullptr || Py_TYPE(p) != &ClassPrototypeType) return nullptr;
  return reinterpret_cast<ClassPrototypeObject*>(p);
}

static PyObject* chain_get(PyObject* proto, PyObject* key, PyObject* receiver);
static int chain_has(PyObject* proto, PyObject* key);

// A read through the prototypes of a class from `tp` on (`key` normalized): each
// class's own members and its prototype's `constructor`, then the parent its
// prototype object was given, or the next class; at the end Object.prototype.
static PyObject* class_chain_get(PyTypeObject* tp, PyObject* key, PyObject* receiver) {
  PyObject* mro = tp->tp_mro;
  Py_ssize_t n = mro != nullptr ? PyTuple_GET_SIZE(mro) : 0;
  for (Py_ssize_t i = 0; i < n; i++) {
    auto* t = reinterpret_cast<PyTypeObject*>(PyTuple_GET_ITEM(mro, i));
    if (t == &ClassBaseType || t == &ObjectType) break;
    PyObject* member = members_lookup(t, key, nullptr, true);
    if (member != nullptr) return member_value(member, receiver, t);
    if (PyErr_Occurred()) return nullptr;
    if (PyUnicode_Check(key) && PyUnicode_CompareWithASCIIString(key, "constructor") == 0)
      return Py_NewRef(reinterpret_cast<PyObject*>(t));
    ClassPrototypeObject* cp = existing_class_prototype(t);
    if (cp != nullptr && cp->parent != nullptr) return chain_get(cp->parent, key, receiver);
  }
  return PyUnicode_Check(key) ? object_prototype_get(key) : Py_NewRef(Py_None);
}

static int class_chain_has(PyTypeObject* tp, PyObject* key) {
  PyObject* mro = tp->tp_mro;
  Py_ssize_t n = mro != nullptr ? PyTuple_GET_SIZE(mro) : 0;
  for (Py_ssize_t i = 0; i < n; i++) {
    auto* t = reinterpret_cast<PyTypeObject*>(PyTuple_GET_ITEM(mro, i));
    if (t == &ClassBaseType || t == &ObjectType) break;
    if (members_lookup(t, key, nullptr, true) != nullptr) return 1;
    if (PyErr_Occurred()) return -1;
    if (PyUnicode_Check(key) && PyUnicode_CompareWithASCIIString(key, "constructor") == 0)
      return 1;
    ClassPrototypeObject* cp = existing_class_prototype(t);
    if (cp != nullptr && cp->parent != nullptr) return chain_has(cp->parent, key);
  }
  return PyUnicode_Check(key) ? object_prototype_has(key) : 0;
}

// A read from `proto` on, for `receiver` (`key` normalized). New reference.
static PyObject* chain_get(PyObject* proto, PyObject* key, PyObject* receiver) {
  for (int depth = 0; depth < kMaxChain; depth++) {
    if (proto == nullptr || proto == NAPI_PY_NULL || proto == Py_None) break;
    if (is_object_family(proto)) {
      PyObject* v = object_own_get_for(proto, key, receiver);
      if (v != nullptr || PyErr_Occurred()) return v;
      auto* o = reinterpret_cast<ObjectObject*>(proto);
      if (o->proto != nullptr) {
        proto = o->proto;
      } else if (PyObject_TypeCheck(proto, &ClassBaseType)) {
        return class_chain_get(Py_TYPE(proto), key, receiver);
      } else {
        proto = proto == python_types.object_prototype ? nullptr : python_types.object_prototype;
      }
      continue;
    }
    if (Py_TYPE(proto) == &ClassPrototypeType) {
      // its own members (and constructor) for `receiver`, and its parents
      return class_chain_get(prototype_class(proto), key, receiver);
    }
    return js_get(proto, key);  // any other object: its own rules (`this` is itself)
  }
  Py_RETURN_NONE;
}

static int chain_has(PyObject* proto, PyObject* key) {
  for (int depth = 0; depth < kMaxChain; depth++) {
    if (proto == nullptr || proto == NAPI_PY_NULL || proto == Py_None) break;
    if (is_object_family(proto)) {
      auto* o = reinterpret_cast<ObjectObject*>(proto);
      int r = PyDict_Contains(proto, key);
      if (r == 0 && o->slots != nullptr) r = PyDict_Contains(o->slots, key);
      if (r == 0 && proto == python_types.object_prototype && PyUnicode_Check(key))
        r = PyUnicode_CompareWithASCIIString(key, "constructor") == 0;  // (as js_has)
      if (r != 0) return r;
      if (o->proto != nullptr) {
        proto = o->proto;
      } else if (PyObject_TypeCheck(proto, &ClassBaseType)) {
        return class_chain_has(Py_TYPE(proto), key);
      } else {
        proto = proto == python_types.object_prototype ? nullptr : python_types.object_prototype;
      }
      continue;
    }
    if (Py_TYPE(proto) == &ClassPrototypeType) return class_chain_has(prototype_class(proto), key);
    return js_has(proto, key, false);
  }
  return 0;
}

// What an assignment finds along a prototype chain set at run time (JS OrdinarySet),
// from `proto` (or the class `tp`) on: 1 an accessor (*setter: its setter, or NULL),
// 2 a read-only data property, 0 nothing that stops the assignment (a writable
// data property, or none), -1 error.
static int chain_find_for_set(PyObject* proto, PyObject* key, PyObject** setter);
static int class_chain_find_for_set(PyTypeObject* tp, PyObject* key, PyObject** setter) {
  PyObject* mro = tp->tp_mro;
  Py_ssize_t n = mro != nullptr ? PyTuple_GET_SIZE(mro) : 0;
  for (Py_ssize_t i = 0; i < n; i++) {
    auto* t = reinterpret_cast<PyTypeObject*>(PyTuple_GET_ITEM(mro, i));
    if (t == &ClassBaseType || t == &ObjectType) break;
    int attributes = kDefaultAttributes;
    PyObject* member = members_lookup(t, key, &attributes, true);
    if (member != nullptr) {
      if (Py_TYPE(member) == &AccessorType) {
        *setter = reinterpret_cast<AccessorObject*>(member)->setter;
        return 1;
      }
      return (attributes & napi_writable) ? 0 : 2;
    }
    if (PyErr_Occurred()) return -1;
    ClassPrototypeObject* cp = existing_class_prototype(t);
    if (cp != nullptr && cp->parent != nullptr) return chain_find_for_set(cp->parent, key, setter);
  }
  return 0;
}
static int chain_find_for_set(PyObject* proto, PyObject* key, PyObject** setter) {
  for (int depth = 0; depth < kMaxChain; depth++) {
    if (proto == nullptr || proto == NAPI_PY_NULL || proto == Py_None) return 0;
    if (Py_TYPE(proto) == &ClassPrototypeType)
      return class_chain_find_for_set(prototype_class(proto), key, setter);
    if (!is_object_family(proto)) return 0;
    auto* o = reinterpret_cast<ObjectObject*>(proto);
    PropertySlotObject* slot = find_slot(o, key);
    if (slot == nullptr && PyErr_Occurred()) return -1;
    if (slot != nullptr && (slot->getter != nullptr || slot->setter != nullptr)) {
      *setter = slot->setter;
      return 1;
    }
    int in_dict = slot != nullptr ? 1 : PyDict_Contains(proto, key);
    if (in_dict < 0) return -1;
    if (in_dict) {
      bool read_only = (slot != nullptr && !(slot->attributes & napi_writable)) ||
                       (o->integrity & kFrozen);
      return read_only ? 2 : 0;
    }
    if (o->proto != nullptr) {
      proto = o->proto;
    } else if (PyObject_TypeCheck(proto, &ClassBaseType)) {
      return class_chain_find_for_set(Py_TYPE(proto), key, setter);
    } else {
      return 0;  // (Object.prototype's members are all writable)
    }
  }
  return 0;
}

static PyObject* object_get(PyObject* obj, PyObject* key) {
  PyObject* v = object_own_get(obj, key);
  if (v != nullptr || PyErr_Occurred()) return v;
  if (int index = string_wrapper_index(obj, key); index != 0)  // (made now)
    return index < 0 ? nullptr : object_own_get(obj, key);
  if (PyObject* proto = reinterpret_cast<ObjectObject*>(obj)->proto) return chain_get(proto, key, obj);
  if (class_parents_set > 0 && PyObject_TypeCheck(obj, &ClassBaseType))
    return class_chain_get(Py_TYPE(obj), key, obj);
  PyObject* member = prototype_lookup(obj, key, nullptr);
  if (member == nullptr) {
    if (PyErr_Occurred()) return nullptr;
    if (!PyUnicode_Check(key)) Py_RETURN_NONE;
    if (PyObject_TypeCheck(obj, &ClassBaseType) && PyUnicode_CompareWithASCIIString(key, "constructor") == 0)
      return Py_NewRef(reinterpret_cast<PyObject*>(Py_TYPE(obj)));
    return object_prototype_get(key);
  }
  return member_value(member, obj, Py_TYPE(obj));
}

// A Python awaitable (coroutine, Future, Task, anything with __await__): a promise
// to addons, with then/catch/finally from python_types.promise_prototype
// (napi_python/_promise.pxi) when it has no such attribute of its own.
static bool is_awaitable(PyObject* obj) {
  PyAsyncMethods* am = Py_TYPE(obj)->tp_as_async;
  return am != nullptr && am->am_await != nullptr;
}

// A date as addons see it (a datetime, or napi_python.Date): Date.prototype's
// methods (getTime, valueOf, toISOString...) from napi_python/_globals.py.
static bool is_date(PyObject* obj) {
  return (python_types.datetime != nullptr &&
          PyObject_TypeCheck(obj, reinterpret_cast<PyTypeObject*>(python_types.datetime))) ||
         (python_types.Date != nullptr &&
          PyObject_TypeCheck(obj, reinterpret_cast<PyTypeObject*>(python_types.Date)));
}

// An error's `stack`, as V8 writes it: the error's string (Error.prototype.toString:
// "TypeError: msg"), then a line per frame, innermost first and at most 10
// (Error.stackTraceLimit): "    at func (file:line)". The frames are the Python ones
// the exception went through (an error not raised yet has none; V8's lists the JS
// callers, which an addon loaded here does not have). New reference.
static PyObject* error_stack(PyObject* err) {
  PyObject* out = js_to_string(err);
  if (out == nullptr) return nullptr;
  PyObject* frames = PyList_New(0);  // outermost first, as the traceback runs
  if (frames == nullptr) {
    Py_DECREF(out);
    return nullptr;
  }
  PyObject* tb = PyException_GetTraceback(err);
  while (tb != nullptr && tb != Py_None && PyTraceBack_Check(tb)) {
    auto* t = reinterpret_cast<PyTracebackObject*>(tb);
    PyCodeObject* code = PyFrame_GetCode(t->tb_frame);
    PyObject* lineno = PyObject_GetAttrString(tb, "tb_lineno");
    PyObject* line = code != nullptr && lineno != nullptr
                         ? PyUnicode_FromFormat("\n    at %U (%U:%S)", code->co_name,
                                                code->co_filename, lineno)
                         : nullptr;
    Py_XDECREF(reinterpret_cast<PyObject*>(code));
    Py_XDECREF(lineno);
    if (line == nullptr || PyList_Append(frames, line) < 0) {
      Py_XDECREF(line);
      Py_DECREF(tb);
      Py_DECREF(frames);
      Py_DECREF(out);
      return nullptr;
    }
    Py_DECREF(line);
    PyObject* next = Py_XNewRef(reinterpret_cast<PyObject*>(t->tb_next));
    Py_SETREF(tb, next);
  }
  Py_XDECREF(tb);
  for (Py_ssize_t i = PyList_GET_SIZE(frames) - 1, n = 0; i >= 0 && n < 10; i--, n++) {
    PyUnicode_Append(&out, PyList_GET_ITEM(frames, i));
    if (out == nullptr) break;
  }
  Py_DECREF(frames);
  return out;
}

// JS's SameValue, as ValidateAndApplyPropertyDescriptor compares an unchanged
// property's value: NaN is NaN, 0 is not -0. 1, 0, or -1 with an error.
static int same_value(PyObject* a, PyObject* b) {
  if (a == b) return 1;
  napi_valuetype ta = js_typeof(a), tb = js_typeof(b);
  if (ta != tb) return 0;
  if (ta != napi_number && ta != napi_string && ta != napi_bigint && ta != napi_boolean)
    return 0;  // objects, functions, symbols: the same one only
  PyObject* pa = as_primitive(a);
  PyObject* pb = pa != nullptr ? as_primitive(b) : nullptr;
  int r = -1;
  if (pb != nullptr && ta == napi_number) {
    double x = PyFloat_AsDouble(pa), y = PyFloat_AsDouble(pb);
    if (!PyErr_Occurred())
      r = std::isnan(x) ? std::isnan(y) : (x == y && std::signbit(x) == std::signbit(y));
  } else if (pb != nullptr) {
    r = PyObject_RichCompareBool(pa, pb, Py_EQ);
  }
  Py_XDECREF(pa);
  Py_XDECREF(pb);
  return r;
}

// Whether napi_define_properties may define a data property (value, attributes) over
// an existing non-configurable one (current value, current attributes), as JS's
// ValidateAndApplyPropertyDescriptor allows: it stays non-configurable with its
// enumerability, and a read-only one keeps its value. 1, 0, or -1 with an error.
static int non_configurable_redefinable(PyObject* current, int current_attributes,
                                        PyObject* value, int attributes) {
  if ((attributes & napi_configurable) ||
      (attributes & napi_enumerable) != (current_attributes & napi_enumerable))
    return 0;
  if (current_attributes & napi_writable) return 1;
  if (attributes & napi_writable) return 0;
  return same_value(current, value ? value : Py_None);
}

// The attributes napi_define_properties gave an error's own properties (a Python
// exception keeps its properties as attributes, which have none): key -> attributes,
// in a dict the instance dict holds under "__napi_attributes__", which the own keys
// leave out. (A str: dir(), copy and pickle of the exception need str attribute
// names.) A key without an entry has the attributes a set gives (its `message` is
// not enumerable, as in JS).
static PyObject* error_attributes_key() {
  static PyObject* key = PyUnicode_InternFromString("__napi_attributes__");
  return key;  // never freed
}
// Whether an exception's instance-dict key is one of the core's own records (this
// table, errors.cc's __napi_thrown_value__ marker): "__napi_...__", no property.
static bool is_error_record_key(PyObject* key) {
  if (!PyUnicode_Check(key)) return false;
  static const char prefix[] = "__napi_";
  Py_ssize_t n = PyUnicode_GET_LENGTH(key), p = sizeof prefix - 1;
  if (n < p + 3 || PyUnicode_READ_CHAR(key, n - 1) != '_' || PyUnicode_READ_CHAR(key, n - 2) != '_')
    return false;
  for (Py_ssize_t i = 0; i < p; i++)
    if (PyUnicode_READ_CHAR(key, i) != static_cast<Py_UCS4>(prefix[i])) return false;
  return true;
}

// The attributes recorded for an error's own `key` (a str): 1 (in *attributes), 0 none
// recorded, -1 error.
static int error_recorded_attributes(PyObject* err, PyObject* key, int* attributes) {
  PyObject* d = PyObject_GenericGetDict(err, nullptr);
  if (d == nullptr) {
    PyErr_Clear();
    return 0;
  }
  PyObject* table = error_attributes_key() != nullptr
                        ? PyDict_GetItemWithError(d, error_attributes_key())
                        : nullptr;
  PyObject* a = table != nullptr && PyDict_Check(table) ? PyDict_GetItemWithError(table, key)
                                                        : nullptr;
  int r = a != nullptr ? 1 : PyErr_Occurred() ? -1 : 0;
  if (r == 1) *attributes = static_cast<int>(PyLong_AsLong(a));
  Py_DECREF(d);
  return r;
}

// Records (attributes >= 0) or forgets (-1) the attributes of an error's own `key`.
// A recorded table is never changed in place: a new one replaces it, so that a copy of
// the exception (copy.copy shares the instance dict's values) keeps its own.
static int error_record_attributes(PyObject* err, PyObject* key, int attributes) {
  PyObject* d = PyObject_GenericGetDict(err, nullptr);
  if (d == nullptr || error_attributes_key() == nullptr) {
    Py_XDECREF(d);
    return -1;
  }
  PyObject* table = PyDict_GetItemWithError(d, error_attributes_key());
  int rc = 0;
  if (table == nullptr && PyErr_Occurred()) {
    rc = -1;
  } else if (table != nullptr ? PyDict_Check(table) : attributes >= 0) {
    PyObject* updated = table != nullptr ? PyDict_Copy(table) : PyDict_New();
    if (updated == nullptr) {
      rc = -1;
    } else if (attributes >= 0) {
      PyObject* a = PyLong_FromLong(attributes);
      rc = a != nullptr ? PyDict_SetItem(updated, key, a) : -1;
      Py_XDECREF(a);
    } else if (PyDict_DelItem(updated, key) < 0) {
      if (PyErr_ExceptionMatches(PyExc_KeyError)) PyErr_Clear();
      else rc = -1;
    }
    if (rc == 0) rc = PyDict_SetItem(d, error_attributes_key(), updated);
    Py_XDECREF(updated);
  }
  Py_DECREF(d);
  return rc;
}

// Properties of a Python error object that JS code expects.
// Whether `key` of the exception `err` is "name" and reads the `name` member that
// CPython's AttributeError, NameError and ImportError give their instances (the
// attribute, variable or module that was missing), not a name a Python class
// defines as a class attribute.
static bool builtin_exception_name(PyObject* err, PyObject* key) {
  if (PyUnicode_CompareWithASCIIString(key, "name") != 0) return false;
  PyObject* d = _PyType_Lookup(Py_TYPE(err), key);
  if (d == nullptr || Py_TYPE(d) != &PyMemberDescr_Type) return false;
  PyTypeObject* owner = reinterpret_cast<PyDescrObject*>(d)->d_type;
  return owner != nullptr && !(owner->tp_flags & Py_TPFLAGS_HEAPTYPE);
}

static PyObject* error_property(PyObject* err, PyObject* key) {
  if (PyUnicode_CompareWithASCIIString(key, "message") == 0) return PyObject_Str(err);
  if (PyUnicode_CompareWithASCIIString(key, "name") == 0)
    return PyUnicode_FromString(_PyType_Name(Py_TYPE(err)));
  if (PyUnicode_CompareWithASCIIString(key, "stack") == 0) return error_stack(err);
  return nullptr;
}

// The prototype an error reports: its class's __js_prototype__ (Error.prototype,
// TypeError.prototype..., napi_python/_globals.py). Borrowed, or NULL.
static PyObject* error_prototype(PyObject* o) {
  if (!PyExceptionInstance_Check(o)) return nullptr;
  static PyObject* key = PyUnicode_InternFromString("__js_prototype__");
  return key != nullptr ? _PyType_Lookup(Py_TYPE(o), key) : nullptr;
}


// `key in err` for what a Python exception lacks as an attribute: the properties
// error_property gives, then its prototype chain's (Error.prototype.toString...), as
// js_get reads them.
static int error_has(PyObject* err, PyObject* key) {
  if (PyUnicode_CompareWithASCIIString(key, "message") == 0 ||
      PyUnicode_CompareWithASCIIString(key, "name") == 0 ||
      PyUnicode_CompareWithASCIIString(key, "stack") == 0)
    return 1;
  PyObject* proto = error_prototype(err);
  return proto != nullptr ? chain_has(proto, key) : 0;
}

// A member of Function.prototype (the global Function's `prototype`, made by
// napi_python/_globals.py: call, apply, bind, toString), else of Object.prototype,
// where Function.prototype's chain goes on (fn.hasOwnProperty), also when
// Function.prototype cannot be read (the global Function deleted or replaced: JS's
// functions keep their prototype chain): a new reference, or nullptr without an
// exception when neither has that name.
// (napi-rs binds a ReadableStream controller's enqueue and a reader's read with
// fn.bind(obj).)
static PyObject* function_prototype_member(PyObject* key) {
  if (!PyUnicode_Check(key)) return nullptr;
  if (python_types.global != nullptr) {
    static PyObject* name = PyUnicode_InternFromString("Function");  // never freed
    PyObject* ctor = name != nullptr ? js_get(python_types.global, name) : nullptr;
    if (ctor == nullptr) return nullptr;
    PyObject* proto = PyObject_GetAttrString(ctor, "prototype");
    Py_DECREF(ctor);
    if (proto != nullptr) {
      PyObject* v = PyDict_Check(proto) ? PyDict_GetItemWithError(proto, key) : nullptr;
      Py_XINCREF(v);
      Py_DECREF(proto);
      if (v != nullptr || PyErr_Occurred()) return v;
    } else if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
      PyErr_Clear();
    } else {
      return nullptr;
    }
  }
  int has = object_prototype_has(key);
  return has > 0 ? object_prototype_get(key) : nullptr;  // (-1: the error is set)
}

// A string key a function does not have, read: Function.prototype's `constructor` is
// the global Function (as in JS: fn.constructor === Function), its members (bind...)
// are found there; anything else is undefined. New reference.
static PyObject* function_prototype_miss(PyObject* key) {
  if (python_types.global == nullptr) return Py_NewRef(Py_None);
  if (PyUnicode_CompareWithASCIIString(key, "constructor") != 0) {
    PyObject* member = function_prototype_member(key);
    return member != nullptr || PyErr_Occurred() ? member : Py_NewRef(Py_None);
  }
  static PyObject* name = PyUnicode_InternFromString("Function");  // never freed
  return name != nullptr ? js_get(python_types.global, name) : nullptr;
}

// What JS sees on a Python callable: `name` (its __name__), `length` (0) and
// Function.prototype's `constructor`, `call`, `apply` and `bind`.
static PyObject* callable_property(PyObject* fn, PyObject* key) {
  if (PyUnicode_CompareWithASCIIString(key, "name") == 0) {
    if (is_class_type(fn)) {
      // A class of napi_define_class: its constructor's name as given, which a
      // Python type name cannot always hold ("" or a NUL inside)
      static PyObject* ctor_key = PyUnicode_InternFromString("__napi_constructor__");
      PyObject* ctor = ctor_key != nullptr
                           ? PyDict_GetItemWithError(reinterpret_cast<PyTypeObject*>(fn)->tp_dict,
                                                     ctor_key)
                           : nullptr;
      if (ctor != nullptr && Py_TYPE(ctor) == &FunctionType)
        return function_js_name(reinterpret_cast<FunctionObject*>(ctor));
      if (PyErr_Occurred()) return nullptr;
    }
    PyObject* name = PyObject_GetAttrString(fn, "__name__");
    if (name == nullptr && PyErr_ExceptionMatches(PyExc_AttributeError)) {
      PyErr_Clear();
      name = PyUnicode_FromString("");
    }
    return name;
  }
  if (PyUnicode_CompareWithASCIIString(key, "length") == 0)
    return PyLong_FromSsize_t(python_callable_length(fn));  // 0 but for Python functions
  if (PyUnicode_CompareWithASCIIString(key, "constructor") == 0) return function_prototype_miss(key);
  return function_prototype_member(key);  // call, apply, bind (nullptr: none)
}

PyObject* function_prop_value(PyObject* fn, PyObject* stored) {
  if (Py_TYPE(stored) != &PropertySlotType) return Py_NewRef(stored);
  auto* slot = reinterpret_cast<PropertySlotObject*>(stored);
  if (slot->getter != nullptr) return invoke_getter(slot->getter, fn);
  return Py_NewRef(slot->value != nullptr ? slot->value : Py_None);
}

// A function's `prototype`: made when first read (an Object whose non-enumerable
// `constructor` is the function), then an own property like any other (writable,
// neither enumerable nor configurable). New reference.
static PyObject* function_prototype(PyObject* fn) {
  auto* f = reinterpret_cast<FunctionObject*>(fn);
  if (f->props == nullptr && (f->props = PyDict_New()) == nullptr) return nullptr;
  PyObject* proto = new_object();
  PyObject* key = proto != nullptr ? PyUnicode_InternFromString("prototype") : nullptr;
  PyObject* ctor = key != nullptr ? PyUnicode_InternFromString("constructor") : nullptr;
  PyObject* slot = ctor != nullptr ? new_slot(proto, nullptr, nullptr, napi_writable) : nullptr;
  int rc = slot != nullptr ? js_define(proto, ctor, fn, nullptr, nullptr, kWC) : -1;
  if (rc == 0) rc = PyDict_SetItem(f->props, key, slot);
  Py_XDECREF(slot);
  Py_XDECREF(ctor);
  Py_XDECREF(key);
  if (rc != 0) Py_CLEAR(proto);
  return proto;
}

// A property read on a number, boolean, bigint or symbol: what its wrapper's
// prototype has (Number.prototype.toFixed for 5, as JS reads (5).toFixed), found
// on the object ToObject makes (a cold path: addons rarely read a number's members).
[[gnu::cold]] static PyObject* primitive_get(PyObject* obj, PyObject* key) {
  PyObject* boxed = box_primitive(obj);
  if (boxed == nullptr) return nullptr;
  static PyObject* attr = PyUnicode_InternFromString("__js_prototype__");
  PyObject* proto = attr != nullptr ? _PyType_Lookup(Py_TYPE(boxed), attr) : nullptr;
  PyObject* k = proto != nullptr ? normalize_key(key) : nullptr;
  PyObject* r = k != nullptr ? builtin_prototype_get(proto, k)
                : PyErr_Occurred() ? nullptr : Py_NewRef(Py_None);
  Py_XDECREF(k);
  Py_DECREF(boxed);
  return r;
}

PyObject* js_get(PyObject* obj, PyObject* key) {
  if (is_object_family(obj)) {  // the hot case, tested before the dispatch
    PyObject* k = normalize_key(key);
    if (k == nullptr) return nullptr;
    PyObject* r = object_get(obj, k);
    Py_DECREF(k);
    return r;
  }
  switch (receiver_of(obj)) {
  case Receiver::kList:
  case Receiver::kTuple: {
    Py_ssize_t i = array_index(key);
    Py_ssize_t n = PySequence_Fast_GET_SIZE(obj);
    if (i >= 0) return Py_NewRef(i < n ? PySequence_Fast_GET_ITEM(obj, i) : Py_None);
    if (PyUnicode_Check(key) && PyUnicode_CompareWithASCIIString(key, "length") == 0)
      return PyLong_FromSsize_t(n);
    return builtin_prototype_get(python_types.array_prototype, key);
  }
  case Receiver::kDict: {
    PyObject* k = normalize_key(key);
    if (k == nullptr) return nullptr;
    PyObject* v = PyDict_GetItemWithError(obj, k);
    PyObject* r = v != nullptr ? Py_NewRef(v) : PyErr_Occurred() ? nullptr : object_prototype_get(k);
    Py_DECREF(k);
    return r;
  }
  case Receiver::kFunction: {
    auto* f = reinterpret_cast<FunctionObject*>(obj);
    PyObject* k = normalize_key(key);
    if (k == nullptr) return nullptr;
    PyObject* v = f->props ? PyDict_GetItemWithError(f->props, k) : nullptr;
    if (v != nullptr) {
      Py_DECREF(k);
      return function_prop_value(obj, v);
    }
    PyObject* r = nullptr;
    if (PyErr_Occurred()) {
    } else if (PyUnicode_Check(k) && PyUnicode_CompareWithASCIIString(k, "prototype") == 0) {
      r = function_prototype(obj);
    } else if (PyUnicode_Check(k) && PyUnicode_CompareWithASCIIString(k, "name") == 0) {
      r = function_js_name(f);  // (deleted: Function.prototype.name, "")
    } else if (PyUnicode_Check(k) && PyUnicode_CompareWithASCIIString(k, "length") == 0) {
      r = PyLong_FromLong(0);
    } else if (PyUnicode_Check(k) && is_null_builtin(k)) {
      r = Py_NewRef(NAPI_PY_NULL);
    } else if (PyUnicode_Check(k)) {
      r = PyObject_GetAttr(obj, k);  // call, apply
      if (r == nullptr && PyErr_ExceptionMatches(PyExc_AttributeError)) {
        PyErr_Clear();
        r = function_prototype_miss(k);
      }
    } else {
      r = Py_NewRef(Py_None);
    }
    Py_DECREF(k);
    return r;
  }
  case Receiver::kTypedArray: {
    Py_ssize_t i = array_index(key);
    if (i >= 0) return typedarray_get(reinterpret_cast<TypedArrayObject*>(obj), i);
    if (numeric_non_index(key)) return Py_NewRef(Py_None);
    break;  // its attributes
  }
  case Receiver::kString: {
    Py_ssize_t i = array_index(key);
    if (i >= 0)
      return i < PyUnicode_GET_LENGTH(obj) ? PyUnicode_Substring(obj, i, i + 1)
                                           : Py_NewRef(Py_None);
    if (PyUnicode_Check(key) && PyUnicode_CompareWithASCIIString(key, "length") == 0)
      return PyLong_FromSsize_t(PyUnicode_GET_LENGTH(obj));
    return builtin_prototype_get(python_types.string_prototype, key);
  }
  case Receiver::kSymbol:
    if (PyUnicode_Check(key) && PyUnicode_CompareWithASCIIString(key, "description") == 0)
      return Py_NewRef(reinterpret_cast<SymbolObject*>(obj)->description);  // Symbol.prototype
    break;
  case Receiver::kPrototype: {
    PyObject* k = normalize_key(key);
    if (k == nullptr) return nullptr;
    PyTypeObject* tp = prototype_class(obj);
    if (class_parents_set > 0) {
      PyObject* r = class_chain_get(tp, k, obj);
      Py_DECREF(k);
      return r;
    }
    PyObject* member = members_lookup(tp, k, nullptr, false);
    PyObject* r;
    if (member != nullptr)
      r = member_value(member, obj, tp);
    else if (PyErr_Occurred())
      r = nullptr;
    else if (PyUnicode_Check(k) && PyUnicode_CompareWithASCIIString(k, "constructor") == 0)
      r = Py_NewRef(reinterpret_cast<PyObject*>(tp));
    else
      r = PyUnicode_Check(k) ? object_prototype_get(k) : Py_NewRef(Py_None);
    Py_DECREF(k);
    return r;
  }
  case Receiver::kOther:
    if (Py_TYPE(obj)->tp_as_buffer != nullptr) {  // bytes, bytearray, numpy...: a typed array
      PyObject* r = nullptr;
      int found = python_buffer_property(obj, key, array_index(key), &r);
      if (found != 0) return r;
      if (is_python_byte_buffer(obj)) {
        PyObject* k = normalize_key(key);
        if (k == nullptr) return nullptr;
        r = binary_prototype_get(obj, k);
        Py_DECREF(k);
        return r;
      }
    }
    break;
  case Receiver::kObject:  // (above)
  case Receiver::kClass:
    break;
  }
  napi_valuetype t = js_typeof(obj);
  if (t != napi_object && t != napi_function)  // primitives: no own props
    return t == napi_undefined || t == napi_null ? Py_NewRef(Py_None) : primitive_get(obj, key);
  // A Python object: its attributes.
  PyObject* k = normalize_key(key);
  if (k == nullptr) return nullptr;
  if (!PyUnicode_Check(k)) {
    // A symbol key: a class's own (static) symbol-keyed property; nothing elsewhere.
    PropertySlotObject* slot = is_class_type(obj) ? class_symbol_slot(obj, k, false) : nullptr;
    Py_DECREF(k);
    if (slot == nullptr) return PyErr_Occurred() ? nullptr : Py_NewRef(Py_None);
    if (slot->getter != nullptr) return invoke_getter(slot->getter, obj);
    return Py_NewRef(slot->value != nullptr ? slot->value : Py_None);
  }
  if (is_class_type(obj)) {  // a static value as stored (null stays null for the addon)
    if (PyUnicode_CompareWithASCIIString(k, "prototype") == 0) {
      Py_DECREF(k);
      return Py_XNewRef(class_prototype(obj));
    }
    if (is_null_builtin(k)) {
      Py_DECREF(k);
      return Py_NewRef(NAPI_PY_NULL);
    }
    if (function_builtin_key(k, nullptr)) {  // its name or length deleted: Function.prototype's
      int deleted = class_builtin_deleted(obj, k);
      if (deleted != 0) {
        bool is_name = PyUnicode_CompareWithASCIIString(k, "name") == 0;
        Py_DECREF(k);
        return deleted < 0 ? nullptr : is_name ? PyUnicode_FromString("") : PyLong_FromLong(0);
      }
    }
    int member = is_declared_member(obj, k);  // a prototype member: not the class's
    if (member != 0) {
      // (but the class's own name and length stay its own, as in JS: a `name`
      // accessor of the instances does not hide the class's name)
      PyObject* r = member < 0 ? nullptr
                    : function_builtin_key(k, nullptr) ? callable_property(obj, k)
                                                       : Py_NewRef(Py_None);
      Py_DECREF(k);
      return r != nullptr || PyErr_Occurred() ? r : Py_NewRef(Py_None);
    }
    PyObject* m = _PyType_Lookup(reinterpret_cast<PyTypeObject*>(obj), k);
    if (m != nullptr && Py_TYPE(m) == &StaticValueType) {
      Py_DECREF(k);
      PyObject* value = reinterpret_cast<StaticValueObject*>(m)->value;
      return Py_NewRef(value != nullptr ? value : Py_None);
    }
    if (m != nullptr && (Py_TYPE(m) == &MethodType ||
                         (Py_TYPE(m) == &AccessorType &&
                          !reinterpret_cast<AccessorObject*>(m)->is_static))) {
      // A prototype member (JS: Cls.prototype.x) is no property of the class itself:
      // the class's `name` is its name even when instances have a `name` accessor.
      PyObject* r = callable_property(obj, k);
      Py_DECREF(k);
      return r != nullptr || PyErr_Occurred() ? r : Py_NewRef(Py_None);
    }
  }
  if (PyType_Check(obj) && !is_class_type(obj) &&
      PyUnicode_CompareWithASCIIString(k, "prototype") == 0) {
    // A Python class among the globals (Error, TypeError...): its __js_prototype__
    static PyObject* js_proto = PyUnicode_InternFromString("__js_prototype__");
    PyObject* p = js_proto != nullptr ? _PyType_Lookup(reinterpret_cast<PyTypeObject*>(obj), js_proto)
                                      : nullptr;
    if (p != nullptr) {
      Py_DECREF(k);
      return Py_NewRef(p);
    }
  }
  PyObject* r = PyObject_GetAttr(obj, k);
  if (r != nullptr && PyCFunction_Check(r) && PyCFunction_GET_SELF(r) == obj)
    r = prototype_method_for_python_method(obj, k, r);
  if (r == nullptr && is_class_type(obj) && PyErr_ExceptionMatches(PyExc_AttributeError)) {
    // A class given a prototype (Object.setPrototypeOf(Cls, Base)): Base's statics
    ClassPrototypeObject* cp = existing_class_prototype(reinterpret_cast<PyTypeObject*>(obj));
    if (cp != nullptr && cp->ctor_parent != nullptr && !function_builtin_key(k, nullptr)) {
      PyErr_Clear();
      r = js_get(cp->ctor_parent, k);
      Py_DECREF(k);
      return r;
    }
  }
  if (r != nullptr && PyExceptionInstance_Check(obj) && PyUnicode_Check(k) &&
      (!PyUnicode_Check(r) || builtin_exception_name(obj, k)) &&
      PyUnicode_CompareWithASCIIString(k, "stack") != 0) {
    // A Python exception's own `name` (AttributeError's, NameError's, ImportError's:
    // None or the missing attribute, variable or module) is not its JS name: it and
    // any other non-string fall back to the class name.
    // (A `stack` set to anything stays what it was set to.)
    PyObject* e = error_property(obj, k);
    if (e != nullptr) Py_SETREF(r, e);
    else if (PyErr_Occurred()) Py_CLEAR(r);
  }
  if (r == nullptr && PyErr_ExceptionMatches(PyExc_AttributeError)) {
    PyErr_Clear();
    r = PyExceptionInstance_Check(obj) ? error_property(obj, k)
        : PyCallable_Check(obj)         ? callable_property(obj, k)
        : is_awaitable(obj)             ? builtin_prototype_get(python_types.promise_prototype, k)
        : is_date(obj)                  ? builtin_prototype_get(python_types.date_prototype, k)
        : is_binary_value(obj)          ? binary_prototype_get(obj, k)
                                        : nullptr;
    if (r == nullptr && !PyErr_Occurred()) {
      // An error's Error.prototype (toString), a TypeError's TypeError.prototype...
      PyObject* e = error_prototype(obj);
      r = e != nullptr ? chain_get(e, k, obj) : Py_NewRef(Py_None);
    }
  }
  Py_DECREF(k);
  return r;
}

// 1 = set, 0 = refused (read-only, frozen, ...), -1 = error.
static int object_define_own_on_set(PyObject* obj, PyObject* key, PyObject* value);
static int object_set(PyObject* obj, PyObject* key, PyObject* value) {
  auto* o = reinterpret_cast<ObjectObject*>(obj);
  if (o->integrity & kFrozen) return 0;
  if (string_wrapper_index(obj, key) < 0) return -1;  // (a read-only index: made now)
  PropertySlotObject* slot = find_slot(o, key);
  if (slot == nullptr && PyErr_Occurred()) return -1;
  if (slot != nullptr) {
    if (slot->getter != nullptr || slot->setter != nullptr)
      return slot->setter != nullptr ? (invoke_setter(slot->setter, obj, value) < 0 ? -1 : 1) : 0;
    if (!(slot->attributes & napi_writable)) return 0;
    if (slot->value == nullptr) {
      note_own_property(obj, value);
      return PyDict_SetItem(obj, key, value) < 0 ? -1 : 1;
    }
    Py_SETREF(slot->value, Py_NewRef(value));
    return 1;
  }
  if (chain_was_set(obj)) {
    // A prototype chain set at run time: JS OrdinarySet along it, unless the object
    // has an own property of that name.
    int own = PyUnicode_Check(key) ? PyDict_Contains(obj, key) : 0;
    if (own < 0) return -1;
    if (!own) {
      PyObject* setter = nullptr;
      int found = o->proto != nullptr ? chain_find_for_set(o->proto, key, &setter)
                                      : class_chain_find_for_set(Py_TYPE(obj), key, &setter);
      if (found < 0) return -1;
      if (found == 1) return setter != nullptr ? (invoke_setter(setter, obj, value) < 0 ? -1 : 1) : 0;
      if (found == 2) return 0;
    }
    return object_define_own_on_set(obj, key, value);
  }
  // The prototype: an accessor runs its setter; a read-only data member (defined
  // without napi_writable) cannot be shadowed by assignment (JS OrdinarySet), unless
  // the object already has an own property of that name.
  int member_attributes = kDefaultAttributes;
  PyObject* member = prototype_lookup(obj, key, &member_attributes);
  if (member == nullptr && PyErr_Occurred()) return -1;
  if (member != nullptr && Py_TYPE(member) == &AccessorType) {
    auto* a = reinterpret_cast<AccessorObject*>(member);
    if (a->setter == nullptr) return 0;
    return invoke_setter(a->setter, obj, value) < 0 ? -1 : 1;
  }
  if (member != nullptr && Py_TYPE(member)->tp_descr_set != nullptr)
    return Py_TYPE(member)->tp_descr_set(member, obj, value) < 0 ? -1 : 1;
  if (member != nullptr && !(member_attributes & napi_writable)) {
    int own = PyUnicode_Check(key) ? PyDict_Contains(obj, key) : 0;
    if (own <= 0) return own;
  }
  return object_define_own_on_set(obj, key, value);
}

// The end of an assignment that nothing on the prototype took: the own property,
// made or changed (1), refused on a non-extensible object (0), -1 error.
static int object_define_own_on_set(PyObject* obj, PyObject* key, PyObject* value) {
  auto* o = reinterpret_cast<ObjectObject*>(obj);
  if (PyUnicode_Check(key)) {
    if (o->non_extensible) {
      int has = PyDict_Contains(obj, key);
      if (has <= 0) return has;
    }
    note_own_property(obj, value);
    return PyDict_SetItem(obj, key, value) < 0 ? -1 : 1;
  }
  if (o->non_extensible) return 0;
  // Symbol keys live in slots.
  if (o->slots == nullptr && (o->slots = PyDict_New()) == nullptr) return -1;
  PyObject* s = new_slot(value, nullptr, nullptr, kDefaultAttributes);
  if (s == nullptr) return -1;
  int rc = PyDict_SetItem(o->slots, key, s);
  Py_DECREF(s);
  return rc < 0 ? -1 : 1;
}

// JS arrays may be sparse up to a length of 2**32 - 1; a Python list holds every
// element (a hole is None), so lengths above this are refused with JS's RangeError
// instead of exhausting memory (napi_create_array_with_length, writes past the end).
static const Py_ssize_t kMaxListLength = Py_ssize_t{1} << 27;

// Pads `list` with None (JS holes read as undefined) up to `len` elements, in one
// allocation.
static int list_pad(PyObject* list, Py_ssize_t len) {
  Py_ssize_t n = PyList_GET_SIZE(list);
  if (len <= n) return 0;
  if (len > kMaxListLength) {
    PyErr_SetString(python_types.JSRangeError, "Invalid array length");
    return -1;
  }
  PyObject* none = PyList_New(1);
  if (none == nullptr) return -1;
  PyList_SET_ITEM(none, 0, Py_NewRef(Py_None));
  PyObject* holes = PySequence_Repeat(none, len - n);
  Py_DECREF(none);
  if (holes == nullptr) return -1;
  int r = PyList_SetSlice(list, n, n, holes);
  Py_DECREF(holes);
  return r;
}

static int list_set(PyObject* list, PyObject* key, PyObject* value) {
  Py_ssize_t i = array_index(key);
  Py_ssize_t n = PyList_GET_SIZE(list);
  if (i >= 0) {
    if (i == n) return PyList_Append(list, value) < 0 ? -1 : 1;  // the usual push
    if (i > n && list_pad(list, i + 1) < 0) return -1;
    Py_INCREF(value);
    return PyList_SetItem(list, i, value) < 0 ? -1 : 1;
  }
  if (PyUnicode_Check(key) && PyUnicode_CompareWithASCIIString(key, "length") == 0) {
    double d;
    if (js_to_number(value, &d) < 0) return -1;
    if (!(d >= 0 && d < 4294967296.0 && std::trunc(d) == d)) {
      PyErr_SetString(python_types.JSRangeError, "Invalid array length");
      return -2;  // (objects.h)
    }
    auto len = static_cast<Py_ssize_t>(d);
    if (len < n) return PyList_SetSlice(list, len, n, nullptr) < 0 ? -1 : 1;
    return list_pad(list, len) < 0 ? -1 : 1;
  }
  return 0;  // a Python list cannot carry named properties
}

// Whether a write js_set refused was to an accessor without a setter (own, or a
// prototype member): JS words that refusal differently. For messages only: clears
// any lookup error.
bool js_getter_only(PyObject* obj, PyObject* key) {
  if (!is_object_family(obj)) return false;
  PyObject* k = normalize_key(key);
  bool r = false;
  if (k != nullptr) {
    PropertySlotObject* slot = find_slot(reinterpret_cast<ObjectObject*>(obj), k);
    if (slot != nullptr) {
      r = slot->getter != nullptr && slot->setter == nullptr;
    } else if (!PyErr_Occurred()) {
      PyObject* member = prototype_lookup(obj, k, nullptr);
      r = member != nullptr && Py_TYPE(member) == &AccessorType &&
          reinterpret_cast<AccessorObject*>(member)->setter == nullptr;
    }
    Py_DECREF(k);
  }
  PyErr_Clear();
  return r;
}

int js_set(PyObject* obj, PyObject* key, PyObject* value) {
  if (is_object_family(obj)) {  // the hot case, tested before the dispatch
    PyObject* k = normalize_key(key);
    if (k == nullptr) return -1;
    int r = object_set(obj, k, value);
    Py_DECREF(k);
    return r;
  }
  Receiver kind = receiver_of(obj);
  switch (kind) {  // the kinds that take the key as it is
  case Receiver::kList:
    return list_set(obj, key, value);
  case Receiver::kTuple:
    return 0;
  case Receiver::kTypedArray: {
    Py_ssize_t i = array_index(key);
    if (i >= 0)
      return typedarray_set(reinterpret_cast<TypedArrayObject*>(obj), i, value) < 0 ? -1 : 1;
    if (numeric_non_index(key)) return 1;  // (dropped, as a write past the end)
    break;
  }
  case Receiver::kOther:
    if (Py_TYPE(obj)->tp_as_buffer != nullptr) {  // a Python buffer: a typed array's element
      Py_ssize_t i = array_index(key);
      int r = i >= 0 ? python_buffer_set_element(obj, i, value) : 0;
      if (r != 0) return r;
    }
    break;
  default:
    break;
  }
  PyObject* k = normalize_key(key);
  if (k == nullptr) return -1;
  int r;
  switch (kind) {
  case Receiver::kDict:
    r = PyDict_SetItem(obj, k, value) < 0 ? -1 : 1;
    break;
  case Receiver::kFunction: {
    auto* f = reinterpret_cast<FunctionObject*>(obj);
    PyObject* stored = f->props != nullptr ? PyDict_GetItemWithError(f->props, k) : nullptr;
    int attrs;
    if (stored != nullptr && Py_TYPE(stored) == &PropertySlotType) {
      auto* slot = reinterpret_cast<PropertySlotObject*>(stored);
      if (slot->getter != nullptr || slot->setter != nullptr)
        r = slot->setter != nullptr ? (invoke_setter(slot->setter, obj, value) < 0 ? -1 : 1) : 0;
      else if (!(slot->attributes & napi_writable))
        r = 0;
      else {
        Py_SETREF(slot->value, Py_NewRef(value));
        r = 1;
      }
      break;
    }
    if (stored == nullptr && PyErr_Occurred()) {
      r = -1;
      break;
    }
    if (stored == nullptr && PyUnicode_Check(k) && function_builtin_key(k, &attrs) &&
        !(attrs & napi_writable)) {
      r = 0;  // length, name, arguments, caller: read-only
      break;
    }
    if (f->props == nullptr) f->props = PyDict_New();
    r = (f->props == nullptr || PyDict_SetItem(f->props, k, value) < 0) ? -1 : 1;
    break;
  }
  case Receiver::kClass:
    r = PyUnicode_Check(k) ? class_str_set(obj, k, value) : class_symbol_set(obj, k, value);
    break;
  case Receiver::kPrototype: {
    int attrs = kDefaultAttributes;
    PyObject* member = members_lookup(prototype_class(obj), k, &attrs, false);
    if (member == nullptr && PyErr_Occurred()) {
      r = -1;
    } else if (member != nullptr && Py_TYPE(member) == &AccessorType) {
      auto* a = reinterpret_cast<AccessorObject*>(member);
      r = a->setter == nullptr ? 0 : invoke_setter(a->setter, obj, value) < 0 ? -1 : 1;
    } else if (member != nullptr && !(attrs & napi_writable)) {
      r = 0;
    } else {
      if (member == nullptr || members_lookup(prototype_class(obj), k, nullptr, true) == nullptr)
        attrs = kDefaultAttributes;  // a new own member (PyErr: caught below)
      r = PyErr_Occurred() ? -1 : prototype_define(obj, k, value, nullptr, nullptr, attrs);
      r = r < 0 ? -1 : r == 0 ? 1 : 0;
    }
    break;
  }
  case Receiver::kString:
  case Receiver::kSymbol:
    r = 0;  // a primitive: JS sets the property on a wrapper object nothing keeps
    break;
  default: {  // a Python object: its attributes
    napi_valuetype t = js_typeof(obj);
    if (t != napi_object && t != napi_function) {
      r = 0;  // a number, boolean or BigInt: as for a string
      break;
    }
    int attrs = kDefaultAttributes;
    if (PyUnicode_Check(k) && PyExceptionInstance_Check(obj) &&
        (r = error_recorded_attributes(obj, k, &attrs)) != 0) {
      if (r < 0) break;
      if (!(attrs & napi_writable)) {  // defined read-only: the write is dropped
        r = 0;
        break;
      }
    }
    r = PyUnicode_Check(k) ? (PyObject_SetAttr(obj, k, value) < 0 ? -1 : 1) : 0;
    if (r < 0 && PyErr_ExceptionMatches(PyExc_AttributeError)) {
      // An object that cannot take the attribute (no __dict__: an ArrayBuffer, a
      // typed array's named property; a read-only property) refuses the write, as a
      // non-extensible JS object does in sloppy mode: silently (a Python list the same).
      PyErr_Clear();
      r = 0;
    }
    break;
  }
  }
  Py_DECREF(k);
  return r;
}

// hasattr() that lets an error other than AttributeError through (-1): an exception
// a Python object's attribute lookup raises is the addon's pending exception, as one
// a Proxy's `has` trap throws is in Node (PyObject_HasAttr would swallow it).
// Without making an AttributeError when the attribute is missing (the lookup
// CPython's own hasattr uses): besides the cost, making one calls the exception class,
// which at the interpreter's recursion limit fails with RecursionError, and an addon's
// has-property test on an error it is about to rethrow then failed (node-addon-api's
// Error::Value asks for its wrapped-value key; the failure left an exception pending).
static int has_attribute(PyObject* obj, PyObject* name) {
  PyObject* v;
#if PY_VERSION_HEX >= 0x030D0000
  int r = PyObject_GetOptionalAttr(obj, name, &v);
#else
  int r = _PyObject_LookupAttr(obj, name, &v);
#endif
  Py_XDECREF(v);
  return r;
}

int js_has(PyObject* obj, PyObject* key, bool own_only) {
  if (is_object_family(obj)) {  // the hot case, tested before the dispatch
    PyObject* k = normalize_key(key);
    if (k == nullptr) return -1;
    auto* o = reinterpret_cast<ObjectObject*>(obj);
    int r = string_wrapper_index(obj, k);
    if (r == 0) r = PyDict_Contains(obj, k);
    if (r == 0 && o->slots != nullptr) r = PyDict_Contains(o->slots, k);
    if (r == 0 && !own_only && chain_was_set(obj)) {
      r = o->proto != nullptr ? chain_has(o->proto, k) : class_chain_has(Py_TYPE(obj), k);
    } else if (r == 0 && !own_only) {
      r = prototype_lookup(obj, k, nullptr) != nullptr ? 1 : (PyErr_Occurred() ? -1 : 0);
      if (r == 0) r = object_prototype_has(k);
      if (r == 0 && PyUnicode_Check(k))  // every object's (Object.prototype.constructor)
        r = PyUnicode_CompareWithASCIIString(k, "constructor") == 0;
    }
    Py_DECREF(k);
    return r;
  }
  Receiver kind = receiver_of(obj);
  if (kind == Receiver::kList || kind == Receiver::kTuple) {
    Py_ssize_t i = array_index(key);
    if (i >= 0) return i < PySequence_Fast_GET_SIZE(obj) ? 1 : 0;
    if (!PyUnicode_Check(key))  // a symbol: Array.prototype's (Symbol.iterator)
      return !own_only && Py_TYPE(key) == &SymbolType
                 ? builtin_prototype_has(python_types.array_prototype, key) : 0;
    if (PyUnicode_CompareWithASCIIString(key, "length") == 0) return 1;
    return !own_only ? builtin_prototype_has(python_types.array_prototype, key) : 0;
  }
  if (kind == Receiver::kString) {  // its indexes and length, then String.prototype
    Py_ssize_t i = array_index(key);
    if (i >= 0) return i < PyUnicode_GET_LENGTH(obj) ? 1 : 0;
    if (!PyUnicode_Check(key)) return 0;
    if (PyUnicode_CompareWithASCIIString(key, "length") == 0) return 1;
    return !own_only ? builtin_prototype_has(python_types.string_prototype, key) : 0;
  }
  if (kind == Receiver::kTypedArray) {  // its elements, then its attributes
    Py_ssize_t i = array_index(key);
    if (i >= 0) return i < reinterpret_cast<TypedArrayObject*>(obj)->length ? 1 : 0;
    if (numeric_non_index(key)) return 0;
    if (own_only && typedarray_prototype_key(key)) return 0;
  }
  if (kind == Receiver::kPrototype) {
    PyObject* k = normalize_key(key);
    if (k == nullptr) return -1;
    if (class_parents_set > 0 && !own_only) {
      int r = class_chain_has(prototype_class(obj), k);
      Py_DECREF(k);
      return r;
    }
    int r = members_lookup(prototype_class(obj), k, nullptr, own_only) != nullptr;
    if (r == 0 && PyErr_Occurred()) r = -1;
    if (r == 0 && PyUnicode_Check(k))
      r = PyUnicode_CompareWithASCIIString(k, "constructor") == 0;
    if (r == 0 && !own_only) r = object_prototype_has(k);
    Py_DECREF(k);
    return r;
  }
  PyObject* k = normalize_key(key);
  if (k == nullptr) return -1;
  int r;
  switch (kind) {
  case Receiver::kDict:
    r = PyDict_Contains(obj, k);
    if (r == 0 && !own_only) r = object_prototype_has(k);
    break;
  case Receiver::kFunction: {
    auto* f = reinterpret_cast<FunctionObject*>(obj);
    r = f->props != nullptr ? PyDict_Contains(f->props, k) : 0;
    if (r == 0 && PyUnicode_Check(k))
      r = (function_builtin_key(k, nullptr) && !function_builtin_deleted(obj, k)) ||
          (!own_only && inherited_function_key(k));
    break;
  }
  case Receiver::kClass:
    if (!PyUnicode_Check(k)) {  // a class's own symbol-keyed property
      r = class_symbol_slot(obj, k, own_only) != nullptr ? 1 : (PyErr_Occurred() ? -1 : 0);
      break;
    }
    if (function_builtin_key(k, nullptr) || (!own_only && inherited_function_key(k))) {
      r = own_only ? class_builtin_deleted(obj, k) : 0;  // (deleted: not own any more)
      r = r < 0 ? -1 : r == 0;
      break;
    }
    if ((r = is_declared_member(obj, k)) != 0) {  // on the prototype, not the class
      r = r < 0 ? -1 : 0;
      break;
    }
    [[fallthrough]];
  default:  // a Python object: its attributes
    if (kind == Receiver::kOther && Py_TYPE(obj)->tp_as_buffer != nullptr &&
        (r = python_buffer_property(obj, k, array_index(k), nullptr)) != 0) {
      // a Python buffer's elements and lengths, as a typed array's
    } else if (PyUnicode_Check(k) && own_only &&
               (PyExceptionInstance_Check(obj) ||
                (kind == Receiver::kOther && Py_TYPE(obj)->tp_getattro == PyObject_GenericGetAttr))) {
      // An error's own properties are those set on it (message, code when given),
      // not the class defaults (name, code = None), which are its prototype's. A
      // Python object's are its instance dict's, the keys napi_get_property_names
      // lists: its class's attributes (methods, properties, slots) are inherited.
      // (One with its own attribute lookup, __getattr__ or __getattribute__, is asked,
      // as a Proxy's trap is: below.)
      PyObject* d = PyObject_GenericGetDict(obj, nullptr);
      if (d == nullptr && !PyExceptionInstance_Check(obj) &&
          (PyErr_ExceptionMatches(PyExc_AttributeError) || PyErr_ExceptionMatches(PyExc_TypeError))) {
        PyErr_Clear();  // no instance dict: no own property
        r = 0;
      } else {
        r = d != nullptr ? PyDict_Contains(d, k) : -1;
      }
      Py_XDECREF(d);
    } else if (PyUnicode_Check(k)) {
      r = kind == Receiver::kOther && is_python_byte_buffer(obj) ? 0 : has_attribute(obj, k);
      if (r == 0 && !own_only && is_awaitable(obj) && python_types.promise_prototype != nullptr)
        r = PyDict_Contains(python_types.promise_prototype, k);
      if (r == 0 && !own_only && is_binary_value(obj)) r = binary_prototype_has(obj, k);
      if (r == 0 && !own_only && PyExceptionInstance_Check(obj)) r = error_has(obj, k);
    } else {
      r = 0;
    }
    break;
  }
  if (r == 0 && !own_only && kind == Receiver::kClass) {
    // A class given a prototype (Object.setPrototypeOf(Cls, Base)): Base's statics
    ClassPrototypeObject* cp = existing_class_prototype(reinterpret_cast<PyTypeObject*>(obj));
    if (cp != nullptr && cp->ctor_parent != nullptr) r = js_has(cp->ctor_parent, k, false);
  }
  Py_DECREF(k);
  return r;
}

int js_delete(PyObject* obj, PyObject* key) {
  if (is_object_family(obj)) {  // the hot case, tested before the dispatch
    PyObject* k = normalize_key(key);
    if (k == nullptr) return -1;
    int r = 1;
    auto* o = reinterpret_cast<ObjectObject*>(obj);
    if (string_wrapper_index(obj, k) < 0) {
      Py_DECREF(k);
      return -1;
    }
    PropertySlotObject* slot = find_slot(o, k);
    int in_dict = PyDict_Contains(obj, k);
    if (PyErr_Occurred() || in_dict < 0) {
      r = -1;
    } else if (slot != nullptr || in_dict) {
      if ((o->integrity & kSealed) || (slot != nullptr && !(slot->attributes & napi_configurable))) {
        r = 0;
      } else {
        if (slot != nullptr && PyDict_DelItem(o->slots, k) < 0) r = -1;
        if (r > 0 && in_dict && PyDict_DelItem(obj, k) < 0) r = -1;
      }
    }
    Py_DECREF(k);
    return r;
  }
  Receiver kind = receiver_of(obj);
  if (kind == Receiver::kList) {
    Py_ssize_t i = array_index(key);
    if (i >= 0 && i < PyList_GET_SIZE(obj)) {
      Py_INCREF(Py_None);  // JS leaves a hole: undefined when read
      return PyList_SetItem(obj, i, Py_None) < 0 ? -1 : 1;
    }
    // An array's length is not configurable: the delete is refused, as in JS.
    return i < 0 && PyUnicode_Check(key) && PyUnicode_CompareWithASCIIString(key, "length") == 0
               ? 0
               : 1;
  }
  if (kind == Receiver::kTuple) return 0;
  if (kind == Receiver::kString || kind == Receiver::kTypedArray) {
    // A string's characters and length, a typed array's elements: not configurable.
    Py_ssize_t i = array_index(key);
    Py_ssize_t n = kind == Receiver::kString ? PyUnicode_GET_LENGTH(obj)
                                             : reinterpret_cast<TypedArrayObject*>(obj)->length;
    if (i >= 0) return i < n ? 0 : 1;
    if (kind == Receiver::kTypedArray && numeric_non_index(key)) return 1;
    if (kind == Receiver::kString)
      return PyUnicode_Check(key) && PyUnicode_CompareWithASCIIString(key, "length") == 0 ? 0 : 1;
  }
  if (kind == Receiver::kSymbol) return 1;
  PyObject* k = normalize_key(key);
  if (k == nullptr) return -1;
  int r = 1;
  if (kind == Receiver::kPrototype) {
    r = prototype_delete(obj, k);
    Py_DECREF(k);
    return r;
  }
  int attrs = kDefaultAttributes;
  switch (kind) {
  case Receiver::kDict:
  case Receiver::kFunction: {
    PyObject* target =
        kind == Receiver::kDict ? obj : reinterpret_cast<FunctionObject*>(obj)->props;
    PyObject* stored = target != nullptr ? PyDict_GetItemWithError(target, k) : nullptr;
    if (stored == nullptr) {
      if (PyErr_Occurred()) r = -1;
      else if (kind == Receiver::kFunction && PyUnicode_Check(k) &&
               function_builtin_key(k, &attrs)) {
        if (!(attrs & napi_configurable)) r = 0;  // arguments, caller, prototype
        else  // name, length: gone, Function.prototype's show
          reinterpret_cast<FunctionObject*>(obj)->deleted_builtins |=
              PyUnicode_CompareWithASCIIString(k, "name") == 0 ? kDeletedName : kDeletedLength;
      }
    } else if (Py_TYPE(stored) == &PropertySlotType &&
               !(reinterpret_cast<PropertySlotObject*>(stored)->attributes & napi_configurable)) {
      r = 0;
    } else if (PyDict_DelItem(target, k) < 0) {
      r = -1;
    }
    break;
  }
  case Receiver::kClass: {
    if (!PyUnicode_Check(k)) {  // a class's own symbol-keyed property
      r = class_symbol_delete(obj, k);
      break;
    }
    if (function_builtin_key(k, &attrs)) {
      r = (attrs & napi_configurable) ? 1 : 0;
      if (r == 1) {  // name, length: gone, Function.prototype's show
        PyObject* d = type_side_dict(obj, deleted_builtins_key(), true);
        if (d == nullptr || PyDict_SetItem(d, k, Py_True) < 0) r = -1;
      }
      break;
    }
    if ((r = is_declared_member(obj, k)) != 0) {  // on the prototype: nothing to delete
      r = r < 0 ? -1 : 1;
      break;
    }
    r = 1;
    int own = class_static_attributes(obj, k, &attrs);
    if (own < 0) {
      r = -1;
      break;
    }
    if (own == 1) {
      if (!(attrs & napi_configurable)) {
        r = 0;
        break;
      }
      PyObject* d = type_side_dict(obj, static_attributes_key(), false);
      if (d == nullptr || PyDict_DelItem(d, k) < 0) {
        r = -1;
        break;
      }
    }
  }
    [[fallthrough]];
  default:  // a Python object: its attributes
    if (kind != Receiver::kClass && PyUnicode_Check(k) && PyExceptionInstance_Check(obj)) {
      // an error's property napi_define_properties made not configurable stays
      int rec = error_recorded_attributes(obj, k, &attrs);
      if (rec != 0 && (rec < 0 || !(attrs & napi_configurable))) {
        r = rec < 0 ? -1 : 0;
        break;
      }
      if (rec > 0 && error_record_attributes(obj, k, -1) < 0) {
        r = -1;
        break;
      }
    }
    // (a class's type dict directly: ClassType's tp_setattro would come back here)
    if (PyUnicode_Check(k) &&
        (is_class_type(obj) ? type_dict_set(obj, k, nullptr) : PyObject_DelAttr(obj, k)) < 0) {
      if (PyErr_ExceptionMatches(PyExc_AttributeError)) PyErr_Clear();
      else r = -1;
    }
    break;
  }
  Py_DECREF(k);
  return r;
}

// napi_define_properties on a function: its props dict keeps a plain value, or a
// PropertySlot for an accessor or other attributes. 0, 1 refused, -1.
static int function_define(PyObject* fn, PyObject* key, PyObject* value, PyObject* getter,
                           PyObject* setter, int attributes) {
  auto* f = reinterpret_cast<FunctionObject*>(fn);
  PyObject* k = normalize_key(key);
  if (k == nullptr) return -1;
  int rc = 0;
  int old = kDefaultAttributes;
  PyObject* stored = f->props != nullptr ? PyDict_GetItemWithError(f->props, k) : nullptr;
  if (stored != nullptr && Py_TYPE(stored) == &PropertySlotType)
    old = reinterpret_cast<PropertySlotObject*>(stored)->attributes;
  else if (stored == nullptr && PyUnicode_Check(k))
    function_builtin_key(k, &old);
  bool accessor = getter != nullptr || setter != nullptr;
  if (PyErr_Occurred() || (f->props == nullptr && (f->props = PyDict_New()) == nullptr)) {
    rc = -1;
  } else if (!(old & napi_configurable)) {
    rc = 1;  // refused, as V8's DefineOwnProperty returns false
  } else {
    PyObject* v = !accessor && attributes == kDefaultAttributes
                      ? Py_NewRef(value ? value : Py_None)
                      : new_slot(accessor ? nullptr : (value ? value : Py_None), getter, setter,
                                 attributes);
    if (v == nullptr || PyDict_SetItem(f->props, k, v) < 0) rc = -1;
    Py_XDECREF(v);
  }
  Py_DECREF(k);
  return rc;
}

// napi_define_properties over an existing property of a plain object or an instance
// (`existing` its slot, `in_dict` whether its key is in the dict): 0 to go on and
// define it, 1 refused (a non-configurable property, or one of a sealed or frozen
// object, that JS's ValidateAndApplyPropertyDescriptor would not change), 2 allowed
// with nothing to change (the same descriptor again: JS accepts it), -1 error.
static int redefine_check(PyObject* obj, PyObject* k, PropertySlotObject* existing, int in_dict,
                          PyObject* value, PyObject* getter, PyObject* setter, int attributes) {
  if (existing == nullptr && !in_dict) return 0;
  auto* o = reinterpret_cast<ObjectObject*>(obj);
  int current = existing != nullptr ? existing->attributes : kDefaultAttributes;
  bool current_accessor =
      existing != nullptr && (existing->getter != nullptr || existing->setter != nullptr);
  if (o->integrity & kSealed) current &= ~napi_configurable;
  if ((o->integrity & kFrozen) && !current_accessor) current &= ~napi_writable;
  if (current & napi_configurable) return 0;
  bool accessor = getter != nullptr || setter != nullptr;
  if (accessor || current_accessor) {
    bool same = accessor && current_accessor && !(attributes & napi_configurable) &&
                (attributes & napi_enumerable) == (current & napi_enumerable) &&
                getter == existing->getter && setter == existing->setter;
    return same ? 2 : 1;
  }
  PyObject* now = PyUnicode_Check(k) ? PyDict_GetItemWithError(obj, k)
                  : existing != nullptr ? existing->value
                                        : nullptr;
  if (now == nullptr) {
    if (PyErr_Occurred()) return -1;
    now = Py_None;
  }
  int ok = non_configurable_redefinable(now, current, value, attributes);
  if (ok <= 0) return ok < 0 ? -1 : 1;
  if (!(current & napi_writable)) return 2;  // (the same value: checked)
  int same = (attributes & napi_writable) ? same_value(now, value ? value : Py_None) : 0;
  return same < 0 ? -1 : same ? 2 : 0;  // a writable one may change its value or become read-only
}

// js_define, or (`validated`) Object.defineProperty's change to an existing property
// of a plain object or class instance that napi_python/_globals.py has checked
// against the property's current attributes, as JS's ValidateAndApplyPropertyDescriptor
// does: a non-configurable property (a sealed or frozen object's too) may then still
// change its value or become read-only.
static int define_property(PyObject* obj, PyObject* key, PyObject* value, PyObject* getter,
                           PyObject* setter, int attributes, bool validated) {
  attributes &= kDefaultAttributes;
  bool accessor = getter != nullptr || setter != nullptr;
  if (is_class_type(obj)) {
    // The class's own (static) properties: symbol keys in its statics dict, a string
    // accessor as a static accessor in the type dict, a string value as an attribute.
    PyObject* k = normalize_key(key);
    if (k == nullptr) return -1;
    int rc, old;
    if (!PyUnicode_Check(k)) {
      rc = class_symbol_define(obj, k, value, getter, setter, attributes);
    } else if ((rc = class_static_attributes(obj, k, &old)) != 0 ||
               function_builtin_key(k, &old)) {
      rc = rc < 0 ? -1 : 1;  // not configurable
      if (rc == 1 && (old & napi_configurable)) rc = 0;
    }
    if (rc != 0 || !PyUnicode_Check(k)) {
    } else if (accessor) {
      PyObject* a = new_accessor(k, getter, setter);
      if (a != nullptr) reinterpret_cast<AccessorObject*>(a)->is_static = true;
      rc = a != nullptr ? type_dict_set(obj, k, a) : -1;
      Py_XDECREF(a);
    } else {
      PyObject* member = static_member(value ? value : Py_None, k);
      rc = member != nullptr ? type_dict_set(obj, k, member) : -1;
      Py_XDECREF(member);
    }
    if (rc == 0 && PyUnicode_Check(k)) rc = class_record_static(obj, k, attributes);
    Py_DECREF(k);
    return rc;
  }
  if (Py_TYPE(obj) == &FunctionType) return function_define(obj, key, value, getter, setter, attributes);
  if (Py_TYPE(obj) == &ClassPrototypeType) {
    PyObject* k = normalize_key(key);
    int rc = k != nullptr ? prototype_define(obj, k, value, getter, setter, attributes) : -1;
    Py_XDECREF(k);
    return rc;
  }
  if (!is_object_family(obj)) {
    if (accessor) {
      PyErr_Format(python_types.JSTypeError,
                   "cannot define an accessor property on a Python %s", Py_TYPE(obj)->tp_name);
      return -1;
    }
    if (PyExceptionInstance_Check(obj)) {
      // An error: the value as its attribute, the attributes beside it (a property
      // made not configurable cannot be redefined)
      PyObject* k = normalize_key(key);
      if (k == nullptr) return -1;
      int old = kDefaultAttributes, rc = 0;
      if (PyUnicode_Check(k)) {
        rc = error_recorded_attributes(obj, k, &old);
        if (rc > 0 && !(old & napi_configurable)) {
          PyObject* current = PyObject_GetAttr(obj, k);
          rc = current != nullptr ? non_configurable_redefinable(current, old, value, attributes)
                                  : -1;
          Py_XDECREF(current);
          rc = rc < 0 ? -1 : rc == 0 ? 1 : 0;
        } else if (rc > 0) {
          rc = 0;
        }
        if (rc == 0)
          rc = PyObject_SetAttr(obj, k, value ? value : Py_None) < 0 ||
                       error_record_attributes(obj, k, attributes) < 0
                   ? -1
                   : 0;
      } else {
        int r = js_set(obj, k, value ? value : Py_None);
        rc = r < 0 ? -1 : r == 0 ? 1 : 0;
      }
      Py_DECREF(k);
      return rc;
    }
    int r = js_set(obj, key, value ? value : Py_None);
    return r < 0 ? -1 : r == 0 ? 1 : 0;
  }
  auto* o = reinterpret_cast<ObjectObject*>(obj);
  PyObject* k = normalize_key(key);
  if (k == nullptr) return -1;
  int rc = string_wrapper_index(obj, k) < 0 ? -1 : 0;  // (a String object's index)
  PropertySlotObject* existing = rc == 0 ? find_slot(o, k) : nullptr;
  int in_dict = rc == 0 ? PyDict_Contains(obj, k) : -1;
  if (PyErr_Occurred() || in_dict < 0) {
    rc = -1;
  } else if (validated && existing == nullptr && !in_dict) {
    rc = 1;  // (the property is gone: checked against what is no more)
  } else if (!validated && existing == nullptr && !in_dict &&
             ((o->integrity & kFrozen) || o->non_extensible)) {
    rc = 1;  // refused, as V8's DefineOwnProperty returns false
  } else if (!validated && (rc = redefine_check(obj, k, existing, in_dict, value, getter, setter,
                                                attributes)) != 0) {
    // refused (1), or (2) allowed with nothing to change: the same property again
    rc = rc == 2 ? 0 : rc;
  } else if (!accessor && attributes == kDefaultAttributes && PyUnicode_Check(k)) {
    // A plain property: the dict alone.
    if (existing != nullptr && PyDict_DelItem(o->slots, k) < 0) rc = -1;
    if (value != nullptr) note_own_property(obj, value);
    if (rc == 0 && PyDict_SetItem(obj, k, value ? value : Py_None) < 0) rc = -1;
  } else {
    // String keys always live in the dict, in JS order (an accessor's entry is a
    // placeholder); the slot carries attributes and accessors, and the value itself
    // only for symbol keys.
    bool str_key = PyUnicode_Check(k);
    if (str_key && !accessor && value != nullptr) note_own_property(obj, value);
    if (str_key && accessor) note_own_accessor(obj);
    PyObject* s = new_slot(str_key || accessor ? nullptr : (value ? value : Py_None), getter,
                           setter, attributes);
    if (s == nullptr || (o->slots == nullptr && (o->slots = PyDict_New()) == nullptr) ||
        PyDict_SetItem(o->slots, k, s) < 0) {
      rc = -1;
    } else if (str_key &&
               PyDict_SetItem(obj, k, !accessor && value ? value : Py_None) < 0) {
      rc = -1;
    }
    Py_XDECREF(s);
  }
  Py_DECREF(k);
  return rc;
}

int js_define(PyObject* obj, PyObject* key, PyObject* value, PyObject* getter, PyObject* setter,
              int attributes) {
  return define_property(obj, key, value, getter, setter, attributes, false);
}

// The global object's builtins are not enumerable in Node (Object, Array, Buffer,
// process, globalThis...: napi_get_property_names on it lists none of them); the
// names Node 20's global object does enumerate stay so. Run once, on the global object
// _globals.py built (what Python or an addon adds to it later is enumerable, as a
// property assigned in JS is).
static const char* const kNodeEnumerableGlobals[] = {
    "global", "clearImmediate", "setImmediate", "clearInterval", "clearTimeout",
    "setInterval", "setTimeout", "queueMicrotask", "structuredClone", "atob", "btoa",
    "performance", "fetch", "crypto"};

int hide_global_builtins(PyObject* global) {
  if (!is_object_family(global)) return 0;
  PyObject* keys = PyDict_Keys(global);
  if (keys == nullptr) return -1;
  int rc = 0;
  for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys) && rc == 0; i++) {
    PyObject* key = PyList_GET_ITEM(keys, i);
    const char* name = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key) : nullptr;
    if (name == nullptr) {
      PyErr_Clear();
      continue;
    }
    bool enumerable = false;
    for (const char* n : kNodeEnumerableGlobals) enumerable |= strcmp(n, name) == 0;
    if (enumerable) continue;
    PyObject* value = PyDict_GetItemWithError(global, key);  // borrowed
    if (value == nullptr) {
      rc = PyErr_Occurred() ? -1 : 0;
      continue;
    }
    Py_INCREF(value);
    rc = js_define(global, key, value, nullptr, nullptr, napi_writable | napi_configurable) < 0
             ? -1 : 0;
    Py_DECREF(value);
  }
  Py_DECREF(keys);
  return rc;
}

// Keys with their attributes, for napi_get_all_property_names. Each level of the
// prototype chain (the object itself first) is gathered as a list of (key,
// attributes) pairs and emitted in JS order: integer keys ascending, then the other
// strings, then symbols, each in the order found. With napi_key_include_prototypes a
// key already seen on a nearer level (listed or not) is not listed again.
namespace {
struct KeyCollector {
  napi_key_filter filter;
  napi_key_conversion conversion;
  PyObject* out;
  PyObject* seen = nullptr;  // a set, with napi_key_include_prototypes
  PyObject* level = nullptr;

  int begin() {
    Py_XSETREF(level, PyList_New(0));
    return level != nullptr ? 0 : -1;
  }
  int add(PyObject* key, int attributes) {
    PyObject* pair = Py_BuildValue("(Oi)", key, attributes);
    int rc = pair != nullptr ? PyList_Append(level, pair) : -1;
    Py_XDECREF(pair);
    return rc;
  }
  int add_name(const char* name, int attributes) {
    PyObject* key;
    if (name[0] != '@') {
      key = PyUnicode_InternFromString(name);
    } else {
      key = Py_XNewRef(PyDict_GetItemString(SymbolType.tp_dict, name + 2));
      if (key == nullptr) return 0;
    }
    int rc = key != nullptr ? add(key, attributes) : -1;
    Py_XDECREF(key);
    return rc;
  }
  int add_builtins(const BuiltinKey* keys, size_t n) {
    for (size_t i = 0; i < n; i++)
      if (add_name(keys[i].name, keys[i].attributes) < 0) return -1;
    return 0;
  }
  int accept(PyObject* key, int attributes) {
    if (seen != nullptr) {
      int had = PySet_Contains(seen, key);
      if (had != 0) return had < 0 ? -1 : 0;
      if (PySet_Add(seen, key) < 0) return -1;
    }
    bool is_symbol = Py_TYPE(key) == &SymbolType;
    if (is_symbol && (filter & napi_key_skip_symbols)) return 0;
    if (!is_symbol && (filter & napi_key_skip_strings)) return 0;
    if ((filter & napi_key_writable) && !(attributes & napi_writable)) return 0;
    if ((filter & napi_key_enumerable) && !(attributes & napi_enumerable)) return 0;
    if ((filter & napi_key_configurable) && !(attributes & napi_configurable)) return 0;
    PyObject* k = Py_NewRef(key);
    if (!is_symbol && conversion == napi_key_keep_numbers) {
      Py_ssize_t i = array_index(key);
      if (i >= 0) Py_SETREF(k, PyLong_FromSsize_t(i));
    } else if (!is_symbol && !PyUnicode_Check(k)) {
      Py_SETREF(k, js_to_string(k));
    }
    int r = k != nullptr ? PyList_Append(out, k) : -1;
    Py_XDECREF(k);
    return r;
  }
  // Emits the level gathered since begin().
  int end() {
    Py_ssize_t n = PyList_GET_SIZE(level);
    // Integer keys first, ascending (a stable insertion sort: levels are small).
    PyObject* ints = PyList_New(0);
    if (ints == nullptr) return -1;
    int rc = 0;
    for (Py_ssize_t i = 0; i < n && rc == 0; i++) {
      PyObject* pair = PyList_GET_ITEM(level, i);
      if (Py_TYPE(PyTuple_GET_ITEM(pair, 0)) != &SymbolType &&
          array_index(PyTuple_GET_ITEM(pair, 0)) >= 0)
        rc = PyList_Append(ints, pair);
    }
    Py_ssize_t m = PyList_GET_SIZE(ints);
    for (Py_ssize_t i = 1; i < m; i++)
      for (Py_ssize_t j = i; j > 0 && array_index(PyTuple_GET_ITEM(PyList_GET_ITEM(ints, j - 1), 0)) >
                                        array_index(PyTuple_GET_ITEM(PyList_GET_ITEM(ints, j), 0));
           j--) {
        PyObject* t = PyList_GET_ITEM(ints, j);
        PyList_SET_ITEM(ints, j, PyList_GET_ITEM(ints, j - 1));
        PyList_SET_ITEM(ints, j - 1, t);
      }
    for (Py_ssize_t i = 0; i < m && rc == 0; i++) {
      PyObject* pair = PyList_GET_ITEM(ints, i);
      rc = accept(PyTuple_GET_ITEM(pair, 0), static_cast<int>(PyLong_AsLong(PyTuple_GET_ITEM(pair, 1))));
    }
    Py_DECREF(ints);
    for (int pass = 1; pass < 3 && rc == 0; pass++) {
      for (Py_ssize_t i = 0; i < n && rc == 0; i++) {
        PyObject* pair = PyList_GET_ITEM(level, i);
        PyObject* key = PyTuple_GET_ITEM(pair, 0);
        bool is_symbol = Py_TYPE(key) == &SymbolType;
        if (is_symbol != (pass == 2) || (!is_symbol && array_index(key) >= 0)) continue;
        rc = accept(key, static_cast<int>(PyLong_AsLong(PyTuple_GET_ITEM(pair, 1))));
      }
    }
    Py_CLEAR(level);
    return rc;
  }
  ~KeyCollector() {
    Py_XDECREF(seen);
    Py_XDECREF(level);
  }
};
}  // namespace

// The own keys of a function or a class (after begin()): JS's own function
// properties, then `props` (a function's, or NULL) or the class's statics.
static int function_own_keys(KeyCollector& c, PyObject* obj, bool is_class) {
  uint8_t deleted = 0;
  if (!is_class) {
    deleted = reinterpret_cast<FunctionObject*>(obj)->deleted_builtins;
  } else {
    PyObject* d = type_side_dict(obj, deleted_builtins_key(), false);
    if (d == nullptr && PyErr_Occurred()) return -1;
    if (d != nullptr) {
      int name = PyDict_GetItemString(d, "name") != nullptr;  // (str keys: no error)
      deleted = name ? kDeletedName : 0;
      if (PyDict_GET_SIZE(d) > name) deleted |= kDeletedLength;
    }
  }
  for (const BuiltinKey& b : kFunctionOwnKeys)
    if (!((deleted & kDeletedName) && std::strcmp(b.name, "name") == 0) &&
        !((deleted & kDeletedLength) && std::strcmp(b.name, "length") == 0) &&
        c.add_name(b.name, b.attributes) < 0)
      return -1;
  if (!is_class) {
    PyObject* props = reinterpret_cast<FunctionObject*>(obj)->props;
    PyObject* key;
    PyObject* value;
    Py_ssize_t pos = 0;
    while (props != nullptr && PyDict_Next(props, &pos, &key, &value)) {
      int attrs = kDefaultAttributes;
      bool accessor = false;
      if (Py_TYPE(value) == &PropertySlotType) {
        auto* slot = reinterpret_cast<PropertySlotObject*>(value);
        attrs = slot->attributes;
        accessor = slot->getter != nullptr || slot->setter != nullptr;
      }
      if (PyUnicode_Check(key) && function_builtin_key(key, nullptr)) continue;  // listed
      if (c.add(key, filter_attributes(attrs, accessor)) < 0) return -1;
    }
    return 0;
  }
  PyObject* statics = type_side_dict(obj, static_attributes_key(), false);
  PyObject* key;
  PyObject* value;
  Py_ssize_t pos = 0;
  PyObject* tp_dict = reinterpret_cast<PyTypeObject*>(obj)->tp_dict;
  while (statics != nullptr && PyDict_Next(statics, &pos, &key, &value)) {
    if (function_builtin_key(key, nullptr)) continue;  // listed (redefined: a static)
    PyObject* member = PyDict_GetItemWithError(tp_dict, key);
    if (member == nullptr) {
      if (PyErr_Occurred()) return -1;
      continue;  // deleted from Python
    }
    if (c.add(key, filter_attributes(static_cast<int>(PyLong_AsLong(value)),
                                     Py_TYPE(member) == &AccessorType)) < 0)
      return -1;
  }
  // Attributes set on the class from Python (`addon.Counter.limit = 10`): statics
  // too, with the default attributes (in a Python subclass, whose type dict holds its
  // prototype members, there are none of these).
  PyObject* members = type_side_dict(obj, member_attributes_key(), false);
  pos = 0;
  while (members != nullptr && PyDict_Next(tp_dict, &pos, &key, &value)) {
    if (!PyUnicode_Check(key) || PyUnicode_READ_CHAR(key, 0) == '_' ||
        function_builtin_key(key, nullptr))
      continue;  // (dunders, our __napi_ dicts, and private names are not listed)
    int listed = PyDict_Contains(members, key);
    if (listed == 0 && statics != nullptr) listed = PyDict_Contains(statics, key);
    if (listed < 0) return -1;
    if (listed == 0 && c.add(key, filter_attributes(kDefaultAttributes,
                                                    Py_TYPE(value) == &AccessorType)) < 0)
      return -1;
  }
  PyObject* symbols = type_side_dict(obj, symbol_statics_key(), false);
  pos = 0;
  while (symbols != nullptr && PyDict_Next(symbols, &pos, &key, &value)) {
    auto* slot = reinterpret_cast<PropertySlotObject*>(value);
    if (c.add(key, filter_attributes(slot->attributes, slot->getter || slot->setter)) < 0)
      return -1;
  }
  return PyErr_Occurred() ? -1 : 0;
}

// The prototypes of the classes from `type` on (`own_level`: its own only), one level
// each: the members, with the attributes napi_define_class gave them, and
// `constructor`.
// (*parent, when given: the parent a class's prototype object was given, where the
// levels stop and the chain goes on; else NULL.)
static int class_member_levels(KeyCollector& c, PyTypeObject* type, bool own_level,
                               PyObject** parent = nullptr) {
  PyObject* mro = type->tp_mro;
  if (parent != nullptr) *parent = nullptr;
  for (Py_ssize_t i = 0; mro != nullptr && i < PyTuple_GET_SIZE(mro); i++) {
    auto* tp = reinterpret_cast<PyTypeObject*>(PyTuple_GET_ITEM(mro, i));
    if (tp == &ClassBaseType || tp == &ObjectType || (own_level && i > 0)) break;
    if (c.begin() < 0) return -1;
    PyObject* attrs = PyDict_GetItemWithError(tp->tp_dict, member_attributes_key());
    if (attrs == nullptr && PyErr_Occurred()) return -1;
    PyObject* key;
    PyObject* value;
    Py_ssize_t pos = 0;
    while (attrs != nullptr && PyDict_Next(attrs, &pos, &key, &value)) {
      PyObject* m = PyUnicode_Check(key) ? PyDict_GetItemWithError(tp->tp_dict, key) : nullptr;
      bool accessor = m != nullptr && Py_TYPE(m) == &AccessorType;
      if (c.add(key, filter_attributes(static_cast<int>(PyLong_AsLong(value)), accessor)) < 0)
        return -1;
    }
    // A Python subclass: what its class body defines is its prototype (names not
    // starting with _). Methods and other descriptors are not enumerable, as the
    // members of a JS class body are; a data descriptor (property) is an accessor.
    while (attrs == nullptr && PyDict_Next(tp->tp_dict, &pos, &key, &value)) {
      if (!PyUnicode_Check(key) || PyUnicode_READ_CHAR(key, 0) == '_') continue;
      PyTypeObject* vt = Py_TYPE(value);
      int a = vt->tp_descr_set != nullptr   ? napi_configurable | napi_writable
              : vt->tp_descr_get != nullptr ? kWC
                                            : kDefaultAttributes;
      if (c.add(key, a) < 0) return -1;
    }
    if (c.add_name("constructor", kWC) < 0 || c.end() < 0) return -1;
    if (parent != nullptr && class_parents_set > 0 && !own_level) {
      ClassPrototypeObject* cp = existing_class_prototype(tp);
      if (cp != nullptr && cp->parent != nullptr) {
        *parent = cp->parent;
        return 0;
      }
    }
  }
  return 0;
}

// The own keys of a plain object or class instance, as one level.
static int object_own_level(KeyCollector& c, PyObject* obj) {
  auto* o = reinterpret_cast<ObjectObject*>(obj);
  int frozen_mask = (o->integrity & kFrozen) ? ~(napi_writable | napi_configurable)
                    : (o->integrity & kSealed) ? ~napi_configurable
                                               : ~0;
  PyObject* key;
  PyObject* value;
  Py_ssize_t pos = 0;
  while (PyDict_Next(obj, &pos, &key, &value)) {
    PropertySlotObject* slot = find_slot(o, key);
    if (slot == nullptr && PyErr_Occurred()) return -1;
    int attrs = slot ? filter_attributes(slot->attributes, slot->getter || slot->setter)
                     : kDefaultAttributes;
    if (c.add(key, attrs & frozen_mask) < 0) return -1;
  }
  pos = 0;
  while (o->slots != nullptr && PyDict_Next(o->slots, &pos, &key, &value)) {
    auto* slot = reinterpret_cast<PropertySlotObject*>(value);
    if (PyUnicode_Check(key)) continue;  // listed above, from the dict
    int attrs = filter_attributes(slot->attributes, slot->getter || slot->setter);
    if (c.add(key, attrs & frozen_mask) < 0) return -1;
  }
  return c.end();
}

// The levels of a prototype chain set at run time, from `proto` on, up to
// Object.prototype (0: the caller lists it) or null (1: nothing more). -1 error.
static int chain_levels(KeyCollector& c, PyObject* proto) {
  for (int depth = 0; depth < kMaxChain; depth++) {
    if (proto == nullptr || proto == NAPI_PY_NULL || proto == Py_None) return 1;
    if (proto == python_types.object_prototype) return 0;
    PyObject* next = nullptr;
    if (is_object_family(proto)) {
      if (c.begin() < 0 || object_own_level(c, proto) < 0) return -1;
      next = reinterpret_cast<ObjectObject*>(proto)->proto;
      if (next == nullptr && PyObject_TypeCheck(proto, &ClassBaseType)) {
        if (class_member_levels(c, Py_TYPE(proto), false, &next) < 0) return -1;
        if (next == nullptr) return 0;
      } else if (next == nullptr) {
        return 0;
      }
    } else if (Py_TYPE(proto) == &ClassPrototypeType) {
      if (class_member_levels(c, prototype_class(proto), false, &next) < 0) return -1;
      if (next == nullptr) return 0;
    } else if (PyDict_Check(proto)) {  // a Python dict: its items, then Object.prototype
      if (c.begin() < 0) return -1;
      PyObject* key;
      PyObject* value;
      Py_ssize_t pos = 0;
      while (PyDict_Next(proto, &pos, &key, &value)) {
        PyObject* k = (PyUnicode_Check(key) || Py_TYPE(key) == &SymbolType) ? Py_NewRef(key)
                                                                             : js_to_string(key);
        int rc = k != nullptr ? c.add(k, kDefaultAttributes) : -1;
        Py_XDECREF(k);
        if (rc < 0) return -1;
      }
      return c.end();
    } else {
      return 0;  // (another kind of object: its keys are not listed)
    }
    proto = next;
  }
  return 0;
}

static int collect_keys(PyObject* obj, napi_key_collection_mode mode, napi_key_filter filter,
                        napi_key_conversion conversion, PyObject* out) {
  KeyCollector c{filter, conversion, out};
  bool protos = mode == napi_key_include_prototypes;
  if (protos && (c.seen = PySet_New(nullptr)) == nullptr) return -1;
  if (c.begin() < 0) return -1;
  Receiver kind = receiver_of(obj);
  switch (kind) {
  case Receiver::kObject: {
    if (string_wrapper_all_indexes(obj) < 0) return -1;  // (a String object's)
    if (object_own_level(c, obj) < 0) return -1;
    if (!protos) return 0;
    PyObject* parent = reinterpret_cast<ObjectObject*>(obj)->proto;
    if (parent == nullptr && class_member_levels(c, Py_TYPE(obj), false, &parent) < 0) return -1;
    if (parent != nullptr) {  // a prototype set at run time
      int r = chain_levels(c, parent);
      if (r != 0) return r < 0 ? -1 : 0;
    }
    break;
  }
  case Receiver::kPrototype: {
    PyObject* parent = nullptr;
    if (c.end() < 0 || class_member_levels(c, prototype_class(obj), !protos, &parent) < 0)
      return -1;
    if (!protos) return 0;
    if (parent != nullptr) {
      int r = chain_levels(c, parent);
      if (r != 0) return r < 0 ? -1 : 0;
    }
    break;
  }
  case Receiver::kList:
  case Receiver::kTuple:
  case Receiver::kString: {
    // Indexes, then the own `length` (a list's writable only; a tuple's, a string's:
    // not even that).
    Py_ssize_t n = kind == Receiver::kString ? PyUnicode_GET_LENGTH(obj)
                                             : PySequence_Fast_GET_SIZE(obj);
    int attrs = kind == Receiver::kList ? kDefaultAttributes : napi_enumerable;
    for (Py_ssize_t i = 0; i < n; i++) {
      PyObject* key = PyUnicode_FromFormat("%zd", i);
      if (key == nullptr) return -1;
      int r = c.add(key, attrs);
      Py_DECREF(key);
      if (r < 0) return -1;
    }
    if (c.add_name("length", kind == Receiver::kList ? napi_writable : 0) < 0 || c.end() < 0)
      return -1;
    if (!protos) return 0;
    if (kind != Receiver::kString &&
        (c.begin() < 0 || c.add_builtins(kArrayPrototypeKeys, std::size(kArrayPrototypeKeys)) < 0 ||
         c.end() < 0))
      return -1;
    break;
  }
  case Receiver::kFunction:
  case Receiver::kClass:
    if (function_own_keys(c, obj, kind == Receiver::kClass) < 0 || c.end() < 0) return -1;
    if (!protos) return 0;
    if (c.begin() < 0 || c.add_builtins(kFunctionPrototypeKeys, std::size(kFunctionPrototypeKeys)) < 0 ||
        c.end() < 0)
      return -1;
    break;
  default: {
    Py_ssize_t n = -1;  // the elements' count, for a typed array
    if (kind == Receiver::kTypedArray) {
      n = reinterpret_cast<TypedArrayObject*>(obj)->length;
    } else if (kind == Receiver::kOther && Py_TYPE(obj)->tp_as_buffer != nullptr) {
      // A Python buffer (bytes, bytearray, memoryview, numpy...) is a typed array for
      // the addon: its indexes are its own keys too (Buffer.from("ab") has "0", "1").
      PyObject* length = PyUnicode_FromString("length");
      PyObject* count = nullptr;
      int found = length != nullptr ? python_buffer_property(obj, length, -1, &count) : -1;
      Py_XDECREF(length);
      if (found < 0) return -1;
      if (found > 0) {
        n = PyLong_AsSsize_t(count);
        Py_DECREF(count);
        if (n < 0 && PyErr_Occurred()) return -1;
      }
    }
    if (n >= 0) {  // its elements, then what an addon set on it
      for (Py_ssize_t i = 0; i < n; i++) {
        PyObject* key = PyUnicode_FromFormat("%zd", i);
        int r = key != nullptr ? c.add(key, napi_writable | napi_enumerable) : -1;
        Py_XDECREF(key);
        if (r < 0) return -1;
      }
    }
    PyObject* source = nullptr;  // the dict whose keys are the own properties
    if (kind == Receiver::kDict) {
      source = Py_NewRef(obj);
    } else if (kind != Receiver::kString) {  // a Python object: its instance dict
      source = PyObject_GenericGetDict(obj, nullptr);
      if (source == nullptr) PyErr_Clear();
    }
    if (source != nullptr) {
      PyObject* keys = PyDict_Keys(source);
      Py_DECREF(source);
      if (keys == nullptr) return -1;
      // An error's own message is not enumerable in JS (what the addon sets on it is).
      bool error = PyExceptionInstance_Check(obj);
      for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys); i++) {
        PyObject* key = PyList_GET_ITEM(keys, i);
        if (error && is_error_record_key(key)) continue;  // (no property)
        PyObject* k = (PyUnicode_Check(key) || Py_TYPE(key) == &SymbolType) ? Py_NewRef(key)
                                                                             : js_to_string(key);
        int attrs = kDefaultAttributes;
        int rec = error && k != nullptr && PyUnicode_Check(k)
                      ? error_recorded_attributes(obj, k, &attrs)
                      : 0;
        if (rec < 0) Py_CLEAR(k);
        if (error && rec == 0 && k != nullptr && PyUnicode_Check(k) &&
            PyUnicode_CompareWithASCIIString(k, "message") == 0)
          attrs &= ~napi_enumerable;
        if (k == nullptr || c.add(k, attrs) < 0) {
          Py_XDECREF(k);
          Py_DECREF(keys);
          return -1;
        }
        Py_DECREF(k);
      }
      Py_DECREF(keys);
    }
    if (c.end() < 0) return -1;
    if (!protos || (kind != Receiver::kDict && !is_binary_value(obj))) return 0;
    if (is_buffer_value(obj) && python_types.buffer_prototype != nullptr) {
      // Buffer.prototype's methods: enumerable, as in Node (listed after the indexes)
      if (c.begin() < 0) return -1;
      PyObject* key;
      PyObject* value;
      Py_ssize_t pos = 0;
      while (PyDict_Next(python_types.buffer_prototype, &pos, &key, &value))
        if (c.add(key, kDefaultAttributes) < 0) return -1;
      if (c.end() < 0) return -1;
    }
    break;
  }
  }
  // Object.prototype, at the end of every chain listed this far.
  if (c.begin() < 0 || c.add_builtins(kObjectPrototypeKeys, std::size(kObjectPrototypeKeys)) < 0)
    return -1;
  return c.end();
}

PyObject* empty_tuple() {
  static PyObject* t = PyTuple_New(0);
  return t;
}

PyObject* new_object() { return ObjectType.tp_new(&ObjectType, empty_tuple(), nullptr); }

}  // namespace napi_python

using namespace napi_python;

// The name of a method or accessor function: the key, or "[description]" for a
// symbol key, as JS names them.
PyObject* napi_python::function_name_for_key(PyObject* key) {
  if (PyUnicode_Check(key)) return Py_NewRef(key);
  if (Py_TYPE(key) == &SymbolType) {
    PyObject* d = reinterpret_cast<SymbolObject*>(key)->description;
    return d == Py_None ? PyUnicode_FromString("") : PyUnicode_FromFormat("[%U]", d);
  }
  return js_to_string(key);
}

// The key of a property descriptor: utf8name, else name (a string or symbol).
PyObject* napi_python::property_key(const napi_property_descriptor& d) {
  if (d.utf8name != nullptr) {
    PyObject* k = PyUnicode_InternFromString(d.utf8name);
    return k;
  }
  return Py_NewRef(py(d.name));
}

static inline bool is_js_object(PyObject* v) {
  napi_valuetype t = js_typeof(v);
  return t == napi_object || t == napi_function || t == napi_external;
}

// napi_get_property & co. accept any value but undefined/null, for which JS's
// ToObject throws: Node returns napi_object_expected with that TypeError pending.
[[gnu::cold, gnu::noinline]] static napi_status to_object_failed(const char* function,
                                                                 napi_env env) {
  return throw_js_error_at(function, env, python_types.JSTypeError,
                           "Cannot convert undefined or null to object", napi_object_expected);
}

#define NAPI_CHECK_TO_OBJECT(env, value)                                     \
  do {                                                                       \
    PyObject* v_ = py(value);                                                \
    if (v_ == Py_None || v_ == NAPI_PY_NULL) return to_object_failed(__func__, (env)); \
  } while (0)

NAPI_EXPORT napi_status napi_create_object(napi_env env, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  PyObject* o = new_object();
  if (o == nullptr) return take_python_error(env);
  *result = own(o);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_create_array(napi_env env, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  PyObject* o = PyList_New(0);
  if (o == nullptr) return take_python_error(env);
  *result = own(o);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_create_array_with_length(napi_env env, size_t length,
                                                      napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  if (length > static_cast<size_t>(kMaxListLength)) {
    return throw_js_error(env, python_types.JSRangeError, "Invalid array length",
                          napi_pending_exception);
  }
  PyObject* o = PyList_New(static_cast<Py_ssize_t>(length));
  if (o == nullptr) return take_python_error(env);
  for (size_t i = 0; i < length; i++) PyList_SET_ITEM(o, i, Py_NewRef(Py_None));
  *result = own(o);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_array_length(napi_env env, napi_value value, uint32_t* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  PyObject* v = py(value);
  if (!PyList_Check(v) && !PyTuple_Check(v)) return set_last_error(env, napi_array_expected);
  *result = static_cast<uint32_t>(PySequence_Fast_GET_SIZE(v));
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_is_array(napi_env env, napi_value value, bool* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  *result = PyList_Check(py(value)) || PyTuple_Check(py(value));
  return clear_last_error(env);
}

// The lookup, write, `in` or delete of a property function threw (a getter, a
// setter, a key's toString, a Python object's attribute lookup): its exception is
// left pending and the status is napi_generic_failure, as Node's (V8 answered
// nothing, which Node's property functions report as napi_generic_failure, not
// napi_pending_exception).
static napi_status property_operation_threw(napi_env env) {
  take_python_error(env);
  return set_last_error(env, napi_generic_failure);
}

static napi_status get_with_key(napi_env env, napi_value object, PyObject* key,
                                napi_value* result) {
  PyObject* r = js_get(py(object), key);
  if (r == nullptr) return property_operation_threw(env);
  *result = own(r);
  return clear_last_error(env);
}

static napi_status set_with_key(napi_env env, napi_value object, PyObject* key,
                                napi_value value) {
  // A refused write (read-only, frozen) is silent, as assignment is in sloppy JS;
  // so is one on a primitive (Node sets it on the wrapper ToObject made).
  if (int rc = js_set(py(object), key, py(value)); rc < 0) {
    if (rc == -2) return take_python_error(env);  // napi_pending_exception (objects.h)
    if (is_js_object(py(object))) return property_operation_threw(env);
    PyErr_Clear();
  }
  note_function_key(py(value), key);  // (exports.add = a NULL-named function: "add" in Python)
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_set_property(napi_env env, napi_value object, napi_value key,
                                          napi_value value) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, key);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_TO_OBJECT(env, object);
  return set_with_key(env, object, py(key), value);
}

NAPI_EXPORT napi_status napi_get_property(napi_env env, napi_value object, napi_value key,
                                          napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, key);
  NAPI_CHECK_ARG(env, result);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_TO_OBJECT(env, object);
  return get_with_key(env, object, py(key), result);
}

NAPI_EXPORT napi_status napi_has_property(napi_env env, napi_value object, napi_value key,
                                          bool* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  NAPI_CHECK_ARG(env, key);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_TO_OBJECT(env, object);
  int r = js_has(py(object), py(key), false);
  if (r < 0) return property_operation_threw(env);
  *result = r == 1;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_delete_property(napi_env env, napi_value object, napi_value key,
                                             bool* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, key);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_TO_OBJECT(env, object);
  int r = js_delete(py(object), py(key));
  if (r < 0) return property_operation_threw(env);
  if (result != nullptr) *result = r == 1;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_has_own_property(napi_env env, napi_value object, napi_value key,
                                              bool* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, key);
  NAPI_CHECK_ARG(env, result);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_TO_OBJECT(env, object);
  napi_valuetype kt = js_typeof(py(key));
  if (kt != napi_string && kt != napi_symbol) return set_last_error(env, napi_name_expected);
  int r = js_has(py(object), py(key), true);
  if (r < 0) return property_operation_threw(env);
  *result = r == 1;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_set_named_property(napi_env env, napi_value object,
                                                const char* utf8name, napi_value value) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_ARG(env, utf8name);
  NAPI_CHECK_TO_OBJECT(env, object);
  PyObject* key = PyUnicode_FromString(utf8name);
  if (key == nullptr) return take_python_error(env);
  napi_status s = set_with_key(env, object, key, value);
  Py_DECREF(key);
  return s;
}

NAPI_EXPORT napi_status napi_get_named_property(napi_env env, napi_value object,
                                                const char* utf8name, napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_ARG(env, utf8name);
  NAPI_CHECK_TO_OBJECT(env, object);
  PyObject* key = PyUnicode_FromString(utf8name);
  if (key == nullptr) return take_python_error(env);
  napi_status s = get_with_key(env, object, key, result);
  Py_DECREF(key);
  return s;
}

NAPI_EXPORT napi_status napi_has_named_property(napi_env env, napi_value object,
                                                const char* utf8name, bool* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_ARG(env, utf8name);
  NAPI_CHECK_TO_OBJECT(env, object);
  PyObject* key = PyUnicode_FromString(utf8name);
  if (key == nullptr) return take_python_error(env);
  int r = js_has(py(object), key, false);
  Py_DECREF(key);
  if (r < 0) return property_operation_threw(env);
  *result = r == 1;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_set_element(napi_env env, napi_value object, uint32_t index,
                                         napi_value value) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_TO_OBJECT(env, object);
  PyObject* key = PyLong_FromUnsignedLong(index);
  if (key == nullptr) return take_python_error(env);
  napi_status s = set_with_key(env, object, key, value);
  Py_DECREF(key);
  return s;
}

// Any object but a list: through a key object (out of line, so that the list path of
// napi_get_element, the one a loop over an array takes, needs no stack frame).
[[gnu::noinline]] static napi_status get_element_with_key(napi_env env, napi_value object,
                                                          uint32_t index, napi_value* result) {
  if (py(object) == Py_None || py(object) == NAPI_PY_NULL)  // (NAPI_CHECK_TO_OBJECT)
    return to_object_failed("napi_get_element", env);
  PyObject* key = PyLong_FromUnsignedLong(index);
  if (key == nullptr) return take_python_error(env);
  napi_status s = get_with_key(env, object, key, result);
  Py_DECREF(key);
  return s;
}

NAPI_EXPORT napi_status napi_get_element(napi_env env, napi_value object, uint32_t index,
                                         napi_value* result) {
  NAPI_PREAMBLE(env);  // (clears the last error)
  NAPI_CHECK_ARG(env, result);
  NAPI_CHECK_ARG(env, object);
  PyObject* o = py(object);
  // The common case, without a key object (a list is an object: the ToObject check
  // of every other value is get_element_with_key's).
  if (PyList_CheckExact(o)) {
    if (index < static_cast<uint32_t>(PyList_GET_SIZE(o))) {
      PyObject* item = PyList_GET_ITEM(o, index);
      Py_INCREF(item);
      return own_result(item, result);  // (no stack frame: its slow part is a tail call)
    }
    *result = js(Py_None);  // a hole, or past the end: undefined
    return napi_ok;
  }
  return get_element_with_key(env, object, index, result);
}

NAPI_EXPORT napi_status napi_has_element(napi_env env, napi_value object, uint32_t index,
                                         bool* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_TO_OBJECT(env, object);
  PyObject* key = PyLong_FromUnsignedLong(index);
  if (key == nullptr) return take_python_error(env);
  int r = js_has(py(object), key, false);
  Py_DECREF(key);
  if (r < 0) return property_operation_threw(env);
  *result = r == 1;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_delete_element(napi_env env, napi_value object, uint32_t index,
                                            bool* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_TO_OBJECT(env, object);
  PyObject* key = PyLong_FromUnsignedLong(index);
  if (key == nullptr) return take_python_error(env);
  int r = js_delete(py(object), key);
  Py_DECREF(key);
  if (r < 0) return property_operation_threw(env);
  if (result != nullptr) *result = r == 1;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_define_properties(napi_env env, napi_value object,
                                               size_t property_count,
                                               const napi_property_descriptor* properties) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, object);
  if (property_count > 0) NAPI_CHECK_ARG(env, properties);
  NAPI_CHECK_TO_OBJECT(env, object);
  // A primitive: Node defines the properties on the wrapper object ToObject makes,
  // which nothing keeps (the names are checked all the same).
  bool primitive = !is_js_object(py(object));
  for (size_t i = 0; i < property_count; i++) {
    const napi_property_descriptor& d = properties[i];
    if (d.utf8name == nullptr) {
      if (d.name == nullptr) return set_last_error(env, napi_name_expected);
      napi_valuetype t = js_typeof(py(d.name));
      if (t != napi_string && t != napi_symbol) return set_last_error(env, napi_name_expected);
    }
    if (primitive) continue;
    OwnedRef key(property_key(d));
    if (!key) return take_python_error(env);
    OwnedRef fname(function_name_for_key(key.get()));
    if (!fname) return take_python_error(env);
    OwnedRef getter, setter, value;
    // Node gives these functions no name: `name` "" in JS, the key's in Python.
    if (d.getter != nullptr || d.setter != nullptr) {
      if (d.getter && !(getter = OwnedRef(new_function(env, fname.get(), d.getter, d.data, false))))
        return take_python_error(env);
      if (d.setter && !(setter = OwnedRef(new_function(env, fname.get(), d.setter, d.data, false))))
        return take_python_error(env);
    } else if (d.method != nullptr) {
      value.reset(new_function(env, fname.get(), d.method, d.data, false));
      if (!value) return take_python_error(env);
      // A method defined on a class (node-addon-api defines static methods this
      // way): `Class.method()` calls it with `this` = the class, as JS does.
      if (is_class_type(py(object)))
        reinterpret_cast<FunctionObject*>(value.get())->is_static = true;
    } else {
      value.reset(Py_NewRef(d.value != nullptr ? py(d.value) : Py_None));
      note_function_key(value.get(), key.get());
    }
    int rc = js_define(py(object), key.get(), value.get(), getter.get(), setter.get(), d.attributes);
    if (rc < 0) return take_python_error(env);
    // Refused (a non-configurable property, a frozen object): Node's status, with
    // no exception.
    if (rc > 0) return set_last_error(env, napi_invalid_arg);
  }
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_all_property_names(napi_env env, napi_value object,
                                                    napi_key_collection_mode key_mode,
                                                    napi_key_filter key_filter,
                                                    napi_key_conversion key_conversion,
                                                    napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_TO_OBJECT(env, object);  // a primitive: its wrapper's keys (a string's indexes)
  // (Node answers napi_invalid_arg for a mode or a conversion it does not know)
  if (key_mode != napi_key_include_prototypes && key_mode != napi_key_own_only)
    return set_last_error(env, napi_invalid_arg);
  if (key_conversion != napi_key_keep_numbers && key_conversion != napi_key_numbers_to_strings)
    return set_last_error(env, napi_invalid_arg);
  PyObject* out = PyList_New(0);
  if (out == nullptr) return take_python_error(env);
  if (collect_keys(py(object), key_mode, key_filter, key_conversion, out) < 0) {
    Py_DECREF(out);
    return take_python_error(env);
  }
  *result = own(out);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_property_names(napi_env env, napi_value object,
                                                napi_value* result) {
  return napi_get_all_property_names(
      env, object, napi_key_include_prototypes,
      static_cast<napi_key_filter>(napi_key_enumerable | napi_key_skip_symbols),
      napi_key_numbers_to_strings, result);
}

// Seals or freezes `o` (kSealed or kFrozen), as JS's Object.seal / Object.freeze:
// 0; 1 + JSTypeError set for Node's own refusal (a typed array with elements to
// freeze); 2 + JSTypeError set for a Python object that cannot be sealed (a list, a
// function...: left writable would be a silent lie). A primitive is left alone: JS
// seals the wrapper object ToObject makes, which nothing keeps.
static int seal_or_freeze(PyObject* o, uint8_t level) {
  if (!is_js_object(o)) return 0;
  if (level == kFrozen && is_typedarray(o) && reinterpret_cast<TypedArrayObject*>(o)->length > 0) {
    PyErr_SetString(python_types.JSTypeError, "Cannot freeze array buffer views with elements");
    return 1;
  }
  // The binary types and dates take no new properties and have none to delete or
  // change (their contents are not properties, in JS either): already sealed and,
  // but for a typed array's elements, frozen.
  if (is_typedarray(o) || is_arraybuffer(o) || is_dataview(o) || is_date(o)) return 0;
  if (!is_object_family(o)) {
    PyErr_Format(python_types.JSTypeError, "cannot %s a Python %s",
                 level == kFrozen ? "freeze" : "seal", Py_TYPE(o)->tp_name);
    return 2;
  }
  auto* obj = reinterpret_cast<ObjectObject*>(o);
  obj->integrity |= level | kSealed;
  obj->non_extensible = 1;
  return 0;
}

// The builtin prototype object whose members a property read on `o` finds (the
// objects of napi_python/_globals.py's PROTOTYPES), or NULL: a date's
// Date.prototype, a list's or tuple's Array.prototype, a string's String.prototype
// (ToObject's wrapper's), a promise's Promise.prototype. An addon reads a method
// there and calls it with the value as `this` (aws-crt: getTime of a Date's
// prototype).
static PyObject* builtin_prototype_of(PyObject* o) {
  return PyList_Check(o) || PyTuple_Check(o) ? python_types.array_prototype
         : PyUnicode_Check(o)                ? python_types.string_prototype
         : is_date(o)                        ? python_types.date_prototype
         : is_awaitable(o)                   ? python_types.promise_prototype
                                             : nullptr;
}

static napi_status set_integrity(napi_env env, napi_value object, uint8_t level) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_TO_OBJECT(env, object);
  if (seal_or_freeze(py(object), level) == 0) return clear_last_error(env);
  // Node's own refusal, or a Python object that cannot be sealed: a TypeError is
  // thrown, so the status is napi_pending_exception, as Node's is whenever the
  // operation throws. (Neon answers any other status by throwing an error of its
  // own, which fails while this one is pending: it then panicked.)
  return take_python_error(env);
}

// Object.seal / Object.freeze / Object.isSealed / Object.isFrozen of the global
// object (napi_python/_globals.py), on the same state napi_object_seal and
// napi_object_freeze set.
NAPI_EXPORT int napi_python_seal(PyObject* o, int freeze) {
  return seal_or_freeze(o, freeze ? kFrozen : kSealed) == 0 ? 0 : -1;
}

// Object.preventExtensions / Object.isExtensible of the global object, on the same
// flag napi_object_seal sets: new properties are refused, the others stay as they
// are. A primitive and an external are left alone (not extensible anyway); the
// binary types and dates as seal_or_freeze leaves them; another Python object (a
// list, a function) is refused with a JSTypeError, as seal refuses it.
NAPI_EXPORT int napi_python_prevent_extensions(PyObject* o) {
  if (!is_js_object(o) || Py_TYPE(o) == &ExternalType || is_typedarray(o) ||
      is_arraybuffer(o) || is_dataview(o) || is_date(o))
    return 0;
  if (!is_object_family(o)) {
    PyErr_Format(python_types.JSTypeError, "cannot prevent extensions of a Python %s",
                 Py_TYPE(o)->tp_name);
    return -1;
  }
  reinterpret_cast<ObjectObject*>(o)->non_extensible = 1;
  return 0;
}

NAPI_EXPORT int napi_python_is_extensible(PyObject* o) {
  if (!is_js_object(o) || Py_TYPE(o) == &ExternalType) return 0;  // as in JS / V8
  if (!is_object_family(o)) return 1;  // not recorded: extensible, as a JS object is
  return reinterpret_cast<ObjectObject*>(o)->non_extensible ? 0 : 1;
}

NAPI_EXPORT int napi_python_is_sealed(PyObject* o, int frozen) {
  if (!is_js_object(o)) return 1;  // a primitive: sealed and frozen, as in JS
  if (Py_TYPE(o) == &ExternalType) return 1;  // no properties, none to add (as V8's)
  if (!is_object_family(o)) return 0;  // the integrity of the others is not recorded
  auto* obj = reinterpret_cast<ObjectObject*>(o);
  if ((obj->integrity & (frozen ? kFrozen : kSealed)) != 0) return 1;
  // A non-extensible object with no own property is both sealed and frozen, as in JS
  // (a sealed class instance whose state is all native, as zeromq's sockets).
  return obj->non_extensible && PyDict_GET_SIZE(o) == 0 &&
         (obj->slots == nullptr || PyDict_GET_SIZE(obj->slots) == 0);
}

NAPI_EXPORT napi_status napi_object_freeze(napi_env env, napi_value object) {
  return set_integrity(env, object, kFrozen);
}

NAPI_EXPORT napi_status napi_object_seal(napi_env env, napi_value object) {
  return set_integrity(env, object, kSealed);
}

// The prototype a primitive's wrapper object (ToObject's: a Number, String, Boolean,
// BigInt or Symbol object) reports, the global constructor's `prototype`: its class's
// __js_prototype__ (napi_python/_globals.py). Borrowed, or NULL.
static PyObject* primitive_wrapper_prototype(PyObject* o) {
  auto* wrapper = reinterpret_cast<PyTypeObject*>(python_types.primitive_wrapper);
  if (wrapper == nullptr || !PyObject_TypeCheck(o, wrapper)) return nullptr;
  static PyObject* key = PyUnicode_InternFromString("__js_prototype__");
  return key != nullptr ? _PyType_Lookup(Py_TYPE(o), key) : nullptr;
}

// JS Object.getPrototypeOf of an object (not undefined or null). Borrowed, or NULL +
// exception.
static PyObject* prototype_of(PyObject* o) {
  // Set at run time (Object.setPrototypeOf...): that one.
  if (is_object_family(o)) {
    if (PyObject* p = reinterpret_cast<ObjectObject*>(o)->proto) return p;
  } else if (Py_TYPE(o) == &ClassPrototypeType) {
    if (PyObject* p = reinterpret_cast<ClassPrototypeObject*>(o)->parent) return p;
  } else if (is_class_type(o)) {
    ClassPrototypeObject* cp = existing_class_prototype(reinterpret_cast<PyTypeObject*>(o));
    if (cp != nullptr && cp->ctor_parent != nullptr) return cp->ctor_parent;
  }
  // A class instance's prototype is its Python type (the class members live there);
  // plain objects and dicts share Object.prototype; anything else: its type.
  PyObject* proto = reinterpret_cast<PyObject*>(Py_TYPE(o));
  if (o == python_types.object_prototype)  // the end of every chain, as in JS
    proto = NAPI_PY_NULL;
  else if (Py_TYPE(o) == &ExternalType)  // an external has none (V8: a null prototype)
    proto = NAPI_PY_NULL;
  else if ((Py_TYPE(o) == &ObjectType || PyDict_CheckExact(o)) && python_types.object_prototype)
    proto = python_types.object_prototype;
  else if (PyObject* builtin = is_object_family(o) ? nullptr : builtin_prototype_of(o))
    proto = builtin;  // Date.prototype, Array.prototype...: what property reads find
  else if (PyObject* p = primitive_wrapper_prototype(o))
    proto = p;  // a Number object's Number.prototype...
  else if (PyObject* e = error_prototype(o))
    proto = e;  // an Error's Error.prototype...
  PyObject* cls = nullptr;  // the class whose prototype object it is
  if (PyObject_TypeCheck(o, &ClassBaseType)) {
    cls = proto;
  } else if (Py_TYPE(o) == &ClassPrototypeType) {  // the base class's, or Object.prototype
    PyTypeObject* base = prototype_class(o)->tp_base;
    if (base != nullptr && base != &ClassBaseType && is_class_type(reinterpret_cast<PyObject*>(base)))
      cls = reinterpret_cast<PyObject*>(base);
    else if (python_types.object_prototype != nullptr)
      proto = python_types.object_prototype;
  }
  if (cls != nullptr) proto = class_prototype(cls);
  return proto;
}

NAPI_EXPORT napi_status napi_get_prototype(napi_env env, napi_value object, napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_TO_OBJECT(env, object);
  PyObject* proto = prototype_of(py(object));
  if (proto == nullptr) return take_python_error(env);
  *result = js(proto);
  return clear_last_error(env);
}

// For napi_python/_globals.py (Object.getPrototypeOf, Object.getOwnPropertyNames,
// Object.keys/values/entries, Object.defineProperty): the rules the napi_*
// functions above use (core_api.h).
static bool object_coercible(PyObject* o) {
  if (o != Py_None && o != NAPI_PY_NULL) return true;
  PyErr_SetString(python_types.JSTypeError, "Cannot convert undefined or null to object");
  return false;
}

NAPI_EXPORT PyObject* napi_python_js_prototype_of(PyObject* o) {
  if (!object_coercible(o)) return nullptr;
  return Py_XNewRef(prototype_of(o));
}

NAPI_EXPORT PyObject* napi_python_js_own_keys(PyObject* o, int flags) {
  if (!object_coercible(o)) return nullptr;
  PyObject* out = PyList_New(0);
  // flags: 1 enumerable only (Object.keys); 2 symbols too, after the strings
  // (Reflect.ownKeys); 4 symbols only (Object.getOwnPropertySymbols)
  int filter = (flags & 4) ? napi_key_skip_strings : (flags & 2) ? 0 : napi_key_skip_symbols;
  if (flags & 1) filter |= napi_key_enumerable;
  if (out != nullptr && collect_keys(o, napi_key_own_only, static_cast<napi_key_filter>(filter),
                                     napi_key_numbers_to_strings, out) < 0)
    Py_CLEAR(out);
  return out;
}

NAPI_EXPORT int napi_python_js_define(PyObject* o, PyObject* key, PyObject* value,
                                      PyObject* getter, PyObject* setter, int attributes) {
  if (!PyUnicode_CheckExact(key) && Py_TYPE(key) != &SymbolType) {  // (as objects store them)
    PyErr_SetString(PyExc_TypeError, "_js_define: the key must be a str or a Symbol");
    return -1;
  }
  bool validated = (attributes & kValidatedDefine) != 0 && is_object_family(o);
  return define_property(o, key, value, getter == Py_None ? nullptr : getter,
                         setter == Py_None ? nullptr : setter, attributes, validated);
}

NAPI_EXPORT int napi_python_js_has(PyObject* o, PyObject* key) {
  if (!object_coercible(o)) return -1;
  return js_has(o, key, false);
}
NAPI_EXPORT int napi_python_js_has_own(PyObject* o, PyObject* key) {
  if (!object_coercible(o)) return -1;
  return js_has(o, key, true);
}
// Reflect.set and Reflect.deleteProperty: the writes napi_set_property and
// napi_delete_property make (1 done, 0 refused: read-only, frozen, non-configurable),
// -1 with the exception (an invalid array length's RangeError too).
NAPI_EXPORT int napi_python_js_set(PyObject* o, PyObject* key, PyObject* value) {
  if (!object_coercible(o)) return -1;
  int r = js_set(o, key, value);
  return r < 0 ? -1 : r;
}
NAPI_EXPORT int napi_python_js_delete(PyObject* o, PyObject* key) {
  if (!object_coercible(o)) return -1;
  return js_delete(o, key);
}

// The descriptor facts of an own property of a class from napi_define_class (a static,
// or JS's own `length`, `name`, `arguments`, `caller`, `prototype`) or of a class's
// prototype object (a member), with the attributes napi_define_class gave it:
// (value, None, None, attributes) for data, (None, getter, setter, attributes |
// kAccessorProperty) for an accessor, without running its getter. NotImplemented for
// a key with no recorded attributes (a prototype's `constructor`, what a Python
// subclass's body defines, an attribute set from Python), or no such property.
static PyObject* descriptor_facts(PyObject* value, PyObject* getter, PyObject* setter,
                                  int attributes) {
  if (getter != nullptr || setter != nullptr)
    return Py_BuildValue("(OOOi)", Py_None, getter ? getter : Py_None, setter ? setter : Py_None,
                         attributes | kAccessorProperty);
  return Py_BuildValue("(OOOi)", value != nullptr ? value : Py_None, Py_None, Py_None, attributes);
}

// The same for a function an addon made: what napi_define_properties (or a set) put on
// it, with its attributes, and JS's own length, name, arguments, caller, prototype.
static PyObject* function_own_descriptor(PyObject* o, PyObject* k) {
  auto* f = reinterpret_cast<FunctionObject*>(o);
  PyObject* stored = f->props != nullptr ? PyDict_GetItemWithError(f->props, k) : nullptr;
  if (stored != nullptr && Py_TYPE(stored) == &PropertySlotType) {
    auto* s = reinterpret_cast<PropertySlotObject*>(stored);
    return descriptor_facts(s->value, s->getter, s->setter, s->attributes);
  }
  if (stored != nullptr) return descriptor_facts(stored, nullptr, nullptr, kDefaultAttributes);
  if (PyErr_Occurred()) return nullptr;
  int attributes;
  if (!PyUnicode_Check(k) || !function_builtin_key(k, &attributes) || function_builtin_deleted(o, k))
    Py_RETURN_NOTIMPLEMENTED;
  PyObject* value = js_get(o, k);  // (`prototype`: made now, then a stored property)
  if (value == nullptr) return nullptr;
  PyObject* r = nullptr;
  stored = f->props != nullptr ? PyDict_GetItemWithError(f->props, k) : nullptr;
  if (stored != nullptr && Py_TYPE(stored) == &PropertySlotType)
    attributes = reinterpret_cast<PropertySlotObject*>(stored)->attributes;
  if (!PyErr_Occurred()) r = descriptor_facts(value, nullptr, nullptr, attributes);
  Py_DECREF(value);
  return r;
}

static PyObject* class_own_descriptor(PyObject* o, Receiver kind, PyObject* k) {
  bool proto = kind == Receiver::kPrototype;
  PyTypeObject* tp = proto ? prototype_class(o) : reinterpret_cast<PyTypeObject*>(o);
  PyObject* member = nullptr;  // (borrowed)
  int attributes = 0;
  int found = 0;  // 1: a member or static; -1: error
  if (proto) {
    PyObject* dict = PyUnicode_Check(k) ? tp->tp_dict
                                        : PyDict_GetItemWithError(tp->tp_dict, symbol_members_key());
    member = dict != nullptr ? PyDict_GetItemWithError(dict, k) : nullptr;
    PyObject* attrs = member != nullptr ? PyDict_GetItemWithError(tp->tp_dict, member_attributes_key())
                                        : nullptr;
    PyObject* a = attrs != nullptr ? PyDict_GetItemWithError(attrs, k) : nullptr;
    if (a != nullptr) {
      attributes = static_cast<int>(PyLong_AsLong(a));
      found = 1;
    }
  } else if (PyUnicode_Check(k)) {
    found = class_static_attributes(o, k, &attributes);
    if (found == 1) {
      member = PyDict_GetItemWithError(tp->tp_dict, k);
      if (member == nullptr) found = 0;  // (deleted from Python)
    } else if (found == 0 && function_builtin_key(k, &attributes)) {
      int deleted = class_builtin_deleted(o, k);
      found = deleted < 0 ? -1 : !deleted;
    }
  } else {  // a symbol-keyed static: its PropertySlot holds value and attributes
    PyObject* symbols = type_side_dict(o, symbol_statics_key(), false);
    PyObject* slot = symbols != nullptr ? PyDict_GetItemWithError(symbols, k) : nullptr;
    if (slot != nullptr) {
      auto* s = reinterpret_cast<PropertySlotObject*>(slot);
      return descriptor_facts(s->value, s->getter, s->setter, s->attributes);
    }
  }
  if (found < 0 || PyErr_Occurred()) return nullptr;
  if (found == 0) Py_RETURN_NOTIMPLEMENTED;
  if (member != nullptr && Py_TYPE(member) == &AccessorType) {
    auto* a = reinterpret_cast<AccessorObject*>(member);
    return descriptor_facts(nullptr, a->getter, a->setter, attributes);
  }
  PyObject* value = js_get(o, k);  // (a data property: no getter runs)
  if (value == nullptr) return nullptr;
  PyObject* r = descriptor_facts(value, nullptr, nullptr, attributes);
  Py_DECREF(value);
  return r;
}

// Object.getOwnPropertyDescriptor of a plain object, a class instance, a dict, a
// function, a class or a class's prototype object, for Object.defineProperty's merge: None (no such own
// property), or (value, getter, setter, attributes), attributes with
// kAccessorProperty for an accessor and as a sealed or frozen object's properties are
// (not configurable; not writable); NotImplemented for any other receiver or key,
// whose attributes are not all recorded.
NAPI_EXPORT PyObject* napi_python_js_own_descriptor(PyObject* o, PyObject* key) {
  Receiver kind = receiver_of(o);
  if (kind == Receiver::kPrototype || kind == Receiver::kClass || kind == Receiver::kFunction) {
    PyObject* k = normalize_key(key);
    if (k == nullptr) return nullptr;
    PyObject* r = kind == Receiver::kFunction ? function_own_descriptor(o, k)
                                              : class_own_descriptor(o, kind, k);
    Py_DECREF(k);
    return r;
  }
  if (!is_object_family(o) && !PyDict_Check(o)) Py_RETURN_NOTIMPLEMENTED;
  PyObject* k = normalize_key(key);
  if (k == nullptr) return nullptr;
  if (is_object_family(o) && string_wrapper_index(o, k) < 0) {
    Py_DECREF(k);
    return nullptr;
  }
  PropertySlotObject* slot = is_object_family(o) ? find_slot(reinterpret_cast<ObjectObject*>(o), k)
                                                 : nullptr;
  PyObject* in_dict = slot != nullptr || !PyErr_Occurred() ? PyDict_GetItemWithError(o, k) : nullptr;
  PyObject* r = nullptr;
  if (PyErr_Occurred()) {
  } else if (slot != nullptr) {
    bool accessor = slot->getter != nullptr || slot->setter != nullptr;
    int attributes = slot->attributes | (accessor ? kAccessorProperty : 0);
    PyObject* value = accessor ? Py_None : PyUnicode_Check(k) ? (in_dict ? in_dict : Py_None)
                                         : (slot->value ? slot->value : Py_None);
    r = Py_BuildValue("(OOOi)", value, slot->getter ? slot->getter : Py_None,
                      slot->setter ? slot->setter : Py_None, attributes);
  } else if (in_dict != nullptr) {
    r = Py_BuildValue("(OOOi)", in_dict, Py_None, Py_None, kDefaultAttributes);
  } else {
    r = Py_NewRef(Py_None);
  }
  Py_DECREF(k);
  if (r != nullptr && r != Py_None && is_object_family(o)) {
    uint8_t integrity = reinterpret_cast<ObjectObject*>(o)->integrity;
    int a = static_cast<int>(PyLong_AsLong(PyTuple_GET_ITEM(r, 3)));
    if (integrity & kSealed) a &= ~napi_configurable;
    if ((integrity & kFrozen) && !(a & kAccessorProperty)) a &= ~napi_writable;
    PyObject* n = PyLong_FromLong(a);
    if (n == nullptr) Py_CLEAR(r);
    else Py_SETREF(PyTuple_GET_ITEM(r, 3), n);  // (the tuple is new: ours to fill)
  }
  return r;
}

// The prototype an object has when none was set: Object.prototype for a plain
// object, its class's prototype object for a class instance, the base class's (or
// Object.prototype) for a class's prototype object. Borrowed.
static PyObject* default_prototype_of(PyObject* o) {
  if (Py_TYPE(o) == &ClassPrototypeType) {
    PyTypeObject* base = prototype_class(o)->tp_base;
    if (base != nullptr && base != &ClassBaseType && is_class_type(reinterpret_cast<PyObject*>(base)))
      return class_prototype(reinterpret_cast<PyObject*>(base));
    return python_types.object_prototype;
  }
  if (PyObject_TypeCheck(o, &ClassBaseType)) return class_prototype(reinterpret_cast<PyObject*>(Py_TYPE(o)));
  return o == python_types.object_prototype ? NAPI_PY_NULL : python_types.object_prototype;
}

// JS [[SetPrototypeOf]] (Object.setPrototypeOf, node_api_set_prototype): `proto` is
// an object or NAPI_PY_NULL. What can take a prototype of its own: a plain object, a
// class instance, a class's prototype object (Class.prototype: its instances then
// inherit from `proto` after the class's members) and a class (its statics then
// fall back to `proto`'s properties). Setting the prototype a value already has
// succeeds on anything. 0, or -1 with a JSTypeError: a cycle, a non-extensible
// object, or a value whose prototype is its Python type (a list, a function, a
// dict...).
int napi_python::js_set_prototype(PyObject* obj, PyObject* proto) {
  PyObject* current = prototype_of(obj);
  if (current == nullptr) return -1;
  if (current == proto) return 0;
  bool own_kind = is_object_family(obj) || Py_TYPE(obj) == &ClassPrototypeType || is_class_type(obj);
  if (!own_kind) {
    PyErr_Format(python_types.JSTypeError,
                 "napi-python cannot change the prototype of a %s: its prototype is its "
                 "Python type (only plain objects, class instances, classes and their "
                 "prototypes take another)",
                 Py_TYPE(obj)->tp_name);
    return -1;
  }
  if (is_object_family(obj) && reinterpret_cast<ObjectObject*>(obj)->non_extensible) {
    PyErr_SetString(python_types.JSTypeError, "#<Object> is not extensible");
    return -1;
  }
  // JS refuses a cycle: `obj` must not be on `proto`'s chain.
  PyObject* p = proto;
  for (int i = 0; i < kMaxChain && p != NAPI_PY_NULL && p != nullptr; i++) {
    if (p == obj) {
      PyErr_SetString(python_types.JSTypeError, "Cyclic __proto__ value");
      return -1;
    }
    PyObject* next = prototype_of(p);
    if (next == nullptr) return -1;
    if (next == p) break;  // (a Python type's type: no further)
    p = next;
  }
  if (is_object_family(obj)) {
    PyObject* d = default_prototype_of(obj);
    if (d == nullptr && PyErr_Occurred()) return -1;
    Py_XSETREF(reinterpret_cast<ObjectObject*>(obj)->proto, proto == d ? nullptr : Py_NewRef(proto));
    return 0;
  }
  ClassPrototypeObject* cp;
  if (Py_TYPE(obj) == &ClassPrototypeType) {
    cp = reinterpret_cast<ClassPrototypeObject*>(obj);
    PyObject* d = default_prototype_of(obj);
    if (d == nullptr && PyErr_Occurred()) return -1;
    bool had = cp->parent != nullptr;
    Py_XSETREF(cp->parent, proto == d ? nullptr : Py_NewRef(proto));
    class_parents_set += (cp->parent != nullptr) - had;
    PyType_Modified(prototype_class(obj));
    return 0;
  }
  cp = reinterpret_cast<ClassPrototypeObject*>(class_prototype(obj));
  if (cp == nullptr) return -1;
  Py_XSETREF(cp->ctor_parent, Py_NewRef(proto));
  return 0;
}

// chain_was_set for any value (napi_instanceof: then the chain answers, not Python).
static bool js_prototype_was_set(PyObject* obj) {
  return is_object_family(obj) && chain_was_set(obj);
}

// Whether `proto` is on the prototype chain of `obj` (JS OrdinaryHasInstance's walk,
// for napi_instanceof): 1, 0, or -1 with an exception.
static int js_prototype_chain_has(PyObject* obj, PyObject* proto) {
  if (proto == nullptr || proto == Py_None || proto == NAPI_PY_NULL) return 0;
  PyObject* p = obj;
  for (int i = 0; i < kMaxChain; i++) {
    PyObject* next = prototype_of(p);
    if (next == nullptr) return -1;
    if (next == proto) return 1;
    if (next == NAPI_PY_NULL || next == p) return 0;
    p = next;
  }
  return 0;
}

// instanceof: JS's OrdinaryHasInstance, with the Python classes' own rules.
NAPI_EXPORT napi_status napi_instanceof(napi_env env, napi_value object, napi_value constructor,
                                        bool* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_ARG(env, constructor);
  NAPI_CHECK_ARG(env, result);
  *result = false;  // (Node sets it first: false on every failure too)
  PyObject* cons = py(constructor);
  if (cons == Py_None || cons == NAPI_PY_NULL)  // ToObject fails, as in Node: pending
    return throw_js_error(env, python_types.JSTypeError,
                          "Cannot convert undefined or null to object", napi_object_expected);
  if (!PyCallable_Check(cons)) {  // with Node's code, ERR_NAPI_CONS_FUNCTION
    napi_throw_type_error(env, "ERR_NAPI_CONS_FUNCTION", "Constructor must be a function");
    return set_last_error(env, napi_function_expected);
  }
  napi_valuetype t = js_typeof(py(object));
  if (t != napi_object && t != napi_function) return clear_last_error(env);  // a primitive
  int r = 0;
  bool checked = false;  // a builtin's own rule (__instancecheck__) answered
  if (js_prototype_was_set(py(object))) {
    // (Object.setPrototypeOf...: the chain answers alone, below)
  } else if (PyType_Check(cons)) {
    r = PyObject_IsInstance(py(object), cons);
    // bytes, bytearray and memoryview are Buffers to the addon, so Uint8Arrays too
    // (the global Buffer's own rule: napi_python/_globals.py).
    PyObject* o = py(object);
    if (r == 0 && BufferTypePtr != nullptr &&
        cons == reinterpret_cast<PyObject*>(BufferTypePtr->tp_base))
      r = PyBytes_Check(o) || PyByteArray_Check(o) || PyMemoryView_Check(o);
    // A BigInt object (ToObject's wrapper of a BigInt, napi_python/_globals.py) is an
    // instance of the global BigInt, which is the primitives' Python class.
    if (r == 0 && cons == python_types.BigInt && python_types.primitive_wrapper != nullptr &&
        PyObject_TypeCheck(o, reinterpret_cast<PyTypeObject*>(python_types.primitive_wrapper))) {
      PyObject* p = PyObject_GetAttrString(o, "_js_primitive");
      r = p != nullptr ? PyObject_IsInstance(p, cons) : -1;
      Py_XDECREF(p);
    }
  } else {
    // The global object's builtins that are Python functions (Object, Array, Date,
    // Function: napi_python/_globals.py) carry their JS rule as __instancecheck__,
    // as the Python classes among them (Buffer, Promise) do on their metaclass.
    static PyObject* key = PyUnicode_InternFromString("__instancecheck__");
    PyObject* check = key != nullptr ? PyObject_GetAttr(cons, key) : nullptr;
    if (check == nullptr) {
      if (!PyErr_ExceptionMatches(PyExc_AttributeError)) return take_python_error(env);
      PyErr_Clear();
    } else {
      checked = true;
      PyObject* answer = PyObject_CallOneArg(check, py(object));
      Py_DECREF(check);
      r = answer != nullptr ? PyObject_IsTrue(answer) : -1;
      Py_XDECREF(answer);
    }
  }
  if (r == 0 && (PyType_Check(cons) || !checked)) {
    // JS OrdinaryHasInstance: `constructor.prototype` on the object's prototype chain,
    // which Object.setPrototypeOf / Object.create may have set (objects.cc): an
    // instance of a class whose prototype was given Error.prototype is an Error.
    static PyObject* prototype = PyUnicode_InternFromString("prototype");
    PyObject* target = prototype != nullptr ? js_get(cons, prototype) : nullptr;
    if (target == nullptr) return take_python_error(env);
    r = js_typeof(target) == napi_object ? js_prototype_chain_has(py(object), target) : 0;
    Py_DECREF(target);
  }
  if (r < 0) return take_python_error(env);
  *result = r == 1;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status node_api_set_prototype(napi_env env, napi_value object,
                                               napi_value value) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_TO_OBJECT(env, object);
  PyObject* proto = py(value);
  napi_valuetype t = js_typeof(proto);
  if (proto != NAPI_PY_NULL && t != napi_object && t != napi_function)
    return set_last_error(env, napi_object_expected);
  napi_valuetype ot = js_typeof(py(object));
  if (ot != napi_object && ot != napi_function) return clear_last_error(env);  // a primitive
  if (js_set_prototype(py(object), proto) < 0) {
    // A refusal (a cycle, a non-extensible object, a value whose prototype is its
    // Python type) is napi_generic_failure with no exception pending, as V8's
    // Object::SetPrototype swallows its TypeError.
    if (!PyErr_ExceptionMatches(python_types.JSTypeError)) return take_python_error(env);
    PyErr_Clear();
    return set_last_error(env, napi_generic_failure,
                          "the prototype was refused: a cycle, a non-extensible object, or a "
                          "value whose prototype napi-python keeps in its Python type");
  }
  return clear_last_error(env);
}

NAPI_EXPORT int napi_python_js_set_prototype(PyObject* o, PyObject* proto) {
  return js_set_prototype(o, proto);
}
