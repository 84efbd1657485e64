"""HTTP hardening: bodies are limited (413 before the rest is read); every response has the security headers."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from coopsec.http import create_app
from coopsec.kb import KnowledgeBase
from coopsec.service import bootstrap
from coopsec.settings import Settings
from tests.api.test_api import assert_error, client

__all__ = ["client"]


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/api/v1/health", "/login", "/api/v1/rings"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_a_declared_large_body_is_refused_with_413_in_the_error_shape(client: TestClient) -> None:
    body = b"{" + b" " * (2 * 1024 * 1024) + b"}"
    response = client.post("/api/v1/assess", content=body, headers={"Content-Type": "application/json"})
    assert "COOPSEC_MAX_BODY_BYTES" in assert_error(response, 413)["error"]
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.fixture
def server(tmp_path: Path, kb: KnowledgeBase) -> Iterator[int]:
    settings = Settings(
        data_dir=tmp_path,
        environment="test",
        secret_key="a-test-secret-that-is-long-enough-for-hs256",
        max_body_bytes=4096,
    )
    store, _ = bootstrap(settings)
    app = create_app(settings, kb, store)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    yield port
    running.should_exit = True
    thread.join(timeout=10)


def test_a_chunked_body_that_never_ends_gets_413_once_past_the_limit(server: int) -> None:
    """The server answers as soon as the bytes counted pass the limit, without waiting for the end."""
    with socket.create_connection(("127.0.0.1", server), timeout=10) as sock:
        sock.sendall(
            b"POST /api/v1/auth/token HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n\r\n"
        )
        chunk = b"x" * 1024
        for _ in range(5):  # 5 KiB, past the 4 KiB limit, all read by the server; the last chunk never sent
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        answer = b""
        for _ in range(50):  # headers and body may come in separate reads; bounded
            part = sock.recv(4096)
            answer += part
            if not part or b"413}" in answer.replace(b" ", b""):
                break
    assert answer.startswith(b"HTTP/1.1 413")
    assert b'"status": 413' in answer or b'"status":413' in answer


def test_head_works_where_get_does_and_405_names_the_allowed_methods(client: TestClient, server: int) -> None:
    import httpx

    for path in ("/api/v1/health", "/login", "/static/js/atlas/core.js"):
        response = client.head(path)
        assert response.status_code == 200 and response.content == b""
    over_http = httpx.head(f"http://127.0.0.1:{server}/api/v1/health", timeout=10)
    assert over_http.status_code == 200 and over_http.content == b""
    response = client.delete("/api/v1/health")
    assert_error(response, 405)
    assert response.headers["allow"] == "GET, HEAD"
    response = client.get("/api/v1/assess?kind=threat&victim=PL")
    assert response.status_code == 401  # GET and POST both exist there
    assert client.put("/api/v1/assess").headers["allow"] == "GET, HEAD, POST"


def test_dates_outside_the_range_are_refused_with_it_and_long_input_is_not_echoed(client: TestClient) -> None:
    from coopsec.dates import EARLIEST, latest
    from tests.api.test_api import login

    headers = login(client)
    for day in ("1900-01-01", "0001-01-01", "9999-12-31", f"{latest().year + 1}-01-01"):
        error = assert_error(client.get(f"/api/v1/rings?on={day}", headers=headers), 422)["error"]
        assert EARLIEST.isoformat() in error and latest().isoformat() in error
        body = {"kind": "threat", "victim": "PL", "date": day}
        error = assert_error(client.post("/api/v1/assess", json=body, headers=headers), 422)["error"]
        assert EARLIEST.isoformat() in error
    for day in ("1945-01-01", latest().isoformat()):
        assert client.get(f"/api/v1/rings?on={day}", headers=headers).status_code == 200
    long = "9" * 50_000
    response = client.get(f"/api/v1/rings?on={long}", headers=headers)
    assert_error(response, 422)
    assert len(response.content) < 1000
    response = client.post("/api/v1/assess", json={"kind": "threat", "victim": "PL", "date": long}, headers=headers)
    assert_error(response, 422)
    assert len(response.content) < 1000


def test_the_api_docs_ship_with_the_package_and_carry_the_csp(client: TestClient) -> None:
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and "<script>" not in page.text and "http" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for asset in ("/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/vendor/swagger-ui/swagger-ui.css"):
        assert client.get(asset).status_code == 200


def test_the_dashboard_answers_head_and_405_with_allow(client: TestClient) -> None:
    response = client.head("/login")
    assert response.status_code == 200 and response.content == b""
    response = client.put("/login")
    assert response.status_code == 405 and set(response.headers["allow"].split(", ")) == {"GET", "HEAD", "POST"}


@pytest.mark.parametrize("environment", ["production", "test"])
def test_the_session_cookie_is_secure_in_production(tmp_path: Path, kb: KnowledgeBase, environment: str) -> None:
    settings = Settings(
        data_dir=tmp_path, environment=environment, secret_key="a-production-secret-that-is-long-enough-for-hs256"
    )
    store, password = bootstrap(settings)
    assert password is not None
    with TestClient(create_app(settings, kb, store), base_url="https://testserver") as test_client:
        response = test_client.post("/login", data={"username": "admin", "password": password}, follow_redirects=False)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert ("; secure" in cookie) == (environment == "production")
