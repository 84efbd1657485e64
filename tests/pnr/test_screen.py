"""Screening: stated purpose, pre-determined criteria, every hit pending human review; encoded watchlists."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from coopsec.errors import ConflictError, InputError, UnknownCodeError
from coopsec.linkage.encode import encode
from coopsec.linkage.schema import load_schema
from coopsec.pnr import review
from coopsec.pnr.facts import PnrFacts
from coopsec.pnr.ingest import ingest
from coopsec.pnr.screen import read_watchlist, screen
from coopsec.pnr.screen_encoded import screen_encoded
from coopsec.store import Store
from coopsec.store.models import AuditEntry
from coopsec.store.pnr_models import PnrHit

from .conftest import T0, batch, people


def _load(store: Store, facts: PnrFacts, placed: list[dict[str, str]]) -> None:
    with store.session() as session:
        ingest(session, facts, batch(facts, placed, seed=11, records=30), "piu-analyst", now=T0)


def test_hits_go_to_review_and_a_decision_needs_who_and_why(store: Store, facts: PnrFacts) -> None:
    a, b, c = people(facts, 3)
    _load(store, facts, [a, b])
    variant = {**b, "surname": b["surname"][:-1] + ("X" if b["surname"][-1] != "X" else "Y")}
    watchlist = read_watchlist(
        {
            "name": "unit list",
            "entries": [
                {"id": "W-doc", "document_number": a["document_number"], "nationality": a["nationality"]},
                {
                    "id": "W-variant",
                    "surname": variant["surname"],
                    "given_names": b["given_names"],
                    "date_of_birth": b["date_of_birth"],
                    "gender": b["gender"],
                },
                {
                    "id": "W-absent",
                    "surname": c["surname"],
                    "given_names": c["given_names"],
                    "date_of_birth": c["date_of_birth"],
                },
            ],
        }
    )
    with store.session() as session:
        result = screen(session, facts, watchlist, "terrorism", "piu-analyst", now=T0)
    with store.session(write=False) as session:
        queue = review.list_hits(session)
    found = {h["entry"]: h for h in queue["items"]}
    assert set(found) >= {"W-doc", "W-variant"} and "W-absent" not in found
    assert found["W-doc"]["criterion"] == "document"
    assert found["W-variant"]["criterion"] == "name-dob-similar"
    assert found["W-variant"]["detail"]["criteria"]["name-dob-similar"]["surname"] < 1.0
    assert all(h["status"] == "pending" and h["decision"] is None for h in queue["items"])
    assert queue["page"]["total"] == len(result.hits)
    hit = found["W-doc"]["id"]
    with store.session() as session, pytest.raises(InputError, match="reason"):
        review.decide(session, hit, "confirmed", "reviewer", "ok")
    with store.session() as session:
        decided = review.decide(session, hit, "confirmed", "reviewer", "document and photo match the list entry")
    assert decided["decision"]["by"] == "reviewer" and decided["status"] == "confirmed"
    with store.session() as session, pytest.raises(ConflictError, match="already confirmed"):
        review.decide(session, hit, "dismissed", "other", "changed my mind about it")
    with store.session() as session, pytest.raises(UnknownCodeError):
        review.decide(session, 999_999, "dismissed", "other", "no such hit at all here")
    with store.session(write=False) as session:
        actions = [e.action for e in session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()]
    assert actions.count("pnr.hit.queued") == len(result.hits)
    assert actions[-1] == "pnr.hit.confirmed" and "pnr.screen" in actions


@pytest.mark.parametrize("purpose", ["shoplifting", "illegal-immigration", "border-control", ""])
def test_a_purpose_other_than_terrorism_or_annex_ii_is_refused(store: Store, facts: PnrFacts, purpose: str) -> None:
    watchlist = read_watchlist({"name": "l", "entries": [{"id": "1", "surname": "DOE"}]})
    with store.session() as session, pytest.raises(InputError, match="Annex II"):
        screen(session, facts, watchlist, purpose, "piu-analyst")
    with store.session(write=False) as session:
        assert session.execute(select(AuditEntry).where(AuditEntry.action == "pnr.screen")).first() is None


def test_a_watchlist_entry_with_a_sensitive_field_is_refused() -> None:
    with pytest.raises(InputError, match="religion: field not allowed"):
        read_watchlist({"name": "l", "entries": [{"id": "1", "surname": "DOE", "religion": "x"}]})


def test_an_encoded_watchlist_screens_without_plaintext_reaching_the_store(store: Store, facts: PnrFacts) -> None:
    inside, outside = people(facts, 2, seed=7)
    _load(store, facts, [inside])
    schema, secret = load_schema("persons"), b"a-shared-secret-of-the-two-units"
    columns = [f.name for f in schema.fields]

    def row(rid: str, who: dict[str, str]) -> dict[str, str]:
        return {
            **dict.fromkeys(columns, ""),
            "rec_id": rid,
            "given_name": who["given_names"].title(),
            "surname": who["surname"].title(),
            "date_of_birth": who["date_of_birth"],
        }

    encoded = encode([row("E1", inside), row("E2", outside)], schema, secret)
    document = json.dumps(encoded.to_json())
    assert outside["surname"].lower() not in document.lower()  # only filters leave the owner
    with store.session() as session:
        result = screen_encoded(session, facts, encoded, secret, "kidnapping", "piu-analyst", name="partner list")
    with store.session(write=False) as session:
        hits = session.execute(select(PnrHit)).scalars().all()
        assert [h.entry for h in hits] == ["E1"] and len(result.hits) == 1
        assert hits[0].detail["dice"] >= facts.criteria.encoded.threshold  # type: ignore[union-attr]
        dump = " ".join(
            str(row)
            for table in ("pnr_screenings", "pnr_hits", "audit_log")
            for row in session.execute(text(f"SELECT * FROM {table}")).all()
        )
    for value in (outside["surname"], outside["document_number"], outside["date_of_birth"]):
        assert value not in dump
    with store.session() as session, pytest.raises(ConflictError, match="same secret"):
        screen_encoded(session, facts, encoded, b"another-secret-entirely-here", "kidnapping", "a", name="x")
