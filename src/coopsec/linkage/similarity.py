"""Dice similarity of packed Bloom filters: ``2 |a AND b| / (|a| + |b|)``, by 64-bit popcounts.

Filters are rows of little-endian ``uint64`` words, so one ``bitwise_count`` per word counts 64 bits
at once (numpy >= 2.0); pairs are compared in slices to keep memory flat on millions of candidates.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

#: Candidate pairs compared per slice (16,384 x 32 words: 4 MB per buffer).
SLICE = 16_384


def popcounts(words: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """Number of set bits of each filter."""
    counts: npt.NDArray[np.int64] = np.bitwise_count(words).sum(axis=1, dtype=np.int64)
    return counts


def dice_pairs(
    a: npt.NDArray[np.uint64],
    b: npt.NDArray[np.uint64],
    ia: npt.NDArray[np.int64],
    ib: npt.NDArray[np.int64],
    pop_a: npt.NDArray[np.int64] | None = None,
    pop_b: npt.NDArray[np.int64] | None = None,
) -> npt.NDArray[np.float64]:
    """Dice similarity of the pairs ``(a[ia[n]], b[ib[n]])``; two empty filters have similarity 0."""
    pop_a = popcounts(a) if pop_a is None else pop_a
    pop_b = popcounts(b) if pop_b is None else pop_b
    out = np.empty(len(ia), dtype=np.float64)
    # Reused buffers, sized to stay in cache: gathering into them is faster than fancy indexing.
    left = np.empty((SLICE, a.shape[1]), dtype=np.uint64)
    right = np.empty_like(left)
    counts = np.empty(left.shape, dtype=np.uint8)
    for start in range(0, len(ia), SLICE):
        sa, sb = ia[start : start + SLICE], ib[start : start + SLICE]
        n = len(sa)
        np.take(a, sa, axis=0, out=left[:n])
        np.take(b, sb, axis=0, out=right[:n])
        np.bitwise_and(left[:n], right[:n], out=left[:n])
        np.bitwise_count(left[:n], out=counts[:n])
        both = counts[:n].sum(axis=1, dtype=np.int64)
        total = pop_a[sa] + pop_b[sb]
        out[start : start + n] = np.divide(2.0 * both, total, out=np.zeros(n), where=total > 0)
    return out


def dice(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64]) -> float:
    """Dice similarity of two single filters."""
    total = int(np.bitwise_count(a).sum()) + int(np.bitwise_count(b).sum())
    return 0.0 if total == 0 else 2.0 * int(np.bitwise_count(a & b).sum()) / total
