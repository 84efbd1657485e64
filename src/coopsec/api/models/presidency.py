"""Body of ``/presidency``: the Council presidency on a date (``coopsec presidency --json``), described."""

from __future__ import annotations

from coopsec.api.models.common import Body, SourceOut


class PresidencyOut(Body):
    """Who holds the rotating Council presidency on ``on``; ``note`` says so when the data does not cover it."""

    on: str
    #: The Member State's code, or null when coopsec has no data for the day (``note`` says so).
    state: str | None
    state_name: str | None
    #: The term's first and last day, both inclusive.
    start: str | None
    end: str | None
    source: SourceOut | None
    #: The published list the term was compared with, where the decision's annex was not read.
    checked_against: SourceOut | None
    note: str | None
