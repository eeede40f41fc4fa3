"""udx-native 1.21.3 (holepunch, prebuilt; from the smoke corpus's pinned install):
UDP sockets of libudx on the libuv loop napi-python provides (issue 13,
docs/guide.rst "Addons that use libuv"). Two udx sockets bound on 127.0.0.1 send
each other datagrams, under asyncio and uvloop; the send, message and close
callbacks run on the loop's thread; the sockets close cleanly, and a process that
exits with them open ends without a crash or a hang (udx's async cleanup hook closes
them at teardown).

Covered: the socket API (udx_napi_init, udx_napi_socket_init / bind / send_ttl /
close), not udx streams. The package's lib/udx.js and lib/socket.js keep the native
structs in Buffers they allocate (sizeof_* exports), give the binding a receive
buffer that each message callback replaces, and a Buffer per send request; the
classes below call the binding the same way from Python.
"""

import asyncio
import subprocess
import sys
import textwrap
import threading

import pytest
import uvloop

import napi_python
from smoke.support import ensure_installed

pytestmark = pytest.mark.slow  # installs the smoke corpus, as tests/test_smoke.py does

BINARY = "udx-native/prebuilds/linux-x64/udx-native.node"

# The wrapper classes, also run by the exit test's child process.
WRAPPER = '''
import threading
import napi_python

MAX_MESSAGE = 4096
BUFFER_SIZE = 65536 + MAX_MESSAGE


class Udx:
    """lib/udx.js: the udx_napi_t struct and the receive buffer its sockets share."""

    def __init__(self, b):
        self.b = b
        self.handle = napi_python.Buffer(b.sizeof_udx_napi_t)
        self.buffer = napi_python.Buffer(BUFFER_SIZE)
        b.udx_napi_init(self.handle, self.buffer)

    def consume_message(self, n):
        data = bytes(memoryview(self.buffer)[:n])
        self.buffer = napi_python.Buffer(BUFFER_SIZE)  # (udx.js slices; a fresh one here)
        return data

    def counter(self, name):
        """udx.js's _view64 getters (bytesReceived...)."""
        offset = getattr(self.b, "offsetof_udx_t_" + name)
        return memoryview(self.handle).cast("Q")[offset >> 3]


class Socket:
    """lib/socket.js: udx_napi_socket_t in a Buffer, callbacks recording their thread."""

    def __init__(self, udx, on_message=None, on_close=None):
        self.udx, self.b = udx, udx.b
        self.handle = napi_python.Buffer(self.b.sizeof_udx_napi_socket_t)
        self.requests = {}  # id -> (send request Buffer, data Buffer) until on_send
        self.sent, self.threads = [], set()
        self.user_on_message, self.user_on_close = on_message, on_close
        self.port = 0
        self.b.udx_napi_socket_init(udx.handle, self.handle, self, self._onsend,
                                    self._onmessage, self._onclose, self._realloc)

    def _onsend(self, rid, err):
        self.threads.add(threading.get_ident())
        self.requests.pop(rid)
        self.sent.append((rid, err))

    def _onmessage(self, n, port, host, family):
        self.threads.add(threading.get_ident())
        data = self.udx.consume_message(n)
        if self.user_on_message is not None:
            self.user_on_message(data, port, host, family)
        return self.udx.buffer  # where the next message goes

    def _onclose(self):
        self.threads.add(threading.get_ident())
        if self.user_on_close is not None:
            self.user_on_close()

    def _realloc(self):
        self.udx.buffer = napi_python.Buffer(BUFFER_SIZE)
        return self.udx.buffer

    def bind(self, host="127.0.0.1"):
        self.port = self.b.udx_napi_socket_bind(self.handle, 0, host, 4, 0)
        return self.port

    def send(self, rid, data, port, host="127.0.0.1"):
        req = napi_python.Buffer(self.b.sizeof_udx_socket_send_t)
        buf = napi_python.Buffer(data)
        self.requests[rid] = (req, buf)  # socket.js keeps both until the send callback
        self.b.udx_napi_socket_send_ttl(self.handle, req, rid, buf, port, host, 4, 0)

    def close(self):
        self.b.udx_napi_socket_close(self.handle)
'''
wrapper = {}
exec(WRAPPER, wrapper)
Udx, Socket = wrapper["Udx"], wrapper["Socket"]


@pytest.fixture(scope="module")
def udx_binding():
    return napi_python.load_addon(ensure_installed() / BINARY)


def test_the_binding_exports_what_the_wrapper_uses(udx_binding):
    b = udx_binding
    for name in ("udx_napi_init", "udx_napi_socket_init", "udx_napi_socket_bind",
                 "udx_napi_socket_send_ttl", "udx_napi_socket_close"):
        assert isinstance(getattr(b, name), napi_python.Function), name
    assert b.sizeof_udx_napi_t > 0 and b.sizeof_udx_napi_socket_t > b.sizeof_udx_napi_t


PAYLOADS = [b"hello", b"", bytes(range(256)) * 4, b"x" * 1400, "héllo ✓".encode()]


@pytest.mark.parametrize("runner", ["asyncio", "uvloop"])
def test_two_sockets_exchange_datagrams_on_localhost(udx_binding, runner):
    async def main():
        loop = asyncio.get_running_loop()
        udx = Udx(udx_binding)
        received = {"a": [], "b": []}
        all_in = loop.create_future()
        closed = {"a": loop.create_future(), "b": loop.create_future()}

        def on_message(name):
            def on(data, port, host, family):
                received[name].append((data, port, host, family))
                if (len(received["a"]) == len(received["b"]) == len(PAYLOADS)
                        and not all_in.done()):
                    all_in.set_result(None)
            return on

        a = Socket(udx, on_message("a"), lambda: closed["a"].set_result(True))
        b = Socket(udx, on_message("b"), lambda: closed["b"].set_result(True))
        pa, pb = a.bind(), b.bind()
        assert pa > 0 and pb > 0 and pa != pb
        for i, data in enumerate(PAYLOADS):
            a.send(i, data, pb)
            b.send(100 + i, data[::-1], pa)
        await asyncio.wait_for(all_in, 30)
        while len(a.sent) < len(PAYLOADS) or len(b.sent) < len(PAYLOADS):
            await asyncio.sleep(0.005)  # the send callbacks, if after the messages
        packets = udx.counter("packets_rx"), udx.counter("bytes_rx")
        a.close()
        b.close()
        assert await asyncio.wait_for(asyncio.gather(closed["a"], closed["b"]), 30) == \
            [True, True]
        return a, b, received, packets

    a, b, received, packets = (asyncio.run if runner == "asyncio" else uvloop.run)(main())
    # Datagrams on the loopback neither get lost nor reordered.
    assert received["b"] == [(d, a.port, "127.0.0.1", 4) for d in PAYLOADS]
    assert received["a"] == [(d[::-1], b.port, "127.0.0.1", 4) for d in PAYLOADS]
    assert sorted(a.sent) == [(i, 0) for i in range(len(PAYLOADS))]
    assert sorted(b.sent) == [(100 + i, 0) for i in range(len(PAYLOADS))]
    assert a.requests == {} and b.requests == {}
    # udx_t's receive counters (udx.js's packetsReceived, bytesReceived)
    assert packets == (2 * len(PAYLOADS), 2 * sum(map(len, PAYLOADS)))
    # Every callback ran on the thread that ran the loop (this one).
    assert a.threads == b.threads == {threading.get_ident()}


EXIT_SCRIPT = WRAPPER + '''
import asyncio, sys
import uvloop

b = napi_python.load_addon(sys.argv[1])


async def main():
    udx = Udx(b)
    got = asyncio.get_running_loop().create_future()
    a = Socket(udx)
    c = Socket(udx, lambda data, *_: got.done() or got.set_result(data))
    a.bind()
    a.send(0, b"ping", c.bind())
    print(await asyncio.wait_for(got, 30), flush=True)
    if sys.argv[3] == "closing":
        a.close()  # its close callback runs at teardown, if at all
    # nothing holds the sockets but the binding: the process exits with them open

(asyncio.run if sys.argv[2] == "asyncio" else uvloop.run)(main())
print("end", flush=True)
'''


@pytest.mark.parametrize("runner", ["asyncio", "uvloop"])
@pytest.mark.parametrize("how", ["open", "closing"])
def test_exit_with_sockets_open(udx_binding, runner, how):
    """udx's async cleanup hook closes the sockets at teardown; their close callbacks
    delete the references to the socket objects, whose Buffers hold the very structs
    udx goes on writing to (napi-python keeps such objects until the libuv turn
    ends, as Node's GC would)."""
    r = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(EXIT_SCRIPT),
         str(ensure_installed() / BINARY), runner, how],
        capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["b'ping'", "end"]
    assert r.stderr == ""
