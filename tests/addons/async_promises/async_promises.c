/* Promises: napi_create_promise, napi_resolve_deferred, napi_reject_deferred,
 * napi_is_promise, and an addon using a promise it was given as a thenable. */
#include "test_helpers.h"

#include <stdlib.h>

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

/* An addon consuming a promise it was given, as a napi-rs `Promise<T>` or a C++
 * addon's Then/Catch does: it calls the value's `then` with its own functions and
 * settles its own promise from them. `probe`, if a function, is called (no
 * arguments) in the reaction, before settling: the test records the thread there. */
typedef struct {
  napi_deferred deferred;
  napi_ref probe;
} Waiter;

static napi_value waiter_settle(napi_env env, napi_callback_info info, bool fulfilled) {
  napi_value argv[1], probe;
  size_t argc = 1;
  void* data;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, &data));
  if (argc < 1) napi_get_undefined(env, &argv[0]);
  Waiter* w = data;
  NODE_API_ASSERT(env, w != NULL && w->deferred != NULL, "a reaction runs once");
  napi_deferred deferred = w->deferred;
  w->deferred = NULL;
  NODE_API_CALL(env, napi_get_reference_value(env, w->probe, &probe));
  NODE_API_CALL(env, napi_delete_reference(env, w->probe));
  free(w);
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, probe, &t));
  if (t == napi_function) {
    napi_value global, ignored;
    NODE_API_CALL(env, napi_get_global(env, &global));
    if (napi_call_function(env, global, probe, 0, NULL, &ignored) != napi_ok) {
      napi_value exc;
      napi_get_and_clear_last_exception(env, &exc);
      NODE_API_CALL(env, napi_reject_deferred(env, deferred, exc));
      return th_undefined(env);
    }
  }
  if (fulfilled)
    NODE_API_CALL(env, napi_resolve_deferred(env, deferred, argv[0]));
  else
    NODE_API_CALL(env, napi_reject_deferred(env, deferred, argv[0]));
  return th_undefined(env);
}
static napi_value waiter_fulfilled(napi_env env, napi_callback_info info) {
  return waiter_settle(env, info, true);
}
static napi_value waiter_rejected(napi_env env, napi_callback_info info) {
  return waiter_settle(env, info, false);
}

/* Calls value[name](args...) with `this` = value; the result in *result. */
static napi_status call_method(napi_env env, napi_value value, const char* name, size_t argc,
                               const napi_value* args, napi_value* result) {
  napi_value fn;
  napi_valuetype t;
  napi_status s = napi_get_named_property(env, value, name, &fn);
  if (s != napi_ok) return s;
  s = napi_typeof(env, fn, &t);
  if (s != napi_ok) return s;
  if (t != napi_function) {
    napi_throw_type_error(env, NULL, "the value's method is not a function");
    return napi_pending_exception;
  }
  return napi_call_function(env, value, fn, argc, args, result);
}

/* awaitThen(thenable, probe, style) -> Promise settled as the thenable is.
 * style 0: thenable.then(onFulfilled, onRejected);
 * style 1: thenable.then(onFulfilled).catch(onRejected) (napi-rs's Promise<T>). */
static napi_value await_then(napi_env env, napi_callback_info info) {
  napi_value argv[3], promise, fns[2], chained;
  th_args(env, info, 3, argv);
  int32_t style = 0;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[2], &style));
  bool is_promise = false;
  NODE_API_CALL(env, napi_is_promise(env, argv[0], &is_promise));
  NODE_API_ASSERT(env, is_promise, "the argument is a promise");
  bool has_then = false;
  NODE_API_CALL(env, napi_has_named_property(env, argv[0], "then", &has_then));
  NODE_API_ASSERT(env, has_then, "the argument has a then property");
  Waiter* w = calloc(1, sizeof(Waiter));
  NODE_API_CALL(env, napi_create_promise(env, &w->deferred, &promise));
  NODE_API_CALL(env, napi_create_reference(env, argv[1], 1, &w->probe));
  NODE_API_CALL(env, napi_create_function(env, "onFulfilled", NAPI_AUTO_LENGTH, waiter_fulfilled,
                                          w, &fns[0]));
  NODE_API_CALL(env, napi_create_function(env, "onRejected", NAPI_AUTO_LENGTH, waiter_rejected,
                                          w, &fns[1]));
  if (style == 0) {
    NODE_API_CALL(env, call_method(env, argv[0], "then", 2, fns, &chained));
  } else {
    NODE_API_CALL(env, call_method(env, argv[0], "then", 1, fns, &chained));
    NODE_API_CALL(env, call_method(env, chained, "catch", 1, fns + 1, &chained));
  }
  bool chained_is_promise = false;
  NODE_API_CALL(env, napi_is_promise(env, chained, &chained_is_promise));
  NODE_API_ASSERT(env, chained_is_promise, "then/catch return promises");
  return promise;
}

/* callFinally(thenable, onFinally) -> thenable.finally(onFinally). */
static napi_value call_finally(napi_env env, napi_callback_info info) {
  napi_value argv[2], result;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, call_method(env, argv[0], "finally", 1, argv + 1, &result));
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
      TH_METHOD("awaitThen", await_then),
      TH_METHOD("callFinally", call_finally),
      TH_METHOD("createNullDeferred", create_null_deferred),
      TH_METHOD("createNullPromise", create_null_promise),
      TH_METHOD("isPromiseNull", is_promise_null),
      TH_METHOD("resolveNull", resolve_null),
      TH_METHOD("resolveWhileThrowing", resolve_while_throwing),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
