"""Benchmark of the exact voting power indices (issue 14) against a brute-force enumeration.

Run with ``make bench`` (or ``python -m bench.bench_power``). On one core (the process is pinned to
one CPU when the system allows it), for QMV with all 27 members and for the PESCO participants under
Art. 238(3)(a) on 2026-01-01, it times :func:`coopsec.voting.exact_power` (meet in the middle over
(size, population); best of five) and then lists every one of the 2^n coalitions with vectorised
numpy in chunks, counts each member's swings by coalition size, and checks that both agree exactly
(every count, hence both indices). Target: all 27 members' exact indices in under one second.
"""

from __future__ import annotations

import datetime as dt
import os
import time

import numpy as np
import numpy.typing as npt

from coopsec.kb import load_knowledge_base
from coopsec.voting import bundled_voting, exact_power, make_council, need_table

ON = dt.date(2026, 1, 1)
TARGET_SECONDS = 1.0
LOW_BITS = 14


def _pin_one_core() -> str:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return "pinned to one CPU"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity)"


def _subset_tables(weights: list[int]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """Population and size of every subset of ``weights``, indexed by the subset's bit mask."""
    pops, sizes = np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.uint8)
    for w in weights:
        pops, sizes = np.concatenate([pops, pops + w]), np.concatenate([sizes, sizes + 1])
    return pops, sizes


def brute_swings(weights: list[int], need: list[int | None]) -> list[list[int]]:
    """Swings per member and coalition size, by listing all 2^n coalitions (chunked, vectorised)."""
    n = len(weights)
    low = min(LOW_BITS, n)
    low_pop, low_size = _subset_tables(weights[:low])
    high_pop, high_size = _subset_tables(weights[low:])
    least = np.array([np.iinfo(np.int64).max if x is None else x for x in need], dtype=np.int64)
    wins = np.empty(1 << n, dtype=np.bool_)
    sizes = np.empty(1 << n, dtype=np.uint8)
    step = max(1, (1 << 20) >> low)  # about a million coalitions per chunk
    width = 1 << low
    for start in range(0, len(high_pop), step):
        hp, hs = high_pop[start : start + step], high_size[start : start + step]
        pop = (hp[:, None] + low_pop[None, :]).ravel()
        size = (hs[:, None] + low_size[None, :]).ravel()
        wins[start * width : start * width + len(pop)] = pop >= least[size]
        sizes[start * width : start * width + len(size)] = size
    rows = []
    for i in range(n):
        shaped_wins = wins.reshape(-1, 2, 1 << i)
        with_i, without_i = shaped_wins[:, 1, :], shaped_wins[:, 0, :]
        swing = with_i & ~without_i
        size_with_i = sizes.reshape(-1, 2, 1 << i)[:, 1, :]
        counts = np.bincount(size_with_i[swing], minlength=n + 1)
        rows.append([int(c) for c in counts[1 : n + 1]])  # coalition without i has one member fewer
    return rows


def run(label: str, rule: str, participants: str | None) -> tuple[float, float, bool]:
    """Time the exact indices and the brute force for one council; say whether they agree."""
    kb = load_knowledge_base()
    council = make_council(kb, bundled_voting(kb), rule, ON, participants=participants)
    weights = [council.population[m] for m in council.members]
    need = need_table(council)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        power = exact_power(council.members, weights, need)
        banzhaf, shapley = power.banzhaf(), power.shapley_shubik()
        times.append(time.perf_counter() - started)
    exact_s = min(times)
    started = time.perf_counter()
    brute = brute_swings(weights, need)
    brute_s = time.perf_counter() - started
    agree = [list(row) for row in power.swings] == brute
    assert sum(banzhaf) == 1 and sum(shapley) == 1
    print(
        f"{label}: {len(council.members)} members ({council.rule_id}), exact {exact_s * 1000:.0f} ms "
        f"(best of 5), brute force 2^{len(weights)} = {1 << len(weights):,} coalitions {brute_s:.1f} s, "
        f"agree exactly: {agree}"
    )
    top = sorted(range(len(weights)), key=lambda i: -banzhaf[i])[:3]
    shown = ", ".join(f"{council.members[i]} {float(banzhaf[i]):.4f}/{float(shapley[i]):.4f}" for i in top)
    print(f"  largest (Banzhaf/Shapley-Shubik): {shown}")
    return exact_s, brute_s, agree


def main() -> None:
    """Both councils; exit status 1 when they disagree or the target is missed."""
    print(f"voting power, {_pin_one_core()}, load average {os.getloadavg()[0]:.1f}")
    qmv = run("QMV, EU-27", "qmv", None)
    pesco = run("QMV, PESCO participants", "qmv", "PESCO")
    ok = qmv[2] and pesco[2] and qmv[0] < TARGET_SECONDS
    print(f"target: 27 members' exact indices under {TARGET_SECONDS:.0f} s and equal to brute force: {ok}")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
