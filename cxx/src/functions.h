// Functions (functions.cc): the Function, BoundFunction and Method types,
// the calls into an addon's callbacks, and napi_create_function, napi_call_function,
// napi_get_cb_info, napi_new_instance.
#pragma once

#include "types.h"

namespace napi_python {

// Readies the types of this room (called by init_types).
int init_functions_types();

// Makes a Function object (new reference). `name` is its name in Python; in JS too
// unless js_named is false (its JS `name` is then "", as Node gives it to the
// functions of napi_define_properties...: FunctionObject::js_anonymous).
PyObject* new_function(napi_env env, PyObject* name, napi_callback cb, void* data,
                       bool js_named = true);
// A NULL-named function (napi_create_function) just became the property `key` of an
// object: Python's name becomes the key, JS's stays "". One type comparison else.
void name_anonymous_function(PyObject* value, PyObject* key);
inline void note_function_key(PyObject* value, PyObject* key) {
  if (Py_TYPE(value) == &FunctionType) name_anonymous_function(value, key);
}

// Calls a JS function (ours, a class method, or any Python callable) with `this`.
// New reference, or NULL with an error.
PyObject* call_js_function(PyObject* func, PyObject* this_arg, PyObject* const* args,
                           size_t nargs);
// JS `length` of a Python callable: the positional parameters without a default of
// a Python function or bound method (with_this: less the `this` it takes first; a
// class: its Python __init__'s, less self), as JS counts the parameters before the
// first default or rest one; 0 for any other callable (a builtin, a class without a
// Python __init__, an object with __call__).
Py_ssize_t python_callable_length(PyObject* callable);
// An accessor's getter or setter, called with `this` = self.
PyObject* invoke_getter(PyObject* getter, PyObject* self);   // new ref or NULL
int invoke_setter(PyObject* setter, PyObject* self, PyObject* value);  // -1 on error

// `obj.fn` from Python: a Function bound to `self` (new reference; steals `value`);
// any other value is returned as it is (JS null as None).
PyObject* bind_member_steal(PyObject* value, PyObject* self);
// bind_member_steal, and a JS function written in Python that takes `this` (with_this,
// a builtin such as Object.prototype.hasOwnProperty) bound to `self` too: for values
// read along a prototype chain or from a function's properties, off the hot
// own-property path of plain objects and instances.
PyObject* bind_js_method_steal(PyObject* value, PyObject* self);

// A Function just became an own property of an instance of a class made by
// napi_define_class (or of a Python subclass): from now on that type's attribute
// lookup binds function-valued own properties. Costs one type comparison when
// `value` is not a Function.
void bind_own_functions_of(PyTypeObject* tp);
inline void note_own_property(PyObject* obj, PyObject* value) {
  if (Py_TYPE(value) == &FunctionType && Py_TYPE(obj)->tp_getattro == PyObject_GenericGetAttr)
    bind_own_functions_of(Py_TYPE(obj));
}
// An accessor just became an own property of an object: for an instance of a class,
// from now on its type's attribute lookup calls own getters (class_getattro_binding).
inline void note_own_accessor(PyObject* obj) {
  if (Py_TYPE(obj)->tp_getattro == PyObject_GenericGetAttr) bind_own_functions_of(Py_TYPE(obj));
}

// Classes: a new class type (a ClassBase subclass whose constructor is `ctor`), a
// prototype method's descriptor for its type dict (new references), and ClassBase's
// tp_init (runs the addon's constructor).
PyObject* new_class(napi_env env, PyObject* name, napi_callback ctor, void* data);
PyObject* new_method(PyObject* func);
int class_init(PyObject* self, PyObject* args, PyObject* kwargs);

}  // namespace napi_python
