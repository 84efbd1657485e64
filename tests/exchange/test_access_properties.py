"""Hypothesis: ``decide`` agrees with a reference written here from the rules; ``reader_filter`` agrees with ``decide``.

The reference reads the rings straight from :func:`coopsec.rings.classify.classify` with the ring
definitions restated here (core; core or ring 1; core, ring 1 or outer area), and the TLP order
restated here, so a slip in ``exchange.yaml`` or in ``access.py`` shows as a disagreement.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from coopsec.exchange.access import Reader, RecordFacts, decide, facts_of, reader_filter
from coopsec.kb import KnowledgeBase, load_knowledge_base
from coopsec.rings.classify import classify
from coopsec.store import Store, open_store
from coopsec.store.exchange_models import Grant, Recipient, Record

ORDER = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
STATES = ["FR", "DE", "HU", "TR", "UA", "MD", "RU", "US", "ME", "XX"]
AGENCIES = ["police", "defence"]
DAYS = [dt.date(2005, 1, 1), dt.date(2018, 6, 1), dt.date(2019, 6, 1), dt.date(2026, 11, 28)]
AUTHORITIES = [f"{s}/{a}" for s in STATES for a in AGENCIES]


@cache
def _kb() -> KnowledgeBase:
    return load_knowledge_base()


@cache
def places(day: dt.date) -> dict[str, tuple[str, bool]]:
    return {p.state: (p.place, p.in_ring1) for p in classify(_kb(), day).placements}


def in_ring(ring: str, place: str, ring1: bool) -> bool:
    if ring == "core":
        return place == "core"
    if ring == "collective-security":
        return place == "core" or ring1
    return place in ("core", "outer_area") or ring1  # partners


def reference(kb: KnowledgeBase, reader: Reader, record: RecordFacts, day: dt.date) -> bool:  # noqa: PLR0911
    """The rules, written out plainly (one return per rule, on purpose)."""
    if record.tlp not in ORDER or reader.clearance not in ORDER:
        return False
    if ORDER.index(record.tlp) > ORDER.index(reader.clearance):
        return False
    if reader.state not in kb.states:
        return False
    me = f"{reader.state}/{reader.agency}"
    if me == record.origin:
        return True
    if record.scope == "authority":
        entitled = False
    elif record.scope == "authorities":
        entitled = me in record.authorities
    elif record.scope == "members":
        entitled = True
    elif record.scope == "ring":
        if record.ring not in ("core", "collective-security", "partners"):
            return False
        placed = places(day).get(reader.state)
        if placed is None:
            return False
        entitled = in_ring(record.ring, *placed)
    else:
        return False
    return entitled or me in record.grants


readers = st.builds(
    Reader,
    state=st.sampled_from(STATES),
    agency=st.sampled_from(AGENCIES),
    clearance=st.sampled_from([*ORDER, "WHITE"]),
)
records = st.builds(
    RecordFacts,
    origin=st.sampled_from(AUTHORITIES),
    scope=st.sampled_from(["authority", "authorities", "ring", "members", "everyone"]),
    tlp=st.sampled_from([*ORDER, "WHITE"]),
    authorities=st.lists(st.sampled_from(AUTHORITIES), max_size=4).map(tuple),
    ring=st.sampled_from(["core", "collective-security", "partners", "galaxy", None]),
    grants=st.lists(st.sampled_from(AUTHORITIES), max_size=3).map(tuple),
)


@settings(max_examples=400, deadline=None)
@given(reader=readers, record=records, day=st.sampled_from(DAYS))
def test_decide_agrees_with_the_reference(reader: Reader, record: RecordFacts, day: dt.date) -> None:
    kb = _kb()
    decision = decide(kb, reader, record, day)
    assert decision.allowed is reference(kb, reader, record, day), decision.reasons
    assert decision.reasons  # every answer says why


# --- reader_filter against decide on a small store ------------------------------------------------

stored: st.SearchStrategy[dict[str, Any]] = st.builds(
    dict,
    origin=st.sampled_from(AUTHORITIES[:-2]),  # stored origins are real authorities
    scope=st.sampled_from(["authority", "authorities", "ring", "members"]),
    tlp=st.sampled_from(ORDER),
    authorities=st.lists(st.sampled_from(AUTHORITIES), max_size=3, unique=True),
    ring=st.sampled_from(["core", "collective-security", "partners"]),
    grants=st.lists(st.sampled_from(AUTHORITIES), max_size=2, unique=True),
)


@pytest.fixture
def small_store(database_url: str) -> Iterator[Store]:
    store = open_store(database_url)
    yield store
    store.engine.dispose()


def _fill(store: Store, rows: list[dict[str, Any]]) -> None:
    with store.session() as session:
        for table in (Recipient, Grant, Record):
            session.execute(delete(table))
        for n, row in enumerate(rows):
            state, agency = row["origin"].split("/")
            named = row["authorities"] if row["scope"] == "authorities" else []
            record = Record(
                id=str(uuid.uuid4()), originator="test", origin_state=state, origin_agency=agency,
                created_at=f"2026-01-01T00:00:{n:02d}.000000Z", title=f"r{n}", body="b", entities=[],
                entities_text="", scope=row["scope"], ring=row["ring"] if row["scope"] == "ring" else None,
                handling="H0", tlp=row["tlp"], evaluation="A1",
                recipients=[Recipient(authority=a) for a in named],
                grants=[Grant(authority=a, granted_by="test", granted_at="2026-01-01T00:00:00.000000Z")
                        for a in row["grants"]],
            )  # fmt: skip
            session.add(record)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(stored, min_size=1, max_size=12), who=st.lists(readers, min_size=3, max_size=3))
def test_reader_filter_returns_exactly_what_decide_allows(
    small_store: Store, kb: KnowledgeBase, rows: list[dict[str, Any]], who: list[Reader]
) -> None:
    _fill(small_store, rows)
    with small_store.session(write=False) as session:
        every = session.scalars(select(Record)).all()
        for reader in who:
            for day in (DAYS[0], DAYS[2], DAYS[3]):
                sql = {r.id for r in session.scalars(select(Record).where(reader_filter(kb, reader, day)))}
                allowed = {r.id for r in every if decide(kb, reader, facts_of(kb, r), day).allowed}
                assert sql == allowed, (reader, day)
