/* Test addon for Node-API errors and exceptions: napi_throw*, napi_create_*error,
 * napi_is_error, pending exceptions, napi_get_last_error_info, exceptions
 * raised by (Python) callbacks, and napi_fatal_error. */
#include <stdlib.h>
#include "test_helpers.h"

typedef napi_status (*create_error_fn)(napi_env, napi_value, napi_value, napi_value*);
typedef napi_status (*throw_error_fn)(napi_env, const char*, const char*);

static create_error_fn create_fn_for(const char* kind) {
  if (!strcmp(kind, "error")) return napi_create_error;
  if (!strcmp(kind, "type")) return napi_create_type_error;
  if (!strcmp(kind, "range")) return napi_create_range_error;
  if (!strcmp(kind, "syntax")) return node_api_create_syntax_error;
  return NULL;
}

static throw_error_fn throw_fn_for(const char* kind) {
  if (!strcmp(kind, "error")) return napi_throw_error;
  if (!strcmp(kind, "type")) return napi_throw_type_error;
  if (!strcmp(kind, "range")) return napi_throw_range_error;
  if (!strcmp(kind, "syntax")) return node_api_throw_syntax_error;
  return NULL;
}

static bool is_undefined(napi_env env, napi_value v) {
  napi_valuetype t;
  return napi_typeof(env, v, &t) == napi_ok && t == napi_undefined;
}

static void clear_pending(napi_env env) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
  }
}

/* ---- throwing ---------------------------------------------------------- */

/* throwValue(v): napi_throw of any value. */
static napi_value ThrowValue(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_throw(env, argv[0]));
  return NULL;
}

/* throwKind(kind, code or undefined, msg): napi_throw_error & co. */
static napi_value ThrowKind(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  th_args(env, info, 3, argv);
  char kind[16], code[128], msg[512];
  if (!th_utf8_arg(env, argv[0], kind, sizeof kind)) return NULL;
  bool has_code = !is_undefined(env, argv[1]);
  if (has_code && !th_utf8_arg(env, argv[1], code, sizeof code)) return NULL;
  if (!th_utf8_arg(env, argv[2], msg, sizeof msg)) return NULL;
  throw_error_fn fn = throw_fn_for(kind);
  NODE_API_ASSERT(env, fn != NULL, "known kind");
  NODE_API_CALL(env, fn(env, has_code ? code : NULL, msg));
  return NULL;
}

/* statusThrowNullMsg(kind) -> [status, exception pending afterwards] */
static napi_value StatusThrowNullMsg(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  th_args(env, info, 1, argv);
  char kind[16];
  if (!th_utf8_arg(env, argv[0], kind, sizeof kind)) return NULL;
  throw_error_fn fn = throw_fn_for(kind);
  NODE_API_ASSERT(env, fn != NULL, "known kind");
  napi_status s = fn(env, "CODE", NULL);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  clear_pending(env);
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_status(env, s)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_bool(env, pending)));
  return out;
}

static napi_value StatusThrowNull(napi_env env, napi_callback_info info) {
  return th_status(env, napi_throw(env, NULL));
}

/* ---- creating ---------------------------------------------------------- */

/* createError(kind, code, msg): code and msg are passed through as napi_values
 * (undefined code -> NULL), so wrong types reach the napi function. */
static napi_value CreateError(napi_env env, napi_callback_info info) {
  napi_value argv[3], err;
  th_args(env, info, 3, argv);
  char kind[16];
  if (!th_utf8_arg(env, argv[0], kind, sizeof kind)) return NULL;
  create_error_fn fn = create_fn_for(kind);
  NODE_API_ASSERT(env, fn != NULL, "known kind");
  napi_value code = is_undefined(env, argv[1]) ? NULL : argv[1];
  NODE_API_CALL(env, fn(env, code, argv[2], &err));
  return err;
}

/* createAndThrow(kind, code, msg) */
static napi_value CreateAndThrow(napi_env env, napi_callback_info info) {
  napi_value argv[3], err;
  th_args(env, info, 3, argv);
  char kind[16];
  if (!th_utf8_arg(env, argv[0], kind, sizeof kind)) return NULL;
  create_error_fn fn = create_fn_for(kind);
  NODE_API_ASSERT(env, fn != NULL, "known kind");
  napi_value code = is_undefined(env, argv[1]) ? NULL : argv[1];
  NODE_API_CALL(env, fn(env, code, argv[2], &err));
  NODE_API_CALL(env, napi_throw(env, err));
  return NULL;
}

/* statusCreateError(kind, code, msg, mode): mode "normal", "nullmsg",
 * "nullresult". */
static napi_value StatusCreateError(napi_env env, napi_callback_info info) {
  napi_value argv[4], err;
  th_args(env, info, 4, argv);
  char kind[16], mode[16];
  if (!th_utf8_arg(env, argv[0], kind, sizeof kind)) return NULL;
  if (!th_utf8_arg(env, argv[3], mode, sizeof mode)) return NULL;
  create_error_fn fn = create_fn_for(kind);
  NODE_API_ASSERT(env, fn != NULL, "known kind");
  napi_value code = is_undefined(env, argv[1]) ? NULL : argv[1];
  napi_value msg = !strcmp(mode, "nullmsg") ? NULL : argv[2];
  napi_status s = fn(env, code, msg, !strcmp(mode, "nullresult") ? NULL : &err);
  clear_pending(env);
  return th_status(env, s);
}

/* [error.name, error.message, error.code] read with napi calls. */
static napi_value ErrorFields(napi_env env, napi_callback_info info) {
  napi_value argv[3], err, out, v;
  th_args(env, info, 3, argv);
  char kind[16];
  if (!th_utf8_arg(env, argv[0], kind, sizeof kind)) return NULL;
  create_error_fn fn = create_fn_for(kind);
  NODE_API_ASSERT(env, fn != NULL, "known kind");
  napi_value code = is_undefined(env, argv[1]) ? NULL : argv[1];
  NODE_API_CALL(env, fn(env, code, argv[2], &err));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_get_named_property(env, err, "name", &v));
  NODE_API_CALL(env, napi_set_element(env, out, 0, v));
  NODE_API_CALL(env, napi_get_named_property(env, err, "message", &v));
  NODE_API_CALL(env, napi_set_element(env, out, 1, v));
  NODE_API_CALL(env, napi_get_named_property(env, err, "code", &v));
  NODE_API_CALL(env, napi_set_element(env, out, 2, v));
  return out;
}

/* throwCustom(): an Error named "SqliteError" with extra properties, the way
 * better-sqlite3 / libsql build theirs. */
static napi_value ThrowCustom(napi_env env, napi_callback_info info) {
  napi_value msg, code, err, details;
  NODE_API_CALL(env, napi_create_string_utf8(env, "disk I/O error", NAPI_AUTO_LENGTH, &msg));
  NODE_API_CALL(env, napi_create_string_utf8(env, "SQLITE_IOERR", NAPI_AUTO_LENGTH, &code));
  NODE_API_CALL(env, napi_create_error(env, code, msg, &err));
  NODE_API_CALL(env, napi_set_named_property(env, err, "name", th_str(env, "SqliteError")));
  NODE_API_CALL(env, napi_set_named_property(env, err, "rawCode", th_int(env, 10)));
  NODE_API_CALL(env, napi_create_object(env, &details));
  NODE_API_CALL(env, napi_set_named_property(env, details, "table", th_str(env, "users")));
  NODE_API_CALL(env, napi_set_named_property(env, err, "details", details));
  NODE_API_CALL(env, napi_throw(env, err));
  return NULL;
}

/* throwTypeErrorWithProps(): a TypeError with an overridden code and extra
 * property set after creation. */
static napi_value ThrowTypeErrorWithProps(napi_env env, napi_callback_info info) {
  napi_value msg, err;
  NODE_API_CALL(env, napi_create_string_utf8(env, "bad argument", NAPI_AUTO_LENGTH, &msg));
  NODE_API_CALL(env, napi_create_type_error(env, NULL, msg, &err));
  NODE_API_CALL(env, napi_set_named_property(env, err, "code", th_str(env, "InvalidArg")));
  NODE_API_CALL(env, napi_set_named_property(env, err, "argIndex", th_int(env, 2)));
  NODE_API_CALL(env, napi_throw(env, err));
  return NULL;
}

static napi_value IsError(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  bool r;
  NODE_API_CALL(env, napi_is_error(env, argv[0], &r));
  return th_bool(env, r);
}

/* [is_error of each kind created in C] */
static napi_value IsErrorInternal(napi_env env, napi_callback_info info) {
  napi_value msg, out, err, obj;
  const char* kinds[] = {"error", "type", "range", "syntax"};
  NODE_API_CALL(env, napi_create_string_utf8(env, "m", 1, &msg));
  NODE_API_CALL(env, napi_create_array(env, &out));
  for (uint32_t i = 0; i < 4; i++) {
    bool r;
    NODE_API_CALL(env, create_fn_for(kinds[i])(env, NULL, msg, &err));
    NODE_API_CALL(env, napi_is_error(env, err, &r));
    NODE_API_CALL(env, napi_set_element(env, out, i, th_bool(env, r)));
  }
  bool r;
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_is_error(env, obj, &r));
  NODE_API_CALL(env, napi_set_element(env, out, 4, th_bool(env, r)));
  return out;
}

/* ---- pending exceptions ------------------------------------------------ */

/* [pending before, pending after throw, pending after clear,
 *  is_error(caught), caught.message] */
static napi_value PendingFlow(napi_env env, napi_callback_info info) {
  bool before, after_throw, after_clear, is_err;
  napi_value caught, out, message;
  NODE_API_CALL(env, napi_is_exception_pending(env, &before));
  NODE_API_CALL(env, napi_throw_error(env, NULL, "pending one"));
  NODE_API_CALL(env, napi_is_exception_pending(env, &after_throw));
  NODE_API_CALL(env, napi_get_and_clear_last_exception(env, &caught));
  NODE_API_CALL(env, napi_is_exception_pending(env, &after_clear));
  NODE_API_CALL(env, napi_is_error(env, caught, &is_err));
  NODE_API_CALL(env, napi_get_named_property(env, caught, "message", &message));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_bool(env, before)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_bool(env, after_throw)));
  NODE_API_CALL(env, napi_set_element(env, out, 2, th_bool(env, after_clear)));
  NODE_API_CALL(env, napi_set_element(env, out, 3, th_bool(env, is_err)));
  NODE_API_CALL(env, napi_set_element(env, out, 4, message));
  return out;
}

/* typeof of napi_get_and_clear_last_exception when nothing is pending. */
static napi_value GetAndClearWhenNone(napi_env env, napi_callback_info info) {
  napi_value v;
  NODE_API_CALL(env, napi_get_and_clear_last_exception(env, &v));
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, v, &t));
  return th_int(env, t);
}

/* throwThenCatch(v): napi_throw(v), then get_and_clear and return it. */
static napi_value ThrowThenCatch(napi_env env, napi_callback_info info) {
  napi_value argv[1], caught;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_throw(env, argv[0]));
  NODE_API_CALL(env, napi_get_and_clear_last_exception(env, &caught));
  return caught;
}

/* statusesWhilePending(fn): with an Error pending, the statuses of calls that
 * run script (must be napi_pending_exception and not run anything) and of
 * calls that do not. Returns {name: status, ..., cleared: message}. */
static napi_value StatusesWhilePending(napi_env env, napi_callback_info info) {
  napi_value argv[1], out, global, result, num, obj, caught, message, str;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_create_double(env, 1.5, &num));
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_create_string_utf8(env, "s", 1, &str));

  NODE_API_CALL(env, napi_throw_error(env, NULL, "first"));
  napi_status s_call = napi_call_function(env, global, argv[0], 0, NULL, &result);
  napi_status s_coerce = napi_coerce_to_string(env, num, &result);
  napi_status s_get = napi_get_named_property(env, obj, "x", &result);
  napi_status s_set = napi_set_named_property(env, obj, "x", num);
  napi_status s_throw = napi_throw_error(env, NULL, "second");
  napi_status s_new = napi_new_instance(env, argv[0], 0, NULL, &result);
  napi_status s_create = napi_create_int32(env, 3, &result);
  napi_status s_typeof;
  napi_valuetype t;
  s_typeof = napi_typeof(env, num, &t);
  napi_status s_clear = napi_get_and_clear_last_exception(env, &caught);

#define REC(name, s) \
  NODE_API_CALL(env, napi_set_named_property(env, out, name, th_status(env, (s))))
  REC("call_function", s_call);
  REC("coerce_to_string", s_coerce);
  REC("get_named_property", s_get);
  REC("set_named_property", s_set);
  REC("throw_error", s_throw);
  REC("new_instance", s_new);
  REC("create_int32", s_create);
  REC("typeof", s_typeof);
  REC("get_and_clear", s_clear);
#undef REC
  NODE_API_CALL(env, napi_get_named_property(env, caught, "message", &message));
  NODE_API_CALL(env, napi_set_named_property(env, out, "cleared", message));
  return out;
}

/* ---- napi_get_last_error_info ------------------------------------------ */

/* Reads napi_get_last_error_info at once (any later napi call resets it),
 * then clears a pending exception if the failing call left one. */
static napi_value ErrorInfoObject(napi_env env, napi_status returned) {
  const napi_extended_error_info* ei = NULL;
  napi_status s = napi_get_last_error_info(env, &ei);
  napi_value out;
  int code = ei != NULL ? (int)ei->error_code : -1;
  const char* msg = ei != NULL ? ei->error_message : NULL;
  char msg_copy[256] = "";
  if (msg != NULL) snprintf(msg_copy, sizeof msg_copy, "%s", msg);
  clear_pending(env);
  NODE_API_ASSERT(env, s == napi_ok && ei != NULL, "napi_get_last_error_info works");
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_set_named_property(env, out, "returned", th_status(env, returned)));
  NODE_API_CALL(env, napi_set_named_property(env, out, "code", th_int(env, code)));
  NODE_API_CALL(env, napi_set_named_property(env, out, "message",
                                             th_str(env, msg != NULL ? msg_copy : NULL)));
  return out;
}

/* lastErrorAfter(kind) -> {returned, code, message} after a failing call. */
static napi_value LastErrorAfter(napi_env env, napi_callback_info info) {
  napi_value argv[1], num, str, obj, v;
  th_args(env, info, 1, argv);
  char kind[16];
  if (!th_utf8_arg(env, argv[0], kind, sizeof kind)) return NULL;
  NODE_API_CALL(env, napi_create_double(env, 1.5, &num));
  NODE_API_CALL(env, napi_create_string_utf8(env, "s", 1, &str));
  NODE_API_CALL(env, napi_create_object(env, &obj));
  int32_t i32; bool b; char buf[8]; size_t len; int64_t i64; bool lossless;
  double d; uint32_t u32; bool has;
  (void)v;
  napi_status s;
  if (!strcmp(kind, "number")) s = napi_get_value_int32(env, str, &i32);
  else if (!strcmp(kind, "boolean")) s = napi_get_value_bool(env, num, &b);
  else if (!strcmp(kind, "string")) s = napi_get_value_string_utf8(env, num, buf, 8, &len);
  else if (!strcmp(kind, "invalid")) s = napi_get_undefined(env, NULL);
  else if (!strcmp(kind, "bigint")) s = napi_get_value_bigint_int64(env, num, &i64, &lossless);
  else if (!strcmp(kind, "date")) s = napi_get_date_value(env, num, &d);
  else if (!strcmp(kind, "array")) s = napi_get_array_length(env, obj, &u32);
  else if (!strcmp(kind, "name")) s = napi_has_own_property(env, obj, num, &has);
  /* (napi_call_function on a non-function gives napi_invalid_arg in Node;
   * napi_instanceof with a non-function constructor gives function_expected
   * and also throws a TypeError, cleared after the info is read) */
  else if (!strcmp(kind, "function")) s = napi_instanceof(env, obj, obj, &has);
  else {
    napi_throw_error(env, NULL, "unknown kind");
    return NULL;
  }
  return ErrorInfoObject(env, s);
}

/* lastErrorNumberDirect(): get_value_int32 of a string, then the info. */
static napi_value LastErrorNumberDirect(napi_env env, napi_callback_info info) {
  napi_value str;
  NODE_API_CALL(env, napi_create_string_utf8(env, "s", 1, &str));
  int32_t i32;
  napi_status s = napi_get_value_int32(env, str, &i32);
  return ErrorInfoObject(env, s);
}

/* lastErrorReset(): a failing call, then a successful one, then the info. */
static napi_value LastErrorReset(napi_env env, napi_callback_info info) {
  napi_value str, u;
  NODE_API_CALL(env, napi_create_string_utf8(env, "s", 1, &str));
  int32_t i32;
  napi_get_value_int32(env, str, &i32);  /* fails: napi_number_expected */
  napi_status s = napi_get_undefined(env, &u);
  return ErrorInfoObject(env, s);
}

static napi_value StatusLastErrorInfoNull(napi_env env, napi_callback_info info) {
  return th_status(env, napi_get_last_error_info(env, NULL));
}

/* ---- Python / JS callbacks that throw ---------------------------------- */

/* callCatch(fn, ...args) -> [status, pending before clear, pending after clear,
 * typeof caught] and returns normally. */
static napi_value CallCatch(napi_env env, napi_callback_info info) {
  napi_value argv[1], global, result, caught, out;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_global(env, &global));
  napi_status s = napi_call_function(env, global, argv[0], 0, NULL, &result);
  bool pending_before = false, pending_after = true;
  napi_is_exception_pending(env, &pending_before);
  napi_valuetype t = napi_undefined;
  if (pending_before) {
    NODE_API_CALL(env, napi_get_and_clear_last_exception(env, &caught));
    NODE_API_CALL(env, napi_typeof(env, caught, &t));
  }
  NODE_API_CALL(env, napi_is_exception_pending(env, &pending_after));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_status(env, s)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_bool(env, pending_before)));
  NODE_API_CALL(env, napi_set_element(env, out, 2, th_bool(env, pending_after)));
  NODE_API_CALL(env, napi_set_element(env, out, 3, th_int(env, t)));
  return out;
}

/* callCatchValue(fn) -> the caught exception value. */
static napi_value CallCatchValue(napi_env env, napi_callback_info info) {
  napi_value argv[1], global, result, caught;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_global(env, &global));
  napi_status s = napi_call_function(env, global, argv[0], 0, NULL, &result);
  NODE_API_ASSERT(env, s == napi_pending_exception, "call failed with a pending exception");
  NODE_API_CALL(env, napi_get_and_clear_last_exception(env, &caught));
  return caught;
}

/* callCatchRethrow(fn): catches the exception and throws it again. */
static napi_value CallCatchRethrow(napi_env env, napi_callback_info info) {
  napi_value argv[1], global, result, caught;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_global(env, &global));
  napi_status s = napi_call_function(env, global, argv[0], 0, NULL, &result);
  NODE_API_ASSERT(env, s == napi_pending_exception, "call failed with a pending exception");
  NODE_API_CALL(env, napi_get_and_clear_last_exception(env, &caught));
  NODE_API_CALL(env, napi_throw(env, caught));
  return NULL;
}

/* callPropagate(fn, arg): calls fn(arg) and lets its exception propagate;
 * returns fn's result otherwise. */
static napi_value CallPropagate(napi_env env, napi_callback_info info) {
  napi_value argv[2], global, result;
  size_t argc = th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_call_function(env, global, argv[0], argc > 1 ? 1 : 0,
                                        argv + 1, &result));
  return result;
}

/* callTwiceCatchFirst(fn): the first call's exception is cleared, the second
 * call's result is returned (state is clean after a clear). */
static napi_value CallTwiceCatchFirst(napi_env env, napi_callback_info info) {
  napi_value argv[1], global, result, caught;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_global(env, &global));
  napi_status s = napi_call_function(env, global, argv[0], 0, NULL, &result);
  NODE_API_ASSERT(env, s == napi_pending_exception, "first call fails");
  NODE_API_CALL(env, napi_get_and_clear_last_exception(env, &caught));
  NODE_API_CALL(env, napi_call_function(env, global, argv[0], 0, NULL, &result));
  return result;
}

/* ---- stack -------------------------------------------------------------- */

/* errorStack(errOrFn): the `stack` of an error as an addon reads it (a string, through
   napi_get_value_string_utf8), or of what fn throws; undefined if fn throws nothing. */
static napi_value ErrorStack(napi_env env, napi_callback_info info) {
  napi_value argv[1], err, global, result, stack, out;
  th_args(env, info, 1, argv);
  napi_valuetype t;
  NODE_API_CALL(env, napi_typeof(env, argv[0], &t));
  err = argv[0];
  if (t == napi_function) {
    NODE_API_CALL(env, napi_get_global(env, &global));
    if (napi_call_function(env, global, argv[0], 0, NULL, &result) == napi_ok) return NULL;
    NODE_API_CALL(env, napi_get_and_clear_last_exception(env, &err));
  }
  NODE_API_CALL(env, napi_get_named_property(env, err, "stack", &stack));
  char buf[8192];
  size_t len;
  NODE_API_CALL(env, napi_get_value_string_utf8(env, stack, buf, sizeof buf, &len));
  NODE_API_CALL(env, napi_create_string_utf8(env, buf, len, &out));
  return out;
}

/* ---- napi_fatal_error -------------------------------------------------- */

/* fatal(location, locLen, message, msgLen); lengths -1 = NAPI_AUTO_LENGTH. */
static napi_value Fatal(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  th_args(env, info, 4, argv);
  char loc[128], msg[256];
  int32_t loc_len, msg_len;
  if (!th_utf8_arg(env, argv[0], loc, sizeof loc)) return NULL;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &loc_len));
  if (!th_utf8_arg(env, argv[2], msg, sizeof msg)) return NULL;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[3], &msg_len));
  napi_fatal_error(loc, loc_len < 0 ? NAPI_AUTO_LENGTH : (size_t)loc_len,
                   msg, msg_len < 0 ? NAPI_AUTO_LENGTH : (size_t)msg_len);
  return NULL;  /* not reached */
}

/* ---- registration ------------------------------------------------------ */

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_property_descriptor props[] = {
      TH_METHOD("throwValue", ThrowValue),
      TH_METHOD("throwKind", ThrowKind),
      TH_METHOD("statusThrowNullMsg", StatusThrowNullMsg),
      TH_METHOD("statusThrowNull", StatusThrowNull),
      TH_METHOD("createError", CreateError),
      TH_METHOD("createAndThrow", CreateAndThrow),
      TH_METHOD("statusCreateError", StatusCreateError),
      TH_METHOD("errorFields", ErrorFields),
      TH_METHOD("throwCustom", ThrowCustom),
      TH_METHOD("throwTypeErrorWithProps", ThrowTypeErrorWithProps),
      TH_METHOD("isError", IsError),
      TH_METHOD("isErrorInternal", IsErrorInternal),
      TH_METHOD("pendingFlow", PendingFlow),
      TH_METHOD("getAndClearWhenNone", GetAndClearWhenNone),
      TH_METHOD("throwThenCatch", ThrowThenCatch),
      TH_METHOD("statusesWhilePending", StatusesWhilePending),
      TH_METHOD("lastErrorAfter", LastErrorAfter),
      TH_METHOD("lastErrorNumberDirect", LastErrorNumberDirect),
      TH_METHOD("lastErrorReset", LastErrorReset),
      TH_METHOD("statusLastErrorInfoNull", StatusLastErrorInfoNull),
      TH_METHOD("callCatch", CallCatch),
      TH_METHOD("callCatchValue", CallCatchValue),
      TH_METHOD("callCatchRethrow", CallCatchRethrow),
      TH_METHOD("callPropagate", CallPropagate),
      TH_METHOD("callTwiceCatchFirst", CallTwiceCatchFirst),
      TH_METHOD("errorStack", ErrorStack),
      TH_METHOD("fatal", Fatal),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
