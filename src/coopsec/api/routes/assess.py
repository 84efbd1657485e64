"""``/api/v1/assess``: from an event to every mechanism's obligations, as ``coopsec assess --json``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from coopsec.api.models.assess import AssessmentOut
from coopsec.http.deps import KB, CurrentUser, IsoDate
from coopsec.obligations import make_event
from coopsec.obligations.kinds import KINDS, SCALES, kinds_help

router = APIRouter(tags=["assess"])
# The API schema's enums come from the one table of kinds (coopsec.obligations.kinds).
KindIn = Literal[KINDS]  # type: ignore[valid-type]
ScaleIn = Literal[SCALES]  # type: ignore[valid-type]
#: The body, documented: the routes send the assessment's own JSON text (fast, see bench/bench_api.py),
#: so the model is declared for the OpenAPI document only; tests/api/test_models.py validates real bodies.
ASSESSMENT: dict[int | str, dict[str, Any]] = {200: {"model": AssessmentOut, "description": "Every mechanism's answer"}}
SCALE_HELP = "incident or attack (default attack): an incident leaves open whether it amounts to an armed attack"


class EventIn(BaseModel):
    """An event to assess."""

    model_config = ConfigDict(extra="forbid")

    kind: KindIn = Field(description=f"The kind of event: {kinds_help()}")
    victim: str = Field(description="The state struck (ISO alpha-2 or alpha-3)", min_length=1, max_length=40)
    by: str | None = Field(default=None, description="A state code, non-state or unknown", max_length=40)
    at: str | None = Field(default=None, description="A territory, sea:AREA or forces:TERRITORY", max_length=60)
    date: IsoDate | None = Field(default=None, description="YYYY-MM-DD (default today)")
    scale: ScaleIn | None = Field(default=None, description=SCALE_HELP)


@router.post("/assess", name="assess_event", response_model=None, responses=ASSESSMENT)
async def assess_post(body: EventIn, request: Request, kb: KB, _: CurrentUser) -> Response:
    """Assess an event against every mechanism."""
    event = make_event(kb, body.kind, body.victim, body.by, body.at, body.date, body.scale)
    return Response(request.app.state.assessor.assess(event).to_json(), media_type="application/json")


@router.get("/assess", name="assess_query", response_model=None, responses=ASSESSMENT)
async def assess_get(
    request: Request,
    kb: KB,
    _: CurrentUser,
    kind: Annotated[KindIn, Query()],
    victim: Annotated[str, Query(max_length=40)],
    by: Annotated[str | None, Query(max_length=40)] = None,
    at: Annotated[str | None, Query(max_length=60)] = None,
    on: Annotated[IsoDate | None, Query()] = None,
    scale: Annotated[ScaleIn | None, Query(description=SCALE_HELP)] = None,
) -> Response:
    """Assess an event given as query parameters (``?kind=&victim=&by=&at=&on=&scale=``)."""
    event = make_event(kb, kind, victim, by, at, on, scale)
    return Response(request.app.state.assessor.assess(event).to_json(), media_type="application/json")
