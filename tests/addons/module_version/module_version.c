/* An addon that declares its Node-API version itself through
 * node_api_module_get_api_version_v1 (DECLARED_VERSION, default 8). Built
 * twice by the tests: as declared version 8 and as NAPI_VERSION_EXPERIMENTAL.
 * The observable difference: references to primitive values are refused for
 * version 8 and allowed for later versions (doc/api/n-api.md, "References to
 * values with a lifespan longer than that of the native method"). */
#include "test_helpers.h"

#ifndef DECLARED_VERSION
#define DECLARED_VERSION 8
#endif

static napi_value Declared(napi_env env, napi_callback_info info) {
  return th_int(env, DECLARED_VERSION);
}

/* refRoundTrip(value) -> [status of napi_create_reference(value, 1),
 *                          the value read back (undefined if no ref)] */
static napi_value RefRoundTrip(napi_env env, napi_callback_info info) {
  napi_value argv[1], out, v = NULL;
  napi_ref ref = NULL;
  th_args(env, info, 1, argv);
  napi_status s = napi_create_reference(env, argv[0], 1, &ref);
  if (s == napi_ok) {
    napi_get_reference_value(env, ref, &v);
    napi_delete_reference(env, ref);
  }
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_status(env, s)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, v != NULL ? v : th_undefined(env)));
  return out;
}

static napi_value RuntimeVersion(napi_env env, napi_callback_info info) {
  uint32_t v = 0;
  NODE_API_CALL(env, napi_get_version(env, &v));
  return th_int(env, v);
}

NAPI_MODULE_EXPORT int32_t node_api_module_get_api_version_v1(void) {
  return DECLARED_VERSION;
}

NAPI_MODULE_EXPORT napi_value napi_register_module_v1(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    TH_METHOD("declared", Declared),
    TH_METHOD("refRoundTrip", RefRoundTrip),
    TH_METHOD("runtimeVersion", RuntimeVersion),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
