"""A rule as a simple game: for each number of yes votes, the least population that wins.

Every rule of :mod:`coopsec.voting.data` is monotone in two numbers only, how many members vote yes
and how many people they represent. Writing it as ``need[m]`` (the least yes population with ``m``
yes votes, or ``None`` when ``m`` yes votes never win) lets the evaluator, the flips and the power
indices share one reading of the treaty text, and lets the power indices count coalitions by
(size, population) instead of listing 2^27 of them.
"""

from __future__ import annotations

from coopsec.voting.council import Council


def blocking_size(council: Council) -> int | None:
    """How many members a blocking minority needs (``None`` when the rule has no such clause).

    Art. 16(4) TEU fixes four; Art. 238(3)(a) TFEU asks for the fewest members whose population is
    more than 35% of the participants', plus one (the most populous first give the fewest).
    """
    blocking = council.rule.blocking
    if blocking is None:
        return None
    if blocking.kind == "fixed":
        return blocking.members
    assert blocking.share is not None
    total, running = council.total_population, 0
    for count, pop in enumerate(sorted(council.population.values(), reverse=True), start=1):
        running += pop
        if blocking.share.met(running, total):
            return count + blocking.plus
    return len(council.members) + blocking.plus


def members_needed(council: Council) -> int:
    """The fewest yes votes the members' criterion (share and minimum) accepts."""
    rule = council.rule
    n = len(council.members)
    if rule.kind != "double-majority":
        return n
    assert rule.members is not None
    return max(rule.members.least(n), rule.members_min)


def population_needed(council: Council) -> int:
    """The least yes population the population criterion accepts (0 without one)."""
    share = council.rule.population
    return 0 if share is None else share.least(council.total_population)


def need_table(council: Council) -> list[int | None]:
    """``need[m]`` for m = 0..n: the least yes population that wins with m yes votes, ``None`` if none does.

    For unanimity and consensus only all members voting yes wins (as a yes/no game: a member not
    voting yes votes no, which blocks).
    """
    n = len(council.members)
    if council.rule.kind != "double-majority":
        return [None] * n + [0]
    least_members, least_pop, block = members_needed(council), population_needed(council), blocking_size(council)
    table: list[int | None] = []
    for m in range(n + 1):
        if m < least_members:
            table.append(None)
        elif block is not None and n - m < block:
            table.append(0)  # no blocking minority: the qualified majority is deemed attained
        else:
            table.append(least_pop)
    return table
