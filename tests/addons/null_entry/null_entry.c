/* A legacy module that registers with napi_module_register but declares no entry
 * point (nm_register_func NULL): loading it fails with Node's message. */
#include <node_api.h>
#include <stddef.h>

static napi_module null_entry_module = {
  1, 0, __FILE__, NULL, "null_entry", NULL, {NULL, NULL, NULL, NULL},
};

__attribute__((constructor)) static void register_at_load(void) {
  napi_module_register(&null_entry_module);
}
