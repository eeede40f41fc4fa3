"""What addons and Python reach on JS builtin prototypes (tests/addons/builtin_methods):
Object.prototype's methods read from Python on plain objects and class instances an
addon made; a builtin's method read by an addon (napi_get_named_property) and called
with another `this` (napi_call_function, napi_make_callback); napi_run_script with
arrow functions. Each case makes, in Python, the reads and calls
tests/addons/builtin_methods/node_driver.js makes in JS; Node 20's outcomes are
tests/node_reference/builtin_methods.json."""

import pytest

from conftest import load_test_addon
from node_compare import NodeReference, outcome_of

import napi_python as napi
from napi_python import Buffer, Float64Array, Int16Array, JSError, JSSyntaxError, Uint8Array

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


def test_str_is_the_class_to_string(a):
    # str(x) and f-strings give JS's String(x) for an instance whose class has a
    # toString of its own.
    n = a.Named()
    check("string_of_instance", lambda: [str(n), f"{n}", "%s" % n])


def test_str_reads_the_conversion_methods_once():
    # String(o) reads Symbol.toPrimitive and toString once each, as JS does: an
    # accessor's getter runs once per str().
    reads = []

    def getter(result):
        def get(this=None):
            reads.append(result)
            return lambda *args: result
        return get
    o = napi.Object()
    JSObject.defineProperty(o, "toString", napi.Object(get=getter("by toString")))
    assert (str(o), reads) == ("by toString", ["by toString"])
    reads.clear()
    p = napi.Object()
    JSObject.defineProperty(p, napi.global_this["Symbol"].toPrimitive,
                            napi.Object(get=getter("by toPrimitive")))
    assert (str(p), reads) == ("by toPrimitive", ["by toPrimitive"])


def test_str_without_a_to_string_of_its_own_is_the_repr(a):
    # Object.prototype's "[object Object]" would hide what the repr shows; a toString
    # that is not a function is no conversion either (str() does not raise).
    o = a.makePlain()
    p = a.Point(1, 2)
    odd = napi.Object(toString="not a function")
    assert [str(o), str(p), str(odd)] == [repr(o), repr(p), repr(odd)]

    class Labelled(a.Named):  # a Python subclass's __str__ still wins
        def __str__(self):
            return "labelled"
    assert [str(Labelled()), repr(a.Named())] == ["labelled", "<Named {}>"]


def test_function_prototype_members(a):
    # An addon reading toString, hasOwnProperty... on a function or a class finds
    # Function.prototype's, then Object.prototype's (they were undefined).
    Object = napi.global_this["Object"]

    def members():
        ts = a.getNamed(a.Point, "toString")
        hop = a.getNamed(a.makePlain, "hasOwnProperty")
        return [a.callWith(ts, a.Point), "function" if callable(a.getNamed(a.makePlain, "toString")) else "?",
                ts is a.getNamed(a.makePlain, "toString"), a.callWith(hop, a.Point, "prototype"),
                a.callWith(hop, a.makePlain, "nope"),
                a.getNamed(a.Point, "valueOf") is Object.prototype["valueOf"],
                "function" if callable(a.getNamed(a.Point, "isPrototypeOf")) else "?"]
    check("function_prototype_members", members)
    check("function_to_string_not_a_function",
          lambda: a.callWith(a.getNamed(a.Point, "toString"), napi.Object()))


def test_function_object_members_without_function(a):
    # Function.prototype unreadable (the global Function deleted): a function's chain
    # still ends in Object.prototype, as in JS.
    g = napi.global_this
    saved = JSObject.getOwnPropertyDescriptor(g, "Function")  # (not enumerable)
    del g["Function"]
    try:
        check("function_object_members_without_function",
              lambda: ["function" if callable(a.getNamed(a.makePlain, "hasOwnProperty")) else "?",
                       a.callWith(a.getNamed(a.makePlain, "hasOwnProperty"), a.Point, "prototype"),
                       a.callWith(a.getNamed(a.Point, "hasOwnProperty"), a.Point, "prototype"),
                       "undefined" if a.getNamed(a.makePlain, "nope") is None else "?"])
    finally:
        JSObject.defineProperty(g, "Function", saved)
    assert "Function" not in list(g.keys())


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


# ---- builtin methods called with another `this` --------------------------------------

def error_name(f):
    try:
        f()
        return "no error"
    except JSError as e:
        return e.name


def test_typed_subarray_other_this(a):
    ta, tb = Uint8Array([1, 2, 3, 4]), Uint8Array([9, 8, 7, 6, 5])
    check("typed_subarray_other_this", lambda: [a.callMethodOf(ta, "subarray", tb, 1), ta])


def test_typed_slice_other_this(a):
    ta, f = Uint8Array([1, 2, 3, 4]), Float64Array([1.5, 2.5, 3.5])
    check("typed_slice_other_this", lambda: a.callMethodOf(ta, "slice", f, 1))


def test_typed_subarray_buffer_this(a):
    check("typed_subarray_buffer_this",
          lambda: a.callMethodOf(Uint8Array([1, 2, 3]), "subarray", Buffer(b"world!"), 2))


def test_typed_subarray_shares_memory(a):
    def f():
        tb = Uint8Array([9, 8, 7, 6, 5])
        v = a.callMethodOf(Uint8Array(2), "subarray", tb, 1, 3)
        v[0] = 42
        return [v, tb]
    check("typed_subarray_shares_memory", f)


def test_typed_subarray_bad_this(a):
    check("typed_subarray_bad_this", lambda: [
        error_name(lambda: a.callMethodOf(Uint8Array(2), "subarray", {}, 1)),
        error_name(lambda: a.callMethodOf(Uint8Array(2), "subarray", None, 1))])


def test_typed_fill_other_this(a):
    tb = Uint8Array([9, 8, 7])
    check("typed_fill_other_this", lambda: [a.callMethodOf(Uint8Array(2), "fill", tb, 4), tb])


def test_buffer_slice_other_this(a):
    check("buffer_slice_other_this",
          lambda: a.callMethodOf(Buffer(b"hello"), "slice", Buffer(b"world!"), 1))


def test_buffer_subarray_typed_this(a):
    check("buffer_subarray_typed_this",
          lambda: a.callMethodOf(Buffer(b"hello"), "subarray", Uint8Array([9, 8, 7, 6, 5]), 2))


def test_buffer_to_string_other_this(a):
    check("buffer_to_string_other_this",
          lambda: a.callMethodOf(Buffer(b"hello"), "toString", Buffer(b"world!"), "hex"))


def test_make_callback_this(a):
    fn = a.getNamed(Uint8Array(2), "subarray")
    check("make_callback_this", lambda: a.makeCallbackWith(fn, Uint8Array([9, 8, 7, 6, 5]), 3))


def test_call_with_this(a):
    fn = a.getNamed(Uint8Array(2), "slice")
    check("call_with_this", lambda: a.callWith(fn, Int16Array([-1, -2, -3]), -2))


def test_same_function(a):
    ta = Uint8Array(2)
    check("same_function", lambda: [
        a.getNamed(ta, "subarray") is a.getNamed(Uint8Array(3), "subarray"),
        a.getNamed(ta, "slice") is a.getNamed(Float64Array(1), "slice")])


def test_object_to_string_other_this(a):
    check("object_to_string_other_this",
          lambda: a.callMethodOf(a.makePlain(), "toString", [1, 2]))


def test_array_push_other_this(a):
    x = [7]
    check("array_push_other_this", lambda: [a.callMethodOf([1, 2], "push", x, 5), x])


def test_python_side_methods_unchanged():
    # From Python the typed array's own methods stay Python's, bound to it.
    ta = Uint8Array([1, 2, 3, 4])
    assert list(ta.subarray(1)) == [2, 3, 4] and list(ta.slice(-2)) == [3, 4]
    assert ta.subarray.__self__ is ta
    b = Buffer(b"hello")
    assert bytes(b.slice(1)) == b"ello" and bytes(b.subarray(1, 3)) == b"el"


# ---- napi_run_script: arrow functions ------------------------------------------------

def error_message(f):
    try:
        f()
        return "no error"
    except JSError as e:
        return e.message


def test_arrow_expression(a):
    f = a.runScript("x => x + 1")
    check("arrow_expression", lambda: [
        "function" if isinstance(f, napi.Function) else type(f).__name__, f(2),
        a.callWith(f, None, 41)])


def test_arrow_params(a):
    f = a.runScript("(a, b) => a * b")
    check("arrow_params", lambda: [f(6, 7), f(2), f(2, 3, 4)])


def test_arrow_no_params(a):
    check("arrow_no_params", lambda: a.runScript("() => 'hi'")())


def test_arrow_block(a):
    f = a.runScript("(a, b) => { const s = a + b; let t = s * 2; var u; return t - 1; }")
    check("arrow_block", lambda: f(1, 2))


def test_arrow_block_no_return(a):
    check("arrow_block_no_return", lambda: [
        a.runScript("() => { 1 + 1; }")(), a.runScript("() => {}")(),
        a.runScript("(x) => { return; }")(3)])


def test_arrow_closure(a):
    f = a.runScript("a => b => c => a + b + c")
    check("arrow_closure", lambda: [f(1)(2)(3), f("x")("y")("z")])


def test_arrow_lexical_this(a):
    f = a.runScript("() => this")
    check("arrow_lexical_this", lambda: [
        a.callWith(f, {}) is napi.global_this, a.makeCallbackWith(f, [1]) is napi.global_this,
        a.runScript("(x) => this === globalThis")(1)])


def test_arrow_as_argument(a):
    check("arrow_as_argument", lambda: [
        a.runScript("[1, 2, 3].map(x => x * 2)"),
        a.runScript("[1, 2, 3, 4].filter((x) => x % 2 === 0)"),
        a.runScript("[3, 1, 2].sort((a, b) => b - a)"),
        a.runScript("[1, 2].reduce((acc, x) => { return acc + x; }, 10)")])


def test_arrow_missing_args(a):
    check("arrow_missing_args",
          lambda: a.callWith(a.runScript("(x, y) => [x, y, typeof y]"), napi.null, 1))


def test_arrow_globals(a):
    check("arrow_globals", lambda: [
        a.runScript("(s) => JSON.stringify(s)")([1, "a"]),
        a.runScript("(Math) => Math + 1")(1), a.runScript("(x) => Math.max(x, 3)")(7)])


def test_arrow_errors(a):
    check("arrow_errors", lambda: [
        error_message(lambda: a.runScript("() => noSuch")()),
        error_message(lambda: a.runScript("(o) => o.p.q")({}))])


@pytest.mark.parametrize("script", [
    "(a = 1) => a", "(...rest) => rest", "({x}) => x", "(a, a) => a", "(this) => 1",
    "() => { if (x) return 1; }", "(a) => { const b; return b; }", "x => { return 1 2 }"])
def test_arrow_outside_the_language(a, script):
    # what the evaluator does not take is a JSSyntaxError naming the script
    with pytest.raises(JSSyntaxError, match="napi_run_script cannot evaluate"):
        a.runScript(script)


def test_arrow_does_not_change_plain_expressions(a):
    assert a.runScript("(1 + 2) * 3") == 9
    with pytest.raises(JSSyntaxError):
        a.runScript("(a, b)")
