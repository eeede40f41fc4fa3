"""Primitive values: singletons, numbers, booleans, napi_typeof, strict equality,
instanceof, coercions, BigInt, Date, symbols, versions, NULL-argument statuses.

Expected values follow Node's behaviour (doc/api/n-api.md and the ECMAScript
conversions it delegates to)."""

import datetime as dt
import math

import pytest

from conftest import load_test_addon
from napi_status import Status

import napi_python as napi

UTC = dt.timezone.utc

# napi_valuetype
UNDEFINED, NULL, BOOLEAN, NUMBER, STRING, SYMBOL, OBJECT, FUNCTION, EXTERNAL, BIGINT = range(10)


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("values")


def same_float(a, b):
    """Equal as IEEE doubles, including NaN and the sign of zero."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1, a) == math.copysign(1, b)


# ---- singletons -----------------------------------------------------------

def test_get_undefined_is_none(addon):
    assert addon.getUndefined() is None


def test_get_null_is_none_when_returned(addon):
    assert addon.getNull() is None


def test_get_null_typeof(addon):
    assert addon.typeofMade("null") == NULL
    assert addon.typeofMade("undefined") == UNDEFINED


def test_get_boolean(addon):
    assert addon.getBoolean(1) is True
    assert addon.getBoolean(0) is False


def test_get_global_is_one_object(addon):
    assert addon.globalInfo() == [OBJECT, True]
    assert addon.getGlobal() is addon.getGlobal()


# ---- creating numbers -----------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("0", 0), ("-5", -5), ("2147483647", 2147483647), ("-2147483648", -2147483648)])
def test_create_int32(addon, text, value):
    r = addon.createInt32(text)
    assert r == value and type(r) is int


@pytest.mark.parametrize("text,value", [("0", 0), ("4294967295", 4294967295)])
def test_create_uint32(addon, text, value):
    r = addon.createUint32(text)
    assert r == value and type(r) is int


def test_create_int64_safe_range_is_int(addon):
    for v in (0, -1, 2**53 - 1, -(2**53 - 1), 1 << 40):
        r = addon.createInt64(str(v))
        assert r == v and type(r) is int


def test_create_int64_beyond_2_53_is_float(addon):
    r = addon.createInt64(str(2**60))
    assert type(r) is float and r == 2.0**60
    r = addon.createInt64(str(-(2**62)))
    assert type(r) is float and r == -(2.0**62)


def test_create_double_is_always_float(addon):
    r = addon.createDouble(3)
    assert type(r) is float and r == 3.0


@pytest.mark.parametrize("x", [0.1, -0.0, 1e308, 5e-324, math.inf, -math.inf, math.nan])
def test_create_double_exact(addon, x):
    assert same_float(addon.createDouble(x), x)


# ---- reading numbers and booleans -----------------------------------------

def to_int32(x):
    """ECMAScript ToInt32."""
    if not math.isfinite(x):
        return 0
    n = int(x) % 2**32
    return n - 2**32 if n >= 2**31 else n


@pytest.mark.parametrize("x,expected", [
    (5, 5), (-5, -5), (2**32 + 5, 5), (2.0**32 + 5, 5), (2**31, -(2**31)),
    (-1.9, -1), (1.9, 1), (math.nan, 0), (math.inf, 0), (-math.inf, 0),
    (-0.0, 0), (1e20, to_int32(1e20)), (-(2**32) - 3, -3), (4294967295, -1)])
def test_get_value_int32(addon, x, expected):
    assert addon.getValueInt32(x) == expected


@pytest.mark.parametrize("x,expected", [
    (5, 5), (-1, 4294967295), (2**32 + 5, 5), (-1.9, 4294967295), (1.9, 1),
    (math.nan, 0), (math.inf, 0), (2**31, 2**31), (0, 0), (2**30 - 1, 2**30 - 1),
    (-(2**30) + 1, 2**32 - 2**30 + 1), (2**30, 2**30), (-(2**30), 2**32 - 2**30)])
def test_get_value_uint32(addon, x, expected):
    assert addon.getValueUint32(x) == expected


@pytest.mark.parametrize("x,expected", [
    (5, 5), (-5, -5), (0, 0), (2**30 - 1, 2**30 - 1), (-(2**30) + 1, -(2**30) + 1),
    (2**40, 2**40), (-1.9, -1), (2.0**53, 2**53), (-(2.0**53), -(2**53)),
    (math.nan, 0), (math.inf, 0), (-math.inf, 0),
    (1e19, 2**63 - 1), (1e20, 2**63 - 1), (-1e20, -(2**63)), (2.5e15, 2500000000000000)])
def test_get_value_int64(addon, x, expected):
    assert addon.getValueInt64(x) == str(expected)


@pytest.mark.parametrize("x", [0.5, -0.0, 1e300, math.inf, math.nan, 7])
def test_get_value_double(addon, x):
    assert same_float(addon.getValueDouble(x), float(x))


# Around the one-digit boundary of CPython ints (2**30), where the getters switch
# from reading the digit directly to the general conversion; and int subclasses.
SMALL_INT_EDGES = [0, 1, -1, 2**30 - 1, -(2**30 - 1), 2**30, -(2**30), 2**30 + 1,
                   -(2**30) - 1, 2**31 - 1, -(2**31), 2**53, -(2**53)]


@pytest.mark.parametrize("x", SMALL_INT_EDGES)
def test_number_getters_at_small_int_edges(addon, x):
    assert addon.getValueDouble(x) == float(x)
    assert addon.getValueInt32(x) == to_int32(x)
    assert addon.getValueUint32(x) == x % 2**32
    assert addon.getValueInt64(x) == str(x)


def test_number_getters_take_int_subclasses(addon):
    import enum

    class Level(enum.IntEnum):
        HIGH = 7

    assert addon.getValueDouble(Level.HIGH) == 7.0
    assert addon.getValueInt32(Level.HIGH) == 7
    assert addon.getValueInt64(Level.HIGH) == "7"


def test_get_value_bool(addon):
    assert addon.getValueBool(True) is True
    assert addon.getValueBool(False) is False


@pytest.mark.parametrize("fn", ["statusGetInt32", "statusGetUint32", "statusGetInt64",
                                "statusGetDouble"])
@pytest.mark.parametrize("bad", ["1", None, True, [], {}])
def test_number_getters_want_a_number(addon, fn, bad):
    assert getattr(addon, fn)(bad) == Status.napi_number_expected


@pytest.mark.parametrize("fn", ["statusGetInt32", "statusGetInt64", "statusGetDouble"])
def test_number_getters_reject_bigint(addon, fn):
    assert getattr(addon, fn)(addon.createBigintInt64("5")) == Status.napi_number_expected
    # a Python int beyond 2**53 is a BigInt, not a number
    assert getattr(addon, fn)(2**64) == Status.napi_number_expected


@pytest.mark.parametrize("bad", [1, 0, "true", None, napi.null, {}])
def test_get_value_bool_wants_a_boolean(addon, bad):
    assert addon.statusGetBool(bad) == Status.napi_boolean_expected


def test_number_getters_ok_status(addon):
    for fn in ("statusGetInt32", "statusGetUint32", "statusGetInt64", "statusGetDouble"):
        assert getattr(addon, fn)(1.5) == Status.napi_ok
    assert addon.statusGetBool(False) == Status.napi_ok


def test_wrong_type_error_message(addon):
    with pytest.raises(napi.JSError, match="A number was expected"):
        addon.getValueInt32("x")
    with pytest.raises(napi.JSError, match="A boolean was expected"):
        addon.getValueBool(0)


# ---- napi_typeof ----------------------------------------------------------

@pytest.mark.parametrize("kind,expected", [
    ("undefined", UNDEFINED), ("null", NULL), ("boolean", BOOLEAN), ("number", NUMBER),
    ("string", STRING), ("symbol", SYMBOL), ("object", OBJECT), ("array", OBJECT),
    ("function", FUNCTION), ("external", EXTERNAL), ("bigint", BIGINT), ("date", OBJECT),
    ("error", OBJECT)])
def test_typeof_values_made_in_c(addon, kind, expected):
    assert addon.typeofMade(kind) == expected


def test_typeof_python_values(addon):
    assert addon.typeofValue(None) == UNDEFINED
    assert addon.typeofValue(napi.null) == NULL
    assert addon.typeofValue(True) == BOOLEAN
    assert addon.typeofValue(False) == BOOLEAN
    assert addon.typeofValue(0) == NUMBER
    assert addon.typeofValue(-7) == NUMBER
    assert addon.typeofValue(2.5) == NUMBER
    assert addon.typeofValue(math.nan) == NUMBER
    assert addon.typeofValue(2**53 - 1) == NUMBER
    assert addon.typeofValue(2**70) == BIGINT
    assert addon.typeofValue("") == STRING
    assert addon.typeofValue("text") == STRING
    assert addon.typeofValue({}) == OBJECT
    assert addon.typeofValue([1, 2]) == OBJECT
    assert addon.typeofValue(dt.datetime(2020, 1, 1, tzinfo=UTC)) == OBJECT
    assert addon.typeofValue(lambda: 1) == FUNCTION
    assert addon.typeofValue(len) == FUNCTION


def test_typeof_values_round_tripped(addon):
    assert addon.typeofValue(addon.createSymbol("s")) == SYMBOL
    assert addon.typeofValue(napi.Symbol.for_("typeof-test")) == SYMBOL
    assert addon.typeofValue(addon.makeExternal()) == EXTERNAL
    assert addon.typeofValue(addon.createBigintInt64("5")) == BIGINT
    assert addon.typeofValue(addon.makeObject()) == OBJECT
    assert addon.typeofValue(addon.getUndefined) == FUNCTION
    assert addon.typeofValue(addon.Point) == FUNCTION
    assert addon.typeofValue(addon.Point(1)) == OBJECT
    assert addon.typeofValue(addon.createDate(0)) == OBJECT


def test_external_round_trip_type(addon):
    ext = addon.makeExternal()
    assert isinstance(ext, napi.External)


# ---- napi_strict_equals ---------------------------------------------------

def test_strict_equals_inside_c(addon):
    # [a===a, a===b, NaN===NaN, 1===1.0, "ab"==="ab", 0===-0, undefined===null]
    assert addon.strictEqualsInternal() == [True, False, False, True, True, True, False]


def test_strict_equals_numbers(addon):
    assert addon.strictEquals(1, 1.0) is True
    assert addon.strictEquals(1, 2) is False
    assert addon.strictEquals(math.nan, math.nan) is False
    assert addon.strictEquals(0.0, -0.0) is True
    assert addon.strictEquals(1, "1") is False
    assert addon.strictEquals(True, 1) is False


def test_strict_equals_strings_by_value(addon):
    a = "ab" + "c" * 3
    b = "".join(["ab", "ccc"])
    assert a is not b
    assert addon.strictEquals(a, b) is True
    assert addon.strictEquals("abc", "abd") is False


def test_strict_equals_undefined_null(addon):
    assert addon.strictEquals(None, None) is True
    assert addon.strictEquals(napi.null, napi.null) is True
    assert addon.strictEquals(None, napi.null) is False


def test_strict_equals_objects_by_identity(addon):
    d = {"a": 1}
    assert addon.strictEquals(d, d) is True
    assert addon.strictEquals(d, {"a": 1}) is False
    lst = [1]
    assert addon.strictEquals(lst, lst) is True
    assert addon.strictEquals(lst, [1]) is False
    o = addon.makeObject()
    assert addon.strictEquals(o, o) is True
    assert addon.strictEquals(o, addon.makeObject()) is False


def test_strict_equals_functions_by_identity(addon):
    def f():
        pass
    assert addon.strictEquals(f, f) is True
    assert addon.strictEquals(f, lambda: None) is False


def test_strict_equals_bigint_by_value(addon):
    assert addon.strictEquals(addon.createBigintInt64("5"), addon.createBigintInt64("5")) is True
    assert addon.strictEquals(addon.createBigintInt64("5"), 5) is False


# ---- napi_instanceof -------------------------------------------------------

def test_instanceof_class_from_define_class(addon):
    p = addon.Point(3)
    assert addon.instanceOf(p, addon.Point) is True
    assert isinstance(p, addon.Point)


def test_instanceof_plain_values(addon):
    assert addon.instanceOf({}, addon.Point) is False
    assert addon.instanceOf([], addon.Point) is False
    assert addon.instanceOf(5, addon.Point) is False
    assert addon.instanceOf(None, addon.Point) is False


def test_instanceof_new_instance_from_c(addon):
    p = addon.newPoint()
    assert addon.instanceOf(p, addon.Point) is True
    assert isinstance(p, addon.Point)
    assert addon.instanceOfInternal() == [True, False]


def test_instanceof_python_subclass(addon):
    class Sub(addon.Point):
        pass
    s = Sub(1)
    assert addon.instanceOf(s, addon.Point) is True
    assert addon.instanceOf(addon.Point(1), Sub) is False


@pytest.mark.parametrize("ctor", [{}, 5, "Point", [1]])
def test_instanceof_non_function_constructor(addon, ctor):
    assert addon.statusInstanceOf({}, ctor) == Status.napi_function_expected


def test_instanceof_non_function_throws_type_error(addon):
    # Node throws a TypeError ("Constructor must be a function") as well.
    with pytest.raises(TypeError):
        addon.instanceOf({}, {})


# ---- coercions --------------------------------------------------------------

@pytest.mark.parametrize("x,expected", [
    (1.0, "1"), (1e21, "1e+21"), (1e-7, "1e-7"), (0.1, "0.1"), (-0.0, "0"),
    (math.nan, "NaN"), (math.inf, "Infinity"), (-math.inf, "-Infinity"), (1.5, "1.5"),
    (100.0, "100"), (-42.0, "-42"), (0.000001, "0.000001"), (1.23e-18, "1.23e-18"),
    (123456789012345680000.0, "123456789012345680000"), (2.0**53, "9007199254740992"),
    (5e-324, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
    (1e20, "100000000000000000000"), (0.30000000000000004, "0.30000000000000004")])
def test_coerce_number_to_string(addon, x, expected):
    assert addon.coerceToStringDouble(x) == expected


@pytest.mark.parametrize("v,expected", [
    (True, "true"), (False, "false"), (None, "undefined"), (napi.null, "null"),
    ("text", "text"), ("", ""), (7, "7"), (-3, "-3"),
    ([1, 2, 3], "1,2,3"), ([], ""), ({}, "[object Object]")])
def test_coerce_to_string(addon, v, expected):
    assert addon.coerceToString(v) == expected


def test_coerce_bigint_to_string(addon):
    assert addon.coerceToString(2**70) == str(2**70)
    assert addon.coerceToString(addon.createBigintInt64("-12")) == "-12"


def test_coerce_symbol_to_string_throws(addon):
    with pytest.raises(TypeError):
        addon.coerceToString(addon.createSymbol("s"))
    status, pending = addon.statusCoerce("string", addon.createSymbol("s"))
    assert status == Status.napi_string_expected
    assert pending is True


@pytest.mark.parametrize("v,expected", [
    (" 12 ", 12.0), ("", 0.0), ("   ", 0.0), ("0x10", 16.0), ("abc", math.nan),
    ("12px", math.nan), ("1e3", 1000.0), ("-0", -0.0), ("Infinity", math.inf),
    ("-Infinity", -math.inf), ("0b101", 5.0), ("0o17", 15.0), (" \n\t3.5\n", 3.5),
    (True, 1.0), (False, 0.0), (napi.null, 0.0), (None, math.nan), (7, 7.0),
    ([], 0.0), ([5], 5.0), ([1, 2], math.nan), ({}, math.nan)])
def test_coerce_to_number(addon, v, expected):
    assert same_float(addon.coerceToNumber(v), expected)


def test_coerce_date_to_number(addon):
    assert addon.coerceToNumber(addon.createDate(1234.0)) == 1234.0


@pytest.mark.parametrize("make", ["symbol", "bigint"])
def test_coerce_to_number_throws_for_symbol_and_bigint(addon, make):
    v = addon.createSymbol("s") if make == "symbol" else addon.createBigintInt64("1")
    with pytest.raises(TypeError):
        addon.coerceToNumber(v)
    status, pending = addon.statusCoerce("number", v)
    assert status == Status.napi_number_expected
    assert pending is True


@pytest.mark.parametrize("v,expected", [
    ("", False), ("0", True), ("false", True), (" ", True), (0, False), (-0.0, False),
    (math.nan, False), (1, True), (-1.5, True), ({}, True), ([], True), (None, False),
    (napi.null, False), (True, True), (False, False), (math.inf, True)])
def test_coerce_to_bool(addon, v, expected):
    assert addon.coerceToBool(v) is expected


def test_coerce_to_bool_bigint_symbol_function(addon):
    assert addon.coerceToBool(addon.createBigintInt64("0")) is False
    assert addon.coerceToBool(addon.createBigintInt64("3")) is True
    assert addon.coerceToBool(addon.createSymbol()) is True
    assert addon.coerceToBool(lambda: 0) is True
    assert addon.coerceToBool(addon.makeExternal()) is True


@pytest.mark.parametrize("v", ["abc", 5, True, 2.5])
def test_coerce_primitive_to_object(addon, v):
    assert addon.coerceToObjectType(v) == OBJECT


def test_coerce_object_to_object_is_identity(addon):
    assert addon.coerceObjectIdentity() is True
    d = {"k": 1}
    assert addon.coerceToObject(d) is d


@pytest.mark.parametrize("v", [None, napi.null])
def test_coerce_undefined_null_to_object_throws(addon, v):
    with pytest.raises(TypeError):
        addon.coerceToObject(v)
    status, pending = addon.statusCoerce("object", v)
    assert status == Status.napi_object_expected
    assert pending is True


def test_coerce_ok_statuses(addon):
    for kind in ("bool", "number", "string", "object"):
        assert addon.statusCoerce(kind, "1") == [Status.napi_ok, False]


# ---- BigInt ---------------------------------------------------------------

@pytest.mark.parametrize("v", [0, 1, -1, 2**63 - 1, -(2**63), 123456789])
def test_create_bigint_int64(addon, v):
    r = addon.createBigintInt64(str(v))
    assert isinstance(r, napi.BigInt) and isinstance(r, int)
    assert r == v


@pytest.mark.parametrize("v", [0, 1, 2**64 - 1, 2**63])
def test_create_bigint_uint64(addon, v):
    r = addon.createBigintUint64(str(v))
    assert isinstance(r, napi.BigInt)
    assert r == v


@pytest.mark.parametrize("sign,words,expected", [
    (0, ["1"], 1),
    (0, ["0x1", "0x2"], 1 + 2 * 2**64),
    (1, ["0x1", "0x2"], -(1 + 2 * 2**64)),
    (0, ["0xffffffffffffffff", "0xffffffffffffffff"], 2**128 - 1),
    (1, ["0x5"], -5),
    (0, [], 0),
    (1, [], 0),
    (1, ["0"], 0),
    (0, ["0", "0", "7"], 7 * 2**128),
])
def test_create_bigint_words(addon, sign, words, expected):
    r = addon.createBigintWords(sign, words)
    assert isinstance(r, napi.BigInt)
    assert r == expected


def test_create_bigint_words_too_many(addon):
    assert addon.statusCreateBigintWordsTooMany() == Status.napi_invalid_arg


@pytest.mark.parametrize("v,expected,lossless", [
    (2**63 - 1, 2**63 - 1, True),
    (-(2**63), -(2**63), True),
    (2**63, -(2**63), False),
    (2**64, 0, False),
    (2**64 + 5, 5, False),
    (-(2**64) - 1, -1, False),
    (2**70 + 3, 3, False),
])
def test_get_value_bigint_int64(addon, v, expected, lossless):
    assert addon.getBigintInt64(v) == [str(expected), lossless]


def test_get_value_bigint_int64_small(addon):
    assert addon.getBigintInt64(addon.createBigintInt64("-1")) == ["-1", True]
    assert addon.getBigintInt64(addon.createBigintInt64("0")) == ["0", True]


@pytest.mark.parametrize("v,expected,lossless", [
    (2**64 - 1, 2**64 - 1, True),
    (2**63, 2**63, True),
    (2**64, 0, False),
    (2**64 + 3, 3, False),
    (-(2**63), 2**63, False),
])
def test_get_value_bigint_uint64(addon, v, expected, lossless):
    assert addon.getBigintUint64(v) == [str(expected), lossless]


def test_get_value_bigint_uint64_negative(addon):
    assert addon.getBigintUint64(addon.createBigintInt64("-1")) == [str(2**64 - 1), False]
    assert addon.getBigintUint64(addon.createBigintInt64("7")) == ["7", True]


@pytest.mark.parametrize("v,count", [
    (0, 0), (1, 1), (2**64 - 1, 1), (2**64, 2), (-(2**64), 2), (2**128 - 1, 2),
    (2**128, 3), (-1, 1)])
def test_bigint_word_count_query(addon, v, count):
    big = addon.createBigintInt64(str(v)) if abs(v) < 2**53 else v
    assert addon.getBigintWordCount(big) == count


def hexw(x):
    return f"0x{x:016x}"


MARK = hexw(0xDEADBEEFDEADBEEF)


def test_get_bigint_words_positive(addon):
    assert addon.getBigintWords(2**64 + 5, 2) == [0, 2, [hexw(5), hexw(1)]]


def test_get_bigint_words_negative_is_magnitude_and_sign(addon):
    assert addon.getBigintWords(-(2**64 + 5), 2) == [1, 2, [hexw(5), hexw(1)]]
    assert addon.getBigintWords(addon.createBigintInt64("-3"), 1) == [1, 1, [hexw(3)]]


def test_get_bigint_words_truncated(addon):
    v = 2**128 + 2 * 2**64 + 7
    # only the least significant word fits; word_count reports the full need
    assert addon.getBigintWords(v, 1) == [0, 3, [hexw(7)]]


def test_get_bigint_words_larger_buffer_untouched_tail(addon):
    assert addon.getBigintWords(2**64 + 5, 4) == [0, 2, [hexw(5), hexw(1), MARK, MARK]]


def test_get_bigint_words_zero(addon):
    sign, count, _ = addon.getBigintWords(addon.createBigintInt64("0"), 2)
    assert sign == 0 and count == 0


@pytest.mark.parametrize("kind", ["int64", "uint64", "words"])
@pytest.mark.parametrize("bad", [5, "5", None, {}])
def test_bigint_getters_want_bigint(addon, kind, bad):
    assert addon.statusBigint(kind, bad) == Status.napi_bigint_expected


def test_bigint_getters_null_out_params(addon):
    big = addon.createBigintInt64("5")
    assert addon.statusBigint("int64_null_lossless", big) == Status.napi_invalid_arg
    assert addon.statusBigint("words_null_count", big) == Status.napi_invalid_arg
    assert addon.statusBigint("int64", big) == Status.napi_ok


# ---- Date -----------------------------------------------------------------

def test_create_date_is_aware_utc_datetime(addon):
    d = addon.createDate(1577836800000.0)
    assert isinstance(d, dt.datetime)
    assert d.tzinfo is not None and d.utcoffset() == dt.timedelta(0)
    assert d == dt.datetime(2020, 1, 1, tzinfo=UTC)


def test_create_date_epoch_and_negative(addon):
    assert addon.createDate(0) == dt.datetime(1970, 1, 1, tzinfo=UTC)
    assert addon.createDate(-86400000) == dt.datetime(1969, 12, 31, tzinfo=UTC)


def test_create_date_milliseconds(addon):
    d = addon.createDate(1577836800123.0)
    assert d == dt.datetime(2020, 1, 1, 0, 0, 0, 123000, tzinfo=UTC)


def test_is_date(addon):
    assert addon.isDate(addon.createDate(0)) is True
    assert addon.isDate(dt.datetime(2020, 1, 1, tzinfo=UTC)) is True
    assert addon.isDate({}) is False
    assert addon.isDate(1577836800000) is False
    assert addon.isDate("2020-01-01") is False
    assert addon.isDate(None) is False


def test_get_date_value_from_python_datetime(addon):
    assert addon.getDateValue(dt.datetime(2020, 1, 1, tzinfo=UTC)) == 1577836800000.0
    assert addon.getDateValue(
        dt.datetime(2020, 1, 1, 0, 0, 0, 123000, tzinfo=UTC)) == 1577836800123.0
    plus2 = dt.timezone(dt.timedelta(hours=2))
    assert addon.getDateValue(dt.datetime(2020, 1, 1, 2, 0, tzinfo=plus2)) == 1577836800000.0


def test_get_date_value_of_a_datetime_whose_timestamp_is_not_a_number(addon):
    # A datetime subclass answering astimezone() (what the time value is computed
    # from, exactly: days, seconds and microseconds since the epoch) with a str: the
    # TypeError of using it reaches the caller (not a time of -1 ms with a stray error).
    class Odd(dt.datetime):
        def astimezone(self, tz=None):
            return "soon"

    odd = Odd(2020, 1, 1, tzinfo=UTC)
    with pytest.raises(TypeError):
        addon.getDateValue(odd)
    assert addon.getDateValue(dt.datetime(2020, 1, 1, tzinfo=UTC)) == 1577836800000.0


def test_date_value_round_trip_in_c(addon):
    assert addon.dateRoundTrip(1577836800000.0) == 1577836800000.0
    assert addon.dateRoundTrip(0) == 0.0


def test_date_time_clip(addon):
    # napi_create_date applies TimeClip: integer ms, |t| <= 8.64e15, else NaN
    assert addon.dateRoundTrip(1.5) == 1.0
    assert same_float(addon.dateRoundTrip(-1.5), -1.0)
    assert addon.dateRoundTrip(253402300799999.0) == 253402300799999.0  # 9999-12-31


def test_date_full_js_range_inside_c(addon):
    # A JS Date spans +/-8.64e15 ms (years -271821..275760), and napi_create_date
    # of NaN, an infinity or a time beyond that range gives an Invalid Date
    # (time value NaN) rather than failing. These dates never cross into Python.
    assert addon.dateRoundTrip(8.64e15) == 8.64e15
    assert addon.dateRoundTrip(-8.64e15) == -8.64e15
    assert addon.dateRoundTrip(253402300800000.0) == 253402300800000.0  # 10000-01-01
    assert math.isnan(addon.dateRoundTrip(8.64e15 + 1))
    assert math.isnan(addon.dateRoundTrip(math.nan))
    assert math.isnan(addon.dateRoundTrip(math.inf))


@pytest.mark.parametrize("bad", [{}, 5, "2020-01-01", None])
def test_get_date_value_wants_date(addon, bad):
    assert addon.statusGetDateValue(bad) == Status.napi_date_expected


# ---- symbols ----------------------------------------------------------------

def test_create_symbol_with_description(addon):
    s = addon.createSymbol("desc")
    assert isinstance(s, napi.Symbol)
    assert s.description == "desc"


def test_create_symbol_without_description(addon):
    s = addon.createSymbol()
    assert isinstance(s, napi.Symbol)
    assert s.description is None


def test_created_symbols_are_unique(addon):
    a, b = addon.createSymbol("d"), addon.createSymbol("d")
    assert addon.strictEquals(a, b) is False
    assert addon.strictEquals(a, a) is True
    assert addon.symbolIdentity() == [True, False]


def test_create_symbol_description_must_be_string(addon):
    assert addon.statusCreateSymbol(5) == Status.napi_string_expected
    assert addon.statusCreateSymbol({}) == Status.napi_string_expected
    assert addon.statusCreateSymbol("ok") == Status.napi_ok


def test_symbol_for_registry(addon):
    a, b = addon.symbolFor("reg-key"), addon.symbolFor("reg-key")
    assert isinstance(a, napi.Symbol)
    assert a.description == "reg-key"
    assert addon.strictEquals(a, b) is True
    assert addon.strictEquals(a, addon.symbolFor("other-key")) is False
    assert addon.strictEquals(a, addon.createSymbol("reg-key")) is False


def test_symbol_for_matches_python_registry(addon):
    assert addon.strictEquals(addon.symbolFor("py-key"), napi.Symbol.for_("py-key")) is True


def test_symbol_for_explicit_length(addon):
    assert addon.strictEquals(addon.symbolForPrefix("keyXYZ", 3), addon.symbolFor("key")) is True
    assert addon.symbolForPrefix("keyXYZ", 3).description == "key"


# ---- versions -----------------------------------------------------------------

def test_napi_get_version(addon):
    assert addon.getVersion() == 10


def test_napi_get_node_version(addon):
    v = addon.getNodeVersion()
    assert v["major"] >= 18
    assert v["minor"] >= 0 and v["patch"] >= 0
    assert v["release"] == "node"
    assert addon.nodeVersionStable() is True


# ---- NULL arguments -----------------------------------------------------------

def test_null_arguments_are_invalid_arg(addon):
    statuses = addon.nullStatuses()
    assert len(statuses) == 40
    bad = {k: Status(v).name for k, v in statuses.items() if v != Status.napi_invalid_arg}
    assert bad == {}


def test_dates_no_datetime_can_hold_arrive_as_napi_python_date(addon):
    far = addon.createDate(8.64e15)
    assert isinstance(far, napi.Date)
    assert far.time == 8.64e15 and far.valid
    invalid = addon.createDate(float("nan"))
    assert isinstance(invalid, napi.Date) and not invalid.valid
    assert repr(invalid) == "Date(NaN)"
    # ... and they go back to the addon as Dates.
    assert addon.isDate(far) is True
    assert addon.isDate(napi.Date(-1e15)) is True
