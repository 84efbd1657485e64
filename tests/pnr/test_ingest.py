"""Ingest: good records kept, bad ones rejected with index, locator, field and how to fix; PNRGOV EDIFACT."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coopsec.errors import InputError
from coopsec.pnr.facts import PnrFacts
from coopsec.pnr.generate import generate_batch
from coopsec.pnr.ingest import ingest, parse_batch
from coopsec.pnr.pnrgov import parse_pnrgov
from coopsec.store import Store
from coopsec.store.models import AuditEntry
from coopsec.store.pnr_models import PnrBatch, PnrPassenger, PnrRecord

from .conftest import T0

EDIFACT = (Path(__file__).parent / "sample.edi").read_text(encoding="utf-8")


def test_good_records_are_kept_and_bad_ones_rejected_with_reasons(store: Store, facts: PnrFacts) -> None:
    doc = generate_batch(facts, seed=2, records=8, invalid=3)
    with store.session() as session:
        result = ingest(session, facts, doc, "piu-analyst", now=T0)
    assert result.stored == 8
    rejected = {r.index: r for r in result.rejected}
    assert set(rejected) == {8, 9, 10}
    assert rejected[8].field == "locator" and rejected[8].locator is None and "add it" in rejected[8].message
    assert rejected[9].field == "passengers[0].api.date_of_birth" and "YYYY-MM-DD" in rejected[9].message
    assert rejected[9].locator == doc["records"][9]["locator"]
    assert rejected[10].field == "passengers[0].name" and "SURNAME/GIVEN" in rejected[10].message
    with store.session(write=False) as session:
        assert session.execute(select(func.count()).select_from(PnrRecord)).scalar_one() == 8
        batch = session.execute(select(PnrBatch)).scalar_one()
        assert (batch.records, batch.rejected, batch.transferred_at) == (8, 3, "2026-01-15T09:00:00.000000Z")
        entry = session.execute(select(AuditEntry).where(AuditEntry.action == "pnr.ingest")).scalar_one()
        detail = json.loads(entry.detail)
        assert detail["rejected"] == [8, 9, 10] and len(detail["stored"]) == 8
        names = [p.surname for p in session.execute(select(PnrPassenger)).scalars()]
        assert not any(name and name in entry.detail for name in names)  # the audit names no passenger


def test_a_batch_with_no_valid_record_stores_nothing(store: Store, facts: PnrFacts) -> None:
    doc = generate_batch(facts, seed=3, records=0, invalid=2)
    with store.session() as session, pytest.raises(InputError, match="no record of the batch is valid"):
        ingest(session, facts, doc, "piu-analyst")
    with store.session(write=False) as session:
        assert session.execute(select(func.count()).select_from(PnrBatch)).scalar_one() == 0


def test_the_good_records_are_one_transaction(store: Store, facts: PnrFacts) -> None:
    doc = generate_batch(facts, seed=4, records=3)
    with pytest.raises(RuntimeError), store.session() as session:
        ingest(session, facts, doc, "piu-analyst")
        raise RuntimeError("the caller fails after the ingest")
    with store.session(write=False) as session:
        assert session.execute(select(func.count()).select_from(PnrRecord)).scalar_one() == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "other/1"}, "format"),
        ({"flight": {"carrier": "X"}}, "flight"),
        ({"records": "none"}, "records"),
    ],
)
def test_an_unreadable_batch_is_refused_as_a_whole(facts: PnrFacts, change: dict[str, object], message: str) -> None:
    doc = {**generate_batch(facts, seed=5, records=1), **change}
    with pytest.raises(InputError, match=message):
        parse_batch(doc, facts)


def test_a_locator_twice_in_a_batch_is_rejected_the_second_time(facts: PnrFacts) -> None:
    doc = generate_batch(facts, seed=6, records=2)
    doc["records"][1]["locator"] = doc["records"][0]["locator"]
    parsed = parse_batch(doc, facts)
    assert [i for i, _ in parsed.good] == [0]
    assert parsed.rejected[0].field == "locator" and "twice" in parsed.rejected[0].message


def test_pnrgov_edifact_becomes_the_same_batch(store: Store, facts: PnrFacts) -> None:
    doc = parse_pnrgov(EDIFACT)
    assert doc["flight"] == {
        "carrier": "XX",
        "number": "1234",
        "departure_port": "ATH",
        "arrival_port": "FRA",
        "departure": "2026-11-24T10:00:00+00:00",
    }
    first, second = doc["records"]
    assert first["locator"] == "ABC123" and first["reservation_date"] == "2026-10-01"
    assert first["general_remarks"] == "WHEELCHAIR'S REQUESTED"  # the release character
    assert first["payment"] == [{"form": "card", "card_last4": "1234"}]
    assert first["passengers"][0]["api"]["date_of_birth"] == "1970-07-12"
    assert first["passengers"][0]["seat"] == "12A"
    with store.session() as session:
        result = ingest(session, facts, doc, "piu-analyst", source="pnrgov-edifact")
    assert (result.stored, result.rejected) == (2, ())
    with store.session(write=False) as session:
        rows = session.execute(select(PnrPassenger).order_by(PnrPassenger.id)).scalars().all()
        assert [(p.surname, p.given_names, p.title) for p in rows] == [("SMITH", "JOHN", "MR"), ("DOE", "JANE", "MRS")]
    assert second["passengers"] == [{"name": "DOEJANEMRS"}]


def test_something_else_is_not_pnrgov() -> None:
    with pytest.raises(InputError, match="PNRGOV"):
        parse_pnrgov("UNA:+.? 'UNB+IATA:1'UNZ+1'")
