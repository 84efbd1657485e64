"""Schemathesis against the OpenAPI document: no 5xx, every response matches its schema (bounded)."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from coopsec.http import create_app
from coopsec.kb import load_knowledge_base
from coopsec.service import bootstrap
from coopsec.settings import Settings


def _app_and_token(tmp: Path) -> tuple[object, str]:
    config = Settings(
        data_dir=tmp,
        environment="test",
        secret_key="a-schema-test-secret-long-enough-for-hs256",
        login_attempts_per_minute=1_000_000,
    )
    store, password = bootstrap(config)
    app = create_app(config, load_knowledge_base(), store)
    with TestClient(app) as client:
        token = client.post("/api/v1/auth/token", data={"username": "admin", "password": password}).json()
    return app, token["access_token"]


APP, TOKEN = _app_and_token(Path(__import__("tempfile").mkdtemp(prefix="coopsec-schema-")))
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)


@schema.exclude(path_regex=r"/users/\{username\}/disable").parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"})


def test_the_schema_documents_the_error_body() -> None:
    spec = TestClient(APP).get("/api/v1/openapi.json").json()  # type: ignore[arg-type]
    members = spec["paths"]["/api/v1/organisations/{code}/members"]["get"]["responses"]
    assert {"400", "401", "404", "422"} <= set(members)
