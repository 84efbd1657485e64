"""Load test of the assessment endpoint on loopback, bounded in time (``make bench``, never in tests).

Starts the service (uvicorn, two workers) in its own process on a free local port with a throwaway
data folder, creates an API token, then a separate load process sends POST /api/v1/assess requests
with a fixed concurrency for a fixed time and reports throughput and latency percentiles.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

DURATION = 10.0
CONCURRENCY = 16
VICTIMS = ["FI", "SE", "PL", "EE", "FR", "DE", "ES", "IT", "GR", "RO", "LT", "LV", "NL", "BE", "PT", "CZ"]
KINDS = ["armed-attack", "terrorist-attack", "cyber-attack", "natural-disaster", "threat"]


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _load(url: str, token: str) -> tuple[int, list[float], int]:
    rng = random.Random(7)
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + DURATION
    headers = {"Authorization": f"Bearer {token}"}

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.perf_counter() < stop:
            body = {
                "kind": rng.choice(KINDS),
                "victim": rng.choice(VICTIMS),
                "by": "unknown",
                "date": f"{rng.randint(2000, 2025)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            }
            start = time.perf_counter()
            response = await client.post(url + "/api/v1/assess", json=body, headers=headers)
            latencies.append(time.perf_counter() - start)
            errors += response.status_code != 200

    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:
        await asyncio.gather(*(worker(client) for _ in range(CONCURRENCY)))
    return len(latencies), latencies, errors


def main() -> None:
    """Run the service and the load, print the figures."""
    with tempfile.TemporaryDirectory() as data:
        env = {
            **os.environ,
            "COOPSEC_DATA_DIR": data,
            "COOPSEC_ENVIRONMENT": "test",
            "COOPSEC_SECRET_KEY": "a-benchmark-secret-that-is-long-enough",
        }
        bin_dir = Path(sys.executable).parent
        token = subprocess.run(
            [
                str(bin_dir / "coopsec"),
                "users",
                "add",
                "bench",
                "--state",
                "FI",
                "--agency",
                "defence",
                "--role",
                "analyst",
                "--json",
            ],
            input="a-long-bench-password\n",
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        del token
        secret = json.loads(
            subprocess.run(
                [str(bin_dir / "coopsec"), "tokens", "create", "bench", "--name", "bench", "--json"],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )["token"]
        port = _port()
        server = subprocess.Popen(
            [
                str(bin_dir / "uvicorn"),
                "--factory",
                "coopsec.api.asgi:app_factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(url + "/api/v1/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("the service did not start")
                time.sleep(0.2)
            asyncio.run(_load(url, secret))  # warm-up of both workers' memo
            count, latencies, errors = asyncio.run(_load(url, secret))
        finally:
            server.terminate()
            server.wait(timeout=20)
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99)] * 1000
    print(
        f"POST /api/v1/assess: {count / DURATION:.0f} requests/s over {DURATION:.0f} s with {CONCURRENCY} "
        f"concurrent clients; latency p50 {p50:.1f} ms, p99 {p99:.1f} ms; {errors} errors"
    )


if __name__ == "__main__":
    main()
