/* An addon that calls libuv directly besides Node-API, as sodium-native (uv_queue_work),
 * udx-native (timers, async) and @serialport/bindings-cpp (uv_poll) do.
 *
 * node-api-headers ship no uv.h, so the few libuv functions used here are declared
 * below. The handles and requests are allocated with uv_handle_size / uv_req_size;
 * of their layout only the first field is used, `void* data`, public in every
 * libuv 1.x handle and request (the uv_*_get_data / set_data helpers are not among
 * the functions uvloop's libuv exports). The type numbers are libuv 1.x's. */
#define _GNU_SOURCE
#include "test_helpers.h"

#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct uv_loop_s uv_loop_t;
typedef struct uv_handle_s uv_handle_t;
typedef struct uv_timer_s uv_timer_t;
typedef struct uv_async_s uv_async_t;
typedef struct uv_poll_s uv_poll_t;
typedef struct uv_req_s uv_req_t;
typedef struct uv_work_s uv_work_t;
typedef struct uv_udp_s uv_udp_t;
typedef struct uv_udp_send_s uv_udp_send_t;
/* uv_buf_t on Unix: its layout is libuv's public ABI (struct iovec's). */
typedef struct { char* base; size_t len; } uv_buf_t;

enum { UV_ASYNC = 1, UV_POLL = 8, UV_TIMER = 13, UV_UDP = 15 };  /* uv_handle_type */
enum { UV_UDP_SEND = 5, UV_WORK = 7 };                            /* uv_req_type */
enum { UV_READABLE = 1 };

uv_loop_t* uv_default_loop(void);
size_t uv_handle_size(int type);
size_t uv_req_size(int type);
/* The `data` field every handle and request starts with. */
#define uv_handle_get_data(h) (*(void* const*)(h))
#define uv_handle_set_data(h, d) (*(void**)(h) = (d))
#define uv_req_get_data(r) (*(void* const*)(r))
#define uv_req_set_data(r, d) (*(void**)(r) = (d))
void uv_close(uv_handle_t* handle, void (*cb)(uv_handle_t*));
void uv_unref(uv_handle_t* handle);
int uv_timer_init(uv_loop_t* loop, uv_timer_t* handle);
int uv_timer_start(uv_timer_t* handle, void (*cb)(uv_timer_t*), uint64_t timeout,
                   uint64_t repeat);
int uv_timer_stop(uv_timer_t* handle);
int uv_async_init(uv_loop_t* loop, uv_async_t* handle, void (*cb)(uv_async_t*));
int uv_async_send(uv_async_t* handle);
int uv_poll_init(uv_loop_t* loop, uv_poll_t* handle, int fd);
int uv_poll_start(uv_poll_t* handle, int events, void (*cb)(uv_poll_t*, int, int));
int uv_poll_stop(uv_poll_t* handle);
int uv_ip4_addr(const char* ip, int port, struct sockaddr_in* addr);
int uv_udp_init(uv_loop_t* loop, uv_udp_t* handle);
int uv_udp_bind(uv_udp_t* handle, const struct sockaddr* addr, unsigned int flags);
int uv_udp_getsockname(const uv_udp_t* handle, struct sockaddr* name, int* namelen);
int uv_udp_recv_start(uv_udp_t* handle,
                      void (*alloc_cb)(uv_handle_t*, size_t, uv_buf_t*),
                      void (*recv_cb)(uv_udp_t*, ssize_t, const uv_buf_t*,
                                      const struct sockaddr*, unsigned));
int uv_udp_send(uv_udp_send_t* req, uv_udp_t* handle, const uv_buf_t bufs[],
                unsigned int nbufs, const struct sockaddr* addr,
                void (*send_cb)(uv_udp_send_t*, int));
int uv_queue_work(uv_loop_t* loop, uv_work_t* req, void (*work_cb)(uv_work_t*),
                  void (*after_work_cb)(uv_work_t*, int));

#define UV_CALL(env, call)                                   \
  do {                                                       \
    int r_ = (call);                                         \
    if (r_ != 0) {                                           \
      char buf_[128];                                        \
      snprintf(buf_, sizeof buf_, "%s failed: %d", #call, r_); \
      napi_throw_error((env), NULL, buf_);                   \
      return NULL;                                           \
    }                                                        \
  } while (0)

static uv_loop_t* loop_of(napi_env env) {
  uv_loop_t* loop = NULL;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok) return NULL;
  return loop;
}

/* Calls the referenced function with one argument, in a handle scope of its own,
 * as an addon's libuv callback does in Node. */
static void call_back(napi_env env, napi_ref ref, napi_value arg) {
  napi_value fn, undefined, result;
  napi_get_reference_value(env, ref, &fn);
  napi_get_undefined(env, &undefined);
  napi_call_function(env, undefined, fn, 1, &arg, &result);
}

static void free_on_close(uv_handle_t* h) { free(h); }

/* loopsAgree(): napi_get_uv_event_loop gives uv_default_loop(). */
static napi_value loops_agree(napi_env env, napi_callback_info info) {
  uv_loop_t* loop = loop_of(env);
  return th_bool(env, loop != NULL && loop == uv_default_loop());
}

/* ---- uv_queue_work: queueWork(n) -> Promise of {sum, poolThread, sameAfterThread} */
typedef struct {
  napi_env env;
  napi_deferred deferred;
  uint64_t n, sum;
  pthread_t caller, worker;
} Work;

static void work_cb(uv_work_t* req) {
  Work* w = uv_req_get_data((uv_req_t*)req);
  w->worker = pthread_self();
  uint64_t sum = 0;
  for (uint64_t i = 1; i <= w->n; i++) sum += i;
  w->sum = sum;
}

static void after_work_cb(uv_work_t* req, int status) {
  Work* w = uv_req_get_data((uv_req_t*)req);
  napi_env env = w->env;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  napi_value out, v;
  napi_create_object(env, &out);
  napi_create_int64(env, (int64_t)w->sum, &v);
  napi_set_named_property(env, out, "sum", v);
  napi_get_boolean(env, !pthread_equal(w->worker, pthread_self()), &v);
  napi_set_named_property(env, out, "poolThread", v);
  napi_get_boolean(env, pthread_equal(w->caller, pthread_self()), &v);
  napi_set_named_property(env, out, "sameThreadAsCaller", v);
  napi_create_int32(env, status, &v);
  napi_set_named_property(env, out, "status", v);
  napi_resolve_deferred(env, w->deferred, out);
  napi_close_handle_scope(env, scope);
  free(req);
  free(w);
}

static napi_value queue_work(napi_env env, napi_callback_info info) {
  napi_value argv[1], promise;
  th_args(env, info, 1, argv);
  int64_t n;
  NODE_API_CALL(env, napi_get_value_int64(env, argv[0], &n));
  Work* w = calloc(1, sizeof *w);
  uv_work_t* req = malloc(uv_req_size(UV_WORK));
  w->env = env;
  w->n = (uint64_t)n;
  w->caller = pthread_self();
  NODE_API_CALL(env, napi_create_promise(env, &w->deferred, &promise));
  uv_req_set_data((uv_req_t*)req, w);
  UV_CALL(env, uv_queue_work(loop_of(env), req, work_cb, after_work_cb));
  return promise;
}

/* ---- workAtExit(ms, chain): work in flight when the program ends. The work sleeps
 * `ms`; its after_work prints "after_work <status>" on stdout and queues the next one
 * while `chain` lasts. Under Node the loop runs until every request is done, so all
 * of them print before the process exits. */
typedef struct {
  int ms, chain;
} ExitWork;

static void exit_work_cb(uv_work_t* req) {
  ExitWork* w = uv_req_get_data((uv_req_t*)req);
  usleep((useconds_t)w->ms * 1000);
}

static void exit_after_work_cb(uv_work_t* req, int status) {
  ExitWork* w = uv_req_get_data((uv_req_t*)req);
  printf("after_work %d\n", status);
  fflush(stdout);
  if (w->chain-- > 0 && uv_queue_work(uv_default_loop(), req, exit_work_cb, exit_after_work_cb) == 0)
    return;
  free(req);
  free(w);
}

static napi_value work_at_exit(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  int32_t ms, chain;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &ms));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &chain));
  ExitWork* w = calloc(1, sizeof *w);
  uv_work_t* req = malloc(uv_req_size(UV_WORK));
  w->ms = ms;
  w->chain = chain;
  uv_req_set_data((uv_req_t*)req, w);
  UV_CALL(env, uv_queue_work(loop_of(env), req, exit_work_cb, exit_after_work_cb));
  return NULL;
}

/* ---- uv_async_send from a native thread: asyncFromThread(count, onCall) -> Promise
 * of the number of callbacks seen once `count` sends were counted. */
typedef struct {
  napi_env env;
  napi_deferred deferred;
  napi_ref on_call;
  uv_async_t* async;
  pthread_t thread;
  int count;
  volatile int sent;  /* written by the thread before each send */
  int calls;
} Async;

static void* sender(void* arg) {
  Async* a = arg;
  for (int i = 1; i <= a->count; i++) {
    __atomic_store_n(&a->sent, i, __ATOMIC_RELEASE);
    uv_async_send(a->async);
    usleep(200);
  }
  return NULL;
}

static void async_closed(uv_handle_t* h) {
  Async* a = uv_handle_get_data(h);
  napi_env env = a->env;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  napi_value v;
  napi_create_int32(env, a->calls, &v);
  napi_resolve_deferred(env, a->deferred, v);
  napi_delete_reference(env, a->on_call);
  napi_close_handle_scope(env, scope);
  free(h);
  free(a);
}

static void async_cb(uv_async_t* h) {
  Async* a = uv_handle_get_data((uv_handle_t*)h);
  napi_env env = a->env;
  a->calls++;
  int seen = __atomic_load_n(&a->sent, __ATOMIC_ACQUIRE);
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  napi_value v;
  napi_create_int32(env, seen, &v);
  call_back(env, a->on_call, v);
  napi_close_handle_scope(env, scope);
  if (seen == a->count) {
    pthread_join(a->thread, NULL);
    uv_close((uv_handle_t*)h, async_closed);
  }
}

static napi_value async_from_thread(napi_env env, napi_callback_info info) {
  napi_value argv[2], promise;
  th_args(env, info, 2, argv);
  Async* a = calloc(1, sizeof *a);
  a->env = env;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &a->count));
  NODE_API_CALL(env, napi_create_reference(env, argv[1], 1, &a->on_call));
  NODE_API_CALL(env, napi_create_promise(env, &a->deferred, &promise));
  a->async = malloc(uv_handle_size(UV_ASYNC));
  UV_CALL(env, uv_async_init(loop_of(env), a->async, async_cb));
  uv_handle_set_data((uv_handle_t*)a->async, a);
  pthread_create(&a->thread, NULL, sender, a);
  return promise;
}

/* ---- uv_timer: startTimer(ms, times, onFire, unref) -> a handle id; onFire(i) for
 * i = 1..times, then onFire(-1) from the close callback. stopTimer(id). */
typedef struct {
  napi_env env;
  napi_ref on_fire;
  int times, fired;
} Timer;

static void timer_closed(uv_handle_t* h) {
  Timer* t = uv_handle_get_data(h);
  napi_env env = t->env;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  napi_value v;
  napi_create_int32(env, -1, &v);
  call_back(env, t->on_fire, v);
  napi_delete_reference(env, t->on_fire);
  napi_close_handle_scope(env, scope);
  free(h);
  free(t);
}

static void timer_cb(uv_timer_t* h) {
  Timer* t = uv_handle_get_data((uv_handle_t*)h);
  napi_env env = t->env;
  t->fired++;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  napi_value v;
  napi_create_int32(env, t->fired, &v);
  call_back(env, t->on_fire, v);
  napi_close_handle_scope(env, scope);
  if (t->times > 0 && t->fired >= t->times) {
    uv_timer_stop(h);
    uv_close((uv_handle_t*)h, timer_closed);
  }
}

static napi_value start_timer(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  th_args(env, info, 4, argv);
  int64_t ms;
  bool unref = false;
  Timer* t = calloc(1, sizeof *t);
  t->env = env;
  NODE_API_CALL(env, napi_get_value_int64(env, argv[0], &ms));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &t->times));
  NODE_API_CALL(env, napi_create_reference(env, argv[2], 1, &t->on_fire));
  napi_get_value_bool(env, argv[3], &unref);
  uv_timer_t* h = malloc(uv_handle_size(UV_TIMER));
  UV_CALL(env, uv_timer_init(loop_of(env), h));
  uv_handle_set_data((uv_handle_t*)h, t);
  UV_CALL(env, uv_timer_start(h, timer_cb, (uint64_t)ms, (uint64_t)ms));
  if (unref) uv_unref((uv_handle_t*)h);
  napi_value id;
  NODE_API_CALL(env, napi_create_bigint_uint64(env, (uint64_t)(uintptr_t)h, &id));
  return id;
}

/* A referenced repeating timer nobody ever closes (exit with it open). */
static void noop_timer(uv_timer_t* h) {}

static napi_value open_timer(napi_env env, napi_callback_info info) {
  uv_timer_t* h = malloc(uv_handle_size(UV_TIMER));
  UV_CALL(env, uv_timer_init(loop_of(env), h));
  UV_CALL(env, uv_timer_start(h, noop_timer, 5, 5));
  return th_undefined(env);
}

/* ---- An async cleanup hook closing a handle: cleanupClosesTimer() starts a
 * referenced repeating timer and registers a hook that closes it at teardown; the
 * close callback removes the hook and prints "closed by the async cleanup hook". */
typedef struct {
  uv_timer_t* timer;
  napi_async_cleanup_hook_handle hook;
} Cleanup;

static void cleanup_timer_closed(uv_handle_t* h) {
  Cleanup* c = uv_handle_get_data(h);
  napi_remove_async_cleanup_hook(c->hook);
  printf("closed by the async cleanup hook\n");
  fflush(stdout);
  free(h);
  free(c);
}

static void cleanup_hook(napi_async_cleanup_hook_handle handle, void* arg) {
  Cleanup* c = arg;
  uv_timer_stop(c->timer);
  uv_close((uv_handle_t*)c->timer, cleanup_timer_closed);
}

static napi_value cleanup_closes_timer(napi_env env, napi_callback_info info) {
  Cleanup* c = calloc(1, sizeof *c);
  c->timer = malloc(uv_handle_size(UV_TIMER));
  UV_CALL(env, uv_timer_init(loop_of(env), c->timer));
  uv_handle_set_data((uv_handle_t*)c->timer, c);
  UV_CALL(env, uv_timer_start(c->timer, noop_timer, 5, 5));
  NODE_API_CALL(env, napi_add_async_cleanup_hook(env, cleanup_hook, c, &c->hook));
  return th_undefined(env);
}

/* ---- UDP echo on 127.0.0.1: udpEcho(onMessage) -> port. Each datagram is passed
 * to onMessage (as a string) and sent back to its sender; a datagram "close" closes
 * the socket (onMessage(null) from the close callback). */
typedef struct {
  napi_env env;
  napi_ref on_message;
  char buf[512];
} Udp;

typedef struct {
  uv_buf_t buf;
  char data[512];
} Echo;

static void udp_alloc(uv_handle_t* h, size_t suggested, uv_buf_t* buf) {
  Udp* u = uv_handle_get_data(h);
  buf->base = u->buf;
  buf->len = sizeof u->buf;
}

static void udp_closed(uv_handle_t* h) {
  Udp* u = uv_handle_get_data(h);
  napi_env env = u->env;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  napi_value v;
  napi_get_null(env, &v);
  call_back(env, u->on_message, v);
  napi_delete_reference(env, u->on_message);
  napi_close_handle_scope(env, scope);
  free(h);
  free(u);
}

static void udp_sent(uv_udp_send_t* req, int status) {
  free(uv_req_get_data((uv_req_t*)req));
  free(req);
}

static void udp_recv(uv_udp_t* h, ssize_t n, const uv_buf_t* buf,
                     const struct sockaddr* from, unsigned flags) {
  Udp* u = uv_handle_get_data((uv_handle_t*)h);
  if (n <= 0 || from == NULL) return;  /* nothing more, or an error */
  napi_env env = u->env;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  napi_value v;
  napi_create_string_utf8(env, buf->base, (size_t)n, &v);
  call_back(env, u->on_message, v);
  napi_close_handle_scope(env, scope);
  if (n == 5 && memcmp(buf->base, "close", 5) == 0) {
    uv_close((uv_handle_t*)h, udp_closed);
    return;
  }
  Echo* e = malloc(sizeof *e);
  memcpy(e->data, buf->base, (size_t)n);
  e->buf.base = e->data;
  e->buf.len = (size_t)n;
  uv_udp_send_t* req = malloc(uv_req_size(UV_UDP_SEND));
  uv_req_set_data((uv_req_t*)req, e);
  if (uv_udp_send(req, h, &e->buf, 1, from, udp_sent) != 0) {
    free(e);
    free(req);
  }
}

static napi_value udp_echo(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  Udp* u = calloc(1, sizeof *u);
  u->env = env;
  NODE_API_CALL(env, napi_create_reference(env, argv[0], 1, &u->on_message));
  uv_udp_t* h = malloc(uv_handle_size(UV_UDP));
  UV_CALL(env, uv_udp_init(loop_of(env), h));
  uv_handle_set_data((uv_handle_t*)h, u);
  struct sockaddr_in addr;
  UV_CALL(env, uv_ip4_addr("127.0.0.1", 0, &addr));
  UV_CALL(env, uv_udp_bind(h, (const struct sockaddr*)&addr, 0));
  struct sockaddr_in bound;
  int len = sizeof bound;
  UV_CALL(env, uv_udp_getsockname(h, (struct sockaddr*)&bound, &len));
  UV_CALL(env, uv_udp_recv_start(h, udp_alloc, udp_recv));
  return th_int(env, ntohs(bound.sin_port));
}

/* ---- uv_poll on a file descriptor: pollRead(fd, onData): once fd is readable,
 * onData(what was read, as a string); then the handle is stopped and closed. */
typedef struct {
  napi_env env;
  napi_ref on_data;
  int fd;
} Poll;

static void poll_closed(uv_handle_t* h) {
  Poll* p = uv_handle_get_data(h);
  napi_delete_reference(p->env, p->on_data);
  free(h);
  free(p);
}

static void poll_cb(uv_poll_t* h, int status, int events) {
  Poll* p = uv_handle_get_data((uv_handle_t*)h);
  napi_env env = p->env;
  char buf[256];
  ssize_t n = status == 0 && (events & UV_READABLE) ? read(p->fd, buf, sizeof buf) : -1;
  if (n < 0 && errno == EAGAIN) return;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  napi_value v;
  napi_create_string_utf8(env, buf, n < 0 ? 0 : (size_t)n, &v);
  call_back(env, p->on_data, v);
  napi_close_handle_scope(env, scope);
  uv_poll_stop(h);
  uv_close((uv_handle_t*)h, poll_closed);
}

static napi_value poll_read(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  Poll* p = calloc(1, sizeof *p);
  p->env = env;
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &p->fd));
  NODE_API_CALL(env, napi_create_reference(env, argv[1], 1, &p->on_data));
  uv_poll_t* h = malloc(uv_handle_size(UV_POLL));
  UV_CALL(env, uv_poll_init(loop_of(env), h, p->fd));
  uv_handle_set_data((uv_handle_t*)h, p);
  UV_CALL(env, uv_poll_start(h, UV_READABLE, poll_cb));
  return th_undefined(env);
}

/* ---- closeReleasing(owner, cb): what udx-native's socket close callback does. A
 * timer is closed at once; its close callback deletes the only strong reference to
 * `owner`, then asks a weak reference to it whether owner is still alive and calls
 * cb(alive). Node frees nothing in the middle of native code, so alive is true (the
 * object goes when the libuv turn ends). */
typedef struct {
  napi_env env;
  napi_ref strong, weak, cb;
} Releasing;

static void releasing_close_cb(uv_handle_t* h) {
  Releasing* r = uv_handle_get_data(h);
  napi_env env = r->env;
  napi_delete_reference(env, r->strong);
  napi_value owner = NULL;
  napi_get_reference_value(env, r->weak, &owner);
  napi_value alive;
  napi_get_boolean(env, owner != NULL, &alive);
  call_back(env, r->cb, alive);
  napi_delete_reference(env, r->weak);
  napi_delete_reference(env, r->cb);
  free(r);
  free(h);
}

static napi_value close_releasing(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  Releasing* r = calloc(1, sizeof *r);
  r->env = env;
  NODE_API_CALL(env, napi_create_reference(env, argv[0], 1, &r->strong));
  NODE_API_CALL(env, napi_create_reference(env, argv[0], 0, &r->weak));
  NODE_API_CALL(env, napi_create_reference(env, argv[1], 1, &r->cb));
  uv_timer_t* h = malloc(uv_handle_size(UV_TIMER));
  UV_CALL(env, uv_timer_init(loop_of(env), h));
  uv_handle_set_data((uv_handle_t*)h, r);
  uv_close((uv_handle_t*)h, releasing_close_cb);
  return th_undefined(env);
}

#ifdef LIBUV_BARRIER
/* Built as libuv_barrier: uv_barrier_*, which oracledb calls and uvloop's libuv
 * does not export (the core provides them): on glibc a uv_barrier_t is a pthread_barrier_t. `threads` threads
 * of uv_thread_create and this one meet `rounds` times; returns [init's status with
 * a count of 0, the number of waits that returned nonzero, the number of waits]. */
typedef pthread_t uv_thread_t;
typedef pthread_barrier_t uv_barrier_t;
int uv_barrier_init(uv_barrier_t* barrier, unsigned int count);
int uv_barrier_wait(uv_barrier_t* barrier);
void uv_barrier_destroy(uv_barrier_t* barrier);
int uv_thread_create(uv_thread_t* tid, void (*entry)(void* arg), void* arg);
int uv_thread_join(uv_thread_t* tid);

typedef struct {
  uv_barrier_t barrier;
  int rounds;
  int serial;  /* waits that returned nonzero (atomic adds) */
  int waits;
} barrier_run_t;

static void barrier_rounds(barrier_run_t* run) {
  for (int i = 0; i < run->rounds; i++) {
    if (uv_barrier_wait(&run->barrier) != 0) __atomic_add_fetch(&run->serial, 1, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&run->waits, 1, __ATOMIC_SEQ_CST);
  }
}

static void barrier_thread(void* arg) { barrier_rounds((barrier_run_t*)arg); }

static napi_value barrier_meet(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t threads, rounds;
  NODE_API_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[0], &threads));
  NODE_API_CALL(env, napi_get_value_int32(env, argv[1], &rounds));
  if (threads < 1 || threads > 16) {
    napi_throw_range_error(env, NULL, "threads: 1 to 16");
    return NULL;
  }
  uv_barrier_t unused;
  int zero = uv_barrier_init(&unused, 0);
  if (zero == 0) uv_barrier_destroy(&unused);
  barrier_run_t run = {.rounds = rounds};
  UV_CALL(env, uv_barrier_init(&run.barrier, (unsigned)threads + 1));
  uv_thread_t tids[16];
  for (int i = 0; i < threads; i++) UV_CALL(env, uv_thread_create(&tids[i], barrier_thread, &run));
  barrier_rounds(&run);
  for (int i = 0; i < threads; i++) UV_CALL(env, uv_thread_join(&tids[i]));
  uv_barrier_destroy(&run.barrier);
  napi_value result, v;
  NODE_API_CALL(env, napi_create_array_with_length(env, 3, &result));
  int values[3] = {zero, run.serial, run.waits};
  for (uint32_t i = 0; i < 3; i++) {
    NODE_API_CALL(env, napi_create_int32(env, values[i], &v));
    NODE_API_CALL(env, napi_set_element(env, result, i, v));
  }
  return result;
}
#endif

#ifdef LIBUV_MISSING
/* Built as libuv_missing: also calls a libuv function neither uvloop's libuv nor
 * the core has: the one Node 20 exports that is not libuv's API (its own patch of
 * libuv's io_uring use). */
int uv__node_patch_is_using_io_uring(void);
#endif

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
#ifdef LIBUV_MISSING
  printf("%d\n", uv__node_patch_is_using_io_uring());
#endif
  napi_property_descriptor props[] = {
      TH_METHOD("loopsAgree", loops_agree),
      TH_METHOD("queueWork", queue_work),
      TH_METHOD("workAtExit", work_at_exit),
      TH_METHOD("asyncFromThread", async_from_thread),
      TH_METHOD("startTimer", start_timer),
      TH_METHOD("openTimer", open_timer),
      TH_METHOD("cleanupClosesTimer", cleanup_closes_timer),
      TH_METHOD("pollRead", poll_read),
      TH_METHOD("udpEcho", udp_echo),
      TH_METHOD("closeReleasing", close_releasing),
#ifdef LIBUV_BARRIER
      TH_METHOD("barrierMeet", barrier_meet),
#endif
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
