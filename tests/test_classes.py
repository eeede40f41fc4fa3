"""Classes and native data on objects: napi_define_class (constructor, methods,
accessors, static members) as Python types, Python subclasses, napi_wrap /
napi_unwrap / napi_remove_wrap and wrap finalizers, type tags, externals and
napi_add_finalizer.

Expected values follow Node's behaviour (doc/api/n-api.md)."""

import contextlib
import gc
import json
import sys
from pathlib import Path

import pytest

from conftest import load_test_addon
from napi_status import Status

import napi_python as napi

EXTERNAL, OBJECT, FUNCTION = 8, 6, 7


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("classes")


def drain(addon):
    """Collects garbage and calls into the addon so deferred finalizers run."""
    for _ in range(3):
        gc.collect()
        addon.noop()


def counts(addon):
    drain(addon)
    return dict(addon.counts())


# ---- napi_define_class ------------------------------------------------------------

def test_class_is_a_python_type(addon):
    Counter = addon.Counter
    assert isinstance(Counter, type)
    assert issubclass(Counter, napi.ClassBase)
    assert issubclass(Counter, napi.Object)
    assert Counter.__name__ == "Counter"
    assert addon.typeOf(Counter) == FUNCTION


def test_constructor_and_methods(addon):
    c = addon.Counter(10)
    assert isinstance(c, addon.Counter)
    assert c.value == 10
    assert c.increment() == 11
    assert c.increment() == 12
    assert c.value == 12


def test_constructor_default_argument(addon):
    c = addon.Counter()
    assert c.value == 0
    assert c.increment() == 1


def test_instances_are_independent(addon):
    a, b = addon.Counter(1), addon.Counter(100)
    a.increment()
    assert (a.value, b.value) == (2, 100)


def test_accessor_setter(addon):
    c = addon.Counter(0)
    c.value = 5
    assert c.value == 5
    assert c.increment() == 6


def test_instance_attributes_from_constructor(addon):
    c = addon.Counter(1, "mine")
    assert c.name == "mine"
    assert c["name"] == "mine"
    assert "name" in c.keys()
    assert addon.Counter(1).name == "counter"


def test_instance_is_truthy(addon):
    c = addon.Counter(0)
    assert bool(c) is True


def test_new_target_is_the_class(addon):
    c = addon.Counter(0)
    assert c.targetIsCounter is True
    assert c.newTarget is addon.Counter


def test_methods_are_bound(addon):
    c = addon.Counter(0)
    m = c.increment
    m()
    m()
    assert c.value == 2


def test_static_members(addon):
    Counter = addon.Counter
    assert Counter.VERSION == 3
    made = Counter.create(4)
    assert isinstance(made, Counter)
    assert made.value == 4
    assert made.targetIsCounter is True


def test_native_constructor_via_new_instance(addon):
    c = addon.Counter.create(7)
    assert c.increment() == 8


def test_python_attribute_on_instance(addon):
    c = addon.Counter(0)
    c.extra = "x"
    assert c.extra == "x"


def test_method_on_wrong_receiver_throws(addon):
    c = addon.Counter(0)
    with pytest.raises(napi.JSError):
        addon.Counter.increment.call(addon.makeObject())


def test_define_class_bad_arguments(addon):
    assert addon.defineClassStatuses() == [Status.napi_invalid_arg] * 3


# ---- Python subclasses ----------------------------------------------------------------

@pytest.fixture(scope="module")
def Sub(addon):
    class Sub(addon.Counter):
        def __init__(self, n):
            super().__init__(n, "sub")
            self.extra = "set in __init__"

        def double(self):
            return self.value * 2

        def increment(self):
            return super().increment() + 100

    return Sub


def test_subclass_instance(addon, Sub):
    s = Sub(5)
    assert isinstance(s, Sub)
    assert isinstance(s, addon.Counter)
    assert s.name == "sub"
    assert s.extra == "set in __init__"
    assert s.value == 5
    assert s.double() == 10


def test_subclass_override(addon, Sub):
    s = Sub(5)
    assert s.increment() == 106
    assert s.value == 6


def test_subclass_override_seen_by_addon(addon, Sub):
    s = Sub(0)
    # the native incrementTwice calls this.increment(): the Python override
    assert s.incrementTwice() == 102
    assert s.value == 2
    c = addon.Counter(0)
    assert c.incrementTwice() == 2


def test_subclass_new_target(addon, Sub):
    s = Sub(1)
    assert s.newTarget is Sub
    assert s.targetIsCounter is False


def test_new_instance_of_subclass_from_addon(addon, Sub):
    s = Sub(3)
    assert type(s).create(1).value == 1  # static inherited


# ---- napi_wrap / napi_unwrap / napi_remove_wrap -----------------------------------------

def test_wrap_twice_is_invalid_arg(addon):
    c = addon.Counter(0)
    assert addon.wrapAgainStatus(c) == Status.napi_invalid_arg
    assert c.increment() == 1  # the original wrap is intact
    o = addon.makeObject()
    assert addon.wrapPlain(o, 1) == Status.napi_ok
    assert addon.wrapAgainStatus(o) == Status.napi_invalid_arg
    assert addon.unwrapPlain(o) == 1


def test_unwrap_unwrapped_is_invalid_arg(addon):
    assert addon.unwrapStatus(addon.makeObject()) == Status.napi_invalid_arg
    assert addon.unwrapStatus({}) == Status.napi_invalid_arg
    assert addon.removeWrapStatus(addon.makeObject()) == Status.napi_invalid_arg


def test_wrap_non_object(addon):
    # Node's napi_wrap answers napi_invalid_arg for a non-object (not *_expected)
    assert addon.wrapPlain(5, 1) == Status.napi_invalid_arg
    assert addon.wrapPlain("s", 1) == Status.napi_invalid_arg


def test_wrap_plain_object(addon):
    o = addon.makeObject()
    assert addon.wrapPlain(o, 77) == Status.napi_ok
    assert addon.unwrapPlain(o) == 77
    assert dict(o) == {}  # the native pointer is not a property


def test_remove_wrap_returns_pointer_and_cancels_finalizer(addon):
    o = addon.makeObject()
    addon.wrapPlain(o, 99)
    before = counts(addon)["plain"]
    assert addon.removeWrap(o) == 99
    assert addon.unwrapStatus(o) == Status.napi_invalid_arg
    # it can be wrapped again after the removal
    assert addon.wrapPlain(o, 5) == Status.napi_ok
    assert addon.removeWrap(o) == 5
    del o
    assert counts(addon)["plain"] == before


def test_wrap_finalizer_runs_after_object_dies(addon):
    o = addon.makeObject()
    addon.wrapPlain(o, 1)
    before = counts(addon)["plain"]
    del o
    assert counts(addon)["plain"] == before + 1


def test_counter_finalizer_runs_after_instance_deleted(addon):
    c = addon.Counter(1)
    c.increment()
    before = counts(addon)["counter"]
    del c
    assert counts(addon)["counter"] == before + 1


def test_counter_finalizers_many(addon):
    before = counts(addon)["counter"]
    for i in range(50):
        addon.Counter(i).increment()
    assert counts(addon)["counter"] == before + 50


def test_subclass_instance_finalized(addon, Sub):
    s = Sub(1)
    before = counts(addon)["counter"]
    del s
    assert counts(addon)["counter"] == before + 1


def test_counter_in_cycle_finalized(addon):
    c = addon.Counter(1)
    holder = [c]
    c.me = holder  # a cycle through a Python list
    before = counts(addon)["counter"]
    del c, holder
    assert counts(addon)["counter"] == before + 1


# ---- type tags -------------------------------------------------------------------------

def test_type_tag(addon):
    o = addon.makeObject()
    assert addon.checkTag(o, 0) is False
    assert addon.typeTag(o, 0) == Status.napi_ok
    assert addon.checkTag(o, 0) is True
    assert addon.checkTag(o, 1) is False


def test_type_tag_twice_is_invalid_arg(addon):
    o = addon.makeObject()
    assert addon.typeTag(o, 0) == Status.napi_ok
    assert addon.typeTag(o, 1) == Status.napi_invalid_arg
    assert addon.typeTag(o, 0) == Status.napi_invalid_arg
    assert addon.checkTag(o, 0) is True
    assert addon.checkTag(o, 1) is False


def test_type_tag_class_instance(addon):
    c = addon.Counter(0)
    assert addon.typeTag(c, 1) == Status.napi_ok
    assert addon.checkTag(c, 1) is True
    assert addon.checkTag(addon.Counter(0), 1) is False
    assert c.increment() == 1


def test_type_tag_non_object(addon):
    # Node 20: ToObject(undefined) throws (napi_pending_exception, measured); a
    # number is tagged through a throwaway wrapper object (napi_ok)
    assert addon.typeTag(None, 0) == Status.napi_pending_exception
    assert addon.typeTag(5, 0) == Status.napi_ok


# ---- externals ------------------------------------------------------------------------------

def test_external(addon):
    ext = addon.createExternal(42)
    assert isinstance(ext, napi.External)
    assert addon.typeOf(ext) == EXTERNAL
    assert addon.getExternal(ext) == 42
    assert addon.identity(ext) is ext


def test_get_value_external_needs_external(addon):
    assert addon.getExternalStatus(addon.createExternal(1)) == Status.napi_ok
    assert addon.getExternalStatus({}) == Status.napi_invalid_arg
    assert addon.getExternalStatus(5) == Status.napi_invalid_arg
    assert addon.getExternalStatus(addon.makeObject()) == Status.napi_invalid_arg


def test_external_finalizer(addon):
    ext = addon.createExternal(5)
    before = counts(addon)["external"]
    del ext
    assert counts(addon)["external"] == before + 1


def test_external_kept_in_object_survives(addon):
    holder = addon.makeObject()
    holder["ext"] = addon.createExternal(123)
    before = counts(addon)["external"]
    assert addon.getExternal(holder["ext"]) == 123
    assert counts(addon)["external"] == before
    del holder
    assert counts(addon)["external"] == before + 1


# ---- napi_add_finalizer ------------------------------------------------------------------

def test_add_finalizer(addon):
    o = addon.makeObject()
    assert addon.addFinalizer(o, 1) == Status.napi_ok
    assert addon.addFinalizer(o, 10) == Status.napi_ok  # several per object
    before = counts(addon)["added"]
    del o
    assert counts(addon)["added"] == before + 11


def test_add_finalizer_on_wrapped_instance(addon):
    c = addon.Counter(0)
    assert addon.addFinalizer(c, 100) == Status.napi_ok
    before = counts(addon)
    del c
    after = counts(addon)
    assert after["added"] == before["added"] + 100
    assert after["counter"] == before["counter"] + 1


@pytest.mark.parametrize("make", [dict, list, lambda: {"a": 1}, lambda: [1, 2]],
                         ids=["dict", "list", "dict-with-items", "list-with-items"])
def test_plain_dict_and_list_carry_native_state(addon, make):
    """A dict or list the caller passes (an object literal or array in JS, which Node's
    own tests and napi-rs's AbortSignal wrap) can be wrapped, tagged and given
    finalizers, though Python cannot reference it weakly: the state is kept beside it
    and released once nothing but napi-python holds it, at the next garbage
    collection, as V8 frees an unreachable object's."""
    o = make()
    assert addon.wrapPlain(o, 42) == Status.napi_ok
    assert addon.unwrapPlain(o) == 42
    assert addon.wrapAgainStatus(o) == Status.napi_invalid_arg
    assert addon.typeTag(o, 0) == Status.napi_ok
    assert addon.checkTag(o, 0) is True and addon.checkTag(o, 1) is False
    assert addon.addFinalizer(o, 7) == Status.napi_ok
    before = counts(addon)
    o2 = o  # the caller's object itself, not a copy
    assert addon.unwrapPlain(o2) == 42
    del o, o2
    after = counts(addon)
    assert after["plain"] == before["plain"] + 1
    assert after["added"] == before["added"] + 7


def test_remove_wrap_of_a_dict(addon):
    before = counts(addon)["plain"]
    o = {}
    assert addon.wrapPlain(o, 3) == Status.napi_ok
    assert addon.removeWrap(o) == 3
    assert addon.unwrapStatus(o) == Status.napi_invalid_arg
    del o
    assert counts(addon)["plain"] == before  # removed: its finalizer does not run


def test_dicts_finalized_without_a_collection(addon):
    """One dict given a finalizer per call: those nobody holds are released as the
    pinned ones accumulate, without waiting for a garbage collection."""
    import gc
    gc.disable()
    try:
        before = addon.counts()["added"]
        for i in range(5000):
            assert addon.addFinalizer({"i": i}, 1) == Status.napi_ok
        addon.noop()  # the finalizers of those released run after a call
        assert addon.counts()["added"] - before >= 5000 - 64
    finally:
        gc.enable()


def test_a_dict_held_elsewhere_keeps_its_state(addon):
    keep = {"k": 1}
    assert addon.wrapPlain(keep, 9) == Status.napi_ok
    for _ in range(200):  # (sweeps by growth in between)
        addon.addFinalizer({}, 0)
    drain(addon)
    assert addon.unwrapPlain(keep) == 9
    assert keep == {"k": 1}


def test_add_finalizer_non_object(addon):
    assert addon.addFinalizer(5, 1) == Status.napi_invalid_arg


# ---- calling a class: its type's vectorcall, and the fallbacks ---------------------------
# `Cls(args)` makes the instance and runs the native constructor with the arguments as
# given (no tuple); with __new__ or __init__ replaced from Python the call goes through
# them, as for any Python type.

def test_class_call_with_keywords_is_a_type_error(addon):
    with pytest.raises(TypeError, match="keyword"):
        addon.Counter(start=1)


def test_class_call_with_init_replaced_on_the_class(addon):
    # A class of its own (the module's Counter stays untouched for the other tests).
    class Plain(addon.Counter):
        pass

    seen = []

    def init(self, *args, **kwargs):
        seen.append((args, kwargs))
        addon.Counter.__init__(self, args[0] * 2)

    Plain.__init__ = init
    p = Plain(4, flag=True)
    assert seen == [((4,), {"flag": True})]
    assert p.value == 8
    assert p.increment() == 9
    del Plain.__init__
    q = Plain(3)
    assert q.value == 3 and len(seen) == 1


def test_class_call_with_new_replaced(addon):
    class Made(addon.Counter):
        def __new__(cls, *args):
            self = super().__new__(cls)
            self.made_by_new = len(args)
            return self

    m = Made(7)
    assert m.made_by_new == 1
    assert m.value == 7


# ---- native state inside a class instance ---------------------------------------------
# A class instance keeps its NativeState (wrap, tag, added finalizers) in room of its
# own; a Python subclass with __slots__ lays its slots after that room.

def test_slots_subclass_keeps_wrap_and_slots_apart(addon):
    class Slotted(addon.Counter):
        __slots__ = ("a", "b")

    objs = [Slotted(i) for i in range(200)]
    for i, s in enumerate(objs):
        s.a, s.b = i, -i
        assert addon.typeTag(s, 2) == Status.napi_ok
        assert addon.addFinalizer(s, 1) == Status.napi_ok
    for i, s in enumerate(objs):
        assert s.increment() == i + 1
        assert (s.a, s.b) == (i, -i)
        assert addon.checkTag(s, 2) is True
    before = counts(addon)
    del objs, s
    after = counts(addon)
    assert after["counter"] == before["counter"] + 200
    assert after["added"] == before["added"] + 200



# -- a class instance that is a JS iterable ------------------------------------
# `for x in inst` runs JS's iteration protocol when the instance's Symbol.iterator
# (its class's here) is a function, as `for (const x of inst)` does in Node:
# [...new Range(3)] is [0, 1, 2], and a throwing next() ends the loop with its error
# (Node 20 on this addon built for Node-API 9: [[0,1,2],[]], "RangeError next() failed").

def test_for_in_follows_symbol_iterator(addon):
    assert list(addon.Range(3)) == [0, 1, 2]
    assert list(addon.Range(0)) == []
    r = addon.Range(2)
    assert [x for x in r] == [0, 1]
    assert list(r) == []  # Symbol.iterator returns `this`: the same iterator, used up
    it = iter(addon.Range(1))
    assert next(it) == 0
    with pytest.raises(StopIteration):
        next(it)
    with pytest.raises(StopIteration):
        next(it)  # stays done


def test_iteration_error_propagates(addon):
    with pytest.raises(napi.JSRangeError, match="next\\(\\) failed"):
        list(addon.Range(5, 2))


def test_not_iterable_instances_iterate_their_keys(addon):
    # Symbol.iterator not a function, or none: the enumerable own keys, like a dict
    assert list(addon.NotIterable()) == []
    c = addon.Counter(1)
    assert list(c) == list(c.keys())
    r = addon.Range(2)
    assert sorted(r.keys()) == ["failAt", "i", "n", "returnMode"]  # keys() is unchanged
    assert dict(r) == {"n": 2, "failAt": -1, "returnMode": 0, "i": 0}


def test_symbol_iterator_giving_no_iterator_raises(addon):
    # Symbol.iterator returning something without next(): a clear TypeError (Node:
    # "Result of the Symbol.iterator method is not an object" / "is not a function")
    r = addon.Range(2)
    r[napi.Symbol.iterator] = lambda: 5
    it = iter(r)
    with pytest.raises(TypeError, match="no next\\(\\) function"):
        next(it)


# -- leaving the loop early: the iterator's return() ------------------------------
# JS's for...of calls the iterator's return() when the loop is left before the end
# (break, an exception in the body), never after the iteration ended (all values, or
# next() threw). Python's iterator does it when it is closed (close()) or released
# unfinished. NODE_ITERATION: what Node 20 does with the same loops over the same
# addon's Range (tests/node_reference/iteration.js).
NODE_ITERATION = json.loads(
    (Path(__file__).parent / "node_reference" / "iteration.json").read_text())


def js_error(e):
    return f"{e.name}: {e.message}"


@pytest.fixture
def unraisable(monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    return seen


def returned(r):
    """How many times r's return() was called (its `returned`, set at the first)."""
    return getattr(r, "returned", 0)


def outcome(r, values, error=None):
    return {"values": values, "returned": returned(r), "error": error}


def test_exhausted_loop_does_not_call_return(addon):
    r, v = addon.Range(3), []
    for x in r:
        v.append(x)
    assert outcome(r, v) == NODE_ITERATION["exhausted"]


def test_break_calls_return_once(addon, unraisable):
    r, v = addon.Range(5), []
    for x in r:
        v.append(x)
        if x == 1:
            break
    assert returned(r) == 1  # at the break, when the loop lets go of the iterator
    gc.collect()
    assert outcome(r, v) == NODE_ITERATION["break"]
    assert unraisable == []


def test_exception_in_body_calls_return(addon, unraisable):
    r, v = addon.Range(5), []
    with pytest.raises(napi.JSError) as info:
        for x in r:
            v.append(x)
            if x == 1:
                raise napi.JSError("body")
    assert outcome(r, v, js_error(info.value)) == NODE_ITERATION["throwInBody"]
    assert unraisable == []


def test_next_throwing_ends_without_return(addon, unraisable):
    r, v = addon.Range(5, 2), []
    it = iter(r)
    with pytest.raises(napi.JSRangeError) as info:
        for x in it:
            v.append(x)
    assert outcome(r, v, js_error(info.value)) == NODE_ITERATION["nextThrows"]
    with pytest.raises(StopIteration):
        next(it)  # over: next() is not called again
    it.close()
    del it
    gc.collect()
    assert returned(r) == 0 and r.i == 2 and unraisable == []


def test_close_calls_return_once_and_not_after_the_end(addon):
    r = addon.Range(5)
    it = iter(r)
    assert next(it) == 0
    it.close()
    assert returned(r) == 1
    it.close()  # closed: nothing more
    with pytest.raises(StopIteration):
        next(it)
    del it
    gc.collect()
    assert returned(r) == 1
    r = addon.Range(1)
    it = iter(r)
    assert list(it) == [0]
    it.close()  # exhausted: not called
    del it
    assert returned(r) == 0


def test_closing_raises_returns_error_as_for_of_break(addon):
    # with contextlib.closing, the loop raises return()'s error as Node's break does
    r, v = addon.Range(5, -1, 1), []
    with pytest.raises(napi.JSError) as info:
        with contextlib.closing(iter(r)) as it:
            for x in it:
                v.append(x)
                break
    assert outcome(r, v, js_error(info.value)) == NODE_ITERATION["breakReturnThrows"]
    r, v = addon.Range(5, -1, 2), []
    with pytest.raises(napi.JSTypeError) as info:
        with contextlib.closing(iter(r)) as it:
            for x in it:
                v.append(x)
                break
    node = NODE_ITERATION["breakReturnNotObject"]
    assert outcome(r, v) == dict(node, error=None)
    assert node["error"].startswith("TypeError: ") and info.value.name == "TypeError"


def test_returns_error_when_released_is_unraisable(addon, unraisable):
    # released by the loop, as a generator's close() from its finalizer: an error
    # from return() goes to sys.unraisablehook (with the iterator as its object)
    r, v = addon.Range(5, -1, 1), []
    for x in r:
        v.append(x)
        break
    node = NODE_ITERATION["breakReturnThrows"]
    assert outcome(r, v) == dict(node, error=None)
    assert [js_error(u.exc_value) for u in unraisable] == [node["error"]]
    assert type(unraisable[0].object).__name__ == "JSIterator"
    # an exception in the body goes on, as in Node; return()'s own error is reported
    r, v = addon.Range(5, -1, 1), []
    unraisable.clear()
    with pytest.raises(napi.JSError) as info:
        for x in r:
            v.append(x)
            raise napi.JSError("body")
    assert outcome(r, v, js_error(info.value)) == NODE_ITERATION["throwInBodyReturnThrows"]
    assert [js_error(u.exc_value) for u in unraisable] == ["Error: return() failed"]


def test_no_return_method(addon, unraisable):
    r, v = addon.Range(5), []
    r["return"] = None  # undefined: hides the prototype's, as in Node
    for x in r:
        v.append(x)
        break
    assert outcome(r, v) == NODE_ITERATION["breakNoReturn"]
    assert unraisable == []


def test_two_loops_over_one_instance(addon):
    r, v = addon.Range(4), []
    for x in r:
        v.append(x)
        break
    for x in r:
        v.append(x)
        if x == 2:
            break
    assert outcome(r, v) == NODE_ITERATION["twoLoops"]


def test_islice_and_cycles_call_return(addon, unraisable):
    import itertools
    r = addon.Range(10)
    assert list(itertools.islice(r, 3)) == [0, 1, 2]
    assert returned(r) == 1
    # an unfinished iterator in a reference cycle: return() when the GC collects it
    r = addon.Range(10)
    holder = []
    it = iter(r)
    next(it)
    holder.append((holder, it))
    del holder, it
    assert returned(r) == 0
    gc.collect()
    assert returned(r) == 1 and unraisable == []


def test_unfinished_iterators_at_exit():
    # alive at interpreter exit (a global, a cycle): dropped without a crash or a
    # report once teardown has begun; an unfinished loop before that still closes
    from conftest import run_python
    r = run_python(
        "import conftest\n"
        "a = conftest.load_test_addon('classes')\n"
        "r = a.Range(5, -1, 1)\n"
        "it = iter(r); next(it)\n"
        "cycle = []\n"
        "it2 = iter(a.Range(5, -1, 1)); next(it2); cycle.append((cycle, it2))\n"
        "r3 = a.Range(5)\n"
        "for x in r3: break\n"
        "print(r3.returned)\n", timeout=120)
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout == "1\n"


@pytest.mark.parametrize("make", ["instance", "object"])
def test_own_accessors_defined_on_an_instance_are_read_as_attributes(addon, make):
    """napi_define_properties on an instance itself (better-sqlite3 13 defines the
    getters `open` and `inTransaction` on `this` in its Database constructor): the
    attribute reads call the getter, as the item reads do, and a non-enumerable own
    value is found too. A class instance read them from its dict, which holds only a
    placeholder for an accessor (db.open was None where db["open"] was True), and
    did not find the non-enumerable value at all."""
    obj = addon.Counter(1) if make == "instance" else addon.makeObject()
    assert addon.defineOwn(obj) is obj
    assert obj["open"] is True and obj.open is True
    assert getattr(obj, "open") is True
    assert obj.hidden == 7 and "hidden" not in obj.keys()
    obj.level = 5          # the setter runs
    assert obj.level == 5 and obj["level"] == 5
    obj["level"] = 6
    assert obj.level == 6
    if make == "instance":
        assert obj.value == 1 and obj.name == "counter"   # the class's own members still work
        obj.increment()
        assert obj.value == 2


def test_static_assignment_from_python(addon):
    # `Counter.limit = v` from Python is the class's static setter with `this` = the
    # class, as in JS (ClassType's tp_setattro), not a class attribute replacing it.
    # The messages are Node 20's for the same statements in strict code.
    Counter = addon.Counter
    assert type(Counter) is type(napi.ClassBase) and issubclass(type(Counter), type)
    assert Counter.limit == 10
    Counter.limit = 25
    assert Counter.limit == 25
    # a getter-only static and a read-only static value refuse, as strict JS does
    with pytest.raises(napi.JSTypeError, match="which has only a getter"):
        Counter.kind = 3
    with pytest.raises(napi.JSTypeError, match="read only property 'VERSION'"):
        Counter.VERSION = 4
    assert Counter.VERSION == 3 and Counter.kind == 25
    # a writable static value stays a static: instances do not see it
    Counter.mode = 7
    assert Counter.mode == 7
    c = Counter(0)
    with pytest.raises(AttributeError):
        c.mode
    # a non-configurable static cannot be deleted
    with pytest.raises(napi.JSTypeError, match="Cannot delete property 'limit'"):
        del Counter.limit
    assert Counter.limit == 25
    # any other name is Python's own class attribute: a method patched on from Python
    Counter.doubled = lambda self: self.value * 2
    assert Counter(4).doubled() == 8
    del Counter.doubled
    Counter.limit = 10


def test_static_setter_through_python_subclass(addon):
    class Sub(addon.Counter):
        pass

    assert type(Sub) is type(napi.ClassBase)
    Sub.limit = 5  # the inherited static accessor, `this` = Sub (not Counter): -1
    assert addon.Counter.limit == -1
    addon.Counter.limit = 10
    addon.Counter.mode = 1
    Sub.mode = 9  # a new own static of Sub, as in JS; Counter's is untouched
    assert Sub.mode == 9 and addon.Counter.mode == 1


def test_an_accessor_with_a_setter_has_both_functions(addon):
    value = vars(addon.Counter)["value"]
    assert isinstance(value.fget, napi.Function) and isinstance(value.fset, napi.Function)
    c = addon.Counter(3)
    value.fset.call(c, 8)
    assert value.fget.call(c) == 8 and c.value == 8
