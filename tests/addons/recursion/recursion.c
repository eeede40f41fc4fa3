/* Deep recursion through an addon (tests/test_recursion.py): an addon function that
 * calls a JS (Python) function which calls the addon again, until the stack runs
 * out. Node throws RangeError "Maximum call stack size exceeded": the innermost
 * napi_call_function returns napi_pending_exception and the addon sees the error
 * with napi_is_exception_pending / napi_get_and_clear_last_exception. */
#include "test_helpers.h"

/* recurse(fn, n): returns fn(n + 1); a failing call propagates its exception. */
static napi_value Recurse(napi_env env, napi_callback_info info) {
  napi_value argv[2], undefined, next, result;
  double n;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_value_double(env, argv[1], &n));
  NODE_API_CALL(env, napi_create_double(env, n + 1, &next));
  NODE_API_CALL(env, napi_get_undefined(env, &undefined));
  napi_status st = napi_call_function(env, undefined, argv[0], 1, &next, &result);
  if (st != napi_ok) return NULL;  /* the exception stays pending: it propagates */
  return result;
}

/* recurseCatch(fn, n): fn(n + 1); where that call fails, the addon takes the
 * exception and returns {status, pending, pendingAfter, depth, error} instead, so
 * the levels above return it as a value. */
static napi_value RecurseCatch(napi_env env, napi_callback_info info) {
  napi_value argv[2], undefined, next, result;
  double n;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_value_double(env, argv[1], &n));
  NODE_API_CALL(env, napi_create_double(env, n + 1, &next));
  NODE_API_CALL(env, napi_get_undefined(env, &undefined));
  napi_status st = napi_call_function(env, undefined, argv[0], 1, &next, &result);
  if (st == napi_ok) return result;
  bool pending = false, pending_after = true;
  napi_value error, out;
  napi_is_exception_pending(env, &pending);
  if (napi_get_and_clear_last_exception(env, &error) != napi_ok) return NULL;
  napi_is_exception_pending(env, &pending_after);
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_set_named_property(env, out, "status", th_status(env, st)));
  NODE_API_CALL(env, napi_set_named_property(env, out, "pending", th_bool(env, pending)));
  NODE_API_CALL(env, napi_set_named_property(env, out, "pendingAfter", th_bool(env, pending_after)));
  NODE_API_CALL(env, napi_set_named_property(env, out, "depth", argv[1]));
  NODE_API_CALL(env, napi_set_named_property(env, out, "error", error));
  return out;
}

/* toString(v): napi_coerce_to_string (a nested array joins its elements in turn). */
static napi_value ToString(napi_env env, napi_callback_info info) {
  napi_value argv[1], r;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_coerce_to_string(env, argv[0], &r));
  return r;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor d[] = {
      {"recurse", NULL, Recurse, NULL, NULL, NULL, napi_enumerable, NULL},
      {"recurseCatch", NULL, RecurseCatch, NULL, NULL, NULL, napi_enumerable, NULL},
      {"toString", NULL, ToString, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  NODE_API_CALL(env, napi_define_properties(env, exports, sizeof d / sizeof *d, d));
  return exports;
}
