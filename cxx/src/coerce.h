// Coercions (coerce.cc): JS ToString / ToNumber / ToBoolean of any value (objects
// go through ToPrimitive: Symbol.toPrimitive, toString, valueOf), and the
// napi_coerce_* functions.
#pragma once

#include "env.h"

namespace napi_python {

PyObject* js_to_string(PyObject* v);  // new ref or NULL
// str() of a JS object: String(x) when x has a toString / Symbol.toPrimitive of its
// own, else its repr (Object's tp_str).
PyObject* js_object_str(PyObject* v);
int js_to_number(PyObject* v, double* out);  // -1 error
bool js_truthy(PyObject* v);
// JS ToBigInt: a new reference to the int, or NULL with a JS error set.
PyObject* js_to_bigint(PyObject* v);
// A string as JS's StringToBigInt reads it; NULL without an exception when it is none.
PyObject* string_to_bigint(PyObject* str);
// ToObject of a primitive (number, string, boolean, bigint, symbol): a wrapper
// object, as napi_coerce_to_object makes. New reference, or NULL with an error.
PyObject* box_primitive(PyObject* v);


}  // namespace napi_python
