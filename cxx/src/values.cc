// Values: primitives, strings, BigInt, Date, symbols; typeof, equality, instanceof.
// The JS coercions (ToBoolean, ToNumber, ToString, ToObject) are coerce.cc's.
#include "values.h"


#include "types.h"
#include "buffers.h"
#include "core_api.h"
#include "owned.h"

#include <datetime.h>  // the datetime C API: timedeltas, the epoch

#if PY_VERSION_HEX < 0x030B0000
#include <longintrepr.h>  // PyLongObject's digits (in Python.h from 3.11)
#endif

#include <cmath>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace napi_python {

static constexpr double kMaxSafe = 9007199254740992.0;  // 2^53

// A Python int is a JS number when it fits in +/-2^53, else a BigInt.
static bool int_is_number_slow(PyObject* v) {
  int overflow = 0;
  long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
  if (overflow != 0) return false;
  if (x == -1 && PyErr_Occurred()) {
    PyErr_Clear();
    return false;
  }
  return x <= 9007199254740992LL && x >= -9007199254740992LL;
}
// An int of at most one internal digit (|x| < 2**30): a number, told without a call.
static inline bool int_is_compact(PyObject* v) {
#if PY_VERSION_HEX >= 0x030C0000
  return PyUnstable_Long_IsCompact(reinterpret_cast<PyLongObject*>(v));
#else
  Py_ssize_t size = Py_SIZE(v);
  return size >= -1 && size <= 1;
#endif
}
static inline bool int_is_number(PyObject* v) { return int_is_compact(v) || int_is_number_slow(v); }

// ---------------------------------------------------------------------------
// numpy scalars (docs/values.rst, "numpy scalars")
// ---------------------------------------------------------------------------
// numpy's abstract scalar types, read from the numpy module in sys.modules the
// first time a value of a type numpy defines is met (numpy is never imported
// here: a numpy scalar cannot exist before numpy is loaded). Strong references,
// kept for the life of the process (numpy cannot be unloaded; a subinterpreter
// sees the main interpreter's numpy types, which numpy itself does not support).
namespace {
struct NumpyTypes {
  PyTypeObject* generic = nullptr;  // set last: the others are valid once it is
  PyTypeObject* integer = nullptr;
  PyTypeObject* floating = nullptr;
  PyTypeObject* bool_ = nullptr;
  PyTypeObject* timedelta64 = nullptr;  // a numpy.integer subclass, but a duration
};
NumpyTypes numpy_types;
}  // namespace

// Whether `tp` or a base of it is one of numpy's types ("numpy.int64", ...).
static bool named_by_numpy(PyTypeObject* tp) {
  for (; tp != nullptr; tp = tp->tp_base)
    if (strncmp(tp->tp_name, "numpy.", 6) == 0) return true;
  return false;
}

// Fills numpy_types from the loaded numpy module; false (and no error: the
// caller's pending exception, if any, is kept) when it is not there (yet).
[[gnu::noinline]] static bool load_numpy_types() {
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  PyObject* name = PyUnicode_FromString("numpy");
  PyObject* np = name != nullptr ? PyImport_GetModule(name) : nullptr;
  Py_XDECREF(name);
  PyTypeObject* found[5] = {};
  const char* names[5] = {"generic", "integer", "floating", "bool_", "timedelta64"};
  bool ok = np != nullptr;
  for (int i = 0; ok && i < 5; i++) {
    PyObject* t = PyObject_GetAttrString(np, names[i]);
    ok = t != nullptr && PyType_Check(t);
    if (ok) {
      found[i] = reinterpret_cast<PyTypeObject*>(t);
    } else {
      Py_XDECREF(t);
    }
  }
  Py_XDECREF(np);
  if (ok) {
    numpy_types.integer = found[1];
    numpy_types.floating = found[2];
    numpy_types.bool_ = found[3];
    numpy_types.timedelta64 = found[4];
    numpy_types.generic = found[0];
  } else {
    for (PyTypeObject* t : found) Py_XDECREF(t);
  }
  PyErr_Clear();
  PyErr_Restore(type, value, traceback);
  return ok;
}

enum class NumpyKind { kNone, kInteger, kFloating, kBool };

// Which numpy scalar `v` is. Only values that are no str, int, float or bool get
// here (the slow paths): a type without __float__ (every numpy scalar has one)
// costs two loads.
static NumpyKind numpy_kind(PyObject* v) {
  PyTypeObject* tp = Py_TYPE(v);
  PyNumberMethods* nb = tp->tp_as_number;
  if (nb == nullptr || nb->nb_float == nullptr) return NumpyKind::kNone;
  if (numpy_types.generic == nullptr && (!named_by_numpy(tp) || !load_numpy_types()))
    return NumpyKind::kNone;
  if (!PyType_IsSubtype(tp, numpy_types.generic)) return NumpyKind::kNone;
  if (PyType_IsSubtype(tp, numpy_types.bool_)) return NumpyKind::kBool;
  if (PyType_IsSubtype(tp, numpy_types.integer))
    return PyType_IsSubtype(tp, numpy_types.timedelta64) ? NumpyKind::kNone : NumpyKind::kInteger;
  if (PyType_IsSubtype(tp, numpy_types.floating)) return NumpyKind::kFloating;
  return NumpyKind::kNone;  // complex, datetime64, str_, void...: objects
}

bool is_numpy_scalar(PyObject* v) { return numpy_kind(v) != NumpyKind::kNone; }

PyObject* as_primitive(PyObject* v) {
  PyObject* p;
  int r = numpy_scalar_value(v, &p);
  return r == 0 ? Py_NewRef(v) : r == 1 ? p : nullptr;
}

int numpy_scalar_value(PyObject* v, PyObject** out) {
  switch (numpy_kind(v)) {
    case NumpyKind::kNone:
      return 0;
    case NumpyKind::kBool: {
      int truth = PyObject_IsTrue(v);
      if (truth < 0) return -1;
      *out = Py_NewRef(truth ? Py_True : Py_False);
      return 1;
    }
    case NumpyKind::kInteger:
      *out = PyNumber_Index(v);
      break;
    case NumpyKind::kFloating:
      *out = PyNumber_Float(v);
      break;
  }
  return *out != nullptr ? 1 : -1;
}

// napi_typeof of a value none of the other rules classified: a numpy scalar's,
// else napi_object.
static napi_valuetype numpy_or_object_typeof(PyObject* v) {
  switch (numpy_kind(v)) {
    case NumpyKind::kNone:
      return napi_object;
    case NumpyKind::kBool:
      return napi_boolean;
    case NumpyKind::kFloating:
      return napi_number;
    case NumpyKind::kInteger:
      break;
  }
  SavedError saved;  // (typeof cannot fail: an error being raised stays as it was)
  PyObject* i = PyNumber_Index(v);  // a number within +/-2^53, else a BigInt, as an int
  if (i == nullptr) return napi_number;  // (no memory for the int: its getters will fail)
  napi_valuetype t = int_is_number(i) ? napi_number : napi_bigint;
  Py_DECREF(i);
  return t;
}

// The types past the common ones, out of line: the inline part needs no stack frame.
[[gnu::noinline]] static napi_valuetype js_typeof_other(PyObject* v) {
  PyTypeObject* tp = Py_TYPE(v);
  if (tp == &PyLong_Type) return int_is_number_slow(v) ? napi_number : napi_bigint;
  if (tp == &FunctionType || tp == &BoundFunctionType) return napi_function;
  if (is_object_family(v)) return napi_object;
  if (tp == &SymbolType) return napi_symbol;
  if (tp == &ExternalType) return napi_external;
  if (python_types.BigInt != nullptr && is_bigint(v)) return napi_bigint;
  if (PyLong_Check(v)) return int_is_number(v) ? napi_number : napi_bigint;
  if (PyFloat_Check(v)) return napi_number;
  if (PyUnicode_Check(v)) return napi_string;
  if (PyCallable_Check(v)) return napi_function;
  return numpy_or_object_typeof(v);
}

napi_valuetype js_typeof(PyObject* v) {
  if (v == Py_None) return napi_undefined;
  if (v == NAPI_PY_NULL) return napi_null;
  PyTypeObject* tp = Py_TYPE(v);
  if (tp == &PyFloat_Type) return napi_number;
  if (tp == &PyLong_Type && int_is_compact(v)) return napi_number;
  if (tp == &PyBool_Type) return napi_boolean;
  if (tp == &PyUnicode_Type) return napi_string;
  return js_typeof_other(v);
}

// Text of a Python str as UTF-16 code units (for the latin1/utf16 getters).
static void str_to_utf16(PyObject* s, std::u16string& out) {
  Py_ssize_t n = PyUnicode_GET_LENGTH(s);
  int kind = PyUnicode_KIND(s);
  const void* data = PyUnicode_DATA(s);
  out.clear();
  out.reserve(static_cast<size_t>(n));
  for (Py_ssize_t i = 0; i < n; i++) {
    Py_UCS4 c = PyUnicode_READ(kind, data, i);
    if (c >= 0x10000) {
      c -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (c >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (c & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(c));
    }
  }
}

}  // namespace napi_python

using namespace napi_python;

// A name given as (utf8, length) by an addon; NULL name -> "".
PyObject* napi_python::name_from_utf8(const char* utf8name, size_t length) {
  if (utf8name == nullptr) return PyUnicode_FromString("");
  if (length == NAPI_AUTO_LENGTH) length = strlen(utf8name);
  return PyUnicode_DecodeUTF8(utf8name, static_cast<Py_ssize_t>(length), "replace");
}

// For napi_python/_globals.py (JSON.stringify): a numpy scalar as the int, float or
// bool it is for an addon, any other value itself (core_api.h).
NAPI_EXPORT PyObject* napi_python_as_primitive(PyObject* v) { return as_primitive(v); }

// ---------------------------------------------------------------------------
// Singletons and primitives
// ---------------------------------------------------------------------------
NAPI_EXPORT napi_status napi_get_undefined(napi_env env, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  *result = js(Py_None);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_null(napi_env env, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  *result = js(NAPI_PY_NULL);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_boolean(napi_env env, bool value, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  *result = js(value ? Py_True : Py_False);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_global(napi_env env, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  if (python_types.global == nullptr) return set_last_error(env, napi_generic_failure);
  *result = js(python_types.global);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_create_int32(napi_env env, int32_t value, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  PyObject* o = PyLong_FromLong(value);
  if (o == nullptr) return take_python_error(env);
  clear_last_error(env);
  return own_result(o, result);
}

NAPI_EXPORT napi_status napi_create_uint32(napi_env env, uint32_t value, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  PyObject* o = PyLong_FromUnsignedLong(value);
  if (o == nullptr) return take_python_error(env);
  clear_last_error(env);
  return own_result(o, result);
}

NAPI_EXPORT napi_status napi_create_int64(napi_env env, int64_t value, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  // A JS number is a double: beyond 2^53 the value is rounded, and stays a number.
  PyObject* o = (value > 9007199254740992LL || value < -9007199254740992LL)
                    ? PyFloat_FromDouble(static_cast<double>(value))
                    : PyLong_FromLongLong(value);
  if (o == nullptr) return take_python_error(env);
  clear_last_error(env);
  return own_result(o, result);
}

NAPI_EXPORT napi_status napi_create_double(napi_env env, double value, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  PyObject* o = PyFloat_FromDouble(value);
  if (o == nullptr) return take_python_error(env);
  clear_last_error(env);
  return own_result(o, result);
}

// The value of an int that fits in one internal digit of CPython's representation
// (|x| < 2**30), read without a call; false for any other object. Most numbers an
// addon reads are floats or small ints, so this is the hot path of get_value_*.
static inline bool small_int_value(PyObject* v, long long* out) {
  if (Py_TYPE(v) != &PyLong_Type) return false;
#if PY_VERSION_HEX >= 0x030C0000
  auto* l = reinterpret_cast<PyLongObject*>(v);
  if (!PyUnstable_Long_IsCompact(l)) return false;
  *out = PyUnstable_Long_CompactValue(l);
#else
  Py_ssize_t size = Py_SIZE(v);
  if (size < -1 || size > 1) return false;
  *out = size == 0 ? 0 : size * static_cast<long long>(reinterpret_cast<PyLongObject*>(v)->ob_digit[0]);
#endif
  return true;
}

static bool other_number_value(PyObject* v, double* out);

// A numpy scalar's number (the double of its int or float), or false.
static bool numpy_number_value(PyObject* v, double* out) {
  SavedError saved;  // (a getter's failure is its status: no error is left, none lost)
  PyObject* p;
  if (numpy_scalar_value(v, &p) != 1) return false;
  bool ok = !PyBool_Check(p) && other_number_value(p, out);  // an exact int or float now
  Py_DECREF(p);
  return ok;
}

// Every number that is not a float or a small int (big ints, int and float subclasses).
[[gnu::noinline]] static bool other_number_value(PyObject* v, double* out) {
  PyTypeObject* tp = Py_TYPE(v);
  if (tp == &PyLong_Type || (PyLong_Check(v) && tp != &PyBool_Type && !is_bigint(v))) {
    int overflow = 0;
    long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (overflow != 0 || x > 9007199254740992LL || x < -9007199254740992LL) return false;
    *out = static_cast<double>(x);
    return true;
  }
  if (PyFloat_Check(v)) {
    *out = PyFloat_AS_DOUBLE(v);
    return true;
  }
  return numpy_number_value(v, out);
}

// The double value of a JS number, or false when `v` is not a number.
static inline bool number_value(PyObject* v, double* out) {
  if (Py_TYPE(v) == &PyFloat_Type) {
    *out = PyFloat_AS_DOUBLE(v);
    return true;
  }
  long long x;
  if (small_int_value(v, &x)) {
    *out = static_cast<double>(x);
    return true;
  }
  return other_number_value(v, out);
}

[[gnu::noinline]] static napi_status get_value_double(napi_env env, napi_value value,
                                                      double* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  if (!number_value(py(value), result)) return set_last_error(env, napi_number_expected);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_value_double(napi_env env, napi_value value, double* result) {
  // Floats and small ints, with every check (NAPI_CHECK_ENV's too), as a leaf (no
  // stack frame); everything else, errors included, in the full skeleton above.
  if (env != nullptr && !env->in_gc_finalizer && value != nullptr && result != nullptr) {
    PyObject* v = py(value);
    long long x;
    if (Py_TYPE(v) == &PyFloat_Type) {
      *result = PyFloat_AS_DOUBLE(v);
      return clear_last_error(env);
    }
    if (small_int_value(v, &x)) {
      *result = static_cast<double>(x);
      return clear_last_error(env);
    }
  }
  return get_value_double(env, value, result);
}

// ECMAScript ToInt32/ToUint32 of a double: truncate, then modulo 2^32.
static uint32_t double_to_uint32_bits(double d) {
  if (!std::isfinite(d)) return 0;
  double t = std::trunc(d);
  double m = std::fmod(t, 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return static_cast<uint32_t>(m);
}

NAPI_EXPORT napi_status napi_get_value_int32(napi_env env, napi_value value, int32_t* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  PyObject* v = py(value);
  long long small;
  if (small_int_value(v, &small)) {
    *result = static_cast<int32_t>(small);  // |small| < 2**30: no wrap-around
    return clear_last_error(env);
  }
  if (Py_TYPE(v) == &PyLong_Type) {
    int overflow = 0;
    long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (overflow == 0 && x <= 9007199254740992LL && x >= -9007199254740992LL) {
      *result = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(x)));
      return clear_last_error(env);
    }
  }
  double d;
  if (!number_value(v, &d)) return set_last_error(env, napi_number_expected);
  *result = static_cast<int32_t>(double_to_uint32_bits(d));
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_value_uint32(napi_env env, napi_value value, uint32_t* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  long long small;
  if (small_int_value(py(value), &small)) {
    *result = static_cast<uint32_t>(small);  // ToUint32: modulo 2**32, as the cast
    return clear_last_error(env);
  }
  double d;
  if (!number_value(py(value), &d)) return set_last_error(env, napi_number_expected);
  *result = double_to_uint32_bits(d);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_value_int64(napi_env env, napi_value value, int64_t* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  long long small;
  if (small_int_value(py(value), &small)) {
    *result = small;
    return clear_last_error(env);
  }
  double d;
  if (!number_value(py(value), &d)) return set_last_error(env, napi_number_expected);
  if (!std::isfinite(d)) {
    *result = 0;
  } else if (d >= 9223372036854775808.0) {
    *result = INT64_MAX;
  } else if (d <= -9223372036854775808.0) {
    *result = INT64_MIN;
  } else {
    *result = static_cast<int64_t>(d);
  }
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_value_bool(napi_env env, napi_value value, bool* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  PyObject* v = py(value);
  if (!PyBool_Check(v)) {
    PyObject* p = as_primitive(v);  // a numpy.bool_ is a boolean
    if (p == nullptr) return take_python_error(env);
    bool is_bool = PyBool_Check(p);
    if (is_bool) *result = p == Py_True;  // (on failure, untouched: as in Node)
    Py_DECREF(p);
    if (!is_bool) return set_last_error(env, napi_boolean_expected);
    return clear_last_error(env);
  }
  *result = v == Py_True;
  return clear_last_error(env);
}

// ---------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------
static napi_status check_string_args(napi_env env, const void* str, size_t length,
                                     napi_value* result) {
  NAPI_CHECK_ARG(env, result);
  if (str == nullptr && length != 0) return set_last_error(env, napi_invalid_arg);
  if (length != NAPI_AUTO_LENGTH && length > INT32_MAX)
    return set_last_error(env, napi_invalid_arg);
  return napi_ok;
}

static PyObject* decode_utf16(const char16_t* str, size_t length) {
  if (length == NAPI_AUTO_LENGTH) {
    length = 0;
    while (str[length] != 0) length++;
  }
  int byteorder = -1;  // little endian, as on every platform we build for
  return PyUnicode_DecodeUTF16(reinterpret_cast<const char*>(str),
                               static_cast<Py_ssize_t>(length * 2), "surrogatepass", &byteorder);
}

static PyObject* decode_latin1(const char* str, size_t length) {
  if (length == NAPI_AUTO_LENGTH) length = strlen(str);
  return PyUnicode_DecodeLatin1(str, static_cast<Py_ssize_t>(length), nullptr);
}

// memcpy without the call for the short runs most strings are (two overlapping
// loads and stores; src and dst do not overlap).
static inline void copy_bytes(void* dst, const void* src, size_t n) {
  auto* d = static_cast<char*>(dst);
  auto* s = static_cast<const char*>(src);
  if (n > 16) {
    memcpy(d, s, n);
  } else if (n >= 8) {
    uint64_t a, b;
    memcpy(&a, s, 8);
    memcpy(&b, s + n - 8, 8);
    memcpy(d, &a, 8);
    memcpy(d + n - 8, &b, 8);
  } else if (n >= 4) {
    uint32_t a, b;
    memcpy(&a, s, 4);
    memcpy(&b, s + n - 4, 4);
    memcpy(d, &a, 4);
    memcpy(d + n - 4, &b, 4);
  } else if (n > 0) {
    d[0] = s[0];
    d[n / 2] = s[n / 2];
    d[n - 1] = s[n - 1];
  }
}

// Whether n >= 2 bytes are all ASCII: a word at a time, the last (short) one read
// overlapping the one before (stops at the first word that is not).
static inline bool all_ascii(const char* s, size_t n) {
  constexpr uint64_t kHigh8 = 0x8080808080808080ULL;
  uint64_t w, v;
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      memcpy(&w, s + i, 8);
      if (w & kHigh8) return false;
    }
    memcpy(&w, s + n - 8, 8);
    return (w & kHigh8) == 0;
  }
  uint32_t a, b;
  if (n >= 4) {
    memcpy(&a, s, 4);
    memcpy(&b, s + n - 4, 4);
    return ((a | b) & 0x80808080U) == 0;
  }
  v = static_cast<unsigned char>(s[0]) | static_cast<unsigned char>(s[n / 2]) |
      static_cast<unsigned char>(s[n - 1]);
  return v < 0x80;
}

[[gnu::always_inline]] static inline PyObject* decode_utf8(const char* str, size_t length) {
  if (length == NAPI_AUTO_LENGTH) length = strlen(str);
  // ASCII (the usual text): its bytes are the str's, copied into a new ASCII str
  // without the decoder's dispatch. (One character: the decoder's cached singletons.)
  if (length > 1 && all_ascii(str, length)) {
    PyObject* s = PyUnicode_New(static_cast<Py_ssize_t>(length), 127);
    if (s != nullptr) copy_bytes(reinterpret_cast<PyASCIIObject*>(s) + 1, str, length);  // (its data)
    return s;
  }
  // V8 turns invalid UTF-8 into U+FFFD, as "replace" does.
  return PyUnicode_DecodeUTF8(str, static_cast<Py_ssize_t>(length), "replace");
}

static napi_status finish_string(napi_env env, PyObject* s, napi_value* result, bool intern) {
  if (s == nullptr) return take_python_error(env);
  if (intern) PyUnicode_InternInPlace(&s);
  clear_last_error(env);
  return own_result(s, result);
}

#define NAPI_STRING_CREATOR(fn, char_t, decoder, intern)                                   \
  NAPI_EXPORT NAPI_NO_VECTORIZE napi_status fn(napi_env env, const char_t* str,           \
                                               size_t length, napi_value* result) {       \
    NAPI_CHECK_ENV(env);                                                                  \
    napi_status s = check_string_args(env, str, length, result);                         \
    if (s != napi_ok) return s;                                                           \
    if (str == nullptr) return finish_string(env, PyUnicode_FromString(""), result, false); \
    return finish_string(env, decoder(str, length), result, intern);                      \
  }

NAPI_STRING_CREATOR(napi_create_string_utf8, char, decode_utf8, false)
NAPI_STRING_CREATOR(napi_create_string_latin1, char, decode_latin1, false)
NAPI_STRING_CREATOR(napi_create_string_utf16, char16_t, decode_utf16, false)
NAPI_STRING_CREATOR(node_api_create_property_key_utf8, char, decode_utf8, true)
NAPI_STRING_CREATOR(node_api_create_property_key_latin1, char, decode_latin1, true)
NAPI_STRING_CREATOR(node_api_create_property_key_utf16, char16_t, decode_utf16, true)

// External strings are always copied here (Python strings own their storage); as
// Node documents for a copied external string, the finalizer has run by return.
NAPI_EXPORT napi_status node_api_create_external_string_latin1(napi_env env, char* str,
                                                               size_t length,
                                                               napi_finalize finalize_callback,
                                                               void* finalize_hint,
                                                               napi_value* result,
                                                               bool* copied) {
  NAPI_CHECK_ENV(env);
  napi_status s = check_string_args(env, str, length, result);
  if (s != napi_ok) return s;
  PyObject* o = str ? decode_latin1(str, length) : PyUnicode_FromString("");
  if (o == nullptr) return take_python_error(env);
  *result = own(o);
  if (copied != nullptr) *copied = true;
  if (finalize_callback != nullptr) finalize_callback(env, str, finalize_hint);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status node_api_create_external_string_utf16(napi_env env, char16_t* str,
                                                              size_t length,
                                                              napi_finalize finalize_callback,
                                                              void* finalize_hint,
                                                              napi_value* result,
                                                              bool* copied) {
  NAPI_CHECK_ENV(env);
  napi_status s = check_string_args(env, str, length, result);
  if (s != napi_ok) return s;
  PyObject* o = str ? decode_utf16(str, length) : PyUnicode_FromString("");
  if (o == nullptr) return take_python_error(env);
  *result = own(o);
  if (copied != nullptr) *copied = true;
  if (finalize_callback != nullptr) finalize_callback(env, str, finalize_hint);
  return clear_last_error(env);
}

[[gnu::noinline]] static napi_status get_value_string_utf8(napi_env env, napi_value value,
                                                           char* buf, size_t bufsize,
                                                           size_t* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  PyObject* v = py(value);
  if (!PyUnicode_Check(v)) return set_last_error(env, napi_string_expected);
  Py_ssize_t len;
  const char* utf8;
  if (PyUnicode_IS_COMPACT_ASCII(v)) {  // the usual case: its bytes are its UTF-8
    utf8 = static_cast<const char*>(PyUnicode_DATA(v));
    len = PyUnicode_GET_LENGTH(v);
  } else {
    utf8 = PyUnicode_AsUTF8AndSize(v, &len);
  }
  PyObject* replaced = nullptr;
  if (utf8 == nullptr) {
    // Lone surrogates: V8 writes U+FFFD for each; "surrogatepass" encodes each as
    // three bytes ED xx xx, which we overwrite with the three bytes of U+FFFD.
    PyErr_Clear();
    replaced = PyUnicode_AsEncodedString(v, "utf-8", "surrogatepass");
    if (replaced == nullptr) return take_python_error(env);
    char* p = PyBytes_AS_STRING(replaced);
    len = PyBytes_GET_SIZE(replaced);
    for (Py_ssize_t i = 0; i + 2 < len; i++) {
      auto b0 = static_cast<unsigned char>(p[i]);
      auto b1 = static_cast<unsigned char>(p[i + 1]);
      if (b0 == 0xED && b1 >= 0xA0) {
        p[i] = static_cast<char>(0xEF);
        p[i + 1] = static_cast<char>(0xBF);
        p[i + 2] = static_cast<char>(0xBD);
        i += 2;
      }
    }
    utf8 = p;
  }
  if (buf == nullptr) {
    if (result == nullptr) {
      Py_XDECREF(replaced);
      return set_last_error(env, napi_invalid_arg);
    }
    *result = static_cast<size_t>(len);
  } else if (bufsize != 0) {
    size_t n = static_cast<size_t>(len) < bufsize - 1 ? static_cast<size_t>(len) : bufsize - 1;
    // Never split a multi-byte character.
    while (n > 0 && n < static_cast<size_t>(len) &&
           (static_cast<unsigned char>(utf8[n]) & 0xC0) == 0x80)
      n--;
    memcpy(buf, utf8, n);
    buf[n] = '\0';
    if (result != nullptr) *result = n;
  } else if (result != nullptr) {
    *result = 0;
  }
  Py_XDECREF(replaced);
  return clear_last_error(env);
}

// The end of napi_get_value_string_utf8's fast path for a long string (a tail call:
// the fast path itself needs no stack frame).
[[gnu::noinline]] static napi_status copy_string_out(char* buf, const void* data, size_t n,
                                                     size_t* result) {
  memcpy(buf, data, n);
  if (result != nullptr) *result = n;
  return napi_ok;
}

NAPI_EXPORT napi_status napi_get_value_string_utf8(napi_env env, napi_value value, char* buf,
                                                   size_t bufsize, size_t* result) {
  // A str of CPython's compact ASCII form (its bytes are its UTF-8, and no character
  // spans bytes) into a buffer, with every check (NAPI_CHECK_ENV's too); everything
  // else, errors included, in the full function above.
  if (env != nullptr && !env->in_gc_finalizer && value != nullptr && buf != nullptr &&
      bufsize != 0) {
    PyObject* v = py(value);
    if (Py_TYPE(v) == &PyUnicode_Type && PyUnicode_IS_COMPACT_ASCII(v)) {
      const void* data = reinterpret_cast<PyASCIIObject*>(v) + 1;  // (PyUnicode_DATA)
      size_t len = static_cast<size_t>(PyUnicode_GET_LENGTH(v));
      size_t n = len < bufsize - 1 ? len : bufsize - 1;
      buf[n] = '\0';
      clear_last_error(env);
      if (n > 16) return copy_string_out(buf, data, n, result);
      copy_bytes(buf, data, n);
      if (result != nullptr) *result = n;
      return napi_ok;
    }
  }
  return get_value_string_utf8(env, value, buf, bufsize, result);
}

NAPI_EXPORT napi_status napi_get_value_string_latin1(napi_env env, napi_value value, char* buf,
                                                     size_t bufsize, size_t* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  PyObject* v = py(value);
  if (!PyUnicode_Check(v)) return set_last_error(env, napi_string_expected);
  std::u16string units;
  str_to_utf16(v, units);
  if (buf == nullptr) {
    NAPI_CHECK_ARG(env, result);
    *result = units.size();
  } else if (bufsize != 0) {
    size_t n = units.size() < bufsize - 1 ? units.size() : bufsize - 1;
    for (size_t i = 0; i < n; i++) buf[i] = static_cast<char>(units[i] & 0xFF);
    buf[n] = '\0';
    if (result != nullptr) *result = n;
  } else if (result != nullptr) {
    *result = 0;
  }
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_value_string_utf16(napi_env env, napi_value value,
                                                    char16_t* buf, size_t bufsize,
                                                    size_t* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  PyObject* v = py(value);
  if (!PyUnicode_Check(v)) return set_last_error(env, napi_string_expected);
  std::u16string units;
  str_to_utf16(v, units);
  if (buf == nullptr) {
    NAPI_CHECK_ARG(env, result);
    *result = units.size();
  } else if (bufsize != 0) {
    size_t n = units.size() < bufsize - 1 ? units.size() : bufsize - 1;
    memcpy(buf, units.data(), n * sizeof(char16_t));
    buf[n] = 0;
    if (result != nullptr) *result = n;
  } else if (result != nullptr) {
    *result = 0;
  }
  return clear_last_error(env);
}

// ---------------------------------------------------------------------------
// typeof, equality, instanceof
// ---------------------------------------------------------------------------
NAPI_EXPORT napi_status napi_typeof(napi_env env, napi_value value, napi_valuetype* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  *result = js_typeof(py(value));
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_strict_equals(napi_env env, napi_value lhs, napi_value rhs,
                                           bool* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, lhs);
  NAPI_CHECK_ARG(env, rhs);
  NAPI_CHECK_ARG(env, result);
  PyObject* a = py(lhs);
  PyObject* b = py(rhs);
  napi_valuetype ta = js_typeof(a);
  napi_valuetype tb = js_typeof(b);
  if (ta != tb) {
    *result = false;
  } else if (ta == napi_number) {
    double x = 0, y = 0;
    number_value(a, &x);
    number_value(b, &y);
    *result = x == y;  // NaN !== NaN, 0 === -0
  } else if (a == b) {
    *result = true;
  } else if (ta == napi_string || ta == napi_bigint || ta == napi_boolean) {
    // (numpy.bool_ and numpy integers as the bool and int they stand for)
    PyObject* pa = as_primitive(a);
    PyObject* pb = pa != nullptr ? as_primitive(b) : nullptr;
    int r = pb != nullptr ? PyObject_RichCompareBool(pa, pb, Py_EQ) : -1;
    Py_XDECREF(pa);
    Py_XDECREF(pb);
    if (r < 0) return take_python_error(env);
    *result = r == 1;
  } else {
    *result = false;
  }
  return clear_last_error(env);
}

// ---------------------------------------------------------------------------
// BigInt
// ---------------------------------------------------------------------------
static napi_status make_bigint(napi_env env, PyObject* integer, napi_value* result) {
  if (integer == nullptr) return take_python_error(env);
  PyObject* b = PyObject_CallOneArg(python_types.BigInt, integer);
  Py_DECREF(integer);
  if (b == nullptr) return take_python_error(env);
  *result = own(b);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_create_bigint_int64(napi_env env, int64_t value,
                                                 napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  return make_bigint(env, PyLong_FromLongLong(value), result);
}

NAPI_EXPORT napi_status napi_create_bigint_uint64(napi_env env, uint64_t value,
                                                  napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  return make_bigint(env, PyLong_FromUnsignedLongLong(value), result);
}

NAPI_EXPORT napi_status napi_create_bigint_words(napi_env env, int sign_bit, size_t word_count,
                                                 const uint64_t* words, napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, words);
  NAPI_CHECK_ARG(env, result);
  if (word_count > INT32_MAX) return set_last_error(env, napi_invalid_arg);
  if (word_count > (1u << 24)) {  // V8's limit is 2^30 bits
    return throw_js_error(env, python_types.JSRangeError, "Maximum BigInt size exceeded",
                          napi_pending_exception);
  }
  PyObject* value = PyLong_FromLong(0);
  PyObject* shift = PyLong_FromLong(64);
  for (size_t i = word_count; value != nullptr && i-- > 0;) {
    PyObject* shifted = PyNumber_Lshift(value, shift);
    Py_DECREF(value);
    PyObject* word = shifted ? PyLong_FromUnsignedLongLong(words[i]) : nullptr;
    value = word ? PyNumber_Or(shifted, word) : nullptr;
    Py_XDECREF(shifted);
    Py_XDECREF(word);
  }
  Py_XDECREF(shift);
  if (value != nullptr && sign_bit != 0) {
    PyObject* neg = PyNumber_Negative(value);
    Py_DECREF(value);
    value = neg;
  }
  return make_bigint(env, value, result);
}

NAPI_EXPORT napi_status napi_get_value_bigint_int64(napi_env env, napi_value value,
                                                    int64_t* result, bool* lossless) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  NAPI_CHECK_ARG(env, lossless);
  PyObject* v = py(value);
  if (js_typeof(v) != napi_bigint) return set_last_error(env, napi_bigint_expected);
  OwnedRef held(as_primitive(v));  // a numpy integer: its int
  if (!held) return take_python_error(env);
  v = held.get();
  int overflow = 0;
  long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
  if (overflow == 0) {
    *result = x;
    *lossless = true;
  } else {
    *result = static_cast<int64_t>(PyLong_AsUnsignedLongLongMask(v));
    *lossless = false;
  }
  if (PyErr_Occurred()) return take_python_error(env);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_value_bigint_uint64(napi_env env, napi_value value,
                                                     uint64_t* result, bool* lossless) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  NAPI_CHECK_ARG(env, lossless);
  PyObject* v = py(value);
  if (js_typeof(v) != napi_bigint) return set_last_error(env, napi_bigint_expected);
  OwnedRef held(as_primitive(v));  // a numpy integer: its int
  if (!held) return take_python_error(env);
  v = held.get();
  unsigned long long x = PyLong_AsUnsignedLongLong(v);
  if (x == static_cast<unsigned long long>(-1) && PyErr_Occurred()) {
    PyErr_Clear();
    *result = PyLong_AsUnsignedLongLongMask(v);
    *lossless = false;
  } else {
    *result = x;
    *lossless = true;
  }
  if (PyErr_Occurred()) return take_python_error(env);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_value_bigint_words(napi_env env, napi_value value,
                                                    int* sign_bit, size_t* word_count,
                                                    uint64_t* words) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, word_count);
  PyObject* v = py(value);
  if (js_typeof(v) != napi_bigint) return set_last_error(env, napi_bigint_expected);
  OwnedRef held(as_primitive(v));  // a numpy integer: its int
  if (!held) return take_python_error(env);
  v = held.get();
  // Node: with neither sign_bit nor words a query of the count; with either one,
  // both are required (a sign_bit without words is napi_invalid_arg).
  if (sign_bit != nullptr || words != nullptr) {
    NAPI_CHECK_ARG(env, sign_bit);
    NAPI_CHECK_ARG(env, words);
  }
  PyObject* magnitude = PyNumber_Absolute(v);
  if (magnitude == nullptr) return take_python_error(env);
  PyObject* bits_obj = PyObject_CallMethod(magnitude, "bit_length", nullptr);
  if (bits_obj == nullptr) {
    Py_DECREF(magnitude);
    return take_python_error(env);
  }
  size_t bits = PyLong_AsSize_t(bits_obj);
  Py_DECREF(bits_obj);
  size_t needed = (bits + 63) / 64;
  if (words == nullptr) {
    *word_count = needed;
  } else {
    PyObject* shift = PyLong_FromLong(64);
    PyObject* rest = Py_NewRef(magnitude);
    size_t n = *word_count < needed ? *word_count : needed;
    for (size_t i = 0; i < n && rest != nullptr; i++) {
      words[i] = PyLong_AsUnsignedLongLongMask(rest);
      PyObject* next = PyNumber_Rshift(rest, shift);
      Py_DECREF(rest);
      rest = next;
    }
    Py_XDECREF(rest);
    Py_XDECREF(shift);
    PyObject* zero = PyLong_FromLong(0);
    *sign_bit = zero != nullptr && PyObject_RichCompareBool(v, zero, Py_LT) == 1 ? 1 : 0;
    Py_XDECREF(zero);
    *word_count = needed;  // V8 reports the words the value needs, even past the buffer
  }
  Py_DECREF(magnitude);
  if (PyErr_Occurred()) return take_python_error(env);
  return clear_last_error(env);
}

// ---------------------------------------------------------------------------
// Date (datetime.datetime, aware in UTC when the addon creates it)
// ---------------------------------------------------------------------------
namespace {
// 1970-01-01T00:00:00+00:00, made once (GIL held); NULL with an exception set when the
// datetime module's C API cannot be imported.
PyObject* date_epoch() {
  static PyObject* epoch = nullptr;
  if (epoch == nullptr) {
    if (PyDateTimeAPI == nullptr) PyDateTime_IMPORT;
    if (PyDateTimeAPI == nullptr) return nullptr;
    epoch = PyDateTimeAPI->DateTime_FromDateAndTime(1970, 1, 1, 0, 0, 0, 0, python_types.utc,
                                                    PyDateTimeAPI->DateTimeType);
  }
  return epoch;
}
}  // namespace

// A JS Date is a datetime.datetime (aware, UTC) when one can hold it; otherwise (years
// before 1 or after 9999, an Invalid Date) a napi_python.Date holding the time value.
NAPI_EXPORT napi_status napi_create_date(napi_env env, double time, napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  // TimeClip: whole milliseconds within +/-8.64e15, else NaN (an Invalid Date).
  time = std::isfinite(time) && std::fabs(time) <= 8.64e15 ? std::trunc(time) + 0.0 : NAN;
  PyObject* d = nullptr;
  if (std::isfinite(time) && time >= -62135596800000.0 && time <= 253402300799999.0) {
    // The epoch plus the time value as an exact timedelta: fromtimestamp(time / 1000)
    // rounded a far date's float seconds to the wrong microsecond (9999-12-31
    // 23:59:59.999 was ...59.998993).
    long long t = static_cast<long long>(time);
    long long days = t / 86400000, ms = t % 86400000;
    if (ms < 0) {
      ms += 86400000;
      days -= 1;
    }
    PyObject* epoch = date_epoch();
    PyObject* delta = epoch != nullptr ? PyDelta_FromDSU(static_cast<int>(days),
                                                         static_cast<int>(ms / 1000),
                                                         static_cast<int>(ms % 1000) * 1000)
                                       : nullptr;
    d = delta != nullptr ? PyNumber_Add(epoch, delta) : nullptr;
    Py_XDECREF(delta);
    if (d == nullptr) {
      if (!PyErr_ExceptionMatches(PyExc_ValueError) &&
          !PyErr_ExceptionMatches(PyExc_OverflowError) && !PyErr_ExceptionMatches(PyExc_OSError))
        return take_python_error(env);
      PyErr_Clear();
    }
  }
  if (d == nullptr) d = PyObject_CallFunction(python_types.Date, "d", time);
  if (d == nullptr) return take_python_error(env);
  *result = own(d);
  return clear_last_error(env);
}

bool napi_python::is_js_date(PyObject* v) {
  return (python_types.datetime != nullptr &&
          PyObject_TypeCheck(v, reinterpret_cast<PyTypeObject*>(python_types.datetime))) ||
         (python_types.Date != nullptr &&
          PyObject_TypeCheck(v, reinterpret_cast<PyTypeObject*>(python_types.Date)));
}

int napi_python::date_time_value(PyObject* v, double* out) {
  if (python_types.Date != nullptr &&
      PyObject_TypeCheck(v, reinterpret_cast<PyTypeObject*>(python_types.Date))) {
    PyObject* t = PyObject_GetAttrString(v, "time");
    if (t == nullptr) return -1;
    double ms = PyFloat_AsDouble(t);
    Py_DECREF(t);
    if (ms == -1.0 && PyErr_Occurred()) return -1;
    *out = ms;
    return 0;
  }
  // Exactly, from the datetime's days, seconds and microseconds since the epoch (a
  // naive datetime is local time, as timestamp() takes it): timestamp()'s float
  // seconds made a far date's time value fractional (100000000000123.02).
  PyObject* epoch = date_epoch();
  if (epoch == nullptr) return -1;
  PyObject* aware = PyObject_CallMethod(v, "astimezone", "O", python_types.utc);
  PyObject* delta = aware != nullptr ? PyNumber_Subtract(aware, epoch) : nullptr;
  Py_XDECREF(aware);
  if (delta == nullptr) return -1;
  if (!PyDelta_Check(delta)) {
    PyErr_Format(PyExc_TypeError, "a datetime minus the epoch gave %.200s, not a timedelta",
                 Py_TYPE(delta)->tp_name);
    Py_DECREF(delta);
    return -1;
  }
  long long days = PyDateTime_DELTA_GET_DAYS(delta);
  long long seconds = PyDateTime_DELTA_GET_SECONDS(delta);
  long long us = PyDateTime_DELTA_GET_MICROSECONDS(delta);
  Py_DECREF(delta);
  *out = static_cast<double>((days * 86400 + seconds) * 1000) + static_cast<double>(us) / 1000.0;
  return 0;
}

NAPI_EXPORT napi_status napi_is_date(napi_env env, napi_value value, bool* is_date) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, is_date);
  *is_date = is_js_date(py(value));
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_date_value(napi_env env, napi_value value, double* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  PyObject* v = py(value);
  if (!is_js_date(v)) return set_last_error(env, napi_date_expected);
  if (date_time_value(v, result) < 0) return take_python_error(env);
  return clear_last_error(env);
}

// ---------------------------------------------------------------------------
// Symbols
// ---------------------------------------------------------------------------

NAPI_EXPORT napi_status napi_create_symbol(napi_env env, napi_value description,
                                           napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  PyObject* desc = Py_None;
  if (description != nullptr) {
    desc = py(description);
    if (!PyUnicode_Check(desc)) return set_last_error(env, napi_string_expected);
  }
  PyObject* s = PyObject_CallOneArg(reinterpret_cast<PyObject*>(&SymbolType), desc);
  if (s == nullptr) return take_python_error(env);
  *result = own(s);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status node_api_symbol_for(napi_env env, const char* utf8description,
                                            size_t length, napi_value* result) {
  NAPI_CHECK_ENV(env);
  // The description is checked as napi_create_string_utf8 checks a string: NULL
  // only with length 0 (the empty description).
  napi_status status = check_string_args(env, utf8description, length, result);
  if (status != napi_ok) return status;
  PyObject* key = name_from_utf8(utf8description, length);
  if (key == nullptr) return take_python_error(env);
  PyObject* s = symbol_for(key);
  Py_DECREF(key);
  if (s == nullptr) return take_python_error(env);
  *result = own(s);
  return clear_last_error(env);
}
