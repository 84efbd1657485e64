"""Choosing the Dice threshold from an acceptable false-hit rate, per encoding.

A watchlist check is judged by its false hits: with ``N`` records searched per query and at most
``alpha`` false hits per query wanted, an unrelated pair may pass the threshold with probability at
most ``alpha / N``. The similarity of unrelated records depends on the encoding: on the filters'
fill rate (Dice of two independent filters with per-bit fill ``p`` and ``q`` is about
``2 sum(p q) / sum(p + q)``), and balancing moves it from near 0.3 to near 0.5, so a threshold that
suits one encoding (anonlink's 0.8) is meaningless for another. The threshold is therefore computed
for the two lists at hand from a sample of random pairs (almost all unrelated): common names and shared
addresses make the right tail far heavier than a normal one (a normal fit put 100 times more false hits
above its threshold than it promised on 100,000 records), so the tail above the sample's 99th
percentile ``u`` is fitted as exponential (peaks over threshold, Pickands 1975), with scale ``beta`` from the
median excess over ``u``, and ``P(S > t) = 0.01 exp(-(t - u) / beta)`` is solved for ``alpha / N``. The
threshold never falls below the fill-rate model's expectation for unrelated records.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from coopsec.errors import InputError
from coopsec.linkage.clk import Encoding
from coopsec.linkage.similarity import dice_pairs

#: Random pairs sampled, and the share of them (the top) the tail is fitted to.
SAMPLES = 400_000
TAIL = 0.01


@dataclass(frozen=True)
class Calibration:
    """A chosen threshold and the figures it came from."""

    threshold: float
    false_hits: float
    list_size: int
    fill_model: float
    tail_start: float
    tail_scale: float


def _fill(words: npt.NDArray[np.uint64]) -> npt.NDArray[np.float64]:
    """Share of records with each bit set."""
    counts = np.zeros(words.shape[1] * 64, dtype=np.int64)
    for start in range(0, len(words), 8192):
        raw = np.ascontiguousarray(words[start : start + 8192]).view(np.uint8)
        counts += np.unpackbits(raw, axis=1, bitorder="little").sum(axis=0, dtype=np.int64)
    return counts / max(len(words), 1)


def fill_model(a: Encoding, b: Encoding) -> float:
    """Expected Dice of two unrelated records from the per-bit fill rates of the two lists."""
    fill_a, fill_b = _fill(a.words), _fill(b.words)
    total = float((fill_a + fill_b).sum())
    return 0.0 if total == 0 else 2.0 * float((fill_a * fill_b).sum()) / total


def calibrate(a: Encoding, b: Encoding, false_hits: float = 0.01, seed: int = 13) -> Calibration:
    """The threshold keeping the expected false hits per query of ``a`` against ``b`` at ``false_hits``.

    Raises:
        InputError: ``false_hits`` is not in (0, 1], or a list is empty.

    """
    if not 0 < false_hits <= 1:
        raise InputError(f"false_hits={false_hits}: give the acceptable false hits per query, in (0, 1]")
    if not len(a) or not len(b):
        raise InputError("cannot calibrate on an empty list: encode at least one record on each side")
    rng = np.random.Generator(np.random.PCG64(seed))
    ia = rng.integers(0, len(a), size=SAMPLES).astype(np.int64)
    ib = rng.integers(0, len(b), size=SAMPLES).astype(np.int64)
    sims = dice_pairs(a.words, b.words, ia, ib)
    u = float(np.quantile(sims, 1.0 - TAIL))
    excess = sims[sims > u] - u
    # The median excess of an exponential tail is beta * ln 2; the median, unlike the mean, ignores the
    # true matches among the sampled pairs (a sizeable share of the top 1% when the lists are small).
    beta = float(np.median(excess)) / math.log(2) if len(excess) else 0.0
    floor = fill_model(a, b)
    wanted = false_hits / len(b)
    threshold = u + beta * math.log(TAIL / wanted) if wanted < TAIL else u
    threshold = min(1.0, max(floor, threshold))
    return Calibration(round(threshold + 0.0005, 3), false_hits, len(b), floor, u, beta)
