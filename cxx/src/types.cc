// The Python types behind JS objects, functions, symbols, externals and null.
// See types.h for what each one stands for.
#include "types.h"

#include "buffers.h"
#include "functions.h"
#include "objects.h"
#include "repr.h"

#include <structmember.h>

#include <cstring>
#include <unordered_map>

namespace napi_python {

PythonTypes python_types;

// ---------------------------------------------------------------------------
// Heap-type reference counting for our dealloc/traverse, which both static types
// (Object) and the heap types made by napi_define_class (and Python subclasses of
// those) inherit. CPython's subtype_dealloc/subtype_traverse handle the type's
// reference only when the first non-Python base is a static type; otherwise the
// base (us) must. This mirrors that rule so the type is released exactly once.
// ---------------------------------------------------------------------------
static bool first_native_base_is_heap(PyObject* self, destructor ours) {
  PyTypeObject* tp = Py_TYPE(self);
  while (tp != nullptr && tp->tp_dealloc != ours) tp = tp->tp_base;
  return tp != nullptr && (tp->tp_flags & Py_TPFLAGS_HEAPTYPE);
}

// ---------------------------------------------------------------------------
// null
// ---------------------------------------------------------------------------
static PyObject* null_repr(PyObject*) { return PyUnicode_FromString("null"); }
static int null_bool(PyObject*) { return 0; }
static void null_dealloc(PyObject*) {
  // The singleton is static; reaching here means a reference-count bug.
  Py_FatalError("napi_python.null deallocated");
}
static PyObject* null_reduce(PyObject*, PyObject*) { return PyUnicode_FromString("null"); }
static PyNumberMethods null_as_number = {};
static PyMethodDef null_methods[] = {
    {"__reduce__", null_reduce, METH_NOARGS, nullptr},
    {nullptr, nullptr, 0, nullptr}};

PyTypeObject NullType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.NullType"};
// Static and immortal (never deallocated).
#if PY_VERSION_HEX >= 0x030C0000
PyObject NullObject = {{_Py_IMMORTAL_REFCNT}, &NullType};
#else
PyObject NullObject = {_PyObject_EXTRA_INIT 1 << 30, &NullType};
#endif

// ---------------------------------------------------------------------------
// PropertySlot (internal)
// ---------------------------------------------------------------------------
static void slot_dealloc(PyObject* self) {
  auto* s = reinterpret_cast<PropertySlotObject*>(self);
  PyObject_GC_UnTrack(self);
  Py_CLEAR(s->value);
  Py_CLEAR(s->getter);
  Py_CLEAR(s->setter);
  PyObject_GC_Del(self);
}
static int slot_traverse(PyObject* self, visitproc visit, void* arg) {
  auto* s = reinterpret_cast<PropertySlotObject*>(self);
  Py_VISIT(s->value);
  Py_VISIT(s->getter);
  Py_VISIT(s->setter);
  return 0;
}
static int slot_clear(PyObject* self) {
  auto* s = reinterpret_cast<PropertySlotObject*>(self);
  Py_CLEAR(s->value);
  Py_CLEAR(s->getter);
  Py_CLEAR(s->setter);
  return 0;
}
PyTypeObject PropertySlotType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.PropertySlot"};

// ---------------------------------------------------------------------------
// Object (dict subclass) and ClassBase
// ---------------------------------------------------------------------------
static void object_dealloc(PyObject* self);

static int object_traverse(PyObject* self, visitproc visit, void* arg) {
  auto* o = reinterpret_cast<ObjectObject*>(self);
  Py_VISIT(o->slots);
  if (first_native_base_is_heap(self, object_dealloc)) Py_VISIT(Py_TYPE(self));
  return PyDict_Type.tp_traverse(self, visit, arg);
}

static int object_clear(PyObject* self) {
  auto* o = reinterpret_cast<ObjectObject*>(self);
  Py_CLEAR(o->slots);
  return PyDict_Type.tp_clear(self);
}

static void object_dealloc(PyObject* self) {
  auto* o = reinterpret_cast<ObjectObject*>(self);
  PyObject_GC_UnTrack(self);
  // The trashcan bounds the C recursion when a long chain of objects dies at once
  // (each one's dict holds the next): past a depth, CPython parks the object and
  // calls this function again for it later, from the top. dict's own trashcan does
  // not apply to a subclass with its own tp_dealloc. (Instances of classes, whose
  // tp_dealloc is CPython's subtype_dealloc, go through that one's trashcan; the
  // condition makes this one a no-op for them.)
  Py_TRASHCAN_BEGIN(self, object_dealloc)
  PyTypeObject* tp = Py_TYPE(self);
  bool decref_type = first_native_base_is_heap(self, object_dealloc);
  if (o->weakreflist != nullptr) PyObject_ClearWeakRefs(self);
  release_native_state(o->native);
  o->native = nullptr;
  Py_CLEAR(o->slots);
  // dict's dealloc (untrack is idempotent) frees the storage and calls tp_free.
  PyDict_Type.tp_dealloc(self);
  if (decref_type) Py_DECREF(tp);
  Py_TRASHCAN_END
}

// Own property lookup: the dict, then slots. Returns a new reference, NULL with no
// error when absent, NULL with an error on failure.
PyObject* object_own_get(PyObject* self, PyObject* key) {
  auto* o = reinterpret_cast<ObjectObject*>(self);
  if (o->slots != nullptr) {
    // Slots first: an accessor may have a placeholder entry in the dict.
    PyObject* s = PyDict_GetItemWithError(o->slots, key);
    if (s == nullptr && PyErr_Occurred()) return nullptr;
    if (s != nullptr) {
      auto* slot = reinterpret_cast<PropertySlotObject*>(s);
      if (slot->getter != nullptr || slot->setter != nullptr) {
        if (slot->getter == nullptr) Py_RETURN_NONE;
        return invoke_getter(slot->getter, self);
      }
      if (slot->value != nullptr) return Py_NewRef(slot->value);
    }
  }
  PyObject* v = PyDict_GetItemWithError(self, key);
  if (v != nullptr) return Py_NewRef(v);
  return nullptr;
}

// `obj.fn` binds a function-valued property to obj, so that `obj.fn(x)` calls it with
// `this` = obj as JS does (obj["fn"] is the stored function itself). Not on an addon's
// exports: a module function cannot count on `this` (JS code calls it after
// `const {fn} = require(...)` as often as through the module), and `addon.fn` stays
// the function itself, with no bound object made per call.
static PyObject* object_getattro(PyObject* self, PyObject* name) {
  PyObject* v = object_own_get(self, name);
  if (v != nullptr) {
    if (reinterpret_cast<ObjectObject*>(self)->module_exports) return py_from_js_steal(v);
    return bind_member_steal(v, self);
  }
  if (PyErr_Occurred()) return nullptr;
  return PyObject_GenericGetAttr(self, name);
}

static int object_setattro(PyObject* self, PyObject* name, PyObject* value) {
  // Python-level descriptors (our class accessors, properties of Python subclasses)
  // take precedence, as accessors on a prototype do in JS.
  PyObject* descr = _PyType_Lookup(Py_TYPE(self), name);
  if (descr != nullptr && Py_TYPE(descr)->tp_descr_set != nullptr)
    return Py_TYPE(descr)->tp_descr_set(descr, self, value);
  if (value == nullptr) {
    int r = js_delete(self, name);
    if (r == 0) {
      PyErr_Format(PyExc_TypeError, "cannot delete property %R", name);
      return -1;
    }
    if (r > 0 && PyDict_Contains(self, name) == 0) return 0;
    return r < 0 ? -1 : 0;
  }
  int r = js_set(self, name, value);
  if (r == 0) {
    PyErr_Format(PyExc_TypeError, "cannot assign to read-only property %R", name);
    return -1;
  }
  return r < 0 ? -1 : 0;
}

static PyObject* object_subscript(PyObject* self, PyObject* key) {
  PyObject* v = object_own_get(self, key);
  if (v != nullptr) return py_from_js_steal(v);
  if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, key);
  return nullptr;
}

static int object_ass_subscript(PyObject* self, PyObject* key, PyObject* value) {
  if (value == nullptr) {
    int r = js_delete(self, key);
    if (r == 0) {
      PyErr_Format(PyExc_TypeError, "cannot delete property %R", key);
      return -1;
    }
    return r < 0 ? -1 : 0;
  }
  int r = js_set(self, key, value);
  if (r == 0) {
    PyErr_Format(PyExc_TypeError, "cannot assign to read-only property %R", key);
    return -1;
  }
  return r < 0 ? -1 : 0;
}

static int object_contains(PyObject* self, PyObject* key) {
  int r = PyDict_Contains(self, key);
  if (r != 0) return r;
  auto* o = reinterpret_cast<ObjectObject*>(self);
  return o->slots != nullptr ? PyDict_Contains(o->slots, key) : 0;
}

// The keys Python sees: the enumerable string keys, in JS order. The dict holds every
// own string-keyed property (so that JS order is one order); when there are slots,
// the non-enumerable ones are filtered out here. New reference to a list.
static PyObject* enumerable_keys(PyObject* self) {
  PyObject* keys = PyDict_Keys(self);
  auto* o = reinterpret_cast<ObjectObject*>(self);
  if (keys == nullptr || o->slots == nullptr) return keys;
  PyObject* out = PyList_New(0);
  for (Py_ssize_t i = 0; out != nullptr && i < PyList_GET_SIZE(keys); i++) {
    PyObject* key = PyList_GET_ITEM(keys, i);
    PyObject* s = PyDict_GetItemWithError(o->slots, key);
    if (s == nullptr && PyErr_Occurred()) Py_CLEAR(out);
    else if ((s == nullptr || (reinterpret_cast<PropertySlotObject*>(s)->attributes & napi_enumerable)) &&
             PyList_Append(out, key) < 0)
      Py_CLEAR(out);
  }
  Py_DECREF(keys);
  return out;
}

// Iteration over keys, through a function of our own so that dict(obj), {**obj} and
// json go through keys()/items()/__getitem__ (which run accessors and turn JS null
// into None).
static PyObject* object_iter(PyObject* self) {
  PyObject* keys = enumerable_keys(self);
  if (keys == nullptr) return nullptr;
  PyObject* it = PyObject_GetIter(keys);
  Py_DECREF(keys);
  return it;
}

static PyObject* object_keys(PyObject* self, PyObject*) { return enumerable_keys(self); }

static Py_ssize_t object_length(PyObject* self) {
  if (reinterpret_cast<ObjectObject*>(self)->slots == nullptr) return PyDict_Size(self);
  PyObject* keys = enumerable_keys(self);
  if (keys == nullptr) return -1;
  Py_ssize_t n = PyList_GET_SIZE(keys);
  Py_DECREF(keys);
  return n;
}

// The enumerable own properties as Python sees them: accessors run, JS null is None.
static PyObject* object_items(PyObject* self, PyObject*) {
  PyObject* keys = enumerable_keys(self);
  if (keys == nullptr) return nullptr;
  Py_ssize_t n = PyList_GET_SIZE(keys);
  PyObject* items = PyList_New(n);
  for (Py_ssize_t i = 0; items != nullptr && i < n; i++) {
    PyObject* key = PyList_GET_ITEM(keys, i);
    PyObject* v = object_own_get(self, key);
    if (v == nullptr && !PyErr_Occurred()) v = Py_NewRef(Py_None);
    PyObject* pair = v ? PyTuple_Pack(2, key, v == NAPI_PY_NULL ? Py_None : v) : nullptr;
    Py_XDECREF(v);
    if (pair == nullptr) Py_CLEAR(items);
    else PyList_SET_ITEM(items, i, pair);
  }
  Py_DECREF(keys);
  return items;
}

static PyObject* object_values(PyObject* self, PyObject*) {
  PyObject* items = object_items(self, nullptr);
  if (items == nullptr) return nullptr;
  Py_ssize_t n = PyList_GET_SIZE(items);
  PyObject* values = PyList_New(n);
  for (Py_ssize_t i = 0; values != nullptr && i < n; i++)
    PyList_SET_ITEM(values, i, Py_NewRef(PyTuple_GET_ITEM(PyList_GET_ITEM(items, i), 1)));
  Py_DECREF(items);
  return values;
}

static PyObject* object_get_method(PyObject* self, PyObject* const* args, Py_ssize_t n) {
  if (n < 1 || n > 2) {
    PyErr_SetString(PyExc_TypeError, "get() takes 1 or 2 arguments");
    return nullptr;
  }
  PyObject* v = object_own_get(self, args[0]);
  if (v != nullptr) return py_from_js_steal(v);
  if (PyErr_Occurred()) return nullptr;
  return Py_NewRef(n == 2 ? args[1] : Py_None);
}

static PyObject* object_dir(PyObject* self, PyObject*) {
  PyObject* names = PyObject_Dir(reinterpret_cast<PyObject*>(Py_TYPE(self)));
  if (names == nullptr) return nullptr;
  PyObject* keys = PyDict_Keys(self);
  if (keys == nullptr ||
      PyList_SetSlice(names, PyList_GET_SIZE(names), PyList_GET_SIZE(names), keys) < 0) {
    Py_XDECREF(keys);
    Py_DECREF(names);
    return nullptr;
  }
  Py_DECREF(keys);
  // (Every own string key is in the dict, non-enumerable ones too.)
  return names;
}

static PyObject* object_repr(PyObject* self) { return python_repr("object_repr", self); }

static PyObject* object_reduce(PyObject* self, PyObject*) {
  // Pickles (and copies) as a plain dict: native state cannot travel.
  PyObject* items = object_items(self, nullptr);
  if (items == nullptr) return nullptr;
  PyObject* d = PyDict_New();
  if (d == nullptr) {
    Py_DECREF(items);
    return nullptr;
  }
  Py_ssize_t n = PyList_GET_SIZE(items);
  for (Py_ssize_t i = 0; i < n; i++) {
    PyObject* pair = PyList_GET_ITEM(items, i);
    if (PyDict_SetItem(d, PyTuple_GET_ITEM(pair, 0), PyTuple_GET_ITEM(pair, 1)) < 0) {
      Py_DECREF(items);
      Py_DECREF(d);
      return nullptr;
    }
  }
  Py_DECREF(items);
  PyObject* r = Py_BuildValue("(O(N))", &PyDict_Type, d);
  return r;
}

static PyMethodDef object_methods[] = {
    {"keys", object_keys, METH_NOARGS, "Names of the enumerable own properties, in JS order."},
    {"items", object_items, METH_NOARGS, "Enumerable own properties, as (key, value) pairs."},
    {"values", object_values, METH_NOARGS, "Values of the enumerable own properties."},
    {"get", reinterpret_cast<PyCFunction>(reinterpret_cast<void*>(object_get_method)),
     METH_FASTCALL, "Own property by name, or default."},
    {"__dir__", object_dir, METH_NOARGS, nullptr},
    {"__reduce__", object_reduce, METH_NOARGS, nullptr},
    {nullptr, nullptr, 0, nullptr}};

static PyMappingMethods object_as_mapping = {object_length, object_subscript, object_ass_subscript};
static PySequenceMethods object_as_sequence = {};

PyTypeObject ObjectType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.Object"};

// ClassBase: the base of classes made by napi_define_class. tp_init runs the
// addon's constructor with `this` = the new instance and new.target = its type.
static int class_bool(PyObject*) { return 1; }  // a JS instance is always truthy
static PyObject* class_new(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  PyObject* self = PyDict_Type.tp_new(type, args, kwargs);
  if (self != nullptr) reinterpret_cast<ObjectObject*>(self)->self_dict = self;  // borrowed
  return self;
}
static PyNumberMethods class_as_number = {};
PyTypeObject ClassBaseType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.ClassBase"};

// ---------------------------------------------------------------------------
// Symbol
// ---------------------------------------------------------------------------
static PyObject* symbol_new(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  static const char* kwlist[] = {"description", nullptr};
  PyObject* description = Py_None;
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|O:Symbol", const_cast<char**>(kwlist),
                                   &description))
    return nullptr;
  if (description != Py_None && !PyUnicode_Check(description)) {
    description = PyObject_Str(description);
    if (description == nullptr) return nullptr;
  } else {
    Py_INCREF(description);
  }
  auto* s = reinterpret_cast<SymbolObject*>(type->tp_alloc(type, 0));
  if (s == nullptr) {
    Py_DECREF(description);
    return nullptr;
  }
  s->description = description;
  s->weakreflist = nullptr;
  return reinterpret_cast<PyObject*>(s);
}
static void symbol_dealloc(PyObject* self) {
  if (reinterpret_cast<SymbolObject*>(self)->weakreflist != nullptr) PyObject_ClearWeakRefs(self);
  Py_XDECREF(reinterpret_cast<SymbolObject*>(self)->description);
  Py_TYPE(self)->tp_free(self);
}
static PyObject* symbol_repr(PyObject* self) {
  PyObject* d = reinterpret_cast<SymbolObject*>(self)->description;
  if (d == Py_None) return PyUnicode_FromString("Symbol()");
  return PyUnicode_FromFormat("Symbol(%U)", d);
}

// The registry of node_api_symbol_for / Symbol.for_ (key -> symbol), never freed.
static PyObject* symbol_registry = nullptr;

PyObject* symbol_for(PyObject* key) {
  PyObject* s = PyDict_GetItemWithError(symbol_registry, key);
  if (s != nullptr) return Py_NewRef(s);
  if (PyErr_Occurred()) return nullptr;
  PyObject* args = PyTuple_Pack(1, key);
  if (args == nullptr) return nullptr;
  s = symbol_new(&SymbolType, args, nullptr);
  Py_DECREF(args);
  if (s == nullptr) return nullptr;
  if (PyDict_SetItem(symbol_registry, key, s) < 0) {
    Py_DECREF(s);
    return nullptr;
  }
  return s;
}
static PyObject* symbol_for_method(PyObject*, PyObject* key) {
  if (!PyUnicode_Check(key)) {
    PyErr_SetString(PyExc_TypeError, "Symbol.for_() takes a str key");
    return nullptr;
  }
  return symbol_for(key);
}
static PyMethodDef symbol_methods[] = {
    {"for_", symbol_for_method, METH_O | METH_STATIC,
     "The registered symbol for a key (JS Symbol.for)."},
    {nullptr, nullptr, 0, nullptr}};
static PyMemberDef symbol_members[] = {
    {"description", T_OBJECT, offsetof(SymbolObject, description), READONLY,
     "The symbol's description (str or None)."},
    {nullptr, 0, 0, 0, nullptr}};
PyTypeObject SymbolType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.Symbol"};
PyObject* symbol_to_primitive = nullptr;

// ---------------------------------------------------------------------------
// External
// ---------------------------------------------------------------------------
static void external_dealloc(PyObject* self) {
  auto* e = reinterpret_cast<ExternalObject*>(self);
  if (e->weakreflist != nullptr) PyObject_ClearWeakRefs(self);
  release_native_state(e->native);
  NAPI_COUNT(externals_freed);
  Py_TYPE(self)->tp_free(self);
}
static PyObject* external_repr(PyObject* self) {
  return PyUnicode_FromFormat("<napi_python.External %p>",
                              reinterpret_cast<ExternalObject*>(self)->data);
}
PyTypeObject ExternalType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.External"};

// ---------------------------------------------------------------------------
int init_types() {
  NullType.tp_basicsize = sizeof(PyObject);
  NullType.tp_flags = Py_TPFLAGS_DEFAULT;
  NullType.tp_doc = "The type of napi_python.null, the JS null value.";
  NullType.tp_repr = null_repr;
  NullType.tp_dealloc = null_dealloc;
  null_as_number.nb_bool = null_bool;
  NullType.tp_as_number = &null_as_number;
  NullType.tp_methods = null_methods;
  if (PyType_Ready(&NullType) < 0) return -1;

  PropertySlotType.tp_basicsize = sizeof(PropertySlotObject);
  PropertySlotType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC;
  PropertySlotType.tp_dealloc = slot_dealloc;
  PropertySlotType.tp_traverse = slot_traverse;
  PropertySlotType.tp_clear = slot_clear;
  if (PyType_Ready(&PropertySlotType) < 0) return -1;

  ObjectType.tp_base = &PyDict_Type;
  ObjectType.tp_basicsize = sizeof(ObjectObject);
  ObjectType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC;
  ObjectType.tp_doc =
      "A plain JS object: a dict of its enumerable properties, with attribute access.";
  ObjectType.tp_dealloc = object_dealloc;
  ObjectType.tp_traverse = object_traverse;
  ObjectType.tp_clear = object_clear;
  ObjectType.tp_getattro = object_getattro;
  ObjectType.tp_setattro = object_setattro;
  ObjectType.tp_as_mapping = &object_as_mapping;
  object_as_sequence.sq_contains = object_contains;
  ObjectType.tp_as_sequence = &object_as_sequence;
  ObjectType.tp_iter = object_iter;
  ObjectType.tp_methods = object_methods;
  ObjectType.tp_repr = object_repr;
  ObjectType.tp_weaklistoffset = offsetof(ObjectObject, weakreflist);
  if (PyType_Ready(&ObjectType) < 0) return -1;

  ClassBaseType.tp_base = &ObjectType;
  ClassBaseType.tp_basicsize = sizeof(ObjectObject);
  ClassBaseType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC;
  ClassBaseType.tp_doc = "Base of the classes an addon defines with napi_define_class.";
  ClassBaseType.tp_init = class_init;
  ClassBaseType.tp_new = class_new;
  ClassBaseType.tp_getattro = PyObject_GenericGetAttr;
  ClassBaseType.tp_dictoffset = offsetof(ObjectObject, self_dict);
  ClassBaseType.tp_dealloc = object_dealloc;
  ClassBaseType.tp_traverse = object_traverse;
  ClassBaseType.tp_clear = object_clear;
  class_as_number.nb_bool = class_bool;
  ClassBaseType.tp_as_number = &class_as_number;
  if (PyType_Ready(&ClassBaseType) < 0) return -1;

  SymbolType.tp_basicsize = sizeof(SymbolObject);
  SymbolType.tp_flags = Py_TPFLAGS_DEFAULT;
  SymbolType.tp_doc = "A JS symbol: unique, compared by identity, with a description.";
  SymbolType.tp_new = symbol_new;
  SymbolType.tp_dealloc = symbol_dealloc;
  SymbolType.tp_repr = symbol_repr;
  SymbolType.tp_methods = symbol_methods;
  SymbolType.tp_members = symbol_members;
  SymbolType.tp_weaklistoffset = offsetof(SymbolObject, weakreflist);
  if (PyType_Ready(&SymbolType) < 0) return -1;
  // The well-known symbols, as class attributes (JS Symbol.iterator...).
  // All thirteen of ES2023, one object each for the process (napi-rs defines
  // iterators under Symbol.iterator; coercions read Symbol.toPrimitive; the global
  // Symbol of _globals.py shows these same objects).
  for (const char* name : {"asyncIterator", "hasInstance", "isConcatSpreadable", "iterator",
                           "match", "matchAll", "replace", "search", "species", "split",
                           "toPrimitive", "toStringTag", "unscopables"}) {
    PyObject* description = PyUnicode_FromFormat("Symbol.%s", name);
    PyObject* args = description ? PyTuple_Pack(1, description) : nullptr;
    PyObject* sym = args ? symbol_new(&SymbolType, args, nullptr) : nullptr;
    Py_XDECREF(args);
    Py_XDECREF(description);
    if (sym == nullptr || PyDict_SetItemString(SymbolType.tp_dict, name, sym) < 0) {
      Py_XDECREF(sym);
      return -1;
    }
    if (std::strcmp(name, "toPrimitive") == 0) symbol_to_primitive = Py_NewRef(sym);
    Py_DECREF(sym);
  }
  PyType_Modified(&SymbolType);
  symbol_registry = PyDict_New();
  if (symbol_registry == nullptr) return -1;

  ExternalType.tp_basicsize = sizeof(ExternalObject);
  ExternalType.tp_flags = Py_TPFLAGS_DEFAULT;
  ExternalType.tp_doc = "An opaque native pointer an addon made with napi_create_external.";
  ExternalType.tp_dealloc = external_dealloc;
  ExternalType.tp_repr = external_repr;
  ExternalType.tp_weaklistoffset = offsetof(ExternalObject, weakreflist);
  if (PyType_Ready(&ExternalType) < 0) return -1;

  return init_functions_types();
}

}  // namespace napi_python
