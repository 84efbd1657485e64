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
from coopsec.kb.guarantees import bound_by, caveats_by_text, clause_in_force, parties
from coopsec.kb.model import Clause, Criterion, Guarantee, KnowledgeBase, OrgRule, Status, cite
from coopsec.rings.criterion import coverage, data_year, reading
from coopsec.rings.model import Bond, Cooperation, HeldGuarantee, Instrument, Place, Placement, Reason
from coopsec.rings.rival import rival_bloc_reasons


def clause_on(kb: KnowledgeBase, clause_id: str, on: dt.date) -> Clause | None:
    """The version of ``clause_id`` in force on ``on``, if any (:func:`coopsec.kb.guarantees.clause_in_force`)."""
    return clause_in_force(kb, clause_id, on)


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

    def with_status(self, organisation: str, status: Status) -> frozenset[str]:
        """States with ``status`` in ``organisation`` (the form :mod:`coopsec.kb.guarantees` reads)."""
        return self.members(organisation, (status,))

    def policies_of(self, state: str) -> frozenset[str]:
        """The security-policy statuses ``state`` holds on the day."""
        return frozenset(p.status for p in policies(self.kb, state, self.on))

    @cached_property
    def _memo(self) -> dict[tuple[str, tuple[Status, ...]], frozenset[str]]:
        return {}


def _guarantee(day: _Day, rule: Guarantee, state: str) -> HeldGuarantee | None:
    """``rule`` as ``state`` holds it on the day; parties and caveats as defined in :mod:`coopsec.kb.guarantees`."""
    clause = clause_in_force(day.kb, rule.clause, day.on)
    bound = bound_by(rule, day.with_status)
    if clause is None or state not in bound:
        return None
    others = parties(bound, state)
    caveats = caveats_by_text(rule.caveats, others, day.policies_of, day.with_status)
    scope = rule.scope
    area = clause_in_force(day.kb, rule.area_clause, day.on) if rule.area_clause else None
    if area is not None:  # the area as the text in force on the day draws it
        scope = f"{scope}: {area.article}, in force from {area.start}: \u201c{area.text}\u201d"
    return HeldGuarantee(
        rule.clause, clause.citation, rule.organisation, scope, rule.duty, others, caveats, clause.source
    )


def _bond(day: _Day, rule: OrgRule, state: str) -> Bond | None:
    bound = day.members(rule.organisation, rule.statuses)
    if state not in bound:
        return None
    clause = next((c for c in (clause_in_force(day.kb, cid, day.on) for cid in rule.clauses) if c), None)
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
    # Read for every state, so that a state without V-Dem data (a microstate, a state before its first
    # year) says so wherever it is shown; only members of the core's organisations are placed by it.
    read = reading(kb, state, on, crit)
    place: Place
    if core_orgs and read.met:
        place = "core"
        reasons.append(
            Reason(
                f"in the core: member of {', '.join(core_orgs)} and meets the criterion "
                f"({crit.text}; {read.describe()})",
                read.source or kb.rings.criterion_source,
            )
        )
    elif core_orgs and read.met is False:
        place = "below_criterion"
        reasons.append(
            Reason(
                f"member of {', '.join(core_orgs)} but below the criterion ({crit.text}; {read.describe()}): "
                "listed apart from the core",
                read.source or kb.rings.criterion_source,
            )
        )
    elif core_orgs:
        place = "no_data"
        reasons.append(
            Reason(
                f"member of {', '.join(core_orgs)} but the criterion cannot be read ({crit.text}; "
                f"{read.describe()}): listed apart from the core as 'no data', not as below the criterion",
                read.source or kb.rings.criterion_source,
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
    if not bonds:
        reasons.extend(rival_bloc_reasons(kb, day, state))
    if place == "outside":
        reasons.append(Reason("outside the system: no membership or partnership that the rings count", kb.rings.source))
    return Placement(
        state, name, on, place, core_orgs, read, bonds, cooperation, guarantees, instruments, tuple(reasons)
    )


def criterion_dict(kb: KnowledgeBase, criterion: Criterion, on: dt.date) -> dict[str, object]:
    """The criterion as JSON: what it tests, which V-Dem extract and year it reads on ``on``, its source."""
    read = data_year(kb, criterion.indicator, on)
    carriers = kb.democracy.for_indicator(criterion.indicator)
    source = read.dataset.source if read else carriers[0].source if carriers else kb.rings.criterion_source
    return {
        "indicator": criterion.indicator,
        "op": criterion.op,
        "value": criterion.value,
        "text": criterion.text,
        "dataset": read.dataset.label if read else None,
        "year": read.year if read else None,
        "coverage": coverage(kb, criterion.indicator),
        "source": cite(source),
        "attribution": kb.democracy.attribution,
    }


def criterion_summary(kb: KnowledgeBase, criterion: Criterion, on: dt.date) -> str:
    """``... (reads V-Dem v15, 2024)`` or ``... (no V-Dem extract covers this date)``: for table titles."""
    read = data_year(kb, criterion.indicator, on)
    where = (
        f"reads {read.dataset.label}, {read.year}"
        if read
        else f"no V-Dem extract covers this date: {coverage(kb, criterion.indicator)}"
    )
    return f"{criterion.text} ({where})"


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
            "criterion": criterion_dict(kb, self.criterion, self.on),
            "core": self.codes("core"),
            "below_criterion": self.codes("below_criterion"),
            "no_data": self.codes("no_data"),
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
