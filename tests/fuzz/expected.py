"""Crashes of ours that are known and not fixed yet: the expected-failure list of
the smoke test (tests/test_smoke.py, issue 12.9) and the fuzz test
(tests/test_fuzz.py, issue 18.8).

Each entry names the crash class, the issue item or branch that fixes it, and a
predicate on (addon binary path, crash record). A crash of ours that no entry
matches fails the test; so does an entry that matches nothing any more (the fix has
landed: delete the entry). Keep this list short and explained: it exists so that a
known crash class does not hide new ones while its fix is under way.
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Expected:
    label: str       # the crash class and the issue item / branch fixing it
    matches: Callable[[str, dict], bool]
    where: tuple = ("smoke", "fuzz")  # the tests in which it occurs today
    # the tests in which an entry that matches nothing fails the test (the fix has
    # landed); not where a run may miss the crash (random calls, timing, garbage)
    strict: tuple = ("smoke",)


def _calls(crash):
    """The calls a crash's reproducer makes: the shrunk sequence, else the call."""
    if crash.get("sequence"):
        return crash["sequence"]
    return [c for c in (crash.get("call") or crash.get("after"),) if c]


def _package(name):
    return lambda addon, crash: f"/{name}/" in f"/{addon}"


EXPECTED = [
    # Not ours, and not fixable here: these addons read uninitialised locals when a
    # napi_get_*_info call fails on a wrong type (their asserts are compiled out;
    # they rely on their JS wrapper to pass the right types). What the garbage is
    # depends on the host's stack: Node happens to survive, Python does not. Node's
    # napi_get_arraybuffer_info and napi_get_typedarray_info (js_native_api_v8.cc)
    # return napi_invalid_arg before writing any out-parameter, and so do ours
    # (buffers.cc): there is no behaviour of Node's to match (checked for 12.9).
    # Not strict: what the garbage is varies from run to run (simdle-native's calls
    # gave different outcomes on two runs of the same build), so a run in which the
    # garbage happens to be harmless must not call the entry stale.
    Expected("the addon's undefined behaviour on wrong types (rabin-native: "
             "rabin_native_push uses `chunker` after js_get_arraybuffer_info failed; "
             "not a napi-python bug, kept while it is the only one of its kind)",
             _package("rabin-native"), where=("smoke",), strict=()),
    Expected("the addon's undefined behaviour on wrong types (simdle-native: "
             "buf_data/buf_len used after js_get_typedarray_info failed; "
             "not a napi-python bug)",
             _package("simdle-native"), where=("smoke",), strict=()),
    # Loaded since issue 13 (libuv from uvloop): holepunch's jstl/bare addons, like
    # rabin-native and simdle-native above, use a typed-array span (their native
    # state, a buffer) after the js_get_* call that should fill it failed on a wrong
    # type. `node -e` requiring the same binary dies on sodium_add(),
    # udx_napi_interface_event_start() or setAttr(null) too; the fuzz driver's Node
    # process sometimes survives by chance (other garbage), so replays may be judged
    # "ours". Not strict: which calls are judged so varies from run to run.
    Expected("the addon's undefined behaviour on wrong types (sodium-native: spans "
             "used after js_get_typedarray_info failed; not a napi-python bug)",
             _package("sodium-native"), where=("smoke",), strict=()),
    Expected("the addon's undefined behaviour on wrong types (fs-native-extensions: "
             "a libuv fs request made from what a failed argument read left; not a "
             "napi-python bug)",
             _package("fs-native-extensions"), where=("smoke",), strict=()),
    Expected("the addon's undefined behaviour on wrong types (quickbit-native: "
             "quickbit_napi_index_init writes an index into the typed-array spans "
             "js_get_typedarray_info failed to fill: `node -e` requiring the binary "
             "dies on quickbit_napi_index_init(\"x\", 1) too; not a napi-python bug)",
             _package("quickbit-native"), where=("smoke",), strict=()),
    Expected("the addon's undefined behaviour on wrong types (udx-native: every "
             "binding function takes its native state as a typed-array span and uses "
             "it unchecked; not a napi-python bug)",
             _package("udx-native"), where=("smoke",), strict=()),
    Expected("the addon's undefined behaviour on wrong types (xxhash-addon: the static "
             "hash() of its classes hashes the memory of a Buffer it never checked it "
             "got: `node -e` requiring the binary dies on XXHash128.hash(\"x\", 1) too; "
             "the fuzz driver's Node process sometimes survives by chance, so a replay "
             "may be judged ours; not a napi-python bug)",
             lambda addon, crash: "/xxhash-addon/" in f"/{addon}" and any(
                 c.get("kind") == "static" and c.get("member") == "hash"
                 for c in _calls(crash)),
             where=("smoke",), strict=()),
    Expected("the addon's undefined behaviour on a callback that is not an object "
             "(leveldown: repair_db(\"x\", 1): BaseWorker's constructor returns when "
             "napi_create_reference refuses the number, as Node's does, leaving "
             "asyncWork_ uninitialised, and repair_db queues it anyway; what the "
             "garbage is depends on the host's heap: Node survives it by chance, and so "
             "does a replay here). Found by issue 12.9",
             lambda addon, crash: "/leveldown/" in f"/{addon}" and any(
                 c["target"] in (["repair_db"], ["destroy_db"]) for c in _calls(crash)),
             where=("smoke",), strict=()),
    Expected("lmdb's address-taking exports (getByBinary, getEnvFlags, compress...: "
             "the env, txn or compression pointer passed as a JS number) read through "
             "whatever napi_get_value_* leaves in an uninitialised local when the "
             "argument is not a number; which garbage it is depends on the host's stack "
             "(Node survives these calls by chance, or dies on them: compress() twice "
             "with no arguments kills Node too in most runs; the same call here alone "
             "returns a value). The addon's undefined behaviour, found by issue 18.8; "
             "getTestRef likewise returns its uninitialised result when no setTestRef "
             "came first (napi_get_reference_value of a NULL reference fails): Node "
             "finds NULL there and returns undefined, here the stack holds a stale "
             "pointer",
             lambda addon, crash: "lmdb" in addon and any(
                 c["target"] in (["getByBinary"], ["getEnvFlags"], ["compress"],
                                 ["getTestRef"])
                 for c in _calls(crash)),
             where=("fuzz",), strict=()),
    Expected("the addon's undefined behaviour on wrong types (keccak: KeccakWrapper's "
             "constructor leaves its sponge state uninitialised and initialize() ignores "
             "a failed KeccakWidth1600_SpongeInitialize, so squeeze/absorb after an "
             "initialize with non-numbers run on whatever the heap held: a crash or an "
             "endless loop here, a lucky result in Node; not a napi-python bug)",
             lambda addon, crash: "/keccak/" in f"/{addon}" and any(
                 c.get("member") in ("squeeze", "absorb", "absorbLastFewBits", "copy")
                 for c in _calls(crash)),
             where=("smoke",), strict=()),
    Expected("a GC-timing difference, not a crash of the core (tests/addons/exit_threads: "
             "start(fn)'s native thread writes into buffers that the returned object's "
             "wrap finalizer frees; a call that drops that object lets Python free it at "
             "once, which runs the finalizer while the thread still writes, where V8 "
             "would free it at some later garbage collection, usually after the Node "
             "driver exits; the addon requires the object kept while its thread runs, "
             "as test_exit_threads keeps it). Found by the fuzz seed 1407",
             lambda addon, crash: "exit_threads" in addon and any(
                 c["target"] == ["start"] for c in _calls(crash)),
             where=("fuzz",), strict=()),
]


def unexpected(addon, crashes):
    """The crashes of ours among ``crashes`` that no entry explains."""
    return [c for c in crashes if c.get("verdict") == "ours"
            and not any(e.matches(addon, c) for e in EXPECTED)]


def stale(test, results):
    """The labels of the entries for ``test`` ("smoke" or "fuzz") that explain no
    crash in ``results`` (a list of (addon, crashes)): fixed, to be removed."""
    return [e.label for e in EXPECTED if test in e.where and test in e.strict
            and not any(c.get("verdict") == "ours" and e.matches(addon, c)
                        for addon, crashes in results for c in crashes)]
