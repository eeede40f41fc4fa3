/* Test addon for repr() of objects (tests/test_repr.py): an object whose
 * enumerable getter throws, beside a non-enumerable accessor and a
 * non-enumerable data property, and an instance of a class whose state is only in
 * non-enumerable own properties (as many native-backed objects have). */
#include "test_helpers.h"

static napi_value Throwing(napi_env env, napi_callback_info info) {
  napi_throw_error(env, "E_GETTER", "getter failed");
  return NULL;
}

static napi_value FortyTwo(napi_env env, napi_callback_info info) {
  return th_int(env, 42);
}

static napi_value GetterObject(napi_env env, napi_callback_info info) {
  napi_value obj;
  napi_property_descriptor d[] = {
    {"ok", NULL, NULL, NULL, NULL, th_int(env, 1), napi_default_jsproperty, NULL},
    {"bad", NULL, NULL, Throwing, NULL, NULL, napi_enumerable, NULL},
    {"answer", NULL, NULL, FortyTwo, NULL, NULL, napi_default, NULL},
    {"secret", NULL, NULL, NULL, NULL, th_str(env, "s"), napi_writable, NULL},
  };
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_define_properties(env, obj, sizeof d / sizeof d[0], d));
  return obj;
}

/* new Handle(): stores `fd` and `path` on `this` as non-enumerable properties. */
static napi_value HandleCtor(napi_env env, napi_callback_info info) {
  napi_value self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  napi_property_descriptor d[] = {
    {"fd", NULL, NULL, NULL, NULL, th_int(env, 3), napi_default, NULL},
    {"path", NULL, NULL, NULL, NULL, th_str(env, "/tmp/x"), napi_default, NULL},
  };
  NODE_API_CALL(env, napi_define_properties(env, self, 2, d));
  return self;
}

static napi_value Close(napi_env env, napi_callback_info info) { return NULL; }

NAPI_MODULE_INIT() {
  napi_value handle;
  napi_property_descriptor methods[] = {
    {"close", NULL, Close, NULL, NULL, NULL, napi_default_method, NULL},
  };
  NODE_API_CALL(env, napi_define_class(env, "Handle", NAPI_AUTO_LENGTH, HandleCtor, NULL,
                                       1, methods, &handle));
  napi_property_descriptor props[] = {
    TH_METHOD("getterObject", GetterObject),
    {"Handle", NULL, NULL, NULL, NULL, handle, napi_default, NULL},
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
