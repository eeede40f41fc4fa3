// Binary data: the types of buffers.h and the napi_* functions of the family
// (arraybuffers, typed arrays, dataviews, Node's Buffer, external memory).
#include "buffers.h"
#include "owned.h"
#include "repr.h"
#include "coerce.h"
#include "values.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace napi_python {

// ---------------------------------------------------------------------------
// Element types, in napi_typedarray_type order.
// ---------------------------------------------------------------------------
struct ElementInfo {
  const char* class_name;  // "napi_python.Int8Array"
  const char* js_name;     // "Int8Array"
  Py_ssize_t size;
  const char* format;      // buffer-protocol format
};
static const ElementInfo kElements[] = {
    {"napi_python.Int8Array", "Int8Array", 1, "b"},
    {"napi_python.Uint8Array", "Uint8Array", 1, "B"},
    {"napi_python.Uint8ClampedArray", "Uint8ClampedArray", 1, "B"},
    {"napi_python.Int16Array", "Int16Array", 2, "h"},
    {"napi_python.Uint16Array", "Uint16Array", 2, "H"},
    {"napi_python.Int32Array", "Int32Array", 4, "i"},
    {"napi_python.Uint32Array", "Uint32Array", 4, "I"},
    {"napi_python.Float32Array", "Float32Array", 4, "f"},
    {"napi_python.Float64Array", "Float64Array", 8, "d"},
    {"napi_python.BigInt64Array", "BigInt64Array", 8, "q"},
    {"napi_python.BigUint64Array", "BigUint64Array", 8, "Q"},
    {"napi_python.Float16Array", "Float16Array", 2, "e"},
};
static constexpr int kElementCount = sizeof(kElements) / sizeof(kElements[0]);
static PyTypeObject ElementTypes[kElementCount];
PyTypeObject* BufferTypePtr = nullptr;
static PyTypeObject BufferType;

// The element type a Python buffer format stands for (native byte order only).
static int element_type_of_format(const char* format, Py_ssize_t itemsize) {
  if (format == nullptr) return napi_uint8_array;
  if (*format == '@' || *format == '=' || *format == '<') format++;
  if (format[0] == '\0' || format[1] != '\0') return -1;
  switch (format[0]) {
    case 'b': return napi_int8_array;
    case 'B': case 'c': case '?': return napi_uint8_array;
    case 'h': return napi_int16_array;
    case 'H': return napi_uint16_array;
    case 'i': return itemsize == 4 ? napi_int32_array : -1;
    case 'I': return itemsize == 4 ? napi_uint32_array : -1;
    case 'l': case 'q': case 'n': return itemsize == 8 ? napi_bigint64_array : -1;
    case 'L': case 'Q': case 'N': return itemsize == 8 ? napi_biguint64_array : -1;
    case 'f': return napi_float32_array;
    case 'd': return napi_float64_array;
    case 'e': return 11;  // float16
    default: return -1;
  }
}

static int element_type_of(PyTypeObject* tp) {
  for (PyTypeObject* t = tp; t != nullptr; t = t->tp_base) {
    if (t == &BufferType) return napi_uint8_array;
    if (t >= ElementTypes && t < ElementTypes + kElementCount) return static_cast<int>(t - ElementTypes);
  }
  return -1;
}

// Raises a JSRangeError with Node's error code (NULL for none).
static PyObject* range_error_code(const char* code, const char* fmt, ...) {
  va_list va;
  va_start(va, fmt);
  PyObject* msg = PyUnicode_FromFormatV(fmt, va);
  va_end(va);
  if (msg == nullptr) return nullptr;
  PyObject* err = PyObject_CallOneArg(python_types.JSRangeError, msg);
  Py_DECREF(msg);
  if (err == nullptr) return nullptr;
  if (code != nullptr) {
    PyObject* c = PyUnicode_FromString(code);
    int r = c != nullptr ? PyObject_SetAttrString(err, "code", c) : -1;
    Py_XDECREF(c);
    if (r < 0) {
      Py_DECREF(err);
      return nullptr;
    }
  }
  PyErr_SetObject(python_types.JSRangeError, err);
  Py_DECREF(err);
  return nullptr;
}
#define range_error(...) range_error_code(nullptr, __VA_ARGS__)

// ---------------------------------------------------------------------------
// Which Python buffers an addon may be given (issue 18.7).
// ---------------------------------------------------------------------------

// True when a buffer-protocol format (PEP 3118: the struct module's syntax) describes
// plain data only: numbers, bools, characters, bytes and padding, in any byte order,
// with repeat counts, in structures ("T{...}") with field names and sub-array shapes.
// False for Python object references ('O': a numpy object array; an addon writing
// there breaks reference counts, reading gets addresses of objects), pointers ('P',
// '&', ctypes' 'z'/'Z' string pointers) and whatever else is not understood.
static bool plain_data_format(const char* f) {
  for (; *f != '\0'; f++) {
    switch (*f) {
      case '0': case '1': case '2': case '3': case '4':
      case '5': case '6': case '7': case '8': case '9':    // repeat counts, shapes
      case '@': case '=': case '<': case '>': case '!': case '^':  // byte order
      case ' ': case '\t': case '\n': case ',':
      case '{': case '}': case '(': case ')':
      case 'x': case 'c': case 'b': case 'B': case '?': case 'h': case 'H':
      case 'i': case 'I': case 'l': case 'L': case 'q': case 'Q': case 'n': case 'N':
      case 'e': case 'f': case 'd': case 'g': case 's': case 'p': case 'u': case 'w':
        continue;
      case 'T':  // a structure
        if (f[1] != '{') return false;
        continue;
      case 'Z':  // complex numbers ('Zd'); a bare 'Z' is ctypes' wchar_t pointer
        if (f[1] != 'e' && f[1] != 'f' && f[1] != 'd' && f[1] != 'g') return false;
        continue;
      case ':': {  // a field name, ":name:"
        const char* end = strchr(f + 1, ':');
        if (end == nullptr) return false;
        f = end;
        continue;
      }
      default:
        return false;
    }
  }
  return true;
}

// NAPI_PYTHON_CHECK_BYTES=1 (read once, at import): a read-only Python buffer (bytes,
// a read-only memoryview or numpy array) reaches the addon's napi_get_buffer_info /
// napi_get_typedarray_info as a copy; once the addon's hold on it ends, the copy is
// compared with the original and a RuntimeWarning names what wrote into it. The
// original stays intact. Off: the addon gets the object's own memory (zero copy) and
// must not write into it (docs/values.rst).
static bool g_check_readonly = false;

static void warn_if_written(const char* copy, const Py_buffer* view) {
  if (memcmp(copy, view->buf, static_cast<size_t>(view->len)) == 0) return;
  Py_ssize_t changed = 0;
  const char* orig = static_cast<const char*>(view->buf);
  for (Py_ssize_t i = 0; i < view->len; i++) changed += copy[i] != orig[i];
  // Called from deallocations: keep any exception in flight, and report a warning
  // turned into an error as unraisable (it cannot propagate from here).
  SavedError saved;
  if (PyErr_WarnFormat(PyExc_RuntimeWarning, 1,
                       "an addon wrote into the memory of a read-only %s (%zd of %zd bytes "
                       "changed); NAPI_PYTHON_CHECK_BYTES gave it a copy, the object is "
                       "unchanged",
                       view->obj != nullptr ? Py_TYPE(view->obj)->tp_name : "buffer", changed,
                       view->len) < 0)
    PyErr_WriteUnraisable(view->obj);
}

// A copy of a read-only buffer for the check, or NULL (MemoryError set).
static char* checked_copy(const Py_buffer* view) {
  auto* copy = static_cast<char*>(malloc(view->len > 0 ? static_cast<size_t>(view->len) : 1));
  if (copy == nullptr) {
    PyErr_NoMemory();
    return nullptr;
  }
  if (view->len > 0) memcpy(copy, view->buf, static_cast<size_t>(view->len));
  return copy;
}

// ---------------------------------------------------------------------------
// Pins: a Python object's buffer, held (exported) while the pin lives.
// ---------------------------------------------------------------------------
struct PinObject {
  PyObject_HEAD
  Py_buffer view;
  char* copy;  // NAPI_PYTHON_CHECK_BYTES: what the addon got instead of view.buf
};
static void pin_dealloc(PyObject* self) {
  auto* pin = reinterpret_cast<PinObject*>(self);
  if (pin->copy != nullptr) {
    warn_if_written(pin->copy, &pin->view);
    free(pin->copy);
  }
  PyBuffer_Release(&pin->view);
  PyObject_Free(self);
}
static PyTypeObject PinType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.BufferPin"};

// May export a buffer (a str has one, but is text to addons, not binary data; a
// numpy scalar has one, but is a number or boolean to addons).
static bool has_buffer(PyObject* obj) {
  if (!PyObject_CheckBuffer(obj) || PyUnicode_Check(obj)) return false;
  return PyBytes_CheckExact(obj) || PyByteArray_CheckExact(obj) || !is_numpy_scalar(obj);
}

// 1: `view` holds the object's C-contiguous buffer; 0: none (no error set); -1: a
// buffer whose memory is not plain data (a JSTypeError is set, nothing held).
static int get_contiguous_buffer(PyObject* obj, Py_buffer* view) {
  if (!has_buffer(obj)) return 0;
  // One request without PyBUF_WRITABLE: the exporter says in view->readonly whether
  // the addon may write (asking for a writable export first would raise and clear
  // a BufferError on every call with `bytes`).
  if (PyObject_GetBuffer(obj, view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) != 0) {
    PyErr_Clear();
    return 0;
  }
  if (view->format != nullptr && !plain_data_format(view->format)) {
    PyErr_Format(python_types.JSTypeError,
                 "a %s whose buffer format is '%s' holds Python object references or "
                 "pointers, not data: an addon cannot be given its memory",
                 Py_TYPE(obj)->tp_name, view->format);
    PyBuffer_Release(view);
    return -1;
  }
  return 1;
}

// True when `obj` is a Python object whose memory an addon can use (a C-contiguous
// buffer): what napi_get_buffer_info/typedarray_info accept.
static bool is_python_buffer(PyObject* obj) {
  // The usual ones first, without exporting: their buffers are always contiguous.
  if (PyBytes_CheckExact(obj) || PyByteArray_CheckExact(obj)) return true;
  if (is_arraybuffer(obj) || is_dataview(obj) || is_typedarray(obj)) return false;
  Py_buffer view;
  int r = get_contiguous_buffer(obj, &view);
  if (r < 0) {
    PyErr_Clear();
    return true;  // a buffer, whose data the addon will be refused
  }
  if (r == 0) return false;
  PyBuffer_Release(&view);
  return true;
}

static PinObject* new_pin_checked(PyObject* obj, int* status) {
  *status = 0;
  if (!has_buffer(obj)) return nullptr;  // before allocating
  auto* pin = PyObject_New(PinObject, &PinType);
  if (pin == nullptr) {
    *status = -1;
    return nullptr;
  }
  pin->copy = nullptr;
  *status = get_contiguous_buffer(obj, &pin->view);
  if (*status <= 0) {
    PyObject_Free(pin);
    return nullptr;
  }
  return pin;
}

PyObject* new_pin(PyObject* obj) {
  int status;
  PinObject* pin = new_pin_checked(obj, &status);
  if (status < 0) PyErr_Clear();  // a reference's pin is optional
  return reinterpret_cast<PyObject*>(pin);
}

int pin_python_buffer(PyObject* obj, Py_buffer** view, char** data) {
  int status;
  PinObject* pin = new_pin_checked(obj, &status);
  if (pin == nullptr) return status;
  own(reinterpret_cast<PyObject*>(pin));  // released with the current scope
  *view = &pin->view;
  *data = static_cast<char*>(pin->view.buf);
  if (g_check_readonly && pin->view.readonly) {
    if ((pin->copy = checked_copy(&pin->view)) == nullptr) return -1;
    *data = pin->copy;
  }
  return 1;
}

// ---------------------------------------------------------------------------
// ArrayBuffer
// ---------------------------------------------------------------------------
// An addon reading a typed-array argument with napi_get_typedarray_info usually asks
// for its ArrayBuffer too (napi-rs does for its Uint8Array and &[u8] arguments), and
// for a Python buffer that is a new ArrayBuffer per call, mostly dropped when the call
// returns: a small free list keeps those off the allocator.
static FreeList<ArrayBufferObject, 16> arraybuffer_free;

static ArrayBufferObject* new_arraybuffer_raw(PyTypeObject* tp) {
  ArrayBufferObject* ab = tp == &ArrayBufferType ? arraybuffer_free.take() : nullptr;
  if (ab == nullptr) {
    ab = reinterpret_cast<ArrayBufferObject*>(tp->tp_alloc(tp, 0));
    if (ab == nullptr) return nullptr;
  }
  ab->data = nullptr;
  ab->byte_length = 0;
  ab->kind = ArrayBufferObject::kOwned;
  ab->detached = false;
  ab->readonly = false;
  ab->exports = 0;
  memset(&ab->borrowed, 0, sizeof ab->borrowed);
  ab->weakreflist = nullptr;
  ab->native = nullptr;
  ab->dict = nullptr;
  return ab;
}

static ArrayBufferObject* new_owned_arraybuffer(Py_ssize_t length) {
  if (length < 0) return reinterpret_cast<ArrayBufferObject*>(range_error("Invalid array buffer length"));
  // V8's limit (2^53 - 1 bytes): larger sizes fail before the allocator is asked, as
  // in Node (an allocator may abort on absurd sizes instead of returning NULL).
  if (length > (Py_ssize_t{1} << 53) - 1)
    return reinterpret_cast<ArrayBufferObject*>(range_error("Array buffer allocation failed"));
  ArrayBufferObject* ab = new_arraybuffer_raw(&ArrayBufferType);
  if (ab == nullptr) return nullptr;
  ab->data = static_cast<char*>(calloc(length > 0 ? length : 1, 1));
  if (ab->data == nullptr) {
    Py_DECREF(ab);
    PyErr_NoMemory();
    return nullptr;
  }
  ab->byte_length = length;
  return ab;
}

static ArrayBufferObject* new_external_arraybuffer(napi_env env, void* data, size_t length,
                                                   napi_finalize cb, void* hint) {
  // The same limit as an owned buffer: beyond it the length would not fit the views.
  if (length > (size_t{1} << 53) - 1)
    return reinterpret_cast<ArrayBufferObject*>(range_error("Invalid array buffer length"));
  ArrayBufferObject* ab = new_arraybuffer_raw(&ArrayBufferType);
  if (ab == nullptr) return nullptr;
  ab->kind = ArrayBufferObject::kExternal;
  ab->data = static_cast<char*>(data);
  ab->byte_length = static_cast<Py_ssize_t>(length);
  if (data == nullptr) {
    // No memory (the callers refuse NULL with a length): born detached, and the
    // finalizer, which nothing will trigger, runs at the next safe point (Node).
    ab->detached = true;
    if (cb != nullptr) {
      NAPI_COUNT(finalizers_registered);
      enqueue_finalizer(Finalizer{env, cb, data, hint});
    }
    return ab;
  }
  if (cb != nullptr) {
    ab->native = new NativeState();
    ab->native->finalizers.push_back(Finalizer{env, cb, data, hint});
    NAPI_COUNT(finalizers_registered);
  }
  return ab;
}

// An ArrayBuffer over a Python object's own memory (pinned while it lives). NULL with
// no error set when `obj` has no C-contiguous buffer; NULL with an error when its
// buffer is refused (not plain data) or on failure.
static ArrayBufferObject* new_borrowed_arraybuffer(PyObject* obj) {
  ArrayBufferObject* ab = new_arraybuffer_raw(&ArrayBufferType);
  if (ab == nullptr) return nullptr;
  if (get_contiguous_buffer(obj, &ab->borrowed) <= 0) {
    Py_DECREF(ab);
    return nullptr;
  }
  ab->kind = ArrayBufferObject::kBorrowed;
  ab->data = static_cast<char*>(ab->borrowed.buf);
  ab->byte_length = ab->borrowed.len;
  ab->readonly = ab->borrowed.readonly != 0;
  if (g_check_readonly && ab->readonly) {
    // The addon works on a copy, compared with the original when the ArrayBuffer dies.
    char* copy = checked_copy(&ab->borrowed);
    if (copy == nullptr) {
      Py_DECREF(ab);
      return nullptr;
    }
    ab->data = copy;
  }
  return ab;
}

// The ArrayBuffer of a `bytes` object: what new_borrowed_arraybuffer makes of it, with
// the view filled here instead of asked for. A bytes object has no releasebuffer and
// its getbuffer only describes its storage (read-only bytes of its own), so the
// reference in `borrowed.obj` is all an export of it holds (release_memory drops it).
// (Not under NAPI_PYTHON_CHECK_BYTES, whose copy new_borrowed_arraybuffer makes.)
static ArrayBufferObject* new_bytes_arraybuffer(PyObject* bytes) {
  ArrayBufferObject* ab = new_arraybuffer_raw(&ArrayBufferType);
  if (ab == nullptr) return nullptr;
  Py_buffer& view = ab->borrowed;
  view.obj = Py_NewRef(bytes);
  view.buf = PyBytes_AS_STRING(bytes);
  view.len = PyBytes_GET_SIZE(bytes);
  view.readonly = 1;
  view.itemsize = 1;
  view.ndim = 1;
  ab->kind = ArrayBufferObject::kBorrowed;
  ab->data = PyBytes_AS_STRING(bytes);
  ab->byte_length = view.len;
  ab->readonly = true;
  return ab;
}

static void release_memory(ArrayBufferObject* ab) {
  switch (ab->kind) {
    case ArrayBufferObject::kOwned:
      free(ab->data);
      break;
    case ArrayBufferObject::kBorrowed:
      if (ab->data != nullptr && ab->data != ab->borrowed.buf) {  // NAPI_PYTHON_CHECK_BYTES
        warn_if_written(ab->data, &ab->borrowed);
        free(ab->data);
      }
      if (ab->borrowed.obj == nullptr) break;
      if (PyBytes_CheckExact(ab->borrowed.obj))
        Py_CLEAR(ab->borrowed.obj);  // what PyBuffer_Release does for bytes (no releasebuffer)
      else
        PyBuffer_Release(&ab->borrowed);
      break;
    case ArrayBufferObject::kExternal:
      break;  // the addon's finalizer (in native) frees it
  }
  ab->data = nullptr;
  ab->byte_length = 0;
}

static void arraybuffer_dealloc(PyObject* self) {
  auto* ab = reinterpret_cast<ArrayBufferObject*>(self);
  if (ab->weakreflist != nullptr) PyObject_ClearWeakRefs(self);
  if (!ab->detached) release_memory(ab);
  release_native_state(ab->native);
  Py_CLEAR(ab->dict);
  if (Py_TYPE(self) != &ArrayBufferType || !arraybuffer_free.keep(ab))
    Py_TYPE(self)->tp_free(self);
}

static PyObject* arraybuffer_new(PyTypeObject* tp, PyObject* args, PyObject* kwargs) {
  PyObject* arg;
  if (kwargs != nullptr && PyDict_GET_SIZE(kwargs) != 0) {
    PyErr_SetString(PyExc_TypeError, "ArrayBuffer() takes no keyword arguments");
    return nullptr;
  }
  if (!PyArg_ParseTuple(args, "O:ArrayBuffer", &arg)) return nullptr;
  OwnedRef held(as_primitive(arg));  // a numpy integer: a length, as an int
  if (!held) return nullptr;
  arg = held.get();
  if (PyLong_Check(arg)) {
    Py_ssize_t n = PyLong_AsSsize_t(arg);
    if (n == -1 && PyErr_Occurred()) return nullptr;
    return reinterpret_cast<PyObject*>(new_owned_arraybuffer(n));
  }
  Py_buffer view;
  if (PyObject_GetBuffer(arg, &view, PyBUF_C_CONTIGUOUS) < 0) return nullptr;
  ArrayBufferObject* ab = new_owned_arraybuffer(view.len);
  if (ab != nullptr) memcpy(ab->data, view.buf, view.len);
  PyBuffer_Release(&view);
  return reinterpret_cast<PyObject*>(ab);
}

static int arraybuffer_getbuffer(PyObject* self, Py_buffer* view, int flags) {
  auto* ab = reinterpret_cast<ArrayBufferObject*>(self);
  if (ab->detached) {
    PyErr_SetString(PyExc_BufferError, "the ArrayBuffer is detached");
    view->obj = nullptr;
    return -1;
  }
  if (PyBuffer_FillInfo(view, self, ab->data, ab->byte_length, ab->readonly, flags) < 0)
    return -1;
  ab->exports++;
  return 0;
}
static void arraybuffer_releasebuffer(PyObject* self, Py_buffer*) {
  reinterpret_cast<ArrayBufferObject*>(self)->exports--;
}
static PyBufferProcs arraybuffer_as_buffer = {arraybuffer_getbuffer, arraybuffer_releasebuffer};

static Py_ssize_t arraybuffer_length(PyObject* self) {
  return reinterpret_cast<ArrayBufferObject*>(self)->byte_length;
}
static PySequenceMethods arraybuffer_as_sequence = {arraybuffer_length};

static PyObject* arraybuffer_get_byte_length(PyObject* self, void*) {
  return PyLong_FromSsize_t(reinterpret_cast<ArrayBufferObject*>(self)->byte_length);
}
static PyObject* arraybuffer_get_detached(PyObject* self, void*) {
  return PyBool_FromLong(reinterpret_cast<ArrayBufferObject*>(self)->detached);
}
static PyObject* arraybuffer_repr(PyObject* self) {
  auto* ab = reinterpret_cast<ArrayBufferObject*>(self);
  if (ab->detached) return PyUnicode_FromString("ArrayBuffer(<detached>)");
  return PyUnicode_FromFormat("ArrayBuffer(byte_length=%zd)", ab->byte_length);
}
static PyGetSetDef arraybuffer_getset[] = {
    {"byte_length", arraybuffer_get_byte_length, nullptr, "Size in bytes.", nullptr},
    {"byteLength", arraybuffer_get_byte_length, nullptr, "JS name of byte_length.", nullptr},
    {"detached", arraybuffer_get_detached, nullptr, "True once an addon detached it.", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};
PyTypeObject ArrayBufferType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.ArrayBuffer"};

// ---------------------------------------------------------------------------
// Typed arrays
// ---------------------------------------------------------------------------
static Py_ssize_t view_length(TypedArrayObject* ta) { return ta->buffer->detached ? 0 : ta->length; }
static char* view_data(TypedArrayObject* ta) { return ta->buffer->data + ta->byte_offset; }

// The data pointer the napi_*_info functions give, as Node's: NULL when the
// ArrayBuffer holds no bytes (empty, or detached: release_memory zeroes its
// length), whatever the offset; a zero-length view into a non-empty buffer points
// into it. (Our empty buffers own a 1-byte allocation; V8's have none.)
static inline void* data_of(ArrayBufferObject* ab) {
  return ab->byte_length > 0 ? ab->data : nullptr;
}
static inline void* view_data_or_null(TypedArrayObject* ta) {
  return ta->buffer->byte_length > 0 ? view_data(ta) : nullptr;
}
static inline void* dataview_data_or_null(DataViewObject* dv) {
  return dv->buffer->byte_length > 0 ? dv->buffer->data + dv->byte_offset : nullptr;
}

// The same rule for a Python buffer: its pointer, and for an empty one NULL unless
// it is a zero-length memoryview slice of memory that holds bytes
// (memoryview(bytearray(4096))[0:0], as Node's Buffer.alloc(4096).subarray(0, 0)
// points into its pool: @ronomon/crypto-async asserts a non-NULL pointer for the
// empty AAD and tag it passes that way).
static void* python_view_data_or_null(PyObject* o, const Py_buffer* view, char* buf) {
  if (view->len > 0) return buf;
  if (!PyMemoryView_Check(o)) return nullptr;
  PyObject* base = PyMemoryView_GET_BUFFER(o)->obj;
  if (base == nullptr) return nullptr;
  Py_buffer whole;
  if (PyObject_GetBuffer(base, &whole, PyBUF_RECORDS_RO) < 0) {
    PyErr_Clear();
    return nullptr;
  }
  bool holds_bytes = whole.len > 0;
  PyBuffer_Release(&whole);
  return holds_bytes ? buf : nullptr;
}

static TypedArrayObject* new_typedarray_raw(PyTypeObject* tp, int type, ArrayBufferObject* buffer,
                                            Py_ssize_t byte_offset, Py_ssize_t length) {
  auto* ta = reinterpret_cast<TypedArrayObject*>(tp->tp_alloc(tp, 0));
  if (ta == nullptr) return nullptr;
  Py_INCREF(buffer);
  ta->buffer = buffer;
  ta->byte_offset = byte_offset;
  ta->length = length;
  ta->itemsize = kElements[type].size;
  ta->type = static_cast<napi_typedarray_type>(type);
  ta->weakreflist = nullptr;
  ta->native = nullptr;
  ta->dict = nullptr;
  return ta;
}

// A view of `length` elements at `byte_offset` of `buffer`, with JS's checks.
static TypedArrayObject* new_typedarray_view(PyTypeObject* tp, int type, ArrayBufferObject* buffer,
                                             Py_ssize_t byte_offset, Py_ssize_t length) {
  const ElementInfo& e = kElements[type];
  if (byte_offset < 0 || byte_offset % e.size != 0)
    return reinterpret_cast<TypedArrayObject*>(
        range_error_code("ERR_NAPI_INVALID_TYPEDARRAY_ALIGNMENT",
                         "start offset of %s should be a multiple of %zd", e.js_name, e.size));
  if (length < 0) {  // the rest of the buffer
    if (byte_offset > buffer->byte_length || (buffer->byte_length - byte_offset) % e.size != 0)
      return reinterpret_cast<TypedArrayObject*>(
          range_error_code("ERR_NAPI_INVALID_TYPEDARRAY_LENGTH",
                           "byte length of %s should be a multiple of %zd", e.js_name, e.size));
    length = (buffer->byte_length - byte_offset) / e.size;
  }
  if (byte_offset > buffer->byte_length || length > (buffer->byte_length - byte_offset) / e.size)
    return reinterpret_cast<TypedArrayObject*>(
        range_error_code("ERR_NAPI_INVALID_TYPEDARRAY_LENGTH", "Invalid typed array length"));
  return new_typedarray_raw(tp, type, buffer, byte_offset, length);
}

static double to_number_for_element(PyObject* v, bool* ok) {
  double d = 0;
  *ok = js_to_number(v, &d) == 0;
  return d;
}

// ToInt32/ToUint32 (and the 8- and 16-bit ones, which keep the low bits):
// truncate, then modulo 2^32. Exact for every double: fmod is exact.
static uint32_t wrap_integer(double d) {
  if (!std::isfinite(d)) return 0;
  double m = std::fmod(std::trunc(d), 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return static_cast<uint32_t>(m);
}

static uint8_t clamp_uint8(double d) {  // ToUint8Clamp: round half to even
  if (!(d > 0)) return 0;
  if (d >= 255) return 255;
  double f = std::floor(d);
  double diff = d - f;
  if (diff > 0.5 || (diff == 0.5 && std::fmod(f, 2) != 0)) f += 1;
  return static_cast<uint8_t>(f);
}

// A Python buffer object seen as a typed array: its element type (or -1).
static int python_buffer_type(const Py_buffer* view) {
  int t = element_type_of_format(view->format, view->itemsize);
  return t >= 0 ? t : napi_uint8_array;  // anything else: its bytes
}

// The element of type `type` at p, as JS reads it.
static PyObject* load_element(int type, char* p) {
  switch (type) {
    case napi_int8_array: return PyLong_FromLong(*reinterpret_cast<int8_t*>(p));
    case napi_uint8_array:
    case napi_uint8_clamped_array: return PyLong_FromLong(*reinterpret_cast<uint8_t*>(p));
    case napi_int16_array: { int16_t v; memcpy(&v, p, 2); return PyLong_FromLong(v); }
    case napi_uint16_array: { uint16_t v; memcpy(&v, p, 2); return PyLong_FromLong(v); }
    case napi_int32_array: { int32_t v; memcpy(&v, p, 4); return PyLong_FromLong(v); }
    case napi_uint32_array: { uint32_t v; memcpy(&v, p, 4); return PyLong_FromUnsignedLong(v); }
    case napi_float32_array: { float v; memcpy(&v, p, 4); return PyFloat_FromDouble(v); }
    case napi_float64_array: { double v; memcpy(&v, p, 8); return PyFloat_FromDouble(v); }
    case napi_bigint64_array: {
      int64_t v; memcpy(&v, p, 8);
      PyObject* i64 = PyLong_FromLongLong(v);
      PyObject* r = i64 ? PyObject_CallOneArg(python_types.BigInt, i64) : nullptr;
      Py_XDECREF(i64);
      return r;
    }
    case napi_biguint64_array: {
      uint64_t v; memcpy(&v, p, 8);
      PyObject* u64 = PyLong_FromUnsignedLongLong(v);
      PyObject* r = u64 ? PyObject_CallOneArg(python_types.BigInt, u64) : nullptr;
      Py_XDECREF(u64);
      return r;
    }
    case 11: {
#if PY_VERSION_HEX >= 0x030B0000
      double v = PyFloat_Unpack2(p, 1);
#else
      double v = _PyFloat_Unpack2(reinterpret_cast<unsigned char*>(p), 1);
#endif
      if (v == -1.0 && PyErr_Occurred()) return nullptr;
      return PyFloat_FromDouble(v);
    }
  }
  Py_RETURN_NONE;
}

PyObject* typedarray_get(TypedArrayObject* ta, Py_ssize_t i) {
  if (i < 0 || i >= view_length(ta)) Py_RETURN_NONE;
  return load_element(static_cast<int>(ta->type), view_data(ta) + i * ta->itemsize);
}

// A Python buffer (bytes, bytearray, memoryview, array.array, a numpy array) read as
// the typed array an addon sees in it (napi_get_typedarray_info): its elements by
// index, its length, byteLength and byteOffset.
static int store_element(int type, char* p, PyObject* value);

int python_buffer_set_element(PyObject* obj, Py_ssize_t index, PyObject* value) {
  if (is_arraybuffer(obj) || is_dataview(obj)) return 0;
  Py_buffer view;
  int r = get_contiguous_buffer(obj, &view);
  if (r <= 0) {
    PyErr_Clear();
    return 0;
  }
  int t = python_buffer_type(&view);
  Py_ssize_t itemsize = kElements[t].size;
  int rc = 1;  // (past the end: ignored, as JS does)
  if (index < view.len / itemsize) {
    if (view.readonly) {
      PyErr_Format(PyExc_TypeError, "the memory of a %s is read-only", Py_TYPE(obj)->tp_name);
      rc = -1;
    } else if (store_element(t, static_cast<char*>(view.buf) + index * itemsize, value) < 0) {
      rc = -1;
    }
  }
  PyBuffer_Release(&view);
  return rc;
}

int python_buffer_property(PyObject* obj, PyObject* key, Py_ssize_t index, PyObject** out) {
  if (is_arraybuffer(obj) || is_dataview(obj)) return 0;
  bool name = false;
  if (index < 0) {
    name = PyUnicode_Check(key) && (PyUnicode_CompareWithASCIIString(key, "length") == 0 ||
                                    PyUnicode_CompareWithASCIIString(key, "byteLength") == 0 ||
                                    PyUnicode_CompareWithASCIIString(key, "byteOffset") == 0);
    if (!name) return 0;
  }
  Py_buffer view;
  int r = get_contiguous_buffer(obj, &view);
  if (r <= 0) {  // no buffer, or one that is not data (never given to an addon)
    PyErr_Clear();
    return 0;
  }
  int t = python_buffer_type(&view);
  Py_ssize_t itemsize = kElements[t].size;
  Py_ssize_t n = view.len / itemsize;
  int found = 1;
  if (out == nullptr) {
    found = name || index < n ? 1 : 0;
  } else if (!name) {
    *out = index < n ? load_element(t, static_cast<char*>(view.buf) + index * itemsize)
                     : Py_NewRef(Py_None);
    if (*out == nullptr) found = -1;
  } else {
    Py_ssize_t v = PyUnicode_CompareWithASCIIString(key, "length") == 0       ? n
                   : PyUnicode_CompareWithASCIIString(key, "byteLength") == 0 ? view.len
                                                                                : 0;
    *out = PyLong_FromSsize_t(v);
    if (*out == nullptr) found = -1;
  }
  PyBuffer_Release(&view);
  return found;
}

int typedarray_set(TypedArrayObject* ta, Py_ssize_t i, PyObject* value) {
  if (i < 0 || i >= view_length(ta)) return 0;  // JS ignores writes out of range
  if (ta->buffer->readonly) {
    PyErr_SetString(PyExc_TypeError, "the typed array's memory is read-only (a bytes object)");
    return -1;
  }
  return store_element(static_cast<int>(ta->type), view_data(ta) + i * ta->itemsize, value);
}

// Writes `value` as an element of type `type` at p, with JS's conversions.
static int store_element(int type, char* p, PyObject* value) {
  if (type == napi_bigint64_array || type == napi_biguint64_array) {
    OwnedRef held(js_to_bigint(value));
    if (!held) return -1;
    uint64_t v = PyLong_AsUnsignedLongLongMask(held.get());
    if (v == static_cast<uint64_t>(-1) && PyErr_Occurred()) return -1;
    memcpy(p, &v, 8);
    return 0;
  }
  bool ok;
  double d = to_number_for_element(value, &ok);
  if (!ok) return -1;
  switch (type) {
    case napi_int8_array:
    case napi_uint8_array: { uint8_t v = static_cast<uint8_t>(wrap_integer(d)); memcpy(p, &v, 1); break; }
    case napi_uint8_clamped_array: { uint8_t v = clamp_uint8(d); memcpy(p, &v, 1); break; }
    case napi_int16_array:
    case napi_uint16_array: { uint16_t v = static_cast<uint16_t>(wrap_integer(d)); memcpy(p, &v, 2); break; }
    case napi_int32_array:
    case napi_uint32_array: { uint32_t v = static_cast<uint32_t>(wrap_integer(d)); memcpy(p, &v, 4); break; }
    case napi_float32_array: { float v = static_cast<float>(d); memcpy(p, &v, 4); break; }
    case napi_float64_array: memcpy(p, &d, 8); break;
    case 11:
#if PY_VERSION_HEX >= 0x030B0000
      if (PyFloat_Pack2(d, p, 1) < 0) return -1;
#else
      if (_PyFloat_Pack2(d, reinterpret_cast<unsigned char*>(p), 1) < 0) return -1;
#endif
      break;
  }
  return 0;
}

static TypedArrayObject* new_typedarray_of_length(PyTypeObject* tp, int type, Py_ssize_t length) {
  if (length < 0) return reinterpret_cast<TypedArrayObject*>(range_error("Invalid typed array length: %zd", length));
  ArrayBufferObject* ab = new_owned_arraybuffer(length * kElements[type].size);
  if (ab == nullptr) return nullptr;
  TypedArrayObject* ta = new_typedarray_raw(tp, type, ab, 0, length);
  Py_DECREF(ab);
  return ta;
}

// JS ToIndex of a byte offset or length given from JS, where numbers are often
// doubles (0.0, 4.0): undefined is `absent`, NaN is 0, the rest truncates; -1 with
// an exception (a RangeError naming `what` when negative).
static Py_ssize_t to_index(PyObject* v, Py_ssize_t absent, const char* what) {
  if (v == nullptr || v == Py_None) return absent;
  OwnedRef held(PyFloat_Check(v) || PyLong_Check(v) ? Py_NewRef(v) : as_primitive(v));
  if (!held) return -1;
  v = held.get();  // (a numpy scalar: its int or float)
  if (PyFloat_Check(v)) {
    double d = PyFloat_AS_DOUBLE(v);
    if (d != d) return 0;
    d = d < 0 ? -std::floor(-d) : std::floor(d);
    if (d < 0 || d > 9007199254740991.0) {
      char number[32];  // (PyErr_Format has no %g: 3.12 raises SystemError on it)
      std::snprintf(number, sizeof number, "%.17g", d);
      range_error("Invalid typed array %s: %s", what, number);
      return -1;
    }
    return static_cast<Py_ssize_t>(d);
  }
  Py_ssize_t n = PyNumber_AsSsize_t(v, PyExc_OverflowError);
  if (n == -1 && PyErr_Occurred()) return -1;
  if (n < 0) {
    range_error("Invalid typed array %s: %zd", what, n);
    return -1;
  }
  return n;
}

static PyObject* typedarray_new(PyTypeObject* tp, PyObject* args, PyObject* kwargs) {
  int type = element_type_of(tp);
  if (type < 0) {
    PyErr_SetString(PyExc_TypeError, "TypedArray is abstract: use Uint8Array, Float64Array, ...");
    return nullptr;
  }
  static const char* kwlist[] = {"source", "byte_offset", "length", nullptr};
  PyObject* source = nullptr;
  PyObject* offset_obj = Py_None;
  PyObject* length_obj = Py_None;
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|OOO", const_cast<char**>(kwlist), &source,
                                   &offset_obj, &length_obj))
    return nullptr;
  if (source == nullptr) return reinterpret_cast<PyObject*>(new_typedarray_of_length(tp, type, 0));
  OwnedRef held(as_primitive(source));  // a numpy integer: a length, as an int
  if (!held) return nullptr;
  source = held.get();
  if (is_arraybuffer(source)) {
    Py_ssize_t byte_offset = to_index(offset_obj, 0, "offset");
    if (byte_offset < 0) return nullptr;
    Py_ssize_t length = to_index(length_obj, -1, "length");
    if (length < 0 && PyErr_Occurred()) return nullptr;
    return reinterpret_cast<PyObject*>(new_typedarray_view(
        tp, type, reinterpret_cast<ArrayBufferObject*>(source), byte_offset, length));
  }
  if (PyLong_Check(source)) {
    Py_ssize_t n = PyLong_AsSsize_t(source);
    if (n == -1 && PyErr_Occurred()) return nullptr;
    return reinterpret_cast<PyObject*>(new_typedarray_of_length(tp, type, n));
  }
  if (tp == &BufferType && PyObject_CheckBuffer(source)) {  // Buffer(b"...") copies bytes
    Py_buffer view;
    if (PyObject_GetBuffer(source, &view, PyBUF_C_CONTIGUOUS) < 0) return nullptr;
    TypedArrayObject* ta = new_typedarray_of_length(tp, type, view.len);
    if (ta != nullptr) memcpy(view_data(ta), view.buf, view.len);
    PyBuffer_Release(&view);
    return reinterpret_cast<PyObject*>(ta);
  }
  PyObject* seq = PySequence_Fast(source, "a typed array takes a length, an ArrayBuffer or an iterable");
  if (seq == nullptr) return nullptr;
  Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
  TypedArrayObject* ta = new_typedarray_of_length(tp, type, n);
  for (Py_ssize_t i = 0; ta != nullptr && i < n; i++)
    if (typedarray_set(ta, i, PySequence_Fast_GET_ITEM(seq, i)) < 0) Py_CLEAR(ta);
  Py_DECREF(seq);
  return reinterpret_cast<PyObject*>(ta);
}

static void typedarray_dealloc(PyObject* self) {
  auto* ta = reinterpret_cast<TypedArrayObject*>(self);
  if (ta->weakreflist != nullptr) PyObject_ClearWeakRefs(self);
  release_native_state(ta->native);
  Py_CLEAR(ta->dict);
  Py_XDECREF(ta->buffer);
  Py_TYPE(self)->tp_free(self);
}

static int typedarray_getbuffer(PyObject* self, Py_buffer* view, int flags) {
  auto* ta = reinterpret_cast<TypedArrayObject*>(self);
  ArrayBufferObject* ab = ta->buffer;
  view->obj = nullptr;
  if (ab->detached) {
    PyErr_SetString(PyExc_BufferError, "the typed array's ArrayBuffer is detached");
    return -1;
  }
  if ((flags & PyBUF_WRITABLE) && ab->readonly) {
    PyErr_SetString(PyExc_BufferError, "the typed array's memory is read-only");
    return -1;
  }
  view->buf = view_data(ta);
  view->len = ta->length * ta->itemsize;
  view->readonly = ab->readonly;
  view->itemsize = ta->itemsize;
  view->format = (flags & PyBUF_FORMAT) ? const_cast<char*>(kElements[ta->type].format) : nullptr;
  view->ndim = 1;
  view->shape = (flags & PyBUF_ND) ? &ta->length : nullptr;
  view->strides = ((flags & PyBUF_STRIDES) == PyBUF_STRIDES) ? &ta->itemsize : nullptr;
  view->suboffsets = nullptr;
  view->internal = nullptr;
  view->obj = Py_NewRef(self);
  ab->exports++;
  return 0;
}
static void typedarray_releasebuffer(PyObject* self, Py_buffer*) {
  reinterpret_cast<TypedArrayObject*>(self)->buffer->exports--;
}
static PyBufferProcs typedarray_as_buffer = {typedarray_getbuffer, typedarray_releasebuffer};

static Py_ssize_t typedarray_len(PyObject* self) {
  return view_length(reinterpret_cast<TypedArrayObject*>(self));
}

static PyObject* typedarray_subscript(PyObject* self, PyObject* key) {
  auto* ta = reinterpret_cast<TypedArrayObject*>(self);
  Py_ssize_t n = view_length(ta);
  if (PySlice_Check(key)) {  // a copy, like JS slice()
    Py_ssize_t start, stop, step;
    if (PySlice_Unpack(key, &start, &stop, &step) < 0) return nullptr;
    Py_ssize_t count = PySlice_AdjustIndices(n, &start, &stop, step);
    TypedArrayObject* out = new_typedarray_of_length(Py_TYPE(self), ta->type, count);
    for (Py_ssize_t i = 0; out != nullptr && i < count; i++)
      memcpy(view_data(out) + i * ta->itemsize, view_data(ta) + (start + i * step) * ta->itemsize,
             ta->itemsize);
    return reinterpret_cast<PyObject*>(out);
  }
  Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
  if (i == -1 && PyErr_Occurred()) return nullptr;
  if (i < 0) i += n;
  if (i < 0 || i >= n) {
    PyErr_SetString(PyExc_IndexError, "typed array index out of range");
    return nullptr;
  }
  return typedarray_get(ta, i);
}

static int typedarray_ass_subscript(PyObject* self, PyObject* key, PyObject* value) {
  auto* ta = reinterpret_cast<TypedArrayObject*>(self);
  if (value == nullptr) {
    PyErr_SetString(PyExc_TypeError, "typed array elements cannot be deleted");
    return -1;
  }
  Py_ssize_t n = view_length(ta);
  if (PySlice_Check(key)) {
    Py_ssize_t start, stop, step;
    if (PySlice_Unpack(key, &start, &stop, &step) < 0) return -1;
    Py_ssize_t count = PySlice_AdjustIndices(n, &start, &stop, step);
    PyObject* seq = PySequence_Fast(value, "can only assign an iterable");
    if (seq == nullptr) return -1;
    if (PySequence_Fast_GET_SIZE(seq) != count) {
      Py_DECREF(seq);
      PyErr_SetString(PyExc_ValueError, "a typed array cannot change size");
      return -1;
    }
    for (Py_ssize_t i = 0; i < count; i++)
      if (typedarray_set(ta, start + i * step, PySequence_Fast_GET_ITEM(seq, i)) < 0) {
        Py_DECREF(seq);
        return -1;
      }
    Py_DECREF(seq);
    return 0;
  }
  Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
  if (i == -1 && PyErr_Occurred()) return -1;
  if (i < 0) i += n;
  if (i < 0 || i >= n) {
    PyErr_SetString(PyExc_IndexError, "typed array index out of range");
    return -1;
  }
  return typedarray_set(ta, i, value);
}

static PyObject* typedarray_item(PyObject* self, Py_ssize_t i) {
  auto* ta = reinterpret_cast<TypedArrayObject*>(self);
  if (i < 0 || i >= view_length(ta)) {
    PyErr_SetString(PyExc_IndexError, "typed array index out of range");
    return nullptr;
  }
  return typedarray_get(ta, i);
}

static PyObject* typedarray_repr(PyObject* self) { return python_repr("typedarray_repr", self); }
static PyObject* dataview_repr(PyObject* self) { return python_repr("dataview_repr", self); }

static PyObject* typedarray_richcompare(PyObject* self, PyObject* other, int op) {
  if ((op != Py_EQ && op != Py_NE) || !is_typedarray(other)) Py_RETURN_NOTIMPLEMENTED;
  // Element-wise equality of two typed arrays (identity is `is`).
  PyObject* a = PySequence_List(self);
  PyObject* b = a ? PySequence_List(other) : nullptr;
  PyObject* r = b ? PyObject_RichCompare(a, b, op) : nullptr;
  Py_XDECREF(a);
  Py_XDECREF(b);
  return r;
}

static PyObject* typedarray_get_buffer(PyObject* self, void*) {
  return Py_NewRef(reinterpret_cast<PyObject*>(reinterpret_cast<TypedArrayObject*>(self)->buffer));
}
static PyObject* typedarray_get_byte_offset(PyObject* self, void*) {
  auto* ta = reinterpret_cast<TypedArrayObject*>(self);
  return PyLong_FromSsize_t(ta->buffer->detached ? 0 : ta->byte_offset);
}
static PyObject* typedarray_get_byte_length(PyObject* self, void*) {
  auto* ta = reinterpret_cast<TypedArrayObject*>(self);
  return PyLong_FromSsize_t(view_length(ta) * ta->itemsize);
}
static PyObject* typedarray_get_length(PyObject* self, void*) {
  return PyLong_FromSsize_t(view_length(reinterpret_cast<TypedArrayObject*>(self)));
}
static PyGetSetDef typedarray_getset[] = {
    {"buffer", typedarray_get_buffer, nullptr, "The ArrayBuffer viewed.", nullptr},
    {"byte_offset", typedarray_get_byte_offset, nullptr, "Offset in the buffer, in bytes.", nullptr},
    {"byteOffset", typedarray_get_byte_offset, nullptr, "JS name of byte_offset.", nullptr},
    {"byte_length", typedarray_get_byte_length, nullptr, "Size in bytes.", nullptr},
    {"byteLength", typedarray_get_byte_length, nullptr, "JS name of byte_length.", nullptr},
    {"length", typedarray_get_length, nullptr, "Number of elements.", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};
// A relative index of TypedArray.prototype.subarray and slice: JS's
// ToIntegerOrInfinity (NaN is 0, a fraction truncates, a string converts), counted
// from the end when negative, clamped to [0, length]; None (undefined) is `absent`.
// 0, or -1 with an exception (a Symbol: JSTypeError).
static int relative_index(PyObject* v, Py_ssize_t length, Py_ssize_t absent, Py_ssize_t* out) {
  if (v == Py_None) {
    *out = absent;
    return 0;
  }
  if (PyLong_CheckExact(v)) {  // (exact: a huge int clamps without a double's rounding)
    int overflow;
    long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (x == -1 && PyErr_Occurred()) return -1;
    if (overflow != 0) *out = overflow > 0 ? length : 0;
    else *out = x < 0 ? (x + length > 0 ? static_cast<Py_ssize_t>(x + length) : 0)
                      : (x < length ? static_cast<Py_ssize_t>(x) : length);
    return 0;
  }
  double d;
  if (js_to_number(v, &d) < 0) return -1;
  if (d != d) d = 0;
  d = std::trunc(d);
  double n = static_cast<double>(length);
  *out = static_cast<Py_ssize_t>(d < 0 ? std::max(n + d, 0.0) : std::min(d, n));
  return 0;
}

// The [begin, end) a subarray or slice call asks for: begin in *begin, the count
// returned (-1 with an exception). More than two arguments: the rest unread, as JS.
static Py_ssize_t relative_range(TypedArrayObject* ta, PyObject* const* args, Py_ssize_t nargs,
                                 Py_ssize_t* begin) {
  Py_ssize_t n = view_length(ta), end;
  if (relative_index(nargs > 0 ? args[0] : Py_None, n, 0, begin) < 0 ||
      relative_index(nargs > 1 ? args[1] : Py_None, n, n, &end) < 0)
    return -1;
  return end > *begin ? end - *begin : 0;
}

// ta.subarray(begin=None, end=None): TypedArray.prototype.subarray, a view of the
// same type on the same memory (a write through either is seen by the other);
// Buffer.prototype.slice is this too, as in Node.
static PyObject* typedarray_subarray(PyObject* self, PyObject* const* args, Py_ssize_t nargs) {
  auto* ta = reinterpret_cast<TypedArrayObject*>(self);
  Py_ssize_t begin;
  Py_ssize_t count = relative_range(ta, args, nargs, &begin);
  if (count < 0) return nullptr;
  if (ta->buffer->detached) {
    PyErr_SetString(python_types.JSTypeError, "Cannot perform Construct on a detached ArrayBuffer");
    return nullptr;
  }
  return reinterpret_cast<PyObject*>(new_typedarray_raw(
      Py_TYPE(self), ta->type, ta->buffer, ta->byte_offset + begin * ta->itemsize, count));
}

// ta.slice(begin=None, end=None): TypedArray.prototype.slice, a copy of those
// elements in a new typed array of the same type (its own ArrayBuffer).
static PyObject* typedarray_slice(PyObject* self, PyObject* const* args, Py_ssize_t nargs) {
  auto* ta = reinterpret_cast<TypedArrayObject*>(self);
  if (ta->buffer->detached) {
    PyErr_SetString(python_types.JSTypeError,
                    "Cannot perform %TypedArray%.prototype.slice on a detached ArrayBuffer");
    return nullptr;
  }
  Py_ssize_t begin;
  Py_ssize_t count = relative_range(ta, args, nargs, &begin);
  if (count < 0) return nullptr;
  TypedArrayObject* out = new_typedarray_of_length(Py_TYPE(self), ta->type, count);
  if (out != nullptr && count > 0)
    memcpy(view_data(out), view_data(ta) + begin * ta->itemsize, count * ta->itemsize);
  return reinterpret_cast<PyObject*>(out);
}

static PyMethodDef typedarray_methods[] = {
    {"subarray", reinterpret_cast<PyCFunction>(reinterpret_cast<void*>(typedarray_subarray)),
     METH_FASTCALL,
     "subarray(begin=None, end=None): a view of elements [begin, end) on the same memory "
     "(JS TypedArray.prototype.subarray: negative counts from the end, clamped)."},
    {"slice", reinterpret_cast<PyCFunction>(reinterpret_cast<void*>(typedarray_slice)),
     METH_FASTCALL,
     "slice(begin=None, end=None): a copy of elements [begin, end) "
     "(JS TypedArray.prototype.slice: negative counts from the end, clamped)."},
    {nullptr, nullptr, 0, nullptr}};
static PyMethodDef buffer_methods[] = {
    {"slice", reinterpret_cast<PyCFunction>(reinterpret_cast<void*>(typedarray_subarray)),
     METH_FASTCALL,
     "slice(begin=None, end=None): Node's Buffer.prototype.slice, the same as subarray: "
     "a view on the same memory, not a copy."},
    {nullptr, nullptr, 0, nullptr}};

static PyMappingMethods typedarray_as_mapping = {typedarray_len, typedarray_subscript,
                                                 typedarray_ass_subscript};
static PySequenceMethods typedarray_as_sequence = {typedarray_len, nullptr, nullptr, typedarray_item};
PyTypeObject TypedArrayType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.TypedArray"};

// ---------------------------------------------------------------------------
// DataView
// ---------------------------------------------------------------------------
static DataViewObject* new_dataview(ArrayBufferObject* ab, Py_ssize_t byte_offset,
                                    Py_ssize_t byte_length) {
  if (byte_length < 0) byte_length = ab->byte_length - byte_offset;
  if (byte_offset < 0 || byte_offset > ab->byte_length || byte_length < 0 ||
      byte_length > ab->byte_length - byte_offset)
    return reinterpret_cast<DataViewObject*>(range_error_code(
        "ERR_NAPI_INVALID_DATAVIEW_ARGS",
        "byte_offset + byte_length should be less than or equal to the size in bytes of the "
        "array passed in"));
  auto* dv = PyObject_New(DataViewObject, &DataViewType);
  if (dv == nullptr) return nullptr;
  Py_INCREF(ab);
  dv->buffer = ab;
  dv->byte_offset = byte_offset;
  dv->byte_length = byte_length;
  dv->weakreflist = nullptr;
  dv->native = nullptr;
  dv->dict = nullptr;
  return dv;
}
static PyObject* dataview_new(PyTypeObject*, PyObject* args, PyObject* kwargs) {
  static const char* kwlist[] = {"buffer", "byte_offset", "byte_length", nullptr};
  PyObject* buffer;
  Py_ssize_t byte_offset = 0;
  PyObject* length_obj = Py_None;
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|nO:DataView", const_cast<char**>(kwlist),
                                   &buffer, &byte_offset, &length_obj))
    return nullptr;
  if (!is_arraybuffer(buffer)) {
    PyErr_SetString(python_types.JSTypeError, "First argument to DataView constructor must be an ArrayBuffer");
    return nullptr;
  }
  Py_ssize_t length = -1;
  if (length_obj != Py_None && (length = PyLong_AsSsize_t(length_obj)) == -1 && PyErr_Occurred())
    return nullptr;
  return reinterpret_cast<PyObject*>(
      new_dataview(reinterpret_cast<ArrayBufferObject*>(buffer), byte_offset, length));
}
static void dataview_dealloc(PyObject* self) {
  auto* dv = reinterpret_cast<DataViewObject*>(self);
  if (dv->weakreflist != nullptr) PyObject_ClearWeakRefs(self);
  release_native_state(dv->native);
  Py_CLEAR(dv->dict);
  Py_XDECREF(dv->buffer);
  PyObject_Free(self);
}
static int dataview_getbuffer(PyObject* self, Py_buffer* view, int flags) {
  auto* dv = reinterpret_cast<DataViewObject*>(self);
  if (dv->buffer->detached) {
    PyErr_SetString(PyExc_BufferError, "the DataView's ArrayBuffer is detached");
    view->obj = nullptr;
    return -1;
  }
  if (PyBuffer_FillInfo(view, self, dv->buffer->data + dv->byte_offset, dv->byte_length,
                        dv->buffer->readonly, flags) < 0)
    return -1;
  dv->buffer->exports++;
  return 0;
}
static void dataview_releasebuffer(PyObject* self, Py_buffer*) {
  reinterpret_cast<DataViewObject*>(self)->buffer->exports--;
}
static PyBufferProcs dataview_as_buffer = {dataview_getbuffer, dataview_releasebuffer};
static PyObject* dataview_get_buffer(PyObject* self, void*) {
  return Py_NewRef(reinterpret_cast<PyObject*>(reinterpret_cast<DataViewObject*>(self)->buffer));
}
static PyObject* dataview_get_byte_offset(PyObject* self, void*) {
  return PyLong_FromSsize_t(reinterpret_cast<DataViewObject*>(self)->byte_offset);
}
static PyObject* dataview_get_byte_length(PyObject* self, void*) {
  auto* dv = reinterpret_cast<DataViewObject*>(self);
  return PyLong_FromSsize_t(dv->buffer->detached ? 0 : dv->byte_length);
}
static PyGetSetDef dataview_getset[] = {
    {"buffer", dataview_get_buffer, nullptr, "The ArrayBuffer viewed.", nullptr},
    {"byte_offset", dataview_get_byte_offset, nullptr, "Offset in the buffer, in bytes.", nullptr},
    {"byteOffset", dataview_get_byte_offset, nullptr, "JS name of byte_offset.", nullptr},
    {"byte_length", dataview_get_byte_length, nullptr, "Size in bytes.", nullptr},
    {"byteLength", dataview_get_byte_length, nullptr, "JS name of byte_length.", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};
PyTypeObject DataViewType = {PyVarObject_HEAD_INIT(nullptr, 0) "napi_python.DataView"};

NativeState** binary_native_slot(PyObject* o) {
  if (is_arraybuffer(o)) return &reinterpret_cast<ArrayBufferObject*>(o)->native;
  if (is_typedarray(o)) return &reinterpret_cast<TypedArrayObject*>(o)->native;
  if (is_dataview(o)) return &reinterpret_cast<DataViewObject*>(o)->native;
  return nullptr;
}

static int add_type(PyObject* dict, const char* name, PyTypeObject* tp) {
  return PyDict_SetItemString(dict, name, reinterpret_cast<PyObject*>(tp));
}

int init_buffer_types(PyObject* dict) {
  const char* check = getenv("NAPI_PYTHON_CHECK_BYTES");
  g_check_readonly = check != nullptr && *check != '\0' && strcmp(check, "0") != 0;
  PinType.tp_basicsize = sizeof(PinObject);
  PinType.tp_flags = Py_TPFLAGS_DEFAULT;
  PinType.tp_dealloc = pin_dealloc;
  if (PyType_Ready(&PinType) < 0) return -1;

  ArrayBufferType.tp_basicsize = sizeof(ArrayBufferObject);
  ArrayBufferType.tp_flags = Py_TPFLAGS_DEFAULT;
  ArrayBufferType.tp_doc =
      "A JS ArrayBuffer: ArrayBuffer(size) (zero-filled) or ArrayBuffer(bytes_like) (a copy).";
  ArrayBufferType.tp_new = arraybuffer_new;
  ArrayBufferType.tp_dealloc = arraybuffer_dealloc;
  ArrayBufferType.tp_as_buffer = &arraybuffer_as_buffer;
  ArrayBufferType.tp_as_sequence = &arraybuffer_as_sequence;
  ArrayBufferType.tp_getset = arraybuffer_getset;
  ArrayBufferType.tp_repr = arraybuffer_repr;
  ArrayBufferType.tp_weaklistoffset = offsetof(ArrayBufferObject, weakreflist);
  // Named properties an addon sets on it (as on any JS object). The binary types are
  // not GC-tracked: a cycle through these properties is not collected.
  ArrayBufferType.tp_dictoffset = offsetof(ArrayBufferObject, dict);
  if (PyType_Ready(&ArrayBufferType) < 0 || add_type(dict, "ArrayBuffer", &ArrayBufferType) < 0)
    return -1;

  TypedArrayType.tp_basicsize = sizeof(TypedArrayObject);
  TypedArrayType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE;
  TypedArrayType.tp_doc = "Base of the JS typed arrays (Uint8Array, Float64Array, ...).";
  TypedArrayType.tp_new = typedarray_new;
  TypedArrayType.tp_dealloc = typedarray_dealloc;
  TypedArrayType.tp_as_buffer = &typedarray_as_buffer;
  TypedArrayType.tp_as_mapping = &typedarray_as_mapping;
  TypedArrayType.tp_as_sequence = &typedarray_as_sequence;
  TypedArrayType.tp_getset = typedarray_getset;
  TypedArrayType.tp_methods = typedarray_methods;
  TypedArrayType.tp_repr = typedarray_repr;
  TypedArrayType.tp_richcompare = typedarray_richcompare;
  TypedArrayType.tp_weaklistoffset = offsetof(TypedArrayObject, weakreflist);
  TypedArrayType.tp_dictoffset = offsetof(TypedArrayObject, dict);
  if (PyType_Ready(&TypedArrayType) < 0 || add_type(dict, "TypedArray", &TypedArrayType) < 0)
    return -1;

  for (int i = 0; i < kElementCount; i++) {
    PyTypeObject* tp = &ElementTypes[i];
    memset(tp, 0, sizeof *tp);
    Py_SET_REFCNT(reinterpret_cast<PyObject*>(tp), 1);
    tp->tp_name = kElements[i].class_name;
    tp->tp_basicsize = sizeof(TypedArrayObject);
    tp->tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE;
    tp->tp_base = &TypedArrayType;
    tp->tp_doc = "A JS typed array: X(length), X(iterable) or X(array_buffer, byte_offset, length).";
    if (PyType_Ready(tp) < 0 || add_type(dict, kElements[i].js_name, tp) < 0) return -1;
    // JS's Float64Array.BYTES_PER_ELEMENT (8), also read through an instance.
    PyObject* size = PyLong_FromSsize_t(kElements[i].size);
    int rc = size != nullptr ? PyDict_SetItemString(tp->tp_dict, "BYTES_PER_ELEMENT", size) : -1;
    Py_XDECREF(size);
    if (rc < 0) return -1;
    PyType_Modified(tp);
  }

  BufferType.tp_name = "napi_python.Buffer";
  BufferType.tp_basicsize = sizeof(TypedArrayObject);
  BufferType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE;
  BufferType.tp_base = &ElementTypes[napi_uint8_array];
  BufferType.tp_methods = buffer_methods;
  BufferType.tp_doc = "Node's Buffer: a Uint8Array. Buffer(size) or Buffer(bytes_like) (a copy).";
  if (PyType_Ready(&BufferType) < 0 || add_type(dict, "Buffer", &BufferType) < 0) return -1;
  BufferTypePtr = &BufferType;

  DataViewType.tp_basicsize = sizeof(DataViewObject);
  DataViewType.tp_flags = Py_TPFLAGS_DEFAULT;
  DataViewType.tp_doc = "A JS DataView: DataView(array_buffer, byte_offset=0, byte_length=None).";
  DataViewType.tp_new = dataview_new;
  DataViewType.tp_repr = dataview_repr;
  DataViewType.tp_dealloc = dataview_dealloc;
  DataViewType.tp_as_buffer = &dataview_as_buffer;
  DataViewType.tp_getset = dataview_getset;
  DataViewType.tp_weaklistoffset = offsetof(DataViewObject, weakreflist);
  DataViewType.tp_dictoffset = offsetof(DataViewObject, dict);
  if (PyType_Ready(&DataViewType) < 0 || add_type(dict, "DataView", &DataViewType) < 0) return -1;
  return 0;
}

}  // namespace napi_python

// ===========================================================================
// The napi_* functions of this room.
// ===========================================================================
using namespace napi_python;

NAPI_EXPORT napi_status napi_create_arraybuffer(napi_env env, size_t byte_length, void** data,
                                                napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  ArrayBufferObject* ab = new_owned_arraybuffer(static_cast<Py_ssize_t>(byte_length));
  if (ab == nullptr) return take_python_error(env);
  if (data != nullptr) *data = data_of(ab);
  *result = own(reinterpret_cast<PyObject*>(ab));
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_create_external_arraybuffer(napi_env env, void* external_data,
                                                         size_t byte_length,
                                                         napi_finalize finalize_cb,
                                                         void* finalize_hint, napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  if (external_data == nullptr && byte_length > 0) return set_last_error(env, napi_invalid_arg);
  ArrayBufferObject* ab = new_external_arraybuffer(env, external_data, byte_length,
                                                   finalize_cb, finalize_hint);
  if (ab == nullptr) return take_python_error(env);
  *result = own(reinterpret_cast<PyObject*>(ab));
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_arraybuffer_info(napi_env env, napi_value arraybuffer,
                                                  void** data, size_t* byte_length) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, arraybuffer);
  if (!is_arraybuffer(py(arraybuffer))) return set_last_error(env, napi_invalid_arg);
  auto* ab = reinterpret_cast<ArrayBufferObject*>(py(arraybuffer));
  if (data != nullptr) *data = data_of(ab);
  if (byte_length != nullptr) *byte_length = static_cast<size_t>(ab->byte_length);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_is_arraybuffer(napi_env env, napi_value value, bool* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  *result = is_arraybuffer(py(value));
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_detach_arraybuffer(napi_env env, napi_value arraybuffer) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, arraybuffer);
  if (!is_arraybuffer(py(arraybuffer))) return set_last_error(env, napi_arraybuffer_expected);
  auto* ab = reinterpret_cast<ArrayBufferObject*>(py(arraybuffer));
  if (ab->detached) return clear_last_error(env);
  if (ab->exports > 0) {
    // Freeing memory that a memoryview or numpy array still points at would let
    // Python read freed memory.
    return throw_js_error(env, python_types.JSTypeError,
                          "cannot detach an ArrayBuffer whose memory Python code still holds "
                          "(a memoryview or an array made from it)",
                          napi_pending_exception);
  }
  release_memory(ab);
  ab->detached = true;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_is_detached_arraybuffer(napi_env env, napi_value value, bool* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  *result = is_arraybuffer(py(value)) && reinterpret_cast<ArrayBufferObject*>(py(value))->detached;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_create_typedarray(napi_env env, napi_typedarray_type type,
                                               size_t length, napi_value arraybuffer,
                                               size_t byte_offset, napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, arraybuffer);
  NAPI_CHECK_ARG(env, result);
  if (!is_arraybuffer(py(arraybuffer))) return set_last_error(env, napi_invalid_arg);
  if (static_cast<int>(type) < 0 || static_cast<int>(type) >= kElementCount)
    return set_last_error(env, napi_invalid_arg);
  if (length > static_cast<size_t>(PY_SSIZE_T_MAX) / 16 ||
      byte_offset > static_cast<size_t>(PY_SSIZE_T_MAX)) {  // never "the rest of the buffer"
    range_error_code("ERR_NAPI_INVALID_TYPEDARRAY_LENGTH", "Invalid typed array length");
    return take_python_error_as(env, napi_generic_failure);
  }
  TypedArrayObject* ta = new_typedarray_view(
      &ElementTypes[type], type, reinterpret_cast<ArrayBufferObject*>(py(arraybuffer)),
      static_cast<Py_ssize_t>(byte_offset), static_cast<Py_ssize_t>(length));
  // Node throws its RangeError (misaligned, past the end) and returns
  // napi_generic_failure, not napi_pending_exception.
  if (ta == nullptr) return take_python_error_as(env, napi_generic_failure);
  *result = own(reinterpret_cast<PyObject*>(ta));
  return clear_last_error(env);
}


NAPI_EXPORT napi_status napi_get_typedarray_info(napi_env env, napi_value typedarray,
                                                 napi_typedarray_type* type, size_t* length,
                                                 void** data, napi_value* arraybuffer,
                                                 size_t* byte_offset) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, typedarray);
  PyObject* o = py(typedarray);
  if (PyBytes_CheckExact(o) && !g_check_readonly) {
    // bytes, the usual argument: its memory as it is (as napi_get_buffer_info gives
    // it), and an ArrayBuffer over it only if the addon asks for one.
    if (arraybuffer != nullptr) {
      ArrayBufferObject* ab = new_bytes_arraybuffer(o);
      if (ab == nullptr) return take_python_error(env);
      *arraybuffer = own(reinterpret_cast<PyObject*>(ab));
    }
    if (type != nullptr) *type = napi_uint8_array;
    if (length != nullptr) *length = static_cast<size_t>(PyBytes_GET_SIZE(o));
    if (data != nullptr) *data = PyBytes_GET_SIZE(o) > 0 ? PyBytes_AS_STRING(o) : nullptr;
    if (byte_offset != nullptr) *byte_offset = 0;
    return clear_last_error(env);
  }
  if (is_typedarray(o)) {
    auto* ta = reinterpret_cast<TypedArrayObject*>(o);
    if (type != nullptr) *type = ta->type;
    if (length != nullptr) *length = static_cast<size_t>(view_length(ta));
    if (data != nullptr) *data = view_data_or_null(ta);
    if (arraybuffer != nullptr) *arraybuffer = js(reinterpret_cast<PyObject*>(ta->buffer));
    if (byte_offset != nullptr) *byte_offset = ta->buffer->detached ? 0 : ta->byte_offset;
    return clear_last_error(env);
  }
  if (is_arraybuffer(o) || is_dataview(o)) return set_last_error(env, napi_invalid_arg);
  // A Python buffer: exported once, by the ArrayBuffer the addon asked for (the
  // handle scope keeps it, and so the memory, at least until the call returns) or
  // else by a pin released with the scope.
  Py_buffer* view;
  char* buf;
  if (arraybuffer != nullptr) {
    ArrayBufferObject* ab = new_borrowed_arraybuffer(o);
    if (ab == nullptr)  // refused (a pending TypeError), failed, or no C-contiguous buffer
      return PyErr_Occurred() ? take_python_error(env) : set_last_error(env, napi_invalid_arg);
    *arraybuffer = own(reinterpret_cast<PyObject*>(ab));
    view = &ab->borrowed;
    buf = ab->data;
  } else {
    int pinned = pin_python_buffer(o, &view, &buf);
    if (pinned < 0) return take_python_error(env);
    if (pinned == 0) return set_last_error(env, napi_invalid_arg);
  }
  int t = python_buffer_type(view);
  Py_ssize_t itemsize = kElements[t].size;
  if (type != nullptr) *type = static_cast<napi_typedarray_type>(t);
  if (length != nullptr) *length = static_cast<size_t>(view->len / itemsize);
  if (data != nullptr) *data = python_view_data_or_null(o, view, buf);
  if (byte_offset != nullptr) *byte_offset = 0;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_is_typedarray(napi_env env, napi_value value, bool* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  PyObject* o = py(value);
  *result = PyBytes_CheckExact(o) || is_typedarray(o) || is_python_buffer(o);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_create_dataview(napi_env env, size_t byte_length,
                                             napi_value arraybuffer, size_t byte_offset,
                                             napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, arraybuffer);
  NAPI_CHECK_ARG(env, result);
  if (!is_arraybuffer(py(arraybuffer))) return set_last_error(env, napi_invalid_arg);
  if (byte_length > static_cast<size_t>(PY_SSIZE_T_MAX) ||
      byte_offset > static_cast<size_t>(PY_SSIZE_T_MAX)) {
    range_error_code("ERR_NAPI_INVALID_DATAVIEW_ARGS",
                     "byte_offset + byte_length should be less than or equal to the size in "
                     "bytes of the array passed in");
    return take_python_error(env);
  }
  DataViewObject* dv = new_dataview(reinterpret_cast<ArrayBufferObject*>(py(arraybuffer)),
                                    static_cast<Py_ssize_t>(byte_offset),
                                    static_cast<Py_ssize_t>(byte_length));
  if (dv == nullptr) return take_python_error(env);
  *result = own(reinterpret_cast<PyObject*>(dv));
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_dataview_info(napi_env env, napi_value dataview,
                                               size_t* bytelength, void** data,
                                               napi_value* arraybuffer, size_t* byte_offset) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, dataview);
  if (!is_dataview(py(dataview))) return set_last_error(env, napi_invalid_arg);
  auto* dv = reinterpret_cast<DataViewObject*>(py(dataview));
  bool detached = dv->buffer->detached;
  if (bytelength != nullptr) *bytelength = detached ? 0 : static_cast<size_t>(dv->byte_length);
  if (data != nullptr) *data = dataview_data_or_null(dv);
  if (arraybuffer != nullptr) *arraybuffer = js(reinterpret_cast<PyObject*>(dv->buffer));
  if (byte_offset != nullptr) *byte_offset = detached ? 0 : static_cast<size_t>(dv->byte_offset);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_is_dataview(napi_env env, napi_value value, bool* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  *result = is_dataview(py(value));
  return clear_last_error(env);
}

// A Buffer over `ab` (new reference to ab is taken).
static napi_status finish_buffer(napi_env env, ArrayBufferObject* ab, Py_ssize_t offset,
                                 Py_ssize_t length, napi_value* result) {
  TypedArrayObject* ta = new_typedarray_raw(&BufferType, napi_uint8_array, ab, offset, length);
  Py_DECREF(ab);
  if (ta == nullptr) return take_python_error(env);
  *result = own(reinterpret_cast<PyObject*>(ta));
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_create_buffer(napi_env env, size_t size, void** data,
                                           napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  ArrayBufferObject* ab = new_owned_arraybuffer(static_cast<Py_ssize_t>(size));
  if (ab == nullptr) return take_python_error(env);
  if (data != nullptr) *data = data_of(ab);
  return finish_buffer(env, ab, 0, static_cast<Py_ssize_t>(size), result);
}

NAPI_EXPORT napi_status napi_create_buffer_copy(napi_env env, size_t length, const void* data,
                                                void** result_data, napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  if (length > 0) NAPI_CHECK_ARG(env, data);
  ArrayBufferObject* ab = new_owned_arraybuffer(static_cast<Py_ssize_t>(length));
  if (ab == nullptr) return take_python_error(env);
  if (length > 0) memcpy(ab->data, data, length);
  if (result_data != nullptr) *result_data = data_of(ab);
  return finish_buffer(env, ab, 0, static_cast<Py_ssize_t>(length), result);
}

NAPI_EXPORT napi_status napi_create_external_buffer(napi_env env, size_t length, void* data,
                                                    napi_finalize finalize_cb, void* finalize_hint,
                                                    napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  if (data == nullptr && length > 0) return set_last_error(env, napi_invalid_arg);
  ArrayBufferObject* ab = new_external_arraybuffer(env, data, length, finalize_cb, finalize_hint);
  if (ab == nullptr) return take_python_error(env);
  return finish_buffer(env, ab, 0, static_cast<Py_ssize_t>(length), result);
}

NAPI_EXPORT napi_status node_api_create_buffer_from_arraybuffer(napi_env env,
                                                                napi_value arraybuffer,
                                                                size_t byte_offset,
                                                                size_t byte_length,
                                                                napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, arraybuffer);
  NAPI_CHECK_ARG(env, result);
  if (!is_arraybuffer(py(arraybuffer))) return set_last_error(env, napi_invalid_arg);  // as Node
  auto* ab = reinterpret_cast<ArrayBufferObject*>(py(arraybuffer));
  if (byte_offset > static_cast<size_t>(ab->byte_length) ||
      byte_length > static_cast<size_t>(ab->byte_length) - byte_offset) {
    range_error_code("ERR_OUT_OF_RANGE", "The byte offset + length is out of range");
    return take_python_error(env);
  }
  Py_INCREF(ab);
  return finish_buffer(env, ab, static_cast<Py_ssize_t>(byte_offset),
                       static_cast<Py_ssize_t>(byte_length), result);
}

NAPI_EXPORT napi_status napi_get_buffer_info(napi_env env, napi_value value, void** data,
                                             size_t* length) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  PyObject* o = py(value);
  if (PyBytes_CheckExact(o) && !g_check_readonly) {
    // bytes: immutable, its storage inside the object, which the handle keeps alive
    // (as long as anything keeps the value): no export, so no pin to allocate.
    if (data != nullptr) *data = PyBytes_GET_SIZE(o) > 0 ? PyBytes_AS_STRING(o) : nullptr;
    if (length != nullptr) *length = static_cast<size_t>(PyBytes_GET_SIZE(o));
    return clear_last_error(env);
  }
  // As Node: any ArrayBuffer view (typed array, DataView), and Python buffers.
  if (is_typedarray(o)) {
    auto* ta = reinterpret_cast<TypedArrayObject*>(o);
    if (data != nullptr) *data = view_data_or_null(ta);
    if (length != nullptr) *length = static_cast<size_t>(view_length(ta) * ta->itemsize);
    return clear_last_error(env);
  }
  if (is_dataview(o)) {
    auto* dv = reinterpret_cast<DataViewObject*>(o);
    if (data != nullptr) *data = dataview_data_or_null(dv);
    if (length != nullptr) *length = dv->buffer->detached ? 0 : static_cast<size_t>(dv->byte_length);
    return clear_last_error(env);
  }
  Py_buffer* view;
  char* buf = nullptr;
  if (is_arraybuffer(o)) return set_last_error(env, napi_invalid_arg);
  int pinned = pin_python_buffer(o, &view, &buf);
  if (pinned < 0) return take_python_error(env);  // not plain data: a pending TypeError
  if (pinned == 0) return set_last_error(env, napi_invalid_arg);
  if (data != nullptr) *data = python_view_data_or_null(o, view, buf);
  if (length != nullptr) *length = static_cast<size_t>(view->len);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_is_buffer(napi_env env, napi_value value, bool* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  PyObject* o = py(value);
  *result = PyBytes_CheckExact(o) || is_typedarray(o) || is_dataview(o) || is_python_buffer(o);
  return clear_last_error(env);
}
