"""sodium-native 5.1.0 (holepunch, prebuilt; from the smoke corpus's pinned install):
its ``*_async`` functions queue their work with ``uv_queue_work`` on the libuv loop
napi-python provides (issue 13, docs/guide.rst "Addons that use libuv"). Password
hashes computed asynchronously, several in flight, equal the synchronous ones,
under asyncio, uvloop and with no loop.

The package's index.js checks arguments and passes ArrayBuffers with offsets to the
binding; these tests call the binding as index.js does.
"""

import asyncio

import pytest
import uvloop

import napi_python
from smoke.support import ensure_installed

pytestmark = pytest.mark.slow  # installs the smoke corpus, as tests/test_smoke.py does

BINARY = "sodium-native/prebuilds/linux-x64/sodium-native.node"
PASSWORDS = [f"correct horse {i}".encode() for i in range(6)]
SALT = bytes(range(16))


@pytest.fixture(scope="module")
def sodium():
    return napi_python.load_addon(ensure_installed() / BINARY)


def array_buffer(data):
    ab = napi_python.ArrayBuffer(len(data))
    memoryview(ab)[:] = data
    return ab


def params(s):
    return 2, 1 << 20, s.crypto_pwhash_ALG_ARGON2ID13  # opslimit, memlimit (1 MiB), alg


def sync_hash(s, password):
    out = bytearray(32)
    assert s.crypto_pwhash(out, password, SALT, *params(s)) == 0
    return bytes(out)


def start_async(s, password, callback):
    """binding.crypto_pwhash_async as index.js calls it; returns the output buffer."""
    out, pw, salt = napi_python.ArrayBuffer(32), array_buffer(password), array_buffer(SALT)
    s.crypto_pwhash_async(out, 0, 32, pw, 0, len(password), salt, 0, 16, *params(s),
                          callback)
    return out


@pytest.mark.parametrize("runner", ["asyncio", "uvloop"])
def test_async_pwhash_in_flight_equals_sync(sodium, runner):
    expected = [sync_hash(sodium, p) for p in PASSWORDS]

    async def main():
        loop = asyncio.get_running_loop()
        futures, outs = [], []
        for p in PASSWORDS:
            fut = loop.create_future()
            futures.append(fut)
            outs.append(start_async(sodium, p, fut.set_result))
        codes = await asyncio.wait_for(asyncio.gather(*futures), 60)
        return codes, [bytes(memoryview(o)) for o in outs]

    codes, hashes = (asyncio.run if runner == "asyncio" else uvloop.run)(main())
    assert codes == [0] * len(PASSWORDS)
    assert hashes == expected
    assert len(set(hashes)) == len(PASSWORDS)


def test_async_pwhash_with_no_loop(sodium):
    expected = [sync_hash(sodium, p) for p in PASSWORDS]
    codes = []
    outs = [start_async(sodium, p, codes.append) for p in PASSWORDS]
    napi_python.run_uv_loop(timeout=60)  # the queued work requests keep it going
    assert codes == [0] * len(PASSWORDS)
    assert [bytes(memoryview(o)) for o in outs] == expected
