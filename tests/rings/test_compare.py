"""Two dates compared: who entered, who left, who changed place, each with its dated reasons."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopsec.errors import BadDateError
from coopsec.kb import KnowledgeBase
from coopsec.rings import compare
from tests.conftest import d

DAYS = st.dates(min_value=dt.date(1949, 1, 1), max_value=dt.date(2026, 11, 28))


def test_finland_and_sweden_enter_nato_between_2022_and_2024(kb: KnowledgeBase) -> None:
    result = compare(kb, d("2022-01-01"), d("2024-04-01"))
    nato = [m for m in result.memberships if m.organisation == "NATO"]
    assert [(m.state, m.change, m.date) for m in nato] == [
        ("FI", "gained", d("2023-04-04")),
        ("SE", "gained", d("2024-03-07")),
    ]
    changed = {c.state: c for c in result.changed}
    assert (changed["FI"].before, changed["FI"].after) == ("core-eu", "core-nato-eu")
    reasons = [r for r in changed["SE"].reasons if r.date == d("2024-03-07")]
    assert reasons and reasons[0].source is not None and "North Atlantic" in reasons[0].text
    assert any("Article 5" in r.text for r in changed["SE"].reasons)
    assert {m.state for m in result.memberships if m.organisation == "SCHENGEN"} == {"HR", "BG", "RO"}


def test_the_united_kingdom_leaves_the_eu_on_2020_02_01(kb: KnowledgeBase) -> None:
    result = compare(kb, d("2019-12-31"), d("2020-02-01"))
    eu = [m for m in result.memberships if m.organisation == "EU" and m.status == "member"]
    assert [(m.state, m.change, m.date) for m in eu] == [("GB", "lost", d("2020-02-01"))]
    gb = next(c for c in result.changed if c.state == "GB")
    assert (gb.before, gb.after) == ("core-nato-eu", "core-nato")
    assert any("42(7)" in r.text for r in gb.reasons)
    # A spell split in two on a day in between is no change of membership.
    assert not [m for m in result.memberships if m.state == "GB" and m.organisation == "UCPM"]


def test_the_gdr_and_the_ussr_leave_the_system_when_they_cease_to_exist(kb: KnowledgeBase) -> None:
    result = compare(kb, d("1989-01-01"), d("1992-01-01"))
    left = {c.state: c for c in result.left}
    assert {"DDDE", "SUHH"} <= set(left)
    assert left["DDDE"].after is None
    assert left["DDDE"].reasons[0].date == d("1990-10-03")
    assert "ceases to exist" in left["DDDE"].reasons[0].text


def test_dates_out_of_range_are_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(BadDateError, match="outside the dates"):
        compare(kb, d("1900-01-01"), d("2020-01-01"))


@settings(max_examples=15, deadline=None)
@given(day=DAYS)
def test_a_date_compared_with_itself_shows_no_difference(kb: KnowledgeBase, day: dt.date) -> None:
    assert compare(kb, day, day).empty


@settings(max_examples=15, deadline=None)
@given(a=DAYS, b=DAYS)
def test_entering_one_way_is_leaving_the_other(kb: KnowledgeBase, a: dt.date, b: dt.date) -> None:
    forward, backward = compare(kb, a, b), compare(kb, b, a)
    assert [c.state for c in forward.entered] == [c.state for c in backward.left]
    assert [c.state for c in forward.left] == [c.state for c in backward.entered]
    assert {(m.state, m.organisation, m.status, m.date) for m in forward.memberships if m.change == "gained"} == {
        (m.state, m.organisation, m.status, m.date) for m in backward.memberships if m.change == "lost"
    }
