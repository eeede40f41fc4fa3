/* Test addon for classes and native data on objects: napi_define_class (a
 * Counter with a wrapped C struct, methods, an accessor, static members),
 * napi_wrap / napi_unwrap / napi_remove_wrap and wrap finalizers, type tags,
 * externals and napi_add_finalizer. */
#include <stdlib.h>
#include "test_helpers.h"

typedef struct {
  int64_t value;
} Counter;

static int g_counter_finalized = 0;
static int g_plain_finalized = 0;
static int g_external_finalized = 0;
static int g_added_finalized = 0;
static napi_ref g_counter_ctor = NULL;

static void CounterFinalize(napi_env env, void* data, void* hint) {
  free(data);
  g_counter_finalized++;
}

static bool get_counter(napi_env env, napi_callback_info info, size_t* argc,
                        napi_value* argv, napi_value* self, Counter** out) {
  napi_value this_arg;
  if (napi_get_cb_info(env, info, argc, argv, &this_arg, NULL) != napi_ok ||
      napi_unwrap(env, this_arg, (void**)out) != napi_ok) {
    th_throw_last_error(env, "unwrapping a Counter");
    return false;
  }
  if (self != NULL) *self = this_arg;
  return true;
}

/* new Counter(initial = 0, name = "counter") */
static napi_value CounterNew(napi_env env, napi_callback_info info) {
  napi_value argv[2], self, target, ctor;
  size_t argc = 2;
  napi_valuetype t;
  bool is_counter = false;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  NODE_API_CALL(env, napi_get_new_target(env, info, &target));
  NODE_API_ASSERT(env, target != NULL, "Counter must be called as a constructor");
  Counter* c = calloc(1, sizeof *c);
  NODE_API_CALL(env, napi_typeof(env, argv[0], &t));
  if (t == napi_number) NODE_API_CALL(env, napi_get_value_int64(env, argv[0], &c->value));
  if (napi_wrap(env, self, c, CounterFinalize, NULL, NULL) != napi_ok) {
    free(c);
    th_throw_last_error(env, "napi_wrap");
    return NULL;
  }
  NODE_API_CALL(env, napi_typeof(env, argv[1], &t));
  NODE_API_CALL(env, napi_set_named_property(
      env, self, "name", t == napi_string ? argv[1] : th_str(env, "counter")));
  NODE_API_CALL(env, napi_get_reference_value(env, g_counter_ctor, &ctor));
  NODE_API_CALL(env, napi_strict_equals(env, target, ctor, &is_counter));
  NODE_API_CALL(env, napi_set_named_property(env, self, "newTarget", target));
  NODE_API_CALL(env, napi_set_named_property(env, self, "targetIsCounter",
                                             th_bool(env, is_counter)));
  return self;
}

static napi_value CounterIncrement(napi_env env, napi_callback_info info) {
  Counter* c;
  if (!get_counter(env, info, NULL, NULL, NULL, &c)) return NULL;
  c->value++;
  return th_int(env, c->value);
}

/* incrementTwice(): calls this.increment() twice through the object (so a
 * Python override is the one called) and returns the second result. */
static napi_value CounterIncrementTwice(napi_env env, napi_callback_info info) {
  napi_value self, fn, r = NULL;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  NODE_API_CALL(env, napi_get_named_property(env, self, "increment", &fn));
  for (int i = 0; i < 2; i++)
    NODE_API_CALL(env, napi_call_function(env, self, fn, 0, NULL, &r));
  return r;
}

static napi_value CounterGetValue(napi_env env, napi_callback_info info) {
  Counter* c;
  if (!get_counter(env, info, NULL, NULL, NULL, &c)) return NULL;
  return th_int(env, c->value);
}

static napi_value CounterSetValue(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  size_t argc = 1;
  Counter* c;
  if (!get_counter(env, info, &argc, argv, NULL, &c)) return NULL;
  NODE_API_CALL(env, napi_get_value_int64(env, argv[0], &c->value));
  return NULL;
}

/* static Counter.create(n) -> new Counter(n) */
static napi_value CounterCreate(napi_env env, napi_callback_info info) {
  napi_value argv[1], ctor, inst;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_reference_value(env, g_counter_ctor, &ctor));
  NODE_API_CALL(env, napi_new_instance(env, ctor, 1, argv, &inst));
  return inst;
}

/* ---- wrap on arbitrary objects -------------------------------------------- */

static void PlainFinalize(napi_env env, void* data, void* hint) {
  free(data);
  g_plain_finalized++;
}

static napi_value MakeObject(napi_env env, napi_callback_info info) {
  napi_value o;
  NODE_API_CALL(env, napi_create_object(env, &o));
  return o;
}

/* wrapPlain(obj, n) -> status of napi_wrap(obj, new int64(n)) */
static napi_value WrapPlain(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  int64_t* p = malloc(sizeof *p);
  *p = 0;
  napi_get_value_int64(env, argv[1], p);
  napi_status s = napi_wrap(env, argv[0], p, PlainFinalize, NULL, NULL);
  if (s != napi_ok) free(p);
  return th_status(env, s);
}

/* unwrapPlain(obj) -> the int64 (throws when not wrapped) */
static napi_value UnwrapPlain(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int64_t* p;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_unwrap(env, argv[0], (void**)&p));
  return th_int(env, *p);
}

static napi_value UnwrapStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  void* p = NULL;
  th_args(env, info, 1, argv);
  return th_status(env, napi_unwrap(env, argv[0], &p));
}

/* removeWrap(obj) -> the int64 (the finalizer will not run; freed here) */
static napi_value RemoveWrap(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int64_t* p = NULL;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_remove_wrap(env, argv[0], (void**)&p));
  NODE_API_ASSERT(env, p != NULL, "napi_remove_wrap gave NULL");
  int64_t v = *p;
  free(p);
  return th_int(env, v);
}

static napi_value RemoveWrapStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  void* p = NULL;
  th_args(env, info, 1, argv);
  return th_status(env, napi_remove_wrap(env, argv[0], &p));
}

/* wrapCounterStatus(counter): a second napi_wrap on a Counter instance */
static napi_value WrapAgainStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  static int64_t dummy = 0;
  th_args(env, info, 1, argv);
  return th_status(env, napi_wrap(env, argv[0], &dummy, NULL, NULL, NULL));
}

/* ---- type tags --------------------------------------------------------------- */

static const napi_type_tag kTags[2] = {
  {0x1edf75a38336451dULL, 0xa5ed9ce2e4c00c38ULL},
  {0x9c73317f9fad44a3ULL, 0x93c3920bf3b0ad6aULL},
};

static napi_value TypeTag(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int32_t which;
  bool pending = false;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &which));
  napi_status s = napi_type_tag_object(env, argv[0], &kTags[which & 1]);
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value e;
    napi_get_and_clear_last_exception(env, &e);
  }
  return th_status(env, s);
}

static napi_value CheckTag(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int32_t which;
  bool r;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &which));
  NODE_API_CALL(env, napi_check_object_type_tag(env, argv[0], &kTags[which & 1], &r));
  return th_bool(env, r);
}

/* ---- externals ------------------------------------------------------------ */

static void ExternalFinalize(napi_env env, void* data, void* hint) {
  free(data);
  g_external_finalized++;
}

static napi_value CreateExternal(napi_env env, napi_callback_info info) {
  napi_value argv[1], ext;
  th_args(env, info, 1, argv);
  int64_t* p = malloc(sizeof *p);
  if (napi_get_value_int64(env, argv[0], p) != napi_ok) {
    free(p);
    th_throw_last_error(env, "napi_get_value_int64");
    return NULL;
  }
  if (napi_create_external(env, p, ExternalFinalize, NULL, &ext) != napi_ok) {
    free(p);
    th_throw_last_error(env, "napi_create_external");
    return NULL;
  }
  return ext;
}

static napi_value GetExternal(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int64_t* p;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_get_value_external(env, argv[0], (void**)&p));
  return th_int(env, *p);
}

static napi_value GetExternalStatus(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  void* p;
  th_args(env, info, 1, argv);
  return th_status(env, napi_get_value_external(env, argv[0], &p));
}

static napi_value TypeOf(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  napi_valuetype t;
  th_args(env, info, 1, argv);
  NODE_API_CALL(env, napi_typeof(env, argv[0], &t));
  return th_int(env, t);
}

static napi_value Identity(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  return argv[0];
}

/* ---- napi_add_finalizer ------------------------------------------------------ */

static void AddedFinalize(napi_env env, void* data, void* hint) {
  g_added_finalized += (int)(intptr_t)data;
}

/* addFinalizer(obj, weight) -> status; the finalizer adds weight to a counter */
static napi_value AddFinalizer(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int32_t w;
  th_args(env, info, 2, argv);
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &w));
  return th_status(env, napi_add_finalizer(env, argv[0], (void*)(intptr_t)w, AddedFinalize,
                                           NULL, NULL));
}

static napi_value Counts(napi_env env, napi_callback_info info) {
  napi_value o;
  NODE_API_CALL(env, napi_create_object(env, &o));
  NODE_API_CALL(env, napi_set_named_property(env, o, "counter", th_int(env, g_counter_finalized)));
  NODE_API_CALL(env, napi_set_named_property(env, o, "plain", th_int(env, g_plain_finalized)));
  NODE_API_CALL(env, napi_set_named_property(env, o, "external",
                                             th_int(env, g_external_finalized)));
  NODE_API_CALL(env, napi_set_named_property(env, o, "added", th_int(env, g_added_finalized)));
  return o;
}

static napi_value Noop(napi_env env, napi_callback_info info) {
  return th_undefined(env);
}

static napi_value DefineClassStatuses(napi_env env, napi_callback_info info) {
  napi_value out, cls;
  NODE_API_CALL(env, napi_create_array(env, &out));
  NODE_API_CALL(env, napi_set_element(env, out, 0, th_status(env,
      napi_define_class(env, "X", NAPI_AUTO_LENGTH, NULL, NULL, 0, NULL, &cls))));
  NODE_API_CALL(env, napi_set_element(env, out, 1, th_status(env,
      napi_define_class(env, "X", NAPI_AUTO_LENGTH, CounterNew, NULL, 0, NULL, NULL))));
  NODE_API_CALL(env, napi_set_element(env, out, 2, th_status(env,
      napi_define_class(env, "X", NAPI_AUTO_LENGTH, CounterNew, NULL, 1, NULL, &cls))));
  return out;
}

/* Range(n, failAt = -1, returnMode = 0): a JS iterable. Its prototype's
 * [Symbol.iterator]() returns `this`; next() gives {value: i, done: false} for
 * i = 0 .. n-1, then {done: true} (value undefined), and throws RangeError when i
 * reaches failAt. return() counts its calls in this.returned (set at the first) and
 * then, by returnMode: 0 gives {done: true}, 1 throws Error "return() failed", 2
 * gives undefined (not an object). NotIterable(): a class whose [Symbol.iterator] is
 * the number 1. */
static napi_value RangeNew(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3], self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  NODE_API_CALL(env, napi_set_named_property(env, self, "n", argv[0]));
  NODE_API_CALL(env, napi_set_named_property(env, self, "failAt", argc > 1 ? argv[1] : th_int(env, -1)));
  NODE_API_CALL(env, napi_set_named_property(env, self, "returnMode", argc > 2 ? argv[2] : th_int(env, 0)));
  NODE_API_CALL(env, napi_set_named_property(env, self, "i", th_int(env, 0)));
  return self;
}

static napi_value RangeIterator(napi_env env, napi_callback_info info) {
  napi_value self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  return self;
}

static int32_t named_int(napi_env env, napi_value obj, const char* name) {
  napi_value v;
  int32_t r = 0;
  napi_get_named_property(env, obj, name, &v);
  napi_get_value_int32(env, v, &r);
  return r;
}

static napi_value RangeNext(napi_env env, napi_callback_info info) {
  napi_value self, result, t;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  int32_t i = named_int(env, self, "i"), n = named_int(env, self, "n");
  if (i == named_int(env, self, "failAt")) {
    napi_throw_range_error(env, NULL, "next() failed");
    return NULL;
  }
  NODE_API_CALL(env, napi_create_object(env, &result));
  NODE_API_CALL(env, napi_get_boolean(env, i >= n, &t));
  NODE_API_CALL(env, napi_set_named_property(env, result, "done", t));
  if (i < n) {
    NODE_API_CALL(env, napi_set_named_property(env, result, "value", th_int(env, i)));
    NODE_API_CALL(env, napi_set_named_property(env, self, "i", th_int(env, i + 1)));
  }
  return result;
}

static napi_value RangeReturn(napi_env env, napi_callback_info info) {
  napi_value self, result, t, undefined;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  NODE_API_CALL(env, napi_set_named_property(env, self, "returned",
                                             th_int(env, named_int(env, self, "returned") + 1)));
  int32_t mode = named_int(env, self, "returnMode");
  if (mode == 1) {
    napi_throw_error(env, NULL, "return() failed");
    return NULL;
  }
  NODE_API_CALL(env, napi_get_undefined(env, &undefined));
  if (mode == 2) return undefined;
  NODE_API_CALL(env, napi_create_object(env, &result));
  NODE_API_CALL(env, napi_get_boolean(env, true, &t));
  NODE_API_CALL(env, napi_set_named_property(env, result, "done", t));
  return result;
}

static napi_value NotIterableNew(napi_env env, napi_callback_info info) {
  napi_value self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  return self;
}

static napi_value define_iterables(napi_env env, napi_value exports) {
  napi_value global, symbol, iterator, range, not_iterable;
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_get_named_property(env, global, "Symbol", &symbol));
  NODE_API_CALL(env, napi_get_named_property(env, symbol, "iterator", &iterator));
  napi_property_descriptor range_members[] = {
    {NULL, iterator, RangeIterator, NULL, NULL, NULL, napi_default_method, NULL},
    {"next", NULL, RangeNext, NULL, NULL, NULL, napi_default_method, NULL},
    {"return", NULL, RangeReturn, NULL, NULL, NULL, napi_default_method, NULL},
  };
  NODE_API_CALL(env, napi_define_class(env, "Range", NAPI_AUTO_LENGTH, RangeNew, NULL, 3,
                                       range_members, &range));
  NODE_API_CALL(env, napi_set_named_property(env, exports, "Range", range));
  napi_property_descriptor not_members[] = {
    {NULL, iterator, NULL, NULL, NULL, th_int(env, 1), napi_default, NULL},
  };
  NODE_API_CALL(env, napi_define_class(env, "NotIterable", NAPI_AUTO_LENGTH, NotIterableNew,
                                       NULL, 1, not_members, &not_iterable));
  NODE_API_CALL(env, napi_set_named_property(env, exports, "NotIterable", not_iterable));
  return exports;
}

/* defineOwn(obj): napi_define_properties on obj itself (as better-sqlite3's Database
 * constructor does on `this`): an enumerable getter `open` (true), a getter/setter
 * `level` over a C int, and a non-enumerable value `hidden` (7). */
static int g_level = 1;

static napi_value OwnOpen(napi_env env, napi_callback_info info) {
  return th_bool(env, true);
}

static napi_value OwnGetLevel(napi_env env, napi_callback_info info) {
  return th_int(env, g_level);
}

static napi_value OwnSetLevel(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  size_t argc = 1;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &g_level));
  return NULL;
}

/* Counter.limit: a static accessor. Its setter records the value only when `this`
 * is the class (as `Counter.limit = v` gives in JS), -1 otherwise. */
static int g_limit = 10;

static napi_value StaticGetLimit(napi_env env, napi_callback_info info) {
  return th_int(env, g_limit);
}

static napi_value StaticSetLimit(napi_env env, napi_callback_info info) {
  napi_value argv[1], self, ctor;
  size_t argc = 1;
  bool same = false;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  NODE_API_CALL(env, napi_get_reference_value(env, g_counter_ctor, &ctor));
  NODE_API_CALL(env, napi_strict_equals(env, self, ctor, &same));
  if (!same) {
    g_limit = -1;
    return NULL;
  }
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &g_limit));
  return NULL;
}

static napi_value DefineOwn(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  size_t argc = 1;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  napi_property_descriptor own[] = {
    {"open", NULL, NULL, OwnOpen, NULL, NULL, napi_enumerable, NULL},
    {"level", NULL, NULL, OwnGetLevel, OwnSetLevel, NULL, napi_enumerable, NULL},
    {"hidden", NULL, NULL, NULL, NULL, th_int(env, 7), napi_default, NULL},
  };
  NODE_API_CALL(env, napi_define_properties(env, argv[0], 3, own));
  return argv[0];
}

NAPI_MODULE_INIT() {
  napi_value counter;
  napi_property_descriptor members[] = {
    {"increment", NULL, CounterIncrement, NULL, NULL, NULL, napi_default_method, NULL},
    {"incrementTwice", NULL, CounterIncrementTwice, NULL, NULL, NULL, napi_default_method, NULL},
    {"value", NULL, NULL, CounterGetValue, CounterSetValue, NULL, napi_default, NULL},
    {"create", NULL, CounterCreate, NULL, NULL, NULL, napi_static, NULL},
    {"VERSION", NULL, NULL, NULL, NULL, th_int(env, 3), napi_static | napi_enumerable, NULL},
    {"limit", NULL, NULL, StaticGetLimit, StaticSetLimit, NULL, napi_static, NULL},
    {"kind", NULL, NULL, StaticGetLimit, NULL, NULL, napi_static, NULL},
    {"mode", NULL, NULL, NULL, NULL, th_int(env, 1), napi_static | napi_writable, NULL},
  };
  NODE_API_CALL(env, napi_define_class(env, "Counter", NAPI_AUTO_LENGTH, CounterNew, NULL,
                                       sizeof members / sizeof members[0], members, &counter));
  NODE_API_CALL(env, napi_create_reference(env, counter, 1, &g_counter_ctor));
  NODE_API_CALL(env, napi_set_named_property(env, exports, "Counter", counter));

  napi_property_descriptor props[] = {
    TH_METHOD("makeObject", MakeObject),
    TH_METHOD("wrapPlain", WrapPlain),
    TH_METHOD("unwrapPlain", UnwrapPlain),
    TH_METHOD("unwrapStatus", UnwrapStatus),
    TH_METHOD("removeWrap", RemoveWrap),
    TH_METHOD("removeWrapStatus", RemoveWrapStatus),
    TH_METHOD("wrapAgainStatus", WrapAgainStatus),
    TH_METHOD("typeTag", TypeTag),
    TH_METHOD("checkTag", CheckTag),
    TH_METHOD("createExternal", CreateExternal),
    TH_METHOD("getExternal", GetExternal),
    TH_METHOD("getExternalStatus", GetExternalStatus),
    TH_METHOD("typeOf", TypeOf),
    TH_METHOD("identity", Identity),
    TH_METHOD("addFinalizer", AddFinalizer),
    TH_METHOD("counts", Counts),
    TH_METHOD("noop", Noop),
    TH_METHOD("defineClassStatuses", DefineClassStatuses),
    TH_METHOD("defineOwn", DefineOwn),
  };
  TH_EXPORT_TABLE(env, exports, props);
  return define_iterables(env, exports);
}
