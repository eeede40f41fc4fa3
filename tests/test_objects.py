"""Objects and arrays: napi_create_object, property get/set/has/delete (string,
number and symbol keys), named properties, own properties, elements, arrays,
napi_define_properties attributes, property names, freeze/seal, prototypes,
identity of objects crossing the boundary, and the Python mapping view.

Expected values follow Node's behaviour (doc/api/n-api.md and the ECMAScript
object semantics it delegates to)."""

import json

import pytest

from conftest import load_test_addon
from napi_status import Status

import napi_python as napi

# napi_key_collection_mode
INCLUDE_PROTOTYPES, OWN_ONLY = 0, 1
# napi_key_filter
ALL, WRITABLE, ENUMERABLE, CONFIGURABLE, SKIP_STRINGS, SKIP_SYMBOLS = 0, 1, 2, 4, 8, 16
# napi_key_conversion
KEEP_NUMBERS, NUMBERS_TO_STRINGS = 0, 1


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("objects")


# ---- napi_create_object and generic properties -------------------------------

def test_create_object_is_empty_object(addon):
    o = addon.createObject()
    assert isinstance(o, napi.Object)
    assert isinstance(o, dict)
    assert dict(o) == {}
    assert len(o) == 0


def test_set_get_property_string_key(addon):
    o = addon.createObject()
    assert addon.setProperty(o, "k", "v") is o
    assert addon.getProperty(o, "k") == "v"
    assert o["k"] == "v"
    assert o.k == "v"


def test_get_missing_property_is_none(addon):
    o = addon.createObject()
    assert addon.getProperty(o, "nope") is None
    assert addon.hasProperty(o, "nope") is False


def test_number_key_is_the_string_key(addon):
    o = addon.createObject()
    addon.setProperty(o, 1, "one")
    assert addon.getNamed(o, "1") == "one"
    assert addon.getProperty(o, 1) == "one"
    assert addon.hasProperty(o, "1") is True
    assert o["1"] == "one"
    assert list(o.keys()) == ["1"]


def test_has_property_sees_prototype_has_own_does_not(addon):
    o = addon.createObject()
    assert addon.hasProperty(o, "toString") is True
    assert addon.hasOwnProperty(o, "toString") is False
    addon.setNamed(o, "x", 1)
    assert addon.hasOwnProperty(o, "x") is True


def test_delete_property(addon):
    o = addon.createObject()
    addon.setNamed(o, "a", 1)
    addon.setNamed(o, "b", 2)
    assert addon.deleteProperty(o, "a") is True
    assert addon.hasProperty(o, "a") is False
    assert "a" not in o
    assert dict(o) == {"b": 2}
    # deleting a missing property succeeds too (as `delete o.x` does)
    assert addon.deleteProperty(o, "missing") is True


def test_delete_property_result_may_be_null(addon):
    o = addon.createObject()
    addon.setNamed(o, "a", 1)
    assert addon.deletePropertyNoResult(o, "a") == Status.napi_ok
    assert "a" not in o


def test_symbol_keys(addon):
    has_before, got, has_after, own, deleted, has_final = addon.symbolRoundTrip()
    assert has_before is False
    assert got == "symval"
    assert has_after is True and own is True
    assert deleted is True and has_final is False


def test_symbol_key_from_python_value(addon):
    sym = addon.createSymbol("key")
    o = addon.createObject()
    addon.setProperty(o, sym, 123)
    assert addon.getProperty(o, sym) == 123
    assert addon.hasOwnProperty(o, sym) is True
    # symbol-keyed properties are not part of the string-keyed mapping
    assert list(o.keys()) == []
    assert json.dumps(o) == "{}"


def test_has_own_property_needs_a_name(addon):
    o = addon.createObject()
    assert addon.hasOwnPropertyStatus(o, "x") == Status.napi_ok
    assert addon.hasOwnPropertyStatus(o, addon.createSymbol("s")) == Status.napi_ok
    assert addon.hasOwnPropertyStatus(o, 1) == Status.napi_name_expected
    assert addon.hasOwnPropertyStatus(o, True) == Status.napi_name_expected
    assert addon.hasOwnPropertyStatus(o, o) == Status.napi_name_expected


def test_get_property_on_undefined_is_object_expected(addon):
    assert addon.getPropertyStatus(None, "x") == Status.napi_object_expected
    assert addon.getPropertyStatus(napi.null, "x") == Status.napi_object_expected
    assert addon.getPropertyStatus(addon.createObject(), "x") == Status.napi_ok


def test_null_arguments_are_invalid_arg(addon):
    statuses = addon.nullArgStatuses()
    assert len(statuses) == 16
    assert statuses == [Status.napi_invalid_arg] * 16


# ---- named properties ----------------------------------------------------------

def test_named_properties(addon):
    o = addon.createObject()
    assert addon.hasNamed(o, "name") is False
    addon.setNamed(o, "name", "value")
    assert addon.hasNamed(o, "name") is True
    assert addon.getNamed(o, "name") == "value"
    assert addon.getProperty(o, "name") == "value"
    assert o.name == "value"


def test_named_property_utf8(addon):
    o = addon.createObject()
    addon.setNamed(o, "clé✓", 5)
    assert o["clé✓"] == 5
    assert addon.hasNamed(o, "clé✓") is True


# ---- elements --------------------------------------------------------------------

def test_elements_on_array(addon):
    a = addon.createArray()
    assert a == []
    addon.setElement(a, 0, "x")
    addon.setElement(a, 1, "y")
    assert a == ["x", "y"]
    assert addon.getElement(a, 1) == "y"
    assert addon.hasElement(a, 1) is True
    assert addon.hasElement(a, 2) is False
    assert addon.arrayLength(a) == 2


def test_elements_on_object(addon):
    o = addon.createObject()
    addon.setElement(o, 3, "three")
    assert addon.getElement(o, 3) == "three"
    assert addon.hasElement(o, 3) is True
    assert addon.getNamed(o, "3") == "three"
    assert o["3"] == "three"
    assert addon.deleteElement(o, 3) is True
    assert addon.hasElement(o, 3) is False
    assert "3" not in o


def test_delete_element_leaves_undefined(addon):
    # JS leaves a hole (has_element false); a Python list has no holes, so the
    # element becomes undefined and still exists (docs/values.rst, "Arrays").
    deleted, has, length, is_undefined = addon.arrayDeleteInfo()
    assert deleted is True
    assert has is True
    assert length == 3
    assert is_undefined is True


def test_get_missing_element_is_none(addon):
    assert addon.getElement(addon.createArray(), 5) is None


def test_get_element_of_a_list_and_on_undefined(addon):
    # A list's elements are read directly (a None element, past the end: undefined);
    # undefined and null are not objects; anything else is read through a key.
    lst = [None, 1.5, "s", napi.null]
    assert [addon.getElement(lst, i) for i in range(6)] == [None, 1.5, "s", None, None, None]
    assert addon.getElementStatus(lst, 7) == Status.napi_ok
    assert addon.getElementStatus(None, 0) == Status.napi_object_expected
    assert addon.getElementStatus(napi.null, 0) == Status.napi_object_expected
    assert addon.getElementStatus((1,), 0) == Status.napi_ok
    assert addon.getElementStatus(addon.createObject(), 0) == Status.napi_ok


def test_elements_on_python_list_in_place(addon):
    lst = [1, 2, 3]
    addon.setElement(lst, 1, "two")
    assert lst == [1, "two", 3]
    addon.setElement(lst, 3, 4)
    assert lst == [1, "two", 3, 4]
    assert addon.getElement(lst, 0) == 1
    assert addon.hasElement(lst, 3) is True
    assert addon.hasElement(lst, 4) is False
    assert addon.arrayLength(lst) == 4


def test_element_past_the_end_pads_with_undefined(addon):
    lst = [1]
    addon.setElement(lst, 3, "x")  # JS leaves holes; a list holds them as undefined
    assert lst == [1, None, None, "x"]
    addon.setProperty(lst, 5.0, "y")
    assert lst == [1, None, None, "x", None, "y"]


def test_huge_index_on_a_list_is_no_array_index_or_refused(addon):
    # 2**52 + 1 is no array index (JS's end at 2**32 - 2): a named property, which a
    # list cannot carry; before, the list grew towards 2**52 elements (a hang).
    lst = [1]
    addon.setProperty(lst, 2**52 + 1, "x")
    addon.setProperty(lst, 2**32 - 1, "x")
    assert lst == [1]
    # An index far past the end would need that many holes in a Python list: refused
    # with JS's RangeError, as napi_create_array_with_length refuses such lengths.
    with pytest.raises(napi.JSRangeError, match="Invalid array length"):
        addon.setElement(lst, 2**32 - 2, "x")
    with pytest.raises(napi.JSRangeError, match="Invalid array length"):
        addon.setProperty(lst, "length", 2**31)
    assert lst == [1]


# ---- arrays ------------------------------------------------------------------------

def test_create_array_with_length(addon):
    # No holes in a Python list: the elements exist and are undefined (None).
    length, is_undefined, has = addon.arrayWithLengthInfo(4)
    assert length == 4
    assert is_undefined is True
    assert has is True
    a = addon.createArrayWithLength(3)
    assert isinstance(a, list)
    assert len(a) == 3
    assert addon.arrayLength(a) == 3


def test_array_length_needs_array(addon):
    assert addon.arrayLengthStatus([1]) == Status.napi_ok
    assert addon.arrayLengthStatus({"length": 1}) == Status.napi_array_expected
    assert addon.arrayLengthStatus(addon.createObject()) == Status.napi_array_expected
    assert addon.arrayLengthStatus("abc") == Status.napi_array_expected
    assert addon.arrayLengthStatus(3) == Status.napi_array_expected


def test_is_array(addon):
    assert addon.isArray([]) is True
    assert addon.isArray([1, 2]) is True
    assert addon.isArray((1, 2)) is True
    assert addon.isArray(addon.createArray()) is True
    assert addon.isArray({}) is False
    assert addon.isArray(addon.createObject()) is False
    assert addon.isArray("str") is False
    assert addon.isArray(None) is False


def test_tuple_length(addon):
    assert addon.arrayLength((1, 2, 3)) == 3
    assert addon.getElement((1, 2, 3), 2) == 3


# ---- napi_define_properties: data properties ------------------------------------------

def test_define_properties_enumerable_keys(addon):
    o = addon.dataProps()
    assert list(o.keys()) == ["ro", "rw", "cfg", "jsprop"]
    assert dict(o) == {"ro": 1, "rw": 2, "cfg": 4, "jsprop": 5}
    assert json.loads(json.dumps(o)) == {"ro": 1, "rw": 2, "cfg": 4, "jsprop": 5}


def test_define_properties_property_names(addon):
    assert addon.getPropertyNames(addon.dataProps()) == ["ro", "rw", "cfg", "jsprop"]


def test_non_enumerable_reachable_by_name(addon):
    o = addon.dataProps()
    assert o.hidden == 3
    assert o["hidden"] == 3
    assert "hidden" in o
    assert o.plain == 6
    assert o.get("plain") == 6
    assert "hidden" not in list(o)
    assert "hidden" not in json.dumps(o)
    assert addon.getNamed(o, "hidden") == 3
    assert addon.hasOwnProperty(o, "plain") is True


def test_read_only_write_from_addon_fails_silently(addon):
    o = addon.dataProps()
    assert addon.setNamedStatus(o, "ro", 99) == Status.napi_ok
    assert addon.getNamed(o, "ro") == 1
    assert o.ro == 1
    assert addon.setPropertyStatus(o, "plain", 99) == Status.napi_ok
    assert o.plain == 6


def test_writable_write_from_addon(addon):
    o = addon.dataProps()
    addon.setNamed(o, "rw", 20)
    addon.setNamed(o, "hidden", 30)
    assert o.rw == 20
    assert o.hidden == 30
    assert "hidden" not in o.keys()  # writing keeps it non-enumerable


def test_read_only_write_from_python_raises(addon):
    o = addon.dataProps()
    with pytest.raises(TypeError):
        o.ro = 5
    with pytest.raises(TypeError):
        o["ro"] = 5
    with pytest.raises(TypeError):
        o["plain"] = 5
    assert o.ro == 1 and o.plain == 6


def test_writable_write_from_python(addon):
    o = addon.dataProps()
    o.rw = 21
    o["jsprop"] = 51
    assert addon.getNamed(o, "rw") == 21
    assert addon.getNamed(o, "jsprop") == 51


def test_configurable_controls_delete(addon):
    o = addon.dataProps()
    assert addon.deleteProperty(o, "ro") is False
    assert addon.deleteProperty(o, "rw") is False
    assert addon.hasOwnProperty(o, "ro") is True
    assert addon.deleteProperty(o, "cfg") is True
    assert addon.deleteProperty(o, "jsprop") is True
    assert list(o.keys()) == ["ro", "rw"]


# ---- napi_define_properties: methods and accessors -------------------------------------

def test_define_methods(addon):
    o = addon.methodProps()
    assert o.method() == "method"
    assert o.emethod() == "emethod"
    assert o.dmethod() == "dmethod"
    assert isinstance(o["method"], napi.Function)  # the stored function
    assert isinstance(o.method, napi.BoundFunction)  # bound to o (test_this.py)
    assert o.method.__func__ is o["method"]
    assert list(o.keys()) == ["emethod", "acc", "getonly"]


def test_method_called_from_addon(addon):
    o = addon.methodProps()
    before = addon.methodCalls()
    assert addon.callMethodNamed(o, "dmethod") == "dmethod"
    assert addon.methodCalls() == before + 1


def test_method_not_writable_default_method_writable(addon):
    o = addon.methodProps()
    with pytest.raises(TypeError):
        o.method = 1
    o.dmethod = "replaced"  # napi_default_method is writable|configurable
    assert addon.getNamed(o, "dmethod") == "replaced"


def test_accessor_get_set(addon):
    o = addon.methodProps()
    addon.setNamed(o, "acc", 40)
    assert addon.getAccessorValue() == 40
    assert addon.getNamed(o, "acc") == 40
    assert o.acc == 40
    o.acc = 41
    assert addon.getAccessorValue() == 41
    assert o.getonly == 41


def test_getter_only_accessor(addon):
    o = addon.methodProps()
    addon.setNamed(o, "acc", 8)
    assert addon.setNamedStatus(o, "getonly", 100) == Status.napi_ok  # ignored
    assert addon.getAccessorValue() == 8
    with pytest.raises(TypeError):
        o.getonly = 100
    assert o.getonly == 8


def test_define_property_with_symbol_name(addon):
    sym = addon.createSymbol("named")
    o = addon.symbolProp(sym)
    assert addon.getProperty(o, sym) == "by symbol"
    assert list(o.keys()) == ["visible"]


def test_define_properties_bad_input(addon):
    null_table, no_name, number_name, empty = addon.defineStatuses()
    assert null_table == Status.napi_invalid_arg
    assert no_name in (Status.napi_name_expected, Status.napi_invalid_arg)
    assert number_name == Status.napi_name_expected
    assert empty == Status.napi_ok


def test_define_properties_on_undefined(addon):
    assert addon.defineOnStatus(None) == Status.napi_object_expected
    assert addon.defineOnStatus(addon.createObject()) == Status.napi_ok


# ---- property names ------------------------------------------------------------------

def test_get_property_names_enumerable_strings(addon):
    o = addon.ordered()
    assert addon.getPropertyNames(o) == ["z", "a", "m"]


def test_get_property_names_numbers_as_strings(addon):
    names = addon.getPropertyNames(addon.numberKeyed())
    assert names == ["0", "5", "a"]


def test_get_property_names_skips_symbols(addon):
    sym = addon.createSymbol("s")
    assert addon.getPropertyNames(addon.symbolProp(sym)) == ["visible"]


def test_get_property_names_includes_prototype_enumerables(addon):
    inst = addon.withProto()
    assert addon.getPropertyNames(inst) == ["own", "protoMethod"]


def test_get_property_names_of_python_dict(addon):
    assert addon.getPropertyNames({"x": 1, "y": 2}) == ["x", "y"]


def test_all_property_names_own_vs_prototypes(addon):
    inst = addon.withProto()
    assert addon.getAllPropertyNames(inst, OWN_ONLY, ENUMERABLE, NUMBERS_TO_STRINGS) == ["own"]
    assert addon.getAllPropertyNames(
        inst, INCLUDE_PROTOTYPES, ENUMERABLE | SKIP_SYMBOLS, NUMBERS_TO_STRINGS
    ) == ["own", "protoMethod"]


def test_all_property_names_key_conversion(addon):
    o = addon.numberKeyed()
    kept = addon.getAllPropertyNames(o, OWN_ONLY, ALL, KEEP_NUMBERS)
    assert kept == [0, 5, "a"]
    assert [type(k) for k in kept] == [int, int, str]
    assert addon.getAllPropertyNames(o, OWN_ONLY, ALL, NUMBERS_TO_STRINGS) == ["0", "5", "a"]


@pytest.mark.parametrize("flt,expected", [
    (ALL, ["w", "e", "c", "all", "none", "SYM"]),
    (WRITABLE, ["w", "all", "SYM"]),
    (ENUMERABLE, ["e", "all", "SYM"]),
    (CONFIGURABLE, ["c", "all", "SYM"]),
    (WRITABLE | ENUMERABLE, ["all", "SYM"]),
    (WRITABLE | ENUMERABLE | CONFIGURABLE, ["all", "SYM"]),
    (SKIP_SYMBOLS, ["w", "e", "c", "all", "none"]),
    (SKIP_STRINGS, ["SYM"]),
    (ENUMERABLE | SKIP_SYMBOLS, ["e", "all"]),
    (SKIP_STRINGS | SKIP_SYMBOLS, []),
])
def test_all_property_names_filters(addon, flt, expected):
    sym = addon.createSymbol("filter")
    o = addon.filterProps(sym)
    names = addon.getAllPropertyNames(o, OWN_ONLY, flt, NUMBERS_TO_STRINGS)
    assert len(names) == len(expected)
    for got, want in zip(names, expected):
        if want == "SYM":
            assert isinstance(got, napi.Symbol)
            assert got == sym
            assert got.description == "filter"
        else:
            assert got == want


def test_all_property_names_needs_object(addon):
    # from Node 20: ToObject(undefined) throws (the status is napi_object_expected,
    # with the TypeError pending); a primitive is its wrapper object (napi_ok)
    with pytest.raises(napi.JSTypeError, match="Cannot convert undefined or null to object"):
        addon.allNamesStatus(None)
    assert addon.allNamesStatus("abc") == Status.napi_ok
    assert addon.allNamesStatus(1.5) == Status.napi_ok


# ---- freeze / seal --------------------------------------------------------------------

def test_freeze_ignores_addon_writes(addon):
    o = addon.createObject()
    addon.setNamed(o, "a", 1)
    assert addon.freeze(o) is o
    assert addon.setNamedStatus(o, "a", 2) == Status.napi_ok
    assert addon.setNamedStatus(o, "b", 3) == Status.napi_ok
    assert addon.getNamed(o, "a") == 1
    assert addon.hasNamed(o, "b") is False
    assert addon.deleteProperty(o, "a") is False
    assert dict(o) == {"a": 1}


def test_freeze_python_writes_raise(addon):
    o = addon.freeze(addon.setNamed(addon.createObject(), "a", 1))
    with pytest.raises(TypeError):
        o["a"] = 2
    with pytest.raises(TypeError):
        o.b = 3
    with pytest.raises(TypeError):
        o["b"] = 3
    assert dict(o) == {"a": 1}


def test_seal(addon):
    o = addon.setNamed(addon.createObject(), "a", 1)
    addon.seal(o)
    addon.setNamed(o, "a", 10)          # existing writable property: allowed
    assert o.a == 10
    assert addon.setNamedStatus(o, "b", 2) == Status.napi_ok
    assert addon.hasNamed(o, "b") is False  # adding: ignored
    assert addon.deleteProperty(o, "a") is False
    o["a"] = 11                          # from Python too
    assert addon.getNamed(o, "a") == 11
    with pytest.raises(TypeError):
        o["b"] = 2
    assert dict(o) == {"a": 11}


def test_freeze_array_is_a_clear_error(addon):
    # A JS array is a Python list, which cannot be frozen: the addon gets a
    # pending TypeError instead of a silently unfrozen array (docs/values.rst).
    a = addon.createArray()
    addon.setElement(a, 0, "x")
    with pytest.raises(napi.JSTypeError, match="cannot freeze a Python list"):
        addon.freeze(a)
    assert a == ["x"]


def test_freeze_needs_object(addon):
    assert addon.freezeStatus(None) == Status.napi_object_expected


# ---- prototypes -----------------------------------------------------------------------

def test_get_prototype(addon):
    a, b = addon.createObject(), addon.createObject()
    assert addon.protoEquals(a, b) is True
    assert addon.protoEquals(a, {}) is True
    assert addon.protoEquals(a, []) is False
    assert addon.protoEquals([], addon.createArray()) is True
    assert addon.protoEquals(addon.withProto(), addon.withProto()) is True
    assert addon.protoEquals(addon.withProto(), a) is False


def test_prototype_of_class_instance_has_method(addon):
    proto = addon.getPrototype(addon.withProto())
    assert addon.hasOwnProperty(proto, "protoMethod") is True
    assert addon.hasOwnProperty(proto, "own") is False


# ---- identity -------------------------------------------------------------------------

def test_python_dict_and_list_mutated_in_place(addon):
    d = {"keep": 1, "nested": {"y": 2}}
    nested = d["nested"]
    lst = [0, 1]
    assert addon.mutate(d, lst) is None
    assert d == {"keep": 1, "nested": {"y": 2, "x": 1}, "added": "yes"}
    assert d["nested"] is nested
    assert lst == ["first", 1, 42]


def test_python_values_come_back_identical(addon):
    d, lst = {"a": 1}, [1, 2]
    assert addon.identity(d) is d
    assert addon.identity(lst) is lst


def test_addon_object_returned_twice_is_same(addon):
    a = addon.stored()
    b = addon.stored()
    assert a is b
    assert a.kind == "stored"
    o = addon.createObject()
    assert addon.identity(o) is o


def test_addon_sees_python_writes(addon):
    o = addon.stored()
    o["fromPython"] = [1, 2]
    assert addon.getNamed(o, "fromPython") == [1, 2]
    o.attr = "set by attribute"
    assert addon.getNamed(o, "attr") == "set by attribute"
    del o["fromPython"]
    assert addon.hasNamed(o, "fromPython") is False


# ---- the Python mapping view -------------------------------------------------------------

def test_mapping_keys_order_and_in(addon):
    o = addon.ordered()
    assert list(o.keys()) == ["z", "a", "m"]
    assert list(o) == ["z", "a", "m"]
    assert list(o.values()) == [1, 2, 3]
    assert list(o.items()) == [("z", 1), ("a", 2), ("m", 3)]
    assert "a" in o and "q" not in o
    assert dict(o) == {"z": 1, "a": 2, "m": 3}
    assert len(o) == 3


def test_nested_objects_and_null(addon):
    o = addon.nested()
    assert o.a == 1
    assert o.b is None
    assert o["b"] is None
    assert o.get("b") is None
    assert "b" in o
    assert isinstance(o.d, napi.Object)
    assert o.d.e == "x"
    assert o.d.f.g is True
    assert o.h == 2.5 and type(o.h) is float
    assert o.c[0] == 1 and o.c[2] == "s"
    assert o.c[1] is napi.null


def test_json_dumps_nested_with_null(addon):
    o = addon.nested()
    del o["c"]  # a list keeps null as napi_python.null, which json does not know
    text = json.dumps(o)
    assert text == '{"a": 1, "b": null, "d": {"e": "x", "f": {"g": true}}, "h": 2.5}'
    made = addon.setNamed(addon.createObject(), "n", napi.null)
    assert json.dumps(made) == '{"n": null}'


def test_attribute_access_missing_raises(addon):
    o = addon.ordered()
    with pytest.raises(AttributeError):
        o.nope
    with pytest.raises(KeyError):
        o["nope"]
    assert o.get("nope", 5) == 5


def test_keyword_names_reachable_with_getattr(addon):
    o = addon.setNamed(addon.createObject(), "async", 1)
    assert getattr(o, "async") == 1
