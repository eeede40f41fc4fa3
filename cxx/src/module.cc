// Module loading and the runtime entry points the Python package calls
// (napi_python_core_init, napi_python_load, napi_python_teardown), plus the
// process-level napi functions: versions, module file name, napi_module_register.
#include "types.h"

#include "buffers.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>

#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

namespace napi_python {

int init_errors();  // errors.cc
PyObject* new_object();  // objects.cc
void stop_finalizers();  // lifetimes.cc
void async_teardown();   // loop.cc

static PyObject* AddonLoadError = nullptr;
// Every loaded addon, in load order. Never destroyed (nor are the envs): finalizers
// and callbacks may refer to them until the process ends.
static std::vector<napi_env>& envs = *new std::vector<napi_env>();

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

static PyObject* load(const char* path) {
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
  envs.push_back(env);  // never freed: finalizers and callbacks may refer to it

  PyObject* exports = new_object();
  if (exports == nullptr) return nullptr;
  PyObject* result;
  {
    CallScope scope;
    g_call_depth++;
    napi_value r = init(env, js(exports));
    g_call_depth--;
    if (env->pending_exception != nullptr) {
      Py_DECREF(exports);
      return raise_pending(env);
    }
    result = (r != nullptr && py(r) != Py_None) ? py(r) : exports;
    Py_INCREF(result);
  }
  Py_DECREF(exports);
  env->exports = Py_NewRef(result);
  if (g_call_depth == 0) drain_finalizers();
  return result;
}

static void teardown_env(napi_env env) {
  // Cleanup hooks, last registered first.
  while (!env->cleanup_hooks.empty()) {
    napi_env__::CleanupHook hook = env->cleanup_hooks.back();
    env->cleanup_hooks.pop_back();
    CallScope scope;
    hook.fun(hook.arg);
  }
}

}  // namespace napi_python

using namespace napi_python;

// ---------------------------------------------------------------------------
// Entry points for napi_python/_core.pyx
// ---------------------------------------------------------------------------

// Makes the core's symbols global (an addon's undefined napi_* references, and
// dlsym(RTLD_DEFAULT, "napi_...") at load time, must find them), readies the types
// and takes the Python-defined types from `config` (a dict).
NAPI_EXPORT int napi_python_core_init(PyObject* config) {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&napi_python_core_init), &info) == 0 ||
      dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL) == nullptr) {
    PyErr_Format(PyExc_ImportError, "napi_python: cannot make the core library global: %s",
                 dlerror());
    return -1;
  }
  if (init_types() < 0 || init_errors() < 0) return -1;
  struct {
    const char* name;
    PyObject** slot;
  } wanted[] = {
      {"JSError", &python_types.JSError},
      {"JSTypeError", &python_types.JSTypeError},
      {"JSRangeError", &python_types.JSRangeError},
      {"JSSyntaxError", &python_types.JSSyntaxError},
      {"BigInt", &python_types.BigInt},
      {"datetime", &python_types.datetime},
      {"utc", &python_types.utc},
      {"Date", &python_types.Date},
      {"with_this", &python_types.with_this},
      {"Promise", &python_types.Promise},
      {"AddonLoadError", &AddonLoadError},
  };
  for (auto& w : wanted) {
    PyObject* v = PyDict_GetItemString(config, w.name);
    if (v == nullptr) {
      PyErr_Format(PyExc_KeyError, "napi_python_core_init: missing %s", w.name);
      return -1;
    }
    Py_XSETREF(*w.slot, Py_NewRef(v));
  }
  return 0;
}

// The object napi_get_global returns (built in Python once the types exist).
// and the prototypes that plain objects (and dicts), strings and arrays (lists)
// inherit from: a dict {"object": ..., "string": ..., "array": ...}, and the
// "promise" one Python awaitables show addons (then, catch, finally).
NAPI_EXPORT int napi_python_set_global(PyObject* global, PyObject* prototypes) {
  struct {
    const char* name;
    PyObject** slot;
  } wanted[] = {{"object", &python_types.object_prototype},
                {"string", &python_types.string_prototype},
                {"array", &python_types.array_prototype},
                {"promise", &python_types.promise_prototype}};
  for (auto& w : wanted) {
    PyObject* v = PyDict_GetItemString(prototypes, w.name);
    if (v == nullptr) {
      PyErr_Format(PyExc_KeyError, "napi_python_set_global: missing prototype %s", w.name);
      return -1;
    }
    Py_XSETREF(*w.slot, Py_NewRef(v));
  }
  Py_XSETREF(python_types.global, Py_NewRef(global));
  return 0;
}

// The core's Python types, for the package to re-export.
NAPI_EXPORT PyObject* napi_python_core_types() {
  PyObject* d = Py_BuildValue("{sOsOsOsOsOsOsOsO}", "Object", &ObjectType, "ClassBase",
                              &ClassBaseType, "Function", &FunctionType, "BoundFunction",
                              &BoundFunctionType, "Symbol", &SymbolType, "External",
                              &ExternalType, "NullType", &NullType, "null", NAPI_PY_NULL);
  if (d != nullptr && init_buffer_types(d) < 0) Py_CLEAR(d);
  return d;
}

NAPI_EXPORT PyObject* napi_python_load(PyObject* path) {
  PyObject* bytes = PyUnicode_EncodeFSDefault(path);
  if (bytes == nullptr) return nullptr;
  PyObject* r = load(PyBytes_AS_STRING(bytes));
  Py_DECREF(bytes);
  return r;
}

// Interpreter exit (atexit): each env's cleanup hooks (last loaded first), then the
// remaining finalizers, then instance data. Nothing runs after this.
NAPI_EXPORT void napi_python_teardown() {
  drain_deferred_references();  // what native threads released is released first
  async_teardown();  // async work, threadsafe functions: before the cleanup hooks
  for (auto it = envs.rbegin(); it != envs.rend(); ++it) teardown_env(*it);
  // Then the finalizers of everything still alive; a finalizer may attach new ones
  // (a bounded number of rounds).
  drain_finalizers();
  for (int round = 0; round < 8 && queue_live_finalizers() > 0; round++) drain_finalizers();
  for (auto it = envs.rbegin(); it != envs.rend(); ++it) {
    napi_env env = *it;
    if (env->instance_data_finalize != nullptr) {
      CallScope scope;
      napi_finalize fin = env->instance_data_finalize;
      env->instance_data_finalize = nullptr;
      fin(env, env->instance_data, env->instance_data_hint);
    }
  }
  stop_finalizers();
  stop_deferred_references();
}

// Runs the queued finalizers when no call into an addon is under way (the package
// calls it at the end of each garbage collection).
NAPI_EXPORT void napi_python_run_finalizers() {
  drain_deferred_references();
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
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, script);
  NAPI_CHECK_ARG(env, result);
  return set_last_error(env, napi_generic_failure,
                        "napi_run_script is not supported: napi-python has no JavaScript engine");
}
