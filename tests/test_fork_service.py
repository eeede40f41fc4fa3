"""A pre-fork HTTP service with a real addon (docs/service.rst, "Other worker layouts"): a
supervisor loads @node-rs/argon2 and keeps hashing on its own running event loop
(asyncio or uvloop), and forks its workers from inside that loop, at start and again
when one dies. The workers serve POST /hash on one shared listening socket on
127.0.0.1 with the async ``hash`` (a Promise settled from the native pool), each on
a new loop of its own. Checked over real HTTP: every answer verifies with
argon2-cffi (an independent Argon2), the answers come from the workers, a worker
killed with SIGKILL is replaced and the service answers again, and SIGTERM stops
the supervisor and its workers (exit 0) with requests in flight, leaving no
process behind. Every step is bounded; examples/service (test_service.py) starts
its workers as new interpreters instead."""

import asyncio
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from corpus.support import ensure_installed

pytestmark = pytest.mark.skipif("libasan" in os.environ.get("LD_PRELOAD", ""),
                                reason="GCC 12's ASan allocator has no fork handler "
                                       "(test_fork.py)")

TIMEOUT = 60  # seconds any one step may take
PARAMS = "$argon2id$v=19$m=1024,t=1,p=1$"

SERVER = textwrap.dedent('''
    import asyncio, os, signal, socket, sys, traceback
    import napi_python
    KIND, NODE_MODULES = sys.argv[1], sys.argv[2]
    argon2 = napi_python.require("@node-rs/argon2", paths=[NODE_MODULES])
    OPTIONS = {"memoryCost": 1024, "timeCost": 1}

    def new_loop():
        if KIND == "uvloop":
            import uvloop
            return uvloop.new_event_loop()
        return asyncio.new_event_loop()

    async def serve_conn(reader, writer, inflight):
        task = asyncio.current_task()
        try:
            line = await reader.readline()
            n = 0
            while (h := await reader.readline()) not in (b"\\r\\n", b""):
                k, v = h.decode().split(":", 1)
                if k.lower() == "content-length":
                    n = int(v)
            body = await reader.readexactly(n)
            inflight.add(task)
            out = (await argon2.hash(body.decode(), OPTIONS)).encode()
            writer.write(b"HTTP/1.1 200 OK\\r\\nContent-Length: %d\\r\\nX-Pid: %d\\r\\n\\r\\n"
                         % (len(out), os.getpid()) + out)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            inflight.discard(task)
            writer.close()

    async def worker(lsock, ready_fd):
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        inflight = set()
        server = await asyncio.start_server(lambda r, w: serve_conn(r, w, inflight),
                                            sock=lsock, backlog=512)
        os.write(ready_fd, b"r")  # serving, and SIGTERM is ours: the supervisor may go on
        os.close(ready_fd)
        await stop.wait()
        server.close()
        while inflight:  # the requests under way finish
            await asyncio.sleep(0.01)

    async def start_worker(lsock, children):
        """Forks a worker from inside the running loop; returns once it serves."""
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # inside the supervisor's running loop: a new loop of our own
            code = 1
            try:
                os.close(r)
                for s in (signal.SIGTERM, signal.SIGCHLD):
                    signal.signal(s, signal.SIG_DFL)
                loop = new_loop()
                loop.run_until_complete(worker(lsock, w))
                loop.close()
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush(); sys.stderr.flush()
                os._exit(code)
        os.close(w)
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        loop.add_reader(r, lambda: ready.done() or ready.set_result(os.read(r, 1)))
        try:
            assert await asyncio.wait_for(ready, 60) == b"r", "the worker died starting"
        finally:
            loop.remove_reader(r)
            os.close(r)
        children.add(pid)

    async def supervise():
        lsock = socket.socket()
        lsock.bind(("127.0.0.1", 0))
        lsock.listen(512)
        lsock.setblocking(False)
        children, codes = set(), []
        stopping = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)

        def reap():
            """The number of workers that ended."""
            ended = 0
            while children:
                pid, status = os.waitpid(-1, os.WNOHANG)
                if pid == 0:
                    break
                children.discard(pid)
                codes.append(os.waitstatus_to_exitcode(status))
                ended += 1
            return ended

        async def keep_hashing():  # the supervisor's own use, across every fork
            hashes = 0
            while not stopping.is_set():
                h = await asyncio.gather(*(argon2.hash("supervisor", OPTIONS) for _ in range(3)))
                assert all(await asyncio.gather(*(argon2.verify(x, "supervisor") for x in h)))
                hashes += 3
                for _ in range(reap()):
                    if not stopping.is_set():  # from inside the loop, hashing meanwhile
                        await start_worker(lsock, children)
                        print("workers", *sorted(children), flush=True)
                await asyncio.sleep(0.01)
            return hashes

        hashing = asyncio.ensure_future(keep_hashing())
        await argon2.hash("warm", OPTIONS)
        for _ in range(2):
            await start_worker(lsock, children)
        print("listening", lsock.getsockname()[1], *sorted(children), flush=True)
        await stopping.wait()
        hashes = await hashing  # (a worker it is starting is then in `children`)
        for pid in children:
            os.kill(pid, signal.SIGTERM)
        while children:
            await asyncio.sleep(0.01)
            reap()
        print("stopped", codes, "supervisor hashes", hashes > 0, flush=True)
        return codes

    loop = new_loop()
    codes = loop.run_until_complete(supervise())
    loop.close()
    sys.exit(0 if codes == [-signal.SIGKILL, 0, 0] else 3)
''')


def alive(pid):
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


async def post(port, password):
    r, w = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), TIMEOUT)
    try:
        body = password.encode()
        w.write(b"POST /hash HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        await w.drain()
        head = (await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), TIMEOUT)).decode()
        assert head.startswith("HTTP/1.1 200 "), head
        n = int(re.search(r"Content-Length: (\d+)", head)[1])
        pid = int(re.search(r"X-Pid: (\d+)", head)[1])
        return pid, (await asyncio.wait_for(r.readexactly(n), TIMEOUT)).decode()
    finally:
        w.close()


def check_round(port, n, workers):
    """n concurrent requests, every answer verified; the pids that answered."""
    async def run():
        return await asyncio.gather(*(post(port, f"pw-{i}") for i in range(n)))
    got = asyncio.run(run())
    # (imported here, not at collection: cffi's module set-up is never freed, which
    # LeakSanitizer reports at the exit of the make test-asan run that skips this file)
    from argon2 import PasswordHasher
    ph = PasswordHasher()
    for i, (_, h) in enumerate(got):
        assert h.startswith(PARAMS) and ph.verify(h, f"pw-{i}"), h
    pids = {pid for pid, _ in got}
    assert pids <= set(workers), (pids, workers)
    return pids


@pytest.mark.parametrize("kind", ["asyncio", "uvloop"])
def test_prefork_service_forked_inside_the_supervisors_loop(kind):
    node_modules = ensure_installed()
    proc = subprocess.Popen([sys.executable, "-c", SERVER, kind, str(node_modules)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    lines, err, eof = [], [], []
    err_reader = threading.Thread(target=lambda: err.extend(proc.stderr), daemon=True)
    err_reader.start()
    seen = threading.Condition()

    def read():
        for line in proc.stdout:
            with seen:
                lines.append(line.split())
                seen.notify_all()
        with seen:
            eof.append(True)
            seen.notify_all()
    threading.Thread(target=read, daemon=True).start()

    def wait_line(word):
        with seen:
            assert seen.wait_for(lambda: any(l[0] == word for l in lines) or eof,
                                 TIMEOUT), (lines, "".join(err))
            found = [l for l in lines if l[0] == word]
            assert found, (lines, proc.poll(), "".join(err))
            return found[-1]
    family = [proc.pid]
    try:
        first = wait_line("listening")
        port, workers = int(first[1]), [int(p) for p in first[2:]]
        family += workers
        assert len(workers) == 2 and proc.pid not in workers
        check_round(port, 40, workers)

        os.kill(workers[0], signal.SIGKILL)  # replaced, forked from inside the loop
        now = [int(p) for p in wait_line("workers")[1:]]
        family += now
        assert workers[0] not in now and workers[1] in now and len(now) == 2
        check_round(port, 40, now)

        async def stop_in_flight():  # SIGTERM while hashes are under way
            requests = [asyncio.ensure_future(post(port, f"pw-{i}")) for i in range(20)]
            await asyncio.sleep(0.01)
            proc.send_signal(signal.SIGTERM)
            return await asyncio.gather(*requests, return_exceptions=True)
        answered = asyncio.run(stop_in_flight())
        assert proc.wait(TIMEOUT) == 0, "".join(err)
        # Requests accepted before the stop were answered; the rest were refused
        # or cut (the listening socket closed), none answered wrongly.
        for a in answered:
            if not isinstance(a, BaseException):
                assert a[1].startswith(PARAMS)
        assert wait_line("stopped")[1:] == ["[-9,", "0,", "0]", "supervisor", "hashes", "True"]
        deadline = time.monotonic() + TIMEOUT
        while any(alive(p) for p in family) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [p for p in family if alive(p)], "a process outlived the service"
        err_reader.join(TIMEOUT)
        assert "Traceback" not in "".join(err), "".join(err)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
