// Values (values.cc): napi_typeof, the primitives (undefined, null, booleans,
// numbers, strings, bigints, dates, symbols), equality and instanceof. Calls nothing
// in objects.cc, functions.cc or coerce.cc (the coercions, which do).
#pragma once

#include "env.h"

namespace napi_python {

// napi_typeof of a Python object.
napi_valuetype js_typeof(PyObject* v);

// A JS Date (a datetime.datetime or a napi_python.Date), and its time value in ms
// since the epoch (0, or -1 with an error).
bool is_js_date(PyObject* v);
int date_time_value(PyObject* v, double* out);

// A property or function name from an addon's (utf8, length) pair:
// NAPI_AUTO_LENGTH means NUL-terminated. New reference, or NULL with an error.
PyObject* name_from_utf8(const char* utf8name, size_t length);

}  // namespace napi_python
