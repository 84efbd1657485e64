"""The service as ``coopsec serve`` runs it, on a free loopback port with a throwaway data folder (benchmarks only)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent
PASSWORD = "a-long-bench-password"


@dataclass(frozen=True)
class Running:
    """A running service: its URL, its environment (for ``coopsec`` commands) and its data folder."""

    url: str
    env: dict[str, str]
    data: Path


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def coopsec(running: Running, *args: str, stdin: str | None = None) -> str:
    """Run a ``coopsec`` command against the service's data folder; its standard output."""
    done = subprocess.run(
        [str(BIN / "coopsec"), *args], input=stdin, env=running.env, capture_output=True, text=True, check=True
    )
    return done.stdout


@contextmanager
def service(user: str = "bench") -> Iterator[Running]:
    """Start uvicorn with the app factory, with an analyst ``user`` (password :data:`PASSWORD`); stop it after."""
    with tempfile.TemporaryDirectory() as data:
        env = {
            **os.environ,
            "COOPSEC_DATA_DIR": data,
            "COOPSEC_ENVIRONMENT": "test",
            "COOPSEC_SECRET_KEY": "a-benchmark-secret-that-is-long-enough",
        }
        port = _port()
        running = Running(f"http://127.0.0.1:{port}", env, Path(data))
        coopsec(
            running,
            "users",
            "add",
            user,
            "--state",
            "FI",
            "--agency",
            "defence",
            "--role",
            "analyst",
            stdin=PASSWORD + "\n",
        )
        server = subprocess.Popen(
            [
                str(BIN / "uvicorn"),
                "--factory",
                "coopsec.http.asgi:app_factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(running.url + "/api/v1/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("the service did not start")
                time.sleep(0.2)
            yield running
        finally:
            server.terminate()
            server.wait(timeout=20)
