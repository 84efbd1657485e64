"""``/api/v1/linkage``: create, submit, match in the background, results to both owners only; one error shape."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from coopsec.api.models.linkage import ExchangeOut, ExchangesOut, ResultsOut, SubmittedOut
from coopsec.http import create_app
from coopsec.kb import KnowledgeBase
from coopsec.linkage import match
from coopsec.store import open_store
from tests.apiclients import api_settings, signed_in
from tests.linkage.server_helpers import PASSWORD, USERS, add_users, encodings

URL = "/api/v1/linkage/exchanges"


@pytest.fixture
def api(
    database_url: str, tmp_path: Path, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, TestClient]]:
    monkeypatch.setenv("COOPSEC_LINKAGE_MIN_RECORDS", "20")
    monkeypatch.setenv("COOPSEC_LINKAGE_EXCHANGES_PER_DAY", "3")
    settings = api_settings(tmp_path, database_url, "a-linkage-test-secret-long-enough-for-hs256")
    store = open_store(database_url)
    add_users(store)
    with signed_in(create_app(settings, kb, store), USERS, PASSWORD) as clients:
        yield clients
    store.engine.dispose()


def fits(model: Any, response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    body = response.json()
    assert model.model_validate(body).model_dump(mode="json", by_alias=True) == body
    return body


def refused(response: Any, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status and words in body["error"], body


def created(client: TestClient, parties: list[str], **changes: Any) -> str:
    body = {
        "purpose": "Cross-match of suspected money mules (AMLD Art. 53)",
        "schema": "persons",
        "key_check": encodings()["FR/police"].key_check,
        "parties": parties,
        **changes,
    }
    return str(fits(ExchangeOut, client.post(URL, json=body), 201)["id"])


def finished(client: TestClient, exchange: str) -> dict[str, Any]:
    """Poll the exchange, as the dashboard does, until the background job has ended."""
    for _ in range(2000):
        shown = fits(ExchangeOut, client.get(f"{URL}/{exchange}"))
        assert 0 <= shown["progress"]["fraction"] <= 1
        if shown["status"] in ("done", "failed"):
            return dict(shown)
        time.sleep(0.02)
    raise AssertionError("the matching job did not end")


def test_exchange_through_the_api(api: dict[str, TestClient]) -> None:
    fr, de, es = api["fr"], api["de"], api["es"]
    ex = created(es, ["FR/police", "DE/police"])  # created by an authority that is not a party
    docs = {who: enc.to_json() for who, enc in encodings().items()}
    first = fits(SubmittedOut, fr.post(f"{URL}/{ex}/submissions", json=docs["FR/police"]), 201)
    assert first["ready"] is False and first["you"] == {
        "authority": "FR/police",
        "party": True,
        "submitted": True,
        "records": len(encodings()["FR/police"]),
    }
    pending = fits(ExchangeOut, de.get(f"{URL}/{ex}"))
    assert [(p["authority"], p["submitted"]) for p in pending["parties"]] == [("FR/police", True), ("DE/police", False)]
    assert pending["you"]["records"] is None  # the other party's list size is not shown
    last = fits(SubmittedOut, de.post(f"{URL}/{ex}/submissions", json=docs["DE/police"]), 201)
    assert last["ready"] is True and last["status"] in ("matching", "done")
    done = finished(de, ex)
    assert done["status"] == "done" and done["progress"] == {"stage": "done", "fraction": 1.0}

    a, b = encodings()["DE/police"], encodings()["FR/police"]
    local = match(a, b, mode="one-to-one", false_hits=0.01).pairs
    expected = {(a.ids[i], b.ids[j]) for i, j in zip(local.ia, local.ib, strict=True)}
    got_de = fits(ResultsOut, de.get(f"{URL}/{ex}/results"))
    got_fr = fits(ResultsOut, fr.get(f"{URL}/{ex}/results"))
    assert {(p["ref"], p["other_ref"]) for p in got_de["pairs"]} == expected
    assert {(p["other_ref"], p["ref"]) for p in got_fr["pairs"]} == expected
    assert {p["other_authority"] for p in got_fr["pairs"]} == {"DE/police"}

    refused(es.get(f"{URL}/{ex}/results"), 403, "not a party")  # the creator, not a party: no pairs
    refused(api["nl"].get(f"{URL}/{ex}/results"), 404, "no linkage exchange")  # an outsider: no such exchange
    refused(api["nl"].get(f"{URL}/{ex}"), 404, "no linkage exchange")
    refused(api["fr-viewer"].get(f"{URL}/{ex}/results"), 403, "viewers read only")
    assert [e["id"] for e in fits(ExchangesOut, es.get(URL))["items"]] == [ex]
    assert fits(ExchangesOut, api["nl"].get(URL))["items"] == []


def test_refusals_in_the_one_error_shape(api: dict[str, TestClient]) -> None:
    fr = api["fr"]
    ex = created(fr, ["FR/police", "NL/police"])
    good = encodings()["FR/police"].to_json()
    refused(fr.post(f"{URL}/{ex}/submissions", json={**good, "key_check": "00" * 8}), 409, "secret shared")
    refused(fr.post(f"{URL}/{ex}/submissions", json={**good, "surname": "x"}), 400, "more than encodings")
    refused(fr.post(f"{URL}/{ex}/start"), 409, "at least two")
    created(fr, ["FR/police", "DE/police"])
    created(fr, ["FR/police", "DE/police"])
    body = {"purpose": "One exchange too many today", "schema": "persons", "key_check": good["key_check"]}
    over = fr.post(URL, json={**body, "parties": ["FR/police", "DE/police"]})
    refused(over, 429, "EXCHANGES_PER_DAY")
    assert 0 < int(over.headers["Retry-After"]) <= 86_400
