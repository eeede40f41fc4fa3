// Module loading and the runtime entry points the Python package calls (core_api.h:
// napi_python_core_init, napi_python_load, napi_python_teardown...), plus the
// process-level napi functions: versions, module file name, napi_module_register.
#include "types.h"

#include "buffers.h"
#include "lifetimes.h"
#include "objects.h"
#include "core_api.h"
#include "loop.h"
#include "uv_api.h"
#include "coerce.h"
#include "values.h"

#include <dlfcn.h>
#include <math.h>
#include <limits.h>
#include <stdlib.h>

#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

namespace napi_python {

static PyObject* AddonLoadError = nullptr;

// napi_module_register is called from an addon's static constructor while dlopen
// runs; it hands the module over here.
static bool loading = false;
static napi_module* registered_module = nullptr;
// The constructor runs once per dlopen of a file; a second load of the same file
// (after a failed init) finds its module here.
static std::unordered_map<void*, napi_module*> legacy_modules;

static std::string file_url(const char* path) {
  static const char hex[] = "0123456789ABCDEF";
  std::string url = "file://";
  for (const unsigned char* p = reinterpret_cast<const unsigned char*>(path); *p; p++) {
    unsigned char c = *p;
    if (isalnum(c) || strchr("/-._~!$&'()*+,;=:@", c) != nullptr) {
      url.push_back(static_cast<char>(c));
    } else {
      url.push_back('%');
      url.push_back(hex[c >> 4]);
      url.push_back(hex[c & 15]);
    }
  }
  return url;
}

static PyObject* load_error(const char* fmt, const char* a, const char* b) {
  PyErr_Format(AddonLoadError, fmt, a, b);
  return nullptr;
}

// Loads the addon at `path` into a new env (module init runs on the calling thread);
// `*index` receives the env's index in `envs` (napi_python_end_env).
static PyObject* load(const char* path, bool per_thread, Py_ssize_t* index) {
  char real[PATH_MAX];
  if (realpath(path, real) == nullptr) {
    PyErr_SetFromErrnoWithFilename(PyExc_OSError, path);
    return nullptr;
  }
  loading = true;
  registered_module = nullptr;
  void* handle = dlopen(real, RTLD_NOW | RTLD_LOCAL);
  loading = false;
  if (handle == nullptr) {
    const char* err = dlerror();
    return load_error("cannot load %s: %s", real, err ? err : "unknown dlopen error");
  }
  napi_addon_register_func init = nullptr;
  int32_t api_version = 8;  // Node's default for modules that do not say
  if (registered_module != nullptr) legacy_modules[handle] = registered_module;
  auto legacy = legacy_modules.find(handle);
  if (legacy != legacy_modules.end()) {
    init = legacy->second->nm_register_func;
    // Node's words for a module that registered without an entry point (the handle
    // stays open: its module struct is remembered for a later load).
    if (init == nullptr)
      return load_error("cannot load %s: Module has no declared entry point.%s", real, "");
  } else {
    init = reinterpret_cast<napi_addon_register_func>(dlsym(handle, "napi_register_module_v1"));
  }
  if (init == nullptr) {
    dlclose(handle);
    return load_error(
        "%s is not a Node-API addon: it neither exports napi_register_module_v1 nor "
        "calls napi_module_register%s",
        real, "");
  }
  auto get_version = reinterpret_cast<int32_t (*)()>(
      dlsym(handle, "node_api_module_get_api_version_v1"));
  if (get_version != nullptr) api_version = get_version();

  auto* env = new napi_env__();
  env->module_file_url = file_url(real);
  env->module_api_version = api_version;
  std::vector<napi_env>& envs = all_envs();
  *index = static_cast<Py_ssize_t>(envs.size());
  envs.push_back(env);  // never freed: finalizers and callbacks may refer to it
  env->end_order = next_cleanup_order();  // before its init's hooks (as Node's)
  env->in_gc_finalizer = envs_closed_for_teardown();  // (loaded by the teardown or after)
  if (per_thread) own_env(env);  // its values' finalizers run on this thread

  PyObject* exports = new_object();
  if (exports == nullptr) return nullptr;
  PyObject* result =
      call_into_module<Entry::call>(env, nullptr, [&] { return init(env, js(exports)); });
  if (result == Py_None) Py_SETREF(result, Py_NewRef(exports));  // (NULL, or undefined)
  Py_DECREF(exports);
  if (result == nullptr) return nullptr;
  // Module functions are read unbound (object_getattro).
  if (Py_TYPE(result) == &ObjectType) reinterpret_cast<ObjectObject*>(result)->module_exports = 1;
  env->exports = Py_NewRef(result);
  return result;
}

// ---------------------------------------------------------------------------
// napi_run_script: the tree napi_python/_script.py parses a script into, evaluated
// with the napi operations themselves (what an addon's own lookups, calls and
// constructions do). Returns a status; a JS exception is left pending.
// ---------------------------------------------------------------------------
static bool tag_is(PyObject* tree, const char* tag) {
  return PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(tree, 0), tag) == 0;
}

static napi_status throw_script_error(napi_env env, PyObject* cls, const char* fmt, PyObject* arg) {
  PyErr_Format(cls, fmt, arg);
  return take_python_error(env);
}

// What a tree shows in an error message ("process.foo", "x").
static PyObject* describe_tree(PyObject* tree) {
  if (tag_is(tree, "name") || tag_is(tree, "local")) return Py_NewRef(PyTuple_GET_ITEM(tree, 1));
  if (tag_is(tree, "get")) {
    PyObject* key_tree = PyTuple_GET_ITEM(tree, 2);
    if (PyTuple_GET_SIZE(key_tree) < 2) return PyUnicode_FromString("expression");
    PyObject* key = PyTuple_GET_ITEM(key_tree, 1);
    PyObject* left = describe_tree(PyTuple_GET_ITEM(tree, 1));
    PyObject* r = left ? PyUnicode_FromFormat("%U.%S", left, key) : nullptr;
    Py_XDECREF(left);
    return r;
  }
  if (tag_is(tree, "this")) return PyUnicode_FromString("globalThis");
  return PyUnicode_FromString("expression");
}

static napi_status script_error_about(napi_env env, PyObject* cls, const char* fmt, PyObject* tree) {
  PyObject* what = describe_tree(tree);
  if (what == nullptr) return take_python_error(env);
  napi_status s = throw_script_error(env, cls, fmt, what);
  Py_DECREF(what);
  return s;
}

static napi_status eval_script_tree(napi_env env, PyObject* tree, napi_value* out);

static napi_status eval_script_list(napi_env env, PyObject* list, std::vector<napi_value>* out) {
  Py_ssize_t n = PyList_GET_SIZE(list);
  out->resize(static_cast<size_t>(n));
  for (Py_ssize_t i = 0; i < n; i++) {
    napi_status s = eval_script_tree(env, PyList_GET_ITEM(list, i), &(*out)[i]);
    if (s != napi_ok) return s;
  }
  return napi_ok;
}

static napi_status eval_global_name(napi_env env, PyObject* name, bool* found, napi_value* out) {
  napi_value global;
  napi_get_global(env, &global);
  napi_status s = napi_has_property(env, global, js(name), found);
  if (s != napi_ok || !*found) return s;
  return napi_get_property(env, global, js(name), out);
}

// JS's loose equality (==), with the napi operations for its conversions: same
// types compare strictly, null and undefined equal each other only, booleans become
// numbers, objects become primitives (to a string against a string, else to a
// number), a string against a number or BigInt becomes one.
static napi_status loose_equals(napi_env env, napi_value a, napi_value b, bool* result) {
  for (int step = 0; step < 4; step++) {
    napi_valuetype ta = js_typeof(py(a)), tb = js_typeof(py(b));
    if (ta == tb) return napi_strict_equals(env, a, b, result);
    bool na = ta == napi_undefined || ta == napi_null, nb = tb == napi_undefined || tb == napi_null;
    if (na || nb || ta == napi_symbol || tb == napi_symbol) {
      *result = na && nb;
      return napi_ok;
    }
    auto objectish = [](napi_valuetype t) {
      return t == napi_object || t == napi_function || t == napi_external;
    };
    if (objectish(ta) && objectish(tb)) return napi_strict_equals(env, a, b, result);
    napi_status s;
    if (ta == napi_boolean || (objectish(ta) && tb != napi_string) ||
        (ta == napi_string && tb == napi_number)) {
      if ((s = napi_coerce_to_number(env, a, &a)) != napi_ok) return s;
    } else if (tb == napi_boolean || (objectish(tb) && ta != napi_string) ||
               (tb == napi_string && ta == napi_number)) {
      if ((s = napi_coerce_to_number(env, b, &b)) != napi_ok) return s;
    } else if (objectish(ta)) {
      if ((s = napi_coerce_to_string(env, a, &a)) != napi_ok) return s;
    } else if (objectish(tb)) {
      if ((s = napi_coerce_to_string(env, b, &b)) != napi_ok) return s;
    } else {  // a BigInt against a number or a string: compared as mathematical values
      PyObject* x = py(a);
      PyObject* y = py(b);
      PyObject* parsed = nullptr;
      if (PyUnicode_Check(x)) x = parsed = string_to_bigint(x);
      else if (PyUnicode_Check(y)) y = parsed = string_to_bigint(y);
      if (PyErr_Occurred()) return take_python_error(env);
      int eq = (x == nullptr || y == nullptr) ? 0 : PyObject_RichCompareBool(x, y, Py_EQ);
      Py_XDECREF(parsed);
      if (eq < 0) return take_python_error(env);
      *result = eq == 1;
      return napi_ok;
    }
  }
  *result = false;
  return napi_ok;
}

static napi_status throw_script_message(napi_env env, PyObject* cls, const char* message) {
  PyErr_SetString(cls, message);
  return take_python_error(env);
}

// -1, 0 or 1 as the int `v` is negative, zero or positive (-2: an exception).
static int int_sign(PyObject* v) {
  PyObject* zero = PyLong_FromLong(0);
  if (zero == nullptr) return -2;
  int lt = PyObject_RichCompareBool(v, zero, Py_LT);
  int gt = lt == 0 ? PyObject_RichCompareBool(v, zero, Py_GT) : 0;
  Py_DECREF(zero);
  if (lt < 0 || gt < 0) return -2;
  return lt ? -1 : gt;
}

static bool is_objectish(napi_valuetype t) {
  return t == napi_object || t == napi_function || t == napi_external;
}

// A BigInt result (an int of any size stays a BigInt, as in JS). Steals `value`.
static napi_status bigint_result(napi_env env, PyObject* value, napi_value* out) {
  if (value == nullptr) return take_python_error(env);
  PyObject* b = PyObject_CallOneArg(python_types.BigInt, value);
  Py_DECREF(value);
  if (b == nullptr) return take_python_error(env);
  *out = own(b);
  return napi_ok;
}

// BigInt arithmetic as JS does it: / truncates toward zero, % takes the dividend's
// sign, a zero divisor and a negative exponent are RangeErrors.
static napi_status bigint_arith(napi_env env, char op, PyObject* a, PyObject* b, napi_value* out) {
  if (op == '+') return bigint_result(env, PyNumber_Add(a, b), out);
  if (op == '-') return bigint_result(env, PyNumber_Subtract(a, b), out);
  if (op == '*') return bigint_result(env, PyNumber_Multiply(a, b), out);
  int sign_b = int_sign(b);
  if (sign_b == -2) return take_python_error(env);
  if (op == 'p') {  // **
    if (sign_b < 0)
      return throw_script_message(env, python_types.JSRangeError, "Exponent must be non-negative");
    return bigint_result(env, PyNumber_Power(a, b, Py_None), out);
  }
  if (sign_b == 0)
    return throw_script_message(env, python_types.JSRangeError, "Division by zero");
  // Python's // and % floor; JS truncates: work on magnitudes, then sign.
  PyObject* abs_a = PyNumber_Absolute(a);
  PyObject* abs_b = abs_a ? PyNumber_Absolute(b) : nullptr;
  PyObject* r = abs_b ? (op == '/' ? PyNumber_FloorDivide(abs_a, abs_b)
                                   : PyNumber_Remainder(abs_a, abs_b))
                      : nullptr;
  Py_XDECREF(abs_a);
  Py_XDECREF(abs_b);
  if (r == nullptr) return take_python_error(env);
  int sign_a = int_sign(a);
  if (sign_a == -2) {
    Py_DECREF(r);
    return take_python_error(env);
  }
  bool negative = op == '/' ? (sign_a < 0) != (sign_b < 0) : sign_a < 0;
  if (negative) {
    PyObject* neg = PyNumber_Negative(r);
    Py_DECREF(r);
    r = neg;
  }
  return bigint_result(env, r, out);
}

// `a op b` for + - * / % and ** ('p'), as JS evaluates it: an object operand becomes
// a primitive (a string under +, else a number: napi_coerce_to_string /
// napi_coerce_to_number, its toString / valueOf), + of a string concatenates, two
// BigInts give a BigInt, a BigInt with anything else is a TypeError, and the rest
// are numbers (ToNumber). Two whole numbers giving a whole number within +/-2^53
// give an int, as a literal does; else a float.
static napi_status script_arith(napi_env env, char op, napi_value a, napi_value b, napi_value* out) {
  napi_status s;
  napi_value operands[2] = {a, b};
  for (napi_value& v : operands) {
    if (!is_objectish(js_typeof(py(v)))) continue;
    s = op == '+' ? napi_coerce_to_string(env, v, &v) : napi_coerce_to_number(env, v, &v);
    if (s != napi_ok) return s;
  }
  napi_valuetype ta = js_typeof(py(operands[0])), tb = js_typeof(py(operands[1]));
  if (op == '+' && (ta == napi_string || tb == napi_string)) {
    napi_value sa, sb;
    if ((s = napi_coerce_to_string(env, operands[0], &sa)) != napi_ok) return s;
    if ((s = napi_coerce_to_string(env, operands[1], &sb)) != napi_ok) return s;
    PyObject* joined = PyUnicode_Concat(py(sa), py(sb));
    if (joined == nullptr) return take_python_error(env);
    *out = own(joined);
    return napi_ok;
  }
  if (ta == napi_symbol || tb == napi_symbol)
    return throw_script_message(env, python_types.JSTypeError,
                                "Cannot convert a Symbol value to a number");
  if (ta == napi_bigint || tb == napi_bigint) {
    if (ta != tb)
      return throw_script_message(env, python_types.JSTypeError,
                                  "Cannot mix BigInt and other types, use explicit conversions");
    return bigint_arith(env, op, py(operands[0]), py(operands[1]), out);
  }
  double x[2];
  bool whole = true;
  for (int i = 0; i < 2; i++) {
    napi_value n;
    if ((s = napi_coerce_to_number(env, operands[i], &n)) != napi_ok) return s;
    if ((s = napi_get_value_double(env, n, &x[i])) != napi_ok) return s;
    whole = whole && PyLong_Check(py(n)) && !PyBool_Check(py(n));
  }
  double r;
  switch (op) {
    case '+': r = x[0] + x[1]; break;
    case '-': r = x[0] - x[1]; break;
    case '*': r = x[0] * x[1]; break;
    case '/': r = x[0] / x[1]; break;
    case '%': r = fmod(x[0], x[1]); break;
    default:  // ** : unlike C's pow, 1 ** Infinity and x ** NaN are NaN in JS
      r = isnan(x[1]) || (fabs(x[0]) == 1 && isinf(x[1])) ? NAN : pow(x[0], x[1]);
  }
  if (whole && isfinite(r) && r == trunc(r) && fabs(r) < 9007199254740992.0 &&
      !(r == 0 && signbit(r))) {
    PyObject* i = PyLong_FromDouble(r);
    if (i == nullptr) return take_python_error(env);
    *out = own(i);
    return napi_ok;
  }
  return napi_create_double(env, r, out);
}

// Arrow functions. The scope of the arrow call being evaluated on this thread: a
// tuple (dict of its parameters and declared names, the scope the arrow was made
// in) or NULL at the script's top level. The parser resolves names lexically, so a
// ("local", x) names a binding of one of these scopes; any other name is a global.
static thread_local PyObject* script_scope = nullptr;

// What an arrow function made by a script holds: its tree and the scope it was
// made in (its closure). Released by the function's finalizer. (The cycle garbage
// collector does not see through this native data: an arrow stored in a variable of
// its own closure, `() => { const f = x => x; ... }`, keeps that scope alive.)
struct ScriptArrow {
  PyObject* tree;
  PyObject* scope;  // NULL: the top level
};

static void free_script_arrow(napi_env, void* data, void*) {
  auto* a = static_cast<ScriptArrow*>(data);
  Py_XDECREF(a->scope);
  Py_DECREF(a->tree);
  delete a;
}

static napi_status eval_script_tree(napi_env env, PyObject* tree, napi_value* out);

// The statements of a block body in `vars` (its scope's dict): const / let / var
// bind a name (undefined without an initializer), `return` ends with a value, an
// expression statement is evaluated for its effects. *out: the value returned.
static napi_status run_arrow_block(napi_env env, PyObject* statements, PyObject* vars,
                                   napi_value* out) {
  napi_status s = napi_get_undefined(env, out);
  for (Py_ssize_t i = 0; s == napi_ok && i < PyList_GET_SIZE(statements); i++) {
    PyObject* st = PyList_GET_ITEM(statements, i);
    if (tag_is(st, "return")) {
      PyObject* value = PyTuple_GET_ITEM(st, 1);
      return value == Py_None ? napi_ok : eval_script_tree(env, value, out);
    }
    napi_value v;
    if (tag_is(st, "let")) {
      PyObject* init = PyTuple_GET_ITEM(st, 2);
      s = init == Py_None ? napi_get_undefined(env, &v) : eval_script_tree(env, init, &v);
      if (s == napi_ok && PyDict_SetItem(vars, PyTuple_GET_ITEM(st, 1), py(v)) < 0)
        s = take_python_error(env);
    } else {
      s = eval_script_tree(env, PyTuple_GET_ITEM(st, 1), &v);
    }
  }
  return s;
}

// A call of an arrow function: its parameters bound to the arguments (undefined for
// the missing ones) in a new scope inside its closure, then its body. Its `this` is
// not the call's: an arrow's `this` is lexical, the global object here.
static napi_value script_arrow_call(napi_env env, napi_callback_info info) {
  void* data = nullptr;
  size_t argc = 0;
  if (napi_get_cb_info(env, info, &argc, nullptr, nullptr, &data) != napi_ok) return nullptr;
  auto* a = static_cast<ScriptArrow*>(data);
  PyObject* params = PyTuple_GET_ITEM(a->tree, 1);
  size_t n = static_cast<size_t>(PyTuple_GET_SIZE(params));
  std::vector<napi_value> argv(n);
  argc = n;
  if (n > 0 && napi_get_cb_info(env, info, &argc, argv.data(), nullptr, nullptr) != napi_ok)
    return nullptr;
  PyObject* vars = PyDict_New();
  PyObject* scope = vars != nullptr ? PyTuple_Pack(2, vars, a->scope ? a->scope : Py_None) : nullptr;
  napi_status s = scope != nullptr ? napi_ok : take_python_error(env);
  for (size_t i = 0; s == napi_ok && i < n; i++)
    if (PyDict_SetItem(vars, PyTuple_GET_ITEM(params, i), py(argv[i])) < 0) s = take_python_error(env);
  napi_value out = nullptr;
  if (s == napi_ok) {
    PyObject* saved = script_scope;
    script_scope = scope;
    PyObject* body = PyTuple_GET_ITEM(a->tree, 2);
    s = PyTuple_GET_ITEM(a->tree, 3) == Py_True ? run_arrow_block(env, body, vars, &out)
                                                : eval_script_tree(env, body, &out);
    script_scope = saved;
  }
  Py_XDECREF(scope);
  Py_XDECREF(vars);
  if (s == napi_ok) return out;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) {  // (a failure that threw nothing: a malformed tree)
    const napi_extended_error_info* e = nullptr;
    napi_get_last_error_info(env, &e);
    napi_throw_error(env, nullptr, e != nullptr && e->error_message ? e->error_message
                                                                    : "napi_run_script failed");
  }
  return nullptr;
}

static napi_status eval_script_tree(napi_env env, PyObject* tree, napi_value* out) {
  if (!PyTuple_Check(tree) || PyTuple_GET_SIZE(tree) < 1)
    return set_last_error(env, napi_generic_failure, "napi_run_script: malformed script tree");
  napi_status s;
  if (tag_is(tree, "lit")) {
    *out = keep(PyTuple_GET_ITEM(tree, 1));
    return napi_ok;
  }
  if (tag_is(tree, "this")) return napi_get_global(env, out);
  if (tag_is(tree, "local")) {
    PyObject* name = PyTuple_GET_ITEM(tree, 1);
    for (PyObject* sc = script_scope; sc != nullptr && sc != Py_None; sc = PyTuple_GET_ITEM(sc, 1)) {
      PyObject* v = PyDict_GetItemWithError(PyTuple_GET_ITEM(sc, 0), name);
      if (v != nullptr) {
        *out = keep(v);
        return napi_ok;
      }
      if (PyErr_Occurred()) return take_python_error(env);
    }
    return throw_script_error(env, python_types.JSError, "%U is not defined", name);
  }
  if (tag_is(tree, "arrow")) {
    auto* a = new ScriptArrow{Py_NewRef(tree), Py_XNewRef(script_scope)};
    s = napi_create_function(env, "", 0, script_arrow_call, a, out);
    if (s == napi_ok) s = napi_add_finalizer(env, *out, a, free_script_arrow, nullptr, nullptr);
    else free_script_arrow(env, a, nullptr);
    return s;
  }
  if (tag_is(tree, "name")) {
    bool found = false;
    s = eval_global_name(env, PyTuple_GET_ITEM(tree, 1), &found, out);
    if (s == napi_ok && !found)
      return throw_script_error(env, python_types.JSError, "%U is not defined",
                                PyTuple_GET_ITEM(tree, 1));
    return s;
  }
  if (tag_is(tree, "get")) {
    napi_value obj, key;
    if ((s = eval_script_tree(env, PyTuple_GET_ITEM(tree, 1), &obj)) != napi_ok) return s;
    if ((s = eval_script_tree(env, PyTuple_GET_ITEM(tree, 2), &key)) != napi_ok) return s;
    if (py(obj) == Py_None || py(obj) == NAPI_PY_NULL) {
      PyObject* shown = PyObject_Str(py(key));
      if (shown == nullptr) return take_python_error(env);
      s = throw_script_error(env, python_types.JSTypeError,
                             py(obj) == Py_None
                                 ? "Cannot read properties of undefined (reading '%U')"
                                 : "Cannot read properties of null (reading '%U')",
                             shown);
      Py_DECREF(shown);
      return s;
    }
    return napi_get_property(env, obj, key, out);
  }
  if (tag_is(tree, "call") || tag_is(tree, "new")) {
    bool construct = tag_is(tree, "new");
    PyObject* callee = PyTuple_GET_ITEM(tree, 1);
    napi_value fn, self;
    napi_get_undefined(env, &self);
    if (!construct && tag_is(callee, "get")) {  // a method call: `this` is the object
      napi_value key;
      if ((s = eval_script_tree(env, PyTuple_GET_ITEM(callee, 1), &self)) != napi_ok) return s;
      if ((s = eval_script_tree(env, PyTuple_GET_ITEM(callee, 2), &key)) != napi_ok) return s;
      if (py(self) == Py_None || py(self) == NAPI_PY_NULL)
        return script_error_about(env, python_types.JSTypeError,
                                  "Cannot read properties of undefined or null (%U)", callee);
      if ((s = napi_get_property(env, self, key, &fn)) != napi_ok) return s;
    } else if ((s = eval_script_tree(env, callee, &fn)) != napi_ok) {
      return s;
    }
    std::vector<napi_value> args;
    if ((s = eval_script_list(env, PyTuple_GET_ITEM(tree, 2), &args)) != napi_ok) return s;
    if (!PyCallable_Check(py(fn)))
      return script_error_about(env, python_types.JSTypeError,
                                construct ? "%U is not a constructor" : "%U is not a function",
                                callee);
    return construct ? napi_new_instance(env, fn, args.size(), args.data(), out)
                     : napi_call_function(env, self, fn, args.size(), args.data(), out);
  }
  if (tag_is(tree, "typeof")) {
    PyObject* operand = PyTuple_GET_ITEM(tree, 1);
    napi_value v;
    if (tag_is(operand, "name")) {  // typeof of an undeclared name is "undefined"
      bool found = false;
      if ((s = eval_global_name(env, PyTuple_GET_ITEM(operand, 1), &found, &v)) != napi_ok) return s;
      if (!found) napi_get_undefined(env, &v);
    } else if ((s = eval_script_tree(env, operand, &v)) != napi_ok) {
      return s;
    }
    static const char* const names[] = {"undefined", "object", "boolean", "number", "string",
                                        "symbol",    "object", "function", "object", "bigint"};
    napi_valuetype t = js_typeof(py(v));
    if (t == napi_null) t = napi_object;
    return napi_create_string_utf8(env, names[t], NAPI_AUTO_LENGTH, out);
  }
  if (tag_is(tree, "not") || tag_is(tree, "neg") || tag_is(tree, "pos") || tag_is(tree, "void")) {
    napi_value v;
    if ((s = eval_script_tree(env, PyTuple_GET_ITEM(tree, 1), &v)) != napi_ok) return s;
    if (tag_is(tree, "void")) return napi_get_undefined(env, out);
    if (tag_is(tree, "not")) return napi_get_boolean(env, !js_truthy(py(v)), out);
    if (tag_is(tree, "neg") && js_typeof(py(v)) == napi_bigint)
      return bigint_result(env, PyNumber_Negative(py(v)), out);
    napi_value number;
    double d;
    if ((s = napi_coerce_to_number(env, v, &number)) != napi_ok) return s;
    if ((s = napi_get_value_double(env, number, &d)) != napi_ok) return s;
    return napi_create_double(env, tag_is(tree, "neg") ? -d : d, out);
  }
  if (tag_is(tree, "eq")) {
    napi_value a, b;
    bool equal = false;
    if ((s = eval_script_tree(env, PyTuple_GET_ITEM(tree, 1), &a)) != napi_ok) return s;
    if ((s = eval_script_tree(env, PyTuple_GET_ITEM(tree, 2), &b)) != napi_ok) return s;
    s = PyObject_IsTrue(PyTuple_GET_ITEM(tree, 3)) ? napi_strict_equals(env, a, b, &equal)
                                                   : loose_equals(env, a, b, &equal);
    if (s != napi_ok) return s;
    return napi_get_boolean(env, equal != (PyObject_IsTrue(PyTuple_GET_ITEM(tree, 4)) == 1), out);
  }
  if (tag_is(tree, "arith")) {
    napi_value a, b;
    if ((s = eval_script_tree(env, PyTuple_GET_ITEM(tree, 2), &a)) != napi_ok) return s;
    if ((s = eval_script_tree(env, PyTuple_GET_ITEM(tree, 3), &b)) != napi_ok) return s;
    const char* op = PyUnicode_AsUTF8(PyTuple_GET_ITEM(tree, 1));
    if (op == nullptr) return take_python_error(env);
    return script_arith(env, op[1] == '*' ? 'p' : op[0], a, b, out);
  }
  if (tag_is(tree, "and") || tag_is(tree, "or") || tag_is(tree, "nullish")) {
    // the left operand, or the right one evaluated only when JS evaluates it
    if ((s = eval_script_tree(env, PyTuple_GET_ITEM(tree, 1), out)) != napi_ok) return s;
    PyObject* left = py(*out);
    bool take_right = tag_is(tree, "nullish") ? (left == Py_None || left == NAPI_PY_NULL)
                      : tag_is(tree, "and")   ? js_truthy(left)
                                              : !js_truthy(left);
    return take_right ? eval_script_tree(env, PyTuple_GET_ITEM(tree, 2), out) : napi_ok;
  }
  if (tag_is(tree, "array")) {
    std::vector<napi_value> items;
    if ((s = eval_script_list(env, PyTuple_GET_ITEM(tree, 1), &items)) != napi_ok) return s;
    if ((s = napi_create_array_with_length(env, items.size(), out)) != napi_ok) return s;
    for (size_t i = 0; i < items.size(); i++)
      if ((s = napi_set_element(env, *out, static_cast<uint32_t>(i), items[i])) != napi_ok) return s;
    return napi_ok;
  }
  return set_last_error(env, napi_generic_failure, "napi_run_script: unknown script tree");
}

}  // namespace napi_python

using namespace napi_python;

// ---------------------------------------------------------------------------
// Entry points for napi_python/_core.pyx
// ---------------------------------------------------------------------------

// The first call makes the core's symbols global (an addon's undefined napi_*
// references, and dlsym(RTLD_DEFAULT, "napi_...") at load time, must find them)
// and readies the types; every call returns them, for the package to re-export.
NAPI_EXPORT PyObject* napi_python_core_types() {
  static PyObject* types = nullptr;  // never freed
  if (types != nullptr) return Py_NewRef(types);
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&napi_python_core_types), &info) == 0 ||
      dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL) == nullptr) {
    PyErr_Format(PyExc_ImportError, "napi_python: cannot make the core library global: %s",
                 dlerror());
    return nullptr;
  }
  if (init_types() < 0 || init_errors() < 0) return nullptr;
  PyObject* d = Py_BuildValue("{sOsOsOsOsOsOsOsOsO}", "Object", &ObjectType, "ClassBase",
                              &ClassBaseType, "ClassType", &ClassTypeType, "Function",
                              &FunctionType, "BoundFunction",
                              &BoundFunctionType, "Symbol", &SymbolType, "External",
                              &ExternalType, "NullType", &NullType, "null", NAPI_PY_NULL);
  if (d != nullptr && init_buffer_types(d) < 0) Py_CLEAR(d);
  if (d == nullptr) return nullptr;
  types = d;
  return Py_NewRef(types);
}

// Takes the Python-defined types, the promise functions, the global object and the
// prototypes (core_api.h), and readies the loop bridge.
NAPI_EXPORT int napi_python_core_init(const napi_python_core_init_args* args) {
  struct {
    PyObject* value;
    PyObject** slot;
  } given[] = {
      {args->JSError, &python_types.JSError},
      {args->JSTypeError, &python_types.JSTypeError},
      {args->JSRangeError, &python_types.JSRangeError},
      {args->JSSyntaxError, &python_types.JSSyntaxError},
      {args->BigInt, &python_types.BigInt},
      {args->datetime, &python_types.datetime},
      {args->utc, &python_types.utc},
      {args->Date, &python_types.Date},
      {args->with_this, &python_types.with_this},
      {args->builtin, &python_types.builtin},
      {args->Promise, &python_types.Promise},
      {args->AddonLoadError, &AddonLoadError},
      {args->global, &python_types.global},
      {args->object_prototype, &python_types.object_prototype},
      {args->binary_prototype, &python_types.binary_prototype},
      {args->buffer_prototype, &python_types.buffer_prototype},
      {args->arraybuffer_prototype, &python_types.arraybuffer_prototype},
      {args->dataview_prototype, &python_types.dataview_prototype},
      {args->string_prototype, &python_types.string_prototype},
      {args->array_prototype, &python_types.array_prototype},
      {args->promise_prototype, &python_types.promise_prototype},
      {args->date_prototype, &python_types.date_prototype},
      {args->script_parser, &python_types.script_parser},
      {args->primitive_wrapper, &python_types.primitive_wrapper},
  };
  for (auto& g : given) {
    if (g.value == nullptr) {
      PyErr_SetString(PyExc_ValueError, "napi_python_core_init: an object is missing");
      return -1;
    }
  }
  if (args->promise_create == nullptr || args->promise_resolve == nullptr ||
      args->promise_reject == nullptr) {
    PyErr_SetString(PyExc_ValueError, "napi_python_core_init: a promise function is missing");
    return -1;
  }
  for (auto& g : given) Py_XSETREF(*g.slot, Py_NewRef(g.value));
  if (hide_global_builtins(python_types.global) < 0) return -1;
  python_types.promise_create = args->promise_create;
  python_types.promise_resolve = args->promise_resolve;
  python_types.promise_reject = args->promise_reject;
  return loop_init();
}

// Every call makes a new env and runs the module's init in it (on the calling
// thread): (exports, index of the env). The package keeps one env per file, or one per
// file and thread (load_addon(per_thread=True)).
NAPI_EXPORT PyObject* napi_python_load(PyObject* path, int per_thread) {
  PyObject* bytes = PyUnicode_EncodeFSDefault(path);
  if (bytes == nullptr) return nullptr;
  Py_ssize_t index = -1;
  PyObject* r = load(PyBytes_AS_STRING(bytes), per_thread != 0, &index);
  Py_DECREF(bytes);
  if (r == nullptr) return nullptr;
  return Py_BuildValue("(Nn)", r, index);
}

static napi_env env_at(Py_ssize_t index) {
  std::vector<napi_env>& envs = all_envs();
  if (index < 0 || static_cast<size_t>(index) >= envs.size()) {
    PyErr_Format(PyExc_IndexError, "napi_python: no env %zd", index);
    return nullptr;
  }
  return envs[static_cast<size_t>(index)];
}

// The thread of a per-thread env ended (napi_python/_loader.py), on that thread: the
// finalizers waiting for it run, then its cleanup hooks, as a Node worker's do when
// it exits; its threadsafe functions close before the hooks and are finalized after
// them (tsfn.cc), as Node closes a worker's. The env stays (values it made may live
// on; their finalizers run later, on whichever thread frees them); its instance data
// is finalized at interpreter exit with the others'. After teardown, nothing runs.
static bool torn_down = false;
bool napi_python::teardown_began() { return torn_down; }

static void end_env(napi_env env) {
  disown_env(env);
  async_env_ending(env);  // its async work ends first, here (as a Node worker's)
  if (g_call_depth == 0) drain_finalizers();
  run_cleanup_hooks(env);
  async_env_ended(env);  // its threadsafe functions, closed above, are finalized
  if (g_call_depth == 0) drain_finalizers();
}

// The end of a thread's envs runs while CPython clears the thread's state
// (PyThreadState_Clear), from the thread-local that holds them, as it drops the
// thread's threading.local values: on 3.10 to 3.12 they live in the thread's dict
// (tstate->dict), on 3.13 under two keys of the thread state
// (threading_local_key, threading_local_sentinel). The field being dropped is
// already NULL then (Py_CLEAR), and CPython never looks at it again. Python code the
// end runs that reads a threading.local (an addon's hook or finalizer calling back
// into Python, the __del__ of what a threadsafe function held), or asyncio's running
// loop before 3.13 (this core asks for it after a finalizer's call, when a promise
// settles, ...: it reads the thread's dict), makes CPython create a new one there,
// which nothing would free (LeakSanitizer: a dict per thread, or a key and a
// sentinel, and what the thread-locals set meanwhile hold). So what was NULL when
// the end began and exists when it is over is cleared again, as CPython clears it
// (its objects' destructors may make yet another: a few rounds). These fields are
// public (cpython/pystate.h).
namespace {
struct ThreadLocalsGone {
  PyThreadState* ts;
  bool dict;
#if PY_VERSION_HEX >= 0x030D0000
  bool locals;
#endif
  explicit ThreadLocalsGone(PyThreadState* t) : ts(t), dict(t->dict == nullptr) {
#if PY_VERSION_HEX >= 0x030D0000
    locals = t->threading_local_sentinel == nullptr;
#endif
  }
  void clear_again() {
    for (int round = 0; round < 8; round++) {
      bool made = false;
#if PY_VERSION_HEX >= 0x030D0000
      if (locals && (ts->threading_local_key != nullptr ||
                     ts->threading_local_sentinel != nullptr)) {
        made = true;
        Py_CLEAR(ts->threading_local_key);
        Py_CLEAR(ts->threading_local_sentinel);
      }
#endif
      if (dict && ts->dict != nullptr) {
        made = true;
        Py_CLEAR(ts->dict);
      }
      if (!made) return;
    }
  }
};
}  // namespace

NAPI_EXPORT int napi_python_end_env(Py_ssize_t index) {
  napi_env env = env_at(index);
  if (env == nullptr) return -1;
  if (torn_down || loop_stopped()) return 0;
  ThreadLocalsGone gone(PyThreadState_Get());  // (a thread ending: see above)
  end_env(env);
  gone.clear_again();
  return 0;
}

// A per-thread env becomes the shared one (an ordinary load_addon in its thread):
// its values' finalizers no longer wait for the thread.
NAPI_EXPORT int napi_python_share_env(Py_ssize_t index) {
  napi_env env = env_at(index);
  if (env == nullptr) return -1;
  disown_env(env);
  return 0;
}

// Interpreter exit (atexit), in Node's order: one list of every env's cleanup hooks
// and env ends, last registered first (an env's end was registered when the env
// was made, before its module init, so it comes after the hooks its init and later
// calls registered; a later addon's env ends before an earlier one's). An env's end:
// the finalizers of its objects still alive, then its instance data. Async work and
// libuv handles they started or closed settle after each step. Nothing runs after
// this.
static void end_env_at_exit(napi_env env) {
  uv_teardown();  // close callbacks of the libuv handles the hooks closed
  async_exit_settle(false);  // async work the hooks queued runs (as in Node)
  async_env_ended(env);  // its threadsafe functions (closed since exit began) finalize
  // The finalizers of its objects still alive (and those already queued); a
  // finalizer may attach new ones (a bounded number of rounds).
  drain_finalizers();
  for (int round = 0; round < 8 && queue_live_finalizers(env) > 0; round++) drain_finalizers();
  async_exit_settle(false);
  finalize_instance_data(env);
  uv_teardown();  // ...and of those the finalizers closed
  async_exit_settle(false);
}

NAPI_EXPORT void napi_python_teardown() {
  torn_down = true;
  std::vector<napi_env>& envs = all_envs();
  for (napi_env env : envs) disown_env(env);  // threads still running wait no more
  drain_deferred_references();  // what native threads released is released first
  // Async work and threadsafe functions settle first, the envs still open: a
  // daemon thread's own loop may deliver their completions, as before exit.
  async_teardown();
  // Before the first step that frees what addons keep (cleanup hooks, finalizers,
  // instance data), which may call Python code and so let a daemon thread run:
  // other threads entering an addon from now on sleep (env.h); this one goes on.
  close_envs_for_teardown();
  // (A copy: a hook may load another addon, whose env is not torn down.)
  std::vector<napi_env> loaded(envs);
  run_exit_order(loaded, end_env_at_exit);
  // What the steps above attached to objects still alive, whatever their env.
  drain_finalizers();
  for (int round = 0; round < 8 && queue_live_finalizers(nullptr) > 0; round++)
    drain_finalizers();
  uv_teardown();
  async_exit_settle(true);  // the last: nothing starts after this
  stop_finalizers();
  stop_deferred_references();
}

// Runs the queued finalizers when no call into an addon is under way (the package
// calls it at the end of each garbage collection), after the sweep of the pinned
// objects nothing holds any more.
NAPI_EXPORT void napi_python_run_finalizers() {
  // During the exit's teardown, its thread alone runs finalizers: a daemon thread's
  // collection leaves them to it (one would sleep in the first finalizer's first
  // Node-API call, its drain under way, and the teardown's drains would find it so).
  // (While the teardown runs Python code from a hook or a finalizer, g_call_depth
  // already keeps them waiting; not while it runs a __del__ outside any entry.)
  if (envs_closed_for_teardown() && !on_teardown_thread()) return;
  drain_deferred_references();
  sweep_pinned_states();
  if (g_call_depth == 0) drain_finalizers();
}

// ---------------------------------------------------------------------------
// The napi_* functions of this room
// ---------------------------------------------------------------------------
NAPI_EXPORT void napi_module_register(napi_module* mod) {
  if (loading) registered_module = mod;
}

NAPI_EXPORT napi_status napi_get_version(napi_env env, uint32_t* result) {
  NAPI_CHECK_BASIC_ENV(env);
  NAPI_CHECK_ARG(env, result);
  *result = 10;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_get_node_version(napi_env env, const napi_node_version** result) {
  NAPI_CHECK_BASIC_ENV(env);
  NAPI_CHECK_ARG(env, result);
  // A Node release whose Node-API is 10, the version we implement.
  static const napi_node_version version = {22, 14, 0, "node"};
  *result = &version;
  return clear_last_error(env);
}

NAPI_EXPORT napi_status node_api_get_module_file_name(napi_env env, const char** result) {
  NAPI_CHECK_BASIC_ENV(env);
  NAPI_CHECK_ARG(env, result);
  *result = env->module_file_url.c_str();
  return clear_last_error(env);
}

NAPI_EXPORT napi_status napi_run_script(napi_env env, napi_value script, napi_value* result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, script);
  NAPI_CHECK_ARG(env, result);
  if (!PyUnicode_Check(py(script))) return set_last_error(env, napi_string_expected);
  if (python_types.script_parser == nullptr)
    return set_last_error(env, napi_generic_failure, "napi_run_script: no script parser");
  // The parser (napi_python/_script.py) throws a SyntaxError naming the script for
  // anything outside the small expression language it knows.
  PyObject* tree = PyObject_CallOneArg(python_types.script_parser, py(script));
  if (tree == nullptr) return take_python_error(env);
  napi_status status = eval_script_tree(env, tree, result);
  Py_DECREF(tree);
  if (status != napi_ok) return status;
  return clear_last_error(env);
}
