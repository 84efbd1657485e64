"""Dates and half-open spells, the time arithmetic every "as of" answer rests on.

A spell ``[start, end)`` holds on day D when ``start <= D < end``: "as of D" means at the start of
day D, so a membership ending on 2020-02-01 still holds on 2020-01-31 and no longer on 2020-02-01.
An open start means "since before anything the data records"; an open end means "still holds".
"""

from __future__ import annotations

import datetime as dt
import re

from coopsec.errors import BadDateError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: The dates coopsec answers for: from 1945 (the United Nations, the first year of the V-Dem data the
#: criterion reads) to a horizon ten years ahead (answers about the future repeat today's data).
EARLIEST = dt.date(1945, 1, 1)
HORIZON_YEARS = 10


def latest() -> dt.date:
    """The last date accepted: the end of the year ``HORIZON_YEARS`` from now."""
    return dt.date(dt.date.today().year + HORIZON_YEARS, 12, 31)


def shown(text: object, limit: int = 80) -> str:
    """A user's value as an error message repeats it: quoted, and cut when long."""
    value = str(text)
    return repr(value if len(value) <= limit else value[:limit] + "...")


def check_range(day: dt.date, *, what: str = "date") -> dt.date:
    """``day``, when it lies between :data:`EARLIEST` and :func:`latest`.

    Raises:
        BadDateError: naming the range.

    """
    if not EARLIEST <= day <= latest():
        raise BadDateError(
            f"{what} {day.isoformat()} is outside the dates coopsec answers for: give a date from "
            f"{EARLIEST.isoformat()} to {latest().isoformat()}"
        )
    return day


def parse_date(text: str, *, what: str = "date") -> dt.date:
    """Parse an ISO ``YYYY-MM-DD`` date, or the word ``today``.

    Args:
        text: the user's input.
        what: how to name the value in the error message (e.g. ``--on``).

    Raises:
        BadDateError: when the text is not a real calendar date in ISO form, or lies outside the
            dates coopsec answers for (:func:`check_range`).

    """
    value = text.strip()
    if value.lower() == "today":
        return dt.date.today()
    if not _ISO_DATE.match(value):
        raise BadDateError(
            f"{what} {shown(text)} is not a date: use the ISO form YYYY-MM-DD, e.g. 2024-03-07, or 'today'"
        )
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as err:
        raise BadDateError(
            f"{what} {shown(text)} is not a calendar date ({err}): use YYYY-MM-DD, e.g. 2024-03-07"
        ) from err
    return check_range(day, what=what)


def holds_on(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    """Whether the half-open spell ``[start, end)`` holds as of the start of ``day``."""
    return (start is None or start <= day) and (end is None or day < end)


def overlaps(a_start: dt.date | None, a_end: dt.date | None, b_start: dt.date | None, b_end: dt.date | None) -> bool:
    """Whether two half-open spells share at least one day.

    Touching spells (one ends the day the other starts) do not overlap, which is how a state moves
    from candidate to member, or from member to suspended, without a gap or a double count.
    """
    a_before_b_ends = b_end is None or a_start is None or a_start < b_end
    b_before_a_ends = a_end is None or b_start is None or b_start < a_end
    return a_before_b_ends and b_before_a_ends


def intersect(
    a_start: dt.date | None, a_end: dt.date | None, b_start: dt.date | None, b_end: dt.date | None
) -> tuple[dt.date | None, dt.date | None] | None:
    """The common part of two half-open spells, or ``None`` when they share no day."""
    if not overlaps(a_start, a_end, b_start, b_end):
        return None
    starts = [d for d in (a_start, b_start) if d is not None]
    ends = [d for d in (a_end, b_end) if d is not None]
    return (max(starts) if starts else None, min(ends) if ends else None)
