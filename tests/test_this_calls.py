"""`this` on calls from Python, and the receiver check of class members.

- `obj.fn(x)` calls a JS function with `this` = obj, as JS does, whether `fn` is an
  own property of a plain object, a function stored on a class instance, or a
  property of a function; `obj["fn"]` is the stored function itself (no `this`), and
  so is a function in a plain Python dict. Passed back to an addon, `obj.fn` is the
  original function (docs/values.rst, "Functions and `this`").
- A method, getter or setter of a class made by napi_define_class called with a
  `this` that is not an instance of the class raises TypeError ("Illegal invocation")
  before the addon's callback runs, as V8's signature check does in Node
  (docs/errors.rst). The members of the test addon unwrap `this` with no check and
  dereference what they get: without the check these tests crash.
"""

import pytest

from conftest import load_test_addon

import napi_python as napi

FUNCTION = 7


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("this_calls")


# ---- this on method calls ------------------------------------------------------------

def test_iterator_next_gets_this(addon):
    it = addon.makeIterator(3)
    assert [it.next() for _ in range(4)] == [
        {"done": False, "value": 0}, {"done": False, "value": 1},
        {"done": False, "value": 2}, {"done": True}]


def test_item_access_is_the_stored_function(addon):
    it = addon.makeIterator(2)
    # it["next"] is the function itself: called alone, `this` is the global object
    # (as in Node: a Node-API function is sloppy-mode), which has no `_i`: the
    # addon's napi_get_value_int64 fails, with Node 20's message.
    with pytest.raises(napi.JSError,
                       match=r"napi_get_value_int64\(env, iv, &i\) failed: A number was expected"):
        it["next"]()
    assert it["next"].call(it) == {"done": False, "value": 0}
    assert it.get("next").call(it) == {"done": False, "value": 1}


def test_attribute_binds_item_does_not(addon):
    o = napi.Object(a=1)
    addon.attach(o, "f")
    assert o.f() is o
    # called alone: `this` is undefined, which a Node-API function gets as the global
    # object (Node 20: f() === globalThis)
    assert o["f"]() is napi.global_this
    assert o.get("f")() is napi.global_this
    assert dict(o)["f"]() is napi.global_this
    other = napi.Object(b=2)
    assert o.f.call(other) is other  # an explicit `this` still wins
    # a primitive one is boxed, as in Node 20 (f.call(42) is [Number: 42])
    assert o.f.call(42).valueOf() == 42


def test_bound_function_identity(addon):
    o = napi.Object()
    addon.attach(o, "f")
    assert isinstance(o.f, napi.BoundFunction)
    assert isinstance(o["f"], napi.Function)
    assert o["f"] is o["f"]
    assert o.f is not o.f  # a new binding per read, like a Python bound method...
    assert o.f == o.f and hash(o.f) == hash(o.f)  # ...equal to the others
    assert o.f != addon.attach(napi.Object(), "f").f  # another object
    assert o.f.__func__ is o["f"] and o.f.__self__ is o
    assert o.f.name == "returnThis" and o.f.__name__ == "returnThis"
    assert addon.typeOf(o.f) == FUNCTION


def test_bound_function_passed_to_addon_is_the_original(addon):
    o = napi.Object()
    addon.attach(o, "f")
    assert addon.isReturnThis(o.f)
    assert addon.isReturnThis(o["f"])
    assert addon.isReturnThis(addon.returnThis)
    # The addon got the function, not a binding: it calls it with its own receiver.
    other = napi.Object()
    assert addon.callWith(o.f, other) is other
    assert addon.callWith(o.f, None) is napi.global_this  # Node 20: globalThis


def test_function_stored_on_instances_by_the_constructor(addon):
    t = addon.Tally(1)
    assert t.whoami() is t
    assert t["whoami"]() is napi.global_this  # Node 20: globalThis
    assert t.whoami == t.whoami and t.whoami.__self__ is t
    # Class methods and accessors of that class are unaffected.
    assert t.add(2) == 3
    assert t.count == 3
    t.count = 10
    assert t.add() == 11
    assert addon.isReturnThis(t.whoami)


def test_function_attached_to_an_instance_later(addon):
    lab = addon.Label("abc")
    before = lab.text()
    addon.attach(lab, "me")
    assert lab.me() is lab
    assert lab.text() == before == "abc"
    assert lab.size == 3


def test_function_from_python_on_an_instance(addon):
    lab = addon.Label("xy")
    lab.mine = addon.returnThis
    assert lab.mine() is lab
    o = napi.Object()
    o.mine = addon.returnThis
    assert o.mine() is o


def test_python_subclass_instance(addon):
    class Sub(addon.Tally):
        def twice(self):
            return self.add(2)

    s = Sub(5)
    assert s.whoami() is s
    assert s.twice() == 7
    addon.attach(s, "again")
    assert s.again() is s


def test_define_properties_method(addon):
    o = addon.defineOn(napi.Object(), "m")
    assert o.m() is o
    lab = addon.defineOn(addon.Label("q"), "m")
    assert lab.m() is lab


def test_function_property_of_a_function(addon):
    fn = addon.funcWithProps()
    assert fn.inner() is fn
    assert fn() is napi.global_this  # Node 20: globalThis


def test_plain_dict_holds_the_function(addon):
    d = {}
    addon.attach(d, "f")
    assert isinstance(d["f"], napi.Function)
    assert d["f"]() is napi.global_this  # a dict's item is the function itself
    assert d["f"].call(d) is d


def test_exports_functions_are_not_bound(addon):
    # Module functions: `this` is undefined, as after `const {fn} = require(...)`,
    # which the function gets as the global object (Node 20: fn() === globalThis),
    # and `addon.fn` is the function itself.
    assert addon.returnThis() is napi.global_this
    assert addon.returnThis is addon.returnThis
    assert isinstance(addon.returnThis, napi.Function)


def test_method_passed_to_addon_is_the_function(addon):
    t = addon.Tally(4)
    # Tally.add and t.add are the prototype's function for the addon, which calls it
    # with the receiver it chooses.
    assert addon.callWith(addon.Tally.add, t) == 5
    assert addon.callWith(t.add, t) == 6


# ---- receiver checks ---------------------------------------------------------------

def bad_receivers(addon):
    return [None, napi.null, 5, "text", napi.Object(), {}, addon.Label("L"), addon.Tally,
            addon.Tally.add]


def test_method_with_wrong_this(addon):
    calls = addon.memberCalls()
    for bad in bad_receivers(addon):
        with pytest.raises(TypeError, match="Illegal invocation"):
            addon.Tally.add(bad, 1)
        with pytest.raises(TypeError, match="Illegal invocation"):
            addon.Tally.add.call(bad, 1)
        with pytest.raises(TypeError, match="Illegal invocation"):
            addon.Tally.add.apply(bad, [1])
        if bad is not None:  # __get__(None) is Python's "no instance"
            with pytest.raises(TypeError, match="Illegal invocation"):
                addon.Tally.add.__get__(bad)(1)
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.Tally.add.call()
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.Tally.add.__func__(1)  # the function alone: `this` is undefined
    assert addon.memberCalls() == calls  # no callback ran


def test_error_is_a_js_type_error(addon):
    with pytest.raises(napi.JSTypeError) as info:
        addon.Label.text(addon.Tally(0))
    assert str(info.value) == ("Illegal invocation: Label.prototype.text needs a Label "
                               "instance as `this`, not napi_python.addon.Tally")


def test_method_of_another_class(addon):
    calls = addon.memberCalls()
    t, lab = addon.Tally(1), addon.Label("abc")
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.Label.text.call(t)
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.Tally.add.call(lab, 1)
    with pytest.raises(TypeError, match="Illegal invocation"):
        t.add.call(lab, 1)  # a bound method's .call takes the new `this`
    assert addon.memberCalls() == calls
    assert lab.text() == "abc" and t.add(1) == 2


def test_accessor_with_wrong_this(addon):
    calls = addon.memberCalls()
    count = addon.Tally.__dict__["count"]
    size = addon.Label.__dict__["size"]
    for bad in bad_receivers(addon):
        if bad is None:
            continue  # __get__(None) is the descriptor itself, as in Python
        with pytest.raises(TypeError, match="Illegal invocation"):
            count.__get__(bad)
        with pytest.raises(TypeError, match="Illegal invocation"):
            count.__set__(bad, 3)
    with pytest.raises(TypeError, match="Illegal invocation"):
        size.__get__(addon.Tally(0))
    assert addon.memberCalls() == calls


def test_wrong_this_from_the_addon(addon):
    # napi_call_function with a method of the class and another receiver: the
    # TypeError is the addon's pending exception, which reaches Python.
    calls = addon.memberCalls()
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.callWith(addon.Tally.add, addon.Label("x"))
    with pytest.raises(TypeError, match="Illegal invocation"):
        addon.callWith(addon.Label.text, napi.Object())
    assert addon.memberCalls() == calls


def test_subclass_instances_pass(addon):
    class Sub(addon.Tally):
        pass

    s = Sub(5)
    assert addon.Tally.add(s, 2) == 7
    assert addon.Tally.add.call(s, 1) == 8
    assert addon.Tally.__dict__["count"].__get__(s) == 8
    assert addon.callWith(addon.Tally.add, s) == 9


def test_static_and_plain_functions_have_no_receiver_check(addon):
    made = addon.Tally.make(4)
    assert isinstance(made, addon.Tally) and made.count == 4
    lab = addon.Label("x")
    assert addon.returnThis.call(lab) is lab
    assert addon.callWith(addon.returnThis, lab) is lab
