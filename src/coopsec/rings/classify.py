"""Placing every state in the rings of the cooperative security system as of a date.

The rules follow the paper ("Cooperative security as a strategic system"): the core is the liberal
democracies at the heart of the EU and NATO; ring 1 (collective security) binds states to settle
their disputes without force and to co-operate against transnational threats; ring 2 (collective
defence) is the guarantees they hold against outside aggression; the outer area is where the system
promotes stability. Which organisations and clauses count is data (``rings.yaml``), not code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from coopsec.architecture.queries import existing_states, members, memberships, policies
from coopsec.kb.model import Clause, Criterion, Guarantee, KnowledgeBase, OrgRule, Status, cite
from coopsec.rings.criterion import data_year, reading
from coopsec.rings.model import Bond, Cooperation, HeldGuarantee, Instrument, Place, Placement, Reason


def clause_on(kb: KnowledgeBase, clause_id: str, on: dt.date) -> Clause | None:
    """The version of ``clause_id`` in force on ``on``, if any."""
    for version in kb.clauses.get(clause_id, ()):
        if version.in_force_on(on):
            return version
    return None


@dataclass
class _Day:
    """Per-date memo of memberships, so classifying all states reads each organisation once."""

    kb: KnowledgeBase
    on: dt.date

    def members(self, organisation: str, statuses: tuple[Status, ...]) -> frozenset[str]:
        key = (organisation, statuses)
        if key not in self._memo:
            found: set[str] = set()
            for status in statuses:
                found.update(members(self.kb, organisation, self.on, status))
            self._memo[key] = frozenset(found)
        return self._memo[key]

    @cached_property
    def _memo(self) -> dict[tuple[str, tuple[Status, ...]], frozenset[str]]:
        return {}


def _guarantee(day: _Day, rule: Guarantee, state: str) -> HeldGuarantee | None:
    clause = clause_on(day.kb, rule.clause, day.on)
    bound = day.members(rule.organisation, rule.statuses)
    if clause is None or state not in bound:
        return None
    parties = tuple(sorted(bound - {state}))
    caveats = []
    for caveat in rule.caveats:
        hit = tuple(
            p
            for p in parties
            if (caveat.policy and any(s.status in caveat.policy for s in policies(day.kb, p, day.on)))
            or (caveat.member_of and p in day.members(caveat.member_of, ("member",)))
        )
        if hit:
            caveats.append((caveat.text, hit))
    return HeldGuarantee(
        rule.clause, clause.citation, rule.organisation, rule.scope, rule.duty, parties, tuple(caveats), clause.source
    )


def _bond(day: _Day, rule: OrgRule, state: str) -> Bond | None:
    bound = day.members(rule.organisation, rule.statuses)
    if state not in bound:
        return None
    clause = next((c for c in (clause_on(day.kb, cid, day.on) for cid in rule.clauses) if c), None)
    if rule.clauses and clause is None:
        return None
    return Bond(
        rule.organisation,
        clause.id if clause else None,
        clause.citation if clause else None,
        rule.commitment,
        tuple(sorted(bound - {state})),
        clause.source if clause else None,
    )


def place_state(
    kb: KnowledgeBase, state: str, on: dt.date, criterion: Criterion | None = None, _day: _Day | None = None
) -> Placement:
    """Place one state in the system as of ``on``, with every reason and source."""
    day = _day or _Day(kb, on)
    crit = criterion or kb.rings.criterion
    name = kb.states[state].name
    reasons: list[Reason] = []
    for spell in memberships(kb, state, on):
        org = kb.organisations[spell.organisation]
        reasons.append(
            Reason(
                f"{spell.status} of the {org.name_on(on)} since {spell.start} ({spell.start_basis.replace('_', ' ')})",
                spell.source,
                spell.start,
            )
        )
    core_orgs = tuple(o for o in kb.rings.core_organisations if state in day.members(o, kb.rings.core_statuses))
    read = reading(kb, state, on, crit) if core_orgs else None
    place: Place
    if core_orgs and read is not None and read.met:
        place = "core"
        reasons.append(
            Reason(
                f"in the core: member of {', '.join(core_orgs)} and meets the criterion "
                f"({crit.text}; {read.year}: {read.value:g})",
                kb.rings.criterion_source,
            )
        )
    elif core_orgs and read is not None:
        place = "below_criterion"
        why = (
            f"{read.year}: {read.value:g}"
            if read.met is False
            else f"no V-Dem data (the extract covers {kb.democracy.first_year}-{kb.democracy.last_year}"
            + ("" if data_year(kb, on) else "; none is available on this date")
            + ")"
        )
        reasons.append(
            Reason(
                f"member of {', '.join(core_orgs)} but not shown to meet the criterion "
                f"({crit.text}; {why}): listed apart from the core",
                kb.rings.criterion_source,
            )
        )
    else:
        place = "outside"
    bonds = tuple(b for b in (_bond(day, r, state) for r in kb.rings.ring1_binding) if b)
    for bond in bonds:
        reasons.append(
            Reason(
                f"ring 1: bound with {len(bond.parties)} other {bond.organisation} members to "
                f"{bond.commitment} ({bond.citation})",
                bond.source,
            )
        )
    cooperation = tuple(
        Cooperation(r.organisation, r.threats, r.structures)
        for r in kb.rings.ring1_cooperation
        if bonds and state in day.members(r.organisation, r.statuses)
    )
    guarantees = tuple(g for g in (_guarantee(day, r, state) for r in kb.rings.guarantees) if g)
    for held in guarantees:
        reasons.append(
            Reason(f"ring 2: holds {held.citation} from {len(held.parties)} parties ({held.scope})", held.source)
        )
    instruments: tuple[Instrument, ...] = ()
    if not bonds:
        instruments = tuple(
            Instrument(r.organisation, status, r.instruments)
            for r in kb.rings.outer
            for status in r.statuses
            if state in day.members(r.organisation, (status,))
        )
        if instruments and place == "outside":
            place = "outer_area"
            reasons.append(
                Reason(
                    "outer area: reached by " + ", ".join(f"{i.organisation} ({i.status})" for i in instruments),
                    kb.rings.source,
                )
            )
    if place == "outside":
        reasons.append(Reason("outside the system: no membership or partnership that the rings count", kb.rings.source))
    return Placement(
        state, name, on, place, core_orgs, read, bonds, cooperation, guarantees, instruments, tuple(reasons)
    )


@dataclass(frozen=True, slots=True)
class Rings:
    """Every existing state's place in the system on a date."""

    on: dt.date
    criterion: Criterion
    placements: tuple[Placement, ...]

    def codes(self, place: Place) -> list[str]:
        """The states in ``place``."""
        return [p.state for p in self.placements if p.place == place]

    def to_dict(self, kb: KnowledgeBase) -> dict[str, object]:
        """JSON form: a summary by ring, then every placement."""
        return {
            "on": self.on.isoformat(),
            "criterion": {
                "indicator": self.criterion.indicator,
                "op": self.criterion.op,
                "value": self.criterion.value,
                "text": self.criterion.text,
                "source": cite(kb.rings.criterion_source),
                "attribution": kb.democracy.attribution,
            },
            "core": self.codes("core"),
            "below_criterion": self.codes("below_criterion"),
            "ring1": [p.state for p in self.placements if p.in_ring1],
            "ring2": [p.state for p in self.placements if p.in_ring2],
            "outer_area": self.codes("outer_area"),
            "outside": self.codes("outside"),
            "states": [p.to_dict() for p in self.placements],
        }


def classify(kb: KnowledgeBase, on: dt.date, criterion: Criterion | None = None) -> Rings:
    """Place every state existing on ``on``; states are sorted by code."""
    day = _Day(kb, on)
    crit = criterion or kb.rings.criterion
    placements = tuple(
        place_state(kb, s.code, on, crit, day) for s in sorted(existing_states(kb, on), key=lambda s: s.code)
    )
    return Rings(on, crit, placements)
