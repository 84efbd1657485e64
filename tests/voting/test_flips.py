"""Flips are minimal: checked against trying every set of changes on small councils."""

from __future__ import annotations

from itertools import combinations
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coopsec.kb import KnowledgeBase
from coopsec.voting import Council, decide, minimal_flip
from coopsec.voting.flips import least_set
from tests.voting.conftest import council

SMALL = {
    "qmv": "DE,FR,IT,ES,PL,NL,BE,LU,MT",
    "rqmv": "DE,FR,IT,ES,PL,NL,BE,LU,MT",
    "unanimity": "DE,FR,IT,ES,PL,NL,BE,LU,MT",
}


def _best(c: Council, votes: dict[str, str], adopted: bool) -> tuple[int, int, tuple[str, ...]] | None:
    """The least (states, population, codes) of the changes reversing the outcome, by trying them all."""
    to = "no" if adopted else "yes"
    # To reject, any vote but "no" may turn to "no" (an abstainer's "no" blocks a unanimity); to adopt, any but "yes".
    movable = [m for m in c.members if votes[m] != to]
    if c.rule.kind == "unanimity" and not adopted:
        return None  # its flips also turn formal abstentions into plain ones: checked by the property below
    for k in range(1, len(movable) + 1):
        found = [
            (sum(c.population[m] for m in chosen), tuple(sorted(chosen)))
            for chosen in combinations(movable, k)
            if decide(c, {**votes, **dict.fromkeys(chosen, to)}).adopted is not adopted
        ]
        if found:
            pop, codes = min(found)
            return k, pop, codes
    return None


@settings(max_examples=60, deadline=None)
@given(rule=st.sampled_from(sorted(SMALL)), data=st.data())
def test_flips_are_minimal(kb: KnowledgeBase, rule: str, data: Any) -> None:
    c = council(kb, rule, participants=SMALL[rule])
    choices = ("yes", "no", "abstain", "absent") + (("abstain-formally",) if rule == "unanimity" else ())
    votes = {m: data.draw(st.sampled_from(choices)) for m in c.members}
    adopted = decide(c, votes).adopted
    flips = minimal_flip(c, votes, adopted)
    assert decide(c, {**votes, **{f["state"]: f["to"] for f in flips}}).adopted is not adopted
    best = _best(c, votes, adopted)
    if best is not None:
        codes = tuple(f["state"] for f in flips)
        assert (len(flips), sum(c.population[m] for m in codes), codes) == best


@settings(max_examples=100, deadline=None)
@given(
    weights=st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=9),
    k=st.integers(min_value=1, max_value=9),
    need=st.integers(min_value=0, max_value=300),
)
def test_least_set_is_the_least(weights: list[int], k: int, need: int) -> None:
    items = [(f"S{i}", w) for i, w in enumerate(weights)]
    found = least_set(items, k, need)
    options = [
        (sum(w for _, w in chosen), tuple(sorted(code for code, _ in chosen)))
        for chosen in combinations(items, k)
        if sum(w for _, w in chosen) >= need
    ]
    assert found == (min(options)[1] if options else None)
