"""``/api/v1/plan``: the CLI's JSON over HTTP, typed by its model, with the common error body."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from coopsec.api.models.plan import PlanOut
from coopsec.kb import KnowledgeBase
from coopsec.response import Incident, plan
from tests.apiclients import admin_client

PARIS = {
    "kind": "terrorist-attack",
    "victim": "FR",
    "by": "non-state",
    "date": "2015-11-13",
    "casualties": 130,
    "cross_border": True,
    "online_propaganda": True,
    "perpetrators": "at-large",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[TestClient]:
    with admin_client(tmp_path_factory.mktemp("plan-api"), kb) as signed_in_admin:
        yield signed_in_admin


def _fits(body: Any) -> None:
    parsed = PlanOut.model_validate_json(json.dumps(body))
    assert json.loads(parsed.model_dump_json()) == body


def test_post_gives_the_cli_json(client: TestClient, kb: KnowledgeBase) -> None:
    response = client.post("/api/v1/plan", json=PARIS)
    assert response.status_code == 200, response.text
    body = response.json()
    _fits(body)
    fields = {k: v for k, v in PARIS.items() if k != "date"}
    expected = plan(kb, Incident(date="2015-11-13", **fields)).to_dict()  # type: ignore[arg-type]
    assert body == json.loads(json.dumps(expected))
    assert {"europol-ectc", "sirius", "piu", "eurojust"} <= {a["body_id"] for a in body["actions"]}
    assert any(line["line"].startswith("France may invoke TFEU Art. 222") for line in body["invocations"])


def test_get_with_query_parameters(client: TestClient) -> None:
    response = client.get("/api/v1/plan?kind=natural-disaster&victim=TR&on=2023-02-06")
    assert response.status_code == 200, response.text
    body = response.json()
    _fits(body)
    assert {a["framework"] for a in body["actions"]} == {"civil-protection"}
    assert "ucpm-request" in {a["id"] for a in body["actions"]}


def test_the_operations_are_typed(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    for method in ("get", "post"):
        schema = spec["paths"]["/api/v1/plan"][method]["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/PlanOut"}


@pytest.mark.parametrize(
    ("method", "url", "payload", "status"),
    [
        ("post", "/api/v1/plan", {**PARIS, "victim": "QQ"}, 404),
        ("post", "/api/v1/plan", {**PARIS, "kind": "meteor"}, 422),
        ("post", "/api/v1/plan", {**PARIS, "casualties": -1}, 422),
        ("post", "/api/v1/plan", {**PARIS, "perpetrators": "maybe"}, 422),
        ("post", "/api/v1/plan", {**PARIS, "colour": "red"}, 422),
        ("get", "/api/v1/plan?kind=terrorist-attack&victim=FR&on=2015-13-01", None, 422),
    ],
)
def test_bad_input_is_a_4xx_with_the_common_error_body(
    client: TestClient, method: str, url: str, payload: Any, status: int
) -> None:
    response = client.post(url, json=payload) if method == "post" else client.get(url)
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"ok", "error", "errors", "status"} and body["ok"] is False
    assert body["status"] == response.status_code


def test_the_plan_needs_a_login(client: TestClient) -> None:
    response = client.post("/api/v1/plan", json=PARIS, headers={"Authorization": ""})
    assert response.status_code == 401
