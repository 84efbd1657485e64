"""Precomputed "as of" indexes, so assessing an event never scans the data.

Everything the rules read changes only on known dates: a spell starts or ends, a clause enters into
force, a policy or a territory's status changes, an organisation is founded or dissolved. The
:class:`EpochIndex` sorts all those dates once; an event's date falls into one *epoch* (found by a
single bisection), and every fact of that epoch (members of each organisation, each state's spells,
the clause versions in force) is computed once, on first use, and shared by every later event.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from typing import Any, TypeVar

from coopsec.kb.guarantees import clause_in_force
from coopsec.kb.model import Clause, KnowledgeBase, PolicyStatus, Spell, Status
from coopsec.obligations.memo import Memo

T = TypeVar("T")


class Epoch:
    """The facts that hold throughout one epoch (memoised on first use)."""

    __slots__ = ("_clauses", "_members", "_spells", "day", "index", "number")

    def __init__(self, index: EpochIndex, number: int, day: dt.date) -> None:
        self.index = index
        self.number = number
        self.day = day  # a representative day inside the epoch
        self._members: dict[tuple[str, Status], frozenset[str]] = {}
        self._spells: dict[tuple[str, str], Spell | None] = {}
        self._clauses: dict[str, Clause | None] = {}

    def members(self, organisation: str, status: Status = "member") -> frozenset[str]:
        """States with ``status`` in ``organisation``."""
        key = (organisation, status)
        found = self._members.get(key)
        if found is None:
            found = frozenset(
                s.state
                for s in self.index.kb.spells_by_org.get(organisation, ())
                if s.status == status and s.holds_on(self.day)
            )
            self._members[key] = found
        return found

    def spell(self, state: str, organisation: str) -> Spell | None:
        """The spell of ``state`` in ``organisation`` in this epoch."""
        key = (state, organisation)
        if key not in self._spells:
            self._spells[key] = next((s for s in self.index.by_state_org.get(key, ()) if s.holds_on(self.day)), None)
        return self._spells[key]

    def clause(self, clause_id: str) -> Clause | None:
        """The version of ``clause_id`` in force in this epoch."""
        if clause_id not in self._clauses:
            self._clauses[clause_id] = clause_in_force(self.index.kb, clause_id, self.day)
        return self._clauses[clause_id]


class EpochIndex:
    """All the dates on which any fact changes, and the epochs between them."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        dates: set[dt.date] = set()
        self.by_state_org: dict[tuple[str, str], tuple[Spell, ...]] = defaultdict(tuple)
        for spell in kb.spells:
            dates.add(spell.start)
            if spell.end:
                dates.add(spell.end)
            key = (spell.state, spell.organisation)
            self.by_state_org[key] = (*self.by_state_org[key], spell)
        for versions in kb.clauses.values():
            for clause in versions:
                dates.add(clause.start)
                if clause.end:
                    dates.add(clause.end)
        self.policies_by_state: dict[str, tuple[PolicyStatus, ...]] = defaultdict(tuple)
        for policy in kb.policies:
            dates.add(policy.start)
            if policy.end:
                dates.add(policy.end)
            self.policies_by_state[policy.state] = (*self.policies_by_state[policy.state], policy)
        for org in kb.organisations.values():
            dates.add(org.founded)
            if org.applies_from:
                dates.add(org.applies_from)
            dates.update(end for _, end in org.former_names)
            if org.dissolved:
                dates.add(org.dissolved)
        if kb.places is not None:
            for territory in kb.places.territories.values():
                for status in territory.eu_status:
                    dates.update(d for d in (status.start, status.end) if d)
                dates.update(territory.change_dates)
        self.bounds = sorted(dates)
        self._bound_set = frozenset(dates)
        self.pair_bounds: dict[tuple[str, str], list[dt.date]] = {}
        for (state, org_code), spells in self.by_state_org.items():
            pair = {s.start for s in spells} | {s.end for s in spells if s.end is not None}
            pair.update(end for _, end in kb.organisations[org_code].former_names)
            self.pair_bounds[(state, org_code)] = sorted(pair)
        self._epochs: dict[int, Epoch] = {}
        self._interned: dict[frozenset[Any], frozenset[Any]] = {}
        # Dates on which a fact about no state in particular changes: clauses, organisations.
        common: set[dt.date] = set()
        for versions in kb.clauses.values():
            for clause in versions:
                common.update(d for d in (clause.start, clause.end) if d)
        for org in kb.organisations.values():
            common.add(org.founded)
            if org.applies_from:
                common.add(org.applies_from)
            common.update(end for _, end in org.former_names)
            if org.dissolved:
                common.add(org.dissolved)
        self._common = frozenset(common)
        self.state_dates: dict[str, set[dt.date]] = defaultdict(set)
        for spell in kb.spells:
            self.state_dates[spell.state].update(d for d in (spell.start, spell.end) if d)
        self._segments: dict[str, list[dt.date]] = {}

    def register(self, memo: Memo) -> None:
        """Count this index's tables in ``memo`` (bounded by the data: never dropped)."""
        memo.adopt("index.epochs", "an epoch's number -> its facts", self._epochs)
        memo.adopt("index.interned", "a set of states -> the one equal set", self._interned)
        memo.adopt("index.stretches", "a state or place -> the dates its stretches are cut at", self._segments)

    def intern(self, value: frozenset[T]) -> frozenset[T]:
        """The one frozen set with this content, so equal sets can be compared by identity."""
        return self._interned.setdefault(value, value)

    def epoch(self, day: dt.date) -> Epoch:
        """The epoch containing ``day``."""
        number = bisect.bisect_right(self.bounds, day)
        found = self._epochs.get(number)
        if found is None:
            found = Epoch(self, number, day)
            self._epochs[number] = found
        return found

    def segment_epochs(
        self, key: str, day: dt.date, states: tuple[str, ...] = (), extra: tuple[dt.date | None, ...] = ()
    ) -> tuple[int, range]:
        """Which stretch of time contains ``day``, and the epochs that lie inside that stretch.

        The stretches (cached under ``key``) are cut at the dates of the states' spells in any
        organisation, of the clauses' versions and of the organisations' lives, plus ``extra`` (a
        place's status dates): a superset of the dates on which any fact the rules read about them
        can change, so two days in the same stretch have the same facts. Every cut is also an epoch
        boundary (checked), so each epoch lies inside one stretch and a caller can fill in a whole
        stretch at once.
        """
        cuts = self._segments.get(key)
        if cuts is None:
            dates = set(self._common).union(
                (d for d in extra if d is not None), *(self.state_dates.get(s, ()) for s in states)
            )
            if not dates <= self._bound_set:
                raise ValueError(f"{key}: stretches cut at dates that are not epoch boundaries")
            cuts = self._segments[key] = sorted(dates)
        number = bisect.bisect_right(cuts, day)
        first = bisect.bisect_right(self.bounds, cuts[number - 1]) if number > 0 else 0
        end = bisect.bisect_right(self.bounds, cuts[number]) if number < len(cuts) else len(self.bounds) + 1
        return number, range(first, end)

    def pair_segment(self, state: str, organisation: str, day: dt.date) -> int:
        """Which stretch of ``state``'s history in ``organisation`` contains ``day`` (-1: never a member)."""
        bounds = self.pair_bounds.get((state, organisation))
        return -1 if bounds is None else bisect.bisect_right(bounds, day)

    def members(self, organisation: str, day: dt.date, status: Status = "member") -> frozenset[str]:
        """States with ``status`` in ``organisation`` as of ``day``."""
        return self.epoch(day).members(organisation, status)

    def policies(self, state: str, day: dt.date) -> tuple[PolicyStatus, ...]:
        """Security-policy statuses of ``state`` on ``day``."""
        return tuple(p for p in self.policies_by_state.get(state, ()) if p.holds_on(day))
