// The loop bridge (see loop.h for the wake protocol): one lock-free queue of items
// for the loop thread, one eventfd to wake it, the drain, the attachment to the
// running asyncio loop (default loop or uvloop: both take an fd reader), and the
// exception report.
#include "loop.h"
#include "loop_api.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <boost/lockfree/queue.hpp>
#include <cmath>
#include <cstring>

namespace napi_python {

namespace {

struct Item {
  LoopTask* task;
  void* data;
};

// Items per wake: enough to amortise the wake-up, few enough that other callbacks
// of the loop (timers, I/O) run in between when producers flood us.
constexpr long kMaxPerDrain = 1024;

// Any thread. Created on first use and never destroyed: native threads may still
// post while (and after) the interpreter exits.
struct Bridge {
  boost::lockfree::queue<Item, boost::lockfree::fixed_sized<false>> queue{4096};
  int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  std::atomic<bool> armed{false};  // an eventfd write is outstanding
  std::atomic<bool> stopped{false};  // interpreter exit: nothing runs any more
};
Bridge& bridge() {
  static Bridge* b = new Bridge();
  return *b;
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
unsigned long drain_thread = 0;
bool stopping = false;                 // async_teardown has begun
PyObject* get_running_loop_fn = nullptr;  // asyncio.events._get_running_loop
PyObject* attached_loop = nullptr;     // the loop whose reader drains us (owned)
unsigned long attached_thread = 0;     // the thread that runs it
PyObject* drain_fn = nullptr;          // the builtin `drain`, given to add_reader

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

// The attached loop is running in another thread: it delivers, we must not.
bool loop_elsewhere() {
  if (attached_loop == nullptr || attached_thread == PyThread_get_thread_ident()) return false;
  return call_truth(attached_loop, "is_closed") == 0 && call_truth(attached_loop, "is_running") == 1;
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
  long n = 0;
  Item item;
  while (n < max && b.queue.pop(item)) {
    item.task->run(item.task, item.data);
    n++;
  }
  if (n == max) arm();  // more may be queued: come back after the loop's other work
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
    {"post", api_post, METH_O, "post(fn): run fn() at the next drain."},
    {"attach", api_attach, METH_NOARGS, "Make the running asyncio loop deliver async callbacks."},
    {"loop_elsewhere", api_loop_elsewhere, METH_NOARGS,
     "Whether a loop running in another thread delivers async callbacks."},
    {nullptr, nullptr, 0, nullptr}};

}  // namespace

void loop_post(LoopTask* task, void* data) {
  Bridge& b = bridge();
  while (!b.queue.push(Item{task, data})) {
    // Only fails when a node cannot be allocated: wait for the drain to free some.
    sched_yield();
  }
  arm();
}

bool loop_stopped() { return stopping; }

void loop_attach_running() {
  if (stopping || drain_fn == nullptr) return;
  PyObject *et, *ev, *etb;
  PyErr_Fetch(&et, &ev, &etb);
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
        attached_thread = me;
      }
    }
  }
  Py_XDECREF(loop);
  PyErr_Restore(et, ev, etb);
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
// closed (finalizers run), and whatever is still queued is discarded (items free
// what they own); nothing runs afterwards. Running `execute` callbacks are not
// waited for.
void async_teardown() {
  if (stopping) return;
  stopping = true;
  async_work_teardown();
  tsfn_teardown();
  Bridge& b = bridge();
  Item item;
  // Bounded: a native thread could keep posting (a racing tsfn call).
  for (long n = 0; n < 10 * 1000 * 1000 && b.queue.pop(item); n++)
    item.task->discard(item.task, item.data);
  b.stopped.store(true);
  if (attached_loop != nullptr && call_truth(attached_loop, "is_closed") == 0) {
    PyObject* r = PyObject_CallMethod(attached_loop, "remove_reader", "i", b.fd);
    if (r == nullptr) PyErr_Clear();
    Py_XDECREF(r);
  }
  Py_CLEAR(attached_loop);
}

}  // namespace napi_python

using namespace napi_python;

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
    if (strcmp(m->ml_name, "drain") == 0) Py_XSETREF(drain_fn, Py_NewRef(f));
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
