"""Node-API value semantics, differentially: tests/addons/semantics runs batches of
Node-API calls on edge inputs it makes itself (coercions, getters, BigInt words,
string reads and writes, strict equality, elements, freeze/seal, instanceof, dates,
typed arrays, throws, functions) and returns a text report, one line per case. The
same addon was run in Node 20 (tests/node_reference/semantics.js wrote
tests/node_reference/semantics.json); every line must be Node's, but for the
differences listed in KNOWN_DIFFERENCES, which come from the Python value mapping
(docs/values.rst) and whose lines must be exactly what is listed there.
"""

import datetime

import pytest

import napi_python as napi
from conftest import load_test_addon
from node_compare import NodeReport


# (batch, label) -> napi-python's line after "label: ", with the reason.
KNOWN_DIFFERENCES = {
    # A Python list has no holes (docs/values.rst, Arrays): every element up to the
    # length exists and is undefined.
    ("arrays", "with_length 3"):
        "st=0 len=0/3 [undefined, undefined, undefined, hole:undefined]",
    ("arrays", "set [5]"):
        "st=0 len=0/6 [undefined, undefined, undefined, undefined, undefined, 9, "
        "hole:undefined]",
    ("arrays", "delete [5]"):
        "st=0 res=1 len=0/6 [undefined, undefined, undefined, undefined, undefined, "
        "undefined, hole:undefined]",
    ("arrays", "delete middle"): "st=0 res=1 len=0/3 [1, undefined, 3]",
    ("arrays", "set length 4"): "st=0 len=0/4 [1, undefined, undefined, undefined]",
    ("arrays", "set '2' by name"): "st=0 len=0/4 [1, undefined, 8, undefined]",
    ("arrays", "set 3 by number key"): "st=0 len=0/4 [1, undefined, 8, 6]",
    # Only plain objects and class instances keep an integrity level (the binary
    # types and dates need none); freezing or sealing a list, a function or an error
    # fails with a TypeError rather than leave it silently writable (docs/values.rst),
    # thrown, so with napi_pending_exception, Node's status whenever freezing throws.
    ("objects", "freeze [1,2]"):
        'st=10 !"TypeError": "cannot freeze a Python list" '
        'seal st=10 !"TypeError": "cannot seal a Python list"',
    ("objects", "freeze function"):
        'st=10 !"TypeError": "cannot freeze a Python napi_python.Function" '
        'seal st=10 !"TypeError": "cannot seal a Python napi_python.Function"',
    ("objects", "freeze error"):
        'st=10 !"TypeError": "cannot freeze a Python JSError" '
        'seal st=10 !"TypeError": "cannot seal a Python JSError"',
    ("objects", "frozen array set[0]"):  # (the failed freeze's error is still pending)
        'st=10 !"TypeError": "cannot freeze a Python list" set[5]: st=0 del[0]: st=0/1 '
        "len=0/6 [undefined, 2, undefined]",
    # A datetime holds no arbitrary attributes: a new named property is refused
    # silently (napi_ok), as on a non-extensible JS object.
    ("objects", "named on date(0)"): "set=0 get=0/undefined own=0/0 delete=0/1 then=undefined",
    ("objects", "prim 1.5"): "get length=0/undefined set q=0 has toString=0/0 proto=0",
    ("objects", "prim true"): "get length=0/undefined set q=0 has toString=0/0 proto=0",
    ("objects", "prim 5n"): "get length=0/undefined set q=0 has toString=0/0 proto=0",
    ("objects", "prim symbol('d')"): "get length=0/undefined set q=0 has toString=0/0 proto=0",
    # A Python list cannot hold named properties (it carries native state: wrap,
    # tags and finalizers are kept beside it, finalizers.cc).
    ("functions", "wrap [1,2]"):
        "st=0 unwrap=0 tag=0 check=0/1 finalizer=0 ref0=0 ref1=0 define=1",
    # A function from napi_create_function has a `prototype` object, but what
    # napi_new_instance makes from it is a plain object: a constructor built by hand
    # (methods set on fn.prototype) gives instances without those methods, and
    # instanceof is false.
    ("ctors", "instance x"):
        "1 instanceof=0 has getX=0 proto===Ctor.prototype=0 prototype.constructor===Ctor=1",
}
REPORT = NodeReport("semantics", KNOWN_DIFFERENCES)
NODE, BATCHES = REPORT.node, REPORT.batches


@pytest.fixture(scope="module")
def addon():
    # Declaring Node-API 9, as it was built for Node 20 (with 10, references to
    # primitives are allowed and the "wrap" lines differ, as in a newer Node).
    g = napi.global_this
    before = set(g.keys())
    yield load_test_addon("semantics", napi_version=9, name="semantics_v9")
    # A constructor called without `new` sets `x` on its `this`, the global object (as
    # in Node): leave the shared global as it was for the tests that list its names.
    for k in set(g.keys()) - before:
        del g[k]


label = NodeReport.label


def test_reference_was_measured_in_node_20():
    assert NODE["node"].startswith("v20.")


def test_labels_are_unique_and_known_differences_are_in_the_reference():
    assert REPORT.labels_problems() == []


@pytest.mark.parametrize("batch", BATCHES)
def test_report_matches_node(addon, batch):
    wrong = REPORT.mismatches(addon, batch)
    assert not wrong, "\n".join(wrong)


def line_of(addon, batch, lab):
    return REPORT.line_of(addon, batch, lab)


# ---- the fixes, one by one, with Node 20's answer written out --------------------

def test_to_object_failure_leaves_node_type_error_pending(addon):
    # from Node 20: ToObject(undefined) throws inside napi_get_element & co.
    exc = '!"TypeError": "Cannot convert undefined or null to object"'
    assert line_of(addon, "arrays", "elements of undefined") == (
        f"get[1]=2/<NULL> {exc} has[1]=2/0 {exc} set[1]=2 {exc} then <NULL> {exc} "
        f"del[1]=2/0 {exc} .length=2/<NULL> {exc}")
    assert line_of(addon, "misc", "instanceof {} undefined") == f"st=2 res=0 {exc}"


def test_elements_of_strings_and_typed_arrays(addon):
    # from Node 20: a string's characters and a typed array's elements exist and
    # cannot be deleted; a write to a primitive is ignored with napi_ok.
    assert line_of(addon, "arrays", "elements of 'abc'") == (
        'get[1]=0/"b" has[1]=0/1 set[1]=0 then "b" del[1]=0/0 .length=0/3')
    assert line_of(addon, "arrays", "elements of uint8array(4)") == (
        "get[1]=0/0 has[1]=0/1 set[1]=0 then 200 del[1]=0/0 .length=0/4")
    assert line_of(addon, "arrays", "elements of 1.5") == (
        "get[1]=0/undefined has[1]=0/0 set[1]=0 then undefined del[1]=0/1 .length=0/undefined")
    assert line_of(addon, "arrays", "has push") == "st=0 1"


def test_instanceof_non_function_has_node_code_and_false_result(addon):
    # from Node 20
    assert line_of(addon, "misc", "instanceof {} {a:1}") == (
        'st=5 res=0 !"TypeError": "Constructor must be a function" '
        'code="ERR_NAPI_CONS_FUNCTION"')


def test_typedarray_range_errors_are_generic_failure(addon):
    # from Node 20: the RangeError is pending, but the status is napi_generic_failure
    assert line_of(addon, "binary", "typedarray type=5 len=2 off=1") == (
        'st=9 !"RangeError": "start offset of Int32Array should be a multiple of 4" '
        'code="ERR_NAPI_INVALID_TYPEDARRAY_ALIGNMENT"')


def test_detached_dataview_info(addon):
    # from Node 20: offset 0 as well as length 0 once detached
    assert "dvinfo=0 len=0 off=0 data=NULL" in line_of(addon, "binary", "detach")


def test_bigint_words_sign_without_words_is_invalid_arg(addon):
    # from Node 20: qs = (sign_bit given, words NULL) -> napi_invalid_arg
    assert " qs=1/77/77 " in line_of(addon, "bigints", "words sign=0 n=1 w0=ffffffffffffffff")


def test_coerce_to_string_of_objects_without_js_methods(addon):
    # from Node 20 (TZ=UTC)
    assert line_of(addon, "coerce", "coerce_string date(0)") == (
        'st=0 "Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)"')
    assert line_of(addon, "coerce", "coerce_string uint8array(4)") == 'st=0 "0,0,0,0"'
    assert line_of(addon, "coerce", "coerce_string buffer(3)") == 'st=0 "abc"'
    assert line_of(addon, "coerce", "coerce_string arraybuffer(8)") == (
        'st=0 "[object ArrayBuffer]"')
    assert line_of(addon, "coerce", "coerce_string dataview(8)") == 'st=0 "[object DataView]"'
    assert line_of(addon, "coerce", "coerce_string promise") == 'st=0 "[object Promise]"'
    assert line_of(addon, "coerce", "coerce_number external") == (
        'st=6  !"TypeError": "Cannot convert object to primitive value"')
    assert line_of(addon, "coerce", "coerce_string external") == (
        'st=3  !"TypeError": "Cannot convert object to primitive value"')


def test_function_name_and_length_are_read_only(addon):
    # from Node 20
    assert line_of(addon, "functions", "fn set name") == 'st=0 now="named"'
    assert line_of(addon, "functions", "fn set length") == "st=0 now=0"


def test_prototype_chain_ends_with_null(addon):
    # from Node 20: Object.getPrototypeOf(Object.prototype) is null, so an addon
    # walking the chain stops
    assert line_of(addon, "functions", "proto of Object.prototype") == "null"


def test_external_can_be_unwrapped(addon):
    # from Node 20: napi_wrap on an external succeeds, and so does napi_unwrap
    assert line_of(addon, "functions", "wrap external") == (
        "st=0 unwrap=0 tag=0 check=0/1 finalizer=0 ref0=0 ref1=0 define=1")


def test_define_properties_on_primitives(addon):
    # from Node 20: defined on a wrapper nobody keeps (ok); undefined: TypeError
    assert line_of(addon, "functions", "wrap 1.5").endswith(" define=0")
    assert line_of(addon, "functions", "wrap undefined").endswith(
        ' define=2 !"TypeError": "Cannot convert undefined or null to object"')


def test_error_without_code_has_no_own_code(addon):
    # from Node 20
    assert line_of(addon, "misc", "create_error code=NULL msg='abc'") == (
        'st=0 message="abc" code=undefined own code=0')


# ---- the same conversions of Python values -------------------------------------

@pytest.fixture(scope="module")
def values():
    return load_test_addon("values")


@pytest.mark.parametrize("v, expected", [
    # from Node 20 (TZ=UTC): String(new Date(0)), String(Buffer.from("h\u00e9")), ...
    (datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc),
     "Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)"),
    (datetime.datetime(2017, 7, 14, 2, 40, tzinfo=datetime.timezone.utc),
     "Fri Jul 14 2017 02:40:00 GMT+0000 (Coordinated Universal Time)"),
    (napi.Date(float("nan")), "Invalid Date"),
    (napi.Buffer(b"h\xc3\xa9"), "h\u00e9"),
    (b"h\xc3\xa9", "h\u00e9"),
    (bytearray(b"ab\xff"), "ab\ufffd"),
    (napi.Float64Array([1.5, -0.0, 1e21]), "1.5,0,1e+21"),
    (napi.ArrayBuffer(2), "[object ArrayBuffer]"),
    (napi.DataView(napi.ArrayBuffer(2)), "[object DataView]"),
])
def test_coerce_python_values_to_string(values, v, expected):
    assert values.coerceToString(v) == expected


def test_key_order_and_primitive_receivers(addon):
    # from Node 20: array-index keys first, ascending; then strings in insertion order
    assert line_of(addon, "keys", "object names") == (
        'st=0 ["0", "1", "2", "4294967294", "b", "a", "-1", "01", "4294967295", "1.5"]')
    assert line_of(addon, "keys", "after delete/re-add") == 'st=0 ["3", "9", "10", "y", "x"]'
    # an array's own non-enumerable length; a string's indexes; an error's message is
    # not enumerable
    assert line_of(addon, "keys", "array all own") == 'st=0 ["0", "1", "length"]'
    assert line_of(addon, "keys", "names of 'abc'") == 'st=0 ["0", "1", "2"]'
    assert line_of(addon, "keys", "names of uint8array(4)") == 'st=0 ["0", "1", "2", "3"]'
    assert line_of(addon, "keys", "names of error") == "st=0 []"


def test_freeze_and_seal_binary_types_and_dates(addon):
    # from Node 20: Node's error for freezing a typed array with elements; sealing
    # it, and freezing or sealing a date, succeed
    assert line_of(addon, "objects", "freeze uint8array(4)") == (
        'st=10 !"TypeError": "Cannot freeze array buffer views with elements" seal st=0')
    assert line_of(addon, "objects", "freeze date(0)") == "st=0 seal st=0"


def test_wrapper_objects_convert_as_their_primitive(addon):
    # from Node 20: ToString of new Number(1.5) is "1.5", of new Boolean(false) "false"
    assert line_of(addon, "wrappers", "wrap 1.5") == (
        'typeof=6 string="1.5" number=1.5 bool=true length=undefined [0]=undefined '
        "===prim=0 twice same=0")
    assert line_of(addon, "wrappers", "wrap false").startswith(
        'typeof=6 string="false" number=0 bool=true')


@pytest.mark.parametrize("kind", ["arraybuffer(8)", "uint8array(4)", "dataview(8)", "buffer(3)",
                                  "promise"])
def test_named_properties_on_binary_types_and_promises(addon, kind):
    # from Node 20: any object takes new properties
    assert line_of(addon, "objects", f"named on {kind}") == (
        "set=0 get=0/7 own=0/1 delete=0/1 then=undefined")


def test_named_properties_of_a_typed_array_are_listed_after_its_elements():
    u = napi.Uint8Array(2)
    u.tag = "x"                  # the same properties, from Python
    assert u.tag == "x"
    objects = load_test_addon("objects")
    assert objects.getPropertyNames(u) == ["0", "1", "tag"]   # as Node lists them


@pytest.mark.parametrize("make, element, length, byte_length", [
    # from Node 20: Buffer.from("abc")[1], .length, .byteLength, .byteOffset; and
    # new Float64Array([1.5, 2]), new Int16Array([1, -2]) likewise
    (lambda: b"abc", 98, 3, 3),
    (lambda: bytearray(b"abc"), 98, 3, 3),
    (lambda: memoryview(b"abc"), 98, 3, 3),
    (lambda: __import__("array").array("d", [1.5, 2]), 2.0, 2, 16),
    (lambda: __import__("numpy").array([1, -2], dtype="int16"), -2, 2, 4),
])
def test_python_buffers_read_as_typed_arrays(make, element, length, byte_length):
    objects = load_test_addon("objects")
    v = make()
    assert objects.getElement(v, 1) == element
    assert objects.hasElement(v, 1) is True
    assert objects.hasElement(v, length) is False
    assert objects.getElement(v, length) is None          # past the end: undefined
    assert [objects.getNamed(v, k) for k in ("length", "byteLength", "byteOffset")] == [
        length, byte_length, 0]


def test_python_buffers_take_element_writes():
    # from Node 20: const b = Buffer.from("abc"); b[1] = 300; b[9] = 1 -> "a,c"
    # (300 wraps to 44); new Float64Array([1.5, 2])[1] = 300 -> [1.5, 300]
    objects = load_test_addon("objects")
    b = bytearray(b"abc")
    objects.setElement(b, 1, 300)
    objects.setElement(b, 9, 1)          # past the end: ignored
    assert b == bytearray(b"a,c")
    a = __import__("array").array("d", [1.5, 2])
    objects.setElement(a, 1, 300)
    assert list(a) == [1.5, 300.0]
    # bytes is immutable: refused rather than written
    with pytest.raises(TypeError, match="the memory of a bytes is read-only"):
        objects.setElement(b"abc", 1, 1)
