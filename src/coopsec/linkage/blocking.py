"""Blocking by locality-sensitive hashing on the filters: one-permutation MinHash over bins of bits.

Comparing every pair of two 100,000-record lists is 10^10 comparisons. MinHash (Broder 1997) gives
two sets the same value with probability equal to their Jaccard similarity; one-permutation hashing
(Li, Owen & Zhang 2012) takes one value per bin of a single permutation instead of one permutation
per value. Bit positions of a keyed Bloom filter are already pseudo-random, so the stored order serves
as the permutation: each bin of ``BIN`` bits gives the offset of its first set bit (``BIN`` when
empty). A band keys a record by ``width`` bins drawn at random; two filters share a band's key with
probability about ``J**width``, and at least one of ``bands`` keys with ``1 - (1 - J**width)**bands``.
An encoded person's two records mostly have Jaccard 0.6 or more, two people ~0.2 or less, so the bands find
nearly every match among a tiny fraction of all pairs (the same works far worse on balanced filters,
whose half-full bits push unrelated records' Jaccard to 1/3 or more). Each band is a block: the match
job splits by band, which is also how it scales out (:mod:`coopsec.linkage.distributed`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from coopsec.errors import InputError

#: Widest band: its bins' values (5 bits each) must fit one 64-bit key.
MAX_WIDTH = 12
#: Bits per MinHash bin (a filter of 2048 bits has 128 bins).
BIN = 16
CHUNK = 8192
#: Bits set in more than this share of records are left out of the MinHash (see :func:`common_bits`).
COMMON = 0.25


@dataclass(frozen=True)
class Lsh:
    """Bands of bins; ``seed`` makes them reproducible (they are not secret)."""

    bands: int = 240
    width: int = 6
    seed: int = 13

    def __post_init__(self) -> None:
        if not 1 <= self.width <= MAX_WIDTH or self.bands < 1:
            raise InputError(f"LSH bands={self.bands}, width={self.width}: use bands >= 1, width 1 to {MAX_WIDTH}")

    def bins(self, bits: int) -> npt.NDArray[np.int64]:
        """The bins of each band: one row of ``width`` distinct bin numbers per band."""
        rng = np.random.Generator(np.random.PCG64(self.seed))
        count = bits // BIN
        return np.stack([rng.choice(count, size=min(self.width, count), replace=False) for _ in range(self.bands)])

    def recall(self, jaccard: float) -> float:
        """Probability that two filters of Jaccard similarity ``jaccard`` share a band."""
        return float(1.0 - (1.0 - jaccard**self.width) ** self.bands)


def common_bits(*lists: npt.NDArray[np.uint64], limit: float = COMMON) -> npt.NDArray[np.uint64]:
    """A mask of the bits set in more than ``limit`` of the records: those of near-constant values.

    A bit set in most records (the century of a birth date, a state held by a third of the people)
    is usually the first set bit of its bin for unrelated records too, so it makes them collide;
    masking it out keeps the MinHash values about the rarer, telling q-grams.
    """
    bits = lists[0].shape[1] * 64
    counts, total = np.zeros(bits, dtype=np.int64), 0
    for words in lists:
        for start in range(0, len(words), CHUNK):
            raw = np.ascontiguousarray(words[start : start + CHUNK]).view(np.uint8)
            counts += np.unpackbits(raw, axis=1, bitorder="little").sum(axis=0, dtype=np.int64)
        total += len(words)
    keep = (counts <= limit * max(total, 1)).astype(np.uint8)
    return np.packbits(keep, bitorder="little").view("<u8").astype(np.uint64)


def signatures(words: npt.NDArray[np.uint64], keep: npt.NDArray[np.uint64] | None = None) -> npt.NDArray[np.uint8]:
    """Each record's MinHash per bin, bins as rows: offset of the first kept set bit, ``BIN`` when none."""
    n, bits = len(words), words.shape[1] * 64
    out = np.empty((bits // BIN, n), dtype=np.uint8)
    for start in range(0, n, CHUNK):
        chunk = words[start : start + CHUNK] & keep if keep is not None else words[start : start + CHUNK]
        raw = np.ascontiguousarray(chunk).view(np.uint8)
        unpacked = np.unpackbits(raw, axis=1, bitorder="little").reshape(len(raw), bits // BIN, BIN)
        first = unpacked.argmax(axis=2).astype(np.uint8)
        first[~unpacked.any(axis=2)] = BIN
        out[:, start : start + CHUNK] = first.T
    return out


def band_keys(sig: npt.NDArray[np.uint8], bins: npt.NDArray[np.int64]) -> npt.NDArray[np.uint64]:
    """Each record's key in one band: its bins' values packed 5 bits apiece into one integer."""
    key = np.zeros(sig.shape[1], dtype=np.uint64)
    for j, column in enumerate(bins):
        key |= sig[column].astype(np.uint64) << np.uint64(5 * j)
    return key


def band_pairs(
    key_a: npt.NDArray[np.uint64], key_b: npt.NDArray[np.uint64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Every pair ``(i, j)`` with ``key_a[i] == key_b[j]``: a sort-merge join on both sorted key lists."""
    order_a = np.argsort(key_a)
    order_b = np.argsort(key_b)
    sorted_a, sorted_b = key_a[order_a], key_b[order_b]
    lo = np.searchsorted(sorted_b, sorted_a, side="left")
    hi = np.searchsorted(sorted_b, sorted_a, side="right")
    counts = hi - lo
    total = int(counts.sum())
    ia = np.repeat(order_a.astype(np.int64), counts)
    starts = np.repeat(lo - (np.cumsum(counts) - counts), counts)
    ib = order_b[np.arange(total, dtype=np.int64) + starts].astype(np.int64)
    return ia, ib
