"""classic-level 3.0.0 (LevelDB, napi-macros style C++): node-reference/
classic-level.js on the native functions that index.js and iterator.js call
(``binding.db_open(context, location, options)`` ...). Encodings are JS-side in
abstract-level: with ``valueEncoding: 'json'`` the addon stores JSON text, so the
test stores ``json.dumps`` text. Every operation is async work resolving a promise,
awaited under asyncio and uvloop."""

import json

import pytest

import napi_python
from async_helpers import run  # noqa: F401  (fixture)
from corpus.support import corpus_addon

b = corpus_addon("classic-level")

# index.js
FLAG_FILL_CACHE, FLAG_KEY_AS_BUFFER, FLAG_VALUE_AS_BUFFER, FLAG_SHARED_KEY = 1, 2, 4, 8
STATE_ENDED = 1  # iterator.js: bit the addon sets in the caller's state array
UTF8 = {"keyEncoding": "utf8", "valueEncoding": "utf8"}


def enc(value):
    return json.dumps(value, separators=(",", ":"))   # as JSON.stringify


async def open_db(location, **options):
    ctx = b.db_init()
    await b.db_open(ctx, str(location), {"createIfMissing": True, "errorIfExists": False,
                                          **options})
    return ctx


async def filled(location):
    ctx = await open_db(location)
    await b.db_put(ctx, "b", enc({"n": 2}), {})
    await b.db_put(ctx, "a", enc({"n": 1}), {})
    await b.batch_do(ctx, [{"type": "put", "key": "c", "value": enc([3])},
                           {"type": "del", "key": "b"}], {})
    return ctx


def test_put_batch_iterate_get(run, tmp_path):
    async def body():
        ctx = await filled(tmp_path / "db")
        state = bytearray(1)
        it = b.iterator_init(ctx, state, UTF8, None)
        entries = await b.iterator_nextv(it, 1000)
        ended = state[0] & STATE_ENDED
        b.iterator_close(it)
        missing = await b.db_get(ctx, FLAG_FILL_CACHE, "zzz", None)
        many = await b.db_get_many(ctx, ["a", "c"], {"valueEncoding": "utf8"}, None)
        await b.db_close(ctx)
        return entries, ended, missing, many
    entries, ended, missing, many = run(body())
    assert [[k, json.loads(v)] for k, v in entries] == [["a", {"n": 1}], ["c", [3]]]
    assert ended                       # the addon wrote into the caller's bytearray
    assert missing is None             # get_missing: undefined
    assert [json.loads(v) for v in many] == [{"n": 1}, [3]]


def test_values_as_buffers(run, tmp_path):
    async def body():
        ctx = await filled(tmp_path / "db")
        value = await b.db_get(ctx, FLAG_FILL_CACHE | FLAG_VALUE_AS_BUFFER, "a", None)
        await b.db_close(ctx)
        return value
    value = run(body())
    assert isinstance(value, napi_python.Buffer) and bytes(value) == b'{"n":1}'


def test_get_sync_through_the_shared_key_buffer(run, tmp_path):
    # index.js's fast path: the addon keeps the address of a buffer registered once
    # (db_set_shared_buffer) and reads each key from it.
    async def setup():
        return await filled(tmp_path / "db")
    ctx = run(setup())
    shared = bytearray(64)
    b.db_set_shared_buffer(ctx, shared)
    values = []
    for key in (b"a", b"c", b"zz"):
        shared[:len(key)] = key
        values.append(b.db_get_sync(ctx, FLAG_FILL_CACHE | FLAG_SHARED_KEY, len(key), None))
    assert [json.loads(v) for v in values[:2]] == [{"n": 1}, [3]]
    assert values[2] is None

    async def close():
        await b.db_close(ctx)
    run(close())


def test_open_error(run, tmp_path):
    # The reference's error (LEVEL_DATABASE_NOT_OPEN after close) is abstract-level's
    # JS status check; the native error here: errorIfExists on an existing database.
    async def body():
        ctx = await open_db(tmp_path / "db")
        await b.db_close(ctx)
        ctx2 = b.db_init()
        with pytest.raises(napi_python.JSError) as info:
            await b.db_open(ctx2, str(tmp_path / "db"), {"createIfMissing": True,
                                                        "errorIfExists": True})
        return info.value
    e = run(body())
    assert "exists (error_if_exists is true)" in e.message
