"""Loading the knowledge base: read, validate, cross-check, build, index.

``load_knowledge_base()`` is the one entry point. It raises :class:`DataError` carrying every issue
of the load, each naming its file, key path and fix, so a broken data folder is repaired in one pass.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coopsec.errors import DataError, DataIssue
from coopsec.kb.build import Builder, build_policies, derive_spells, index, load_democracy
from coopsec.kb.exchange_schema import build_exchange
from coopsec.kb.files import read_folder
from coopsec.kb.model import Area, Clause, Democracy, KnowledgeBase, Organisation, Places, Spell, State
from coopsec.kb.places import build_mechanisms, build_places, build_precedents
from coopsec.kb.response import build_response
from coopsec.kb.schema import AreaIn


def _memberships(builder: Builder, states: dict[str, State], orgs: dict[str, Organisation]) -> list[Spell]:
    spells: list[Spell] = []
    for file, content in builder.raw.memberships:
        org_ok = builder.check_codes(file, "organisation", [content.organisation], dict(orgs), "organisation")
        org = orgs.get(content.organisation)
        for i, entry in enumerate(content.spells):
            if entry is None:
                continue
            path = f"spells[{i}] ({entry.state})"
            if not builder.check_codes(file, f"{path}.state", [entry.state], dict(states), "state") or not org_ok:
                continue
            source = builder.source(entry.source, file, path)
            if source is None or entry.start_basis is None or org is None:
                continue
            state = states[entry.state]
            if entry.start < org.founded:
                builder.issues.append(
                    DataIssue(file, f"{path}.start", f"{entry.start} is before {org.code} was founded ({org.founded})")
                )
            if state.start is not None and entry.start < state.start and entry.held_as is None:
                builder.issues.append(
                    DataIssue(
                        file,
                        f"{path}.start",
                        f"{entry.start} is before {state.code} existed ({state.start}): fix the date, or name the "
                        "earlier identity that held the spell with 'held_as'",
                    )
                )
            if entry.held_as is not None and (state.start is None or entry.start >= state.start):
                builder.issues.append(
                    DataIssue(
                        file, f"{path}.held_as", f"only a spell that starts before {state.code} existed needs 'held_as'"
                    )
                )
            if state.end is not None and (entry.end is None or entry.end > state.end):
                builder.issues.append(
                    DataIssue(
                        file, f"{path}.end", f"the spell must end by {state.end}, when {state.code} ceased to exist"
                    )
                )
            spells.append(
                Spell(
                    state=entry.state,
                    organisation=content.organisation,
                    status=entry.status,
                    start=entry.start,
                    end=entry.end,
                    start_basis=entry.start_basis,
                    end_basis=entry.end_basis,
                    precision=entry.precision,
                    source=source,
                    verification=entry.verification or source.verification,
                    last_verified=entry.last_verified or source.last_verified,
                    note=entry.note,
                    file=f"{file}: {path}",
                    held_as=entry.held_as,
                )
            )
    return spells


def _clauses(builder: Builder, orgs: dict[str, Organisation]) -> dict[str, tuple[Clause, ...]]:
    versions: dict[str, list[Clause]] = {}
    spans = []
    for file, treaty in builder.raw.treaties:
        if treaty.organisation is not None:
            builder.check_codes(file, "organisation", [treaty.organisation], dict(orgs), "organisation")
        builder.source(treaty.source, file, "")
        for i, entry in enumerate(treaty.clauses):
            if entry is None:
                continue
            path = f"clauses[{i}] ({entry.id})"
            source = builder.source(entry.source, file, path)
            if source is None:
                continue
            clause = Clause(
                id=entry.id,
                treaty=treaty.treaty,
                treaty_title=treaty.title,
                article=entry.article,
                title=entry.title,
                text=" ".join(entry.text.split()),
                start=entry.start,
                end=entry.end,
                source=source,
                verification=entry.verification or source.verification,
                note=entry.note,
                area=_area(entry.area),
            )
            versions.setdefault(entry.id, []).append(clause)
            spans.append((entry.id, f"{file}: {path}", clause))
    builder.check_overlaps(spans, "clause")
    return {k: tuple(sorted(v, key=lambda c: c.start)) for k, v in versions.items()}


def _area(entry: AreaIn | None) -> Area | None:
    if entry is None:
        return None
    return Area(
        continents=tuple(entry.continents),
        north_atlantic_islands=entry.north_atlantic_islands,
        named=tuple(entry.named),
        forces=entry.forces,
        seas=dict(entry.seas),
        reading=" ".join(entry.reading.split()),
    )


def _check_areas(builder: Builder, clauses: dict[str, tuple[Clause, ...]], places: Places | None) -> None:
    """Every area names known territories and classifies every sea area."""
    if places is None:
        return
    for versions in clauses.values():
        for clause in versions:
            if clause.area is None:
                continue
            where = f"clause {clause.id} from {clause.start}: area"
            unknown = sorted(set(clause.area.named) - set(places.territories))
            if unknown:
                builder.issues.append(DataIssue("treaties", f"{where}.named", f"unknown territories {unknown}"))
            if set(clause.area.seas) != set(places.seas):
                builder.issues.append(
                    DataIssue(
                        "treaties",
                        f"{where}.seas",
                        f"classify exactly the sea areas of territories.yaml: {sorted(places.seas)}",
                    )
                )


def build_knowledge_base(root: Path, fingerprint: str = "") -> KnowledgeBase:
    """Read and check every file under ``root`` and build the knowledge base.

    Raises:
        DataError: with every issue found, when any file or cross-reference is wrong.

    """
    builder = Builder(read_folder(root), root)
    states = builder.states()
    orgs = builder.organisations()
    spells = _memberships(builder, states, orgs)
    spells += derive_spells(builder, orgs, spells)
    builder.check_overlaps(
        [(f"{s.state} in {s.organisation}", s.file or "organisations.yaml: includes", s) for s in spells],
        "state",
    )
    clauses = _clauses(builder, orgs)
    policies = build_policies(builder, states)
    democracy = load_democracy(builder, states)
    rings = builder.rings(orgs, clauses)
    places = build_places(builder, states)
    _check_areas(builder, clauses, places)
    mechanisms = build_mechanisms(builder, orgs, clauses)
    precedents = build_precedents(builder)
    response = build_response(builder)
    exchange = build_exchange(builder, builder.raw.exchange)
    for key, src in builder.sources.items():
        if src.last_verified > dt.date.today():
            builder.issues.append(DataIssue("sources.yaml", f"sources.{key}.last_verified", "is in the future"))
    if builder.issues or rings is None or places is None or not isinstance(democracy, Democracy):
        if not builder.issues:
            builder.issues.append(DataIssue(str(root), "", "incomplete knowledge base"))
        raise DataError(builder.issues)
    kb = KnowledgeBase(
        sources=builder.sources,
        states=states,
        organisations=orgs,
        spells=tuple(sorted(spells, key=lambda s: (s.organisation, s.start, s.state))),
        clauses=clauses,
        policies=tuple(policies),
        democracy=democracy,
        rings=rings,
        places=places,
        mechanisms=mechanisms,
        precedents=precedents,
        response=response,
        exchange=exchange,
        fingerprint=fingerprint,
    )
    return index(kb)
