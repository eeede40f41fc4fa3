// Values (values.cc): napi_typeof, the primitives (undefined, null, booleans,
// numbers, strings, bigints, dates, symbols) and the JS coercions.
#pragma once

#include "env.h"

namespace napi_python {

// napi_typeof of a Python object.
napi_valuetype js_typeof(PyObject* v);

// JS ToString / ToNumber / ToBoolean of a value (coercions).
PyObject* js_to_string(PyObject* v);  // new ref or NULL
int js_to_number(PyObject* v, double* out);  // -1 error
bool js_truthy(PyObject* v);

// A property or function name from an addon's (utf8, length) pair:
// NAPI_AUTO_LENGTH means NUL-terminated. New reference, or NULL with an error.
PyObject* name_from_utf8(const char* utf8name, size_t length);

// Adds _js_to_string and _js_join (for napi_python/_globals.py) to a dict.
int add_value_functions(PyObject* d);

}  // namespace napi_python
