"""What a collective-defence guarantee is on a date, written once for the rings and the obligations.

A guarantee (``rings.yaml``, ring 2) binds the states holding one of its statuses in its organisation
while its clause is in force; its *parties* towards a state are every bound state but that state
itself (nobody is its own guarantor); a party carries a *caveat* when it holds one of the
security-policy statuses the caveat names (neutral, non-aligned, a defence opt-out) or is a member of
the organisation it names (TEU 42(7): "NATO remains the foundation..."). The rings
(:mod:`coopsec.rings.classify`: which guarantees a state holds, from whom) and the obligations
(:mod:`coopsec.obligations.answers`: who owes what to a victim) both call these functions, so they
cannot disagree. "Holds on a date" itself is :func:`coopsec.dates.holds_on`, which the model's
``holds_on``/``in_force_on`` methods apply.

The facts of the date are passed in as callables, so each caller keeps its own memo: the rings a
per-day memo of memberships, the assessor the epochs of its index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable

from coopsec.kb.model import Caveat, Clause, Guarantee, KnowledgeBase, Status

MembersOn = Callable[[str, Status], frozenset[str]]
"""The states with a status in an organisation on the date being asked about."""


def clause_in_force(kb: KnowledgeBase, clause_id: str, on: dt.date) -> Clause | None:
    """The version of ``clause_id`` in force on ``on``, or ``None`` when no version is."""
    for version in kb.clauses.get(clause_id, ()):
        if version.in_force_on(on):
            return version
    return None


def bound_by(guarantee: Guarantee, members: MembersOn) -> frozenset[str]:
    """Every state the guarantee binds: those with one of its statuses in its organisation."""
    if len(guarantee.statuses) == 1:
        return members(guarantee.organisation, guarantee.statuses[0])
    return frozenset().union(*(members(guarantee.organisation, status) for status in guarantee.statuses))


def parties(bound: Collection[str], guaranteed: str | None) -> tuple[str, ...]:
    """The parties of a guarantee towards ``guaranteed``: every bound state but itself, sorted."""
    return tuple(sorted(p for p in bound if p != guaranteed))


def caveat_applies(caveat: Caveat, policies: Collection[str], member_of: Callable[[str], bool]) -> bool:
    """Whether a party with security-policy statuses ``policies`` carries ``caveat``.

    ``member_of(organisation)`` tells whether the party is a member of an organisation on the date.
    """
    if caveat.policy and any(kind in policies for kind in caveat.policy):
        return True
    return caveat.member_of is not None and member_of(caveat.member_of)


def party_caveats(
    caveats: Iterable[Caveat], policies: Collection[str], member_of: Callable[[str], bool]
) -> tuple[str, ...]:
    """The texts of the caveats one party carries, in the order the guarantee lists them."""
    return tuple(c.text for c in caveats if caveat_applies(c, policies, member_of))


def caveats_by_text(
    caveats: Iterable[Caveat],
    bound_parties: Iterable[str],
    policies_of: Callable[[str], Collection[str]],
    members: MembersOn,
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each caveat that some party carries, with those parties (in the given order); the rest are left out."""
    listed = tuple(bound_parties)
    found = []
    for caveat in caveats:
        hit = tuple(p for p in listed if caveat_applies(caveat, policies_of(p), membership_of(members, p)))
        if hit:
            found.append((caveat.text, hit))
    return tuple(found)


def membership_of(members: MembersOn, party: str) -> Callable[[str], bool]:
    """Whether ``party`` is a member of an organisation, on the date ``members`` answers for."""
    return lambda organisation: party in members(organisation, "member")
