"""Property tests for the half-open interval arithmetic every "as of" answer rests on."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopsec.dates import EARLIEST, holds_on, intersect, latest, overlaps, parse_date
from coopsec.errors import BadDateError, InputError

days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
maybe = st.one_of(st.none(), days)


@st.composite
def spells(draw: st.DrawFn) -> tuple[dt.date | None, dt.date | None]:
    start, end = draw(maybe), draw(maybe)
    if start is not None and end is not None and end <= start:
        start, end = end, start + dt.timedelta(days=1) if end == start else start
    return start, end


@given(spells(), days)
def test_a_spell_holds_from_its_start_until_the_day_before_its_end(
    spell: tuple[dt.date | None, dt.date | None], day: dt.date
) -> None:
    start, end = spell
    assert holds_on(start, end, day) == ((start is None or start <= day) and (end is None or day < end))
    if end is not None:
        assert not holds_on(start, end, end)
    if start is not None and (end is None or start < end):
        assert holds_on(start, end, start)


@given(spells(), spells(), days)
def test_overlap_means_a_shared_day(
    a: tuple[dt.date | None, dt.date | None], b: tuple[dt.date | None, dt.date | None], day: dt.date
) -> None:
    if holds_on(*a, day) and holds_on(*b, day):
        assert overlaps(*a, *b)
    common = intersect(*a, *b)
    assert (common is not None) == overlaps(*a, *b)
    if common is not None:
        assert holds_on(*common, day) == (holds_on(*a, day) and holds_on(*b, day))


@given(spells(), spells())
def test_overlap_is_symmetric(
    a: tuple[dt.date | None, dt.date | None], b: tuple[dt.date | None, dt.date | None]
) -> None:
    assert overlaps(*a, *b) == overlaps(*b, *a)


@given(days, days)
def test_touching_spells_do_not_overlap(a: dt.date, b: dt.date) -> None:
    start, middle = min(a, b), max(a, b)
    if start < middle:
        assert not overlaps(start, middle, middle, None)


@given(days)
def test_iso_dates_round_trip(day: dt.date) -> None:
    if EARLIEST <= day <= latest():
        assert parse_date(day.isoformat()) == day
    else:  # outside the dates coopsec answers for: refused with the range
        with pytest.raises(BadDateError, match=EARLIEST.isoformat()):
            parse_date(day.isoformat())


def test_long_bad_input_is_not_echoed_whole() -> None:
    with pytest.raises(BadDateError) as info:
        parse_date("x" * 10_000)
    assert len(str(info.value)) < 300


@pytest.mark.parametrize("text", ["2024-13-01", "2024-02-30", "07/03/2024", "2024-3-7", "", "yesterday"])
def test_bad_dates_are_input_errors_that_show_the_form(text: str) -> None:
    with pytest.raises(BadDateError, match="YYYY-MM-DD") as info:
        parse_date(text, what="--on")
    assert isinstance(info.value, InputError) and isinstance(info.value, ValueError)


@pytest.mark.parametrize("day", ["0001-01-01", "1944-12-31", "9999-12-31"])
def test_the_cli_refuses_a_date_outside_the_range_with_it(day: str) -> None:
    from typer.testing import CliRunner

    from coopsec.cli.app import app

    result = CliRunner().invoke(app, ["rings", "--on", day])
    assert result.exit_code == 2 and f"from {EARLIEST.isoformat()} to {latest().isoformat()}" in result.stderr
    assert "Traceback" not in result.output
