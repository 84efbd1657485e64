"""``/api/v1/records``: share, read, search, retract (410), release; refusals audited; one error shape."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import select

from coopsec.api.models.records import RecordOut, RecordsOut, ReleaseOut
from coopsec.http import create_app
from coopsec.kb import KnowledgeBase
from coopsec.store import open_store
from coopsec.store.accounts import add_user, hash_password
from coopsec.store.models import AuditEntry
from tests.apiclients import api_settings, signed_in

PASSWORD = "a-long-test-password"
USERS = {
    "de": ("DE", "police", "liaison-officer"),
    "fr": ("FR", "police", "analyst"),
    "ua": ("UA", "police", "liaison-officer"),
    "viewer": ("FR", "police", "viewer"),
}
SHARED = {
    "title": "Cash courier network",
    "body": "Couriers move cash through Lyon",
    "entities": [{"kind": "phone", "value": "+33 6 12 34 56 78", "attributes": {"network": "prepaid"}}],
    "distribution": {"scope": "ring", "ring": "collective-security"},
    "handling": "H1",
    "tlp": "AMBER",
    "evaluation": "B2",
}


@pytest.fixture
def api(database_url: str, tmp_path: Path, kb: KnowledgeBase) -> Iterator[tuple[dict[str, TestClient], Any]]:
    settings = api_settings(tmp_path, database_url, "a-records-test-secret-long-enough-for-hs256")
    store = open_store(database_url)
    hashed = hash_password(PASSWORD)
    with store.session() as session:
        for name, (state, agency, role) in USERS.items():
            add_user(session, "test", name, hashed, state, agency, [role])
    with signed_in(create_app(settings, kb, store), USERS, PASSWORD) as clients:
        yield clients, store
    store.engine.dispose()


def fits(model: type[BaseModel], response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    body = response.json()
    assert json.loads(model.model_validate(body).model_dump_json()) == body
    return body


def refused(response: Any, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status and words in body["error"], body


def test_share_read_search_retract_through_the_api(api: Any) -> None:
    clients, store = api
    made = fits(RecordOut, clients["de"].post("/api/v1/records", json=SHARED), 201)
    rid = made["id"]
    assert made["originator"] == {"authority": "DE/police", "user": "de"}
    assert made["distribution"] == {"scope": "ring", "authorities": [], "ring": "collective-security"}
    assert fits(RecordOut, clients["fr"].get(f"/api/v1/records/{rid}"))["entities"] == SHARED["entities"]
    found = fits(RecordsOut, clients["fr"].get("/api/v1/records", params={"q": "prepaid Lyon"}))
    assert [i["id"] for i in found["items"]] == [rid] and found["total"] == 1
    assert found["page"] == {"total": 1, "limit": 50, "offset": 0}
    assert fits(RecordsOut, clients["fr"].get("/api/v1/records", params={"q": "Marseille"}))["total"] == 0
    refused(clients["ua"].get(f"/api/v1/records/{rid}"), 404, "that you may see")
    refused(clients["ua"].get("/api/v1/records/00000000-0000-0000-0000-000000000000"), 404, "that you may see")
    assert fits(RecordsOut, clients["ua"].get("/api/v1/records", params={"q": "courier"}))["total"] == 0
    refused(clients["viewer"].get(f"/api/v1/records/{rid}"), 404, "that you may see")  # GREEN clearance
    refused(clients["fr"].post(f"/api/v1/records/{rid}/retract", json={"reason": "x"}), 403, "originating authority")
    gone = fits(RecordOut, clients["de"].post(f"/api/v1/records/{rid}/retract", json={"reason": "source burned"}))
    assert gone["status"] == "retracted" and gone["version"] == 2
    refused(clients["fr"].get(f"/api/v1/records/{rid}"), 410, "source burned")
    refused(clients["ua"].get(f"/api/v1/records/{rid}"), 404, "that you may see")
    with store.session(write=False) as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action.like("record.%"))).all()
        actions = [(r.actor, r.action) for r in rows]
    assert ("de", "record.retract") in actions and ("fr", "record.retraction-notice") in actions
    assert actions.count(("ua", "record.refused")) == 3  # refusals are kept although the request failed
    assert ("viewer", "record.refused") in actions


def test_release_requests_through_the_api(api: Any) -> None:
    clients, _ = api
    body = SHARED | {"distribution": {"scope": "authorities", "authorities": ["FR/police"]}, "tlp": "AMBER"}
    rid = fits(RecordOut, clients["de"].post("/api/v1/records", json=body), 201)["id"]
    refused(clients["ua"].get(f"/api/v1/records/{rid}"), 404, "that you may see")
    asked = fits(
        ReleaseOut,
        clients["fr"].post(f"/api/v1/records/{rid}/release-requests", json={"authority": "UA/police", "reason": "JIT"}),
        201,
    )
    base = f"/api/v1/records/{rid}/release-requests/{asked['id']}"
    refused(clients["fr"].post(f"{base}/grant"), 403, "originating authority")
    assert fits(ReleaseOut, clients["de"].post(f"{base}/grant"))["status"] == "granted"
    refused(clients["de"].post(f"{base}/refuse"), 409, "already granted")
    assert fits(RecordOut, clients["ua"].get(f"/api/v1/records/{rid}"))["tlp"] == "AMBER"
    refused(clients["de"].post(f"/api/v1/records/{rid}/release-requests/999/grant"), 404, "no release request 999")


def test_bad_shares_answer_in_the_one_error_shape(api: Any) -> None:
    clients, _ = api
    refused(clients["viewer"].post("/api/v1/records", json=SHARED), 403, "viewers read only")
    red_ring = SHARED | {"tlp": "RED"}
    refused(clients["de"].post("/api/v1/records", json=red_ring), 409, "individual recipients only")
    refused(clients["fr"].post("/api/v1/records", json=SHARED | {"tlp": "RED", "distribution": {"scope": "authority"}}),
            403, "above your clearance")  # fmt: skip
    refused(clients["de"].post("/api/v1/records", json=SHARED | {"handling": "H3"}), 400, "handling_note")
    refused(clients["de"].post("/api/v1/records", json=SHARED | {"tlp": "WHITE"}), 422, "tlp")
    refused(clients["de"].post("/api/v1/records", json=SHARED | {"evaluation": "E9"}), 422, "evaluation")
    bad_authority = SHARED | {"distribution": {"scope": "authorities", "authorities": ["Atlantis/police"]}}
    refused(clients["de"].post("/api/v1/records", json=bad_authority), 400, "unknown state")
    refused(clients["de"].get("/api/v1/records", params={"q": "!!!"}), 400, "holds no words")
