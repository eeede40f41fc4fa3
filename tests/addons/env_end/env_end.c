/* The end of an env (tests/test_env_end.py), compared with Node 20
 * (tests/addons/env_end/node_driver.js, tests/node_reference/env_end.txt).
 *
 * A ticker: startTicker(unref) makes a threadsafe function (no JS function; call_js
 * counts what reaches it with an env and without) and a native thread that calls it,
 * non-blocking, until a call returns something other than napi_ok (bounded), then
 * records that status and ends. Its finalizer records that it ran, and on which
 * thread, and joins the native thread (the usual pattern). tickerState() gives
 * [finalized, last status, finalizer ran on the creating thread]. When the env of the
 * ticker ends (a Node worker that exits, a per-thread env whose thread ends), its
 * function is finalized and the thread's next call returns napi_closing.
 *
 * The order of an env's end: the addon is built twice (TAG "a" and "b"). Its init
 * registers two cleanup hooks and instance data; keep(n) makes n wrapped objects and
 * n objects with napi_add_finalizer; lateHook() registers one more hook. Each of
 * them prints "<tag> <what>" when it runs, on stdout. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "test_helpers.h"

#ifndef TAG
#define TAG "a"
#endif

static void say(const char* what, int i) {
  if (i >= 0)
    printf("%s %s %d\n", TAG, what, i);
  else
    printf("%s %s\n", TAG, what);
  fflush(stdout);
}

/* ---- the ticker ------------------------------------------------------------ */

typedef struct {
  napi_threadsafe_function tsfn;
  pthread_t thread;
  pid_t creator;
} Ticker;

static atomic_int finalized, last_status = -1, finalized_on_creator = -1;
static atomic_int delivered, discarded;

static pid_t current_tid(void) { return (pid_t)syscall(SYS_gettid); }

static void* tick(void* arg) {
  Ticker* t = (Ticker*)arg;
  /* Bounded (about a minute): a function never closed leaves the status napi_ok. */
  napi_status status = napi_ok;
  for (int i = 0; i < 120000 && status == napi_ok; i++) {
    status = napi_call_threadsafe_function(t->tsfn, NULL, napi_tsfn_nonblocking);
    usleep(500);
  }
  atomic_store(&last_status, (int)status);
  return NULL;
}

static void ticker_call_js(napi_env env, napi_value js_cb, void* context, void* data) {
  if (env != NULL)
    atomic_fetch_add(&delivered, 1);
  else
    atomic_fetch_add(&discarded, 1);
}

static void ticker_finalize(napi_env env, void* data, void* hint) {
  Ticker* t = (Ticker*)data;
  say("tsfn finalized", -1);
  atomic_store(&finalized_on_creator, current_tid() == t->creator);
  pthread_join(t->thread, NULL);
  atomic_fetch_add(&finalized, 1);
  free(t);
}

static napi_value StartTicker(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  bool unref = false;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc > 0) NODE_API_CALL(env, napi_get_value_bool(env, argv[0], &unref));
  Ticker* t = (Ticker*)calloc(1, sizeof *t);
  t->creator = current_tid();
  napi_value name;
  NODE_API_CALL(env, napi_create_string_utf8(env, "ticker", NAPI_AUTO_LENGTH, &name));
  NODE_API_CALL(env, napi_create_threadsafe_function(env, NULL, NULL, name, 0, 1, t,
                                                     ticker_finalize, NULL, ticker_call_js,
                                                     &t->tsfn));
  if (unref) NODE_API_CALL(env, napi_unref_threadsafe_function(env, t->tsfn));
  pthread_create(&t->thread, NULL, tick, t);
  return NULL;
}

static napi_value TickerState(napi_env env, napi_callback_info info) {
  napi_value result, v;
  int values[3] = {atomic_load(&finalized), atomic_load(&last_status),
                   atomic_load(&finalized_on_creator)};
  NODE_API_CALL(env, napi_create_array_with_length(env, 3, &result));
  for (uint32_t i = 0; i < 3; i++) {
    NODE_API_CALL(env, napi_create_int32(env, values[i], &v));
    NODE_API_CALL(env, napi_set_element(env, result, i, v));
  }
  return result;
}

/* ---- the order of an env's end ------------------------------------------- */

static void hook(void* arg) { say("hook", (int)(intptr_t)arg); }

static void instance_finalize(napi_env env, void* data, void* hint) { say("instance", -1); }

static void wrap_finalize(napi_env env, void* data, void* hint) { say("wrap", (int)(intptr_t)data); }

static void added_finalize(napi_env env, void* data, void* hint) {
  say("finalizer", (int)(intptr_t)data);
}

static napi_value Keep(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result;
  int32_t n = 0;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &n));
  NODE_API_CALL(env, napi_create_array(env, &result));
  uint32_t k = 0;
  for (int32_t i = 0; i < n; i++) {
    napi_value o;
    NODE_API_CALL(env, napi_create_object(env, &o));
    NODE_API_CALL(env, napi_wrap(env, o, (void*)(intptr_t)i, wrap_finalize, NULL, NULL));
    NODE_API_CALL(env, napi_set_element(env, result, k++, o));
    NODE_API_CALL(env, napi_create_object(env, &o));
    NODE_API_CALL(env, napi_add_finalizer(env, o, (void*)(intptr_t)i, added_finalize, NULL, NULL));
    NODE_API_CALL(env, napi_set_element(env, result, k++, o));
  }
  return result;
}

static napi_value LateHook(napi_env env, napi_callback_info info) {
  NODE_API_CALL(env, napi_add_env_cleanup_hook(env, hook, (void*)(intptr_t)3));
  return NULL;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  static int dummy;
  napi_add_env_cleanup_hook(env, hook, (void*)(intptr_t)1);
  napi_add_env_cleanup_hook(env, hook, (void*)(intptr_t)2);
  napi_set_instance_data(env, &dummy, instance_finalize, NULL);
  napi_property_descriptor props[] = {
      {"startTicker", NULL, StartTicker, NULL, NULL, NULL, napi_default, NULL},
      {"tickerState", NULL, TickerState, NULL, NULL, NULL, napi_default, NULL},
      {"keep", NULL, Keep, NULL, NULL, NULL, napi_default, NULL},
      {"lateHook", NULL, LateHook, NULL, NULL, NULL, napi_default, NULL},
  };
  NODE_API_CALL(env, napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}
