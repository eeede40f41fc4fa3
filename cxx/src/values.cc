// Values: primitives, strings, BigInt, Date, symbols; typeof, equality, instanceof
// and the JS coercions (ToBoolean, ToNumber, ToString, ToObject).
#include "types.h"
#include "core_api.h"

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
static bool int_is_number(PyObject* v) {
  int overflow = 0;
  long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
  if (overflow != 0) return false;
  if (x == -1 && PyErr_Occurred()) {
    PyErr_Clear();
    return false;
  }
  return x <= 9007199254740992LL && x >= -9007199254740992LL;
}

napi_valuetype js_typeof(PyObject* v) {
  if (v == Py_None) return napi_undefined;
  if (v == NAPI_PY_NULL) return napi_null;
  PyTypeObject* tp = Py_TYPE(v);
  if (tp == &PyFloat_Type) return napi_number;
  if (tp == &PyLong_Type) return int_is_number(v) ? napi_number : napi_bigint;
  if (tp == &PyBool_Type) return napi_boolean;
  if (tp == &PyUnicode_Type) return napi_string;
  if (tp == &FunctionType || tp == &BoundFunctionType) return napi_function;
  if (is_object_family(v)) return napi_object;
  if (tp == &SymbolType) return napi_symbol;
  if (tp == &ExternalType) return napi_external;
  if (python_types.BigInt != nullptr && is_bigint(v)) return napi_bigint;
  if (PyLong_Check(v)) return int_is_number(v) ? napi_number : napi_bigint;
  if (PyFloat_Check(v)) return napi_number;
  if (PyUnicode_Check(v)) return napi_string;
  if (PyCallable_Check(v)) return napi_function;
  return napi_object;
}

// Number -> string, as JS Number.prototype.toString() (ECMA-262 Number::toString):
// the shortest round-trip digits (Python's repr finds them), laid out by JS rules.
static PyObject* number_to_string(double v) {
  if (std::isnan(v)) return PyUnicode_FromString("NaN");
  if (v == 0) return PyUnicode_FromString("0");
  if (std::isinf(v)) return PyUnicode_FromString(v > 0 ? "Infinity" : "-Infinity");
  char* repr = PyOS_double_to_string(std::fabs(v), 'r', 0, 0, nullptr);
  if (repr == nullptr) return nullptr;
  std::string text(repr);
  PyMem_Free(repr);
  int exp10 = 0;
  size_t e = text.find_first_of("eE");
  std::string mant = text;
  if (e != std::string::npos) {
    exp10 = std::atoi(text.c_str() + e + 1);
    mant = text.substr(0, e);
  }
  size_t dot = mant.find('.');
  std::string ip = dot == std::string::npos ? mant : mant.substr(0, dot);
  std::string fp = dot == std::string::npos ? "" : mant.substr(dot + 1);
  std::string digits = ip + fp;
  int n = static_cast<int>(ip.size()) + exp10;  // value = 0.digits * 10^n
  size_t lead = digits.find_first_not_of('0');
  digits = digits.substr(lead);
  n -= static_cast<int>(lead);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  int k = static_cast<int>(digits.size());
  std::string out = v < 0 ? "-" : "";
  if (k <= n && n <= 21) {
    out += digits + std::string(n - k, '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, n) + "." + digits.substr(n);
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(-n, '0') + digits;
  } else {
    int ex = n - 1;
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += ex < 0 ? "e-" : "e+";
    out += std::to_string(ex < 0 ? -ex : ex);
  }
  return PyUnicode_FromStringAndSize(out.data(), static_cast<Py_ssize_t>(out.size()));
}

PyObject* call_js_function(PyObject* func, PyObject* this_arg, PyObject* const* args,
                           size_t nargs);  // functions.cc

static inline bool is_primitive(PyObject* v) {
  napi_valuetype t = js_typeof(v);
  return t != napi_object && t != napi_function && t != napi_external;
}

enum class Hint { kString, kNumber, kDefault };

static PyObject* cannot_convert_to_primitive() {
  PyErr_SetString(python_types.JSTypeError, "Cannot convert object to primitive value");
  return nullptr;
}

// Values whose conversion methods are JS properties: plain objects and class
// instances (Object.prototype gives toString / valueOf), dicts, functions, and any
// Python object that has a `toString`, `valueOf` or Symbol.toPrimitive attribute.
// JS ToPrimitive (ECMA-262 7.1.1): Symbol.toPrimitive if present, else toString /
// valueOf in the hint's order; the first primitive result wins. New reference; NULL
// with an error (a method threw, or nothing gave a primitive); NULL without an error
// when the value has none of these methods (a Python object: its Python default
// applies).
static PyObject* to_primitive_by_methods(PyObject* v, Hint hint) {
  bool any = false;
  if (symbol_to_primitive != nullptr) {
    PyObject* exotic = js_get(v, symbol_to_primitive);
    if (exotic == nullptr) return nullptr;
    if (exotic != Py_None && exotic != NAPI_PY_NULL) {
      if (!PyCallable_Check(exotic)) {
        Py_DECREF(exotic);
        PyErr_SetString(python_types.JSTypeError, "Symbol.toPrimitive is not a function");
        return nullptr;
      }
      PyObject* h = PyUnicode_FromString(hint == Hint::kString   ? "string"
                                         : hint == Hint::kNumber ? "number"
                                                                 : "default");
      PyObject* r = h != nullptr ? call_js_function(exotic, v, &h, 1) : nullptr;
      Py_XDECREF(h);
      Py_DECREF(exotic);
      if (r != nullptr && !is_primitive(r)) {
        Py_DECREF(r);
        return cannot_convert_to_primitive();
      }
      return r;
    }
    Py_DECREF(exotic);
  }
  static PyObject* to_string_key = PyUnicode_InternFromString("toString");
  static PyObject* value_of_key = PyUnicode_InternFromString("valueOf");
  PyObject* order[2] = {to_string_key, value_of_key};
  if (hint != Hint::kString) std::swap(order[0], order[1]);
  for (PyObject* name : order) {
    PyObject* fn = js_get(v, name);
    if (fn == nullptr) return nullptr;
    if (PyCallable_Check(fn)) {
      any = true;
      PyObject* r = call_js_function(fn, v, nullptr, 0);
      Py_DECREF(fn);
      if (r == nullptr || is_primitive(r)) return r;
      Py_DECREF(r);
    } else {
      Py_DECREF(fn);
    }
  }
  return any ? cannot_convert_to_primitive() : nullptr;
}

// Whether ToPrimitive looks the conversion methods up as JS properties (see above).
static bool has_js_conversion(PyObject* v) {
  if (is_object_family(v) || PyDict_Check(v)) return true;
  if (Py_TYPE(v) == &FunctionType) return reinterpret_cast<FunctionObject*>(v)->props != nullptr;
  if (PyList_Check(v) || PyTuple_Check(v) || Py_TYPE(v) == &ExternalType) return false;
  if (PyExceptionInstance_Check(v) || PyType_Check(v)) return false;
  return true;  // a Python object: its attributes
}

// Array.prototype.join(","): null and undefined elements are empty, and an array
// met again while it is being joined (a cycle) is empty too, as in JS. The arrays
// being joined on this thread:
static thread_local std::vector<PyObject*> joining;

static PyObject* array_join(PyObject* v, PyObject* separator) {
  for (PyObject* a : joining)
    if (a == v) return PyUnicode_FromString("");
  PyObject* parts = PyList_New(0);
  if (parts == nullptr) return nullptr;
  joining.push_back(v);
  PyObject* r = nullptr;
  bool ok = true;
  // The list may change under a toString that Python code runs: index on each turn.
  for (Py_ssize_t i = 0; ok && i < PySequence_Fast_GET_SIZE(v); i++) {
    PyObject* item = Py_NewRef(PySequence_Fast_GET_ITEM(v, i));
    PyObject* s = (item == Py_None || item == NAPI_PY_NULL) ? PyUnicode_FromString("")
                                                            : js_to_string(item);
    Py_DECREF(item);
    ok = s != nullptr && PyList_Append(parts, s) == 0;
    Py_XDECREF(s);
  }
  joining.pop_back();
  if (ok) r = PyUnicode_Join(separator, parts);
  Py_DECREF(parts);
  return r;
}

static PyObject* array_to_string(PyObject* v) {
  static PyObject* comma = PyUnicode_InternFromString(",");
  return array_join(v, comma);
}

// ToString of a non-primitive (or of a Python object).
static PyObject* object_to_string(PyObject* v) {
  if (PyList_Check(v) || PyTuple_Check(v)) return array_to_string(v);
  if (has_js_conversion(v)) {
    PyObject* p = to_primitive_by_methods(v, Hint::kString);
    if (p != nullptr) {
      Py_SETREF(p, js_to_string(p));
      return p;
    }
    if (PyErr_Occurred()) return nullptr;
  }
  if (Py_TYPE(v) == &FunctionType)
    return PyUnicode_FromFormat("function %U() { [native code] }",
                                reinterpret_cast<FunctionObject*>(v)->name);
  if (is_object_family(v) || PyDict_Check(v) || Py_TYPE(v) == &ExternalType)
    return PyUnicode_FromString("[object Object]");
  if (PyExceptionInstance_Check(v)) {
    PyObject* name = PyObject_GetAttrString(v, "name");
    if (name == nullptr) {
      PyErr_Clear();
      name = PyUnicode_FromString(Py_TYPE(v)->tp_name);
    }
    PyObject* msg = PyObject_Str(v);
    PyObject* r = nullptr;
    if (name != nullptr && msg != nullptr)
      r = PyUnicode_GET_LENGTH(msg) ? PyUnicode_FromFormat("%S: %U", name, msg)
                                    : PyObject_Str(name);
    Py_XDECREF(name);
    Py_XDECREF(msg);
    return r;
  }
  return PyObject_Str(v);  // a Python object's JS toString is its str()
}

PyObject* js_to_string(PyObject* v) {
  if (PyUnicode_Check(v)) return Py_NewRef(v);
  if (v == Py_None) return PyUnicode_FromString("undefined");
  if (v == NAPI_PY_NULL) return PyUnicode_FromString("null");
  if (PyBool_Check(v)) return PyUnicode_FromString(v == Py_True ? "true" : "false");
  if (PyFloat_Check(v)) return number_to_string(PyFloat_AS_DOUBLE(v));
  if (PyLong_Check(v)) return PyLong_Type.tp_repr(v);  // decimal digits, also for BigInt
  if (Py_TYPE(v) == &SymbolType) {
    PyErr_SetString(python_types.JSTypeError ? python_types.JSTypeError : PyExc_TypeError,
                    "Cannot convert a Symbol value to a string");
    return nullptr;
  }
  // Nested arrays and toString methods recurse: a value too deep raises
  // RecursionError (JS: RangeError) instead of overflowing the C stack.
  if (Py_EnterRecursiveCall(" while converting a value to a string")) return nullptr;
  PyObject* r = object_to_string(v);
  Py_LeaveRecursiveCall();
  return r;
}

static bool is_js_space(Py_UCS4 c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
         c == 0xA0 || c == 0xFEFF || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// JS StringToNumber.
static double string_to_number(PyObject* s) {
  Py_ssize_t n = PyUnicode_GET_LENGTH(s);
  Py_ssize_t a = 0, b = n;
  while (a < b && is_js_space(PyUnicode_READ_CHAR(s, a))) a++;
  while (b > a && is_js_space(PyUnicode_READ_CHAR(s, b - 1))) b--;
  if (a == b) return 0;
  std::string t;
  for (Py_ssize_t i = a; i < b; i++) {
    Py_UCS4 c = PyUnicode_READ_CHAR(s, i);
    if (c > 127) return NAN;
    t.push_back(static_cast<char>(c));
  }
  if (t == "Infinity" || t == "+Infinity") return INFINITY;
  if (t == "-Infinity") return -INFINITY;
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X' || t[1] == 'o' ||
                                      t[1] == 'O' || t[1] == 'b' || t[1] == 'B')) {
    int base = (t[1] == 'x' || t[1] == 'X') ? 16 : (t[1] == 'o' || t[1] == 'O') ? 8 : 2;
    double r = 0;
    for (size_t i = 2; i < t.size(); i++) {
      int d;
      char c = t[i];
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
      else return NAN;
      if (d >= base) return NAN;
      r = r * base + d;
    }
    return r;
  }
  // StrDecimalLiteral: [+-] digits [. digits] [e [+-] digits]
  size_t i = 0;
  if (t[i] == '+' || t[i] == '-') i++;
  size_t int_digits = 0, frac_digits = 0;
  while (i < t.size() && isdigit(static_cast<unsigned char>(t[i]))) i++, int_digits++;
  if (i < t.size() && t[i] == '.') {
    i++;
    while (i < t.size() && isdigit(static_cast<unsigned char>(t[i]))) i++, frac_digits++;
  }
  if (int_digits + frac_digits == 0) return NAN;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    i++;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) i++;
    size_t exp_digits = 0;
    while (i < t.size() && isdigit(static_cast<unsigned char>(t[i]))) i++, exp_digits++;
    if (exp_digits == 0) return NAN;
  }
  if (i != t.size()) return NAN;
  return PyOS_string_to_double(t.c_str(), nullptr, nullptr);
}

int js_to_number(PyObject* v, double* out) {
  if (PyFloat_Check(v)) {
    *out = PyFloat_AS_DOUBLE(v);
  } else if (v == Py_None) {
    *out = NAN;
  } else if (v == NAPI_PY_NULL) {
    *out = 0;
  } else if (PyBool_Check(v)) {
    *out = v == Py_True ? 1 : 0;
  } else if (PyLong_Check(v)) {
    if (js_typeof(v) == napi_bigint) {
      PyErr_SetString(python_types.JSTypeError, "Cannot convert a BigInt value to a number");
      return -1;
    }
    *out = PyLong_AsDouble(v);
  } else if (PyUnicode_Check(v)) {
    *out = string_to_number(v);
  } else if (Py_TYPE(v) == &SymbolType) {
    PyErr_SetString(python_types.JSTypeError, "Cannot convert a Symbol value to a number");
    return -1;
  } else if (python_types.Date != nullptr &&
             PyObject_TypeCheck(v, reinterpret_cast<PyTypeObject*>(python_types.Date))) {
    PyObject* t = PyObject_GetAttrString(v, "time");
    if (t == nullptr) return -1;
    *out = PyFloat_AsDouble(t);
    Py_DECREF(t);
  } else if (python_types.datetime != nullptr &&
             PyObject_TypeCheck(v, reinterpret_cast<PyTypeObject*>(python_types.datetime))) {
    PyObject* ts = PyObject_CallMethod(v, "timestamp", nullptr);
    if (ts == nullptr) return -1;
    *out = std::round(PyFloat_AsDouble(ts) * 1e6) / 1e3;
    Py_DECREF(ts);
  } else if (PyList_Check(v) || PyTuple_Check(v)) {
    PyObject* s = js_to_string(v);
    if (s == nullptr) return -1;
    *out = string_to_number(s);
    Py_DECREF(s);
  } else {
    // An object: ToPrimitive (valueOf first), then ToNumber of the primitive.
    PyObject* p = nullptr;
    if (has_js_conversion(v)) {
      if (Py_EnterRecursiveCall(" while converting a value to a number")) return -1;
      p = to_primitive_by_methods(v, Hint::kNumber);
      Py_LeaveRecursiveCall();
      if (p == nullptr && PyErr_Occurred()) return -1;
    }
    if (p != nullptr) {
      int rc = js_to_number(p, out);
      Py_DECREF(p);
      return rc;
    }
    PyNumberMethods* nb = Py_TYPE(v)->tp_as_number;
    if (nb != nullptr && (nb->nb_float != nullptr || nb->nb_index != nullptr) &&
        !PyExceptionInstance_Check(v) && Py_TYPE(v) != &FunctionType) {
      // A Python number (numpy scalar, Decimal, Fraction...): its value.
      PyObject* f = PyNumber_Float(v);
      if (f != nullptr) {
        *out = PyFloat_AS_DOUBLE(f);
        Py_DECREF(f);
        return 0;
      }
      if (!PyErr_ExceptionMatches(PyExc_TypeError)) return -1;
      PyErr_Clear();  // not a scalar after all (a numpy array): its str() below
    }
    if (is_object_family(v) || PyDict_Check(v) || Py_TYPE(v) == &ExternalType ||
        Py_TYPE(v) == &FunctionType || PyCallable_Check(v)) {
      *out = NAN;  // "[object Object]", "function ..." are not numbers
      return 0;
    }
    PyObject* s = js_to_string(v);  // a Python object: its str()
    if (s == nullptr) return -1;
    *out = string_to_number(s);
    Py_DECREF(s);
  }
  return 0;
}

bool js_truthy(PyObject* v) {
  if (v == Py_None || v == NAPI_PY_NULL || v == Py_False) return false;
  if (v == Py_True) return true;
  if (PyFloat_Check(v)) {
    double d = PyFloat_AS_DOUBLE(v);
    return !(d == 0 || std::isnan(d));
  }
  if (PyLong_Check(v)) return PyObject_IsTrue(v) == 1;
  if (PyUnicode_Check(v)) return PyUnicode_GET_LENGTH(v) != 0;
  return true;  // every object, even an empty dict or list
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

// For napi_python/_globals.py (Array.prototype.join / toString, String(v)): the
// same conversions the napi_coerce_* functions use (core_api.h).
NAPI_EXPORT PyObject* napi_python_js_to_string(PyObject* v) { return js_to_string(v); }

NAPI_EXPORT PyObject* napi_python_js_join(PyObject* list, PyObject* separator) {
  if (!(PyList_Check(list) || PyTuple_Check(list))) {
    PyErr_SetString(PyExc_TypeError, "_js_join(list, separator=',')");
    return nullptr;
  }
  PyObject* sep = separator != nullptr && separator != Py_None ? js_to_string(separator)
                                                               : PyUnicode_FromString(",");
  if (sep == nullptr) return nullptr;
  if (Py_EnterRecursiveCall(" while converting a value to a string")) {
    Py_DECREF(sep);
    return nullptr;
  }
  PyObject* r = array_join(list, sep);
  Py_LeaveRecursiveCall();
  Py_DECREF(sep);
  return r;
}

// A name given as (utf8, length) by an addon; NULL name -> "".
PyObject* name_from_utf8(const char* utf8name, size_t length) {
  if (utf8name == nullptr) return PyUnicode_FromString("");
  if (length == NAPI_AUTO_LENGTH) length = strlen(utf8name);
  return PyUnicode_DecodeUTF8(utf8name, static_cast<Py_ssize_t>(length), "replace");
}

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
  *result = own(o);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_create_uint32(napi_env env, uint32_t value, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  PyObject* o = PyLong_FromUnsignedLong(value);
  if (o == nullptr) return take_python_error(env);
  *result = own(o);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_create_int64(napi_env env, int64_t value, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  // A JS number is a double: beyond 2^53 the value is rounded, and stays a number.
  PyObject* o = (value > 9007199254740992LL || value < -9007199254740992LL)
                    ? PyFloat_FromDouble(static_cast<double>(value))
                    : PyLong_FromLongLong(value);
  if (o == nullptr) return take_python_error(env);
  *result = own(o);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_create_double(napi_env env, double value, napi_value* result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  PyObject* o = PyFloat_FromDouble(value);
  if (o == nullptr) return take_python_error(env);
  *result = own(o);
  return clear_last_error(env);
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
  return false;
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
  if (!PyBool_Check(v)) return set_last_error(env, napi_boolean_expected);
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

static PyObject* decode_utf8(const char* str, size_t length) {
  if (length == NAPI_AUTO_LENGTH) length = strlen(str);
  // V8 turns invalid UTF-8 into U+FFFD, as "replace" does.
  return PyUnicode_DecodeUTF8(str, static_cast<Py_ssize_t>(length), "replace");
}

static napi_status finish_string(napi_env env, PyObject* s, napi_value* result, bool intern) {
  if (s == nullptr) return take_python_error(env);
  if (intern) PyUnicode_InternInPlace(&s);
  *result = own(s);
  return clear_last_error(env);
}

#define NAPI_STRING_CREATOR(fn, char_t, decoder, intern)                                   \
  NAPI_EXPORT napi_status fn(napi_env env, const char_t* str, size_t length,              \
                             napi_value* result) {                                        \
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

NAPI_EXPORT napi_status napi_get_value_string_utf8(napi_env env, napi_value value, char* buf,
                                                   size_t bufsize, size_t* result) {
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
    js_to_number(a, &x);
    js_to_number(b, &y);
    *result = x == y;  // NaN !== NaN, 0 === -0
  } else if (a == b) {
    *result = true;
  } else if (ta == napi_string || ta == napi_bigint) {
    int r = PyObject_RichCompareBool(a, b, Py_EQ);
    if (r < 0) return take_python_error(env);
    *result = r == 1;
  } else {
    *result = false;
  }
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_instanceof(napi_env env, napi_value object, napi_value constructor,
                                        bool* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_ARG(env, constructor);
  NAPI_CHECK_ARG(env, result);
  PyObject* cons = py(constructor);
  if (cons == Py_None || cons == NAPI_PY_NULL) return set_last_error(env, napi_object_expected);
  if (!PyCallable_Check(cons)) {
    PyErr_SetString(python_types.JSTypeError, "Constructor must be a function");
    take_python_error(env);
    return set_last_error(env, napi_function_expected);
  }
  *result = false;
  if (PyType_Check(cons)) {
    napi_valuetype t = js_typeof(py(object));
    if (t == napi_object || t == napi_function) {
      int r = PyObject_IsInstance(py(object), cons);
      if (r < 0) return take_python_error(env);
      *result = r == 1;
    }
  }
  return clear_last_error(env);
}

// ---------------------------------------------------------------------------
// Coercions
// ---------------------------------------------------------------------------
NAPI_EXPORT napi_status napi_coerce_to_bool(napi_env env, napi_value value, napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  *result = js(js_truthy(py(value)) ? Py_True : Py_False);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_coerce_to_number(napi_env env, napi_value value,
                                              napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  PyObject* v = py(value);
  if (js_typeof(v) == napi_number) {
    *result = value;
    return clear_last_error(env);
  }
  double d;
  if (js_to_number(v, &d) < 0) {
    take_python_error(env);
    return set_last_error(env, napi_number_expected);
  }
  PyObject* o = PyFloat_FromDouble(d);
  if (o == nullptr) return take_python_error(env);
  *result = own(o);
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_coerce_to_string(napi_env env, napi_value value,
                                              napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  PyObject* s = js_to_string(py(value));
  if (s == nullptr) {
    take_python_error(env);
    return set_last_error(env, napi_string_expected);
  }
  *result = own(s);
  return clear_last_error(env);
}

static PyObject* primitive_value_of(PyObject* primitive, PyObject*) {
  return Py_NewRef(primitive);
}

NAPI_EXPORT napi_status napi_coerce_to_object(napi_env env, napi_value value,
                                              napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  PyObject* v = py(value);
  napi_valuetype t = js_typeof(v);
  if (t == napi_object || t == napi_function || t == napi_external) {
    *result = value;
    return clear_last_error(env);
  }
  if (t == napi_undefined || t == napi_null) {
    PyErr_SetString(python_types.JSTypeError, "Cannot convert undefined or null to object");
    take_python_error(env);
    return set_last_error(env, napi_object_expected);
  }
  // A primitive wrapper: an object whose valueOf() gives the primitive back.
  static PyMethodDef value_of_def = {"valueOf", primitive_value_of, METH_NOARGS,
                                     "The wrapped primitive."};
  PyObject* o = PyObject_CallNoArgs(reinterpret_cast<PyObject*>(&ObjectType));
  if (o == nullptr) return take_python_error(env);
  PyObject* key = PyUnicode_InternFromString("valueOf");
  PyObject* fn = key ? PyCFunction_New(&value_of_def, v) : nullptr;
  int rc = fn ? js_define(o, key, fn, nullptr, nullptr, napi_writable | napi_configurable) : -1;
  Py_XDECREF(key);
  Py_XDECREF(fn);
  if (rc < 0) {
    Py_DECREF(o);
    return take_python_error(env);
  }
  *result = own(o);
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
    PyErr_SetString(python_types.JSRangeError, "Maximum BigInt size exceeded");
    return take_python_error(env);
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
    NAPI_CHECK_ARG(env, sign_bit);
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
// A JS Date is a datetime.datetime (aware, UTC) when one can hold it; otherwise (years
// before 1 or after 9999, an Invalid Date) a napi_python.Date holding the time value.
NAPI_EXPORT napi_status napi_create_date(napi_env env, double time, napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  // TimeClip: whole milliseconds within +/-8.64e15, else NaN (an Invalid Date).
  time = std::isfinite(time) && std::fabs(time) <= 8.64e15 ? std::trunc(time) + 0.0 : NAN;
  PyObject* d = nullptr;
  if (std::isfinite(time) && time >= -62135596800000.0 && time <= 253402300799999.0) {
    d = PyObject_CallMethod(python_types.datetime, "fromtimestamp", "dO", time / 1000.0,
                            python_types.utc);
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

static bool is_js_date(PyObject* v) {
  return PyObject_TypeCheck(v, reinterpret_cast<PyTypeObject*>(python_types.datetime)) ||
         PyObject_TypeCheck(v, reinterpret_cast<PyTypeObject*>(python_types.Date));
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
  if (js_to_number(v, result) < 0) return take_python_error(env);
  return clear_last_error(env);
}

// ---------------------------------------------------------------------------
// Symbols
// ---------------------------------------------------------------------------
namespace napi_python {
PyObject* symbol_for(PyObject* key);  // types.cc
}

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
