/* An addon calling the libuv functions uvloop's libuv does not export and the core
 * defines (cxx/src/uv_functions.cc): uv_random (both forms), uv_exepath, uv_dl*,
 * the type names, and the getters and setters of public fields. Its answers under
 * Node 20 (node_driver.js) are tests/node_reference/libuv_provided.json.
 *
 * Built with -DCORE_ONLY, it calls nothing else of libuv: it then links with no
 * libuv at all (the loader has no reason to start it) and asks for the loop with
 * napi_get_uv_event_loop only, as an addon using nothing but uv_random may.
 *
 * node-api-headers ship no uv.h: the declarations below are libuv 1.x's (Unix). The
 * layouts of the fields the getters read are spelled out here on their own; under
 * Node, libuv's own getters read the values this file writes only where they agree
 * with libuv's real layout. */
#define _GNU_SOURCE
#include "test_helpers.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

typedef struct uv_loop_s uv_loop_t;
typedef struct uv_handle_s uv_handle_t;
typedef struct uv_req_s uv_req_t;
typedef struct uv_random_s uv_random_t;
typedef struct { void* handle; char* errmsg; } uv_lib_t;

enum { UV_TIMER = 13 };                       /* uv_handle_type */
enum { UV_FS = 6, UV_RANDOM = 10 };           /* uv_req_type */
enum { UV_FS_STAT = 6 };                      /* uv_fs_type */

int uv_random(uv_loop_t* loop, uv_random_t* req, void* buf, size_t buflen, unsigned flags,
              void (*cb)(uv_random_t*, int, void*, size_t));
int uv_exepath(char* buffer, size_t* size);
int uv_dlopen(const char* filename, uv_lib_t* lib);
void uv_dlclose(uv_lib_t* lib);
int uv_dlsym(uv_lib_t* lib, const char* name, void** ptr);
const char* uv_dlerror(const uv_lib_t* lib);
const char* uv_handle_type_name(int type);
const char* uv_req_type_name(int type);
int uv_handle_get_type(const uv_handle_t* handle);
void* uv_handle_get_data(const uv_handle_t* handle);
uv_loop_t* uv_handle_get_loop(const uv_handle_t* handle);
void uv_handle_set_data(uv_handle_t* handle, void* data);
int uv_req_get_type(const uv_req_t* req);
void* uv_req_get_data(const uv_req_t* req);
void uv_req_set_data(uv_req_t* req, void* data);
void* uv_loop_get_data(const uv_loop_t* loop);
void uv_loop_set_data(uv_loop_t* loop, void* data);
size_t uv_stream_get_write_queue_size(const void* stream);
size_t uv_udp_get_send_queue_size(const void* handle);
size_t uv_udp_get_send_queue_count(const void* handle);
int uv_process_get_pid(const void* process);
int uv_fs_get_type(const void* req);
ssize_t uv_fs_get_result(const void* req);
void* uv_fs_get_ptr(const void* req);
const char* uv_fs_get_path(const void* req);
void* uv_fs_get_statbuf(void* req);

/* The public layouts (libuv 1.x, Unix): the start of every handle and request. */
typedef struct {
  void* data;
  uv_loop_t* loop;
  int type;
  void* close_cb;
  void* handle_queue[2];
  union { int fd; void* reserved[4]; } u;
  void* next_closing;
  unsigned int flags;
} handle_head_t;
typedef struct { handle_head_t h; size_t write_queue_size; } stream_head_t;
typedef struct { handle_head_t h; size_t send_queue_size, send_queue_count; } udp_head_t;
typedef struct { handle_head_t h; void* exit_cb; int pid; } process_head_t;
typedef struct { void* data; int type; void* reserved[6]; } req_head_t;
typedef struct {
  req_head_t r;
  int fs_type;
  uv_loop_t* loop;
  void* cb;
  ssize_t result;
  void* ptr;
  const char* path;
  uint64_t statbuf[16]; /* uv_stat_t: st_dev, st_mode, st_nlink, st_uid, st_gid,
                           st_rdev, st_ino, st_size, ... */
} fs_head_t;

/* Room for any handle or request here (uv_random_t is 144 bytes on 64 bits). */
typedef union { char bytes[1024]; void* align; } room_t;

static uv_loop_t* loop_of(napi_env env) {
  uv_loop_t* loop = NULL;
  napi_get_uv_event_loop(env, &loop);
  return loop;
}

static napi_value array_of(napi_env env, napi_value* items, uint32_t n) {
  napi_value a;
  napi_create_array_with_length(env, n, &a);
  for (uint32_t i = 0; i < n; i++) napi_set_element(env, a, i, items[i]);
  return a;
}

/* ---- uv_random -------------------------------------------------------------- */

/* randomSync(n) -> a Buffer of n random bytes (the synchronous form: no callback). */
static napi_value random_sync(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  th_args(env, info, 1, argv);
  uint32_t n;
  NODE_API_CALL(env, napi_get_value_uint32(env, argv[0], &n));
  void* data;
  NODE_API_CALL(env, napi_create_buffer(env, n, &data, &out));
  int status = uv_random(NULL, NULL, data, n, 0, NULL);
  if (status != 0) {
    char msg[64];
    snprintf(msg, sizeof msg, "uv_random: %d", status);
    napi_throw_error(env, NULL, msg);
    return NULL;
  }
  return out;
}

static void never_called(uv_random_t* req, int status, void* buf, size_t len) { abort(); }

/* randomStatuses() -> what uv_random answers for: 0 bytes; 2^31 bytes; flags 1;
 * both (the size is checked first); flags 1 with a callback (no request queued). */
static napi_value random_statuses(napi_env env, napi_callback_info info) {
  char byte;
  room_t req;
  napi_value v[5];
  v[0] = th_int(env, uv_random(NULL, NULL, &byte, 0, 0, NULL));
  v[1] = th_int(env, uv_random(NULL, NULL, &byte, 0x80000000u, 0, NULL));
  v[2] = th_int(env, uv_random(NULL, NULL, &byte, 1, 1, NULL));
  v[3] = th_int(env, uv_random(NULL, NULL, &byte, 0x80000000u, 1, NULL));
  v[4] = th_int(env, uv_random(loop_of(env), (uv_random_t*)&req, &byte, 1, 1, never_called));
  return array_of(env, v, 5);
}

typedef struct {
  room_t req; /* first: the uv_random_t */
  napi_env env;
  napi_deferred deferred;
  napi_ref buffer;
  void* data;
  size_t len;
  pthread_t caller;
} random_call_t;

static void random_done(uv_random_t* req, int status, void* buf, size_t len) {
  random_call_t* c = uv_req_get_data((uv_req_t*)req);
  napi_env env = c->env;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  napi_value out, bytes;
  napi_create_object(env, &out);
  napi_get_reference_value(env, c->buffer, &bytes);
  napi_delete_reference(env, c->buffer);
  napi_set_named_property(env, out, "status", th_int(env, status));
  napi_set_named_property(env, out, "bytes", bytes);
  napi_set_named_property(env, out, "length", th_int(env, (int64_t)len));
  napi_set_named_property(env, out, "sameRequest", th_bool(env, (void*)req == (void*)c));
  napi_set_named_property(env, out, "sameBuffer", th_bool(env, buf == c->data));
  napi_set_named_property(env, out, "loopThread",
                          th_bool(env, pthread_equal(c->caller, pthread_self())));
  napi_set_named_property(env, out, "type",
                          th_str(env, uv_req_type_name(uv_req_get_type((uv_req_t*)req))));
  napi_resolve_deferred(env, c->deferred, out);
  napi_close_handle_scope(env, scope);
  free(c);
}

/* randomAsync(n) -> Promise of {status, bytes (the Buffer filled), length,
 * sameRequest, sameBuffer, loopThread, type}: the callback's arguments, and whether
 * it ran on the thread that made the request. */
static napi_value random_async(napi_env env, napi_callback_info info) {
  napi_value argv[1], promise, buffer;
  th_args(env, info, 1, argv);
  uint32_t n;
  NODE_API_CALL(env, napi_get_value_uint32(env, argv[0], &n));
  random_call_t* c = calloc(1, sizeof *c);
  c->env = env;
  c->caller = pthread_self();
  c->len = n;
  NODE_API_CALL(env, napi_create_buffer(env, n, &c->data, &buffer));
  NODE_API_CALL(env, napi_create_reference(env, buffer, 1, &c->buffer));
  NODE_API_CALL(env, napi_create_promise(env, &c->deferred, &promise));
  uv_req_set_data((uv_req_t*)&c->req, c);
  int status = uv_random(loop_of(env), (uv_random_t*)&c->req, c->data, n, 0, random_done);
  if (status != 0) {
    char msg[64];
    snprintf(msg, sizeof msg, "uv_random: %d", status);
    napi_delete_reference(env, c->buffer);
    free(c);  /* (the promise is left pending: the error is thrown instead) */
    napi_throw_error(env, NULL, msg);
    return NULL;
  }
  return promise;
}

/* ---- uv_exepath ---------------------------------------------------------------- */

/* exePath() -> the executable's path. */
static napi_value exe_path(napi_env env, napi_callback_info info) {
  char buf[4096];
  size_t size = sizeof buf;
  int status = uv_exepath(buf, &size);
  if (status != 0) return th_int(env, status);
  return th_str(env, buf);
}

/* exePathCases() -> [no buffer, no size, size 0 (all UV_EINVAL), with size 1: the
 * text and its length, with size 4: whether the text is the path's first 3 bytes,
 * and its length]. */
static napi_value exe_path_cases(napi_env env, napi_callback_info info) {
  char full[4096], buf[8];
  size_t size = sizeof full;
  uv_exepath(full, &size);
  napi_value v[7];
  size = sizeof buf;
  v[0] = th_int(env, uv_exepath(NULL, &size));
  v[1] = th_int(env, uv_exepath(buf, NULL));
  size = 0;
  v[2] = th_int(env, uv_exepath(buf, &size));
  size = 1;
  memset(buf, 'x', sizeof buf);
  uv_exepath(buf, &size);
  v[3] = th_str(env, buf);
  v[4] = th_int(env, (int64_t)size);
  size = 4;
  memset(buf, 'x', sizeof buf);
  uv_exepath(buf, &size);
  v[5] = th_bool(env, strlen(buf) == 3 && memcmp(buf, full, 3) == 0);
  v[6] = th_int(env, (int64_t)size);
  return array_of(env, v, 7);
}

/* ---- uv_dlopen / uv_dlsym / uv_dlerror / uv_dlclose ----------------------------- */

/* dl(file, symbol) -> [uv_dlopen's status, uv_dlerror then; uv_dlsym's status,
 * uv_dlerror then, the symbol's value called as double(double) on 0 (null when not
 * found); uv_dlerror after uv_dlclose]. dlsym is skipped when dlopen failed. */
static napi_value dl(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  th_args(env, info, 2, argv);
  char file[512], symbol[128];
  if (!th_utf8_arg(env, argv[0], file, sizeof file) ||
      !th_utf8_arg(env, argv[1], symbol, sizeof symbol))
    return NULL;
  uv_lib_t lib;
  napi_value v[6];
  for (int i = 0; i < 6; i++) v[i] = th_str(env, NULL);
  int status = uv_dlopen(file, &lib);
  v[0] = th_int(env, status);
  v[1] = th_str(env, uv_dlerror(&lib));
  if (status == 0) {
    void* fn = NULL;
    status = uv_dlsym(&lib, symbol, &fn);
    v[2] = th_int(env, status);
    v[3] = th_str(env, uv_dlerror(&lib));
    if (fn != NULL) {
      napi_create_double(env, ((double (*)(double))fn)(0.0), &v[4]);
    }
  }
  uv_dlclose(&lib);
  v[5] = th_str(env, uv_dlerror(&lib));
  return array_of(env, v, 6);
}

/* ---- Type names, getters and setters ------------------------------------------- */

/* typeNames() -> [uv_handle_type_name(0..18)], [uv_req_type_name(0..11)]. */
static napi_value type_names(napi_env env, napi_callback_info info) {
  napi_value handles[19], reqs[12], both[2];
  for (int i = 0; i < 19; i++) handles[i] = th_str(env, uv_handle_type_name(i));
  for (int i = 0; i < 12; i++) reqs[i] = th_str(env, uv_req_type_name(i));
  both[0] = array_of(env, handles, 19);
  both[1] = array_of(env, reqs, 12);
  return array_of(env, both, 2);
}

/* fields() -> what each getter reads from memory this function wrote at the field's
 * place in libuv's layout, and what each setter wrote where this file expects it:
 * [handle data (set), handle loop, handle type, handle data (get), stream write
 * queue size, udp send queue size, udp send queue count, process pid, req data
 * (set), req type, req data (get), fs type, fs result, fs ptr, fs path, fs statbuf's
 * offset, loop data (set then get, on the loop napi_get_uv_event_loop gives, put
 * back after)]. */
static napi_value fields(napi_env env, napi_callback_info info) {
  room_t room;
  napi_value v[17];
  memset(&room, 0, sizeof room);
  handle_head_t* h = (handle_head_t*)&room;
  uv_handle_set_data((uv_handle_t*)h, (void*)0x1234);
  v[0] = th_int(env, (int64_t)(intptr_t)h->data);
  h->loop = (uv_loop_t*)0x5678;
  h->type = UV_TIMER;
  v[1] = th_int(env, (int64_t)(intptr_t)uv_handle_get_loop((uv_handle_t*)h));
  v[2] = th_int(env, uv_handle_get_type((uv_handle_t*)h));
  h->data = (void*)0x4321;
  v[3] = th_int(env, (int64_t)(intptr_t)uv_handle_get_data((uv_handle_t*)h));
  ((stream_head_t*)&room)->write_queue_size = 4242;
  v[4] = th_int(env, (int64_t)uv_stream_get_write_queue_size(&room));
  memset(&room, 0, sizeof room);
  ((udp_head_t*)&room)->send_queue_size = 777;
  ((udp_head_t*)&room)->send_queue_count = 3;
  v[5] = th_int(env, (int64_t)uv_udp_get_send_queue_size(&room));
  v[6] = th_int(env, (int64_t)uv_udp_get_send_queue_count(&room));
  memset(&room, 0, sizeof room);
  ((process_head_t*)&room)->pid = 31337;
  v[7] = th_int(env, uv_process_get_pid(&room));

  memset(&room, 0, sizeof room);
  fs_head_t* fs = (fs_head_t*)&room;
  uv_req_set_data((uv_req_t*)fs, (void*)0x2468);
  v[8] = th_int(env, (int64_t)(intptr_t)fs->r.data);
  fs->r.type = UV_FS;
  v[9] = th_int(env, uv_req_get_type((uv_req_t*)fs));
  fs->r.data = (void*)0x1357;
  v[10] = th_int(env, (int64_t)(intptr_t)uv_req_get_data((uv_req_t*)fs));
  fs->fs_type = UV_FS_STAT;
  fs->result = -2;
  fs->ptr = (void*)0x99;
  fs->path = "/some/path";
  v[11] = th_int(env, uv_fs_get_type(fs));
  v[12] = th_int(env, (int64_t)uv_fs_get_result(fs));
  v[13] = th_int(env, (int64_t)(intptr_t)uv_fs_get_ptr(fs));
  v[14] = th_str(env, uv_fs_get_path(fs));
  v[15] = th_int(env, (char*)uv_fs_get_statbuf(fs) - (char*)fs);

  uv_loop_t* loop = loop_of(env);
  void* before = uv_loop_get_data(loop);
  uv_loop_set_data(loop, (void*)0x8642);
  v[16] = th_int(env, (int64_t)(intptr_t)uv_loop_get_data(loop));
  uv_loop_set_data(loop, before);
  return array_of(env, v, 17);
}

#ifndef CORE_ONLY
/* ---- On real handles and requests (libuv's own functions) ---------------------- */
typedef struct uv_timer_s uv_timer_t;
typedef struct uv_fs_s uv_fs_t;
size_t uv_handle_size(int type);
uv_loop_t* uv_default_loop(void);
int uv_timer_init(uv_loop_t* loop, uv_timer_t* handle);
void uv_close(uv_handle_t* handle, void (*cb)(uv_handle_t*));
int uv_fs_stat(uv_loop_t* loop, uv_fs_t* req, const char* path, void (*cb)(uv_fs_t*));
void uv_fs_req_cleanup(uv_fs_t* req);
int uv_cancel(uv_req_t* req);

static void free_on_close(uv_handle_t* h) { free(h); }

/* onRealObjects(file) -> [a timer's type name, whether its loop is the default
 * loop, its data as set; a synchronous uv_fs_stat of file: its fs type, result,
 * whether its path is file, and st_size, read with the getters]. */
static napi_value on_real_objects(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  th_args(env, info, 1, argv);
  char file[512];
  if (!th_utf8_arg(env, argv[0], file, sizeof file)) return NULL;
  napi_value v[7];
  uv_handle_t* timer = calloc(1, uv_handle_size(UV_TIMER));
  uv_timer_init(loop_of(env), (uv_timer_t*)timer);
  uv_handle_set_data(timer, (void*)0x77);
  v[0] = th_str(env, uv_handle_type_name(uv_handle_get_type(timer)));
  v[1] = th_bool(env, uv_handle_get_loop(timer) == uv_default_loop());
  v[2] = th_int(env, (int64_t)(intptr_t)uv_handle_get_data(timer));
  uv_close(timer, free_on_close);
  room_t room;
  uv_fs_t* req = (uv_fs_t*)&room;
  uv_fs_stat(NULL, req, file, NULL);
  v[3] = th_int(env, uv_fs_get_type(req));
  v[4] = th_int(env, (int64_t)uv_fs_get_result(req));
  v[5] = th_bool(env, strcmp(uv_fs_get_path(req), file) == 0);
  v[6] = th_int(env, (int64_t)((uint64_t*)uv_fs_get_statbuf(req))[7]);
  uv_fs_req_cleanup(req);
  return array_of(env, v, 7);
}

static void record_status(uv_random_t* req, int status, void* buf, size_t len) {
  *(int*)uv_req_get_data((uv_req_t*)req) = status;
}

/* randomCancel() -> uv_cancel's answer for an asynchronous uv_random just made, then
 * [its callback's status] once the loop ran it (the promise-free way: the caller
 * runs the loop and reads randomCancelStatus()). */
static int cancel_status = 1;
static room_t cancel_req;
static char cancel_buf[16];
static napi_value random_cancel(napi_env env, napi_callback_info info) {
  cancel_status = 1;
  uv_req_set_data((uv_req_t*)&cancel_req, &cancel_status);
  int r = uv_random(loop_of(env), (uv_random_t*)&cancel_req, cancel_buf, sizeof cancel_buf, 0,
                    record_status);
  if (r != 0) return th_int(env, r);
  return th_int(env, uv_cancel((uv_req_t*)&cancel_req));
}

static napi_value random_cancel_status(napi_env env, napi_callback_info info) {
  return th_int(env, cancel_status);
}
#endif

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_property_descriptor props[] = {
      TH_METHOD("randomSync", random_sync),
      TH_METHOD("randomStatuses", random_statuses),
      TH_METHOD("randomAsync", random_async),
      TH_METHOD("exePath", exe_path),
      TH_METHOD("exePathCases", exe_path_cases),
      TH_METHOD("dl", dl),
      TH_METHOD("typeNames", type_names),
      TH_METHOD("fields", fields),
#ifndef CORE_ONLY
      TH_METHOD("onRealObjects", on_real_objects),
      TH_METHOD("randomCancel", random_cancel),
      TH_METHOD("randomCancelStatus", random_cancel_status),
#endif
  };
  TH_EXPORT_TABLE(env, exports, props);
  return exports;
}
