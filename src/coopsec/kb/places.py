"""Building territories, sea areas and mechanisms from their data files, with cross-checks."""

from __future__ import annotations

import datetime as dt

from coopsec.errors import DataIssue
from coopsec.kb.build import Builder
from coopsec.kb.model import (
    Clause,
    EuStatusSpell,
    FormerSovereign,
    Mechanism,
    OccupationAreas,
    Organisation,
    Places,
    Precedent,
    SeaArea,
    State,
    Territory,
)

FILE = "territories.yaml"


def build_places(builder: Builder, states: dict[str, State]) -> Places | None:
    """Territories (with their TFEU Art. 355 statuses), sea areas and the 1949 occupation areas."""
    raw = builder.raw.territories
    if raw is None:
        return None
    territories: dict[str, Territory] = {}
    for index, entry in enumerate(raw.territories):
        if entry is None:
            continue
        path = f"territories[{index}] ({entry.code})"
        if entry.code in territories or (entry.code in states and entry.code != entry.sovereign):
            builder.issues.append(DataIssue(FILE, path, f"territory code {entry.code} is used twice"))
            continue
        if not builder.check_codes(FILE, f"{path}.sovereign", [entry.sovereign], dict(states), "state"):
            continue
        source = builder.source(entry.source, FILE, path)
        statuses = []
        for j, status in enumerate(entry.eu_status):
            status_source = builder.source(status.source, FILE, f"{path}.eu_status[{j}]")
            if status_source is not None:
                statuses.append(EuStatusSpell(status.status, status.start, status.end, status_source))
        formers = []
        for j, former in enumerate(entry.former_sovereigns):
            where = f"{path}.former_sovereigns[{j}]"
            former_source = builder.source(former.source, FILE, where)
            if builder.check_codes(FILE, f"{where}.state", [former.state], dict(states), "state") and former_source:
                formers.append(
                    FormerSovereign(
                        former.state,
                        former.end,
                        former.end_basis,
                        former.name,
                        former_source,
                        former.verification or former_source.verification,
                        former.note,
                        art6=former.art6,
                    )
                )
        if source is None:
            continue
        metropolitan = entry.code == entry.sovereign
        territories[entry.code] = Territory(
            code=entry.code,
            name=entry.name or states[entry.sovereign].name,
            sovereign=entry.sovereign,
            metropolitan=metropolitan,
            continent=entry.continent,
            north_of_tropic=entry.tropic == "north",
            sea=entry.sea,
            island=entry.island,
            eu_status=tuple(statuses),
            source=source,
            verification=entry.verification or source.verification,
            art6=entry.art6,
            note=entry.note,
            aliases=tuple(entry.aliases),
            former_sovereigns=(
                *sorted(formers, key=lambda f: f.end or dt.date.max),
                *_absorbed(states, entry.sovereign),
            ),
        )
    for territory in list(territories.values()):
        for alias in territory.aliases:
            if alias in territories:
                builder.issues.append(DataIssue(FILE, territory.code, f"alias {alias} is already a territory code"))
    missing = sorted(set(states) - set(territories))
    if missing:
        builder.issues.append(
            DataIssue(FILE, "territories", f"states without a metropolitan territory: {missing}; add them")
        )
    seas: dict[str, SeaArea] = {}
    for index, sea in enumerate(raw.seas):
        source = builder.source(sea.source, FILE, f"seas[{index}]")
        if source is not None:
            seas[sea.code] = SeaArea(sea.code, sea.name, source, sea.verification or source.verification, sea.note)
    occ = raw.occupation_areas_1949
    builder.check_codes(FILE, "occupation_areas_1949.states", occ.states, dict(states), "state")
    occ_source = builder.source(occ.source, FILE, "occupation_areas_1949")
    if occ_source is None:
        return None
    occupation = OccupationAreas(tuple(occ.states), occ.note, occ_source, occ.verification or occ_source.verification)
    return Places(territories, seas, occupation)


def _absorbed(states: dict[str, State], code: str) -> tuple[FormerSovereign, ...]:
    """The state that absorbed ``code`` holds its territory from the day ``code`` ceased to exist.

    Only an absorption passes a territory whole (the GDR to the Federal Republic, the Saar too); a
    state dissolved among several successors leaves no single holder of its old territory.
    """
    state = states[code]
    takers = [s for s in state.successors if s.kind == "absorption"]
    if state.end is None or len(takers) != 1 or takers[0].state not in states:
        return ()
    taker = states[takers[0].state]
    return (
        FormerSovereign(
            taker.code,
            None,
            None,
            f"the territory of the former {state.name}",
            state.source,
            state.verification,
            f"absorbed by {taker.name} on {state.end}",
            start=state.end,
        ),
    )


def build_mechanisms(
    builder: Builder, orgs: dict[str, Organisation], clauses: dict[str, tuple[Clause, ...]]
) -> dict[str, Mechanism]:
    """Mechanisms, with their organisation and clauses checked."""
    out: dict[str, Mechanism] = {}
    raw = builder.raw.mechanisms
    if raw is None:
        return out
    for index, entry in enumerate(raw.mechanisms):
        path = f"mechanisms[{index}] ({entry.id})"
        builder.check_codes("mechanisms.yaml", f"{path}.organisation", [entry.organisation], dict(orgs), "organisation")
        named = [c for c in (entry.clause, entry.area_clause, entry.implementing_clause) if c]
        builder.check_codes("mechanisms.yaml", path, named, dict(clauses), "clause")
        source = builder.source(entry.source, "mechanisms.yaml", path)
        if source is None or entry.id in out:
            continue
        out[entry.id] = Mechanism(
            id=entry.id,
            title=entry.title,
            clause=entry.clause,
            organisation=entry.organisation,
            parties=entry.parties,
            duty=entry.duty,
            procedure=" ".join(entry.procedure.split()),
            source=source,
            area_clause=entry.area_clause,
            implementing_clause=entry.implementing_clause,
        )
    return out


def build_precedents(builder: Builder) -> dict[str, Precedent]:
    """Precedents, with their sources resolved."""
    out: dict[str, Precedent] = {}
    raw = builder.raw.precedents
    if raw is None:
        return out
    for index, entry in enumerate(raw.precedents):
        source = builder.source(entry.source, "precedents.yaml", f"precedents[{index}] ({entry.id})")
        if source is not None:
            out[entry.id] = Precedent(entry.id, entry.date, " ".join(entry.text.split()), source)
    return out
