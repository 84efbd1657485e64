"""Every mission can be drawn on the atlas: its hosts, an area country or a point have a place on the map.

The map (``web/static/map/atlas.topo.json``) holds the shapes of Europe's neighbourhood only; a
mission in a country it does not draw (the DR Congo, Mozambique, Aceh) needs a ``position`` in its
data, or the page lists it as "not on the map". This keeps new data from silently dropping off the map.
"""

from __future__ import annotations

import json

import pycountry

from coopsec.kb import KnowledgeBase
from coopsec.missions import bundled_missions
from coopsec.web.pages.common import STATIC


def test_every_mission_has_a_place_on_the_map(kb: KnowledgeBase) -> None:
    topology = json.loads((STATIC / "map" / "atlas.topo.json").read_text(encoding="utf-8"))
    drawn = {g["properties"]["a3"] for g in topology["objects"]["countries"]["geometries"]}
    missing = []
    for m in bundled_missions(kb):
        hosts = [kb.states[h].alpha3 for h in m.hosts]
        areas = [pycountry.countries.get(alpha_2=c).alpha_3 for c in m.area_countries]  # type: ignore[union-attr]
        if not (set(hosts + areas) & drawn) and m.position is None:
            missing.append(m.id)
    assert missing == [], f"give these missions a position [lon, lat] (the map has no shape for them): {missing}"
