# The one boundary between the Cython side and the C++ core: every C entry point
# _core.pyx and its rooms (_promise.pxi, _loop_bridge.pxi) call, as cxx/src/core_api.h
# declares them (see there for what each one does and returns). Nothing here is
# nogil: the core's state is guarded by the GIL; napi_python_wait and
# napi_python_drain let it go themselves while they block or between batches.

from cpython.object cimport PyObject

cdef extern from "core_api.h":
    # ---- init (module.cc)
    ctypedef object (*napi_python_promise_create_fn)(object loop)
    ctypedef int (*napi_python_promise_resolve_fn)(object promise, object value) except -1
    ctypedef int (*napi_python_promise_reject_fn)(object promise, object value,
                                                 object exception) except -1

    object napi_python_core_types()

    ctypedef struct napi_python_core_init_args:
        PyObject* JSError
        PyObject* JSTypeError
        PyObject* JSRangeError
        PyObject* JSSyntaxError
        PyObject* BigInt
        PyObject* Date
        PyObject* with_this
        PyObject* builtin
        PyObject* AddonLoadError
        PyObject* datetime
        PyObject* utc
        PyObject* Promise
        napi_python_promise_create_fn promise_create
        napi_python_promise_resolve_fn promise_resolve
        napi_python_promise_reject_fn promise_reject
        PyObject* global_ "global"
        PyObject* object_prototype
        PyObject* binary_prototype
        PyObject* buffer_prototype
        PyObject* arraybuffer_prototype
        PyObject* dataview_prototype
        PyObject* string_prototype
        PyObject* array_prototype
        PyObject* promise_prototype
        PyObject* date_prototype
        PyObject* script_parser
        PyObject* primitive_wrapper

    int napi_python_core_init(const napi_python_core_init_args* args) except -1

    # ---- addons and envs (module.cc, lifetimes.cc)
    object napi_python_load(object path, int per_thread)
    int napi_python_end_env(Py_ssize_t index) except -1
    int napi_python_share_env(Py_ssize_t index) except -1
    void napi_python_teardown()
    void napi_python_run_finalizers()
    object napi_python_debug_counters()

    # ---- values (errors.cc, values.cc)
    object napi_python_thrown_exception(object value)
    object napi_python_js_to_string(object value)
    object napi_python_js_to_number(object value)
    int napi_python_js_truthy(object value)
    object napi_python_js_join(object list, object separator)
    object napi_python_js_get(object obj, object key)
    object napi_python_js_call(object fn, object this_arg, object args)
    object napi_python_js_prototype_of(object o)
    int napi_python_js_set_prototype(object o, object proto) except -1
    object napi_python_js_own_keys(object o, int flags)
    int napi_python_js_define(object o, object key, object value, object getter, object setter,
                              int attributes) except -1
    object napi_python_js_own_descriptor(object o, object key)
    int napi_python_js_has(object o, object key) except -1
    int napi_python_js_has_own(object o, object key) except -1
    int napi_python_js_set(object o, object key, object value) except -1
    int napi_python_js_delete(object o, object key) except -1
    object napi_python_js_construct(object cons, object args)
    object napi_python_as_primitive(object value)
    int napi_python_seal(object value, int freeze) except -1
    int napi_python_is_sealed(object value, int frozen)
    int napi_python_prevent_extensions(object value) except -1
    int napi_python_is_extensible(object value)

    # ---- the loop bridge (loop.cc)
    long napi_python_drain(long max) except -3
    int napi_python_wait(double timeout) except -2
    int napi_python_post(object fn, object loop) except -1
    void napi_python_attach()
    int napi_python_loop_elsewhere()
    object napi_python_running_loop()
    int napi_python_loop_runs_here(object loop)
    void napi_python_fork_prepare()
    void napi_python_fork_parent()
    void napi_python_fork_child()

    # ---- libuv (libuv.cc)
    object napi_python_uv_init(object path)
    int napi_python_uv_alive()
