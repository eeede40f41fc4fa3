/* Status and argument checks as Node makes them, the last-error state a callback
 * starts with, and exceptions thrown where no caller can catch them (cleanup hooks,
 * the instance data finalizer, at exit). */
#include "test_helpers.h"

#include <stdlib.h>

static napi_value Ctor(napi_env env, napi_callback_info info) {
  napi_value self;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  return self;
}

/* napi_define_class with a NULL name: napi_invalid_arg. */
static napi_value DefineClassNullName(napi_env env, napi_callback_info info) {
  napi_value cls;
  return th_int(env, napi_define_class(env, NULL, NAPI_AUTO_LENGTH, Ctor, NULL, 0, NULL, &cls));
}

/* node_api_symbol_for(NULL, length): napi_invalid_arg unless length is 0. */
static napi_value SymbolForNull(napi_env env, napi_callback_info info) {
  napi_value argv[1], sym, out, desc;
  th_args(env, info, 1, argv);
  int64_t length;
  napi_get_value_int64(env, argv[0], &length);
  size_t len = length < 0 ? NAPI_AUTO_LENGTH : (size_t)length;
  napi_status s = node_api_symbol_for(env, NULL, len, &sym);
  napi_create_object(env, &out);
  napi_set_named_property(env, out, "status", th_int(env, s));
  if (s == napi_ok) {
    /* the registered symbol of "" is the one Symbol.for("") gives */
    napi_value again;
    bool same = false;
    node_api_symbol_for(env, "", 0, &again);
    napi_strict_equals(env, sym, again, &same);
    napi_set_named_property(env, out, "sameAsEmpty", th_bool(env, same));
    desc = sym;
    napi_set_named_property(env, out, "symbol", desc);
  }
  return out;
}

/* Leaves napi_number_expected as the last error and returns. */
static napi_value LeaveError(napi_env env, napi_callback_info info) {
  napi_value s;
  double d;
  napi_create_string_utf8(env, "xyz", 3, &s);
  return th_int(env, napi_get_value_double(env, s, &d));
}

/* The last error as this callback finds it on entry. */
static napi_value LastErrorOnEntry(napi_env env, napi_callback_info info) {
  const napi_extended_error_info* e;
  napi_get_last_error_info(env, &e);
  return th_int(env, e->error_code);
}

/* napi_create_external_arraybuffer with NULL data: a detached ArrayBuffer; its
 * finalizer runs soon (nothing else would trigger it). */
static int null_finalized = 0;
static void CountNullFinalize(napi_env env, void* data, void* hint) {
  if (data == NULL) null_finalized++;
}
static napi_value NullExternalArrayBuffer(napi_env env, napi_callback_info info) {
  napi_value ab, out;
  bool detached = false;
  void* data = (void*)1;
  size_t length = 99;
  NODE_API_CALL(env, napi_create_external_arraybuffer(env, NULL, 0, CountNullFinalize, NULL, &ab));
  NODE_API_CALL(env, napi_is_detached_arraybuffer(env, ab, &detached));
  NODE_API_CALL(env, napi_get_arraybuffer_info(env, ab, &data, &length));
  napi_create_object(env, &out);
  napi_set_named_property(env, out, "value", ab);
  napi_set_named_property(env, out, "detached", th_bool(env, detached));
  napi_set_named_property(env, out, "dataIsNull", th_bool(env, data == NULL));
  napi_set_named_property(env, out, "byteLength", th_int(env, (int64_t)length));
  return out;
}
static napi_value NullFinalized(napi_env env, napi_callback_info info) {
  return th_int(env, null_finalized);
}
/* NULL data with a length: napi_invalid_arg (Node aborts the process). */
static napi_value NullExternalWithLength(napi_env env, napi_callback_info info) {
  napi_value ab, out;
  napi_create_object(env, &out);
  napi_set_named_property(env, out, "arraybuffer",
                          th_int(env, napi_create_external_arraybuffer(env, NULL, 8, NULL, NULL, &ab)));
  napi_set_named_property(env, out, "buffer",
                          th_int(env, napi_create_external_buffer(env, 8, NULL, NULL, NULL, &ab)));
  return out;
}

/* At exit: a cleanup hook and the instance data finalizer that both throw. */
static napi_env saved_env;
static void ThrowingHook(void* arg) {
  fprintf(stderr, "cleanup hook ran\n");
  napi_throw_error(saved_env, NULL, (const char*)arg);
}
static void ThrowingInstanceFinalize(napi_env env, void* data, void* hint) {
  fprintf(stderr, "instance data finalizer ran\n");
  napi_throw_error(env, NULL, "thrown by the instance data finalizer");
  free(data);
}
static napi_value ThrowAtExit(napi_env env, napi_callback_info info) {
  saved_env = env;
  NODE_API_CALL(env, napi_add_env_cleanup_hook(env, ThrowingHook, "thrown by a cleanup hook"));
  NODE_API_CALL(env, napi_set_instance_data(env, malloc(16), ThrowingInstanceFinalize, NULL));
  return th_undefined(env);
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      TH_METHOD("defineClassNullName", DefineClassNullName),
      TH_METHOD("symbolForNull", SymbolForNull),
      TH_METHOD("leaveError", LeaveError),
      TH_METHOD("lastErrorOnEntry", LastErrorOnEntry),
      TH_METHOD("nullExternalArrayBuffer", NullExternalArrayBuffer),
      TH_METHOD("nullFinalized", NullFinalized),
      TH_METHOD("nullExternalWithLength", NullExternalWithLength),
      TH_METHOD("throwAtExit", ThrowAtExit),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
