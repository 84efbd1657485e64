import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopsec.errors import InputError
from coopsec.linkage import Encoding, calibrate, candidate_pairs, match, select
from coopsec.linkage.assign import greedy_one_to_one
from coopsec.linkage.blocking import Lsh, band_pairs
from coopsec.linkage.similarity import dice_pairs
from tests.linkage.conftest import entity


def test_band_join_equals_the_nested_loop() -> None:
    rng = np.random.default_rng(3)
    ka = rng.integers(0, 20, size=300).astype(np.uint64)
    kb = rng.integers(0, 20, size=250).astype(np.uint64)
    ia, ib = band_pairs(ka, kb)
    assert sorted(zip(ia.tolist(), ib.tolist(), strict=True)) == [
        (i, j) for i in range(len(ka)) for j in range(len(kb)) if ka[i] == kb[j]
    ]


def test_blocking_finds_nearly_every_match(encoded: tuple[Encoding, Encoding]) -> None:
    a, b = encoded
    pairs = candidate_pairs(a, b, 0.0)
    found = {entity(a.ids[i]) for i, j in zip(pairs.ia, pairs.ib, strict=True) if entity(a.ids[i]) == entity(b.ids[j])}
    assert len(found) / len(a) >= 0.99
    assert len(pairs) < len(a) * len(b) / 20  # a small share of all pairs is compared
    exhaustive = dice_pairs(a.words, b.words, pairs.ia, pairs.ib)
    assert np.array_equal(exhaustive, pairs.sims)
    assert Lsh().recall(0.6) > 0.999 and Lsh().recall(0.15) < 0.005


def score(a: Encoding, b: Encoding, ia: np.ndarray, ib: np.ndarray) -> tuple[float, float]:
    true = sum(entity(a.ids[i]) == entity(b.ids[j]) for i, j in zip(ia, ib, strict=True))
    return true / max(len(ia), 1), true / len(a)


def test_one_to_one_and_threshold_matching_are_accurate(encoded: tuple[Encoding, Encoding]) -> None:
    a, b = encoded
    one = match(a, b, mode="one-to-one", false_hits=0.1)
    precision, recall = score(a, b, one.pairs.ia, one.pairs.ib)
    assert precision > 0.99 and recall > 0.97
    assert len(set(one.pairs.ia.tolist())) == len(one.pairs) == len(set(one.pairs.ib.tolist()))
    every = match(a, b, mode="threshold", threshold=one.threshold)
    assert len(every.pairs) >= len(one.pairs)
    assert (every.pairs.sims >= one.threshold).all()


def test_threshold_follows_the_false_hit_rate(encoded: tuple[Encoding, Encoding]) -> None:
    a, b = encoded
    strict, loose = calibrate(a, b, 0.001), calibrate(a, b, 0.5)
    assert strict.threshold > loose.threshold > loose.fill_model
    assert strict.list_size == len(b)
    with pytest.raises(InputError, match="false hits"):
        calibrate(a, b, 0.0)


pairs_strategy = st.lists(
    st.tuples(st.integers(0, 12), st.integers(0, 12), st.integers(0, 20).map(lambda v: v / 20)),
    max_size=60,
    unique_by=lambda t: (t[0], t[1]),
)


@given(pairs_strategy)
def test_greedy_assignment_uses_each_record_once_best_first(triples: list[tuple[int, int, float]]) -> None:
    ia = np.array([t[0] for t in triples], dtype=np.int64)
    ib = np.array([t[1] for t in triples], dtype=np.int64)
    sims = np.array([t[2] for t in triples], dtype=np.float64)
    kept = greedy_one_to_one(ia, ib, sims)
    chosen = [(int(ia[n]), int(ib[n]), float(sims[n])) for n in kept]
    assert len({i for i, _, _ in chosen}) == len(chosen) == len({j for _, j, _ in chosen})
    assert [s for _, _, s in chosen] == sorted((s for _, _, s in chosen), reverse=True)
    # Every pair left out has a record taken by a pair at least as similar, taken before it.
    taken = set(kept.tolist())
    for n, (i, j, s) in enumerate(triples):
        if n not in taken:
            assert any((ci == i or cj == j) and cs >= s for ci, cj, cs in chosen)


def test_lsh_settings_are_checked() -> None:
    with pytest.raises(InputError, match="width 1 to 12"):
        Lsh(width=13)


def test_select_rejects_unknown_modes(encoded: tuple[Encoding, Encoding]) -> None:
    a, b = encoded
    with pytest.raises(InputError, match="one-to-one or threshold"):
        select(candidate_pairs(a, b, 0.9), "best")  # type: ignore[arg-type]
