"""``/api/v1/atlas``: the map's data for every date, described by its model, and the same as the rings."""

from __future__ import annotations

from fastapi.testclient import TestClient

from coopsec.api.routes.atlas import AtlasOut
from tests.api.test_api import assert_error, client, login

__all__ = ["client"]


def test_the_atlas_validates_against_its_model_and_matches_the_rings(client: TestClient) -> None:
    headers = login(client)
    response = client.get("/api/v1/atlas", headers=headers)
    assert response.status_code == 200
    body = response.json()
    AtlasOut.model_validate(body)
    rings = client.get("/api/v1/rings?on=1990-10-03", headers=headers).json()
    for state in rings["states"]:
        entries = [e for e in body["places"][state["state"]] if e[0] <= "1990-10-03"]
        assert entries[-1][1] == state["category"], state["state"]


def test_the_atlas_needs_a_login(client: TestClient) -> None:
    assert_error(client.get("/api/v1/atlas"), 401)


def test_the_openapi_document_describes_the_atlas(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    ok = schema["paths"]["/api/v1/atlas"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/AtlasOut"}


def test_a_special_territory_follows_its_own_status(client: TestClient) -> None:
    headers = login(client)
    body = client.get("/api/v1/territories/GL?on=2020-01-01", headers=headers).json()
    assert body["holder"] == {"code": "DK", "name": "Denmark"}
    assert body["eu_status"]["status"] == "oct"  # outside the EU since 1985
    statuses = {g["id"]: g["status"] for g in body["guarantees"]}
    assert statuses["nato-art5"] == "applies"
    assert statuses["teu-42-7"] == "may_apply"  # outside the Treaties: an open question
    assert_error(client.get("/api/v1/territories/ZZ?on=2020-01-01", headers=headers), 400)
