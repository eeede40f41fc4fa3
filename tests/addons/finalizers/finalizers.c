/* Test addon for when finalizers run. Built twice by the tests:
 *   finalizers        Node-API 10: every finalizer is deferred to a safe point, and
 *                     may call any Node-API function;
 *   finalizers_basic  declares NAPI_VERSION_EXPERIMENTAL: Node's rules for basic
 *                     finalizers, which run at once while the object is freed and
 *                     may only call the functions taking a node_api_basic_env;
 *                     node_api_post_finalizer defers the rest.
 * The finalizer of a wrapped object does what its kind (the finalize hint) says. */
#include <stdlib.h>
#include "test_helpers.h"

#ifndef DECLARED_VERSION
#define DECLARED_VERSION 10
#endif

/* Experimental in Node's headers (not in the stable set node-api-headers ships);
 * the runtime exports it. */
napi_status node_api_post_finalizer(napi_env env, napi_finalize finalize_cb,
                                    void* finalize_data, void* finalize_hint);

enum Kind {
  kCount = 0,       /* counts and frees (basic) */
  kPost = 1,        /* posts a second stage that creates values (basic) */
  kNonBasic = 2,    /* creates an object itself (not basic) */
  kDeleteRef = 3,   /* deletes a reference to another object (basic) */
  kInstance = 4,    /* reads instance data and the version (basic) */
};

typedef struct {
  int64_t n;
  napi_ref other; /* kDeleteRef: the (only) reference to another object */
} Native;

static int64_t g_finalized = 0;       /* finalizers that ran (all kinds) */
static int64_t g_posted_ran = 0;      /* second stages that ran */
static int64_t g_posted_ok = 0;       /* ... and could create values */
static int64_t g_non_basic_ok = 0;    /* kNonBasic finalizers that created an object */
static int64_t g_instance_ok = 0;     /* kInstance finalizers that read instance data */
static int64_t g_sum = 0;             /* sum of the finalized objects' n */
static napi_ref g_held = NULL;        /* holdOnly() */
static int g_instance_data = 7;

static void PostedStage(napi_env env, void* data, void* hint) {
  napi_value o, s;
  g_posted_ran++;
  if (napi_create_object(env, &o) == napi_ok &&
      napi_create_string_utf8(env, "later", NAPI_AUTO_LENGTH, &s) == napi_ok &&
      napi_set_named_property(env, o, "when", s) == napi_ok)
    g_posted_ok++;
  free(data);
}

static void WrappedFinalize(napi_env env, void* data, void* hint) {
  Native* native = (Native*)data;
  g_finalized++;
  g_sum += native->n;
  switch ((enum Kind)(intptr_t)hint) {
    case kCount:
      break;
    case kPost:
      node_api_post_finalizer(env, PostedStage, native, NULL);
      return; /* the second stage frees */
    case kNonBasic: {
      napi_value o;
      if (napi_create_object(env, &o) == napi_ok) g_non_basic_ok++;
      break;
    }
    case kDeleteRef:
      if (native->other != NULL) napi_delete_reference(env, native->other);
      break;
    case kInstance: {
      void* d = NULL;
      uint32_t version = 0;
      if (napi_get_instance_data(env, &d) == napi_ok && d == &g_instance_data &&
          napi_get_version(env, &version) == napi_ok && version >= 8)
        g_instance_ok++;
      break;
    }
  }
  free(native);
}

/* makeWrapped(n, kind = 0, other = undefined) -> a new object wrapping n; with
 * kind 3 it also holds the only reference to `other`. */
static napi_value MakeWrapped(napi_env env, napi_callback_info info) {
  napi_value argv[3], obj;
  int64_t n = 0;
  int32_t kind = 0;
  size_t argc = th_args(env, info, 3, argv);
  NODE_API_CALL(env, napi_get_value_int64(env, argv[0], &n));
  if (argc > 1) NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &kind));
  Native* native = calloc(1, sizeof *native);
  native->n = n;
  if (kind == kDeleteRef) NODE_API_CALL(env, napi_create_reference(env, argv[2], 1, &native->other));
  NODE_API_CALL(env, napi_create_object(env, &obj));
  NODE_API_CALL(env, napi_wrap(env, obj, native, WrappedFinalize, (void*)(intptr_t)kind, NULL));
  return obj;
}

/* holdOnly(obj): keeps obj in a strong reference (the caller then lets go). */
static napi_value HoldOnly(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  NODE_API_ASSERT(env, g_held == NULL, "already holding");
  NODE_API_CALL(env, napi_create_reference(env, argv[0], 1, &g_held));
  return th_undefined(env);
}

/* releaseHeld() -> [finalized before, finalized right after napi_delete_reference
 * let go of the object, inside this call (the object outlives the call)] */
static napi_value ReleaseHeld(napi_env env, napi_callback_info info) {
  napi_value out;
  int64_t before = g_finalized;
  NODE_API_ASSERT(env, g_held != NULL, "nothing held");
  NODE_API_CALL(env, napi_delete_reference(env, g_held));
  g_held = NULL;
  int64_t after = g_finalized;
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_int(env, before)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_int(env, after)));
  return out;
}

static napi_value Counts(napi_env env, napi_callback_info info) {
  napi_value o;
  NODE_API_CALL(env, napi_create_object(env, &o));
  NODE_API_CALL(env, napi_set_named_property(env, o, "finalized", th_int(env, g_finalized)));
  NODE_API_CALL(env, napi_set_named_property(env, o, "postedRan", th_int(env, g_posted_ran)));
  NODE_API_CALL(env, napi_set_named_property(env, o, "postedOk", th_int(env, g_posted_ok)));
  NODE_API_CALL(env, napi_set_named_property(env, o, "nonBasicOk", th_int(env, g_non_basic_ok)));
  NODE_API_CALL(env, napi_set_named_property(env, o, "instanceOk", th_int(env, g_instance_ok)));
  NODE_API_CALL(env, napi_set_named_property(env, o, "sum", th_int(env, g_sum)));
  return o;
}

static napi_value Declared(napi_env env, napi_callback_info info) {
  return th_int(env, DECLARED_VERSION);
}

static napi_value Noop(napi_env env, napi_callback_info info) { return NULL; }

NAPI_MODULE_EXPORT int32_t node_api_module_get_api_version_v1(void) {
  return DECLARED_VERSION;
}

NAPI_MODULE_EXPORT napi_value napi_register_module_v1(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    TH_METHOD("makeWrapped", MakeWrapped),
    TH_METHOD("holdOnly", HoldOnly),
    TH_METHOD("releaseHeld", ReleaseHeld),
    TH_METHOD("counts", Counts),
    TH_METHOD("declared", Declared),
    TH_METHOD("noop", Noop),
  };
  NODE_API_CALL(env, napi_set_instance_data(env, &g_instance_data, NULL, NULL));
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
