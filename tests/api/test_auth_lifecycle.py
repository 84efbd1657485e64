"""Issue 9, points 3, 5 and 7: login timing, login limits, and the lifecycle of sessions and API tokens.

Each test runs on SQLite and PostgreSQL where the store is involved, and ends by checking that the
audit log still verifies (its replay covers session epochs, token scope and expiry, passwords).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from coopsec.http import create_app
from coopsec.http.security import ALGORITHM, RateLimiter
from coopsec.kb import KnowledgeBase
from coopsec.service import bootstrap
from coopsec.settings import Settings
from coopsec.store import Store, audit
from coopsec.store.accounts import add_user, create_token

SECRET = "a-test-secret-that-is-long-enough-for-hs256"


class Service:
    def __init__(self, client: TestClient, store: Store, password: str, settings: Settings) -> None:
        self.client, self.store, self.password, self.settings = client, store, password, settings

    def login(self, username: str = "admin", password: str | None = None) -> dict[str, str]:
        response = self.client.post(
            "/api/v1/auth/token", data={"username": username, "password": password or self.password}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def add(self, username: str, roles: list[str], password: str = "a-long-password-1") -> dict[str, str]:
        with self.store.session() as session:
            add_user(session, "test", username, password, "FI", "police", roles)
        return self.login(username, password)

    def token(self, headers: dict[str, str], **body: Any) -> dict[str, Any]:
        response = self.client.post("/api/v1/auth/api-tokens", headers=headers, json={"name": "script", **body})
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    def audit_ok(self) -> None:
        with self.store.session(write=False) as session:
            report = audit.check(session)
        assert report.findings == [], report.findings


def _settings(tmp_path: Path, database_url: str, **extra: Any) -> Settings:
    return Settings(data_dir=tmp_path, database_url=database_url, environment="test", secret_key=SECRET, **extra)


@pytest.fixture
def service(database_url: str, tmp_path: Path, kb: KnowledgeBase) -> Iterator[Service]:
    settings = _settings(tmp_path, database_url, api_token_max_days=60)
    store, password = bootstrap(settings)
    assert password is not None
    with TestClient(create_app(settings, kb, store)) as client:
        yield Service(client, store, password, settings)
    store.engine.dispose()


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"ok", "error", "errors", "status"} and body["status"] == status
    return body


# --- API tokens: expiry, scope, who may mint them ------------------------------------------------------


def test_tokens_expire_within_the_maximum(service: Service) -> None:
    admin = service.login()
    created = service.token(admin)
    expires = dt.datetime.fromisoformat(created["expires_at"])
    assert dt.timedelta(days=29) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(days=30)
    assert created["scope"] == "read"
    longest = service.token(admin, expires_in_days=60)
    assert dt.datetime.fromisoformat(longest["expires_at"]) - expires >= dt.timedelta(days=29)
    too_long = service.client.post("/api/v1/auth/api-tokens", headers=admin, json={"name": "x", "expires_in_days": 61})
    assert "COOPSEC_API_TOKEN_MAX_DAYS" in error(too_long, 400)["error"]
    # An expired token is refused with a message saying what to do.
    with service.store.session() as session:
        session.execute(
            text("UPDATE api_tokens SET expires_at = :at WHERE id = :id"),
            {"at": dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1), "id": created["id"]},
        )
    assert "expired" in error(service.client.get("/api/v1/auth/me", headers=bearer(created["token"])), 401)["error"]


def test_scope_is_enforced(service: Service) -> None:
    admin = service.login()
    reader = bearer(service.token(admin, scope="read")["token"])
    writer = bearer(service.token(admin, scope="read-write")["token"])
    assert service.client.get("/api/v1/users", headers=reader).status_code == 200
    body = {"kind": "threat", "victim": "PL", "date": "2022-02-24"}
    assert service.client.post("/api/v1/assess", headers=reader, json=body).status_code == 200  # computes only
    new_user = {"username": "eve", "password": "a-long-password-9", "state": "FI", "agency": "police"}
    denied = service.client.post("/api/v1/users", headers=reader, json={**new_user, "roles": ["viewer"]})
    assert "read-write" in error(denied, 403)["error"]
    allowed = service.client.post("/api/v1/users", headers=writer, json={**new_user, "roles": ["viewer"]})
    assert allowed.status_code == 201, allowed.text
    assert service.client.get("/api/v1/auth/me", headers=reader).json()["scope"] == "read"
    service.audit_ok()


def test_an_api_token_cannot_mint_tokens_log_out_or_change_the_password(service: Service) -> None:
    admin = service.login()
    script = bearer(service.token(admin, scope="read-write")["token"])
    assert (
        "password"
        in error(service.client.post("/api/v1/auth/api-tokens", headers=script, json={"name": "x"}), 403)["error"]
    )
    error(service.client.post("/api/v1/auth/logout", headers=script), 403)
    change = {"current_password": service.password, "new_password": "another-long-password"}
    error(service.client.post("/api/v1/auth/password", headers=script, json=change), 403)


def test_users_list_and_revoke_only_their_own_tokens(service: Service) -> None:
    alice = service.add("alice", ["analyst"])
    bob = service.add("bob", ["analyst"])
    mine = service.token(alice)
    theirs = service.token(bob)
    listed = service.client.get("/api/v1/auth/api-tokens", headers=alice).json()["items"]
    assert [t["id"] for t in listed] == [mine["id"]] and "token" not in listed[0]
    assert listed[0]["scope"] == "read" and listed[0]["expires_at"] and listed[0]["revoked"] is False
    error(service.client.delete(f"/api/v1/auth/api-tokens/{theirs['id']}", headers=alice), 404)
    assert service.client.get("/api/v1/auth/me", headers=bearer(theirs["token"])).status_code == 200
    # A read token may not revoke; the session may, and the token stops at once (through the cache too).
    assert service.client.get("/api/v1/auth/me", headers=bearer(mine["token"])).status_code == 200
    error(service.client.delete(f"/api/v1/auth/api-tokens/{mine['id']}", headers=bearer(mine["token"])), 403)
    assert service.client.delete(f"/api/v1/auth/api-tokens/{mine['id']}", headers=alice).json()["revoked"] == mine["id"]
    error(service.client.get("/api/v1/auth/me", headers=bearer(mine["token"])), 401)
    error(service.client.delete(f"/api/v1/auth/api-tokens/{mine['id']}", headers=alice), 404)
    assert service.client.get("/api/v1/auth/api-tokens", headers=alice).json()["items"][0]["revoked"] is True
    service.audit_ok()


# --- sessions: logout, password change, deleted users --------------------------------------------------


def test_logout_ends_every_session_at_once(service: Service) -> None:
    first, second = service.login(), service.login()
    assert service.client.get("/api/v1/auth/me", headers=first).status_code == 200  # now in the principal cache
    assert service.client.get("/api/v1/auth/me", headers=second).status_code == 200
    assert service.client.post("/api/v1/auth/logout", headers=first).json()["sessions_ended"] is True
    for headers in (first, second):
        assert "ended" in error(service.client.get("/api/v1/auth/me", headers=headers), 401)["error"]
    assert service.client.get("/api/v1/auth/me", headers=service.login()).status_code == 200
    service.audit_ok()


def test_password_change_ends_sessions_and_needs_the_current_password(service: Service) -> None:
    alice = service.add("alice", ["viewer"])
    script = bearer(service.token(alice)["token"])
    assert service.client.get("/api/v1/auth/me", headers=alice).status_code == 200
    wrong = {"current_password": "not-the-password", "new_password": "a-new-long-password"}
    error(service.client.post("/api/v1/auth/password", headers=alice, json=wrong), 401)
    short = {"current_password": "a-long-password-1", "new_password": "short"}
    error(service.client.post("/api/v1/auth/password", headers=alice, json=short), 422)
    change = {"current_password": "a-long-password-1", "new_password": "a-new-long-password"}
    assert service.client.post("/api/v1/auth/password", headers=alice, json=change).status_code == 200
    error(service.client.get("/api/v1/auth/me", headers=alice), 401)
    error(service.client.post("/api/v1/auth/token", data={"username": "alice", "password": "a-long-password-1"}), 401)
    assert (
        service.client.get("/api/v1/auth/me", headers=service.login("alice", "a-new-long-password")).status_code == 200
    )
    assert service.client.get("/api/v1/auth/me", headers=script).status_code == 200  # API tokens are revoked apart
    service.audit_ok()


def test_a_signed_token_of_a_deleted_user_is_401(service: Service) -> None:
    alice = service.add("alice", ["viewer"])
    with service.store.session() as session:
        user_id = session.execute(text("SELECT id FROM users WHERE username = 'alice'")).scalar_one()
        session.execute(text("DELETE FROM users WHERE id = :id"), {"id": user_id})
    assert "no longer exists" in error(service.client.get("/api/v1/auth/me", headers=alice), 401)["error"]
    forged = jwt.encode(
        {"sub": "ghost", "uid": 999, "sep": 0, "exp": dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)},
        SECRET,
        algorithm=ALGORITHM,
    )
    error(service.client.get("/api/v1/auth/me", headers=bearer(forged)), 401)


def test_a_cached_principal_never_outlives_its_token(service: Service) -> None:
    with service.store.session(write=False) as session:
        uid = session.execute(text("SELECT id FROM users WHERE username = 'admin'")).scalar_one()
    almost = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2)
    short = bearer(jwt.encode({"sub": "admin", "uid": uid, "sep": 0, "exp": almost}, SECRET, algorithm=ALGORITHM))
    assert service.client.get("/api/v1/auth/me", headers=short).status_code == 200
    cache = service.client.app.state.principals  # type: ignore[attr-defined]
    ((_, principal),) = cache._principals.values()
    assert principal.expires <= almost.timestamp()
    cache.ttl = 3600.0  # even a long cache stops at the token's expiry
    time.sleep(max(0.0, almost.timestamp() - time.time()) + 0.05)
    assert cache.get(next(iter(cache._principals))) is None
    error(service.client.get("/api/v1/auth/me", headers=short), 401)


# --- users: names, last administrator, enable, idempotent disable ------------------------------------


def test_users_are_managed_safely_and_the_log_stays_clean(service: Service) -> None:
    admin = service.login()
    new = {"password": "a-long-password-2", "state": "FI", "agency": "police", "roles": ["viewer"]}
    assert service.client.post("/api/v1/users", headers=admin, json={"username": "Carol", **new}).status_code == 201
    assert (
        "taken"
        in error(service.client.post("/api/v1/users", headers=admin, json={"username": "carol", **new}), 409)["error"]
    )
    assert (
        service.client.get("/api/v1/auth/me", headers=service.login("CAROL", "a-long-password-2")).json()["username"]
        == "Carol"
    )
    assert (
        "last enabled administrator"
        in error(service.client.post("/api/v1/users/admin/disable", headers=admin), 409)["error"]
    )
    with service.store.session(write=False) as session:
        before = session.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
    for _ in range(3):
        assert service.client.post("/api/v1/users/carol/disable", headers=admin).json()["disabled"] is True
    with service.store.session(write=False) as session:
        assert session.execute(text("SELECT count(*) FROM audit_log")).scalar_one() == before + 1
    error(service.client.post("/api/v1/auth/token", data={"username": "carol", "password": "a-long-password-2"}), 401)
    assert service.client.post("/api/v1/users/Carol/enable", headers=admin).json()["disabled"] is False
    assert service.client.post("/api/v1/users/carol/enable", headers=admin).json()["disabled"] is False
    service.login("carol", "a-long-password-2")
    assert service.client.get("/api/v1/audit/verify", headers=admin).json()["ok"] is True
    service.audit_ok()


def test_the_replay_catches_edits_of_the_new_fields(service: Service) -> None:
    admin = service.login()
    service.token(admin)
    service.client.post("/api/v1/auth/logout", headers=admin)
    service.audit_ok()
    with service.store.session() as session:
        session.execute(text("UPDATE users SET session_epoch = 0"))
        session.execute(text("UPDATE api_tokens SET scope = 'read-write'"))
        session.execute(text("UPDATE api_tokens SET expires_at = :at"), {"at": dt.datetime(2999, 1, 1, tzinfo=dt.UTC)})
    with service.store.session(write=False) as session:
        problems = [str(f) for f in audit.check(session).findings]
    assert any("session epoch 0" in p for p in problems), problems
    assert any("scope read-write" in p for p in problems), problems
    assert any("expires at" in p for p in problems), problems


# --- login limits ----------------------------------------------------------------------------------


def test_one_password_sprayed_over_30_accounts_is_limited(service: Service) -> None:
    statuses = []
    for i in range(30):
        response = service.client.post("/api/v1/auth/token", data={"username": f"user{i}", "password": "Winter2024!"})
        statuses.append(response.status_code)
    assert statuses[:20] == [401] * 20 and set(statuses[20:]) == {429}
    last = service.client.post("/api/v1/auth/token", data={"username": "admin", "password": service.password})
    body = error(last, 429)
    assert "Retry-After" in body["error"] and 1 <= int(last.headers["Retry-After"]) <= 61


def test_the_limiter_memory_is_bounded() -> None:
    limiter = RateLimiter(5, max_keys=1_000)
    for i in range(10_000):
        limiter.check(f"user{i}@10.0.0.1")
    assert len(limiter) <= 1_000
    for _ in range(5):
        limiter.check("recent")
    with pytest.raises(Exception, match="wait"):
        limiter.check("recent")


def test_forwarded_for_is_believed_only_from_trusted_proxies(tmp_path: Path, kb: KnowledgeBase) -> None:
    def attempts(settings: Settings) -> list[int]:
        store, _ = bootstrap(settings)
        with TestClient(create_app(settings, kb, store)) as client:  # the peer is "testclient"
            return [
                client.post(
                    "/api/v1/auth/token",
                    data={"username": "admin", "password": "wrong"},
                    headers={"X-Forwarded-For": f"203.0.113.{i}"},
                ).status_code
                for i in range(7)
            ]

    untrusted = attempts(_settings(tmp_path, ""))
    assert untrusted == [401] * 5 + [429] * 2  # the header changed nothing: one client
    from coopsec.http.security import client_address

    class FakeRequest:
        def __init__(self, peer: str, forwarded: str) -> None:
            self.client = type("C", (), {"host": peer})()
            self.headers = {"x-forwarded-for": forwarded}

    trusting = Settings(secret_key=SECRET, trusted_proxies="10.0.0.0/8, 192.168.1.5")
    assert client_address(FakeRequest("10.1.2.3", "6.6.6.6, 203.0.113.7, 192.168.1.5"), trusting) == "203.0.113.7"  # type: ignore[arg-type]
    assert client_address(FakeRequest("127.0.0.1", "203.0.113.7"), trusting) == "127.0.0.1"  # type: ignore[arg-type]
    assert client_address(FakeRequest("10.1.2.3", "junk"), trusting) == "10.1.2.3"  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="COOPSEC_TRUSTED_PROXIES"):
        Settings(secret_key=SECRET, trusted_proxies="10.0.0.0/8, not-an-address")


# --- timing: every failure costs one password verification ----------------------------------------


def test_authenticate_verifies_exactly_one_hash(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from coopsec.errors import AuthError
    from coopsec.store import accounts, open_store

    store = open_store(database_url)
    with store.session() as session:
        add_user(session, "test", "alice", "a-long-password-1", "FI", "police", ["viewer"])
        add_user(session, "test", "admin2", "a-long-password-2", "FI", "police", ["administrator"])
        add_user(session, "test", "bob", "a-long-password-3", "FI", "police", ["viewer"])
        accounts.disable_user(session, "test", "bob")
        create_token(session, "test", "alice", "x")
    calls: list[str] = []
    real = accounts._hasher

    class Counting:
        def verify(self, password: str, hashed: str) -> bool:
            calls.append(password)
            return real.verify(password, hashed)

        def hash(self, password: str) -> str:
            return real.hash(password)

    monkeypatch.setattr(accounts, "_hasher", Counting())
    for username, password in [("nobody", "whatever-1"), ("bob", "a-long-password-3"), ("alice", "wrong-password")]:
        calls.clear()
        with store.session(write=False) as session, pytest.raises(AuthError):
            accounts.authenticate(session, username, password)
        assert len(calls) == 1, (username, calls)
    calls.clear()
    with store.session(write=False) as session:
        assert accounts.authenticate(session, "ALICE", "a-long-password-1").username == "alice"
    assert len(calls) == 1
    store.engine.dispose()


def test_the_dashboard_logout_ends_the_session_cookie_everywhere(service: Service) -> None:
    api = service.login()
    page = service.client.post(
        "/login", data={"username": "admin", "password": service.password}, follow_redirects=False
    )
    assert page.status_code == 303
    cookie = page.cookies.get("coopsec_session")
    assert cookie and service.client.get("/api/v1/auth/me", headers=bearer(cookie)).json()["via"] == "session"
    assert service.client.post("/logout", follow_redirects=False).status_code == 303
    error(service.client.get("/api/v1/auth/me", headers=bearer(cookie)), 401)
    error(service.client.get("/api/v1/auth/me", headers=api), 401)
    service.audit_ok()
