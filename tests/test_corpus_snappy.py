"""snappy 7.4.3 (napi-rs, resolves napi_* with dlsym): node-reference/
napi-rs__snappy.js on the native exports of @napi-rs/snappy-linux-x64-gnu
(npm's flat install puts it beside snappy, not inside it)."""

import pytest

import napi_python
from async_helpers import run  # noqa: F401  (fixture)
from corpus.support import corpus_addon

s = corpus_addon("snappy")

INPUT = b"hello hello hello hello snappy snappy snappy"
COMPRESSED_HEX = "2c1468656c6c6f204606004c736e6170707920736e6170707920736e61707079"


def test_platform_package_found_from_the_main_package():
    import os
    from napi_python._require import find_addon
    from corpus.support import NODE_MODULES
    path = find_addon("snappy", [NODE_MODULES])
    assert os.path.basename(path) == "snappy.linux-x64-gnu.node"


def test_compress_sync():
    c = s.compressSync(INPUT)
    assert isinstance(c, napi_python.Buffer)
    assert bytes(c).hex() == COMPRESSED_HEX


def test_uncompress_sync_as_string():
    c = s.compressSync(INPUT)
    assert s.uncompressSync(c, {"asBuffer": False}) == INPUT.decode()
    assert bytes(s.uncompressSync(c)) == INPUT


def test_uncompress_sync_corrupt_input():
    with pytest.raises(napi_python.JSError) as info:
        s.uncompressSync(bytes([0xFF] * 5))
    assert info.value.code == "GenericFailure"
    assert str(info.value) == "snappy: corrupt input (invalid header)"


def test_async_round_trip(run):
    async def body():
        c2 = await s.compress(INPUT)
        return c2, await s.uncompress(c2)
    c2, back = run(body())
    assert bytes(c2) == bytes(s.compressSync(INPUT))
    assert bytes(back) == INPUT


def test_async_corrupt_input(run):
    async def body():
        with pytest.raises(napi_python.JSError) as info:
            await s.uncompress(bytes([0xFF] * 3))
        return info.value
    e = run(body())
    assert e.code == "GenericFailure"
    assert e.message == "snappy: corrupt input (invalid header)"
