"""repr() of JS values stays short and says what the value is, whatever its size:
Buffers like Node's inspect (<Buffer 68 65 ...>), typed arrays, objects with
non-enumerable properties, class instances, huge and cyclic objects
(napi_python/_repr.py, docs/values.rst)."""

import pytest

from conftest import load_test_addon

import napi_python as napi
from napi_python import _repr

LIMIT = _repr.BUDGET + 300   # the budget plus one element's worth of overshoot


@pytest.fixture(scope="module")
def objects():
    return load_test_addon("objects")


def test_small_buffer_shows_every_byte_in_hex():
    assert repr(napi.Buffer(b"hello")) == "<Buffer 68 65 6c 6c 6f>"
    assert repr(napi.Buffer(0)) == "<Buffer >"


def test_ten_megabyte_buffer_shows_fifty_bytes_and_a_count():
    b = napi.Buffer(10_000_000)
    b[0], b[49], b[50] = 1, 0xAB, 0xCD
    r = repr(b)
    assert r.startswith("<Buffer 01 00 ")
    assert r.endswith(" ab ... 9999950 more bytes>")
    assert "cd" not in r
    assert len(r) < 200


def test_buffer_of_exactly_the_limit_has_no_count():
    r = repr(napi.Buffer(bytes(range(50))))
    assert r == "<Buffer " + " ".join(f"{i:02x}" for i in range(50)) + ">"
    assert repr(napi.Buffer(bytes(51))).endswith("00 ... 1 more byte>")


def test_short_typed_arrays_are_evaluable_style():
    assert repr(napi.Uint8Array([1, 2, 3])) == "Uint8Array([1, 2, 3])"
    assert repr(napi.Float32Array(2)) == "Float32Array([0.0, 0.0])"
    assert repr(napi.BigInt64Array([5])) == "BigInt64Array([BigInt(5)])"


def test_large_typed_array_shows_length_and_first_items():
    a = napi.Float64Array(10_000_000)
    a[0] = 1.5
    r = repr(a)
    assert r.startswith("<Float64Array length=10000000 [1.5, 0.0, ")
    assert r.endswith(", ... 9999900 more items]>")
    assert len(r) < LIMIT


def test_typed_array_view_of_an_array_buffer():
    ab = napi.ArrayBuffer(b"\x01\x00\x02\x00\x03\x00")
    assert repr(napi.Uint16Array(ab, 2, 2)) == "Uint16Array([2, 3])"


def test_dataview_shows_its_window_and_bytes():
    ab = napi.ArrayBuffer(bytes(range(100)))
    assert repr(napi.DataView(ab, 4, 3)) == "<DataView byte_offset=4 byte_length=3: 04 05 06>"
    assert repr(napi.DataView(ab)).endswith("31 ... 50 more bytes>")


def test_plain_object_is_dict_like():
    assert repr(napi.Object(a=1, b=napi.Object(c=[1, "x"]))) == "{'a': 1, 'b': {'c': [1, 'x']}}"
    assert repr(napi.Object()) == "{}"


def test_own_properties_named_get_and_a_class_method_get():
    # The values are read through the type: an own `get` (a plain object's) or a
    # class's method `get` (objectwrap_v4's Box) hid the Object's get(), so the repr
    # said every getter raised, or showed what Box.get() returned for each property.
    assert repr(napi.Object(get=1, items=2, a="x")) == "{'get': 1, 'items': 2, 'a': 'x'}"
    box = load_test_addon("objectwrap_v4", napi_version=4).Box(5)
    box["tag"] = "t"
    assert repr(box) == "<Box {'tag': 't'}>"


def test_non_enumerable_properties_are_shown_in_brackets(objects):
    # hidden and plain are not enumerable: not in keys(), reachable as attributes
    o = objects.dataProps()
    assert list(o) == ["ro", "rw", "cfg", "jsprop"]
    assert repr(o) == "{'ro': 1, 'rw': 2, 'cfg': 4, 'jsprop': 5, [hidden]: 3, [plain]: 6}"


def test_methods_and_accessors(objects):
    o = objects.methodProps()
    v = o.acc   # one value in the addon for every such object; test_objects changes it
    r = repr(o)
    assert r == (f"{{'emethod': <napi_python.Function emethod>, 'acc': {v}, 'getonly': {v}, "
                 "[method]: <napi_python.Function method>, "
                 "[dmethod]: <napi_python.Function dmethod>}")


def test_class_instance_names_its_class(objects):
    assert repr(objects.withProto()) == "<WithProto {'own': 1}>"


def test_huge_object_is_bounded_and_counts_the_rest():
    o = napi.Object({f"k{i}": i for i in range(100_000)})
    r = repr(o)
    assert r.startswith("{'k0': 0, 'k1': 1, ")
    assert r.endswith(" more properties}")
    shown = r.count(": ")
    assert r.endswith(f"... {100_000 - shown} more properties}}")
    assert len(r) < LIMIT


def test_huge_values_inside_objects_are_bounded():
    o = napi.Object(s="y" * 100_000, l=list(range(1_000_000)), b=napi.Buffer(1_000_000),
                    d={"x": napi.Object({str(i): i for i in range(10_000)})})
    r = repr(o)
    assert "... (100000 characters)" in r
    assert "99, ... 999900 more items]" in r
    assert r.endswith(", ... 2 more properties}")   # the budget is spent: b and d
    assert len(r) < LIMIT
    o = napi.Object(b=napi.Buffer(1_000_000), t=napi.Int32Array(1_000_000),
                    d={"x": napi.Object({str(i): i for i in range(10_000)})})
    r = repr(o)
    assert r.startswith("{'b': <Buffer 00 00 ")
    assert "... 999950 more bytes>, 't': <Int32Array length=1000000 [0, 0, " in r
    assert "{'x': {'0': 0, '1': 1, " in r and r.endswith(" more properties}}}")
    assert len(r) < 2 * LIMIT


def test_cycles_and_depth():
    o = napi.Object(a=1)
    o["self"] = o
    o["list"] = [o]
    assert repr(o) == "{'a': 1, 'self': {...}, 'list': [{...}]}"
    deep = top = napi.Object()
    for _ in range(50):
        deep["n"] = napi.Object()
        deep = deep["n"]
    assert repr(top) == "{'n': {'n': {'n': {'n': {...}}}}}"


def test_python_subclass_of_an_addon_class(objects):
    WithProto = type(objects.withProto())

    class Mine(WithProto):
        pass

    assert repr(Mine()).startswith("<test_python_subclass_of_an_addon_class.<locals>.Mine {")


@pytest.fixture(scope="module")
def reprs():
    return load_test_addon("repr")


def test_a_throwing_getter_is_named_not_raised(reprs):
    o = reprs.getterObject()
    with pytest.raises(napi.JSError, match="getter failed"):
        o["bad"]
    assert repr(o) == "{'ok': 1, 'bad': <getter raised JSError>, [answer]: 42, [secret]: 's'}"


def test_instance_with_only_non_enumerable_state(reprs):
    h = reprs.Handle()
    assert dict(h) == {}
    assert repr(h) == "<Handle {[fd]: 3, [path]: '/tmp/x'}>"


def test_exports_defined_non_enumerable_are_listed(reprs):
    # napi_define_properties with napi_default: the exports have no enumerable key,
    # the repr still shows what is there
    assert list(reprs) == []
    r = repr(reprs)
    assert r.startswith("{[getterObject]: <napi_python.Function getterObject>, [Handle]: ")
