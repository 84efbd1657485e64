"""``/api/v1/assess``: from an event to every mechanism's obligations, as ``coopsec assess --json``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from coopsec.api.deps import KB, CurrentUser
from coopsec.obligations import make_event

router = APIRouter(tags=["assess"])


class EventIn(BaseModel):
    """An event to assess."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(
        description="armed-attack, terrorist-attack, cyber-attack, hybrid-campaign, "
        "natural-disaster, man-made-disaster or threat",
        max_length=40,
    )
    victim: str = Field(description="The state struck (ISO alpha-2 or alpha-3)", max_length=40)
    by: str | None = Field(default=None, description="A state code, non-state or unknown", max_length=40)
    at: str | None = Field(default=None, description="A territory, sea:AREA or forces:TERRITORY", max_length=60)
    date: str | None = Field(default=None, description="YYYY-MM-DD (default today)", max_length=20)


@router.post("/assess", name="assess_event")
def assess_post(body: EventIn, request: Request, kb: KB, _: CurrentUser) -> dict[str, Any]:
    """Assess an event against every mechanism."""
    event = make_event(kb, body.kind, body.victim, body.by, body.at, body.date)
    result: dict[str, Any] = request.app.state.assessor.assess(event).to_dict()
    return result


@router.get("/assess", name="assess_query")
def assess_get(
    request: Request,
    kb: KB,
    _: CurrentUser,
    kind: Annotated[str, Query(max_length=40)],
    victim: Annotated[str, Query(max_length=40)],
    by: Annotated[str | None, Query(max_length=40)] = None,
    at: Annotated[str | None, Query(max_length=60)] = None,
    on: Annotated[str | None, Query(max_length=20)] = None,
) -> dict[str, Any]:
    """Assess an event given as query parameters (``?kind=&victim=&by=&at=&on=``)."""
    event = make_event(kb, kind, victim, by, at, on)
    result: dict[str, Any] = request.app.state.assessor.assess(event).to_dict()
    return result
