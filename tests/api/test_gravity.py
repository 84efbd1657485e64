"""Gravity in the API: ``scale`` in the POST body and the query, refused where it has no meaning."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.test_api import assert_error, client, login

__all__ = ["client"]


def test_an_incident_leaves_article_5_open_and_article_4_applies(client: TestClient) -> None:
    headers = login(client)
    event = {"kind": "armed-attack", "victim": "TR", "by": "SY", "date": "2012-06-22", "scale": "incident"}
    body = client.post("/api/v1/assess", json=event, headers=headers).json()
    status = {m["id"]: m["status"] for m in body["mechanisms"]}
    assert body["event"]["scale"] == "incident"
    assert status["nato-art4"] == "applies" and status["nato-art5"] == "may_apply"
    query = client.get(
        "/api/v1/assess?kind=armed-attack&victim=TR&by=SY&on=2012-06-22&scale=attack", headers=headers
    ).json()
    assert {m["id"]: m["status"] for m in query["mechanisms"]}["nato-art5"] == "applies"


def test_a_scale_that_does_not_fit_the_kind_is_a_409_and_an_unknown_one_a_422(client: TestClient) -> None:
    headers = login(client)
    event = {"kind": "natural-disaster", "victim": "TR", "date": "2023-02-06", "scale": "incident"}
    assert "attacks only" in assert_error(client.post("/api/v1/assess", json=event, headers=headers), 409)["error"]
    assert_error(client.post("/api/v1/assess", json={**event, "scale": "grave"}, headers=headers), 422)
    assert_error(client.get("/api/v1/assess?kind=space-war&victim=TR", headers=headers), 422)


def test_the_schema_lists_the_kinds_and_scales_of_the_one_table(client: TestClient) -> None:
    from coopsec.obligations import KINDS, SCALES

    schema = client.get("/api/v1/openapi.json").json()
    event = schema["components"]["schemas"]["EventIn"]["properties"]
    assert event["kind"]["enum"] == list(KINDS)
    assert all(scale in str(event["scale"]) for scale in SCALES)
