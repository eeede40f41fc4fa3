// The Python types of JS objects: Object (a dict subclass: Python's view of a plain JS
// object: attributes, items, keys), ClassBase (the base of the classes napi_define_class
// makes) and Accessor (a class's getter/setter pair). Their slots call the property
// rules of objects.cc (js_get, js_set, js_has, js_delete), which napi_* functions use
// too, so that Python and an addon see the same properties.
#include "objects.h"

#include "coerce.h"
#include "functions.h"
#include "loop.h"
#include "repr.h"
#include "types.h"
#include "values.h"

#include <structmember.h>

namespace napi_python {

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
// The Object (dict subclass) and ClassBase types: their slots (Python's view of a JS
// object: attributes, items, keys) sit beside the property rules they call.
// ---------------------------------------------------------------------------
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
  Py_CLEAR(o->proto);
  // dict's dealloc (untrack is idempotent) frees the storage and calls tp_free.
  PyDict_Type.tp_dealloc(self);
  if (decref_type) Py_DECREF(tp);
  Py_TRASHCAN_END
}

static int object_traverse(PyObject* self, visitproc visit, void* arg) {
  auto* o = reinterpret_cast<ObjectObject*>(self);
  Py_VISIT(o->slots);
  Py_VISIT(o->proto);
  if (first_native_base_is_heap(self, object_dealloc)) Py_VISIT(Py_TYPE(self));
  return PyDict_Type.tp_traverse(self, visit, arg);
}

static int object_clear(PyObject* self) {
  auto* o = reinterpret_cast<ObjectObject*>(self);
  Py_CLEAR(o->slots);
  Py_CLEAR(o->proto);
  return PyDict_Type.tp_clear(self);
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
  PyObject* r = PyObject_GenericGetAttr(self, name);
  if (r == nullptr && reinterpret_cast<ObjectObject*>(self)->proto != nullptr &&
      PyErr_ExceptionMatches(PyExc_AttributeError)) {
    // A prototype set at run time (Object.create(base), Object.setPrototypeOf): what
    // the object inherits from it, as an addon reads it.
    return js_getattr_after_miss(self, name);
  }
  return r;
}

// The JSTypeError of a write to a read-only property, in the words of Node's strict
// mode (a Python assignment fails loudly, as a JS one in strict code).
[[gnu::cold]] static void read_only_error(PyObject* self, PyObject* key) {
  PyErr_Format(python_types.JSTypeError,
               "Cannot assign to read only property '%S' of object '#<%s>'", key,
               _PyType_Name(Py_TYPE(self)));
}

// The JSTypeError of a delete js_delete refused (a non-configurable property).
[[gnu::cold, gnu::noinline]] static int refused_delete(PyObject* self, PyObject* key) {
  PyErr_Format(python_types.JSTypeError, "Cannot delete property '%S' of #<%s>", key,
               _PyType_Name(Py_TYPE(self)));
  return -1;
}

// The TypeError of a write js_set refused (cold), in Node's words: to an accessor
// without a setter, a new property on a non-extensible object (sealed, frozen), else a
// read-only one.
[[gnu::cold, gnu::noinline]] static int refused_write(PyObject* self, PyObject* key) {
  auto* o = reinterpret_cast<ObjectObject*>(self);
  bool own = PyDict_Contains(self, key) == 1 ||
             (o->slots != nullptr && PyDict_Contains(o->slots, key) == 1);
  PyErr_Clear();  // (a failed lookup only chooses the message)
  if (js_getter_only(self, key))
    PyErr_Format(python_types.JSTypeError, "Cannot set property %S of #<%s> which has only a getter",
                 key, _PyType_Name(Py_TYPE(self)));
  else if (o->non_extensible && !own)
    PyErr_Format(python_types.JSTypeError, "Cannot add property %S, object is not extensible",
                 key);
  else
    read_only_error(self, key);
  return -1;
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
      refused_delete(self, name);
      return -1;
    }
    if (r > 0 && PyDict_Contains(self, name) == 0) return 0;
    return r < 0 ? -1 : 0;
  }
  int r = js_set(self, name, value);
  if (r == 0) return refused_write(self, name);
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
    if (r == 0) return refused_delete(self, key);
    return r < 0 ? -1 : 0;
  }
  int r = js_set(self, key, value);
  if (r == 0) return refused_write(self, key);
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

// ---------------------------------------------------------------------------
// Iteration of a class instance that is a JS iterable
// ---------------------------------------------------------------------------
// `for x in inst` on an instance whose Symbol.iterator (own, or its class's) is a
// function runs JS's iteration protocol, as `for (const x of inst)` does: the
// function called with `this` = inst gives an iterator, whose next() gives
// {value, done} objects until done is truthy (napi-rs's #[napi(iterator)] classes,
// node-addon-api classes defining [Symbol.iterator]). Other instances, and plain
// objects, iterate over their keys like a dict.
static PyObject* str_next;   // "next", "done", "value": interned at init, never freed
static PyObject* str_done;
static PyObject* str_value;
static PyObject* str_return;

struct JSIteratorObject {
  PyObject_HEAD
  PyObject* iterator;  // what Symbol.iterator returned; NULL once done or closed
};

static PyObject* js_iterator_next(PyObject* self) {
  auto* it = reinterpret_cast<JSIteratorObject*>(self);
  if (it->iterator == nullptr) return nullptr;
  // An error anywhere in a step ends the iteration without return(), as in JS
  // (IteratorStep/IteratorValue abrupt: the iterator record is done).
  PyObject* next = js_get(it->iterator, str_next);
  if (next == nullptr) {
    Py_CLEAR(it->iterator);
    return nullptr;
  }
  if (!PyCallable_Check(next)) {
    Py_DECREF(next);
    Py_CLEAR(it->iterator);
    PyErr_SetString(PyExc_TypeError, "the iterator its Symbol.iterator gave has no next() function");
    return nullptr;
  }
  PyObject* result = call_js_function(next, it->iterator, nullptr, 0);
  Py_DECREF(next);
  if (result == nullptr) {
    Py_CLEAR(it->iterator);
    return nullptr;
  }
  PyObject* done = js_get(result, str_done);
  if (done == nullptr) {
    Py_DECREF(result);
    Py_CLEAR(it->iterator);
    return nullptr;
  }
  bool finished = js_truthy(done);
  Py_DECREF(done);
  if (finished) {
    Py_DECREF(result);
    Py_CLEAR(it->iterator);
    return nullptr;  // StopIteration
  }
  PyObject* value = js_get(result, str_value);
  Py_DECREF(result);
  if (value == nullptr) {
    Py_CLEAR(it->iterator);
    return nullptr;
  }
  return py_from_js_steal(value);
}

// JS's IteratorClose for a loop left early: the iterator's return() (if it has one:
// undefined and null mean none) called with `this` = the iterator and no argument,
// whose result must be an object. The iterator is let go of first, so that return()
// runs at most once and never after the iteration ended. 0, or -1 + exception.
static int js_iterator_close(JSIteratorObject* it) {
  PyObject* iterator = it->iterator;
  if (iterator == nullptr) return 0;
  it->iterator = nullptr;
  PyObject* ret = js_get(iterator, str_return);
  if (ret == nullptr) {
    Py_DECREF(iterator);
    return -1;
  }
  if (ret == Py_None || ret == NAPI_PY_NULL) {
    Py_DECREF(ret);
    Py_DECREF(iterator);
    return 0;
  }
  if (!PyCallable_Check(ret)) {
    Py_DECREF(ret);
    Py_DECREF(iterator);
    PyErr_SetString(python_types.JSTypeError, "the iterator's return is not a function");
    return -1;
  }
  PyObject* result = call_js_function(ret, iterator, nullptr, 0);
  Py_DECREF(ret);
  Py_DECREF(iterator);
  if (result == nullptr) return -1;
  napi_valuetype t = js_typeof(result);
  Py_DECREF(result);
  if (t != napi_object && t != napi_function) {
    PyErr_SetString(python_types.JSTypeError, "the iterator's return() gave no object");
    return -1;
  }
  return 0;
}

static PyObject* js_iterator_close_method(PyObject* self, PyObject*) {
  if (js_iterator_close(reinterpret_cast<JSIteratorObject*>(self)) < 0) return nullptr;
  Py_RETURN_NONE;
}

// Released unfinished (a `break`, an exception in the loop body, islice...): return(),
// as a generator's close() runs from its finalizer. Its error goes to
// sys.unraisablehook. Not once interpreter exit has begun: the addons' native state
// is being finalized then, and Node runs no JS at exit either.
static void js_iterator_finalize(PyObject* self) {
  auto* it = reinterpret_cast<JSIteratorObject*>(self);
  if (it->iterator == nullptr) return;
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  if (loop_stopped()) Py_CLEAR(it->iterator);
  else if (js_iterator_close(it) < 0) PyErr_WriteUnraisable(self);
  PyErr_Restore(type, value, tb);
}
static int js_iterator_clear(PyObject* self) {
  Py_CLEAR(reinterpret_cast<JSIteratorObject*>(self)->iterator);
  return 0;
}
static void js_iterator_dealloc(PyObject* self) {
  if (reinterpret_cast<JSIteratorObject*>(self)->iterator != nullptr &&
      PyObject_CallFinalizerFromDealloc(self) < 0)
    return;  // resurrected by return()
  PyObject_GC_UnTrack(self);
  js_iterator_clear(self);
  PyObject_GC_Del(self);
}
static int js_iterator_traverse(PyObject* self, visitproc visit, void* arg) {
  Py_VISIT(reinterpret_cast<JSIteratorObject*>(self)->iterator);
  return 0;
}
static PyMethodDef js_iterator_methods[] = {
    {"close", js_iterator_close_method, METH_NOARGS,
     "Ends the iteration early as JS's for...of does: calls the JS iterator's return() "
     "(if it has one) unless the iteration is over; then a no-op."},
    {nullptr, nullptr, 0, nullptr}};
PyTypeObject JSIteratorType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.JSIterator"};

static PyObject* class_iter(PyObject* self) {
  PyObject* fn = symbol_iterator != nullptr ? js_get(self, symbol_iterator) : Py_NewRef(Py_None);
  if (fn == nullptr) return nullptr;
  if (!PyCallable_Check(fn)) {  // undefined, or not a function: the keys
    Py_DECREF(fn);
    return object_iter(self);
  }
  PyObject* iterator = call_js_function(fn, self, nullptr, 0);
  Py_DECREF(fn);
  if (iterator == nullptr) return nullptr;
  auto* it = PyObject_GC_New(JSIteratorObject, &JSIteratorType);
  if (it == nullptr) {
    Py_DECREF(iterator);
    return nullptr;
  }
  it->iterator = iterator;
  PyObject_GC_Track(it);
  return reinterpret_cast<PyObject*>(it);
}

// `async for x in inst`: JS's async iteration protocol, as `for await (const x of
// inst)` runs it, when the instance's Symbol.asyncIterator is a function (napi-rs
// async generators, node-addon-api classes whose next() returns promises), else
// through its Symbol.iterator as JS does (each value awaited). The steps are
// napi_python/_async_iter.py's (JSAsyncIterator, imported on first use): awaiting is
// Python's business, and no hot path goes through here.
static PyObject* async_iterator_class;  // owned, never freed

static PyObject* class_aiter(PyObject* self) {
  bool from_sync = false;
  PyObject* fn = js_get(self, symbol_async_iterator);
  if (fn == nullptr) return nullptr;
  if (!PyCallable_Check(fn)) {
    Py_DECREF(fn);
    fn = js_get(self, symbol_iterator);
    if (fn == nullptr) return nullptr;
    if (!PyCallable_Check(fn)) {
      Py_DECREF(fn);
      PyErr_Format(PyExc_TypeError,
                   "'async for' needs a JS async iterable: this %s instance has no "
                   "Symbol.asyncIterator or Symbol.iterator function",
                   Py_TYPE(self)->tp_name);
      return nullptr;
    }
    from_sync = true;
  }
  if (async_iterator_class == nullptr) {
    PyObject* mod = PyImport_ImportModule("napi_python._async_iter");
    if (mod == nullptr) {
      Py_DECREF(fn);
      return nullptr;
    }
    async_iterator_class = PyObject_GetAttrString(mod, "JSAsyncIterator");
    Py_DECREF(mod);
    if (async_iterator_class == nullptr) {
      Py_DECREF(fn);
      return nullptr;
    }
  }
  PyObject* iterator = call_js_function(fn, self, nullptr, 0);
  Py_DECREF(fn);
  if (iterator == nullptr) return nullptr;
  PyObject* r = PyObject_CallFunctionObjArgs(async_iterator_class, iterator,
                                             from_sync ? Py_True : Py_False, nullptr);
  Py_DECREF(iterator);
  return r;
}
static PyAsyncMethods class_as_async = {};

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
// The metatype of ClassBase and of every class napi_define_class makes: `type` with
// slots of its own: item access (`Cls[key]`, below) and tp_setattro, so that `Cls.x = v` from Python on a static
// (a static accessor's setter, a read-only static) does what napi_set_property on
// the class does (objects.cc, class_type_setattro).
PyTypeObject ClassTypeType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.ClassType"};
static PyMappingMethods class_type_as_mapping = {nullptr, class_type_subscript,
                                                 class_type_ass_subscript};
static PySequenceMethods class_type_as_sequence = {};

// ---------------------------------------------------------------------------
// Accessor: a class's getter/setter pair, a data descriptor on the type.
// ---------------------------------------------------------------------------
static PyObject* accessor_get(PyObject* self, PyObject* obj, PyObject* type) {
  auto* a = reinterpret_cast<AccessorObject*>(self);
  if (a->is_static) {
    // Read through the class (Class.prop): `this` is the class. Not through an
    // instance: a static is not on the prototype.
    if (obj != nullptr && obj != Py_None && !PyType_Check(obj)) {
      // (A data descriptor hides the instance's own property of that name: look.)
      PyObject* own = is_object_family(obj) ? object_own_get(obj, a->name) : nullptr;
      if (own != nullptr) return py_from_js_steal(own);
      if (PyErr_Occurred()) return nullptr;
      PyErr_Format(PyExc_AttributeError,
                   "'%.100s' object has no attribute %R (a static member of the class)",
                   Py_TYPE(obj)->tp_name, a->name);
      return nullptr;
    }
    obj = type != nullptr ? type : reinterpret_cast<PyObject*>(Py_TYPE(obj));
  } else if (obj == nullptr || obj == Py_None) {
    return Py_NewRef(self);
  }
  if (a->getter == nullptr) Py_RETURN_NONE;  // JS: a setter-only property reads undefined
  PyObject* r = invoke_getter(a->getter, obj);
  return r != nullptr ? py_from_js_steal(r) : nullptr;
}
static int accessor_set(PyObject* self, PyObject* obj, PyObject* value) {
  auto* a = reinterpret_cast<AccessorObject*>(self);
  if (a->is_static && !PyType_Check(obj)) {
    // Assignment through an instance: the static is not on its prototype, so the
    // instance gets an own property, as in JS.
    int r = value != nullptr ? js_set(obj, a->name, value) : js_delete(obj, a->name);
    if (r == 0) read_only_error(obj, a->name);
    return r > 0 ? 0 : -1;
  }
  if (value == nullptr) {
    PyErr_Format(PyExc_AttributeError, "cannot delete accessor property %R", a->name);
    return -1;
  }
  if (a->setter == nullptr) {
    // Node's strict-mode TypeError (a Python assignment fails as strict JS code does).
    PyErr_Format(python_types.JSTypeError, "Cannot set property %S of #<%s> which has only a getter",
                 a->name, _PyType_Name(Py_TYPE(obj)));
    return -1;
  }
  return invoke_setter(a->setter, obj, value);
}
static void accessor_dealloc(PyObject* self) {
  auto* a = reinterpret_cast<AccessorObject*>(self);
  PyObject_GC_UnTrack(self);
  Py_CLEAR(a->name);
  Py_CLEAR(a->getter);
  Py_CLEAR(a->setter);
  PyObject_GC_Del(self);
}
static int accessor_traverse(PyObject* self, visitproc visit, void* arg) {
  auto* a = reinterpret_cast<AccessorObject*>(self);
  Py_VISIT(a->getter);
  Py_VISIT(a->setter);
  return 0;
}
static PyObject* accessor_get_doc(PyObject* self, void*) {
  auto* a = reinterpret_cast<AccessorObject*>(self);
  PyObject* f = a->getter != nullptr ? a->getter : a->setter;  // its Function's __doc__
  return f != nullptr ? PyObject_GetAttrString(f, "__doc__") : Py_NewRef(Py_None);
}
// Its getter and setter Functions (None when it has none), as a property's fget and
// fset: what Object.getOwnPropertyDescriptor gives as `get` and `set` in JS.
static PyObject* accessor_get_fget(PyObject* self, void*) {
  PyObject* f = reinterpret_cast<AccessorObject*>(self)->getter;
  return Py_NewRef(f != nullptr ? f : Py_None);
}
static PyObject* accessor_get_fset(PyObject* self, void*) {
  PyObject* f = reinterpret_cast<AccessorObject*>(self)->setter;
  return Py_NewRef(f != nullptr ? f : Py_None);
}
static PyGetSetDef accessor_getset[] = {
    {"__doc__", accessor_get_doc, nullptr, nullptr, nullptr},
    {"fget", accessor_get_fget, nullptr, nullptr, nullptr},
    {"fset", accessor_get_fset, nullptr, nullptr, nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};
PyTypeObject AccessorType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.Accessor"};

PyObject* new_accessor(PyObject* name, PyObject* getter, PyObject* setter) {
  auto* a = PyObject_GC_New(AccessorObject, &AccessorType);
  if (a == nullptr) return nullptr;
  a->name = Py_NewRef(name);
  a->getter = Py_XNewRef(getter);
  a->setter = Py_XNewRef(setter);
  a->is_static = false;
  PyObject_GC_Track(a);
  return reinterpret_cast<PyObject*>(a);
}

// Object.prototype's methods read from Python (`obj.hasOwnProperty("x")`,
// `inst.toString()`): JS finds them at the end of every prototype chain. One
// non-data descriptor per name in Object's type dict, so that CPython's generic
// lookup reaches it only after everything that comes first in JS: an own property
// (the instance dict, which overrides a non-data descriptor), the class's members
// (earlier in the MRO). Its __get__ asks the JS property rules (js_has, js_get), which
// also follow a prototype set at run time and find nothing on an Object.create(null)
// object, then binds `this`. No own property and no key listing sees these (the
// type dicts of Object and ClassBase are not on any JS chain: members_lookup stops at
// them), and the attribute lookups that found something before do not change.
struct ObjectProtoMemberObject {
  PyObject_HEAD
  PyObject* name;
};
static PyTypeObject ObjectProtoMemberType = {
    PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.ObjectPrototypeMember"};
static const char* const kObjectPrototypeMethods[] = {
    "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable",
    "toString",       "valueOf",       "toLocaleString"};

static void object_proto_member_dealloc(PyObject* self) {
  Py_CLEAR(reinterpret_cast<ObjectProtoMemberObject*>(self)->name);
  PyObject_Free(self);
}
static PyObject* object_proto_member_get(PyObject* self, PyObject* obj, PyObject* type) {
  PyObject* name = reinterpret_cast<ObjectProtoMemberObject*>(self)->name;
  if (obj == nullptr) {  // (read on a class: a JS class is a function, not an object)
    PyErr_Format(PyExc_AttributeError, "type object '%.100s' has no attribute '%U'",
                 type != nullptr ? reinterpret_cast<PyTypeObject*>(type)->tp_name : "?", name);
    return nullptr;
  }
  int has = js_has(obj, name, false);
  if (has <= 0) {
    if (has == 0)
      PyErr_Format(PyExc_AttributeError, "'%.100s' object has no attribute '%U'",
                   Py_TYPE(obj)->tp_name, name);
    return nullptr;
  }
  PyObject* v = js_get(obj, name);
  return v != nullptr ? bind_js_method_steal(v, obj) : nullptr;
}
static PyObject* object_proto_member_repr(PyObject* self) {
  return PyUnicode_FromFormat("<Object.prototype member %R>",
                              reinterpret_cast<ObjectProtoMemberObject*>(self)->name);
}

static int add_object_prototype_members(PyTypeObject* type) {
  ObjectProtoMemberType.tp_basicsize = sizeof(ObjectProtoMemberObject);
  ObjectProtoMemberType.tp_flags = Py_TPFLAGS_DEFAULT;
  ObjectProtoMemberType.tp_doc = "A member of Object.prototype, as Python reads it on an object.";
  ObjectProtoMemberType.tp_dealloc = object_proto_member_dealloc;
  ObjectProtoMemberType.tp_descr_get = object_proto_member_get;
  ObjectProtoMemberType.tp_repr = object_proto_member_repr;
  if (PyType_Ready(&ObjectProtoMemberType) < 0) return -1;
  for (const char* n : kObjectPrototypeMethods) {
    auto* m = PyObject_New(ObjectProtoMemberObject, &ObjectProtoMemberType);
    if (m == nullptr) return -1;
    m->name = PyUnicode_InternFromString(n);
    int rc = m->name != nullptr ? PyDict_SetItem(type->tp_dict, m->name, reinterpret_cast<PyObject*>(m)) : -1;
    Py_DECREF(m);
    if (rc < 0) return -1;
  }
  PyType_Modified(type);
  return 0;
}

int init_object_types(initproc class_constructor) {
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
  if (add_object_prototype_members(&ObjectType) < 0) return -1;

  ClassTypeType.tp_base = &PyType_Type;
  ClassTypeType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_VECTORCALL;
  ClassTypeType.tp_doc = "The type of the classes an addon defines with napi_define_class.";
  ClassTypeType.tp_setattro = class_type_setattro;
  // `Cls[key]`, `Cls[key] = v`, `del Cls[key]`, `key in Cls` with a str or Symbol key:
  // the class's own properties (its statics) as JS reads them; `Cls[int]` stays
  // dict's __class_getitem__ (objects.cc, class_type_subscript).
  ClassTypeType.tp_as_mapping = &class_type_as_mapping;
  class_type_as_sequence.sq_contains = class_type_contains;
  ClassTypeType.tp_as_sequence = &class_type_as_sequence;
  // A class is called through its own tp_vectorcall (class_vectorcall), as `type` calls.
  ClassTypeType.tp_vectorcall_offset = offsetof(PyTypeObject, tp_vectorcall);
  ClassTypeType.tp_call = PyType_Type.tp_call;
  if (PyType_Ready(&ClassTypeType) < 0) return -1;
  if (install_class_prototype_attribute(&ClassTypeType) < 0) return -1;
  Py_SET_TYPE(&ClassBaseType, &ClassTypeType);
  ClassBaseType.tp_base = &ObjectType;
  ClassBaseType.tp_basicsize = sizeof(ClassInstanceObject);
  ClassBaseType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC;
  ClassBaseType.tp_doc = "Base of the classes an addon defines with napi_define_class.";
  ClassBaseType.tp_init = class_constructor;
  ClassBaseType.tp_new = class_new;
  ClassBaseType.tp_getattro = PyObject_GenericGetAttr;
  ClassBaseType.tp_dictoffset = offsetof(ObjectObject, self_dict);
  ClassBaseType.tp_dealloc = object_dealloc;
  ClassBaseType.tp_traverse = object_traverse;
  ClassBaseType.tp_clear = object_clear;
  class_as_number.nb_bool = class_bool;
  ClassBaseType.tp_as_number = &class_as_number;
  ClassBaseType.tp_iter = class_iter;
  class_as_async.am_aiter = class_aiter;
  ClassBaseType.tp_as_async = &class_as_async;
  if (PyType_Ready(&ClassBaseType) < 0) return -1;
  str_next = PyUnicode_InternFromString("next");
  str_done = PyUnicode_InternFromString("done");
  str_value = PyUnicode_InternFromString("value");
  str_return = PyUnicode_InternFromString("return");
  if (str_next == nullptr || str_done == nullptr || str_value == nullptr || str_return == nullptr)
    return -1;
  JSIteratorType.tp_basicsize = sizeof(JSIteratorObject);
  JSIteratorType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC;
  JSIteratorType.tp_doc = "Python iteration of a JS iterable class instance (its Symbol.iterator).";
  JSIteratorType.tp_dealloc = js_iterator_dealloc;
  JSIteratorType.tp_traverse = js_iterator_traverse;
  JSIteratorType.tp_clear = js_iterator_clear;
  JSIteratorType.tp_iter = PyObject_SelfIter;
  JSIteratorType.tp_iternext = js_iterator_next;
  JSIteratorType.tp_finalize = js_iterator_finalize;
  JSIteratorType.tp_methods = js_iterator_methods;
  if (PyType_Ready(&JSIteratorType) < 0) return -1;
  AccessorType.tp_basicsize = sizeof(AccessorObject);
  AccessorType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC;
  AccessorType.tp_dealloc = accessor_dealloc;
  AccessorType.tp_traverse = accessor_traverse;
  AccessorType.tp_descr_get = accessor_get;
  AccessorType.tp_descr_set = accessor_set;
  AccessorType.tp_getset = accessor_getset;
  if (PyType_Ready(&AccessorType) < 0) return -1;
  return 0;
}

}  // namespace napi_python
