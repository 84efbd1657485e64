"""The coordination state machine on SQLite and PostgreSQL: the Paris 2015 replay and every refused transition."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from coopsec.errors import (
    ConflictError,
    ForbiddenError,
    InputError,
    StaleVersionError,
    TransitionError,
    UnknownCodeError,
)
from coopsec.kb import KnowledgeBase
from coopsec.obligations import Assessor, assessor_for
from coopsec.response import coordination as co
from coopsec.response.coordination_views import list_incidents, show_incident
from coopsec.response.report import after_action
from coopsec.store import Store, audit, open_store
from tests.response.coordination_helpers import act, add_user_for, add_users, paris


@pytest.fixture(scope="module")
def assessor(kb: KnowledgeBase) -> Assessor:
    return assessor_for(kb)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    add_users(opened)
    yield opened
    opened.engine.dispose()


def test_paris_2015_replay_runs_end_to_end_and_the_audit_log_verifies(store: Store, assessor: Assessor) -> None:
    ids = paris(store, assessor)
    with store.session(write=False) as session:
        shown = show_incident(session, ids["incident"])
        assert list_incidents(session, "open") == []
        assert [i["id"] for i in list_incidents(session, "closed")] == [ids["incident"]]
        count, findings = audit.verify(session)
    assert findings == []
    assert shown["status"] == "closed"
    assert shown["ipcr_mode"] == "information-sharing"
    assert [r["status"] for r in shown["requests"]] == ["closed"]
    assert {o["state"]: o["status"] for o in shown["offers"]} == {"DE": "accepted", "BE": "accepted"}
    assert len(shown["deliveries"]) == 2
    actions = [s["action"] for s in shown["timeline"]]
    assert actions == ["report", "ipcr", "request", "offer", "accept", "offer", "accept", "deliver", "deliver", "close"]
    assert shown["timeline"][2]["at"] == "2015-11-17T10:00:00+01:00"
    assert count >= 10 + 6  # six users, ten steps


def test_a_direct_edit_of_a_coordination_table_shows_in_audit_verify(store: Store, assessor: Assessor) -> None:
    ids = paris(store, assessor)
    with store.session() as session:
        session.execute(text("UPDATE assistance_offers SET status = 'declined' WHERE id = :id"), {"id": ids["de"]})
        session.execute(text("DELETE FROM incident_steps WHERE action = 'ipcr'"))
    with store.session(write=False) as session:
        _, findings = audit.verify(session)
    problems = " | ".join(str(f) for f in findings)
    assert f"assistance_offers row {ids['de']} differs" in problems
    assert "status" in problems
    assert "incident_steps row" in problems and "missing" in problems


def _open_incident(store: Store, assessor: Assessor) -> tuple[int, int]:
    incident = act(
        store, "fr", co.report_incident, assessor, kind="terrorist-attack", victim="FR", place="Paris",
        occurred_at="2015-11-13T21:16:00+01:00",
    )  # fmt: skip
    request = act(
        store, "fr", co.request_assistance, assessor, incident.id, "teu-42-7", "Military support", at="2015-11-17"
    )
    return incident.id, request.id


def test_illegal_transitions_are_refused(store: Store, assessor: Assessor) -> None:
    incident, request = _open_incident(store, assessor)
    with pytest.raises(TransitionError, match="does not bind or admit US"):
        act(store, "us", co.make_offer, assessor, request, "Intelligence")
    with pytest.raises(TransitionError, match="cannot offer assistance to itself"):
        act(store, "fr", co.make_offer, assessor, request, "Police")
    with pytest.raises(ForbiddenError, match="acts for DE"):
        act(store, "de", co.make_offer, assessor, request, "Police", state="BE")
    with pytest.raises(ForbiddenError, match="may read incidents but not change them"):
        act(store, "ana", co.make_offer, assessor, request, "Analysis")
    with pytest.raises(ForbiddenError, match="only a liaison officer of FR"):
        act(store, "de", co.report_incident, assessor, kind="terrorist-attack", victim="FR", place="Lyon",
            occurred_at="2015-11-13")  # fmt: skip
    with pytest.raises(ForbiddenError, match="presidency"):
        act(store, "fr", co.set_ipcr_mode, incident, "monitoring")
    with pytest.raises(InputError, match="unknown IPCR mode"):
        act(store, "admin", co.set_ipcr_mode, incident, "panic")
    with pytest.raises(InputError, match="unknown mechanism"):
        act(store, "fr", co.request_assistance, assessor, incident, "art-99", "help")
    offer = act(store, "de", co.make_offer, assessor, request, "A frigate")
    with pytest.raises(ForbiddenError, match="only a liaison officer of FR"):
        act(store, "de", co.decide_offer, offer.id, True)  # acceptance by a non-requester
    with pytest.raises(TransitionError, match="deliveries are recorded against accepted offers"):
        act(store, "de", co.deliver, offer.id, "A frigate")
    with pytest.raises(StaleVersionError, match="reload it"):
        act(store, "fr", co.decide_offer, offer.id, True, version=offer.version + 1)
    act(store, "fr", co.decide_offer, offer.id, False, version=offer.version)
    with pytest.raises(TransitionError, match="already declined"):
        act(store, "fr", co.decide_offer, offer.id, True)
    act(store, "fr", co.close_request, request)
    with pytest.raises(TransitionError, match=r"request \d+ is closed"):
        act(store, "be", co.make_offer, assessor, request, "A frigate")
    act(store, "fr", co.close_incident, incident)
    closed: list[tuple[Any, ...]] = [
        ("admin", co.set_ipcr_mode, incident, "monitoring"),
        ("fr", co.request_assistance, assessor, incident, "tfeu-222", "help"),
        ("fr", co.close_incident, incident),
        ("fr", co.decide_offer, offer.id, True),
    ]
    for who, *step in closed:
        with pytest.raises(TransitionError, match="is closed"):
            act(store, who, *step)
    with pytest.raises(UnknownCodeError, match="no incident 999"):
        act(store, "fr", co.close_incident, 999)
    with store.session(write=False) as session:
        assert audit.verify(session)[1] == []


def test_nato_allies_may_offer_under_article_4_but_not_non_members(store: Store, assessor: Assessor) -> None:
    incident, _ = _open_incident(store, assessor)
    request = act(store, "fr", co.request_assistance, assessor, incident, "nato-art4", "Consultations")
    offer = act(store, "us", co.make_offer, assessor, request.id, "Consultations in the North Atlantic Council")
    assert offer.state == "US"
    with pytest.raises(TransitionError, match="does not bind or admit AT"):
        act(store, "admin", co.make_offer, assessor, request.id, "Support", state="AT")  # EU, not NATO


def test_the_after_action_report_lists_every_step_open_items_and_legal_basis(store: Store, assessor: Assessor) -> None:
    ids = paris(store, assessor)
    with store.session(write=False) as session:
        shown = show_incident(session, ids["incident"])
        markdown = after_action(session, assessor, ids["incident"], "md")
        page = after_action(session, assessor, ids["incident"], "html")
    assert markdown.startswith("# After-action report: terrorist-attack in FR, 2015-11-13")
    for step in shown["timeline"]:
        assert step["summary"] in markdown and step["at"] in markdown and step["actor"] in markdown
        assert html.escape(step["summary"]) in page
    assert "Treaty on European Union, Article 42(7)" in markdown
    assert "## Available but not invoked" in markdown and "Article 222 (solidarity clause): applies" in markdown
    assert "## Open items" in markdown and "IPCR is still in information-sharing mode" in markdown
    assert "<script" not in page and "style=" not in page
    with pytest.raises(InputError, match="unknown report format"), store.session(write=False) as session:
        after_action(session, assessor, ids["incident"], "pdf")


def test_steps_dated_before_what_they_follow_are_refused(store: Store, assessor: Assessor) -> None:
    incident, request = _open_incident(store, assessor)
    with pytest.raises(ConflictError, match="before the incident"):
        act(store, "fr", co.request_assistance, assessor, incident, "tfeu-222", "help", at="2015-11-12")
    offer = act(store, "de", co.make_offer, assessor, request, "A frigate", at="2015-11-20")
    with pytest.raises(ConflictError, match="before the offer"):
        act(store, "fr", co.decide_offer, offer.id, True, at="2015-11-19")
    act(store, "fr", co.decide_offer, offer.id, True, at="2015-11-21")
    with pytest.raises(ConflictError, match="before the acceptance"):
        act(store, "de", co.deliver, offer.id, "A frigate", at="2015-11-20T23:00:00+00:00")
    with pytest.raises(ConflictError, match="before the last step"):
        act(store, "fr", co.close_incident, incident, at="2015-11-20")


def test_turkiye_2023_civil_protection_admits_participating_states_only(store: Store, assessor: Assessor) -> None:
    add_user_for(store, "tr", "TR", "civil-protection")
    add_user_for(store, "no", "NO", "civil-protection")
    quake = act(
        store, "tr", co.report_incident, assessor, kind="natural-disaster", victim="TR",
        place="Kahramanmaraş and ten provinces", occurred_at="2023-02-06T04:17:00+03:00", casualties=50000,
    )  # fmt: skip
    with pytest.raises(TransitionError, match="tfeu-222 does not apply"):
        act(store, "tr", co.request_assistance, assessor, quake.id, "tfeu-222", "Search and rescue")
    request = act(store, "tr", co.request_assistance, assessor, quake.id, "eu-ucpm", "Urban search and rescue teams",
                  at="2023-02-06T10:00:00+03:00")  # fmt: skip
    norway = act(store, "no", co.make_offer, assessor, request.id, "USAR team", at="2023-02-06T14:00:00+03:00")
    assert norway.state == "NO"  # a participating state of the Mechanism outside the EU
    with pytest.raises(TransitionError, match="does not bind or admit US"):
        act(store, "us", co.make_offer, assessor, request.id, "USAR team")
    act(store, "tr", co.decide_offer, norway.id, True, at="2023-02-06T15:00:00+03:00")
    with store.session(write=False) as session:
        assert audit.verify(session)[1] == []
