"""The scenario simulator: a seeded, vectorised Monte Carlo of incidents, answers and assistance.

Per run and year, each register entry draws its incidents (Poisson at the entry's rate) and each
incident a victim among its region's states (uniform; the states are the rings' on the date). The
engine's and planner's answers per (entry, victim) come from :mod:`coopsec.strategy.table`. The
demand with a legal basis meets the strategy's means: first the units on the struck flank, then the
common reserve (shared between flanks in proportion to what each still lacks); what is left is
unmet. Expected harm = harm points of the incident's impact class x the unmet share of its demand
(demand without a legal basis is unmet whatever the means).

Runs are cut in fixed blocks of :data:`BLOCK`, each with its own stream
``Generator(PCG64(SeedSequence(seed, spawn_key=(block,))))``, so the result is the same however
the blocks are spread over processes or Dask workers. Every strategy sees the same incidents
(common random numbers): differences between strategies are the strategies', not the dice's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from coopsec.strategy.table import Table

#: Runs per block (one random stream each): fixed, so the result does not depend on the workers.
BLOCK = 250
#: The outcomes, per run, in the order reports list them.
OUTCOMES = (
    "expected_harm",
    "unmet_requests",
    "time_to_assistance_days",
    "obligations_triggered",
    "incidents",
    "requests",
)
Means = tuple[NDArray[np.float64], NDArray[np.float64]]  # (flank x instrument units, reserve per instrument)
Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Draws:
    """A block's incidents, reduced to what the evaluation needs."""

    demand: Floats  # (runs, years, flanks, instruments) demand with a legal basis
    harm: Floats  # the same in incidents (demand / units per incident) x harm points
    no_basis: Floats  # (runs, years) demand without a legal basis
    no_basis_harm: Floats
    obligations: Floats  # (runs,)
    incidents: Floats
    requests: Floats


def draw(table: Table, runs: int, years: int, seed: int, block: int) -> Draws:
    """The incidents of one block of runs, from its own random stream."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(block,))))
    shape = (runs, years, len(table.flanks), len(table.instruments))
    demand, harm = np.zeros(shape), np.zeros(shape)
    no_basis, no_basis_harm = np.zeros((runs, years)), np.zeros((runs, years))
    obligations, incidents = np.zeros(runs), np.zeros(runs)
    for row in table.rows:
        n = rng.poisson(row.rate, size=(runs, years))
        victims = len(row.victims)
        counts = rng.multinomial(n, np.full(victims, 1.0 / victims)).astype(np.float64)  # (runs, years, victims)
        covered = counts @ (row.covered * row.demand)
        lacking = n * row.demand - covered
        demand[:, :, row.flank, row.instrument] += covered
        harm[:, :, row.flank, row.instrument] += covered * (row.harm / row.demand)  # per incident, not per unit
        no_basis += lacking
        no_basis_harm += lacking * (row.harm / row.demand)
        obligations += (counts @ row.obligations).sum(axis=1)
        incidents += n.sum(axis=1)
    requests = demand.sum(axis=(1, 2, 3)) + no_basis.sum(axis=1)
    return Draws(demand, harm, no_basis, no_basis_harm, obligations, incidents, requests)


def evaluate(table: Table, draws: Draws, means: Means) -> tuple[dict[str, Floats], Floats]:
    """Per-run outcomes under one strategy's means, and the unmet demand per (flank, instrument) summed over runs."""
    capacity, reserve = means
    d = draws.demand
    own = np.minimum(d, capacity)
    lacking = d - own
    total = lacking.sum(axis=2, keepdims=True)  # (runs, years, 1, instruments)
    fill = np.ones_like(total)
    np.divide(reserve, total, out=fill, where=total > 0)
    fill = np.minimum(fill, 1.0)
    unmet = lacking * (1.0 - fill)
    from_reserve = lacking - unmet
    share = np.zeros_like(d)
    np.divide(unmet, d, out=share, where=d > 0)
    harm = (draws.harm * share).sum(axis=(1, 2, 3)) + draws.no_basis_harm.sum(axis=1)
    unmet_total = unmet.sum(axis=(1, 2, 3)) + draws.no_basis.sum(axis=1)
    met_own = own.sum(axis=(1, 2))  # (runs, instruments)
    met_reserve = from_reserve.sum(axis=(1, 2))
    met = met_own.sum(axis=1) + met_reserve.sum(axis=1)
    days = met_own @ table.days_own + met_reserve @ table.days_reserve
    time = np.full_like(met, np.nan)
    np.divide(days, met, out=time, where=met > 0)
    outcomes = {
        "expected_harm": harm,
        "unmet_requests": unmet_total,
        "time_to_assistance_days": time,
        "obligations_triggered": draws.obligations,
        "incidents": draws.incidents,
        "requests": draws.requests,
    }
    return outcomes, unmet.sum(axis=(0, 1))


def run_block(table: Table, means: Sequence[Means], runs: int, years: int, seed: int, block: int) -> list[Block]:
    """One block for every strategy: a pure function, what a Dask worker runs."""
    draws = draw(table, runs, years, seed, block)
    return [Block(*evaluate(table, draws, m), draws.demand.sum(axis=(0, 1))) for m in means]


@dataclass(frozen=True)
class Block:
    """One strategy's results on one block of runs."""

    outcomes: dict[str, Floats]
    unmet_cells: Floats
    demand_cells: Floats


Mapper = Callable[[list[tuple[int, int]]], list[list[Block]]]


def blocks(runs: int) -> list[tuple[int, int]]:
    """(block number, runs in it) for ``runs`` runs."""
    return [(b, min(BLOCK, runs - b * BLOCK)) for b in range(-(-runs // BLOCK))]


def run_all(
    table: Table, means: Sequence[Means], runs: int, years: int, seed: int, mapper: Mapper | None = None
) -> list[Block]:
    """Every block, locally or through ``mapper`` (e.g. Dask), joined per strategy in block order."""
    parts = blocks(runs)
    results = mapper(parts) if mapper else [run_block(table, means, n, years, seed, b) for b, n in parts]
    joined = []
    for k in range(len(means)):
        mine = [r[k] for r in results]
        joined.append(
            Block(
                {o: np.concatenate([m.outcomes[o] for m in mine]) for o in OUTCOMES},
                np.sum([m.unmet_cells for m in mine], axis=0),
                np.sum([m.demand_cells for m in mine], axis=0),
            )
        )
    return joined
