/* The benchmark addon: plain C written for Node, nothing in it knows about Python.
 *
 * bench/run.py loads this one .node file under napi-python and bench/node/bench.js
 * loads it under Node; bench/cext/bench_cext.c does the same work as a hand-written
 * CPython extension. Every operation is kept as small as an addon author would write
 * it, so that the numbers measure the Node-API calls and the call path, not the work.
 *
 * Built against the official Node-API headers (node-api-headers from npm).
 */

#include <stdint.h>
#include <stdlib.h>

#include <node_api.h>

/* On failure: throw (unless an exception is already pending) and return NULL, which
 * both runtimes turn into the pending exception. Checked everywhere so that a broken
 * call shows up as an error in the benchmark rather than as a fast wrong number. */
#define CHECK(env, call)                                                         \
  do {                                                                           \
    if ((call) != napi_ok) {                                                     \
      bool pending_ = false;                                                     \
      napi_is_exception_pending((env), &pending_);                               \
      if (!pending_) napi_throw_error((env), NULL, "bench_addon: " #call " failed"); \
      return NULL;                                                               \
    }                                                                            \
  } while (0)

/* add(a, b): the smallest function that reads arguments and returns a value. */
static napi_value add(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  double a, b;
  napi_value result;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(env, napi_get_value_double(env, argv[0], &a));
  CHECK(env, napi_get_value_double(env, argv[1], &b));
  CHECK(env, napi_create_double(env, a + b, &result));
  return result;
}

/* noop(): the bare cost of a call into native code and back. */
static napi_value noop(napi_env env, napi_callback_info info) {
  return NULL;
}

/* echo_str(s): a string in (UTF-8 copy into a stack buffer) and a new string out. */
static napi_value echo_str(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, result;
  char buf[256];
  size_t len;
  CHECK(env, napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  CHECK(env, napi_get_value_string_utf8(env, arg, buf, sizeof buf, &len));
  CHECK(env, napi_create_string_utf8(env, buf, len, &result));
  return result;
}

/* make_obj() -> {x: 1, y: 'a'} */
static napi_value make_obj(napi_env env, napi_callback_info info) {
  napi_value obj, x, y;
  CHECK(env, napi_create_object(env, &obj));
  CHECK(env, napi_create_int32(env, 1, &x));
  CHECK(env, napi_set_named_property(env, obj, "x", x));
  CHECK(env, napi_create_string_utf8(env, "a", 1, &y));
  CHECK(env, napi_set_named_property(env, obj, "y", y));
  return obj;
}

/* sum_array(arr): one napi_get_element + napi_get_value_double per element. */
static napi_value sum_array(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arr, elem, result;
  uint32_t len, i;
  double sum = 0, v;
  CHECK(env, napi_get_cb_info(env, info, &argc, &arr, NULL, NULL));
  CHECK(env, napi_get_array_length(env, arr, &len));
  for (i = 0; i < len; i++) {
    CHECK(env, napi_get_element(env, arr, i, &elem));
    CHECK(env, napi_get_value_double(env, elem, &v));
    sum += v;
  }
  CHECK(env, napi_create_double(env, sum, &result));
  return result;
}

/* call_cb(cb, n): calls cb(i) for i in [0, n) from native code, returns undefined.
 * The per-callback cost is the total divided by n. */
static napi_value call_cb(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], recv, arg, ret;
  int32_t n, i;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(env, napi_get_value_int32(env, argv[1], &n));
  CHECK(env, napi_get_undefined(env, &recv));
  for (i = 0; i < n; i++) {
    CHECK(env, napi_create_int32(env, i, &arg));
    CHECK(env, napi_call_function(env, recv, argv[0], 1, &arg, &ret));
  }
  return NULL;
}

/* Counter: a class whose instances carry a native struct (napi_wrap). */
typedef struct {
  int64_t count;
} Counter;

static void counter_finalize(napi_env env, void *data, void *hint) {
  free(data);
}

static napi_value counter_new(napi_env env, napi_callback_info info) {
  napi_value self;
  Counter *c;
  CHECK(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  c = calloc(1, sizeof *c);
  if (c == NULL) {
    napi_throw_error(env, NULL, "bench_addon: out of memory");
    return NULL;
  }
  if (napi_wrap(env, self, c, counter_finalize, NULL, NULL) != napi_ok) {
    free(c);
    CHECK(env, napi_generic_failure);
  }
  return self;
}

static napi_value counter_increment(napi_env env, napi_callback_info info) {
  napi_value self, result;
  Counter *c;
  CHECK(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  CHECK(env, napi_unwrap(env, self, (void **)&c));
  CHECK(env, napi_create_int64(env, ++c->count, &result));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  static const napi_property_descriptor functions[] = {
    {"add", NULL, add, NULL, NULL, NULL, napi_enumerable, NULL},
    {"noop", NULL, noop, NULL, NULL, NULL, napi_enumerable, NULL},
    {"echo_str", NULL, echo_str, NULL, NULL, NULL, napi_enumerable, NULL},
    {"make_obj", NULL, make_obj, NULL, NULL, NULL, napi_enumerable, NULL},
    {"sum_array", NULL, sum_array, NULL, NULL, NULL, napi_enumerable, NULL},
    {"call_cb", NULL, call_cb, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  static const napi_property_descriptor counter_methods[] = {
    {"increment", NULL, counter_increment, NULL, NULL, NULL, napi_default_method, NULL},
  };
  napi_value counter_class;
  CHECK(env, napi_define_properties(env, exports, sizeof functions / sizeof functions[0],
                                    functions));
  CHECK(env, napi_define_class(env, "Counter", NAPI_AUTO_LENGTH, counter_new, NULL,
                               sizeof counter_methods / sizeof counter_methods[0],
                               counter_methods, &counter_class));
  CHECK(env, napi_set_named_property(env, exports, "Counter", counter_class));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
