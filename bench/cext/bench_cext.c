/* The CPython floor: a hand-written extension module doing the same work as
 * bench/addon/bench_addon.c, the way a careful extension author would write it
 * (METH_FASTCALL / METH_NOARGS, no argument-parsing helpers, vectorcall for the
 * callback). napi-python cannot be faster than this; the benchmark reports how far
 * from it the Node-API path is.
 *
 * Built by bench/run.py against the running interpreter's headers.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

/* add(a, b) -> float */
static PyObject *add(PyObject *mod, PyObject *const *args, Py_ssize_t nargs) {
  double a, b;
  if (nargs != 2) {
    PyErr_SetString(PyExc_TypeError, "add() takes 2 arguments");
    return NULL;
  }
  a = PyFloat_AsDouble(args[0]);
  if (a == -1.0 && PyErr_Occurred()) return NULL;
  b = PyFloat_AsDouble(args[1]);
  if (b == -1.0 && PyErr_Occurred()) return NULL;
  return PyFloat_FromDouble(a + b);
}

static PyObject *noop(PyObject *mod, PyObject *unused) {
  Py_RETURN_NONE;
}

/* echo_str(s): copies the UTF-8 bytes into a stack buffer (as the addon does, and
 * truncated the same way) and makes a new str from them. */
static PyObject *echo_str(PyObject *mod, PyObject *const *args, Py_ssize_t nargs) {
  char buf[256];
  const char *utf8;
  Py_ssize_t len;
  if (nargs != 1) {
    PyErr_SetString(PyExc_TypeError, "echo_str() takes 1 argument");
    return NULL;
  }
  utf8 = PyUnicode_AsUTF8AndSize(args[0], &len);
  if (utf8 == NULL) return NULL;
  if (len > (Py_ssize_t)sizeof buf - 1) len = sizeof buf - 1;
  memcpy(buf, utf8, (size_t)len);
  buf[len] = '\0';
  return PyUnicode_FromStringAndSize(buf, len);
}

/* make_obj() -> {'x': 1, 'y': 'a'} */
static PyObject *make_obj(PyObject *mod, PyObject *unused) {
  PyObject *obj, *v;
  obj = PyDict_New();
  if (obj == NULL) return NULL;
  v = PyLong_FromLong(1);
  if (v == NULL || PyDict_SetItemString(obj, "x", v) < 0) goto fail;
  Py_DECREF(v);
  v = PyUnicode_FromStringAndSize("a", 1);
  if (v == NULL || PyDict_SetItemString(obj, "y", v) < 0) goto fail;
  Py_DECREF(v);
  return obj;
fail:
  Py_XDECREF(v);
  Py_DECREF(obj);
  return NULL;
}

/* make_obj_n(n) -> {'p0': 0, ..., 'p<n-1>': n-1}: a dict with n new string keys. */
static PyObject *make_obj_n(PyObject *mod, PyObject *arg) {
  long n = PyLong_AsLong(arg), i;
  PyObject *obj;
  if (n == -1 && PyErr_Occurred()) return NULL;
  obj = PyDict_New();
  if (obj == NULL) return NULL;
  for (i = 0; i < n; i++) {
    PyObject *key = PyUnicode_FromFormat("p%ld", i), *v = PyLong_FromLong(i);
    if (key == NULL || v == NULL || PyDict_SetItem(obj, key, v) < 0) {
      Py_XDECREF(key);
      Py_XDECREF(v);
      Py_DECREF(obj);
      return NULL;
    }
    Py_DECREF(key);
    Py_DECREF(v);
  }
  return obj;
}

/* make_objects(n) -> [{'id': i, 'name': 'item', 'score': i * 0.5, 'flag': i odd,
 * 'tag': None}, ...]: n dicts of 5 items in one list. */
static PyObject *make_objects(PyObject *mod, PyObject *arg) {
  long n = PyLong_AsLong(arg), i;
  PyObject *list;
  if (n == -1 && PyErr_Occurred()) return NULL;
  list = PyList_New(n);
  if (list == NULL) return NULL;
  for (i = 0; i < n; i++) {
    PyObject *obj = PyDict_New(), *id, *name, *score;
    if (obj == NULL) goto fail;
    PyList_SET_ITEM(list, i, obj);
    id = PyLong_FromLong(i);
    name = PyUnicode_FromStringAndSize("item", 4);
    score = PyFloat_FromDouble(i * 0.5);
    if (id == NULL || name == NULL || score == NULL ||
        PyDict_SetItemString(obj, "id", id) < 0 ||
        PyDict_SetItemString(obj, "name", name) < 0 ||
        PyDict_SetItemString(obj, "score", score) < 0 ||
        PyDict_SetItemString(obj, "flag", (i & 1) ? Py_True : Py_False) < 0 ||
        PyDict_SetItemString(obj, "tag", Py_None) < 0) {
      Py_XDECREF(id);
      Py_XDECREF(name);
      Py_XDECREF(score);
      goto fail;
    }
    Py_DECREF(id);
    Py_DECREF(name);
    Py_DECREF(score);
  }
  return list;
fail:
  Py_DECREF(list);
  return NULL;
}

/* sum_array(list) -> float: one item fetch and one float conversion per element,
 * the counterpart of napi_get_element + napi_get_value_double. */
static PyObject *sum_array(PyObject *mod, PyObject *const *args, Py_ssize_t nargs) {
  PyObject *seq;
  Py_ssize_t i, n;
  double sum = 0, v;
  if (nargs != 1) {
    PyErr_SetString(PyExc_TypeError, "sum_array() takes 1 argument");
    return NULL;
  }
  seq = args[0];
  n = PySequence_Size(seq);
  if (n < 0) return NULL;
  for (i = 0; i < n; i++) {
    PyObject *item;
    if (PyList_CheckExact(seq)) {
      item = PyList_GET_ITEM(seq, i);
      Py_INCREF(item);
    } else {
      item = PySequence_GetItem(seq, i);
      if (item == NULL) return NULL;
    }
    v = PyFloat_AsDouble(item);
    Py_DECREF(item);
    if (v == -1.0 && PyErr_Occurred()) return NULL;
    sum += v;
  }
  return PyFloat_FromDouble(sum);
}

/* call_cb(cb, n): calls cb(i) for i in [0, n), returns None. */
static PyObject *call_cb(PyObject *mod, PyObject *const *args, Py_ssize_t nargs) {
  long i, n;
  if (nargs != 2) {
    PyErr_SetString(PyExc_TypeError, "call_cb() takes 2 arguments");
    return NULL;
  }
  n = PyLong_AsLong(args[1]);
  if (n == -1 && PyErr_Occurred()) return NULL;
  for (i = 0; i < n; i++) {
    PyObject *arg = PyLong_FromLong(i), *ret;
    if (arg == NULL) return NULL;
    ret = PyObject_CallOneArg(args[0], arg);
    Py_DECREF(arg);
    if (ret == NULL) return NULL;
    Py_DECREF(ret);
  }
  Py_RETURN_NONE;
}

/* hash_buffer(buf) -> int: the bytes read in place through the buffer protocol,
 * the same hash as bench_addon.c. */
static uint32_t hash_bytes(const uint8_t *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull, w;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 0x100000001b3ull;
  }
  for (; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return (uint32_t)(h ^ (h >> 32));
}

static PyObject *hash_buffer(PyObject *mod, PyObject *arg) {
  Py_buffer view;
  uint32_t h;
  if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) return NULL;
  h = hash_bytes(view.buf, (size_t)view.len);
  PyBuffer_Release(&view);
  return PyLong_FromUnsignedLong(h);
}

/* make_buffer(n) -> n bytes copied from the same static pattern as the addon. */
#define PATTERN_SIZE (1 << 20)
static uint8_t pattern[PATTERN_SIZE];

static PyObject *make_buffer(PyObject *mod, PyObject *arg) {
  Py_ssize_t n = PyLong_AsSsize_t(arg);
  if (n == -1 && PyErr_Occurred()) return NULL;
  if (n < 0 || n > PATTERN_SIZE) {
    PyErr_SetString(PyExc_ValueError, "make_buffer: at most 1 MiB");
    return NULL;
  }
  return PyBytes_FromStringAndSize((const char *)pattern, n);
}

/* ---- The asynchronous floors ---------------------------------------------------
 * What a careful hand-written extension does for the two throughput rows, with the
 * same shape as the addon's work: a C thread pool resolving asyncio futures, and a
 * native thread calling a Python callback through a queue. Both wake the loop with
 * one eventfd write per batch (a reader registered with loop.add_reader) and run at
 * most 1024 items per wake, as napi-python does. */

#define MAX_PER_DRAIN 1024

static PyObject *get_running_loop;  /* asyncio.get_running_loop */

static int ensure_asyncio(void) {
  if (get_running_loop == NULL) {
    PyObject *mod = PyImport_ImportModule("asyncio");
    if (mod == NULL) return -1;
    get_running_loop = PyObject_GetAttrString(mod, "get_running_loop");
    Py_DECREF(mod);
    if (get_running_loop == NULL) return -1;
  }
  return 0;
}

static void signal_fd(int fd) {
  uint64_t one = 1;
  while (write(fd, &one, sizeof one) < 0 && errno == EINTR) {
  }
}

static void clear_fd(int fd) {
  uint64_t count;
  while (read(fd, &count, sizeof count) < 0 && errno == EINTR) {
  }
}

/* loop.add_reader(fd, fn) with `fn` a builtin bound to `self`; 0 or -1. */
static int add_reader(PyObject *loop, int fd, PyMethodDef *def, PyObject *self) {
  PyObject *fn = PyCFunction_New(def, self), *r;
  if (fn == NULL) return -1;
  r = PyObject_CallMethod(loop, "add_reader", "iO", fd, fn);
  Py_DECREF(fn);
  if (r == NULL) return -1;
  Py_DECREF(r);
  return 0;
}

/* async_add(a, b) -> an asyncio future of the running loop, resolved with a + b
 * computed on one of 4 pool threads. */
typedef struct Job {
  struct Job *next;
  double a, b, sum;
  PyObject *fut;
} Job;

static struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  Job *todo, *todo_tail;    /* mu */
  Job *done, *done_tail;    /* mu */
  atomic_int armed;
  int fd;
  int started;              /* GIL */
  int woke, deferred;       /* a job since the last drain woke a thread; more wait (GIL) */
  PyObject *loop;           /* the loop whose reader drains `done` (GIL) */
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};

static void *pool_worker(void *unused) {
  for (;;) {
    Job *j;
    pthread_mutex_lock(&pool.mu);
    while (pool.todo == NULL) pthread_cond_wait(&pool.cv, &pool.mu);
    j = pool.todo;
    pool.todo = j->next;
    pthread_mutex_unlock(&pool.mu);
    j->sum = j->a + j->b;
    j->next = NULL;
    pthread_mutex_lock(&pool.mu);
    if (pool.done == NULL) pool.done = j; else pool.done_tail->next = j;
    pool.done_tail = j;
    pthread_mutex_unlock(&pool.mu);
    if (!atomic_exchange(&pool.armed, 1)) signal_fd(pool.fd);
  }
  return NULL;
}

static PyObject *pool_drain(PyObject *unused_self, PyObject *unused) {
  Job *j, *rest;
  int n = 0;
  clear_fd(pool.fd);
  atomic_store(&pool.armed, 0);
  pool.woke = 0;
  if (pool.deferred) {  /* jobs queued after the first since the last drain */
    pool.deferred = 0;
    pthread_cond_broadcast(&pool.cv);
  }
  pthread_mutex_lock(&pool.mu);
  j = pool.done;
  pool.done = pool.done_tail = NULL;
  pthread_mutex_unlock(&pool.mu);
  for (; j != NULL; j = rest, n++) {
    PyObject *v, *r;
    rest = j->next;
    if (n == MAX_PER_DRAIN) {  /* the rest waits for the next wake: put it back */
      Job *tail = j;
      while (tail->next != NULL) tail = tail->next;
      pthread_mutex_lock(&pool.mu);
      tail->next = pool.done;
      if (pool.done == NULL) pool.done_tail = tail;
      pool.done = j;
      pthread_mutex_unlock(&pool.mu);
      if (!atomic_exchange(&pool.armed, 1)) signal_fd(pool.fd);
      break;
    }
    v = PyFloat_FromDouble(j->sum);
    r = v ? PyObject_CallMethod(j->fut, "set_result", "O", v) : NULL;
    Py_XDECREF(v);
    if (r == NULL) PyErr_WriteUnraisable(j->fut);
    Py_XDECREF(r);
    Py_DECREF(j->fut);
    free(j);
  }
  Py_RETURN_NONE;
}

static PyMethodDef pool_drain_def = {"pool_drain", pool_drain, METH_NOARGS, NULL};

static PyObject *async_add(PyObject *mod, PyObject *const *args, Py_ssize_t nargs) {
  PyObject *loop, *fut;
  Job *j;
  int i;
  if (nargs != 2) {
    PyErr_SetString(PyExc_TypeError, "async_add() takes 2 arguments");
    return NULL;
  }
  if (ensure_asyncio() < 0) return NULL;
  if (!pool.started) {
    pool.fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (pool.fd < 0) return PyErr_SetFromErrno(PyExc_OSError);
    for (i = 0; i < 4; i++) {
      pthread_t t;
      if (pthread_create(&t, NULL, pool_worker, NULL) != 0) {
        PyErr_SetString(PyExc_RuntimeError, "pthread_create failed");
        return NULL;
      }
      pthread_detach(t);
    }
    pool.started = 1;
  }
  loop = PyObject_CallNoArgs(get_running_loop);
  if (loop == NULL) return NULL;
  if (loop != pool.loop) {  /* a new loop (the previous one is closed): it drains now */
    if (add_reader(loop, pool.fd, &pool_drain_def, NULL) < 0) {
      Py_DECREF(loop);
      return NULL;
    }
    Py_XSETREF(pool.loop, Py_NewRef(loop));
  }
  fut = PyObject_CallMethod(loop, "create_future", NULL);
  Py_DECREF(loop);
  if (fut == NULL) return NULL;
  j = calloc(1, sizeof *j);
  if (j == NULL) {
    Py_DECREF(fut);
    return PyErr_NoMemory();
  }
  j->a = PyFloat_AsDouble(args[0]);
  j->b = PyFloat_AsDouble(args[1]);
  if (PyErr_Occurred()) {
    free(j);
    Py_DECREF(fut);
    return NULL;
  }
  j->fut = Py_NewRef(fut);
  pthread_mutex_lock(&pool.mu);
  if (pool.todo == NULL) pool.todo = j; else pool.todo_tail->next = j;
  pool.todo_tail = j;
  pthread_mutex_unlock(&pool.mu);
  /* The first job since the last drain wakes a thread; the next ones wait until
   * this loop callback returns (the drain wakes the pool): one wake per batch. */
  if (!pool.woke) {
    pool.woke = 1;
    pthread_cond_signal(&pool.cv);
  } else if (!pool.deferred) {
    pool.deferred = 1;
    if (!atomic_exchange(&pool.armed, 1)) signal_fd(pool.fd);
  }
  return fut;
}

/* tsfn_run(cb, n) -> an asyncio future resolved with the number of calls delivered:
 * one native thread queues n indices (a mutex-protected array, as Node's own
 * threadsafe functions queue calls), each delivered as cb(i) on the loop thread. */
typedef struct {
  pthread_mutex_t mu;
  uint32_t *in;             /* producer appends here (mu) */
  size_t in_len, in_cap;
  uint32_t *out;            /* the drain's batch */
  size_t out_len, out_pos, out_cap;
  atomic_int armed;
  int fd;
  uint32_t n, delivered;
  pthread_t thread;
  PyObject *cb, *fut, *loop;
} Feed;

static void *feed_producer(void *arg) {
  Feed *f = arg;
  uint32_t i;
  for (i = 0; i < f->n; i++) {
    pthread_mutex_lock(&f->mu);
    if (f->in_len == f->in_cap) {
      f->in_cap = f->in_cap ? f->in_cap * 2 : 1024;
      f->in = realloc(f->in, f->in_cap * sizeof *f->in);
      if (f->in == NULL) abort();
    }
    f->in[f->in_len++] = i;
    pthread_mutex_unlock(&f->mu);
    if (!atomic_exchange(&f->armed, 1)) signal_fd(f->fd);
  }
  return NULL;
}

static void feed_free(PyObject *capsule) {
  Feed *f = PyCapsule_GetPointer(capsule, "bench_cext.Feed");
  pthread_mutex_destroy(&f->mu);
  free(f->in);
  free(f->out);
  Py_XDECREF(f->cb);
  Py_XDECREF(f->fut);
  Py_XDECREF(f->loop);
  free(f);
}

static PyObject *feed_drain_feed(Feed *f);

/* The reader: keeps the capsule (and so the Feed) alive while it runs, since
 * remove_reader drops the loop's reference to this bound function. */
static PyObject *feed_drain(PyObject *capsule, PyObject *unused) {
  Feed *f = PyCapsule_GetPointer(capsule, "bench_cext.Feed");
  PyObject *r;
  if (f == NULL) return NULL;
  Py_INCREF(capsule);
  r = feed_drain_feed(f);
  Py_DECREF(capsule);
  return r;
}

static PyObject *feed_drain_feed(Feed *f) {
  int n = 0;
  clear_fd(f->fd);
  atomic_store(&f->armed, 0);
  if (f->out_pos == f->out_len) {  /* take what the producer queued since last time */
    uint32_t *tmp;
    size_t cap;
    pthread_mutex_lock(&f->mu);
    tmp = f->out; cap = f->out_cap;
    f->out = f->in; f->out_cap = f->in_cap; f->out_len = f->in_len;
    f->in = tmp; f->in_cap = cap; f->in_len = 0;
    pthread_mutex_unlock(&f->mu);
    f->out_pos = 0;
  }
  while (f->out_pos < f->out_len && n < MAX_PER_DRAIN) {
    PyObject *arg = PyLong_FromUnsignedLong(f->out[f->out_pos++]), *r;
    if (arg == NULL) return NULL;
    r = PyObject_CallOneArg(f->cb, arg);
    Py_DECREF(arg);
    if (r == NULL) PyErr_WriteUnraisable(f->cb);
    Py_XDECREF(r);
    f->delivered++;
    n++;
  }
  if (f->out_pos == f->out_len) {  /* calls queued before this drain cleared `armed` */
    pthread_mutex_lock(&f->mu);
    n = f->in_len > 0;
    pthread_mutex_unlock(&f->mu);
  } else {
    n = 1;
  }
  if (n && !atomic_exchange(&f->armed, 1)) signal_fd(f->fd);  /* more: come back */
  if (f->delivered == f->n) {
    PyObject *r = PyObject_CallMethod(f->loop, "remove_reader", "i", f->fd), *v;
    Py_XDECREF(r);
    if (r == NULL) return NULL;
    pthread_join(f->thread, NULL);
    close(f->fd);
    v = PyLong_FromUnsignedLong(f->delivered);
    r = v ? PyObject_CallMethod(f->fut, "set_result", "O", v) : NULL;
    Py_XDECREF(v);
    Py_XDECREF(r);
    if (r == NULL) return NULL;
  }
  Py_RETURN_NONE;
}

static PyMethodDef feed_drain_def = {"feed_drain", feed_drain, METH_NOARGS, NULL};

static PyObject *tsfn_run(PyObject *mod, PyObject *const *args, Py_ssize_t nargs) {
  Feed *f;
  PyObject *capsule;
  long n;
  if (nargs != 2) {
    PyErr_SetString(PyExc_TypeError, "tsfn_run() takes 2 arguments");
    return NULL;
  }
  n = PyLong_AsLong(args[1]);
  if (n == -1 && PyErr_Occurred()) return NULL;
  if (ensure_asyncio() < 0) return NULL;
  f = calloc(1, sizeof *f);
  if (f == NULL) return PyErr_NoMemory();
  pthread_mutex_init(&f->mu, NULL);
  f->fd = -1;
  f->n = (uint32_t)n;
  capsule = PyCapsule_New(f, "bench_cext.Feed", feed_free);  /* owns f from here */
  if (capsule == NULL) {
    free(f);
    return NULL;
  }
  f->cb = Py_NewRef(args[0]);
  f->loop = PyObject_CallNoArgs(get_running_loop);
  if (f->loop == NULL) goto fail;
  f->fut = PyObject_CallMethod(f->loop, "create_future", NULL);
  if (f->fut == NULL) goto fail;
  f->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (f->fd < 0) {
    PyErr_SetFromErrno(PyExc_OSError);
    goto fail;
  }
  if (add_reader(f->loop, f->fd, &feed_drain_def, capsule) < 0) goto fail;
  if (pthread_create(&f->thread, NULL, feed_producer, f) != 0) {
    PyErr_SetString(PyExc_RuntimeError, "pthread_create failed");
    goto fail;
  }
  Py_DECREF(capsule);  /* the reader's bound function keeps it until remove_reader */
  return Py_NewRef(f->fut);
fail:
  if (f->fd >= 0) close(f->fd);
  Py_DECREF(capsule);
  return NULL;
}

/* Counter: a type with a native field, the counterpart of napi_wrap/napi_unwrap. */
typedef struct {
  PyObject_HEAD
  long long count;
} CounterObject;

static PyObject *counter_increment(PyObject *self, PyObject *unused) {
  return PyLong_FromLongLong(++((CounterObject *)self)->count);
}

static PyMethodDef counter_methods[] = {
  {"increment", counter_increment, METH_NOARGS, NULL},
  {NULL, NULL, 0, NULL},
};

static PyTypeObject CounterType = {
  PyVarObject_HEAD_INIT(NULL, 0)
  .tp_name = "bench_cext.Counter",
  .tp_basicsize = sizeof(CounterObject),
  .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
  .tp_new = PyType_GenericNew,  /* zero-filled: count starts at 0 */
  .tp_methods = counter_methods,
};

static PyMethodDef module_methods[] = {
  {"add", (PyCFunction)(void (*)(void))add, METH_FASTCALL, NULL},
  {"noop", noop, METH_NOARGS, NULL},
  {"echo_str", (PyCFunction)(void (*)(void))echo_str, METH_FASTCALL, NULL},
  {"make_obj", make_obj, METH_NOARGS, NULL},
  {"sum_array", (PyCFunction)(void (*)(void))sum_array, METH_FASTCALL, NULL},
  {"make_obj_n", make_obj_n, METH_O, NULL},
  {"make_objects", make_objects, METH_O, NULL},
  {"call_cb", (PyCFunction)(void (*)(void))call_cb, METH_FASTCALL, NULL},
  {"hash_buffer", hash_buffer, METH_O, NULL},
  {"make_buffer", make_buffer, METH_O, NULL},
  {"async_add", (PyCFunction)(void (*)(void))async_add, METH_FASTCALL, NULL},
  {"tsfn_run", (PyCFunction)(void (*)(void))tsfn_run, METH_FASTCALL, NULL},
  {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
  PyModuleDef_HEAD_INIT, "bench_cext", NULL, -1, module_methods,
};

PyMODINIT_FUNC PyInit_bench_cext(void) {
  PyObject *m;
  size_t i;
  for (i = 0; i < PATTERN_SIZE; i++) pattern[i] = (uint8_t)(i * 131 + 7);
  if (PyType_Ready(&CounterType) < 0) return NULL;
  m = PyModule_Create(&module_def);
  if (m == NULL) return NULL;
  Py_INCREF(&CounterType);
  if (PyModule_AddObject(m, "Counter", (PyObject *)&CounterType) < 0) {
    Py_DECREF(&CounterType);
    Py_DECREF(m);
    return NULL;
  }
  return m;
}
