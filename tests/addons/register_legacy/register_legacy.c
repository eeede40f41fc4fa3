/* An addon that registers the old way: napi_module_register called from a
 * static constructor while the library is being loaded (no
 * napi_register_module_v1 symbol). */
#include "test_helpers.h"

static napi_value Kind(napi_env env, napi_callback_info info) {
  return th_str(env, "legacy");
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {TH_METHOD("kind", Kind)};
  TH_EXPORT_TABLE(env, exports, props);
  napi_set_named_property(env, exports, "answer", th_int(env, 42));
  return exports;
}

static napi_module legacy_module = {
  1,                  /* nm_version */
  0,                  /* nm_flags */
  __FILE__,           /* nm_filename */
  Init,               /* nm_register_func */
  "register_legacy",  /* nm_modname */
  NULL,               /* nm_priv */
  {NULL, NULL, NULL, NULL},
};

__attribute__((constructor)) static void register_at_load(void) {
  napi_module_register(&legacy_module);
}
