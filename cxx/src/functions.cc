// Functions: napi_create_function, napi_get_cb_info, napi_call_function,
// napi_new_instance, napi_get_new_target; the Function, bound function and method
// types, a class's type and constructor (new_class, class_init); and
// invoke_callback, the one path by which Python enters an addon's callback.
// (napi_define_class is classes.cc's; a class's accessors are objects.cc's.)
#include "functions.h"
#include "coerce.h"

#include "objects.h"
#include "types.h"
#include "values.h"

#include <structmember.h>

#include <climits>
#include <unistd.h>
#include <cstring>
#include <vector>
#include <string>

namespace napi_python {


// Calls an addon callback as JS would: `this`, arguments, new.target. Returns a new
// reference, or NULL with a Python exception set. Inlined into each caller: it is
// most of the cost of a call into an addon.
[[gnu::always_inline]] static inline PyObject* invoke_callback(
    napi_env env, napi_callback cb, void* data, PyObject* this_arg, PyObject* const* args,
    size_t nargs, PyObject* new_target) {
  // Recursion through the addon and back stops with RecursionError before the C
  // stack overflows (env.h, stack_nearly_full).
  if (stack_nearly_full()) return raise_stack_nearly_full();
  napi_callback_info__ info{this_arg, args, nargs, new_target, data};
  return call_into_module<Entry::call>(env, nullptr, [&] { return cb(env, &info); });
}

// How many positional arguments a Python function (or a bound method of one) takes:
// [*lo, *hi]; false for any other callable, which gets the arguments as they are. A
// JS function is called with any number of arguments: the missing ones are
// undefined and the extra ones unseen, so call_python gives a Python function None
// for each missing required parameter and leaves out what it has no parameter for
// (an addon calling `cb(err)` where Python code wrote `def cb(err, result)`).
static inline bool python_arity(PyObject* callable, Py_ssize_t* lo, Py_ssize_t* hi) {
  PyObject* fn = callable;
  Py_ssize_t bound = 0;
  if (PyMethod_Check(fn)) {
    fn = PyMethod_GET_FUNCTION(fn);
    bound = 1;
  }
  if (!PyFunction_Check(fn)) return false;
  auto* code = reinterpret_cast<PyCodeObject*>(PyFunction_GET_CODE(fn));
  if (code->co_kwonlyargcount > 0) {  // a keyword-only parameter without default: as is
    PyObject* kwdefaults = PyFunction_GET_KW_DEFAULTS(fn);
    if (kwdefaults == nullptr || PyDict_GET_SIZE(kwdefaults) < code->co_kwonlyargcount)
      return false;
  }
  PyObject* defaults = PyFunction_GET_DEFAULTS(fn);
  Py_ssize_t required = code->co_argcount - (defaults != nullptr ? PyTuple_GET_SIZE(defaults) : 0);
  *lo = required > bound ? required - bound : 0;
  *hi = (code->co_flags & CO_VARARGS) ? PY_SSIZE_T_MAX : code->co_argcount - bound;
  return true;
}

// Whether `o` is a napi_python.with_this(fn) (its function: `__wrapped__`).
static inline bool is_with_this(PyObject* o) {
  return python_types.with_this != nullptr &&
         Py_TYPE(o) == reinterpret_cast<PyTypeObject*>(python_types.with_this);
}

Py_ssize_t python_callable_length(PyObject* callable) {
  Py_ssize_t lo, hi, skip = 0;
  PyObject* inner = nullptr;
  if (is_with_this(callable)) {
    inner = PyObject_GetAttrString(callable, "__wrapped__");
    if (inner == nullptr) {
      PyErr_Clear();
      return 0;
    }
    callable = inner;
    skip = 1;
  } else if (PyType_Check(callable)) {
    // A class: its constructor's, as a JS class's length is its constructor's
    // (a Python __init__ without self; 0 for one that has none of Python's)
    static PyObject* init_name = PyUnicode_InternFromString("__init__");
    PyObject* init = init_name != nullptr
                         ? _PyType_Lookup(reinterpret_cast<PyTypeObject*>(callable), init_name)
                         : nullptr;
    if (init == nullptr || !PyFunction_Check(init)) return 0;
    callable = init;
    skip = 1;
  }
  Py_ssize_t n = python_arity(callable, &lo, &hi) && lo > skip ? lo - skip : 0;
  Py_XDECREF(inner);
  return n;
}

// Calls a Python callable with `first` (if not NULL) and then `args`, JS null passed
// as None, like every value that reaches Python code (a Node-style callback's `err`
// is null on success), as many as a Python function takes (python_arity). Without a
// null, a `first` or a count to change, the arguments go as they are.
static PyObject* call_python(PyObject* callable, PyObject* first, PyObject* const* args,
                             size_t nargs) {
  bool has_null = false;
  for (size_t i = 0; i < nargs && !has_null; i++) has_null = args[i] == NAPI_PY_NULL;
  size_t given = nargs + (first != nullptr);
  size_t n = given;
  Py_ssize_t lo, hi;
  if (python_arity(callable, &lo, &hi)) {
    if (static_cast<Py_ssize_t>(given) > hi) n = static_cast<size_t>(hi);
    else if (static_cast<Py_ssize_t>(given) < lo) n = static_cast<size_t>(lo);
  }
  if (first == nullptr && !has_null && n == given)
    return PyObject_Vectorcall(callable, args, nargs, nullptr);
  PyObject* small[8];
  PyObject** buf = n <= 8 ? small : new PyObject*[n];
  size_t i = 0;
  if (first != nullptr && i < n) buf[i++] = first == NAPI_PY_NULL ? Py_None : first;
  for (size_t j = 0; j < nargs && i < n; j++) buf[i++] = args[j] == NAPI_PY_NULL ? Py_None : args[j];
  while (i < n) buf[i++] = Py_None;  // undefined for each missing parameter
  PyObject* r = PyObject_Vectorcall(callable, buf, n, nullptr);
  if (buf != small) delete[] buf;
  return r;
}

// A function of the global object written in Python (napi_python._core._builtin:
// JSON.stringify, String, Array.prototype.push...): it implements JS and gets the JS
// values as they are, a null as null, not None as other Python code (JSON.stringify(null)
// is "null", JSON.stringify(undefined) undefined); `this` first when its this_first
// is true. Builtins are called rarely: the attribute reads cost nothing that matters.
[[gnu::cold, gnu::noinline]] static PyObject* call_builtin(PyObject* builtin, PyObject* this_arg,
                                                           PyObject* const* args, size_t nargs) {
  PyObject* fn = PyObject_GetAttrString(builtin, "__wrapped__");
  if (fn == nullptr) return nullptr;
  PyObject* this_first = PyObject_GetAttrString(builtin, "this_first");
  int with_this = this_first != nullptr ? PyObject_IsTrue(this_first) : -1;
  Py_XDECREF(this_first);
  PyObject* r = nullptr;
  if (with_this == 0) {
    r = PyObject_Vectorcall(fn, args, nargs, nullptr);
  } else if (with_this == 1) {
    std::vector<PyObject*> all(nargs + 1);
    all[0] = this_arg;
    for (size_t i = 0; i < nargs; i++) all[i + 1] = args[i];
    r = PyObject_Vectorcall(fn, all.data(), nargs + 1, nullptr);
  }
  Py_DECREF(fn);
  return r;
}

// The receiver check of class members (issue 18.1). A method, getter or setter of a
// class made by napi_define_class runs only with `this` an instance of that class or
// of a subclass (Python subclasses too); anything else raises TypeError before the
// addon's callback runs, as V8's signature check does ("Illegal invocation"). Without
// it, node-addon-api's ObjectWrap unwraps NULL and napi-rs reads another class's
// struct. The common case costs one comparison of types.
[[gnu::cold, gnu::noinline]] static PyObject* illegal_invocation(FunctionObject* f,
                                                                 PyObject* this_arg) {
  PyObject* cls_name = PyObject_GetAttrString(f->holder, "__name__");
  if (cls_name == nullptr) return nullptr;
  const char* got = this_arg == Py_None        ? "undefined"
                    : this_arg == NAPI_PY_NULL ? "null"
                                               : Py_TYPE(this_arg)->tp_name;
  PyErr_Format(python_types.JSTypeError,
               "Illegal invocation: %U.prototype.%U needs a %U instance as `this`, not %s",
               cls_name, f->name, cls_name, got);
  Py_DECREF(cls_name);
  return nullptr;
}
static inline bool receiver_ok(FunctionObject* f, PyObject* this_arg) {
  PyObject* holder = f->holder;
  if (holder == nullptr) return true;
  PyTypeObject* tp = Py_TYPE(this_arg);
  return tp == reinterpret_cast<PyTypeObject*>(holder) ||
         PyType_IsSubtype(tp, reinterpret_cast<PyTypeObject*>(holder));
}

// Calls any JS function value (ours, a bound method, or a Python callable) with an
// explicit `this`. New reference, or NULL with a Python exception set.
// A Node-API function is a sloppy-mode function: called with a primitive `this`
// (fn.call(1), napi_call_function with a string as recv, a constructor called
// without `new` on one), it gets the wrapper object ToObject makes, as in Node.
// (undefined and null become the global object in napi_get_cb_info.) The cheap
// test first: no int, str, float, BigInt or Symbol, no wrapper.
static inline bool maybe_primitive(PyObject* v) {
  PyTypeObject* tp = Py_TYPE(v);
  return (tp->tp_flags & (Py_TPFLAGS_LONG_SUBCLASS | Py_TPFLAGS_UNICODE_SUBCLASS)) != 0 ||
         tp == &PyFloat_Type || tp == &SymbolType ||
         tp == reinterpret_cast<PyTypeObject*>(python_types.BigInt);
}
[[gnu::cold, gnu::noinline]] static PyObject* call_with_boxed_this(
    FunctionObject* f, PyObject* this_arg, PyObject* const* args, size_t nargs) {
  napi_valuetype t = js_typeof(this_arg);
  if (t != napi_number && t != napi_string && t != napi_boolean && t != napi_bigint &&
      t != napi_symbol)
    return invoke_callback(f->env, f->cb, f->data, this_arg, args, nargs, nullptr);
  PyObject* boxed = box_primitive(this_arg);
  if (boxed == nullptr) return nullptr;
  PyObject* r = invoke_callback(f->env, f->cb, f->data, boxed, args, nargs, nullptr);
  Py_DECREF(boxed);
  return r;
}

static PyObject* class_own_constructor(PyObject* type);

PyObject* call_js_function(PyObject* func, PyObject* this_arg, PyObject* const* args,
                           size_t nargs) {
  PyTypeObject* tp = Py_TYPE(func);
  if (tp == &FunctionType) {
    auto* f = reinterpret_cast<FunctionObject*>(func);
    if (!receiver_ok(f, this_arg)) return illegal_invocation(f, this_arg);
    // (A class member's receiver check let only its instances through.)
    if (__builtin_expect(f->holder == nullptr && maybe_primitive(this_arg), 0))
      return call_with_boxed_this(f, this_arg, args, nargs);
    return invoke_callback(f->env, f->cb, f->data, this_arg, args, nargs, nullptr);
  }
  if (tp == &MethodType) {
    // A class's prototype method (Cls.method from Python): its function, with this `this`.
    auto* f = reinterpret_cast<MethodObject*>(func)->func;
    if (!receiver_ok(f, this_arg)) return illegal_invocation(f, this_arg);
    return invoke_callback(f->env, f->cb, f->data, this_arg, args, nargs, nullptr);
  }
  if (is_with_this(func)) {
    // napi_python.with_this(fn): the Python function takes JS `this` first.
    PyObject* inner = PyObject_GetAttrString(func, "__wrapped__");
    if (inner == nullptr) return nullptr;
    PyObject* r = call_python(inner, this_arg, args, nargs);
    Py_DECREF(inner);
    return r;
  }
  if (python_types.builtin != nullptr &&
      tp == reinterpret_cast<PyTypeObject*>(python_types.builtin))
    return call_builtin(func, this_arg, args, nargs);
  if (PyType_Check(func)) {
    // A class of napi_define_class called, not constructed (napi_call_function,
    // MakeCallback): as in Node, its constructor callback runs as a plain function,
    // with the caller's `this` and no new.target (node-addon-api's ObjectWrap then
    // calls OnCalledAsFunction). Only the addon's own class: a Python subclass is
    // called as Python calls it.
    PyObject* ctor = class_own_constructor(func);
    if (ctor != nullptr) {
      Py_INCREF(ctor);
      PyObject* r = call_js_function(ctor, this_arg, args, nargs);
      Py_DECREF(ctor);
      return r;
    }
  }
  return call_python(func, nullptr, args, nargs);
}

PyObject* invoke_getter(PyObject* getter, PyObject* self) {
  return call_js_function(getter, self, nullptr, 0);
}

int invoke_setter(PyObject* setter, PyObject* self, PyObject* value) {
  PyObject* r = call_js_function(setter, self, &value, 1);
  if (r == nullptr) return -1;
  Py_DECREF(r);
  return 0;
}

// ---------------------------------------------------------------------------
// Function
// ---------------------------------------------------------------------------
static NAPI_NO_VECTORIZE PyObject* function_vectorcall(PyObject* self, PyObject* const* args, size_t nargsf,
                                     PyObject* kwnames) {
  auto* f = reinterpret_cast<FunctionObject*>(self);
  if (kwnames != nullptr && PyTuple_GET_SIZE(kwnames) != 0) {
    PyErr_Format(PyExc_TypeError, "%U() takes no keyword arguments (JS functions are positional)",
                 f->name);
    return nullptr;
  }
  if (f->holder != nullptr) return illegal_invocation(f, Py_None);  // `this` is undefined
  PyObject* r = invoke_callback(f->env, f->cb, f->data, Py_None, args,
                                PyVectorcall_NARGS(nargsf), nullptr);
  return r != nullptr ? py_from_js_steal(r) : nullptr;
}

PyObject* new_function(napi_env env, PyObject* name, napi_callback cb, void* data,
                       bool js_named) {
  auto* f = PyObject_GC_New(FunctionObject, &FunctionType);
  if (f == nullptr) return nullptr;
  f->vectorcall = function_vectorcall;
  f->env = env;
  f->cb = cb;
  f->data = data;
  f->name = Py_NewRef(name);
  f->props = nullptr;
  f->weakreflist = nullptr;
  f->native = nullptr;
  f->holder = nullptr;
  f->is_static = false;
  f->deleted_builtins = 0;
  f->js_anonymous = !js_named;
  PyObject_GC_Track(f);
  return reinterpret_cast<PyObject*>(f);
}

void name_anonymous_function(PyObject* value, PyObject* key) {
  auto* f = reinterpret_cast<FunctionObject*>(value);
  if (PyUnicode_GET_LENGTH(f->name) != 0 || f->js_anonymous || !PyUnicode_Check(key)) return;
  Py_SETREF(f->name, Py_NewRef(key));
  f->js_anonymous = true;
}

static void function_dealloc(PyObject* self) {
  auto* f = reinterpret_cast<FunctionObject*>(self);
  PyObject_GC_UnTrack(self);
  if (f->weakreflist != nullptr) PyObject_ClearWeakRefs(self);
  release_native_state(f->native);
  Py_CLEAR(f->name);
  Py_CLEAR(f->props);
  Py_CLEAR(f->holder);
  PyObject_GC_Del(self);
}
static int function_traverse(PyObject* self, visitproc visit, void* arg) {
  auto* f = reinterpret_cast<FunctionObject*>(self);
  Py_VISIT(f->props);
  Py_VISIT(f->holder);
  return 0;
}
static int function_clear(PyObject* self) {
  Py_CLEAR(reinterpret_cast<FunctionObject*>(self)->props);
  Py_CLEAR(reinterpret_cast<FunctionObject*>(self)->holder);
  return 0;
}
static PyObject* function_repr(PyObject* self) {
  return PyUnicode_FromFormat("<napi_python.Function %U>",
                              reinterpret_cast<FunctionObject*>(self)->name);
}

static PyObject* function_getattro(PyObject* self, PyObject* name) {
  auto* f = reinterpret_cast<FunctionObject*>(self);
  if (f->props != nullptr) {
    PyObject* v = PyDict_GetItemWithError(f->props, name);
    if (v != nullptr) {
      v = function_prop_value(self, v);  // a value, or an accessor's getter's result
      return v != nullptr ? bind_js_method_steal(v, self) : nullptr;
    }
    if (PyErr_Occurred()) return nullptr;
  }
  return PyObject_GenericGetAttr(self, name);
}
static int function_setattro(PyObject* self, PyObject* name, PyObject* value) {
  auto* f = reinterpret_cast<FunctionObject*>(self);
  if (f->props == nullptr) {
    if (value == nullptr) {
      PyErr_SetObject(PyExc_AttributeError, name);
      return -1;
    }
    f->props = PyDict_New();
    if (f->props == nullptr) return -1;
  }
  if (value == nullptr) return PyDict_DelItem(f->props, name);
  return PyDict_SetItem(f->props, name, value);
}

// fn.call(this, *args) and fn.apply(this, args): glue code calls natives this way.
static PyObject* function_call_method(PyObject* self, PyObject* const* args, Py_ssize_t n) {
  PyObject* this_arg = n > 0 ? args[0] : Py_None;
  PyObject* r = call_js_function(self, this_arg, n > 0 ? args + 1 : args, n > 0 ? n - 1 : 0);
  return r != nullptr ? py_from_js_steal(r) : nullptr;
}
static PyObject* function_apply_method(PyObject* self, PyObject* const* args, Py_ssize_t n) {
  if (n > 2) {
    PyErr_SetString(PyExc_TypeError, "apply(this, args) takes at most 2 arguments");
    return nullptr;
  }
  PyObject* this_arg = n > 0 ? args[0] : Py_None;
  PyObject* seq = (n > 1 && args[1] != Py_None) ? PySequence_Fast(args[1], "apply() args must be a sequence")
                                                 : PyTuple_New(0);
  if (seq == nullptr) return nullptr;
  PyObject* r = call_js_function(self, this_arg, PySequence_Fast_ITEMS(seq),
                                 PySequence_Fast_GET_SIZE(seq));
  Py_DECREF(seq);
  return r != nullptr ? py_from_js_steal(r) : nullptr;
}
static PyMethodDef function_methods[] = {
    {"call", reinterpret_cast<PyCFunction>(reinterpret_cast<void*>(function_call_method)),
     METH_FASTCALL, "call(this, *args): call with an explicit JS `this`."},
    {"apply", reinterpret_cast<PyCFunction>(reinterpret_cast<void*>(function_apply_method)),
     METH_FASTCALL, "apply(this, args): call with an explicit JS `this` and an argument list."},
    {nullptr, nullptr, 0, nullptr}};
// __name__ and __qualname__: the name of the property the function was made for (its
// name in napi_create_function); `name`: JS's (function_js_name), "" for most
// functions an addon defines as properties (docs/values.rst).
static PyMemberDef function_members[] = {
    {"__name__", T_OBJECT, offsetof(FunctionObject, name), READONLY, nullptr},
    {"__qualname__", T_OBJECT, offsetof(FunctionObject, name), READONLY, nullptr},
    {nullptr, 0, 0, 0, nullptr}};
static PyObject* function_get_js_name(PyObject* self, void*) {
  return function_js_name(reinterpret_cast<FunctionObject*>(self));
}
static PyObject* function_get_dict(PyObject* self, void*) {
  auto* f = reinterpret_cast<FunctionObject*>(self);
  if (f->props == nullptr && (f->props = PyDict_New()) == nullptr) return nullptr;
  return Py_NewRef(f->props);
}
// pydoc reads __doc__ past tp_getattro: the own property (set from the package's
// TypeScript declarations by require()), else the type's.
static PyObject* function_get_doc(PyObject* self, void*) {
  auto* f = reinterpret_cast<FunctionObject*>(self);
  if (f->props != nullptr) {
    PyObject* v = PyDict_GetItemString(f->props, "__doc__");
    if (v != nullptr) return Py_NewRef(v);
  }
  return PyUnicode_FromString(FunctionType.tp_doc);
}
static PyGetSetDef function_getset[] = {
    {"__dict__", function_get_dict, nullptr, "Own JS properties of the function.", nullptr},
    {"__doc__", function_get_doc, nullptr, nullptr, nullptr},
    {"name", function_get_js_name, nullptr, "The JS function name (Node's `name`).", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};
PyTypeObject FunctionType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.Function"};

// help() and inspect.signature() on a method or bound method: the __doc__ and
// __signature__ of its Function (own properties, which napi_python.require sets from
// the package's TypeScript declarations: docs/typing.rst).
static PyObject* forward_doc(PyObject* func) {
  return func != nullptr ? PyObject_GetAttrString(func, "__doc__") : Py_NewRef(Py_None);
}
static PyObject* forward_signature(PyObject* func) {
  if (func == nullptr) {
    PyErr_SetString(PyExc_AttributeError, "__signature__");
    return nullptr;
  }
  return PyObject_GetAttrString(func, "__signature__");
}

// ---------------------------------------------------------------------------
// BoundFunction: instance.method
// ---------------------------------------------------------------------------
static NAPI_NO_VECTORIZE PyObject* bound_vectorcall(PyObject* self, PyObject* const* args, size_t nargsf,
                                  PyObject* kwnames) {
  auto* b = reinterpret_cast<BoundFunctionObject*>(self);
  FunctionObject* f = b->func;
  if (kwnames != nullptr && PyTuple_GET_SIZE(kwnames) != 0) {
    PyErr_Format(PyExc_TypeError, "%U() takes no keyword arguments", f->name);
    return nullptr;
  }
  if (!receiver_ok(f, b->self)) return illegal_invocation(f, b->self);
  PyObject* r = invoke_callback(f->env, f->cb, f->data, b->self, args,
                                PyVectorcall_NARGS(nargsf), nullptr);
  return r != nullptr ? py_from_js_steal(r) : nullptr;
}
// `instance.method()` makes and drops one bound method per call: a small free list
// keeps that off the allocator and out of the GC's allocation count (which would
// otherwise trigger a young-generation collection every 700 calls).
static FreeList<BoundFunctionObject, 64> bound_free;

static PyObject* bound_new(PyObject* func, PyObject* self_obj) {
  BoundFunctionObject* b = bound_free.take();
  if (b == nullptr) {
    b = PyObject_GC_New(BoundFunctionObject, &BoundFunctionType);
    if (b == nullptr) return nullptr;
  }
  b->vectorcall = bound_vectorcall;
  b->func = reinterpret_cast<FunctionObject*>(Py_NewRef(func));
  b->self = Py_NewRef(self_obj);
  PyObject_GC_Track(b);
  return reinterpret_cast<PyObject*>(b);
}
// A bound method of a JS function written in Python (with_this, or a builtin that
// takes `this` first: Object.prototype.hasOwnProperty, Buffer.prototype.toString...):
// `this` is the object it was read from, as for a JS method call.
static PyObject* bound_other_vectorcall(PyObject* self, PyObject* const* args, size_t nargsf,
                                        PyObject* kwnames) {
  auto* b = reinterpret_cast<BoundFunctionObject*>(self);
  if (kwnames != nullptr && PyTuple_GET_SIZE(kwnames) != 0) {
    PyErr_SetString(PyExc_TypeError, "a JS method takes no keyword arguments");
    return nullptr;
  }
  PyObject* r = call_js_function(reinterpret_cast<PyObject*>(b->func), b->self, args,
                                 PyVectorcall_NARGS(nargsf));
  return r != nullptr ? py_from_js_steal(r) : nullptr;
}
// Whether `value` (a heap type's instance) is a Python-written JS function that takes
// JS `this`: 1, 0, or -1.
static int takes_js_this(PyObject* value) {
  auto* tp = reinterpret_cast<PyObject*>(Py_TYPE(value));
  if (tp == python_types.with_this) return 1;
  if (tp != python_types.builtin) return 0;
  PyObject* this_first = PyObject_GetAttrString(value, "this_first");
  int r = this_first != nullptr ? PyObject_IsTrue(this_first) : -1;
  Py_XDECREF(this_first);
  return r;
}
[[gnu::cold, gnu::noinline]] static PyObject* bind_other_steal(PyObject* value, PyObject* self) {
  int takes = takes_js_this(value);
  if (takes <= 0) {
    if (takes < 0) {
      Py_DECREF(value);
      return nullptr;
    }
    return py_from_js_steal(value);
  }
  PyObject* b = bound_new(value, self);
  if (b != nullptr) reinterpret_cast<BoundFunctionObject*>(b)->vectorcall = bound_other_vectorcall;
  Py_DECREF(value);
  return b;
}

PyObject* bind_member_steal(PyObject* value, PyObject* self) {
  if (Py_TYPE(value) != &FunctionType) return py_from_js_steal(value);
  PyObject* b = bound_new(value, self);
  Py_DECREF(value);
  return b;
}

PyObject* bind_js_method_steal(PyObject* value, PyObject* self) {
  PyTypeObject* tp = Py_TYPE(value);
  // (with_this and the builtins are Python classes: one flag test keeps ints, strs,
  // lists and plain objects off the longer test)
  if (tp != &FunctionType && (tp->tp_flags & Py_TPFLAGS_HEAPTYPE) != 0)
    return bind_other_steal(value, self);
  return bind_member_steal(value, self);
}

// A class's methods live in its type dict: reading one through an instance binds
// `this` (static methods stay unbound).
// A static method's `this` is the class (JS: Class.create() is called on Class;
// napi-rs factories construct `this`).
static PyObject* function_descr_get(PyObject* self, PyObject* obj, PyObject* type) {
  auto* f = reinterpret_cast<FunctionObject*>(self);
  if (f->is_static) {
    // A static is an own property of the class, not on the prototype: JS reads
    // `inst.create` as undefined.
    if (obj != nullptr && obj != Py_None && !PyType_Check(obj)) {
      PyErr_Format(PyExc_AttributeError,
                   "'%.100s' object has no attribute '%U' (a static member of the class)",
                   Py_TYPE(obj)->tp_name, f->name);
      return nullptr;
    }
    PyObject* cls = type != nullptr ? type
                    : (obj != nullptr && obj != Py_None) ? reinterpret_cast<PyObject*>(Py_TYPE(obj))
                                                         : nullptr;
    return cls != nullptr ? bound_new(self, cls) : Py_NewRef(self);
  }
  if (obj == nullptr || obj == Py_None) return Py_NewRef(self);
  return bound_new(self, obj);
}

// Attribute lookup of the classes whose instances hold functions or accessors as own
// properties (napi-rs iterators set `next`, `return` and `throw` on each instance;
// node-addon-api classes assign callbacks in their constructor; better-sqlite3
// defines the getters `open` and `inTransaction` on `this` in its constructor).
// Python's generic lookup returns an instance-dict value as it is, so `it.next()`
// would call `next` with `this` undefined, and an accessor's dict entry is only a
// placeholder (None). A class switches to this lookup when the first such function or
// accessor is stored (note_own_property, note_own_accessor): the other classes keep
// CPython's method-call fast path (`c.increment()` without a bound-method object),
// which only applies to types whose lookup is the generic one.
static PyObject* class_getattro_binding(PyObject* self, PyObject* name) {
  auto* o = reinterpret_cast<ObjectObject*>(self);
  if (o->slots != nullptr) {
    // An own accessor is read as obj["k"] reads it (the getter, this = obj), unless a
    // data descriptor of the type comes first, as for writes (object_setattro).
    PyObject* s = PyDict_GetItemWithError(o->slots, name);
    if (s == nullptr && PyErr_Occurred()) return nullptr;
    auto* slot = reinterpret_cast<PropertySlotObject*>(s);
    if (s != nullptr && (slot->getter != nullptr || slot->setter != nullptr)) {
      PyObject* descr = _PyType_Lookup(Py_TYPE(self), name);
      if (descr == nullptr || Py_TYPE(descr)->tp_descr_set == nullptr) {
        PyObject* v = object_own_get(self, name);
        if (v != nullptr) return bind_member_steal(v, self);
        if (PyErr_Occurred()) return nullptr;
      }
    }
  }
  PyObject* v = PyObject_GenericGetAttr(self, name);
  // A Function found on the type was bound by its descriptor: only own properties
  // come back as a bare Function.
  if (v != nullptr && Py_TYPE(v) == &FunctionType) return bind_member_steal(v, self);
  return v;
}

void bind_own_functions_of(PyTypeObject* tp) {
  if (!(tp->tp_flags & Py_TPFLAGS_HEAPTYPE) || !PyType_IsSubtype(tp, &ClassBaseType)) return;
  tp->tp_getattro = class_getattro_binding;
  PyType_Modified(tp);  // drops the interpreter's caches specialized on the old lookup
}

static void bound_dealloc(PyObject* self) {
  auto* b = reinterpret_cast<BoundFunctionObject*>(self);
  PyObject_GC_UnTrack(self);
  Py_CLEAR(b->func);
  Py_CLEAR(b->self);
  if (!bound_free.keep(b)) PyObject_GC_Del(self);
}
static int bound_traverse(PyObject* self, visitproc visit, void* arg) {
  auto* b = reinterpret_cast<BoundFunctionObject*>(self);
  Py_VISIT(b->func);
  Py_VISIT(b->self);
  return 0;
}
static PyObject* bound_repr(PyObject* self) {
  auto* b = reinterpret_cast<BoundFunctionObject*>(self);
  // The receiver by type and address: the repr of a large object would drown the name.
  if (Py_TYPE(b->func) != &FunctionType)  // (with_this, a builtin: bind_other_steal)
    return PyUnicode_FromFormat("<bound %R of %s object at %p>", b->func,
                                Py_TYPE(b->self)->tp_name, b->self);
  return PyUnicode_FromFormat("<bound napi_python.Function %U of %s object at %p>", b->func->name,
                              Py_TYPE(b->self)->tp_name, b->self);
}
// c.method.call(other, ...): JS calls the method's function with another `this`.
static PyObject* bound_call_method(PyObject* self, PyObject* const* args, Py_ssize_t n) {
  return function_call_method(reinterpret_cast<PyObject*>(
                                  reinterpret_cast<BoundFunctionObject*>(self)->func),
                              args, n);
}
static PyObject* bound_apply_method(PyObject* self, PyObject* const* args, Py_ssize_t n) {
  return function_apply_method(reinterpret_cast<PyObject*>(
                                   reinterpret_cast<BoundFunctionObject*>(self)->func),
                               args, n);
}
static PyMethodDef bound_methods[] = {
    {"call", reinterpret_cast<PyCFunction>(reinterpret_cast<void*>(bound_call_method)),
     METH_FASTCALL, "call(this, *args): call the method with another JS `this`."},
    {"apply", reinterpret_cast<PyCFunction>(reinterpret_cast<void*>(bound_apply_method)),
     METH_FASTCALL, "apply(this, args): call the method with another JS `this`."},
    {nullptr, nullptr, 0, nullptr}};
// Two reads of `obj.fn` are equal (not identical), as Python's bound methods are: the
// same function bound to the same object.
static PyObject* bound_richcompare(PyObject* a, PyObject* b, int op) {
  if ((op != Py_EQ && op != Py_NE) || Py_TYPE(b) != &BoundFunctionType) Py_RETURN_NOTIMPLEMENTED;
  auto* x = reinterpret_cast<BoundFunctionObject*>(a);
  auto* y = reinterpret_cast<BoundFunctionObject*>(b);
  bool eq = x->func == y->func && x->self == y->self;
  return PyBool_FromLong(op == Py_EQ ? eq : !eq);
}
static Py_hash_t bound_hash(PyObject* self) {
  auto* b = reinterpret_cast<BoundFunctionObject*>(self);
  auto bits = [](void* p) { return static_cast<Py_hash_t>(reinterpret_cast<uintptr_t>(p) >> 4); };
  Py_hash_t h = bits(b->func) ^ (bits(b->self) * 1000003);
  return h == -1 ? -2 : h;
}
// Anything else (`name`, `length`, the function's own properties) is the function's.
static PyObject* bound_getattro(PyObject* self, PyObject* name) {
  PyObject* r = PyObject_GenericGetAttr(self, name);
  if (r != nullptr || !PyErr_ExceptionMatches(PyExc_AttributeError)) return r;
  PyErr_Clear();
  return PyObject_GetAttr(reinterpret_cast<PyObject*>(reinterpret_cast<BoundFunctionObject*>(self)->func),
                          name);
}
static PyMemberDef bound_members[] = {
    {"__func__", T_OBJECT, offsetof(BoundFunctionObject, func), READONLY, nullptr},
    {"__self__", T_OBJECT, offsetof(BoundFunctionObject, self), READONLY, nullptr},
    {nullptr, 0, 0, 0, nullptr}};
static PyObject* bound_get_doc(PyObject* self, void*) {
  return forward_doc(reinterpret_cast<PyObject*>(reinterpret_cast<BoundFunctionObject*>(self)->func));
}
static PyObject* bound_get_signature(PyObject* self, void*) {
  return forward_signature(
      reinterpret_cast<PyObject*>(reinterpret_cast<BoundFunctionObject*>(self)->func));
}
static PyGetSetDef bound_getset[] = {
    {"__doc__", bound_get_doc, nullptr, nullptr, nullptr},
    {"__signature__", bound_get_signature, nullptr, nullptr, nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};
PyTypeObject BoundFunctionType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.BoundFunction"};

// ---------------------------------------------------------------------------
// Method: a prototype method in a class's type dict.
// ---------------------------------------------------------------------------
static NAPI_NO_VECTORIZE PyObject* method_vectorcall(PyObject* self, PyObject* const* args, size_t nargsf,
                                   PyObject* kwnames) {
  FunctionObject* f = reinterpret_cast<MethodObject*>(self)->func;
  size_t n = PyVectorcall_NARGS(nargsf);
  if (kwnames != nullptr && PyTuple_GET_SIZE(kwnames) != 0) {
    PyErr_Format(PyExc_TypeError, "%U() takes no keyword arguments", f->name);
    return nullptr;
  }
  if (n == 0) {
    PyErr_Format(PyExc_TypeError, "method %U() needs its instance (`this`) first", f->name);
    return nullptr;
  }
  if (!receiver_ok(f, args[0])) return illegal_invocation(f, args[0]);
  PyObject* r = invoke_callback(f->env, f->cb, f->data, args[0], args + 1, n - 1, nullptr);
  return r != nullptr ? py_from_js_steal(r) : nullptr;
}
static PyObject* method_descr_get(PyObject* self, PyObject* obj, PyObject*) {
  if (obj == nullptr || obj == Py_None) return Py_NewRef(self);
  return bound_new(reinterpret_cast<PyObject*>(reinterpret_cast<MethodObject*>(self)->func), obj);
}
static void method_dealloc(PyObject* self) {
  PyObject_GC_UnTrack(self);
  Py_CLEAR(reinterpret_cast<MethodObject*>(self)->func);
  PyObject_GC_Del(self);
}
static int method_traverse(PyObject* self, visitproc visit, void* arg) {
  Py_VISIT(reinterpret_cast<MethodObject*>(self)->func);
  return 0;
}
static PyObject* method_repr(PyObject* self) {
  return PyUnicode_FromFormat("<napi_python.Method %U>",
                              reinterpret_cast<MethodObject*>(self)->func->name);
}
static PyObject* method_call_method(PyObject* self, PyObject* const* args, Py_ssize_t n) {
  return function_call_method(reinterpret_cast<PyObject*>(reinterpret_cast<MethodObject*>(self)->func),
                              args, n);
}
static PyObject* method_apply_method(PyObject* self, PyObject* const* args, Py_ssize_t n) {
  return function_apply_method(
      reinterpret_cast<PyObject*>(reinterpret_cast<MethodObject*>(self)->func), args, n);
}
static PyMethodDef method_methods[] = {
    {"call", reinterpret_cast<PyCFunction>(reinterpret_cast<void*>(method_call_method)),
     METH_FASTCALL, "call(this, *args): call the method with an explicit JS `this`."},
    {"apply", reinterpret_cast<PyCFunction>(reinterpret_cast<void*>(method_apply_method)),
     METH_FASTCALL, "apply(this, args): call the method with an explicit JS `this`."},
    {nullptr, nullptr, 0, nullptr}};
static PyMemberDef method_members[] = {
    {"__func__", T_OBJECT, offsetof(MethodObject, func), READONLY, "The JS function."},
    {nullptr, 0, 0, 0, nullptr}};
static PyObject* method_get_name(PyObject* self, void*) {
  return Py_NewRef(reinterpret_cast<MethodObject*>(self)->func->name);
}
static PyObject* method_get_js_name(PyObject* self, void*) {
  return function_js_name(reinterpret_cast<MethodObject*>(self)->func);
}
static PyObject* method_get_doc(PyObject* self, void*) {
  return forward_doc(reinterpret_cast<PyObject*>(reinterpret_cast<MethodObject*>(self)->func));
}
static PyObject* method_get_signature(PyObject* self, void*) {
  return forward_signature(
      reinterpret_cast<PyObject*>(reinterpret_cast<MethodObject*>(self)->func));
}
static PyGetSetDef method_getset[] = {
    {"__name__", method_get_name, nullptr, nullptr, nullptr},
    {"__qualname__", method_get_name, nullptr, nullptr, nullptr},
    {"__doc__", method_get_doc, nullptr, nullptr, nullptr},
    {"__signature__", method_get_signature, nullptr, nullptr, nullptr},
    {"name", method_get_js_name, nullptr, "The JS function name (Node's `name`).", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};
PyTypeObject MethodType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.Method"};

PyObject* new_method(PyObject* func) {
  auto* m = PyObject_GC_New(MethodObject, &MethodType);
  if (m == nullptr) return nullptr;
  m->vectorcall = method_vectorcall;
  m->func = reinterpret_cast<FunctionObject*>(Py_NewRef(func));
  PyObject_GC_Track(m);
  return reinterpret_cast<PyObject*>(m);
}

// ---------------------------------------------------------------------------
// Classes
// ---------------------------------------------------------------------------
static PyObject* constructor_key = nullptr;  // "__napi_constructor__"

// The constructor function of a class napi_define_class made (borrowed), found in
// the type's own dict only; nullptr for any other type (a Python subclass too).
static PyObject* class_own_constructor(PyObject* type) {
  auto* tp = reinterpret_cast<PyTypeObject*>(type);
  if (!PyType_IsSubtype(tp, &ClassBaseType) || tp->tp_dict == nullptr) return nullptr;
  PyObject* ctor = PyDict_GetItemWithError(tp->tp_dict, constructor_key);  // no error: str key
  return ctor != nullptr && Py_TYPE(ctor) == &FunctionType ? ctor : nullptr;
}

// Runs the class's native constructor on `self` (a new instance): `this` = self,
// new.target = its type. 0, or -1 with an exception set. With `replacement`, an
// object the constructor returns (not `self`) is put there, a new reference: as in
// JS, `new C()` is then that object (a primitive returned is ignored).
static int construct(PyObject* self, PyObject* const* args, size_t nargs,
                     PyObject** replacement = nullptr) {
  PyObject* ctor = _PyType_Lookup(Py_TYPE(self), constructor_key);
  if (ctor == nullptr || Py_TYPE(ctor) != &FunctionType) {
    PyErr_Format(PyExc_TypeError, "%s has no native constructor", Py_TYPE(self)->tp_name);
    return -1;
  }
  auto* f = reinterpret_cast<FunctionObject*>(ctor);
  Py_INCREF(ctor);
  PyObject* r = invoke_callback(f->env, f->cb, f->data, self, args, nargs,
                                reinterpret_cast<PyObject*>(Py_TYPE(self)));
  Py_DECREF(ctor);
  if (r == nullptr) return -1;
  if (replacement != nullptr && r != self) {
    napi_valuetype t = js_typeof(r);
    if (t == napi_object || t == napi_function) {
      *replacement = r;
      return 0;
    }
  }
  Py_DECREF(r);
  return 0;
}

[[gnu::cold]] static void no_keywords(PyTypeObject* type) {
  PyErr_Format(PyExc_TypeError, "%s() takes no keyword arguments", type->tp_name);
}

int class_init(PyObject* self, PyObject* args, PyObject* kwargs) {
  if (kwargs != nullptr && PyDict_GET_SIZE(kwargs) != 0) {
    no_keywords(Py_TYPE(self));
    return -1;
  }
  return construct(self, &PyTuple_GET_ITEM(args, 0), PyTuple_GET_SIZE(args));
}

// `Cls(*args)` for a class of napi_define_class: its type's tp_vectorcall, which
// makes the instance and runs the constructor with the caller's arguments as they
// are (type_call would pack them into a tuple first). Only while the class keeps
// ClassBase's __new__ and __init__: with either replaced from Python, the call goes
// the generic way, through them.
static PyObject* class_vectorcall(PyObject* callable, PyObject* const* args, size_t nargsf,
                                  PyObject* kwnames) {
  auto* type = reinterpret_cast<PyTypeObject*>(callable);
  size_t nargs = PyVectorcall_NARGS(nargsf);
  if (__builtin_expect(type->tp_init != ClassBaseType.tp_init ||
                           type->tp_new != ClassBaseType.tp_new,
                       0)) {
    PyObject* tuple = PyTuple_New(static_cast<Py_ssize_t>(nargs));
    if (tuple == nullptr) return nullptr;
    for (size_t i = 0; i < nargs; i++) PyTuple_SET_ITEM(tuple, i, Py_NewRef(args[i]));
    PyObject* kwargs = nullptr;
    if (kwnames != nullptr && PyTuple_GET_SIZE(kwnames) != 0) {
      kwargs = PyDict_New();
      for (Py_ssize_t i = 0; kwargs != nullptr && i < PyTuple_GET_SIZE(kwnames); i++)
        if (PyDict_SetItem(kwargs, PyTuple_GET_ITEM(kwnames, i), args[nargs + i]) < 0)
          Py_CLEAR(kwargs);
      if (kwargs == nullptr) {
        Py_DECREF(tuple);
        return nullptr;
      }
    }
    PyObject* r = PyType_Type.tp_call(callable, tuple, kwargs);
    Py_DECREF(tuple);
    Py_XDECREF(kwargs);
    return r;
  }
  if (kwnames != nullptr && PyTuple_GET_SIZE(kwnames) != 0) {
    no_keywords(type);
    return nullptr;
  }
  PyObject* self = type->tp_new(type, empty_tuple(), nullptr);
  if (self == nullptr) return nullptr;
  PyObject* replacement = nullptr;
  if (construct(self, args, nargs, &replacement) < 0) {
    Py_DECREF(self);
    return nullptr;
  }
  if (replacement != nullptr) {
    Py_DECREF(self);
    return replacement;
  }
  return self;
}

PyObject* new_class(napi_env env, PyObject* name, napi_callback ctor, void* data) {
  const char* utf8 = PyUnicode_AsUTF8(name);
  if (utf8 == nullptr) return nullptr;
  // Before 3.12 the type keeps pointing at spec.name: it must live as long as the
  // class, so it is allocated once per class and never freed.
  // The module part keeps Python from warning that the type has no __module__.
  std::string qualified = std::string("napi_python.addon.") + (*utf8 != '\0' ? utf8 : "AnonymousClass");
  for (size_t i = sizeof("napi_python.addon.") - 1; i < qualified.size(); i++)
    if (qualified[i] == '.') qualified[i] = '_';
  char* spec_name = strdup(qualified.c_str());
  // The instances' tp_dealloc is ClassBase's own (object_dealloc, which releases the
  // type's reference of a heap type), not CPython's generic subtype_dealloc: the class
  // adds no __slots__, __dict__ or weakref list of its own for it to clear.
  PyType_Slot slots[] = {{Py_tp_dealloc, reinterpret_cast<void*>(ClassBaseType.tp_dealloc)},
                         {0, nullptr}};
  PyType_Spec spec = {spec_name, 0, 0,
                      Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, slots};  // GC is inherited
  PyObject* bases = PyTuple_Pack(1, &ClassBaseType);
  if (bases == nullptr) return nullptr;
  PyObject* type = PyType_FromSpecWithBases(&spec, bases);
  Py_DECREF(bases);
  if (type == nullptr) return nullptr;
  // Its metatype is ClassBase's (3.12 derives it from the bases; 3.10 and 3.11 make
  // every spec type a `type`, whose layout ClassType shares).
  if (Py_TYPE(type) != &ClassTypeType) Py_SET_TYPE(type, &ClassTypeType);
  PyObject* fn = new_function(env, name, ctor, data);
  if (fn == nullptr || PyObject_SetAttr(type, constructor_key, fn) < 0) {
    Py_XDECREF(fn);
    Py_DECREF(type);
    return nullptr;
  }
  Py_DECREF(fn);
  reinterpret_cast<PyTypeObject*>(type)->tp_vectorcall = class_vectorcall;
  // Immutable, as a built-in class is: CPython 3.11+ then calls `Cls(...)` through
  // tp_vectorcall without its generic call (PRECALL/CALL_BUILTIN_CLASS). Assignments
  // to the class still work: its metatype's go through type_setattr (objects.cc).
  reinterpret_cast<PyTypeObject*>(type)->tp_flags |= Py_TPFLAGS_IMMUTABLETYPE;
  return type;
}

int init_functions_types() {
  FunctionType.tp_basicsize = sizeof(FunctionObject);
  FunctionType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL;
  FunctionType.tp_doc = "A function an addon created (napi_create_function).";
  FunctionType.tp_vectorcall_offset = offsetof(FunctionObject, vectorcall);
  FunctionType.tp_call = PyVectorcall_Call;
  FunctionType.tp_dealloc = function_dealloc;
  FunctionType.tp_traverse = function_traverse;
  FunctionType.tp_clear = function_clear;
  FunctionType.tp_repr = function_repr;
  FunctionType.tp_descr_get = function_descr_get;
  FunctionType.tp_getattro = function_getattro;
  FunctionType.tp_setattro = function_setattro;
  FunctionType.tp_methods = function_methods;
  FunctionType.tp_members = function_members;
  FunctionType.tp_getset = function_getset;
  FunctionType.tp_weaklistoffset = offsetof(FunctionObject, weakreflist);
  if (PyType_Ready(&FunctionType) < 0) return -1;

  BoundFunctionType.tp_basicsize = sizeof(BoundFunctionObject);
  BoundFunctionType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL;
  BoundFunctionType.tp_vectorcall_offset = offsetof(BoundFunctionObject, vectorcall);
  BoundFunctionType.tp_call = PyVectorcall_Call;
  BoundFunctionType.tp_dealloc = bound_dealloc;
  BoundFunctionType.tp_traverse = bound_traverse;
  BoundFunctionType.tp_repr = bound_repr;
  BoundFunctionType.tp_members = bound_members;
  BoundFunctionType.tp_methods = bound_methods;
  BoundFunctionType.tp_richcompare = bound_richcompare;
  BoundFunctionType.tp_hash = bound_hash;
  BoundFunctionType.tp_getattro = bound_getattro;
  BoundFunctionType.tp_doc =
      "A JS function read as a member of an object (obj.fn): calls it with `this` = obj.";
  BoundFunctionType.tp_getset = bound_getset;
  if (PyType_Ready(&BoundFunctionType) < 0) return -1;

  MethodType.tp_basicsize = sizeof(MethodObject);
  MethodType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL |
                        Py_TPFLAGS_METHOD_DESCRIPTOR;
  MethodType.tp_doc = "A method of a class an addon defined (napi_define_class).";
  MethodType.tp_vectorcall_offset = offsetof(MethodObject, vectorcall);
  MethodType.tp_call = PyVectorcall_Call;
  MethodType.tp_dealloc = method_dealloc;
  MethodType.tp_traverse = method_traverse;
  MethodType.tp_descr_get = method_descr_get;
  MethodType.tp_repr = method_repr;
  MethodType.tp_methods = method_methods;
  MethodType.tp_members = method_members;
  MethodType.tp_getset = method_getset;
  if (PyType_Ready(&MethodType) < 0) return -1;

  constructor_key = PyUnicode_InternFromString("__napi_constructor__");
  return constructor_key != nullptr ? 0 : -1;
}

}  // namespace napi_python

// ===========================================================================
// The napi_* functions of this room.
// ===========================================================================
using namespace napi_python;

NAPI_EXPORT napi_status napi_create_function(napi_env env, const char* utf8name, size_t length,
                                             napi_callback cb, void* data, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  NAPI_CHECK_ARG(env, cb);
  PyObject* name = name_from_utf8(utf8name, length);
  if (name == nullptr) return take_python_error(env);
  PyObject* f = new_function(env, name, cb, data);
  Py_DECREF(name);
  if (f == nullptr) return take_python_error(env);
  *result = own(f);
  return clear_last_error(env);
}

NAPI_EXPORT NAPI_NO_VECTORIZE napi_status napi_get_cb_info(napi_env env,
                                                           napi_callback_info cbinfo, size_t* argc,
                                         napi_value* argv, napi_value* this_arg, void** data) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, cbinfo);
  if (argv != nullptr) NAPI_CHECK_ARG(env, argc);
  // Locals, not cbinfo->...: the core is built with -fno-strict-aliasing, so every
  // store into argv would otherwise reload them (this runs on every call). The
  // scalar outputs first, the copy last: fewer values live across the loops, and the
  // function needs no stack frame.
  if (this_arg != nullptr) {
    // A Node-API function is a sloppy-mode function: called with `this` undefined or
    // null (an export called from Python, `const f = obj.fn; f()`), it gets the global
    // object, as in Node.
    PyObject* t = cbinfo->this_arg;
    if (__builtin_expect(t == Py_None || t == NAPI_PY_NULL, 0) && python_types.global != nullptr)
      t = python_types.global;
    *this_arg = js(t);
  }
  if (data != nullptr) *data = cbinfo->data;
  const size_t have = cbinfo->argc;
  PyObject* const* args = cbinfo->args;
  const size_t want = argv != nullptr ? *argc : 0;
  if (argc != nullptr) *argc = have;
  clear_last_error(env);
  // Plain loops (NAPI_NO_VECTORIZE): argc is a handful, and a vectorized copy costs
  // more than it saves.
  // A bound function (`obj.fn`) passed as an argument is the function itself, as in
  // JS: the addon sees the same function it stored (strict-equal); the binding is
  // only Python's spelling of the call `obj.fn(x)`. (The function lives as long as
  // the argument that holds it.) One comparison per argument; a class's
  // `Cls.method` (rarer as an argument) is unwrapped when called instead
  // (call_js_function).
  const size_t n = want < have ? want : have;
  for (size_t i = 0; i < n; i++) {
    PyObject* a = args[i];
    if (__builtin_expect(Py_TYPE(a) == &BoundFunctionType, 0))
      a = reinterpret_cast<PyObject*>(reinterpret_cast<BoundFunctionObject*>(a)->func);
    argv[i] = js(a);
  }
  for (size_t i = n; i < want; i++) argv[i] = js(Py_None);
  return napi_ok;
}

NAPI_EXPORT napi_status napi_get_new_target(napi_env env, napi_callback_info cbinfo,
                                            napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, cbinfo);
  NAPI_CHECK_ARG(env, result);
  *result = js(cbinfo->new_target);  // NULL when not a construct call, as in Node
  return clear_last_error(env);
}

// A daemon thread that wants the GIL back while the interpreter finalizes is ended
// by CPython (before 3.14) with pthread_exit, whose forced unwind runs through every
// frame on the thread's stack: through an addon's, that is std::terminate in
// node-addon-api's noexcept wrappers and an abort in Rust's extern "C" functions,
// and no addon expects its frames unwound. Where an addon calls Python (the calls
// below), the unwind stops: the thread sleeps until the process ends, as Python 3.14
// leaves every such thread. Costs nothing until it unwinds (zero-cost exceptions).
// (Not noreturn, not even as the compiler could infer it: ASan precedes a call to a
// noreturn function with an unpoisoning of the thread's stacks, which fails on a
// thread that pthread_exit is unwinding.)
static volatile bool g_keep_parked = true;
[[gnu::cold, gnu::noinline]] static void park_exiting_thread() {
  while (g_keep_parked) pause();
}

static inline bool interpreter_finalizing() {
#if PY_VERSION_HEX >= 0x030D0000
  return Py_IsFinalizing();
#else
  return _Py_IsFinalizing();
#endif
}

// A thread other than the exiting one that comes back from Python into the addon
// once the exit's teardown has begun (the addon called Python before, and the
// teardown ran meanwhile: its cleanup hooks may have freed what the addon goes on
// using) sleeps there, as it would at its next Node-API call (env.h,
// close_envs_for_teardown); the test is the env checks' own.
template <class Fn>
[[gnu::always_inline]] static inline PyObject* calling_python(napi_env env, Fn&& fn) {
  PyObject* r;
  try {
    r = fn();
  } catch (...) {  // (abi::__forced_unwind, caught without binding its null object)
    if (interpreter_finalizing()) park_exiting_thread();
    throw;  // another pthread_exit / cancellation: not ours to stop
  }
  if (__builtin_expect(env->in_gc_finalizer, 0) && !tls_tears_down) park_in_closed_env();
  return r;
}

NAPI_EXPORT napi_status napi_call_function(napi_env env, napi_value recv, napi_value func,
                                           size_t argc, const napi_value* argv,
                                           napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, recv);
  if (argc > 0) NAPI_CHECK_ARG(env, argv);
  NAPI_CHECK_ARG(env, func);
  if (!PyCallable_Check(py(func))) return set_last_error(env, napi_invalid_arg);  // as Node
  PyObject* r = calling_python(env, [&] {
    return call_js_function(py(func), py(recv), reinterpret_cast<PyObject* const*>(argv), argc);
  });
  if (r == nullptr) return take_python_error(env);
  if (result != nullptr)
    *result = own(r);
  else
    Py_DECREF(r);
  return clear_last_error(env);
}

// `new f()` on a plain function (napi_create_function): a fresh object is `this`; an
// object the function returns replaces it. A new reference, or NULL + exception.
static PyObject* construct_plain_function(PyObject* cons, PyObject* const* args, size_t argc) {
  auto* f = reinterpret_cast<FunctionObject*>(cons);
  PyObject* self = PyObject_CallNoArgs(reinterpret_cast<PyObject*>(&ObjectType));
  if (self == nullptr) return nullptr;
  PyObject* r = invoke_callback(f->env, f->cb, f->data, self, args, argc, cons);
  if (r == nullptr) {
    Py_DECREF(self);
    return nullptr;
  }
  napi_valuetype t = js_typeof(r);
  if (t == napi_object || t == napi_function) {
    Py_DECREF(self);
    return r;
  }
  Py_DECREF(r);
  return self;
}

NAPI_EXPORT napi_status napi_new_instance(napi_env env, napi_value constructor, size_t argc,
                                          const napi_value* argv, napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, constructor);
  if (argc > 0) NAPI_CHECK_ARG(env, argv);
  NAPI_CHECK_ARG(env, result);
  PyObject* cons = py(constructor);
  if (!PyCallable_Check(cons)) return set_last_error(env, napi_invalid_arg);  // as Node
  auto* args = reinterpret_cast<PyObject* const*>(argv);
  PyObject* r;
  if (Py_TYPE(cons) == &FunctionType) {
    r = construct_plain_function(cons, args, argc);
  } else {
    r = calling_python(env, [&] { return PyObject_Vectorcall(cons, args, argc, nullptr); });
  }
  if (r == nullptr) return take_python_error(env);
  *result = own(r);
  return clear_last_error(env);
}

// Reflect.construct(cons, args) (_globals.py): what napi_new_instance makes, from
// Python; a new reference, or NULL + exception.
NAPI_EXPORT PyObject* napi_python_js_construct(PyObject* cons, PyObject* args) {
  if (!PyTuple_Check(args) || !PyCallable_Check(cons)) {
    PyErr_SetString(PyExc_TypeError, "_js_construct(cons, args): a callable and a tuple");
    return nullptr;
  }
  PyObject* const* argv = &PyTuple_GET_ITEM(args, 0);
  size_t argc = static_cast<size_t>(PyTuple_GET_SIZE(args));
  if (Py_TYPE(cons) == &FunctionType) return construct_plain_function(cons, argv, argc);
  return PyObject_Vectorcall(cons, argv, argc, nullptr);
}
