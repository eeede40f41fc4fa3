// Classes: napi_define_class. A class is a Python type (a ClassBase subclass, made
// by new_class in functions.cc with the addon's constructor); its prototype members
// (methods, accessors, values) go in the type dict, its statics on the class itself
// (objects.cc's property rules: symbol-keyed members, static values, accessors).
#include "functions.h"
#include "objects.h"
#include "types.h"
#include "values.h"

#include <climits>

using namespace napi_python;

NAPI_EXPORT napi_status napi_define_class(napi_env env, const char* utf8name, size_t length,
                                          napi_callback constructor, void* data,
                                          size_t property_count,
                                          const napi_property_descriptor* properties,
                                          napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  NAPI_CHECK_ARG(env, constructor);
  if (property_count > 0) NAPI_CHECK_ARG(env, properties);
  NAPI_CHECK_ARG(env, utf8name);  // a class has a name (Node: napi_invalid_arg)
  if (length != NAPI_AUTO_LENGTH && length > INT_MAX) return set_last_error(env, napi_invalid_arg);
  // Every descriptor is checked before anything is built.
  for (size_t i = 0; i < property_count; i++) {
    const napi_property_descriptor& d = properties[i];
    if (d.utf8name == nullptr && d.name == nullptr) return set_last_error(env, napi_name_expected);
    if (d.utf8name == nullptr && js_typeof(py(d.name)) != napi_string &&
        js_typeof(py(d.name)) != napi_symbol)
      return set_last_error(env, napi_name_expected);
  }
  PyObject* name = name_from_utf8(utf8name, length);
  if (name == nullptr) return take_python_error(env);
  PyObject* type = new_class(env, name, constructor, data);
  Py_DECREF(name);
  if (type == nullptr) return take_python_error(env);
  PyObject* type_dict = reinterpret_cast<PyTypeObject*>(type)->tp_dict;
  // The attributes of the prototype members, for napi_get_all_property_names.
  PyObject* member_attributes = PyDict_New();
  if (member_attributes == nullptr ||
      PyDict_SetItem(type_dict, member_attributes_key(), member_attributes) < 0) {
    Py_XDECREF(member_attributes);
    Py_DECREF(type);
    return take_python_error(env);
  }
  Py_DECREF(member_attributes);  // the type dict holds it
  for (size_t i = 0; i < property_count; i++) {
    const napi_property_descriptor& d = properties[i];
    PyObject* key = property_key(d);
    PyObject* fname = key ? function_name_for_key(key) : nullptr;
    if (fname == nullptr) {
      Py_XDECREF(key);
      Py_DECREF(type);
      return take_python_error(env);
    }
    PyObject* member = nullptr;
    bool is_static = (d.attributes & napi_static) != 0;
    if (!is_static) {
      PyObject* attrs = PyLong_FromLong(d.attributes & 7);
      if (attrs == nullptr || PyDict_SetItem(member_attributes, key, attrs) < 0) {
        Py_XDECREF(attrs);
        Py_DECREF(key);
        Py_DECREF(fname);
        Py_DECREF(type);
        return take_python_error(env);
      }
      Py_DECREF(attrs);
    }
    if (d.getter != nullptr || d.setter != nullptr) {
      PyObject* getter = d.getter ? new_function(env, fname, d.getter, d.data) : nullptr;
      PyObject* setter = d.setter ? new_function(env, fname, d.setter, d.data) : nullptr;
      if ((d.getter && !getter) || (d.setter && !setter)) {
        member = nullptr;
      } else {
        if (!is_static) {  // instance accessors check their receiver
          if (getter) reinterpret_cast<FunctionObject*>(getter)->holder = Py_NewRef(type);
          if (setter) reinterpret_cast<FunctionObject*>(setter)->holder = Py_NewRef(type);
        }
        member = new_accessor(fname, getter, setter);
        if (member != nullptr) reinterpret_cast<AccessorObject*>(member)->is_static = is_static;
      }
      Py_XDECREF(getter);
      Py_XDECREF(setter);
    } else if (d.method != nullptr) {
      member = new_function(env, fname, d.method, d.data);
      if (member != nullptr && is_static) {
        reinterpret_cast<FunctionObject*>(member)->is_static = true;
      } else if (member != nullptr) {
        reinterpret_cast<FunctionObject*>(member)->holder = Py_NewRef(type);
        PyObject* method = new_method(member);
        Py_SETREF(member, method);
      }
    } else {
      member = Py_NewRef(d.value != nullptr ? py(d.value) : Py_None);
      // A function given as a static value (node-addon-api's StaticMethod makes its
      // function itself): `Class.f()` calls it with `this` = the class, as in JS.
      if (is_static && Py_TYPE(member) == &FunctionType)
        reinterpret_cast<FunctionObject*>(member)->is_static = true;
    }
    int rc;
    if (member == nullptr) {
      rc = -1;
    } else if (PyUnicode_Check(key)) {
      // A static value is wrapped so that instances do not see it (static_member).
      if (is_static && Py_TYPE(member) != &AccessorType) Py_SETREF(member, static_member(member, key));
      rc = member != nullptr ? PyDict_SetItem(type_dict, key, member) : -1;
    } else if (!is_static) {  // a symbol key: type dicts keep str keys only
      rc = class_add_symbol_member(type, key, member);
    } else if (Py_TYPE(member) == &AccessorType) {
      auto* a = reinterpret_cast<AccessorObject*>(member);
      rc = js_define(type, key, nullptr, a->getter, a->setter, d.attributes);
    } else {
      rc = js_define(type, key, member, nullptr, nullptr, d.attributes);
    }
    Py_XDECREF(member);
    Py_DECREF(key);
    Py_DECREF(fname);
    if (rc < 0) {
      Py_DECREF(type);
      return take_python_error(env);
    }
  }
  PyType_Modified(reinterpret_cast<PyTypeObject*>(type));
  *result = own(type);
  return clear_last_error(env);
}
