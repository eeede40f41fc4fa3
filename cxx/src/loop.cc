// The loop bridge (see loop.h for the wake protocol): the lock-free rings of items
// for the loop threads, one eventfd per target to wake it, the drain, the targets
// (one per asyncio loop, default loop or uvloop: both take an fd reader), and the
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
//
// Order across threads: each post takes a number from one counter (a relaxed
// fetch_add), and the drain takes the items of all rings by number, so a call made
// after another one (its thread learnt of the first call, or made it) runs after
// it, as in Node, where each threadsafe function's calls wait in one queue and the
// functions with calls waiting run in the order they were made: node-datachannel
// posts a connection's description from one thread and its ICE candidates, found
// afterwards, from another, and the candidates' callback fails without the
// description. Items whose numbers were taken but which are not pushed yet were not
// made before anything visible, so running what is visible first keeps that order.
#include "loop.h"
#include "core_api.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <poll.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <boost/lockfree/spsc_queue.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <vector>

namespace napi_python {

struct Item {
  LoopTask* task;
  void* data;
  Target* target;
  uint64_t seq;  // when it was posted (Bridge::posts): the drain runs items in this order
};

// A delivery target. `fd` and `armed` are "any thread"; the rest is GIL-protected.
struct Target {
  int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);  // never closed (producers may
                                                    // still write it): reused
  alignas(64) std::atomic<bool> armed{false};  // an eventfd write is outstanding
  alignas(64) PyObject* loop = nullptr;  // owned. The default target: the adopting
                                         // loop or nullptr; others: nullptr = free
  PyObject* is_running = nullptr;        // loop.is_running (owned)
  bool has_thread_id = false;            // asyncio's loops: `_thread_id` says where
  unsigned long thread = 0;              // the thread last seen running the loop
  std::deque<Item> inbox;                // routed here, not yet run
  bool in_drain = false;
  unsigned long drain_thread = 0;
  PyObject* reader = nullptr;            // its loop_drain builtin (owned)
};

namespace {

// (kMaxPerDrain, loop.h: items per wake: enough to amortise the wake-up, few enough
// that other callbacks of the loop (timers, I/O) run in between when producers
// flood us.)
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
  std::atomic<bool> stopped{false};  // interpreter exit: nothing runs any more
  Target dflt;                       // work created with no running loop
  alignas(64) std::atomic<uint64_t> posts{0};  // numbers the items (Item::seq)
  alignas(64) std::vector<Producer*> producers;  // the drain's (GIL)
  std::vector<Target*> targets;  // every loop's target, in use or free (GIL)
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

void arm(Target* t) {
  if (!t->armed.exchange(true, std::memory_order_seq_cst)) signal_fd(t->fd);
}

// ---- GIL-protected state -------------------------------------------------------
bool stopping = false;                 // async_teardown has begun
PyObject* get_running_loop_fn = nullptr;  // asyncio.events._get_running_loop
Target* adopter = nullptr;             // the target whose loop drains the default one

// Per thread (trivial thread-locals, GIL held when used): the target last attached
// in this thread (probably its running loop's), the one this thread's innermost
// drain runs, the target of the loop whose reader runs that drain (the running
// loop), and a SystemExit / KeyboardInterrupt a callback of that drain raised.
thread_local Target* tl_target = nullptr;
thread_local Target* tl_draining = nullptr;
thread_local Target* tl_reader = nullptr;
thread_local PyObject* tl_interrupt_type = nullptr;
thread_local PyObject* tl_interrupt_value = nullptr;
thread_local PyObject* tl_interrupt_tb = nullptr;

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

// GIL held: where the loop of `t` runs, without asking asyncio for the running loop
// (a getpid() system call on Python <= 3.11). Inside its reader: here. Otherwise
// exact for asyncio's loops (their `_thread_id`); for others (uvloop) "here" trusts
// t->thread, which every drain the loop runs refreshes: wrong only between a loop
// being run again in another thread and its first drain there. Never leaves an
// exception set, and keeps one that was set.
enum class Where { not_running, here, elsewhere };
Where where(Target* t) {
  if (t == nullptr || t->loop == nullptr || t->is_running == nullptr) return Where::not_running;
  if (tl_reader == t) return Where::here;
  unsigned long me = PyThread_get_thread_ident();
  PyObject *et = nullptr, *ev = nullptr, *etb = nullptr;
  bool had_error = PyErr_Occurred() != nullptr;  // rare: keep it across the lookups
  if (had_error) PyErr_Fetch(&et, &ev, &etb);
  Where w = Where::not_running;
  if (t->has_thread_id) {
    static PyObject* thread_id_name = PyUnicode_InternFromString("_thread_id");
    PyObject* tid = PyObject_GetAttr(t->loop, thread_id_name);
    if (tid != nullptr && PyLong_Check(tid))
      w = PyLong_AsUnsignedLong(tid) == me ? Where::here : Where::elsewhere;
    Py_XDECREF(tid);
  } else {
    PyObject* r = PyObject_CallNoArgs(t->is_running);
    if (r == Py_True) w = t->thread == me ? Where::here : Where::elsewhere;
    Py_XDECREF(r);
  }
  if (PyErr_Occurred()) PyErr_Clear();
  if (had_error) PyErr_Restore(et, ev, etb);
  return w;
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

// GIL held. The oldest item of producer `p` still queued (not taken), or nullptr;
// frees rings it has finished, as take() does.
const Item* peek(Producer* p) {
  for (;;) {
    Ring* r = p->head;
    if (r->items.read_available() > 0) return &r->items.front();
    Ring* next = r->next.load(std::memory_order_acquire);
    if (next == nullptr) return nullptr;
    if (r->items.read_available() > 0) return &r->items.front();
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

// GIL held: where an item for `t` goes: `t`, or the default target when t's loop
// closed (t is free, or serves a later loop: then that loop gets it).
inline Target* live_target(Target* t) {
  Bridge& b = bridge();
  return t == nullptr || (t->loop == nullptr && t != &b.dflt) ? &b.dflt : t;
}

// GIL held. Takes the next run of items (at most `cap`) from the producers' rings,
// in the order they were posted (Item::seq): the oldest queued item's producer
// gives its items up to the oldest item of another producer. Items for `self` go to `own` (their
// count in *n_own), the others to their targets' inboxes; an item forwarded to
// the default target (its own target's loop closed) wakes it. Returns how many
// were taken (0: the rings are empty).
size_t take_run(Target* self, Item* own, size_t cap, size_t* n_own) {
  Bridge& b = bridge();
  *n_own = 0;
  if (b.incoming.load(std::memory_order_relaxed) != nullptr || b.producers.empty())
    collect_producers();
  Item run[kRun];
  cap = std::min(cap, kRun);
  Producer* first = nullptr;
  uint64_t first_seq = 0, bound = UINT64_MAX;  // the oldest item, the next producer's
  for (Producer* p : b.producers) {
    const Item* head = peek(p);
    if (head == nullptr) continue;
    if (first == nullptr || head->seq < first_seq) {
      if (first != nullptr) bound = first_seq;
      first = p;
      first_seq = head->seq;
    } else if (head->seq < bound) {
      bound = head->seq;
    }
  }
  if (first != nullptr) {
    size_t got = 0;
    if (bound == UINT64_MAX) {
      got = take(first, run, cap);  // the only producer with items: a whole run
    } else {
      while (got < cap) {
        const Item* head = peek(first);
        if (head == nullptr || head->seq > bound) break;
        run[got] = *head;
        first->head->items.pop();
        got++;
      }
    }
    for (size_t i = 0; i < got; i++) {
      Target* t = live_target(run[i].target);
      if (t == self) {
        own[(*n_own)++] = run[i];
      } else {
        t->inbox.push_back(run[i]);
        if (t != run[i].target) arm(t);
      }
    }
    return got;
  }
  return 0;
}

// GIL held: a SystemExit or KeyboardInterrupt a callback of this thread's drain
// raised (or a signal handler, run between items), if any.
inline bool interrupted() { return tl_interrupt_value != nullptr; }

void check_signals() {
  if (PyErr_CheckSignals() < 0) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    if (interrupted()) {
      Py_XDECREF(t);
      Py_XDECREF(v);
      Py_XDECREF(tb);
      return;
    }
    tl_interrupt_type = t;
    tl_interrupt_value = v != nullptr ? v : Py_NewRef(Py_None);
    tl_interrupt_tb = tb;
  }
}

// ---- Clients (loop.h) ---------------------------------------------------------
// Registered at static initialisation (before any drain), kept sorted by order.
struct Clients {
  static constexpr int kMax = 8;
  LoopClient list[kMax];
  int n = 0;
};
Clients& clients() {
  static Clients c;
  return c;
}

// Calls each registered client's `hook` (in order, or in reverse), with `args`.
template <class Hook, class... Args>
void each_client(Hook LoopClient::*hook, Args... args) {
  Clients& c = clients();
  for (int i = 0; i < c.n; i++)
    if (c.list[i].*hook != nullptr) (c.list[i].*hook)(args...);
}
template <class Hook>
void each_client_reversed(Hook LoopClient::*hook) {
  Clients& c = clients();
  for (int i = c.n - 1; i >= 0; i--)
    if (c.list[i].*hook != nullptr) (c.list[i].*hook)();
}

}  // namespace

bool loop_register_client(const LoopClient& client) {
  Clients& c = clients();
  if (c.n == Clients::kMax) {
    std::fputs("napi_python: too many loop clients\n", stderr);
    std::abort();
  }
  int i = c.n++;
  for (; i > 0 && c.list[i - 1].order > client.order; i--) c.list[i] = c.list[i - 1];
  c.list[i] = client;
  return true;
}

namespace {

// GIL held. Runs up to `max` items of target `t`. Returns how many ran, -1 when a
// drain of `t` is already under way in this thread (a callback is draining: the
// caller would wait on itself), -2 when one is under way in another thread (it
// released the GIL inside a callback; running items here would break their
// order), -3 with an exception set when a callback raised SystemExit or
// KeyboardInterrupt (or a signal handler raised): the items after it wait for the
// next drain.
long drain(Target* t, long max) {
  Bridge& b = bridge();
  if (b.stopped.load(std::memory_order_relaxed) || stopping) return 0;
  unsigned long me = PyThread_get_thread_ident();
  if (t->in_drain) return t->drain_thread == me ? -1 : -2;
  t->in_drain = true;
  t->drain_thread = me;
  Target* outer = tl_draining;
  tl_draining = t;
  uint64_t count;
  while (read(t->fd, &count, sizeof count) < 0 && errno == EINTR) {
  }
  // An exchange, not a store: reading the `true` of a post that did not write the
  // eventfd makes that post's push visible to the pops below (a plain store may be
  // reordered after them: the item would sit in the queue with nobody woken).
  t->armed.exchange(false, std::memory_order_seq_cst);
  each_client(&LoopClient::drain_started);
  collect_producers();
  long n = 0, taken = 0;
  if (t == &b.dflt) {
    Clients& c = clients();
    for (int i = 0; i < c.n; i++)
      if (c.list[i].default_drain != nullptr) n += c.list[i].default_drain();
  }
  Item own[kRun];
  // The target's inbox first (items other drains routed here, in order), then runs
  // from the rings: its own items run straight from the run, the others go to their
  // targets' inboxes. A callback may post for this target (a promise reaction):
  // the next run takes it, before the drain decides that nothing is left.
  while (n < max && !stopping && !interrupted()) {
    if (!t->inbox.empty()) {
      Item item = t->inbox.front();
      t->inbox.pop_front();
      item.task->run(item.task, item.data);
      n++;
      if ((n & (kRun - 1)) == 0) check_signals();
      continue;
    }
    if (taken >= max) break;  // a flood for other targets: come back later
    size_t n_own;
    size_t got = take_run(t, own, static_cast<size_t>(max - n), &n_own);
    if (got == 0) break;
    taken += static_cast<long>(got);
    for (size_t i = 0; i < n_own; i++) {
      own[i].task->run(own[i].task, own[i].data);
      n++;
      if ((n & (kRun - 1)) == 0) check_signals();
      if (interrupted() || stopping) {
        // The rest waits for the next drain, ahead of anything routed since.
        for (size_t j = n_own; j > i + 1; j--) t->inbox.push_front(own[j - 1]);
        break;
      }
    }
  }
  bool more = n >= max || taken >= max;
  each_client(&LoopClient::drain_done);
  tl_draining = outer;
  t->in_drain = false;
  if (more || !t->inbox.empty()) arm(t);  // come back after the loop's other work
  if (interrupted()) {
    PyErr_Restore(tl_interrupt_type, tl_interrupt_value, tl_interrupt_tb);
    tl_interrupt_type = tl_interrupt_value = tl_interrupt_tb = nullptr;
    return -3;
  }
  return n;
}

// GIL held: a target whose loop is closed is detached: its queued items go to the
// default target, and it is free for the next new loop. The default target's
// adopter is forgotten once closed.
void detach(Target* t) {
  Bridge& b = bridge();
  if (!t->inbox.empty()) {
    for (const Item& item : t->inbox) b.dflt.inbox.push_back(item);
    t->inbox.clear();
    arm(&b.dflt);
  }
  Py_CLEAR(t->loop);
  Py_CLEAR(t->is_running);
  if (adopter == t) {
    adopter = nullptr;
    Py_CLEAR(b.dflt.loop);
    Py_CLEAR(b.dflt.is_running);
    each_client(&LoopClient::default_adopted, false);
  }
}

void sweep_closed() {
  for (Target* t : bridge().targets)
    if (t->loop != nullptr && call_truth(t->loop, "is_closed") != 0) detach(t);
}

PyObject* api_loop_drain(PyObject* self, PyObject* const* args, Py_ssize_t nargs);
PyMethodDef loop_drain_def = {
    "loop_drain", reinterpret_cast<PyCFunction>(reinterpret_cast<void*>(api_loop_drain)),
    METH_FASTCALL, "loop_drain(max): a target's drain, as its loop's fd reader."};

// GIL held: registers `t`'s reader with `loop` (running in this thread). False
// (reported) when the loop refuses.
bool add_reader(PyObject* loop, Target* t) {
  if (t->reader == nullptr) {
    PyObject* self = PyLong_FromVoidPtr(t);
    t->reader = self ? PyCFunction_New(&loop_drain_def, self) : nullptr;
    Py_XDECREF(self);
    if (t->reader == nullptr) {
      report_async_exception("napi_python: cannot register with the running event loop");
      return false;
    }
  }
  PyObject* r = PyObject_CallMethod(loop, "add_reader", "iOl", t->fd, t->reader, kMaxPerDrain);
  if (r == nullptr) {
    report_async_exception("napi_python: cannot register with the running event loop");
    return false;
  }
  Py_DECREF(r);
  return true;
}

void set_loop(Target* t, PyObject* loop, unsigned long me) {
  Py_XSETREF(t->loop, Py_NewRef(loop));
  Py_XSETREF(t->is_running, PyObject_GetAttrString(loop, "is_running"));
  if (t->is_running == nullptr) PyErr_Clear();
  t->has_thread_id = is_asyncio_base_loop(loop);
  t->thread = me;
}

// GIL held: the default target's items are delivered by `t`'s loop (running here)
// unless a loop already delivers them from another thread.
void adopt_default(Target* t, unsigned long me) {
  Bridge& b = bridge();
  if (adopter == t) return;
  PyObject* old = b.dflt.loop != nullptr ? Py_NewRef(b.dflt.loop) : nullptr;
  if (old != nullptr && call_truth(old, "is_closed") == 0 &&
      call_truth(old, "is_running") == 1 && b.dflt.thread != me) {
    Py_DECREF(old);  // a loop in another thread delivers them
    return;
  }
  if (adopter == t) {  // (the calls above may let another thread run)
    Py_XDECREF(old);
    return;
  }
  // Adopted before the reader moves, which may let another thread run meanwhile.
  adopter = t;
  set_loop(&b.dflt, t->loop, me);
  if (old != nullptr && old != t->loop && call_truth(old, "is_closed") == 0) {
    PyObject* r = PyObject_CallMethod(old, "remove_reader", "i", b.dflt.fd);
    if (r == nullptr) PyErr_Clear();
    Py_XDECREF(r);
  }
  Py_XDECREF(old);
  if (adopter == t && !add_reader(t->loop, &b.dflt)) {
    adopter = nullptr;
    Py_CLEAR(b.dflt.loop);
    Py_CLEAR(b.dflt.is_running);
  } else {
    each_client(&LoopClient::default_adopted, true);
  }
}

// GIL held: the target of `loop`, running in this thread: found, or made (a free
// one reused); nullptr when the loop refuses the reader.
Target* target_of_running(PyObject* loop, unsigned long me) {
  Bridge& b = bridge();
  Target* found = nullptr;
  for (Target* t : b.targets) {
    if (t->loop == loop) {
      found = t;
      break;
    }
  }
  if (found == nullptr) {
    // A new loop: forget the closed ones first (their items go to the default
    // target, which this loop may adopt below).
    sweep_closed();
    for (Target* t : b.targets) {
      if (t->loop == nullptr) {
        found = t;
        break;
      }
    }
    bool fresh = found == nullptr;
    if (fresh) found = new Target();
    if (found->fd < 0) {
      if (fresh) delete found;  // its fd never reached a producer
      return nullptr;
    }
    if (fresh) b.targets.push_back(found);
    // Taken before add_reader, which may let another thread run (and look for a
    // free target) while it registers.
    set_loop(found, loop, me);
    if (!add_reader(loop, found)) {
      detach(found);
      return nullptr;
    }
  } else {
    found->thread = me;
  }
  adopt_default(found, me);
  return found;
}

// ---- The functions the Python package calls ---------------------------------

// GIL held: what a thread with no running loop may drain: the default target
// unless its loop delivers it from another thread, and every target whose loop is
// not running. Appends them to `out`; returns whether a loop running in another
// thread delivers some target.
bool idle_targets(std::vector<Target*>& out) {
  Bridge& b = bridge();
  sweep_closed();
  bool elsewhere = false;
  Where w = where(&b.dflt);
  if (w == Where::elsewhere)
    elsewhere = true;
  else
    out.push_back(&b.dflt);
  for (Target* t : b.targets) {
    if (t->loop == nullptr) continue;
    w = where(t);
    if (w == Where::elsewhere)
      elsewhere = true;
    else if (w == Where::not_running)
      out.push_back(t);
  }
  return elsewhere;
}

// GIL held: the targets this thread drains: its running loop's (and the default
// one if that loop adopted it), or with no loop, the idle ones.
bool drainable(std::vector<Target*>& out) {
  if (tl_reader != nullptr) {
    out.push_back(tl_reader);
    if (adopter == tl_reader) out.push_back(&bridge().dflt);
    return false;
  }
  PyObject* loop = running_loop();
  if (loop != nullptr) {
    for (Target* t : bridge().targets) {
      if (t->loop == loop) {
        out.push_back(t);
        if (adopter == t) out.push_back(&bridge().dflt);
      }
    }
    Py_DECREF(loop);
    return false;
  }
  return idle_targets(out);
}

}  // namespace

// GIL held, a thread with no running loop (the end of a per-thread env, loop.h):
// the idle targets, without asking asyncio for this thread's loop (the thread
// state may be half cleared: an object attached to it now would leak).
long loop_drain_idle(long max) {
  std::vector<Target*> targets;
  idle_targets(targets);
  long total = 0;
  for (Target* t : targets) {
    long n = drain(t, max);
    if (n == -3) return -3;
    if (n > 0) total += n;
  }
  return total;
}

namespace {

// napi_python_drain (core_api.h), GIL held.
long api_drain(long max) {
  if (PyErr_CheckSignals() < 0) return -3;  // Ctrl-C in run_pending's loop
  std::vector<Target*> targets;
  bool elsewhere = drainable(targets);
  long total = 0;
  bool nested = false;
  for (Target* t : targets) {
    long n = drain(t, max);
    if (n == -3) return -3;
    if (n == -1) nested = true;
    if (n > 0) total += n;  // -2: another thread drains it; its callbacks run there
  }
  if (total == 0 && nested) return -1;
  if (total == 0 && targets.empty() && elsewhere) return -2;
  if (total > 0) {
    // Let the other Python threads run between batches: a caller looping over
    // drains while native threads keep posting (run_pending, result()) would
    // otherwise keep the GIL (no bytecode runs here to hand it over).
    Py_BEGIN_ALLOW_THREADS
    Py_END_ALLOW_THREADS
  }
  return total;
}

// The reader of one target (self: its address): a drain, noting the loop's thread.
PyObject* api_loop_drain(PyObject* self, PyObject* const* args, Py_ssize_t nargs) {
  auto* t = static_cast<Target*>(PyLong_AsVoidPtr(self));
  long max = kMaxPerDrain;
  if (nargs > 0) {
    max = PyLong_AsLong(args[0]);
    if (max == -1 && PyErr_Occurred()) return nullptr;
  }
  unsigned long me = PyThread_get_thread_ident();
  // The loop running this reader: the target itself, or for the default target the
  // loop that adopted it.
  Target* running = t == &bridge().dflt ? adopter : t;
  if (running == nullptr || running->loop == nullptr) {
    // Detached (the loop closed, or the default target lost its adopter) while the
    // reader was still registered: nothing of ours runs here.
    uint64_t count;
    while (read(t->fd, &count, sizeof count) < 0 && errno == EINTR) {
    }
    Py_RETURN_NONE;
  }
  running->thread = me;
  if (t == &bridge().dflt) t->thread = me;
  Target* outer = tl_reader;
  tl_reader = running;
  long n = drain(t, max);
  tl_reader = outer;
  if (n == -3) return nullptr;
  Py_RETURN_NONE;
}

// napi_python_wait (core_api.h), GIL held.
int api_wait(double timeout) {
  int ms = timeout < 0 ? -1
           : timeout > 86400 ? 86400000
                             : static_cast<int>(std::ceil(timeout * 1000));
  std::vector<Target*> targets;
  drainable(targets);
  if (targets.empty()) return -1;
  std::vector<struct pollfd> fds;
  for (Target* t : targets) {
    fds.push_back({t->fd, POLLIN, 0});
    if (t == &bridge().dflt) {
      // What a client runs with the default target's drains (libuv: its backend
      // fd, and its next timer).
      Clients& c = clients();
      for (int i = 0; i < c.n; i++) {
        if (c.list[i].default_wait == nullptr) continue;
        int fd = c.list[i].default_wait(&ms);
        if (fd >= 0) fds.push_back({fd, POLLIN, 0});
      }
    }
  }
  int r;
  Py_BEGIN_ALLOW_THREADS
  r = poll(fds.data(), fds.size(), ms);
  Py_END_ALLOW_THREADS
  if (r < 0 && errno != EINTR) {
    PyErr_SetFromErrno(PyExc_OSError);
    return -2;
  }
  if (r < 0 && PyErr_CheckSignals() < 0) return -2;
  return r > 0 ? 1 : 0;
}

// napi_python_post (core_api.h), GIL held.
int api_post(PyObject* fn, PyObject* loop) {
  if (fn == nullptr || !PyCallable_Check(fn)) {
    PyErr_SetString(PyExc_TypeError, "post() needs a callable");
    return -1;
  }
  if (stopping) return 0;
  Target* target = tl_reader;
  if (target == nullptr) {
    PyObject* running = nullptr;
    target = loop_target(nullptr, &running);
    if (running == nullptr && loop != nullptr && loop != Py_None) {
      for (Target* t : bridge().targets)
        if (t->loop == loop) target = t;
    }
    Py_XDECREF(running);
  }
  loop_post(&py_call_task, Py_NewRef(fn), target);  // DECREFed by py_call_run /
                                                     // py_call_discard
  return 1;
}

// ---- fork (docs/guide.rst, "Fork") --------------------------------------------
// os.register_at_fork hooks (_loop_bridge.pxi), GIL held, in the forking thread. Items
// queued before the fork are copies in the child: both processes deliver theirs.
//
// Between the hook before fork() and the hooks after it, Python code runs: hooks
// registered by others, Python 3.12's DeprecationWarning about forking with
// threads (in the parent, before its hooks), threading's and asyncio's hooks (in
// the child, before ours), and with them garbage collections, whose callback runs
// queued finalizers and deferred reference operations, which take the pool's and
// the references' mutexes. So no hook holds a mutex for the next one: the mutexes
// that must be whole in the child are held only inside fork() itself, by
// pthread_atfork handlers, where neither Python nor an addon runs.

// Set by the hook before fork(), cleared by the ones after it. While set, the
// forking thread holds the GIL, so the pthread_atfork child handler may walk what
// the GIL guards. (Read there, in the forking thread; atomic for the rare fork()
// of another thread, which only the mutexes concern.)
std::atomic<bool> fork_prepared{false};

void api_fork_prepare() {
  if (fork_prepared.load()) return;
  each_client(&LoopClient::fork_prepare);  // may release the GIL (async work: executes finish)
  fork_prepared.store(true);
}

void api_fork_parent() {
  if (!fork_prepared.exchange(false)) return;
  each_client_reversed(&LoopClient::fork_parent);
}

// pthread_atfork handlers: every fork() of the process, through Python or not
// (subprocess's, an addon's). The child runs them before anything else.
void atfork_prepare() {
  each_client(&LoopClient::atfork_prepare);
  references_atfork_prepare();
}
void atfork_parent() {
  references_atfork_parent();
  each_client_reversed(&LoopClient::atfork_parent);
}
void atfork_child() {
  references_atfork_child();
  each_client(&LoopClient::atfork_child);
  if (fork_prepared.load()) each_client(&LoopClient::child_with_gil);  // the forking
                                                                       // thread holds it
}

// GIL held: gives `t` an eventfd of its own (the inherited one is the parent's
// file: a wake written or read here would be the parent's), at the same number
// (threads of the child may already hold it), unarmed.
void renew_fd(Target* t) {
  int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd >= 0 && t->fd >= 0) {
    if (dup3(fd, t->fd, O_CLOEXEC) < 0) {
      close(t->fd);  // (never expected) the new fd serves, and the old one is gone
      t->fd = fd;
    } else {
      close(fd);
    }
  } else if (fd >= 0) {
    t->fd = fd;
  } else {
    close(t->fd);  // out of fds: the target is unusable (the next drain finds fd < 0)
    t->fd = -1;
  }
  t->armed.store(false);
}

// The child (one thread). The parent's loops are not the child's: every target is
// detached, without telling those loops (their selectors are the parent's too:
// removing our reader from one would remove the parent's registration); the child
// must create its own loop, as asyncio requires. The producers of the parent's
// other threads are finished once their rings are empty; items already queued are
// delivered by the default target, until a loop of the child takes them.
void api_fork_child() {
  // Not prepared: forked by a caller of PyOS_AfterFork_Child that skipped
  // PyOS_BeforeFork; the threadsafe functions are renewed here instead.
  bool prepared = fork_prepared.exchange(false);
  Bridge& b = bridge();
  collect_producers();
  for (Producer* p : b.producers)
    if (p != tl_producer) p->exited.store(true, std::memory_order_release);
  unsigned long me = PyThread_get_thread_ident();
  std::vector<Target*> all(b.targets);
  all.push_back(&b.dflt);
  for (Target* t : all) {
    renew_fd(t);
    if (t->in_drain && t->drain_thread != me) t->in_drain = false;  // that thread is gone
  }
  for (Target* t : b.targets) {
    for (const Item& item : t->inbox) b.dflt.inbox.push_back(item);
    t->inbox.clear();
    Py_CLEAR(t->loop);
    Py_CLEAR(t->is_running);
  }
  adopter = nullptr;
  Py_CLEAR(b.dflt.loop);
  Py_CLEAR(b.dflt.is_running);
  tl_target = nullptr;
  if (b.dflt.fd >= 0) arm(&b.dflt);  // what is queued runs at the child's first drain
  each_client(&LoopClient::fork_child);  // (they may post: after the bridge is the child's)
  if (!prepared) each_client(&LoopClient::child_with_gil);
}

// Whether a loop running in another thread delivers some of the async callbacks
// (a promise waited for here may be settled there).
bool api_loop_elsewhere() {
  std::vector<Target*> targets;
  return idle_targets(targets);
}

}  // namespace

void loop_post(LoopTask* task, void* data, Target* target) {
  Bridge& b = bridge();
  Producer* p = tl_producer;
  if (p == nullptr) {
    p = register_producer();
    if (tl_exiting) {
      // The thread is ending: this producer serves one post, then counts as exited.
      push(p, Item{task, data, target, b.posts.fetch_add(1, std::memory_order_relaxed)});
      p->exited.store(true, std::memory_order_release);
      arm(target);
      return;
    }
    tl_guard.armed = true;  // constructs the guard: its destructor runs at thread exit
    tl_producer = p;
  }
  push(p, Item{task, data, target, b.posts.fetch_add(1, std::memory_order_relaxed)});
  arm(target);
}

bool loop_stopped() { return stopping; }

void loop_request_drain(Target* target) { arm(target); }

Target* loop_target(bool* runs_here, PyObject** running) {
  Bridge& b = bridge();
  if (runs_here != nullptr) *runs_here = false;
  if (running != nullptr) *running = nullptr;
  if (stopping) return &b.dflt;
  // Inside a loop's reader, or while the loop last attached here runs here (the
  // usual case: no need to ask asyncio for the running loop, which costs a
  // getpid() system call on Python <= 3.11).
  Target* t = tl_reader;
  if (t == nullptr && tl_target != nullptr && where(tl_target) == Where::here) t = tl_target;
  if (t != nullptr) {
    if (runs_here != nullptr) *runs_here = true;
    if (running != nullptr) *running = Py_NewRef(t->loop);
    return t;
  }
  PyObject *et, *ev, *etb;
  PyErr_Fetch(&et, &ev, &etb);
  PyObject* loop = running_loop();
  if (loop != nullptr) t = target_of_running(loop, PyThread_get_thread_ident());
  if (t != nullptr) {
    tl_target = t;
    if (runs_here != nullptr) *runs_here = true;
  } else {
    t = &b.dflt;
  }
  if (running != nullptr)
    *running = loop;
  else
    Py_XDECREF(loop);
  PyErr_Restore(et, ev, etb);
  return t;
}

Target* loop_default_target() { return &bridge().dflt; }

void loop_adopt_default() {
  if (stopping || (adopter != nullptr && where(adopter) == Where::here)) return;
  bool here = false;
  Target* t = loop_target(&here);  // (a new loop's target adopts it on the way)
  // (adopt_default keeps an adopter whose loop runs in another thread)
  if (here && adopter != t && t != &bridge().dflt) adopt_default(t, PyThread_get_thread_ident());
}

bool loop_drain_requested(Target* target) {
  return target->armed.load(std::memory_order_relaxed);
}

PyObject* loop_default_reader() { return bridge().dflt.reader; }

PyObject* loop_reader_loop() { return tl_reader != nullptr ? tl_reader->loop : nullptr; }

PyObject* loop_driving_default() {
  return tl_reader != nullptr && tl_reader == adopter ? tl_reader->loop : nullptr;
}

int loop_none_running_here() {
  if (tl_reader != nullptr || get_running_loop_fn == nullptr || PyErr_Occurred()) return -1;
  PyObject* loop = PyObject_CallNoArgs(get_running_loop_fn);
  if (loop == nullptr) {
    PyErr_Clear();
    return -1;
  }
  int none = loop == Py_None;
  Py_DECREF(loop);
  return none;
}

void report_async_exception(const char* what) {
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  if (type == nullptr) return;
  PyErr_NormalizeException(&type, &value, &tb);
  if (tb != nullptr) PyException_SetTraceback(value, tb);
  if (tl_draining != nullptr && (PyErr_GivenExceptionMatches(type, PyExc_SystemExit) ||
                                 PyErr_GivenExceptionMatches(type, PyExc_KeyboardInterrupt))) {
    // As asyncio does with its callbacks: out of the drain, to whoever runs it.
    if (!interrupted()) {
      tl_interrupt_type = type;
      tl_interrupt_value = value;
      tl_interrupt_tb = tb;
      return;
    }
    // A second one before the drain stopped: the first wins (asyncio would never
    // have run the callback that raised this one).
    Py_DECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    return;
  }
  if (PyErr_GivenExceptionMatches(type, PyExc_KeyboardInterrupt)) {
    PyErr_Restore(type, value, tb);  // no drain to hand it to: raised again (env.h)
    if (rearm_keyboard_interrupt()) return;
    PyErr_Fetch(&type, &value, &tb);
  }
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

// Exceptions an addon leaves where nobody waits (call_into_module, env.h) come here.
static const bool uncaught_reporter_set = (set_uncaught_reporter(report_async_exception), true);

// Interpreter exit: the clients stop (async work not started is cancelled,
// threadsafe functions are closed: their finalizers run) and wait (the `execute`
// callbacks under way return), whatever is still queued is discarded (finished
// async work runs its complete, other items free what they own), and the clients
// finish; nothing runs afterwards.
static bool any_client_busy() {
  Clients& c = clients();
  for (int i = 0; i < c.n; i++)
    if (c.list[i].exit_busy != nullptr && c.list[i].exit_busy()) return true;
  return false;
}

// Interpreter exit, first: while async work is queued or running, or a referenced
// threadsafe function is not yet finalized (for a bounded time: tsfn.cc), the loop
// runs as under run_pending() (completes, threadsafe-function calls and their
// finalizers: node-addon-api's AsyncProgressWorker calls OnOK from its function's
// finalizer), as Node's loop runs until its thread-pool work is done and its
// referenced handles are closed before its process ends. Completes may queue more:
// bounded rounds. Nothing of this when nothing is in flight.
static void run_loop_while_busy() {
  constexpr int kRounds = 1000;
  if (!any_client_busy()) return;
  // -3: a callback raised SystemExit or KeyboardInterrupt, or Ctrl-C: reported, and
  // the exit goes on without running the loop any more (the executes under way are
  // still waited for; queued work still runs, its complete off the loop).
  bool interrupted = false;
  auto drain_once = [&interrupted] {
    long n = api_drain(kMaxPerDrain);
    if (n == -3) {
      PyErr_WriteUnraisable(nullptr);
      interrupted = true;
    }
    return n;
  };
  for (int round = 0; round < kRounds; round++) {
    while (!interrupted && any_client_busy())
      if (drain_once() <= 0 && !interrupted) each_client(&LoopClient::exit_wait_progress);
    // Idle: the completes the last executes posted run (they may queue more).
    // Bounded: native threads may post calls for ever (a threadsafe function whose
    // wait has ended, or an unreferenced one).
    for (int idle = 0; idle < kRounds; idle++)
      if (interrupted || drain_once() <= 0 || any_client_busy()) break;
    if (interrupted || !any_client_busy()) return;
  }
}

void loop_exit_wait_posts(int ms) {
  std::vector<Target*> targets;
  drainable(targets);
  std::vector<struct pollfd> fds;
  for (Target* t : targets) fds.push_back({t->fd, POLLIN, 0});
  Py_BEGIN_ALLOW_THREADS
  poll(fds.data(), fds.size(), ms);  // (no fd: a plain sleep)
  Py_END_ALLOW_THREADS
}

void async_teardown() {
  if (stopping) return;
  run_loop_while_busy();
  stopping = true;
  each_client(&LoopClient::exit_stop);
  each_client(&LoopClient::exit_wait);
  Bridge& b = bridge();
  std::vector<Target*> all(b.targets);
  all.push_back(&b.dflt);
  auto discard_inboxes = [&] {
    for (Target* t : all) {
      while (!t->inbox.empty()) {
        Item item = t->inbox.front();
        t->inbox.pop_front();
        item.task->discard(item.task, item.data);
      }
    }
  };
  discard_inboxes();
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
  discard_inboxes();  // (nothing routes any more; a discard may not post either)
  each_client(&LoopClient::exit_finish);
  b.stopped.store(true);
  for (Target* t : all) {
    if (t->loop != nullptr && call_truth(t->loop, "is_closed") == 0) {
      PyObject* r = PyObject_CallMethod(t->loop, "remove_reader", "i", t->fd);
      if (r == nullptr) PyErr_Clear();
      Py_XDECREF(r);
    }
    Py_CLEAR(t->loop);
    Py_CLEAR(t->is_running);
  }
  adopter = nullptr;
}

void async_exit_settle(bool final) { each_client(&LoopClient::exit_settle, final); }
void async_env_ending(napi_env env) { each_client(&LoopClient::env_ending, env); }
void async_env_ended(napi_env env) { each_client(&LoopClient::env_ended, env); }

}  // namespace napi_python

using namespace napi_python;

// The loop of this thread's current target when it runs here (cheap), else asking
// asyncio.
static Target* current_here() {
  if (tl_reader != nullptr) return tl_reader;
  if (tl_target != nullptr && where(tl_target) == Where::here) return tl_target;
  return nullptr;
}

NAPI_EXPORT PyObject* napi_python_running_loop(void) {
  Target* t = current_here();
  PyObject* loop = t != nullptr ? Py_NewRef(t->loop) : running_loop();
  return loop != nullptr ? loop : Py_NewRef(Py_None);
}

NAPI_EXPORT int napi_python_loop_runs_here(PyObject* loop) {
  if (loop == nullptr || loop == Py_None) return 0;
  Target* t = current_here();
  if (t != nullptr) return t->loop == loop;
  PyObject* running = running_loop();
  Py_XDECREF(running);
  return running != nullptr && running == loop;
}

int napi_python::loop_init() {
  static std::once_flag atfork_once;
  std::call_once(atfork_once, [] { pthread_atfork(atfork_prepare, atfork_parent, atfork_child); });
  if (bridge().dflt.fd < 0) {
    errno = errno ? errno : EMFILE;
    PyErr_SetFromErrno(PyExc_OSError);
    return -1;
  }
  return 0;
}

NAPI_EXPORT long napi_python_drain(long max) { return api_drain(max); }
NAPI_EXPORT int napi_python_wait(double timeout) { return api_wait(timeout); }
NAPI_EXPORT int napi_python_post(PyObject* fn, PyObject* loop) { return api_post(fn, loop); }
NAPI_EXPORT void napi_python_attach(void) { loop_target(); }
NAPI_EXPORT int napi_python_loop_elsewhere(void) { return api_loop_elsewhere() ? 1 : 0; }
NAPI_EXPORT void napi_python_fork_prepare(void) { api_fork_prepare(); }
NAPI_EXPORT void napi_python_fork_parent(void) { api_fork_parent(); }
NAPI_EXPORT void napi_python_fork_child(void) { api_fork_child(); }
