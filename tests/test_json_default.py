"""napi_python.json_default: json.dumps of addon results writes what JSON.stringify writes.

The expected strings are Node's output for the same values (checked with node 20)."""

import datetime
import json

import pytest

from conftest import load_test_addon

import napi_python as napi


@pytest.fixture(scope="module")
def objects():
    return load_test_addon("objects")


@pytest.fixture(scope="module")
def values():
    return load_test_addon("values")


@pytest.fixture(scope="module")
def buffers():
    return load_test_addon("buffers")


def test_null_inside_a_list(objects):
    arr = objects.createArray()
    objects.setElement(arr, 0, napi.null)
    objects.setElement(arr, 1, 2)
    assert arr[0] is napi.null
    with pytest.raises(TypeError):
        json.dumps(arr)  # plain json does not know null; the hook does
    assert json.dumps(arr, default=napi.json_default) == "[null, 2]"
    assert json.dumps({"a": arr}, default=napi.json_default) == '{"a": [null, 2]}'


@pytest.mark.parametrize("ms, expected", [
    (0, "1970-01-01T00:00:00.000Z"),
    (-1, "1969-12-31T23:59:59.999Z"),
    (1700000000123, "2023-11-14T22:13:20.123Z"),
    (-62198755200000, "-000001-01-01T00:00:00.000Z"),
    (253402300800000, "+010000-01-01T00:00:00.000Z"),
    (8.64e15, "+275760-09-13T00:00:00.000Z"),
    (-8.64e15, "-271821-04-20T00:00:00.000Z"),
])
def test_dates_as_date_to_json(values, ms, expected):
    d = values.createDate(ms)
    assert json.dumps(d, default=napi.json_default) == json.dumps(expected)


def test_invalid_date_is_null(values):
    d = values.createDate(float("nan"))
    assert isinstance(d, napi.Date) and not d.valid
    assert json.dumps([d], default=napi.json_default) == "[null]"


def test_naive_and_aware_datetimes():
    tz = datetime.timezone(datetime.timedelta(hours=2))
    aware = datetime.datetime(2024, 5, 6, 7, 8, 9, 10_999, tzinfo=tz)
    assert napi.json_default(aware) == "2024-05-06T05:08:09.010Z"


def test_buffer_as_buffer_to_json(buffers):
    copy = buffers.createBufferCopy(b"\x00\x01\xff")[0]
    assert json.loads(json.dumps(copy, default=napi.json_default)) == {
        "type": "Buffer", "data": [0, 1, 255]}


def test_anything_else_is_a_type_error():
    with pytest.raises(TypeError, match="not JSON serializable"):
        json.dumps(object(), default=napi.json_default)


def test_errors_typed_arrays_and_buffers_as_json_stringify_writes_them():
    # Node 20: JSON.stringify([err (code 'C', extra {a: [1]}), new TypeError('x'),
    # new Uint8Array([1, 2]), new ArrayBuffer(3), new DataView(...), a promise])
    # '[{"code":"C","extra":{"a":[1]}},{},{"0":1,"1":2},{},{},{}]'; json_default
    # raised TypeError on each of them
    e = napi.JSError("m")
    e.code, e.extra = "C", napi.Object(a=[1])
    values = [e, ValueError("x"), napi.Uint8Array(bytes([1, 2])), napi.ArrayBuffer(3),
              napi.DataView(napi.ArrayBuffer(2))]
    assert json.dumps(values, default=napi.json_default, separators=(",", ":")) == \
        '[{"code":"C","extra":{"a":[1]}},{},{"0":1,"1":2},{},{}]'
