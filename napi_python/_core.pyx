# cython: language_level=3, binding=True
"""The binding between Python and the C++ core (cxx/).

The core defines the hot types (Object, Function, Symbol, External, null) in C++;
this module defines the Python-side classes of the value contract (the JSError
family, BigInt, with_this), hands them to the core, and exposes loading and
teardown. See docs/values.rst for the whole contract. Every C function of the core
it calls is declared in _core_api.pxd (cxx/src/core_api.h); the promise room and
the loop bridge room are the two .pxi files included below.
"""

import datetime as _datetime

from cpython.object cimport PyObject

from ._core_api cimport *

include "_promise.pxi"  # napi_python.Promise
include "_loop_bridge.pxi"  # waiting without a loop, run_pending, fork


class AddonLoadError(ImportError):
    """An addon could not be loaded: not a shared library, not a Node-API addon,
    or it needs symbols napi-python does not provide (the message names them)."""


class JSError(Exception):
    """A JS Error an addon threw (or created), as a Python exception.

    ``str(e)`` and ``e.message`` are the JS message, ``e.name`` the JS name and
    ``e.code`` the JS code (None when the addon gave none); every other property
    the addon set on the error object is an attribute. A thrown value that is not
    an Error arrives as a JSError whose ``.value`` is that value.
    """

    name = "Error"
    code = None
    message = ""  # Error.prototype.message: what a deleted own message leaves

    def __init__(self, message="", **properties):
        if not isinstance(message, str):
            message = str(message)
        super().__init__(message)
        self.message = message
        for key, value in properties.items():
            setattr(self, key, value)

    def __str__(self):
        return str(self.message)

    def __repr__(self):
        return f"{type(self).__name__}({self.message!r})"


class JSTypeError(JSError, TypeError):
    """A JS TypeError; also a Python TypeError."""
    name = "TypeError"


class JSRangeError(JSError, ValueError):
    """A JS RangeError; also a Python ValueError."""
    name = "RangeError"


class JSSyntaxError(JSError, SyntaxError):
    """A JS SyntaxError; also a Python SyntaxError."""
    name = "SyntaxError"

    def __init__(self, message="", **properties):
        JSError.__init__(self, message, **properties)

    def __str__(self):
        return str(self.message)


class BigInt(int):
    """A JS BigInt: an ``int`` that stays a BigInt when it goes back to an addon."""

    __slots__ = ()

    def __repr__(self):
        return f"BigInt({int(self)})"

    def __str__(self):
        return int.__repr__(self)


class Date:
    """A JS Date that no ``datetime.datetime`` can hold: before year 1, after year
    9999, or an Invalid Date (``time`` is NaN). ``time`` is the JS time value, in
    milliseconds since the epoch. Dates in datetime's range arrive as aware UTC
    datetimes instead."""

    __slots__ = ("time",)

    def __init__(self, time):
        self.time = float(time)

    @property
    def valid(self):
        """False for an Invalid Date."""
        return self.time == self.time

    def __eq__(self, other):
        return isinstance(other, Date) and other.time == self.time

    def __hash__(self):
        return hash(self.time)

    def __repr__(self):
        return f"Date({self.time!r})" if self.valid else "Date(NaN)"


class with_this:
    """Wraps a Python function so that the addon's JS ``this`` arrives as its first
    argument when the addon calls it (``napi_call_function``).

    Called from Python, the wrapper passes ``None`` as ``this``.
    """

    __slots__ = ("__wrapped__",)

    def __init__(self, fn):
        if not callable(fn):
            raise TypeError("with_this() needs a callable")
        self.__wrapped__ = fn

    def __call__(self, *args):
        return self.__wrapped__(None, *args)

    def __repr__(self):
        return f"with_this({self.__wrapped__!r})"


class _builtin:
    """A function of the global object written in Python (napi_python/_globals.py:
    JSON.stringify, String, Array.prototype.push...). Called by an addon, it gets the
    JS values as they are, a JS null as :data:`null` (other Python callables get
    ``None`` for it: docs/values.rst), and with ``this_first`` the JS ``this`` first,
    as :class:`with_this` does. Called from Python, the arguments go as given
    (``this`` None). Its attributes are the function's JS properties (``Object.keys``)."""

    def __init__(self, fn, name=None, this_first=False):
        self.__wrapped__ = fn
        self.__name__ = name or fn.__name__
        self.this_first = this_first

    def __call__(self, *args):
        return self.__wrapped__(None, *args) if self.this_first else self.__wrapped__(*args)

    def __repr__(self):
        return f"<JS builtin {self.__name__}>"


for _cls in (AddonLoadError, JSError, JSTypeError, JSRangeError, JSSyntaxError, BigInt, Date,
             with_this):
    _cls.__module__ = "napi_python"


_types = napi_python_core_types()
Object = _types["Object"]
ClassBase = _types["ClassBase"]
ClassType = _types["ClassType"]
Function = _types["Function"]
BoundFunction = _types["BoundFunction"]
Symbol = _types["Symbol"]
External = _types["External"]
NullType = _types["NullType"]
null = _types["null"]
ArrayBuffer = _types["ArrayBuffer"]
TypedArray = _types["TypedArray"]
Int8Array = _types["Int8Array"]
Uint8Array = _types["Uint8Array"]
Uint8ClampedArray = _types["Uint8ClampedArray"]
Int16Array = _types["Int16Array"]
Uint16Array = _types["Uint16Array"]
Int32Array = _types["Int32Array"]
Uint32Array = _types["Uint32Array"]
Float32Array = _types["Float32Array"]
Float64Array = _types["Float64Array"]
BigInt64Array = _types["BigInt64Array"]
BigUint64Array = _types["BigUint64Array"]
Float16Array = _types["Float16Array"]
Buffer = _types["Buffer"]
DataView = _types["DataView"]


def init(g, prototypes):
    """Hands the core, once, everything it takes from Python (napi_python/__init__.py
    calls this when the global object exists): the classes above, Promise and its
    functions (_promise.pxi), the object addons get from napi_get_global, and the
    prototypes of what they see, a dict with "object", "string", "array", "binary", "buffer",
    "arraybuffer", "dataview" (what plain objects, strings, arrays, the binary values,
    Buffers, ArrayBuffers and DataViews inherit from), "promise" (Python awaitables),
    "date" (datetimes), "script_parser" (napi_run_script's parser) and
    "primitive_wrapper" (ToObject of a primitive): napi_python/_globals.py."""
    cdef napi_python_core_init_args args
    # (borrowed from these locals and the module: the core takes references of its own)
    datetime_type, utc = _datetime.datetime, _datetime.timezone.utc
    object_, string, array = prototypes["object"], prototypes["string"], prototypes["array"]
    promise, date = prototypes["promise"], prototypes["date"]
    binary, buffer = prototypes["binary"], prototypes["buffer"]
    arraybuffer, dataview = prototypes["arraybuffer"], prototypes["dataview"]
    script_parser = prototypes["script_parser"]
    primitive_wrapper = prototypes["primitive_wrapper"]
    args.JSError = <PyObject*>JSError
    args.JSTypeError = <PyObject*>JSTypeError
    args.JSRangeError = <PyObject*>JSRangeError
    args.JSSyntaxError = <PyObject*>JSSyntaxError
    args.BigInt = <PyObject*>BigInt
    args.Date = <PyObject*>Date
    args.with_this = <PyObject*>with_this
    args.builtin = <PyObject*>_builtin
    args.AddonLoadError = <PyObject*>AddonLoadError
    args.datetime = <PyObject*>datetime_type
    args.utc = <PyObject*>utc
    args.Promise = <PyObject*>Promise
    args.promise_create = _promise_create
    args.promise_resolve = _promise_resolve
    args.promise_reject = _promise_reject
    args.global_ = <PyObject*>g
    args.object_prototype = <PyObject*>object_
    args.binary_prototype = <PyObject*>binary
    args.buffer_prototype = <PyObject*>buffer
    args.arraybuffer_prototype = <PyObject*>arraybuffer
    args.dataview_prototype = <PyObject*>dataview
    args.string_prototype = <PyObject*>string
    args.array_prototype = <PyObject*>array
    args.promise_prototype = <PyObject*>promise
    args.date_prototype = <PyObject*>date
    args.script_parser = <PyObject*>script_parser
    args.primitive_wrapper = <PyObject*>primitive_wrapper
    napi_python_core_init(&args)


def _js_to_string(value):
    """JS ToString of a value (String(v)), as the napi_coerce_* functions do it."""
    return napi_python_js_to_string(value)


def _js_to_number(value):
    """JS ToNumber of a value (Number(v)), as napi_coerce_to_number does it: a float."""
    return napi_python_js_to_number(value)


def _js_truthy(value):
    """JS ToBoolean of a value (Boolean(v)), as napi_coerce_to_bool does it: NaN, 0,
    "" and null/undefined are false, every object (even an empty dict or list) true."""
    return napi_python_js_truthy(value) == 1


def _js_get(obj, key):
    """obj[key] as an addon reads it (napi_get_property: prototypes and getters)."""
    return napi_python_js_get(obj, key)


def _js_call(fn, this, args):
    """fn.call(this, *args) as an addon's napi_call_function makes it."""
    return napi_python_js_call(fn, this, tuple(args))


def _js_prototype_of(obj):
    """Object.getPrototypeOf(obj), as napi_get_prototype answers it."""
    return napi_python_js_prototype_of(obj)


def _js_set_prototype(obj, proto):
    """Object.setPrototypeOf(obj, proto) for an object and an object or null: raises
    JSTypeError where JS refuses it or napi-python cannot keep it."""
    napi_python_js_set_prototype(obj, proto)


def _js_own_keys(obj, enumerable_only=False):
    """The own string keys of obj, as Object.keys (``enumerable_only``) or
    Object.getOwnPropertyNames list them (napi_get_all_property_names)."""
    return napi_python_js_own_keys(obj, 1 if enumerable_only else 0)


def _js_own_symbol_keys(obj, strings_too=False):
    """The own symbol keys of obj (Object.getOwnPropertySymbols), after its string
    keys with ``strings_too`` (Reflect.ownKeys)."""
    return napi_python_js_own_keys(obj, 2 if strings_too else 4)


def _js_define(obj, key, value, getter, setter, int attributes):
    """One property as napi_define_properties defines it: True, or False when the
    object refuses it (a non-configurable property, a frozen object)."""
    return napi_python_js_define(obj, key, value, getter, setter, attributes) == 0


def _js_own_descriptor(obj, key):
    """The own property ``key`` of a plain object, class instance or dict, for
    Object.defineProperty: None if there is none, else (value, getter, setter,
    attributes), attributes with 1 << 17 for an accessor; NotImplemented for other
    receivers."""
    return napi_python_js_own_descriptor(obj, key)


def _js_has(obj, key, own=False):
    """``key in obj`` as JS's HasProperty (napi_has_property): own or inherited; with
    ``own``, an own property only (napi_has_own_property, Object.hasOwn)."""
    if own:
        return napi_python_js_has_own(obj, key) == 1
    return napi_python_js_has(obj, key) == 1


def _js_set(obj, key, value):
    """obj[key] = value as napi_set_property writes it: True, or False where the object
    refuses it (read-only, frozen, non-extensible), as Reflect.set answers."""
    return napi_python_js_set(obj, key, value) == 1


def _js_delete(obj, key):
    """delete obj[key] as napi_delete_property makes it: True, or False where the
    property is not configurable (Reflect.deleteProperty)."""
    return napi_python_js_delete(obj, key) == 1


def _js_construct(cons, args):
    """new cons(...args) as an addon's napi_new_instance makes it."""
    return napi_python_js_construct(cons, tuple(args))


def _as_primitive(value):
    """``value``, or the int, float or bool a numpy scalar is for an addon
    (docs/values.rst, "numpy scalars")."""
    return napi_python_as_primitive(value)


def _js_join(values, separator=None):
    """JS Array.prototype.join of a list or tuple (``separator`` None: ","; cycles
    are empty)."""
    return napi_python_js_join(values, separator)


def _seal(value, freeze=False):
    """JS Object.seal / Object.freeze: seals or freezes an :class:`Object` (the state
    napi_object_seal / napi_object_freeze set); returns ``value``."""
    napi_python_seal(value, 1 if freeze else 0)
    return value


def _is_sealed(value, frozen=False):
    """JS Object.isSealed / Object.isFrozen, as far as napi-python records it."""
    return napi_python_is_sealed(value, 1 if frozen else 0) == 1


def _prevent_extensions(value):
    """JS Object.preventExtensions: no new properties on an :class:`Object` (the
    state napi_object_seal sets too); returns ``value``."""
    napi_python_prevent_extensions(value)
    return value


def _is_extensible(value):
    """JS Object.isExtensible, as far as napi-python records it."""
    return napi_python_is_extensible(value) == 1


def load(path, per_thread=False):
    """Loads the addon at ``path`` (a str, already resolved) into a new env, running
    its module init on the calling thread; returns (exports, env index). With
    ``per_thread``, the finalizers of the env's values run on this thread while it
    lives."""
    return napi_python_load(path, 1 if per_thread else 0)


def end_env(Py_ssize_t index):
    """The thread of the per-thread env ``index`` ended: runs its cleanup hooks."""
    napi_python_end_env(index)


def share_env(Py_ssize_t index):
    """The per-thread env ``index`` becomes the shared one of its file."""
    napi_python_share_env(index)


def run_finalizers(phase=None, info=None):
    """Runs the finalizers queued by objects that died (registered in gc.callbacks:
    the end of a collection is a safe point)."""
    if phase is None or phase == "stop":
        napi_python_run_finalizers()


def debug_counters():
    """What the core created and freed so far (handles, scopes, references,
    finalizers...) and gauges of the present state, as a dict; None unless the core
    was built with the CMake option NAPI_PYTHON_DEBUG_COUNTERS (make test-counters).
    See docs/internals.rst."""
    return napi_python_debug_counters()


def uv_init(path):
    """Makes the extension module at ``path`` (uvloop's, which exports libuv's
    functions) global and runs its libuv default loop as the addons' loop
    (napi_python/_libuv.py); returns libuv's version. Idempotent."""
    return napi_python_uv_init(path)


def uv_alive():
    """Whether referenced libuv handles or requests keep the addons' libuv loop
    alive (False without one)."""
    return bool(napi_python_uv_alive())


def teardown():
    """Runs every env's cleanup hooks, pending finalizers and instance-data
    finalizers (registered with atexit)."""
    napi_python_teardown()
