"""The missions as the atlas page draws them: a marker per host state, filtered by kind.

The page already knows, for every date, which state holds each map shape (the atlas); it places a
mission on the shapes its host holds on the chosen date, so an OSCE mission to the Federal Republic
of Yugoslavia sits on Serbia, Montenegro and Kosovo together. A host outside the knowledge base is
placed on its ISO country's shape, and a sea area on the representative point its data gives.
"""

from __future__ import annotations

from typing import Any

import pycountry

from coopsec.kb import KnowledgeBase
from coopsec.missions.registry import Mission, bundled_missions

#: The map's three kinds of mission, in the order of its filter (the issue's civilian, military, OSCE).
KINDS: tuple[tuple[str, str], ...] = (
    ("civilian", "EU civilian missions (CSDP)"),
    ("military", "EU military operations (CSDP)"),
    ("osce", "OSCE field operations"),
)


def map_kind(mission: Mission) -> str:
    """The map's kind of a mission: an OSCE field operation, or a CSDP mission's civilian/military kind."""
    return "osce" if mission.family == "osce" else mission.kind


def _alpha3(code: str) -> str | None:
    country = pycountry.countries.get(alpha_2=code)
    return str(country.alpha_3) if country is not None else None


def missions_for_map(kb: KnowledgeBase) -> dict[str, Any]:
    """Every mission with what the map needs: dates, kind, hosts (KB codes), shapes or a point."""
    missions = []
    for m in bundled_missions(kb):
        missions.append(
            {
                "id": m.id,
                "name": m.name,
                "kind": map_kind(m),
                "start": m.start.isoformat(),
                "end": m.end.isoformat() if m.end else None,
                "hosts": list(m.hosts),
                "shapes": [a3 for a3 in (_alpha3(c) for c in m.area_countries) if a3],
                "position": list(m.position) if m.position else None,
                "area": m.area,
                "mandate": m.mandate,
                "source": kb.sources[m.source].title,
                "href": kb.sources[m.source].href,
            }
        )
    return {"kinds": [{"id": k, "label": label} for k, label in KINDS], "missions": missions}
