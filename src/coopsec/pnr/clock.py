"""Times of the PNR store: ISO UTC text, a settable "now", and calendar months and years for Art. 12."""

from __future__ import annotations

import calendar
import datetime as dt

from coopsec.errors import InputError


def utc(moment: dt.datetime | None = None) -> dt.datetime:
    """``moment`` (default: now) as an aware UTC time; a naive time is taken as UTC."""
    moment = moment or dt.datetime.now(dt.UTC)
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def iso(moment: dt.datetime) -> str:
    """``2026-11-28T10:11:12.123456Z``: sorts as text the same on SQLite and PostgreSQL."""
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str, what: str = "--now") -> dt.datetime:
    """An ISO date or date-time given by a user (a day alone is its start, UTC).

    Raises:
        InputError: naming the accepted forms.

    """
    try:
        return utc(dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00")))
    except ValueError as err:
        raise InputError(f"{what} {text!r} is not an ISO time: write 2026-11-28 or 2026-11-28T10:00:00Z") from err


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day ``months`` later, or the month's last day when it has no such day (31 Aug + 6 = 28/29 Feb)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def add_years(moment: dt.datetime, years: int) -> dt.datetime:
    """The same day ``years`` later (29 February: the 28th)."""
    return add_months(moment, 12 * years)
