"""Assessments: every answer carries its reasons, citation and trace; memoised answers equal fresh ones."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopsec.errors import InputError
from coopsec.kb import KnowledgeBase, load_knowledge_base
from coopsec.obligations import KINDS, Assessor, assess, make_event
from tests.obligations.reference import ReferenceAssessor, comparable

KB = None


def _kb() -> KnowledgeBase:
    global KB  # noqa: PLW0603 - one knowledge base for the property tests
    if KB is None:
        KB = load_knowledge_base()
    return KB


def test_every_mechanism_answers_with_citation_procedure_and_trace(kb: KnowledgeBase) -> None:
    result = assess(kb, make_event(kb, "armed-attack", "FI", "RU", None, "2022-06-01"))
    body = result.to_dict()
    assert [m["id"] for m in body["mechanisms"]] == [
        "nato-art4",
        "nato-art5",
        "teu-42-7",
        "tfeu-222",
        "weu-art5",
        "csto-art4",
        "un-art51",
        "eu-ucpm",
    ]
    for mechanism in body["mechanisms"]:
        assert mechanism["status"] in {"applies", "may_apply", "does_not_apply"}
        assert mechanism["reasons"] and mechanism["procedure"] and mechanism["citation"]["title"]
        facts = [t for t in mechanism["trace"] if t["kind"] == "fact"]
        rules = [t for t in mechanism["trace"] if t["kind"] == "rule"]
        assert facts and rules and all(t["source"]["title"] for t in facts)
    eu = result.mechanism("teu-42-7")
    assert eu.clause is not None and "armed aggression" in eu.clause.text
    assert any("Finland (FI) is a member of the European Union from 1995-01-01" in t.text for t in eu.trace)
    austria = next(o for o in eu.obligated if o.party == "AT")
    assert any("specific character" in c for c in austria.caveats)
    assert result.mechanism("nato-art5").obligated == ()


def test_obligated_parties_follow_membership_on_the_date(kb: KnowledgeBase) -> None:
    early = assess(kb, make_event(kb, "armed-attack", "US", "unknown", None, "1990-01-01"))
    late = assess(kb, make_event(kb, "armed-attack", "US", "unknown", None, "2024-06-01"))
    assert len(early.mechanism("nato-art5").obligated) == 15
    assert len(late.mechanism("nato-art5").obligated) == 31
    assert early.mechanism("nato-art5").reasons == late.mechanism("nato-art5").reasons


def test_a_perpetrators_own_facts_are_in_its_trace(kb: KnowledgeBase) -> None:
    by_turkey = assess(kb, make_event(kb, "armed-attack", "GR", "TR", None, "2020-01-01")).mechanism("nato-art5")
    by_france = assess(kb, make_event(kb, "armed-attack", "GR", "FR", None, "2020-01-01")).mechanism("nato-art5")
    assert any("(TR) is a member" in t.text for t in by_turkey.trace)
    assert any("(FR) is a member" in t.text for t in by_france.trace)
    assert not any("(TR)" in t.text for t in by_france.trace)


territories = sorted(_kb().places.territories.values(), key=lambda t: t.code)  # type: ignore[union-attr]
states = sorted(c for c in _kb().states if not _kb().states[c].historic)


#: Days on which some fact changes, and the days either side: where a memo keyed too coarsely
#: by time would be caught out.
CHANGES = sorted({d + dt.timedelta(days=k) for d in Assessor(_kb()).index.bounds for k in (-1, 0, 1)})
PERPETRATORS = ["non-state", "unknown", "RU", "TR", "FR", "US", "BY", *states[:: max(1, len(states) // 12)]]


Case = tuple[str, str, str | None, str, dt.date, str | None]


@st.composite
def events(draw: st.DrawFn) -> Case:
    territory = draw(st.sampled_from(territories))
    kind = draw(st.sampled_from(KINDS))
    by = draw(st.sampled_from(["non-state", "unknown", *states]) | st.sampled_from(PERPETRATORS))
    day = draw(
        st.dates(min_value=dt.date(1949, 1, 1), max_value=dt.date(2026, 12, 31))
        | st.sampled_from([d for d in CHANGES if d.year >= 1949])
    )
    where = draw(
        st.sampled_from(
            [
                territory.code,
                "sea:mediterranean",
                "sea:north-atlantic",
                "sea:black",
                "forces:AF",
                "forces:DE",
                "forces:GB",
            ]
        )
    )
    scale = draw(st.sampled_from([None, "incident", "attack"]))
    holder = territory.holder_on(day)
    return kind, holder, by, where, day, scale


def _warmed() -> Assessor:
    """An assessor that has already answered events on every victim, kind and change date."""
    kb = _kb()
    assessor = Assessor(kb)
    days = CHANGES[:: max(1, len(CHANGES) // 60)]
    for i, territory in enumerate(territories):
        for j, kind in enumerate(KINDS):
            for k, day in enumerate(days[(i + j) % 7 :: 7]):
                by = PERPETRATORS[(i + j + k) % len(PERPETRATORS)]
                scale = "incident" if (i + k) % 3 == 0 else None
                try:
                    event = make_event(kb, kind, territory.holder_on(day), by, territory.code, day, scale)
                except InputError:
                    continue
                assessor.assess(event)
    return assessor


SHARED = _warmed()
REFERENCE = ReferenceAssessor(_kb())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_memoised_answers_equal_the_reference_assessors(case: Case) -> None:
    """The memoised assessor (warmed with thousands of events) answers as a plain one that shares nothing."""
    kb = _kb()
    kind, victim, by, where, day, scale = case
    try:
        event = make_event(kb, kind, victim, by, where, day, scale)
    except InputError:
        return  # the victim did not exist then, or attacked itself: rejected, as it should be
    answer = SHARED.assess(event)
    assert comparable(answer) == REFERENCE.assess(event)
    shared, fresh = answer.to_dict(), Assessor(kb).assess(event).to_dict()
    assert shared == fresh
    for mechanism in shared["mechanisms"]:
        assert mechanism["status"] in {"applies", "may_apply", "does_not_apply"}
        if mechanism["status"] == "does_not_apply":
            assert mechanism["obligated"] == []
        assert mechanism["trace"]


def test_a_batch_pauses_the_collector_and_restores_it(kb: KnowledgeBase) -> None:
    """The collector is off during a batch, back on afterwards, and no object stays frozen."""
    import gc

    events = [make_event(kb, kind, "FR", "RU", None, "2020-01-01") for kind in KINDS]
    assessor = Assessor(kb)
    states = [gc.isenabled() for _ in assessor.assess_many(events)]
    assert states == [False] * len(KINDS)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert [a.event.kind for a in assessor.assess_many(events)] == list(KINDS)


def test_results_built_fast_are_the_same_frozen_objects(kb: KnowledgeBase) -> None:
    """``new_result`` and ``new_assessment`` give what the dataclasses' constructors give."""
    import dataclasses

    import pytest

    from coopsec.obligations.result import Assessment, MechanismResult, new_assessment, new_result

    result = assess(kb, make_event(kb, "armed-attack", "FI", "RU", None, "2022-06-01")).mechanisms[1]
    fields = {f.name: getattr(result, f.name) for f in dataclasses.fields(result) if f.name != "_json"}
    fast, slow = new_result(**fields), MechanismResult(**fields)
    assert fast == slow
    assert fast.to_dict() == slow.to_dict() == result.to_dict()
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.status = "applies"  # type: ignore[misc]
    event = make_event(kb, "threat", "PL", None, None, "2022-02-24")
    assert new_assessment(event, (fast,)) == Assessment(event, (slow,))


def test_an_assessor_whose_memo_is_dropped_again_and_again_answers_as_the_reference(kb: KnowledgeBase) -> None:
    """The memo's one limit: passing it drops every growing table at once, and answers stay right."""
    assessor = Assessor(kb, memo_limit=300, check_every=5)
    cases = [
        (kind, territory.holder_on(day), by, territory.code, day)
        for territory in territories[::3]
        for kind in KINDS
        for by, day in (
            ("RU", dt.date(2022, 6, 1)),
            ("non-state", dt.date(1955, 6, 1)),
            ("unknown", dt.date(2004, 5, 1)),
        )
    ]
    checked = 0
    for kind, victim, by, where, day in cases * 2:
        try:
            event = make_event(kb, kind, victim, by, where, day)
        except InputError:
            continue
        assert comparable(assessor.assess(event)) == REFERENCE.assess(event)
        checked += 1
    report = assessor.memo.report()
    assert checked > 500 and report["drops"] > 10
    assert report["growing"] <= 300 + 5 * 60  # at most five events' worth past the limit
    assert {"assessor.cells", "answers.decisions", "parts.situations", "facts.entries"} <= set(report["tables"])
