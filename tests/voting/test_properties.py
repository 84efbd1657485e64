"""Properties of the evaluator: monotone, blind to names, exact at 55%, 65% and 72%."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coopsec.kb import KnowledgeBase
from coopsec.voting import Council, decide, minimal_flip
from coopsec.voting.data import Rule, Share
from tests.voting.conftest import council

VOTES = ("yes", "no", "abstain", "absent")
RULES = ("simple", "qmv", "rqmv", "unanimity")


def _renamed(c: Council, mapping: dict[str, str]) -> Council:
    return Council(
        c.rule_id, c.rule, c.organisation, c.on, tuple(sorted(mapping[m] for m in c.members)), c.all_members,
        c.partial, None, c.table, {mapping[m]: p for m, p in c.population.items()},
    )  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(rule=st.sampled_from(RULES), data=st.data())
def test_a_further_yes_never_rejects(kb: KnowledgeBase, rule: str, data: Any) -> None:
    c = council(kb, rule)
    votes = {m: data.draw(st.sampled_from(VOTES)) for m in c.members}
    before = decide(c, votes).adopted
    changed = data.draw(st.sampled_from(c.members))
    after = decide(c, {**votes, changed: "yes"}).adopted
    assert not (before and not after)


@settings(max_examples=40, deadline=None)
@given(rule=st.sampled_from(RULES), data=st.data())
def test_renaming_states_changes_nothing(kb: KnowledgeBase, rule: str, data: Any) -> None:
    c = council(kb, rule)
    votes = {m: data.draw(st.sampled_from(VOTES)) for m in c.members}
    names = data.draw(st.permutations([f"Q{i:02d}" for i in range(len(c.members))]))
    mapping = dict(zip(c.members, names, strict=True))
    other = _renamed(c, mapping)
    moved = {mapping[m]: v for m, v in votes.items()}
    a, b = decide(c, votes), decide(other, moved)
    assert a.adopted == b.adopted
    assert [x["met"] for x in a.criteria] == [x["met"] for x in b.criteria]
    flips_a, flips_b = minimal_flip(c, votes, a.adopted), minimal_flip(other, moved, b.adopted)
    assert len(flips_a) == len(flips_b)


@settings(max_examples=40, deadline=None)
@given(rule=st.sampled_from(("qmv", "rqmv", "simple")), data=st.data())
def test_flips_reverse_and_nothing_smaller_does(kb: KnowledgeBase, rule: str, data: Any) -> None:
    c = council(kb, rule)
    votes = {m: data.draw(st.sampled_from(VOTES)) for m in c.members}
    adopted = decide(c, votes).adopted
    flips = minimal_flip(c, votes, adopted)
    assert flips
    assert decide(c, {**votes, **{f["state"]: f["to"] for f in flips}}).adopted is not adopted
    if len(flips) > 1:  # one change fewer, whichever, does not reverse it
        to = "no" if adopted else "yes"
        for member in c.members:
            if (votes[member] == "yes") == adopted:
                assert decide(c, {**votes, member: to}).adopted is adopted or len(flips) == 1


def _threshold_council(kb: KnowledgeBase, n: int, pops: list[int], rule: Rule) -> Council:
    base = council(kb, "qmv")
    codes = tuple(f"T{i:02d}" for i in range(n))
    return Council("t", rule, "EU", base.on, codes, n, False, None, base.table, dict(zip(codes, pops, strict=True)))


def test_exact_threshold_at_65_percent(kb: KnowledgeBase) -> None:
    base = council(kb, "qmv")
    rule = base.rule.model_copy(update={"members_min": 0, "blocking": None})
    # 20 states of 5 people: 13 yes are exactly 65% of the population and 65% of the members
    c = _threshold_council(kb, 20, [5] * 20, rule)
    yes13 = {m: ("yes" if i < 13 else "no") for i, m in enumerate(c.members)}
    yes12 = {m: ("yes" if i < 12 else "no") for i, m in enumerate(c.members)}
    assert decide(c, yes13).adopted is True and decide(c, yes12).adopted is False
    # one person short of 65% fails: populations 65 and 35 minus one moved
    c2 = _threshold_council(kb, 2, [64, 36], rule.model_copy(update={"members": Share(num=50, den=100)}))
    assert decide(c2, {"T00": "yes", "T01": "no"}).adopted is False
    c3 = _threshold_council(kb, 2, [65, 35], rule.model_copy(update={"members": Share(num=50, den=100)}))
    assert decide(c3, {"T00": "yes", "T01": "no"}).adopted is True


def test_exact_threshold_at_55_percent(kb: KnowledgeBase) -> None:
    rule = council(kb, "qmv").rule.model_copy(update={"members_min": 0, "population": None, "blocking": None})
    c = _threshold_council(kb, 20, [1] * 20, rule)  # 55% of 20 is exactly 11
    assert decide(c, {m: ("yes" if i < 11 else "no") for i, m in enumerate(c.members)}).adopted is True
    assert decide(c, {m: ("yes" if i < 10 else "no") for i, m in enumerate(c.members)}).adopted is False


def test_exact_threshold_at_72_percent(kb: KnowledgeBase) -> None:
    rule = council(kb, "rqmv").rule.model_copy(update={"population": None})
    c = _threshold_council(kb, 25, [1] * 25, rule)  # 72% of 25 is exactly 18
    assert decide(c, {m: ("yes" if i < 18 else "no") for i, m in enumerate(c.members)}).adopted is True
    assert decide(c, {m: ("yes" if i < 17 else "no") for i, m in enumerate(c.members)}).adopted is False
    assert council(kb, "rqmv").rule.members == Share(num=72, den=100)
