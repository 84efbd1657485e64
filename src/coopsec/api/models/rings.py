"""Bodies of ``/rings`` and of a state's place in them (``coopsec.rings.model``): the placement and the criterion."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from coopsec.api.models.common import Body, PageOut, SourceOut
from coopsec.rings.model import Place

Category = Literal[
    "core-nato-eu", "core-nato", "core-eu", "core", "below-criterion", "no-data", "outer-area", "outside"
]


class ReasonOut(Body):
    """One step of an explanation, with the fact's date and source where there is one."""

    text: str
    date: dt.date | None
    source: SourceOut | None


class ReadingOut(Body):
    """The criterion's indicator read for a state: the V-Dem extract and year, or why there is no data."""

    dataset: str | None = Field(description="The extract read, e.g. V-Dem v15; null without data")
    year: int | None
    value: float | None
    met: bool | None = Field(description="Whether the criterion is met; null when there is no data")
    no_data: bool
    note: str | None


class CoreOut(Body):
    """What places a state in the core: the core's organisations it belongs to and the criterion read."""

    organisations: list[str]
    criterion: ReadingOut | None = Field(description="Null when the criterion was not read for the state")


class BondOut(Body):
    """A ring-1 structure binding the state to other states."""

    organisation: str
    clause: str | None
    citation: str | None
    commitment: str
    with_: list[str] = Field(alias="with", description="The states bound to it")
    source: SourceOut | None


class CooperationOut(Body):
    """A co-operation structure against transnational threats open to the state."""

    organisation: str
    threats: list[str]
    structures: str


class Ring1Out(Body):
    """Ring 1: the commitments binding the state, and co-operation open to it."""

    bound: bool
    structures: list[BondOut]
    cooperation: list[CooperationOut]


class GuaranteeCaveat(Body):
    """A caveat of a guarantee and the parties it concerns."""

    text: str
    parties: list[str]


class GuaranteeOut(Body):
    """A collective-defence guarantee the state holds on the date, and from whom."""

    clause: str = Field(description="The clause's id, e.g. nato-art5")
    citation: str
    organisation: str
    scope: str
    duty: str
    from_: list[str] = Field(alias="from", description="The parties giving the guarantee")
    caveats: list[GuaranteeCaveat]
    source: SourceOut


class Ring2Out(Body):
    """Ring 2: the collective-defence guarantees held."""

    guarantees: list[GuaranteeOut]


class InstrumentOut(Body):
    """Stability-promotion instruments open to a state of the outer area."""

    organisation: str
    status: str
    instruments: list[str]


class OuterOut(Body):
    """The outer area's instruments open to the state."""

    instruments: list[InstrumentOut]


class PlacementOut(Body):
    """A state's place in the cooperative security system on a date, with every reason."""

    state: str
    name: str
    category: Category = Field(description="One label for maps: the place, the core refined by its guarantees")
    on: dt.date
    place: Place
    core: CoreOut
    ring1: Ring1Out
    ring2: Ring2Out
    outer: OuterOut
    reasons: list[ReasonOut]


class CriterionOut(Body):
    """The core's value criterion: what it tests, the V-Dem extract and year it reads on the date, its source."""

    indicator: str = Field(description="The V-Dem indicator, e.g. v2x_regime")
    op: str = Field(description="The comparison: >=, <=, ==, > or <")
    value: float
    text: str
    dataset: str | None = Field(description="The extract read on the date; null when none covers it")
    year: int | None = Field(description="The year read; null when no extract covers the date")
    coverage: str = Field(description="The extracts carrying the indicator and their years")
    source: SourceOut
    attribution: str = Field(description="The V-Dem attribution (CC BY-SA 4.0)")


class RingsOut(Body):
    """``coopsec rings``: every existing state's place on a date, by ring, then each placement (paginated)."""

    on: dt.date
    criterion: CriterionOut
    core: list[str]
    below_criterion: list[str]
    no_data: list[str]
    ring1: list[str]
    ring2: list[str]
    outer_area: list[str]
    outside: list[str]
    states: list[PlacementOut] = Field(description="This page of the placements, by state code")
    page: PageOut
