"""numpy scalars reach addons as the JS values a Python user expects
(docs/values.rst, "numpy scalars"): a numpy integer is the Python int of its value
(a number within +/-2^53, else a BigInt), a numpy floating scalar the float of its
value, numpy.bool_ a boolean; complex and other numpy scalars, and numpy arrays
(0-d included), stay what they were.

tests/addons/numpy_scalars reports, as one line, what every getter, coercion and
predicate says about a value. A numpy scalar's line must be the line of the Python
value it stands for, and Node 20's line for the same JS value
(tests/node_reference/numpy_scalars.json, measured by numpy_scalars.js there).
"""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import napi_python
from conftest import build_test_addon, load_test_addon, run_python
from napi_status import Status

NODE = json.loads((Path(__file__).parent / "node_reference" / "numpy_scalars.json").read_text())

NUMBER, BOOLEAN, OBJECT, BIGINT = 3, 2, 6, 9  # napi_valuetype

# (numpy scalar, the JS expression Node was given for it)
CASES = [
    (np.int8(0), "0"),
    (np.int8(127), "127"),
    (np.int8(-128), "-128"),
    (np.uint8(255), "255"),
    (np.int16(-32768), "-32768"),
    (np.uint16(65535), "65535"),
    (np.int32(2**31 - 1), "2147483647"),
    (np.int32(-2**31), "-2147483648"),
    (np.uint32(2**32 - 1), "4294967295"),
    (np.int64(2**32 + 5), "4294967301"),
    (np.int64(-(2**32 + 5)), "-4294967301"),
    (np.uint64(2**40 + 5), "1099511627781"),
    (np.int64(2**53), "9007199254740992"),
    (np.int64(-2**53), "-9007199254740992"),
    (np.uint64(1), "1"),
    (np.int64(-1), "-1"),
    (np.intp(3), "3"),
    # beyond +/-2^53: a BigInt, as a Python int is
    (np.int64(2**53 + 1), "9007199254740993n"),
    (np.uint64(2**53 + 1), "9007199254740993n"),
    (np.int64(2**62), "4611686018427387904n"),
    (np.int64(2**63 - 1), "9223372036854775807n"),
    (np.int64(-2**63), "-9223372036854775808n"),
    (np.uint64(2**64 - 1), "18446744073709551615n"),
    # floating: the nearest double
    (np.float32(0.1), "0.10000000149011612"),
    (np.float16(0.1), "0.0999755859375"),
    (np.float16(65504), "65504"),
    (np.float32(-2.5), "-2.5"),
    (np.float32(0.5), "0.5"),
    (np.float32(1e30), "1.0000000150474662e+30"),
    (np.longdouble(1e300), "1e+300"),
    (np.longdouble(0.5), "0.5"),
    (np.float32("nan"), "NaN"),
    (np.float16("nan"), "NaN"),
    (np.longdouble("nan"), "NaN"),
    (np.float16("inf"), "Infinity"),
    (np.float32("-inf"), "-Infinity"),
    (np.longdouble("inf"), "Infinity"),
    (np.float32(-0.0), "-0"),
    (np.float16(-0.0), "-0"),
    (np.longdouble(-0.0), "-0"),
    (np.float64(-2.5), "-2.5"),  # a float subclass: a number before this change too
    (np.bool_(True), "true"),
    (np.bool_(False), "false"),
]
IDS = [f"{type(v).__name__}({v!r})" for v, _ in CASES]


def python_value(v):
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    return float(v)


@pytest.fixture(scope="module")
def addon():
    # Node-API 9, as the reference was measured in Node 20.
    return load_test_addon("numpy_scalars", napi_version=9, name="numpy_scalars_v9")


def test_reference_was_measured_in_node_20():
    assert NODE["node"].startswith("v20.")
    assert {src for _, src in CASES} <= set(NODE)


@pytest.mark.parametrize("value,source", CASES, ids=IDS)
def test_numpy_scalar_is_the_python_value_it_stands_for(addon, value, source):
    assert addon.report(value) == addon.report(python_value(value))


@pytest.mark.parametrize("value,source", CASES, ids=IDS)
def test_numpy_scalar_is_what_node_says_of_the_js_value(addon, value, source):
    assert addon.report(value) == NODE[source]


def test_every_numpy_scalar_type_is_covered():
    covered = {type(v) for v, _ in CASES}
    for t in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
              np.uint64, np.float16, np.float32, np.float64, np.longdouble, np.bool_):
        assert t in covered, t


def test_add_takes_numpy_scalars(addon):
    assert addon.add(np.int64(1), 2) == 3
    assert addon.add(np.float32(0.5), np.uint8(2)) == 2.5
    assert addon.add(np.int16(-3), np.float16(0.5)) == -2.5
    a = np.arange(4, dtype=np.int32)
    assert addon.add(a[1], a[3]) == 4  # indexing an array gives a numpy scalar
    with pytest.raises(napi_python.JSError, match="A number was expected"):
        addon.add(np.uint64(2**64 - 1), 1)  # a BigInt, as 2**64 - 1 is
    with pytest.raises(napi_python.JSError, match="A number was expected"):
        addon.add(np.bool_(True), 1)  # a boolean, as True is


def test_typeof(addon):
    assert addon.typeOf(np.int64(1)) == NUMBER
    assert addon.typeOf(np.float32(1)) == NUMBER
    assert addon.typeOf(np.bool_(False)) == BOOLEAN
    assert addon.typeOf(np.int64(2**53 + 1)) == BIGINT
    assert addon.typeOf(np.uint64(2**64 - 1)) == BIGINT


def test_complex_and_other_numpy_scalars_stay_objects(addon):
    for v in (np.complex128(1), np.complex64(2j), np.timedelta64(3, "s"),
              np.datetime64("2020-01-01"), np.void(b"ab")):
        assert addon.typeOf(v) == OBJECT, v
        with pytest.raises(napi_python.JSError, match="A number was expected"):
            addon.add(v, 1)
        assert addon.getBool(v) == Status.napi_boolean_expected


def test_zero_dimensional_array_stays_an_array(addon):
    # A numpy array of any shape is a typed array (its buffer), 0-d ones too.
    v = np.array(5)
    assert addon.typeOf(v) == OBJECT
    assert " is=00110000 " in addon.report(v)  # napi_is_buffer / napi_is_typedarray
    with pytest.raises(napi_python.JSError, match="A number was expected"):
        addon.add(v, 1)
    assert addon.add(v[()], 1) == 6  # its element is a numpy scalar: a number


def test_numpy_scalars_are_not_buffers(addon):
    # They export a buffer (their bytes), but are numbers and booleans to an addon.
    for v in (np.int64(1), np.float32(1), np.bool_(True), np.uint64(2**64 - 1)):
        assert " is=00000000 " in addon.report(v), v


def test_subclass_of_a_numpy_scalar_type(addon):
    class Meters(np.float32):
        pass

    class Count(np.int16):
        pass

    assert addon.typeOf(Meters(2.5)) == NUMBER
    assert addon.add(Meters(2.5), Count(2)) == 4.5


@pytest.mark.parametrize("a,b,expected", [
    (np.int64(3), 3, True),
    (np.int64(3), 3.0, True),
    (np.int64(3), np.float32(3), True),
    (np.float32(0.5), 0.5, True),
    (np.float32(0.1), 0.1, False),  # 0.10000000149011612
    (np.float32("nan"), np.float32("nan"), False),
    (np.float32(-0.0), 0, True),
    (np.bool_(True), True, True),
    (np.bool_(False), np.bool_(False), True),
    (np.bool_(True), False, False),
    (np.bool_(True), 1, False),
    (np.int8(1), True, False),
    (np.uint64(2**64 - 1), 2**64 - 1, True),
    (np.int64(2**62), np.uint64(2**62), True),
    (np.int64(2**62), 2**62 + 1, False),
    (np.int64(2**53 + 1), float(2**53), False),  # a BigInt and a number
    (np.int64(3), "3", False),
])
def test_strict_equals(addon, a, b, expected):
    assert addon.strictEquals(a, b) is expected
    assert addon.strictEquals(b, a) is expected


def test_get_value_bool(addon):
    assert addon.getBool(np.bool_(True)) is True
    assert addon.getBool(np.bool_(False)) is False
    assert addon.getBool(np.int8(1)) == Status.napi_boolean_expected
    assert addon.getBool(np.float32(0)) == Status.napi_boolean_expected


def test_coercions(addon):
    n = addon.coerceToNumber(np.int64(3))
    assert n == 3 and addon.typeOf(n) == NUMBER and addon.strictEquals(n, 3)
    assert addon.coerceToNumber(np.bool_(True)) == 1
    assert math.isnan(addon.coerceToNumber(np.float16("nan")))
    with pytest.raises(napi_python.JSTypeError, match="BigInt"):
        addon.coerceToNumber(np.uint64(2**64 - 1))
    assert addon.coerceToString(np.float32(0.1)) == "0.10000000149011612"
    assert addon.coerceToString(np.float32(3)) == "3"
    assert addon.coerceToString(np.float32(-0.0)) == "0"
    assert addon.coerceToString(np.float32("inf")) == "Infinity"
    assert addon.coerceToString(np.bool_(False)) == "false"
    assert addon.coerceToString(np.uint64(2**64 - 1)) == "18446744073709551615"
    assert addon.coerceToBool(np.bool_(False)) is False
    assert addon.coerceToBool(np.int64(0)) is False
    assert addon.coerceToBool(np.float32("nan")) is False
    assert addon.coerceToBool(np.float32(-0.0)) is False
    assert addon.coerceToBool(np.uint64(2**64 - 1)) is True
    assert addon.coerceToBool(np.int8(-1)) is True


def test_numpy_scalars_as_property_keys(addon):
    assert addon.getProperty([10, 20, 30], np.int64(1)) == 20
    assert addon.getProperty([10, 20, 30], np.float32(2)) == 30
    obj = napi_python.Object()
    obj["1"] = "one"
    obj["0.5"] = "half"
    obj["true"] = "yes"
    assert addon.getProperty(obj, np.uint8(1)) == "one"
    assert addon.getProperty(obj, np.float32(0.5)) == "half"
    assert addon.getProperty(obj, np.bool_(True)) == "yes"


def test_json_stringify_of_numpy_scalars():
    stringify = napi_python.global_this["JSON"].stringify
    assert stringify([np.int64(1), np.float32(0.5), np.bool_(True), np.float16("nan"),
                      {"a": np.uint8(3)}]) == '[1,0.5,true,null,{"a":3}]'
    with pytest.raises(napi_python.JSTypeError, match="BigInt"):
        stringify(np.uint64(2**64 - 1))


def test_map_keys_and_weak_keys():
    # SameValueZero: np.int64(1), 1 and 1.0 are one key; np.bool_(True) is true, not 1.
    m = napi_python.global_this["Map"]()
    m.set(np.int64(1), "one")
    m.set(np.bool_(True), "true")
    assert m.get(1) == "one" and m.get(1.0) == "one" and m.get(np.float32(1)) == "one"
    assert m.get(True) == "true"
    assert m.size == 2
    with pytest.raises(napi_python.JSTypeError, match="Invalid value used"):
        napi_python.global_this["WeakMap"]().set(np.int64(1), "x")  # a primitive


def test_js_globals_take_numpy_scalars():
    g = napi_python.global_this
    buffer_from = getattr(g["Buffer"], "from")
    assert bytes(buffer_from([np.uint8(200), np.float32(1.5), np.bool_(True),
                              np.float32("nan"), np.int64(300), np.int8(-1)])) == \
        bytes([200, 1, 1, 0, 44, 255])
    assert len(g["Buffer"](np.int64(3))) == 3  # new Buffer(size)
    is_integer = g["Number"].isInteger
    assert is_integer(np.int64(3)) is True and is_integer(np.float32(2)) is True
    assert is_integer(np.float32(0.5)) is False and is_integer(np.bool_(True)) is False
    assert is_integer(np.float16("inf")) is False


def test_binary_constructors_take_numpy_integers():
    assert napi_python.ArrayBuffer(np.int64(8)).byteLength == 8
    assert len(napi_python.Uint8Array(np.uint16(3))) == 3
    assert list(napi_python.Float64Array([np.float32(0.5), np.int8(-1)])) == [0.5, -1.0]
    assert list(napi_python.BigUint64Array([np.uint64(2**64 - 1)])) == [2**64 - 1]
    ab = napi_python.ArrayBuffer(8)
    view = napi_python.Uint8Array(ab, np.float32(2), np.int64(4))  # offset, length
    assert len(view) == 4 and view.byteOffset == 2


def test_cpp_addon_takes_numpy_scalars():
    cpp = load_test_addon("cpp_wrap")  # node-addon-api: IsNumber(), DoubleValue(), Int32Value()
    assert cpp.add(np.float32(0.5), np.int64(2)) == 2.5
    assert cpp.addInt(np.int64(2**32 + 5), np.uint8(1)) == 6  # Int32Value wraps


def test_rust_addon_takes_numpy_scalars():
    from rust_addon import load_rust_addon
    rust = load_rust_addon("linked")  # napi-rs: i32, f64 and i64 arguments
    assert rust.add(np.int32(2), np.int64(3)) == 5
    assert rust.add(np.uint32(2**31), np.int8(0)) == -(2**31)  # i32: wraps, as in Node
    assert rust.half(np.float32(3)) == 1.5
    assert rust.half(np.int64(5)) == 2.5
    assert rust.i64Identity(np.int64(-5)) == -5


def test_numpy_is_never_imported_and_detection_is_lazy():
    # A value whose type claims to be numpy's, without numpy loaded: an object, and
    # numpy stays unimported; numpy imported afterwards is then recognized.
    # (Not through conftest, which imports numpy under ASan: see there. The leak check
    # is off in this process: in the ASan build, `import napi_python` then
    # `import numpy` alone, no addon loaded, ends with LeakSanitizer reporting two
    # code constants of a module compiled at the first import.)
    path = build_test_addon("numpy_scalars", napi_version=9, name="numpy_scalars_v9")
    code = f"""
import sys
import napi_python
a = napi_python.load_addon({str(path)!r})
Fake = type("numpy.fake", (), {{"__float__": lambda self: 1.0}})
assert a.typeOf(Fake()) == 6
assert a.typeOf(object()) == 6 and a.typeOf(1.5) == 3
assert "numpy" not in sys.modules, "napi_python imported numpy"
import numpy as np
assert a.typeOf(Fake()) == 6
assert a.typeOf(np.int64(1)) == 3 and a.add(np.float32(0.5), 1) == 1.5
print("ok")
"""
    env = dict(os.environ)
    if "ASAN_OPTIONS" in env:
        env["ASAN_OPTIONS"] = env["ASAN_OPTIONS"].replace("detect_leaks=1", "detect_leaks=0")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok"


def test_numpy_is_not_a_runtime_dependency():
    # numpy's presence is looked up, never required: the package imports without it.
    r = run_python("""
import sys
sys.modules["numpy"] = None  # import numpy now fails
import napi_python
print("numpy" in sys.modules and sys.modules["numpy"] is None)
""")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "True"
