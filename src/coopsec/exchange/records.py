"""Sharing and reading records: the library the API, the CLI, STIX/TAXII and the dashboard all call.

Every read goes through :func:`coopsec.exchange.access.decide`. A record the reader may not see is
answered exactly like one that does not exist (:class:`~coopsec.errors.UnknownCodeError`, 404), so
existence is never revealed; a retracted record the reader could see raises
:class:`~coopsec.errors.RetractedError` (410) with the notice. Reads of restricted records (TLP or
handling code marked ``restricted`` in ``exchange.yaml``) and every refusal are audited in the
caller's transaction, so reading functions need a write session (``store.session()``).

Order of lists: newest first (``created_at`` then ``pk`` descending), paged by ``offset``, unless
``order="oldest"``, ``added_after`` or ``cursor`` is given: then oldest first, paged by the opaque
``next_cursor`` (what TAXII needs: ascending by date added, resumable).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import and_, func, or_, select

from coopsec.errors import InputError, RetractedError
from coopsec.exchange.access import Decision, decide, exchange_facts, facts_of, reader_filter, reader_for
from coopsec.exchange.checks import check_record, require_sharer
from coopsec.exchange.lookup import audited, find_record, not_visible, now_text, stamp, today
from coopsec.exchange.model import Page, RecordIn
from coopsec.exchange.release import decide_release, release_dict, request_release, retract
from coopsec.exchange.search import decode_cursor, encode_cursor, match_clause
from coopsec.store import audit
from coopsec.store.exchange_models import Recipient, Record

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Session

    from coopsec.kb.model import KnowledgeBase
    from coopsec.store.models import User

__all__ = [
    "Page",
    "RecordIn",
    "audited",
    "decide_release",
    "get_visible",
    "is_restricted",
    "list_visible",
    "now_text",
    "record_dict",
    "release_dict",
    "request_release",
    "retract",
    "share",
    "stamp",
]

MAX_LIMIT = 1000
#: Matches are counted up to this many: an exact count of half a million visible records costs
#: hundreds of milliseconds, and even 10,000 cost 100 ms of random reads on PostgreSQL
#: (bench/bench_exchange.py); beyond it ``Page.exact`` is false and callers page on while pages are full.
COUNT_LIMIT = 1_000


def is_restricted(kb: KnowledgeBase, record: Record) -> bool:
    """Whether reading ``record`` is audited: its TLP or handling code is marked ``restricted``."""
    facts = exchange_facts(kb)
    label, code = facts.tlp.get(record.tlp), facts.handling.get(record.handling)
    return (label is None or label.restricted) or (code is None or code.restricted)


def share(session: Session, kb: KnowledgeBase, user: User, data: RecordIn) -> Record:
    """Share a record from the user's authority (analysts, liaison officers, administrators).

    Raises:
        ForbiddenError: for a viewer, or a TLP above the user's clearance.
        InputError: for an unknown code, a missing handling note, a bad authority or ring.
        ConflictError: for RED distributed beyond named recipients, or a ring/authorities mismatch.

    """
    require_sharer(user, "share records")
    clean = check_record(kb, user, data)
    entities = [{"kind": e.kind, "value": e.value.strip(), "attributes": dict(e.attributes)} for e in clean.entities]
    record = Record(
        id=str(uuid.uuid4()),
        originator=user.username,
        origin_state=user.authority.state,
        origin_agency=user.authority.agency,
        created_at=now_text(),
        title=clean.title,
        body=clean.body,
        entities=entities,
        entities_text=" ".join(" ".join([e.value, *e.attributes.values()]) for e in clean.entities),
        scope=clean.scope,
        ring=clean.ring,
        handling=clean.handling,
        handling_note=clean.handling_note,
        tlp=clean.tlp,
        evaluation=clean.evaluation,
        recipients=[Recipient(authority=a) for a in clean.authorities],
    )
    session.add(record)
    session.flush()
    audit.append(
        session,
        user.username,
        "record.share",
        record.id,
        {
            "origin": record.origin,
            "scope": record.scope,
            "authorities": list(clean.authorities),
            "ring": record.ring,
            "tlp": record.tlp,
            "handling": record.handling,
            "evaluation": record.evaluation,
        },
    )
    return record


def get_visible(session: Session, kb: KnowledgeBase, user: User, record_id: str, on: dt.date | None = None) -> Record:
    """The record, if ``user`` may see it on ``on`` (default today); audited when restricted or refused.

    Raises:
        UnknownCodeError: when it does not exist or the user may not see it (the same answer).
        RetractedError: when the user could see it but its originator retracted it.

    """
    day = on or today()
    reader = reader_for(kb, user)
    record = find_record(session, record_id)
    if record is None:
        audit.append(session, user.username, "record.refused", record_id[:80], {"reasons": ["no such record"]})
        raise not_visible(record_id)
    decision = decide(kb, reader, facts_of(kb, record), day)
    if not decision.allowed:
        detail = {"reasons": list(decision.reasons), "on": day.isoformat()}
        audit.append(session, user.username, "record.refused", record.id, detail)
        raise not_visible(record_id)
    if record.retracted_at is not None:
        audit.append(session, user.username, "record.retraction-notice", record.id, {"on": day.isoformat()})
        raise RetractedError(
            f"record {record.id} was retracted by its originator ({record.origin}) at {record.retracted_at}: "
            f"{record.retraction_reason}. Do not use what you read of it before.",
            record.retracted_at,
            record.retraction_reason,
        )
    if is_restricted(kb, record):
        audit.append(session, user.username, "record.read", record.id, {"tlp": record.tlp, "handling": record.handling})
    return record


def list_visible(
    session: Session,
    kb: KnowledgeBase,
    user: User,
    *,
    q: str | None = None,
    on: dt.date | None = None,
    added_after: dt.datetime | None = None,
    limit: int = 50,
    cursor: str | None = None,
    offset: int = 0,
    order: Literal["newest", "oldest"] | None = None,
) -> Page:
    """The records ``user`` may see on ``on``, optionally matching the words of ``q``; one page of them.

    Retracted records stay in lists (so recipients see the retraction). One audit entry names the
    restricted records returned; rows the SQL filter let through but :func:`decide` refuses (never
    expected) are dropped and audited as refusals.

    Raises:
        InputError: for a limit outside 1..1000, a negative offset, a bad cursor, an empty search, or
            ``order="newest"`` with ``added_after``/``cursor``.

    """
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit {limit} is out of range: use 1 to {MAX_LIMIT}")
    if offset < 0:
        raise InputError(f"offset {offset} is negative: use 0 or more")
    ascending = order == "oldest" or added_after is not None or cursor is not None
    if order == "newest" and ascending:
        raise InputError("added_after and cursor page oldest first: use order='oldest' or leave order out")
    day = on or today()
    reader = reader_for(kb, user)
    where: list[ColumnElement[bool]] = [reader_filter(kb, reader, day)]
    searching = q is not None and bool(q.strip())
    if searching and q is not None:
        where.append(match_clause(session, q))
    if added_after is not None:
        where.append(Record.changed_at > stamp(added_after))
    # Oldest first follows the last change (a retraction comes again, as a new version, for TAXII).
    keys = (Record.changed_at.asc(), Record.pk.asc()) if ascending else (Record.created_at.desc(), Record.pk.desc())
    # Without search words, counted in the listing's order, so the database walks the date index and
    # stops at the limit (a bitmap scan of the whole label index costs 160 ms at a million records on
    # PostgreSQL); with words, the full-text index is the selective one, and the order would hide it.
    counting = select(Record.pk).where(*where).limit(COUNT_LIMIT + 1)
    counted = (counting if searching else counting.order_by(*keys)).subquery()
    total = session.scalar(select(func.count()).select_from(counted)) or 0
    if cursor is not None:
        at, pk = decode_cursor(cursor)
        where.append(or_(Record.changed_at > at, and_(Record.changed_at == at, Record.pk > pk)))
    rows = list(session.scalars(select(Record).where(*where).order_by(*keys).offset(offset).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    shown: list[Record] = []
    refused: list[dict[str, Any]] = []
    for row in rows:
        decision = decide(kb, reader, facts_of(kb, row), day)
        if decision.allowed:
            shown.append(row)
        else:
            refused.append({"id": row.id, "reasons": list(decision.reasons)})
    if refused:
        audit.append(session, user.username, "record.refused", "list", {"records": refused, "on": day.isoformat()})
    restricted = [r.id for r in shown if is_restricted(kb, r)]
    if restricted:
        audit.append(session, user.username, "record.list", "list", {"restricted": restricted, "q": q})
    next_cursor = encode_cursor(rows[-1].changed_at, rows[-1].pk) if ascending and more and rows else None
    return Page(tuple(shown), min(total, COUNT_LIMIT), next_cursor, total <= COUNT_LIMIT)


def record_dict(record: Record, decision: Decision | None = None) -> dict[str, Any]:
    """The record's JSON shape (API, STIX export, dashboard); a retracted record keeps only its notice.

    Raises:
        UnknownCodeError: when given a refusing ``decision``: a refused record is never rendered.

    """
    if decision is not None and not decision.allowed:
        raise not_visible(record.id)
    retracted = record.retracted_at is not None
    return {
        "id": record.id,
        "title": record.title,
        "body": "" if retracted else record.body,
        "entities": [] if retracted else [dict(e) for e in record.entities],
        "originator": {"authority": record.origin, "user": record.originator},
        "created_at": record.created_at,
        "changed_at": record.changed_at,
        "distribution": {
            "scope": record.scope,
            "authorities": [r.authority for r in record.recipients],
            "ring": record.ring,
        },
        "handling": record.handling,
        "handling_note": record.handling_note,
        "tlp": record.tlp,
        "evaluation": record.evaluation,
        "status": "retracted" if retracted else "active",
        "retracted_at": record.retracted_at,
        "retraction_reason": record.retraction_reason,
        "version": record.version,
    }
