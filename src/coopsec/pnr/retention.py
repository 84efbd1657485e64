"""The retention job of Art. 12: depersonalise at six months, delete at five years, disclose only on approval.

``run`` takes the time as an argument (``now``), so tests and ``coopsec pnr retention --now`` set the
clock. Six months after a record's transfer it masks what Art. 12(2) lists (names, contact, payment,
frequent flyer, general remarks, API data): the readable columns are emptied and the values sealed
(:mod:`coopsec.pnr.seal`), except for passengers with a recorded objective-evidence flag, whose data
stay in full (C-817/19); their record keeps its contact and payment too. Five years after the transfer
the record, its passengers, sealed values, hits and disclosures are deleted. Each step is audited.

``disclose`` returns a record's full data. Within six months it needs a reason; afterwards also an
approval by a court or an independent body, recorded with its reference (Art. 12(3); C-817/19).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select

from coopsec.errors import ForbiddenError, InputError, UnknownCodeError
from coopsec.pnr.clock import add_months, add_years, iso, utc
from coopsec.pnr.review import passenger_view
from coopsec.pnr.screen import check_purpose
from coopsec.store import audit
from coopsec.store.pnr_models import PnrBatch, PnrDisclosure, PnrHit, PnrPassenger, PnrRecord, PnrSealed

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coopsec.pnr.facts import PnrFacts
    from coopsec.pnr.seal import Sealer

#: Passenger columns that Art. 12(2)(a), (d), (f) mask.
MASKED_PASSENGER = (
    "raw_name",
    "surname",
    "given_names",
    "title",
    "date_of_birth",
    "document_number",
    "nationality",
    "gender",
    "api",
    "frequent_flyer",
)


def _moment(text: str) -> dt.datetime:
    return utc(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))


def due_dates(facts: PnrFacts, transferred_at: str) -> tuple[dt.datetime, dt.datetime]:
    """When a record transferred at ``transferred_at`` is to be depersonalised and deleted."""
    start = _moment(transferred_at)
    rules = facts.retention
    return add_months(start, rules.depersonalise_after_months), add_years(start, rules.delete_after_years)


@dataclass(frozen=True)
class RetentionReport:
    """What a retention pass did (or, as a dry run, would do)."""

    now: str
    depersonalised: tuple[int, ...]
    kept_in_full: tuple[int, ...]
    deleted: tuple[int, ...]
    dry_run: bool

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "now": self.now,
            "dry_run": self.dry_run,
            "depersonalised": list(self.depersonalised),
            "kept_in_full": list(self.kept_in_full),
            "deleted": list(self.deleted),
        }


def _depersonalise(session: Session, record: PnrRecord, sealer: Sealer, actor: str, at: str) -> list[int]:
    """Mask a record; return the ids of the flagged passengers kept in full."""
    kept = [p.id for p in record.passengers if p.evidence_by]
    sealed: dict[str, Any] = {"record": record.identifying if not kept else None, "passengers": {}}
    for p in record.passengers:
        if p.evidence_by:
            continue
        sealed["passengers"][str(p.id)] = {column: getattr(p, column) for column in MASKED_PASSENGER}
        for column in MASKED_PASSENGER:
            setattr(p, column, None)
        p.depersonalised_at = at
    if not kept:
        record.identifying = None
    session.merge(PnrSealed(record_id=record.id, sealed_at=at, token=sealer.seal(sealed)))
    record.depersonalised_at = at
    audit.append(
        session,
        actor,
        "pnr.depersonalise",
        f"pnr-record:{record.id}",
        {
            "locator": record.locator,
            "masked": sorted(int(i) for i in sealed["passengers"]),
            "kept_in_full": kept,
            "transferred_at": record.transferred_at,
        },
    )
    return kept


def _delete(session: Session, record: PnrRecord, actor: str) -> None:
    ids = [p.id for p in record.passengers]
    if ids:
        session.execute(delete(PnrHit).where(PnrHit.passenger_id.in_(ids)))
    session.execute(delete(PnrDisclosure).where(PnrDisclosure.record_id == record.id))
    session.execute(delete(PnrSealed).where(PnrSealed.record_id == record.id))
    session.execute(delete(PnrPassenger).where(PnrPassenger.record_id == record.id))
    batch_id, locator = record.batch_id, record.locator
    session.delete(record)
    session.flush()
    if session.execute(select(PnrRecord.id).where(PnrRecord.batch_id == batch_id).limit(1)).first() is None:
        session.execute(delete(PnrBatch).where(PnrBatch.id == batch_id))
    audit.append(
        session,
        actor,
        "pnr.delete",
        f"pnr-record:{record.id}",
        {"locator": locator, "transferred_at": record.transferred_at, "passengers": ids},
    )


def run(
    session: Session,
    facts: PnrFacts,
    sealer: Sealer,
    actor: str,
    *,
    now: dt.datetime | None = None,
    dry_run: bool = False,
) -> RetentionReport:
    """Depersonalise the records six months old and delete those five years old, as of ``now``.

    A record first seen when already five years old is deleted without being masked first.
    """
    moment = utc(now)
    at = iso(moment)
    # Only records transferred at least five months ago can be due; the exact date is checked per record.
    horizon = iso(add_months(moment, -(facts.retention.depersonalise_after_months - 1)))
    candidates = (
        session.execute(select(PnrRecord).where(PnrRecord.transferred_at <= horizon).order_by(PnrRecord.id))
        .scalars()
        .all()
    )
    masked: list[int] = []
    kept: list[int] = []
    deleted: list[int] = []
    for record in candidates:
        mask_on, delete_on = due_dates(facts, record.transferred_at)
        if delete_on <= moment:
            deleted.append(record.id)
            if not dry_run:
                _delete(session, record, actor)
        elif mask_on <= moment and record.depersonalised_at is None:
            masked.append(record.id)
            if dry_run:
                kept.extend(p.id for p in record.passengers if p.evidence_by)
            else:
                kept.extend(_depersonalise(session, record, sealer, actor, at))
    if not dry_run:
        session.flush()
    return RetentionReport(at, tuple(masked), tuple(kept), tuple(deleted), dry_run)


def status(session: Session, facts: PnrFacts, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Counts for the dashboard and ``coopsec pnr retention``: held, masked, due, flagged, next dates."""
    moment = utc(now)
    rows = session.execute(select(PnrRecord.id, PnrRecord.transferred_at, PnrRecord.depersonalised_at)).all()
    due_mask = due_delete = masked = 0
    next_mask: dt.datetime | None = None
    next_delete: dt.datetime | None = None
    for _, transferred, depersonalised in rows:
        mask_on, delete_on = due_dates(facts, transferred)
        masked += depersonalised is not None
        due_delete += delete_on <= moment
        due_mask += depersonalised is None and mask_on <= moment < delete_on
        if depersonalised is None and mask_on > moment:
            next_mask = min(next_mask or mask_on, mask_on)
        if delete_on > moment:
            next_delete = min(next_delete or delete_on, delete_on)
    flagged = len(session.execute(select(PnrPassenger.id).where(PnrPassenger.evidence_by.is_not(None))).all())
    rules = facts.retention
    return {
        "now": iso(moment),
        "records": len(rows),
        "depersonalised": masked,
        "due_for_depersonalisation": due_mask,
        "due_for_deletion": due_delete,
        "kept_in_full_on_evidence": flagged,
        "next_depersonalisation": iso(next_mask) if next_mask else None,
        "next_deletion": iso(next_delete) if next_delete else None,
        "rules": {
            "depersonalise_after_months": rules.depersonalise_after_months,
            "delete_after_years": rules.delete_after_years,
            "article": rules.article,
        },
    }


@dataclass(frozen=True)
class Approval:
    """A recorded approval of a disclosure after six months (Art. 12(3)(b))."""

    kind: str
    approver: str
    reference: str
    approved_at: dt.datetime


def disclose(
    session: Session,
    facts: PnrFacts,
    sealer: Sealer,
    record_id: int,
    actor: str,
    *,
    reason: str,
    purpose: str,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """A record's full data for a specific case, audited; after six months only on a recorded approval.

    Raises:
        UnknownCodeError: when there is no such record (or it was deleted at five years).
        InputError: for a purpose outside terrorism and Annex II, a missing reason or a malformed approval.
        ForbiddenError: when the record is depersonalised and no approval by a court or independent body is given.

    """
    check_purpose(facts, purpose)
    if len(reason.strip()) < 10:
        raise InputError("give the reason for the disclosure in words (at least 10 characters): it is audited")
    record = session.get(PnrRecord, record_id)
    if record is None:
        raise UnknownCodeError(f"no PNR record {record_id}: it may have been deleted at the end of its retention")
    moment = utc(now)
    full = {
        "id": record.id,
        "locator": record.locator,
        "transferred_at": record.transferred_at,
        **record.data,
        "identifying": record.identifying,
        "passengers": [_full(p) for p in record.passengers],
    }
    detail: dict[str, Any] = {"purpose": purpose, "reason": reason.strip(), "locator": record.locator}
    if record.depersonalised_at is not None:
        approvers = facts.retention.disclosure.approvers
        if approval is None:
            raise ForbiddenError(
                "this record was depersonalised (six months after its transfer): its full data may be disclosed only "
                "with an approval by a court or an independent body (Art. 12(3)); record it with --approved-by "
                "court|independent-body, --approver and --approval-ref"
            )
        if approval.kind not in approvers or not approval.approver.strip() or not approval.reference.strip():
            raise InputError(f"an approval needs a kind ({', '.join(approvers)}), the approving body and its reference")
        if utc(approval.approved_at) > moment:
            raise InputError("the approval is dated after the disclosure: give the date it was granted")
        row = session.get(PnrSealed, record.id)
        opened = sealer.open(row.token) if row else {"record": None, "passengers": {}}
        if opened["record"] is not None:
            full["identifying"] = opened["record"]
        for person in full["passengers"]:
            person.update(opened["passengers"].get(str(person["id"]), {}))
        session.add(
            PnrDisclosure(
                record_id=record.id,
                requested_by=actor,
                reason=reason.strip(),
                purpose=purpose,
                approver_kind=approval.kind,
                approver=approval.approver.strip(),
                approval_reference=approval.reference.strip(),
                approved_at=iso(approval.approved_at),
                disclosed_at=iso(moment),
            )
        )
        detail |= {"approval": {"kind": approval.kind, "approver": approval.approver, "reference": approval.reference}}
    audit.append(session, actor, "pnr.disclose", f"pnr-record:{record.id}", detail)
    session.flush()
    return {"record": full, "disclosed_at": iso(moment), "purpose": purpose, "approval": detail.get("approval")}


def _full(p: PnrPassenger) -> dict[str, Any]:
    view = passenger_view(p)
    view |= {
        "id": p.id,
        "raw_name": p.raw_name,
        "title": p.title,
        "api": p.api,
        "frequent_flyer": p.frequent_flyer,
        "travel": p.travel,
    }
    if p.depersonalised_at is not None:  # the view hides them; the sealed values fill them in on approval
        view |= {column: None for column in MASKED_PASSENGER}
    return view
