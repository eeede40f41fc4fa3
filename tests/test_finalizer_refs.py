"""The reference napi_wrap and napi_add_finalizer return carries the finalizer: as
in Node, deleting it before the finalizer ran cancels the finalizer. Node's
test_object nested_wrap test (an ObjectWrap whose destructor deletes both its wrap
reference and a second finalizer's reference) crashed here: both finalizers ran, the
second on the freed record. Compared with Node 20 (tests/node_reference/
finalizer_refs.json, from tests/addons/finalizer_refs/node_driver.js)."""

import gc

import pytest

from conftest import build_test_addon
from node_compare import NodeReference
import napi_python as napi

EXPERIMENTAL = 2147483647
NODE = NodeReference("finalizer_refs")


@pytest.fixture(scope="module", params=["deferred", "basic"])
def addon(request):
    if request.param == "deferred":
        return napi.load_addon(build_test_addon("finalizer_refs"))
    a = napi.load_addon(build_test_addon(
        "finalizer_refs", defines=(f"DECLARED_VERSION={EXPERIMENTAL}",),
        name="finalizer_refs_basic"))
    return a


def delta(addon, make):
    """What changed in counts() once make()'s objects are gone and their
    finalizers had their turn (as node_driver.js measures it)."""
    before = list(addon.counts())
    make()
    for _ in range(3):
        gc.collect()
        addon.noop()
    return ["ok", [{"number": n - b} for n, b in zip(addon.counts(), before)]]


def test_first_finalizer_deleting_the_other_reference_cancels_it(addon):
    # The wrap's finalizer (or the added one: whichever runs first) deletes both
    # references and frees the record they share: the other must not run.
    NODE.check("pair", delta(addon, lambda: addon.pair()))
    NODE.check("pair_twice", delta(addon, lambda: (addon.pair(), addon.pair())))


def test_deleting_the_reference_of_an_added_finalizer_cancels_it(addon):
    NODE.check("drop_added", delta(addon, lambda: addon.dropAdded()))


def test_deleting_the_reference_of_a_wrap_cancels_its_finalizer(addon):
    # Node's documentation: deleted before the finalizer, the finalizer "may never
    # be invoked" (Node 20 crashes here); here it is not, and the wrap stays.
    assert delta(addon, lambda: addon.dropWrap()) == ["ok", [
        {"number": 0}, {"number": 0}, {"number": 1}]]


def test_a_queued_finalizer_is_cancelled_by_deleting_its_reference():
    # Deferred finalizers: both of pair()'s are queued when the object dies inside
    # a call; the first to run deletes the other's reference while it waits.
    a = napi.load_addon(build_test_addon("finalizer_refs"))
    before = list(a.counts())
    holder = [a.pair() for _ in range(3)]
    del holder
    gc.collect()
    a.noop()
    after = list(a.counts())
    assert [after[0] - before[0], after[1] - before[1]] == [3, 3]
