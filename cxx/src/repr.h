// repr() of JS values, written in Python (napi_python/_repr.py) because it is no
// hot path and bounding it (length, depth, cycles, throwing getters) is easier there.
#pragma once

#include <Python.h>

namespace napi_python {

// Calls napi_python._repr.<function>(self). If that module cannot be used (the
// interpreter is shutting down), falls back to "<type object at 0x...>".
PyObject* python_repr(const char* function, PyObject* self);

}  // namespace napi_python
