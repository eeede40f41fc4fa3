// RAII for the paths that are not hot (pyarrow's OwnedRef shape): an owned Python
// reference, and a guard that keeps the exception being raised across cleanup work.
// With them a function that builds something in several steps (napi_define_class)
// returns from any step without a hand-written cleanup ladder.
//
// Not for the hot paths (napi_get_value_*, napi_create_*, property reads, unwrap,
// function calls): their reference handling stays explicit, counted instruction by
// instruction.
//
// Thread affinity: the GIL is held wherever one of these lives (they are locals of
// code that runs with it; none is static, so no destructor runs after finalization).
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

namespace napi_python {

// An owned reference (or NULL), released when it goes out of scope.
class OwnedRef {
 public:
  OwnedRef() = default;
  explicit OwnedRef(PyObject* obj) : obj_(obj) {}  // steals `obj`
  OwnedRef(OwnedRef&& other) noexcept : obj_(other.release()) {}
  OwnedRef& operator=(OwnedRef&& other) noexcept {
    reset(other.release());
    return *this;
  }
  OwnedRef(const OwnedRef&) = delete;
  OwnedRef& operator=(const OwnedRef&) = delete;
  ~OwnedRef() { Py_XDECREF(obj_); }

  PyObject* get() const { return obj_; }
  explicit operator bool() const { return obj_ != nullptr; }
  // Gives the reference away (to a caller, a handle, a container that steals).
  PyObject* release() {
    PyObject* obj = obj_;
    obj_ = nullptr;
    return obj;
  }
  // Takes `obj` (stolen) in place of what it held, which is released after.
  void reset(PyObject* obj = nullptr) {
    PyObject* old = obj_;
    obj_ = obj;
    Py_XDECREF(old);
  }

 private:
  PyObject* obj_ = nullptr;
};

// Keeps the exception being raised (if any) aside while work that may raise and
// clear its own runs (finalizers, deferred reference operations, a warning from a
// deallocation), and puts it back at the end of the scope.
class SavedError {
 public:
  // (Most often nothing is being raised: then nothing to fetch, nor to restore;
  // an error the guarded work left set is cleared either way.)
  SavedError() {
    if (PyErr_Occurred() != nullptr) PyErr_Fetch(&type_, &value_, &traceback_);
  }
  ~SavedError() {
    if (type_ != nullptr)
      PyErr_Restore(type_, value_, traceback_);
    else if (PyErr_Occurred() != nullptr)
      PyErr_Clear();
  }
  SavedError(const SavedError&) = delete;
  SavedError& operator=(const SavedError&) = delete;

 private:
  PyObject* type_ = nullptr;
  PyObject* value_ = nullptr;
  PyObject* traceback_ = nullptr;
};

}  // namespace napi_python
