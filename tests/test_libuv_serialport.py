"""@serialport/bindings-cpp 12 (node-addon-api, prebuilt; from the smoke corpus's
pinned install) on one end of a pseudo-terminal: ``open`` (async work) gives the fd,
its ``Poller`` watches it with ``uv_poll`` on the libuv loop napi-python provides
(issue 13, docs/guide.rst "Addons that use libuv"), and data written to the other
end makes it call back, as dist/poller.js drives it in Node.
"""

import asyncio
import os
import textwrap

import pytest
import uvloop

import napi_python
from conftest import run_python
from smoke.support import ensure_installed

pytestmark = [
    pytest.mark.slow,  # installs the smoke corpus, as tests/test_smoke.py does
    # The addon closes its uv_poll_t with a close callback that deletes it through a
    # uv_handle_t pointer (160 bytes allocated, 96 freed): harmless with glibc, but
    # ASan aborts on the size mismatch. The release and counters builds run these.
    pytest.mark.skipif(os.environ.get("ASAN_OPTIONS") is not None,
                       reason="the addon's own new/delete size mismatch aborts under ASan"),
]

BINARY = "@serialport/bindings-cpp/prebuilds/linux-x64/@serialport+bindings-cpp.glibc.node"
UV_READABLE = 1


def open_options(path):
    # dist/linux.js's defaults, lock off (a pty is not a serial device to lock)
    return dict(path=path, baudRate=9600, dataBits=8, lock=False, stopBits=1,
                parity="none", rtscts=False, xon=False, xoff=False, xany=False,
                hupcl=True, vmin=1, vtime=0)


@pytest.fixture(scope="module")
def binding():
    return napi_python.load_addon(ensure_installed() / BINARY)


@pytest.mark.parametrize("runner", ["asyncio", "uvloop"])
def test_poll_a_pseudo_terminal(binding, runner):
    master, slave = os.openpty()
    path = os.ttyname(slave)

    async def main():
        loop = asyncio.get_running_loop()
        opened = loop.create_future()
        binding.open(path, open_options(path),
                     lambda err, fd=None: opened.set_result((err, fd)))
        err, fd = await asyncio.wait_for(opened, 30)
        assert err is None
        fd = int(fd)  # a JS number
        events = asyncio.Queue()
        poller = binding.Poller(fd, lambda err, flag: events.put_nowait((err, flag)))
        try:
            poller.poll(UV_READABLE)
            loop.call_later(0.02, os.write, master, b"hello tty\n")
            event = await asyncio.wait_for(events.get(), 30)
            data = os.read(fd, 100)
        finally:
            poller.stop()
        closed = loop.create_future()
        binding.close(fd, lambda err=None: closed.set_result(err))
        return event, data, await asyncio.wait_for(closed, 30)

    try:
        event, data, close_error = (asyncio.run if runner == "asyncio" else uvloop.run)(main())
    finally:
        os.close(master)
        os.close(slave)
    assert event == (None, UV_READABLE)
    assert data == b"hello tty\n"
    assert close_error is None


def test_exit_with_the_poller_still_polling():
    # The Poller's uv_poll handle is still active at exit; its finalizer stops and
    # closes it (napi-python must not have closed it first: libuv would assert).
    code = textwrap.dedent(f'''
        import os, napi_python
        from smoke.support import ensure_installed
        b = napi_python.load_addon(ensure_installed() / {BINARY!r})
        master, slave = os.openpty()
        path = os.ttyname(slave)
        got = []
        b.open(path, {open_options("PATH")!r} | {{"path": path}},
               lambda err, fd=None: got.append(fd))
        while not got:
            napi_python.run_pending(0.1)
        poller = b.Poller(int(got[0]), lambda err, flag: None)
        poller.poll(1)
        napi_python.run_pending(0.02)
        print("exiting", flush=True)
    ''')
    r = run_python(code, timeout=120)
    assert (r.returncode, r.stdout, r.stderr) == (0, "exiting\n", "")
