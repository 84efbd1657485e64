"""Schemathesis against the OpenAPI document: no 5xx, and every response, body included, matches its schema.

Every route declares its response model (``coopsec.api.models``), so the body check is real: a key
missing, renamed, of the wrong type or undeclared fails. Bounded: a few examples per operation.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from coopsec.http import create_app
from coopsec.kb import load_knowledge_base
from coopsec.service import bootstrap
from coopsec.settings import Settings

#: What every generated request is checked for; ``response_schema_conformance`` validates the body.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
#: Logging out ends the token every other case uses (its answer is validated in test_models.py).
LOGOUT = r"/auth/logout$"


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
#: Codes the knowledge base knows, mixed into the generated ones: random codes are mostly unknown (404),
#: and a body is only checked against its model when the request reaches a 200.
KNOWN = {
    "code": ("FI", "DE", "SUHH", "NATO", "eu", "WEU"),
    "victim": ("FI", "EE", "DE", "PL"),
    "by": ("RU", "unknown", "non-state"),
    "a": ("EU", "NATO"),
    "b": ("NATO", "OSCE"),
}


def _with_known(values: Any) -> st.SearchStrategy[Any]:
    """The generated values, or the same with some of them replaced by known codes."""
    if not isinstance(values, dict) or not KNOWN.keys() & values.keys():
        return st.just(values)
    known = {key: st.sampled_from((values[key], *KNOWN[key])) for key in KNOWN.keys() & values.keys()}
    return st.fixed_dictionaries(known).map(lambda chosen: {**values, **chosen})


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: Any) -> st.SearchStrategy[Any]:
    """Known state and organisation codes in paths."""
    return _with_known(path_parameters)


@schema.hook
def flatmap_query(context: Any, query: Any) -> st.SearchStrategy[Any]:
    """Known victims, actors and organisations in queries."""
    return _with_known(query)


@schema.hook
def flatmap_body(context: Any, body: Any) -> st.SearchStrategy[Any]:
    """Known victims and actors in the body of POST /assess."""
    return _with_known(body)


#: Status codes seen per operation, so the run can show that it reached successful answers.
SEEN: Counter[tuple[str, int]] = Counter()


@schema.exclude(path_regex=r"/users/\{username\}/disable").exclude(path_regex=LOGOUT).parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
    response = case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS)
    SEEN[(case.operation.label, response.status_code)] += 1


def test_the_generated_requests_reached_success_bodies() -> None:
    """The session was not ended under the run: the reading routes answered 200 with bodies to check."""
    ok = {label for (label, status), _ in SEEN.items() if status == 200}
    if not SEEN:  # run alone (-k): nothing to say
        return
    for label in ("GET /api/v1/rings", "GET /api/v1/states/{code}", "GET /api/v1/health", "GET /api/v1/users"):
        assert label in ok, (label, sorted(SEEN.items()))


def test_the_schema_documents_the_error_body() -> None:
    spec = TestClient(APP).get("/api/v1/openapi.json").json()  # type: ignore[arg-type]
    members = spec["paths"]["/api/v1/organisations/{code}/members"]["get"]["responses"]
    assert {"400", "401", "404", "422"} <= set(members)
