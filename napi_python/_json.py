"""JSON as JS has it: json_default (lets ``json.dumps`` serialize what an addon returns, as JSON.stringify would) and JSON.parse."""

import datetime as _datetime
import json as _json

from ._core import (ArrayBuffer, Buffer, DataView, Date, JSSyntaxError, Object, Promise,
                    TypedArray, null)


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
        from . import _globals   # (which imports this module)
        return _globals._to_plain(value)   # as JSON.stringify sees the JS value
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
