"""Properties and coercions with Node's semantics (tests/addons/props): symbol-keyed
properties on classes, prototypes, instances and functions; weak references to
symbols; read-only prototype values; statics that instances do not see; JS
ToPrimitive in napi_coerce_*; self-referencing and very deep values.

Every expected value was taken from Node 20 running the same addon (built with
-DNAPI_VERSION=8: Node 20 has no Node-API 10); the addon functions return
[status, result, pending exception] so that the test sees what the addon sees."""

import gc
import json

import pytest

from conftest import load_test_addon
from napi_status import Status

import napi_python as napi
from napi_python import Object, Symbol


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("props")


@pytest.fixture()
def made(addon):
    return addon.makeClass()


OK = [Status.napi_ok, None, None]


def obj(**props):
    o = Object()
    for k, v in props.items():
        o[k] = v
    return o


# ---- symbol-keyed properties (issue 12.4) ------------------------------------------

def test_symbol_keyed_external_on_a_class_and_a_function(addon, made):
    # node-addon-api's AttachData below Node-API 5: napi_define_properties with a
    # Symbol() key on the class and on a function succeeds, and the value is there.
    assert made.laterStatus == Status.napi_ok
    assert made.fnStatus == Status.napi_ok
    status, ext, exc = addon.getProp(made.K, made.laterSym)
    assert (status, exc) == (Status.napi_ok, None) and addon.externalValue(ext) == 7
    assert addon.externalValue(addon.getProp(made.fn, made.laterSym)[1]) == 7


def test_symbol_keyed_values_live_as_long_as_their_holder(addon, made):
    K, fn, sym = made.K, made.fn, made.laterSym
    del made
    for _ in range(3):
        gc.collect()
    assert addon.externalValue(addon.getProp(K, sym)[1]) == 7
    assert addon.externalValue(addon.getProp(fn, sym)[1]) == 7


def test_node_addon_api_object_wrap_below_node_api_5():
    # The real thing: ObjectWrap<T>::DefineClass built with NAPI_VERSION=4 stores the
    # data of every member under Symbol() keys on the class; loading used to fail
    # with napi_pending_exception.
    addon = load_test_addon("objectwrap_v4", napi_version=4)
    Box = addon.Box
    b = Box(5)
    assert b.get() == 5
    assert b.add(2) == 7
    b.value = 10
    assert b.value == 10 and b.get() == 10
    assert Box.KIND == "box"
    made = Box.make(3)  # a static method: `this` is the class (Node: Box.make(3).get() == 3)
    assert isinstance(made, Box) and made.get() == 3
    with pytest.raises(AttributeError):
        b.make  # statics are not on instances (Node: undefined)
    gc.collect()
    assert Box(1).add(1) == 2  # the method data stored under the symbols is still alive


def test_symbol_keyed_members_of_define_class(addon, made):
    K = made.K
    inst = K()
    status, method, exc = addon.getProp(inst, made.protoSym)
    assert (status, exc) == (Status.napi_ok, None)
    assert isinstance(method, napi.Function) and method.__name__ == "[protoSym]"
    assert method.name == ""  # Node names no symbol-keyed method of a class
    assert method.call(inst) == 14
    assert addon.hasProp(inst, made.protoSym) == [Status.napi_ok, True, None]
    assert addon.hasOwnProp(inst, made.protoSym) == [Status.napi_ok, False, None]
    assert addon.callMethod(inst, made.protoSym) == [Status.napi_ok, 14, None]
    # A static symbol-keyed method is the class's, not the instances'.
    static = addon.getProp(K, made.staticSym)[1]
    assert isinstance(static, napi.Function) and static.call(K) == 15
    assert addon.callMethod(K, made.staticSym) == [Status.napi_ok, 15, None]
    assert addon.getProp(inst, made.staticSym) == OK
    # Symbols stay out of the type dict (dir() sorts its keys).
    assert all(isinstance(k, str) for k in vars(K))
    dir(K)


@pytest.mark.parametrize("holder", ["instance", "class", "function", "object", "dict"])
def test_symbol_property_set_get_has_delete(addon, made, holder):
    target = {"instance": made.K(), "class": made.K, "function": made.fn,
              "object": Object(), "dict": {}}[holder]
    s = Symbol("x")
    assert addon.getProp(target, s) == OK
    assert addon.setProp(target, s, 2) == OK
    assert addon.getProp(target, s) == [Status.napi_ok, 2, None]
    assert addon.hasProp(target, s) == [Status.napi_ok, True, None]
    assert addon.hasOwnProp(target, s) == [Status.napi_ok, True, None]
    assert addon.deleteProp(target, s) == [Status.napi_ok, True, None]
    assert addon.getProp(target, s) == OK
    assert addon.hasProp(target, s) == [Status.napi_ok, False, None]


def test_read_only_symbol_property_on_a_class(addon, made):
    K, s = made.K, Symbol("ro")
    assert addon.defineValue(K, s, 4, 0) == OK
    assert addon.setProp(K, s, 5) == OK  # refused silently, as in Node
    assert addon.getProp(K, s) == [Status.napi_ok, 4, None]
    assert addon.deleteProp(K, s) == [Status.napi_ok, False, None]
    # Redefining a non-configurable property: napi_invalid_arg, nothing pending.
    assert addon.defineValue(K, s, 5, 0) == [Status.napi_invalid_arg, None, None]
    o = Object()
    assert addon.defineValue(o, s, 4, 0) == OK
    assert addon.defineValue(o, s, 5, 0) == [Status.napi_invalid_arg, None, None]
    assert addon.getProp(o, s) == [Status.napi_ok, 4, None]


def test_refused_definitions_are_invalid_arg_without_an_exception(addon):
    # Node: every one of these is napi_invalid_arg with nothing pending.
    s = Symbol("s")
    assert addon.defineValue(addon.freeze(Object()), "x", 1, 7) == [Status.napi_invalid_arg, None, None]
    assert addon.defineValue(addon.freeze(Object()), s, 1, 7) == [Status.napi_invalid_arg, None, None]
    assert addon.defineValue(addon.seal(obj(y=1)), "y", 2, 7) == [Status.napi_invalid_arg, None, None]
    # ... while assignment to a frozen object is silently refused (napi_ok).
    frozen = addon.freeze(Object())
    assert addon.setProp(frozen, s, 1) == OK
    assert addon.getProp(frozen, s) == OK


def test_symbol_keyed_statics_are_inherited_by_python_subclasses(addon, made):
    class Sub(made.K):
        pass
    s = Symbol("inherited")
    assert addon.setProp(made.K, s, 1) == OK
    assert addon.getProp(Sub, s) == [Status.napi_ok, 1, None]
    assert addon.hasOwnProp(Sub, s) == [Status.napi_ok, False, None]


def test_weak_reference_to_a_symbol_is_cleared(addon):
    addon.weakRefToNewSymbol()
    gc.collect()
    assert addon.refValue() is None  # null: the symbol was collected, as in Node
    addon.deleteRef()


def test_weak_reference_to_a_held_symbol_lives_with_its_holder(addon):
    holder = addon.holderWithSymbolValue()
    gc.collect()
    assert addon.refValue() is holder.v
    del holder
    gc.collect()
    assert addon.refValue() is None
    addon.deleteRef()


def test_registered_symbol_stays_alive(addon):
    addon.weakRefTo(Symbol.for_("props-registered"))
    gc.collect()
    assert addon.refValue() is Symbol.for_("props-registered")
    addon.deleteRef()


# ---- attributes: read-only prototype values, statics (issue 12.5) -------------------

def test_read_only_prototype_value_cannot_be_assigned_through_an_instance(addon, made):
    inst = made.K()
    # Node: napi_set_property (V8's Object::Set, sloppy mode) returns napi_ok with
    # nothing pending and the value unchanged; no own property appears.
    assert addon.setProp(inst, "ro", 5) == OK
    assert inst.ro == 1 and "ro" not in inst
    assert addon.getProp(inst, "ro") == [Status.napi_ok, 1, None]
    # From Python, as in strict-mode JS: TypeError.
    with pytest.raises(TypeError, match="read only property .ro. of object .#<K>."):
        inst.ro = 6
    assert inst.ro == 1
    # A method defined with napi_default is not writable either.
    assert addon.setProp(inst, "hello", 5) == OK
    assert inst.hello() == 11
    # Writable prototype values are shadowed by an own property.
    assert addon.setProp(inst, "rw", 5) == OK
    assert inst.rw == 5 and inst["rw"] == 5
    assert made.K().rw == 2


def test_assigning_a_getter_only_accessor_is_nodes_type_error(addon, made):
    # Strict-mode JS (Node 20, as Node's test_constructor and test_properties check):
    # "Cannot set property racc of #<K> which has only a getter"; the addon's
    # napi_set_property (sloppy mode) is napi_ok and changes nothing.
    inst = made.K()
    for assign in (lambda: setattr(inst, "racc", 1), lambda: inst.__setitem__("racc", 1)):
        with pytest.raises(napi.JSTypeError,
                           match=r"^Cannot set property racc of #<K> which has only a getter$"):
            assign()
    assert addon.setProp(inst, "racc", 1) == OK
    assert inst.racc == 16
    o = Object()
    assert addon.defineGetter(o, "g") == OK  # an own accessor without a setter
    for assign in (lambda: setattr(o, "g", 1), lambda: o.__setitem__("g", 1)):
        with pytest.raises(napi.JSTypeError,
                           match=r"^Cannot set property g of #<Object> which has only a getter$"):
            assign()
    assert addon.setProp(o, "g", 1) == OK
    assert o.g == 99


def test_an_error_from_a_python_objects_attribute_lookup_stays_pending(addon):
    # Node 20 (a Proxy whose `has` or `getOwnPropertyDescriptor` trap throws):
    # napi_has_property and napi_has_own_property return napi_generic_failure with the
    # trap's error pending (tests/test_parity.py measures the other property
    # functions). Here the lookup is the object's attribute lookup; only
    # AttributeError means "absent".
    boom = LookupError("boom")

    class Raises:
        def __getattribute__(self, name):
            if name == "absent":
                raise AttributeError(name)
            raise boom

    for has in (addon.hasProp, addon.hasOwnProp):
        assert has(Raises(), "x") == [Status.napi_generic_failure, False, boom]
        assert has(Raises(), "absent") == [Status.napi_ok, False, None]


def test_typed_array_bytes_per_element(addon):
    # JS: Float64Array.BYTES_PER_ELEMENT is 8, and instances inherit it (Node's
    # test_typedarray reads it from the constructor).
    sizes = {"Int8Array": 1, "Uint8Array": 1, "Uint8ClampedArray": 1, "Int16Array": 2,
             "Uint16Array": 2, "Int32Array": 4, "Uint32Array": 4, "Float16Array": 2,
             "Float32Array": 4, "Float64Array": 8, "BigInt64Array": 8, "BigUint64Array": 8,
             "Buffer": 1}
    for name, size in sizes.items():
        cls = getattr(napi, name)
        assert cls.BYTES_PER_ELEMENT == size and cls(2).BYTES_PER_ELEMENT == size
        assert addon.getProp(cls, "BYTES_PER_ELEMENT") == [Status.napi_ok, size, None]
        assert addon.getProp(cls(2), "BYTES_PER_ELEMENT") == [Status.napi_ok, size, None]


def test_own_property_of_a_read_only_name_stays_writable(addon, made):
    inst = made.K()
    assert addon.defineValue(inst, "ro", 7, 7) == OK  # an own, writable "ro"
    assert addon.setProp(inst, "ro", 8) == OK
    assert addon.getProp(inst, "ro") == [Status.napi_ok, 8, None]


def test_statics_are_not_reachable_through_instances(addon, made):
    K = made.K
    inst = K()
    for name in ("create", "VERSION", "sacc"):
        assert addon.getProp(inst, name) == OK  # Node: undefined
        assert addon.hasProp(inst, name) == [Status.napi_ok, False, None]
    assert addon.getProp(K, "sacc") == [Status.napi_ok, 13, None]
    assert K.create() == 12 and K.sacc == 13 and K.VERSION == 3
    with pytest.raises(AttributeError, match="static"):
        inst.create
    with pytest.raises(AttributeError, match="static"):
        inst.sacc
    with pytest.raises(AttributeError, match="static"):
        inst.VERSION
    assert inst.hello() == 11
    # Assigning a static's name through an instance makes an own property (JS).
    inst.sacc = 5
    assert inst.sacc == 5 and K.sacc == 13
    assert addon.getProp(inst, "sacc") == [Status.napi_ok, 5, None]

    class Sub(K):
        pass
    assert Sub.VERSION == 3 and Sub.create() == 12  # statics are inherited by subclasses


def test_properties_set_on_a_class_are_statics(addon, made):
    K = made.K
    inst = K()
    assert addon.setProp(K, "LATER", 7) == OK
    assert K.LATER == 7 and addon.getProp(K, "LATER") == [Status.napi_ok, 7, None]
    assert addon.getProp(inst, "LATER") == OK  # Node: undefined
    with pytest.raises(AttributeError):
        inst.LATER
    assert addon.setProp(K, "NUL", napi.null) == OK
    assert addon.getProp(K, "NUL")[1] is napi.null  # stays null for the addon
    assert addon.deleteProp(K, "LATER") == [Status.napi_ok, True, None]
    assert addon.hasProp(K, "LATER") == [Status.napi_ok, False, None]
    # Assigning to a static accessor without a setter is refused, not a replacement.
    assert addon.setProp(K, "sacc", 5) == OK
    assert K.sacc == 13


def test_accessor_defined_on_a_class_afterwards_is_static(addon, made):
    K = made.K
    assert addon.defineGetter(K, "g") == OK
    assert K.g == 99
    assert addon.getProp(K, "g") == [Status.napi_ok, 99, None]
    assert addon.getProp(K(), "g") == OK
    with pytest.raises(AttributeError):
        K().g


# ---- coercions: JS ToPrimitive (issue 12.5) ---------------------------------------------

def _boom():
    raise napi.JSTypeError("boom")


def _boom_range():
    raise napi.JSRangeError("boom2")


@pytest.mark.parametrize("value, expected", [
    (lambda: obj(toString=lambda: "test"), "test"),
    (lambda: obj(valueOf=lambda: 7, toString=None), "7"),
    (lambda: obj(valueOf=lambda: 7, toString=lambda: "ts"), "ts"),
    (lambda: obj(toString=lambda: 5), "5"),
    (lambda: Object(), "[object Object]"),
    (lambda: {}, "[object Object]"),
    (lambda: {"toString": lambda: "d"}, "d"),
    (lambda: [1, [2, 3], napi.null, None, obj(toString=lambda: "o")], "1,2,3,,,o"),
    (lambda: [1.5, True, 2**60], "1.5,true,1152921504606846976"),
])
def test_coerce_to_string(addon, value, expected):
    assert addon.coerceToString(value()) == [Status.napi_ok, expected, None]


@pytest.mark.parametrize("value, expected", [
    (lambda: obj(valueOf=lambda: 7), 7),
    (lambda: obj(valueOf=lambda: 7, toString=lambda: "9"), 7),
    (lambda: obj(toString=lambda: "9"), 9),
    (lambda: ["12"], 12),
])
def test_coerce_to_number(addon, value, expected):
    assert addon.coerceToNumber(value()) == [Status.napi_ok, expected, None]


def test_symbol_to_primitive(addon):
    to_primitive = addon.symbolToPrimitive()
    assert to_primitive is Symbol.toPrimitive
    o = Object()
    o[Symbol.toPrimitive] = lambda hint: "tp-" + hint
    assert addon.coerceToString(o) == [Status.napi_ok, "tp-string", None]
    o[Symbol.toPrimitive] = lambda hint: 42 if hint == "number" else 0
    assert addon.coerceToNumber(o) == [Status.napi_ok, 42, None]
    o[Symbol.toPrimitive] = lambda hint: Object()
    status, result, exc = addon.coerceToString(o)
    assert status == Status.napi_string_expected and isinstance(exc, napi.JSTypeError)
    assert exc.message == "Cannot convert object to primitive value"


def test_conversion_method_called_with_this(addon):
    o = Object()
    o["name"] = "me"
    o["toString"] = napi.with_this(lambda this: "I am " + this["name"])
    assert addon.coerceToString(o) == [Status.napi_ok, "I am me", None]


def test_errors_thrown_by_conversion_methods_stay_pending(addon):
    status, result, exc = addon.coerceToString(obj(toString=_boom))
    assert status == Status.napi_string_expected and result is None
    assert isinstance(exc, napi.JSTypeError) and exc.message == "boom"
    status, result, exc = addon.coerceToNumber(obj(valueOf=_boom_range))
    assert status == Status.napi_number_expected
    assert isinstance(exc, napi.JSRangeError) and exc.message == "boom2"
    status, result, exc = addon.coerceToString(obj(toString=Object, valueOf=Object))
    assert status == Status.napi_string_expected
    assert exc.message == "Cannot convert object to primitive value"
    status, result, exc = addon.coerceToString(obj(toString=lambda: Symbol("z")))
    assert status == Status.napi_string_expected
    assert exc.message == "Cannot convert a Symbol value to a string"


def test_python_objects_convert_by_str_and_float(addon):
    from decimal import Decimal
    from fractions import Fraction

    class Answer:
        def __str__(self):
            return "42"

    class JSLike:
        def toString(self):
            return "js-like"

        def valueOf(self):
            return 3

    assert addon.coerceToString(Answer()) == [Status.napi_ok, "42", None]
    assert addon.coerceToNumber(Answer()) == [Status.napi_ok, 42, None]
    assert addon.coerceToNumber(Decimal("1.5")) == [Status.napi_ok, 1.5, None]
    assert addon.coerceToNumber(Fraction(1, 4)) == [Status.napi_ok, 0.25, None]
    assert addon.coerceToString(JSLike()) == [Status.napi_ok, "js-like", None]
    assert addon.coerceToNumber(JSLike()) == [Status.napi_ok, 3, None]
    assert addon.coerceToBool(Answer()) == [Status.napi_ok, True, None]


# ---- deep and cyclic values (issue 18.2) -------------------------------------------

def _nested_lists(depth):
    v = []
    for _ in range(depth):
        v = [v]
    return v


def test_array_join_of_a_cycle_is_empty(addon):
    cyc = [1]
    cyc.append(cyc)
    assert addon.coerceToString(cyc) == [Status.napi_ok, "1,", None]
    cyc2 = [1, 2]
    cyc2.append([cyc2, 3])
    assert addon.coerceToString(cyc2) == [Status.napi_ok, "1,2,,3", None]
    status, n, exc = addon.coerceToNumber(cyc)
    assert status == Status.napi_ok and n != n  # NaN
    assert addon.callMethod(cyc, "join", ";") == [Status.napi_ok, "1;", None]
    assert addon.callMethod(cyc, "toString") == [Status.napi_ok, "1,", None]
    assert addon.callMethod([1, [2, [3]], napi.null, None, 1.5], "join", "-") == \
        [Status.napi_ok, "1-2,3---1.5", None]


@pytest.mark.parametrize("depth", [10**5, 10**6])
def test_too_deep_arrays_raise_instead_of_overflowing(addon, depth):
    deep = _nested_lists(depth)
    status, result, exc = addon.coerceToString(deep)
    assert status == Status.napi_string_expected  # Node: RangeError pending
    assert isinstance(exc, RecursionError)
    status, result, exc = addon.coerceToNumber(deep)
    assert status == Status.napi_number_expected and isinstance(exc, RecursionError)
    status, result, exc = addon.jsonStringify(deep)
    assert status == Status.napi_pending_exception and isinstance(exc, RecursionError)
    with pytest.raises(RecursionError):
        repr(deep)
    # Deeply nested objects, and an object at the end of a deep chain of toString calls.
    head = Object()
    for _ in range(depth):
        head = obj(c=head)
    status, result, exc = addon.coerceToString(head)
    assert (status, result) == (Status.napi_ok, "[object Object]")
    text = repr(head)  # repr cuts deep nesting (values.rst, "How values print")
    assert text.startswith("{'c': {'c': ") and len(text) < 2000
    with pytest.raises(RecursionError):
        json.dumps(head, default=napi.json_default)


def test_moderately_deep_arrays_convert(addon):
    assert addon.coerceToString(_nested_lists(200) + [1]) == [Status.napi_ok, ",1", None]


def test_json_stringify_of_a_cycle_is_a_type_error(addon):
    co = obj(a=1)
    co["self"] = co
    status, result, exc = addon.jsonStringify(co)
    assert status == Status.napi_pending_exception
    assert isinstance(exc, napi.JSTypeError)
    assert exc.message.startswith("Converting circular structure to JSON")
    cl = [1]
    cl.append(cl)
    assert isinstance(addon.jsonStringify(cl)[2], napi.JSTypeError)
    # Node: undefined, functions and symbols are left out of objects, null in arrays.
    assert addon.jsonStringify(obj(a=None, f=len, s=Symbol("s"), n=napi.null,
                                   l=[None, len, Symbol("t"), 1])) == \
        [Status.napi_ok, '{"n":null,"l":[null,null,null,1]}', None]
    dag = obj(x=1)  # the same object twice is not a cycle
    assert addon.jsonStringify(obj(a=dag, b=[dag, dag])) == \
        [Status.napi_ok, '{"a":{"x":1},"b":[{"x":1},{"x":1}]}', None]


def test_repr_of_self_containing_objects(made):
    o = Object()
    o["me"] = o
    assert repr(o) == "{'me': {...}}"
    o[Symbol("s")] = 1  # an object with slots is printed through a temporary dict
    o2 = made.K()
    o2["me"] = o2
    assert repr(o) == "{'me': {...}}"
    assert "{...}" in repr(o2)
    lst = [o]
    lst.append(lst)
    assert repr(lst) == "[{'me': {...}}, [...]]"


def test_inspect_tree_of_deep_and_cyclic_exports():
    from napi_python._inspect import export_tree
    exports = Object()
    exports["deep"] = _nested_lists(10**5)
    exports["self"] = exports
    tree = export_tree(exports)
    kinds = {child["name"]: child for child in tree["children"]}
    assert "too deep" in kinds["deep"]["value"]
    assert kinds["self"]["kind"] == "object (seen above)"


def test_an_accessors_getter_and_setter_are_its_fget_and_fset(made):
    # As JS's Object.getOwnPropertyDescriptor(K.prototype, "racc") gives {get, set}:
    # a getter-only accessor's setter is None (undefined), its getter a Function that
    # reads the property of the `this` it is called on.
    racc = vars(made.K)["racc"]
    assert isinstance(racc.fget, napi.Function) and racc.fset is None
    assert racc.fget.call(made.K()) == 16


def test_object_get_own_property_descriptor_of_a_prototype_accessor(made):
    # Node 20: Object.getOwnPropertyDescriptor(K.prototype, "racc") describes the
    # accessor without running its getter ({get: [Function], set: undefined,
    # enumerable: false, configurable: false} for napi_default); here the getter ran
    # with the prototype as `this` and failed (Illegal invocation).
    g = load_test_addon("globals")
    proto = g.callPath("Reflect.getPrototypeOf", [made.K()])
    for path in ("Object.getOwnPropertyDescriptor", "Reflect.getOwnPropertyDescriptor"):
        d = g.callPath(path, [proto, "racc"])
        assert sorted(d) == ["configurable", "enumerable", "get", "set"]
        assert d["get"].call(made.K()) == 16 and d["set"] is None
        assert d["enumerable"] is False and d["configurable"] is False
        assert g.callPath(path, [proto, "nothing"]) is None
        assert g.callPath(path, [proto, "rw"])["value"] == 2


def test_an_error_with_defined_attributes_still_lists_copies_and_pickles(addon):
    # napi_define_properties on an exception records the attributes in its instance
    # dict; under a key that was no str, dir(e) raised TypeError (sorting it with the
    # names) and copy.copy(e) "attribute name must be string"
    import copy
    import pickle
    e = napi.JSError("boom")
    assert addon.defineValue(e, "code", "E1", 0) == OK  # napi_default: not enumerable
    assert addon.defineValue(e, "message", "boom", 7) == OK  # enumerable, as canvas does
    keys = napi.global_this["Object"].keys  # JS Object.keys
    assert keys(e) == ["message"]
    assert "code" in dir(e)
    for twin in (copy.copy(e), pickle.loads(pickle.dumps(e))):
        assert (twin.code, str(twin)) == ("E1", "boom")
        assert keys(twin) == ["message"]  # the attributes travel with it


def test_a_copied_error_keeps_its_own_attributes(addon):
    # copy.copy shares the instance dict's values: the table of attributes was one
    # dict for both, so a property redefined on the copy changed the original's too
    import copy
    e = napi.JSError("boom")
    assert addon.defineValue(e, "code", "E1", 7) == OK  # writable, enumerable, configurable
    twin = copy.copy(e)
    assert addon.defineValue(twin, "code", "E2", 0) == OK  # napi_default: hidden
    keys = napi.global_this["Object"].keys
    assert keys(e) == ["code"] and e.code == "E1"
    assert keys(twin) == [] and twin.code == "E2"
    assert addon.defineValue(e, "extra", 1, 7) == OK
    assert keys(e) == ["code", "extra"] and keys(twin) == []
