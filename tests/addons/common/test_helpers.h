/* Shared helpers for the tiny test addons in tests/addons/<topic>/.
 *
 * Built against the official Node-API headers.  The pattern: an addon function
 * either does its work through NODE_API_CALL (a failing call throws a JS Error
 * carrying the napi_get_last_error_info message, unless an exception is already
 * pending, which is then left to propagate), or it deliberately calls a napi
 * function with bad input and returns the napi_status as a JS number
 * (th_status) so the Python test can compare it with tests/napi_status.py.
 */
#ifndef TEST_HELPERS_H_
#define TEST_HELPERS_H_

#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Throws "<expr> failed: <last error message>" unless an exception is pending.
 * The last error info must be read before napi_is_exception_pending, which
 * resets it. */
static inline void th_throw_last_error(napi_env env, const char* expr) {
  const napi_extended_error_info* info = NULL;
  napi_get_last_error_info(env, &info);
  const char* msg = (info != NULL && info->error_message != NULL)
                        ? info->error_message : "empty error message";
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) {
    char buf[512];
    snprintf(buf, sizeof buf, "%s failed: %s", expr, msg);
    napi_throw_error(env, NULL, buf);
  }
}

#define NODE_API_CALL_BASE(env, call, ret_val)                                 \
  do {                                                                         \
    if ((call) != napi_ok) {                                                   \
      th_throw_last_error((env), #call);                                       \
      return ret_val;                                                          \
    }                                                                          \
  } while (0)

/* For functions returning napi_value. */
#define NODE_API_CALL(env, call) NODE_API_CALL_BASE(env, call, NULL)
/* For functions returning void. */
#define NODE_API_CALL_RETURN_VOID(env, call) NODE_API_CALL_BASE(env, call, )

#define NODE_API_ASSERT(env, cond, message)                                    \
  do {                                                                         \
    if (!(cond)) {                                                             \
      napi_throw_error((env), NULL, "assertion (" #cond ") failed: " message); \
      return NULL;                                                             \
    }                                                                          \
  } while (0)

/* Reads up to `max` arguments into argv (missing ones are undefined, as in
 * Node) and returns how many the caller actually passed. */
static inline size_t th_args(napi_env env, napi_callback_info info, size_t max,
                             napi_value* argv) {
  size_t argc = max;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return 0;
  return argc;
}

/* A napi_status (or any small int) as a JS number. */
static inline napi_value th_int(napi_env env, int64_t v) {
  napi_value out = NULL;
  napi_create_int64(env, v, &out);
  return out;
}
#define th_status(env, s) th_int((env), (int64_t)(s))

static inline napi_value th_bool(napi_env env, bool b) {
  napi_value out = NULL;
  napi_get_boolean(env, b, &out);
  return out;
}

static inline napi_value th_undefined(napi_env env) {
  napi_value out = NULL;
  napi_get_undefined(env, &out);
  return out;
}

static inline napi_value th_str(napi_env env, const char* s) {
  napi_value out = NULL;
  if (s == NULL) napi_get_null(env, &out);
  else napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &out);
  return out;
}

/* Copies a JS string argument into buf (UTF-8, NUL-terminated); false and a
 * thrown error if it is not a string. */
static inline bool th_utf8_arg(napi_env env, napi_value v, char* buf, size_t size) {
  size_t len = 0;
  if (napi_get_value_string_utf8(env, v, buf, size, &len) != napi_ok) {
    th_throw_last_error(env, "napi_get_value_string_utf8");
    return false;
  }
  return true;
}

/* Adds exports.<name> = function. */
static inline bool th_export(napi_env env, napi_value exports, const char* name,
                             napi_callback cb) {
  napi_value fn;
  if (napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &fn) != napi_ok)
    return false;
  return napi_set_named_property(env, exports, name, fn) == napi_ok;
}

#define TH_METHOD(name, func) \
  { (name), NULL, (func), NULL, NULL, NULL, napi_default, NULL }

/* Defines all descriptors of a TH_METHOD table on exports. */
#define TH_EXPORT_TABLE(env, exports, table)                                   \
  NODE_API_CALL((env), napi_define_properties(                                 \
      (env), (exports), sizeof(table) / sizeof((table)[0]), (table)))

#endif  /* TEST_HELPERS_H_ */
