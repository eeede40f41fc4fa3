"""The `name` of the functions an addon makes (tests/addons/function_names), as Node 20
gives it: napi_create_function's name ("" for NULL), a class's constructor and
string-keyed prototype methods named, and "" for everything else
(napi_define_properties' methods and accessors, a class's statics, accessors and
symbol-keyed methods). Each case makes, in Python, the reads
tests/addons/function_names/node_driver.js makes in JS (an addon's
napi_get_named_property, and `fn.name`, the JS property); Node 20's outcomes are
tests/node_reference/function_names.json. Python's own names (__name__,
__qualname__, the repr) keep the property's name."""

import pytest

from conftest import load_test_addon
from node_compare import NodeReference, outcome_of

import napi_python as napi

NODE = NodeReference("function_names")
Reflect = napi.global_this["Reflect"]


@pytest.fixture(scope="module")
def a():
    return load_test_addon("function_names")


def check(name, f):
    NODE.check(name, outcome_of(f))


def proto(a):
    return a.getNamed(a.Klass, "prototype")


# ---- Node's `name` --------------------------------------------------------------------

def test_define_properties_method(a):
    check("define_properties_method",
          lambda: [a.nameOf(a.defined), a.lengthOf(a.defined), a.defined.name,
                   Reflect.get(a.defined, "length"), a.defined()])


def test_define_properties_accessor(a):
    def f():
        d = a.descriptorOf(a, "definedAccessor")
        return [a.nameOf(d["get"]), a.nameOf(d["set"]), a.lengthOf(d["get"])]
    check("define_properties_accessor", f)


def test_create_function_named(a):
    f = a.makeNamed()
    check("create_function_named",
          lambda: [a.nameOf(f), a.lengthOf(f), f.name, Reflect.get(f, "length")])


def test_create_function_name_length(a):
    check("create_function_name_length", lambda: a.nameOf(a.makeNamedLength()))


def test_create_function_null_name(a):
    f = a.makeAnon()
    check("create_function_null_name", lambda: [a.nameOf(f), a.lengthOf(f), f.name, f()])


def test_create_function_set_on(a):
    def run():
        o = napi.Object()
        f = a.setAnonOn(o, "k")
        return [a.nameOf(f), a.nameOf(o["k"]), o["k"].name, o["k"] is f]
    check("create_function_set_on", run)


def test_class_constructor(a):
    check("class_constructor",
          lambda: [a.nameOf(a.Klass), a.lengthOf(a.Klass), Reflect.get(a.Klass, "name")])


def test_class_method(a):
    def f():
        m = a.getNamed(proto(a), "method")
        return [a.nameOf(m), a.lengthOf(m), m.name]
    check("class_method", f)


def test_class_accessor(a):
    def f():
        d = a.descriptorOf(proto(a), "acc")
        return [a.nameOf(d["get"]), a.nameOf(d["set"])]
    check("class_accessor", f)


def test_class_static_method(a):
    check("class_static_method",
          lambda: [a.nameOf(a.Klass.staticMethod), a.lengthOf(a.Klass.staticMethod),
                   a.Klass.staticMethod.name])


def test_class_symbol_method(a):
    check("class_symbol_method", lambda: a.nameOf(a.getProp(proto(a), a.sym)))


def test_to_string(a):
    check("to_string",
          lambda: [a.toStr(a.defined), a.toStr(a.makeNamed()), a.toStr(a.makeAnon()),
                   a.toStr(a.Klass.staticMethod), a.toStr(a.getNamed(proto(a), "method")),
                   a.toStr(a.Klass)])


def test_own_name(a):
    check("own_name", lambda: [a.descriptorOf(a.defined, "name"),
                               a.descriptorOf(a.makeAnon(), "name"),
                               a.descriptorOf(a.makeNamed(), "name")])


def test_every_node_case_is_compared():
    assert set(NODE) <= {n[len("test_"):] for n in globals() if n.startswith("test_")}


# ---- Python's names ---------------------------------------------------------------------

def test_python_names_keep_the_property_name(a):
    f = a.defined
    assert (f.__name__, f.__qualname__, repr(f)) == ("defined", "defined",
                                                     "<napi_python.Function defined>")
    s = a.Klass.staticMethod
    assert (s.__name__, s.__qualname__) == ("staticMethod", "staticMethod")
    assert "staticMethod" in repr(s)
    d = a.descriptorOf(a, "definedAccessor")
    assert d["get"].__name__ == "definedAccessor"
    assert a.getProp(proto(a), a.sym).__name__ == "[sym]"
    m = a.Klass.method
    assert (m.__name__, m.name) == ("method", "method")


def test_python_name_of_a_null_named_function_stored_as_a_property(a):
    o = napi.Object()
    f = a.setAnonOn(o, "k")
    assert (f.__name__, f.name) == ("k", "")
    assert "k" in repr(f)
    g = a.makeAnon()
    assert (g.__name__, g.name) == ("", "")


# ---- a Python callable given to the addon ---------------------------------------------

class _Holder:
    def method(self, x, y, z):
        return 0


class _Constructed:
    def __init__(self, x, y):
        pass


class _Plain:
    pass


def test_callable_length(a):
    # node:sqlite's db.function and aggregate (and @photostructure/sqlite) take
    # fn.length as the SQL function's number of arguments: with 0 for every Python
    # function, `SELECT add(2, 3)` failed "wrong number of arguments"
    def defaults(x, y=1, *z):
        return 0

    fns = [lambda x, y: 0, defaults, lambda *z: 0, lambda: 0, _Holder().method,
           napi.with_this(lambda this, x, y: 0), _Constructed, _Plain]
    check("callable_length",
          lambda: [[a.lengthOf(f), Reflect.get(f, "length")] for f in fns])
