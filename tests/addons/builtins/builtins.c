/* What node-addon-api and napi-rs addons rely on beyond the plain API: methods of
 * strings and arrays (String.prototype.slice, Array.prototype.push), native state
 * on a class constructor (node-addon-api frees static-method data with
 * napi_add_finalizer on it) and on Python objects; Buffer and the typed arrays
 * on the global object. */
#include "test_helpers.h"

static int g_finalized = 0;
static void CountFinalize(napi_env env, void* data, void* hint) { g_finalized++; }

/* callMethod(receiver, name, ...args): receiver[name].call(receiver, ...args) */
static napi_value CallMethod(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6], fn, result;
  char name[64];
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NODE_API_CALL(env, napi_get_value_string_utf8(env, argv[1], name, sizeof name, NULL));
  NODE_API_CALL(env, napi_get_named_property(env, argv[0], name, &fn));
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, fn, &t));
  NODE_API_ASSERT(env, t == napi_function, "the member is not a function");
  NODE_API_CALL(env, napi_call_function(env, argv[0], fn, argc - 2, argv + 2, &result));
  return result;
}

static napi_value AddFinalizer(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  return th_status(env, napi_add_finalizer(env, argv[0], NULL, CountFinalize, NULL, NULL));
}

static napi_value Wrap(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int32_t v;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &v));
  return th_status(env, napi_wrap(env, argv[0], (void*)(intptr_t)v, CountFinalize, NULL, NULL));
}

static napi_value Unwrap(napi_env env, napi_callback_info info) {
  napi_value argv[1], result;
  void* p = NULL;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_unwrap(env, argv[0], &p));
  NODE_API_CALL(env, napi_create_int32(env, (int32_t)(intptr_t)p, &result));
  return result;
}

static napi_value Finalized(napi_env env, napi_callback_info info) {
  napi_value result;
  NODE_API_CALL(env, napi_create_int32(env, g_finalized, &result));
  return result;
}

static napi_value Noop(napi_env env, napi_callback_info info) { return NULL; }

static napi_value MakeClass(napi_env env, napi_callback_info info) {
  napi_value cls;
  NODE_API_CALL(env, napi_define_class(env, "K", NAPI_AUTO_LENGTH, Noop, NULL, 0, NULL, &cls));
  return cls;
}

/* globalGet(name): globalThis[name] */
static napi_value GlobalGet(napi_env env, napi_callback_info info) {
  napi_value argv[1], global, result;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_get_property(env, global, argv[0], &result));
  return result;
}

/* bufferFacts(v): [napi_is_buffer(v), v instanceof globalThis.Buffer,
 *                  v instanceof globalThis.Uint8Array] */
static napi_value BufferFacts(napi_env env, napi_callback_info info) {
  napi_value argv[1], global, ctor, result, b;
  bool facts[3];
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_is_buffer(env, argv[0], &facts[0]));
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_get_named_property(env, global, "Buffer", &ctor));
  NODE_API_CALL(env, napi_instanceof(env, argv[0], ctor, &facts[1]));
  NODE_API_CALL(env, napi_get_named_property(env, global, "Uint8Array", &ctor));
  NODE_API_CALL(env, napi_instanceof(env, argv[0], ctor, &facts[2]));
  NODE_API_CALL(env, napi_create_array_with_length(env, 3, &result));
  for (uint32_t i = 0; i < 3; i++) {
    NODE_API_CALL(env, napi_get_boolean(env, facts[i], &b));
    NODE_API_CALL(env, napi_set_element(env, result, i, b));
  }
  return result;
}

/* newGlobal(name, ...args): new globalThis[name](...args) */
static napi_value NewGlobal(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], global, ctor, result;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_get_property(env, global, argv[0], &ctor));
  NODE_API_CALL(env, napi_new_instance(env, ctor, argc - 1, argv + 1, &result));
  return result;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      TH_METHOD("callMethod", CallMethod),
      TH_METHOD("addFinalizer", AddFinalizer),
      TH_METHOD("wrap", Wrap),
      TH_METHOD("unwrap", Unwrap),
      TH_METHOD("finalized", Finalized),
      TH_METHOD("makeClass", MakeClass),
      TH_METHOD("globalGet", GlobalGet),
      TH_METHOD("bufferFacts", BufferFacts),
      TH_METHOD("newGlobal", NewGlobal),
  };
  NODE_API_CALL(env, napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}
