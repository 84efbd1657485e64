"""Bodies of ``/states/{code}`` and ``/states/{code}/timeline``, as ``coopsec state`` and ``timeline --json``."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from coopsec.api.models.common import Body, ChangeOut, PageOut, SourceOut, SpellOut
from coopsec.api.models.rings import CriterionOut, PlacementOut
from coopsec.kb.model import PolicyKind, Precision, Verification


class Successor(Body):
    """A state that took over a historic state's place."""

    state: str
    kind: str = Field(description="continuation, succession or absorption")


class StateOut(Body):
    """A state's identity and, where it falls after 1949, its lifetime."""

    code: str
    name: str
    alpha3: str
    historic: bool = Field(description="A state that no longer exists (USSR, Yugoslavia, ...)")
    start: dt.date | None = Field(description="When it came into being, if after 1949")
    end: dt.date | None = Field(description="When it ceased to exist; null while it exists")
    continues: str | None = Field(description="The state it continues, if any")
    successors: list[Successor]
    note: str | None
    source: SourceOut


class PolicyOut(Body):
    """A security-policy status (neutrality, non-alignment, a defence opt-out) over ``[start, end)``."""

    status: PolicyKind
    start: dt.date
    end: dt.date | None
    precision: Precision
    verification: Verification
    note: str | None
    source: SourceOut


class StateReport(Body):
    """``coopsec state CODE``: memberships, security policy, place in the rings and guarantees on a date."""

    state: StateOut
    on: dt.date
    exists: bool = Field(description="Whether the state exists on the date")
    memberships: list[SpellOut]
    security_policy: list[PolicyOut]
    placement: PlacementOut
    criterion: CriterionOut
    democracy_attribution: str


class StateTimelineOut(Body):
    """``coopsec timeline --state``: every dated change for a state, oldest first."""

    state: str
    changes: list[ChangeOut] = Field(description="This page of the changes")
    count: int = Field(ge=0, description="How many changes the whole timeline has")
    page: PageOut
