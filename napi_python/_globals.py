"""The global object addons get from ``napi_get_global``.

About half of real addons read builtins from it by name (``Object``, ``Array``,
``Promise``, ``Symbol``, ``Error``, ``JSON``, ``Number``, ``String``, ``Date``,
``Buffer``, the typed arrays, ``Map``, ``Set``, ``process``...). These are
Python-backed equivalents of what addons use (docs/values.rst lists each name and
what backs it); a name that is not here reads as undefined, exactly as a missing
global does in JS.
"""

import datetime
import itertools
import math
import os
import platform
import re
import sys
import threading
import struct
import warnings
import weakref

import base64
import binascii

from . import _core
from ._core import (ArrayBuffer, BigInt, Buffer, DataView, Date, External, JSError, JSRangeError,
                    JSSyntaxError, JSTypeError, Object, Promise, Symbol, TypedArray, Uint8Array,
                    _adopt_thenable, _attach_running_loop, _queue_call, _tick_callback, null)
from ._script import parse_script
from ._json import from_json as _from_json, json_parse as _json_parse
from ._json import _js_date_parts, _js_date_string, _json_stringify, _own_get, _own_items
from ._jsiter import JSIterator as _JSIterator
from . import _numfmt
from ._url import URL, URLSearchParams
from ._streams import ReadableStream, Response


def _js_function(fn, name=None, **statics):
    """A function of the global object: called by an addon, ``fn`` gets the JS values
    as they are (a null as :data:`null`: _core._builtin); ``statics`` are its
    properties (``Object.keys``)."""
    f = _core._builtin(fn, name)
    for key, value in statics.items():
        setattr(f, key, value)
    return f


def _js_method(fn):
    """A prototype method (Array.prototype.push...): JS ``this`` first, then the JS
    values as they are."""
    return _core._builtin(fn, this_first=True)


_js_to_string = _core._js_to_string
_js_to_number = _core._js_to_number
_js_join = _core._js_join
_as_primitive = _core._as_primitive


def _object_ctor(value=None):
    return Object() if value is None or value is null else value


def _object_assign(target, *sources):
    for source in sources:
        if isinstance(source, dict):
            for k, v in _own_items(source):
                target[k] = v
    return target


def seal(obj=None):
    return _core._seal(obj)


def freeze(obj=None):
    return _core._seal(obj, True)


def isSealed(obj=None):
    return _core._is_sealed(obj)


def isFrozen(obj=None):
    return _core._is_sealed(obj, True)


def preventExtensions(obj=None):
    return _core._prevent_extensions(obj)


def isExtensible(obj=None):
    return _core._is_extensible(obj)


# Object.seal, Object.freeze, Object.isSealed, Object.isFrozen,
# Object.preventExtensions, Object.isExtensible (JS names: the function's name is its
# Python name)
_object_seal, _object_freeze, _object_is_sealed, _object_is_frozen = \
    seal, freeze, isSealed, isFrozen
_object_prevent_extensions, _object_is_extensible = preventExtensions, isExtensible
del seal, freeze, isSealed, isFrozen, preventExtensions, isExtensible


# `value instanceof X` for the builtins that are Python functions here: the JS
# answer for the value the addon sees (napi_instanceof calls __instancecheck__).
def _is_js_object(value):
    """typeof value is "object" (not null) or "function", and its chain reaches
    Object.prototype (an external's prototype is null)."""
    return not (value is None or value is null
                or isinstance(value, (bool, int, float, str, Symbol, External)))


def _is_js_function(value):
    return callable(value) and _is_js_object(value)


def _function_ctor(*args):
    raise JSError("Code generation from strings disallowed for this context")


# Function.prototype's call, apply, bind and toString, which a property read on any
# function an addon sees finds (the core's function_prototype_member): napi-rs binds a
# ReadableStream controller's enqueue and close, and a reader's read, with
# fn.bind(obj) before calling them.
def _fn_call(this, this_arg=None, *args):
    if not callable(this):
        raise JSTypeError("Function.prototype.call was called on "
                          f"{_describe_value(this)}, which is not a function")
    return _core._js_call(this, this_arg, args)


def _fn_apply(this, this_arg=None, args=None):
    if not callable(this):
        raise JSTypeError("Function.prototype.apply was called on "
                          f"{_describe_value(this)}, which is not a function")
    return _core._js_call(this, this_arg, _list_from_array_like(args)
                          if args is not None and args is not null else [])


def _fn_bind(this, this_arg=None, *bound):
    if not callable(this):
        raise JSTypeError("Bind must be called on a function")

    def bound_function(*args):
        return _core._js_call(this, this_arg, bound + args)
    name = _core._js_get(this, "name")
    bound_function.__name__ = f"bound {name if isinstance(name, str) else ''}"
    return bound_function


def _fn_to_string(this):
    # A native function's source, as V8 writes it for an addon's functions and classes
    if not callable(this):
        raise JSTypeError("Function.prototype.toString requires that 'this' be a Function")
    name = _core._js_get(this, "name")
    return f"function {name if isinstance(name, str) else ''}() {{ [native code] }}"


def _make_function_prototype():
    proto = Object()
    for name, fn in (("call", _fn_call), ("apply", _fn_apply), ("bind", _fn_bind),
                     ("toString", _fn_to_string)):
        proto[name] = _core._builtin(fn, name, this_first=True)
    return proto


# The longest list Array(n) makes (napi_create_array_with_length's limit in the core):
# JS arrays may be sparse, a list holds every element.
_MAX_LIST_LENGTH = 2**27


def _array_ctor(*items):
    if len(items) == 1 and isinstance(items[0], (int, float)) and not isinstance(items[0], bool):
        n = items[0]
        if not (0 <= n <= 2**32 - 1 and n == int(n)) or n > _MAX_LIST_LENGTH:
            raise JSRangeError("Invalid array length")
        return [None] * int(n)
    return list(items)


def _number_ctor(value=0):
    if isinstance(value, BigInt):
        return float(value)  # Number(5n) is 5, where ToNumber throws
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) <= 2**53:
        return value
    try:
        return _js_to_number(value)  # null 0, undefined NaN, "0x10" 16, " " 0
    except JSTypeError:
        if isinstance(value, Symbol):
            raise
        return math.nan  # a Python object with no JS conversion


def _string_ctor(*args):
    if not args:
        return ""
    value = args[0]
    if isinstance(value, Symbol):  # String(Symbol("d")) is "Symbol(d)", where ToString throws
        return f"Symbol({'' if value.description is None else value.description})"
    return value if isinstance(value, str) else _js_to_string(value)


def _number_is_integer(value=None):
    value = _as_primitive(value)  # a numpy scalar: its int, float or bool
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value) and float(value).is_integer())


def _is_number(value):
    """typeof value === "number" (a numpy scalar counts as its number)."""
    value = _as_primitive(value)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number_is_finite(value=None):
    return _is_number(value) and math.isfinite(_as_primitive(value))


def _number_is_nan(value=None):
    return _is_number(value) and math.isnan(_as_primitive(value))


def _number_is_safe_integer(value=None):
    return _number_is_integer(value) and abs(_as_primitive(value)) <= 2**53 - 1


_FLOAT_PREFIX = re.compile(r"[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
# JS's WhiteSpace and LineTerminator, which parseFloat / parseInt skip
_JS_SPACE = " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007" \
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def _parse_float(string=None):
    """JS parseFloat: the longest decimal (or Infinity) prefix after white space."""
    m = _FLOAT_PREFIX.match(_js_to_string(string).lstrip(_JS_SPACE))
    return float(m.group().replace("Infinity", "inf")) if m else math.nan


def _parse_int(string=None, radix=None):
    """JS parseInt: the digits of `radix` (2..36; 0/undefined: 10, or 16 after 0x)
    after white space and a sign, as a number; NaN when there are none."""
    text = _js_to_string(string).lstrip(_JS_SPACE)
    sign = -1 if text[:1] == "-" else 1
    if text[:1] in "+-":
        text = text[1:]
    r = _to_int32(radix)
    if r != 0 and not 2 <= r <= 36:
        return math.nan
    if r in (0, 16) and text[:2] in ("0x", "0X"):
        text, r = text[2:], 16
    r = r or 10
    n = 0
    while n < len(text) and text[n].isascii() and text[n].isalnum() and int(text[n], 36) < r:
        n += 1
    if n == 0:
        return math.nan
    value = int(text[:n], r)
    return float(sign * value) if value != 0 else (-0.0 if sign < 0 else 0.0)


def _to_int32(value):
    number = _js_to_number(value)
    if not math.isfinite(number):
        return 0
    n = int(number) % 2**32
    return n - 2**32 if n >= 2**31 else n


# ---------------------------------------------------------------------------
# Math: the functions with JS's edge cases (NaN, -0, the infinities: no Python
# exception), each argument through JS ToNumber
# ---------------------------------------------------------------------------

def _math_fn(f, name):
    return _js_function(lambda x=None: f(_js_to_number(x)), name)


def _floor(x):
    return x if x == 0 or not math.isfinite(x) else float(math.floor(x))


def _ceil(x):
    if x == 0 or not math.isfinite(x):
        return x
    r = float(math.ceil(x))
    return -0.0 if r == 0 and x < 0 else r


def _trunc(x):
    if x == 0 or not math.isfinite(x):
        return x
    return math.copysign(float(math.trunc(x)), x)


def _round(x):
    """Half way rounds up (towards +Infinity): -2.5 is -2, 2.5 is 3; -0.5 is -0."""
    if x == 0 or not math.isfinite(x) or abs(x) >= 2**52:
        return x
    r = math.floor(x)
    if x - r >= 0.5:
        r += 1
    return -0.0 if r == 0 and x < 0 else float(r)


def _sign(x):
    return x if x == 0 or math.isnan(x) else math.copysign(1.0, x)


def _sqrt(x):
    return math.nan if x < 0 else math.sqrt(x)


def _cbrt(x):
    if x == 0 or not math.isfinite(x):
        return x
    r = math.copysign(abs(x) ** (1 / 3), x)
    nearest = float(round(r))
    return nearest if nearest ** 3 == x else r


def _exp(x):
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def _logger(f):
    def log(x):
        if math.isnan(x) or x < 0:
            return math.nan
        return -math.inf if x == 0 else f(x)
    return log


def _periodic(f):
    return lambda x: math.nan if not math.isfinite(x) else f(x)


def _fround(x):
    try:
        return struct.unpack("f", struct.pack("f", x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def _is_odd_integer(y):
    return math.isfinite(y) and y.is_integer() and int(y) % 2 == 1


def _pow(x=None, y=None):
    """JS Math.pow / **: 1 ** Infinity and 1 ** NaN are NaN, 0 ** -1 is Infinity."""
    x, y = _js_to_number(x), _js_to_number(y)
    if math.isnan(y):
        return math.nan
    if y == 0:
        return 1.0
    if math.isnan(x) or (abs(x) == 1 and math.isinf(y)):
        return math.nan
    if x == 0 and y < 0:  # ±0 to a negative power
        return -math.inf if math.copysign(1, x) < 0 and _is_odd_integer(y) else math.inf
    try:
        return math.pow(x, y)
    except ValueError:  # a negative number to a non-integer power
        return math.nan
    except OverflowError:
        return -math.inf if x < 0 and _is_odd_integer(y) else math.inf


def _min_max(pick_max):
    def extreme(*args):
        numbers = [_js_to_number(a) for a in args]  # every argument converted first
        r = -math.inf if pick_max else math.inf
        for v in numbers:
            if math.isnan(v):
                return math.nan
            if (v > r if pick_max else v < r) or (
                    v == 0 and r == 0 and (math.copysign(1, v) < 0) != pick_max):
                r = v
        return r
    return extreme


def _hypot(*args):
    numbers = [_js_to_number(a) for a in args]
    if any(math.isinf(v) for v in numbers):
        return math.inf
    return math.hypot(*numbers) if numbers else 0.0


def _make_math():
    import random
    m = Object()
    for name, value in (("E", math.e), ("LN10", math.log(10)), ("LN2", math.log(2)),
                        ("LOG10E", 1 / math.log(10)), ("LOG2E", 1 / math.log(2)),
                        ("PI", math.pi), ("SQRT1_2", math.sqrt(0.5)), ("SQRT2", math.sqrt(2))):
        m[name] = value
    for name, f in (("floor", _floor), ("ceil", _ceil), ("round", _round), ("trunc", _trunc),
                    ("abs", math.fabs), ("sign", _sign), ("sqrt", _sqrt), ("cbrt", _cbrt),
                    ("exp", _exp), ("expm1", lambda x: _exp(x) - 1 if abs(x) > 1e-5 else
                                    math.expm1(x)),
                    ("log", _logger(math.log)), ("log2", _logger(math.log2)),
                    ("log10", _logger(math.log10)),
                    ("log1p", lambda x: math.nan if x < -1 or math.isnan(x) else
                     -math.inf if x == -1 else math.log1p(x)),
                    ("sin", _periodic(math.sin)), ("cos", _periodic(math.cos)),
                    ("tan", _periodic(math.tan)), ("atan", math.atan),
                    ("asin", lambda x: math.asin(x) if -1 <= x <= 1 else math.nan),
                    ("acos", lambda x: math.acos(x) if -1 <= x <= 1 else math.nan),
                    ("sinh", lambda x: x if not math.isfinite(x) else math.sinh(x)
                     if abs(x) < 710 else math.copysign(math.inf, x)),
                    ("cosh", lambda x: abs(x) if not math.isfinite(x) else math.cosh(x)
                     if abs(x) < 710 else math.inf),
                    ("tanh", math.tanh), ("fround", _fround),
                    ("acosh", _acosh), ("asinh", math.asinh), ("atanh", _atanh)):
        m[name] = _math_fn(f, name)
    m["pow"] = _js_function(_pow, "pow")
    m["min"] = _js_function(_min_max(False), "min")
    m["max"] = _js_function(_min_max(True), "max")
    m["hypot"] = _js_function(_hypot, "hypot")
    m["atan2"] = _js_function(lambda y=None, x=None: math.atan2(_js_to_number(y),
                                                                _js_to_number(x)), "atan2")
    m["imul"] = _js_function(_imul, "imul")
    m["clz32"] = _js_function(_clz32, "clz32")
    m["random"] = _js_function(lambda: random.random(), "random")
    return m


# ---------------------------------------------------------------------------
# Object and Array statics over the core's property rules
# ---------------------------------------------------------------------------

def _object_keys(obj=None):
    return _core._js_own_keys(obj, True)


def _object_values(obj=None):
    return [_core._js_get(obj, k) for k in _core._js_own_keys(obj, True)]


def _object_entries(obj=None):
    return [[k, _core._js_get(obj, k)] for k in _core._js_own_keys(obj, True)]


def _object_get_own_property_names(obj=None):
    return _core._js_own_keys(obj, False)


def _object_get_prototype_of(obj=None):
    return _core._js_prototype_of(obj)


def _is_js_object_value(value):
    return not (value is None or value is null or isinstance(
        _as_primitive(value), (bool, int, float, str, Symbol, BigInt)))


def _describe_value(value):
    if value is None:
        return "undefined"
    if isinstance(value, Symbol):
        return repr(value)
    return _js_to_string(value) if not _is_js_object_value(value) else "#<Object>"


_NAPI_WRITABLE, _NAPI_ENUMERABLE, _NAPI_CONFIGURABLE = 1, 2, 4


_ACCESSOR_PROPERTY = 1 << 17  # (napi_python_js_own_descriptor's flag, core_api.h)
_VALIDATED_DEFINE = 1 << 16   # (napi_python_js_define's)


def _same_value(a, b):
    """JS SameValue: NaN is NaN, 0 is not -0, primitives by value, objects by identity."""
    a, b = _as_primitive(a), _as_primitive(b)
    if _is_number(a) and _is_number(b):
        if a != a and b != b:
            return True
        return a == b and (a != 0 or math.copysign(1, a) == math.copysign(1, b))
    if type(a) is type(b) and isinstance(a, (str, bool, BigInt)):
        return a == b
    return a is b


def _object_define_property(obj=None, key=None, descriptor=None):
    """JS Object.defineProperty: a new property gets false for each attribute the
    descriptor leaves out; an existing one (of a plain object, class instance or
    dict) keeps them, and a change JS refuses (a non-configurable property's)
    throws TypeError, as JS's ValidateAndApplyPropertyDescriptor does."""
    if not _is_js_object_value(obj):
        raise JSTypeError("Object.defineProperty called on non-object")
    if not isinstance(key, Symbol):
        key = _js_to_string(key)
    return _define_from_fields(obj, key, _to_property_descriptor(descriptor))


def _to_property_descriptor(descriptor):
    """JS ToPropertyDescriptor: the fields a descriptor object has (own or
    inherited), checked (a getter or setter that is no function, an accessor with a
    value throw TypeError), the attributes as booleans."""
    if not _is_js_object_value(descriptor):
        raise JSTypeError(f"Property description must be an object: {_describe_value(descriptor)}")
    given = {name: _core._js_get(descriptor, name)
             for name in ("enumerable", "configurable", "value", "writable", "get", "set")
             if _core._js_has(descriptor, name)}
    for name, field in (("Getter", "get"), ("Setter", "set")):
        fn = given.get(field)
        if fn is not None and not callable(fn):
            raise JSTypeError(f"{name} must be a function: {_describe_value(fn)}")
    if ("get" in given or "set" in given) and ("value" in given or "writable" in given):
        raise JSTypeError("Invalid property descriptor. Cannot both specify accessors "
                          "and a value or writable attribute")
    for name in ("enumerable", "configurable", "writable"):
        if name in given:
            given[name] = _core._js_truthy(given[name])
    return given


def _define_from_fields(obj, key, given):
    """The definition part of Object.defineProperty, from checked fields."""
    is_accessor = "get" in given or "set" in given
    current = _core._js_own_descriptor(obj, key)
    refused = JSTypeError(f"Cannot redefine property: {_describe_value(key)}")
    validated = 0
    if current is None or current is NotImplemented:
        # a new property (or one whose attributes are not recorded: redefined whole)
        getter, setter, value = given.get("get"), given.get("set"), given.get("value")
        attributes = ((_NAPI_ENUMERABLE if given.get("enumerable") else 0) |
                      (_NAPI_CONFIGURABLE if given.get("configurable") else 0) |
                      (_NAPI_WRITABLE if given.get("writable") and not is_accessor else 0))
    else:
        value, getter, setter, attributes = current
        was_accessor = bool(attributes & _ACCESSOR_PROPERTY)
        enumerable = bool(attributes & _NAPI_ENUMERABLE)
        configurable = bool(attributes & _NAPI_CONFIGURABLE)
        writable = bool(attributes & _NAPI_WRITABLE) and not was_accessor
        is_data = "value" in given or "writable" in given
        if not configurable:
            if given.get("configurable") or \
                    ("enumerable" in given and given["enumerable"] != enumerable) or \
                    ((is_accessor or is_data) and is_accessor != was_accessor):
                raise refused
            if was_accessor and any(field in given and not _same_value(given[field], old)
                                    for field, old in (("get", getter), ("set", setter))):
                raise refused
            if not was_accessor and not writable and (
                    given.get("writable") or
                    ("value" in given and not _same_value(given["value"], value))):
                raise refused
            validated = _VALIDATED_DEFINE
        if is_accessor and not was_accessor:
            value, writable = None, False
        elif is_data and was_accessor:
            getter = setter = None
            writable = False
        if is_accessor:
            getter, setter = given.get("get", getter), given.get("set", setter)
        else:
            value = given.get("value", value)
            writable = given.get("writable", writable)
        is_accessor = is_accessor or (was_accessor and not is_data)
        attributes = ((_NAPI_ENUMERABLE if given.get("enumerable", enumerable) else 0) |
                      (_NAPI_CONFIGURABLE if given.get("configurable", configurable) else 0) |
                      (_NAPI_WRITABLE if writable and not is_accessor else 0))
        if validated and _same_value(current[0], value) and current[1] is getter and \
                current[2] is setter and current[3] & 7 == attributes:
            return obj  # no change: nothing for the core to refuse
    if not _core._js_define(obj, key, value, getter, setter, attributes | validated):
        raise refused
    return obj


def _property_key(key):
    """JS ToPropertyKey: a Symbol as it is, anything else its string."""
    return key if isinstance(key, Symbol) else _js_to_string(key)


def _own_descriptor(obj, key):
    """The descriptor object of an own property, or None (undefined); an accessor's
    getter does not run."""
    key = _property_key(key)
    facts = _core._js_own_descriptor(obj, key)
    if facts is NotImplemented:
        # (no recorded attributes: an error's message, a function's or a list's
        # own properties, a Python object's attributes)
        if isinstance(obj, BaseException) and key in ("message", "stack"):
            if key == "stack" and not hasattr(obj, "stack"):
                return None
            facts = (_core._js_get(obj, key), None, None, _NAPI_WRITABLE | _NAPI_CONFIGURABLE)
        elif isinstance(obj, (list, tuple, str)) and isinstance(key, str) and (
                key in _core._js_own_keys(obj, False)):
            # an array's indexes (writable, enumerable, configurable) and length
            # (writable); a tuple's (a frozen array's) and a string's read-only
            if key == "length":
                attributes = _NAPI_WRITABLE if isinstance(obj, list) else 0
            elif isinstance(obj, list):
                attributes = _NAPI_WRITABLE | _NAPI_ENUMERABLE | _NAPI_CONFIGURABLE
            else:
                attributes = _NAPI_ENUMERABLE
            facts = (_core._js_get(obj, key), None, None, attributes)
        elif isinstance(key, str) and key in _core._js_own_keys(obj, False):
            enumerable = key in _core._js_own_keys(obj, True)
            facts = (_core._js_get(obj, key), None, None,
                     _NAPI_WRITABLE | _NAPI_CONFIGURABLE | (_NAPI_ENUMERABLE if enumerable else 0))
        else:
            facts = None
    if facts is None:
        return None
    value, getter, setter, attributes = facts
    d = Object()
    if attributes & _ACCESSOR_PROPERTY:
        d["get"], d["set"] = getter, setter
    else:
        d["value"], d["writable"] = value, bool(attributes & _NAPI_WRITABLE)
    d["enumerable"] = bool(attributes & _NAPI_ENUMERABLE)
    d["configurable"] = bool(attributes & _NAPI_CONFIGURABLE)
    return d


def _object_get_own_property_descriptor(obj=None, key=None):
    """JS Object.getOwnPropertyDescriptor."""
    if obj is None or obj is null:
        raise JSTypeError("Cannot convert undefined or null to object")
    return _own_descriptor(obj, key)


def _object_get_own_property_descriptors(obj=None):
    """JS Object.getOwnPropertyDescriptors: an object of each own property's descriptor,
    string keys first (non-enumerable ones too), then symbol keys."""
    if obj is None or obj is null:
        raise JSTypeError("Cannot convert undefined or null to object")
    result = Object()
    for key in [*_object_get_own_property_names(obj), *_object_get_own_property_symbols(obj)]:
        d = _own_descriptor(obj, key)
        if d is not None:
            result[key] = d
    return result


def _reflect_target(obj, fn):
    if not _is_js_object_value(obj):
        raise JSTypeError(f"Reflect.{fn} called on non-object")
    return obj


# The functions of the global object that are constructors (`new Object()`); its
# other functions (Math.max, Symbol, isNaN...) are not, as in JS. Filled by
# make_global.
_CONSTRUCTOR_BUILTINS = []


def _is_constructor(value):
    """Whether JS's `new` accepts `value`: a callable but a global function that is
    none (nor BigInt, a function JS refuses to construct)."""
    if not callable(value) or value is BigInt:
        return False
    return not isinstance(value, _core._builtin) or any(
        value is c for c in _CONSTRUCTOR_BUILTINS)


def _same_receiver(target, extra, fn, what):
    """Reflect.set's receiver and Reflect.construct's newTarget: napi-python runs
    them only as the target itself (JS's default)."""
    if extra and extra[0] is not target:
        raise JSTypeError(f"Reflect.{fn} with a {what} other than the target is not "
                          "supported by napi-python")


def _list_from_array_like(obj):
    """JS CreateListFromArrayLike of an object: a list's or tuple's items, else
    obj[0] .. obj[length - 1]."""
    if isinstance(obj, (list, tuple)):
        return list(obj)
    return [_core._js_get(obj, str(i)) for i in range(_to_length(_core._js_get(obj, "length")))]


def _make_reflect():
    """JS Reflect over the rules the napi_* functions follow. napi-rs (3.16) reads a
    caught error's message and cause with Reflect.getOwnPropertyDescriptor along the
    prototypes (napi_get_prototype), so that no getter runs; without it, every error
    it captures (a rejected promise it awaits, a throw out of a threadsafe-function
    callback) has the reason "JavaScript Error"."""
    def define(target=None, key=None, descriptor=None):
        try:
            _object_define_property(_reflect_target(target, "defineProperty"), key, descriptor)
        except JSTypeError as e:
            if str(e).startswith("Cannot redefine"):
                return False
            raise
        return True

    def apply(fn=None, this=None, args=None):
        return _fn_apply(fn, this, args)  # (the same checks and argument list)

    def set_(target=None, key=None, value=None, *receiver):
        _reflect_target(target, "set")
        _same_receiver(target, receiver, "set", "receiver")
        return _core._js_set(target, _property_key(key), value)

    def construct(target=None, args=None, *new_target):
        for c in (target, *new_target[:1]):
            if not _is_constructor(c):
                shown = _js_to_string(c) if callable(c) else _describe_value(c)
                raise JSTypeError(f"{shown} is not a constructor")
        if not _is_js_object_value(args):
            raise JSTypeError("CreateListFromArrayLike called on non-object")
        _same_receiver(target, new_target, "construct", "newTarget")
        return _core._js_construct(target, _list_from_array_like(args))

    def prevent_extensions(target=None):
        # false, as JS answers a refusal, for a value napi-python cannot make
        # non-extensible (a dict, a list: Object.preventExtensions throws for them)
        if not _core._is_extensible(_reflect_target(target, "preventExtensions")):
            return True
        try:
            _core._prevent_extensions(target)
        except JSTypeError:
            return False
        return True

    r = Object()
    for name, fn in (
            ("getOwnPropertyDescriptor", lambda target=None, key=None: _own_descriptor(
                _reflect_target(target, "getOwnPropertyDescriptor"), key)),
            ("getPrototypeOf", lambda target=None: _core._js_prototype_of(
                _reflect_target(target, "getPrototypeOf"))),
            ("ownKeys", lambda target=None: _core._js_own_symbol_keys(
                _reflect_target(target, "ownKeys"), True)),
            ("setPrototypeOf", _reflect_set_prototype_of),
            ("has", lambda target=None, key=None: _core._js_has(
                _reflect_target(target, "has"), _property_key(key))),
            ("get", lambda target=None, key=None: _core._js_get(
                _reflect_target(target, "get"), _property_key(key))),
            ("set", set_),
            ("deleteProperty", lambda target=None, key=None: _core._js_delete(
                _reflect_target(target, "deleteProperty"), _property_key(key))),
            ("isExtensible", lambda target=None: _core._is_extensible(
                _reflect_target(target, "isExtensible"))),
            ("preventExtensions", prevent_extensions),
            ("construct", construct),
            ("defineProperty", define),
            ("apply", apply)):
        r[name] = _js_function(fn, name)
    return r


# ---------------------------------------------------------------------------
# More statics and global functions: Object.is / hasOwn / fromEntries /
# defineProperties, Array.of, String.fromCharCode / fromCodePoint, the global isNaN,
# isFinite and URI functions, Math.imul / clz32 / acosh / asinh / atanh, Date.UTC
# ---------------------------------------------------------------------------

def _to_uint32(value):
    return _to_int32(value) % 2**32


def _object_is(a=None, b=None):
    return _same_value(a, b)


def _object_has_own(obj=None, key=None):
    if obj is None or obj is null:
        raise JSTypeError("Cannot convert undefined or null to object")
    return _core._js_has(obj, _property_key(key), True)


def _object_from_entries(entries=None):
    """JS Object.fromEntries: a plain object from an iterable of [key, value] pairs
    (a Map's entries, a list of pairs)."""
    if entries is None or entries is null:
        raise JSTypeError(f"{_describe_value(entries)} is not iterable")
    if isinstance(entries, Map):
        entries = list(entries.entries())
    elif isinstance(entries, dict) or not hasattr(entries, "__iter__") or isinstance(
            entries, (int, float)):
        raise JSTypeError(f"{_describe_value(entries)} is not iterable")
    obj = Object()
    for entry in entries:
        if not _is_js_object_value(entry):
            raise JSTypeError(f"Iterator value {_describe_value(entry)} is not an entry object")
        key = _core._js_get(entry, "0")
        obj[_property_key(key)] = _core._js_get(entry, "1")
    return obj


def _object_define_properties(obj=None, properties=None):
    if not _is_js_object_value(obj):
        raise JSTypeError("Object.defineProperties called on non-object")
    if properties is None or properties is null:
        raise JSTypeError("Cannot convert undefined or null to object")
    # every descriptor read and checked before the first definition, as JS; the
    # enumerable own keys, symbols too
    keys = [k for k in _core._js_own_symbol_keys(properties, True)
            if _core._js_own_descriptor(properties, k) in (None, NotImplemented) or
            _core._js_own_descriptor(properties, k)[3] & _NAPI_ENUMERABLE]
    fields = [(k, _to_property_descriptor(_core._js_get(properties, k))) for k in keys]
    for k, given in fields:
        _define_from_fields(obj, k, given)
    return obj


def _string_from_char_code(*codes):
    return _from_utf16(b"".join((_to_uint32(c) & 0xFFFF).to_bytes(2, "little")
                                for c in codes))


def _string_from_code_point(*points):
    out = []
    for p in points:
        n = _js_to_number(p)
        if not (math.isfinite(n) and n.is_integer() and 0 <= n <= 0x10FFFF):
            raise JSRangeError(f"Invalid code point {_js_to_string(n)}")
        n = int(n)
        if n >= 0x10000:  # a surrogate pair, as JS strings hold it
            n -= 0x10000
            out.append(chr(0xD800 + (n >> 10)) + chr(0xDC00 + (n & 0x3FF)))
        else:
            out.append(chr(n))
    return _from_utf16(_utf16("".join(out)))


def _global_is_nan(value=None):
    return math.isnan(_js_to_number(value))


def _global_is_finite(value=None):
    return math.isfinite(_js_to_number(value))


_URI_RESERVED = ";/?:@&=+$,#"
_URI_UNESCAPED = "-_.!~*'()"


def _uri_error(message):
    return URIError(message)


def _uri_encode(keep):
    def encode(value=None):
        units = _utf16(_js_to_string(value))
        out = []
        i = 0
        n = len(units) // 2
        while i < n:
            c = int.from_bytes(units[2 * i:2 * i + 2], "little")
            if c < 0x80 and (chr(c).isascii() and chr(c).isalnum() or chr(c) in keep):
                out.append(chr(c))
                i += 1
                continue
            if 0xDC00 <= c <= 0xDFFF:
                raise _uri_error("URI malformed")
            if 0xD800 <= c <= 0xDBFF:
                d = int.from_bytes(units[2 * i + 2:2 * i + 4], "little") if i + 1 < n else 0
                if not 0xDC00 <= d <= 0xDFFF:
                    raise _uri_error("URI malformed")
                c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00)
                i += 1
            out.extend(f"%{b:02X}" for b in chr(c).encode("utf-8"))
            i += 1
        return "".join(out)
    return encode


def _uri_decode(reserved):
    def decode(value=None):
        s = _js_to_string(value)
        out = []
        i = 0
        while i < len(s):
            if s[i] != "%":
                out.append(s[i])
                i += 1
                continue
            start = i
            raw = bytearray()
            while True:
                h = s[i + 1:i + 3]
                if len(h) != 2 or not all(ch in "0123456789abcdefABCDEF" for ch in h):
                    raise _uri_error("URI malformed")
                raw.append(int(h, 16))
                i += 3
                lead = raw[0]
                need = 1 if lead < 0x80 else 2 if lead >> 5 == 6 else 3 if lead >> 4 == 14 \
                    else 4 if lead >> 3 == 30 else 0
                if need == 0:
                    raise _uri_error("URI malformed")
                if len(raw) == need:
                    break
                if i >= len(s) or s[i] != "%":
                    raise _uri_error("URI malformed")
            try:
                ch = bytes(raw).decode("utf-8")
            except UnicodeDecodeError:
                raise _uri_error("URI malformed") from None
            out.append(s[start:i] if ch in reserved else ch)
        return _from_utf16(_utf16("".join(out)))
    return decode


def _imul(a=None, b=None):
    r = (_to_int32(a) * _to_int32(b)) % 2**32
    return float(r - 2**32 if r >= 2**31 else r)


def _clz32(x=None):
    return float(32 - _to_uint32(x).bit_length())


def _acosh(x):
    return math.acosh(x) if x >= 1 else math.nan


def _atanh(x):
    if x == 1 or x == -1:
        return math.copysign(math.inf, x)
    return math.atanh(x) if -1 < x < 1 else math.nan


def _days_from_civil(y, m, d):
    """Days from 1970-01-01 to the proleptic Gregorian y-m-d (m 1..12)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _date_utc(*args):
    """JS Date.UTC: a time value (ms) from year, month (0-based, may overflow), day...;
    a year 0..99 is 1900 + year; NaN when a part is not finite or the time is out of
    JS's range."""
    nums = [_js_to_number(a) for a in args] or [math.nan]
    defaults = [math.nan, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    parts = nums[:7] + defaults[len(nums[:7]):]
    if not all(math.isfinite(p) for p in parts):
        return math.nan
    y, mo, d, h, mi, s, ms = (float(math.trunc(p)) for p in parts)
    if 0 <= y <= 99:
        y += 1900
    # (V8's MakeDay: a year or month this far out is no date; the rest in doubles)
    if abs(y) > 1e6 or abs(mo) > 1e7:
        return math.nan
    ym = int(y + mo // 12)
    mn = int(mo % 12)
    t = ((_days_from_civil(ym, mn + 1, 1) + d - 1) * 86400000.0 +
         (h * 3600000.0 + mi * 60000.0 + s * 1000.0 + ms))
    return t if abs(t) <= 8.64e15 else math.nan


def _is_class_prototype(value):
    """A class's prototype object (``Cls.prototype`` of a napi_define_class class)."""
    t = type(value)
    return t.__name__ == "ClassPrototype" and t.__module__ == "napi_python"


def _check_prototype(proto):
    if not (proto is null or _is_js_object_value(proto)):
        raise JSTypeError("Object prototype may only be an Object or null: "
                          f"{_describe_value(proto)}")


def _object_create(proto=None, properties=None):
    """JS Object.create: with a class's prototype, an instance of the class its
    constructor did not run for; with any other object or null, a plain object whose
    prototype it is (Object.prototype: the default one)."""
    _check_prototype(proto)
    if _is_class_prototype(proto):
        cls = proto.constructor
        obj = cls.__new__(cls)
    else:
        obj = Object()
        if proto is not OBJECT_PROTOTYPE:
            _core._js_set_prototype(obj, proto)
    if properties is null:
        raise JSTypeError("Cannot convert undefined or null to object")
    if properties is not None:
        for k in _core._js_own_keys(properties, True):
            _object_define_property(obj, k, _core._js_get(properties, k))
    return obj


def _object_set_prototype_of(obj=None, proto=None):
    """JS Object.setPrototypeOf: for a plain object, a class instance, a class or a
    class's prototype (napi-python keeps the prototype of other values in their Python
    type: giving them another throws TypeError, saying so); a primitive is returned
    as it is."""
    if obj is None or obj is null:
        raise JSTypeError("Object.setPrototypeOf called on null or undefined")
    _check_prototype(proto)
    if _is_js_object_value(obj):
        _core._js_set_prototype(obj, proto)
    return obj


def _reflect_set_prototype_of(target=None, proto=None):
    """JS Reflect.setPrototypeOf: false where JS refuses (a cycle, a non-extensible
    object)."""
    _reflect_target(target, "setPrototypeOf")
    _check_prototype(proto)
    try:
        _core._js_set_prototype(target, proto)
    except JSTypeError as e:
        if str(e).startswith(("Cyclic", "#<")):
            return False
        raise
    return True


def _is_prototype_of(this, other=None):
    """Object.prototype.isPrototypeOf: `this` on the prototype chain of `other`."""
    if not _is_js_object_value(other):
        return False
    p = other
    for _ in range(10000):
        nxt = _core._js_prototype_of(p)
        if nxt is this:
            return True
        if nxt is null or nxt is p:
            return False
        p = nxt
    return False


def _object_get_own_property_symbols(obj=None):
    return _core._js_own_symbol_keys(obj)


def _to_length(value):
    n = _js_to_number(value)
    if math.isnan(n) or n <= 0:
        return 0
    return int(min(n, 2**53 - 1))


def _array_from(items=None, map_fn=None, this_arg=None):
    """JS Array.from: an iterable's values (an array's, a string's characters, a Map's
    [key, value] entries, a Set's values, an iterable class instance's), else the
    array-like `length` and indexes; each through map_fn(value, index) if given."""
    if map_fn is not None and not callable(map_fn):
        raise JSTypeError(f"{_describe_value(map_fn)} is not a function")
    if items is None or items is null:
        raise JSTypeError(f"{_describe_value(items) if items is None else 'null'} is not "
                          "iterable (cannot read property Symbol(Symbol.iterator))")
    if isinstance(items, (list, tuple, str)):
        values = list(items)
    elif isinstance(items, Map):
        values = [[k, v] for k, v in list(items._data.values())]
    elif isinstance(items, Set):
        values = list(items._data.values())
    elif isinstance(items, (bytes, bytearray, memoryview, TypedArray)) or \
            callable(_core._js_get(items, Symbol.iterator)):
        values = list(iter(items))
    else:
        values = [_core._js_get(items, str(i))
                  for i in range(_to_length(_core._js_get(items, "length")))]
    if map_fn is not None:
        values = [_core._js_call(map_fn, this_arg, (v, float(i))) for i, v in enumerate(values)]
    return values


def _date_ctor(*args):
    """new Date() / new Date(time value): a datetime in UTC, as napi_create_date
    gives one; a :class:`Date` for a time no datetime holds (a year before 1 or
    after 9999, an Invalid Date), the time value TimeClip'd as in JS."""
    if not args:
        return datetime.datetime.now(datetime.timezone.utc)
    value = args[0]
    if isinstance(value, (datetime.datetime, Date)):
        t = _date_time(value)
    elif isinstance(value, str):  # (Date.parse's formats are not implemented)
        raise JSTypeError("new Date(string) is not supported by napi-python: pass a time value")
    else:
        t = _js_to_number(0 if value is null else value)
    t = math.nan if t != t or abs(t) > 8.64e15 else float(math.trunc(t)) + 0.0
    if t != t:
        return Date(t)
    try:
        return _EPOCH + datetime.timedelta(milliseconds=t)
    except OverflowError:
        return Date(t)


def _object_to_string(this):
    """Object.prototype.toString: "[object Tag]", the tag of the JS value each Python
    value is (its builtin tag, or the Symbol.toStringTag of its prototype)."""
    tag = _to_string_tag(this)
    if not isinstance(this, (str, bool, int, float, Symbol)) and this is not None and this is not null:
        # As JS: a string found under Symbol.toStringTag (own or inherited: a
        # class's prototype member) replaces the builtin tag.
        own = _core._js_get(this, Symbol.toStringTag)
        if isinstance(own, str):
            tag = own
    return f"[object {tag}]"


def _to_string_tag(this):
    if this is None:
        return "Undefined"
    if this is null:
        return "Null"
    if isinstance(this, (list, tuple)):
        return "Array"
    if isinstance(this, PrimitiveWrapper):  # a Number object is "[object Number]"...
        return _to_string_tag(this._js_primitive)
    if isinstance(this, str):
        return "String"
    if isinstance(this, bool):
        return "Boolean"
    if isinstance(this, BigInt):
        return "BigInt"
    if isinstance(this, (int, float)):
        return "Number"
    if isinstance(this, Symbol):
        return "Symbol"
    if isinstance(this, BaseException):
        return "Error"
    if isinstance(this, (datetime.datetime, Date)):
        return "Date"
    if _is_buffer(this):
        return "Uint8Array"  # a Buffer's
    if isinstance(this, TypedArray):
        return "Uint8Array" if isinstance(this, Buffer) else type(this).__name__
    if isinstance(this, (ArrayBuffer, DataView)):
        return type(this).__name__
    if hasattr(type(this), "__await__"):
        return "Promise"
    if callable(this) and not isinstance(this, dict):
        return "Function"
    return "Object"


def _has_own_property(this, key=None):
    """Object.prototype.hasOwnProperty: an own property of ``this`` (ToPropertyKey of
    ``key``; undefined or null ``this`` is a JSTypeError), as napi_has_own_property
    answers it: a prototype object's own members, not what it inherits."""
    if not isinstance(key, Symbol):
        key = _js_to_string(key)
    return _core._js_has(this, key, own=True)


def _make_object_prototype():
    """Object.prototype: what every plain object (and Python dict) inherits."""
    from ._core import with_this
    proto = Object()
    methods = {
        "toString": _object_to_string,
        "toLocaleString": _object_to_string,
        "valueOf": lambda this: this,
        "hasOwnProperty": _has_own_property,
        "isPrototypeOf": lambda this, other=None: _is_prototype_of(this, other),
        # (an own enumerable string key; symbol keys are not listed by _js_own_keys)
        "propertyIsEnumerable": lambda this, key=None: not isinstance(key, Symbol) and
        _js_to_string(key) in _core._js_own_keys(this, True),
    }
    for name, fn in methods.items():
        fn.__name__ = name
        # (toString tells a null `this` from undefined: Object.prototype.toString.call(null))
        proto[name] = _js_method(fn) if name in ("toString", "toLocaleString") else with_this(fn)
    return proto


OBJECT_PROTOTYPE = _make_object_prototype()


def _error_to_string(this):
    """Error.prototype.toString: name and message, as JS joins them."""
    if not _is_js_object_value(this):
        raise JSTypeError("Error.prototype.toString requires that 'this' be an Object")
    name, message = _core._js_get(this, "name"), _core._js_get(this, "message")
    name = "Error" if name is None else _js_to_string(name)
    message = "" if message is None else _js_to_string(message)
    return f"{name}: {message}" if name and message else name or message


class URIError(JSError):
    """JS URIError (the global ``URIError``): what decodeURIComponent and the other
    URI functions throw for a malformed escape or a lone surrogate."""
    name = "URIError"


class ReferenceError(JSError):  # noqa: A001  (JS's name, in this module only)
    """JS ReferenceError (the global ``ReferenceError``)."""
    name = "ReferenceError"


class EvalError(JSError):
    """JS EvalError (the global ``EvalError``)."""
    name = "EvalError"


class AggregateError(JSError):
    """JS AggregateError (the global ``AggregateError``): ``new AggregateError(errors,
    message)``, its ``errors`` a list; Promise.any rejects with one when every input
    rejects."""
    name = "AggregateError"

    def __init__(self, errors=None, message="", *_options, **properties):
        if errors is None or errors is null:
            raise JSTypeError(f"{_describe_value(errors) if errors is None else 'null'} is "
                              "not iterable (cannot read property Symbol(Symbol.iterator))")
        JSError.__init__(self, "" if message is None else _js_to_string(message), **properties)
        self.errors = _array_from(errors)


_MORE_ERRORS = (URIError, ReferenceError, EvalError, AggregateError)


def _make_error_prototypes():
    """Error.prototype, TypeError.prototype...: what an addon reads as
    ``Error.prototype`` (and napi_get_prototype gives for an error), an object with
    the non-enumerable ``constructor``, ``name``, ``message`` (and Error's
    ``toString``), each prototype's own prototype Error.prototype. An addon that
    makes its class an Error subclass (Object.setPrototypeOf(Cls.prototype,
    Error.prototype)) gives its instances these."""
    from ._core import with_this
    flags = _NAPI_WRITABLE | _NAPI_CONFIGURABLE
    error_prototype = None
    for cls, name in ((JSError, "Error"), (JSTypeError, "TypeError"),
                      (JSRangeError, "RangeError"), (JSSyntaxError, "SyntaxError"),
                      *((c, c.name) for c in _MORE_ERRORS)):
        proto = Object()
        _core._js_define(proto, "constructor", cls, None, None, flags)
        _core._js_define(proto, "name", name, None, None, flags)
        _core._js_define(proto, "message", "", None, None, flags)
        if error_prototype is None:
            _error_to_string.__name__ = "toString"
            _core._js_define(proto, "toString", with_this(_error_to_string), None, None, flags)
            error_prototype = proto
        else:
            _core._js_set_prototype(proto, error_prototype)
        cls.__js_prototype__ = proto


def _utf16(s):
    return s.encode("utf-16-le", "surrogatepass")


def _from_utf16(b):
    return b.decode("utf-16-le", "surrogatepass")


def _relative(index, length, default):
    """A JS relative index (slice/substring arguments) clamped to [0, length]."""
    if index is None:
        return default
    index = _js_to_number(index)  # null -> 0, "2" -> 2
    i = int(index) if index == index and abs(index) != math.inf else \
        (0 if index != index else (length if index > 0 else -length))  # NaN -> 0
    if i < 0:
        i = max(length + i, 0)
    return min(i, length)


# ---------------------------------------------------------------------------
# ToObject of a primitive (napi_coerce_to_object, and the `this` a Node-API
# function called on a primitive gets, as a sloppy-mode function does): a Number,
# String, Boolean, BigInt or Symbol object. Its prototype is the global
# constructor's (Number.prototype...: the class's __js_prototype__), whose members
# its class body holds; a String object's indexes and length are own properties.
# ---------------------------------------------------------------------------
# The index properties of a String object of a string up to this long are made with
# it (Python sees them: dict(wrapper)); those of a longer one when an addon first
# touches them, or lists the keys (made upfront, each would cost ~0.7 us per
# character; cxx/src/objects.cc, string_wrapper_index).
_STRING_OBJECT_INDEXES = 1024


class PrimitiveWrapper(Object):
    """The object ToObject makes of a primitive: ``PrimitiveWrapper(5)`` is a Number
    object (an instance of :class:`NumberObject`); ``valueOf()`` gives the 5 back."""
    __slots__ = ("_js_primitive",)

    def __new__(cls, value):
        if isinstance(value, str):
            kind = StringObject
        elif isinstance(value, bool):
            kind = BooleanObject
        elif isinstance(value, BigInt):
            kind = BigIntObject
        elif isinstance(value, Symbol):
            kind = SymbolObject
        else:
            kind = NumberObject  # (an int, float or numpy scalar: js_typeof said number)
        self = Object.__new__(kind)
        PrimitiveWrapper._js_primitive.__set__(self, value)
        if kind is StringObject:  # indexes: enumerable, read-only; length: read-only
            if len(value) <= _STRING_OBJECT_INDEXES:
                for i, ch in enumerate(value):
                    _core._js_define(self, str(i), ch, None, None, _NAPI_ENUMERABLE)
            _core._js_define(self, "length", len(value), None, None, 0)
        return self

    def __init__(self, value):
        pass

    def valueOf(self):
        return self._js_primitive

    def toString(self):
        # (a Symbol object's: ToString of the symbol throws, where JS's
        # Symbol.prototype.toString gives "Symbol(d)"; Node's ToString of the object
        # throws too, through Symbol.prototype[Symbol.toPrimitive])
        return _js_to_string(self._js_primitive)

    def __repr__(self):
        return f"[{type(self).__name__[:-6]}: {self._js_primitive!r}]"


class NumberObject(PrimitiveWrapper):
    __slots__ = ()


class StringObject(PrimitiveWrapper):
    __slots__ = ()


class BooleanObject(PrimitiveWrapper):
    __slots__ = ()


class BigIntObject(PrimitiveWrapper):
    __slots__ = ()


class SymbolObject(PrimitiveWrapper):
    __slots__ = ()


def _this_primitive(this):
    """A prototype method's `this`: a primitive wrapper's primitive, else itself."""
    return this._js_primitive if isinstance(this, PrimitiveWrapper) else this


def _primitive_prototype(cls):
    """Number.prototype...: an Object with valueOf and toString, which work with the
    wrapper or the primitive itself as `this` (Number.prototype.valueOf.call(5));
    Number.prototype also has toFixed, toExponential, toPrecision and toString(radix)."""
    from ._core import with_this
    proto = Object()
    methods = (("valueOf", lambda this: _this_primitive(this)),
               ("toString", lambda this: _js_to_string(_this_primitive(this))))
    if cls is NumberObject:
        methods = (("valueOf", lambda this: _this_number(this, "valueOf")),) + tuple(
            (name, getattr(NumberObject, name)) for name in _NUMBER_METHODS)
    for name, fn in methods:
        fn = (lambda fn: lambda this, *args: fn(this, *args))(fn)
        fn.__name__ = name
        proto[name] = with_this(fn)
    cls.__js_prototype__ = proto
    return proto


# ---------------------------------------------------------------------------
# Number.prototype's formatting methods (napi_python/_numfmt.py does the digits),
# for a number, a Number object or Number.prototype.toFixed.call(n, 2).
# ---------------------------------------------------------------------------
_NUMBER_METHODS = ("toString", "toFixed", "toExponential", "toPrecision")


def _this_number(this, method):
    value = _as_primitive(_this_primitive(this))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise JSTypeError(f"Number.prototype.{method} requires that 'this' be a Number")
    return float(value)


def _integer_arg(value):
    """ToIntegerOrInfinity."""
    n = _js_to_number(value)
    if n != n:
        return 0
    return n if n in (math.inf, -math.inf) else int(n)


def _number_to_string(this, radix=None):
    x = _this_number(this, "toString")
    r = 10 if radix is None else _integer_arg(radix)
    if not 2 <= r <= 36:
        raise JSRangeError("toString() radix argument must be between 2 and 36")
    if r == 10 or x != x or x in (math.inf, -math.inf) or x == 0:
        return _js_to_string(x)
    return _numfmt.to_radix_string(x, r)


def _number_to_fixed(this, digits=None):
    x = _this_number(this, "toFixed")
    f = _integer_arg(digits)
    if not 0 <= f <= 100:
        raise JSRangeError("toFixed() digits argument must be between 0 and 100")
    return _numfmt.to_fixed(x, f, _js_to_string)


def _number_to_exponential(this, digits=None):
    x = _this_number(this, "toExponential")
    f = _integer_arg(digits)
    if x != x or x in (math.inf, -math.inf):
        return _js_to_string(x)
    if not 0 <= f <= 100:
        raise JSRangeError("toExponential() argument must be between 0 and 100")
    return _numfmt.to_exponential(x, None if digits is None else f)


def _number_to_precision(this, precision=None):
    x = _this_number(this, "toPrecision")
    if precision is None:
        return _js_to_string(x)
    p = _integer_arg(precision)
    if x != x or x in (math.inf, -math.inf):
        return _js_to_string(x)
    if not 1 <= p <= 100:
        raise JSRangeError("toPrecision() argument must be between 1 and 100")
    return _numfmt.to_precision(x, p)


# A Number object finds them on its class (its members), as Number.prototype's.
NumberObject.toString = _number_to_string
NumberObject.toFixed = _number_to_fixed
NumberObject.toExponential = _number_to_exponential
NumberObject.toPrecision = _number_to_precision


# ---------------------------------------------------------------------------
# String.prototype: indexes count UTF-16 code units, as in JS. A string is turned
# into a "unit string" (one Python character per code unit: a character beyond
# the BMP as its two surrogates) to index, search and cut, and back.
# ---------------------------------------------------------------------------
_MAX_STRING_LENGTH = (1 << 29) - 24  # V8's, on 64-bit


def _units(s):
    if s.isascii() or max(s) < "\U00010000":
        return s
    import array
    a = array.array("H")
    a.frombytes(_utf16(s))
    return "".join(map(chr, a))


def _from_units(u):
    return u if u.isascii() else _from_utf16(_utf16(u))


def _this_string(this, method):
    """RequireObjectCoercible(this) and ToString, as String.prototype's methods do."""
    this = _this_primitive(this)
    if isinstance(this, str):
        return this
    if this is None or this is null:
        raise JSTypeError(f"String.prototype.{method} called on null or undefined")
    return _js_to_string(this)


def _this_string_value(this, method):
    """thisStringValue: a string or a String object's, else a TypeError."""
    this = _this_primitive(this)
    if not isinstance(this, str):
        raise JSTypeError(f"String.prototype.{method} requires that 'this' be a String")
    return this


def _not_regexp(value, method):
    if isinstance(value, RegExp):
        raise JSTypeError(f"First argument to String.prototype.{method} must not be a "
                          "regular expression")
    return _js_to_string(value)


def _position(value, n, default=0):
    """A position argument: ToIntegerOrInfinity clamped to [0, n]."""
    if value is None:
        return default
    return int(min(max(_to_integer(value), 0), n))


def _str_at(s, index=None):
    u = _units(s)
    k = _to_integer(index)
    k = k + len(u) if k < 0 else k
    return _from_units(u[int(k)]) if 0 <= k < len(u) else None


def _str_char_at(s, index=None):
    u = _units(s)
    k = _to_integer(index)
    return _from_units(u[int(k)]) if 0 <= k < len(u) else ""


def _str_char_code_at(s, index=None):
    u = _units(s)
    k = _to_integer(index)
    return ord(u[int(k)]) if 0 <= k < len(u) else math.nan


def _str_code_point_at(s, index=None):
    u = _units(s)
    k = _to_integer(index)
    if not 0 <= k < len(u):
        return None
    k = int(k)
    c = ord(u[k])
    if 0xD800 <= c <= 0xDBFF and k + 1 < len(u) and 0xDC00 <= ord(u[k + 1]) <= 0xDFFF:
        return 0x10000 + ((c - 0xD800) << 10) + (ord(u[k + 1]) - 0xDC00)
    return c


def _str_slice(s, start=None, end=None):
    u = _units(s)
    n = len(u)
    a, b = _relative(start, n, 0), _relative(end, n, n)
    return _from_units(u[a:b]) if a < b else ""


def _str_substring(s, start=None, end=None):
    u = _units(s)
    n = len(u)
    a, b = _position(start, n, 0), _position(end, n, n)
    return _from_units(u[min(a, b):max(a, b)])


def _str_substr(s, start=None, length=None):
    u = _units(s)
    n = len(u)
    a = _relative(start, n, 0)
    count = n if length is None else min(max(_to_integer(length), 0), n)
    return _from_units(u[a:a + int(count)]) if count > 0 else ""


def _str_index_of(s, search=None, position=None):
    u, w = _units(s), _units(_js_to_string(search))
    return u.find(w, _position(position, len(u)))


def _str_last_index_of(s, search=None, position=None):
    u, w = _units(s), _units(_js_to_string(search))
    p = math.nan if position is None else _js_to_number(position)
    start = len(u) if p != p else _position(p, len(u))
    return u.rfind(w, 0, start + len(w))


def _str_includes(s, search=None, position=None):
    w = _units(_not_regexp(search, "includes"))
    u = _units(s)
    return u.find(w, _position(position, len(u))) != -1


def _str_starts_with(s, search=None, position=None):
    w = _units(_not_regexp(search, "startsWith"))
    u = _units(s)
    return u.startswith(w, _position(position, len(u)))


def _str_ends_with(s, search=None, end_position=None):
    w = _units(_not_regexp(search, "endsWith"))
    u = _units(s)
    return u.endswith(w, 0, _position(end_position, len(u), len(u)))


def _str_pad(s, max_length, fill, at_start):
    u = _units(s)
    target = _to_length(max_length)
    if target <= len(u):
        return s
    filler = " " if fill is None else _units(_js_to_string(fill))
    if not filler:
        return s
    if target > _MAX_STRING_LENGTH:
        raise JSRangeError("Invalid string length")
    count = int(target) - len(u)
    pad = (filler * (count // len(filler) + 1))[:count]
    return _from_units(pad + u if at_start else u + pad)


def _str_repeat(s, count=None):
    n = _to_integer(count)
    if n < 0 or n == math.inf:
        raise JSRangeError("Invalid count value: " + _js_to_string(
            math.nan if count is None else _js_to_number(count)))
    n = int(n)
    if n and len(_units(s)) * n > _MAX_STRING_LENGTH:
        raise JSRangeError("Invalid string length")
    return s * n if s else ""


def _str_concat(s, *args):
    return s + "".join(_js_to_string(a) for a in args)


def _str_trim(s, start=True, end=True):
    if start:
        s = s.lstrip(_JS_SPACE)
    if end:
        s = s.rstrip(_JS_SPACE)
    return s


def _str_split(s, separator=None, limit=None):
    lim = 2**32 - 1 if limit is None else _to_uint32(limit)
    if isinstance(separator, RegExp):
        return _regexp_split(s, separator, lim)
    if lim == 0:
        return []
    if separator is None:
        return [s]
    sep = _units(_js_to_string(separator))
    u = _units(s)
    parts = list(u) if sep == "" else u.split(sep)
    return [_from_units(p) for p in parts[:lim]]


def _regexp_split(s, regexp, lim):
    """split with a RegExp: the pieces between matches (an empty match splits
    between characters, none at the ends), each match's groups after its piece;
    indexes in code points, as RegExp's exec."""
    if lim == 0:
        return []
    if not s:
        return [] if regexp._re.match(s) else [s]
    out, p, q = [], 0, 0
    while q < len(s):
        m = regexp._re.match(s, q)
        if m is None or m.end() == p or m.end() > len(s):
            q += 1
            continue
        out.append(s[p:q])
        if len(out) == lim:
            return out
        for g in m.groups():
            out.append(g)
            if len(out) == lim:
                return out
        p = q = m.end()
    out.append(s[p:])
    return out


def _substitution(replacement, matched, position, u, groups=(), named=None):
    """GetSubstitution: $$, $&, $`, $', $n / $nn (a RegExp's groups), $<name>."""
    out = []
    i = 0
    r = replacement
    m = len(groups)
    while i < len(r):
        c = r[i]
        if c != "$" or i + 1 == len(r):
            out.append(c)
            i += 1
            continue
        nxt = r[i + 1]
        if nxt == "$":
            out.append("$")
            i += 2
        elif nxt == "&":
            out.append(matched)
            i += 2
        elif nxt == "`":
            out.append(u[:position])
            i += 2
        elif nxt == "'":
            out.append(u[position + len(matched):])
            i += 2
        elif nxt.isdigit() and nxt.isascii() and m:
            two = r[i + 1:i + 3]
            if len(two) == 2 and two.isdigit() and two.isascii() and 1 <= int(two) <= m:
                g = groups[int(two) - 1]
                out.append("" if g is None else g)
                i += 3
            elif 1 <= int(nxt) <= m:
                g = groups[int(nxt) - 1]
                out.append("" if g is None else g)
                i += 2
            else:
                out.append("$")
                i += 1
        elif nxt == "<" and named is not None:
            close = r.find(">", i + 2)
            if close == -1:
                out.append("$<")
                i += 2
            else:
                g = named.get(r[i + 2:close])
                out.append("" if g is None else g)
                i = close + 1
        else:
            out.append("$")
            i += 1
    return "".join(out)


def _regexp_replace(s, regexp, replacement, every):
    """replace / replaceAll with a RegExp (indexes in code points, as RegExp's exec)."""
    functional = callable(replacement)
    text = replacement if functional else _js_to_string(replacement)
    if "g" in regexp.flags:
        every = True
        regexp.lastIndex = 0
    out, last = [], 0
    for m in regexp._re.finditer(s):
        groups = m.groups()
        named = m.groupdict() or None
        if functional:
            args = [m.group(0), *groups, m.start(), s]
            if named:
                args.append(_from_json(named))
            piece = _js_to_string(_core._js_call(replacement, None, tuple(args)))
        else:
            piece = _substitution(text, m.group(0), m.start(), s, groups, named)
        out.append(s[last:m.start()])
        out.append(piece)
        last = m.end()
        if not every:
            break
    out.append(s[last:])
    return "".join(out)


def _str_replace(s, pattern=None, replacement=None, every=False):
    if isinstance(pattern, RegExp):
        if every and "g" not in pattern.flags:
            raise JSTypeError("String.prototype.replaceAll called with a non-global RegExp argument")
        return _regexp_replace(s, pattern, replacement, every)
    u = _units(s)
    w = _units(_js_to_string(pattern))
    functional = callable(replacement)
    text = None if functional else _js_to_string(replacement)
    positions = []
    p = u.find(w)
    while p != -1:
        positions.append(p)
        if not every:
            break
        p = u.find(w, p + max(len(w), 1))
    out, last = [], 0
    for p in positions:
        matched = _from_units(w)
        if functional:
            piece = _js_to_string(_core._js_call(replacement, None, (matched, p, s)))
        else:
            piece = _substitution(text, w, p, u)
        out.append(u[last:p])
        out.append(_units(piece))
        last = p + len(w)
    out.append(u[last:])
    return _from_units("".join(out))


def _str_normalize(s, form=None):
    f = "NFC" if form is None else _js_to_string(form)
    if f not in ("NFC", "NFD", "NFKC", "NFKD"):
        raise JSRangeError("The normalization form should be one of NFC, NFD, NFKC, NFKD.")
    import unicodedata
    return unicodedata.normalize(f, s)


def _lone_surrogates(u):
    """The indexes of the unpaired surrogates of a unit string."""
    lone = []
    i = 0
    while i < len(u):
        c = ord(u[i])
        if 0xD800 <= c <= 0xDBFF and i + 1 < len(u) and 0xDC00 <= ord(u[i + 1]) <= 0xDFFF:
            i += 2
            continue
        if 0xD800 <= c <= 0xDFFF:
            lone.append(i)
        i += 1
    return lone


def _str_to_well_formed(s):
    u = _units(s)
    lone = _lone_surrogates(u)
    if not lone:
        return s
    chars = list(u)
    for i in lone:
        chars[i] = "\ufffd"
    return _from_units("".join(chars))


def _make_string_prototype():
    """String.prototype: what addons find on a string (node-addon-api addons such as
    tree-sitter read "".slice): the methods of Node 20's that need no locale data or
    regular-expression matching of their own. Indices are UTF-16 code units."""
    from ._core import with_this
    methods = {
        "at": _str_at,
        "charAt": _str_char_at,
        "charCodeAt": _str_char_code_at,
        "codePointAt": _str_code_point_at,
        "concat": _str_concat,
        "endsWith": _str_ends_with,
        "includes": _str_includes,
        "indexOf": _str_index_of,
        "isWellFormed": lambda this: not _lone_surrogates(_units(this)),
        "lastIndexOf": _str_last_index_of,
        "normalize": _str_normalize,
        "padEnd": lambda this, n=None, fill=None: _str_pad(this, n, fill, False),
        "padStart": lambda this, n=None, fill=None: _str_pad(this, n, fill, True),
        "repeat": _str_repeat,
        "replace": lambda this, p=None, r=None: _str_replace(this, p, r),
        "replaceAll": lambda this, p=None, r=None: _str_replace(this, p, r, every=True),
        "slice": _str_slice,
        "split": _str_split,
        "substr": _str_substr,
        "substring": _str_substring,
        "startsWith": _str_starts_with,
        "toString": lambda this: this,  # (a String, checked below)
        "toWellFormed": _str_to_well_formed,
        "trim": lambda this: _str_trim(this),
        "trimStart": lambda this: _str_trim(this, end=False),
        "trimLeft": lambda this: _str_trim(this, end=False),
        "trimEnd": lambda this: _str_trim(this, start=False),
        "trimRight": lambda this: _str_trim(this, start=False),
        # (Node's default locale: the same as toLowerCase / toUpperCase)
        "toLocaleLowerCase": lambda this, *_: this.lower(),
        "toLocaleUpperCase": lambda this, *_: this.upper(),
        "toLowerCase": lambda this: this.lower(),
        "toUpperCase": lambda this: this.upper(),
        "valueOf": lambda this: this,
    }
    proto = Object()
    for name, fn in methods.items():
        fn.__name__ = name
        # (`this` may be a String object, ToObject's wrapper: its string, as in JS)
        method = (lambda fn, name: lambda this, *args: fn(_this_string(this, name), *args))(
            fn, name)
        if name in ("toString", "valueOf"):
            method = (lambda name: lambda this: _this_string_value(this, name))(name)
        method.__name__ = name
        # (a null argument stays null: _js_method)
        proto[name] = _js_method(method)
        if name not in ("toString", "valueOf"):  # a String object finds them on its class
            setattr(StringObject, name,
                    (lambda fn: lambda self, *args: fn(self._js_primitive, *args))(fn))
    StringObject.__js_prototype__ = proto
    return proto


def _array_index_of(this, v):
    return next((i for i, x in enumerate(this) if x is v or (x == v and x is not null
                                                           and v is not null)), -1)


def _array_push(this, *items):
    this.extend(items)
    return len(this)


def _writable_array(this):
    """The list a mutating Array.prototype method changes (a tuple is a frozen array)."""
    if not isinstance(this, list):
        raise JSTypeError("Cannot assign to read only property '0' of object '[object Array]'")
    return this


def _callback(fn):
    if not callable(fn):
        raise JSTypeError(f"{_js_to_string(fn) if fn is not None else 'undefined'} "
                          "is not a function")
    return fn


def _array_each(this, fn, this_arg):
    """(index, element, fn's result) for each element, fn(element, index, array)
    called as the iteration reaches it (the array read at each step)."""
    _callback(fn)
    i = 0
    n = len(this)
    while i < n and i < len(this):
        x = this[i]
        yield i, x, _core._js_call(fn, this_arg, (x, i, this))
        i += 1


def _array_for_each(this, fn, this_arg):
    for _ in _array_each(this, fn, this_arg):
        pass


def _array_find(this, fn, this_arg, last=False):
    """(index, element) of the first (or last) element fn is truthy for, else (-1, None)."""
    _callback(fn)
    indexes = range(len(this) - 1, -1, -1) if last else range(len(this))
    for i in indexes:
        x = this[i] if i < len(this) else None
        if _core._js_truthy(_core._js_call(fn, this_arg, (x, i, this))):
            return i, x
    return -1, None


def _array_reduce(this, fn, initial, right=False):
    _callback(fn)
    indexes = list(range(len(this)))
    if right:
        indexes.reverse()
    if not initial:
        if not indexes:
            raise JSTypeError("Reduce of empty array with no initial value")
        acc, indexes = this[indexes[0]], indexes[1:]
    else:
        acc = initial[0]
    for i in indexes:
        if i < len(this):
            acc = _core._js_call(fn, None, (acc, this[i], i, this))
    return acc


def _array_sort_key(fn):
    """The key of Array.prototype.sort: undefined last; without a comparator, by
    String(element)."""
    import functools
    if fn is None:
        def compare(a, b):
            a, b = _js_to_string(a), _js_to_string(b)
            return (a > b) - (a < b)
    else:
        if not callable(fn):
            raise JSTypeError("The comparison function must be either a function or undefined")

        def compare(a, b):
            r = _js_to_number(_core._js_call(fn, None, (a, b)))
            return 0 if r != r else (r > 0) - (r < 0)
    return functools.cmp_to_key(compare)


def _array_sorted(items, fn):
    defined = [x for x in items if x is not None]
    return sorted(defined, key=_array_sort_key(fn)) + [None] * (len(items) - len(defined))


def _array_index(this, index):
    """A relative index (at, with): an int, or None when out of range."""
    i = _to_integer(index)
    i = i + len(this) if i < 0 else i
    return int(i) if 0 <= i < len(this) else None


def _to_integer(v):
    """ToIntegerOrInfinity: undefined and NaN are 0; an infinity stays one."""
    n = math.nan if v is None else _js_to_number(v)
    return 0 if n != n else (n if abs(n) == math.inf else int(n))


def _array_splice_args(this, args):
    """(start, delete count, items) of splice/toSpliced(...args)."""
    n = len(this)
    if not args:
        return 0, 0, []
    a = _relative(args[0], n, 0)
    if len(args) == 1:
        return a, n - a, []
    count = _to_integer(args[1])
    return a, int(max(0, min(count, n - a))), list(args[2:])


def _array_flat(items, depth):
    out = []
    for x in items:
        if depth >= 1 and isinstance(x, (list, tuple)):
            out.extend(_array_flat(x, depth - 1))
        else:
            out.append(x)
    return out


def _array_fill(this, value=None, start=None, end=None):
    a = _writable_array(this)
    for i in range(_relative(start, len(a), 0), _relative(end, len(a), len(a))):
        a[i] = value
    return this


def _array_copy_within(this, target=None, start=None, end=None):
    a = _writable_array(this)
    n = len(a)
    t, s, e = _relative(target, n, 0), _relative(start, n, 0), _relative(end, n, n)
    chunk = a[s:e][:max(n - t, 0)]
    a[t:t + len(chunk)] = chunk
    return this


def _array_splice(this, *args):
    a = _writable_array(this)
    i, count, items = _array_splice_args(a, args)
    removed = a[i:i + count]
    a[i:i + count] = items
    return removed


def _array_to_spliced(this, *args):
    a = list(this)
    i, count, items = _array_splice_args(a, args)
    a[i:i + count] = items
    return a


def _array_with(this, index=None, value=None):
    i = _array_index(this, index)
    if i is None:
        raise JSRangeError("Invalid index : " + _js_to_string(index))
    a = list(this)
    a[i] = value
    return a


def _array_concat(this, *items):
    out = list(this)
    for x in items:
        if isinstance(x, (list, tuple)):
            out.extend(x)
        else:
            out.append(x)
    return out


def _array_last_index_of(this, v=None, *start):
    n = len(this)
    k = n - 1
    if start:
        k = _to_integer(start[0])
        k = k + n if k < 0 else min(k, n - 1)
    for i in range(int(max(k, -1)), -1, -1):
        x = this[i]
        if x is v or (x == v and x is not null and v is not null and x is not None):
            return i
    return -1


def _array_sort(this, fn=None):
    a = _writable_array(this)
    a[:] = _array_sorted(a, fn)
    return this


def _array_reverse(this):
    _writable_array(this).reverse()
    return this


def _array_unshift(this, *items):
    a = _writable_array(this)
    a[0:0] = items
    return len(a)


def _make_array_prototype():
    """Array.prototype: every method of Node 20's, on arrays (lists; a tuple is a
    frozen array). napi-rs reads an object argument's optional fields by name: an
    array given for it has the functions ``reverse``, ``map``, ``fill``... there as in
    Node, and the conversion of such a field fails as in Node."""
    from ._core import with_this
    methods = {
        "push": _array_push,
        "pop": lambda this: _writable_array(this).pop() if this else None,
        "shift": lambda this: _writable_array(this).pop(0) if this else None,
        "unshift": _array_unshift,
        "slice": lambda this, start=None, end=None: this[_relative(start, len(this), 0):
                                                          _relative(end, len(this), len(this))],
        "splice": _array_splice,
        "concat": _array_concat,
        "at": lambda this, index=None: (None if (i := _array_index(this, index)) is None
                                        else this[i]),
        "with": _array_with,
        "indexOf": lambda this, v=None: _array_index_of(this, v),
        "lastIndexOf": _array_last_index_of,
        "includes": lambda this, v=None: _array_index_of(this, v) >= 0,
        "fill": _array_fill,
        "copyWithin": _array_copy_within,
        "reverse": _array_reverse,
        "toReversed": lambda this: list(reversed(this)),
        "sort": _array_sort,
        "toSorted": lambda this, fn=None: _array_sorted(list(this), fn),
        "toSpliced": _array_to_spliced,
        "forEach": lambda this, fn=None, this_arg=None: _array_for_each(this, fn, this_arg),
        "map": lambda this, fn=None, this_arg=None: [
            r for _, _, r in _array_each(this, fn, this_arg)],
        "filter": lambda this, fn=None, this_arg=None: [
            x for _, x, r in _array_each(this, fn, this_arg) if _core._js_truthy(r)],
        "flatMap": lambda this, fn=None, this_arg=None: _array_flat(
            [r for _, _, r in _array_each(this, fn, this_arg)], 1),
        "flat": lambda this, depth=None: _array_flat(
            this, 1 if depth is None else _to_integer(depth)),
        "every": lambda this, fn=None, this_arg=None: all(
            _core._js_truthy(r) for _, _, r in _array_each(this, fn, this_arg)),
        "some": lambda this, fn=None, this_arg=None: any(
            _core._js_truthy(r) for _, _, r in _array_each(this, fn, this_arg)),
        "find": lambda this, fn=None, this_arg=None: _array_find(this, fn, this_arg)[1],
        "findIndex": lambda this, fn=None, this_arg=None: _array_find(this, fn, this_arg)[0],
        "findLast": lambda this, fn=None, this_arg=None: _array_find(
            this, fn, this_arg, last=True)[1],
        "findLastIndex": lambda this, fn=None, this_arg=None: _array_find(
            this, fn, this_arg, last=True)[0],
        "reduce": lambda this, fn=None, *initial: _array_reduce(this, fn, initial),
        "reduceRight": lambda this, fn=None, *initial: _array_reduce(
            this, fn, initial, right=True),
        "join": lambda this, sep=",": _js_join(this, sep),
        "toString": lambda this: _js_join(this),
        "toLocaleString": lambda this: _js_join(this),
    }
    cooked = ("join", "toString", "toLocaleString")  # the others: a null stays null
    proto = Object()
    for name, fn in methods.items():
        fn.__name__ = name
        proto[name] = with_this(fn) if name in cooked else _js_method(fn)
    for kind in ("values", "keys", "entries"):
        proto[kind] = with_this(lambda this, kind=kind: _array_iterator(this, kind))
    # As in JS, Array.prototype[Symbol.iterator] is Array.prototype.values.
    proto[Symbol.iterator] = proto["values"]
    return proto


def _array_iterator(array, kind):
    """An Array Iterator, as Array.prototype.values() / keys() / entries() make: its
    next() gives {value, done} objects, reading the array's length at each step (the
    array may grow meanwhile); done once, done for good."""
    state = {"array": array, "index": 0}

    def next_(*_):
        a = state["array"]
        if a is not None and state["index"] < len(a):
            i = state["index"]
            state["index"] += 1
            value = i if kind == "keys" else a[i] if kind == "values" else [i, a[i]]
            return Object(value=value, done=False)
        state["array"] = None
        return Object(value=None, done=True)

    from ._core import with_this
    it = Object()
    it["next"] = next_
    it[Symbol.iterator] = with_this(lambda this, *_: this)  # the iterator itself, as in JS
    return it


def _make_promise_prototype():
    """Promise.prototype for Python awaitables (then, catch, finally): _promise.pxi."""
    from ._core import make_promise_prototype, with_this
    return make_promise_prototype(with_this, Object)


# ---------------------------------------------------------------------------
# Date.prototype: what an addon finds on a date (a datetime, or napi_python.Date)
# ---------------------------------------------------------------------------
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def _date_time(this):
    """The JS time value (ms since the epoch) of a date, as napi_get_date_value
    gives it; NaN for an Invalid Date."""
    if isinstance(this, Date):
        return this.time
    # exactly (timestamp()'s float seconds make a far date's value fractional); a
    # naive datetime is local time, as for timestamp()
    delta = this.astimezone(datetime.timezone.utc) - _EPOCH
    return float((delta.days * 86400 + delta.seconds) * 1000) + delta.microseconds / 1000


def _date_parts(this):
    """The date's fields in UTC (year, month 1-12, day, hour, minute, second,
    millisecond, weekday with Sunday 0), or None for an Invalid Date. A
    :class:`Date` (a year datetime cannot hold, or one made by hand) has them too."""
    t = _date_time(this)
    if t != t or t in (math.inf, -math.inf):
        return None
    return _js_date_parts(math.floor(t))


def _date_iso(this):
    if _date_parts(this) is None:
        raise JSRangeError("Invalid time value")
    return _js_date_string(math.floor(_date_time(this)))


def _date_to_json(this, key=None):
    """Date.prototype.toJSON: null for a time value that is not finite, else
    toISOString."""
    return null if _date_parts(this) is None else _date_iso(this)


_WEEKDAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _date_string(this):
    """Date.prototype.toString, as Node writes it with TZ=UTC (dates reach addons in
    UTC): "Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)"; a year
    is at least four digits, a negative one signed ("-0001")."""
    d = _date_parts(this)
    if d is None:
        return "Invalid Date"
    year, month, day, hh, mm, ss, _, weekday = d
    ystr = f"-{-year:04d}" if year < 0 else f"{year:04d}"
    return (f"{_WEEKDAYS[weekday]} {_MONTHS[month - 1]} {day:02d} {ystr} "
            f"{hh:02d}:{mm:02d}:{ss:02d} GMT+0000 (Coordinated Universal Time)")


def _date_year_string(year):
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def _date_date_string(this):
    """Date.prototype.toDateString (in UTC, as dates reach addons): "Thu Jan 01 1970"."""
    d = _date_parts(this)
    if d is None:
        return "Invalid Date"
    return f"{_WEEKDAYS[d[7]]} {_MONTHS[d[1] - 1]} {d[2]:02d} {_date_year_string(d[0])}"


def _date_time_string(this):
    """Date.prototype.toTimeString: "00:00:00 GMT+0000 (Coordinated Universal Time)"."""
    d = _date_parts(this)
    if d is None:
        return "Invalid Date"
    return f"{d[3]:02d}:{d[4]:02d}:{d[5]:02d} GMT+0000 (Coordinated Universal Time)"


def _date_utc_string(this):
    """Date.prototype.toUTCString (and toGMTString): "Thu, 01 Jan 1970 00:00:00 GMT"."""
    d = _date_parts(this)
    if d is None:
        return "Invalid Date"
    return (f"{_WEEKDAYS[d[7]]}, {d[2]:02d} {_MONTHS[d[1] - 1]} {_date_year_string(d[0])} "
            f"{d[3]:02d}:{d[4]:02d}:{d[5]:02d} GMT")


def _date_field(name, spec):
    index, add = spec
    def method(this):
        d = _date_parts(this)
        return math.nan if d is None else d[index] + add
    method.__name__ = name
    return method


def _make_date_prototype():
    from ._core import with_this
    methods = {
        "getTime": _date_time,
        "valueOf": _date_time,
        "toISOString": _date_iso,
        "toJSON": _date_to_json,
        "toString": _date_string,
        "toDateString": _date_date_string,
        "toTimeString": _date_time_string,
        "toUTCString": _date_utc_string,
        "toGMTString": _date_utc_string,
        # (Annex B: the year less 1900)
        "getYear": lambda this: math.nan if (d := _date_parts(this)) is None else d[0] - 1900,
        # dates reach addons in UTC; NaN for an Invalid Date
        "getTimezoneOffset": lambda this: math.nan if _date_parts(this) is None else 0,
    }
    # index in _date_parts' tuple, and what to add (getMonth counts from 0)
    fields = {"FullYear": (0, 0), "Month": (1, -1), "Date": (2, 0), "Day": (7, 0),
              "Hours": (3, 0), "Minutes": (4, 0), "Seconds": (5, 0), "Milliseconds": (6, 0)}
    for field, getter in fields.items():
        for prefix in ("get", "getUTC"):
            methods[prefix + field] = _date_field(prefix + field, getter)
    proto = Object()
    for name, fn in methods.items():
        fn.__name__ = name
        proto[name] = with_this(fn)
    return proto


def _is_buffer(value):
    """A Buffer for an addon: napi_python.Buffer, or a Python byte buffer."""
    return isinstance(value, (Buffer, bytes, bytearray)) or (
        isinstance(value, memoryview) and value.itemsize == 1)


def _decode(data, encoding):
    """Node's bytes -> string for an encoding name (Buffer.prototype.toString)."""
    enc = "utf8" if encoding is None or encoding is null else str(encoding).lower()
    if enc in ("utf8", "utf-8"):
        return data.decode("utf-8", "replace")
    if enc in ("latin1", "binary"):
        return data.decode("latin-1")
    if enc == "ascii":
        return bytes(b & 0x7F for b in data).decode("ascii")
    if enc in ("utf16le", "utf-16le", "ucs2", "ucs-2"):
        return data[:len(data) - len(data) % 2].decode("utf-16-le", "surrogatepass")
    if enc == "hex":
        return data.hex()
    if enc == "base64":
        return base64.b64encode(data).decode("ascii")
    if enc == "base64url":
        return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")
    raise JSTypeError(f"Unknown encoding: {encoding}")


def _binary_to_string(this, encoding=None, start=None, end=None):
    """Buffer.prototype.toString(encoding, start, end) for a Buffer, else the JS
    toString of the binary value (a typed array joins its elements)."""
    if not _is_buffer(this):
        return _js_to_string(this)
    data = bytes(memoryview(this).cast("B"))
    a, b = _range(len(data), start, end)
    return _decode(data[a:b], encoding) if a < b else ""


def _typed_slice(this, start=None, end=None):
    """TypedArray.prototype.slice: a copy of elements [start, end) in a new typed
    array of this's type (the core's TypedArray.slice for a typed array, also when
    it is a Buffer, whose own slice is a view)."""
    if isinstance(this, TypedArray):
        return TypedArray.slice(this, start, end)
    items = _elements(this)
    return _new_typed(this, items[_relative(start, len(items), 0):
                                  _relative(end, len(items), len(items))])


def _typed_subarray(this, start=None, end=None):
    """TypedArray.prototype.subarray: a view of elements [start, end) on this's
    memory, of this's type."""
    if isinstance(this, TypedArray):
        return TypedArray.subarray(this, start, end)
    if isinstance(this, (ArrayBuffer, DataView)) or not _is_python_buffer(this):
        raise JSTypeError("this is not a typed array.")
    view = memoryview(this)
    n = len(view)
    return view[_relative(start, n, 0):max(_relative(start, n, 0), _relative(end, n, n))]


def _is_python_buffer(value):
    try:
        memoryview(value)
    except TypeError:
        return False
    return True


def _make_binary_prototype():
    """What an addon finds on a Buffer, typed array, ArrayBuffer or DataView (and on
    bytes, bytearray and memoryview, Buffers for it) beyond its elements and lengths:
    toString (Buffer.prototype's with an encoding), then Object.prototype's members.
    WebIDL-style addons (@napi-rs/canvas) read toString / valueOf before converting
    an argument."""
    proto = Object()
    methods = {
        "toString": _binary_to_string,
        "toLocaleString": _binary_to_string,
        # TypedArray.prototype's that need no new typed array (not enumerable in
        # Node, so listed nowhere here either; a Buffer's own come first)
        "join": lambda this, sep=None: _js_join(_elements(this), sep),
        "at": _typed_at,
        "indexOf": lambda this, v=None, start=None: _typed_index_of(this, v, start),
        "lastIndexOf": lambda this, v=None, *start: _typed_index_of(this, v, *start, last=True),
        "includes": lambda this, v=None, start=None: _typed_index_of(
            this, v, start, nan_equal=True) != -1,
        "forEach": lambda this, fn=None, this_arg=None: _typed_iterate(
            this, fn, this_arg, lambda r, i, x: False) and None,
        "every": lambda this, fn=None, this_arg=None: _typed_iterate(
            this, fn, this_arg, lambda r, i, x: not _core._js_truthy(r), -1) == -1,
        "some": lambda this, fn=None, this_arg=None: _typed_iterate(
            this, fn, this_arg, lambda r, i, x: _core._js_truthy(r), -1) != -1,
        "findIndex": lambda this, fn=None, this_arg=None: _typed_iterate(
            this, fn, this_arg, lambda r, i, x: _core._js_truthy(r), -1),
        "find": lambda this, fn=None, this_arg=None: _typed_find(this, fn, this_arg),
        "findLast": lambda this, fn=None, this_arg=None: _array_find(
            _elements(this), fn, this_arg, last=True)[1],
        "findLastIndex": lambda this, fn=None, this_arg=None: _array_find(
            _elements(this), fn, this_arg, last=True)[0],
        "reduce": lambda this, fn=None, *initial: _array_reduce(_elements(this), fn, initial),
        "reduceRight": lambda this, fn=None, *initial: _array_reduce(
            _elements(this), fn, initial, right=True),
        # the ones that change the elements in place (a bytes object's are read-only)
        "reverse": lambda this: _set_elements(this, _elements(this)[::-1]),
        "sort": lambda this, fn=None: _set_elements(this, _typed_sorted(_elements(this), fn)),
        "fill": lambda this, value=None, start=None, end=None: _set_elements(
            this, _array_fill(_elements(this), value, start, end)),
        "copyWithin": lambda this, *args: _set_elements(
            this, _array_copy_within(_elements(this), *args)),
        "set": _typed_set,
        # the ones that make a new typed array of the same type (a Python buffer of
        # bytes: a Buffer)
        "map": lambda this, fn=None, this_arg=None: _new_typed(this, [
            r for _, _, r in _array_each(_elements(this), fn, this_arg)]),
        "filter": lambda this, fn=None, this_arg=None: _new_typed(this, [
            x for _, x, r in _array_each(_elements(this), fn, this_arg) if _core._js_truthy(r)]),
        "slice": _typed_slice,
        "subarray": _typed_subarray,
        "toReversed": lambda this: _new_typed(this, _elements(this)[::-1]),
        "toSorted": lambda this, fn=None: _new_typed(this, _typed_sorted(_elements(this), fn)),
        "with": lambda this, index=None, value=None: _new_typed(
            this, _array_with(_elements(this), index, value)),
        "keys": lambda this: _array_iterator(_elements(this), "keys"),
        "values": lambda this: _array_iterator(_elements(this), "values"),
        "entries": lambda this: _array_iterator(_elements(this), "entries"),
    }
    for name, fn in methods.items():
        fn.__name__ = name
        proto[name] = _js_method(fn)
    return proto


def _elements(this):
    """The elements of a typed array (or of a Python buffer, one for an addon)."""
    if isinstance(this, TypedArray):
        return list(this)
    if isinstance(this, (ArrayBuffer, DataView)):
        raise JSTypeError("this is not a typed array.")
    return memoryview(this).cast("B").tolist() if isinstance(this, (bytes, bytearray)) \
        else memoryview(this).tolist()


def _set_elements(this, items):
    """Writes a typed array's (or a Python buffer's) elements in place; returns it."""
    if isinstance(this, TypedArray):
        for i, x in enumerate(items):
            this[i] = x
        return this
    view = memoryview(this)
    if isinstance(this, (bytes, bytearray)):
        view = view.cast("B")
    if view.readonly:
        raise JSTypeError("Cannot modify a read-only buffer")
    for i, x in enumerate(items):
        view[i] = x
    return this


def _new_typed(this, items):
    """A new typed array of this's type holding ``items`` (converted as JS stores
    them); for a Python buffer of bytes a Buffer, of other items that typed array."""
    if isinstance(this, TypedArray):
        out = type(this)(len(items))
        for i, x in enumerate(items):
            out[i] = x
        return out
    fmt = "B" if isinstance(this, (bytes, bytearray)) else memoryview(this).format.lstrip("@=<>!")
    if fmt == "B":
        out = Uint8Array(len(items))
        for i, x in enumerate(items):
            out[i] = x
        return Buffer(bytes(out))
    import array
    return memoryview(array.array(fmt, [_js_to_number(x) if fmt in "fd" else
                                        int(_to_integer(x)) for x in items]))


def _typed_set(this, source=None, offset=None):
    """TypedArray.prototype.set(array or typed array, offset)."""
    items = _elements(this)
    o = _to_integer(offset)
    src = list(source) if isinstance(source, (list, tuple)) else _elements(source) \
        if source is not None and not isinstance(source, (int, float, str)) else []
    if o < 0 or o + len(src) > len(items):
        raise JSRangeError("offset is out of bounds")
    items[int(o):int(o) + len(src)] = src
    _set_elements(this, items)
    return None


def _typed_sorted(items, fn):
    """TypedArray.prototype.sort's order: numeric (NaN last), or by the comparator."""
    if fn is None:
        return sorted(items, key=lambda x: (x != x, x))
    return sorted(items, key=_array_sort_key(fn))


def _typed_at(this, index=None):
    items = _elements(this)
    i = _js_to_number(0 if index is None else index)
    i = 0 if i != i else int(i)
    i = i + len(items) if i < 0 else i
    return items[i] if 0 <= i < len(items) else None


def _typed_index_of(this, value, start=None, last=False, nan_equal=False):
    items = _elements(this)
    n = len(items)
    if last:
        k = n - 1 if start is None else int(_js_to_number(start) or 0)
        k = k + n if k < 0 else min(k, n - 1)
        indexes = range(k, -1, -1)
    else:
        k = 0 if start is None else _js_to_number(start)
        k = 0 if k != k else int(k)
        k = max(k + n, 0) if k < 0 else k
        indexes = range(k, n)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return -1  # elements are numbers (or BigInts): nothing else is equal
    for i in indexes:
        x = items[i]
        if x == value and (isinstance(x, BigInt) == isinstance(value, BigInt)):
            return i
        if nan_equal and x != x and value != value:
            return i
    return -1


def _typed_iterate(this, fn, this_arg, stop, default=None):
    """Calls fn(element, index, array) for each element until stop(result, i, x):
    the index it stopped at, else ``default``."""
    if not callable(fn):
        raise JSTypeError(f"{_js_to_string(fn) if fn is not None else 'undefined'} "
                          "is not a function")
    for i, x in enumerate(_elements(this)):
        if stop(_core._js_call(fn, this_arg, (x, i, this)), i, x):
            return i
    return default


def _typed_find(this, fn, this_arg):
    i = _typed_iterate(this, fn, this_arg, lambda r, i, x: _core._js_truthy(r), -1)
    return None if i == -1 else _elements(this)[i]


# ---------------------------------------------------------------------------
# Buffer.prototype: the methods a Buffer has in Node (all enumerable there, so that
# napi_get_property_names lists them after a Buffer's indexes, as Node's does)
# ---------------------------------------------------------------------------
def _out_of_range(what, low, high, received):
    err = JSRangeError(f'The value of "{what}" is out of range. It must be >= {low} and '
                       f'<= {high}. Received {_js_to_string(received)}')
    err.code = "ERR_OUT_OF_RANGE"
    return err


def _received(value):
    """How Node's argument errors name the value they got."""
    if value is None:
        return "undefined"
    if value is null:
        return "null"
    if isinstance(value, bool):
        return f"type boolean ({'true' if value else 'false'})"
    if isinstance(value, BigInt):
        return f"type bigint ({int(value)}n)"
    if isinstance(value, (int, float)):
        return f"type number ({_js_to_string(value)})"
    if isinstance(value, str):
        text = value if len(value) <= 28 else value[:25] + "..."
        return f"type string ('{text}')"
    if callable(value) and not isinstance(value, dict):
        return f"function {getattr(value, '__name__', '')}"
    return "an instance of " + ("Array" if isinstance(value, (list, tuple)) else
                                "Object" if isinstance(value, dict) else type(value).__name__)


def _buffer_bytes(this):
    """The Buffer's memory as a flat writable-if-possible memoryview of bytes."""
    return memoryview(this).cast("B")


def _offset(this, offset, size):
    """A read or write offset, checked as Node checks it."""
    n = memoryview(this).nbytes
    offset = 0 if offset is None else offset
    if isinstance(offset, bool) or not isinstance(offset, (int, float)) or isinstance(offset, BigInt):
        err = JSTypeError(f'The "offset" argument must be of type number. Received '
                          f'{_received(offset)}')
        err.code = "ERR_INVALID_ARG_TYPE"
        raise err
    if n < size:
        err = JSRangeError("Attempt to access memory outside buffer bounds")
        err.code = "ERR_BUFFER_OUT_OF_BOUNDS"
        raise err
    if offset != offset or offset in (math.inf, -math.inf) or offset != int(offset):
        err = JSRangeError(f'The value of "offset" is out of range. It must be an integer. '
                           f'Received {_js_to_string(offset)}')
        err.code = "ERR_OUT_OF_RANGE"
        raise err
    if not 0 <= offset <= n - size:
        raise _out_of_range("offset", 0, n - size, offset)
    return int(offset)


def _int_reader(size, signed, order):
    def read(this, offset=None):
        o = _offset(this, offset, size)
        return int.from_bytes(_buffer_bytes(this)[o:o + size], order, signed=signed)
    return read


def _int_writer(size, signed, order):
    low, high = (-(1 << (8 * size - 1)), (1 << (8 * size - 1)) - 1) if signed else \
        (0, (1 << (8 * size)) - 1)

    def write(this, value=None, offset=None):
        o = _offset(this, offset, size)
        v = _js_to_number(value)
        if v != v:
            v = 0
        if not low <= v <= high:
            raise _out_of_range("value", low, high, value)
        _buffer_bytes(this)[o:o + size] = int(v).to_bytes(size, order, signed=signed)
        return o + size
    return write


def _bigint_reader(signed, order):
    def read(this, offset=None):
        o = _offset(this, offset, 8)
        return BigInt(int.from_bytes(_buffer_bytes(this)[o:o + 8], order, signed=signed))
    return read


def _bigint_writer(signed, order):
    def write(this, value=None, offset=None):
        if not isinstance(value, BigInt):
            err = JSTypeError('The "value" argument must be of type bigint')
            err.code = "ERR_INVALID_ARG_TYPE"
            raise err
        o = _offset(this, offset, 8)
        low, high = (-(1 << 63), (1 << 63) - 1) if signed else (0, (1 << 64) - 1)
        if not low <= int(value) <= high:
            raise _out_of_range("value", low, high, value)
        _buffer_bytes(this)[o:o + 8] = int(value).to_bytes(8, order, signed=signed)
        return o + 8
    return write


def _float_reader(fmt):
    size = struct.calcsize(fmt)

    def read(this, offset=None):
        o = _offset(this, offset, size)
        return struct.unpack(fmt, _buffer_bytes(this)[o:o + size])[0]
    return read


def _float_writer(fmt):
    size = struct.calcsize(fmt)

    def write(this, value=None, offset=None):
        o = _offset(this, offset, size)
        v = _js_to_number(value)
        try:
            packed = struct.pack(fmt, v)
        except OverflowError:  # a float32 too large: Infinity, as in JS
            packed = struct.pack(fmt, math.copysign(math.inf, v))
        _buffer_bytes(this)[o:o + size] = packed
        return o + size
    return write


def _byte_length_arg(byte_length):
    if not isinstance(byte_length, (int, float)) or isinstance(byte_length, bool) or \
            byte_length != int(byte_length) or not 1 <= byte_length <= 6:
        raise _out_of_range("byteLength", 1, 6, byte_length)
    return int(byte_length)


def _var_reader(signed, order):
    def read(this, offset=None, byte_length=None):
        size = _byte_length_arg(byte_length)
        o = _offset(this, offset, size)
        return int.from_bytes(_buffer_bytes(this)[o:o + size], order, signed=signed)
    return read


def _var_writer(signed, order):
    def write(this, value=None, offset=None, byte_length=None):
        size = _byte_length_arg(byte_length)
        return _int_writer(size, signed, order)(this, value, offset)
    return write


def _range(n, start, end):
    """[start, end) as Buffer methods read them: ToIntegerOrInfinity, clamped to [0, n]."""
    def position(x, default):
        if x is None:
            return default
        d = _js_to_number(x)
        return 0 if d != d else int(min(max(d, 0), n))
    return position(start, 0), position(end, n)


def _buffer_view(this, start=None, end=None):
    """subarray / slice: a Buffer on the same memory."""
    n = memoryview(this).nbytes
    a, b = _relative(start, n, 0), _relative(end, n, n)  # negative: from the end
    b = max(a, b)
    if isinstance(this, TypedArray):  # (also another typed array given as `this`)
        return Buffer(this.buffer, this.byteOffset + a, b - a)
    return _buffer_bytes(this)[a:b]


def _needle(value, encoding=None):
    if isinstance(value, str):
        return _encode(value, encoding)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return bytes([int(value) & 0xFF])
    try:
        return bytes(memoryview(value).cast("B"))
    except TypeError:
        err = JSTypeError('The "value" argument must be one of type number or string or an '
                          'instance of Buffer or Uint8Array.')
        err.code = "ERR_INVALID_ARG_TYPE"
        raise err from None


def _buffer_index_of(this, value=None, byte_offset=None, encoding=None, last=False):
    data = bytes(_buffer_bytes(this))
    if isinstance(byte_offset, str):
        encoding, byte_offset = byte_offset, None
    needle = _needle(value, encoding)
    n = len(data)
    o = None if byte_offset is None else _js_to_number(byte_offset)
    if o is not None and o != o:
        o = None
    if last:
        start = n if o is None else (int(o) if o >= 0 else n + int(o))
        return data.rfind(needle, 0, max(start, -1) + len(needle)) if start >= 0 else -1
    start = 0 if o is None else (int(o) if o >= 0 else max(n + int(o), 0))
    return data.find(needle, start) if start <= n else -1


def _buffer_fill(this, value=None, offset=None, end=None, encoding=None):
    view = _buffer_bytes(this)
    if isinstance(offset, str):
        encoding, offset, end = offset, None, None
    a, b = _range(len(view), offset, end)
    pattern = _needle(0 if value is None else value, encoding)
    if a < b and pattern:
        view[a:b] = (pattern * ((b - a) // len(pattern) + 1))[:b - a]
    return this


def _buffer_write(this, string=None, offset=None, length=None, encoding=None):
    if not isinstance(string, str):
        err = JSTypeError('The "string" argument must be of type string.')
        err.code = "ERR_INVALID_ARG_TYPE"
        raise err
    if isinstance(offset, str):
        encoding, offset, length = offset, None, None
    elif isinstance(length, str):
        encoding, length = length, None
    view = _buffer_bytes(this)
    o = 0 if offset is None else _offset(this, offset, 0)
    room = len(view) - o if length is None else min(int(_js_to_number(length)), len(view) - o)
    data = _encode(string, encoding)[:max(room, 0)]
    view[o:o + len(data)] = data
    return len(data)


def _buffer_copy(this, target=None, target_start=None, source_start=None, source_end=None):
    src = _buffer_bytes(this)
    dst = memoryview(target).cast("B")
    t = 0 if target_start is None else int(_js_to_number(target_start))
    a, b = _range(len(src), source_start, source_end)
    count = max(min(b - a, len(dst) - t), 0)
    dst[t:t + count] = src[a:a + count]
    return count


def _buffer_compare(this, target=None, *range_args):
    x, y = bytes(_buffer_bytes(this)), bytes(memoryview(target).cast("B"))
    return (x > y) - (x < y)


def _swapper(size):
    def swap(this):
        view = _buffer_bytes(this)
        if len(view) % size:
            raise JSRangeError(f"Buffer size must be a multiple of {8 * size}-bits")
        for i in range(0, len(view), size):
            view[i:i + size] = bytes(view[i:i + size])[::-1]
        return this
    return swap


def _slicer(encoding):
    return lambda this, start=None, end=None: _binary_to_string(this, encoding, start, end)


def _writer(encoding):
    return lambda this, string=None, offset=None, length=None: _buffer_write(
        this, string, offset, length, encoding)


def _make_buffer_prototype():
    """Node 20's enumerable Buffer.prototype members in its order; the getters
    ``parent`` (the ArrayBuffer: ``buffer``) and ``offset`` (``byteOffset``) are
    Python properties, which the core calls with the Buffer read."""
    methods = {}
    for verb, make in (("read", _bigint_reader), ("write", _bigint_writer)):
        for signed, kind in ((False, "BigUInt64"), (False, "BigUint64"), (True, "BigInt64")):
            for order, suffix in (("little", "LE"), ("big", "BE")):
                methods[verb + kind + suffix] = make(signed, order)
    for verb in ("read", "write"):
        for unsigned in ("UInt", "Uint", "Int"):
            signed = unsigned == "Int"
            for order, suffix in (("little", "LE"), ("big", "BE")):
                make = _var_reader if verb == "read" else _var_writer
                methods[verb + unsigned + suffix] = make(signed, order)
                make = _int_reader if verb == "read" else _int_writer
                for size in (4, 2):
                    methods[f"{verb}{unsigned}{8 * size}{suffix}"] = make(size, signed, order)
                if suffix == "LE":
                    methods[f"{verb}{unsigned}8"] = make(1, signed, order)
    for verb in ("read", "write"):
        make = _float_reader if verb == "read" else _float_writer
        for name, code in (("Float", "f"), ("Double", "d")):
            methods[verb + name + "LE"] = make("<" + code)
            methods[verb + name + "BE"] = make(">" + code)
    for enc in ("ascii", "base64", "base64url", "latin1", "hex", "ucs2", "utf8"):
        methods[enc + "Slice"] = _slicer(enc)
    for enc in ("ascii", "base64", "base64url", "latin1", "hex", "ucs2", "utf8"):
        methods[enc + "Write"] = _writer(enc)
    methods["parent"] = property(lambda this: _core._js_get(this, "buffer"))
    methods["offset"] = property(lambda this: _core._js_get(this, "byteOffset"))
    methods.update({
        "copy": _buffer_copy,
        "toString": _binary_to_string,
        "equals": lambda this, other=None: bytes(_buffer_bytes(this)) == bytes(
            memoryview(other).cast("B")),
        "inspect": lambda this, *_: "<Buffer" + "".join(
            f" {b:02x}" for b in bytes(_buffer_bytes(this))[:50]) + (
            " ... " + str(memoryview(this).nbytes - 50) + " more bytes"
            if memoryview(this).nbytes > 50 else "") + ">",
        "compare": _buffer_compare,
        "indexOf": _buffer_index_of,
        "lastIndexOf": lambda this, value=None, byte_offset=None, encoding=None:
            _buffer_index_of(this, value, byte_offset, encoding, last=True),
        "includes": lambda this, value=None, byte_offset=None, encoding=None:
            _buffer_index_of(this, value, byte_offset, encoding) != -1,
        "fill": _buffer_fill,
        "write": _buffer_write,
        "toJSON": lambda this, *_: _from_json(
            {"type": "Buffer", "data": list(bytes(_buffer_bytes(this)))}),
        "subarray": _buffer_view,
        "slice": _buffer_view,
        "swap16": _swapper(2),
        "swap32": _swapper(4),
        "swap64": _swapper(8),
        "toLocaleString": _binary_to_string,
    })
    proto = Object()
    for name, fn in methods.items():
        proto[name] = fn if isinstance(fn, property) else _core._builtin(fn, name, this_first=True)
    return proto


# ---------------------------------------------------------------------------
# ArrayBuffer.prototype and DataView.prototype: the prototypes of those values, in
# place of the typed arrays' (the core: own_binary_prototype)
# ---------------------------------------------------------------------------
def _incompatible(method, this):
    what = "#<ArrayBuffer>" if isinstance(this, ArrayBuffer) else \
        "#<DataView>" if isinstance(this, DataView) else _object_to_string(this)
    return JSTypeError(f"Method {method} called on incompatible receiver {what}")


def _array_buffer_slice(this, start=None, end=None):
    """ArrayBuffer.prototype.slice: a new ArrayBuffer with a copy of bytes
    [start, end) (negative: from the end)."""
    if not isinstance(this, ArrayBuffer):
        raise _incompatible("ArrayBuffer.prototype.slice", this)
    data = memoryview(this).cast("B")
    n = len(data)
    a, b = _relative(start, n, 0), _relative(end, n, n)
    return ArrayBuffer(bytes(data[a:max(a, b)]))


def _array_buffer_resize(this, new_length=None):
    # (napi-python's ArrayBuffers are never resizable, as an addon's are not)
    raise _incompatible("ArrayBuffer.prototype.resize", this)


def _make_array_buffer_prototype():
    proto = Object()
    for name, fn in (("slice", _array_buffer_slice), ("resize", _array_buffer_resize)):
        fn.__name__ = name
        proto[name] = _js_method(fn)
    proto["maxByteLength"] = property(lambda this: memoryview(this).nbytes)
    proto["resizable"] = property(lambda this: False)
    return proto


# (name, struct format, size) of each DataView accessor pair
_DATA_VIEW_TYPES = (("Int8", "b", 1), ("Uint8", "B", 1), ("Int16", "h", 2), ("Uint16", "H", 2),
                    ("Int32", "i", 4), ("Uint32", "I", 4), ("Float32", "f", 4),
                    ("Float64", "d", 8), ("BigInt64", "q", 8), ("BigUint64", "Q", 8))


def _data_view_index(this, method, offset, size):
    """GetViewValue's checks: a DataView `this`, ToIndex of the offset, in bounds."""
    if not isinstance(this, DataView):
        raise _incompatible(f"DataView.prototype.{method}", this)
    i = _to_integer(offset)
    view = memoryview(this).cast("B")
    if i < 0 or i + size > len(view):
        raise JSRangeError("Offset is outside the bounds of the DataView")
    return view, int(i)


def _to_bigint(value):
    """ToBigInt, as setBigInt64 converts its value."""
    value = _as_primitive(value)
    if isinstance(value, BigInt):
        return int(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        text = value.strip(_JS_SPACE)
        try:
            return int(text, 0) if text[:2].lower() in ("0x", "0o", "0b") else int(text or "0", 10)
        except ValueError:
            raise JSSyntaxError(f"Cannot convert {value} to a BigInt") from None
    raise JSTypeError(f"Cannot convert {_js_to_string(value)} to a BigInt")


def _data_view_getter(name, fmt, size):
    method = "get" + name

    def get(this, offset=None, little_endian=None):
        view, i = _data_view_index(this, method, offset, size)
        order = "<" if _core._js_truthy(little_endian) else ">"
        value = struct.unpack(order + fmt, view[i:i + size])[0]
        return BigInt(value) if fmt in "qQ" else value
    get.__name__ = method
    return get


def _data_view_setter(name, fmt, size):
    method = "set" + name

    def set_(this, offset=None, value=None, little_endian=None):
        if not isinstance(this, DataView):
            raise _incompatible(f"DataView.prototype.{method}", this)
        # (the value is converted after ToIndex of the offset and before the bounds
        # check, as in JS)
        if _to_integer(offset) < 0:
            raise JSRangeError("Offset is outside the bounds of the DataView")
        if fmt in "qQ":
            v = _to_bigint(value) % (1 << 64)
            v = v - (1 << 64) if fmt == "q" and v >= 1 << 63 else v
        elif fmt in "fd":
            v = _js_to_number(value)
        else:
            n = _js_to_number(value)
            v = 0 if n != n or n in (math.inf, -math.inf) else int(n) % (1 << (8 * size))
            if fmt.islower() and v >= 1 << (8 * size - 1):
                v -= 1 << (8 * size)
        view, i = _data_view_index(this, method, offset, size)
        order = "<" if _core._js_truthy(little_endian) else ">"
        try:
            packed = struct.pack(order + fmt, v)
        except OverflowError:  # a float32 too large: Infinity, as in JS
            packed = struct.pack(order + fmt, math.copysign(math.inf, v))
        view[i:i + size] = packed
        return None
    set_.__name__ = method
    return set_


def _make_data_view_prototype():
    """DataView.prototype's get/set methods of each type (big-endian unless
    ``littleEndian`` is truthy), with JS's conversions and RangeError."""
    proto = Object()
    for name, fmt, size in _DATA_VIEW_TYPES:
        for make in (_data_view_getter, _data_view_setter):
            fn = make(name, fmt, size)
            proto[fn.__name__] = _js_method(fn)
    return proto


PROTOTYPES = {
    "object": OBJECT_PROTOTYPE,
    "binary": _make_binary_prototype(),
    "buffer": _make_buffer_prototype(),
    "arraybuffer": _make_array_buffer_prototype(),
    "dataview": _make_data_view_prototype(),
    "string": _make_string_prototype(),
    "array": _make_array_prototype(),
    "promise": _make_promise_prototype(),
    "date": _make_date_prototype(),
    "script_parser": parse_script,  # napi_run_script (napi_python/_script.py)
    "primitive_wrapper": PrimitiveWrapper,  # ToObject of a primitive
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


def _array_byte(x):
    """An element of an array given to Buffer.from: ToNumber (numbers and numpy
    scalars; anything else is 0 here), then the low byte of ToUint8."""
    x = _as_primitive(x)
    if not isinstance(x, (int, float)) or x != x or x in (math.inf, -math.inf):
        return 0
    return int(x) & 0xFF


def _buffer_from(value, encoding_or_offset=None, length=None):
    """Buffer.from: a string (with an encoding), an array of byte values, a copy of a
    Buffer or typed array, or a view sharing an ArrayBuffer's memory."""
    if isinstance(value, str):
        return Buffer(_encode(value, encoding_or_offset))
    if isinstance(value, ArrayBuffer):  # offset and length: JS numbers (0.0, 4.0 too)
        return Buffer(value, encoding_or_offset, length)
    if isinstance(value, TypedArray):  # element by element, each cut to a byte
        return Buffer([int(x) & 0xFF for x in value])
    if isinstance(value, (list, tuple)):
        return Buffer([_array_byte(x) for x in value])
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
        # a Buffer, or a Python bytes-like object, which addons see as a Buffer
        return isinstance(value, Buffer) or isinstance(value, (bytes, bytearray, memoryview))

    def __call__(cls, value, encoding_or_offset=None, length=None):
        value = _as_primitive(value)  # a numpy scalar: its int or float
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


def _buffer_compare(buf1=None, buf2=None):
    """Buffer.compare: -1, 0 or 1, the bytes compared in order (a shorter prefix first)."""
    views = []
    for name, value in (("buf1", buf1), ("buf2", buf2)):
        if not (isinstance(value, Buffer) or (isinstance(value, TypedArray) and
                                             isinstance(value, Uint8Array))):
            err = JSTypeError(f'The "{name}" argument must be an instance of Buffer or '
                              f'Uint8Array. Received {_received(value)}')
            err.code = "ERR_INVALID_ARG_TYPE"
            raise err
        views.append(bytes(memoryview(value).cast("B")))
    a, b = views
    return float((a > b) - (a < b))


_BufferGlobal.compare = staticmethod(_js_function(_buffer_compare, "compare"))
_BufferGlobal.of = staticmethod(_js_function(
    lambda *items: Buffer(bytes(_to_int32(v) & 0xFF for v in items)), "of"))
_BufferGlobal.poolSize = 8192
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


def _promise_inputs(iterable):
    """The values Promise.all and the others iterate (JS's iteration of their
    argument), or a JSTypeError to reject with."""
    if isinstance(iterable, (list, tuple, str)):
        return list(iterable)
    if isinstance(iterable, (Map, Set)) or (
            iterable is not None and iterable is not null and
            not isinstance(iterable, (int, float, bool, BigInt, Symbol)) and
            callable(_core._js_get(iterable, Symbol.iterator))):
        return _array_from(iterable)
    # (V8's words: the type, then the value for a null, number or boolean)
    if iterable is None:
        what = "undefined"
    elif iterable is null:
        what = "object null"
    elif isinstance(iterable, bool):
        what = f"boolean {'true' if iterable else 'false'}"
    elif isinstance(iterable, (int, float)):
        what = f"number {_js_to_string(iterable)}"
    elif isinstance(iterable, BigInt):
        what = "bigint"
    elif isinstance(iterable, Symbol):
        what = "symbol"
    else:
        what = "object"
    return JSTypeError(f"{what} is not iterable (cannot read property "
                       "Symbol(Symbol.iterator))")


def _promise_combinator(name, on_item, on_empty):
    """Promise.all, allSettled, any, race: a new promise; each input (a value, a
    promise, a thenable or a Python awaitable) adopted by a promise of its own, and
    `on_item(result, state, index, outcome, value)` called as each settles, in the
    loop's reaction order."""
    def combinator(iterable=None):
        result = Promise()
        items = _promise_inputs(iterable)
        if isinstance(items, JSTypeError):
            result._reject(items)
            return result
        state = {"left": len(items), "values": [None] * len(items)}
        if not items:
            on_empty(result)
            return result
        for i, item in enumerate(items):
            p = Promise()
            p._resolve(item)
            p.then((lambda i: lambda v: on_item(result, state, i, True, v))(i),
                   (lambda i: lambda r: on_item(result, state, i, False, r))(i))
        return result
    return _js_function(combinator, name)


def _all_item(result, state, i, ok, value):
    if not ok:
        result._reject(value)
        return
    state["values"][i] = value
    state["left"] -= 1
    if state["left"] == 0:
        result._resolve(state["values"])


def _all_settled_item(result, state, i, ok, value):
    entry = Object()
    entry["status"] = "fulfilled" if ok else "rejected"
    entry["value" if ok else "reason"] = value
    state["values"][i] = entry
    state["left"] -= 1
    if state["left"] == 0:
        result._resolve(state["values"])


def _aggregate_error(errors):
    return AggregateError(errors, "All promises were rejected")


def _any_item(result, state, i, ok, value):
    if ok:
        result._resolve(value)
        return
    state["values"][i] = value
    state["left"] -= 1
    if state["left"] == 0:
        result._reject(_aggregate_error(state["values"]))


def _race_item(result, state, i, ok, value):
    if ok:
        result._resolve(value)
    else:
        result._reject(value)


class _PromiseGlobalType(type):
    """`instanceof Promise` and `new Promise(executor)` on the global Promise."""

    def __instancecheck__(cls, value):
        # a Promise, or any Python awaitable, which addons see as a promise
        return isinstance(value, Promise) or hasattr(type(value), "__await__")

    def __call__(cls, executor):
        if not callable(executor):
            raise JSTypeError(f"Promise resolver {executor!r} is not a function")
        return _new_promise(executor)


class _PromiseGlobal(metaclass=_PromiseGlobalType):
    """The global ``Promise``: values are :class:`napi_python.Promise`."""

    resolve = staticmethod(_promise_resolve)
    reject = staticmethod(_promise_reject)
    all = _promise_combinator("all", _all_item, lambda r: r._resolve([]))
    allSettled = _promise_combinator("allSettled", _all_settled_item, lambda r: r._resolve([]))
    any = _promise_combinator("any", _any_item, lambda r: r._reject(_aggregate_error([])))
    race = _promise_combinator("race", _race_item, lambda r: None)  # forever pending


_PromiseGlobal.__name__ = _PromiseGlobal.__qualname__ = "Promise"

# ---------------------------------------------------------------------------
# Well-known symbols: Symbol.iterator and the others, one object each for the
# process (napi-rs defines iterators under Symbol.iterator)
# ---------------------------------------------------------------------------
WELL_KNOWN_SYMBOLS = {
    name: getattr(Symbol, name)  # made by the core (types.cc), which reads toPrimitive
    for name in ("asyncIterator", "hasInstance", "isConcatSpreadable", "iterator", "match",
                 "matchAll", "replace", "search", "species", "split", "toPrimitive",
                 "toStringTag", "unscopables", "dispose", "asyncDispose")
}


def _symbol_for(key=None):
    """Symbol.for: the registered symbol of ToString(key), as in JS
    (``Symbol.for(undefined)`` is the symbol of "undefined")."""
    return Symbol.for_(key if isinstance(key, str) else _js_to_string(key))


def _symbol_key_for(symbol):
    """Symbol.keyFor: the key of a registered symbol, else undefined."""
    if isinstance(symbol, Symbol) and symbol.description is not None \
            and Symbol.for_(symbol.description) is symbol:
        return symbol.description
    return None


# ---------------------------------------------------------------------------
# Map, Set, WeakMap, WeakSet, WeakRef: keyed as JS keys them (SameValueZero:
# objects by identity, NaN equal to NaN, 1 and 1.0 the same number, true not 1)
# ---------------------------------------------------------------------------
def _same_value_zero_key(value):
    if value is None:
        return ("undefined",)
    if value is null:
        return ("null",)
    if not isinstance(value, (int, float, str)):
        value = _as_primitive(value)  # a numpy scalar: its int, float or bool
    if isinstance(value, bool):
        return ("boolean", value)
    if isinstance(value, BigInt):
        return ("bigint", int(value))
    if isinstance(value, (int, float)):
        value = float(value)
        return ("number", "NaN") if value != value else ("number", value)
    if isinstance(value, str):
        return ("string", value)
    return ("object", id(value))


class Map:
    """The global ``Map``: insertion-ordered, keyed as JS keys (SameValueZero)."""

    __slots__ = ("_data", "__weakref__")  # no own enumerable properties, as in JS

    def __init__(self, entries=None):
        self._data = {}  # key -> (original key, value)
        if entries is not None and entries is not null:
            for entry in entries:
                self.set(entry[0], entry[1])

    def get(self, key=None):
        found = self._data.get(_same_value_zero_key(key))
        return None if found is None else found[1]

    def set(self, key=None, value=None):
        self._data[_same_value_zero_key(key)] = (key, value)
        return self

    def has(self, key=None):
        return _same_value_zero_key(key) in self._data

    def delete(self, key=None):
        return self._data.pop(_same_value_zero_key(key), None) is not None

    def clear(self):
        self._data.clear()

    @property
    def size(self):
        return len(self._data)

    def forEach(self, callback, this_arg=None):
        for key, value in list(self._data.values()):
            callback(value, key, self)

    def keys(self):
        return _JSIterator([k for k, _ in list(self._data.values())])

    def values(self):
        return _JSIterator([v for _, v in list(self._data.values())])

    def entries(self):
        return _JSIterator([[k, v] for k, v in list(self._data.values())])

    def __len__(self):
        return len(self._data)

    def __iter__(self):  # as `for (const [k, v] of map)`
        return iter([[k, v] for k, v in list(self._data.values())])

    def __contains__(self, key):
        return self.has(key)

    def __getitem__(self, key):
        found = self._data.get(_same_value_zero_key(key))
        if found is None:
            raise KeyError(key)
        return found[1]

    def __repr__(self):
        return f"Map({[[k, v] for k, v in self._data.values()]!r})"


class Set:
    """The global ``Set``: insertion-ordered, values compared as JS compares them."""

    __slots__ = ("_data", "__weakref__")

    def __init__(self, values=None):
        self._data = {}  # key -> original value
        if values is not None and values is not null:
            for value in values:
                self.add(value)

    def add(self, value=None):
        self._data.setdefault(_same_value_zero_key(value), value)
        return self

    def has(self, value=None):
        return _same_value_zero_key(value) in self._data

    def delete(self, value=None):
        return self._data.pop(_same_value_zero_key(value), _MISSING) is not _MISSING

    def clear(self):
        self._data.clear()

    @property
    def size(self):
        return len(self._data)

    def forEach(self, callback, this_arg=None):
        for value in list(self._data.values()):
            callback(value, value, self)

    def values(self):
        return _JSIterator(list(self._data.values()))

    keys = values

    def entries(self):
        return _JSIterator([[v, v] for v in list(self._data.values())])

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(list(self._data.values()))

    def __contains__(self, value):
        return self.has(value)

    def __repr__(self):
        return f"Set({list(self._data.values())!r})"


_MISSING = object()


def _check_weak_key(key, what):
    if key is None or key is null or isinstance(_as_primitive(key), (bool, int, float, str)):
        raise JSTypeError(f"Invalid value used {what}")


class _WeakSlot:
    """The target of a weak collection entry: weakly referenced where Python can
    (JS objects of napi-python, functions, class instances), else held strongly
    (a Python dict or list cannot be weakly referenced)."""

    __slots__ = ("ref", "strong")

    def __init__(self, target, on_death):
        try:
            self.ref = weakref.ref(target, on_death)
            self.strong = None
        except TypeError:
            self.ref = None
            self.strong = target

    def get(self):
        return self.strong if self.ref is None else self.ref()


class _WeakDataDict(dict):
    """A dict a weakref callback can point at (plain dicts cannot be weakly
    referenced)."""


class WeakMap:
    """The global ``WeakMap``: object keys, held weakly where Python allows."""

    __slots__ = ("_data", "__weakref__")

    def __init__(self, entries=None):
        self._data = _WeakDataDict()  # id(key) -> (_WeakSlot, value)
        if entries is not None and entries is not null:
            for entry in entries:
                self.set(entry[0], entry[1])

    def _entry(self, key):
        entry = self._data.get(id(key))
        if entry is not None and entry[0].get() is key:
            return entry
        return None

    def get(self, key=None):
        entry = self._entry(key)
        return None if entry is None else entry[1]

    def set(self, key=None, value=None):
        _check_weak_key(key, "as weak map key")
        ident = id(key)
        data = weakref.ref(self._data)  # the callback must not keep the map alive

        def forget(_ref, ident=ident, data=data):
            d = data()
            if d is not None and d.get(ident, (None,))[0] is slot:
                del d[ident]
        slot = _WeakSlot(key, forget)
        self._data[ident] = (slot, value)
        return self

    def has(self, key=None):
        return self._entry(key) is not None

    def delete(self, key=None):
        if self._entry(key) is None:
            return False
        del self._data[id(key)]
        return True


class WeakSet:
    """The global ``WeakSet``: objects, held weakly where Python allows."""

    __slots__ = ("_map", "__weakref__")

    def __init__(self, values=None):
        self._map = WeakMap()
        if values is not None and values is not null:
            for value in values:
                self.add(value)

    def add(self, value=None):
        _check_weak_key(value, "in weak set")
        self._map.set(value, True)
        return self

    def has(self, value=None):
        return self._map.has(value)

    def delete(self, value=None):
        return self._map.delete(value)


class WeakRef:
    """The global ``WeakRef``: deref() gives the target, or undefined once it is
    gone (a target Python cannot weakly reference is held strongly)."""

    __slots__ = ("_slot", "__weakref__")

    def __init__(self, target=None):
        _check_weak_key(target, "as weak reference target")
        self._slot = _WeakSlot(target, None)

    def deref(self):
        return self._slot.get()


# ---------------------------------------------------------------------------
# RegExp (addons check `instanceof RegExp` and read source and flags)
# ---------------------------------------------------------------------------
_REGEXP_FLAGS = "dgimsuvy"  # the order of RegExp.prototype.flags


def _python_regex(source):
    """JS pattern syntax -> Python's, for what differs in the common subset: named
    groups and their back references."""
    source = re.sub(r"\(\?<([A-Za-z_$][\w$]*)>", r"(?P<\1>", source)
    return re.sub(r"\\k<([A-Za-z_$][\w$]*)>", r"(?P=\1)", source)


class RegExp:
    """The global ``RegExp``: ``new RegExp(pattern, flags)`` with ``source``,
    ``flags``, ``lastIndex``, the flag getters (``global``, ``ignoreCase``...),
    ``test``, ``exec`` and ``toString``, matching with Python's :mod:`re` (indexes
    in code points)."""

    __slots__ = ("source", "flags", "lastIndex", "_re", "__weakref__")

    def __init__(self, pattern=None, flags=None):
        if isinstance(pattern, RegExp):
            source = pattern.source
            flags = pattern.flags if flags is None else flags
        elif pattern is None or pattern == "":
            source = "(?:)"
        else:
            source = pattern if isinstance(pattern, str) else _js_to_string(pattern)
        flags = "" if flags is None else _js_to_string(flags)
        if any(f not in _REGEXP_FLAGS for f in flags) or len(set(flags)) != len(flags):
            raise JSSyntaxError(f"Invalid flags supplied to RegExp constructor '{flags}'")
        options = ((re.IGNORECASE if "i" in flags else 0) | (re.MULTILINE if "m" in flags else 0)
                   | (re.DOTALL if "s" in flags else 0))
        try:
            self._re = re.compile(_python_regex(source), options)
        except re.error as e:
            raise JSSyntaxError(f"Invalid regular expression: /{source}/{flags}: {e}") from None
        self.source = source
        self.flags = "".join(f for f in _REGEXP_FLAGS if f in flags)
        self.lastIndex = 0

    hasIndices = property(lambda self: "d" in self.flags)
    global_ = property(lambda self: "g" in self.flags)
    ignoreCase = property(lambda self: "i" in self.flags)
    multiline = property(lambda self: "m" in self.flags)
    dotAll = property(lambda self: "s" in self.flags)
    unicode = property(lambda self: "u" in self.flags)
    unicodeSets = property(lambda self: "v" in self.flags)
    sticky = property(lambda self: "y" in self.flags)

    def exec(self, string=None):
        """The match and its groups (undefined for a group that did not take part),
        or null; with ``g`` or ``y``, from ``lastIndex``, which it advances."""
        text = string if isinstance(string, str) else _js_to_string(string)
        advancing = "g" in self.flags or "y" in self.flags
        start = int(self.lastIndex) if advancing else 0
        if start > len(text):
            self.lastIndex = 0
            return null
        m = (self._re.match if "y" in self.flags else self._re.search)(text, start)
        if m is None:
            if advancing:
                self.lastIndex = 0
            return null
        if advancing:
            self.lastIndex = m.end()
        return [m.group(0), *m.groups()]

    def test(self, string=None):
        return self.exec(string) is not null

    def toString(self):
        return f"/{self.source}/{self.flags}"


setattr(RegExp, "global", RegExp.global_)  # `global` is a Python keyword
del RegExp.global_


# ---------------------------------------------------------------------------
# DOMException (a Node global since v17)
# ---------------------------------------------------------------------------
_DOM_EXCEPTION_CODES = {
    "IndexSizeError": 1, "HierarchyRequestError": 3, "WrongDocumentError": 4,
    "InvalidCharacterError": 5, "NoModificationAllowedError": 7, "NotFoundError": 8,
    "NotSupportedError": 9, "InvalidStateError": 11, "SyntaxError": 12,
    "InvalidModificationError": 13, "NamespaceError": 14, "InvalidAccessError": 15,
    "TypeMismatchError": 17, "SecurityError": 18, "NetworkError": 19, "AbortError": 20,
    "URLMismatchError": 21, "QuotaExceededError": 22, "TimeoutError": 23,
    "InvalidNodeTypeError": 24, "DataCloneError": 25,
}


# A DOMException's name, legacy code and message, as Node keeps them: private state
# its prototype's getters read (not own properties: Object.keys of one is []), one
# dict per exception, gone with it
_dom_exception_state = weakref.WeakKeyDictionary()


def _dom_state(exc, key, default):
    return _dom_exception_state.get(exc, {}).get(key, default)


class DOMException(JSError):
    """The global ``DOMException``: ``new DOMException(message, name)`` (or
    ``{name, cause}`` as the second argument); ``code`` is the legacy code of the
    name, 0 for the others. ``name``, ``code`` and ``message`` are read-only accessors
    of the class, as of Node's DOMException.prototype (a write to them is dropped);
    ``cause`` is an own property, not enumerable."""

    def __init__(self, message="", options=None, **properties):
        super().__init__("" if message is None else message, **properties)
        name = "Error"
        if isinstance(options, str):
            name = options
        elif isinstance(options, dict):
            name = _own_get(options, "name", "Error")
            if "cause" in options:
                _core._js_define(self, "cause", options["cause"], None, None,
                                 _NAPI_WRITABLE | _NAPI_CONFIGURABLE)
        state = _dom_exception_state.setdefault(self, {})
        state["name"], state["code"] = name, _DOM_EXCEPTION_CODES.get(name, 0)

    # (getters without setters in JS: the sloppy-mode write does nothing)
    name = property(lambda self: _dom_state(self, "name", "Error"), lambda self, value: None)
    code = property(lambda self: _dom_state(self, "code", 0), lambda self, value: None)

    @property
    def message(self):
        return _dom_state(self, "message", "")

    @message.setter
    def message(self, value):
        # (JSError.__init__ sets it once; a later write is dropped, as in JS)
        _dom_exception_state.setdefault(self, {}).setdefault("message", value)

    def __reduce__(self):
        # (copy and pickle: the private state goes as the constructor's arguments;
        # the instance dict, a cause and what was set, as for any exception)
        return type(self), (self.message, self.name), vars(self) or None


# ---------------------------------------------------------------------------
# structuredClone: the HTML structured clone of the values napi-python maps (objects,
# arrays, primitives, Map, Set, Date, RegExp, errors, ArrayBuffer and its views, the
# primitive wrappers); a function, symbol, promise or weak collection throws a
# DataCloneError. A value met twice is cloned once (cycles included), and views of
# one ArrayBuffer stay views of one clone. A Buffer comes back a Uint8Array, as in
# Node (its prototype is not cloned), and so do bytes and bytearray.
# ---------------------------------------------------------------------------
def _clone_error(what):
    return DOMException(f"{what} could not be cloned.", "DataCloneError")


def _cloned_array_buffer(source, memo):
    key = id(source)
    if key not in memo:
        clone = ArrayBuffer(len(memoryview(source)))
        memoryview(clone).cast("B")[:] = memoryview(source).cast("B")
        memo[key] = (source, clone)
    return memo[key][1]


def _isawaitable(value):
    import inspect  # (here, not at import: it is a fifth of napi_python's import time)
    return inspect.isawaitable(value)


def _clone(value, memo):
    if value is None or value is null or isinstance(value, (str, bool, float, BigInt)):
        return value
    if type(value) is int:
        return value
    if isinstance(value, Symbol):
        raise _clone_error(f"Symbol({'' if value.description is None else value.description})")
    key = id(value)
    if key in memo:
        return memo[key][1]
    if isinstance(value, PrimitiveWrapper):
        if isinstance(value, SymbolObject):
            raise _clone_error("[object Symbol]")
        clone = PrimitiveWrapper(value._js_primitive)
    elif isinstance(value, datetime.datetime):
        clone = value  # (immutable: the same instant)
    elif isinstance(value, Date):
        clone = Date(value.time)
    elif isinstance(value, RegExp):
        clone = RegExp(value.source, value.flags)
    elif isinstance(value, ArrayBuffer):
        return _cloned_array_buffer(value, memo)
    elif isinstance(value, TypedArray):
        kind = Uint8Array if isinstance(value, Buffer) else type(value)
        buffer = _cloned_array_buffer(value.buffer, memo)
        clone = kind(buffer, value.byteOffset, len(value))
    elif isinstance(value, DataView):
        clone = DataView(_cloned_array_buffer(value.buffer, memo), value.byteOffset,
                         value.byteLength)
    elif isinstance(value, (bytes, bytearray, memoryview)):
        clone = Uint8Array(len(memoryview(value).cast("B")))
        memoryview(clone.buffer).cast("B")[:] = memoryview(value).cast("B")
    elif isinstance(value, BaseException):
        cls = type(value) if type(value) in (JSError, JSTypeError, JSRangeError,
                                             JSSyntaxError) else JSError
        message = value.message if isinstance(value, JSError) else str(value)
        clone = cls(message)
    elif isinstance(value, Map):
        clone = Map()
        memo[key] = (value, clone)
        for k, v in value:
            clone.set(_clone(k, memo), _clone(v, memo))
        return clone
    elif isinstance(value, Set):
        clone = Set()
        memo[key] = (value, clone)
        for v in value.values():
            clone.add(_clone(v, memo))
        return clone
    elif isinstance(value, (list, tuple)):
        clone = []
        memo[key] = (value, clone)
        clone.extend(_clone(v, memo) for v in value)
        return clone
    elif isinstance(value, (WeakMap, WeakSet, WeakRef)):
        raise _clone_error(f"#<{type(value).__name__}>")
    elif isinstance(value, Promise) or _isawaitable(value):
        raise _clone_error("#<Promise>")
    elif callable(value) and not isinstance(value, dict):
        raise _clone_error(_js_to_string(value))
    else:  # an object: a plain object of its own enumerable properties
        clone = Object()
        memo[key] = (value, clone)
        for k in _object_keys(value):
            clone[k] = _clone(_core._js_get(value, k), memo)
        return clone
    memo[key] = (value, clone)
    return clone


def _structured_clone(*args):
    if not args:
        error = JSTypeError("The value argument must be specified")
        error.code = "ERR_MISSING_ARGS"
        raise error
    return _clone(args[0], {})


# ---------------------------------------------------------------------------
# TextEncoder / TextDecoder (UTF-8 and the encodings Python knows by the label)
# ---------------------------------------------------------------------------
def _bytes_of(value):
    if value is None:
        return b""
    if isinstance(value, (ArrayBuffer, TypedArray, DataView)) or hasattr(value, "__buffer__"):
        return bytes(memoryview(value).cast("B"))
    try:
        return bytes(memoryview(value).cast("B"))
    except TypeError:
        raise JSTypeError('The "input" argument must be an instance of ArrayBuffer or '
                          "ArrayBufferView") from None


def _well_formed_utf8(text):
    # lone surrogates become U+FFFD, as in JS
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").encode()


class TextEncoder:
    """The global ``TextEncoder`` (UTF-8)."""

    encoding = "utf-8"

    def encode(self, text=""):
        return Uint8Array(_well_formed_utf8("" if text is None else str(text)))

    def encodeInto(self, text, dest):
        data = _well_formed_utf8(str(text))
        room = len(dest)
        cut = min(room, len(data))
        while cut > 0 and cut < len(data) and (data[cut] & 0xC0) == 0x80:
            cut -= 1  # never half a character
        memoryview(dest).cast("B")[:cut] = data[:cut]
        read = len(data[:cut].decode("utf-8").encode("utf-16-le")) // 2
        result = Object()
        result["read"] = read
        result["written"] = cut
        return result


class TextDecoder:
    """The global ``TextDecoder``: ``new TextDecoder(label, {fatal, ignoreBOM})``."""

    def __init__(self, label="utf-8", options=None):
        label = (label or "utf-8").strip().lower()
        codec = {"utf8": "utf-8", "unicode-1-1-utf-8": "utf-8", "utf-16": "utf-16-le",
                 "utf-16le": "utf-16-le", "latin1": "latin-1", "iso-8859-1": "latin-1",
                 "ascii": "latin-1", "us-ascii": "latin-1"}.get(label, label)
        try:
            import codecs
            codecs.lookup(codec)
        except LookupError:
            raise JSRangeError(f'The "{label}" encoding is not supported') from None
        options = options if isinstance(options, dict) else {}
        self._codec = codec
        self.encoding = {"utf-16-le": "utf-16le", "latin-1": "windows-1252"}.get(codec, codec)
        self.fatal = bool(_own_get(options, "fatal", False))
        self.ignoreBOM = bool(_own_get(options, "ignoreBOM", False))

    def decode(self, data=None, options=None):
        raw = _bytes_of(data)
        if not self.ignoreBOM:
            bom = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe"}.get(self._codec)
            if bom and raw.startswith(bom):
                raw = raw[len(bom):]
        try:
            return raw.decode(self._codec, "strict" if self.fatal else "replace")
        except UnicodeDecodeError:
            raise JSTypeError(f"The encoded data was not valid for encoding {self.encoding}") \
                from None


# ---------------------------------------------------------------------------
# queueMicrotask, setImmediate, setTimeout, setInterval: run from the loop bridge,
# as promise reactions are (the attached asyncio loop, or run_pending())
# ---------------------------------------------------------------------------
# ---------------------------------------------------------------------------
# atob / btoa: base64 of "binary strings" (one character per byte, U+0000-U+00FF),
# with the WHATWG forgiving-base64 decode Node 20 implements, its errors included.
# ---------------------------------------------------------------------------
_BASE64_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_ASCII_WHITESPACE = frozenset("\t\n\f\r ")


def _missing_input():
    return JSTypeError('The "input" argument must be specified', code="ERR_MISSING_ARGS")


def _btoa(*args):
    if not args:
        raise _missing_input()
    text = _js_to_string(args[0])
    if any(ord(c) > 0xFF for c in text):
        raise DOMException("Invalid character", "InvalidCharacterError")
    return base64.b64encode(text.encode("latin-1")).decode("ascii")


def _atob(*args):
    if not args:
        raise _missing_input()
    text = _js_to_string(args[0])
    data = []  # the alphabet's characters, whitespace and padding left out
    padding = 0
    for c in text:
        if c in _ASCII_WHITESPACE:
            continue
        if c == "=":
            padding += 1
            if padding > 2:
                raise DOMException("Invalid character", "InvalidCharacterError")
        elif c in _BASE64_ALPHABET and not padding:
            data.append(c)
        else:  # outside the alphabet, or data after the padding
            raise DOMException("Invalid character", "InvalidCharacterError")
    # padding only where it completes a group of 4
    if padding and (len(data) + padding) % 4:
        raise DOMException("Invalid character", "InvalidCharacterError")
    if len(data) % 4 == 1:
        raise DOMException("The string to be decoded is not correctly encoded.",
                           "InvalidCharacterError")
    encoded = "".join(data)
    return base64.b64decode(encoded + "=" * (-len(encoded) % 4)).decode("latin-1")


def _queue_microtask(callback):
    if not callable(callback):
        raise JSTypeError('The "callback" argument must be of type function')
    _attach_running_loop()
    _queue_call(callback)


class _Timer:
    """What setTimeout, setInterval and setImmediate return (Node's Timeout and
    Immediate): ref(), unref(), hasRef(), refresh(), close()."""

    _ids = itertools.count(1)

    def __init__(self, callback, delay_ms, args, repeat):
        if not callable(callback):
            raise JSTypeError('The "callback" argument must be of type function')
        self._callback = callback
        self._args = args
        # (null is 0, "5" is 5: the delay is ToNumber of the argument)
        self._delay = 0.0 if delay_ms is None else max(_js_to_number(delay_ms), 0.0) / 1000.0
        if self._delay != self._delay:  # NaN
            self._delay = 0.0
        self._repeat = repeat
        self._cancelled = False
        self._has_ref = True
        self._thread_timer = None
        self._id = next(self._ids)
        _attach_running_loop()
        self._schedule()

    def _schedule(self):
        if self._delay <= 0 and not self._repeat:
            _queue_call(self._fire)
            return
        # After the delay, from the loop bridge like every other async callback:
        # a timer thread only posts (the bridge takes posts from any thread).
        timer = threading.Timer(self._delay, _queue_call, (self._fire,))
        timer.daemon = True
        self._thread_timer = timer
        timer.start()

    def _fire(self):
        if self._cancelled:
            return
        if self._repeat:
            self._schedule()
        else:
            self._cancelled = True
        self._callback(*self._args)

    def close(self):
        self._cancelled = True
        if self._thread_timer is not None:
            self._thread_timer.cancel()
        return self

    def ref(self):
        self._has_ref = True
        return self

    def unref(self):
        self._has_ref = False
        return self

    def hasRef(self):
        return self._has_ref

    def refresh(self):
        if not self._cancelled:
            if self._thread_timer is not None:
                self._thread_timer.cancel()
            self._schedule()
        return self

    def __int__(self):
        return self._id

    def __index__(self):
        return self._id


def _clear_timer(timer=None):
    if isinstance(timer, _Timer):
        timer.close()


def _set_timeout(callback, delay=0, *args):
    return _Timer(callback, delay, args, repeat=False)


def _set_interval(callback, delay=0, *args):
    return _Timer(callback, delay if delay else 1, args, repeat=True)


def _set_immediate(callback, *args):
    return _Timer(callback, 0, args, repeat=False)


# ---------------------------------------------------------------------------
# process
# ---------------------------------------------------------------------------
class _ProcessEnv:
    """``process.env``: the live environment; reading a missing name gives
    undefined, assigning converts to a string, as in Node."""

    def __getattr__(self, name):
        return os.environ.get(name)

    def __setattr__(self, name, value):
        os.environ[name] = "undefined" if value is None else str(value)

    def __delattr__(self, name):
        os.environ.pop(name, None)

    def __dir__(self):
        return sorted(os.environ)

    def keys(self):
        return list(os.environ)

    def __repr__(self):
        return "process.env"


def _raw_debug(*args):
    print(" ".join(str(a) for a in args), file=sys.stderr, flush=True)


def _console_text(args):
    """The line console.log writes: strings as they are, other values as JS
    String() writes them, plain objects and arrays as JSON (Node's util.inspect
    spells these differently: `{ a: 1 }`)."""
    parts = []
    for a in args:
        if isinstance(a, str):
            parts.append(a)
        elif isinstance(a, (dict, list, tuple)):
            try:
                parts.append(_json_stringify(a))
            except Exception:
                parts.append(_js_to_string(a))
        else:
            parts.append(_js_to_string(a))
    return " ".join(parts)


def _make_console():
    """console.log / info / debug (stdout) and warn / error / trace (stderr)."""
    console = Object()
    for name, stream in (("log", "stdout"), ("info", "stdout"), ("debug", "stdout"),
                         ("warn", "stderr"), ("error", "stderr"), ("trace", "stderr")):
        def write(*args, _stream=stream):
            print(_console_text(args), file=getattr(sys, _stream), flush=True)
        console[name] = _js_function(write, name)
    return console


class NodeWarning(UserWarning):
    """A warning an addon emitted with ``process.emitWarning``."""


def _emit_warning(warning, type_or_options=None, code=None, *_):
    kind = "Warning"
    if isinstance(type_or_options, str):
        kind = type_or_options
    elif isinstance(type_or_options, dict):
        kind = _own_get(type_or_options, "type", kind)
        code = _own_get(type_or_options, "code", code)
    if isinstance(warning, BaseException):
        kind = getattr(warning, "name", None) or kind
        warning = str(warning)
    text = f"{kind}: {warning}" if code is None else f"[{code}] {kind}: {warning}"
    warnings.warn(text, NodeWarning, stacklevel=2)


def _next_tick(callback, *args):
    if not callable(callback):
        raise JSTypeError('The "callback" argument must be of type function')
    _attach_running_loop()
    _queue_call(lambda: callback(*args))


def _node_error(cls, code, message):
    err = cls(message)
    err.code = code
    return err


def _hrtime(time=None):
    """process.hrtime([previous]): [seconds, nanoseconds] of a monotonic clock, or
    the time since ``previous`` (an array of two)."""
    import time as _time
    now = _time.monotonic_ns()
    sec, nsec = divmod(now, 10**9)
    if time is None:
        return [sec, nsec]
    if not isinstance(time, (list, tuple)):
        raise _node_error(JSTypeError, "ERR_INVALID_ARG_TYPE", 'The "time" argument must be '
                          f'an instance of Array. Received {_received(time)}')
    if len(time) != 2:
        raise _node_error(JSRangeError, "ERR_OUT_OF_RANGE", 'The value of "time" is out of '
                          f'range. It must be 2. Received {len(time)}')
    sec, nsec = sec - _js_to_number(time[0]), nsec - _js_to_number(time[1])
    if nsec < 0:
        sec, nsec = sec - 1, nsec + 10**9
    return [sec, nsec]


def _hrtime_bigint(*_):
    import time as _time
    return BigInt(_time.monotonic_ns())


_START = None


def _process_start():
    """When this process started, on the monotonic clock (from /proc on Linux; else
    when napi_python was imported)."""
    global _START
    if _START is None:
        import time as _time
        _START = _time.monotonic()
        try:
            with open("/proc/self/stat") as f:
                ticks = int(f.read().rsplit(")", 1)[1].split()[19])
            with open("/proc/uptime") as f:
                boot_uptime = float(f.read().split()[0])
            # /proc/uptime and CLOCK_MONOTONIC both count from boot (but suspend)
            _START -= max(boot_uptime - ticks / os.sysconf("SC_CLK_TCK"), 0.0)
        except (OSError, ValueError, IndexError):
            pass
    return _START


def _uptime():
    import time as _time
    return _time.monotonic() - _process_start()


def _rss():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def _memory_usage():
    """process.memoryUsage(): the resident set size in bytes; no V8 heap here, so
    heapTotal, heapUsed, external and arrayBuffers are 0."""
    return Object(rss=_rss(), heapTotal=0, heapUsed=0, external=0, arrayBuffers=0)


def _cpu_usage(previous=None):
    """process.cpuUsage([previous]): user and system CPU time in microseconds, or
    the time since ``previous``, checked as Node checks it."""
    t = os.times()
    user, system = int(t.user * 1e6), int(t.system * 1e6)
    if previous is None or previous is null or not _core._js_truthy(previous):
        return Object(user=user, system=system)
    valid = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and \
        0 <= v <= 2**53 - 1
    for field in ("user", "system"):
        value = _core._js_get(previous, field) if _is_js_object_value(previous) else None
        if valid(value):
            continue
        if not _is_js_object_value(previous):
            raise _node_error(JSTypeError, "ERR_INVALID_ARG_TYPE", 'The "prevValue" argument '
                              f'must be of type object. Received {_received(previous)}')
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _node_error(JSTypeError, "ERR_INVALID_ARG_TYPE", f'The "prevValue.{field}" '
                              f'property must be of type number. Received {_received(value)}')
        raise _node_error(JSRangeError, "ERR_INVALID_ARG_VALUE", f"The property "
                          f"'prevValue.{field}' is invalid. Received {_js_to_string(value)}")
    return Object(user=user - _core._js_get(previous, "user"),
                  system=system - _core._js_get(previous, "system"))


def _umask(*mask):
    """process.umask([mask]): the file mode creation mask, set to ``mask`` (a
    32-bit unsigned integer or an octal string) when given; the old one."""
    if not mask:
        old = os.umask(0)
        os.umask(old)
        return old
    value = None if mask[0] is null else mask[0]
    if isinstance(value, str):
        if not re.fullmatch(r"[0-7]+", value):
            raise _node_error(JSTypeError, "ERR_INVALID_ARG_VALUE", "The argument 'mask' must "
                              "be a 32-bit unsigned integer or an octal string. Received "
                              f"'{value}'")
        value = int(value, 8)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or isinstance(value, BigInt):
        raise _node_error(JSTypeError, "ERR_INVALID_ARG_TYPE", 'The "mask" argument must be '
                          f'of type number. Received {_received(value)}')
    if value != value or value != int(value):
        raise _node_error(JSRangeError, "ERR_OUT_OF_RANGE", 'The value of "mask" is out of '
                          f'range. It must be an integer. Received {_js_to_string(value)}')
    if not 0 <= value <= 2**32 - 1:
        raise _node_error(JSRangeError, "ERR_OUT_OF_RANGE", 'The value of "mask" is out of '
                          'range. It must be >= 0 && <= 4294967295. Received '
                          f'{_js_to_string(value)}')
    return os.umask(int(value) & 0o777)


def _make_process():
    process = Object()
    process["env"] = _ProcessEnv()
    process["platform"] = sys.platform
    process["arch"] = {"x86_64": "x64", "aarch64": "arm64"}.get(platform.machine(),
                                                                 platform.machine())
    process["pid"] = os.getpid()
    process["ppid"] = os.getppid()
    versions = Object()
    versions["node"] = "22.14.0"
    versions["napi"] = "10"
    process["versions"] = versions
    process["version"] = "v22.14.0"
    release = Object()
    release["name"] = "node"
    process["release"] = release
    process["argv"] = list(sys.argv)
    process["execPath"] = sys.executable
    process["_rawDebug"] = _js_function(_raw_debug, "_rawDebug")
    process["emitWarning"] = _js_function(_emit_warning, "emitWarning")
    process["nextTick"] = _js_function(_next_tick, "nextTick")
    process["_tickCallback"] = _js_function(lambda: _tick_callback(), "_tickCallback")
    process["cwd"] = _js_function(lambda: os.getcwd(), "cwd")
    process["hrtime"] = _js_function(_hrtime, "hrtime",
                                     bigint=_js_function(_hrtime_bigint, "bigint"))
    process["uptime"] = _js_function(lambda *_: _uptime(), "uptime")
    process["memoryUsage"] = _js_function(lambda *_: _memory_usage(), "memoryUsage",
                                          rss=_js_function(lambda *_: _rss(), "rss"))
    process["cpuUsage"] = _js_function(_cpu_usage, "cpuUsage")
    process["umask"] = _js_function(_umask, "umask")
    if hasattr(os, "getgroups"):  # (with the effective group, which Node ensures)
        process["getgroups"] = _js_function(lambda *_: os.getgroups() + (
            [] if os.getegid() in os.getgroups() else [os.getegid()]), "getgroups")
    for name in ("getuid", "geteuid", "getgid", "getegid"):
        if hasattr(os, name):  # (POSIX only, as in Node)
            process[name] = _js_function((lambda f: lambda *_: f())(getattr(os, name)), name)
    # the program as it was started (Node's "node"), and no runtime options of Node's
    argv0 = (getattr(sys, "orig_argv", None) or [sys.executable])[0]
    process["argv0"] = argv0
    process["title"] = argv0
    process["execArgv"] = []
    return process


_BINARY_GLOBALS = ("ArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray",
                   "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array",
                   "Float64Array", "BigInt64Array", "BigUint64Array")


def make_global():
    """Builds the global object (called once, at import)."""
    g = Object()
    g["Object"] = _js_function(_object_ctor, "Object", keys=_object_keys, assign=_object_assign,
                               seal=_object_seal, freeze=_object_freeze,
                               isSealed=_object_is_sealed, isFrozen=_object_is_frozen,
                               preventExtensions=_object_prevent_extensions,
                               isExtensible=_object_is_extensible,
                               values=_object_values, entries=_object_entries,
                               getOwnPropertyNames=_object_get_own_property_names,
                               getPrototypeOf=_object_get_prototype_of,
                               setPrototypeOf=_js_function(_object_set_prototype_of,
                                                           "setPrototypeOf"),
                               getOwnPropertySymbols=_object_get_own_property_symbols,
                               getOwnPropertyDescriptor=_object_get_own_property_descriptor,
                               getOwnPropertyDescriptors=_object_get_own_property_descriptors,
                               defineProperty=_object_define_property,
                               defineProperties=_js_function(_object_define_properties,
                                                             "defineProperties"),
                               fromEntries=_js_function(_object_from_entries, "fromEntries"),
                               hasOwn=_js_function(_object_has_own, "hasOwn"),
                               **{"is": _js_function(_object_is, "is")},
                               # (a builtin: Object.create(null) gets the null)
                               create=_js_function(_object_create, "create"))
    g["Object"].__instancecheck__ = _is_js_object
    g["Function"] = _js_function(_function_ctor, "Function", __instancecheck__=_is_js_function)
    g["Function"].prototype = _make_function_prototype()
    g["Array"] = _js_function(_array_ctor, "Array",
                              isArray=lambda v=None: isinstance(v, (list, tuple)),
                              **{"from": _array_from,
                                 "of": _js_function(lambda *items: list(items), "of")},
                              __instancecheck__=lambda v: isinstance(v, (list, tuple)))
    g["Symbol"] = _js_function(lambda description=None: Symbol(
        None if description is None else _js_to_string(description)), "Symbol",
                               **{"for": _core._builtin(_symbol_for, "for"),
                                  "keyFor": _symbol_key_for},
                               **WELL_KNOWN_SYMBOLS)
    _make_error_prototypes()
    g["Error"] = JSError
    g["TypeError"] = JSTypeError
    g["RangeError"] = JSRangeError
    g["SyntaxError"] = JSSyntaxError
    for cls in _MORE_ERRORS:
        g[cls.name] = cls
    g["DOMException"] = DOMException
    json_obj = Object()
    json_obj["parse"] = _js_function(_json_parse, "parse")
    json_obj["stringify"] = _js_function(_json_stringify, "stringify")
    g["JSON"] = json_obj
    g["Number"] = _js_function(_number_ctor, "Number",
                               isInteger=_number_is_integer, isFinite=_number_is_finite,
                               isNaN=_number_is_nan, isSafeInteger=_number_is_safe_integer,
                               parseFloat=_parse_float, parseInt=_parse_int,
                               MAX_SAFE_INTEGER=2**53 - 1, MIN_SAFE_INTEGER=-(2**53 - 1),
                               EPSILON=2.0**-52, MAX_VALUE=sys.float_info.max,
                               MIN_VALUE=5e-324, POSITIVE_INFINITY=math.inf,
                               NEGATIVE_INFINITY=-math.inf, NaN=math.nan)
    g["Math"] = _make_math()
    g["Reflect"] = _make_reflect()
    g["parseFloat"] = g["Number"].parseFloat
    g["parseInt"] = g["Number"].parseInt
    g["String"] = _js_function(_string_ctor, "String",
                               fromCharCode=_js_function(_string_from_char_code, "fromCharCode"),
                               fromCodePoint=_js_function(_string_from_code_point,
                                                          "fromCodePoint"))
    g["NaN"] = math.nan
    g["Infinity"] = math.inf
    g["isNaN"] = _js_function(_global_is_nan, "isNaN")
    g["isFinite"] = _js_function(_global_is_finite, "isFinite")
    g["encodeURIComponent"] = _js_function(_uri_encode(_URI_UNESCAPED), "encodeURIComponent")
    g["encodeURI"] = _js_function(_uri_encode(_URI_UNESCAPED + _URI_RESERVED), "encodeURI")
    g["decodeURIComponent"] = _js_function(_uri_decode(""), "decodeURIComponent")
    g["decodeURI"] = _js_function(_uri_decode(_URI_RESERVED), "decodeURI")
    g["Boolean"] = _js_function(lambda value=None: _core._js_truthy(value), "Boolean")
    g["BigInt"] = BigInt
    g["Buffer"] = _BufferGlobal
    g["Promise"] = _PromiseGlobal
    for name in _BINARY_GLOBALS:
        g[name] = getattr(_core, name)
    g["Date"] = _js_function(_date_ctor, "Date",
                             now=lambda: math.floor(datetime.datetime.now().timestamp() * 1000),
                             UTC=_js_function(_date_utc, "UTC"),
                             __instancecheck__=lambda v: isinstance(v, (datetime.datetime, Date)))
    for cls in (Map, Set, WeakMap, WeakSet, WeakRef, TextEncoder, TextDecoder, RegExp, URL,
                URLSearchParams, ReadableStream, Response):
        g[cls.__name__] = cls
    g["process"] = _make_process()
    g["console"] = _make_console()
    # Each constructor's prototype: the objects whose members property reads on its
    # values find (napi_get_prototype gives the same objects).
    for name, key in (("Object", "object"), ("Array", "array"), ("Date", "date"),
                      ("String", "string"), ("Promise", "promise")):
        setattr(g[name], "prototype", PROTOTYPES[key])
    # A primitive's wrapper object (ToObject's) is an instance of its constructor and
    # reports its prototype (BigInt, the Python class of the BigInts, gets none: the
    # core answers `instanceof BigInt` for a BigInt object).
    for name, cls in (("Number", NumberObject), ("String", StringObject),
                      ("Boolean", BooleanObject), ("Symbol", SymbolObject)):
        g[name].__instancecheck__ = (lambda cls: lambda v: isinstance(v, cls))(cls)
        if name != "String":
            g[name].prototype = _primitive_prototype(cls)
    _primitive_prototype(BigIntObject)
    _CONSTRUCTOR_BUILTINS[:] = [g[name] for name in ("Object", "Function", "Array", "Number",
                                                     "String", "Boolean", "Date")]
    g["globalThis"] = g
    # The names Node's global object enumerates, in its order (the core makes the
    # others non-enumerable, as they are in Node: napi_get_property_names lists these).
    g["global"] = g
    g["clearImmediate"] = _js_function(_clear_timer, "clearImmediate")
    g["setImmediate"] = _js_function(_set_immediate, "setImmediate")
    g["clearInterval"] = _js_function(_clear_timer, "clearInterval")
    g["clearTimeout"] = _js_function(_clear_timer, "clearTimeout")
    g["setInterval"] = _js_function(_set_interval, "setInterval")
    g["setTimeout"] = _js_function(_set_timeout, "setTimeout")
    g["queueMicrotask"] = _js_function(_queue_microtask, "queueMicrotask")
    g["structuredClone"] = _js_function(_structured_clone, "structuredClone")
    g["atob"] = _js_function(_atob, "atob")
    g["btoa"] = _js_function(_btoa, "btoa")
    return g


GLOBAL = make_global()
