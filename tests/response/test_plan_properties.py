"""Properties of the planner: every action's trigger holds, and a new fact never removes an action."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from coopsec.kb import KnowledgeBase, load_knowledge_base
from coopsec.obligations.kinds import KINDS
from coopsec.response import PERPETRATORS, Incident, plan
from coopsec.response.planner import actions_for
from coopsec.response.triggers import matched


def _kb() -> KnowledgeBase:
    return load_knowledge_base()


incidents = st.builds(
    Incident,
    kind=st.sampled_from(KINDS),
    victim=st.just("FR"),
    date=st.just("2024-06-01"),
    casualties=st.one_of(st.none(), st.integers(min_value=0, max_value=500)),
    cbrn=st.booleans(),
    cross_border=st.booleans(),
    online_propaganda=st.booleans(),
    perpetrators=st.one_of(st.none(), st.sampled_from(PERPETRATORS)),
)
FACTS = ("cbrn", "cross_border", "online_propaganda")


@settings(max_examples=60, deadline=None)
@given(incidents)
def test_every_action_is_triggered_by_the_incident(incident: Incident) -> None:
    kb = _kb()
    assert kb.response is not None
    result = plan(kb, incident)
    catalogue = {a.id: a for a in kb.response.actions}
    for action in result.actions:
        found = matched(catalogue[action.id].trigger, incident.kind, incident.flags)
        assert found is not None
        assert action.triggered_by == ("kind", *found)
    # and every action whose trigger holds is in the plan
    expected = {a.id for a in kb.response.actions if matched(a.trigger, incident.kind, incident.flags) is not None}
    assert {a.id for a in result.actions} == expected
    assert {m.id for m in result.mechanisms} == set(kb.mechanisms)


@settings(max_examples=100, deadline=None)
@given(incidents, st.sampled_from(FACTS))
def test_adding_a_fact_never_removes_an_action(incident: Incident, fact: str) -> None:
    kb = _kb()
    assert kb.response is not None
    day = dt.date(2024, 6, 1)
    before = {a.id for a in actions_for(kb.response, incident, day)}
    more = dataclasses.replace(
        incident,
        cbrn=incident.cbrn or fact == "cbrn",
        cross_border=incident.cross_border or fact == "cross_border",
        online_propaganda=incident.online_propaganda or fact == "online_propaganda",
    )
    after = {a.id for a in actions_for(kb.response, more, day)}
    assert before <= after
    casualties = dataclasses.replace(incident, casualties=(incident.casualties or 0) + 1)
    assert before <= {a.id for a in actions_for(kb.response, casualties, day)}
