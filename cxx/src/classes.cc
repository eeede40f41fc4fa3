// Classes: napi_define_class. A class is a Python type (a ClassBase subclass, made
// by new_class in functions.cc with the addon's constructor); its prototype members
// (methods, accessors, values) go in the type dict, its statics on the class itself
// (objects.cc's property rules: symbol-keyed members, static values, accessors).
#include "functions.h"
#include "objects.h"
#include "owned.h"
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
  OwnedRef type;
  {
    OwnedRef name(name_from_utf8(utf8name, length));
    if (!name) return take_python_error(env);
    type.reset(new_class(env, name.get(), constructor, data));
    if (!type) return take_python_error(env);
  }
  PyObject* type_dict = reinterpret_cast<PyTypeObject*>(type.get())->tp_dict;
  // The attributes of the prototype members, for napi_get_all_property_names (the
  // type dict holds the dict: `member_attributes` is borrowed from there on).
  PyObject* member_attributes;
  {
    OwnedRef attributes(PyDict_New());
    if (!attributes || PyDict_SetItem(type_dict, member_attributes_key(), attributes.get()) < 0)
      return take_python_error(env);
    member_attributes = attributes.get();
  }
  for (size_t i = 0; i < property_count; i++) {
    const napi_property_descriptor& d = properties[i];
    OwnedRef key(property_key(d));
    OwnedRef fname(key ? function_name_for_key(key.get()) : nullptr);
    if (!fname) return take_python_error(env);
    bool is_static = (d.attributes & napi_static) != 0;
    if (!is_static || PyUnicode_Check(key.get())) {
      // Prototype members and string-keyed statics (a symbol-keyed static's
      // PropertySlot carries its attributes).
      PyObject* target = is_static ? type_side_dict(type.get(), static_attributes_key(), true)
                                   : member_attributes;
      if (target == nullptr) return take_python_error(env);
      OwnedRef attrs(PyLong_FromLong(d.attributes & 7));
      if (!attrs || PyDict_SetItem(target, key.get(), attrs.get()) < 0)
        return take_python_error(env);
    }
    OwnedRef member;
    // Node names a class's string-keyed prototype methods only: its accessors, statics
    // (napi_define_properties on the constructor) and symbol-keyed methods have `name`
    // "" in JS (their key's in Python).
    if (d.getter != nullptr || d.setter != nullptr) {
      OwnedRef getter(d.getter ? new_function(env, fname.get(), d.getter, d.data, false) : nullptr);
      OwnedRef setter(d.setter ? new_function(env, fname.get(), d.setter, d.data, false) : nullptr);
      if ((d.getter && !getter) || (d.setter && !setter)) return take_python_error(env);
      if (!is_static) {  // instance accessors check their receiver
        if (getter) reinterpret_cast<FunctionObject*>(getter.get())->holder = Py_NewRef(type.get());
        if (setter) reinterpret_cast<FunctionObject*>(setter.get())->holder = Py_NewRef(type.get());
      }
      member.reset(new_accessor(fname.get(), getter.get(), setter.get()));
      if (member) reinterpret_cast<AccessorObject*>(member.get())->is_static = is_static;
    } else if (d.method != nullptr) {
      member.reset(new_function(env, fname.get(), d.method, d.data,
                                !is_static && PyUnicode_Check(key.get())));
      if (member && is_static) {
        reinterpret_cast<FunctionObject*>(member.get())->is_static = true;
      } else if (member) {
        reinterpret_cast<FunctionObject*>(member.get())->holder = Py_NewRef(type.get());
        member.reset(new_method(member.get()));
      }
    } else {
      member.reset(Py_NewRef(d.value != nullptr ? py(d.value) : Py_None));
      // A function given as a static value (node-addon-api's StaticMethod makes its
      // function itself): `Class.f()` calls it with `this` = the class, as in JS.
      if (is_static && Py_TYPE(member.get()) == &FunctionType)
        reinterpret_cast<FunctionObject*>(member.get())->is_static = true;
    }
    if (!member) return take_python_error(env);
    int rc;
    if (PyUnicode_Check(key.get())) {
      // A static value is wrapped so that instances do not see it (static_member).
      if (is_static && Py_TYPE(member.get()) != &AccessorType)
        member.reset(static_member(member.get(), key.get()));
      rc = member ? PyDict_SetItem(type_dict, key.get(), member.get()) : -1;
    } else if (!is_static) {  // a symbol key: type dicts keep str keys only
      rc = class_add_symbol_member(type.get(), key.get(), member.get());
    } else if (Py_TYPE(member.get()) == &AccessorType) {
      auto* a = reinterpret_cast<AccessorObject*>(member.get());
      rc = js_define(type.get(), key.get(), nullptr, a->getter, a->setter, d.attributes);
    } else {
      rc = js_define(type.get(), key.get(), member.get(), nullptr, nullptr, d.attributes);
    }
    if (rc < 0) return take_python_error(env);
  }
  PyType_Modified(reinterpret_cast<PyTypeObject*>(type.get()));
  *result = own(type.release());
  return clear_last_error(env);
}
