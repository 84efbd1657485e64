"""The HTTP API: the CLI's JSON under /api/v1, tokens, roles, one error body, stable operation ids."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from coopsec.architecture.report import members_report
from coopsec.errors import SettingsError
from coopsec.http import create_app
from coopsec.kb import KnowledgeBase
from coopsec.service import bootstrap
from coopsec.settings import Settings
from tests.conftest import d


@pytest.fixture
def client(tmp_path: Path, kb: KnowledgeBase) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path, environment="test", secret_key="a-test-secret-that-is-long-enough-for-hs256")
    store, password = bootstrap(settings)
    assert password is not None
    app = create_app(settings, kb, store)
    with TestClient(app) as test_client:
        test_client.headers["X-Admin-Password"] = password  # kept for the helpers below
        yield test_client


def login(client: TestClient, username: str = "admin", password: str | None = None) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token", data={"username": username, "password": password or client.headers["X-Admin-Password"]}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def assert_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"ok", "error", "errors", "status"} and body["ok"] is False and body["status"] == status
    assert body["error"] and body["errors"]
    return body


def test_health_is_open(client: TestClient) -> None:
    body = client.get("/api/v1/health").json()
    assert body["ok"] is True and body["database"] == "sqlite"


def test_members_are_the_cli_json(client: TestClient, kb: KnowledgeBase) -> None:
    headers = login(client)
    body = client.get("/api/v1/organisations/nato/members?on=2024-03-07", headers=headers).json()
    expected = members_report(kb, "NATO", d("2024-03-07"))
    assert body["members"] == expected["members"] and body["count"] == 32
    assert body["page"] == {"total": 32, "limit": 100, "offset": 0}


def test_assess_is_the_cli_json(client: TestClient) -> None:
    headers = login(client)
    body = client.post(
        "/api/v1/assess",
        headers=headers,
        json={"kind": "armed-attack", "victim": "UA", "by": "RU", "date": "2022-02-24"},
    ).json()
    status = {m["id"]: m["status"] for m in body["mechanisms"]}
    assert status["nato-art5"] == "does_not_apply" and status["un-art51"] == "applies"
    same = client.get("/api/v1/assess?kind=armed-attack&victim=UA&by=RU&on=2022-02-24", headers=headers).json()
    assert same == body


def test_errors_share_one_body(client: TestClient) -> None:
    assert_error(client.get("/api/v1/rings"), 401)
    headers = login(client)
    assert "date" in assert_error(client.get("/api/v1/rings?on=2024-13-01", headers=headers), 422)["error"]
    assert "YYYY-MM-DD" in assert_error(client.get("/api/v1/rings?on=0", headers=headers), 422)["error"]
    assert_error(client.get("/api/v1/states/QQ", headers=headers), 404)
    assert_error(client.get("/api/v1/organisations/WARSAW/members", headers=headers), 404)
    assert_error(client.post("/api/v1/assess", headers=headers, json={"kind": "armed-attack"}), 422)
    assert_error(client.post("/api/v1/assess", headers=headers, json={"kind": "x", "victim": "FI"}), 422)
    assert_error(
        client.post("/api/v1/assess", headers=headers, json={"kind": "threat", "victim": "FI", "by": "FI"}), 409
    )
    assert_error(client.get("/api/v1/assess?kind=threat&victim=FI&at=Atlantis", headers=headers), 404)
    assert_error(client.get("/api/v1/nowhere", headers=headers), 404)
    assert_error(client.get("/api/v1/rings?limit=0", headers=headers), 422)


def test_api_tokens_for_scripts_and_roles(client: TestClient) -> None:
    admin = login(client)
    created = client.post(
        "/api/v1/users",
        headers=admin,
        json={
            "username": "alice",
            "password": "a-long-password-1",
            "state": "fin",
            "agency": "police",
            "roles": ["analyst"],
        },
    )
    assert created.status_code == 201 and created.json()["authority"] == {"state": "FI", "agency": "police"}
    alice = login(client, "alice", "a-long-password-1")
    assert_error(client.get("/api/v1/users", headers=alice), 403)
    secret = client.post("/api/v1/auth/api-tokens", headers=alice, json={"name": "nightly"}).json()["token"]
    script = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/auth/me", headers=script).json()["username"] == "alice"
    assert client.get("/api/v1/states/FI?on=2022-06-01", headers=script).status_code == 200
    client.post("/api/v1/users/alice/disable", headers=admin)
    assert_error(client.get("/api/v1/auth/me", headers=script), 401)
    assert client.get("/api/v1/audit/verify", headers=admin).json()["ok"] is True


def test_login_is_rate_limited(client: TestClient) -> None:
    for _ in range(5):
        assert_error(client.post("/api/v1/auth/token", data={"username": "admin", "password": "wrong"}), 401)
    assert_error(client.post("/api/v1/auth/token", data={"username": "admin", "password": "wrong"}), 429)


def test_operation_ids_are_stable(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    ids = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {"health", "login", "members", "overlap", "state", "rings", "assess_event", "state_timeline"} <= ids


def test_the_service_refuses_the_default_secret_outside_development(tmp_path: Path, kb: KnowledgeBase) -> None:
    with pytest.raises(SettingsError, match="COOPSEC_SECRET_KEY"):
        create_app(Settings(data_dir=tmp_path, environment="production"), kb)


def test_the_service_runs_the_same_on_sqlite_and_postgresql(
    database_url: str, tmp_path: Path, kb: KnowledgeBase
) -> None:
    settings = Settings(
        data_dir=tmp_path,
        database_url=database_url,
        environment="test",
        secret_key="a-test-secret-that-is-long-enough-for-hs256",
    )
    store, password = bootstrap(settings)
    with TestClient(create_app(settings, kb, store)) as client:
        assert client.get("/api/v1/health").json()["database"] == store.engine.dialect.name
        token = client.post("/api/v1/auth/token", data={"username": "admin", "password": password}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        assert client.get("/api/v1/organisations/EU/members?on=2020-02-01", headers=headers).json()["count"] == 27
        secret = client.post("/api/v1/auth/api-tokens", headers=headers, json={"name": "script"}).json()["token"]
        body = client.get(
            "/api/v1/assess?kind=threat&victim=PL&on=2022-02-24", headers={"Authorization": f"Bearer {secret}"}
        ).json()
        assert {m["id"]: m["status"] for m in body["mechanisms"]}["nato-art4"] == "applies"
        assert client.get("/api/v1/audit/verify", headers=headers).json() == {"ok": True, "entries": 2, "problems": []}
    store.engine.dispose()
