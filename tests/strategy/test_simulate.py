"""The simulator: seeded and reproducible, block-wise the same on Dask, and monotonic in the means."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopsec.kb import KnowledgeBase
from coopsec.strategy import Register, Strategy, compare
from coopsec.strategy.compare import means_of, table_for
from coopsec.strategy.simulate import BLOCK, Block, draw, evaluate, run_all, run_block
from coopsec.strategy.table import Table
from tests.conftest import d


@pytest.fixture(scope="module")
def table(kb: KnowledgeBase, register: Register) -> Table:
    return table_for(kb, register, d("2026-01-01"))


def test_same_seed_same_numbers_other_seed_other_numbers(
    kb: KnowledgeBase, register: Register, examples: list[Strategy]
) -> None:
    one = compare(kb, register, examples, years=5, runs=300, seed=7, sensitivity=False).payload
    two = compare(kb, register, examples, years=5, runs=300, seed=7, sensitivity=False).payload
    other = compare(kb, register, examples, years=5, runs=300, seed=8, sensitivity=False).payload
    assert one == two
    assert one["strategies"][0]["outcomes"] != other["strategies"][0]["outcomes"]
    outcomes = one["strategies"][0]["outcomes"]
    assert set(outcomes) >= {"expected_harm", "unmet_requests", "time_to_assistance_days", "obligations_triggered"}
    for o in outcomes.values():
        assert o["p5"] <= o["p50"] <= o["p95"]


def test_every_strategy_meets_the_same_incidents(
    kb: KnowledgeBase, register: Register, examples: list[Strategy]
) -> None:
    result = compare(kb, register, examples, years=3, runs=200, seed=1, sensitivity=False)
    incidents = [r["incidents"] for r in result.per_run.values()]
    assert all(np.array_equal(incidents[0], x) for x in incidents[1:])
    assert incidents[0].sum() > 0


def test_blocks_give_the_same_result_in_any_order(table: Table, register: Register, examples: list[Strategy]) -> None:
    means = [means_of(register, s) for s in examples]
    runs = 2 * BLOCK + 17

    def backwards(parts: list[tuple[int, int]]) -> list[list[Block]]:
        done = {b: run_block(table, means, n, 4, 11, b) for b, n in reversed(parts)}
        return [done[b] for b, _ in parts]

    here = run_all(table, means, runs, 4, 11)
    there = run_all(table, means, runs, 4, 11, backwards)
    for a, b in zip(here, there, strict=True):
        assert all(np.array_equal(a.outcomes[k], b.outcomes[k], equal_nan=True) for k in a.outcomes)
        assert len(a.outcomes["expected_harm"]) == runs


def test_packed_blocks_unpack_to_the_same_results(table: Table, register: Register, examples: list[Strategy]) -> None:
    from coopsec.strategy.sweep import run_blocks, unpack

    means = [means_of(register, s) for s in examples]
    packed = run_blocks(table, means, [(0, BLOCK), (1, 9)], 3, 4)
    for (b, n), done in zip([(0, BLOCK), (1, 9)], packed, strict=True):
        for a, c in zip(run_block(table, means, n, 3, 4, b), unpack(done), strict=True):
            assert all(np.array_equal(a.outcomes[k], c.outcomes[k], equal_nan=True) for k in a.outcomes)
            assert np.array_equal(a.unmet_cells, c.unmet_cells) and np.array_equal(a.demand_cells, c.demand_cells)


def test_dask_local_cluster_gives_the_local_result(table: Table, register: Register, examples: list[Strategy]) -> None:
    from distributed import Client, LocalCluster

    from coopsec.strategy.sweep import dask_mapper

    means = [means_of(register, s) for s in examples]
    here = run_all(table, means, 600, 3, 5)
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)  # type: ignore[no-untyped-call]
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        there = run_all(table, means, 600, 3, 5, dask_mapper(client, table, means, 3, 5))
    for a, b in zip(here, there, strict=True):
        assert all(np.array_equal(a.outcomes[k], b.outcomes[k], equal_nan=True) for k in a.outcomes)


def _unmet(table: Table, capacity: np.ndarray, reserve: np.ndarray, seed: int) -> np.ndarray:
    outcomes, _ = evaluate(table, draw(table, 40, 3, seed, 0), (capacity, reserve))
    return outcomes["unmet_requests"]


@settings(max_examples=25, deadline=None)
@given(
    base=st.lists(st.integers(0, 6), min_size=15, max_size=15),
    extra=st.lists(st.integers(0, 3), min_size=15, max_size=15),
    reserve=st.lists(st.integers(0, 3), min_size=5, max_size=5),
    more_reserve=st.lists(st.integers(0, 2), min_size=5, max_size=5),
    seed=st.integers(0, 1000),
)
def test_more_means_never_leave_more_unmet(
    table: Table, base: list[int], extra: list[int], reserve: list[int], more_reserve: list[int], seed: int
) -> None:
    shape = (len(table.flanks), len(table.instruments))
    cap = np.array(base, dtype=float).reshape(shape)
    res = np.array(reserve, dtype=float)
    more = cap + np.array(extra, dtype=float).reshape(shape)
    fewer_unmet = _unmet(table, more, res + np.array(more_reserve, dtype=float), seed)
    assert np.all(fewer_unmet <= _unmet(table, cap, res, seed) + 1e-9)


def test_harm_and_time_make_sense_at_the_extremes(table: Table) -> None:
    shape = (len(table.flanks), len(table.instruments))
    draws = draw(table, 50, 5, 3, 0)
    none, _ = evaluate(table, draws, (np.zeros(shape), np.zeros(shape[1])))
    ample, _ = evaluate(table, draws, (np.full(shape, 1e6), np.zeros(shape[1])))
    assert np.all(none["expected_harm"] >= ample["expected_harm"])
    assert np.isnan(none["time_to_assistance_days"]).all()  # nothing delivered, no time
    assert np.nanmax(ample["time_to_assistance_days"]) <= table.days_own.max()
    # with ample means only demand without a legal basis stays unmet
    assert np.allclose(ample["unmet_requests"], draws.no_basis.sum(axis=1))
