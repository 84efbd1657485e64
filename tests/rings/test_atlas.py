"""The atlas agrees with the rings on every date, and draws the states that existed then."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopsec.kb import KnowledgeBase
from coopsec.rings import classify
from coopsec.rings.atlas import ATLAS_START, Atlas, build_atlas, change_days
from coopsec.rings.rival import RIVAL_PREFIX


@pytest.fixture(scope="module")
def atlas(kb: KnowledgeBase) -> Atlas:
    return build_atlas(kb, dt.date(2026, 11, 28))


def _expected(placement: object) -> tuple[str, tuple[str, ...]]:
    marks: tuple[str, ...] = ("ring1",) if placement.in_ring1 else ()  # type: ignore[attr-defined]
    if any(g.clause == "weu-art5" for g in placement.guarantees):  # type: ignore[attr-defined]
        marks += ("weu",)
    if any(r.text.startswith(RIVAL_PREFIX) for r in placement.reasons):  # type: ignore[attr-defined]
        marks += ("rival",)
    return placement.category, marks  # type: ignore[attr-defined]


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=ATLAS_START, max_value=dt.date(2026, 11, 28)))
def test_every_date_agrees_with_the_rings(kb: KnowledgeBase, atlas: Atlas, day: dt.date) -> None:
    placements = classify(kb, day).placements
    for placement in placements:
        assert atlas.place_on(placement.state, day) == _expected(placement), (placement.state, day)
    existing = {p.state for p in placements}
    for code in kb.states:
        if code not in existing:  # a state that has ended (or not begun) has no colour of its own
            assert atlas.place_on(code, day) in (None, (None, ())), (code, day)


@pytest.mark.parametrize(
    ("shape", "day", "holder"),
    [
        ("DEU", dt.date(1949, 3, 1), None),  # occupied Germany: no state yet, which is not "unknown"
        ("DEU", dt.date(1955, 6, 1), "DE"),
        ("DDR", dt.date(1955, 6, 1), "DDDE"),
        ("DDR", dt.date(1990, 10, 2), "DDDE"),
        ("DDR", dt.date(1990, 10, 3), "DE"),
        ("XSA", dt.date(1955, 6, 1), "XSDE"),
        ("XSA", dt.date(1957, 1, 1), "DE"),
        ("UKR", dt.date(1990, 10, 3), "SUHH"),
        ("UKR", dt.date(1991, 8, 24), "UA"),
        ("LTU", dt.date(1990, 3, 10), "SUHH"),
        ("LTU", dt.date(1990, 3, 11), "LT"),
        ("SVK", dt.date(1992, 12, 31), "CSHH"),
        ("SVK", dt.date(1993, 1, 1), "SK"),
        ("SVN", dt.date(1991, 6, 24), "YUCS"),
        ("MNE", dt.date(2004, 1, 1), "RS"),  # Serbia and Montenegro
        ("MNE", dt.date(2006, 6, 3), "ME"),
        ("XKX", dt.date(2007, 1, 1), "RS"),
        ("MLT", dt.date(1960, 1, 1), "GB"),  # a British colony until 1964
        ("DZA", dt.date(1960, 1, 1), "FR"),  # the Algerian departments of France
    ],
)
def test_shapes_are_held_by_the_states_of_the_date(atlas: Atlas, shape: str, day: dt.date, holder: str) -> None:
    assert atlas.holder_on(shape, day) == holder


def test_special_territories_follow_their_status(atlas: Atlas) -> None:
    # Greenland left the Communities in 1985: held by Denmark, covered by Art. 5 but not by TEU 42(7).
    assert atlas.holder_on("GRL", dt.date(2020, 1, 1)) == "GL"
    assert atlas.place_on("GL", dt.date(2020, 1, 1)) == ("core-nato", ("ring1",))
    assert atlas.place_on("DK", dt.date(2020, 1, 1)) == ("core-nato-eu", ("ring1",))


def test_change_days_start_with_the_atlas_and_include_each_new_year(kb: KnowledgeBase) -> None:
    days = change_days(kb, ATLAS_START, dt.date(2026, 11, 28))
    assert days[0] == ATLAS_START
    assert dt.date(2023, 4, 4) in days  # Finland joins NATO
    assert all(dt.date(y, 1, 1) in days for y in range(1950, 2027))


def test_milestones_name_enlargements_and_withdrawals(atlas: Atlas) -> None:
    labels = {(m["date"], m["label"]) for m in atlas.milestones}
    assert ("2023-04-04", "Finland joins NATO") in labels
    assert ("2020-02-01", "United Kingdom leaves EU") in labels
    assert all(m["date"] >= "1949-01-01" for m in atlas.milestones)


def test_the_json_is_compact_and_complete(atlas: Atlas) -> None:
    body = atlas.to_dict()
    assert {c["id"] for c in body["categories"]} >= {"no-data", "below-criterion", "outside"}
    assert body["states"]["GL"]["territory_of"] == "DK"
    assert len(atlas.json) < 120_000


def test_rival_blocs_are_marked_in_the_outer_area(atlas: Atlas) -> None:
    assert atlas.place_on("AM", dt.date(2016, 1, 1)) == ("outer-area", ("rival",))
    assert atlas.place_on("GE", dt.date(2016, 1, 1)) == ("outer-area", ())
