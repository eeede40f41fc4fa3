"""What addons and Python reach on JS builtin prototypes (tests/addons/builtin_methods):
Object.prototype's methods read from Python on plain objects and class instances an
addon made. Each case makes, in Python, the reads and calls
tests/addons/builtin_methods/node_driver.js makes in JS; Node 20's outcomes are
tests/node_reference/builtin_methods.json."""

import pytest

from conftest import load_test_addon
from node_compare import NodeReference, outcome_of

import napi_python as napi

NODE = NodeReference("builtin_methods")
JSObject = napi.global_this["Object"]


@pytest.fixture(scope="module")
def a():
    return load_test_addon("builtin_methods")


def check(name, f):
    NODE.check(name, outcome_of(f))


# ---- Object.prototype's methods from Python ------------------------------------------

def test_plain_has_own(a):
    o = a.makePlain()
    check("plain_has_own", lambda: [o.hasOwnProperty("x"), o.hasOwnProperty("z"),
                                    o.hasOwnProperty("hasOwnProperty")])


def test_plain_property_is_enumerable(a):
    o = a.makePlain()
    check("plain_property_is_enumerable",
          lambda: [o.propertyIsEnumerable("x"), o.propertyIsEnumerable("toString")])


def test_plain_to_string(a):
    o = a.makePlain()
    check("plain_to_string", lambda: [o.toString(), o.toLocaleString(), o.valueOf() is o])


def test_plain_is_prototype_of(a):
    o = a.makePlain()
    check("plain_is_prototype_of",
          lambda: [o.isPrototypeOf(a.makePlain()), o.isPrototypeOf(JSObject.create(o))])


def test_plain_keys_unchanged(a):
    o = a.makePlain()
    o.hasOwnProperty("x")
    check("plain_keys_unchanged",
          lambda: [a.keys(o), JSObject.keys(o), JSObject.getOwnPropertyNames(o)])
    assert list(o) == ["x", "y"] and "toString" not in o


def test_plain_own_wins(a):
    o = a.makePlain()
    o.toString = lambda: "mine"
    check("plain_own_wins", lambda: [o.toString(), o.hasOwnProperty("toString"), a.keys(o)])


def test_instance_has_own(a):
    p = a.Point(2, 3)
    check("instance_has_own", lambda: [p.hasOwnProperty("tag"), p.hasOwnProperty("sum"),
                                       p.hasOwnProperty("x"), p.sum()])


def test_instance_methods(a):
    p = a.Point(2, 3)
    check("instance_methods", lambda: [p.toString(), p.toLocaleString(), p.valueOf() is p,
                                       p.propertyIsEnumerable("tag"),
                                       p.propertyIsEnumerable("sum")])


def test_instance_is_prototype_of(a):
    p = a.Point(2, 3)
    check("instance_is_prototype_of",
          lambda: [a.Point.prototype.isPrototypeOf(p), p.isPrototypeOf(p)])


def test_instance_keys_unchanged(a):
    p = a.Point(2, 3)
    p.toString()
    check("instance_keys_unchanged",
          lambda: [a.keys(p), JSObject.keys(p), JSObject.getOwnPropertyNames(p)])
    assert dict(p) == {"tag": "pt"}


def test_class_method_wins(a):
    n = a.Named()
    check("class_method_wins",
          lambda: [n.toString(), n.hasOwnProperty("toString"), n.valueOf() is n])


def test_null_prototype(a):
    o = JSObject.create(napi.null)
    check("null_prototype",
          lambda: [getattr(o, "hasOwnProperty", None), getattr(o, "toString", None)])
    with pytest.raises(AttributeError):
        o.hasOwnProperty


def test_classes_unchanged(a):
    # The members live in the type dict of Object, which no JS chain reaches: an
    # addon's view of a class and of its prototype stays what it was.
    assert a.getNamed(a.Point, "name") == "Point"
    assert list(a.keys(a.Point)) == [] and list(a.keys(a.Point.prototype)) == []
