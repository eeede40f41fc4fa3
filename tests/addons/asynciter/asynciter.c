/* A JS async iterable class: Ticker(n, how = 0, failAt = -1, returnHow = 0).
 *
 * Its prototype's [Symbol.asyncIterator]() returns `this`. next() gives the step
 * {value: i, done: false} for i = 0 .. n-1, then {done: true}, by `how`:
 *   0: a promise resolved before next() returns,
 *   1: a promise settled later, from an async work's complete callback,
 *   2: the step object itself (no promise),
 *   3: a promise resolved with the number 5 (not an object).
 * At i == failAt the promise is rejected with RangeError "next() failed" (how 2:
 * thrown). i moves on when next() is called, so calls made before the previous
 * promise settled get the following steps, as an async generator queues them.
 * return() counts its calls in this.returned (set at the first) and, by returnHow:
 *   0: a promise resolved with {done: true},  1: a promise rejected with Error
 *   "return() failed",  2: {done: true} itself,  3: throws Error "return() threw",
 *   4: a promise resolved with undefined (not an object). */
#include "test_helpers.h"

#include <stdlib.h>

static int32_t named_int(napi_env env, napi_value obj, const char* name) {
  napi_value v;
  int32_t r = 0;
  napi_get_named_property(env, obj, name, &v);
  napi_get_value_int32(env, v, &r);
  return r;
}

static napi_value step(napi_env env, int32_t i, int32_t n) {
  napi_value result, t;
  NODE_API_CALL(env, napi_create_object(env, &result));
  NODE_API_CALL(env, napi_get_boolean(env, i >= n, &t));
  NODE_API_CALL(env, napi_set_named_property(env, result, "done", t));
  if (i < n) NODE_API_CALL(env, napi_set_named_property(env, result, "value", th_int(env, i)));
  return result;
}

static napi_value next_error(napi_env env) {
  napi_value msg, err;
  NODE_API_CALL(env, napi_create_string_utf8(env, "next() failed", NAPI_AUTO_LENGTH, &msg));
  NODE_API_CALL(env, napi_create_range_error(env, NULL, msg, &err));
  return err;
}

static napi_value TickerNew(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  const char* names[] = {"n", "how", "failAt", "returnHow"};
  int32_t defaults[] = {0, 0, -1, 0};
  for (size_t k = 0; k < 4; k++)
    NODE_API_CALL(env, napi_set_named_property(env, self, names[k],
                                               argc > k ? argv[k] : th_int(env, defaults[k])));
  NODE_API_CALL(env, napi_set_named_property(env, self, "i", th_int(env, 0)));
  return self;
}

static napi_value TickerIterator(napi_env env, napi_callback_info info) {
  napi_value self;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  return self;
}

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  int32_t i, n;
  bool fail;
} Later;

static void later_execute(napi_env env, void* data) {}

static void later_complete(napi_env env, napi_status status, void* data) {
  Later* l = (Later*)data;
  if (l->fail) napi_reject_deferred(env, l->deferred, next_error(env));
  else napi_resolve_deferred(env, l->deferred, step(env, l->i, l->n));
  napi_delete_async_work(env, l->work);
  free(l);
}

static napi_value TickerNext(napi_env env, napi_callback_info info) {
  napi_value self, promise;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  int32_t i = named_int(env, self, "i"), n = named_int(env, self, "n");
  int32_t how = named_int(env, self, "how");
  bool fail = i == named_int(env, self, "failAt");
  if (i < n) NODE_API_CALL(env, napi_set_named_property(env, self, "i", th_int(env, i + 1)));
  if (how == 2) {
    if (fail) {
      napi_throw(env, next_error(env));
      return NULL;
    }
    return step(env, i, n);
  }
  napi_deferred deferred;
  NODE_API_CALL(env, napi_create_promise(env, &deferred, &promise));
  if (how == 1) {
    Later* l = (Later*)calloc(1, sizeof *l);
    napi_value name;
    l->deferred = deferred;
    l->i = i;
    l->n = n;
    l->fail = fail;
    NODE_API_CALL(env, napi_create_string_utf8(env, "Ticker.next", NAPI_AUTO_LENGTH, &name));
    NODE_API_CALL(env, napi_create_async_work(env, NULL, name, later_execute, later_complete,
                                              l, &l->work));
    NODE_API_CALL(env, napi_queue_async_work(env, l->work));
  } else if (fail) {
    NODE_API_CALL(env, napi_reject_deferred(env, deferred, next_error(env)));
  } else {
    NODE_API_CALL(env, napi_resolve_deferred(env, deferred, how == 3 ? th_int(env, 5) : step(env, i, n)));
  }
  return promise;
}

static napi_value TickerReturn(napi_env env, napi_callback_info info) {
  napi_value self, promise, msg, err, undefined;
  NODE_API_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  NODE_API_CALL(env, napi_set_named_property(env, self, "returned",
                                             th_int(env, named_int(env, self, "returned") + 1)));
  int32_t how = named_int(env, self, "returnHow");
  if (how == 2) return step(env, 1, 0);
  if (how == 3) {
    napi_throw_error(env, NULL, "return() threw");
    return NULL;
  }
  napi_deferred deferred;
  NODE_API_CALL(env, napi_create_promise(env, &deferred, &promise));
  if (how == 1) {
    NODE_API_CALL(env, napi_create_string_utf8(env, "return() failed", NAPI_AUTO_LENGTH, &msg));
    NODE_API_CALL(env, napi_create_error(env, NULL, msg, &err));
    NODE_API_CALL(env, napi_reject_deferred(env, deferred, err));
  } else if (how == 4) {
    NODE_API_CALL(env, napi_get_undefined(env, &undefined));
    NODE_API_CALL(env, napi_resolve_deferred(env, deferred, undefined));
  } else {
    NODE_API_CALL(env, napi_resolve_deferred(env, deferred, step(env, 1, 0)));
  }
  return promise;
}

NAPI_MODULE_INIT() {
  napi_value global, symbol, async_iterator, ticker;
  NODE_API_CALL(env, napi_get_global(env, &global));
  NODE_API_CALL(env, napi_get_named_property(env, global, "Symbol", &symbol));
  NODE_API_CALL(env, napi_get_named_property(env, symbol, "asyncIterator", &async_iterator));
  napi_property_descriptor members[] = {
    {NULL, async_iterator, TickerIterator, NULL, NULL, NULL, napi_default_method, NULL},
    {"next", NULL, TickerNext, NULL, NULL, NULL, napi_default_method, NULL},
    {"return", NULL, TickerReturn, NULL, NULL, NULL, napi_default_method, NULL},
  };
  NODE_API_CALL(env, napi_define_class(env, "Ticker", NAPI_AUTO_LENGTH, TickerNew, NULL,
                                       sizeof members / sizeof members[0], members, &ticker));
  NODE_API_CALL(env, napi_set_named_property(env, exports, "Ticker", ticker));
  return exports;
}
