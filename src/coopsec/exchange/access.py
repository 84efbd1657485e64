"""THE access decision of the exchange: who may read a record, on a given day. Every path uses it.

:func:`decide` is pure and checks, in this order: (1) the record's TLP within the reader's clearance;
(2) the reader's authority within the distribution (the originator's own authority always;
``authority``: the originator only; ``authorities``: the named ``STATE/agency`` list; ``ring``: the
reader's state placed in the ring ON THE DAY OF ACCESS, through :func:`coopsec.rings.classify`;
``members``: every authority of coopsec); (3) a per-record grant to the reader's authority. Whatever
cannot be checked (an unknown state, label, scope or ring) refuses access, with the reason: a gap in
the data must never open a record.

:func:`reader_filter` says the same as a SQL condition, so lists and searches are filtered in the
database; the rows it lets through are still passed through :func:`decide` before they are shown.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import and_, exists, false, or_, select

from coopsec.errors import InputError
from coopsec.store.exchange_models import Grant, Recipient, Record

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

    from coopsec.kb.exchange_schema import ExchangeFacts
    from coopsec.kb.model import KnowledgeBase
    from coopsec.store.models import User

SCOPES = ("authority", "authorities", "ring", "members")


@dataclass(frozen=True, slots=True)
class Reader:
    """Who reads: an authority (``state``/``agency``) and the highest TLP label they may read."""

    state: str
    agency: str
    clearance: str
    username: str = ""

    @property
    def authority(self) -> str:
        """``STATE/agency``."""
        return f"{self.state}/{self.agency}"


@dataclass(frozen=True, slots=True)
class RecordFacts:
    """What the decision reads of a record: origin, distribution, TLP and grants."""

    origin: str
    scope: str
    tlp: str
    authorities: tuple[str, ...] = ()
    ring: str | None = None
    grants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Decision:
    """Allowed or not, with the reasons in the order they were checked."""

    allowed: bool
    reasons: tuple[str, ...]


def facts_of(kb: KnowledgeBase, record: Record) -> RecordFacts:
    """The :class:`RecordFacts` of a stored record."""
    del kb  # the facts are all on the row; kb kept for a stable signature
    return RecordFacts(
        origin=record.origin,
        scope=record.scope,
        tlp=record.tlp,
        authorities=tuple(r.authority for r in record.recipients),
        ring=record.ring,
        grants=tuple(g.authority for g in record.grants),
    )


def exchange_facts(kb: KnowledgeBase) -> ExchangeFacts:
    """The exchange facts, or an error saying the knowledge base lacks ``exchange.yaml``."""
    if kb.exchange is None:
        raise InputError("the knowledge base has no exchange.yaml: restore src/coopsec/data/exchange.yaml")
    return kb.exchange


def clearance_of(kb: KnowledgeBase, user: User) -> str:
    """The user's own clearance, or the highest default of their roles (``exchange.yaml``)."""
    facts = exchange_facts(kb)
    own = getattr(user, "clearance", None)
    if own:
        return str(own)
    labels = [facts.clearance[r] for r in user.role_list if r in facts.clearance]
    if not labels:
        return next(iter(facts.tlp))  # no known role: the least restricted label only
    return max(labels, key=lambda label: facts.rank(label) or 0)


def reader_for(kb: KnowledgeBase, user: User) -> Reader:
    """The :class:`Reader` a user reads as: their authority and clearance."""
    return Reader(user.authority.state, user.authority.agency, clearance_of(kb, user), user.username)


# --- rings on a day, cached ---------------------------------------------------------------------

_ring_cache: dict[tuple[int, dt.date], tuple[KnowledgeBase, dict[str, frozenset[str]]]] = {}
_ring_lock = threading.Lock()
_CACHE_DAYS = 64


def _places_on(kb: KnowledgeBase, on: dt.date) -> dict[str, frozenset[str]]:
    """For each state existing on ``on``, its places (``core``, ``ring1``, ``outer_area``), computed once per day."""
    key = (id(kb), on)
    with _ring_lock:
        hit = _ring_cache.get(key)
        if hit is not None and hit[0] is kb:
            return hit[1]
    from coopsec.rings.classify import classify

    places: dict[str, frozenset[str]] = {}
    for p in classify(kb, on).placements:
        found = set()
        if p.place == "core":
            found.add("core")
        if p.in_ring1:
            found.add("ring1")
        if p.place == "outer_area":
            found.add("outer_area")
        places[p.state] = frozenset(found)
    with _ring_lock:
        if len(_ring_cache) >= _CACHE_DAYS:
            _ring_cache.clear()
        _ring_cache[key] = (kb, places)
    return places


def rings_of(kb: KnowledgeBase, state: str, on: dt.date) -> frozenset[str] | None:
    """The distribution rings ``state`` is in on ``on``; ``None`` when the state cannot be placed that day."""
    facts = exchange_facts(kb)
    places = _places_on(kb, on).get(state)
    if places is None:
        return None
    return frozenset(r.id for r in facts.rings.values() if places & set(r.places))


# --- the decision -------------------------------------------------------------------------------


def _in_ring(kb: KnowledgeBase, reader: Reader, record: RecordFacts, on: dt.date) -> tuple[bool | None, str]:
    """Whether the reader's state is in the record's ring on the day (``None``: it cannot be checked)."""
    if kb.exchange is None or record.ring is None or record.ring not in kb.exchange.rings:
        return None, f"unknown distribution ring {record.ring!r}: access refused"
    rings = rings_of(kb, reader.state, on)
    if rings is None:
        return None, f"{reader.state} cannot be placed in the rings on {on.isoformat()}: access refused"
    inside = record.ring in rings
    return inside, f"{reader.state} is {'' if inside else 'not '}in the {record.ring} ring on {on.isoformat()}"


def _distribution(kb: KnowledgeBase, reader: Reader, record: RecordFacts, on: dt.date) -> tuple[bool | None, str]:
    """Step 2: whether the reader's authority is within the distribution (``None``: it cannot be checked)."""
    me = reader.authority
    if reader.state not in kb.states:
        return None, f"unknown state {reader.state!r} of the reader: access refused"
    if me == record.origin:
        return True, "the reader's authority is the originator"
    if record.scope == "ring":
        return _in_ring(kb, reader, record, on)
    named = me in record.authorities
    answers: dict[str, tuple[bool | None, str]] = {
        "authority": (False, "distributed to the originating authority only"),
        "authorities": (named, f"{me} is {'' if named else 'not '}a named recipient"),
        "members": (True, "distributed to every member authority"),
    }
    return answers.get(record.scope, (None, f"unknown distribution scope {record.scope!r}: access refused"))


def _clearance(facts: ExchangeFacts, reader: Reader, record: RecordFacts) -> tuple[bool, str]:
    """Step 1: the record's TLP label within the reader's clearance (unknown labels refuse)."""
    record_rank, reader_rank = facts.rank(record.tlp), facts.rank(reader.clearance)
    if record_rank is None or reader_rank is None:
        bad = record.tlp if record_rank is None else reader.clearance
        return False, f"unknown TLP label {bad!r}: access refused"
    within = record_rank <= reader_rank
    return (
        within,
        f"TLP:{record.tlp} is {'within' if within else 'above'} the reader's clearance TLP:{reader.clearance}",
    )


def decide(kb: KnowledgeBase, reader: Reader, record: RecordFacts, on: dt.date) -> Decision:
    """May ``reader`` read ``record`` on ``on``? Clearance, then distribution, then grants; unknowns refuse."""
    if kb.exchange is None:
        return Decision(False, ("the exchange codes are not loaded (exchange.yaml): access refused",))
    cleared, why = _clearance(kb.exchange, reader, record)
    if not cleared:
        return Decision(False, (why,))
    inside, where = _distribution(kb, reader, record, on)
    reasons: tuple[str, ...] = (why, where)
    if inside is False:
        if reader.authority in record.grants:
            return Decision(True, (*reasons, f"the originator granted a release to {reader.authority}"))
        reasons = (*reasons, f"no release was granted to {reader.authority}")
    return Decision(bool(inside), reasons)


def reader_filter(kb: KnowledgeBase, reader: Reader, on: dt.date) -> ColumnElement[bool]:
    """:func:`decide` as a SQL condition on :class:`~coopsec.store.exchange_models.Record` rows.

    The reader's allowed labels and rings are resolved here, in Python, so the database compares
    plain values (and can use the indexes of migration 0005).
    """
    facts = kb.exchange
    if facts is None:
        return false()
    reader_rank = facts.rank(reader.clearance)
    if reader_rank is None or reader.state not in kb.states:
        return false()
    labels = [t.label for t in facts.tlp.values() if t.rank <= reader_rank]
    me = reader.authority
    rings = rings_of(kb, reader.state, on)
    granted: ColumnElement[bool] = exists(select(Grant.id).where(Grant.record_pk == Record.pk, Grant.authority == me))
    if rings is None:  # the reader cannot be placed today: ring records stay closed, grants or not
        granted = and_(Record.scope != "ring", granted)
    else:  # a ring that is not in exchange.yaml cannot be checked: closed, grants or not
        granted = and_(or_(Record.scope != "ring", Record.ring.in_(sorted(facts.rings))), granted)
    allowed = [
        and_(Record.origin_state == reader.state, Record.origin_agency == reader.agency),
        Record.scope == "members",
        and_(
            Record.scope == "authorities",
            exists(select(Recipient.id).where(Recipient.record_pk == Record.pk, Recipient.authority == me)),
        ),
        and_(Record.scope.in_(SCOPES), granted),
    ]
    if rings:
        known = sorted(rings & set(facts.rings))
        allowed.append(and_(Record.scope == "ring", Record.ring.in_(known)))
    return and_(Record.tlp.in_(labels), or_(*allowed))
