"""@node-rs/argon2 2.2.1 (napi-rs): node-reference/node-rs__argon2.js on the native
exports (index.js re-exports them). The async functions are napi-rs AsyncTasks
(napi_create_async_work + a promise), awaited under asyncio and uvloop."""

import pytest

import napi_python
from async_helpers import run  # noqa: F401  (fixture)
from corpus.support import corpus_addon

a = corpus_addon("@node-rs/argon2")

SALT = b"0123456789abcdef"
RAW_OPTIONS = {"salt": SALT, "memoryCost": 1024, "timeCost": 2, "parallelism": 1}
RAW_HEX = "fbb749b873e2a2f1da56305bbe809193f2cc30af6d2ef5fa09d69d9aa0a14d7b"


def test_hash_raw_sync():
    raw = a.hashRawSync("password", RAW_OPTIONS)
    assert isinstance(raw, napi_python.Buffer)
    assert bytes(raw).hex() == RAW_HEX


def test_hash_and_verify_sync():
    h = a.hashSync("password", {"memoryCost": 1024, "timeCost": 2})
    assert h.startswith("$argon2id$v=19$m=1024,t=2,p=")
    assert a.verifySync(h, "password") is True
    assert a.verifySync(h, "nope") is False


def test_parse_options():
    h = a.hashSync("password", {"memoryCost": 1024, "timeCost": 2, "salt": SALT})
    opts = a.parseOptions(h)
    assert opts["memoryCost"] == 1024 and opts["timeCost"] == 2 and opts["saltLen"] == 16


def test_enum_members_are_non_enumerable_numbers():
    # As under Node: napi-rs defines enum members read-only and non-enumerable.
    assert (a.Algorithm.Argon2d, a.Algorithm.Argon2i, a.Algorithm.Argon2id) == (0, 1, 2)
    assert "Argon2id" in a.Algorithm and list(a.Algorithm) == []


def test_verify_sync_of_a_malformed_hash():
    with pytest.raises(napi_python.JSError) as info:
        a.verifySync("not-a-hash", "x")
    assert info.value.code == "InvalidArg"
    assert info.value.message == "Decoding failed"


def test_async_matches_sync(run):
    async def body():
        raw = await a.hashRaw("password", RAW_OPTIONS)
        h = await a.hash("password", {"memoryCost": 1024, "timeCost": 2})
        return raw, h, await a.verify(h, "password"), await a.verify(h, "nope")
    raw, h, ok, bad = run(body())
    assert bytes(raw).hex() == RAW_HEX
    assert h[:28] == "$argon2id$v=19$m=1024,t=2,p="
    assert ok is True and bad is False


def test_async_rejection(run):
    async def body():
        with pytest.raises(napi_python.JSError) as info:
            await a.verify("not-a-hash", "x")
        return info.value
    e = run(body())
    assert e.code == "InvalidArg" and e.message == "Decoding failed"
