"""Concurrent writes against a real server process, on SQLite and PostgreSQL (issue 9, point 1).

Fifty clients create 200 API tokens at once through ``coopsec``'s API served by uvicorn in its own
process on loopback, while another client polls ``/api/v1/health``. Every write must succeed, at once
or after a 503 with ``Retry-After`` (bounded retries), nothing may be duplicated, the audit chain must
verify, and every health check must be answered. Latencies are printed for information only: the
test asserts no timings, so a slow machine cannot make it flaky.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from coopsec.errors import StoreBusyError
from coopsec.http import create_app
from coopsec.http.asgi import set_no_delay
from coopsec.kb import KnowledgeBase
from coopsec.service import bootstrap
from coopsec.settings import Settings
from coopsec.store import audit, open_store
from coopsec.store.models import ApiToken

CLIENTS = 50
WRITES = 200
RETRIES = 30
SECRET = "a-concurrency-test-secret-long-enough-for-hs256"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(params=[1, 2], ids=["1-worker", "2-workers"])
def server(request: pytest.FixtureRequest, database_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """``coopsec serve --workers N`` on a free loopback port, in its own processes: (base URL, admin password)."""
    env = {
        **os.environ,
        "COOPSEC_DATABASE_URL": database_url,
        "COOPSEC_DATA_DIR": str(tmp_path),
        "COOPSEC_ENVIRONMENT": "test",
        "COOPSEC_SECRET_KEY": SECRET,
        "COOPSEC_LOGIN_ATTEMPTS_PER_MINUTE": "1000",
    }
    settings = Settings(database_url=database_url, data_dir=tmp_path, environment="test", secret_key=SECRET)
    _, password = bootstrap(settings)  # the first administrator, created here so the test knows the password
    assert password is not None
    port = _free_port()
    command = [str(Path(sys.executable).parent / "coopsec"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(request.param)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # up to ~30 s to start (loading the knowledge base)
            if process.poll() is not None:
                pytest.fail(f"the server exited: {process.communicate()[0]}")
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer /api/v1/health within 30 s")
        yield base, password
    finally:
        process.terminate()
        try:
            process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def _create_tokens(base: str, auth: dict[str, str], client_id: int, count: int) -> list[tuple[str, int, int]]:
    """Create ``count`` tokens, retrying on 503: (name, final status, 503s seen) for each."""
    results = []
    with httpx.Client(base_url=base, headers=auth, timeout=30) as client:
        for i in range(count):
            name = f"client{client_id}-write{i}"
            busy = 0
            status = 0  # 0: the connection failed (a reset or a timeout), which must never happen
            for _ in range(RETRIES):
                try:
                    response = client.post("/api/v1/auth/api-tokens", json={"name": name})
                except httpx.TransportError:
                    break
                status = response.status_code
                if status != 503:
                    break
                busy += 1
                body = response.json()
                assert body["ok"] is False and body["status"] == 503 and body["errors"], body
                time.sleep(min(float(response.headers["Retry-After"]), 1.0) / 10)
            results.append((name, status, busy))
    return results


def _poll_health(base: str, stop: threading.Event, latencies: list[float], statuses: list[int]) -> None:
    with httpx.Client(base_url=base, timeout=5) as client:
        for _ in range(2000):  # bounded, whatever happens to the writers
            if stop.is_set():
                return
            started = time.perf_counter()
            try:
                statuses.append(client.get("/api/v1/health").status_code)
            except httpx.TransportError:  # no answer within the 5 s timeout, or a reset
                statuses.append(0)
            latencies.append(time.perf_counter() - started)
            time.sleep(0.02)


def test_set_no_delay_on_a_socket_bound_as_uvicorn_workers_bind_it() -> None:
    """uvicorn's workers listen on ``socket.socket(family)`` (proto 0): asyncio then leaves Nagle on."""

    async def accept_one() -> tuple[int, int]:
        listener = socket.socket(socket.AF_INET)
        listener.bind(("127.0.0.1", 0))
        accepted: asyncio.Future[tuple[int, int]] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                sock = transport.get_extra_info("socket")
                before = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
                set_no_delay(transport)
                accepted.set_result((before, sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
        _, writer = await asyncio.open_connection(*listener.getsockname())
        try:
            return await asyncio.wait_for(accepted, 10)
        finally:
            writer.close()
            server.close()

    before, after = asyncio.run(accept_one())
    assert before == 0  # the cause of the constant ~45 ms with --workers
    assert after != 0


def test_concurrent_writes_all_land_once_and_health_keeps_answering(server: tuple[str, str], database_url: str) -> None:
    base, password = server
    login = httpx.post(f"{base}/api/v1/auth/token", data={"username": "admin", "password": password}, timeout=10)
    assert login.status_code == 200, login.text
    auth = {"Authorization": f"Bearer {login.json()['access_token']}"}

    stop, latencies, statuses = threading.Event(), list[float](), list[int]()
    poller = threading.Thread(target=_poll_health, args=(base, stop, latencies, statuses))
    poller.start()
    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            batches = pool.map(lambda c: _create_tokens(base, auth, c, WRITES // CLIENTS), range(CLIENTS))
            results = [r for batch in batches for r in batch]
    finally:
        stop.set()
        poller.join()

    outcome = Counter(status for _, status, _ in results)
    retried = sum(busy for _, _, busy in results)
    print(
        f"\n{database_url.partition(':')[0]}: writes {dict(outcome)}, 503s retried {retried}; health checks "
        f"{len(statuses)}, max latency {max(latencies):.3f} s (information only)"
    )
    assert outcome == {201: WRITES}, outcome
    assert statuses and set(statuses) == {200}, Counter(statuses)

    store = open_store(database_url, pool_size=2)
    with store.session(write=False) as session:
        names = session.execute(select(ApiToken.name)).scalars().all()
        hashes = session.execute(select(ApiToken.token_hash)).scalars().all()
        checked, findings = audit.verify(session)
    store.engine.dispose()
    assert sorted(names) == sorted(name for name, _, _ in results)  # each write once: none lost, none doubled
    assert len(set(hashes)) == WRITES
    assert not findings, findings
    assert checked >= WRITES + 1  # the first administrator and every token


def test_a_busy_store_answers_503_with_retry_after(tmp_path: Path, kb: KnowledgeBase) -> None:
    settings = Settings(data_dir=tmp_path, environment="test", secret_key=SECRET, db_timeout=0.2)
    store, password = bootstrap(settings)
    app = create_app(settings, kb, store)
    with TestClient(app) as client:
        token = client.post("/api/v1/auth/token", data={"username": "admin", "password": password}).json()
        auth = {"Authorization": f"Bearer {token['access_token']}"}
        holding, release = threading.Event(), threading.Event()

        def hold_the_writer_lock() -> None:
            with store.session():
                holding.set()
                release.wait(10)

        holder = threading.Thread(target=hold_the_writer_lock)
        holder.start()
        try:
            assert holding.wait(10)
            response = client.post("/api/v1/auth/api-tokens", json={"name": "while busy"}, headers=auth)
            health = client.get("/api/v1/health")
        finally:
            release.set()
            holder.join()
        assert response.status_code == 503, response.text
        assert response.headers["Retry-After"] == "1"
        body = response.json()
        assert body["ok"] is False and body["status"] == 503 and body["errors"] == [body["error"]]
        assert "busy" in body["error"] and "retry" in body["error"]
        assert health.status_code == 200  # reads and health do not wait for the writer
        again = client.post("/api/v1/auth/api-tokens", json={"name": "after"}, headers=auth)
        assert again.status_code == 201, again.text


def test_writers_wait_for_each_other_and_give_up_with_store_busy(database_url: str) -> None:
    store = open_store(database_url, pool_size=4, timeout=0.2)
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with store.session():
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=writer)
    holder.start()
    try:
        assert holding.wait(10)
        with pytest.raises(StoreBusyError, match="COOPSEC_DB_TIMEOUT"), store.session():
            pass
        with store.session(write=False) as session:  # a reader runs beside the writer
            assert audit.verify(session)[1] == []
    finally:
        release.set()
        holder.join()
    store.engine.dispose()
