// The loop bridge (see loop.h for the wake protocol): the lock-free inbox of items
// for the loop thread, one eventfd to wake it, the drain, the attachment to the
// running asyncio loop (default loop or uvloop: both take an fd reader), and the
// exception report.
//
// The inbox is one lock-free single-producer ring (boost::lockfree::spsc_queue) per
// posting thread, so that a post touches no cache line another producer writes and
// the drain pulls items in runs: a shared multi-producer queue (one node and two
// contended compare-and-swaps per item) cost more than the Python callback it
// delivered. A thread registers its ring on its first post (a lock-free push onto
// `incoming`); a full ring is not waited on: the thread chains a twice larger one
// behind it and posts there, and the drain moves on to it once the full one is empty,
// so each thread's items stay in order and a post never blocks. A thread's rings are
// freed by the drain once the thread has exited and they are empty.
#include "loop.h"
#include "loop_api.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <boost/lockfree/spsc_queue.hpp>
#include <cmath>
#include <cstring>
#include <vector>

namespace napi_python {

namespace {

struct Item {
  LoopTask* task;
  void* data;
};

// Items per wake: enough to amortise the wake-up, few enough that other callbacks
// of the loop (timers, I/O) run in between when producers flood us.
constexpr long kMaxPerDrain = 1024;
// Items taken from a ring at a time (one update of its read index per run).
constexpr size_t kRun = 64;
constexpr size_t kFirstRing = 1024, kLargestRing = size_t{1} << 20;

// One ring of one producer thread: the producer pushes, the drain (GIL) pops.
struct Ring {
  boost::lockfree::spsc_queue<Item> items;
  std::atomic<Ring*> next{nullptr};  // set by the producer after this ring was full
  size_t capacity;
  explicit Ring(size_t n) : items(n), capacity(n) {}
};

// A posting thread. `tail` belongs to the thread, `head` and `next_live` to the
// drain; `exited` is set by the thread when it ends (no more posts from it).
struct Producer {
  Ring* tail;
  Ring* head;
  std::atomic<bool> exited{false};
  Producer* next_incoming = nullptr;  // the registration stack
  explicit Producer(Ring* r) : tail(r), head(r) {}
};

// Any thread. Created on first use and never destroyed: native threads may still
// post while (and after) the interpreter exits.
struct Bridge {
  std::atomic<Producer*> incoming{nullptr};  // registered, not yet seen by a drain
  int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  std::atomic<bool> stopped{false};  // interpreter exit: nothing runs any more
  alignas(64) std::atomic<bool> armed{false};  // an eventfd write is outstanding
  alignas(64) std::vector<Producer*> producers;  // the drain's (GIL)
  size_t next_producer = 0;  // round robin between producers (GIL)
};
Bridge& bridge() {
  static Bridge* b = new Bridge();
  return *b;
}

// The calling thread's producer (trivial thread-locals: still readable while the
// thread's other thread-local destructors run). The guard's destructor marks the
// producer exited when the thread ends; a post made after that (from a later
// thread-local destructor) gets a fresh producer, marked exited after its push.
thread_local Producer* tl_producer = nullptr;
thread_local bool tl_exiting = false;

struct ProducerGuard {
  bool armed = false;
  ~ProducerGuard() {
    tl_exiting = true;
    if (tl_producer != nullptr) tl_producer->exited.store(true, std::memory_order_release);
    tl_producer = nullptr;
  }
};
thread_local ProducerGuard tl_guard;

Producer* register_producer() {
  Bridge& b = bridge();
  auto* p = new Producer(new Ring(kFirstRing));
  Producer* head = b.incoming.load(std::memory_order_relaxed);
  do {
    p->next_incoming = head;
  } while (!b.incoming.compare_exchange_weak(head, p, std::memory_order_release,
                                             std::memory_order_relaxed));
  return p;
}

void push(Producer* p, const Item& item) {
  if (p->tail->items.push(item)) return;
  // Full: the drain is behind. Chain a larger ring; the drain finishes this one
  // first, so the thread's order holds.
  auto* r = new Ring(std::min(p->tail->capacity * 2, kLargestRing));
  r->items.push(item);
  p->tail->next.store(r, std::memory_order_release);
  p->tail = r;
}

void signal_fd(int fd) {
  uint64_t one = 1;
  ssize_t r;
  do {
    r = write(fd, &one, sizeof one);
  } while (r < 0 && errno == EINTR);
  // EAGAIN: the counter is saturated, the fd is readable anyway.
}

void arm() {
  Bridge& b = bridge();
  if (!b.armed.exchange(true, std::memory_order_seq_cst)) signal_fd(b.fd);
}

// ---- GIL-protected state -------------------------------------------------------
bool in_drain = false;
bool in_loop_drain = false;            // the drain under way is the attached loop's reader
unsigned long drain_thread = 0;
bool stopping = false;                 // async_teardown has begun
PyObject* get_running_loop_fn = nullptr;  // asyncio.events._get_running_loop
PyObject* attached_loop = nullptr;     // the loop whose reader drains us (owned)
PyObject* attached_is_running = nullptr;  // its bound is_running (owned)
unsigned long attached_thread = 0;     // the thread that runs it
PyObject* drain_fn = nullptr;          // the builtin `loop_drain`, given to add_reader
bool attached_has_thread_id = false;   // asyncio's loops: `_thread_id` says where they run

// The running asyncio loop of this thread (new reference), or NULL when none; never
// leaves an exception set. asyncio that is not imported cannot be running.
PyObject* running_loop() {
  if (get_running_loop_fn == nullptr) {
    PyObject* name = PyUnicode_FromString("asyncio.events");
    PyObject* mod = name ? PyImport_GetModule(name) : nullptr;
    Py_XDECREF(name);
    if (mod == nullptr) {
      PyErr_Clear();
      return nullptr;
    }
    get_running_loop_fn = PyObject_GetAttrString(mod, "_get_running_loop");
    Py_DECREF(mod);
    if (get_running_loop_fn == nullptr) {
      PyErr_Clear();
      return nullptr;
    }
  }
  PyObject* loop = PyObject_CallNoArgs(get_running_loop_fn);
  if (loop == nullptr) {
    PyErr_Clear();
    return nullptr;
  }
  if (loop == Py_None) {
    Py_DECREF(loop);
    return nullptr;
  }
  return loop;
}

// loop.<name>() as a truth value: 1, 0, or -1 (error cleared).
int call_truth(PyObject* loop, const char* name) {
  PyObject* r = PyObject_CallMethod(loop, name, nullptr);
  if (r == nullptr) {
    PyErr_Clear();
    return -1;
  }
  int t = PyObject_IsTrue(r);
  Py_DECREF(r);
  if (t < 0) PyErr_Clear();
  return t;
}

// asyncio's own loops (BaseEventLoop: the default loop and its subclasses), whose
// `_thread_id` is the thread running them, or None. Never leaves an exception set.
bool is_asyncio_base_loop(PyObject* loop) {
  PyObject* mod = PyImport_ImportModule("asyncio.base_events");
  PyObject* cls = mod ? PyObject_GetAttrString(mod, "BaseEventLoop") : nullptr;
  int r = cls ? PyObject_IsInstance(loop, cls) : -1;
  Py_XDECREF(cls);
  Py_XDECREF(mod);
  if (r < 0) PyErr_Clear();
  return r == 1;
}

// The attached loop is running in another thread: it delivers, we must not.
bool loop_elsewhere() {
  if (attached_loop == nullptr || attached_thread == PyThread_get_thread_ident()) return false;
  return call_truth(attached_loop, "is_closed") == 0 && call_truth(attached_loop, "is_running") == 1;
}

// GIL held: where the attached loop runs, without asking asyncio for the running
// loop (a getpid() system call on Python <= 3.11). Inside a drain the loop's reader
// runs (api_loop_drain): here. Otherwise exact for asyncio's loops (their
// `_thread_id`); for others (uvloop) "here" trusts attached_thread, which every
// drain the loop runs refreshes: wrong only between a loop being run again in
// another thread and its first drain there. Never leaves an exception set, and
// keeps one that was set.
enum class Where { not_running, here, elsewhere };
Where attached_loop_where() {
  if (attached_loop == nullptr || attached_is_running == nullptr) return Where::not_running;
  unsigned long me = PyThread_get_thread_ident();
  if (in_loop_drain && drain_thread == me) return Where::here;
  PyObject *et = nullptr, *ev = nullptr, *etb = nullptr;
  bool had_error = PyErr_Occurred() != nullptr;  // rare: keep it across the lookups
  if (had_error) PyErr_Fetch(&et, &ev, &etb);
  Where where = Where::not_running;
  if (attached_has_thread_id) {
    static PyObject* thread_id_name = PyUnicode_InternFromString("_thread_id");
    PyObject* tid = PyObject_GetAttr(attached_loop, thread_id_name);
    if (tid != nullptr && PyLong_Check(tid))
      where = PyLong_AsUnsignedLong(tid) == me ? Where::here : Where::elsewhere;
    Py_XDECREF(tid);
  } else {
    PyObject* r = PyObject_CallNoArgs(attached_is_running);
    if (r == Py_True) where = attached_thread == me ? Where::here : Where::elsewhere;
    Py_XDECREF(r);
  }
  if (PyErr_Occurred()) PyErr_Clear();
  if (had_error) PyErr_Restore(et, ev, etb);
  return where;
}

void py_call_run(LoopTask*, void* data) {
  PyObject* fn = static_cast<PyObject*>(data);  // INCREFed by api_post
  PyObject* r = PyObject_CallNoArgs(fn);
  Py_DECREF(fn);
  if (r == nullptr)
    report_async_exception("napi_python: exception in a promise reaction");
  else
    Py_DECREF(r);
}
void py_call_discard(LoopTask*, void* data) {
  Py_DECREF(static_cast<PyObject*>(data));  // INCREFed by api_post
}
LoopTask py_call_task = {py_call_run, py_call_discard};

// GIL held. Takes up to `n` items of producer `p` into `out`; frees rings it has
// finished. Returns how many.
size_t take(Producer* p, Item* out, size_t n) {
  for (;;) {
    Ring* r = p->head;
    size_t got = r->items.pop(out, n);
    if (got > 0) return got;
    Ring* next = r->next.load(std::memory_order_acquire);
    if (next == nullptr) return 0;
    // The producer moved on: everything it pushed here is visible now.
    got = r->items.pop(out, n);
    if (got > 0) return got;
    delete r;
    p->head = next;
  }
}

// GIL held: adds newly registered producers, frees those whose thread has exited
// and whose items have all run.
void collect_producers() {
  Bridge& b = bridge();
  Producer* p = b.incoming.exchange(nullptr, std::memory_order_acquire);
  for (; p != nullptr; p = p->next_incoming) b.producers.push_back(p);
  auto& v = b.producers;
  for (size_t i = 0; i < v.size();) {
    Producer* q = v[i];
    if (q->exited.load(std::memory_order_acquire) &&
        q->head->next.load(std::memory_order_acquire) == nullptr &&
        q->head->items.read_available() == 0) {
      delete q->head;
      delete q;
      v[i] = v.back();
      v.pop_back();
    } else {
      i++;
    }
  }
}

// GIL held. Runs up to `max` items. Returns how many ran, -1 when a drain is already
// under way in this thread (a callback is draining: the caller would wait on
// itself), -2 when one is under way in another thread (it released the GIL inside
// a callback; running items here would break their order).
long drain(long max) {
  Bridge& b = bridge();
  if (b.stopped.load(std::memory_order_relaxed) || stopping) return 0;
  if (in_drain) return drain_thread == PyThread_get_thread_ident() ? -1 : -2;
  in_drain = true;
  drain_thread = PyThread_get_thread_ident();
  uint64_t count;
  while (read(b.fd, &count, sizeof count) < 0 && errno == EINTR) {
  }
  // An exchange, not a store: reading the `true` of a post that did not write the
  // eventfd makes that post's push visible to the pops below (a plain store may be
  // reordered after them: the item would sit in the queue with nobody woken).
  b.armed.exchange(false, std::memory_order_seq_cst);
  async_work_drain_started();
  collect_producers();
  long n = 0;
  Item run[kRun];
  // Round robin: a run of items from each producer in turn, until none has any.
  size_t idle = 0;
  while (n < max && idle < b.producers.size() && !stopping) {
    if (b.next_producer >= b.producers.size()) b.next_producer = 0;
    Producer* p = b.producers[b.next_producer++];
    size_t got = take(p, run, std::min(kRun, static_cast<size_t>(max - n)));
    if (got == 0) {
      idle++;
      continue;
    }
    idle = 0;
    for (size_t i = 0; i < got; i++) run[i].task->run(run[i].task, run[i].data);
    n += static_cast<long>(got);
    // A callback may have registered a new producer (posting from a new thread's
    // first call): pick it up before deciding that nothing is left.
    if (b.incoming.load(std::memory_order_relaxed) != nullptr) collect_producers();
  }
  tsfn_drain_done();
  if (n >= max) arm();  // more may be queued: come back after the loop's other work
  in_drain = false;
  return n;
}

// ---- The functions the Python package calls ---------------------------------
PyObject* api_drain(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  long max = kMaxPerDrain;
  if (nargs > 0) {
    max = PyLong_AsLong(args[0]);
    if (max == -1 && PyErr_Occurred()) return nullptr;
  }
  return PyLong_FromLong(drain(max));
}

// loop_drain(max): the attached loop's reader: a drain, noting the loop's thread.
PyObject* api_loop_drain(PyObject* self, PyObject* const* args, Py_ssize_t nargs) {
  if (attached_loop != nullptr && !attached_has_thread_id)
    attached_thread = PyThread_get_thread_ident();
  bool outer = !in_drain;
  if (outer) in_loop_drain = true;
  PyObject* r = api_drain(self, args, nargs);
  if (outer) in_loop_drain = false;
  return r;
}

// wait(timeout): blocks, without the GIL, until items may be queued or `timeout`
// seconds (None: no limit) pass. True when woken by the queue.
PyObject* api_wait(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  int ms = -1;
  if (nargs > 0 && args[0] != Py_None) {
    double t = PyFloat_AsDouble(args[0]);
    if (t == -1.0 && PyErr_Occurred()) return nullptr;
    ms = t <= 0 ? 0 : t > 86400 ? 86400000 : static_cast<int>(std::ceil(t * 1000));
  }
  struct pollfd p = {bridge().fd, POLLIN, 0};
  int r;
  Py_BEGIN_ALLOW_THREADS
  r = poll(&p, 1, ms);
  Py_END_ALLOW_THREADS
  if (r < 0 && errno != EINTR) return PyErr_SetFromErrno(PyExc_OSError);
  if (r < 0 && PyErr_CheckSignals() < 0) return nullptr;
  return PyBool_FromLong(r > 0);
}

// post(fn): fn() runs on the loop thread at the next drain (promise reactions).
PyObject* api_post(PyObject*, PyObject* fn) {
  if (!PyCallable_Check(fn)) {
    PyErr_SetString(PyExc_TypeError, "post() needs a callable");
    return nullptr;
  }
  if (stopping) Py_RETURN_FALSE;
  loop_post(&py_call_task, Py_NewRef(fn));  // DECREFed by py_call_run / py_call_discard
  Py_RETURN_TRUE;
}

PyObject* api_attach(PyObject*, PyObject*) {
  loop_attach_running();
  Py_RETURN_NONE;
}

PyObject* api_loop_elsewhere(PyObject*, PyObject*) { return PyBool_FromLong(loop_elsewhere()); }

PyMethodDef api_methods[] = {
    {"drain", reinterpret_cast<PyCFunction>(reinterpret_cast<void*>(api_drain)), METH_FASTCALL,
     "drain(max=1024): run queued async callbacks; how many ran (-1: already draining in "
     "this thread, -2: in another thread)."},
    {"wait", reinterpret_cast<PyCFunction>(reinterpret_cast<void*>(api_wait)), METH_FASTCALL,
     "wait(timeout): block without the GIL until async callbacks may be queued."},
    {"loop_drain", reinterpret_cast<PyCFunction>(reinterpret_cast<void*>(api_loop_drain)),
     METH_FASTCALL, "loop_drain(max): drain() as the delivering loop's fd reader."},
    {"post", api_post, METH_O, "post(fn): run fn() at the next drain."},
    {"attach", api_attach, METH_NOARGS, "Make the running asyncio loop deliver async callbacks."},
    {"loop_elsewhere", api_loop_elsewhere, METH_NOARGS,
     "Whether a loop running in another thread delivers async callbacks."},
    {nullptr, nullptr, 0, nullptr}};

}  // namespace

void loop_post(LoopTask* task, void* data) {
  Producer* p = tl_producer;
  if (p == nullptr) {
    p = register_producer();
    if (tl_exiting) {
      // The thread is ending: this producer serves one post, then counts as exited.
      push(p, Item{task, data});
      p->exited.store(true, std::memory_order_release);
      arm();
      return;
    }
    tl_guard.armed = true;  // constructs the guard: its destructor runs at thread exit
    tl_producer = p;
  }
  push(p, Item{task, data});
  arm();
}

bool loop_stopped() { return stopping; }

void loop_request_drain() { arm(); }

bool loop_attach_running(PyObject** running) {
  if (running != nullptr) *running = nullptr;
  if (stopping || drain_fn == nullptr) return false;
  // While the attached loop runs, this is a no-op whatever loop runs here (it is
  // that loop, or none, or another one, which waits its turn): skip asking asyncio
  // for the running loop, which costs a getpid() system call on Python <= 3.11.
  Where where = attached_loop_where();
  if (where == Where::here) {
    if (running != nullptr) *running = Py_NewRef(attached_loop);
    return true;
  }
  PyObject *et, *ev, *etb;
  PyErr_Fetch(&et, &ev, &etb);
  if (where == Where::elsewhere) {
    if (running != nullptr) *running = running_loop();
    PyErr_Restore(et, ev, etb);
    return false;
  }
  bool here = false;
  PyObject* loop = running_loop();
  if (loop != nullptr && loop != attached_loop) {
    unsigned long me = PyThread_get_thread_ident();
    bool keep_old = false;
    if (attached_loop != nullptr && call_truth(attached_loop, "is_closed") == 0) {
      if (call_truth(attached_loop, "is_running") == 1 && attached_thread != me) {
        keep_old = true;  // one loop delivers at a time: the one already running
      } else {
        PyObject* r = PyObject_CallMethod(attached_loop, "remove_reader", "i", bridge().fd);
        if (r == nullptr) PyErr_Clear();
        Py_XDECREF(r);
      }
    }
    if (!keep_old) {
      PyObject* r = PyObject_CallMethod(loop, "add_reader", "iOl", bridge().fd, drain_fn,
                                        kMaxPerDrain);
      if (r == nullptr) {
        report_async_exception("napi_python: cannot register with the running event loop");
      } else {
        Py_DECREF(r);
        Py_XSETREF(attached_loop, Py_NewRef(loop));
        Py_XSETREF(attached_is_running, PyObject_GetAttrString(loop, "is_running"));
        if (attached_is_running == nullptr) PyErr_Clear();
        attached_has_thread_id = is_asyncio_base_loop(loop);
        attached_thread = me;
        here = true;
      }
    }
  } else if (loop != nullptr) {
    here = true;  // the attached loop, running here but not yet seen running by `where`
  }
  if (running != nullptr)
    *running = loop;
  else
    Py_XDECREF(loop);
  PyErr_Restore(et, ev, etb);
  return here;
}

void report_async_exception(const char* what) {
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  if (type == nullptr) return;
  PyErr_NormalizeException(&type, &value, &tb);
  if (tb != nullptr) PyException_SetTraceback(value, tb);
  PyObject* loop = running_loop();
  if (loop != nullptr) {
    PyObject* context = Py_BuildValue("{sssO}", "message", what, "exception", value);
    PyObject* r = context ? PyObject_CallMethod(loop, "call_exception_handler", "O", context)
                          : nullptr;
    Py_XDECREF(context);
    Py_DECREF(loop);
    if (r != nullptr) {
      Py_DECREF(r);
      Py_DECREF(type);
      Py_DECREF(value);
      Py_XDECREF(tb);
      return;
    }
    PyErr_Clear();  // the handler failed: fall back to the unraisable hook
  }
  PyErr_Restore(type, value, tb);
  PyObject* where = PyUnicode_FromString(what);
  PyErr_WriteUnraisable(where);
  Py_XDECREF(where);
}

// Interpreter exit: async work not started is cancelled, threadsafe functions are
// closed (finalizers run), the `execute` callbacks under way are waited for, and
// whatever is still queued is discarded (finished async work runs its complete,
// other items free what they own); nothing runs afterwards.
void async_teardown() {
  if (stopping) return;
  stopping = true;
  async_work_teardown();
  tsfn_teardown();
  async_work_wait_running();
  Bridge& b = bridge();
  collect_producers();
  Item run[kRun];
  // Bounded: a native thread could keep posting (a racing tsfn call).
  long n = 0;
  for (Producer* p : b.producers) {
    size_t got;
    while (n < 10 * 1000 * 1000 && (got = take(p, run, kRun)) > 0) {
      for (size_t i = 0; i < got; i++) run[i].task->discard(run[i].task, run[i].data);
      n += static_cast<long>(got);
    }
  }
  b.stopped.store(true);
  if (attached_loop != nullptr && call_truth(attached_loop, "is_closed") == 0) {
    PyObject* r = PyObject_CallMethod(attached_loop, "remove_reader", "i", b.fd);
    if (r == nullptr) PyErr_Clear();
    Py_XDECREF(r);
  }
  Py_CLEAR(attached_loop);
  Py_CLEAR(attached_is_running);
}

}  // namespace napi_python

using namespace napi_python;

NAPI_EXPORT PyObject* napi_python_running_loop(void) {
  PyObject* loop = attached_loop_where() == Where::here ? Py_NewRef(attached_loop) : running_loop();
  return loop != nullptr ? loop : Py_NewRef(Py_None);
}

NAPI_EXPORT int napi_python_loop_runs_here(PyObject* loop) {
  if (loop == attached_loop && loop != nullptr) return attached_loop_where() == Where::here;
  PyObject* running = running_loop();
  Py_XDECREF(running);
  return running != nullptr && running == loop;
}

NAPI_EXPORT PyObject* napi_python_async_api(void) {
  Bridge& b = bridge();
  if (b.fd < 0) {
    errno = errno ? errno : EMFILE;
    return PyErr_SetFromErrno(PyExc_OSError);
  }
  PyObject* api = PyDict_New();
  if (api == nullptr) return nullptr;
  for (PyMethodDef* m = api_methods; m->ml_name != nullptr; m++) {
    PyObject* f = PyCFunction_New(m, nullptr);
    if (f == nullptr || PyDict_SetItemString(api, m->ml_name, f) < 0) {
      Py_XDECREF(f);
      Py_DECREF(api);
      return nullptr;
    }
    if (strcmp(m->ml_name, "loop_drain") == 0) Py_XSETREF(drain_fn, Py_NewRef(f));
    Py_DECREF(f);
  }
  PyObject* fd = PyLong_FromLong(b.fd);
  if (fd == nullptr || PyDict_SetItemString(api, "fd", fd) < 0) {
    Py_XDECREF(fd);
    Py_DECREF(api);
    return nullptr;
  }
  Py_DECREF(fd);
  return api;
}
