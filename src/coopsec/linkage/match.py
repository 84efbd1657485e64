"""Matching two encoded lists: LSH blocking, Dice on the candidates, then threshold or one-to-one.

The job is split by block (a band of the LSH): :func:`band_task` finds one band's candidate pairs
and keeps those at or above the threshold; :func:`merge` unites the bands' pairs. Run locally here or
on Dask (:mod:`coopsec.linkage.distributed`), the same bands give the same pairs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from coopsec.errors import InputError
from coopsec.linkage.assign import greedy_one_to_one
from coopsec.linkage.blocking import Lsh, band_keys, band_pairs, common_bits, signatures
from coopsec.linkage.calibrate import calibrate
from coopsec.linkage.clk import Encoding, check_comparable
from coopsec.linkage.similarity import dice_pairs, popcounts

if TYPE_CHECKING:
    from distributed import Client

Mode = Literal["one-to-one", "threshold"]


@dataclass(frozen=True)
class Pairs:
    """Matched pairs as indices into the two lists, with their Dice similarity, sorted by ``(ia, ib)``."""

    ia: npt.NDArray[np.int64]
    ib: npt.NDArray[np.int64]
    sims: npt.NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.ia)

    def take(self, index: npt.NDArray[np.int64]) -> Pairs:
        """The pairs at ``index``, re-sorted by ``(ia, ib)``."""
        ia, ib, sims = self.ia[index], self.ib[index], self.sims[index]
        order = np.lexsort((ib, ia))
        return Pairs(ia[order], ib[order], sims[order])


def band_task(
    a: npt.NDArray[np.uint64],
    b: npt.NDArray[np.uint64],
    sig_a: npt.NDArray[np.uint8],
    sig_b: npt.NDArray[np.uint8],
    bands: npt.NDArray[np.int64],
    threshold: float,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """One block of the job: the pairs of the ``bands`` (rows of bin numbers) at or above ``threshold``.

    Returns:
        Pair codes ``ia * len(b) + ib`` (unique, sorted) and their similarities.

    """
    pop_a, pop_b = popcounts(a), popcounts(b)
    codes: list[npt.NDArray[np.int64]] = []
    sims: list[npt.NDArray[np.float64]] = []
    for band in bands:
        ia, ib = band_pairs(band_keys(sig_a, band), band_keys(sig_b, band))
        sim = dice_pairs(a, b, ia, ib, pop_a, pop_b)
        keep = sim >= threshold
        codes.append(ia[keep] * len(b) + ib[keep])
        sims.append(sim[keep])
    return _unique(codes, sims)


def _unique(
    codes: Iterable[npt.NDArray[np.int64]], sims: Iterable[npt.NDArray[np.float64]]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    all_codes, all_sims = list(codes), list(sims)
    if not all_codes:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    code, first = np.unique(np.concatenate(all_codes), return_index=True)
    return code.astype(np.int64), np.concatenate(all_sims)[first]


def merge(parts: Iterable[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]], size_b: int) -> Pairs:
    """Unite the blocks' results into one set of pairs."""
    listed = list(parts)
    if len(listed) == 1:  # one block's codes are already unique and sorted
        code, sims = listed[0]
    else:
        code, sims = _unique((p[0] for p in listed), (p[1] for p in listed))
    return Pairs(code // max(size_b, 1), code % max(size_b, 1), sims)


def split_bands(positions: npt.NDArray[np.int64], blocks: int) -> list[npt.NDArray[np.int64]]:
    """The bands cut into ``blocks`` contiguous groups (the units of work)."""
    return [part for part in np.array_split(positions, max(1, min(blocks, len(positions)))) if len(part)]


def candidate_pairs(a: Encoding, b: Encoding, threshold: float, lsh: Lsh | None = None) -> Pairs:
    """Every pair found by the blocking with Dice at or above ``threshold``, computed here."""
    check_comparable(a, b)
    bands = (lsh or Lsh()).bins(a.bits)
    keep = common_bits(a.words, b.words)
    sig_a, sig_b = signatures(a.words, keep), signatures(b.words, keep)
    return merge([band_task(a.words, b.words, sig_a, sig_b, bands, threshold)], len(b))


def select(pairs: Pairs, mode: Mode) -> Pairs:
    """All pairs (``threshold``) or the greedy one-to-one assignment among them."""
    if mode == "threshold":
        return pairs
    if mode == "one-to-one":
        return pairs.take(greedy_one_to_one(pairs.ia, pairs.ib, pairs.sims))
    raise InputError(f"unknown match mode {mode!r}: use one-to-one or threshold")


@dataclass(frozen=True)
class MatchResult:
    """What a match run found, and the threshold it used."""

    pairs: Pairs
    threshold: float
    mode: Mode


def match(
    a: Encoding,
    b: Encoding,
    *,
    mode: Mode = "one-to-one",
    threshold: float | None = None,
    false_hits: float = 0.01,
    lsh: Lsh | None = None,
    client: Client | None = None,
) -> MatchResult:
    """Match ``a`` against ``b`` on this machine.

    Args:
        a: the query list.
        b: the list searched.
        mode: ``one-to-one`` (greedy assignment) or ``threshold`` (every pair above the threshold).
        threshold: a Dice threshold; default: calibrated from ``false_hits`` (see :mod:`coopsec.linkage.calibrate`).
        false_hits: the acceptable expected number of false hits per query record.
        lsh: the blocking's bands.
        client: a Dask client to run the blocks on (:mod:`coopsec.linkage.distributed`); default here.

    """
    chosen = calibrate(a, b, false_hits).threshold if threshold is None else threshold
    if client is None:
        pairs = candidate_pairs(a, b, chosen, lsh)
    else:
        from coopsec.linkage.distributed import candidate_pairs_dask

        pairs = candidate_pairs_dask(client, a, b, chosen, lsh)
    return MatchResult(select(pairs, mode), chosen, mode)
