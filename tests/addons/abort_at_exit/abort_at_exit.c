/* An addon that loads, exports nothing to call and aborts when its env is torn
 * down at exit (ffi-napi 4's prebuild does the same: its cleanup closes a libuv
 * handle twice), under Node as under napi-python: the fuzz runner must see that
 * Node shares the crash (tests/test_fuzz_runner.py). Built with EXIT_AT_EXIT it
 * leaves with exit(1) instead, as uiohook-napi's Xlib does without a display. */
#include <node_api.h>
#include <stdlib.h>

static void AbortAtTeardown(void* arg) {
#ifdef EXIT_AT_EXIT
  exit(1);
#else
  abort();
#endif
}

NAPI_MODULE_INIT() {
  napi_add_env_cleanup_hook(env, AbortAtTeardown, NULL);
  return exports;
}
