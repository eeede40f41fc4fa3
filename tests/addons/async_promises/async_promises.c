/* Promises: napi_create_promise, napi_resolve_deferred, napi_reject_deferred,
 * napi_is_promise, and an addon using a promise it was given as a thenable. */
#include "test_helpers.h"

/* createPromise() -> [promise, deferred]; the deferred travels as an external. */
static napi_value create_promise(napi_env env, napi_callback_info info) {
  napi_deferred deferred;
  napi_value promise, ext, out;
  NODE_API_CALL(env, napi_create_promise(env, &deferred, &promise));
  NODE_API_CALL(env, napi_create_external(env, deferred, NULL, NULL, &ext));
  NODE_API_CALL(env, napi_create_array_with_length(env, 2, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, promise));
  NODE_API_CALL(env, napi_set_element(env, out, 1, ext));
  return out;
}

static napi_value conclude(napi_env env, napi_callback_info info, bool resolve) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  void* deferred;
  NODE_API_CALL(env, napi_get_value_external(env, argv[0], &deferred));
  if (resolve)
    NODE_API_CALL(env, napi_resolve_deferred(env, (napi_deferred)deferred, argv[1]));
  else
    NODE_API_CALL(env, napi_reject_deferred(env, (napi_deferred)deferred, argv[1]));
  return th_undefined(env);
}
static napi_value resolve(napi_env env, napi_callback_info info) { return conclude(env, info, true); }
static napi_value reject(napi_env env, napi_callback_info info) { return conclude(env, info, false); }

/* resolved(value): a promise already fulfilled when it is returned. */
static napi_value resolved(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  napi_deferred deferred;
  napi_value promise;
  NODE_API_CALL(env, napi_create_promise(env, &deferred, &promise));
  NODE_API_CALL(env, napi_resolve_deferred(env, deferred, argv[0]));
  return promise;
}

/* rejectedWithError(message): rejected with an Error (code "ECODE"). */
static napi_value rejected_with_error(napi_env env, napi_callback_info info) {
  napi_value argv[1], code, err, promise;
  th_args(env, info, 1, argv);
  napi_deferred deferred;
  NODE_API_CALL(env, napi_create_promise(env, &deferred, &promise));
  NODE_API_CALL(env, napi_create_string_utf8(env, "ECODE", NAPI_AUTO_LENGTH, &code));
  NODE_API_CALL(env, napi_create_range_error(env, code, argv[0], &err));
  NODE_API_CALL(env, napi_reject_deferred(env, deferred, err));
  return promise;
}

static napi_value is_promise(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  bool r = false;
  NODE_API_CALL(env, napi_is_promise(env, argv[0], &r));
  return th_bool(env, r);
}

/* callThen(thenable, onFulfilled, onRejected): what an addon awaiting a promise it
 * was given does: thenable.then(onFulfilled, onRejected). */
static napi_value call_then(napi_env env, napi_callback_info info) {
  napi_value argv[3], then, result;
  th_args(env, info, 3, argv);
  NODE_API_CALL(env, napi_get_named_property(env, argv[0], "then", &then));
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, then, &t));
  NODE_API_ASSERT(env, t == napi_function, "then is a function");
  NODE_API_CALL(env, napi_call_function(env, argv[0], then, 2, argv + 1, &result));
  return result;
}

/* Bad input: each returns the napi_status. */
static napi_value create_null_deferred(napi_env env, napi_callback_info info) {
  napi_value promise;
  return th_status(env, napi_create_promise(env, NULL, &promise));
}
static napi_value create_null_promise(napi_env env, napi_callback_info info) {
  napi_deferred deferred;
  return th_status(env, napi_create_promise(env, &deferred, NULL));
}
static napi_value is_promise_null(napi_env env, napi_callback_info info) {
  bool r;
  napi_value v;
  napi_get_undefined(env, &v);
  napi_status a = napi_is_promise(env, NULL, &r);
  napi_status b = napi_is_promise(env, v, NULL);
  return th_int(env, a * 100 + b);
}
/* resolveNull(deferred): napi_resolve_deferred with a NULL value. */
static napi_value resolve_null(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  void* deferred;
  NODE_API_CALL(env, napi_get_value_external(env, argv[0], &deferred));
  return th_status(env, napi_resolve_deferred(env, (napi_deferred)deferred, NULL));
}
/* resolveWhileThrowing(value): with an exception pending, napi_resolve_deferred
 * refuses (napi_pending_exception); the status goes out as the error's code. */
static napi_value resolve_while_throwing(napi_env env, napi_callback_info info) {
  napi_value argv[1], promise;
  th_args(env, info, 1, argv);
  napi_deferred deferred;
  NODE_API_CALL(env, napi_create_promise(env, &deferred, &promise));
  napi_throw_error(env, NULL, "pending");
  napi_status s = napi_resolve_deferred(env, deferred, argv[0]);
  napi_value exc, status;
  napi_get_and_clear_last_exception(env, &exc);
  NODE_API_CALL(env, napi_resolve_deferred(env, deferred, argv[0]));
  NODE_API_CALL(env, napi_create_int32(env, s, &status));
  napi_value out;
  NODE_API_CALL(env, napi_create_array_with_length(env, 2, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, status));
  NODE_API_CALL(env, napi_set_element(env, out, 1, promise));
  return out;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      TH_METHOD("createPromise", create_promise),
      TH_METHOD("resolve", resolve),
      TH_METHOD("reject", reject),
      TH_METHOD("resolved", resolved),
      TH_METHOD("rejectedWithError", rejected_with_error),
      TH_METHOD("isPromise", is_promise),
      TH_METHOD("callThen", call_then),
      TH_METHOD("createNullDeferred", create_null_deferred),
      TH_METHOD("createNullPromise", create_null_promise),
      TH_METHOD("isPromiseNull", is_promise_null),
      TH_METHOD("resolveNull", resolve_null),
      TH_METHOD("resolveWhileThrowing", resolve_while_throwing),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
