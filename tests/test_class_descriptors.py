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
