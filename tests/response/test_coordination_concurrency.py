"""Two officers acting on the same request at once never corrupt it (SQLite and PostgreSQL).

Offers from several states and opposite decisions on the same offers run in threads released
together. Writes are serialised by the store's writer lock, and every decision carries the version
the officer read (optimistic locking): exactly one decision per offer wins, the others are refused
with a coopsec error, and the audit log verifies afterwards.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import pytest

from coopsec.errors import StaleVersionError, TransitionError
from coopsec.kb import KnowledgeBase
from coopsec.obligations import Assessor, assessor_for
from coopsec.response import coordination as co
from coopsec.response.coordination_views import show_incident
from coopsec.store import Store, audit, open_store
from coopsec.store.incident_models import AssistanceRequest, Offer
from tests.response.coordination_helpers import USERS, act, add_users

OFFERING = ("de", "be", "admin")


@pytest.fixture(scope="module")
def assessor(kb: KnowledgeBase) -> Assessor:
    return assessor_for(kb)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    add_users(opened, tuple(USERS))
    yield opened
    opened.engine.dispose()


def _together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls in threads released at once; each result is its value or the exception raised."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait()
        try:
            return call()
        except (TransitionError, StaleVersionError) as err:
            return err

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_concurrent_offers_and_decisions_leave_a_consistent_request(store: Store, assessor: Assessor) -> None:
    incident = act(
        store, "fr", co.report_incident, assessor, kind="terrorist-attack", victim="FR", place="Paris",
        occurred_at="2015-11-13T21:16:00+01:00",
    )  # fmt: skip
    request = act(store, "fr", co.request_assistance, assessor, incident.id, "teu-42-7", "Military support")
    states = {"de": None, "be": None, "admin": "IT"}
    offers = _together(
        [
            partial(act, store, who, co.make_offer, assessor, request.id, f"help from {who}", state=state)
            for who, state in states.items()
            for _ in range(3)
        ]
    )  # fmt: skip
    assert all(isinstance(o, Offer) for o in offers), offers
    assert Counter(o.state for o in offers) == {"DE": 3, "BE": 3, "IT": 3}
    # Two officers of the affected side decide every offer at once, each from the version they read.
    decisions = _together(
        [
            partial(act, store, who, co.decide_offer, o.id, yes, version=o.version)
            for o in offers
            for who, yes in (("fr", True), ("admin", False))
        ]
    )  # fmt: skip
    won = [d for d in decisions if isinstance(d, Offer)]
    refused = [d for d in decisions if isinstance(d, Exception)]
    assert len(won) == len(offers) and len(refused) == len(offers)
    assert {o.id for o in won} == {o.id for o in offers}
    # A close of the request races with new offers: each offer lands before the close or is refused.
    late = _together(
        [partial(act, store, "fr", co.close_request, request.id)]
        + [partial(act, store, who, co.make_offer, assessor, request.id, "late") for who in ("de", "be")]
    )
    assert isinstance(late[0], AssistanceRequest)
    with store.session(write=False) as session:
        shown = show_incident(session, incident.id)
        _, findings = audit.verify(session)
    assert findings == []
    assert [r["status"] for r in shown["requests"]] == ["closed"]
    assert all(o["status"] in ("accepted", "declined") or o["what"] == "late" for o in shown["offers"])
    assert all(o["version"] == 2 for o in shown["offers"] if o["what"] != "late")
    late_offers = [o for o in shown["offers"] if o["what"] == "late"]
    assert len(late_offers) == sum(isinstance(x, Offer) for x in late[1:])
    assert len(shown["timeline"]) == 2 + len(offers) * 2 + 1 + len(late_offers)
