"""The reference vectors of shared/reference/voting.md, decided through the library and the CLI's JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from coopsec.kb import KnowledgeBase
from coopsec.voting import decide, make_council, minimal_flip, vote_report
from coopsec.voting.data import bundled_voting
from tests.conftest import d
from tests.voting.conftest import ON, ballot, council

GOLDEN = YAML(typ="safe").load((Path(__file__).parent / "vectors.yaml").read_text(encoding="utf-8"))
ORDER: list[str] = GOLDEN["by_population_2025"]


def _lists(vector: dict[str, Any]) -> dict[str, list[str]]:
    if "yes_most" in vector:
        return {"no": ORDER[vector["yes_most"] :]}
    if "yes_least" in vector:
        return {"no": ORDER[: len(ORDER) - vector["yes_least"]]}
    if "abstain_formally_most" in vector:
        return {"abstain_formally": ORDER[: vector["abstain_formally_most"]]}
    if "abstain_formally_least" in vector:
        return {"abstain_formally": ORDER[-vector["abstain_formally_least"] :]}
    return {"no": vector["against"]}


def test_the_order_is_the_tables(kb: KnowledgeBase) -> None:
    figures = bundled_voting(kb).table_on(ON).figures
    assert sorted(figures, key=lambda c: -figures[c]) == ORDER


@pytest.mark.parametrize("vector", GOLDEN["vectors"], ids=lambda v: v["name"])
def test_vector(kb: KnowledgeBase, vector: dict[str, Any]) -> None:
    c = council(kb, vector["rule"])
    votes = ballot(c, **_lists(vector))
    decision = decide(c, votes)
    assert decision.adopted is vector["adopted"]
    if "share" in vector:
        (population,) = [x for x in decision.criteria if x["id"] == "population"]
        assert f"{float(population['share'][:-1]):.1f}%" == vector["share"]  # the reference rounds to 0.1
    flips = minimal_flip(c, votes, decision.adopted)
    assert flips, "every vector can be reversed"
    changed = {**votes, **{f["state"]: f["to"] for f in flips}}
    assert decide(c, changed).adopted is not vector["adopted"]


def test_the_explanation_names_the_blocking_minority(kb: KnowledgeBase) -> None:
    report = vote_report(kb, "qmv", ON, {"no": "DE,FR,IT"})
    assert set(report) >= {"rule", "on", "adopted", "criteria", "flips"}
    by_id = {c["id"]: c for c in report["criteria"]}
    assert by_id["population"]["met"] is False
    assert by_id["blocking_minority"]["met"] is True and by_id["blocking_minority"]["deemed_attained"] is True
    assert by_id["blocking_minority"]["needed"] == 4 and by_id["blocking_minority"]["actual"] == 3
    # one more member against (the least populous, Malta) makes four: a blocking minority
    assert report["flips"] == [{"state": "MT", "from": "yes", "to": "no"}]


def test_flip_of_a_blocked_text_moves_the_fewest_people(kb: KnowledgeBase) -> None:
    report = vote_report(kb, "qmv", ON, {"no": "DE,FR,IT,ES"})
    # turning any one of the four makes three against: ES is the least populous of them
    assert report["flips"] == [{"state": "ES", "from": "no", "to": "yes"}]


def test_twenty_five_taking_part(kb: KnowledgeBase) -> None:
    part = ",".join(c for c in ORDER if c not in ("DK", "IE"))
    c = make_council(kb, bundled_voting(kb), "qmv", ON, participants=part)
    assert c.rule_id == "qmv-partial" and len(c.members) == 25
    by_id = {x["id"]: x for x in decide(c, ballot(c)).criteria}
    assert by_id["members"]["needed"] == 14  # 55% of 25 is 13.75
    figures = sorted(c.population.values(), reverse=True)
    smallest = next(k for k in range(1, 26) if 100 * sum(figures[:k]) > 35 * sum(figures))
    assert by_id["blocking_minority"]["needed"] == smallest + 1
    assert "members_min" not in by_id  # Art. 238(3)(a) has no minimum of fifteen


def test_pesco_participants_come_from_the_kb(kb: KnowledgeBase) -> None:
    c = council(kb, "qmv", participants="PESCO")
    assert c.rule_id == "qmv-partial" and "MT" not in c.members and "DK" in c.members
    before = make_council(kb, bundled_voting(kb), "unanimity", d("2023-01-01"), participants="PESCO")
    assert "DK" not in before.members  # Denmark joined PESCO on 2023-05-23


def test_consensus_and_silence(kb: KnowledgeBase) -> None:
    nato = vote_report(kb, "consensus", ON, {"no": "HU"}, forum="NATO")
    assert nato["adopted"] is False and nato["flips"] == [{"state": "HU", "from": "no", "to": "yes"}]
    assert vote_report(kb, "consensus", ON, {"abstain": "HU"}, forum="NATO")["adopted"] is True
    osce = vote_report(kb, "consensus-minus-one", ON, {}, forum="OSCE", concerned="RU")
    assert osce["adopted"] is True and "RU" not in osce["council"]["members"]
    assert osce["council"]["taking_part"] == osce["council"]["of"] - 1
    silence_2003 = vote_report(kb, "consensus", d("2003-02-10"), {"no": "FR,DE,BE"}, forum="NATO")
    assert silence_2003["adopted"] is False and len(silence_2003["flips"]) == 3


def test_simple_majority_is_fourteen(kb: KnowledgeBase) -> None:
    c = council(kb, "simple")
    assert decide(c, ballot(c, no=ORDER[:13])).adopted is True
    assert decide(c, ballot(c, no=ORDER[:14])).adopted is False
    assert decide(c, ballot(c, abstain=ORDER[:14])).adopted is False  # abstention counts against


def test_unanimity_abstention_does_not_block_but_absence_does(kb: KnowledgeBase) -> None:
    c = council(kb, "unanimity")
    assert decide(c, ballot(c, abstain=ORDER[:20])).adopted is True
    assert decide(c, ballot(c, absent=["MT"])).adopted is False
    assert decide(c, ballot(c, no=["MT"])).adopted is False
