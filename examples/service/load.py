"""A bounded load test for server.py: a fixed number of POSTs to one endpoint on
127.0.0.1, a fixed number in flight, stopped after --timeout seconds whatever
happens. Prints requests/s and the latency percentiles as text, then the same as one
line of JSON.

    python load.py --port 8080 --path /hash --requests 1000 --concurrency 16

Only 127.0.0.1 is accepted as the host: this is a tool for measuring one's own
machine, not for loading somebody else's.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import sys
import time
from typing import Any

import aiohttp

HOST = "127.0.0.1"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--path", default="/hash", choices=("/hash", "/hash-sync"))
    p.add_argument("--requests", type=int, default=500, help="measured requests")
    p.add_argument("--concurrency", type=int, default=16, help="requests in flight")
    p.add_argument("--warmup", type=int, default=None,
                   help="requests sent first and not measured (default: --concurrency)")
    p.add_argument("--timeout", type=float, default=120.0,
                   help="seconds after which the run stops, finished or not")
    p.add_argument("--new-connections", action="store_true",
                   help="one connection per request (else: keep-alive connections)")
    args = p.parse_args(argv)
    if not 1 <= args.requests <= 100_000:
        p.error("--requests: 1 to 100000")
    if not 1 <= args.concurrency <= 256:
        p.error("--concurrency: 1 to 256")
    if not 0 < args.timeout <= 3600:
        p.error("--timeout: up to 3600 s")
    if args.warmup is None:
        args.warmup = args.concurrency
    return args


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * q // 100))
    return sorted_values[int(rank) - 1]


async def run(url: str, count: int, concurrency: int, new_connections: bool,
              deadline: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors: collections.Counter[str] = collections.Counter()
    pids: collections.Counter[str] = collections.Counter()
    next_index = 0
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=new_connections)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one_client() -> None:
            nonlocal next_index
            while next_index < count and time.monotonic() < deadline:
                password = f"password-{next_index}"
                next_index += 1
                start = time.perf_counter()
                try:
                    async with session.post(url, data=password) as r:
                        body = await r.text()
                        if r.status != 200 or not body.startswith("$argon2"):
                            errors[f"HTTP {r.status}"] += 1
                            continue
                        pids[r.headers.get("X-Worker-Pid", "?")] += 1
                except aiohttp.ClientError as e:
                    errors[type(e).__name__] += 1
                    continue
                latencies.append(time.perf_counter() - start)

        start = time.perf_counter()
        clients = [asyncio.ensure_future(one_client()) for _ in range(concurrency)]
        try:
            await asyncio.wait_for(asyncio.gather(*clients),
                                   max(0.0, deadline - time.monotonic()) + 5)
        except asyncio.TimeoutError:
            errors["cut off by --timeout"] += 1
        elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "url": url,
        "requests": count,
        "completed": len(latencies),
        "errors": dict(errors),
        "stopped_by_timeout": time.monotonic() >= deadline and len(latencies) < count,
        "concurrency": concurrency,
        "new_connections": new_connections,
        "seconds": round(elapsed, 3),
        "requests_per_s": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else float("nan"),
        "by_worker_pid": dict(sorted(pids.items())),
    }


async def main(args: argparse.Namespace) -> dict[str, Any]:
    url = f"http://{HOST}:{args.port}{args.path}"
    deadline = time.monotonic() + args.timeout
    if args.warmup:
        await run(url, args.warmup, args.concurrency, args.new_connections, deadline)
    return await run(url, args.requests, args.concurrency, args.new_connections,
                     deadline)


if __name__ == "__main__":
    args = parse_args()
    result = asyncio.run(main(args))
    print(f"{result['url']}: {result['completed']}/{result['requests']} requests in "
          f"{result['seconds']} s, {args.concurrency} in flight"
          f"{', new connection each' if args.new_connections else ''}")
    print(f"  {result['requests_per_s']} requests/s, latency p50 {result['p50_ms']} ms, "
          f"p99 {result['p99_ms']} ms, max {result['max_ms']} ms")
    print(f"  answered by worker pid: {result['by_worker_pid']}")
    if result["errors"]:
        print(f"  errors: {result['errors']}")
    if result["stopped_by_timeout"]:
        print(f"  stopped by --timeout {args.timeout} before the end")
    print(json.dumps(result))
    sys.exit(1 if result["errors"] or result["completed"] < result["requests"] else 0)
