"""More of what addons reach through the global object and property calls:
napi_has_own_property on a Python object agreeing with the keys it lists,
structuredClone. The expectations are Node 20's answers for the same addon calls
(tests/addons/globals, measured with node; noted at each test)."""

import datetime

import pytest

import napi_python
from napi_python import BigInt, Float64Array, JSError, Symbol, Uint8Array
from conftest import load_test_addon


@pytest.fixture(scope="module")
def g():
    return load_test_addon("globals")


class Point:
    kind = "point"  # a class attribute: inherited, as a prototype's data property

    def __init__(self):
        self.x = 1

    def norm(self):
        return 0

    @property
    def g(self):
        return 1


class Slotted:
    __slots__ = ("a",)

    def __init__(self):
        self.a = 1


def test_has_own_property_is_the_instance_dict(g):
    """Node, for `class K { constructor() { this.x = 1 } norm() {} get g() {} }`:
    ownReport(new K(), ["x", "norm", "g", "constructor"]) is
    [[true, false, false, false], ["x"]]: an own property is one
    napi_get_property_names lists, a method or getter of the class is inherited."""
    assert g.ownReport(Point(), ["x", "norm", "g", "constructor", "kind"]) == [
        [True, False, False, False, False], ["x"]]
    has, names = g.ownReport(Slotted(), ["a"])
    assert has == [name in names for name in ["a"]]  # (no instance dict: none own)
    obj = Point()
    obj.y = 2
    assert g.ownReport(obj, ["x", "y", "norm"]) == [[True, True, False], ["x", "y"]]
