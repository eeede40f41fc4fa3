#include "repr.h"

namespace napi_python {

PyObject* python_repr(const char* function, PyObject* self) {
  static PyObject* module = nullptr;  // napi_python._repr, imported on first repr
  if (module == nullptr) module = PyImport_ImportModule("napi_python._repr");
  PyObject* r = module ? PyObject_CallMethod(module, function, "O", self) : nullptr;
  if (r == nullptr && module == nullptr) {
    PyErr_Clear();
    return PyUnicode_FromFormat("<%s object at %p>", Py_TYPE(self)->tp_name, self);
  }
  return r;
}

}  // namespace napi_python
