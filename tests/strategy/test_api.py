"""``/api/v1/risk`` and ``/api/v1/strategy/simulate``: the CLI's JSON, typed, bounded, with the common errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from coopsec.api.models.strategy import RiskOut, SimulationOut
from coopsec.kb import KnowledgeBase
from coopsec.kb.yamlio import read_yaml
from tests.apiclients import admin_client
from tests.strategy.conftest import EXAMPLES


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[TestClient]:
    with admin_client(tmp_path_factory.mktemp("strategy-api"), kb) as signed_in_admin:
        yield signed_in_admin


def _strategy(name: str) -> dict[str, Any]:
    raw, issues = read_yaml(EXAMPLES / "strategies" / f"{name}.yaml", name)
    assert not issues and isinstance(raw, dict)
    out: dict[str, Any] = json.loads(json.dumps(raw, default=str))
    return out


def test_risk_is_the_register(client: TestClient) -> None:
    response = client.get("/api/v1/risk", params={"on": "2026-01-01"})
    assert response.status_code == 200
    body = response.json()
    RiskOut.model_validate(body)
    assert body["regions"]["southern"]["states"][:2] == ["CY", "ES"]
    assert client.get("/api/v1/risk", params={"on": "soon"}).status_code == 422


def test_simulate_gives_the_shape_and_is_reproducible(client: TestClient) -> None:
    body = {"strategies": [_strategy("east-heavy"), _strategy("south-heavy")], "years": 3, "runs": 200, "seed": 7}
    one, two = client.post("/api/v1/strategy/simulate", json=body), client.post("/api/v1/strategy/simulate", json=body)
    assert one.status_code == 200, one.text
    assert one.content == two.content
    parsed = SimulationOut.model_validate(one.json())
    assert parsed.seed == 7 and parsed.runs == 200
    assert [s.name for s in parsed.strategies] == ["east-heavy", "south-heavy"]
    assert parsed.sensitivity is None


def test_simulate_refuses_bad_strategies_and_sizes(client: TestClient) -> None:
    bad = dict(_strategy("balanced"), means={"north": {"police": 1}})
    response = client.post("/api/v1/strategy/simulate", json={"strategies": [bad]})
    assert response.status_code == 400
    assert "strategies[0]: means.north: unknown flank 'north'" in response.json()["error"]
    too_big = client.post("/api/v1/strategy/simulate", json={"strategies": [_strategy("balanced")], "runs": 10**6})
    assert too_big.status_code == 422
    twice = client.post("/api/v1/strategy/simulate", json={"strategies": [_strategy("balanced")] * 2, "runs": 5})
    assert twice.status_code == 400
    anonymous = TestClient(client.app).post("/api/v1/strategy/simulate", json={"strategies": [_strategy("balanced")]})
    assert anonymous.status_code == 401
