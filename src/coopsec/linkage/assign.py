"""One-to-one assignment: greedy, highest similarity first (as anonlink's greedy solver).

When each person appears at most once in each list (FEBRL's design), a record should match at most one
record of the other list. Taking pairs from the most similar down and skipping any whose records are
taken is the standard approximation of the best assignment: it never pairs a record with a worse
partner while a better free one exists.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def greedy_order(
    ia: npt.NDArray[np.int64], ib: npt.NDArray[np.int64], sims: npt.NDArray[np.float64]
) -> npt.NDArray[np.int64]:
    """Pair indices from the most similar down; ties broken by ``ia`` then ``ib`` so runs are reproducible."""
    return np.lexsort((ib, ia, -sims)).astype(np.int64)


def greedy_one_to_one(
    ia: npt.NDArray[np.int64], ib: npt.NDArray[np.int64], sims: npt.NDArray[np.float64]
) -> npt.NDArray[np.int64]:
    """Indices of the pairs kept by the greedy assignment, in the order they were taken."""
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    kept: list[int] = []
    for n, i, j in zip(
        (order := greedy_order(ia, ib, sims)).tolist(), ia[order].tolist(), ib[order].tolist(), strict=True
    ):
        if i in taken_a or j in taken_b:
            continue
        taken_a.add(i)
        taken_b.add(j)
        kept.append(n)
    return np.asarray(kept, dtype=np.int64)
