"""Issue 10, defect 1: the dashboard's session slides while its user is active, and ends when it should.

Renewal extends the cookie's token but never past COOPSEC_SESSION_MAX_HOURS from the login; it asks
for a header no cross-site form can send, renews only the dashboard's cookie (not bearer tokens, not
API tokens), and refuses an ended session (logout, disabled account, lifetime reached) with a 401 in
the one error shape that says to log in again.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from coopsec.errors import SettingsError
from coopsec.http import create_app
from coopsec.http.deps import SESSION_COOKIE
from coopsec.http.security import ALGORITHM, DASHBOARD, STARTED, USE, read_token
from coopsec.kb import KnowledgeBase
from coopsec.service import bootstrap
from coopsec.settings import Settings, get_settings

SECRET = "a-test-secret-that-is-long-enough-for-hs256"
RENEW = "/api/v1/auth/session/renew"
HEADER = {"X-Coopsec-Renew": "1"}


class Service:
    def __init__(self, client: TestClient, settings: Settings, password: str, uid: int) -> None:
        self.client, self.settings, self.password, self.uid = client, settings, password, uid

    def login_page(self) -> str:
        """Log in through the dashboard's form: the session cookie is set (and returned)."""
        response = self.client.post(
            "/login", data={"username": "admin", "password": self.password, "next": "/"}, follow_redirects=False
        )
        assert response.status_code == 303, response.text
        return str(self.client.cookies[SESSION_COOKIE])

    def cookie(self, token: str) -> None:
        """Hold ``token`` as the session cookie, as the service would have set it."""
        self.client.cookies.clear()
        self.client.cookies.set(SESSION_COOKIE, token, domain="testserver.local")

    def crafted(self, *, expires_in: int = 60, started_ago: int = 100, dashboard: bool = True) -> str:
        """A dashboard token signed like the service's, with the start and expiry a test needs."""
        now = int(time.time())
        claims: dict[str, Any] = {"sub": "admin", "uid": self.uid, "sep": 0, "iat": now - 10, "exp": now + expires_in}
        claims[STARTED] = now - started_ago
        if dashboard:
            claims[USE] = DASHBOARD
        return jwt.encode(claims, SECRET, algorithm=ALGORITHM)


@pytest.fixture
def service(database_url: str, tmp_path: Path, kb: KnowledgeBase) -> Iterator[Service]:
    settings = Settings(data_dir=tmp_path, database_url=database_url, environment="test", secret_key=SECRET)
    store, password = bootstrap(settings)
    assert password is not None
    with store.session(write=False) as session:
        uid = session.execute(text("SELECT id FROM users WHERE username = 'admin'")).scalar_one()
    with TestClient(create_app(settings, kb, store)) as client:
        yield Service(client, settings, password, uid)
    store.engine.dispose()


def error(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"ok", "error", "errors", "status"} and body["status"] == status and body["ok"] is False
    return str(body["error"])


def test_renewal_extends_the_cookie_and_keeps_the_session_start(service: Service) -> None:
    login = read_token(service.settings, service.login_page())
    assert login.dashboard and login.started is not None
    service.cookie(service.crafted(expires_in=60, started_ago=100))
    response = service.client.post(RENEW, headers=HEADER)
    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    max_age = int(cookie.split("Max-Age=")[1].split(";")[0])
    assert 890 <= max_age <= 900  # the cookie lasts as long as its fresh token (15 minutes)
    renewed = read_token(service.settings, service.client.cookies[SESSION_COOKIE])
    now = time.time()
    assert renewed.expires - now > 800  # a fresh access token's life, where the old one had a minute left
    assert renewed.started == int(now) - 100 or renewed.started == int(now) - 101  # the login's moment, kept
    body = response.json()
    assert set(body) == {"expires", "ends", "now"}
    assert body["expires"].startswith(time.strftime("%Y-%m-%dT", time.gmtime(renewed.expires)))
    # The renewed cookie works for the API and for the pages, and the status route reads it unchanged.
    assert service.client.get("/api/v1/auth/me").json()["via"] == "session"
    assert service.client.get("/api/v1/auth/session").json()["expires"] == body["expires"]
    assert service.client.get("/", follow_redirects=False).status_code == 200


def test_renewal_needs_the_custom_header(service: Service) -> None:
    service.login_page()
    assert "X-Coopsec-Renew: 1" in error(service.client.post(RENEW), 403)
    error(service.client.post(RENEW, headers={"X-Coopsec-Renew": "yes"}), 403)


def test_bearer_and_api_tokens_are_not_renewed(service: Service) -> None:
    jwt_token = service.client.post(
        "/api/v1/auth/token", data={"username": "admin", "password": service.password}
    ).json()["access_token"]
    bearer = {"Authorization": f"Bearer {jwt_token}"}
    created = service.client.post("/api/v1/auth/api-tokens", headers=bearer, json={"name": "script"}).json()
    api_token = {"Authorization": f"Bearer {created['token']}"}
    assert "bearer token" in error(service.client.post(RENEW, headers={**HEADER, **bearer}), 403)
    assert "bearer token" in error(service.client.post(RENEW, headers={**HEADER, **api_token}), 403)
    service.cookie(created["token"])
    assert "API token" in error(service.client.post(RENEW, headers=HEADER), 403)
    service.cookie(jwt_token)  # a script's token put in the cookie is no dashboard session
    assert "log in again" in error(service.client.post(RENEW, headers=HEADER), 401)
    service.client.cookies.clear()
    assert "log in again" in error(service.client.post(RENEW, headers=HEADER), 401)


def test_an_ended_session_is_not_renewed(service: Service) -> None:
    token = service.login_page()
    assert service.client.post(RENEW, headers=HEADER).status_code == 200
    # Logging out (here through the API, with a second login) ends every session, the cookie's too.
    other = service.client.post("/api/v1/auth/token", data={"username": "admin", "password": service.password})
    headers = {"Authorization": f"Bearer {other.json()['access_token']}"}
    assert service.client.post("/api/v1/auth/logout", headers=headers).status_code == 200
    service.cookie(token)
    message = error(service.client.post(RENEW, headers=HEADER), 401)
    assert "session has ended" in message and "log in again" in message
    error(service.client.get("/api/v1/auth/session"), 401)


def test_a_disabled_user_is_not_renewed(service: Service) -> None:
    service.login_page()
    with service.client.app.state.store.session() as session:  # type: ignore[attr-defined]
        session.execute(text("UPDATE users SET disabled = :yes WHERE username = 'admin'"), {"yes": True})
    assert "disabled" in error(service.client.post(RENEW, headers=HEADER), 401)


def test_renewal_stops_at_the_longest_session(service: Service) -> None:
    longest = service.settings.session_max_hours * 3600
    # 30 s before the session's end: the new token lasts those 30 s, not a full access token.
    service.cookie(service.crafted(expires_in=20, started_ago=longest - 30))
    body = service.client.post(RENEW, headers=HEADER).json()
    renewed = read_token(service.settings, service.client.cookies[SESSION_COOKIE])
    assert renewed.expires - time.time() <= 31 and body["expires"] == body["ends"]
    # Past the end: the token still works until it expires, but it is not renewed.
    service.cookie(service.crafted(expires_in=60, started_ago=longest + 1))
    message = error(service.client.post(RENEW, headers=HEADER), 401)
    assert "COOPSEC_SESSION_MAX_HOURS" in message and "log in again" in message


def test_a_session_lasts_at_least_one_access_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPSEC_SESSION_MAX_HOURS", "1")
    monkeypatch.setenv("COOPSEC_ACCESS_TOKEN_MINUTES", "90")
    get_settings.cache_clear()
    try:
        with pytest.raises(SettingsError, match="COOPSEC_SESSION_MAX_HOURS=1 is shorter"):
            get_settings()
    finally:
        get_settings.cache_clear()
