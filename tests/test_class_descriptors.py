"""Object.getOwnPropertyDescriptor of a class from napi_define_class and of its
prototype object, called by an addon through the global Object (napi-rs reads
prototypes with Reflect.getOwnPropertyDescriptor; node-addon-api's own objectwrap
test checks what Napi::ObjectWrap defined): each static, member and JS's own function
property has the attributes napi_define_class (or napi_define_properties) gave it, an
accessor is an accessor, and a symbol-keyed one is found. Before, the class's statics
and the prototype's data members came back writable and configurable (accessors as
data with an undefined value) and symbol-keyed ones as undefined, so that
Object.defineProperty also redefined what Node refuses. Found with node-addon-api's
objectwrap test (emnapi runs a part of node-addon-api's suite). Compared with Node 20:
tests/node_reference/class_descriptors.json, from
tests/addons/class_descriptors/node_driver.js."""

import pytest

from conftest import load_test_addon
from node_compare import NodeReference, outcome_of

NODE = NodeReference("class_descriptors")


@pytest.fixture(scope="module")
def a():
    return load_test_addon("class_descriptors")


def keys(a):
    member, static = a.symbols()
    return {
        "function": ["length", "name", "arguments", "caller", "prototype", "tag", "getter",
                     "missing"],
        "class": ["length", "name", "arguments", "caller", "prototype", "sides", "count", "unit", "make", static,
                  a.accessorSymbol, "missing"],
        "prototype": ["constructor", "kind", "area", "grow", "size", member, a.methodSymbol,
                      "missing"],
    }


def label(key):
    return key if isinstance(key, str) else key.description


@pytest.mark.parametrize("where", ["function", "class", "prototype"])
def test_descriptors_are_nodes(a, where):
    for key in keys(a)[where]:
        NODE.check(f"{where} {label(key)}", outcome_of(lambda: a.describe(where, key)))


def test_define_property_refuses_what_node_refuses(a):
    static = a.symbols()[1]
    for where, key, value in [("prototype", "grow", 1), ("prototype", "area", 1),
                              ("prototype", "kind", "polygon"), ("prototype", "kind", "other"),
                              ("class", "count", 2), ("class", "sides", 4), ("class", "sides", 5),
                              ("class", static, 5), ("class", static, 6),
                              ("function", "tag", 7), ("function", "tag", 8), ("function", "name", "x")]:
        NODE.check(f"redefine {where} {label(key)} {value}",
                   outcome_of(lambda: a.redefine(where, key, value)))


def test_python_sees_the_same_descriptors(a):
    import napi_python
    Object = napi_python.global_this["Object"]
    member = a.symbols()[0]
    d = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(a.Shape()), member)
    assert dict(d) == {"value": 7, "writable": False, "enumerable": True, "configurable": False}
    d = Object.getOwnPropertyDescriptor(a.Shape, "unit")
    assert sorted(dict(d)) == ["configurable", "enumerable", "get", "set"]
    assert d["enumerable"] is True and d["configurable"] is False


# Python's item and attribute access on a class and on its prototype object (the
# same node_driver.js: the "item", "in", "attribute" and "write" cases). Before,
# `Shape[symbol]` was dict's __class_getitem__ (a typing alias, `Shape[static]` gave
# `napi_python.addon.Shape[Symbol(static)]`) and a ClassPrototype had no attribute
# or item access at all (`Shape["prototype"]` did not exist either).
ITEMS = {
    "class": lambda a, s: ["length", "name", "sides", "unit", "make", s[1], a.accessorSymbol,
                           "area", "toString", "missing", s[0]],
    "prototype": lambda a, s: ["constructor", "kind", "area", "size", s[0], a.methodSymbol,
                               "toString", "sides", "missing"],
}
ATTRIBUTES = ["constructor", "kind", "area", "size", "toString", "hasOwnProperty", "sides",
              "missing"]


def py_outcome(f):
    """An outcome as node_driver.js writes it: a KeyError is its "missing" symbol, an
    AttributeError JS's undefined, any callable (the class, a builtin) a function."""
    from napi_python import JSError
    from node_compare import describe, thrown
    try:
        v = f()
    except KeyError:
        return ["ok", {"symbol": "missing"}]
    except AttributeError:
        return ["ok", "undefined"]
    except JSError as e:
        return thrown(e)
    return ["ok", "function" if callable(v) else describe(v)]


def node_or_known_difference(name, key, outcome, addon_outcome):
    # Node calls an instance accessor's getter with `this` = the prototype object (its
    # accessors have no receiver check); napi-python's refuses it ("Illegal
    # invocation", docs/values.rst). Python reads what the addon reads.
    if key == "size":
        assert NODE.outcomes[name] == ["ok", {"number": 3}]
        assert outcome == addon_outcome
        assert outcome[:2] == ["throw", "TypeError"] and "Illegal invocation" in outcome[2]
    else:
        NODE.check(name, outcome)


@pytest.mark.parametrize("where", ["class", "prototype"])
def test_item_access_reads_own_properties_as_node(a, where):
    target = a.Shape if where == "class" else a.Shape["prototype"]
    for key in ITEMS[where](a, a.symbols()):
        outcome = py_outcome(lambda: target[key])
        has = key in target
        NODE.check(f"in {where} {label(key)}", ["ok", has])
        assert has is a.hasOwn(where, key)
        # what napi_get_property gives the addon, for an own property
        addon = py_outcome(lambda: a.read(where, key)) if has else outcome
        if key != "make":  # (Python binds a static method to the class, as Shape.make)
            assert outcome == addon, key
        node_or_known_difference(f"item {where} {label(key)}", key, outcome, addon)


def test_prototype_attributes_read_as_node(a):
    proto = a.Shape["prototype"]
    for name in ATTRIBUTES:
        outcome = py_outcome(lambda: getattr(proto, name))
        addon = py_outcome(lambda: a.read("prototype", name))
        node_or_known_difference(f"attribute prototype {name}", name, outcome, addon)
    assert proto.constructor is a.Shape and proto.kind == "polygon"
    assert a.Shape["prototype"] is proto  # one object, the one napi_get_prototype gives
    import napi_python
    assert napi_python.global_this["Object"].getPrototypeOf(a.Shape()) is proto


def test_refused_symbol_writes_raise_nodes_error(a):
    from napi_python import JSError
    static = a.symbols()[1]
    for key, value in [(static, 6), (a.accessorSymbol, 2)]:
        with pytest.raises(JSError) as info:
            a.Shape[key] = value
        NODE.check(f"write class {label(key)} {value}", thrown_outcome(info.value))
    with pytest.raises(JSError) as info:
        del a.Shape[static]
    NODE.check(f"delete class {label(static)}", thrown_outcome(info.value))
    assert a.Shape[static] == 5 and a.Shape[a.accessorSymbol] == 1
    with pytest.raises(JSError, match="read only property 'sides'"):
        a.Shape["sides"] = 5  # a str key: Shape.sides = 5
    assert a.Shape["sides"] == 4


def thrown_outcome(e):
    from node_compare import thrown
    return thrown(e)


def test_symbol_item_assignment_defines_a_static(a):
    import napi_python
    s = napi_python.Symbol("fresh")
    a.Shape[s] = 9
    assert a.Shape[s] == 9 and s in a.Shape and a.read("class", s) == 9
    assert a.describe("class", s) == {"kind": "data", "writable": True, "enumerable": True,
                                      "configurable": True, "value": "number"}
    assert a.read("prototype", s) is None  # a static: not on the prototype
    del a.Shape[s]
    assert s not in a.Shape and a.hasOwn("class", s) is False
    with pytest.raises(KeyError):
        a.Shape[s]


def test_other_keys_keep_typing_generics(a):
    import types
    alias = a.Shape[int]
    assert isinstance(alias, types.GenericAlias) and alias.__origin__ is a.Shape
    assert a.Shape[int, str].__args__ == (int, str)
    assert 3 not in a.Shape and int not in a.Shape
    with pytest.raises(TypeError):
        a.Shape[int] = 1


def test_python_subclass_items(a):
    static = a.symbols()[1]

    class Sub(a.Shape):
        def extra(self):
            return 1

    assert Sub[static] == 5 and static in Sub  # statics inherited, as JS subclasses do
    assert Sub["sides"] == 4
    proto = Sub["prototype"]
    assert proto is not a.Shape["prototype"] and proto.constructor is Sub
    assert "extra" in proto and "kind" not in proto  # own: what its class body defines
    assert proto.kind == "polygon"  # read through the chain: Shape.prototype's
    with pytest.raises(KeyError):
        proto["kind"]


def test_prototype_attribute_is_the_prototype_object(a):
    # `Shape.prototype` was an AttributeError (only Shape["prototype"] reached it).
    import napi_python
    proto = a.Shape.prototype
    assert proto is a.Shape["prototype"] is a.read("class", "prototype")
    assert napi_python.global_this["Object"].getPrototypeOf(a.Shape()) is proto
    assert proto.constructor is a.Shape and proto.kind == "polygon"
    assert "prototype" in a.Shape and "prototype" not in dir(a.Shape())
    with pytest.raises(AttributeError):
        a.Shape().prototype  # as in JS: an instance has no `prototype`
    # the class's other attributes are as before: statics, a static method, members
    assert a.Shape.sides == 4 and a.Shape["sides"] == 4
    assert callable(a.Shape.make) and callable(a.Shape.area)
    # one prototype object per class, which the class keeps: replacing it is refused
    with pytest.raises(TypeError, match="cannot replace the prototype object"):
        a.Shape.prototype = napi_python.Object()
    with pytest.raises(TypeError, match="cannot replace the prototype object"):
        del a.Shape.prototype
    assert a.Shape.prototype is proto


def test_prototype_attribute_of_python_subclasses(a):
    class Sub(a.Shape):
        def extra(self):
            return 1

    class Own(a.Shape):
        prototype = "mine"  # a class attribute of Python's comes first

    assert Sub.prototype is Sub["prototype"] and Sub.prototype.constructor is Sub
    assert Sub.prototype is not a.Shape.prototype and "extra" in Sub.prototype
    assert Own.prototype == "mine"
    Own.prototype = "changed"  # (Python's own attribute: assignable)
    assert Own.prototype == "changed"


def proto_calls(a):
    member = a.symbols()[0]
    return [("hasOwnProperty", "kind"), ("hasOwnProperty", "constructor"),
            ("hasOwnProperty", "toString"), ("hasOwnProperty", "sides"),
            ("hasOwnProperty", member), ("propertyIsEnumerable", "kind"),
            ("propertyIsEnumerable", "constructor"), ("propertyIsEnumerable", "area"),
            ("toString", None), ("toLocaleString", None), ("isPrototypeOf", "instance")]


@pytest.mark.parametrize("where", ["prototype", "created"])
def test_builtin_methods_get_the_object_as_this(a, where):
    # Object.prototype's methods, read from Python on an object whose chain reaches
    # them, are called with that object as `this` (JS `obj.m()`); they got None
    # (undefined) before: hasOwnProperty answered False for every key,
    # propertyIsEnumerable raised "Cannot convert undefined or null to object",
    # toString gave "[object Undefined]".
    import napi_python
    target = a.Shape.prototype if where == "prototype" else \
        napi_python.global_this["Object"].create(napi_python.Object(kind="polygon"))
    for method, arg in proto_calls(a):
        name = method if arg is None else f"{method} {label(arg)}"
        args = () if arg is None else (a.Shape(),) if arg == "instance" else (arg,)
        NODE.check(f"call {where} {name}", outcome_of(lambda: getattr(target, method)(*args)))
    if where == "prototype":
        NODE.check("call prototype valueOf is itself",
                   ["ok", target.valueOf() is target])
    bound = target.hasOwnProperty
    assert isinstance(bound, napi_python.BoundFunction) and bound.__self__ is target
    # .call gives another `this`, as in JS
    assert bound.call(a.Shape.prototype, "kind") is True and bound.call({"q": 1}, "q") is True


def test_class_type_is_public(a):
    # the metaclass the stub types Cls.prototype and Cls[key] with
    import napi_python
    assert type(a.Shape) is napi_python.ClassType and type(napi_python.ClassBase) is napi_python.ClassType
    assert isinstance(a.Shape, napi_python.ClassType) and not isinstance(dict, napi_python.ClassType)
    assert napi_python.ClassType.__getitem__(a.Shape, "sides") == 4
