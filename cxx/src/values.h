// Values (values.cc): napi_typeof, the primitives (undefined, null, booleans,
// numbers, strings, bigints, dates, symbols), equality and instanceof. Calls nothing
// in objects.cc, functions.cc or coerce.cc (the coercions, which do).
#pragma once

#include "env.h"

namespace napi_python {

// napi_typeof of a Python object.
napi_valuetype js_typeof(PyObject* v);

// numpy scalars (docs/values.rst, "numpy scalars"): the one rule for what a numpy
// scalar that is no int, float or bool subclass is for an addon. A numpy integer
// is the Python int of its value (so a number within +/-2^53, else a BigInt), a
// numpy floating scalar the float of its value (float16, float32, longdouble: the
// nearest double), numpy.bool_ the bool; every other numpy scalar (complex,
// datetime64, timedelta64, ...) and a numpy array stays what it was.
// numpy_scalar_value: 1 and that int/float/bool in *out (new reference); 0 for any
// other value (numpy not loaded included); -1 with an error. Only for slow paths:
// call it where a value is found to be none of str, int, float, bool.
int numpy_scalar_value(PyObject* v, PyObject** out);
// Whether numpy_scalar_value would convert `v` (1).
bool is_numpy_scalar(PyObject* v);
// `v`, or the int/float/bool a numpy scalar stands for: new reference, NULL with an
// error.
PyObject* as_primitive(PyObject* v);

// A JS Date (a datetime.datetime or a napi_python.Date), and its time value in ms
// since the epoch (0, or -1 with an error).
bool is_js_date(PyObject* v);
int date_time_value(PyObject* v, double* out);

// A property or function name from an addon's (utf8, length) pair:
// NAPI_AUTO_LENGTH means NUL-terminated. New reference, or NULL with an error.
PyObject* name_from_utf8(const char* utf8name, size_t length);

}  // namespace napi_python
