from coopsec.linkage.synthetic import COLUMNS, generate
from tests.linkage.conftest import entity


def test_the_generator_is_seeded_and_pairs_every_record() -> None:
    a, b = generate(300, seed=3)
    assert (a, b) == generate(300, seed=3)
    assert generate(300, seed=4)[0] != a
    assert sorted(entity(r["rec_id"]) for r in a) == sorted(entity(r["rec_id"]) for r in b)
    assert all(set(r) == set(COLUMNS) for r in a + b)


def test_duplicates_are_corrupted_with_typos_swaps_and_gaps() -> None:
    a, b = generate(2000, seed=5)
    original = {entity(r["rec_id"]): r for r in a}
    fields = [c for c in COLUMNS if c not in {"rec_id", "soc_sec_id", "state"}]
    changed = [r for r in b if any(r[f] != original[entity(r["rec_id"])][f] for f in fields)]
    swapped = [r for r in b if r["given_name"] and r["given_name"] == original[entity(r["rec_id"])]["surname"]]
    emptied = [r for r in b if any(not r[f] and original[entity(r["rec_id"])][f] for f in fields)]
    assert len(changed) > 0.9 * len(b) and swapped and len(emptied) > 0.1 * len(b)
