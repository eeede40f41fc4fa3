/* Test addon for functions: napi_create_function (name, data), napi_get_cb_info,
 * napi_call_function, napi_new_instance, napi_get_new_target, identity of
 * functions crossing the boundary, and many calls into a Python callback. */
#include <stdlib.h>
#include "test_helpers.h"

/* ---- napi_create_function ---------------------------------------------- */

static int32_t g_data_a = 11;
static int32_t g_data_b = 22;

/* Returns *(int32_t*)data. */
static napi_value ReturnData(napi_env env, napi_callback_info info) {
  void* data = NULL;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, NULL, &data));
  if (data == NULL) return th_str(env, "no data");
  return th_int(env, *(int32_t*)data);
}

/* makeFunction(name or null, which) -> a function returning data a (1),
 * data b (2) or "no data" (0). */
static napi_value MakeFunction(napi_env env, napi_callback_info info) {
  napi_value argv[2], fn;
  char name[128];
  const char* pname = NULL;
  napi_valuetype t;
  int32_t which;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_typeof(env, argv[0], &t));
  if (t == napi_string) {
    if (!th_utf8_arg(env, argv[0], name, sizeof name)) return NULL;
    pname = name;
  }
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &which));
  void* data = which == 1 ? (void*)&g_data_a : which == 2 ? (void*)&g_data_b : NULL;
  NODE_API_CALL(env, napi_create_function(env, pname, NAPI_AUTO_LENGTH, ReturnData,
                                          data, &fn));
  return fn;
}

/* A name with an explicit length that cuts the string. */
static napi_value MakeFunctionNameLen(napi_env env, napi_callback_info info) {
  napi_value fn;
  NODE_API_CALL(env, napi_create_function(env, "abcdef", 3, ReturnData, NULL, &fn));
  return fn;
}

static napi_value CreateFunctionStatuses(napi_env env, napi_callback_info info) {
  napi_value fn, out;
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_status(env,
      napi_create_function(env, "f", NAPI_AUTO_LENGTH, NULL, NULL, &fn))));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_status(env,
      napi_create_function(env, "f", NAPI_AUTO_LENGTH, ReturnData, NULL, NULL))));
  return out;
}

/* ---- napi_get_cb_info ---------------------------------------------------- */

/* argsInfo(...): capacity 4 -> {argc: <actual>, args: [4 values]} */
static napi_value ArgsInfo(napi_env env, napi_callback_info info) {
  napi_value argv[4], out, arr;
  size_t argc = 4;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_set_named_property(env, out, "argc", th_int(env, (int64_t)argc)));
  NODE_API_CALL(env, napi_create_array(env, &arr));
  for (uint32_t i = 0; i < 4; i++)
    NODE_API_CALL(env, napi_set_element(env, arr, i, argv[i]));
  NODE_API_CALL(env, napi_set_named_property(env, out, "args", arr));
  return out;
}

/* typesInfo(...): napi_typeof of 4 slots (missing ones are undefined == 0) */
static napi_value TypesInfo(napi_env env, napi_callback_info info) {
  napi_value argv[4], arr;
  size_t argc = 4;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NODE_API_CALL(env, napi_create_array(env, &arr));
  for (uint32_t i = 0; i < 4; i++) {
    napi_valuetype t;
    NODE_API_CALL(env, napi_typeof(env, argv[i], &t));
    NODE_API_CALL(env, napi_set_element(env, arr, i, th_int(env, t)));
  }
  return arr;
}

/* smallCapacity(a, b, c): capacity 1 -> [argc reported, argv[0], argv[1]
 * untouched (still the sentinel NULL -> "untouched")] */
static napi_value SmallCapacity(napi_env env, napi_callback_info info) {
  napi_value argv[2] = {NULL, NULL}, out;
  size_t argc = 1;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_int(env, (int64_t)argc)));
  NODE_API_CALL(env, napi_set_element(env, out, 1, argv[0]));
  NODE_API_CALL(env, napi_set_element(env, out, 2,
                                      th_str(env, argv[1] == NULL ? "untouched" : "written")));
  return out;
}

/* argcOnly(...): argv NULL, just the count. */
static napi_value ArgcOnly(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, NULL, NULL, NULL));
  return th_int(env, (int64_t)argc);
}

static napi_value ThisValue(napi_env env, napi_callback_info info) {
  napi_value self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  return self;
}

/* ---- napi_call_function -------------------------------------------------- */

/* callFunction(fn, ...args): fn called with this = undefined */
static napi_value CallFunction(napi_env env, napi_callback_info info) {
  napi_value argv[8], undef, r;
  size_t argc = 8;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NODE_API_ASSERT(env, argc >= 1, "needs a function");
  NODE_API_CALL(env, napi_get_undefined(env, &undef));
  NODE_API_CALL(env, napi_call_function(env, undef, argv[0], argc - 1, argv + 1, &r));
  return r;
}

/* callWithReceiver(fn, recv, ...args) */
static napi_value CallWithReceiver(napi_env env, napi_callback_info info) {
  napi_value argv[8], r;
  size_t argc = 8;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NODE_API_ASSERT(env, argc >= 2, "needs a function and a receiver");
  NODE_API_CALL(env, napi_call_function(env, argv[1], argv[0], argc - 2, argv + 2, &r));
  return r;
}

/* callStatus(fn): status of napi_call_function with no args; a pending
 * exception is cleared and returned as [status, exception]. */
static napi_value CallStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1], undef, r = NULL, out, exc = NULL;
  bool pending = false;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_undefined(env, &undef));
  napi_status s = napi_call_function(env, undef, argv[0], 0, NULL, &r);
  NODE_API_CALL(env, napi_is_exception_pending(env, &pending));
  /* cleared before building the result: napi_set_element refuses to run
   * while an exception is pending */
  if (pending) NODE_API_CALL(env, napi_get_and_clear_last_exception(env, &exc));
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_status(env, s)));
  if (exc != NULL) NODE_API_CALL(env, napi_set_element(env, out, 1, exc));
  return out;
}

/* callThenCheck(fn): calls fn; if it threw, reports whether an exception is
 * pending, then lets the exception propagate (returns NULL). */
static int g_saw_pending = 0;
static napi_value CallPropagate(napi_env env, napi_callback_info info) {
  napi_value argv[1], undef, r;
  bool pending = false;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_undefined(env, &undef));
  napi_status s = napi_call_function(env, undef, argv[0], 0, NULL, &r);
  napi_is_exception_pending(env, &pending);
  g_saw_pending = (s == napi_pending_exception && pending) ? 1 : 0;
  if (s != napi_ok) return NULL;
  return r;
}

static napi_value SawPending(napi_env env, napi_callback_info info) {
  return th_bool(env, g_saw_pending != 0);
}

/* callStatuses(): NULL arguments to napi_call_function. */
static napi_value CallNullStatuses(napi_env env, napi_callback_info info) {
  napi_value argv[1], undef, r, out;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_undefined(env, &undef));
  NODE_API_CALL(env, napi_create_array(env, &out));
  /* recv NULL */
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_status(env,
      napi_call_function(env, NULL, argv[0], 0, NULL, &r))));
  /* func NULL */
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_status(env,
      napi_call_function(env, undef, NULL, 0, NULL, &r))));
  /* argc > 0 with argv NULL */
  NODE_API_CALL(env, napi_set_element(env, out, 2, th_status(env,
      napi_call_function(env, undef, argv[0], 1, NULL, &r))));
  /* result NULL is allowed */
  NODE_API_CALL(env, napi_set_element(env, out, 3, th_status(env,
      napi_call_function(env, undef, argv[0], 0, NULL, NULL))));
  return out;
}

static napi_value Add(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  double a, b;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_value_double(env, argv[0], &a));
  NODE_API_CALL(env, napi_get_value_double(env, argv[1], &b));
  napi_value r;
  NODE_API_CALL(env, napi_create_double(env, a + b, &r));
  return r;
}

/* callOwn(): creates a native function and calls it through
 * napi_call_function with (2, 3). */
static napi_value CallOwn(napi_env env, napi_callback_info info) {
  napi_value fn, undef, args[2], r;
  NODE_API_CALL(env, napi_create_function(env, "add", NAPI_AUTO_LENGTH, Add, NULL, &fn));
  NODE_API_CALL(env, napi_get_undefined(env, &undef));
  args[0] = th_int(env, 2);
  args[1] = th_int(env, 3);
  NODE_API_CALL(env, napi_call_function(env, undef, fn, 2, args, &r));
  return r;
}

/* callMany(fn, arg, n): calls fn(arg, i) n times, each in its own handle
 * scope; returns the number of calls that returned true. */
static napi_value CallMany(napi_env env, napi_callback_info info) {
  napi_value argv[3], undef;
  uint32_t n;
  int64_t truthy = 0;
  th_args(env, info, 3, argv);
  NODE_API_CALL(env, napi_get_value_uint32(env, argv[2], &n));
  NODE_API_CALL(env, napi_get_undefined(env, &undef));
  for (uint32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_value args[2], r;
    bool b = false;
    NODE_API_CALL(env, napi_open_handle_scope(env, &scope));
    args[0] = argv[1];
    NODE_API_CALL(env, napi_create_uint32(env, i, &args[1]));
    if (napi_call_function(env, undef, argv[0], 2, args, &r) != napi_ok) {
      napi_close_handle_scope(env, scope);
      return NULL;
    }
    napi_get_value_bool(env, r, &b);
    if (b) truthy++;
    NODE_API_CALL(env, napi_close_handle_scope(env, scope));
  }
  return th_int(env, truthy);
}

/* callManyNoScope(fn, arg, n): the same, without handle scopes. */
static napi_value CallManyNoScope(napi_env env, napi_callback_info info) {
  napi_value argv[3], undef;
  uint32_t n;
  th_args(env, info, 3, argv);
  NODE_API_CALL(env, napi_get_value_uint32(env, argv[2], &n));
  NODE_API_CALL(env, napi_get_undefined(env, &undef));
  for (uint32_t i = 0; i < n; i++) {
    napi_value args[2], r;
    args[0] = argv[1];
    NODE_API_CALL(env, napi_create_uint32(env, i, &args[1]));
    NODE_API_CALL(env, napi_call_function(env, undef, argv[0], 2, args, &r));
  }
  return th_int(env, n);
}

/* ---- napi_new_instance / napi_get_new_target ------------------------------ */

/* newInstance(ctor, ...args) */
static napi_value NewInstance(napi_env env, napi_callback_info info) {
  napi_value argv[8], r;
  size_t argc = 8;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NODE_API_ASSERT(env, argc >= 1, "needs a constructor");
  NODE_API_CALL(env, napi_new_instance(env, argv[0], argc - 1, argv + 1, &r));
  return r;
}

static napi_value NewInstanceStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1], r;
  th_args(env, info, 1, argv);
  napi_status s = napi_new_instance(env, argv[0], 0, NULL, &r);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value e;
    napi_get_and_clear_last_exception(env, &e);
  }
  return th_status(env, s);
}

/* probe(...): a plain native function. Called plainly it returns
 * "new_target is NULL" (true/false). Constructed with `new`, it records on
 * `this`: viaNew = true, targetIsProbe = (new_target === probe), arg0. */
static napi_ref g_probe = NULL;

static napi_value Probe(napi_env env, napi_callback_info info) {
  napi_value argv[1], self, target, probe;
  size_t argc = 1;
  bool eq = false;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  NODE_API_CALL(env, napi_get_new_target(env, info, &target));
  if (target == NULL) return th_bool(env, true);
  NODE_API_CALL(env, napi_get_reference_value(env, g_probe, &probe));
  NODE_API_CALL(env, napi_strict_equals(env, target, probe, &eq));
  NODE_API_CALL(env, napi_set_named_property(env, self, "viaNew", th_bool(env, true)));
  NODE_API_CALL(env, napi_set_named_property(env, self, "targetIsProbe", th_bool(env, eq)));
  NODE_API_CALL(env, napi_set_named_property(env, self, "arg0", argv[0]));
  return NULL;  /* undefined: `new` yields `this` */
}

/* A class from napi_define_class whose constructor records new_target. */
static napi_value PointCtor(napi_env env, napi_callback_info info) {
  napi_value argv[2], self, target;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  NODE_API_CALL(env, napi_get_new_target(env, info, &target));
  NODE_API_CALL(env, napi_set_named_property(env, self, "x", argv[0]));
  NODE_API_CALL(env, napi_set_named_property(env, self, "y", argv[1]));
  NODE_API_CALL(env, napi_set_named_property(env, self, "hasTarget",
                                             th_bool(env, target != NULL)));
  return self;
}

static napi_value NewTargetStatus(napi_env env, napi_callback_info info) {
  napi_value t;
  napi_value out;
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_status(env,
      napi_get_new_target(env, NULL, &t))));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_status(env,
      napi_get_new_target(env, info, NULL))));
  return out;
}

/* ---- identity ------------------------------------------------------------- */

static napi_value StrictEquals(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  bool eq;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_strict_equals(env, argv[0], argv[1], &eq));
  return th_bool(env, eq);
}

static napi_value Identity(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  return argv[0];
}

static napi_ref g_subscribed = NULL;

/* subscribe(fn) keeps fn; isSubscribed(fn) compares it strictly. */
static napi_value Subscribe(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  if (g_subscribed != NULL) napi_delete_reference(env, g_subscribed);
  NODE_API_CALL(env, napi_create_reference(env, argv[0], 1, &g_subscribed));
  return th_undefined(env);
}

static napi_value IsSubscribed(napi_env env, napi_callback_info info) {
  napi_value argv[1], stored;
  bool eq = false;
  th_args(env, info, 1, argv);
  if (g_subscribed == NULL) return th_bool(env, false);
  NODE_API_CALL(env, napi_get_reference_value(env, g_subscribed, &stored));
  NODE_API_CALL(env, napi_strict_equals(env, argv[0], stored, &eq));
  return th_bool(env, eq);
}

static napi_value Unsubscribe(napi_env env, napi_callback_info info) {
  if (g_subscribed != NULL) {
    NODE_API_CALL(env, napi_delete_reference(env, g_subscribed));
    g_subscribed = NULL;
  }
  return th_undefined(env);
}

static napi_ref g_made = NULL;

/* madeOnce(): the same native function every time. */
static napi_value MadeOnce(napi_env env, napi_callback_info info) {
  napi_value fn;
  if (g_made == NULL) {
    NODE_API_CALL(env, napi_create_function(env, "madeOnce", NAPI_AUTO_LENGTH, ReturnData,
                                            &g_data_a, &fn));
    NODE_API_CALL(env, napi_create_reference(env, fn, 1, &g_made));
  }
  NODE_API_CALL(env, napi_get_reference_value(env, g_made, &fn));
  return fn;
}

static napi_value TypeOf(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  napi_valuetype t;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_typeof(env, argv[0], &t));
  return th_int(env, t);
}

NAPI_MODULE_INIT() {
  napi_value probe, point;
  napi_property_descriptor props[] = {
    TH_METHOD("makeFunction", MakeFunction),
    TH_METHOD("makeFunctionNameLen", MakeFunctionNameLen),
    TH_METHOD("createFunctionStatuses", CreateFunctionStatuses),
    TH_METHOD("argsInfo", ArgsInfo),
    TH_METHOD("typesInfo", TypesInfo),
    TH_METHOD("smallCapacity", SmallCapacity),
    TH_METHOD("argcOnly", ArgcOnly),
    TH_METHOD("thisValue", ThisValue),
    TH_METHOD("callFunction", CallFunction),
    TH_METHOD("callWithReceiver", CallWithReceiver),
    TH_METHOD("callStatus", CallStatus),
    TH_METHOD("callPropagate", CallPropagate),
    TH_METHOD("sawPending", SawPending),
    TH_METHOD("callNullStatuses", CallNullStatuses),
    TH_METHOD("callOwn", CallOwn),
    TH_METHOD("callMany", CallMany),
    TH_METHOD("callManyNoScope", CallManyNoScope),
    TH_METHOD("newInstance", NewInstance),
    TH_METHOD("newInstanceStatus", NewInstanceStatus),
    TH_METHOD("newTargetStatus", NewTargetStatus),
    TH_METHOD("strictEquals", StrictEquals),
    TH_METHOD("identity", Identity),
    TH_METHOD("subscribe", Subscribe),
    TH_METHOD("isSubscribed", IsSubscribed),
    TH_METHOD("unsubscribe", Unsubscribe),
    TH_METHOD("madeOnce", MadeOnce),
    TH_METHOD("typeOf", TypeOf),
  };
  TH_EXPORT_TABLE(env, exports, props);
  NODE_API_CALL(env, napi_create_function(env, "probe", NAPI_AUTO_LENGTH, Probe, NULL, &probe));
  NODE_API_CALL(env, napi_create_reference(env, probe, 1, &g_probe));
  NODE_API_CALL(env, napi_set_named_property(env, exports, "probe", probe));
  NODE_API_CALL(env, napi_define_class(env, "Point", NAPI_AUTO_LENGTH, PointCtor, NULL, 0,
                                       NULL, &point));
  NODE_API_CALL(env, napi_set_named_property(env, exports, "Point", point));
  return exports;
}
