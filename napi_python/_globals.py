"""The global object addons get from ``napi_get_global``.

About half of real addons read builtins from it by name (``Object``, ``Array``,
``Promise``, ``Symbol``, ``Error``, ``JSON``, ``Number``, ``String``, ``Date``,
``Buffer``, the typed arrays, ``process``...). These are Python-backed equivalents of what addons use; a name that is
not here reads as undefined, exactly as a missing global does in JS.
"""

import datetime
import json
import math
import os
import platform
import sys

import base64
import binascii

from . import _core
from ._core import (ArrayBuffer, BigInt, Buffer, JSError, JSRangeError, JSSyntaxError,
                    JSTypeError, Object, Promise, Symbol, TypedArray, _adopt_thenable, null)
from ._json import json_default


def _js_function(fn, name=None, **statics):
    fn.__name__ = name or fn.__name__
    for key, value in statics.items():
        setattr(fn, key, value)
    return fn


_js_to_string = _core._types["_js_to_string"]
_js_join = _core._types["_js_join"]


def _raw_get(obj, key):
    """An enumerable property as stored (a null stays null, which obj[key] reads as
    None); an accessor (stored as None) runs its getter."""
    value = dict.__getitem__(obj, key)
    return obj[key] if value is None and isinstance(obj, Object) else value


def _json_skipped(value):
    return value is None or isinstance(value, Symbol) or (
        callable(value) and not isinstance(value, (dict, list, tuple)))


def _to_plain(value, open_containers=None):
    """JS value -> what json.dumps takes. A container met again inside itself is a
    cycle: TypeError, as JSON.stringify throws; one nested too deep for the
    interpreter's stack raises RecursionError (JS: RangeError)."""
    if value is null:
        return None
    if isinstance(value, (dict, list, tuple)):
        if open_containers is None:
            open_containers = set()
        if id(value) in open_containers:
            raise JSTypeError("Converting circular structure to JSON")
        open_containers.add(id(value))
        try:
            # undefined, functions and symbols: left out of objects, null in arrays.
            if isinstance(value, dict):
                items = ((k, _raw_get(value, k)) for k in value.keys())
                return {k: _to_plain(v, open_containers) for k, v in items
                        if isinstance(k, str) and not _json_skipped(v)}
            return [None if _json_skipped(v) else _to_plain(v, open_containers) for v in value]
        finally:
            open_containers.discard(id(value))
    if isinstance(value, BigInt):
        raise JSTypeError("Do not know how to serialize a BigInt")
    return value


def _from_json(value):
    if value is None:
        return null
    if isinstance(value, dict):
        obj = Object()
        for k, v in value.items():
            obj[k] = _from_json(v)
        return obj
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    return value


def _json_parse(text, reviver=None):
    try:
        return _from_json(json.loads(text))
    except json.JSONDecodeError as e:
        raise JSSyntaxError(f"Unexpected token in JSON at position {e.pos}") from None


def _json_stringify(value, replacer=None, space=None):
    if value is None:
        return None
    indent = space if isinstance(space, (int, str)) and space else None
    return json.dumps(_to_plain(value), indent=indent, separators=None if indent else (",", ":"),
                      ensure_ascii=False, default=json_default)


def _object_ctor(value=None):
    return Object() if value is None or value is null else value


def _object_keys(obj):
    return [str(k) for k in obj.keys()] if isinstance(obj, dict) else \
        [str(i) for i in range(len(obj))] if isinstance(obj, (list, tuple)) else []


def _object_assign(target, *sources):
    for source in sources:
        if isinstance(source, dict):
            for k, v in source.items():
                target[k] = v
    return target


def _array_ctor(*items):
    if len(items) == 1 and isinstance(items[0], int):
        return [None] * items[0]
    return list(items)


def _number_ctor(value=0):
    from ._core import Function  # noqa: F401  (keeps the import graph simple)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _date_ctor(value=None):
    if value is None:
        return datetime.datetime.now(datetime.timezone.utc)
    return datetime.datetime.fromtimestamp(value / 1000.0, datetime.timezone.utc)


def _object_to_string(this):
    return "[object Array]" if isinstance(this, (list, tuple)) else "[object Object]"


def _has_own_property(this, key):
    if isinstance(this, (list, tuple)):
        return str(key).isdigit() and int(key) < len(this)
    if isinstance(this, dict):
        return key in this
    return hasattr(this, str(key))


def _make_object_prototype():
    """Object.prototype: what every plain object (and Python dict) inherits."""
    from ._core import with_this
    proto = Object()
    methods = {
        "toString": _object_to_string,
        "toLocaleString": _object_to_string,
        "valueOf": lambda this: this,
        "hasOwnProperty": _has_own_property,
        "isPrototypeOf": lambda this, other: False,
        "propertyIsEnumerable": lambda this, key: isinstance(this, dict) and key in this,
    }
    for name, fn in methods.items():
        fn.__name__ = name
        proto[name] = with_this(fn)
    return proto


OBJECT_PROTOTYPE = _make_object_prototype()


def _utf16(s):
    return s.encode("utf-16-le", "surrogatepass")


def _from_utf16(b):
    return b.decode("utf-16-le", "surrogatepass")


def _relative(index, length, default):
    """A JS relative index (slice/substring arguments) clamped to [0, length]."""
    if index is None:
        return default
    i = int(index) if index == index else 0  # NaN -> 0
    if i < 0:
        i = max(length + i, 0)
    return min(i, length)


def _str_slice(this, start=None, end=None):
    units = _utf16(this)
    n = len(units) // 2
    a, b = _relative(start, n, 0), _relative(end, n, n)
    return _from_utf16(units[2 * a:2 * b]) if a < b else ""


def _str_substring(this, start=None, end=None):
    units = _utf16(this)
    n = len(units) // 2
    clamp = lambda v, d: d if v is None else min(max(int(v) if v == v else 0, 0), n)
    a, b = clamp(start, 0), clamp(end, n)
    a, b = min(a, b), max(a, b)
    return _from_utf16(units[2 * a:2 * b])


def _str_char_code_at(this, index=0):
    units = _utf16(this)
    i = int(index) if index == index else 0
    if 0 <= i < len(units) // 2:
        return int.from_bytes(units[2 * i:2 * i + 2], "little")
    return math.nan


def _make_string_prototype():
    """String.prototype: what addons find on a string (node-addon-api addons such as
    tree-sitter read "".slice). Indices are UTF-16 code units, as in JS."""
    from ._core import with_this
    methods = {
        "slice": _str_slice,
        "substring": _str_substring,
        "charCodeAt": _str_char_code_at,
        "charAt": lambda this, i=0: _str_slice(this, i, int(i) + 1),
        "indexOf": lambda this, sub, start=0: this.find(sub, int(start)),
        "includes": lambda this, sub: sub in this,
        "startsWith": lambda this, s: this.startswith(s),
        "endsWith": lambda this, s: this.endswith(s),
        "toUpperCase": lambda this: this.upper(),
        "toLowerCase": lambda this: this.lower(),
        "trim": lambda this: this.strip(),
        "split": lambda this, sep=None: [this] if sep is None else (list(this) if sep == "" else this.split(sep)),
        "toString": lambda this: this,
        "valueOf": lambda this: this,
    }
    proto = Object()
    for name, fn in methods.items():
        fn.__name__ = name
        proto[name] = with_this(fn)
    return proto


def _array_push(this, *items):
    this.extend(items)
    return len(this)


def _make_array_prototype():
    """Array.prototype: the methods addons call on arrays (lists)."""
    from ._core import with_this
    methods = {
        "push": _array_push,
        "pop": lambda this: this.pop() if this else None,
        "shift": lambda this: this.pop(0) if this else None,
        "slice": lambda this, start=None, end=None: this[_relative(start, len(this), 0):
                                                          _relative(end, len(this), len(this))],
        "indexOf": lambda this, v: next((i for i, x in enumerate(this) if x is v or x == v), -1),
        "includes": lambda this, v: v in this,
        "join": lambda this, sep=",": _js_join(this, sep),
        "toString": lambda this: _js_join(this),
    }
    proto = Object()
    for name, fn in methods.items():
        fn.__name__ = name
        proto[name] = with_this(fn)
    return proto


def _make_promise_prototype():
    """Promise.prototype for Python awaitables (then, catch, finally): _loop.pxi."""
    from ._core import make_promise_prototype, with_this
    return make_promise_prototype(with_this, Object)


PROTOTYPES = {
    "object": OBJECT_PROTOTYPE,
    "string": _make_string_prototype(),
    "array": _make_array_prototype(),
    "promise": _make_promise_prototype(),
}


# ---------------------------------------------------------------------------
# Buffer: the static helpers addons call (Buffer.from, alloc, isBuffer...)
# ---------------------------------------------------------------------------
def _encode(text, encoding=None):
    """Node's string -> bytes for an encoding name (Buffer.from, byteLength)."""
    enc = (encoding or "utf8").lower()
    if enc in ("utf8", "utf-8"):
        # lone surrogates become U+FFFD, as in Node
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").encode()
    if enc in ("latin1", "binary", "ascii"):
        return bytes(ord(c) & 0xFF for c in text)
    if enc in ("utf16le", "utf-16le", "ucs2", "ucs-2"):
        return text.encode("utf-16-le", "surrogatepass")
    if enc == "hex":
        out = bytearray()
        for i in range(0, len(text) - 1, 2):  # stops at the first pair that is not hex
            try:
                out.append(int(text[i:i + 2], 16))
            except ValueError:
                break
        return bytes(out)
    if enc in ("base64", "base64url"):
        cleaned = "".join(text.split()).replace("-", "+").replace("_", "/").rstrip("=")
        try:
            return base64.b64decode(cleaned + "=" * (-len(cleaned) % 4))
        except binascii.Error:
            return b""
    raise JSTypeError(f"Unknown encoding: {encoding}")


def _buffer_from(value, encoding_or_offset=None, length=None):
    """Buffer.from: a string (with an encoding), an array of byte values, a copy of a
    Buffer or typed array, or a view sharing an ArrayBuffer's memory."""
    if isinstance(value, str):
        return Buffer(_encode(value, encoding_or_offset))
    if isinstance(value, ArrayBuffer):
        return Buffer(value, encoding_or_offset or 0, length)
    if isinstance(value, TypedArray):  # element by element, each cut to a byte
        return Buffer([int(x) & 0xFF for x in value])
    if isinstance(value, (list, tuple)):
        return Buffer([int(x) & 0xFF if isinstance(x, (int, float)) else 0 for x in value])
    try:
        return Buffer(bytes(memoryview(value).cast("B")))
    except TypeError:
        raise JSTypeError("The first argument must be of type string or an instance of "
                          "Buffer, ArrayBuffer, or Array or an Array-like Object.") from None


def _buffer_alloc(size, fill=None, encoding=None):
    buf = Buffer(size)
    if fill is None or size == 0:
        return buf
    if isinstance(fill, (int, float)):
        pattern = bytes([int(fill) & 0xFF])
    elif isinstance(fill, str):
        pattern = _encode(fill, encoding)
    else:
        pattern = bytes(memoryview(fill).cast("B"))
    if pattern:
        memoryview(buf)[:] = (pattern * (size // len(pattern) + 1))[:size]
    return buf


def _buffer_concat(items, total_length=None):
    data = b"".join(bytes(memoryview(b).cast("B")) for b in items)
    if total_length is not None:
        data = data[:total_length].ljust(total_length, b"\0")
    return Buffer(data)


def _buffer_byte_length(value, encoding=None):
    if isinstance(value, str):
        return len(_encode(value, encoding))
    return memoryview(value).nbytes


class _BufferGlobalType(type):
    """`instanceof Buffer` and `new Buffer(...)` on the global Buffer."""

    def __instancecheck__(cls, value):
        return isinstance(value, Buffer)

    def __call__(cls, value, encoding_or_offset=None, length=None):
        if isinstance(value, (int, float)):  # new Buffer(size), deprecated in Node
            return Buffer(int(value))
        return _buffer_from(value, encoding_or_offset, length)


class _BufferGlobal(metaclass=_BufferGlobalType):
    """The global ``Buffer``: values are :class:`napi_python.Buffer`."""

    alloc = staticmethod(_buffer_alloc)
    allocUnsafe = staticmethod(lambda size: Buffer(size))
    allocUnsafeSlow = staticmethod(lambda size: Buffer(size))
    isBuffer = staticmethod(lambda value: isinstance(value, Buffer))
    isEncoding = staticmethod(lambda enc: isinstance(enc, str) and enc.lower() in (
        "utf8", "utf-8", "latin1", "binary", "ascii", "utf16le", "utf-16le", "ucs2",
        "ucs-2", "hex", "base64", "base64url"))
    byteLength = staticmethod(_buffer_byte_length)
    concat = staticmethod(_buffer_concat)


setattr(_BufferGlobal, "from", staticmethod(_buffer_from))
_BufferGlobal.__name__ = _BufferGlobal.__qualname__ = "Buffer"

# ---------------------------------------------------------------------------
# Promise: new Promise(executor), Promise.resolve, Promise.reject
# ---------------------------------------------------------------------------
def _new_promise(executor):
    """new Promise(executor): settled by the first of resolve/reject, or rejected
    with what the executor throws (the same rules as adopting a thenable)."""
    promise = Promise()
    _adopt_thenable(promise, None, executor)
    return promise


def _promise_resolve(value=None):
    if isinstance(value, Promise):
        return value
    promise = Promise()
    promise._resolve(value)
    return promise


def _promise_reject(reason=None):
    promise = Promise()
    promise._reject(reason)
    return promise


class _PromiseGlobalType(type):
    """`instanceof Promise` and `new Promise(executor)` on the global Promise."""

    def __instancecheck__(cls, value):
        return isinstance(value, Promise)

    def __call__(cls, executor):
        if not callable(executor):
            raise JSTypeError(f"Promise resolver {executor!r} is not a function")
        return _new_promise(executor)


class _PromiseGlobal(metaclass=_PromiseGlobalType):
    """The global ``Promise``: values are :class:`napi_python.Promise`."""

    resolve = staticmethod(_promise_resolve)
    reject = staticmethod(_promise_reject)


_PromiseGlobal.__name__ = _PromiseGlobal.__qualname__ = "Promise"

_BINARY_GLOBALS = ("ArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray",
                   "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array",
                   "Float64Array", "BigInt64Array", "BigUint64Array")


_WELL_KNOWN_SYMBOLS = ("toPrimitive", "iterator", "asyncIterator", "hasInstance", "toStringTag")


def make_global():
    """Builds the global object (called once, at import)."""
    g = Object()
    g["Object"] = _js_function(_object_ctor, "Object", keys=_object_keys, assign=_object_assign)
    g["Array"] = _js_function(_array_ctor, "Array",
                              isArray=lambda v: isinstance(v, (list, tuple)))
    g["Symbol"] = _js_function(lambda description=None: Symbol(description), "Symbol",
                               **{"for": Symbol.for_},
                               **{name: getattr(Symbol, name) for name in _WELL_KNOWN_SYMBOLS})
    g["Error"] = JSError
    g["TypeError"] = JSTypeError
    g["RangeError"] = JSRangeError
    g["SyntaxError"] = JSSyntaxError
    json_obj = Object()
    json_obj["parse"] = _json_parse
    json_obj["stringify"] = _json_stringify
    g["JSON"] = json_obj
    g["Number"] = _js_function(_number_ctor, "Number",
                               isInteger=lambda v: isinstance(v, (int, float))
                               and not isinstance(v, bool) and float(v).is_integer(),
                               MAX_SAFE_INTEGER=2**53 - 1, MIN_SAFE_INTEGER=-(2**53 - 1))
    g["String"] = _js_function(lambda value="": value if isinstance(value, str) else str(value),
                               "String")
    g["Boolean"] = _js_function(lambda value=None: bool(value) and value is not null, "Boolean")
    g["BigInt"] = BigInt
    g["Buffer"] = _BufferGlobal
    g["Promise"] = _PromiseGlobal
    for name in _BINARY_GLOBALS:
        g[name] = getattr(_core, name)
    g["Date"] = _js_function(_date_ctor, "Date",
                             now=lambda: math.floor(datetime.datetime.now().timestamp() * 1000))
    process = Object()
    process["env"] = os.environ
    process["platform"] = sys.platform
    process["arch"] = {"x86_64": "x64", "aarch64": "arm64"}.get(platform.machine(),
                                                                 platform.machine())
    versions = Object()
    versions["node"] = "22.14.0"
    versions["napi"] = "10"
    process["versions"] = versions
    process["version"] = "v22.14.0"
    g["process"] = process
    g["globalThis"] = g
    g["global"] = g
    return g
