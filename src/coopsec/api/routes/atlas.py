"""``/api/v1/atlas``: every state's place on every date since 1949, compactly, as the map reads it."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from coopsec.http.deps import KB, CurrentUser
from coopsec.rings.atlas import atlas_for

router = APIRouter(tags=["states"])


class Labelled(BaseModel):
    """A category or mark of the map, with its label in words."""

    id: str
    label: str


class AtlasState(BaseModel):
    """A code the atlas uses: a state (current or historic) or a special territory."""

    name: str
    alpha3: str
    historic: bool
    start: str | None
    end: str | None
    territory_of: str | None = Field(default=None, description="For a special territory: its sovereign")


class AtlasOrganisation(BaseModel):
    """An organisation and its spells: ``[state, status, start, end or null]``."""

    name: str
    spells: list[tuple[str, str, str, str | None]]


class Milestone(BaseModel):
    """A founding, enlargement or withdrawal shown on the date slider."""

    date: str
    organisation: str
    label: str


class AtlasOut(BaseModel):
    """The atlas: per state ``[from, category or null, marks]`` changes; per map shape ``[from, holder or null]``."""

    model_config = ConfigDict(populate_by_name=True)

    from_: str = Field(alias="from", description="The first day of the atlas (YYYY-MM-DD)")
    to: str = Field(description="The last day of the atlas: today")
    categories: list[Labelled]
    marks: list[Labelled]
    states: dict[str, AtlasState]
    places: dict[str, list[tuple[str, str | None, list[str]]]]
    shapes: dict[str, list[tuple[str, str | None]]]
    organisations: dict[str, AtlasOrganisation]
    milestones: list[Milestone]


@router.get(
    "/atlas",
    name="atlas",
    response_model=None,
    responses={200: {"model": AtlasOut, "description": "The atlas"}},
)
def atlas(kb: KB, _: CurrentUser) -> Response:
    """Every state's map category and marks, and every map shape's holder, for every date since 1949.

    The page finds the answer for a date by itself (the last change on or before it), so moving
    through the years needs no further request. Answers agree with ``/rings?on=`` on every date.
    """
    return Response(atlas_for(kb).json, media_type="application/json")
