"""The membership diagram: groups by exact combination, nested regions where sets nest, valid SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from coopsec.architecture.diagram import membership_diagram, render_svg
from coopsec.kb import KnowledgeBase
from tests.conftest import d

SVG = "{http://www.w3.org/2000/svg}"


def test_groups_hold_states_with_the_same_memberships(kb: KnowledgeBase) -> None:
    diagram = membership_diagram(kb, d("2024-04-01"))
    every = [code for g in diagram.groups for code, _ in g.states]
    assert len(every) == len(set(every))  # each state in exactly one group
    by_state = {code: g for g in diagram.groups for code, _ in g.states}
    assert by_state["FI"] is by_state["SE"]  # both EU, NATO, Schengen, CoE, OSCE in 2024
    assert {"EU", "NATO", "SCHENGEN", "COE", "OSCE"} <= set(by_state["FI"].sets)
    assert by_state["CA"] is by_state["US"]
    assert by_state["AT"] is not by_state["FI"]  # Austria: not in NATO
    # The sets that nest are drawn as regions (the EU within the Council of Europe within the OSCE);
    # NATO and Schengen cut across, so they are named on the groups.
    assert diagram.regions[:3] == ("OSCE", "COE", "EU")
    assert "NATO" not in diagram.regions
    assert by_state["FI"].home == "EU"
    assert "NATO" in by_state["FI"].extra


def test_in_1960_the_weu_holds_the_six_and_the_united_kingdom(kb: KnowledgeBase) -> None:
    diagram = membership_diagram(kb, d("1960-01-01"))
    assert "WEU" in diagram.regions
    by_state = {code: g for g in diagram.groups for code, _ in g.states}
    assert by_state["GB"].home == "WEU"
    assert by_state["DE"].home == "EU"
    assert "OSCE" not in {s.key for s in diagram.sets}  # the CSCE did not exist yet


def test_the_svg_is_valid_and_names_every_state(kb: KnowledgeBase) -> None:
    diagram = membership_diagram(kb, d("1990-10-03"))
    root = ET.fromstring(render_svg(diagram))
    codes = {g.get("data-code") for g in root.iter(f"{SVG}g") if g.get("class") == "state"}
    assert codes == {code for g in diagram.groups for code, _ in g.states}
    assert {"SUHH", "DDDE"} - codes == {"DDDE"}  # the GDR ceased that very day; the USSR is drawn
    titles = {t.text for t in root.iter(f"{SVG}title")}
    assert "Union of Soviet Socialist Republics" in titles
    regions = {g.get("data-set") for g in root.iter(f"{SVG}g") if g.get("class") == "region"}
    assert regions == set(diagram.regions)
