// Objects (objects.cc): property access with JS semantics over every receiver kind
// (our Object and class instances, classes, functions, arrays, Python objects),
// and the napi_* object and property functions; the Python types of JS objects
// (Object, ClassBase, Accessor), whose slots call these rules, are object_types.cc's.
#pragma once

#include "env.h"

namespace napi_python {

// Property access with JS semantics. Keys are Python objects: str, int (array
// index), or Symbol. Return new references / -1 on error.
PyObject* js_get(PyObject* obj, PyObject* key);              // NULL + exception on error
// js_set: 1 written, 0 refused (read-only, non-extensible...), -1 on error; -2 on
// the error of an invalid array length, which V8's Set reports as a completed
// write with the RangeError pending (so Node's napi_set_property answers
// napi_pending_exception there, napi_generic_failure for any other exception).
int js_set(PyObject* obj, PyObject* key, PyObject* value);
// Whether `key` is an accessor without a setter on obj (own or inherited), for the
// message of a refused write; never fails.
bool js_getter_only(PyObject* obj, PyObject* key);
int js_has(PyObject* obj, PyObject* key, bool own_only);     // 1/0/-1
// After Python's attribute lookup on `self` raised AttributeError (still pending):
// what JS reads for `name` along self's prototype chain, bound to self as `obj.fn`
// binds; the AttributeError stays when JS finds nothing.
PyObject* js_getattr_after_miss(PyObject* self, PyObject* name);
int js_delete(PyObject* obj, PyObject* key);                 // 1 ok, 0 refused, -1 error
// 0 defined, 1 refused (non-configurable, frozen...: no exception), -1 error.
// Makes the builtins of the global object non-enumerable, as Node's (module init).
int hide_global_builtins(PyObject* global);
int js_define(PyObject* obj, PyObject* key, PyObject* value, PyObject* getter,
              PyObject* setter, int attributes);

// JS [[SetPrototypeOf]] where napi-python can keep another prototype (a plain object,
// a class instance, a class and its prototype object); 0, or -1 with a JSTypeError.
int js_set_prototype(PyObject* obj, PyObject* proto);

// Own property of an Object-family value: the dict, then slots (accessors run).
// New reference; NULL without an error when absent.
PyObject* object_own_get(PyObject* self, PyObject* key);

// Readies the Object, ClassBase and Accessor types (called by init_types, which
// gives ClassBase's tp_init: functions.cc's class_init, the constructor call).
int init_object_types(initproc class_constructor);

// A new empty napi_python.Object (new reference).
PyObject* new_object();
// () (borrowed): the arguments of a tp_new called without any.
PyObject* empty_tuple();

// The key of a property descriptor: utf8name, else name (a string or symbol).
PyObject* property_key(const napi_property_descriptor& d);
// The name of a method or accessor function: the key, or "[description]" for a
// symbol key, as JS names them.
PyObject* function_name_for_key(PyObject* key);

// Classes (napi_define_class): a symbol-keyed member of a class's prototype, a
// static data member wrapped so that instances do not see it, and an accessor
// declared for instances (a data descriptor in the type dict). New references.
int class_add_symbol_member(PyObject* type, PyObject* key, PyObject* member);
PyObject* static_member(PyObject* value, PyObject* name);
// ClassType's tp_setattro: `Cls.x = v` / `del Cls.x` from Python on a static (objects.cc).
int class_type_setattro(PyObject* cls, PyObject* name, PyObject* value);
// type's own attribute assignment, also on a class made immutable (objects.cc).
int type_setattr(PyObject* cls, PyObject* key, PyObject* value);
// ClassType's mp_subscript / mp_ass_subscript: `Cls[key]` with a str or Symbol key
// reads (writes, deletes) the class's own property as JS does; other keys keep
// dict's __class_getitem__ (objects.cc).
PyObject* class_type_subscript(PyObject* cls, PyObject* key);
int class_type_ass_subscript(PyObject* cls, PyObject* key, PyObject* value);
int class_type_contains(PyObject* cls, PyObject* key);
// `Cls.prototype` (a non-data descriptor in ClassType's dict; objects.cc).
int install_class_prototype_attribute(PyTypeObject* metatype);
PyObject* new_accessor(PyObject* name, PyObject* getter, PyObject* setter);

// "__napi_member_attributes__": the key, in a class's type dict, of the dict
// {member name: napi_property_attributes} of its prototype members.
PyObject* member_attributes_key();
// "__napi_static_attributes__": likewise {static name: attributes} of the class's own
// string-keyed properties (statics), in definition order (napi_get_all_property_names).
PyObject* static_attributes_key();
// The dict `key` of a type dict (borrowed), created when `create`; NULL when absent
// (or with an error set).
PyObject* type_side_dict(PyObject* type, PyObject* key, bool create);
// A function's own property as its props dict stores it (a value, or a PropertySlot
// for an accessor or a property with other than the default attributes): the value,
// an accessor's getter called with `this` = fn. New reference.
PyObject* function_prop_value(PyObject* fn, PyObject* stored);

}  // namespace napi_python
