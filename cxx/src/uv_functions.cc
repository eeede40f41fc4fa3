// The libuv functions uvloop's libuv lacks, defined by the core (docs/guide.rst,
// "Addons that use libuv"; the list: cxx/uv_exports.txt).
//
// uvloop's extension module keeps only the parts of libuv that uvloop uses: 29
// functions of libuv 1.x's API are not in it (compared with libuv's include/uv.h
// and the uv_* exports of Node 20's binary, tests/node_reference/
// node20_uv_exports.txt); an addon that needs one of them could not link (oracledb's
// thread barrier). None of them needs the loop's internals (uv_random's async form
// uses only uv_queue_work): they are defined here, exported with the Node-API, in
// the global scope from the start, so such an addon links as under Node.
//
// The core has no uv.h: the few structure layouts used below are libuv 1.x's public
// ABI on Unix (the fields every libuv 1.x release declares in uv.h and uv/unix.h, in
// that order), spelled out here. The layouts are checked by the test addon
// (tests/addons/libuv, LIBUV_PROVIDED), which reads each field with libuv's getters
// under Node 20 and under napi-python.
//
// Thread affinity: as libuv's own functions. The getters and setters, uv_exepath,
// uv_dl*, the barrier and the synchronous uv_random may be called from any thread;
// the asynchronous uv_random from the loop's thread, its callback runs there.
#include "core_api.h"
#include "uv_api.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <unordered_map>

using namespace napi_python;

namespace {

// ---- libuv 1.x's public layouts (Unix) -------------------------------------------

// UV_HANDLE_FIELDS with uv/unix.h's UV_HANDLE_PRIVATE_FIELDS: the start of every handle.
struct HandleHead {
  void* data;
  uv_loop_s* loop;
  int type;  // uv_handle_type
  void (*close_cb)(void*);
  void* handle_queue[2];
  union {
    int fd;
    void* reserved[4];
  } u;
  void* next_closing;
  unsigned int flags;
};

struct StreamHead {  // uv_stream_t (and uv_tcp_t, uv_pipe_t, uv_tty_t)
  HandleHead handle;
  size_t write_queue_size;
};

struct UdpHead {  // uv_udp_t
  HandleHead handle;
  size_t send_queue_size;
  size_t send_queue_count;
};

struct ProcessHead {  // uv_process_t
  HandleHead handle;
  void (*exit_cb)(void*, int64_t, int);
  int pid;
};

// UV_REQ_FIELDS (UV_REQ_PRIVATE_FIELDS is empty on Unix): the start of every request.
struct ReqHead {
  void* data;
  int type;  // uv_req_type
  void* reserved[6];
};

struct FsHead {  // uv_fs_t, up to its uv_stat_t
  ReqHead req;
  int fs_type;
  uv_loop_s* loop;
  void (*cb)(void*);
  ssize_t result;
  void* ptr;
  const char* path;
  // uv_stat_t statbuf follows (its address is what uv_fs_get_statbuf returns)
};

struct WorkItem {  // struct uv__work (uv/threadpool.h)
  void (*work)(WorkItem*);
  void (*done)(WorkItem*, int);
  uv_loop_s* loop;
  void* wq[2];  // struct uv__queue
};

struct RandomReq;
using RandomCb = void (*)(RandomReq*, int status, void* buf, size_t buflen);

struct RandomReq {  // uv_random_t: all of it
  ReqHead req;
  uv_loop_s* loop;
  int status;
  void* buf;
  size_t buflen;
  RandomCb cb;
  WorkItem work_req;
};

struct Lib {  // uv_lib_t (uv/unix.h)
  void* handle;
  char* errmsg;
};

// uv.h's UV_HANDLE_TYPE_MAP and UV_REQ_TYPE_MAP, by enum value (0: UV_UNKNOWN_*).
const char* const kHandleTypeNames[] = {
    nullptr,   "async", "check",   "fs_event", "fs_poll", "handle", "idle", "pipe", "poll",
    "prepare", "process", "stream", "tcp",      "timer",   "tty",    "udp",  "signal", "file"};
const char* const kReqTypeNames[] = {nullptr,      "req",        "connect",
                                     "write",      "shutdown",   "udp_send",
                                     "fs",         "work",       "getaddrinfo",
                                     "getnameinfo", "random"};
constexpr int kUvWork = 7;     // UV_WORK
constexpr int kUvRandom = 10;  // UV_RANDOM

// ---- uv_random -----------------------------------------------------------------

// Reads all of `path` into buf (a character device: /dev/urandom); 0 or -errno.
int read_device(const char* path, char* buf, size_t len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -errno;
  struct stat st;
  int err = 0;
  if (fstat(fd, &st) != 0)
    err = -errno;
  else if (!S_ISCHR(st.st_mode))
    err = -EIO;
  for (size_t pos = 0; err == 0 && pos < len;) {
    ssize_t n = read(fd, buf + pos, len - pos);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      err = -errno;
    else if (n == 0)
      err = -EIO;
    else
      pos += static_cast<size_t>(n);
  }
  close(fd);
  return err;
}

// The kernel's CSPRNG: getrandom(2) in pieces of at most 256 bytes (the kernel
// completes those whole and uninterrupted once seeded), /dev/urandom where the
// system call does not exist. 0 or -errno, as libuv's.
int fill_random(void* buf, size_t len) {
  char* p = static_cast<char*>(buf);
  for (size_t pos = 0; pos < len;) {
    size_t want = len - pos < 256 ? len - pos : 256;
    ssize_t n = getrandom(p + pos, want, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == ENOSYS) return read_device("/dev/urandom", p + pos, len - pos);
    if (n < 0) return -errno;
    if (n == 0) return -EIO;
    pos += static_cast<size_t>(n);
  }
  return 0;
}

// The asynchronous form runs on libuv's thread pool through uv_queue_work (libuv's
// own uv__work_submit is not exported): one uv_work_t per call, whose data is the
// uv_random_t.
void random_work(void* work) {
  auto* req = *static_cast<RandomReq**>(work);
  req->status = fill_random(req->buf, req->buflen);
}

void random_done(void* work, int status) {
  auto* req = *static_cast<RandomReq**>(work);
  free(work);
  if (status == 0) status = req->status;
  req->cb(req, status, req->buf, req->buflen);
}

}  // namespace

// ---- uv_queue_work: libuv's, counted ----------------------------------------------
//
// A work request keeps Node's loop, and so its process, alive until its after_work
// callback ran. The core defines uv_queue_work (global before uvloop's module, so
// addons bind to this one) to count the requests in flight: at exit the loop runs
// while some are (libuv.cc's exit_busy), so every after_work runs, as under Node.
// The request goes to libuv's own uv_queue_work with after_work replaced by
// work_done, which finds the addon's callback by the request's address.
namespace {
using WorkCb = void (*)(void*);
using AfterWorkCb = void (*)(void*, int);
std::mutex work_mutex;
std::unordered_map<void*, AfterWorkCb>& work_after() {
  static auto* map = new std::unordered_map<void*, AfterWorkCb>();  // never freed
  return *map;
}

void work_done(void* req, int status) {
  AfterWorkCb after = nullptr;
  {
    std::lock_guard<std::mutex> lock(work_mutex);
    auto it = work_after().find(req);
    if (it != work_after().end()) {
      after = it->second;
      work_after().erase(it);
    }
  }
  g_uv_work_in_flight.fetch_sub(1, std::memory_order_relaxed);
  if (after != nullptr) after(req, status);
}
}  // namespace

NAPI_EXPORT int uv_queue_work(uv_loop_s* loop, void* req, WorkCb work, AfterWorkCb after) {
  loop = uv_loop_for(loop);
  if (loop == nullptr) return -ENOSYS;  // no libuv (uvloop cannot be imported)
  if (req == nullptr || work == nullptr) return -EINVAL;  // (libuv's checks, first)
  {
    std::lock_guard<std::mutex> lock(work_mutex);
    work_after()[req] = after;
  }
  g_uv_work_in_flight.fetch_add(1, std::memory_order_relaxed);
  int err = g_uv.queue_work(loop, req, work, work_done);
  if (err != 0) {
    g_uv_work_in_flight.fetch_sub(1, std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(work_mutex);
    work_after().erase(req);
  }
  return err;
}

// uv_random(loop, req, buf, buflen, flags, cb): buflen random bytes. With no
// callback, filled now (0 or a negated errno); with one, filled on libuv's thread
// pool and cb(req, status, buf, buflen) runs on the loop's thread. As in libuv:
// UV_E2BIG above 2^31-1 bytes, UV_EINVAL for flags other than 0 (checked first in
// that order), and the request keeps the loop alive until its callback ran.
//
// One difference: libuv's uv_cancel cannot take back an asynchronous uv_random made
// here (it answers UV_EBUSY, as for a request already running): the request's own
// queue entry, which uv_cancel looks at, is never queued.
NAPI_EXPORT int uv_random(uv_loop_s* loop, RandomReq* req, void* buf, size_t buflen,
                          unsigned int flags, RandomCb cb) {
  if (buflen > 0x7FFFFFFFu) return -E2BIG;
  if (flags != 0) return -EINVAL;
  if (cb == nullptr) return fill_random(buf, buflen);
  loop = uv_loop_for(loop);
  if (loop == nullptr) return -ENOSYS;  // no libuv (uvloop cannot be imported)
  void* work = calloc(1, g_uv.req_size(kUvWork));
  if (work == nullptr) return -ENOMEM;
  *static_cast<RandomReq**>(work) = req;  // its `data`
  req->req.type = kUvRandom;
  req->loop = loop;
  req->status = 0;
  req->buf = buf;
  req->buflen = buflen;
  req->cb = cb;
  // What uv_cancel reads: a work item on this loop that is not queued.
  req->work_req.work = nullptr;
  req->work_req.done = nullptr;
  req->work_req.loop = loop;
  req->work_req.wq[0] = req->work_req.wq[1] = &req->work_req.wq;
  int err = uv_queue_work(loop, work, random_work, random_done);
  if (err != 0) free(work);
  return err;
}

// uv_exepath(buffer, size): the running executable's path (the Python interpreter
// here, node under Node), NUL-terminated and cut to *size - 1 bytes; *size becomes
// its length. UV_EINVAL without a buffer or with *size 0.
NAPI_EXPORT int uv_exepath(char* buffer, size_t* size) {
  if (buffer == nullptr || size == nullptr || *size == 0) return -EINVAL;
  ssize_t n = static_cast<ssize_t>(*size) - 1;
  if (n > 0) n = readlink("/proc/self/exe", buffer, static_cast<size_t>(n));
  if (n < 0) return -errno;
  buffer[n] = '\0';
  *size = static_cast<size_t>(n);
  return 0;
}

// ---- Shared libraries: uv_dlopen, uv_dlsym, uv_dlerror, uv_dlclose -------------
//
// dlopen with RTLD_LAZY; a failure returns -1 and keeps dlerror()'s message in the
// uv_lib_t (uv_dlerror: it, or "no error"), freed by the next failure or uv_dlclose.

namespace {
int keep_dlerror(Lib* lib) {
  free(lib->errmsg);
  const char* msg = dlerror();
  lib->errmsg = msg != nullptr ? strdup(msg) : nullptr;
  return msg != nullptr ? -1 : 0;
}
}  // namespace

NAPI_EXPORT int uv_dlopen(const char* filename, Lib* lib) {
  dlerror();
  lib->errmsg = nullptr;
  lib->handle = dlopen(filename, RTLD_LAZY);
  return lib->handle != nullptr ? 0 : keep_dlerror(lib);
}

NAPI_EXPORT void uv_dlclose(Lib* lib) {
  free(lib->errmsg);
  lib->errmsg = nullptr;
  if (lib->handle != nullptr) {
    dlclose(lib->handle);  // (its errors have nowhere to go, as in libuv)
    lib->handle = nullptr;
  }
}

NAPI_EXPORT int uv_dlsym(Lib* lib, const char* name, void** ptr) {
  dlerror();
  *ptr = dlsym(lib->handle, name);
  return *ptr != nullptr ? 0 : keep_dlerror(lib);
}

NAPI_EXPORT const char* uv_dlerror(const Lib* lib) {
  return lib->errmsg != nullptr ? lib->errmsg : "no error";
}

// ---- Getters and setters of public fields, and type names ----------------------

NAPI_EXPORT const char* uv_handle_type_name(int type) {
  constexpr int n = sizeof kHandleTypeNames / sizeof kHandleTypeNames[0];
  return type >= 0 && type < n ? kHandleTypeNames[type] : nullptr;
}

NAPI_EXPORT int uv_handle_get_type(const HandleHead* handle) { return handle->type; }
NAPI_EXPORT void* uv_handle_get_data(const HandleHead* handle) { return handle->data; }
NAPI_EXPORT uv_loop_s* uv_handle_get_loop(const HandleHead* handle) { return handle->loop; }
NAPI_EXPORT void uv_handle_set_data(HandleHead* handle, void* data) { handle->data = data; }

NAPI_EXPORT const char* uv_req_type_name(int type) {
  constexpr int n = sizeof kReqTypeNames / sizeof kReqTypeNames[0];
  return type >= 0 && type < n ? kReqTypeNames[type] : nullptr;
}

NAPI_EXPORT int uv_req_get_type(const ReqHead* req) { return req->type; }
NAPI_EXPORT void* uv_req_get_data(const ReqHead* req) { return req->data; }
NAPI_EXPORT void uv_req_set_data(ReqHead* req, void* data) { req->data = data; }

// A loop's `data` is its first field (the placeholder napi_get_uv_event_loop gives
// before libuv started has room for it too).
NAPI_EXPORT void* uv_loop_get_data(const uv_loop_s* loop) {
  return *reinterpret_cast<void* const*>(loop);
}
NAPI_EXPORT void uv_loop_set_data(uv_loop_s* loop, void* data) {
  *reinterpret_cast<void**>(loop) = data;
}

NAPI_EXPORT size_t uv_stream_get_write_queue_size(const StreamHead* stream) {
  return stream->write_queue_size;
}
NAPI_EXPORT size_t uv_udp_get_send_queue_size(const UdpHead* udp) {
  return udp->send_queue_size;
}
NAPI_EXPORT size_t uv_udp_get_send_queue_count(const UdpHead* udp) {
  return udp->send_queue_count;
}
NAPI_EXPORT int uv_process_get_pid(const ProcessHead* process) { return process->pid; }

NAPI_EXPORT int uv_fs_get_type(const FsHead* req) { return req->fs_type; }
NAPI_EXPORT ssize_t uv_fs_get_result(const FsHead* req) { return req->result; }
NAPI_EXPORT void* uv_fs_get_ptr(const FsHead* req) { return req->ptr; }
NAPI_EXPORT const char* uv_fs_get_path(const FsHead* req) { return req->path; }
NAPI_EXPORT void* uv_fs_get_statbuf(FsHead* req) { return req + 1; }

// ---- The thread barrier ----------------------------------------------------------
//
// On glibc, libuv's uv_barrier_t *is* a pthread_barrier_t (its unix.h uses its own
// struct only where PTHREAD_BARRIER_SERIAL_THREAD is missing), so the memory an
// addon reserves for one holds a pthread barrier. libuv's contract: init returns 0
// or a negated errno; wait returns nonzero in exactly one of the threads a round
// releases; a failed wait or destroy is a programming error and aborts.
NAPI_EXPORT int uv_barrier_init(pthread_barrier_t* barrier, unsigned int count) {
  int err = pthread_barrier_init(barrier, nullptr, count);
  return err == 0 ? 0 : -err;
}

NAPI_EXPORT int uv_barrier_wait(pthread_barrier_t* barrier) {
  int r = pthread_barrier_wait(barrier);
  if (r == PTHREAD_BARRIER_SERIAL_THREAD) return 1;
  if (r != 0) abort();
  return 0;
}

NAPI_EXPORT void uv_barrier_destroy(pthread_barrier_t* barrier) {
  if (pthread_barrier_destroy(barrier) != 0) abort();
}
