"""Exact Banzhaf and Shapley-Shubik indices for any rule, by counting coalitions by size and population.

A member ``i`` swings a coalition ``S`` of the others when ``S`` loses and ``S + i`` wins. With
``need[m]`` from :mod:`coopsec.voting.game`, the swings of size ``k`` are the coalitions of the others
with ``k`` members whose population lies in ``[need[k + 1] - w_i, need[k])``. They are counted by
meet in the middle: the others are split in two halves, each half's 2^13 subsets grouped by size with
sorted populations, and for each pair of sizes a vectorised binary search counts the partners in
range. Counts are exact integers; the normalisation uses Fractions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from coopsec.errors import InputError

Array = npt.NDArray[np.int64]
#: A population bound above any sum of populations (int64 safe).
INFINITE = np.int64(2**62)


@dataclass(frozen=True)
class Power:
    """Each member's swings (per coalition size) and its normalised indices."""

    members: tuple[str, ...]
    swings: tuple[tuple[int, ...], ...]  # swings[i][k]: swing coalitions of size k of member i

    @property
    def banzhaf_swings(self) -> tuple[int, ...]:
        """Each member's number of swings (its raw Banzhaf score)."""
        return tuple(sum(row) for row in self.swings)

    def banzhaf(self) -> tuple[Fraction, ...]:
        """The normalised Banzhaf index: swings over all members' swings.

        Raises:
            InputError: no member ever swings (a rule no coalition can satisfy).

        """
        total = sum(self.banzhaf_swings)
        if total == 0:
            raise InputError("no coalition can win under this rule, so no member has power: check the rule's data")
        return tuple(Fraction(s, total) for s in self.banzhaf_swings)

    def shapley_shubik(self) -> tuple[Fraction, ...]:
        """The Shapley-Shubik index: swings of size k weighted by k!(n-1-k)!/n!."""
        n = len(self.members)
        weight = [Fraction(math.factorial(k) * math.factorial(n - 1 - k), math.factorial(n)) for k in range(n)]
        return tuple(sum((weight[k] * c for k, c in enumerate(row)), Fraction(0)) for row in self.swings)


def _subsets(weights: list[int]) -> tuple[Array, Array]:
    """Sizes and population sums of every subset of ``weights`` (2^len entries)."""
    sizes, sums = np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64)
    for w in weights:
        sizes = np.concatenate([sizes, sizes + 1])
        sums = np.concatenate([sums, sums + w])
    return sizes, sums


def _grouped(weights: list[int]) -> list[Array]:
    """For each size, the sorted sums of the subsets of that size."""
    sizes, sums = _subsets(weights)
    return [np.sort(sums[sizes == k]) for k in range(len(weights) + 1)]


def _count_in(left: list[Array], right: list[Array], size: int, lo: int, hi: np.int64) -> int:
    """Subsets of ``size`` members (a left part plus a right part) with a sum in ``[lo, hi)``."""
    total = 0
    for a, sums_a in enumerate(left):
        b = size - a
        if b < 0 or b >= len(right) or not len(sums_a) or not len(right[b]):
            continue
        sums_b = right[b]
        upper = np.searchsorted(sums_b, hi - sums_a, side="left")
        lower = np.searchsorted(sums_b, lo - sums_a, side="left")
        total += int((upper - lower).sum())
    return total


def swings_of(weights: list[int], need: list[int | None], i: int) -> tuple[int, ...]:
    """Member ``i``'s swings by coalition size, by meet in the middle over the other members."""
    others = weights[:i] + weights[i + 1 :]
    half = len(others) // 2
    left, right = _grouped(others[:half]), _grouped(others[half:])
    row = []
    for k in range(len(weights)):
        with_i = need[k + 1]
        if with_i is None:
            row.append(0)
            continue
        without = need[k]
        hi = INFINITE if without is None else np.int64(without)
        lo = max(0, with_i - weights[i])
        row.append(_count_in(left, right, k, lo, hi) if lo < hi else 0)
    return tuple(row)


def exact_power(members: tuple[str, ...], weights: list[int], need: list[int | None]) -> Power:
    """Every member's swings under the game ``need`` (see :func:`coopsec.voting.game.need_table`).

    Members with the same weight have the same swings, so each weight is counted once.
    """
    if len(need) != len(weights) + 1:
        raise InputError("need must have one entry per coalition size 0..n")
    done: dict[int, tuple[int, ...]] = {}
    rows = []
    for i, w in enumerate(weights):
        if w not in done:
            done[w] = swings_of(weights, need, i)
        rows.append(done[w])
    return Power(members, tuple(rows))


def brute_power(members: tuple[str, ...], weights: list[int], need: list[int | None]) -> Power:
    """The same by listing every coalition (for tests on small councils: 2^n steps)."""
    n = len(weights)

    def wins(size: int, pop: int) -> bool:
        least = need[size]
        return least is not None and pop >= least

    rows = [[0] * n for _ in range(n)]
    for mask in range(1 << n):
        size = mask.bit_count()
        pop = sum(weights[j] for j in range(n) if mask >> j & 1)
        if not wins(size, pop):
            continue
        for j in range(n):
            if mask >> j & 1 and not wins(size - 1, pop - weights[j]):
                rows[j][size - 1] += 1
    return Power(members, tuple(tuple(r) for r in rows))
