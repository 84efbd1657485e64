"""``/api/v1/pnr``: shapes fit their models, PIU-only access, errors in the one error body."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from pydantic import BaseModel

from coopsec.api.models.pnr import (
    DisclosureOut,
    HitOut,
    HitsOut,
    IngestOut,
    RetentionOut,
    RetentionRunOut,
    ScreeningOut,
)
from coopsec.pnr.facts import PnrFacts

from .conftest import batch, people


def fits(model: type[BaseModel], response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    body = response.json()
    assert json.loads(model.model_validate(body).model_dump_json()) == body
    return body


def test_ingest_screen_review_retention_disclose(api: dict[str, TestClient], facts: PnrFacts) -> None:
    piu = api["piu"]
    (who,) = people(facts, 1, seed=3)
    doc = batch(facts, [who], seed=31, records=6, invalid=1)
    doc["transferred_at"] = "2020-01-01T00:00:00Z"  # an old batch: due for depersonalisation now
    ingested = fits(IngestOut, piu.post("/api/v1/pnr/batches", json=doc), 201)
    assert ingested["stored"] == 6 and ingested["rejected"][0]["index"] == 6
    entry = {
        "id": "W1",
        "surname": who["surname"],
        "given_names": who["given_names"],
        "date_of_birth": who["date_of_birth"],
    }
    run = fits(
        ScreeningOut,
        piu.post(
            "/api/v1/pnr/screenings", json={"purpose": "terrorism", "watchlist": {"name": "unit", "entries": [entry]}}
        ),
        201,
    )
    assert run["hits"] and "human review" in run["review"]
    queue = fits(HitsOut, piu.get("/api/v1/pnr/hits"))
    hit = queue["items"][0]
    assert hit["status"] == "pending" and hit["passenger"]["surname"] == who["surname"]
    fits(HitOut, piu.get(f"/api/v1/pnr/hits/{hit['id']}"))
    decided = fits(
        HitOut,
        piu.post(
            f"/api/v1/pnr/hits/{hit['id']}/decision",
            json={"decision": "dismissed", "reason": "different person, checked the photo"},
        ),
    )
    assert decided["decision"]["by"] == "piu"
    again = piu.post(
        f"/api/v1/pnr/hits/{hit['id']}/decision", json={"decision": "confirmed", "reason": "second try here"}
    )
    assert again.status_code == 409 and again.json()["ok"] is False
    status = fits(RetentionOut, piu.get("/api/v1/pnr/retention"))
    assert status["due_for_deletion"] == 6  # 2020 + 5 years is past
    fits(RetentionRunOut, piu.post("/api/v1/pnr/retention/run"))
    gone = piu.post(
        f"/api/v1/pnr/records/{hit['record']['id']}/disclosure",
        json={"purpose": "terrorism", "reason": "specific case 2026/17"},
    )
    assert gone.status_code == 404


def test_disclosure_shape_and_refusal(api: dict[str, TestClient], facts: PnrFacts) -> None:
    piu = api["piu"]
    doc = batch(facts, None, seed=32, records=2)
    doc["transferred_at"] = "2025-01-01T00:00:00Z"  # older than six months, younger than five years
    fits(IngestOut, piu.post("/api/v1/pnr/batches", json=doc), 201)
    fits(RetentionRunOut, piu.post("/api/v1/pnr/retention/run"))
    body = {"purpose": "murder", "reason": "specific case 2026/18"}
    refused = piu.post("/api/v1/pnr/records/1/disclosure", json=body)
    assert refused.status_code == 403 and "court" in refused.json()["error"]
    approval = {
        "kind": "independent-body",
        "approver": "PNR review board",
        "reference": "RB-9",
        "approved_at": "2026-01-01T00:00:00Z",
    }
    shown = fits(DisclosureOut, piu.post("/api/v1/pnr/records/1/disclosure", json={**body, "approval": approval}))
    assert shown["approval"]["reference"] == "RB-9" and shown["record"]["passengers"][0]["surname"]


def test_only_a_piu_may_process_and_only_writers_may_write(api: dict[str, TestClient], facts: PnrFacts) -> None:
    denied = api["police"].get("/api/v1/pnr/hits")
    assert denied.status_code == 403 and "Passenger Information Unit" in denied.json()["error"]
    assert api["piu-viewer"].get("/api/v1/pnr/hits").status_code == 200
    write = api["piu-viewer"].post("/api/v1/pnr/batches", json=batch(facts, None, seed=33, records=1))
    assert write.status_code == 403
    bad_purpose = api["piu"].post(
        "/api/v1/pnr/screenings",
        json={"purpose": "vagrancy", "watchlist": {"name": "x", "entries": [{"id": "1", "surname": "DOE"}]}},
    )
    assert bad_purpose.status_code == 400 and "Annex II" in bad_purpose.json()["error"]
    sensitive = api["piu"].post(
        "/api/v1/pnr/screenings",
        json={"purpose": "terrorism", "watchlist": {"name": "x", "entries": [{"id": "1", "religion": "x"}]}},
    )
    assert sensitive.status_code == 422
    nothing = api["piu"].post("/api/v1/pnr/batches", json={"flight": {}, "records": []})
    assert nothing.status_code == 400 and nothing.json()["ok"] is False
