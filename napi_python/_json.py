"""JSON as JS has it: json_default (lets ``json.dumps`` serialize what an addon returns, as
JSON.stringify would), JSON.stringify's view of a JS value (_to_plain) and JSON.parse; and
the readers of an object's own properties that they and the globals share."""

import datetime as _datetime
import json as _json
import math

from . import _core
from ._core import (ArrayBuffer, BigInt, Buffer, DataView, Date, JSSyntaxError, JSTypeError,
                    Object, Promise, Symbol, TypedArray, null)

_as_primitive = _core._as_primitive


def json_default(value):
    """The ``default=`` hook for :func:`json.dumps` on values that came from an addon.

    ``json.dumps(result, default=napi_python.json_default)`` writes what Node's
    ``JSON.stringify`` writes for the values that plain :mod:`json` does not know:
    :data:`null` (kept as itself inside lists) is ``null``; a date is its ISO string
    in UTC with milliseconds (``Date.prototype.toJSON``), an Invalid Date is ``null``;
    a :class:`Buffer` is ``{"type": "Buffer", "data": [...]}`` (``Buffer.toJSON``);
    an error (any exception) is its own enumerable properties (``{}``, or its ``code``
    and what an addon set on it; not its message); another typed array is its elements
    by index (``{"0": 1, ...}``); an ``ArrayBuffer``, a ``DataView`` or a promise is
    ``{}``. Anything else raises :class:`TypeError`, as :mod:`json` does.
    """
    if value is null:
        return None
    if isinstance(value, _datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_datetime.timezone.utc)
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    if isinstance(value, Date):
        return None if not value.valid else _js_date_string(value.time)
    if isinstance(value, Buffer):
        return {"type": "Buffer", "data": list(bytes(value))}
    if isinstance(value, (BaseException, TypedArray, ArrayBuffer, DataView, Promise)):
        return _to_plain(value)   # as JSON.stringify sees the JS value
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _js_date_parts(time_ms):
    """A JS time value (whole ms since the epoch, within +/-8.64e15) -> (year, month
    1-12, day, hour, minute, second, millisecond, weekday with Sunday 0), in UTC, for
    any year JS has (datetime's are 1..9999)."""
    days, ms = divmod(int(time_ms), 86_400_000)
    base = _datetime.date(1970, 1, 1).toordinal() + days
    # Proleptic Gregorian arithmetic on a 400-year cycle keeps datetime's range.
    cycles, ordinal = divmod(base - 1, 146_097)
    d = _datetime.date.fromordinal(ordinal + 1)
    hh, rem = divmod(ms, 3_600_000)
    mm, rem = divmod(rem, 60_000)
    ss, mss = divmod(rem, 1000)
    return (d.year + 400 * cycles, d.month, d.day, hh, mm, ss, mss, (days + 4) % 7)


def _js_date_string(time_ms):
    """Date.prototype.toISOString of a valid time value: JS writes a year outside
    0..9999 as +/-YYYYYY."""
    year, month, day, hh, mm, ss, mss, _ = _js_date_parts(time_ms)
    ystr = f"{year:04d}" if 0 <= year <= 9999 else f"{'+' if year > 0 else '-'}{abs(year):06d}"
    return f"{ystr}-{month:02d}-{day:02d}T{hh:02d}:{mm:02d}:{ss:02d}.{mss:03d}Z"


def from_json(value):
    """What json.loads gave, as JS's JSON.parse gives it: objects are Objects, null null."""
    if value is None:
        return null
    if isinstance(value, dict):
        obj = Object()
        for k, v in value.items():
            obj[k] = from_json(v)
        return obj
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


def json_parse(text, reviver=None):
    """JS's JSON.parse (the global JSON's, and Response.json's)."""
    try:
        return from_json(_json.loads(text))
    except _json.JSONDecodeError as e:
        raise JSSyntaxError(f"Unexpected token in JSON at position {e.pos}") from None


def _raw_get(obj, key):
    """An enumerable property as stored (a null stays null, which obj[key] reads as
    None); an accessor (stored as None) runs its getter."""
    value = dict.__getitem__(obj, key)
    return obj[key] if value is None and isinstance(obj, Object) else value


def _json_skipped(value):
    return value is None or isinstance(value, Symbol) or (
        callable(value) and not isinstance(value, (dict, list, tuple)))


def _json_number(value):
    """A JS number as JSON.stringify writes it: NaN and the infinities are null, a
    whole double is written without a fraction (3, not 3.0; -0 is 0)."""
    if value != value or value in (math.inf, -math.inf):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return int(value)
    return value


def _js_key_order(keys):
    """Own keys in JS's order: integer-like keys (array indexes) ascending, then the
    others in insertion order."""
    keys = list(keys)
    indexes = [k for k in keys if isinstance(k, str) and k.isdigit() and k.isascii()
               and (k == "0" or k[0] != "0") and int(k) < 2**32 - 1]
    if not indexes:
        return keys
    taken = set(indexes)
    return sorted(indexes, key=int) + [k for k in keys if k not in taken]


def _own_keys(obj):
    """The own enumerable keys of an object (or dict), read through the type: an own
    property named ``keys`` (an addon's export, a JSON field) hides the method
    ``obj.keys``."""
    return (_core.Object.keys if isinstance(obj, _core.Object) else dict.keys)(obj)


def _own_items(obj):
    """The own enumerable (key, value) pairs of an object (or dict), read through the
    type (accessors run, JS null is None): an own property named ``items``, or a
    class's method of that name, hides the method ``obj.items``."""
    return (_core.Object.items if isinstance(obj, _core.Object) else dict.items)(obj)


def _own_get(obj, key, default=None):
    """``obj.get(key, default)`` read through the type: the own property ``key`` of an
    object (or dict), else ``default``; an own property named ``get`` (an options
    object's field, a class's method) hides the method ``obj.get``."""
    return (_core.Object.get if isinstance(obj, _core.Object) else dict.get)(obj, key, default)


def _with_to_json(value, key):
    """JSON.stringify's first step for each value (SerializeJSONProperty): an
    object whose ``toJSON`` (own or inherited: a class's method, Date.prototype's)
    is callable is replaced by what it returns for ``key``."""
    if value is None or value is null or isinstance(value, (str, bool, float)) or (
            type(value) is int):
        return value
    fn = _core._js_get(value, "toJSON")
    if fn is None or fn is null or not callable(fn):
        return value
    return _core._js_call(fn, value, (key,))


def _to_plain(value, open_containers=None):
    """JS value -> what json.dumps takes, as JSON.stringify sees the value (the
    JS value each Python object is for an addon, docs/values.rst). A container met
    again inside itself is a cycle: TypeError, as JSON.stringify throws; one nested
    too deep for the interpreter's stack raises RecursionError (JS: RangeError)."""
    if value is null:
        return None
    if isinstance(value, (str, bool)):
        return value
    if not isinstance(value, (int, float, dict, list, tuple)):
        value = _as_primitive(value)  # a numpy scalar: its int, float or bool
        if isinstance(value, bool):
            return value
    if isinstance(value, BigInt) or (isinstance(value, int) and abs(value) > 2**53):
        raise JSTypeError("Do not know how to serialize a BigInt")
    if isinstance(value, (int, float)):
        return _json_number(value)
    if isinstance(value, (_datetime.datetime, Date)):
        return json_default(value)
    if isinstance(value, (dict, list, tuple, BaseException)):
        if open_containers is None:
            open_containers = set()
        if id(value) in open_containers:
            raise JSTypeError("Converting circular structure to JSON")
        open_containers.add(id(value))
        try:
            # undefined, functions and symbols: left out of objects, null in arrays.
            if isinstance(value, dict):
                items = ((k, _with_to_json(_raw_get(value, k), k))
                         for k in _js_key_order(_own_keys(value)) if isinstance(k, str))
            elif isinstance(value, BaseException):
                # an error's own enumerable properties (its code, what an addon set or
                # defined enumerable; not its message), as for any object
                items = ((k, _with_to_json(_core._js_get(value, k), k))
                         for k in _core._js_own_keys(value, True) if isinstance(k, str))
            else:
                items = (_with_to_json(v, str(i)) for i, v in enumerate(value))
                return [None if _json_skipped(v) else _to_plain(v, open_containers)
                        for v in items]
            return {k: _to_plain(v, open_containers) for k, v in items if not _json_skipped(v)}
        finally:
            open_containers.discard(id(value))
    if isinstance(value, TypedArray) and not isinstance(value, Buffer):
        # a typed array's own enumerable properties are its elements
        return {str(i): _to_plain(value[i], open_containers) for i in range(len(value))}
    if isinstance(value, Buffer):
        return json_default(value)  # Buffer.prototype.toJSON
    if isinstance(value, (ArrayBuffer, DataView, Promise)):
        return {}  # no own enumerable properties
    try:
        data = memoryview(value).tobytes()
    except TypeError:
        pass
    else:  # bytes, bytearray, memoryview, array.array...: a Buffer for an addon
        return {"type": "Buffer", "data": list(data)}
    # any other Python object: an object whose properties are its attributes
    try:
        attributes = vars(value)
    except TypeError:
        return {}
    return _to_plain(dict(attributes), open_containers)


def _json_stringify(value=None, replacer=None, space=None):
    value = _with_to_json(value, "")
    if _json_skipped(value):  # undefined, a function, a symbol: undefined
        return None
    indent = space if isinstance(space, (int, str)) and space else None
    return _json.dumps(_to_plain(value), indent=indent, separators=None if indent else (",", ":"),
                      ensure_ascii=False, default=json_default)
