/* Test addon for `this` on calls from Python and the receiver check of class
 * members (tests/test_this_calls.py).
 *
 * - Two classes whose members unwrap `this` and use the native struct without
 *   checking what they got, as node-addon-api's ObjectWrap and napi-rs do once the
 *   engine has checked the receiver: Tally (an int64 counter) and Label (a C string
 *   the methods dereference). A member called with a wrong `this` must never reach
 *   these callbacks: memberCalls() counts the calls that did.
 * - Functions stored on objects (an iterator made of a plain object with a `next`
 *   function, a function stored on each Tally instance by its constructor, a function
 *   stored as a property of a function), which read their state from `this`.
 */
#include <stdlib.h>
#include "test_helpers.h"

typedef struct {
  int64_t count;
} Tally;

typedef struct {
  char* text;
} Label;

static int64_t g_member_calls = 0;
static napi_ref g_return_this = NULL;  /* the one `returnThis` function */

static void FreeTally(napi_env env, void* data, void* hint) { free(data); }
static void FreeLabel(napi_env env, void* data, void* hint) {
  Label* l = data;
  free(l->text);
  free(l);
}

/* `this` unwrapped with no check of the status or of the class. */
static void* unchecked_this(napi_env env, napi_callback_info info, size_t* argc,
                            napi_value* argv) {
  napi_value self = NULL;
  void* p = NULL;
  napi_get_cb_info(env, info, argc, argv, &self, NULL);
  napi_unwrap(env, self, &p);
  g_member_calls++;
  return p;
}

/* returnThis(): `this` as the function was called. */
static napi_value ReturnThis(napi_env env, napi_callback_info info) {
  napi_value self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  if (self == NULL) NODE_API_CALL(env, napi_get_undefined(env, &self));
  return self;
}

static napi_value return_this_fn(napi_env env) {
  napi_value fn = NULL;
  NODE_API_CALL(env, napi_get_reference_value(env, g_return_this, &fn));
  return fn;
}

/* ---- class Tally ------------------------------------------------------------ */

/* new Tally(n): also stores `returnThis` on the instance as `whoami`, as classes
 * that assign callbacks in their constructor do. */
static napi_value TallyNew(napi_env env, napi_callback_info info) {
  napi_value argv[1], self;
  size_t argc = 1;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  Tally* t = calloc(1, sizeof *t);
  napi_valuetype type;
  NODE_API_CALL(env, napi_typeof(env, argv[0], &type));
  if (type == napi_number) NODE_API_CALL(env, napi_get_value_int64(env, argv[0], &t->count));
  NODE_API_CALL(env, napi_wrap(env, self, t, FreeTally, NULL, NULL));
  NODE_API_CALL(env, napi_set_named_property(env, self, "whoami", return_this_fn(env)));
  return self;
}

static napi_value TallyAdd(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  size_t argc = 1;
  Tally* t = unchecked_this(env, info, &argc, argv);
  int64_t by = 1;
  if (argc > 0) napi_get_value_int64(env, argv[0], &by);
  t->count += by;  /* a wrong `this` would crash or corrupt here */
  return th_int(env, t->count);
}

static napi_value TallyGetCount(napi_env env, napi_callback_info info) {
  Tally* t = unchecked_this(env, info, NULL, NULL);
  return th_int(env, t->count);
}

static napi_value TallySetCount(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  size_t argc = 1;
  Tally* t = unchecked_this(env, info, &argc, argv);
  napi_get_value_int64(env, argv[0], &t->count);
  return NULL;
}

/* Tally.make(n): a static method (no receiver check); `this` is the class. */
static napi_value TallyMake(napi_env env, napi_callback_info info) {
  napi_value argv[1], self, out;
  size_t argc = 1;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  NODE_API_CALL(env, napi_new_instance(env, self, 1, argv, &out));
  return out;
}

/* ---- class Label ------------------------------------------------------------ */

static napi_value LabelNew(napi_env env, napi_callback_info info) {
  napi_value argv[1], self;
  size_t argc = 1, len = 0;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  NODE_API_CALL(env, napi_get_value_string_utf8(env, argv[0], NULL, 0, &len));
  Label* l = calloc(1, sizeof *l);
  l->text = malloc(len + 1);
  NODE_API_CALL(env, napi_get_value_string_utf8(env, argv[0], l->text, len + 1, &len));
  NODE_API_CALL(env, napi_wrap(env, self, l, FreeLabel, NULL, NULL));
  return self;
}

static napi_value LabelText(napi_env env, napi_callback_info info) {
  Label* l = unchecked_this(env, info, NULL, NULL);
  napi_value out;
  NODE_API_CALL(env, napi_create_string_utf8(env, l->text, strlen(l->text), &out));
  return out;
}

static napi_value LabelGetSize(napi_env env, napi_callback_info info) {
  Label* l = unchecked_this(env, info, NULL, NULL);
  return th_int(env, (int64_t)strlen(l->text));
}

/* ---- functions stored on objects --------------------------------------------- */

/* The iterator's next(): state in this._i / this._n. Throws (napi_object_expected)
 * when `this` is not the iterator. */
static napi_value IterNext(napi_env env, napi_callback_info info) {
  napi_value self, iv, nv, out;
  int64_t i = 0, n = 0;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  NODE_API_CALL(env, napi_get_named_property(env, self, "_i", &iv));
  NODE_API_CALL(env, napi_get_named_property(env, self, "_n", &nv));
  NODE_API_CALL(env, napi_get_value_int64(env, iv, &i));
  NODE_API_CALL(env, napi_get_value_int64(env, nv, &n));
  NODE_API_CALL(env, napi_create_object(env, &out));
  NODE_API_CALL(env, napi_set_named_property(env, out, "done", th_bool(env, i >= n)));
  if (i < n) {
    NODE_API_CALL(env, napi_set_named_property(env, out, "value", th_int(env, i)));
    NODE_API_CALL(env, napi_set_named_property(env, self, "_i", th_int(env, i + 1)));
  }
  return out;
}

/* makeIterator(n): {_i: 0, _n: n, next: function} */
static napi_value MakeIterator(napi_env env, napi_callback_info info) {
  napi_value argv[1], it, next;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_create_object(env, &it));
  NODE_API_CALL(env, napi_set_named_property(env, it, "_i", th_int(env, 0)));
  NODE_API_CALL(env, napi_set_named_property(env, it, "_n", argv[0]));
  NODE_API_CALL(env, napi_create_function(env, "next", NAPI_AUTO_LENGTH, IterNext, NULL, &next));
  NODE_API_CALL(env, napi_set_named_property(env, it, "next", next));
  return it;
}

/* attach(target, name): target[name] = returnThis (a dict, Object, instance...). */
static napi_value Attach(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_set_property(env, argv[0], argv[1], return_this_fn(env)));
  return argv[0];
}

/* defineOn(target, name): the same through napi_define_properties (a method). */
static napi_value DefineOn(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  napi_property_descriptor d = {NULL, argv[1], NULL, NULL, NULL, return_this_fn(env),
                                napi_default_method, NULL};
  NODE_API_CALL(env, napi_define_properties(env, argv[0], 1, &d));
  return argv[0];
}

/* isReturnThis(fn): strict-equal to the stored function? */
static napi_value IsReturnThis(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  bool eq = false;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_strict_equals(env, argv[0], return_this_fn(env), &eq));
  return th_bool(env, eq);
}

/* typeOf(v): napi_typeof as a number. */
static napi_value TypeOf(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  napi_valuetype t;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_typeof(env, argv[0], &t));
  return th_int(env, t);
}

/* callWith(fn, recv): napi_call_function(recv, fn). */
static napi_value CallWith(napi_env env, napi_callback_info info) {
  napi_value argv[2], r;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_call_function(env, argv[1], argv[0], 0, NULL, &r));
  return r;
}

/* funcWithProps(): a function with a function-valued property `inner` (returnThis). */
static napi_value FuncWithProps(napi_env env, napi_callback_info info) {
  napi_value fn;
  NODE_API_CALL(env, napi_create_function(env, "outer", NAPI_AUTO_LENGTH, ReturnThis, NULL, &fn));
  NODE_API_CALL(env, napi_set_named_property(env, fn, "inner", return_this_fn(env)));
  return fn;
}

static napi_value MemberCalls(napi_env env, napi_callback_info info) {
  return th_int(env, g_member_calls);
}

NAPI_MODULE_INIT() {
  napi_value fn, tally, label;
  NODE_API_CALL(env, napi_create_function(env, "returnThis", NAPI_AUTO_LENGTH, ReturnThis, NULL, &fn));
  NODE_API_CALL(env, napi_create_reference(env, fn, 1, &g_return_this));
  NODE_API_CALL(env, napi_set_named_property(env, exports, "returnThis", fn));

  napi_property_descriptor tally_props[] = {
      {"add", NULL, TallyAdd, NULL, NULL, NULL, napi_default_method, NULL},
      {"count", NULL, NULL, TallyGetCount, TallySetCount, NULL, napi_default_jsproperty, NULL},
      {"make", NULL, TallyMake, NULL, NULL, NULL, napi_static, NULL},
  };
  NODE_API_CALL(env, napi_define_class(env, "Tally", NAPI_AUTO_LENGTH, TallyNew, NULL, 3,
                                       tally_props, &tally));
  napi_property_descriptor label_props[] = {
      {"text", NULL, LabelText, NULL, NULL, NULL, napi_default_method, NULL},
      {"size", NULL, NULL, LabelGetSize, NULL, NULL, napi_default_jsproperty, NULL},
  };
  NODE_API_CALL(env, napi_define_class(env, "Label", NAPI_AUTO_LENGTH, LabelNew, NULL, 2,
                                       label_props, &label));
  napi_property_descriptor props[] = {
      {"Tally", NULL, NULL, NULL, NULL, tally, napi_enumerable, NULL},
      {"Label", NULL, NULL, NULL, NULL, label, napi_enumerable, NULL},
      {"makeIterator", NULL, MakeIterator, NULL, NULL, NULL, napi_enumerable, NULL},
      {"attach", NULL, Attach, NULL, NULL, NULL, napi_enumerable, NULL},
      {"defineOn", NULL, DefineOn, NULL, NULL, NULL, napi_enumerable, NULL},
      {"isReturnThis", NULL, IsReturnThis, NULL, NULL, NULL, napi_enumerable, NULL},
      {"typeOf", NULL, TypeOf, NULL, NULL, NULL, napi_enumerable, NULL},
      {"callWith", NULL, CallWith, NULL, NULL, NULL, napi_enumerable, NULL},
      {"funcWithProps", NULL, FuncWithProps, NULL, NULL, NULL, napi_enumerable, NULL},
      {"memberCalls", NULL, MemberCalls, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  NODE_API_CALL(env, napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}
