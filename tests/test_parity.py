"""Node-API corners, differentially (the second set, after tests/test_semantics.py):
tests/addons/parity runs batches of calls on values it makes itself (element writes to
each kind of typed array, napi_get_all_property_names with every filter on properties
napi_define_properties made, the errors Node-API makes, wrap and type tags on frozen
objects, externals as objects, instance data set twice, property keys and Symbol.for,
the last error info, property functions whose operation throws, napi_define_class
with values and methods of each attribute set, new.target and constructors that return
another object, napi_get_cb_info's argc, function and class names with NULs, wrap and
remove_wrap, references at 0, dates at the time range's edges) and returns a text
report, one line per case. The same addon was run in Node 20
(tests/node_reference/parity.js wrote tests/node_reference/parity.json); every line
must be Node's but for KNOWN_DIFFERENCES, whose lines must be exactly what is listed.
"""


import pytest

import napi_python as napi
from conftest import load_test_addon
from node_compare import NodeReport


_ERROR_KINDS = [("error", "Error"), ("type_error", "TypeError"), ("range_error", "RangeError"),
                ("syntax_error", "SyntaxError")]

# (batch, label) -> napi-python's line after "label: ", with the reason.
KNOWN_DIFFERENCES = {
    # An error made here has no own `stack` (it is inherited: V8's form with the
    # Python frames, docs/errors.rst): its own properties are Node's but for that one.
    **{("errors", kind): (
        f'st=0 own=["message"] enumerable=[] own name=0 name="{name}" '
        f'proto==={name}.prototype=1 instanceof Error=1 string="{name}: msg"')
       for kind, name in _ERROR_KINDS},
    **{("errors", f"{kind} with code"): (
        f'st=0 own=["message", "code"] enumerable=["code"] own name=0 name="{name}" '
        f'proto==={name}.prototype=1 instanceof Error=1 string="{name}: msg"')
       for kind, name in _ERROR_KINDS},
    ("errors", "error ''"): 'own=["message"] string="Error"',
    # A Python list holds no named properties (docs/values.rst, Arrays): 4294967295 is
    # no array index, so the write is dropped.
    ("strings", "key '4294967295' on array"): "st=0 length=3 get=undefined",
}
REPORT = NodeReport("parity", KNOWN_DIFFERENCES)
NODE, BATCHES = REPORT.node, REPORT.batches


@pytest.fixture(scope="module")
def addon():
    # Declaring Node-API 9, as it was built for Node 20.
    return load_test_addon("parity", napi_version=9, name="parity_v9")


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

@pytest.mark.parametrize("lab", [
    "get_property", "get_named_property", "get_element", "set_property",
    "set_named_property", "set_element", "get_property, throwing key",
    "set_property, throwing key", "has_property, throwing key",
    "delete_property, throwing key"])
def test_a_property_function_whose_operation_throws_is_generic_failure(addon, lab):
    # from Node 20: a getter, a setter or a key's toString throws; the status is
    # napi_generic_failure (9), not napi_pending_exception, and the error is pending
    assert line_of(addon, "throwing", lab) == 'st=9 !"RangeError": "from the accessor"'


def test_an_invalid_array_length_is_pending_exception(addon):
    # from Node 20: V8 reports that write as done, with its RangeError pending
    for lab in ("array length = -1", "array length = 1.5 (set_property)", "array length = 'x'"):
        assert line_of(addon, "throwing", lab) == 'st=10 !"RangeError": "Invalid array length"'


def test_bigint_elements_take_js_to_bigint(addon):
    # from Node 20: a string or a boolean converts; a number is a TypeError naming it
    # as JS writes it; an object goes through ToPrimitive ("[object Object]": a
    # SyntaxError); a BigInt into a number array is "Cannot convert a BigInt value..."
    assert line_of(addon, "typed", "BigInt64Array[0] = '7'") == "st=0 -> big[7]"
    assert line_of(addon, "typed", "BigUint64Array[0] = true") == "st=0 -> big[1]"
    assert line_of(addon, "typed", "BigInt64Array[0] = 300") == (
        'st=9 !"TypeError": "Cannot convert 300 to a BigInt" -> big[]')
    assert line_of(addon, "typed", "BigInt64Array[0] = NaN") == (
        'st=9 !"TypeError": "Cannot convert NaN to a BigInt" -> big[]')
    assert line_of(addon, "typed", "BigInt64Array[0] = {}") == (
        'st=9 !"SyntaxError": "Cannot convert [object Object] to a BigInt" -> big[]')
    assert line_of(addon, "typed", "Uint8Array[0] = 5n") == (
        'st=9 !"TypeError": "Cannot convert a BigInt value to a number" -> 0')


def test_bigint_elements_from_python():
    # A Python int is taken as it is (whether it stands for a number or a BigInt);
    # a float is a number, which JS does not convert
    a = napi.BigInt64Array(2)
    a[0] = 5
    a[1] = "-12"
    assert [int(x) for x in a] == [5, -12]
    with pytest.raises(napi.JSTypeError, match="^Cannot convert 1.5 to a BigInt$"):
        a[0] = 1.5
    with pytest.raises(napi.JSSyntaxError, match="^Cannot convert 1x to a BigInt$"):
        a[0] = "1x"


def test_numeric_keys_of_a_typed_array_are_no_properties(addon):
    # from Node 20: "-0", "1.5", "-1" are numeric to a typed array: no element, and
    # no property either ("01" is not numeric: an ordinary property)
    for key in ("-0", "1.5", "-1"):
        assert line_of(addon, "typed", f"u8['{key}'] = 9") == (
            'st=0 get=0/undefined has=0 own=0 delete=0/1 own=["0", "1"]')
    assert line_of(addon, "typed", "u8['01'] = 9") == (
        'st=0 get=0/9 has=1 own=1 delete=0/1 own=["0", "1"]')


def test_a_typed_arrays_length_is_inherited(addon):
    # from Node 20: TypedArray.prototype's accessor, not an own property
    assert line_of(addon, "typed", "u8['length'] = 9") == (
        'st=0 get=0/2 has=1 own=0 delete=0/1 own=["0", "1"]')


def test_all_property_names_refuses_an_unknown_mode_or_conversion(addon):
    # from Node 20: napi_invalid_arg
    assert line_of(addon, "keys", "mode 7") == "st=1"
    assert line_of(addon, "keys", "conversion 7") == "st=1 "


def test_an_external_has_a_null_prototype_and_is_frozen(addon):
    # from Node 20
    assert line_of(addon, "externals", "prototype") == "st=0 null"
    assert line_of(addon, "externals", "isFrozen") == "true"


def test_a_class_constructor_returning_an_object_makes_new_that_object(addon):
    # from Node 20: `new R()` is the object R's constructor returned, not `this`
    # (napi_define_class); a primitive returned is ignored
    assert line_of(addon, "classes", "constructor returns object") == (
        "st=0 instanceof=0 fromThis=0 other=1 proto===R.prototype=0")
    assert line_of(addon, "classes", "constructor returns number") == (
        "st=0 instanceof=1 fromThis=1 other=0 proto===R.prototype=1")


def test_a_class_keeps_its_name_as_given(addon):
    # from Node 20: napi_define_class's name with a NUL inside, and "", are the
    # class's `name` (a Python type name cannot hold either)
    assert line_of(addon, "calls", "class name C\\0D len 3") == 'st=0 name="C\\u0000D"'
    assert line_of(addon, "calls", "class name empty") == 'st=0 name=""'
