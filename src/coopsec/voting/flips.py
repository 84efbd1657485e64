"""The smallest change of votes that reverses an outcome.

Minimal means: first the fewest states changing their vote; among those, the smallest population
moved (the sum of the changing states' populations, 0 where the rule weighs none); among those, the
first set of codes in alphabetical order. A vote changes only in the direction that helps the
reversal: yes to no to reject; no, abstain or absent to yes to adopt (and a formal abstention to a
plain one, which is all Art. 31(1) needs). The result is checked by deciding the changed ballot again.
"""

from __future__ import annotations

from typing import Any

from coopsec.voting.council import Council
from coopsec.voting.evaluate import decide
from coopsec.voting.game import need_table

Change = dict[str, Any]


def least_set(items: list[tuple[str, int]], k: int, need: int) -> tuple[str, ...] | None:
    """The ``k`` items whose weights sum to at least ``need`` with the least sum (then the first codes).

    A branch and bound over items sorted by weight, heaviest first: a branch stops when even its
    heaviest completion falls short of ``need`` or its lightest completion exceeds the best sum found.
    """
    if k > len(items):
        return None
    ranked = sorted(items, key=lambda item: (-item[1], item[0]))
    weights = [w for _, w in ranked]
    lightest = sorted(ranked, key=lambda item: (item[1], item[0]))[:k]
    if sum(w for _, w in lightest) >= need:
        return tuple(sorted(code for code, _ in lightest))
    best: list[Any] = [None, None]  # (sum, codes)

    def heaviest(i: int, j: int) -> int:
        return sum(weights[i : i + j])

    def lightest_from(i: int, j: int) -> int:
        return sum(weights[len(weights) - j :]) if j else 0

    def walk(i: int, chosen: list[str], total: int) -> None:
        j = k - len(chosen)
        if j == 0:
            key = (total, tuple(sorted(chosen)))
            if total >= need and (best[0] is None or key < (best[0], best[1])):
                best[0], best[1] = key
            return
        if len(ranked) - i < j or total + heaviest(i, j) < need:
            return
        if best[0] is not None and total + lightest_from(i, j) > best[0]:
            return
        walk(i + 1, [*chosen, ranked[i][0]], total + weights[i])
        walk(i + 1, chosen, total)

    walk(0, [], 0)
    return None if best[1] is None else tuple(best[1])


def _changes(votes: dict[str, str], codes: tuple[str, ...], to: str) -> list[Change]:
    return [{"state": c, "from": votes[c], "to": to} for c in sorted(codes)]


def _double_majority(council: Council, votes: dict[str, str], adopted: bool) -> list[Change]:
    need = need_table(council)
    pop = council.population or dict.fromkeys(council.members, 0)
    yes = [c for c in council.members if votes[c] == "yes"]
    m, y = len(yes), sum(pop[c] for c in yes)
    if adopted:
        candidates = [(c, pop[c]) for c in yes]
        for k in range(1, m + 1):
            wins = need[m - k]
            want = 0 if wins is None else y - wins + 1  # leave less than the needed population
            found = least_set(candidates, k, want) if wins is None or want <= y else None
            if found is not None:
                return _changes(votes, found, "no")
        return []
    candidates = [(c, pop[c]) for c in council.members if votes[c] != "yes"]
    for k in range(1, len(candidates) + 1):
        wins = need[m + k]
        if wins is None:
            continue
        found = least_set(candidates, k, max(0, wins - y))
        if found is not None:
            return _changes(votes, found, "yes")
    return []


def _unanimity(council: Council, votes: dict[str, str], adopted: bool) -> list[Change]:
    pop = council.population or dict.fromkeys(council.members, 0)
    if adopted:
        chosen = min(council.members, key=lambda c: (pop[c], c))
        return _changes(votes, (chosen,), "no")
    blocking = {"no", "absent"} | ({"abstain", "abstain-formally"} if council.rule.abstain == "against" else set())
    changes = _changes(votes, tuple(c for c in council.members if votes[c] in blocking), "yes")
    constructive = council.rule.constructive
    formal = [c for c in council.members if votes[c] == "abstain-formally"]
    if constructive is None or not formal or not council.population:
        return changes
    n, total = len(council.members), council.total_population
    f_pop = sum(pop[c] for c in formal)
    if not (constructive.members.met(len(formal), n) and constructive.population.met(f_pop, total)):
        return changes
    items = [(c, pop[c]) for c in formal]
    for k in range(1, len(formal) + 1):
        if not constructive.members.met(len(formal) - k, n):
            found = least_set(items, k, 0)
        else:
            found = least_set(items, k, f_pop - constructive.population.least(total) + 1)
        if found is not None:
            return sorted([*changes, *_changes(votes, found, "abstain")], key=lambda c: str(c["state"]))
    return changes


def minimal_flip(council: Council, votes: dict[str, str], adopted: bool) -> list[Change]:
    """A minimal list of vote changes reversing ``adopted`` (empty when no change can).

    Raises:
        AssertionError: never in practice; the changed ballot is decided again as a check.

    """
    kind = council.rule.kind
    if kind == "double-majority":
        changes = _double_majority(council, votes, adopted)
    elif kind == "unanimity":
        changes = _unanimity(council, votes, adopted)
    elif adopted:
        changes = _changes(votes, (council.members[0],), "no")
    else:
        blocking = {"no"} | ({"abstain"} if council.rule.abstain == "against" else set())
        blocking |= {"absent"} if council.rule.absent == "against" else set()
        changes = _changes(votes, tuple(c for c in council.members if votes[c] in blocking), "yes")
    if changes:
        changed = {**votes, **{str(c["state"]): str(c["to"]) for c in changes}}
        assert decide(council, changed).adopted != adopted, "a flip must reverse the outcome"
    return changes
