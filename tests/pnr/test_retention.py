"""Art. 12 with a set clock: mask at six months (flagged kept), delete at five years, disclose on approval."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from coopsec.errors import ConflictError, ForbiddenError, InputError
from coopsec.pnr import retention, review
from coopsec.pnr.clock import add_months
from coopsec.pnr.facts import PnrFacts
from coopsec.pnr.ingest import ingest
from coopsec.pnr.seal import Sealer, SealError
from coopsec.store import Store
from coopsec.store.models import AuditEntry
from coopsec.store.pnr_models import PnrDisclosure, PnrHit, PnrPassenger, PnrRecord, PnrSealed

from .conftest import T0, batch, people

SIX_MONTHS = dt.datetime(2026, 7, 15, 9, 0, tzinfo=dt.UTC)
FIVE_YEARS = dt.datetime(2031, 1, 15, 9, 0, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)
APPROVAL = retention.Approval("court", "Tribunal de premiere instance, Brussels", "2026/PNR/17", SIX_MONTHS + SECOND)


def _setup(store: Store, facts: PnrFacts) -> tuple[PnrPassenger, PnrPassenger]:
    """Two batches; the first placed person is flagged on objective evidence, the second is not."""
    flagged, plain = people(facts, 2, seed=5)
    with store.session() as session:
        ingest(session, facts, batch(facts, [flagged], seed=21, records=5), "piu", now=T0)
        ingest(session, facts, batch(facts, [plain], seed=22, records=5), "piu", now=T0)
    with store.session() as session:
        rows = session.execute(select(PnrPassenger).order_by(PnrPassenger.id)).scalars().all()
        first = next(p for p in rows if p.surname == flagged["surname"] and p.date_of_birth == flagged["date_of_birth"])
        other = next(p for p in rows if p.surname == plain["surname"] and p.date_of_birth == plain["date_of_birth"])
        review.flag_evidence(session, first.ref, "reviewer", "matched a confirmed hit in case 2026/17", now=T0)
    return first, other


def _passenger(store: Store, pid: int) -> PnrPassenger:
    with store.session(write=False) as session:
        found = session.get(PnrPassenger, pid)
        assert found is not None
        return found


def test_months_are_calendar_months() -> None:
    assert add_months(dt.datetime(2026, 8, 31, tzinfo=dt.UTC), 6) == dt.datetime(2027, 2, 28, tzinfo=dt.UTC)
    assert add_months(dt.datetime(2026, 3, 10, tzinfo=dt.UTC), -6) == dt.datetime(2025, 9, 10, tzinfo=dt.UTC)


def test_masks_at_six_months_keeps_flagged_and_deletes_at_five_years(
    store: Store, facts: PnrFacts, sealer: Sealer
) -> None:
    flagged, plain = _setup(store, facts)
    with store.session() as session:
        early = retention.run(session, facts, sealer, "job", now=SIX_MONTHS - SECOND)
    assert early.depersonalised == () and early.deleted == ()
    with store.session() as session:
        status = retention.status(session, facts, now=SIX_MONTHS)
        assert status["due_for_depersonalisation"] == 10 and status["kept_in_full_on_evidence"] == 1
        report = retention.run(session, facts, sealer, "job", now=SIX_MONTHS)
    assert len(report.depersonalised) == 10 and report.kept_in_full == (flagged.id,)
    masked, kept = _passenger(store, plain.id), _passenger(store, flagged.id)
    assert (masked.surname, masked.given_names, masked.raw_name, masked.api, masked.document_number) == (None,) * 5
    assert (masked.date_of_birth, masked.nationality, masked.gender, masked.frequent_flyer) == (None,) * 4
    assert masked.travel["seat"] is not None and masked.depersonalised_at is not None  # what is not masked stays
    assert kept.surname == flagged.surname and kept.api is not None and kept.depersonalised_at is None
    with store.session(write=False) as session:
        plain_record = session.get(PnrRecord, masked.record_id)
        flagged_record = session.get(PnrRecord, kept.record_id)
        assert plain_record is not None and plain_record.identifying is None and plain_record.depersonalised_at
        assert flagged_record is not None and flagged_record.identifying is not None  # kept with its passenger
        sealed = session.get(PnrSealed, masked.record_id)
        assert sealed is not None and str(plain.surname) not in sealed.token  # sealed, not readable
    with store.session() as session:
        assert retention.run(session, facts, sealer, "job", now=SIX_MONTHS + SECOND).depersonalised == ()
        assert retention.run(session, facts, sealer, "job", now=FIVE_YEARS - SECOND).deleted == ()
        gone = retention.run(session, facts, sealer, "job", now=FIVE_YEARS)
    assert len(gone.deleted) == 10
    with store.session(write=False) as session:
        for table in (PnrRecord, PnrPassenger, PnrSealed, PnrHit):
            assert session.execute(select(func.count()).select_from(table)).scalar_one() == 0
        entries = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
    actions = [e.action for e in entries]
    assert actions.count("pnr.depersonalise") == 10 and actions.count("pnr.delete") == 10
    assert "pnr.evidence" in actions
    masked_entry = next(
        e for e in entries if e.action == "pnr.depersonalise" and e.target == f"pnr-record:{kept.record_id}"
    )
    assert json.loads(masked_entry.detail)["kept_in_full"] == [flagged.id]
    assert not any(plain.surname in e.detail for e in entries if plain.surname)  # no name in the audit log


def test_disclosure_after_six_months_needs_a_recorded_approval(store: Store, facts: PnrFacts, sealer: Sealer) -> None:
    _, plain = _setup(store, facts)
    record_id = plain.record_id
    with store.session() as session:
        early = retention.disclose(
            session, facts, sealer, record_id, "analyst", reason="specific case 2026/17", purpose="terrorism", now=T0
        )
        assert early["record"]["passengers"][0]["surname"] == plain.surname and early["approval"] is None
        retention.run(session, facts, sealer, "job", now=SIX_MONTHS)
    later = SIX_MONTHS + 2 * SECOND
    with store.session() as session, pytest.raises(ForbiddenError, match="court or an independent body"):
        retention.disclose(
            session, facts, sealer, record_id, "analyst", reason="specific case 2026/17", purpose="terrorism", now=later
        )
    bad = retention.Approval("minister", "Ministry", "x", SIX_MONTHS)
    with store.session() as session, pytest.raises(InputError, match="court, independent-body"):
        retention.disclose(
            session,
            facts,
            sealer,
            record_id,
            "analyst",
            reason="specific case 2026/17",
            purpose="terrorism",
            approval=bad,
            now=later,
        )
    with store.session() as session, pytest.raises(InputError, match="Annex II"):
        retention.disclose(
            session,
            facts,
            sealer,
            record_id,
            "analyst",
            reason="specific case 2026/17",
            purpose="tax-evasion",
            approval=APPROVAL,
            now=later,
        )
    with store.session() as session:
        shown = retention.disclose(
            session,
            facts,
            sealer,
            record_id,
            "analyst",
            reason="specific case 2026/17",
            purpose="terrorism",
            approval=APPROVAL,
            now=later,
        )
    person = next(p for p in shown["record"]["passengers"] if p["id"] == plain.id)
    assert person["surname"] == plain.surname and person["api"]["document_number"] == plain.document_number
    assert shown["record"]["identifying"]["contact"] is not None
    assert _passenger(store, plain.id).surname is None  # disclosed, not re-personalised in the store
    with store.session(write=False) as session:
        row = session.execute(select(PnrDisclosure)).scalar_one()
        assert (row.approver_kind, row.approval_reference, row.requested_by) == ("court", "2026/PNR/17", "analyst")
        actions = [e.action for e in session.execute(select(AuditEntry)).scalars()]
        assert actions.count("pnr.disclose") == 2
    with store.session() as session, pytest.raises(SealError, match="COOPSEC_SECRET_KEY"):
        retention.disclose(
            session,
            facts,
            Sealer("another-secret-key-of-enough-length"),
            record_id,
            "analyst",
            reason="specific case 2026/17",
            purpose="terrorism",
            approval=APPROVAL,
            now=later,
        )


def test_a_masked_passenger_cannot_be_flagged_afterwards(store: Store, facts: PnrFacts, sealer: Sealer) -> None:
    _, plain = _setup(store, facts)
    with store.session() as session:
        retention.run(session, facts, sealer, "job", now=SIX_MONTHS)
    with store.session() as session, pytest.raises(ConflictError, match="approved disclosure"):
        review.flag_evidence(session, plain.ref, "reviewer", "new evidence arrived too late")
