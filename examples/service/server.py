"""A password-hashing HTTP service (aiohttp) that scales across cores: N worker
processes share one listening socket, and each worker loads @node-rs/argon2 itself.

    napi-python install @node-rs/argon2@2.2.1
    pip install aiohttp
    python server.py --workers 2 --port 8080

Endpoints (every response carries the answering worker's pid in X-Worker-Pid):

    POST /hash       body: the password      -> the $argon2id$... string
                     (argon2.hash: a Promise; the hashing runs on the native thread
                     pool without the GIL)
    POST /hash-sync  the same with argon2.hashSync in run_in_executor (holds the GIL
                     while it hashes: here to show the difference, see the README)
    POST /verify     body: {"password": ..., "hash": ...} -> {"ok": true|false}
    GET  /health     -> {"pid": ...}

The process started from the command line is the supervisor: it loads no addon. It
starts each worker as a new interpreter (subprocess, not fork), waits until every
worker listens, prints one line "listening on http://HOST:PORT workers=N pids=..."
and then waits. SIGTERM or SIGINT stops the workers (SIGTERM, then SIGKILL after
--grace seconds) and exits 0; a worker that dies on its own stops the service (exit
1). Workers exit by themselves when the supervisor is gone, even after a SIGKILL.

How the workers share the port (--socket):

    reuseport  (default on Linux) each worker binds and listens on its own socket with
               SO_REUSEPORT; the kernel hands each new connection to one of them by a
               hash of its addresses, so the load spreads evenly.
    inherit    the supervisor creates one listening socket and each worker gets its
               file descriptor; the workers accept from one queue, and the one that
               wakes first takes the connection (portable, less even).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
from types import FrameType

# Argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane): @node-rs/argon2's defaults.
MEMORY_KIB, TIME_COST, LANES = 19456, 2, 1


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="worker processes (default: one per core)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080, help="0: any free port")
    p.add_argument("--socket", choices=("reuseport", "inherit"),
                   default="reuseport" if sys.platform == "linux" else "inherit")
    p.add_argument("--memory-cost", type=int, default=MEMORY_KIB, help="KiB")
    p.add_argument("--time-cost", type=int, default=TIME_COST)
    p.add_argument("--executor-threads", type=int,
                   default=int(os.environ.get("UV_THREADPOOL_SIZE", 4)),
                   help="threads of /hash-sync's executor (default: as many as the "
                        "native pool, UV_THREADPOOL_SIZE or 4)")
    p.add_argument("--grace", type=float, default=10.0,
                   help="seconds a worker has to finish its requests when stopped")
    p.add_argument("--ready-timeout", type=float, default=60.0)
    # set by the supervisor for its workers
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--listen-fd", type=int, help=argparse.SUPPRESS)
    p.add_argument("--ready-fd", type=int, help=argparse.SUPPRESS)
    p.add_argument("--alive-fd", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.workers < 1:
        p.error("--workers must be at least 1")
    if args.grace <= 0:
        p.error("--grace must be more than 0")
    if args.socket == "reuseport" and not hasattr(socket, "SO_REUSEPORT"):
        p.error("this system has no SO_REUSEPORT: use --socket inherit")
    return args


# -- the worker ---------------------------------------------------------------------

def run_worker(args: argparse.Namespace) -> None:
    # The addon is loaded here, in a fresh interpreter: nothing is forked after an
    # addon has started its threads.
    import concurrent.futures

    from aiohttp import web

    import napi_python

    argon2 = napi_python.require("@node-rs/argon2")
    options = {"memoryCost": args.memory_cost, "timeCost": args.time_cost,
               "parallelism": LANES, "algorithm": argon2.Algorithm.Argon2id}
    executor = concurrent.futures.ThreadPoolExecutor(args.executor_threads)
    pid = str(os.getpid())

    async def hash_async(request: web.Request) -> web.Response:
        password = await request.text()
        # A Promise: the addon queues the work on napi-python's thread pool, which
        # hashes without the GIL; this coroutine awaits while the loop serves others.
        return web.Response(text=await argon2.hash(password, options))

    async def hash_sync(request: web.Request) -> web.Response:
        password = await request.text()
        # hashSync runs on an executor thread but holds the GIL for the whole hash
        # (every synchronous addon call does): one hash at a time per process.
        loop = asyncio.get_running_loop()
        return web.Response(text=await loop.run_in_executor(
            executor, argon2.hashSync, password, options))

    async def verify(request: web.Request) -> web.Response:
        try:
            body = await request.json()
            password, hashed = body["password"], body["hash"]
            if not isinstance(password, str) or not isinstance(hashed, str):
                raise TypeError("password and hash must be strings")
        except (ValueError, KeyError, TypeError) as e:
            raise web.HTTPBadRequest(text=f"expected {{password, hash}}: {e}")
        try:
            ok = await argon2.verify(hashed, password)
        except napi_python.JSError as e:     # not an argon2 hash string
            raise web.HTTPBadRequest(text=str(e))
        return web.json_response({"ok": ok})

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"pid": os.getpid()})

    async def add_pid(request: web.Request, response: web.StreamResponse) -> None:
        response.headers["X-Worker-Pid"] = pid

    app = web.Application()
    app.on_response_prepare.append(add_pid)
    app.router.add_post("/hash", hash_async)
    app.router.add_post("/hash-sync", hash_sync)
    app.router.add_post("/verify", verify)
    app.router.add_get("/health", health)

    if args.listen_fd is not None:           # --socket inherit: the supervisor's socket
        sock = socket.socket(fileno=args.listen_fd)
    else:                                    # --socket reuseport: a socket of our own
        sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((args.host, args.port))

    async def serve() -> None:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)

        def supervisor_gone() -> None:       # EOF: the supervisor's end is closed
            if not os.read(args.alive_fd, 1):
                loop.remove_reader(args.alive_fd)
                stop.set()
        loop.add_reader(args.alive_fd, supervisor_gone)

        runner = web.AppRunner(app, access_log=None, handle_signals=False,
                               shutdown_timeout=args.grace)
        await runner.setup()
        await web.SockSite(runner, sock, backlog=1024).start()
        os.write(args.ready_fd, f"{pid}\n".encode())
        os.close(args.ready_fd)
        try:
            await stop.wait()
        finally:
            # stops accepting, lets the requests in progress finish (up to --grace)
            await runner.cleanup()
            executor.shutdown(wait=True)

    asyncio.run(serve())


# -- the supervisor -----------------------------------------------------------------

class Stop(Exception):
    pass


def run_supervisor(args: argparse.Namespace) -> int:
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    holder = socket.socket(family)
    try:
        if args.socket == "reuseport":
            # Bound but never listening: it keeps the port (and picks it for --port
            # 0) while the workers bind it too; connections go only to listening
            # sockets.
            holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            holder.bind((args.host, args.port))
        else:
            holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            holder.bind((args.host, args.port))
            holder.listen(1024)
    except OSError as e:
        print(f"error: cannot listen on {args.host}:{args.port}: {e}", file=sys.stderr)
        holder.close()
        return 1
    port = holder.getsockname()[1]

    ready_r, ready_w = os.pipe()   # workers write their pid once they listen
    alive_r, alive_w = os.pipe()   # never written: EOF tells the workers we are gone
    command = [sys.executable, os.path.abspath(__file__), "--worker",
               "--host", args.host, "--port", str(port),
               "--memory-cost", str(args.memory_cost), "--time-cost", str(args.time_cost),
               "--executor-threads", str(args.executor_threads),
               "--grace", str(args.grace),
               "--ready-fd", str(ready_w), "--alive-fd", str(alive_r)]
    pass_fds = [ready_w, alive_r]
    if args.socket == "inherit":
        command += ["--listen-fd", str(holder.fileno())]
        pass_fds.append(holder.fileno())

    stopping = False

    def on_signal(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            raise Stop

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    workers: list[subprocess.Popen[bytes]] = []
    status = 0
    try:
        for _ in range(args.workers):
            workers.append(subprocess.Popen(command, pass_fds=pass_fds))
        os.close(ready_w)
        os.close(alive_r)
        pids = wait_ready(ready_r, workers, args.ready_timeout)
        host = f"[{args.host}]" if ":" in args.host else args.host
        print(f"listening on http://{host}:{port} workers={len(pids)} "
              f"pids={','.join(pids)} socket={args.socket}", flush=True)
        while True:
            for w in workers:
                if w.poll() is not None:
                    print(f"worker {w.pid} exited with {w.returncode}: stopping",
                          file=sys.stderr, flush=True)
                    status = 1
                    raise Stop
            time.sleep(0.5)
    except Stop:
        pass
    except Exception as e:
        print(f"error: {e}", file=sys.stderr, flush=True)
        status = 1
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        status = stop_workers(workers, args.grace) or status
        os.close(alive_w)
        os.close(ready_r)
        holder.close()
    return status


def wait_ready(ready_r: int, workers: list[subprocess.Popen[bytes]],
               timeout: float) -> list[str]:
    """The pids the workers write once they listen, all of them or an exception."""
    deadline = time.monotonic() + timeout
    data = b""
    while data.count(b"\n") < len(workers):
        for w in workers:
            if w.poll() is not None:
                raise RuntimeError(f"worker {w.pid} exited with {w.returncode} "
                                   "before it listened")
        left = deadline - time.monotonic()
        if left <= 0:
            raise RuntimeError(f"the workers did not listen within {timeout} s")
        if select.select([ready_r], [], [], min(left, 0.2))[0]:
            data += os.read(ready_r, 4096)
    return data.decode().split()


def stop_workers(workers: list[subprocess.Popen[bytes]], grace: float) -> int:
    """SIGTERM to each worker still running, SIGKILL after grace (+5 s for the
    interpreter's exit); 0 if each ended with status 0 when asked."""
    status = 0
    for w in workers:
        if w.poll() is None:
            w.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace + 5
    for w in workers:
        try:
            w.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            w.kill()
            w.wait()
        if w.returncode != 0:
            status = 1
    return status


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        run_worker(args)
        return 0
    return run_supervisor(args)


if __name__ == "__main__":
    sys.exit(main())
