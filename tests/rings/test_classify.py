"""The rings: core, collective security, collective defence and the outer area, with reasons."""

from __future__ import annotations

from typing import Any

import pytest

from coopsec.errors import InputError
from coopsec.kb import KnowledgeBase
from coopsec.rings import classify, parse_criterion, place_state
from coopsec.rings.profile import state_report
from tests.conftest import d


def test_finland_before_nato_holds_the_eu_clause_only(kb: KnowledgeBase) -> None:
    fi = place_state(kb, "FI", d("2022-06-01"))
    assert fi.place == "core"
    assert [g.clause for g in fi.guarantees] == ["teu-42-7"]
    eu = fi.guarantees[0]
    assert "FI" not in eu.parties and len(eu.parties) == 26
    caveats = dict(eu.caveats)
    specific = next(p for t, p in caveats.items() if "specific character" in t)
    assert specific == ("AT", "IE", "MT", "SE")  # Cyprus has never claimed neutrality (security_policy.yaml)
    assert any(p == ("DK",) for p in caveats.values())  # the defence opt-out until 2022-07-01


def test_finland_holds_article_5_from_its_deposit(kb: KnowledgeBase) -> None:
    assert [g.clause for g in place_state(kb, "FI", d("2023-04-03")).guarantees] == ["teu-42-7"]
    after = place_state(kb, "FI", d("2023-04-04"))
    assert [g.clause for g in after.guarantees] == ["nato-art5", "teu-42-7"]
    art5 = after.guarantees[0]
    assert len(art5.parties) == 30 and "US" in art5.parties


def test_the_eu_clause_exists_only_from_lisbon(kb: KnowledgeBase) -> None:
    assert [g.clause for g in place_state(kb, "FR", d("2009-11-30")).guarantees] == ["nato-art5", "weu-art5"]
    assert [g.clause for g in place_state(kb, "FR", d("2009-12-01")).guarantees] == [
        "nato-art5",
        "teu-42-7",
        "weu-art5",
    ]
    assert [g.clause for g in place_state(kb, "FR", d("2011-06-30")).guarantees] == ["nato-art5", "teu-42-7"]
    assert place_state(kb, "AT", d("2005-01-01")).guarantees == ()


def test_after_brexit_the_uk_holds_article_5_alone(kb: KnowledgeBase) -> None:
    assert [g.clause for g in place_state(kb, "GB", d("2019-06-01")).guarantees] == [
        "nato-art5",
        "teu-42-7",
    ]
    assert [g.clause for g in place_state(kb, "GB", d("2021-01-01")).guarantees] == ["nato-art5"]


def test_rings_in_1995(kb: KnowledgeBase) -> None:
    rings = classify(kb, d("1995-06-01"))
    core = rings.codes("core")
    assert {"AT", "FI", "SE", "US", "CA", "TR"} <= set(core)
    assert "PL" not in core and "PL" in rings.codes("outer_area")
    assert "SUHH" not in [p.state for p in rings.placements]  # no longer exists
    assert "CZ" in [p.state for p in rings.placements] and "CSHH" not in [p.state for p in rings.placements]
    ring2 = {p.state for p in rings.placements if p.in_ring2}
    assert "AT" not in ring2 and "NO" in ring2
    for placement in rings.placements:
        assert placement.reasons, placement.state


def test_members_below_the_criterion_are_listed_apart_not_dropped(kb: KnowledgeBase) -> None:
    rings = classify(kb, d("2024-06-01"))
    below = rings.codes("below_criterion")
    assert "HU" in below and "HU" not in rings.codes("core")
    hu = next(p for p in rings.placements if p.state == "HU")
    assert hu.criterion is not None and hu.criterion.year == 2023 and hu.criterion.met is False
    assert hu.in_ring1 and hu.in_ring2  # still bound and still guaranteed
    assert any("listed apart" in r.text for r in hu.reasons)


def test_before_the_libdem_data_begins_the_criterion_is_no_data_not_below(kb: KnowledgeBase) -> None:
    # The Liberal Democracy Index exists only in V-Dem v14 (1970-2023): before 1971 it cannot be read.
    rings = classify(kb, d("1960-01-01"), parse_criterion("libdem>=0.5"))
    assert rings.codes("core") == [] and rings.codes("below_criterion") == []
    be = next(p for p in rings.placements if p.state == "BE")
    assert be.place == "no_data" and be.category == "no-data"
    assert be.criterion is not None and be.criterion.met is None and be.criterion.no_data
    assert [g.clause for g in be.guarantees] == ["nato-art5", "weu-art5"]
    assert any("'no data'" in r.text and "V-Dem v14 1970-2023" in r.text for r in be.reasons)
    body: dict[str, Any] = rings.to_dict(kb)
    assert "BE" in body["no_data"] and body["below_criterion"] == []
    assert body["criterion"]["dataset"] is None and body["criterion"]["year"] is None


def test_the_criterion_can_be_overridden(kb: KnowledgeBase) -> None:
    strict = parse_criterion("libdem>=0.75")
    rings = classify(kb, d("2024-06-01"), strict)
    assert "DK" in rings.codes("core") and "PL" not in rings.codes("core")
    assert "PL" in rings.codes("below_criterion")
    with pytest.raises(InputError, match="INDICATOR OP VALUE"):
        parse_criterion("freedom>=2")


def test_outer_area_and_outside(kb: KnowledgeBase) -> None:
    ua = place_state(kb, "UA", d("2022-06-23"))
    assert ua.place == "outer_area" and not ua.in_ring1 and not ua.in_ring2
    assert {(i.organisation, i.status) for i in ua.instruments} >= {
        ("EU", "candidate"),
        ("EAP", "member"),
        ("OSCE", "member"),
    }
    by = place_state(kb, "BY", d("2022-01-01"))
    assert ("EAP", "suspended") in {(i.organisation, i.status) for i in by.instruments}
    assert place_state(kb, "NG", d("2022-01-01")).place == "outside"


def test_ring1_binds_eu_and_nato_members_to_peaceful_settlement(kb: KnowledgeBase) -> None:
    fi = place_state(kb, "FI", d("2024-06-01"))
    bonds = {b.organisation: b for b in fi.bonds}
    assert bonds["NATO"].clause == "nato-art1" and bonds["EU"].clause == "tfeu-344"
    assert "SE" in bonds["NATO"].parties
    old = place_state(kb, "FR", d("1970-01-01"))
    assert {b.clause for b in old.bonds} == {"eec-219", "nato-art1"}
    assert {c.organisation for c in fi.cooperation} >= {"EU", "SCHENGEN", "UCPM"}


def test_state_report_has_memberships_policy_and_placement_with_sources(kb: KnowledgeBase) -> None:
    report = state_report(kb, "FI", d("2022-06-01"))
    assert report["exists"] is True
    memberships = report["memberships"]
    assert isinstance(memberships, list) and {m["organisation"] for m in memberships} >= {"EU", "OSCE", "PESCO"}
    assert all(m["source"]["title"] for m in memberships)
    assert report["security_policy"][0]["status"] == "non_aligned"
