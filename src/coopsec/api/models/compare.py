"""Body of ``/rings/compare``: what differs in the system between two dates (``coopsec.rings.compare``)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from coopsec.api.models.common import Body, SourceOut
from coopsec.api.models.rings import Category, ReasonOut


class MembershipChangeOut(Body):
    """A status held on one date and not on the other, with the spell's boundary between them and its source."""

    state: str
    name: str = Field(description="The state's name")
    organisation: str
    organisation_name: str = Field(description="The organisation's name on the date of the change")
    status: str
    change: Literal["gained", "lost"] = Field(description="gained: held on b, not on a; lost: the reverse")
    date: dt.date = Field(description="The spell's start or end lying between the two dates")
    basis: str | None = Field(description="What the date is the date of (entry into force, ...)")
    text: str = Field(description="The change in words")
    source: SourceOut


class StateChangeOut(Body):
    """A state whose place differs between the dates, with the dated reasons."""

    state: str
    name: str
    before: Category | None = Field(description="The map category on a; null: the state did not exist")
    after: Category | None = Field(description="The map category on b; null: the state does not exist")
    before_label: str
    after_label: str
    ring1_before: bool
    ring1_after: bool
    reasons: list[ReasonOut]


class ComparisonOut(Body):
    """Who entered the system, who left it, who changed place, and every membership change, from a to b."""

    a: dt.date
    b: dt.date
    entered: list[StateChangeOut] = Field(description="In the system on b, not on a")
    left: list[StateChangeOut] = Field(description="In the system on a, not on b")
    changed: list[StateChangeOut] = Field(description="In the system on both dates, in another category or ring")
    memberships: list[MembershipChangeOut] = Field(description="Every status held on one date only, by date")
