"""The response models: every operation documents its success body, real bodies fit their models exactly.

A model that drops, renames or retypes a key fails here (the round trip through the model must give
the body back unchanged), and so does a body with a key its model does not declare.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from coopsec.api.models.assess import AssessmentOut
from coopsec.api.models.auth import ApiTokensOut, MeOut, NewApiToken, PasswordChanged, SessionsEnded
from coopsec.api.models.common import PageOut
from coopsec.api.models.health import HealthOut
from coopsec.api.models.organisations import MembersOut, OrganisationsOut, OrganisationTimelineOut, OverlapOut
from coopsec.api.models.rings import RingsOut
from coopsec.api.models.states import StateReport, StateTimelineOut
from coopsec.api.models.users import UserOut, UsersOut
from coopsec.http import create_app
from coopsec.kb import KnowledgeBase
from coopsec.obligations import KINDS, assessor_for, make_event
from coopsec.service import bootstrap
from coopsec.settings import Settings

#: Paginated routes and the key of their list (the list keeps its name; the page object is shared).
PAGINATED = {
    "/api/v1/organisations/{code}/members": ("/api/v1/organisations/NATO/members?on=2024-03-07", "spells"),
    "/api/v1/organisations/{code}/timeline": ("/api/v1/organisations/EU/timeline", "changes"),
    "/api/v1/states/{code}/timeline": ("/api/v1/states/DE/timeline", "changes"),
    "/api/v1/rings": ("/api/v1/rings?on=1990-10-03", "states"),
    "/api/v1/users": ("/api/v1/users", "items"),
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[tuple[TestClient, str]]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("models"),
        environment="test",
        secret_key="a-models-test-secret-long-enough-for-hs256",
        login_attempts_per_minute=1_000_000,
    )
    store, password = bootstrap(settings)
    assert password is not None
    with TestClient(create_app(settings, kb, store)) as client:
        yield client, password


@pytest.fixture(scope="module")
def client(service: tuple[TestClient, str]) -> TestClient:
    test_client, password = service
    token = test_client.post("/api/v1/auth/token", data={"username": "admin", "password": password}).json()
    test_client.headers["Authorization"] = f"Bearer {token['access_token']}"
    user = {"username": "bea", "password": "bea-long-password", "state": "DE", "agency": "police", "roles": ["viewer"]}
    assert test_client.post("/api/v1/users", json=user).status_code == 201  # two users: /users has pages
    return test_client


def fits(model: type[BaseModel], body: Any) -> None:
    """``body`` validates against ``model`` and comes back unchanged from it (nothing dropped or retyped)."""
    parsed = model.model_validate_json(json.dumps(body))
    assert json.loads(parsed.model_dump_json(by_alias=True)) == body


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def test_every_operation_documents_a_typed_success_body(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    operations = [(path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()]
    assert len(operations) >= 20
    for path, method, op in operations:
        success = [op["responses"][code] for code in ("200", "201") if code in op["responses"]]
        assert success, (method, path, "no 200/201 response")
        schema = success[0].get("content", {}).get("application/json", {}).get("schema")
        assert schema, (method, path, "a success without a schema")
        resolved = _resolve(spec, schema)
        assert resolved.get("properties"), (method, path, "an untyped object", resolved)
        assert resolved.get("additionalProperties") is not True, (method, path)


def test_the_assessment_is_documented_although_sent_as_text(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    for method in ("get", "post"):
        schema = spec["paths"]["/api/v1/assess"][method]["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/AssessmentOut"}
    assert set(_resolve(spec, schema)["required"]) == {"event", "summary", "mechanisms"}


@pytest.mark.parametrize(
    ("url", "model"),
    [
        ("/api/v1/health", HealthOut),
        ("/api/v1/auth/me", MeOut),
        ("/api/v1/organisations", OrganisationsOut),
        ("/api/v1/organisations/NATO/members?on=2024-03-07", MembersOut),
        ("/api/v1/organisations/WEU/members?on=1990-03-07&limit=3&offset=2", MembersOut),
        ("/api/v1/overlap?a=EU&b=NATO&on=2024-01-01", OverlapOut),
        ("/api/v1/organisations/EU/timeline", OrganisationTimelineOut),
        ("/api/v1/states/FI?on=2024-06-01", StateReport),
        ("/api/v1/states/DE?on=1955-06-01", StateReport),
        ("/api/v1/states/SUHH?on=1960-06-01", StateReport),
        ("/api/v1/states/VA?on=1960-06-01&criterion=libdem>=0.5", StateReport),
        ("/api/v1/states/DE/timeline", StateTimelineOut),
        ("/api/v1/rings?on=2024-06-01", RingsOut),
        ("/api/v1/rings?on=1955-06-01", RingsOut),
        ("/api/v1/assess?kind=armed-attack&victim=FI&by=RU&on=2022-06-01", AssessmentOut),
        ("/api/v1/assess?kind=cyber-attack&victim=EE&by=unknown&on=2024-01-01&scale=incident", AssessmentOut),
        ("/api/v1/users", UsersOut),
    ],
)
def test_real_bodies_fit_their_models(client: TestClient, url: str, model: type[BaseModel]) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    fits(model, response.json())


def test_bodies_of_writes_fit_their_models(client: TestClient) -> None:
    created = client.post("/api/v1/auth/api-tokens", json={"name": "models", "scope": "read"})
    assert created.status_code == 201, created.text
    fits(NewApiToken, created.json())
    fits(ApiTokensOut, client.get("/api/v1/auth/api-tokens").json())
    posted = client.post(
        "/api/v1/assess", json={"kind": "armed-attack", "victim": "PL", "by": "BY", "date": "2024-02-01"}
    )
    assert posted.status_code == 200, posted.text
    fits(AssessmentOut, posted.json())
    user = {"username": "ana", "password": "a-long-password", "state": "FI", "agency": "defence", "roles": ["viewer"]}
    added = client.post("/api/v1/users", json=user)
    assert added.status_code == 201, added.text
    fits(UserOut, added.json())
    fits(UserOut, client.post("/api/v1/users/ana/disable").json())


def test_logout_and_password_change_bodies_fit_their_models(client: TestClient) -> None:
    """Not sent by schemathesis (they end the session it uses): checked here, as a user of their own."""
    user = {"username": "pat", "password": "pat-first-password", "state": "EE", "agency": "police", "roles": ["viewer"]}
    assert client.post("/api/v1/users", json=user).status_code == 201

    def session(password: str) -> dict[str, str]:
        token = client.post("/api/v1/auth/token", data={"username": "pat", "password": password}).json()
        return {"Authorization": f"Bearer {token['access_token']}"}

    change = {"current_password": "pat-first-password", "new_password": "pat-second-password"}
    changed = client.post("/api/v1/auth/password", json=change, headers=session("pat-first-password"))
    assert changed.status_code == 200, changed.text
    fits(PasswordChanged, changed.json())
    ended = client.post("/api/v1/auth/logout", headers=session("pat-second-password"))
    assert ended.status_code == 200, ended.text
    fits(SessionsEnded, ended.json())
    assert client.get("/api/v1/auth/me").status_code == 200  # the administrator's session goes on


def test_every_kind_of_assessment_fits_the_model(kb: KnowledgeBase) -> None:
    """The /assess routes send ``Assessment.to_json()`` unvalidated, for speed: every kind, at several dates."""
    assessor = assessor_for(kb)
    seen = 0
    for kind in KINDS:
        for victim, by, day in (
            ("FI", "RU", "2024-06-01"),
            ("SE", "unknown", "2022-06-01"),
            ("DE", None, "1960-01-01"),
        ):
            event = make_event(kb, kind, victim, by, None, dt.date.fromisoformat(day), None)
            text = assessor.assess(event).to_json()
            fits(AssessmentOut, json.loads(text))
            seen += 1
    assert seen == 3 * len(KINDS)


def test_the_page_object_is_the_same_on_every_paginated_route(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    paginated = {
        path
        for path, ops in spec["paths"].items()
        for op in ops.values()
        if {"limit", "offset"} <= {p["name"] for p in op.get("parameters", [])}
    }
    # records and pnr/hits: paged per reader, in tests/api/test_records.py and tests/pnr/test_api.py
    assert paginated == set(PAGINATED) | {"/api/v1/records", "/api/v1/pnr/hits"}
    for path in paginated:
        schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert _resolve(spec, schema)["properties"]["page"] == {"$ref": "#/components/schemas/PageOut"}, path
    for url, key in PAGINATED.values():
        whole = client.get(url).json()
        cut = client.get(f"{url}{'&' if '?' in url else '?'}limit=2&offset=1").json()
        total = whole["page"]["total"]
        assert total >= 2 and len(whole[key]) == total, url
        assert set(cut["page"]) == set(PageOut.model_fields), url
        assert cut["page"] == {"total": total, "limit": 2, "offset": 1}, url
        assert cut[key] == whole[key][1:3], url


def test_the_users_page_keeps_its_top_level_fields(client: TestClient) -> None:
    body = client.get("/api/v1/users?limit=1&offset=1").json()
    assert body["page"] == {"total": body["total"], "limit": body["limit"], "offset": body["offset"]}
    assert body["page"]["limit"] == 1 and body["page"]["offset"] == 1 and body["total"] >= 2
