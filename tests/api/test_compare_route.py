"""``/api/v1/rings/compare``: two dates side by side, described by its model, dates checked."""

from __future__ import annotations

from fastapi.testclient import TestClient

from coopsec.api.models.compare import ComparisonOut
from tests.api.test_api import assert_error, client, login

__all__ = ["client"]


def test_finland_and_sweden_join_nato_between_the_dates(client: TestClient) -> None:
    headers = login(client)
    response = client.get("/api/v1/rings/compare?a=2022-01-01&b=2024-04-01", headers=headers)
    assert response.status_code == 200
    body = response.json()
    ComparisonOut.model_validate(body)
    joined = {m["state"] for m in body["memberships"] if m["organisation"] == "NATO" and m["change"] == "gained"}
    assert joined == {"FI", "SE"}
    changed = {c["state"]: (c["before"], c["after"]) for c in body["changed"]}
    assert changed["FI"] == ("core-eu", "core-nato-eu")
    assert all(r["source"]["id"] for c in body["changed"] for r in c["reasons"] if r["source"])


def test_bad_dates_get_the_common_error(client: TestClient) -> None:
    headers = login(client)
    assert_error(client.get("/api/v1/rings/compare?a=2022-13-01&b=2024-04-01", headers=headers), 422)
    assert_error(client.get("/api/v1/rings/compare?a=1900-01-01&b=2024-04-01", headers=headers), 422)
    assert_error(client.get("/api/v1/rings/compare?a=2022-01-01", headers=headers), 422)
    assert_error(client.get("/api/v1/rings/compare?a=2022-01-01&b=2024-04-01"), 401)


def test_the_openapi_document_describes_the_comparison(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    ok = schema["paths"]["/api/v1/rings/compare"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"] == {"$ref": "#/components/schemas/ComparisonOut"}


def test_the_pages_render_for_a_logged_in_user(client: TestClient) -> None:
    headers = login(client)
    for path in ("/list?on=2024-04-01", "/compare?a=2022-01-01&b=2024-04-01", "/diagram?on=1990-10-03",
                 "/glossary", "/sources"):  # fmt: skip
        response = client.get(path, headers=headers, follow_redirects=False)
        assert response.status_code == 200, path
    assert client.get("/list", follow_redirects=False).status_code == 303
    assert client.get("/list?on=1800-01-01", headers=headers).status_code == 400
