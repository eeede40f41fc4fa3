/* Test addon for what addons (and Python) reach on JS builtin prototypes
 * (tests/test_builtin_methods.py, compared with Node 20 by node_driver.js):
 *
 * - makePlain(): a plain object {x: 1, y: "a"}, for Object.prototype's methods read
 *   from Python (obj.hasOwnProperty("x")...); Point, a napi_define_class class whose
 *   constructor wraps native data and sets an own `tag`, with a prototype method
 *   `sum`; Named, a class with its own `toString` method; keys(obj):
 *   napi_get_property_names.
 * - getNamed(obj, name): napi_get_named_property; callWith(fn, recv, ...args):
 *   napi_call_function with `recv` as `this`; makeCallbackWith(fn, recv, ...args): the
 *   same through napi_make_callback; callMethodOf(src, name, recv, ...args): reads
 *   src[name] with napi_get_named_property and calls it with `recv` (a builtin method
 *   of one value applied to another, as addons do with subarray / toString / push).
 * - runScript(source): napi_run_script.
 */
#include <stdlib.h>
#include "test_helpers.h"

#define MAX_ARGS 8

static napi_value MakePlain(napi_env env, napi_callback_info info) {
  napi_value o, x, y;
  NODE_API_CALL(env, napi_create_object(env, &o));
  NODE_API_CALL(env, napi_create_int32(env, 1, &x));
  NODE_API_CALL(env, napi_create_string_utf8(env, "a", NAPI_AUTO_LENGTH, &y));
  NODE_API_CALL(env, napi_set_named_property(env, o, "x", x));
  NODE_API_CALL(env, napi_set_named_property(env, o, "y", y));
  return o;
}

static napi_value Keys(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_property_names(env, argv[0], &out));
  return out;
}

static void FreeInt(napi_env env, void* data, void* hint) { free(data); }

/* new Point(a, b): wraps a + b, sets the own property `tag`. */
static napi_value PointNew(napi_env env, napi_callback_info info) {
  napi_value argv[2], self, tag;
  size_t argc = 2;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  int32_t a = 0, b = 0;
  napi_get_value_int32(env, argv[0], &a);
  napi_get_value_int32(env, argv[1], &b);
  int32_t* p = malloc(sizeof *p);
  *p = a + b;
  NODE_API_CALL(env, napi_wrap(env, self, p, FreeInt, NULL, NULL));
  NODE_API_CALL(env, napi_create_string_utf8(env, "pt", NAPI_AUTO_LENGTH, &tag));
  NODE_API_CALL(env, napi_set_named_property(env, self, "tag", tag));
  return self;
}

static napi_value PointSum(napi_env env, napi_callback_info info) {
  napi_value self;
  void* p = NULL;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  NODE_API_CALL(env, napi_unwrap(env, self, &p));
  return th_int(env, *(int32_t*)p);
}

static napi_value NamedNew(napi_env env, napi_callback_info info) {
  napi_value self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  return self;
}

static napi_value NamedToString(napi_env env, napi_callback_info info) {
  napi_value s;
  NODE_API_CALL(env, napi_create_string_utf8(env, "<Named>", NAPI_AUTO_LENGTH, &s));
  return s;
}

static napi_value GetNamed(napi_env env, napi_callback_info info) {
  napi_value argv[2], out;
  th_args(env, info, 2, argv);
  char name[128];
  size_t len;
  NODE_API_CALL(env, napi_get_value_string_utf8(env, argv[1], name, sizeof name, &len));
  NODE_API_CALL(env, napi_get_named_property(env, argv[0], name, &out));
  return out;
}

/* fn, recv, ...args */
static napi_value CallWith(napi_env env, napi_callback_info info) {
  napi_value argv[MAX_ARGS + 2], out;
  size_t argc = th_args(env, info, MAX_ARGS + 2, argv);
  NODE_API_ASSERT(env, argc >= 2, "callWith(fn, recv, ...args)");
  NODE_API_CALL(env, napi_call_function(env, argv[1], argv[0], argc - 2, argv + 2, &out));
  return out;
}

static napi_value MakeCallbackWith(napi_env env, napi_callback_info info) {
  napi_value argv[MAX_ARGS + 2], out, resource_name;
  size_t argc = th_args(env, info, MAX_ARGS + 2, argv);
  NODE_API_ASSERT(env, argc >= 2, "makeCallbackWith(fn, recv, ...args)");
  napi_async_context ctx;
  NODE_API_CALL(env, napi_create_string_utf8(env, "builtin_methods", NAPI_AUTO_LENGTH,
                                             &resource_name));
  NODE_API_CALL(env, napi_async_init(env, NULL, resource_name, &ctx));
  napi_status s = napi_make_callback(env, ctx, argv[1], argv[0], argc - 2, argv + 2, &out);
  napi_async_destroy(env, ctx);
  NODE_API_CALL(env, s);
  return out;
}

/* src, name, recv, ...args */
static napi_value CallMethodOf(napi_env env, napi_callback_info info) {
  napi_value argv[MAX_ARGS + 3], fn, out;
  size_t argc = th_args(env, info, MAX_ARGS + 3, argv);
  NODE_API_ASSERT(env, argc >= 3, "callMethodOf(src, name, recv, ...args)");
  char name[128];
  size_t len;
  NODE_API_CALL(env, napi_get_value_string_utf8(env, argv[1], name, sizeof name, &len));
  NODE_API_CALL(env, napi_get_named_property(env, argv[0], name, &fn));
  NODE_API_CALL(env, napi_call_function(env, argv[2], fn, argc - 3, argv + 3, &out));
  return out;
}

static napi_value RunScript(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_run_script(env, argv[0], &out));
  return out;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor fns[] = {
      {"makePlain", NULL, MakePlain, NULL, NULL, NULL, napi_default, NULL},
      {"keys", NULL, Keys, NULL, NULL, NULL, napi_default, NULL},
      {"getNamed", NULL, GetNamed, NULL, NULL, NULL, napi_default, NULL},
      {"callWith", NULL, CallWith, NULL, NULL, NULL, napi_default, NULL},
      {"makeCallbackWith", NULL, MakeCallbackWith, NULL, NULL, NULL, napi_default, NULL},
      {"callMethodOf", NULL, CallMethodOf, NULL, NULL, NULL, napi_default, NULL},
      {"runScript", NULL, RunScript, NULL, NULL, NULL, napi_default, NULL},
  };
  NODE_API_CALL(env, napi_define_properties(env, exports, sizeof fns / sizeof fns[0], fns));
  napi_property_descriptor point_members[] = {
      {"sum", NULL, PointSum, NULL, NULL, NULL, napi_default_method, NULL},
  };
  napi_value point, named;
  NODE_API_CALL(env, napi_define_class(env, "Point", NAPI_AUTO_LENGTH, PointNew, NULL, 1,
                                       point_members, &point));
  NODE_API_CALL(env, napi_set_named_property(env, exports, "Point", point));
  napi_property_descriptor named_members[] = {
      {"toString", NULL, NamedToString, NULL, NULL, NULL, napi_default_method, NULL},
  };
  NODE_API_CALL(env, napi_define_class(env, "Named", NAPI_AUTO_LENGTH, NamedNew, NULL, 1,
                                       named_members, &named));
  NODE_API_CALL(env, napi_set_named_property(env, exports, "Named", named));
  return exports;
}
