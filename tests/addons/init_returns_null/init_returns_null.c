/* An addon whose init function sets properties on `exports` and returns
 * NULL: the exports object it was given is used. */
#include "test_helpers.h"

static napi_value Hello(napi_env env, napi_callback_info info) {
  return th_str(env, "hello from exports");
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {TH_METHOD("hello", Hello)};
  TH_EXPORT_TABLE(env, exports, props);
  napi_set_named_property(env, exports, "marker", th_str(env, "set on exports"));
  return NULL;
}
