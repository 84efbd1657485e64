"""Where a clause reaches: the Art. 6 area, the territory where the EU Treaties apply, Europe.

The Art. 6 area is decided by labelled rules (:data:`AREA`) over the geography and status facts of
the data (continent, Tropic of Cancer, sea, island, who holds the territory on the date, the 1949
occupation areas) and over the elements of the text of Art. 6 *in force on the date* (its ``area``
in the treaty data: the original text of 1949 until 18 February 1952, the amended text after). The
findings carry the facts and the rules that fired, so a new territory or a new text in the data is
classified without touching the code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coopsec.kb.model import Area, Clause, KnowledgeBase, SeaArea, Source, Territory
from coopsec.obligations.event import Place
from coopsec.obligations.index import EpochIndex
from coopsec.obligations.rules.engine import Rule, RuleSet, always


@dataclass(frozen=True, slots=True)
class AreaFinding:
    """A classification and the facts (text, source) behind it."""

    value: str
    facts: tuple[tuple[str, Source], ...]


def _geography(territory: Territory, holder: str, name: str) -> str:
    tropic = "north" if territory.north_of_tropic else "south"
    sea = f", {territory.sea.replace('_', ' ')}" if territory.sea else ""
    kind = "island(s)" if territory.island else "mainland"
    return (
        f"{name} ({territory.code}) belongs to {holder}: {kind} in "
        f"{territory.continent.replace('_', ' ')}{sea}, {tropic} of the Tropic of Cancer"
    )


@dataclass(frozen=True, slots=True)
class AreaFacts:
    """What the Art. 6 area rules read about a place on a date, with the text of Art. 6 in force.

    Attributes:
        where: ``territory``, ``sea`` or ``forces`` (the victim's forces in or over a territory).
        version: the version of Art. 6 in force, with its :class:`~coopsec.kb.model.Area`.
        territory: the territory (for ``territory`` and ``forces``).
        sea: the sea or air area (for ``sea``).
        holder: the state that holds the territory on the date.
        holder_is_party: whether that state is a Party on the date.
        occupation: whether the territory is a 1949 occupation area in Europe.

    """

    where: str
    version: Clause
    area: Area
    territory: Territory | None
    sea: SeaArea | None
    holder: str | None
    holder_is_party: bool
    occupation: bool
    name: str = ""  # the territory's name on the date (e.g. "the Algerian departments of France")
    open_case: str | None = None  # the data's classification where the text leaves the case open
    open_note: str = "see the data"  # why it is open

    def mainland(self) -> bool:
        """Territory (not islands) in Europe or North America, as the text in force names them."""
        t = self.territory
        return t is not None and not t.island and t.continent in self.area.continents

    def european_island(self) -> bool:
        """Islands in Europe: territory of a Party in Europe."""
        t = self.territory
        return t is not None and t.island and t.continent == "europe" and "europe" in self.area.continents

    def atlantic_island(self) -> bool:
        """Islands in the North Atlantic area north of the Tropic of Cancer."""
        t = self.territory
        return (
            t is not None
            and self.area.north_atlantic_islands
            and t.island
            and t.sea == "north_atlantic"
            and t.north_of_tropic
        )

    def named(self) -> bool:
        """A territory the text names (the Algerian departments of France, Turkey), while a Party holds it."""
        t = self.territory
        return t is not None and t.code in self.area.named and self.holder_is_party

    def in_area(self) -> bool:
        """A territory inside the area by the first indent."""
        return self.mainland() or self.european_island() or self.atlantic_island() or self.named()

    def classified(self) -> str | None:
        """The data's own classification of a territory whose case the text leaves open (e.g. GB-SBA)."""
        return self.open_case

    def sea_value(self) -> str | None:
        """Whether vessels and aircraft in the sea area are covered by the text in force."""
        return self.area.seas.get(self.sea.code) if self.sea is not None else None


def _text(f: AreaFacts) -> str:
    return f.version.article


AREA: RuleSet[str] = RuleSet(
    "nato-art6-area",
    reads=(),
    rules=[
        Rule(
            "art6.default",
            "out",
            always,
            lambda f: f"outside the area {_text(f)} describes",
            cites="North Atlantic Treaty, Art. 6",
        ),
        Rule(
            "art6.sea-covered",
            "in",
            lambda f: f.where == "sea" and f.sea_value() == "in",
            lambda f: f"{_text(f)} covers vessels and aircraft in the {f.sea.name} ({f.area.reading})",
            "art6.default",
            cites="North Atlantic Treaty, Art. 6 (vessels or aircraft)",
        ),
        Rule(
            "art6.sea-open",
            "contested",
            lambda f: f.where == "sea" and f.sea_value() == "contested",
            lambda f: f"{_text(f)} does not name the {f.sea.name}: {f.area.reading}",
            "art6.default",
            cites="North Atlantic Treaty, Art. 6 (vessels or aircraft)",
        ),
        Rule(
            "art6.sea-not-covered",
            "out",
            lambda f: f.where == "sea" and f.sea_value() == "out",
            lambda f: f"{_text(f)} does not cover vessels or aircraft in the {f.sea.name} ({f.area.reading})",
            "art6.default",
            cites="North Atlantic Treaty, Art. 6 (vessels or aircraft)",
        ),
        Rule(
            "art6.mainland",
            "in",
            lambda f: f.where == "territory" and f.mainland(),
            lambda f: f"{_text(f)}: territory of a Party in Europe or North America",
            "art6.default",
            cites="North Atlantic Treaty, Art. 6, first indent",
        ),
        Rule(
            "art6.european-islands",
            "in",
            lambda f: f.where == "territory" and f.european_island(),
            lambda f: f"{_text(f)}: islands in Europe are territory of a Party in Europe",
            "art6.default",
            cites="North Atlantic Treaty, Art. 6, first indent",
        ),
        Rule(
            "art6.atlantic-islands",
            "in",
            lambda f: f.where == "territory" and f.atlantic_island(),
            lambda f: (
                f"{_text(f)}: islands under a Party's jurisdiction in the North Atlantic area north of the "
                "Tropic of Cancer"
            ),
            "art6.default",
            cites="North Atlantic Treaty, Art. 6, first indent",
        ),
        Rule(
            "art6.named-territory",
            "in",
            lambda f: f.where == "territory" and f.named(),
            lambda f: f"{_text(f)} names this territory ({f.name}, held by {f.holder}, a Party)",
            "art6.default",
            cites="North Atlantic Treaty, Art. 6, first indent",
        ),
        Rule(
            "art6.territory-open",
            "contested",
            lambda f: f.where == "territory" and not f.in_area() and f.classified() == "contested",
            lambda f: f"whether {_text(f)} covers it is open: {f.open_note}",
            "art6.default",
            cites="North Atlantic Treaty, Art. 6, first indent",
        ),
        Rule(
            "art6.forces-occupation-area",
            "in",
            lambda f: f.where == "forces" and f.occupation,
            lambda f: (
                f"{_text(f)} covers forces in an area in Europe where occupation forces of Parties were "
                "stationed when the Treaty entered into force (24 August 1949)"
            ),
            "art6.default",
            cites="North Atlantic Treaty, Art. 6 (occupation forces)",
        ),
        Rule(
            "art6.forces-in-party-territory",
            "in",
            lambda f: f.where == "forces" and f.area.forces == "territories" and f.in_area() and f.holder_is_party,
            lambda f: (
                f"{_text(f)} covers the forces of any Party in or over the territories in the area "
                f"({f.territory.name}, territory of {f.holder}, a Party)"
            ),
            "art6.default",
            cites="North Atlantic Treaty, Art. 6, second indent",
        ),
        Rule(
            "art6.forces-stationed-open",
            "contested",
            lambda f: (
                f.where == "forces"
                and f.area.forces == "occupation"
                and not f.occupation
                and f.in_area()
                and f.holder_is_party
            ),
            lambda f: (
                f"{_text(f)} names only occupation forces in Europe and vessels or aircraft in the North "
                "Atlantic area: whether an attack on a Party's forces stationed on another Party's territory is "
                "covered is for the North Atlantic Council"
            ),
            "art6.default",
            cites="North Atlantic Treaty, Art. 6 (original text)",
        ),
        Rule(
            "art6.forces-territory-open",
            "contested",
            lambda f: f.where == "forces" and not f.occupation and not f.in_area() and f.classified() == "contested",
            lambda f: f"whether {_text(f)} covers forces there is open: {f.open_note}",
            "art6.default",
            cites="North Atlantic Treaty, Art. 6, second indent",
        ),
    ],
)


def art6_finding(kb: KnowledgeBase, index: EpochIndex, place: Place, day: dt.date) -> AreaFinding:
    """Art. 6 for any place on ``day``, by the labelled rules :data:`AREA` over the text in force."""
    version = index.epoch(day).clause("nato-art6")
    if version is None or version.area is None:  # no text in force: nothing is inside its area
        versions = kb.clauses.get("nato-art6", ())
        source = versions[0].source if versions else kb.sources["north-atlantic-treaty"]
        return AreaFinding("out", (("Article 6 is not in force on the date", source),))
    territory = place.territory
    holder = territory.holder_on(day) if territory is not None else None
    former = territory.sovereign_on(day) if territory is not None else None
    occupation = kb.places.occupation if kb.places else None
    facts = AreaFacts(
        where=place.kind,
        version=version,
        area=version.area,
        territory=territory,
        sea=place.sea,
        holder=holder,
        holder_is_party=holder is not None and holder in index.members("NATO", day),
        occupation=(
            occupation is not None
            and territory is not None
            and holder in occupation.states
            and territory.continent == "europe"
        ),
        name=former.name if former is not None else territory.name if territory is not None else place.code,
        open_case=(former.art6 if former is not None else territory.art6) if territory is not None else None,
        open_note=(former.note if former is not None else territory.note if territory is not None else None)
        or "see the data",
    )
    decision = AREA.decide(facts)
    found: list[tuple[str, Source]] = []
    if territory is not None:
        found.append((_geography(territory, str(holder), facts.name), former.source if former else territory.source))
    elif place.sea is not None:
        note = f" ({place.sea.note})" if place.sea.note else ""
        found.append((f"{place.sea.name}{note}", place.sea.source))
    if facts.occupation and occupation is not None:
        found.append(
            (
                f"{territory.name if territory else place.code}: a 1949 occupation area ({occupation.note})",
                occupation.source,
            )
        )
    for rule in decision.fired[1:] or decision.fired:
        cites = f" [{rule.cites}]" if rule.cites else ""
        found.append((f"Art. 6 area: {rule.label} -> {rule.outcome}: {rule.because(facts)}{cites}", version.source))
    return AreaFinding(decision.outcome, tuple(found))


def treaty_territory_finding(place: Place, day: dt.date) -> AreaFinding:
    """Whether the EU Treaties apply at the place (TFEU Art. 355)."""
    if place.sea is not None:
        return AreaFinding("sea", ((f"{place.sea.name}: a sea or air area, not land territory", place.sea.source),))
    territory = place.territory
    assert territory is not None
    if place.kind == "forces":
        return AreaFinding(
            "forces", ((f"the victim's forces in {territory.name}: not its territory", territory.source),)
        )
    status = territory.eu_status_on(day)
    if status is None:
        return AreaFinding(
            "national", ((f"{territory.name}: no TFEU Art. 355 status recorded for the date", territory.source),)
        )
    labels = {
        "part": "part of the Member State's territory where the Treaties apply",
        "outermost": "an outermost region, where the Treaties apply (TFEU Arts. 349, 355(1))",
        "oct": "an overseas country or territory, where the Treaties do not apply (TFEU 355(2), Annex II)",
        "outside": "outside the territory where the Treaties apply (TFEU 355)",
    }
    value = "treaties" if status.status in ("part", "outermost") else "national"
    since = f" (from {status.start})" if status.start else ""
    until = f" (until {status.end})" if status.end else ""
    text = f"{territory.name} ({territory.code}): {labels[status.status]}{since}{until}"
    return AreaFinding(value, ((text, status.source),))


def europe_finding(place: Place, day: dt.date) -> AreaFinding:
    """Whether the place is "in Europe" (Modified Brussels Treaty Art. V)."""
    if place.sea is not None:
        return AreaFinding(
            "contested", ((f"{place.sea.name}: whether a sea area counts as 'in Europe' is open", place.sea.source),)
        )
    territory = place.territory
    assert territory is not None
    value = "in" if territory.continent == "europe" else "out"
    former = territory.sovereign_on(day)
    name = former.name if former is not None else territory.name
    return AreaFinding(value, ((_geography(territory, territory.holder_on(day), name), territory.source),))
