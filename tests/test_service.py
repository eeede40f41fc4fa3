"""examples/service (docs/service.rst): the multi-process aiohttp service runs as a
user would run it, in real processes on real sockets on 127.0.0.1, with
@node-rs/argon2 installed from the npm registry the way the cookbook's tests get
it (test_cookbook's ``prefix`` fixture). Each worker is a new interpreter that
loads the addon itself. Checked: every answer is right (the hashes verify with
argon2-cffi, an independent Argon2 implementation), both workers answer, and the
service stops cleanly however it is stopped, leaving no process behind. The figures
of load.py are not checked (no timed assertions), only its report."""

import asyncio
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from test_cookbook import prefix  # noqa: F401  (the fixture: packages from the registry)

ROOT = Path(__file__).resolve().parent.parent
SERVICE = ROOT / "examples" / "service"
# A light cost keeps the test quick on a busy machine; the parameters are checked in
# every hash.
COST = ["--memory-cost", "4096", "--time-cost", "1"]
PARAMS = "$argon2id$v=19$m=4096,t=1,p=1$"
TIMEOUT = 60   # seconds for any one step (start, a batch of requests, stop)


def alive(pid: int) -> bool:
    """The process exists and is not a zombie (an orphan whose reaper is slow)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def threads(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^Threads:\s+(\d+)$", status, re.M)[1])


def wait_gone(pids, timeout=TIMEOUT) -> list[int]:
    """The pids still alive after waiting up to timeout for them to end."""
    deadline = time.monotonic() + timeout
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return [p for p in pids if alive(p)]


class Service:
    """server.py started in a subprocess (on a free port unless args has a --port);
    start() waits for its 'listening' line."""

    def __init__(self, cwd, *args):
        self.proc = subprocess.Popen(
            [sys.executable, str(SERVICE / "server.py"), "--port", "0", *args],
            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.port = None
        self.pids: list[int] = []

    def start(self):
        line = self.first_line()
        m = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+) workers=(\d+) "
                         r"pids=([\d,]+) socket=(\w+)\n", line)
        assert m, (line, self.output())
        self.port = int(m[1])
        self.pids = [int(p) for p in m[3].split(",")]
        assert len(self.pids) == int(m[2])
        assert self.proc.pid not in self.pids
        return self

    def first_line(self) -> str:
        ready, _, _ = select.select([self.proc.stdout], [], [], TIMEOUT)
        assert ready, "no line from the service within the timeout"
        return self.proc.stdout.readline()

    def output(self) -> tuple[int, str, str]:
        """Waits for the supervisor's exit: (status, rest of stdout, stderr)."""
        out, err = self.proc.communicate(timeout=TIMEOUT)
        return self.proc.returncode, out, err

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def kill_all(self):
        """After a failed test: nothing may stay behind."""
        for pid in [self.proc.pid, *self.pids]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if self.proc.poll() is None:
            self.proc.wait(TIMEOUT)


@pytest.fixture
def start(prefix):  # noqa: F811
    services = []

    def start(*args, cwd=prefix):
        s = Service(cwd, *args)
        services.append(s)
        return s
    yield start
    for s in services:
        s.kill_all()
        if s.proc.stdout:
            s.proc.stdout.close()
            s.proc.stderr.close()


async def post_all(url, passwords, concurrency=4):
    """POSTs each password on a new connection (so SO_REUSEPORT picks a worker for
    each one); returns [(password, status, body, worker pid)] in order."""
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=True)
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        async def one(password):
            async with session.post(url, data=password) as r:
                return password, r.status, await r.text(), int(r.headers["X-Worker-Pid"])
        return await asyncio.gather(*(one(p) for p in passwords))


async def verify(url, password, hashed):
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as s:
        async with s.post(url, json={"password": password, "hash": hashed}) as r:
            return r.status, await r.text()


def cffi_verify(pairs):
    """argon2-cffi, an independent Argon2 implementation, checks (hash, password)
    pairs; in a process of its own: its cffi backend's module-init allocations are
    never freed, which LeakSanitizer would report at the exit of the ASan run."""
    env = dict(os.environ)
    if "ASAN_OPTIONS" in env:
        env["ASAN_OPTIONS"] += ":detect_leaks=0"
    code = ("import argon2, json, sys; h = argon2.PasswordHasher(); "
            "print(json.dumps([h.verify(b, p) for b, p in json.load(sys.stdin)]))")
    r = subprocess.run([sys.executable, "-c", code], input=json.dumps(pairs),
                       capture_output=True, text=True, timeout=TIMEOUT, env=env)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def check_hashes(results, pids):
    for password, status, body, pid in results:
        assert status == 200, (password, status, body)
        assert body.startswith(PARAMS), body
        assert pid in pids
    assert cffi_verify([[body, password] for password, _, body, _ in results]) == \
        [True] * len(results)
    assert len({body for _, _, body, _ in results}) == len(results)   # salted


def stop(service):
    """SIGTERM to the supervisor: it exits 0 and takes its workers with it."""
    service.proc.send_signal(signal.SIGTERM)
    status, out, err = service.output()
    assert status == 0, (out, err)
    assert wait_gone(service.pids, timeout=0) == []   # reaped by the supervisor
    return out, err


def test_two_workers_share_the_port(start):
    s = start("--workers", "2", "--socket", "reuseport", *COST).start()
    assert len(s.pids) == 2 and all(alive(p) for p in s.pids)
    passwords = [f"pässword-{i}" for i in range(40)]
    results = asyncio.run(post_all(s.url("/hash"), passwords))
    check_hashes(results, s.pids)
    # 40 new connections, each given to a worker by a hash of its source port: both
    # answer (the chance that all 40 go to one of the two is 2**-39).
    assert {pid for *_, pid in results} == set(s.pids)

    # the same through hashSync in the executor
    check_hashes(asyncio.run(post_all(s.url("/hash-sync"), passwords[:8])), s.pids)

    # /verify: the right password, a wrong one, a string that is no hash, no hash
    password, _, hashed, _ = results[0]
    assert asyncio.run(verify(s.url("/verify"), password, hashed)) == (200, '{"ok": true}')
    assert asyncio.run(verify(s.url("/verify"), password + "!", hashed)) == \
        (200, '{"ok": false}')
    status, body = asyncio.run(verify(s.url("/verify"), password, "not a hash"))
    assert status == 400, body
    status, body = asyncio.run(verify(s.url("/verify"), password, None))
    assert status == 400 and "expected {password, hash}" in body, body

    out, err = stop(s)
    assert out == "" and "Traceback" not in err, (out, err)


def test_inherited_socket(start):
    s = start("--workers", "2", "--socket", "inherit", *COST).start()
    results = asyncio.run(post_all(s.url("/hash"), [f"pw{i}" for i in range(20)]))
    # which worker accepts from the one shared queue is up to the scheduler: only
    # the answers are checked here
    check_hashes(results, s.pids)
    stop(s)


def test_requests_in_flight_finish_on_sigterm(start):
    # A slow hash (64 MiB, 8 passes) is in progress when SIGTERM arrives: the worker
    # stops accepting but answers it before exiting.
    s = start("--workers", "1", "--memory-cost", "65536", "--time-cost", "8").start()

    [worker] = s.pids
    threads_before = threads(worker)

    async def hash_then_stop():
        task = asyncio.ensure_future(post_all(s.url("/hash"), ["slow"]))
        # napi-python starts its thread pool when the first async work is queued
        # (docs/guide.rst): once the worker has more threads, the handler runs
        deadline = time.monotonic() + TIMEOUT
        while threads(worker) == threads_before and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        s.proc.send_signal(signal.SIGTERM)
        return await task

    [(password, status, body, pid)] = asyncio.run(hash_then_stop())
    assert status == 200 and body.startswith("$argon2id$v=19$m=65536,t=8,p=1$")
    assert cffi_verify([[body, password]]) == [True]
    status, out, err = s.output()
    assert status == 0, (out, err)
    assert wait_gone(s.pids, timeout=0) == []


def test_workers_exit_when_the_supervisor_is_killed(start):
    s = start("--workers", "2", *COST).start()
    s.proc.kill()                      # SIGKILL: no chance to stop the workers
    s.proc.wait(TIMEOUT)
    # each worker sees the end of the supervisor's pipe and stops on its own
    assert wait_gone(s.pids) == []


def test_a_dead_worker_stops_the_service(start):
    s = start("--workers", "2", *COST).start()
    os.kill(s.pids[0], signal.SIGKILL)
    status, out, err = s.output()
    assert status == 1
    assert f"worker {s.pids[0]} exited with -9: stopping" in err, err
    assert wait_gone(s.pids, timeout=0) == []


def test_addon_not_installed(start, tmp_path):
    # no node_modules with @node-rs/argon2 from tmp_path up: the workers fail to
    # start, the supervisor says so and exits 1
    s = start("--workers", "2", cwd=tmp_path)
    status, out, err = s.output()
    assert status == 1 and out == "", (out, err)
    assert "AddonNotFoundError" in err or "Cannot find module" in err, err
    assert re.search(r"error: worker \d+ exited with 1 before it listened", err), err


def test_port_taken(start):
    # a plain socket listens on the port: neither way of sharing it may join
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        for how in ("reuseport", "inherit"):
            s = start("--workers", "1", "--socket", how, "--port", str(port), *COST)
            status, out, err = s.output()
            assert status == 1 and out == "", (how, out, err)
            assert f"error: cannot listen on 127.0.0.1:{port}: " in err, (how, err)


def test_load_script(start):
    s = start("--workers", "2", *COST).start()
    r = subprocess.run(
        [sys.executable, str(SERVICE / "load.py"), "--port", str(s.port),
         "--requests", "20", "--concurrency", "4", "--new-connections", "--timeout", "60"],
        capture_output=True, text=True, timeout=TIMEOUT + 30)
    assert r.returncode == 0, (r.stdout, r.stderr)
    lines = r.stdout.splitlines()
    assert "requests/s, latency p50" in lines[1] and " ms, p99 " in lines[1], lines
    report = json.loads(lines[-1])
    assert report["url"] == s.url("/hash")
    assert report["completed"] == report["requests"] == 20 and report["errors"] == {}
    assert report["stopped_by_timeout"] is False
    assert sum(report["by_worker_pid"].values()) == 20
    assert {int(p) for p in report["by_worker_pid"]} <= set(s.pids)
    assert report["requests_per_s"] > 0 and report["p50_ms"] <= report["p99_ms"]

    # --timeout ends a run that cannot finish in time (100000 hashes in 1 s)
    r = subprocess.run(
        [sys.executable, str(SERVICE / "load.py"), "--port", str(s.port),
         "--requests", "100000", "--concurrency", "4", "--timeout", "1"],
        capture_output=True, text=True, timeout=TIMEOUT)
    assert r.returncode == 1, (r.stdout, r.stderr)
    report = json.loads(r.stdout.splitlines()[-1])
    assert report["stopped_by_timeout"] is True and report["completed"] < 100000
    assert "stopped by --timeout 1.0 before the end" in r.stdout
    stop(s)

    # bounds it refuses
    for bad in (["--requests", "0"], ["--concurrency", "1000"], ["--timeout", "0"]):
        r = subprocess.run([sys.executable, str(SERVICE / "load.py"), *bad],
                           capture_output=True, text=True, timeout=TIMEOUT)
        assert r.returncode == 2 and "error:" in r.stderr, (bad, r.stderr)


def test_measure_script(prefix):  # noqa: F811
    # the script behind the table of docs/service.rst, with tiny numbers
    r = subprocess.run(
        [sys.executable, str(SERVICE / "measure.py"), "--workers", "1", "2",
         "--requests", "8", "--concurrency", "2", *COST],
        cwd=prefix, capture_output=True, text=True, timeout=4 * TIMEOUT)
    assert r.returncode == 0, (r.stdout, r.stderr)
    rows = json.loads(r.stdout.splitlines()[-1])
    assert [(row["workers"], row["url"].rsplit("/", 1)[1]) for row in rows] == \
        [(1, "hash"), (1, "hash-sync"), (2, "hash"), (2, "hash-sync")]
    for row in rows:
        assert row["completed"] == 8 and row["errors"] == {}, row
        assert len(row["by_worker_pid"]) <= row["workers"]
        assert row["worker_cores"] >= 0 and row["other_cores"] >= 0
        assert row["runnable_threads"] >= 0
    assert len(r.stdout.splitlines()) == 1 + 4 + 1
