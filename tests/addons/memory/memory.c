/* Test addon for the memory tests: a call that makes strings, objects and arrays
 * (all of them garbage once the call returns, except the array it returns). */
#include "test_helpers.h"

/* churn(i) -> [object {s, i, n}, string, i]; creates a string, an object with three
 * properties, a number and an array, reads a property back, inside one call. */
static napi_value Churn(napi_env env, napi_callback_info info) {
  napi_value argv[1], obj, arr, str, num, got;
  int32_t i = 0;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &i));
  NODE_API_CALL(env, napi_create_string_utf8(env, "a string made inside the call",
                                             NAPI_AUTO_LENGTH, &str));
  NODE_API_CALL(env, napi_create_double(env, i * 0.5, &num));
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "s", str));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "i", argv[0]));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "n", num));
  NODE_API_CALL(env, napi_create_array_with_length(env, 3, &arr));
  NODE_API_CALL(env, napi_set_element(env, arr, 0, obj));
  NODE_API_CALL(env, napi_set_element(env, arr, 1, str));
  NODE_API_CALL(env, napi_set_element(env, arr, 2, argv[0]));
  NODE_API_CALL(env, napi_get_named_property(env, obj, "n", &got));
  return arr;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
    TH_METHOD("churn", Churn),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
