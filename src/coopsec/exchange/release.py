"""Retraction and further release: only the originating authority acts on its records.

The originator of a record is its authority (the provider, in Europol's terms), acting through a
user with a sharing role; nobody else can retract it or release it further. A recipient may ask for
a release to one more authority; granting it adds a grant row that the access decision reads (step
3). Markings are never changed: neither function touches TLP, handling or evaluation. Every step is
audited in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from coopsec.errors import ConflictError, ForbiddenError, InputError, RetractedError, UnknownCodeError
from coopsec.exchange.access import decide, facts_of, reader_for
from coopsec.exchange.checks import authority_code, require_sharer
from coopsec.exchange.lookup import find_record, not_visible, now_text, today
from coopsec.store import audit
from coopsec.store.exchange_models import Grant, Record, ReleaseRequest

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coopsec.kb.model import KnowledgeBase
    from coopsec.store.models import User

MAX_REASON = 2000


def _seen(session: Session, kb: KnowledgeBase, user: User, record_id: str, on: dt.date | None) -> Record:
    """The record if the user may see it (else the one 404 answer, audited)."""
    day = on or today()
    record = find_record(session, record_id)
    if record is None:
        audit.append(session, user.username, "record.refused", record_id[:80], {"reasons": ["no such record"]})
        raise not_visible(record_id)
    decision = decide(kb, reader_for(kb, user), facts_of(kb, record), day)
    if not decision.allowed:
        audit.append(session, user.username, "record.refused", record.id, {"reasons": list(decision.reasons)})
        raise not_visible(record_id)
    return record


def _active(record: Record) -> None:
    if record.retracted_at is not None:
        raise RetractedError(
            f"record {record.id} was retracted at {record.retracted_at}: {record.retraction_reason}",
            record.retracted_at,
            record.retraction_reason,
        )


def _originator(user: User, record: Record, what: str) -> None:
    require_sharer(user, what)
    mine = f"{user.authority.state}/{user.authority.agency}"
    if mine != record.origin:
        raise ForbiddenError(f"only the originating authority {record.origin} may {what} (you act for {mine})")


def _reason(text: str, what: str) -> str:
    clean = text.strip()
    if not clean or len(clean) > MAX_REASON:
        raise InputError(f"{what} needs a reason of 1 to {MAX_REASON} characters")
    return clean


def retract(
    session: Session, kb: KnowledgeBase, user: User, record_id: str, reason: str, on: dt.date | None = None
) -> Record:
    """Retract a record (its originating authority only): it stays stored, recipients then get 410.

    Raises:
        UnknownCodeError: when the user may not see it; RetractedError: when already retracted;
        ForbiddenError: when the user is not of the originating authority or only a viewer.

    """
    record = _seen(session, kb, user, record_id, on)
    _active(record)
    _originator(user, record, "retract this record")
    record.retraction_reason = _reason(reason, "a retraction")
    record.retracted_at = now_text()
    record.changed_at = record.retracted_at
    record.retracted_by = user.username
    session.flush()
    audit.append(session, user.username, "record.retract", record.id, {"reason": record.retraction_reason})
    return record


def request_release(
    session: Session,
    kb: KnowledgeBase,
    user: User,
    record_id: str,
    authority: str,
    reason: str,
    on: dt.date | None = None,
) -> ReleaseRequest:
    """Ask the originator to release a record one authority further (a recipient with a sharing role).

    Raises:
        UnknownCodeError, RetractedError, ForbiddenError (viewers), InputError (a bad authority),
        ConflictError (a request for that authority is pending, or it was granted already).

    """
    record = _seen(session, kb, user, record_id, on)
    _active(record)
    require_sharer(user, "request a release")
    target = authority_code(kb, authority)
    if target == record.origin or target in {g.authority for g in record.grants}:
        raise ConflictError(f"{target} already has this record (originator or granted): no request needed")
    pending = session.scalar(
        select(ReleaseRequest).where(
            ReleaseRequest.record_pk == record.pk,
            ReleaseRequest.authority == target,
            ReleaseRequest.status == "pending",
        )
    )
    if pending is not None:
        raise ConflictError(f"a release to {target} is already pending (request {pending.id}): wait for the decision")
    request = ReleaseRequest(
        record_pk=record.pk,
        authority=target,
        reason=_reason(reason, "a release request"),
        requested_by=user.username,
        requester_authority=f"{user.authority.state}/{user.authority.agency}",
        requested_at=now_text(),
        status="pending",
    )
    session.add(request)
    session.flush()
    audit.append(
        session, user.username, "record.release-request", record.id, {"request": request.id, "authority": target}
    )
    return request


def decide_release(
    session: Session,
    kb: KnowledgeBase,
    user: User,
    record_id: str,
    request_id: int,
    grant: bool,
    on: dt.date | None = None,
) -> ReleaseRequest:
    """Grant or refuse a pending release request (the originating authority only); a grant adds a grant row.

    Raises:
        UnknownCodeError (record not visible, or no such request on it), RetractedError,
        ForbiddenError (not the originator), ConflictError (already decided).

    """
    record = _seen(session, kb, user, record_id, on)
    _active(record)
    _originator(user, record, "decide on releases of this record")
    request = session.get(ReleaseRequest, request_id)
    if request is None or request.record_pk != record.pk:
        raise UnknownCodeError(f"record {record.id} has no release request {request_id}: list the record's requests")
    if request.status != "pending":
        raise ConflictError(f"release request {request_id} was already {request.status}: it cannot be decided again")
    request.status = "granted" if grant else "refused"
    request.decided_by = user.username
    request.decided_at = now_text()
    if grant:
        session.add(
            Grant(
                record_pk=record.pk,
                authority=request.authority,
                granted_by=user.username,
                granted_at=request.decided_at,
                request_id=request.id,
            )
        )
    session.flush()
    session.refresh(record)
    action = "record.release-grant" if grant else "record.release-refuse"
    audit.append(session, user.username, action, record.id, {"request": request.id, "authority": request.authority})
    return request


def release_requests(session: Session, record: Record) -> list[ReleaseRequest]:
    """The release requests of a record, oldest first."""
    return list(
        session.scalars(select(ReleaseRequest).where(ReleaseRequest.record_pk == record.pk).order_by(ReleaseRequest.id))
    )


def release_dict(request: ReleaseRequest) -> dict[str, Any]:
    """A release request as JSON."""
    return {
        "id": request.id,
        "authority": request.authority,
        "reason": request.reason,
        "requested_by": request.requested_by,
        "requester_authority": request.requester_authority,
        "requested_at": request.requested_at,
        "status": request.status,
        "decided_by": request.decided_by,
        "decided_at": request.decided_at,
    }
