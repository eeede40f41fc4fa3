/* Test addon: the reference napi_wrap and napi_add_finalizer return carries the
 * finalizer. Node's documentation: that reference should be deleted only in
 * response to the finalizer; deleted before, the finalizer is not called. Built
 * twice by tests/test_finalizer_refs.py: Node-API 10 (finalizers deferred to a safe
 * point) and declaring NAPI_VERSION_EXPERIMENTAL (basic finalizers, run while the
 * object is freed). Also loaded by node (node_driver.js).
 *
 *   pair()          an object with a wrap and an added finalizer, each with its
 *                   reference; the one that runs first deletes both references
 *                   (so the other never runs) and frees the shared record;
 *   dropAdded()     an object with an added finalizer whose reference is deleted
 *                   at once: that finalizer never runs;
 *   dropWrap()      the same with a wrap (napi_unwrap still gives the pointer);
 *   counts()        [finalizers that ran, records freed, dropWrap unwrap ok]. */
#include <stdlib.h>
#include "test_helpers.h"

#ifndef DECLARED_VERSION
#define DECLARED_VERSION 10
#endif

typedef struct {
  napi_env env;
  napi_ref wrap_ref;
  napi_ref added_ref;
} Pair;

static int64_t g_ran = 0;
static int64_t g_freed = 0;
static int64_t g_unwrap_ok = 0;
static int g_token = 0;

static void PairFinalize(napi_env env, void* data, void* hint) {
  Pair* p = (Pair*)data;
  g_ran++;
  napi_delete_reference(p->env, p->wrap_ref);
  napi_delete_reference(p->env, p->added_ref);
  free(p);
  g_freed++;
}

static void Count(napi_env env, void* data, void* hint) { g_ran++; }

static napi_value MakePair(napi_env env, napi_callback_info info) {
  napi_value obj;
  NODE_API_CALL(env, napi_create_object(env, &obj));
  Pair* p = (Pair*)calloc(1, sizeof(Pair));
  p->env = env;
  NODE_API_CALL(env, napi_wrap(env, obj, p, PairFinalize, NULL, &p->wrap_ref));
  NODE_API_CALL(env, napi_add_finalizer(env, obj, p, PairFinalize, NULL, &p->added_ref));
  return obj;
}

static napi_value DropAdded(napi_env env, napi_callback_info info) {
  napi_value obj;
  napi_ref ref;
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_add_finalizer(env, obj, &g_token, Count, NULL, &ref));
  NODE_API_CALL(env, napi_delete_reference(env, ref));
  return obj;
}

static napi_value DropWrap(napi_env env, napi_callback_info info) {
  napi_value obj;
  napi_ref ref;
  void* back = NULL;
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_wrap(env, obj, &g_token, Count, NULL, &ref));
  NODE_API_CALL(env, napi_delete_reference(env, ref));
  if (napi_unwrap(env, obj, &back) == napi_ok && back == &g_token) g_unwrap_ok++;
  return obj;
}

static napi_value Counts(napi_env env, napi_callback_info info) {
  napi_value arr;
  NODE_API_CALL(env, napi_create_array_with_length(env, 3, &arr));
  NODE_API_CALL(env, napi_set_element(env, arr, 0, th_int(env, g_ran)));
  NODE_API_CALL(env, napi_set_element(env, arr, 1, th_int(env, g_freed)));
  NODE_API_CALL(env, napi_set_element(env, arr, 2, th_int(env, g_unwrap_ok)));
  return arr;
}

static napi_value Noop(napi_env env, napi_callback_info info) { return NULL; }

NAPI_MODULE_EXPORT int32_t node_api_module_get_api_version_v1(void) {
  return DECLARED_VERSION;
}

NAPI_MODULE_EXPORT napi_value napi_register_module_v1(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    TH_METHOD("pair", MakePair),
    TH_METHOD("dropAdded", DropAdded),
    TH_METHOD("dropWrap", DropWrap),
    TH_METHOD("counts", Counts),
    TH_METHOD("noop", Noop),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
