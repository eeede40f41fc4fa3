// The example addon of `make demo`: a function, a class and an error, written in
// plain C against Node-API exactly as for Node.
#include <node_api.h>
#include <stdio.h>
#include <stdlib.h>

#define CALL(env, call)                                            \
  do {                                                             \
    if ((call) != napi_ok) {                                       \
      const napi_extended_error_info* info;                        \
      napi_get_last_error_info((env), &info);                      \
      napi_throw_error((env), NULL, info->error_message);          \
      return NULL;                                                 \
    }                                                              \
  } while (0)

// add(a, b) -> a + b
static napi_value Add(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  double a, b;
  napi_value result;
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2) {
    napi_throw_type_error(env, "ERR_ARGS", "add(a, b) needs two numbers");
    return NULL;
  }
  CALL(env, napi_get_value_double(env, argv[0], &a));
  CALL(env, napi_get_value_double(env, argv[1], &b));
  CALL(env, napi_create_double(env, a + b, &result));
  return result;
}

// greet(name) -> "Hello, <name>!"
static napi_value Greet(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char name[128];
  char text[160];
  size_t len;
  napi_value result;
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) != napi_ok) {
    napi_throw_type_error(env, "ERR_ARG_NOT_STRING", "greet(name) needs a string");
    return NULL;
  }
  int n = snprintf(text, sizeof text, "Hello, %s!", name);
  CALL(env, napi_create_string_utf8(env, text, (size_t)n, &result));
  return result;
}

// class Counter { constructor(start = 0); increment(); get value; set value }
typedef struct {
  int64_t value;
} Counter;

static void CounterFree(napi_env env, void* data, void* hint) { free(data); }

static napi_value CounterNew(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], self;
  CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  Counter* c = calloc(1, sizeof *c);
  if (argc >= 1) CALL(env, napi_get_value_int64(env, argv[0], &c->value));
  CALL(env, napi_wrap(env, self, c, CounterFree, NULL, NULL));
  return self;
}

static Counter* Unwrap(napi_env env, napi_callback_info info, napi_value* argv, size_t* argc) {
  napi_value self;
  void* data = NULL;
  if (napi_get_cb_info(env, info, argc, argv, &self, NULL) != napi_ok ||
      napi_unwrap(env, self, &data) != napi_ok) {
    napi_throw_type_error(env, NULL, "not a Counter");
    return NULL;
  }
  return data;
}

static napi_value CounterIncrement(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  Counter* c = Unwrap(env, info, NULL, &argc);
  napi_value result;
  if (!c) return NULL;
  CALL(env, napi_create_int64(env, ++c->value, &result));
  return result;
}

static napi_value CounterGetValue(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  Counter* c = Unwrap(env, info, NULL, &argc);
  napi_value result;
  if (!c) return NULL;
  CALL(env, napi_create_int64(env, c->value, &result));
  return result;
}

static napi_value CounterSetValue(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Counter* c = Unwrap(env, info, argv, &argc);
  if (!c) return NULL;
  if (napi_get_value_int64(env, argv[0], &c->value) != napi_ok) {
    napi_throw_range_error(env, "ERR_VALUE", "value must be a number");
  }
  return NULL;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor fns[] = {
      {"add", NULL, Add, NULL, NULL, NULL, napi_enumerable, NULL},
      {"greet", NULL, Greet, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CALL(env, napi_define_properties(env, exports, 2, fns));
  napi_property_descriptor members[] = {
      {"increment", NULL, CounterIncrement, NULL, NULL, NULL, napi_default_method, NULL},
      {"value", NULL, NULL, CounterGetValue, CounterSetValue, NULL, napi_default_jsproperty, NULL},
  };
  napi_value cls;
  CALL(env, napi_define_class(env, "Counter", NAPI_AUTO_LENGTH, CounterNew, NULL, 2, members, &cls));
  CALL(env, napi_set_named_property(env, exports, "Counter", cls));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
