/* An addon that loads, exports nothing to call and aborts when its env is torn
 * down at exit (ffi-napi 4's prebuild does the same: its cleanup closes a libuv
 * handle twice), under Node as under napi-python: the fuzz runner must see that
 * Node shares the crash (tests/test_fuzz_runner.py). */
#include <node_api.h>
#include <stdlib.h>

static void AbortAtTeardown(void* arg) {
  abort();
}

NAPI_MODULE_INIT() {
  napi_add_env_cleanup_hook(env, AbortAtTeardown, NULL);
  return exports;
}
