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

#include <stdint.h>
#include <string.h>

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
  {"call_cb", (PyCFunction)(void (*)(void))call_cb, METH_FASTCALL, NULL},
  {"hash_buffer", hash_buffer, METH_O, NULL},
  {"make_buffer", make_buffer, METH_O, NULL},
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
