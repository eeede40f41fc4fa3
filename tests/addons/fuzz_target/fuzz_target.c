/* Test addon for the smoke and fuzz runner (tests/fuzz, tests/test_fuzz_runner.py):
 * functions that misbehave on purpose, the way real addons do on wrong input, so
 * that the runner's crash detection, Node replay and reproducers can be checked.
 * It is not fuzzed itself (tests/fuzz/__main__.py leaves it out). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "test_helpers.h"

/* identity(x) -> x */
static napi_value Identity(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  return argv[0];
}

/* needsString(s): a TypeError for anything but a string */
static napi_value NeedsString(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  char buf[64];
  if (!th_utf8_arg(env, argv[0], buf, sizeof buf)) return NULL;
  return th_str(env, buf);
}

/* derefWhenNumber(x): reads through a null pointer when x is a number, the way an
 * addon that trusts its argument types dereferences garbage */
static napi_value DerefWhenNumber(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, argv[0], &t));
  if (t == napi_number) {
    volatile int* p = NULL;
    return th_int(env, *p);
  }
  return th_undefined(env);
}

/* assertWhenString(x): abort() when x is a string, like an addon's assert() */
static napi_value AssertWhenString(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, argv[0], &t));
  if (t == napi_string) abort();
  return th_undefined(env);
}

/* spinWhenObject(x): never returns when x is an object (not null, not an array) */
static napi_value SpinWhenObject(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  napi_valuetype t;
  bool is_array = false;
  NODE_API_CALL(env, napi_typeof(env, argv[0], &t));
  NODE_API_CALL(env, napi_is_array(env, argv[0], &is_array));
  if (t == napi_object && !is_array) {
    for (;;) pause();
  }
  return th_undefined(env);
}

/* slowOnceWhenNull(x): when x is null, sleeps 5 s the first time in a directory
 * ($HOME: the walk and its replays share it), then returns at once: a call that was
 * slow once (a busy machine), which the runner must not judge a hang once its
 * replays return */
static napi_value SlowOnceWhenNull(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, argv[0], &t));
  const char* home = getenv("HOME");
  if (t == napi_null && home != NULL) {
    char path[4096];
    snprintf(path, sizeof path, "%s/slow-once-marker", home);
    if (access(path, F_OK) != 0) {
      FILE* f = fopen(path, "w");
      if (f != NULL) fclose(f);
      sleep(5);
    }
  }
  return th_undefined(env);
}

/* crashOutsideNode(x): reads through a null pointer when x is an array and the process
 * is not Node (a CPython interpreter is linked into it: Py_IsInitialized resolves): a
 * stand-in for a crash that happens under napi-python only, which the runner must call
 * ours. (A process property, not a missing global: the global object keeps growing.) */
static napi_value CrashOutsideNode(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  bool flag = false;
  NODE_API_CALL(env, napi_is_array(env, argv[0], &flag));
  if (flag && dlsym(RTLD_DEFAULT, "Py_IsInitialized") != NULL) {
    volatile int* p = NULL;
    return th_int(env, *p);
  }
  return th_undefined(env);
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_property_descriptor props[] = {
      TH_METHOD("identity", Identity),
      TH_METHOD("needsString", NeedsString),
      TH_METHOD("derefWhenNumber", DerefWhenNumber),
      TH_METHOD("assertWhenString", AssertWhenString),
      TH_METHOD("spinWhenObject", SpinWhenObject),
      TH_METHOD("crashOutsideNode", CrashOutsideNode),
      TH_METHOD("slowOnceWhenNull", SlowOnceWhenNull),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
