/* Test addon for lifetimes: handle scopes (nesting, mismatch), escapable
 * scopes, references (ref/unref/get/delete, strong vs weak), instance data,
 * env cleanup hooks, and node_api_get_module_file_name. */
#include <stdlib.h>
#include "test_helpers.h"

static napi_value make_array(napi_env env, const napi_status* s, size_t n) {
  napi_value out;
  if (napi_create_array(env, &out) != napi_ok) return NULL;
  for (size_t i = 0; i < n; i++) napi_set_element(env, out, (uint32_t)i, th_status(env, s[i]));
  return out;
}

/* ---- handle scopes -------------------------------------------------------- */

/* nestedScopes(): [open outer, open inner, close inner, close outer] plus
 * a value made in the outer scope read after the inner one closed. */
static napi_value NestedScopes(napi_env env, napi_callback_info info) {
  napi_handle_scope outer, inner;
  napi_value kept, tmp, out, v;
  napi_status s[4];
  int32_t n = 0;
  s[0] = napi_open_handle_scope(env, &outer);
  NODE_API_CALL(env, napi_create_int32(env, 41, &kept));
  s[1] = napi_open_handle_scope(env, &inner);
  NODE_API_CALL(env, napi_create_object(env, &tmp));
  s[2] = napi_close_handle_scope(env, inner);
  NODE_API_CALL(env, napi_get_value_int32(env, kept, &n));
  s[3] = napi_close_handle_scope(env, outer);
  out = make_array(env, s, 4);
  NODE_API_CALL(env, napi_create_int32(env, n + 1, &v));
  NODE_API_CALL(env, napi_set_element(env, out, 4, v));
  return out;
}

/* Closing the outer scope while the inner one is open: mismatch; then the
 * inner and outer close normally. */
static napi_value ScopesOutOfOrder(napi_env env, napi_callback_info info) {
  napi_handle_scope a, b;
  napi_status s[3];
  NODE_API_CALL(env, napi_open_handle_scope(env, &a));
  NODE_API_CALL(env, napi_open_handle_scope(env, &b));
  s[0] = napi_close_handle_scope(env, a);
  s[1] = napi_close_handle_scope(env, b);
  s[2] = napi_close_handle_scope(env, a);
  return make_array(env, s, 3);
}

/* Closing more scopes than were opened: mismatch. */
static napi_value CloseTooMany(napi_env env, napi_callback_info info) {
  napi_handle_scope a;
  napi_status s[3];
  s[0] = napi_open_handle_scope(env, &a);
  s[1] = napi_close_handle_scope(env, a);
  s[2] = napi_close_handle_scope(env, a);
  return make_array(env, s, 3);
}

/* The same for escapable scopes. */
static napi_value EscapableOutOfOrder(napi_env env, napi_callback_info info) {
  napi_escapable_handle_scope a, b;
  napi_status s[3];
  NODE_API_CALL(env, napi_open_escapable_handle_scope(env, &a));
  NODE_API_CALL(env, napi_open_escapable_handle_scope(env, &b));
  s[0] = napi_close_escapable_handle_scope(env, a);
  s[1] = napi_close_escapable_handle_scope(env, b);
  s[2] = napi_close_escapable_handle_scope(env, a);
  return make_array(env, s, 3);
}

/* manyScopes(n): n open/create/close cycles; returns the sum of created ints. */
static napi_value ManyScopes(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  uint32_t n;
  int64_t sum = 0;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_value_uint32(env, argv[0], &n));
  for (uint32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_value v, o;
    int32_t x;
    NODE_API_CALL(env, napi_open_handle_scope(env, &scope));
    NODE_API_CALL(env, napi_create_object(env, &o));
    NODE_API_CALL(env, napi_create_int32(env, (int32_t)(i % 7), &v));
    NODE_API_CALL(env, napi_set_named_property(env, o, "v", v));
    NODE_API_CALL(env, napi_get_named_property(env, o, "v", &v));
    NODE_API_CALL(env, napi_get_value_int32(env, v, &x));
    sum += x;
    NODE_API_CALL(env, napi_close_handle_scope(env, scope));
  }
  return th_int(env, sum);
}

/* escape(): [escape status, second escape status, the escaped object] */
static napi_value EscapeTwice(napi_env env, napi_callback_info info) {
  napi_escapable_handle_scope scope;
  napi_value obj, escaped = NULL, again = NULL, out;
  napi_status s[2];
  NODE_API_CALL(env, napi_open_escapable_handle_scope(env, &scope));
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_set_named_property(env, obj, "v", th_int(env, 1)));
  s[0] = napi_escape_handle(env, scope, obj, &escaped);
  s[1] = napi_escape_handle(env, scope, obj, &again);
  NODE_API_CALL(env, napi_close_escapable_handle_scope(env, scope));
  out = make_array(env, s, 2);
  NODE_API_CALL(env, napi_set_element(env, out, 2, escaped));
  return out;
}

/* scopeNullStatuses(): NULL arguments to the scope functions. */
static napi_value ScopeNullStatuses(napi_env env, napi_callback_info info) {
  napi_escapable_handle_scope esc;
  napi_value v, r;
  napi_status s[6];
  NODE_API_CALL(env, napi_open_escapable_handle_scope(env, &esc));
  v = th_int(env, 1);
  s[0] = napi_open_handle_scope(env, NULL);
  s[1] = napi_close_handle_scope(env, NULL);
  s[2] = napi_open_escapable_handle_scope(env, NULL);
  s[3] = napi_close_escapable_handle_scope(env, NULL);
  s[4] = napi_escape_handle(env, esc, NULL, &r);
  s[5] = napi_escape_handle(env, esc, v, NULL);
  NODE_API_CALL(env, napi_close_escapable_handle_scope(env, esc));
  return make_array(env, s, 6);
}

/* ---- references --------------------------------------------------------------- */

#define MAX_REFS 256
static napi_ref g_refs[MAX_REFS];

static bool ref_index(napi_env env, napi_value v, uint32_t* i) {
  if (napi_get_value_uint32(env, v, i) != napi_ok || *i >= MAX_REFS || g_refs[*i] == NULL) {
    napi_throw_error(env, NULL, "bad reference index");
    return false;
  }
  return true;
}

/* createRef(value, count) -> index */
static napi_value CreateRef(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  uint32_t count;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_value_uint32(env, argv[1], &count));
  for (uint32_t i = 0; i < MAX_REFS; i++) {
    if (g_refs[i] == NULL) {
      NODE_API_CALL(env, napi_create_reference(env, argv[0], count, &g_refs[i]));
      return th_int(env, i);
    }
  }
  napi_throw_error(env, NULL, "reference table full");
  return NULL;
}

static napi_value CreateRefStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  napi_ref ref = NULL;
  th_args(env, info, 1, argv);
  napi_status s = napi_create_reference(env, argv[0], 1, &ref);
  if (s == napi_ok) napi_delete_reference(env, ref);
  return th_status(env, s);
}

static napi_value RefRef(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  uint32_t i, count;
  th_args(env, info, 1, argv);
  if (!ref_index(env, argv[0], &i)) return NULL;
  NODE_API_CALL(env, napi_reference_ref(env, g_refs[i], &count));
  return th_int(env, count);
}

static napi_value RefUnref(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  uint32_t i, count;
  th_args(env, info, 1, argv);
  if (!ref_index(env, argv[0], &i)) return NULL;
  NODE_API_CALL(env, napi_reference_unref(env, g_refs[i], &count));
  return th_int(env, count);
}

static napi_value RefUnrefStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  uint32_t i, count;
  th_args(env, info, 1, argv);
  if (!ref_index(env, argv[0], &i)) return NULL;
  return th_status(env, napi_reference_unref(env, g_refs[i], &count));
}

/* getRef(i) -> [value is NULL, value or undefined] */
static napi_value GetRef(napi_env env, napi_callback_info info) {
  napi_value argv[1], v = NULL, out;
  uint32_t i;
  th_args(env, info, 1, argv);
  if (!ref_index(env, argv[0], &i)) return NULL;
  NODE_API_CALL(env, napi_get_reference_value(env, g_refs[i], &v));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_bool(env, v == NULL)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, v != NULL ? v : th_undefined(env)));
  return out;
}

/* callRef(i): calls the referenced function with no arguments. */
static napi_value CallRef(napi_env env, napi_callback_info info) {
  napi_value argv[1], fn, undef, r;
  uint32_t i;
  th_args(env, info, 1, argv);
  if (!ref_index(env, argv[0], &i)) return NULL;
  NODE_API_CALL(env, napi_get_reference_value(env, g_refs[i], &fn));
  NODE_API_ASSERT(env, fn != NULL, "referenced function is gone");
  NODE_API_CALL(env, napi_get_undefined(env, &undef));
  NODE_API_CALL(env, napi_call_function(env, undef, fn, 0, NULL, &r));
  return r;
}

static napi_value DeleteRef(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  uint32_t i;
  th_args(env, info, 1, argv);
  if (!ref_index(env, argv[0], &i)) return NULL;
  napi_status s = napi_delete_reference(env, g_refs[i]);
  g_refs[i] = NULL;
  return th_status(env, s);
}

static napi_value RefNullStatuses(napi_env env, napi_callback_info info) {
  napi_value obj, v;
  napi_ref ref;
  uint32_t n;
  napi_status s[6];
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_create_reference(env, obj, 1, &ref));
  s[0] = napi_create_reference(env, NULL, 1, &ref);
  s[1] = napi_create_reference(env, obj, 1, NULL);
  s[2] = napi_reference_ref(env, NULL, &n);
  s[3] = napi_reference_unref(env, NULL, &n);
  s[4] = napi_get_reference_value(env, NULL, &v);
  s[5] = napi_delete_reference(env, NULL);
  napi_delete_reference(env, ref);
  return make_array(env, s, 6);
}

static napi_value MakeObject(napi_env env, napi_callback_info info) {
  napi_value argv[1], o;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_create_object(env, &o));
  NODE_API_CALL(env, napi_set_named_property(env, o, "tag", argv[0]));
  return o;
}

static napi_value MakeSymbol(napi_env env, napi_callback_info info) {
  napi_value s;
  NODE_API_CALL(env, napi_create_symbol(env, NULL, &s));
  return s;
}

static napi_value Noop(napi_env env, napi_callback_info info) {
  return th_undefined(env);
}

/* ---- instance data ------------------------------------------------------------ */

static int g_instance_finalized = 0;

static void InstanceFinalize(napi_env env, void* data, void* hint) {
  g_instance_finalized++;
  printf("instance data finalized: %d\n", *(int*)data);
  fflush(stdout);
  free(data);
}

static napi_value SetInstanceData(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  void* old = NULL;
  th_args(env, info, 1, argv);
  int* p = malloc(sizeof *p);
  if (napi_get_value_int32(env, argv[0], p) != napi_ok) {
    free(p);
    th_throw_last_error(env, "napi_get_value_int32");
    return NULL;
  }
  NODE_API_CALL(env, napi_get_instance_data(env, &old));
  NODE_API_CALL(env, napi_set_instance_data(env, p, InstanceFinalize, NULL));
  free(old); /* replaced data is not finalized (as in Node): the addon frees it */
  return th_undefined(env);
}

static napi_value GetInstanceData(napi_env env, napi_callback_info info) {
  void* p = NULL;
  NODE_API_CALL(env, napi_get_instance_data(env, &p));
  if (p == NULL) return th_undefined(env);
  return th_int(env, *(int*)p);
}

static napi_value InstanceFinalizedCount(napi_env env, napi_callback_info info) {
  return th_int(env, g_instance_finalized);
}

/* ---- cleanup hooks -------------------------------------------------------------- */

#define MAX_HOOKS 16
static char* g_hooks[MAX_HOOKS];

static void Hook(void* arg) {
  printf("hook %s\n", (const char*)arg);
  fflush(stdout);
}

static napi_value AddHook(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  char tag[64];
  th_args(env, info, 1, argv);
  if (!th_utf8_arg(env, argv[0], tag, sizeof tag)) return NULL;
  for (int i = 0; i < MAX_HOOKS; i++) {
    if (g_hooks[i] == NULL) {
      size_t len = strlen(tag) + 1;
      g_hooks[i] = malloc(len);
      memcpy(g_hooks[i], tag, len);
      NODE_API_CALL(env, napi_add_env_cleanup_hook(env, Hook, g_hooks[i]));
      return th_undefined(env);
    }
  }
  napi_throw_error(env, NULL, "too many hooks");
  return NULL;
}

static napi_value RemoveHook(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  char tag[64];
  th_args(env, info, 1, argv);
  if (!th_utf8_arg(env, argv[0], tag, sizeof tag)) return NULL;
  for (int i = 0; i < MAX_HOOKS; i++) {
    if (g_hooks[i] != NULL && strcmp(g_hooks[i], tag) == 0) {
      NODE_API_CALL(env, napi_remove_env_cleanup_hook(env, Hook, g_hooks[i]));
      /* a removed hook that still ran would read freed memory (ASan reports it) */
      free(g_hooks[i]);
      g_hooks[i] = NULL;
      return th_undefined(env);
    }
  }
  napi_throw_error(env, NULL, "no such hook");
  return NULL;
}

static napi_value HookNullStatuses(napi_env env, napi_callback_info info) {
  napi_status s[2];
  s[0] = napi_add_env_cleanup_hook(env, NULL, NULL);
  s[1] = napi_remove_env_cleanup_hook(env, NULL, NULL);
  return make_array(env, s, 2);
}

/* ---- async cleanup hooks ----------------------------------------------------- */

typedef struct {
  char tag[64];
  napi_async_cleanup_hook_handle handle;
} AsyncHookData;

static AsyncHookData* g_async_hooks[MAX_HOOKS];

/* Runs at exit: prints, then (as Node asks of every async hook) removes itself. */
static void AsyncHook(napi_async_cleanup_hook_handle handle, void* arg) {
  AsyncHookData* d = arg;
  printf("async hook %s%s\n", d->tag, handle == d->handle ? "" : " (wrong handle)");
  fflush(stdout);
  napi_remove_async_cleanup_hook(handle);
  free(d);
}

/* addAsyncHook(tag) */
static napi_value AddAsyncHook(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  for (int i = 0; i < MAX_HOOKS; i++) {
    if (g_async_hooks[i] == NULL) {
      AsyncHookData* d = calloc(1, sizeof *d);
      if (!th_utf8_arg(env, argv[0], d->tag, sizeof d->tag)) {
        free(d);
        return NULL;
      }
      NODE_API_CALL(env, napi_add_async_cleanup_hook(env, AsyncHook, d, &d->handle));
      g_async_hooks[i] = d;
      return th_undefined(env);
    }
  }
  napi_throw_error(env, NULL, "too many hooks");
  return NULL;
}

/* removeAsyncHook(tag) -> status of napi_remove_async_cleanup_hook */
static napi_value RemoveAsyncHook(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  char tag[64];
  th_args(env, info, 1, argv);
  if (!th_utf8_arg(env, argv[0], tag, sizeof tag)) return NULL;
  for (int i = 0; i < MAX_HOOKS; i++) {
    AsyncHookData* d = g_async_hooks[i];
    if (d != NULL && strcmp(d->tag, tag) == 0) {
      napi_status s = napi_remove_async_cleanup_hook(d->handle);
      free(d);
      g_async_hooks[i] = NULL;
      return th_status(env, s);
    }
  }
  napi_throw_error(env, NULL, "no such hook");
  return NULL;
}

static napi_value AsyncHookNullStatuses(napi_env env, napi_callback_info info) {
  napi_async_cleanup_hook_handle handle = NULL;
  napi_status s[2];
  s[0] = napi_add_async_cleanup_hook(env, NULL, NULL, &handle);
  s[1] = napi_remove_async_cleanup_hook(NULL);
  return make_array(env, s, 2);
}

/* ---- module file name -------------------------------------------------------- */

static napi_value ModuleFileName(napi_env env, napi_callback_info info) {
  const char* name = NULL;
  NODE_API_CALL(env, node_api_get_module_file_name(env, &name));
  return th_str(env, name);
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
    TH_METHOD("nestedScopes", NestedScopes),
    TH_METHOD("scopesOutOfOrder", ScopesOutOfOrder),
    TH_METHOD("closeTooMany", CloseTooMany),
    TH_METHOD("escapableOutOfOrder", EscapableOutOfOrder),
    TH_METHOD("manyScopes", ManyScopes),
    TH_METHOD("escapeTwice", EscapeTwice),
    TH_METHOD("scopeNullStatuses", ScopeNullStatuses),
    TH_METHOD("createRef", CreateRef),
    TH_METHOD("createRefStatus", CreateRefStatus),
    TH_METHOD("refRef", RefRef),
    TH_METHOD("refUnref", RefUnref),
    TH_METHOD("refUnrefStatus", RefUnrefStatus),
    TH_METHOD("getRef", GetRef),
    TH_METHOD("callRef", CallRef),
    TH_METHOD("deleteRef", DeleteRef),
    TH_METHOD("refNullStatuses", RefNullStatuses),
    TH_METHOD("makeObject", MakeObject),
    TH_METHOD("makeSymbol", MakeSymbol),
    TH_METHOD("noop", Noop),
    TH_METHOD("setInstanceData", SetInstanceData),
    TH_METHOD("getInstanceData", GetInstanceData),
    TH_METHOD("instanceFinalizedCount", InstanceFinalizedCount),
    TH_METHOD("addHook", AddHook),
    TH_METHOD("removeHook", RemoveHook),
    TH_METHOD("hookNullStatuses", HookNullStatuses),
    TH_METHOD("addAsyncHook", AddAsyncHook),
    TH_METHOD("removeAsyncHook", RemoveAsyncHook),
    TH_METHOD("asyncHookNullStatuses", AsyncHookNullStatuses),
    TH_METHOD("moduleFileName", ModuleFileName),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
