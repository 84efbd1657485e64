"""``/api/v1/assess``: from an event to every mechanism's obligations, as ``coopsec assess --json``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from coopsec.api.deps import KB, CurrentUser, IsoDate
from coopsec.obligations import make_event
from coopsec.obligations.event import Kind

router = APIRouter(tags=["assess"])


class EventIn(BaseModel):
    """An event to assess."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind = Field(description="The kind of event")
    victim: str = Field(description="The state struck (ISO alpha-2 or alpha-3)", min_length=1, max_length=40)
    by: str | None = Field(default=None, description="A state code, non-state or unknown", max_length=40)
    at: str | None = Field(default=None, description="A territory, sea:AREA or forces:TERRITORY", max_length=60)
    date: IsoDate | None = Field(default=None, description="YYYY-MM-DD (default today)")


@router.post("/assess", name="assess_event")
async def assess_post(body: EventIn, request: Request, kb: KB, _: CurrentUser) -> Response:
    """Assess an event against every mechanism."""
    event = make_event(kb, body.kind, body.victim, body.by, body.at, body.date)
    return Response(request.app.state.assessor.assess(event).to_json(), media_type="application/json")


@router.get("/assess", name="assess_query")
async def assess_get(
    request: Request,
    kb: KB,
    _: CurrentUser,
    kind: Annotated[Kind, Query()],
    victim: Annotated[str, Query(max_length=40)],
    by: Annotated[str | None, Query(max_length=40)] = None,
    at: Annotated[str | None, Query(max_length=60)] = None,
    on: Annotated[IsoDate | None, Query()] = None,
) -> Response:
    """Assess an event given as query parameters (``?kind=&victim=&by=&at=&on=``)."""
    event = make_event(kb, kind, victim, by, at, on)
    return Response(request.app.state.assessor.assess(event).to_json(), media_type="application/json")
