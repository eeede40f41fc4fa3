/* Test addon for values made in a handle scope that is closed before they are used
 * (node-addon-api's `Napi::HandleScope scope(env); ... return obj;`): in Node they
 * stay valid until the callback returns; see docs/values.rst for what napi-python
 * guarantees. Built twice: as "scopes", and with -DSCOPE_INIT as "scopes_init",
 * whose module init returns an exports object made in a closed scope. */
#include "test_helpers.h"

#include <stdlib.h>

/* An object {answer: 42, name: <name>} made inside a scope that is closed before
 * returning it. */
static napi_value make_in_closed_scope(napi_env env, const char* name) {
  napi_handle_scope scope;
  napi_value obj, n, s;
  NODE_API_CALL(env, napi_open_handle_scope(env, &scope));
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_create_int32(env, 42, &n));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "answer", n));
  NODE_API_CALL(env, napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &s));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "name", s));
  NODE_API_CALL(env, napi_close_handle_scope(env, scope));
  return obj;
}

/* returnFromClosedScope(): the object made in the closed scope. */
static napi_value ReturnFromClosedScope(napi_env env, napi_callback_info info) {
  return make_in_closed_scope(env, "closed");
}

/* returnAfterMore(n): the object from a closed scope, after n more values were made
 * in the parent (each stored as obj["v<i>"], and a string made for every key). */
static napi_value ReturnAfterMore(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int32_t n = 0;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &n));
  napi_value obj = make_in_closed_scope(env, "after");
  if (obj == NULL) return NULL;
  for (int32_t i = 0; i < n; i++) {
    napi_value v;
    char key[32];
    snprintf(key, sizeof key, "v%d", (int)i);
    NODE_API_CALL(env, napi_create_int32(env, i, &v));
    NODE_API_CALL(env, napi_set_named_property(env, obj, key, v));
  }
  return obj;
}

/* afterScopes(n): the object from a closed scope, after n more scopes that each make
 * a value and close; returns [obj, sum of the values]. (Each of those values evicts
 * one of obj's scope's stale handles: obj survives while n is within the grace.) */
static napi_value AfterScopes(napi_env env, napi_callback_info info) {
  napi_value argv[1], result, total;
  int32_t n = 0;
  int64_t sum = 0;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &n));
  napi_value obj = make_in_closed_scope(env, "scopes");
  if (obj == NULL) return NULL;
  for (int32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_value v;
    int32_t got;
    NODE_API_CALL(env, napi_open_handle_scope(env, &scope));
    NODE_API_CALL(env, napi_create_int32(env, i, &v));
    NODE_API_CALL(env, napi_get_value_int32(env, v, &got));
    sum += got;
    NODE_API_CALL(env, napi_close_handle_scope(env, scope));
  }
  NODE_API_CALL(env, napi_create_array_with_length(env, 2, &result));
  NODE_API_CALL(env, napi_set_element(env, result, 0, obj));
  NODE_API_CALL(env, napi_create_int64(env, sum, &total));
  NODE_API_CALL(env, napi_set_element(env, result, 1, total));
  return result;
}

/* escapeThenClose(): an escapable scope inside a plain scope; the escaped object is
 * returned after the plain scope closed too. */
static napi_value EscapeThenClose(napi_env env, napi_callback_info info) {
  napi_handle_scope outer;
  napi_escapable_handle_scope inner;
  napi_value obj, escaped, n;
  NODE_API_CALL(env, napi_open_handle_scope(env, &outer));
  NODE_API_CALL(env, napi_open_escapable_handle_scope(env, &inner));
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_create_int32(env, 7, &n));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "escaped", n));
  NODE_API_CALL(env, napi_escape_handle(env, inner, obj, &escaped));
  NODE_API_CALL(env, napi_close_escapable_handle_scope(env, inner));
  NODE_API_CALL(env, napi_close_handle_scope(env, outer));
  return escaped;
}

/* loopScopes(n): n iterations, each in its own scope, each making an object, a
 * string and a number; returns n. The handles of one call stay bounded. */
static napi_value LoopScopes(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int64_t n = 0;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_value_int64(env, argv[0], &n));
  for (int64_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_value obj, s, v;
    NODE_API_CALL(env, napi_open_handle_scope(env, &scope));
    NODE_API_CALL(env, napi_create_object(env, &obj));
    NODE_API_CALL(env, napi_create_string_utf8(env, "a string of the iteration",
                                               NAPI_AUTO_LENGTH, &s));
    NODE_API_CALL(env, napi_set_named_property(env, obj, "s", s));
    NODE_API_CALL(env, napi_create_double(env, (double)i, &v));
    NODE_API_CALL(env, napi_set_named_property(env, obj, "i", v));
    NODE_API_CALL(env, napi_close_handle_scope(env, scope));
  }
  return th_int(env, n);
}

/* loopScopesProbe(n, every, fn): loopScopes, calling fn() (in the iteration's scope)
 * every `every` iterations; returns n. */
static napi_value LoopScopesProbe(napi_env env, napi_callback_info info) {
  napi_value argv[3], undefined, r;
  int32_t n = 0, every = 1;
  th_args(env, info, 3, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &n));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &every));
  for (int32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_value obj, v;
    NODE_API_CALL(env, napi_open_handle_scope(env, &scope));
    NODE_API_CALL(env, napi_create_object(env, &obj));
    NODE_API_CALL(env, napi_create_int32(env, i, &v));
    NODE_API_CALL(env, napi_set_named_property(env, obj, "i", v));
    if (i % every == 0) {
      NODE_API_CALL(env, napi_get_undefined(env, &undefined));
      NODE_API_CALL(env, napi_call_function(env, undefined, argv[2], 0, NULL, &r));
    }
    NODE_API_CALL(env, napi_close_handle_scope(env, scope));
  }
  return th_int(env, n);
}

/* aroundCall(fn): an object from a closed scope, then fn() is called (Python code
 * that may call into addons and make many values), then the object is returned. */
static napi_value AroundCall(napi_env env, napi_callback_info info) {
  napi_value argv[1], undefined, r;
  th_args(env, info, 1, argv);
  napi_value obj = make_in_closed_scope(env, "around");
  if (obj == NULL) return NULL;
  NODE_API_CALL(env, napi_get_undefined(env, &undefined));
  NODE_API_CALL(env, napi_call_function(env, undefined, argv[0], 0, NULL, &r));
  return obj;
}

/* ---- a nested call and its caller's scopes -------------------------------------- */

/* The scopes aroundScopes opened, for touchCallerScopes (a nested call) to try. */
static napi_escapable_handle_scope g_caller_escapable = NULL;
static napi_handle_scope g_caller_scope = NULL;

/* touchCallerScopes(own): called (through Python) while aroundScopes runs; tries to
 * close the caller's scope and to escape into the caller's escapable scope, with
 * `own` inside a scope of its own (closed after the tries). Returns
 * [close status, escape status, own close status or -1]. */
static napi_value TouchCallerScopes(napi_env env, napi_callback_info info) {
  napi_value argv[1], obj, escaped, result;
  napi_handle_scope mine = NULL;
  bool own = false;
  int64_t own_close = -1;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_value_bool(env, argv[0], &own));
  if (own) NODE_API_CALL(env, napi_open_handle_scope(env, &mine));
  NODE_API_CALL(env, napi_create_object(env, &obj));
  napi_status close = napi_close_handle_scope(env, g_caller_scope);
  napi_status escape = napi_escape_handle(env, g_caller_escapable, obj, &escaped);
  if (own) own_close = (int64_t)napi_close_handle_scope(env, mine);
  NODE_API_CALL(env, napi_create_array_with_length(env, 3, &result));
  NODE_API_CALL(env, napi_set_element(env, result, 0, th_status(env, close)));
  NODE_API_CALL(env, napi_set_element(env, result, 1, th_status(env, escape)));
  NODE_API_CALL(env, napi_set_element(env, result, 2, th_int(env, own_close)));
  return result;
}

/* aroundScopes(fn): opens an escapable scope and a scope inside it, calls fn(), then
 * closes the inner scope, escapes an object {v: 5} and closes the escapable scope.
 * Returns [fn's result, close status, escape status, close status, escaped]. */
static napi_value AroundScopes(napi_env env, napi_callback_info info) {
  napi_value argv[1], undefined, r, obj, five, escaped = NULL, result;
  napi_escapable_handle_scope escapable, saved_escapable = g_caller_escapable;
  napi_handle_scope scope, saved_scope = g_caller_scope;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_open_escapable_handle_scope(env, &escapable));
  NODE_API_CALL(env, napi_open_handle_scope(env, &scope));
  g_caller_escapable = escapable;
  g_caller_scope = scope;
  NODE_API_CALL(env, napi_get_undefined(env, &undefined));
  napi_status call = napi_call_function(env, undefined, argv[0], 0, NULL, &r);
  g_caller_escapable = saved_escapable;  /* (a nested aroundScopes call's are its own) */
  g_caller_scope = saved_scope;
  NODE_API_CALL(env, call);
  napi_status close_inner = napi_close_handle_scope(env, scope);
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_create_int32(env, 5, &five));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "v", five));
  napi_status escape = napi_escape_handle(env, escapable, obj, &escaped);
  napi_status close_outer = napi_close_escapable_handle_scope(env, escapable);
  NODE_API_CALL(env, napi_create_array_with_length(env, 5, &result));
  NODE_API_CALL(env, napi_set_element(env, result, 0, r));
  NODE_API_CALL(env, napi_set_element(env, result, 1, th_status(env, close_inner)));
  NODE_API_CALL(env, napi_set_element(env, result, 2, th_status(env, escape)));
  NODE_API_CALL(env, napi_set_element(env, result, 3, th_status(env, close_outer)));
  if (escaped != NULL) NODE_API_CALL(env, napi_set_element(env, result, 4, escaped));
  return result;
}

/* ---- a finalizer that uses a value from a closed scope ------------------------- */

static napi_ref g_finalizer_cb = NULL;  /* the JS function the finalizer calls */

static void CallFromFinalizer(napi_env env, void* data, void* hint) {
  napi_value cb, undefined, obj, r;
  if (g_finalizer_cb != NULL &&
      napi_get_reference_value(env, g_finalizer_cb, &cb) == napi_ok && cb != NULL) {
    obj = make_in_closed_scope(env, "finalizer");
    napi_get_undefined(env, &undefined);
    if (obj != NULL) napi_call_function(env, undefined, cb, 1, &obj, &r);
  }
}

/* externalCallingBack(fn): an external whose finalizer calls fn(obj) with an object
 * made in a closed scope. */
static napi_value ExternalCallingBack(napi_env env, napi_callback_info info) {
  napi_value argv[1], ext;
  th_args(env, info, 1, argv);
  if (g_finalizer_cb != NULL) napi_delete_reference(env, g_finalizer_cb);
  NODE_API_CALL(env, napi_create_reference(env, argv[0], 1, &g_finalizer_cb));
  NODE_API_CALL(env, napi_create_external(env, NULL, CallFromFinalizer, NULL, &ext));
  return ext;
}

/* dropFinalizerCallback(): deletes the reference to the finalizer's function. */
static napi_value DropFinalizerCallback(napi_env env, napi_callback_info info) {
  if (g_finalizer_cb != NULL) napi_delete_reference(env, g_finalizer_cb);
  g_finalizer_cb = NULL;
  return NULL;
}

/* ---- a threadsafe function's call_js that uses one ---------------------------- */

static void CallJs(napi_env env, napi_value js_cb, void* context, void* data) {
  if (env == NULL) return;
  napi_value undefined, obj, r;
  obj = make_in_closed_scope(env, "call_js");
  if (obj == NULL) return;
  /* more values after the scope closed, as a real call_js would make */
  napi_value extra;
  napi_create_int32(env, (int32_t)(intptr_t)data, &extra);
  napi_set_named_property(env, obj, "data", extra);
  napi_get_undefined(env, &undefined);
  napi_call_function(env, undefined, js_cb, 1, &obj, &r);
}

/* tsfnCalls(fn, n): a threadsafe function calling fn(obj) n times (from this thread),
 * released at once; the calls run when the loop (or run_pending) delivers them. */
static napi_value TsfnCalls(napi_env env, napi_callback_info info) {
  napi_value argv[2], name;
  int32_t n = 0;
  napi_threadsafe_function tsfn;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &n));
  NODE_API_CALL(env, napi_create_string_utf8(env, "scopes", NAPI_AUTO_LENGTH, &name));
  NODE_API_CALL(env, napi_create_threadsafe_function(env, argv[0], NULL, name, 0, 1, NULL,
                                                     NULL, NULL, CallJs, &tsfn));
  for (int32_t i = 0; i < n; i++)
    NODE_API_CALL(env, napi_call_threadsafe_function(tsfn, (void*)(intptr_t)i,
                                                     napi_tsfn_blocking));
  NODE_API_CALL(env, napi_release_threadsafe_function(tsfn, napi_tsfn_release));
  return NULL;
}

/* ---- an async work's complete that uses one ------------------------------------ */

typedef struct {
  napi_async_work work;
  napi_ref cb;
} Work;

static void Execute(napi_env env, void* data) {}

static void Complete(napi_env env, napi_status status, void* data) {
  Work* w = (Work*)data;
  napi_value cb, undefined, obj, r;
  if (status == napi_ok && napi_get_reference_value(env, w->cb, &cb) == napi_ok) {
    obj = make_in_closed_scope(env, "complete");
    napi_get_undefined(env, &undefined);
    if (obj != NULL) napi_call_function(env, undefined, cb, 1, &obj, &r);
  }
  napi_delete_reference(env, w->cb);
  napi_delete_async_work(env, w->work);
  free(w);
}

/* asyncCalls(fn): async work whose complete calls fn(obj), obj from a closed scope. */
static napi_value AsyncCalls(napi_env env, napi_callback_info info) {
  napi_value argv[1], name;
  th_args(env, info, 1, argv);
  Work* w = calloc(1, sizeof *w);
  NODE_API_CALL(env, napi_create_reference(env, argv[0], 1, &w->cb));
  NODE_API_CALL(env, napi_create_string_utf8(env, "scopes", NAPI_AUTO_LENGTH, &name));
  NODE_API_CALL(env, napi_create_async_work(env, NULL, name, Execute, Complete, w, &w->work));
  NODE_API_CALL(env, napi_queue_async_work(env, w->work));
  return NULL;
}

#ifdef SCOPE_INIT
/* The module's exports: a new object made in a scope closed before init returns. */
NAPI_MODULE_INIT() {
  napi_handle_scope scope;
  napi_value obj, fn, s;
  NODE_API_CALL(env, napi_open_handle_scope(env, &scope));
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_create_function(env, "returnFromClosedScope", NAPI_AUTO_LENGTH,
                                          ReturnFromClosedScope, NULL, &fn));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "returnFromClosedScope", fn));
  NODE_API_CALL(env, napi_create_string_utf8(env, "made in a closed scope",
                                             NAPI_AUTO_LENGTH, &s));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "origin", s));
  NODE_API_CALL(env, napi_close_handle_scope(env, scope));
  return obj;
}
#else
NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
    TH_METHOD("returnFromClosedScope", ReturnFromClosedScope),
    TH_METHOD("returnAfterMore", ReturnAfterMore),
    TH_METHOD("afterScopes", AfterScopes),
    TH_METHOD("escapeThenClose", EscapeThenClose),
    TH_METHOD("loopScopes", LoopScopes),
    TH_METHOD("loopScopesProbe", LoopScopesProbe),
    TH_METHOD("aroundCall", AroundCall),
    TH_METHOD("touchCallerScopes", TouchCallerScopes),
    TH_METHOD("aroundScopes", AroundScopes),
    TH_METHOD("externalCallingBack", ExternalCallingBack),
    TH_METHOD("dropFinalizerCallback", DropFinalizerCallback),
    TH_METHOD("tsfnCalls", TsfnCalls),
    TH_METHOD("asyncCalls", AsyncCalls),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
#endif
