"""lmdb 3.5.6 (node-addon-api), its Node-API build ``node.napi.glibc.node`` (the
other builds use V8 internals): node-reference/lmdb.js, through the native API
that lmdb-js's JS drives. That API passes raw memory addresses: the key goes in a
buffer registered once (``keyBytes`` at ``env.open``), a write is an instruction
block (flags, dbi, key, then the value's address and size) whose address goes to
``write(env.address, address)``, and a read copies the value into the addon's
``globalBuffer``. So Python buffers must keep their address (CONTRACT: typed-array
memory is stable). Values are JSON text (lmdb-js encodes values in JS)."""

import json
import os
import struct

import pytest

import napi_python
from corpus.support import corpus_addon

m = corpus_addon("lmdb")
# open.js, at import: sets up the addon's per-thread shared-buffer registry
# (env.close() uses it).
ENVS_POINTER = m.getEnvsPointer()

MDB_NOTFOUND = -30798
MDB_BAD_VALSIZE = -30781
PUT, REMOVE = 15, 13          # write.js: put() and remove() instruction flags
DB_CREATE = 0x40000
READ_ONLY_TXN = 0x20000


class Store:
    """The synchronous paths of lmdb-js (open.js, write.js putSync/removeSync in
    transactionSync, read.js getBinaryFast), on the native exports."""

    def __init__(self, path):
        self.key_bytes = napi_python.Buffer(bytes(4096 + 64))
        self.env = m.Env()
        self.env.open({"path": str(path), "maxDbs": 12, "mapSize": 0x100000,
                       "keyBytes": self.key_bytes, "isRoot": True, "noSubdir": False,
                       "remapChunks": False, "overlappingSync": False}, 0, 0)
        self.env.beginTxn(2)
        self.db = m.Dbi(self.env, DB_CREATE, None, 0, None)
        self.env.commitTxn()
        self.instructions = napi_python.ArrayBuffer(4096)
        self.instructions_address = m.getAddress(self.instructions)
        self.values = []      # value buffers stay alive while the addon may read them

    def _write(self, flags, key, value=None):
        k = key.encode()
        block = memoryview(self.instructions).cast("B")
        block[:] = bytes(len(block))
        struct.pack_into("<II", block, 4, int(self.db.dbi), len(k))
        block[12:12 + len(k)] = k
        if value is not None:
            v = napi_python.ArrayBuffer(value)
            self.values.append(v)
            position = (12 + len(k) + 16) >> 3
            struct.pack_into("<d", block, position * 8, m.getAddress(v))
            struct.pack_into("<I", block, position * 8 - 4, len(value))
        struct.pack_into("<I", block, 0, flags)
        self.env.beginTxn(3)
        try:
            m.write(self.env.address, self.instructions_address)
        finally:
            self.env.commitTxn()

    def put(self, key, value):
        self._write(PUT, key, json.dumps(value).encode())

    def remove(self, key):
        self._write(REMOVE, key)

    def get_raw(self, key):
        txn = m.Txn(self.env, READ_ONLY_TXN)
        try:
            k = key.encode()
            self.key_bytes[:len(k)] = k
            size = m.getByBinary(self.db.address, len(k), 0, txn.address)
            if size < 0:
                return int(size)
            return bytes(memoryview(m.globalBuffer)[:int(size)])
        finally:
            txn.abort()

    def get(self, key):
        raw = self.get_raw(key)
        return None if raw == MDB_NOTFOUND else json.loads(raw)

    def close(self):
        self.env.close()


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path)
    yield s
    s.close()


def test_the_napi_build_is_chosen():
    from napi_python._require import find_addon
    from corpus.support import NODE_MODULES
    assert os.path.basename(find_addon("lmdb", [NODE_MODULES])) == "node.napi.glibc.node"
    assert m.version.major == 0 and m.version.minor == 9


def test_put_and_get(store):
    store.put("a", {"x": 1})
    store.put("b", [1, 2, 3])
    store.put("c", "str")
    assert store.get("a") == {"x": 1}
    assert [store.get(k) for k in "abc"] == [{"x": 1}, [1, 2, 3], "str"]


def test_remove(store):
    store.put("c", "str")
    store.remove("c")
    assert store.get_raw("c") == MDB_NOTFOUND     # after_remove: undefined


def test_zero_length_key(store):
    # lmdb-js checks keys in JS ("Invalid key or zero length key is not allowed in
    # LMDB"); the native read reports the same condition as MDB_BAD_VALSIZE.
    txn = m.Txn(store.env, READ_ONLY_TXN)
    try:
        assert m.getByBinary(store.db.address, 0, 0, txn.address) == MDB_BAD_VALSIZE
    finally:
        txn.abort()


def test_env_stat(store):
    store.put("a", {"x": 1})
    stat = store.env.stat()
    assert stat["pageSize"] > 0
