"""The human review queue: every hit waits for a person's decision, recorded with who and why.

Art. 6(5) of Directive (EU) 2016/681 requires each positive match of automated processing to be
individually reviewed by non-automated means, and Art. 7(6) forbids decisions with adverse legal
effects taken on automated processing alone (C-817/19 insists on both). So screening only queues;
a hit is *confirmed* or *dismissed* by a named reviewer with a reason, once, and both are audited.
A reviewer may also record the objective evidence that justifies keeping a passenger's data in full
after six months (C-817/19), which the retention job then respects.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import func, select

from coopsec.errors import ConflictError, InputError, UnknownCodeError
from coopsec.pnr.clock import iso, utc
from coopsec.store import audit
from coopsec.store.pnr_models import PnrHit, PnrPassenger, PnrRecord, PnrScreening

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Decision = Literal["confirmed", "dismissed"]
DECISIONS: tuple[str, ...] = ("confirmed", "dismissed")
STATUSES: tuple[str, ...] = ("pending", *DECISIONS)
MIN_REASON = 10


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if len(text) < MIN_REASON:
        raise InputError(
            f"give the reason in words (at least {MIN_REASON} characters): the decision is audited with it"
        )
    return text


def passenger_view(p: PnrPassenger) -> dict[str, Any]:
    """What a reviewer sees of a passenger: the identifiers while readable, else only the pseudonymous ref."""
    shown = p.depersonalised_at is None
    return {
        "ref": p.ref,
        "surname": p.surname if shown else None,
        "given_names": p.given_names if shown else None,
        "date_of_birth": p.date_of_birth if shown else None,
        "document_number": p.document_number if shown else None,
        "nationality": p.nationality if shown else None,
        "gender": p.gender if shown else None,
        "depersonalised": not shown,
        "evidence": {"by": p.evidence_by, "at": p.evidence_at, "reason": p.evidence_reason} if p.evidence_by else None,
    }


def hit_dict(hit: PnrHit, passenger: PnrPassenger, record: PnrRecord, run: PnrScreening) -> dict[str, Any]:
    """A hit as the API, the CLI and the dashboard show it."""
    return {
        "id": hit.id,
        "status": hit.status,
        "created_at": hit.created_at,
        "screening": {"id": run.id, "purpose": run.purpose, "watchlist": run.watchlist, "encoded": run.encoded},
        "entry": hit.entry,
        "criterion": hit.criterion,
        "detail": hit.detail,
        "record": {"id": record.id, "locator": record.locator, "transferred_at": record.transferred_at},
        "passenger": passenger_view(passenger),
        "decision": None
        if hit.status == "pending"
        else {"by": hit.decided_by, "at": hit.decided_at, "reason": hit.reason},
    }


def _rows(session: Session, *where: Any, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    query = (
        select(PnrHit, PnrPassenger, PnrRecord, PnrScreening)
        .join(PnrPassenger, PnrHit.passenger_id == PnrPassenger.id)
        .join(PnrRecord, PnrPassenger.record_id == PnrRecord.id)
        .join(PnrScreening, PnrHit.screening_id == PnrScreening.id)
        .where(*where)
        .order_by(PnrHit.id)
        .limit(limit)
        .offset(offset)
    )
    return [hit_dict(*row) for row in session.execute(query).all()]


def list_hits(session: Session, status: str | None = "pending", *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """A page of hits (default: those waiting for review), oldest first, with the page object (total, limit, offset).

    Raises:
        InputError: for an unknown status.

    """
    if status is not None and status not in STATUSES:
        raise InputError(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
    where = [PnrHit.status == status] if status else []
    total = session.execute(select(func.count()).select_from(PnrHit).where(*where)).scalar_one()
    return {
        "items": _rows(session, *where, limit=limit, offset=offset),
        "page": {"total": total, "limit": limit, "offset": offset},
    }


def get_hit(session: Session, hit_id: int) -> dict[str, Any]:
    """One hit.

    Raises:
        UnknownCodeError: when there is no such hit (or it was deleted with its record at five years).

    """
    found = _rows(session, PnrHit.id == hit_id, limit=1)
    if not found:
        raise UnknownCodeError(f"no hit {hit_id}: list the queue with `coopsec pnr review list`")
    return found[0]


def decide(
    session: Session, hit_id: int, decision: str, actor: str, reason: str, *, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Record a reviewer's decision on a pending hit (once), with who and why, and audit it.

    Raises:
        InputError: for an unknown decision or a missing reason.
        UnknownCodeError: when there is no such hit.
        ConflictError: when the hit was already decided.

    """
    if decision not in DECISIONS:
        raise InputError(f"unknown decision {decision!r}: use confirmed or dismissed")
    text = _reason(reason)
    hit = session.get(PnrHit, hit_id)
    if hit is None:
        raise UnknownCodeError(f"no hit {hit_id}: list the queue with `coopsec pnr review list`")
    if hit.status != "pending":
        raise ConflictError(f"hit {hit_id} was already {hit.status} by {hit.decided_by} at {hit.decided_at}")
    hit.status, hit.decided_by, hit.decided_at, hit.reason = decision, actor, iso(utc(now)), text
    audit.append(
        session, actor, f"pnr.hit.{decision}", f"pnr-hit:{hit.id}", {"reason": text, "passenger": hit.passenger_id}
    )
    session.flush()
    return get_hit(session, hit_id)


def flag_evidence(
    session: Session, passenger_ref: str, actor: str, reason: str, *, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Record objective evidence of a risk for a passenger: their data are then kept in full after six months.

    Raises:
        UnknownCodeError: when no passenger has that ref.
        ConflictError: when the passenger was already depersonalised (a flag cannot undo masking).

    """
    text = _reason(reason)
    passenger = session.execute(select(PnrPassenger).where(PnrPassenger.ref == passenger_ref)).scalar_one_or_none()
    if passenger is None:
        raise UnknownCodeError(f"no passenger {passenger_ref!r}: use the ref a hit shows")
    if passenger.depersonalised_at is not None:
        raise ConflictError("the passenger's data were already depersonalised: ask for an approved disclosure instead")
    passenger.evidence_by, passenger.evidence_at, passenger.evidence_reason = actor, iso(utc(now)), text
    audit.append(session, actor, "pnr.evidence", f"pnr-passenger:{passenger.id}", {"reason": text})
    session.flush()
    return passenger_view(passenger)
