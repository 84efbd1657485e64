"""Taking part in a linkage exchange: submitting one's list, starting the job, reading one's own results.

The other half of :mod:`coopsec.linkage.server` (which creates and shows exchanges). Each function
audits what it does, refusals included (call through :func:`coopsec.exchange.lookup.audited`, which keeps
a refusal's entry): a submission and a result read are always in the audit log, never their content.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select

from coopsec.errors import ConflictError, ForbiddenError, InputError, RateLimitedError
from coopsec.exchange.checks import require_sharer
from coopsec.exchange.lookup import now_text, stamp, today
from coopsec.linkage.limits import LinkageLimits
from coopsec.linkage.server import (
    authority_of,
    check_ring,
    day_start,
    exchange_dict,
    get_exchange,
    seconds_to_midnight,
)
from coopsec.linkage.submission import read_submission
from coopsec.store import audit
from coopsec.store.linkage_models import LinkageExchange, LinkagePair, LinkageParty, LinkageSubmission

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coopsec.kb.model import KnowledgeBase
    from coopsec.store.models import User


def _party(exchange: LinkageExchange, user: User, what: str) -> LinkageParty:
    me = authority_of(user)
    party = next((p for p in exchange.parties if p.authority == me), None)
    if party is None:
        raise ForbiddenError(f"{me} is not a party of linkage exchange {exchange.id}: only its parties may {what}")
    return party


def submit(
    session: Session,
    kb: KnowledgeBase,
    user: User,
    exchange_id: str,
    doc: Any,
    limits: LinkageLimits,
    on: dt.date | None = None,
) -> dict[str, Any]:
    """Store the user's authority's one encoded list for the exchange; refusals are audited, then raised.

    Returns:
        The exchange's dict, with ``ready`` true when every party has now submitted (start the job).

    Raises:
        UnknownCodeError: no such exchange for this authority. ForbiddenError: not a party, a viewer, or
        outside the ring. ConflictError: already submitted, matching started, or another schema or key.
        InputError: anything but clean encodings. RateLimitedError: too many submissions today.

    """
    day = on or today()
    try:
        exchange = get_exchange(session, user, exchange_id)
        require_sharer(user, "submit encodings")
        party = _party(exchange, user, "submit")
        check_ring(kb, exchange.ring, party.authority, day)
        if party.submitted_at is not None:
            raise ConflictError(f"{party.authority} has already submitted its list: each party submits once")
        if exchange.status != "open":
            raise ConflictError(f"the exchange is {exchange.status}: submissions are closed")
        done = session.scalar(
            select(func.count(LinkageParty.id)).where(
                LinkageParty.authority == party.authority, LinkageParty.submitted_at >= day_start(day)
            )
        )
        if (done or 0) >= limits.submissions_per_day:
            raise RateLimitedError(
                f"{party.authority} has submitted {done} lists today, the limit (COOPSEC_LINKAGE_SUBMISSIONS_PER_DAY): "
                "try again tomorrow (UTC)",
                seconds_to_midnight(),
            )
        encoding = read_submission(doc, exchange, limits)
    except (InputError, ForbiddenError, RateLimitedError) as err:
        audit.append(session, user.username, "linkage.submit-refused", exchange_id[:80], {"reason": str(err)[:300]})
        raise
    party.submitted_by, party.submitted_at, party.count = user.username, now_text(), len(encoding)
    exchange.bits = encoding.bits
    session.add(
        LinkageSubmission(party_id=party.id, refs=list(encoding.ids), filters=encoding.words.astype("<u8").tobytes())
    )
    audit.append(
        session,
        user.username,
        "linkage.submit",
        exchange.id,
        {
            "authority": party.authority,
            "records": len(encoding),
            "bits": encoding.bits,
            "key_check": encoding.key_check,
        },
    )
    session.flush()
    body = exchange_dict(exchange, user)
    body["ready"] = all(p.submitted_at is not None for p in exchange.parties)
    return body


def start(session: Session, user: User, exchange_id: str, limits: LinkageLimits | None = None) -> LinkageExchange:
    """Close submissions and mark the job as started (the caller runs :func:`coopsec.linkage.job.run`).

    The creator may start with at least two lists in; otherwise a party may start once all have submitted.
    A failed job may be started again, and so may a job silent for ``limits.stale_minutes`` (its process
    died): the old run, if alive after all, sees its start time replaced and stops without writing.

    Raises:
        ForbiddenError: neither the creator nor (once all submitted) a party. ConflictError: fewer than two
        lists, or the job running (and reporting) or done.

    """
    exchange = get_exchange(session, user, exchange_id)
    require_sharer(user, "start a linkage job")
    me = authority_of(user)
    submitted = [p for p in exchange.parties if p.submitted_at is not None]
    everyone = len(submitted) == len(exchange.parties)
    if me != exchange.creator_authority and not (everyone and me in {p.authority for p in exchange.parties}):
        raise ForbiddenError("only the creator's authority may start the job before every party has submitted")
    stale = (limits or LinkageLimits()).stale_minutes
    silent_since = stamp(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=stale))
    if exchange.status == "done" or (
        exchange.status == "matching" and (exchange.heartbeat_at or exchange.started_at or "") > silent_since
    ):
        raise ConflictError(
            f"the job is already {exchange.status}: see its progress with `coopsec linkage exchange show` (a job "
            f"silent for {stale} minutes may be started again)"
        )
    if len(submitted) < 2:
        raise ConflictError(f"{len(submitted)} list(s) submitted: matching needs at least two")
    exchange.status, exchange.stage, exchange.progress, exchange.error = "matching", "queued", 0.0, None
    exchange.started_by, exchange.started_at, exchange.finished_at = user.username, now_text(), None
    exchange.heartbeat_at = exchange.started_at
    audit.append(session, user.username, "linkage.start", exchange.id, {"lists": [p.authority for p in submitted]})
    return exchange


def results(
    session: Session, kb: KnowledgeBase, user: User, exchange_id: str, on: dt.date | None = None
) -> dict[str, Any]:
    """The matched pairs that involve the user's authority, each with the other party's authority and reference.

    Raises:
        UnknownCodeError: no such exchange for this authority. ForbiddenError: not a party (the creator
        included), a viewer, or outside the ring on the day. ConflictError: the job has not finished.

    """
    try:
        exchange = get_exchange(session, user, exchange_id)
        require_sharer(user, "read linkage results")
        me = _party(exchange, user, "read its results").authority
        check_ring(kb, exchange.ring, me, on or today())
        if exchange.status != "done":
            raise ConflictError(f"the job is {exchange.status} ({exchange.stage}): results come when it is done")
    except (InputError, ForbiddenError) as err:
        audit.append(session, user.username, "linkage.results-refused", exchange_id[:80], {"reason": str(err)[:300]})
        raise
    rows = session.scalars(
        select(LinkagePair)
        .where(
            LinkagePair.exchange_pk == exchange.pk, or_(LinkagePair.authority_a == me, LinkagePair.authority_b == me)
        )
        .order_by(LinkagePair.id)
    )
    pairs = []
    for r in rows:
        own_a = r.authority_a == me
        pairs.append(
            {
                "ref": r.ref_a if own_a else r.ref_b,
                "other_authority": r.authority_b if own_a else r.authority_a,
                "other_ref": r.ref_b if own_a else r.ref_a,
                "similarity": r.similarity,
            }
        )
    audit.append(session, user.username, "linkage.results", exchange.id, {"authority": me, "pairs": len(pairs)})
    return {"exchange": exchange.id, "authority": me, "mode": exchange.mode, "pairs": pairs}
