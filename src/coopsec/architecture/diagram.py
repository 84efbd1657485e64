"""The membership diagram: Europe's organisations on a date as nested sets, drawn as SVG.

Euler diagrams of European bodies are how people picture the architecture: the OSCE around the
Council of Europe around the EU, with NATO and Schengen cutting across. The diagram is computed
from the memberships on the date, never drawn by hand: states are grouped by the exact combination
of sets they belong to; a set is drawn as a rounded region when it nests with every region already
drawn (largest first), and the sets that cut across are named on each group instead. The SVG is
plain markup with presentation attributes (no style block, so it passes the dashboard's CSP and
stands alone when downloaded); each state is its code with its name as ``<title>``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape

from coopsec.architecture.queries import members
from coopsec.kb.model import KnowledgeBase, Status

#: The sets drawn: (key, organisation, statuses, short label), the main bodies first: a set gets a
#: region when it nests with the regions of the sets before it. The choice of bodies is the view's;
#: the memberships themselves come from the knowledge base. A set empty on the date is left out.
SETS: tuple[tuple[str, str, tuple[Status, ...], str], ...] = (
    ("OSCE", "OSCE", ("member",), "OSCE"),
    ("COE", "COE", ("member",), "Council of Europe"),
    ("EU", "EU", ("member",), "EU"),
    ("NATO", "NATO", ("member",), "NATO"),
    ("WEU", "WEU", ("member",), "WEU"),
    ("SCHENGEN", "SCHENGEN", ("member",), "Schengen"),
    ("EAP", "EAP", ("member", "suspended"), "Eastern Partnership"),
    ("ENP", "ENP", ("partner",), "ENP partner"),
    ("OSCE-PARTNER", "OSCE", ("partner",), "OSCE partner"),
    ("EU-CANDIDATE", "EU", ("candidate",), "EU candidate"),
)
_FILLS = ("#dbe9f6", "#fde9c9", "#e3f1dc", "#efe0f3", "#fbe0e0", "#def3f1", "#f3efd6", "#e6e6e6")
_STROKES = ("#2b6cb0", "#b7791f", "#2f855a", "#805ad5", "#c53030", "#2c7a7b", "#975a16", "#4a5568")
WIDTH, PAD, HEADER, GROUP_W, GAP, CELL, LINE = 980, 12, 26, 176, 10, 32, 15


@dataclass(frozen=True, slots=True)
class Set:
    """One organisation (with the statuses counted) and its members on the date."""

    key: str
    organisation: str
    label: str
    name: str
    members: frozenset[str]


@dataclass(frozen=True, slots=True)
class Group:
    """States with exactly the same combination of sets."""

    sets: tuple[str, ...]  # every set the states are in, in the order of SETS
    extra: tuple[str, ...]  # the sets not drawn as regions (named on the group)
    home: str | None  # the innermost region holding the group
    states: tuple[tuple[str, str], ...]  # (code, name), by name


@dataclass
class Region:
    """A set drawn as a rounded region, with the regions and groups inside it."""

    set: Set | None  # None: the diagram itself
    regions: list[Region] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Diagram:
    """The sets, the groups and the nesting of the regions on a date."""

    on: dt.date
    sets: tuple[Set, ...]
    regions: tuple[str, ...]  # the sets drawn as regions, outermost first
    groups: tuple[Group, ...]
    root: Region

    def label(self, key: str) -> str:
        """The short label of set ``key``."""
        return next(s.label for s in self.sets if s.key == key)

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "on": self.on.isoformat(),
            "sets": [{"key": s.key, "label": s.label, "name": s.name, "members": sorted(s.members)} for s in self.sets],
            "regions": list(self.regions),
            "groups": [
                {"sets": list(g.sets), "home": g.home, "states": [code for code, _ in g.states]} for g in self.groups
            ],
        }


def _sets(kb: KnowledgeBase, on: dt.date) -> list[Set]:
    found = []
    for key, org, statuses, label in SETS:
        if org not in kb.organisations:
            continue
        codes = frozenset(code for status in statuses for code in members(kb, org, on, status))
        if codes:
            name = kb.organisations[org].name_on(on)  # a status of its own (partners, candidates) is named
            found.append(Set(key, org, label, name if key == org else f"{name}: {statuses[0]}s", codes))
    return found


def membership_diagram(kb: KnowledgeBase, on: dt.date) -> Diagram:
    """The nested-set diagram of the main organisations on ``on``."""
    sets = _sets(kb, on)
    chosen: list[Set] = []
    for candidate in sets:  # in the order of SETS: the main bodies get their regions first
        s = candidate.members
        if all(s <= c.members or c.members <= s or not s & c.members for c in chosen):
            chosen.append(candidate)
    chosen.sort(key=lambda c: -len(c.members))  # stable: outermost first, ties in the order of SETS
    nodes = {c.key: Region(c) for c in chosen}
    root = Region(None)
    for index, region in enumerate(chosen):
        parent = next((p for p in reversed(chosen[:index]) if region.members <= p.members), None)
        (nodes[parent.key] if parent else root).regions.append(nodes[region.key])
    combos: dict[tuple[str, ...], list[str]] = {}
    for code in sorted(set().union(*(s.members for s in sets)) if sets else ()):
        combos.setdefault(tuple(s.key for s in sets if code in s.members), []).append(code)
    groups = []
    for combo, codes in combos.items():
        inside = [c for c in chosen if c.key in combo]
        home = min(inside, key=lambda c: len(c.members)).key if inside else None
        extra = tuple(k for k in combo if k not in nodes)
        named = tuple(sorted(((c, kb.states[c].name) for c in codes), key=lambda p: p[1].casefold()))
        group = Group(combo, extra, home, named)
        groups.append(group)
        (nodes[home] if home else root).groups.append(group)
    for node in [root, *nodes.values()]:
        node.groups.sort(key=lambda g: (-len(g.states), g.extra))
    return Diagram(on, tuple(sets), tuple(c.key for c in chosen), tuple(groups), root)


def _wrap(text: str, width: int = 24) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _group_size(diagram: Diagram, group: Group) -> tuple[list[str], int]:
    label = " · ".join(diagram.label(k) for k in group.extra) if group.extra else "none of the other sets"
    lines = _wrap(label)
    per_row = (GROUP_W - 2 * 6) // CELL
    rows = -(-len(group.states) // per_row)
    return lines, 8 + len(lines) * LINE + rows * 18 + 6


def _draw_group(diagram: Diagram, group: Group, x: int, y: int, out: list[str]) -> None:
    lines, height = _group_size(diagram, group)
    names = ", ".join(diagram.label(k) for k in group.sets)
    out.append(f'<g class="group" data-sets="{escape(" ".join(group.sets))}">')
    out.append(f"<title>{escape(names)}: {len(group.states)} state(s)</title>")
    out.append(
        f'<rect x="{x}" y="{y}" width="{GROUP_W}" height="{height}" rx="6" fill="#ffffff" stroke="#718096" '
        'stroke-width="1"/>'
    )
    for i, line in enumerate(lines):
        out.append(
            f'<text x="{x + 6}" y="{y + 6 + (i + 1) * LINE - 3}" font-size="11" font-style="italic" '
            f'fill="#2d3748" font-family="sans-serif">{escape(line)}</text>'
        )
    per_row = (GROUP_W - 2 * 6) // CELL
    top = y + 8 + len(lines) * LINE
    for i, (code, name) in enumerate(group.states):
        cx, cy = x + 6 + (i % per_row) * CELL, top + (i // per_row) * 18 + 12
        out.append(
            f'<g class="state" data-code="{escape(code)}"><title>{escape(name)}</title>'
            f'<text x="{cx}" y="{cy}" font-size="12" font-weight="bold" fill="#1a202c" '
            f'font-family="sans-serif">{escape(code)}</text></g>'
        )
    out.append("</g>")


def _draw(diagram: Diagram, node: Region, x: int, y: int, width: int, out: list[str]) -> int:
    """Draw ``node`` at (x, y) in ``width``; returns its height."""
    body: list[str] = []
    inner_x, cursor = x + PAD, y + (HEADER if node.set else 0)
    columns = max(1, (width - 2 * PAD + GAP) // (GROUP_W + GAP))
    for start in range(0, len(node.groups), columns):
        row = node.groups[start : start + columns]
        for i, group in enumerate(row):
            _draw_group(diagram, group, inner_x + i * (GROUP_W + GAP), cursor, body)
        cursor += max(_group_size(diagram, g)[1] for g in row) + GAP
    for child in node.regions:
        cursor += _draw(diagram, child, inner_x, cursor, width - 2 * PAD, body) + GAP
    height = cursor - y + (PAD - GAP if node.groups or node.regions else PAD)
    if node.set is not None:
        s = node.set
        colour = [key for key, *_ in SETS].index(s.key) % len(_FILLS)
        out.append(f'<g class="region" data-set="{escape(s.key)}"><title>{escape(s.name)}: {len(s.members)}</title>')
        out.append(
            f'<rect x="{x}" y="{y}" width="{width}" height="{height}" rx="16" fill="{_FILLS[colour]}" '
            f'stroke="{_STROKES[colour]}" stroke-width="2"/>'
        )
        out.append(
            f'<text x="{x + 12}" y="{y + 18}" font-size="14" font-weight="bold" fill="{_STROKES[colour]}" '
            f'font-family="sans-serif">{escape(s.name)} ({len(s.members)})</text></g>'
        )
    out.extend(body)
    return height


def render_svg(diagram: Diagram) -> str:
    """The diagram as a standalone SVG document (also embedded in the page)."""
    body: list[str] = []
    height = _draw(diagram, diagram.root, 0, 0, WIDTH, body) if diagram.sets else PAD
    title = f"Membership of Europe's organisations on {diagram.on.isoformat()}"
    desc = "; ".join(f"{s.name}: {len(s.members)}" for s in diagram.sets)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 {WIDTH + 4} {height + 4}" '
        f'width="{WIDTH + 4}" height="{height + 4}" role="img" aria-labelledby="diagram-title diagram-desc" '
        f'class="diagram"><title id="diagram-title">{escape(title)}</title>'
        f'<desc id="diagram-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )
