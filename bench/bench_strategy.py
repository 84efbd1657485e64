"""Benchmark of the strategy simulator (issue 15): simulated years per second on one core, and the
speed-up of the same simulation on a local Dask cluster with 2 single-threaded worker processes.

Run with ``make bench`` (or ``python -m bench.bench_strategy``). The three example strategies are
compared on the same incidents; one *simulated year* is one run's year of the whole register (every
threat in every region drawn, its incidents answered under each strategy's means). The Dask run
must give exactly the local result (the runs are cut in fixed blocks with their own random
streams); the bench checks it before printing the speed-up. Speed is measured here, never in tests.

Each side is warmed up with one full-size run (the first large run in a fresh worker process pays
its page faults and allocator growth, about a second here), then timed :data:`REPEATS` times; the
median is reported, with the spread.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: no BLAS threads behind numpy's back
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from coopsec.kb import load_knowledge_base
from coopsec.strategy import bundled_register, load_strategies
from coopsec.strategy.compare import day_of, means_of, table_for
from coopsec.strategy.simulate import run_all
from coopsec.strategy.sweep import WORKER_CONFIG, dask_mapper

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "strategies"
YEARS, RUNS, SEED = 10, 200_000, 7
REPEATS = 3


def timed(job: Callable[[], object]) -> tuple[float, str]:
    """The median of :data:`REPEATS` timings of ``job`` after one warm-up call, and their range."""
    job()
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return statistics.median(times), f"{min(times):.2f}-{max(times):.2f} s over {REPEATS} runs"


def main() -> None:
    """Time the local run, then the Dask run, and check they agree."""
    kb = load_knowledge_base()
    register = bundled_register(kb)
    strategies = load_strategies([EXAMPLES / f"{n}.yaml" for n in ("east-heavy", "balanced", "south-heavy")], register)
    started = time.perf_counter()
    table = table_for(kb, register, day_of(register, strategies))
    print(f"engine answers per (entry, victim) precomputed in {time.perf_counter() - started:.2f} s")
    means = [means_of(register, s) for s in strategies]
    local = run_all(table, means, RUNS, YEARS, SEED)
    one, spread_one = timed(lambda: run_all(table, means, RUNS, YEARS, SEED))
    years = RUNS * YEARS
    incidents = float(local[0].outcomes["incidents"].sum())
    print(
        f"one core: {RUNS:,} runs x {YEARS} years x {len(strategies)} strategies in {one:.2f} s: "
        f"{years / one:,.0f} simulated years/s, {incidents / one:,.0f} incidents/s (median; {spread_one})"
    )
    import dask
    from distributed import Client, LocalCluster

    dask.config.set(WORKER_CONFIG)  # what the README recommends for simulation workers
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)  # type: ignore[no-untyped-call]
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        mapper = dask_mapper(client, table, means, YEARS, SEED)
        spread = run_all(table, means, RUNS, YEARS, SEED, mapper)
        two, spread_two = timed(lambda: run_all(table, means, RUNS, YEARS, SEED, mapper))
    same = all(
        np.array_equal(a.outcomes[k], b.outcomes[k], equal_nan=True)
        for a, b in zip(local, spread, strict=True)
        for k in a.outcomes
    )
    print(
        f"Dask LocalCluster, 2 workers x 1 thread: {two:.2f} s (median; {spread_two}): "
        f"{years / two:,.0f} simulated years/s, "
        f"speed-up {one / two:.2f}x (target >= 1.7x); identical to the local run: {same}"
    )
    if not same:
        raise SystemExit("the Dask result differs from the local run")


if __name__ == "__main__":
    main()
