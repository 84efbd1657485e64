"""The /pnr dashboard page: pending hits and retention status for PIU users, a refusal in words for others."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from coopsec.pnr.facts import PnrFacts

from .conftest import batch, people


def test_the_page_shows_the_hits_for_review_and_the_retention_status(
    api: dict[str, TestClient], facts: PnrFacts
) -> None:
    piu = api["piu"]
    (who,) = people(facts, 1, seed=8)
    assert piu.post("/api/v1/pnr/batches", json=batch(facts, [who], seed=51, records=3)).status_code == 201
    entry = {
        "id": "W-7",
        "surname": who["surname"],
        "given_names": who["given_names"],
        "date_of_birth": who["date_of_birth"],
    }
    body = {"purpose": "human-trafficking", "watchlist": {"name": "unit list", "entries": [entry]}}
    assert piu.post("/api/v1/pnr/screenings", json=body).status_code == 201
    page = piu.get("/pnr")
    assert page.status_code == 200
    html = page.text
    assert (
        'id="pnr-hits"' in html and "W-7" in html and who["surname"] in html and "trafficking in human beings" in html
    )
    assert re.search(r"<dt>Records held</dt><dd>3</dd>", html)
    assert 'href="/pnr" aria-current="page"' in html
    assert "style=" not in html and not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html)


def test_others_are_told_why_they_cannot_see_pnr_data(api: dict[str, TestClient]) -> None:
    page = api["police"].get("/pnr")
    assert page.status_code == 403 and "Passenger Information Unit" in page.text and 'id="pnr-hits"' not in page.text


def test_the_page_needs_a_login(api: dict[str, TestClient]) -> None:
    anonymous = TestClient(api["piu"].app)
    response = anonymous.get("/pnr", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")
