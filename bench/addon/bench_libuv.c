/* The libuv rows of the benchmark (bench/README.md): an addon that calls libuv's
 * uv_queue_work directly, as sodium-native does. A separate addon from bench_addon.c
 * on purpose: loading an addon that uses libuv makes napi-python bring up its libuv
 * loop, which every other row would then pay for.
 *
 * uv_work_run(n, inflight) -> Promise<number of round trips>: keeps `inflight`
 * uv_queue_work requests queued on napi_get_uv_event_loop's loop; each request's
 * work callback runs on a pool thread (it adds one to a counter of the request),
 * its after-work callback on the loop thread queues the request again until n have
 * completed, then the promise resolves with the number completed. One round trip is
 * loop thread -> pool thread -> loop thread.
 *
 * node-api-headers ship no uv.h: the few libuv functions used are declared here,
 * and the requests are allocated with uv_req_size; only their first field, the
 * public `void* data` of every libuv 1.x request, is used. */
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct uv_loop_s uv_loop_t;
typedef struct uv_work_s uv_work_t;
enum { UV_WORK = 7 };  /* uv_req_type in libuv 1.x */
size_t uv_req_size(int type);
int uv_queue_work(uv_loop_t* loop, uv_work_t* req, void (*work_cb)(uv_work_t*),
                  void (*after_work_cb)(uv_work_t*, int));
#define REQ_DATA(r) (*(void**)(r))

#define CHECK(env, call)                                              \
  do {                                                                \
    if ((call) != napi_ok) {                                          \
      napi_throw_error((env), NULL, "bench_libuv: " #call " failed"); \
      return NULL;                                                    \
    }                                                                 \
  } while (0)

typedef struct {
  napi_env env;
  napi_deferred deferred;
  uv_loop_t* loop;
  uint32_t n, queued, done, live, failed;
} Run;

typedef struct {
  Run* run;
  volatile uint32_t work_calls;
} Slot;

static void work_cb(uv_work_t* req) {
  Slot* s = REQ_DATA(req);
  s->work_calls++;
}

static void settle(Run* r) {
  napi_handle_scope scope;
  napi_value v;
  napi_open_handle_scope(r->env, &scope);
  if (r->failed) {
    napi_value msg;
    napi_create_string_utf8(r->env, "uv_work_run: a request failed", NAPI_AUTO_LENGTH, &msg);
    napi_create_error(r->env, NULL, msg, &v);
    napi_reject_deferred(r->env, r->deferred, v);
  } else {
    napi_create_uint32(r->env, r->done, &v);
    napi_resolve_deferred(r->env, r->deferred, v);
  }
  napi_close_handle_scope(r->env, scope);
  free(r);
}

static void after_work_cb(uv_work_t* req, int status) {
  Slot* s = REQ_DATA(req);
  Run* r = s->run;
  if (status != 0) r->failed++;
  else r->done++;
  if (!r->failed && r->queued < r->n &&
      uv_queue_work(r->loop, req, work_cb, after_work_cb) == 0) {
    r->queued++;
    return;
  }
  free(s);
  free(req);
  if (--r->live == 0) settle(r);
}

static napi_value uv_work_run(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], promise;
  uint32_t n, inflight, i;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(env, napi_get_value_uint32(env, argv[0], &n));
  CHECK(env, napi_get_value_uint32(env, argv[1], &inflight));
  if (inflight == 0 || inflight > n) inflight = n;
  Run* r = calloc(1, sizeof *r);
  if (r == NULL) {
    napi_throw_error(env, NULL, "bench_libuv: out of memory");
    return NULL;
  }
  r->env = env;
  r->n = n;
  if (napi_get_uv_event_loop(env, &r->loop) != napi_ok ||
      napi_create_promise(env, &r->deferred, &promise) != napi_ok) {
    free(r);
    CHECK(env, napi_generic_failure);
  }
  if (n == 0) {
    settle(r);
    return promise;
  }
  for (i = 0; i < inflight; i++) {
    uv_work_t* req = malloc(uv_req_size(UV_WORK));
    Slot* s = calloc(1, sizeof *s);
    if (req == NULL || s == NULL) {
      free(req);
      free(s);
      r->failed++;
      break;
    }
    s->run = r;
    REQ_DATA(req) = s;
    if (uv_queue_work(r->loop, req, work_cb, after_work_cb) != 0) {
      free(req);
      free(s);
      r->failed++;
      break;
    }
    r->queued++;
    r->live++;
  }
  if (r->live == 0) settle(r);  /* nothing queued: reject now */
  return promise;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor fn = {"uv_work_run", NULL, uv_work_run, NULL, NULL, NULL,
                                 napi_enumerable, NULL};
  CHECK(env, napi_define_properties(env, exports, 1, &fn));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
