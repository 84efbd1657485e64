"""Where a clause reaches: the Art. 6 area, the territory where the EU Treaties apply, Europe.

These functions read only the geography and status facts of the data (continent, Tropic of Cancer,
sea, island, TFEU Art. 355 status, the 1949 occupation areas) and return a finding with the facts
it used, so a new territory in the data is classified without touching the code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coopsec.kb.model import KnowledgeBase, Source, Territory
from coopsec.obligations.event import Place
from coopsec.obligations.index import EpochIndex

ART6_CONTINENTS = ("europe", "north_america")  # "the territory of any of the Parties in Europe or North America"


@dataclass(frozen=True, slots=True)
class AreaFinding:
    """A classification and the facts (text, source) behind it."""

    value: str
    facts: tuple[tuple[str, Source], ...]


def _geography(territory: Territory) -> str:
    tropic = "north" if territory.north_of_tropic else "south"
    sea = f", {territory.sea.replace('_', ' ')}" if territory.sea else ""
    kind = "island(s)" if territory.island else "mainland"
    return (
        f"{territory.name} ({territory.code}) belongs to {territory.sovereign}: {kind} in "
        f"{territory.continent.replace('_', ' ')}{sea}, {tropic} of the Tropic of Cancer"
    )


def art6_territory(territory: Territory) -> tuple[str, str]:
    """Art. 6 first indent for a territory: ``(in|out|contested, reason)``."""
    if territory.art6 is not None:
        return territory.art6, territory.note or "classified in the data"
    if not territory.island and territory.continent in ART6_CONTINENTS:
        return "in", "territory in Europe or North America"
    if territory.island and territory.continent == "europe":
        return "in", "islands in Europe"
    if territory.island and territory.sea == "north_atlantic" and territory.north_of_tropic:
        return "in", "islands in the North Atlantic area north of the Tropic of Cancer"
    return "out", "neither in Europe or North America nor an island of the North Atlantic north of the Tropic of Cancer"


def art6_finding(kb: KnowledgeBase, index: EpochIndex, place: Place, day: dt.date) -> AreaFinding:
    """Art. 6 (as amended in 1951) for any place: territory, sea area, or forces abroad."""
    if place.sea is not None:
        sea = place.sea
        note = f" ({sea.note})" if sea.note else ""
        return AreaFinding(sea.art6, ((f"{sea.name}: Art. 6 area {sea.art6}{note}", sea.source),))
    territory = place.territory
    assert territory is not None
    value, why = art6_territory(territory)
    facts: list[tuple[str, Source]] = [
        (_geography(territory), territory.source),
        (f"Art. 6 first indent: {value} ({why})", kb.sources["art6-area"]),
    ]
    if place.kind == "territory":
        return AreaFinding(value, tuple(facts))
    # Second indent: forces, vessels or aircraft in or over the Parties' territories in the area,
    # any area in Europe occupied by Parties' forces on 24 August 1949, or the two seas.
    occupation = kb.places.occupation if kb.places else None
    party = territory.sovereign in index.members("NATO", day)
    if value == "in" and party:
        facts.append(
            (
                f"{territory.sovereign} is a Party: forces in or over its territory are covered",
                kb.sources["north-atlantic-treaty"],
            )
        )
        return AreaFinding("in", tuple(facts))
    if occupation is not None and territory.sovereign in occupation.states and territory.continent == "europe":
        facts.append(
            (
                f"{territory.name} is an area in Europe where occupation forces of Parties were stationed on "
                f"1949-08-24 ({occupation.note})",
                occupation.source,
            )
        )
        return AreaFinding("in", tuple(facts))
    if value == "contested":
        return AreaFinding("contested", tuple(facts))
    facts.append(
        (
            f"forces in {territory.name} are outside the Art. 6 area: not the territory of a Party in the area, "
            "nor a 1949 occupation area, nor the Mediterranean or the North Atlantic",
            kb.sources["art6-area"],
        )
    )
    return AreaFinding("out", tuple(facts))


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


def europe_finding(place: Place) -> AreaFinding:
    """Whether the place is "in Europe" (Modified Brussels Treaty Art. V)."""
    if place.sea is not None:
        return AreaFinding(
            "contested", ((f"{place.sea.name}: whether a sea area counts as 'in Europe' is open", place.sea.source),)
        )
    territory = place.territory
    assert territory is not None
    value = "in" if territory.continent == "europe" else "out"
    return AreaFinding(value, ((_geography(territory), territory.source),))
