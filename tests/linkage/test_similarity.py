import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from coopsec.linkage.similarity import dice, dice_pairs

WORDS = 4
filters = st.lists(st.integers(min_value=0, max_value=2**64 - 1), min_size=WORDS, max_size=WORDS).map(
    lambda ws: np.array(ws, dtype=np.uint64)
)


def reference(a: np.ndarray, b: np.ndarray) -> float:
    x = int.from_bytes(a.tobytes(), "little")
    y = int.from_bytes(b.tobytes(), "little")
    total = x.bit_count() + y.bit_count()
    return 0.0 if total == 0 else 2 * (x & y).bit_count() / total


@given(filters, filters)
def test_dice_is_symmetric_bounded_and_exact(a: np.ndarray, b: np.ndarray) -> None:
    value = dice(a, b)
    assert value == dice(b, a)
    assert 0.0 <= value <= 1.0
    assert value == reference(a, b)


@given(filters)
def test_a_filter_is_identical_to_itself(a: np.ndarray) -> None:
    assert dice(a, a) == (1.0 if a.any() else 0.0)


@given(st.lists(filters, min_size=1, max_size=6), st.lists(filters, min_size=1, max_size=6))
def test_pairwise_dice_matches_the_single_one(left: list[np.ndarray], right: list[np.ndarray]) -> None:
    a, b = np.stack(left), np.stack(right)
    ia = np.repeat(np.arange(len(a)), len(b)).astype(np.int64)
    ib = np.tile(np.arange(len(b)), len(a)).astype(np.int64)
    sims = dice_pairs(a, b, ia, ib)
    assert all(sims[n] == reference(a[i], b[j]) for n, (i, j) in enumerate(zip(ia, ib, strict=True)))
