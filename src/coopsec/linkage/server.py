"""The linkage exchange on the server: exchanges, one encoded list per party, results to both owners only.

This is the server side of FIU.net-style matching (issue 13). An authority's user creates an exchange
naming its purpose, the schema and key check the encodings must carry (the server never sees the
secret), the scoring and the participating authorities; each party submits ONE encoded list
(:mod:`coopsec.linkage.submission` reads it strictly); the match job (:mod:`coopsec.linkage.job`) runs the
library's :func:`coopsec.linkage.match` on every pair of parties and stores the matched pairs.

Who sees what:

* an exchange (its purpose, parties submitted or pending, the job's progress): its parties' users and
  the creator's authority; for anyone else it does not exist (404, the same answer as a wrong id);
* a matched pair: only the users of the two authorities whose records it joins, each seeing its own
  reference with the other party's authority and reference. A third party of the same exchange, the
  creator (unless a party) and the server's readers see no pair; non-matching references are never shown.

Every submission, refused or not, and every read of results is audited in the caller's transaction
(call through :func:`coopsec.exchange.lookup.audited` so refusals keep their entry).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select

from coopsec.errors import ConflictError, ForbiddenError, InputError, RateLimitedError, UnknownCodeError
from coopsec.exchange.access import exchange_facts, rings_of
from coopsec.exchange.checks import require_sharer
from coopsec.exchange.lookup import now_text, stamp, today
from coopsec.linkage.schema import load_schemas
from coopsec.store import audit
from coopsec.store.linkage_models import LinkageExchange, LinkageParty
from coopsec.store.models import Authority

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coopsec.kb.model import KnowledgeBase
    from coopsec.linkage.limits import LinkageLimits
    from coopsec.store.models import User

MODES = ("one-to-one", "threshold")
MAX_PARTIES = 40
SCHEMA_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")
HEX = re.compile(r"[0-9a-f]{8,64}")


@dataclass(frozen=True, slots=True)
class ExchangeIn:
    """What the creator states: purpose, encoding (schema, key check), scoring and parties."""

    purpose: str
    schema: str
    key_check: str
    parties: tuple[str, ...]
    mode: str = "one-to-one"
    false_hits: float = 0.01
    watchlist: bool = False
    ring: str | None = None
    schema_digest: str | None = None


def authority_of(user: User) -> str:
    """The user's authority as ``STATE/agency``, the form parties are named in."""
    return f"{user.authority.state}/{user.authority.agency}"


def day_start(on: dt.date) -> str:
    """Midnight UTC of ``on`` as stored: the per-day limits count from it."""
    return stamp(dt.datetime.combine(on, dt.time(), tzinfo=dt.UTC))


def seconds_to_midnight() -> int:
    """Seconds until the per-day limits reset (the ``Retry-After`` of a 429)."""
    now = dt.datetime.now(dt.UTC)
    return max(
        1, int((dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC) - now).total_seconds())
    )


def check_ring(kb: KnowledgeBase, ring: str | None, authority: str, on: dt.date) -> None:
    """Refuse an authority whose state is not in the exchange's ring on ``on`` (no ring: any authority)."""
    if ring is None:
        return
    state = authority.partition("/")[0]
    rings = rings_of(kb, state, on)
    if rings is None or ring not in rings:
        raise ForbiddenError(
            f"{authority} is not in the {ring} ring on {on.isoformat()}: the exchange is restricted to that ring"
        )


def _authority(session: Session, kb: KnowledgeBase, text: str) -> str:
    from coopsec.exchange.checks import authority_code

    code = authority_code(kb, text)
    state, _, agency = code.partition("/")
    if session.scalar(select(Authority.id).where(Authority.state == state, Authority.agency == agency)) is None:
        raise InputError(f"{code} is not an authority of coopsec: name authorities that have users here")
    return code


def _schema(data: ExchangeIn) -> tuple[str, str, int | None]:
    """The schema id, its digest and filter length: from the bundled schema, or the digest as given."""
    if not SCHEMA_ID.fullmatch(data.schema):
        raise InputError(f"schema {data.schema[:60]!r} must be a schema id such as persons")
    given = (data.schema_digest or "").strip().lower() or None
    if given is not None and not HEX.fullmatch(given):
        raise InputError("schema_digest must be the hexadecimal digest `coopsec linkage encode` wrote")
    known = load_schemas().get(data.schema)
    if known is None:
        if given is None:
            raise InputError(
                f"schema {data.schema!r} is not bundled with coopsec: give its schema_digest (from the encoded file)"
            )
        return data.schema, given, None
    if given is not None and given != known.digest:
        raise ConflictError(f"schema_digest {given} is not that of the bundled schema {data.schema} ({known.digest})")
    return data.schema, known.digest, known.encoded_bits


def create_exchange(
    session: Session, kb: KnowledgeBase, user: User, data: ExchangeIn, limits: LinkageLimits, on: dt.date | None = None
) -> LinkageExchange:
    """Open an exchange for the named parties (analysts, liaison officers, administrators).

    Raises:
        ForbiddenError: for a viewer, or a party outside the ring on the day.
        InputError: a short purpose, unknown schema, mode, ring or authority, fewer than two parties.
        RateLimitedError: the user's authority has created ``limits.exchanges_per_day`` today.

    """
    require_sharer(user, "create a linkage exchange")
    day = on or today()
    purpose = data.purpose.strip()
    if not 10 <= len(purpose) <= 2000:
        raise InputError("state the purpose in 10 to 2000 characters (what the cross-match is for, under which law)")
    schema, digest, bits = _schema(data)
    key_check = data.key_check.strip().lower()
    if not HEX.fullmatch(key_check):
        raise InputError("key_check must be the hexadecimal key check `coopsec linkage encode` printed")
    if data.mode not in MODES:
        raise InputError(f"unknown mode {data.mode[:20]!r}: use one-to-one or threshold")
    if not 0 < data.false_hits <= 1:
        raise InputError(f"false_hits={data.false_hits}: give the acceptable false hits per query record, in (0, 1]")
    ring = data.ring.strip().lower() if data.ring else None
    if ring is not None and ring not in exchange_facts(kb).rings:
        raise InputError(f"unknown ring {ring!r}: use one of {', '.join(exchange_facts(kb).rings)}")
    parties = tuple(dict.fromkeys(_authority(session, kb, p) for p in data.parties))
    if not 2 <= len(parties) <= MAX_PARTIES:
        raise InputError(f"name 2 to {MAX_PARTIES} different participating authorities (STATE/agency)")
    for party in parties:
        check_ring(kb, ring, party, day)
    me = authority_of(user)
    made = session.scalar(
        select(func.count(LinkageExchange.pk)).where(
            LinkageExchange.creator_authority == me, LinkageExchange.created_at >= day_start(day)
        )
    )
    if (made or 0) >= limits.exchanges_per_day:
        raise RateLimitedError(
            f"{me} has created {made} linkage exchanges today, the limit (COOPSEC_LINKAGE_EXCHANGES_PER_DAY): "
            "try again tomorrow (UTC) or reuse an open exchange",
            seconds_to_midnight(),
        )
    exchange = LinkageExchange(
        id=str(uuid.uuid4()),
        purpose=purpose,
        schema=schema,
        schema_digest=digest,
        key_check=key_check,
        bits=bits,
        mode=data.mode,
        false_hits=float(data.false_hits),
        watchlist=bool(data.watchlist),
        ring=ring,
        creator=user.username,
        creator_authority=me,
        created_at=now_text(),
        status="open",
        stage="waiting for submissions",
        progress=0.0,
        thresholds={},
    )
    session.add(exchange)
    session.flush()
    session.add_all(LinkageParty(exchange_pk=exchange.pk, authority=p) for p in parties)
    session.flush()
    session.refresh(exchange)
    audit.append(
        session,
        user.username,
        "linkage.create",
        exchange.id,
        {
            "parties": list(parties),
            "schema": schema,
            "key_check": key_check,
            "mode": data.mode,
            "watchlist": exchange.watchlist,
            "ring": ring,
            "purpose": purpose,
        },
    )
    return exchange


def visible_exchanges(session: Session, user: User) -> list[LinkageExchange]:
    """The exchanges the user's authority takes part in or created, newest first."""
    me = authority_of(user)
    party = select(LinkageParty.exchange_pk).where(LinkageParty.authority == me)
    rows = session.scalars(
        select(LinkageExchange)
        .where(or_(LinkageExchange.pk.in_(party), LinkageExchange.creator_authority == me))
        .order_by(LinkageExchange.created_at.desc(), LinkageExchange.pk.desc())
        .limit(500)
    )
    return list(rows)


def get_exchange(session: Session, user: User, exchange_id: str) -> LinkageExchange:
    """The exchange, if the user's authority is a party or its creator (otherwise: no such exchange, 404)."""
    try:
        uuid.UUID(exchange_id)
        found = session.scalar(select(LinkageExchange).where(LinkageExchange.id == exchange_id))
    except ValueError:
        found = None
    me = authority_of(user)
    if found is None or (me != found.creator_authority and me not in {p.authority for p in found.parties}):
        raise UnknownCodeError(
            f"no linkage exchange {exchange_id[:40]!r} that your authority takes part in: check the id "
            "(`coopsec linkage exchange list`)"
        )
    return found


def exchange_dict(exchange: LinkageExchange, user: User) -> dict[str, Any]:
    """The exchange as its parties see it: record counts and thresholds only for the reader's own side."""
    me = authority_of(user)
    mine = next((p for p in exchange.parties if p.authority == me), None)
    return {
        "id": exchange.id,
        "purpose": exchange.purpose,
        "schema": exchange.schema,
        "schema_digest": exchange.schema_digest,
        "key_check": exchange.key_check,
        "bits": exchange.bits,
        "mode": exchange.mode,
        "false_hits": exchange.false_hits,
        "watchlist": exchange.watchlist,
        "ring": exchange.ring,
        "creator": {"authority": exchange.creator_authority, "user": exchange.creator},
        "created_at": exchange.created_at,
        "status": exchange.status,
        "progress": {"stage": exchange.stage, "fraction": exchange.progress},
        "error": exchange.error,
        "started_at": exchange.started_at,
        "finished_at": exchange.finished_at,
        "parties": [
            {"authority": p.authority, "submitted": p.submitted_at is not None, "submitted_at": p.submitted_at}
            for p in exchange.parties
        ],
        "you": {
            "authority": me,
            "party": mine is not None,
            "submitted": mine is not None and mine.submitted_at is not None,
            "records": mine.count if mine is not None else None,
        },
        "thresholds": {k: v for k, v in exchange.thresholds.items() if me in k.split("|")},
    }
