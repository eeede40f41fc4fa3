"""The global object addons get from ``napi_get_global``.

About half of real addons read builtins from it by name (``Object``, ``Array``,
``Promise``, ``Symbol``, ``Error``, ``JSON``, ``Number``, ``String``, ``Date``,
``process``...). These are Python-backed equivalents of what addons use; a name that is
not here reads as undefined, exactly as a missing global does in JS.
"""

import datetime
import json
import math
import os
import platform
import sys

from ._core import (BigInt, JSError, JSRangeError, JSSyntaxError, JSTypeError, Object, Symbol,
                    null)


def _js_function(fn, name=None, **statics):
    fn.__name__ = name or fn.__name__
    for key, value in statics.items():
        setattr(fn, key, value)
    return fn


def _to_plain(value):
    """JS value -> what json.dumps takes."""
    if value is null:
        return None
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_to_plain(v) for v in value]
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
                      ensure_ascii=False)


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


def make_global():
    """Builds the global object (called once, at import)."""
    g = Object()
    g["Object"] = _js_function(_object_ctor, "Object", keys=_object_keys, assign=_object_assign)
    g["Array"] = _js_function(_array_ctor, "Array",
                              isArray=lambda v: isinstance(v, (list, tuple)))
    g["Symbol"] = _js_function(lambda description=None: Symbol(description), "Symbol",
                               **{"for": Symbol.for_})
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
