"""Exact power indices: meet in the middle agrees with listing every coalition, and with powerindex."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopsec.kb import KnowledgeBase
from coopsec.voting import brute_power, decide, exact_power, need_table, power_report
from tests.voting.conftest import ON, council


def _weighted_need(n: int, quota: int) -> list[int | None]:
    """A single-weight game (win with at least ``quota`` weight) as a need table."""
    return [quota] * (n + 1)


@settings(max_examples=60, deadline=None)
@given(
    weights=st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=9),
    members_least=st.integers(min_value=0, max_value=9),
    quota_share=st.integers(min_value=1, max_value=100),
    block=st.integers(min_value=0, max_value=4),
)
def test_meet_in_the_middle_equals_brute_force(
    weights: list[int], members_least: int, quota_share: int, block: int
) -> None:
    n = len(weights)
    quota = (sum(weights) * quota_share + 99) // 100
    need: list[int | None] = [
        None if m < min(members_least, n) else (0 if block and n - m < block else quota) for m in range(n + 1)
    ]
    codes = tuple(f"S{i}" for i in range(n))
    assert exact_power(codes, weights, need).swings == brute_power(codes, weights, need).swings


@pytest.mark.parametrize(
    ("weights", "quota"),
    [
        ([3, 2, 1, 1], 4),
        ([4, 4, 2, 1, 1], 7),
        ([10, 9, 7, 3, 1, 1], 16),
        ([5, 5, 5, 1], 11),
        ([8, 3, 3, 2, 2, 1, 1], 11),
    ],
)
def test_single_weight_games_match_powerindex(weights: list[int], quota: int) -> None:
    px = pytest.importorskip("powerindex")
    game = px.Game(quota=quota, weights=weights)
    game.calc()
    power = exact_power(tuple(map(str, range(len(weights)))), weights, _weighted_need(len(weights), quota))
    assert [float(b) for b in power.banzhaf()] == pytest.approx(game.banzhaf, abs=1e-12)
    assert [float(s) for s in power.shapley_shubik()] == pytest.approx(game.shapley_shubik, abs=1e-12)


def test_the_need_table_is_the_evaluator(kb: KnowledgeBase) -> None:
    """need_table (used by the power indices and the flips) says what decide says, on a small PESCO-like council."""
    c = council(kb, "qmv", participants="BE,NL,LU,DE,FR,IT,MT")
    need = need_table(c)
    members = c.members
    for mask in range(1 << len(members)):
        yes = [m for i, m in enumerate(members) if mask >> i & 1]
        votes = {m: ("yes" if m in yes else "no") for m in members}
        least = need[len(yes)]
        by_table = least is not None and sum(c.population[m] for m in yes) >= least
        assert decide(c, votes).adopted is by_table


def test_qmv_power_sums_to_one_and_orders_by_population(kb: KnowledgeBase) -> None:
    report = power_report(kb, "qmv", ON)
    rows = report["members"]
    assert len(rows) == 27
    assert sum(Fraction(r["exact"]["banzhaf"]) for r in rows.values()) == 1
    assert sum(Fraction(r["exact"]["shapley_shubik"]) for r in rows.values()) == 1
    by_pop = sorted(rows, key=lambda m: -rows[m]["population"])
    assert by_pop[0] == "DE" and rows["DE"]["banzhaf"] > rows["FR"]["banzhaf"] > rows["MT"]["banzhaf"] > 0


def test_consensus_power_is_equal(kb: KnowledgeBase) -> None:
    rows = power_report(kb, "consensus", ON, forum="NATO")["members"]
    assert {r["exact"]["banzhaf"] for r in rows.values()} == {f"1/{len(rows)}"}


def test_pesco_power_brute_force_on_a_small_council(kb: KnowledgeBase) -> None:
    c = council(kb, "qmv", participants="DE,FR,IT,ES,PL,NL,BE,AT,SE,IE,LU")
    weights = [c.population[m] for m in c.members]
    need = need_table(c)
    assert exact_power(c.members, weights, need).swings == brute_power(c.members, weights, need).swings
