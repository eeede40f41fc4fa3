"""@harperfast/rocksdb-js's native binding (2.10.0, node-addon-free C++ over
Node-API), installed with napi-python's own installer: at load it makes its
BackgroundError class an Error subclass through the global Object.setPrototypeOf
(Object.setPrototypeOf(Cls.prototype, Error.prototype) and
Object.setPrototypeOf(Cls, Error)); before napi-python had setPrototypeOf, the load
failed with "Invalid argument". Then the README's put/get, sync and async, on the
binding the package's TypeScript wrapper drives (Database: open, putSync, getSync,
get with resolve/reject callbacks), compared with what Node 20 printed for the same
calls (tests/node_reference/rocksdb_js.js)."""

import asyncio
import fcntl
import json

import pytest

import napi_python
from conftest import ROOT
from napi_python._core import _js_call, _js_get, _js_prototype_of
from napi_python._globals import _is_prototype_of
from napi_python._require import host_platform

PACKAGE = "@harperfast/rocksdb-js-linux-x64-glibc"
PREFIX = ROOT / ".cache" / "rocksdb-js"

NODE = {"sync": "value b", "async": "value d", "missing": "undefined", "instanceofError": True,
        "name": "BackgroundError", "message": "m", "str": "BackgroundError: m",
        "protoIsError": True, "ctorProto": True}

pytestmark = pytest.mark.skipif(host_platform() != ("linux", "x64", "glibc"),
                                reason="the binding is built for linux-x64 glibc")


@pytest.fixture(scope="module")
def binding():
    PREFIX.mkdir(parents=True, exist_ok=True)
    # (A lock: `make test` runs two pytest sessions at once.)
    with open(PREFIX.parent / "rocksdb-js-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (PREFIX / "node_modules" / PACKAGE / "rocksdb-js.node").exists():
            napi_python.install([f"{PACKAGE}@2.10.0"], prefix=PREFIX, progress=False)
    return napi_python.require(PACKAGE, paths=[PREFIX / "node_modules"])


def test_put_get_and_the_error_subclass_as_node(binding, tmp_path):
    b = binding
    G = napi_python.global_this
    always_new_buffer = b.constants.ALWAYS_CREATE_NEW_BUFFER_FLAG

    async def main():
        db = b.Database()
        db.open(str(tmp_path / "db"), {"name": "default", "mode": "optimistic"})
        for k in "abcde":
            db.putSync(k.encode(), f"value {k}".encode(), None)
        sync = db.getSync(b"b", always_new_buffer, None)
        fut = asyncio.get_running_loop().create_future()
        db.get(b"d", fut.set_result, fut.set_exception, None)
        via_async = await fut
        missing = db.getSync(b"zz", always_new_buffer, None)
        e = b.BackgroundError({"message": "m", "type": "T"})
        error_prototype = _js_get(G.Error, "prototype")
        out = {
            "sync": bytes(sync).decode(), "async": bytes(via_async).decode(),
            "missing": "undefined" if missing is None else str(missing),
            "instanceofError": _is_prototype_of(error_prototype, e),
            "name": e.name, "message": e.message, "str": _js_call(_js_get(e, "toString"), e, []),
            "protoIsError": _js_prototype_of(_js_get(b.BackgroundError, "prototype")) is error_prototype,
            "ctorProto": _js_prototype_of(b.BackgroundError) is G.Error,
        }
        db.close()
        return out

    assert json.loads(json.dumps(asyncio.run(main()))) == NODE
