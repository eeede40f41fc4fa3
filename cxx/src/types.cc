// The Python types behind JS symbols, externals and null, and the internal
// PropertySlot; init_types readies every type of the core (Object, ClassBase and
// Accessor are object_types.cc's; the function types are functions.cc's). See types.h for what each one stands for.
#include "types.h"

#include "coerce.h"
#include "functions.h"
#include "objects.h"

#include <structmember.h>

#include <cstring>

namespace napi_python {

PythonTypes python_types;

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
PyObject* symbol_iterator = nullptr;
PyObject* symbol_async_iterator = nullptr;

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

  // str(obj): JS's String(obj) for an object with a toString of its own (coerce.cc).
  ObjectType.tp_str = js_object_str;
  if (init_object_types(class_init) < 0) return -1;

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
  // The thirteen of ES2023, one object each for the process (napi-rs defines
  // iterators under Symbol.iterator; coercions read Symbol.toPrimitive; the global
  // Symbol of _globals.py shows these same objects), and the two of explicit
  // resource management that Node 20 adds itself, described "nodejs.dispose" and
  // "nodejs.asyncDispose" there (node-addon-api's Symbol::WellKnown(env, "dispose")
  // reads Symbol.dispose: a class keyed by it failed to define without it).
  static const char* const kWellKnown[][2] = {
      {"asyncIterator", "Symbol.asyncIterator"}, {"hasInstance", "Symbol.hasInstance"},
      {"isConcatSpreadable", "Symbol.isConcatSpreadable"}, {"iterator", "Symbol.iterator"},
      {"match", "Symbol.match"}, {"matchAll", "Symbol.matchAll"},
      {"replace", "Symbol.replace"}, {"search", "Symbol.search"},
      {"species", "Symbol.species"}, {"split", "Symbol.split"},
      {"toPrimitive", "Symbol.toPrimitive"}, {"toStringTag", "Symbol.toStringTag"},
      {"unscopables", "Symbol.unscopables"}, {"dispose", "nodejs.dispose"},
      {"asyncDispose", "nodejs.asyncDispose"}};
  for (const auto& entry : kWellKnown) {
    const char* name = entry[0];
    PyObject* description = PyUnicode_FromString(entry[1]);
    PyObject* args = description ? PyTuple_Pack(1, description) : nullptr;
    PyObject* sym = args ? symbol_new(&SymbolType, args, nullptr) : nullptr;
    Py_XDECREF(args);
    Py_XDECREF(description);
    if (sym == nullptr || PyDict_SetItemString(SymbolType.tp_dict, name, sym) < 0) {
      Py_XDECREF(sym);
      return -1;
    }
    if (std::strcmp(name, "toPrimitive") == 0) symbol_to_primitive = Py_NewRef(sym);
    if (std::strcmp(name, "iterator") == 0) symbol_iterator = Py_NewRef(sym);
    if (std::strcmp(name, "asyncIterator") == 0) symbol_async_iterator = Py_NewRef(sym);
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
