// Binary data: ArrayBuffer, the typed arrays, DataView and Buffer (issue #3).
//
//   napi_python.ArrayBuffer   memory: owned (calloc), external (the addon's, with a
//                             finalizer) or borrowed (a pinned Python buffer)
//   napi_python.<X>Array      a typed view on an ArrayBuffer (12 element types)
//   napi_python.Buffer        Node's Buffer: a Uint8Array
//   napi_python.DataView      an untyped view
//
// Each supports the buffer protocol with its element format, so memoryview, bytes
// and numpy share the memory. Python objects with the buffer protocol (bytes,
// bytearray, memoryview, array.array, numpy arrays) are typed arrays for an addon
// too: it gets their own memory, pinned (exported) while it can reach it.
#pragma once

#include "types.h"

namespace napi_python {

struct ArrayBufferObject {
  PyObject_HEAD
  char* data;
  Py_ssize_t byte_length;
  enum Kind : uint8_t { kOwned, kExternal, kBorrowed } kind;
  bool detached;
  bool readonly;
  Py_ssize_t exports;     // live Python buffer exports (memoryviews, numpy arrays...)
  Py_buffer borrowed;     // kBorrowed: the pinned view of the Python object
  PyObject* weakreflist;
  NativeState* native;    // kExternal: its finalizer; also wrap/tags
  PyObject* dict;         // named properties an addon set (tp_dictoffset), or NULL
};

struct TypedArrayObject {
  PyObject_HEAD
  ArrayBufferObject* buffer;  // owned
  Py_ssize_t byte_offset;
  Py_ssize_t length;          // elements (0 once the buffer is detached)
  Py_ssize_t itemsize;
  napi_typedarray_type type;
  PyObject* weakreflist;
  NativeState* native;
  PyObject* dict;             // named properties (tp_dictoffset), or NULL
};

struct DataViewObject {
  PyObject_HEAD
  ArrayBufferObject* buffer;  // owned
  Py_ssize_t byte_offset;
  Py_ssize_t byte_length;
  PyObject* weakreflist;
  NativeState* native;
  PyObject* dict;             // named properties (tp_dictoffset), or NULL
};

extern PyTypeObject ArrayBufferType;
extern PyTypeObject TypedArrayType;  // the abstract base
extern PyTypeObject DataViewType;
extern PyTypeObject* BufferTypePtr;  // napi_python.Buffer (a Uint8Array)

inline bool is_arraybuffer(PyObject* o) { return Py_TYPE(o) == &ArrayBufferType; }
// A typed array (any element type, Buffer, or a Python subclass of one). Decided from
// the type's tp_base for every type but deep subclasses: a type whose base is `object`
// (bytes, bytearray, memoryview, numpy arrays...) cannot derive from a typed array,
// since CPython's base is the one with the largest instance layout among the bases.
inline bool is_typedarray(PyObject* o) {
  PyTypeObject* tp = Py_TYPE(o);
  PyTypeObject* base = tp->tp_base;
  if (base == &TypedArrayType || tp == BufferTypePtr) return true;
  if (base == &PyBaseObject_Type) return tp == &TypedArrayType;
  return PyType_IsSubtype(tp, &TypedArrayType) != 0;
}
inline bool is_dataview(PyObject* o) { return Py_TYPE(o) == &DataViewType; }
// A binary value for an addon: our ArrayBuffer, typed arrays (Buffer included) and
// DataView, and any Python object exporting a buffer (bytes, bytearray, memoryview,
// numpy arrays: a Buffer or typed array to the addon). Their toString is the
// builtin one, and their members those of the binary prototypes (objects.cc).
inline bool is_binary_value(PyObject* o) {
  PyBufferProcs* b = Py_TYPE(o)->tp_as_buffer;  // (every heap type has the struct)
  return is_typedarray(o) || is_arraybuffer(o) || is_dataview(o) ||
         (b != nullptr && b->bf_getbuffer != nullptr);
}

NativeState** binary_native_slot(PyObject* o);  // NULL if not a binary type of ours
int init_buffer_types(PyObject* module_types);  // adds the types to the dict

// Element access with JS semantics, for js_get/js_set on typed arrays.
PyObject* typedarray_get(TypedArrayObject* ta, Py_ssize_t index);  // undefined past the end
int typedarray_set(TypedArrayObject* ta, Py_ssize_t index, PyObject* value);
// A Python buffer as the typed array an addon sees in it: for an index (>= 0) or
// the key length / byteLength / byteOffset, 1 and *out (a new reference: the
// element, undefined past the end) or, with out NULL, 1 if it exists; 0 when `obj`
// is no such buffer or `key` none of those; -1 on error.
int python_buffer_property(PyObject* obj, PyObject* key, Py_ssize_t index, PyObject** out);
// Element `index` of such a buffer := value (JS's conversions; ignored past the end):
// 1 done, 0 when `obj` is no such buffer, -1 on error (read-only memory: TypeError).
int python_buffer_set_element(PyObject* obj, Py_ssize_t index, PyObject* value);

// A pin on a Python buffer object, released when the current scope closes. Fills
// `view` (borrowed from the pin) and `data`, the memory the addon gets: view->buf, or
// a copy checked when the pin is released (NAPI_PYTHON_CHECK_BYTES, read-only
// buffers). Returns 1, 0 if `obj` has no usable buffer (no error set), or -1 with a
// Python error: its buffer is not plain data (a numpy object array...), or no memory.
int pin_python_buffer(PyObject* obj, Py_buffer** view, char** data);
// A strong pin for a napi_ref (a new reference, or NULL with no error set).
PyObject* new_pin(PyObject* obj);

}  // namespace napi_python
