"""Cookbook: an asyncio (aiohttp) endpoint hashing passwords with @node-rs/argon2,
beside the same endpoint with argon2-cffi in a thread pool, and a load loop that
measures both (docs/cookbook.rst).

    napi-python install @node-rs/argon2@2.2.1
    pip install aiohttp argon2-cffi
    python argon2_server.py --requests 400 --concurrency 16

It starts the server on 127.0.0.1 (a free port), sends the requests to each endpoint
from the same process, prints requests per second, and checks that each library
verifies the other's hashes (both write the standard $argon2id$... string).
"""

import argparse
import asyncio
import concurrent.futures
import os
import time

import aiohttp
import argon2            # argon2-cffi
from aiohttp import web

import napi_python

node_argon2 = napi_python.require("@node-rs/argon2")

# The same work for both: Argon2id, 19 MiB, 2 passes, 1 lane (OWASP's minimum and
# @node-rs/argon2's defaults).
MEMORY_KIB, TIME_COST, LANES = 19456, 2, 1
NODE_OPTIONS = {"memoryCost": MEMORY_KIB, "timeCost": TIME_COST, "parallelism": LANES,
                "algorithm": node_argon2.Algorithm.Argon2id}
cffi_hasher = argon2.PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_KIB,
                                    parallelism=LANES, type=argon2.Type.ID)
# argon2-cffi blocks its thread (it releases the GIL): run it in a pool as large as
# the one napi-python runs async work on (UV_THREADPOOL_SIZE, default 4).
pool = concurrent.futures.ThreadPoolExecutor(
    max_workers=int(os.environ.get("UV_THREADPOOL_SIZE", 4)))


async def hash_node(request: web.Request) -> web.Response:
    password = await request.text()
    # hash() returns a JS Promise; the work runs on the addon's native thread pool and
    # the Promise is awaitable: the event loop keeps serving other requests.
    return web.Response(text=await node_argon2.hash(password, NODE_OPTIONS))


async def hash_cffi(request: web.Request) -> web.Response:
    password = await request.text()
    loop = asyncio.get_running_loop()
    return web.Response(text=await loop.run_in_executor(pool, cffi_hasher.hash, password))


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_post("/hash/node-rs", hash_node)
    app.router.add_post("/hash/argon2-cffi", hash_cffi)
    return app


async def load(session: aiohttp.ClientSession, url: str, requests: int,
               concurrency: int) -> tuple[float, list[tuple[str, str]]]:
    """Sends `requests` POSTs with at most `concurrency` in flight; returns
    (requests per second, the hashes)."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(f"password-{i}")
    hashes: list[tuple[str, str]] = []

    async def worker() -> None:
        while not queue.empty():
            password = queue.get_nowait()
            async with session.post(url, data=password) as r:
                r.raise_for_status()
                hashes.append((password, await r.text()))

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return requests / (time.perf_counter() - start), hashes


async def main(requests: int, concurrency: int) -> None:
    runner = web.AppRunner(make_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with aiohttp.ClientSession() as session:
            results: dict[str, list[tuple[str, str]]] = {}
            for name in ("node-rs", "argon2-cffi"):
                url = f"http://127.0.0.1:{port}/hash/{name}"
                await load(session, url, min(concurrency, requests), concurrency)  # warm up
                rate, hashes = await load(session, url, requests, concurrency)
                results[name] = hashes
                print(f"{name:12} {rate:8.1f} requests/s  ({requests} requests, "
                      f"{concurrency} in flight)")
    finally:
        await runner.cleanup()

    # Both did the same work, and each library verifies the other's hashes and
    # rejects a wrong password.
    params = f"$argon2id$v=19$m={MEMORY_KIB},t={TIME_COST},p={LANES}$"
    for password, h in results["node-rs"][:3]:
        assert h.startswith(params), h
        assert cffi_hasher.verify(h, password)
    for password, h in results["argon2-cffi"][:3]:
        assert h.startswith(params), h
        assert await node_argon2.verify(h, password)
        assert not await node_argon2.verify(h, password + "!")
    print("cross-verified: ok")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    asyncio.run(main(args.requests, args.concurrency))
