"""Human output: readable Rich tables for each command (JSON output lives in the library)."""

from __future__ import annotations

from rich.table import Table

from coopsec.architecture import Change, Overlap
from coopsec.kb import KnowledgeBase
from coopsec.kb.model import Source, Spell
from coopsec.rings import Placement, Rings, criterion_summary
from coopsec.rings.rival import rival_blocs_of


def _cite(source: Source) -> str:
    """A short citation: the source id, marked when the fact awaits confirmation."""
    return source.id if source.verification == "confirmed" else f"{source.id} (unconfirmed)"


def sources_table(sources: list[Source]) -> Table:
    """The full titles and links of the sources cited above by id."""
    table = Table(title="sources", title_justify="left")
    for col in ("id", "title", "link or reference"):
        table.add_column(col)
    seen: set[str] = set()
    for source in sorted(sources, key=lambda s: s.id):
        if source.id not in seen:
            seen.add(source.id)
            table.add_row(source.id, source.title, source.href or source.reference or "")
    return table


def names(kb: KnowledgeBase, codes: list[str] | tuple[str, ...]) -> str:
    """``FI (Finland), SE (Sweden)`` for a list of codes."""
    return ", ".join(f"{c} ({kb.states[c].name})" for c in codes) or "none"


def members_table(kb: KnowledgeBase, spells: list[Spell], title: str) -> Table:
    """One row per member: code, name, since, basis, source."""
    table = Table(title=title, title_justify="left")
    for col in ("state", "name", "since", "basis", "source"):
        table.add_column(col)
    for spell in sorted(spells, key=lambda s: s.state):
        table.add_row(
            spell.state,
            kb.states[spell.state].name,
            spell.start.isoformat(),
            spell.start_basis.replace("_", " "),
            _cite(spell.source),
        )
    return table


def overlap_table(kb: KnowledgeBase, result: Overlap) -> Table:
    """Who is in both organisations and who in only one."""
    table = Table(title=f"{result.a} and {result.b} as of {result.on}", title_justify="left", show_lines=True)
    table.add_column("group")
    table.add_column("count", justify="right")
    table.add_column("states")
    table.add_row("in both", str(len(result.both)), ", ".join(result.both))
    table.add_row(f"{result.a} only", str(len(result.only_a)), names(kb, result.only_a))
    table.add_row(f"{result.b} only", str(len(result.only_b)), names(kb, result.only_b))
    return table


def placement_tables(kb: KnowledgeBase, spells: list[Spell], placement: Placement) -> list[Table]:
    """A state's memberships, then its place, guarantees and reasons."""
    first = Table(title=f"{placement.name} ({placement.state}) as of {placement.on}: memberships", title_justify="left")
    for col in ("organisation", "status", "since", "until", "basis", "source"):
        first.add_column(col)
    for spell in spells:
        first.add_row(
            spell.organisation,
            spell.status,
            spell.start.isoformat(),
            spell.end.isoformat() if spell.end else "",
            spell.start_basis.replace("_", " "),
            _cite(spell.source),
        )
    second = Table(
        title=f"place in the system: {placement.place.replace('_', ' ')}", title_justify="left", show_lines=True
    )
    second.add_column("ring")
    second.add_column("what holds")
    if placement.criterion is not None:
        second.add_row("value criterion", placement.criterion.describe())
    for guarantee in placement.guarantees:
        caveats = "; ".join(f"{text} — {', '.join(parties)}" for text, parties in guarantee.caveats)
        second.add_row(
            "ring 2 (collective defence)",
            f"{guarantee.citation}: {guarantee.duty}, for {guarantee.scope}; from "
            f"{', '.join(guarantee.parties)}" + (f"\ncaveats: {caveats}" if caveats else ""),
        )
    for bond in placement.bonds:
        second.add_row("ring 1 (collective security)", f"{bond.citation or bond.organisation}: {bond.commitment}")
    for coop in placement.cooperation:
        second.add_row("ring 1 co-operation", f"{coop.organisation}: {coop.structures}")
    for instrument in placement.instruments:
        second.add_row(
            "outer area", f"{instrument.organisation} ({instrument.status}): " + ", ".join(instrument.instruments)
        )
    for reason in placement.reasons:
        second.add_row("reason", reason.text + (f" [{_cite(reason.source)}]" if reason.source else ""))
    cited = [s.source for s in spells] + [r.source for r in placement.reasons if r.source]
    return [first, second, sources_table(cited)]


def rings_table(kb: KnowledgeBase, rings: Rings) -> Table:
    """One row per state: its place, rings and the main reason."""
    table = Table(
        title=f"The cooperative security system as of {rings.on} "
        f"(criterion: {criterion_summary(kb, rings.criterion, rings.on)})",
        title_justify="left",
    )
    for col in ("state", "name", "place", "criterion", "ring 1", "ring 2 guarantees", "outer-area instruments"):
        table.add_column(col)
    order = {"core": 0, "below_criterion": 1, "no_data": 2, "outer_area": 3, "outside": 4}
    for p in sorted(rings.placements, key=lambda p: (order[p.place], p.state)):
        table.add_row(
            p.state,
            p.name,
            p.place.replace("_", " "),
            ("no data" if p.criterion.no_data else p.criterion.describe()) if p.criterion else "",
            ", ".join(b.organisation for b in p.bonds),
            ", ".join(g.clause for g in p.guarantees),
            ", ".join(f"{i.organisation}:{i.status}" for i in p.instruments)
            + "".join(f"; rival bloc: {b}" for b in rival_blocs_of(kb, p.state, rings.on)),
        )
    table.caption = kb.democracy.attribution
    return table


def timeline_table(title: str, changes: list[Change]) -> Table:
    """Dated changes, oldest first, each with its basis and source."""
    table = Table(title=title, title_justify="left")
    for col in ("date", "change", "basis", "source"):
        table.add_column(col)
    for change in changes:
        precision = "" if change.precision == "day" else f" (to the {change.precision})"
        table.add_row(
            change.date.isoformat() + precision,
            change.description,
            (change.basis or "").replace("_", " "),
            _cite(change.source),
        )
    return table


def check_table(counts: dict[str, object], facts: list[dict[str, object]]) -> Table:
    """The result of ``coopsec check``: counts, then the facts awaiting confirmation."""
    table = Table(title="knowledge base: valid", title_justify="left")
    table.add_column("item")
    table.add_column("value")
    for key, value in counts.items():
        table.add_row(key.replace("_", " "), str(value))
    for fact in facts:
        table.add_row(f"unconfirmed {fact['kind']}", f"{fact['what']} [{fact['source']}]")
    return table
