// Coercions: JS ToPrimitive, ToString, ToNumber and ToBoolean of any value, the
// napi_coerce_* functions, and _js_to_string / _js_join for napi_python/_globals.py.
//
// The one mutual recursion between rooms lives here: ToPrimitive of an object reads
// its Symbol.toPrimitive / toString / valueOf (objects.cc) and calls them
// (functions.cc), and objects.cc calls back into ToString for a property key that
// is not a string or symbol (ToPropertyKey) and into ToNumber for an array's length.
// values.cc (primitives) and functions.cc call nothing here.
#include "coerce.h"
#include "core_api.h"

#include "buffers.h"
#include "functions.h"
#include "objects.h"
#include "types.h"
#include "values.h"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace napi_python {

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
// `exotic_read` and `first_read` (borrowed, or NULL: read here): Symbol.toPrimitive's
// value and the first method's (toString for kString, else valueOf), when the caller
// already read them (js_object_str).
static PyObject* to_primitive_by_methods(PyObject* v, Hint hint, PyObject* exotic_read = nullptr,
                                         PyObject* first_read = nullptr) {
  bool any = false;
  if (symbol_to_primitive != nullptr) {
    PyObject* exotic = exotic_read != nullptr ? Py_NewRef(exotic_read) : js_get(v, symbol_to_primitive);
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
    PyObject* fn = name == order[0] && first_read != nullptr ? Py_NewRef(first_read) : js_get(v, name);
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
  // The binary values (and any Python buffer, a typed array for an addon): their
  // toString is the builtin one (binary_to_string, else str()), which their
  // prototype's toString calls in turn.
  if (is_binary_value(v)) return false;
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

// The JS toString of the binary types and of a promise, which have no JS
// toString of their own here: a Buffer decodes as UTF-8 (Buffer.prototype.toString),
// a typed array joins its elements (TypedArray.prototype.toString), the others are
// "[object ArrayBuffer]" and so on. NULL without an error for anything else.
static PyObject* binary_to_string(PyObject* v) {
  if (is_typedarray(v)) {
    auto* ta = reinterpret_cast<TypedArrayObject*>(v);
    if (PyObject_TypeCheck(v, BufferTypePtr)) {
      const char* data = ta->buffer->detached ? "" : ta->buffer->data + ta->byte_offset;
      return PyUnicode_DecodeUTF8(data, ta->buffer->detached ? 0 : ta->length, "replace");
    }
    PyObject* parts = PyList_New(0);
    if (parts == nullptr) return nullptr;
    for (Py_ssize_t i = 0; i < ta->length; i++) {
      PyObject* e = typedarray_get(ta, i);
      PyObject* s = e != nullptr ? js_to_string(e) : nullptr;
      Py_XDECREF(e);
      if (s == nullptr || PyList_Append(parts, s) < 0) {
        Py_XDECREF(s);
        Py_DECREF(parts);
        return nullptr;
      }
      Py_DECREF(s);
    }
    static PyObject* comma = PyUnicode_InternFromString(",");
    PyObject* r = PyUnicode_Join(comma, parts);
    Py_DECREF(parts);
    return r;
  }
  if (PyBytes_Check(v) || PyByteArray_Check(v))  // Buffers for the addon, too
    return PyUnicode_DecodeUTF8(PyBytes_Check(v) ? PyBytes_AS_STRING(v) : PyByteArray_AS_STRING(v),
                                Py_SIZE(v), "replace");
  if (PyMemoryView_Check(v) && PyMemoryView_GET_BUFFER(v)->itemsize == 1) {
    // a Buffer too: its bytes, as UTF-8
    Py_buffer view;
    if (PyObject_GetBuffer(v, &view, PyBUF_SIMPLE) < 0) {
      PyErr_Clear();
      return PyUnicode_FromString("");  // not contiguous bytes (never given to an addon)
    }
    PyObject* r = PyUnicode_DecodeUTF8(static_cast<const char*>(view.buf), view.len, "replace");
    PyBuffer_Release(&view);
    return r;
  }
  if (is_arraybuffer(v)) return PyUnicode_FromString("[object ArrayBuffer]");
  if (is_dataview(v)) return PyUnicode_FromString("[object DataView]");
  PyAsyncMethods* am = Py_TYPE(v)->tp_as_async;
  if (am != nullptr && am->am_await != nullptr) return PyUnicode_FromString("[object Promise]");
  return nullptr;
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
  if (Py_TYPE(v) == &FunctionType) {  // (V8's name: a deleted `name` does not change it)
    auto* f = reinterpret_cast<FunctionObject*>(v);
    if (f->js_anonymous) return PyUnicode_FromString("function () { [native code] }");
    return PyUnicode_FromFormat("function %U() { [native code] }", f->name);
  }
  if (PyType_Check(v) && PyType_IsSubtype(reinterpret_cast<PyTypeObject*>(v), &ClassBaseType))
    return PyUnicode_FromFormat("function %s() { [native code] }",  // a class: its constructor
                                _PyType_Name(reinterpret_cast<PyTypeObject*>(v)));
  if (is_object_family(v) || PyDict_Check(v)) return PyUnicode_FromString("[object Object]");
  if (Py_TYPE(v) == &ExternalType) return cannot_convert_to_primitive();  // no prototype
  if (PyObject* s = binary_to_string(v); s != nullptr || PyErr_Occurred()) return s;
  if (PyExceptionInstance_Check(v)) {
    // (its JS `name`, as js_get reads it: not the missing attribute, variable or
    // module that AttributeError, NameError and ImportError keep under `name`)
    static PyObject* name_key = PyUnicode_InternFromString("name");  // never freed
    PyObject* name = name_key != nullptr ? js_get(v, name_key) : nullptr;
    if (name == Py_None) Py_CLEAR(name);
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

// str() of a JS object (Object's tp_str, set by init_types): JS's String(x) when x
// or its class defines a conversion of its own (a callable Symbol.toPrimitive, or a
// callable toString other than Object.prototype's: a class's `toString` method),
// else its repr: Object.prototype's "[object Object]" tells a Python user nothing
// that the repr does not.
PyObject* js_object_str(PyObject* v) {
  // The values read here are handed on to ToPrimitive (not read twice).
  PyObject* exotic = nullptr;
  PyObject* fn = nullptr;
  bool own_conversion = false;
  if (symbol_to_primitive != nullptr) {
    exotic = js_get(v, symbol_to_primitive);
    if (exotic == nullptr) return nullptr;
    own_conversion = PyCallable_Check(exotic);
  }
  if (!own_conversion) {
    static PyObject* to_string_key = PyUnicode_InternFromString("toString");
    fn = js_get(v, to_string_key);
    if (fn == nullptr) {
      Py_XDECREF(exotic);
      return nullptr;
    }
    PyObject* proto = python_types.object_prototype;
    PyObject* inherited = proto != nullptr ? PyDict_GetItemWithError(proto, to_string_key) : nullptr;
    own_conversion = !PyErr_Occurred() && fn != inherited && PyCallable_Check(fn);
  }
  PyObject* r = nullptr;
  if (PyErr_Occurred()) {
  } else if (!own_conversion) {
    r = PyObject_Repr(v);
  } else if (!Py_EnterRecursiveCall(" while converting a value to a string")) {
    // JS's String(v): ToPrimitive with the hint "string", then ToString (as
    // js_to_string does for an object).
    r = to_primitive_by_methods(v, Hint::kString, exotic, fn);
    Py_LeaveRecursiveCall();
    if (r != nullptr) Py_SETREF(r, js_to_string(r));
  }
  Py_XDECREF(exotic);
  Py_XDECREF(fn);
  return r;
}

PyObject* js_to_string(PyObject* v) {
  if (PyUnicode_Check(v)) return Py_NewRef(v);
  if (v == Py_None) return PyUnicode_FromString("undefined");
  if (v == NAPI_PY_NULL) return PyUnicode_FromString("null");
  if (PyBool_Check(v)) return PyUnicode_FromString(v == Py_True ? "true" : "false");
  if (PyFloat_Check(v)) return number_to_string(PyFloat_AS_DOUBLE(v));
  if (PyLong_Check(v)) return PyLong_Type.tp_repr(v);  // decimal digits, also for BigInt
  PyObject* p;
  if (int r = numpy_scalar_value(v, &p); r != 0) {  // a number, BigInt or boolean
    if (r < 0) return nullptr;
    Py_SETREF(p, js_to_string(p));
    return p;
  }
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
  } else if (is_js_date(v)) {
    return date_time_value(v, out);
  } else if (Py_TYPE(v) == &ExternalType) {  // no prototype: no valueOf or toString
    cannot_convert_to_primitive();
    return -1;
  } else if (PyList_Check(v) || PyTuple_Check(v)) {
    PyObject* s = js_to_string(v);
    if (s == nullptr) return -1;
    *out = string_to_number(s);
    Py_DECREF(s);
  } else if (PyObject* n; int r = numpy_scalar_value(v, &n)) {  // a number, BigInt or boolean
    if (r < 0) return -1;
    r = js_to_number(n, out);
    Py_DECREF(n);
    return r;
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
      // A Python number (Decimal, Fraction, numpy's other scalars...): its value.
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

// A string as JS's StringToBigInt reads it (whitespace around, a sign or a 0x/0o/0b
// prefix, "" is 0n); NULL without an exception when it is no BigInt.
PyObject* string_to_bigint(PyObject* str) {
  PyObject* stripped = PyObject_CallMethod(str, "strip", nullptr);
  if (stripped == nullptr) return nullptr;
  PyObject* r = nullptr;
  if (PyUnicode_GET_LENGTH(stripped) == 0) {
    r = PyLong_FromLong(0);
  } else {
    Py_UCS4 c1 = PyUnicode_GET_LENGTH(stripped) > 1 ? PyUnicode_READ_CHAR(stripped, 1) : 0;
    bool prefixed = PyUnicode_READ_CHAR(stripped, 0) == '0' && c1 != 0 && c1 < 128 &&
                    strchr("xXoObB", static_cast<int>(c1)) != nullptr;
    // (Python's int() also takes "1_000", which JS does not)
    if (PyUnicode_FindChar(stripped, '_', 0, PyUnicode_GET_LENGTH(stripped), 1) == -1) {
      r = PyLong_FromUnicodeObject(stripped, prefixed ? 0 : 10);
      if (r == nullptr) PyErr_Clear();
    }
  }
  Py_DECREF(stripped);
  return r;
}

// JS ToBigInt (ECMA-262 7.1.13), as a typed array's BigInt elements take a value: a
// BigInt, a boolean (0n, 1n), a string that reads as one (else a SyntaxError), an
// object through ToPrimitive (valueOf first); a number, undefined, null or a symbol is a
// TypeError. Node's messages: "Cannot convert 1.5 to a BigInt". A Python int is taken
// as it is, whether it stands for a number or a BigInt (a Python caller's
// `big64[0] = 5`; an int32 an addon made is no float either, docs/values.rst).
PyObject* js_to_bigint(PyObject* v) {
  if (PyBool_Check(v)) return PyLong_FromLong(v == Py_True ? 1 : 0);
  if (PyLong_Check(v)) return Py_NewRef(v);
  if (PyUnicode_Check(v)) {
    PyObject* r = string_to_bigint(v);
    if (r == nullptr && !PyErr_Occurred())
      PyErr_Format(python_types.JSSyntaxError, "Cannot convert %U to a BigInt", v);
    return r;
  }
  if (PyFloat_Check(v) || v == Py_None || v == NAPI_PY_NULL || Py_TYPE(v) == &SymbolType) {
    PyObject* s = Py_TYPE(v) == &SymbolType ? PyUnicode_FromString("Symbol()") : js_to_string(v);
    if (s == nullptr) return nullptr;
    PyErr_Format(python_types.JSTypeError, "Cannot convert %U to a BigInt", s);
    Py_DECREF(s);
    return nullptr;
  }
  PyObject* p = nullptr;
  if (int r = numpy_scalar_value(v, &p); r != 0) {  // a number, BigInt or boolean
    if (r < 0) return nullptr;
  } else if (PyList_Check(v) || PyTuple_Check(v)) {
    p = js_to_string(v);
  } else if (Py_TYPE(v) == &ExternalType) {
    return cannot_convert_to_primitive();
  } else {
    if (has_js_conversion(v)) {
      if (Py_EnterRecursiveCall(" while converting a value to a BigInt")) return nullptr;
      p = to_primitive_by_methods(v, Hint::kNumber);
      Py_LeaveRecursiveCall();
      if (p == nullptr && PyErr_Occurred()) return nullptr;
    }
    if (p == nullptr) p = js_to_string(v);
  }
  if (p == nullptr) return nullptr;
  PyObject* r = js_to_bigint(p);
  Py_DECREF(p);
  return r;
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
  PyObject* p;
  int r = numpy_scalar_value(v, &p);  // a number, BigInt or boolean
  if (r == 1) {
    bool truthy = js_truthy(p);
    Py_DECREF(p);
    return truthy;
  }
  if (r < 0) PyErr_Clear();  // (no memory to convert it: as an object)
  return true;  // every object, even an empty dict or list
}

}  // namespace napi_python

using namespace napi_python;

// For napi_python/_globals.py (Array.prototype.join / toString, String(v)): the
// same conversions the napi_coerce_* functions use (core_api.h).
NAPI_EXPORT PyObject* napi_python_js_to_string(PyObject* v) { return js_to_string(v); }

NAPI_EXPORT PyObject* napi_python_js_get(PyObject* obj, PyObject* key) { return js_get(obj, key); }

NAPI_EXPORT PyObject* napi_python_js_call(PyObject* fn, PyObject* this_arg, PyObject* args) {
  if (!PyTuple_Check(args) || !PyCallable_Check(fn)) {
    PyErr_SetString(PyExc_TypeError, "_js_call(fn, this, args): a callable and a tuple");
    return nullptr;
  }
  return call_js_function(fn, this_arg, &PyTuple_GET_ITEM(args, 0), PyTuple_GET_SIZE(args));
}

NAPI_EXPORT PyObject* napi_python_js_to_number(PyObject* v) {
  double d;
  return js_to_number(v, &d) < 0 ? nullptr : PyFloat_FromDouble(d);
}

NAPI_EXPORT int napi_python_js_truthy(PyObject* v) { return js_truthy(v) ? 1 : 0; }

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
  if (js_to_number(v, &d) < 0) return take_python_error_as(env, napi_number_expected);
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
  if (s == nullptr) return take_python_error_as(env, napi_string_expected);
  *result = own(s);
  return clear_last_error(env);
}

// ToObject of a primitive: its Number, String, Boolean, BigInt or Symbol object, as
// napi_python/_globals.py's PrimitiveWrapper makes them (valueOf and toString on the
// wrapper's class, a String object's indexes and length its own properties; an
// instance of the global Number, String..., whose prototype it reports). New
// reference, or NULL with an error set.
PyObject* napi_python::box_primitive(PyObject* v) {
  return PyObject_CallOneArg(python_types.primitive_wrapper, v);
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
  if (t == napi_undefined || t == napi_null)
    return throw_js_error(env, python_types.JSTypeError,
                          "Cannot convert undefined or null to object", napi_object_expected);
  PyObject* o = box_primitive(v);
  if (o == nullptr) return take_python_error(env);
  *result = own(o);
  return clear_last_error(env);
}
