"""Two dates side by side: who entered the system, who left, who changed place, and why.

A map shows one date; history is the difference between two. :func:`compare` classifies both dates
(:func:`coopsec.rings.classify`) and explains every difference by the dated facts behind it: the
memberships gained or lost (each spell's date and source), the guarantees and ring-1 bonds gained or
lost (the clause's source), a state coming into being or ending, and the value criterion's reading.
The dates may come in either order; "entered" always means "in the system on ``b``, not on ``a``".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coopsec.dates import check_range
from coopsec.kb.model import KnowledgeBase, Source, Spell, cite
from coopsec.rings.classify import classify
from coopsec.rings.listing import CATEGORY_WORDS, criterion_words
from coopsec.rings.model import Placement, Reason


@dataclass(frozen=True, slots=True)
class MembershipChange:
    """A status in an organisation held on one date and not on the other, with the spell that explains it."""

    state: str
    name: str
    organisation: str
    organisation_name: str
    status: str
    change: str  # "gained" (held on b, not on a) or "lost"
    date: dt.date  # the spell's boundary lying between the two dates
    basis: str | None
    source: Source

    @property
    def text(self) -> str:
        """The change in words."""
        verb = "becomes" if self.change == "gained" else "is no longer"
        return f"{self.name} {verb} {self.status} of the {self.organisation_name}"

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "state": self.state,
            "name": self.name,
            "organisation": self.organisation,
            "organisation_name": self.organisation_name,
            "status": self.status,
            "change": self.change,
            "date": self.date.isoformat(),
            "basis": self.basis,
            "text": self.text,
            "source": cite(self.source),
        }


@dataclass(frozen=True, slots=True)
class StateChange:
    """A state whose place differs between the dates: its category and ring 1 on each, and the reasons."""

    state: str
    name: str
    before: str | None  # the map category on a; None: the state did not exist
    after: str | None
    ring1_before: bool
    ring1_after: bool
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "state": self.state,
            "name": self.name,
            "before": self.before,
            "after": self.after,
            "before_label": CATEGORY_WORDS.get(self.before or "", "did not exist"),
            "after_label": CATEGORY_WORDS.get(self.after or "", "does not exist"),
            "ring1_before": self.ring1_before,
            "ring1_after": self.ring1_after,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    """What differs between the system on ``a`` and on ``b``."""

    a: dt.date
    b: dt.date
    entered: tuple[StateChange, ...]
    left: tuple[StateChange, ...]
    changed: tuple[StateChange, ...]
    memberships: tuple[MembershipChange, ...]

    @property
    def empty(self) -> bool:
        """Whether nothing differs."""
        return not (self.entered or self.left or self.changed or self.memberships)

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "a": self.a.isoformat(),
            "b": self.b.isoformat(),
            "entered": [c.to_dict() for c in self.entered],
            "left": [c.to_dict() for c in self.left],
            "changed": [c.to_dict() for c in self.changed],
            "memberships": [m.to_dict() for m in self.memberships],
        }


def in_system(placement: Placement | None) -> bool:
    """Whether a state is part of the system: in the core's organisations, a ring, or the outer area."""
    return placement is not None and (placement.place != "outside" or placement.in_ring1 or placement.in_ring2)


def _between(day: dt.date | None, a: dt.date, b: dt.date) -> bool:
    low, high = min(a, b), max(a, b)
    return day is not None and low < day <= high


def _membership_changes(kb: KnowledgeBase, a: dt.date, b: dt.date) -> list[MembershipChange]:
    """Statuses held on one date only; a spell split in two on a day in between (same status) is no change."""
    held_a = {(s.state, s.organisation, s.status): s for s in kb.spells if s.holds_on(a)}
    held_b = {(s.state, s.organisation, s.status): s for s in kb.spells if s.holds_on(b)}
    found = [_membership(kb, held_b[key], "gained", a, b) for key in held_b.keys() - held_a.keys()]
    found += [_membership(kb, held_a[key], "lost", a, b) for key in held_a.keys() - held_b.keys()]
    return sorted(found, key=lambda m: (m.date, m.organisation, m.name, m.change))


def _membership(kb: KnowledgeBase, spell: Spell, change: str, a: dt.date, b: dt.date) -> MembershipChange:
    """The change a spell makes between the dates: its start, or its end, whichever lies between them."""
    starts = _between(spell.start, a, b)
    day = spell.start if starts else spell.end
    assert day is not None  # a spell holding on one date only has a boundary between them
    org = kb.organisations[spell.organisation]
    return MembershipChange(
        spell.state,
        kb.states[spell.state].name,
        spell.organisation,
        org.name_on(day),
        spell.status,
        change,
        day,
        spell.start_basis if starts else spell.end_basis,
        spell.source,
    )


def _reasons(
    kb: KnowledgeBase, code: str, one: Placement | None, two: Placement | None, spells: list[MembershipChange]
) -> tuple[Reason, ...]:
    """Why ``code`` stands differently on the two dates: the dated facts, each with its source."""
    state = kb.states[code]
    reasons = [Reason(m.text, m.source, m.date) for m in spells if m.state == code]
    if one is None or two is None:
        day = state.start if one is None and two is not None else state.end
        if one is None and two is None:
            return tuple(reasons)
        text = f"{state.name} {'comes into being' if one is None else 'ceases to exist'}"
        reasons.insert(0, Reason(text, state.source, day))
        return tuple(reasons)
    held = {g.clause: g for g in one.guarantees}
    holds = {g.clause: g for g in two.guarantees}
    for clause in sorted(holds.keys() - held.keys()):
        reasons.append(Reason(f"now holds {holds[clause].citation}", holds[clause].source))
    for clause in sorted(held.keys() - holds.keys()):
        reasons.append(Reason(f"no longer holds {held[clause].citation}", held[clause].source))
    if one.in_ring1 != two.in_ring1:
        bond = (two.bonds or one.bonds)[0]
        verb = "now bound" if two.in_ring1 else "no longer bound"
        reasons.append(Reason(f"ring 1: {verb} by {bond.citation or bond.organisation}", bond.source))
    if one.criterion and two.criterion and one.criterion.met != two.criterion.met:
        source = two.criterion.source or one.criterion.source
        reasons.append(
            Reason(
                f"the value criterion: {criterion_words(one.criterion)}, then {criterion_words(two.criterion)}",
                source,
            )
        )
    return tuple(reasons)


def compare(kb: KnowledgeBase, a: dt.date, b: dt.date) -> Comparison:
    """What differs in the system between ``a`` and ``b``, each difference with its dated reasons.

    Raises:
        BadDateError: when a date lies outside the dates coopsec answers for.

    """
    check_range(a, what="a")
    check_range(b, what="b")
    first = {p.state: p for p in classify(kb, a).placements}
    second = {p.state: p for p in classify(kb, b).placements}
    spells = _membership_changes(kb, a, b)
    entered: list[StateChange] = []
    left: list[StateChange] = []
    changed: list[StateChange] = []
    for code in sorted(first.keys() | second.keys(), key=lambda c: kb.states[c].name.casefold()):
        one, two = first.get(code), second.get(code)
        before = one.category if one else None
        after = two.category if two else None
        ring1 = (bool(one and one.in_ring1), bool(two and two.in_ring1))
        if before == after and ring1[0] == ring1[1]:
            continue
        change = StateChange(code, kb.states[code].name, before, after, *ring1, _reasons(kb, code, one, two, spells))
        if in_system(two) and not in_system(one):
            entered.append(change)
        elif in_system(one) and not in_system(two):
            left.append(change)
        elif in_system(one) and in_system(two):
            changed.append(change)
    return Comparison(a, b, tuple(entered), tuple(left), tuple(changed), tuple(spells))
