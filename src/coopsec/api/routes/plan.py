"""``/api/v1/plan``: a response plan for an incident, as ``coopsec plan --json`` (nothing is recorded)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from coopsec.api.models.plan import Perpetrators, PlanOut
from coopsec.http.deps import KB, CurrentUser, IsoDate
from coopsec.obligations.kinds import KINDS, kinds_help
from coopsec.response import Incident, plan

router = APIRouter(tags=["plan"])
KindIn = Literal[KINDS]  # type: ignore[valid-type]


class IncidentIn(BaseModel):
    """An incident to plan for."""

    model_config = ConfigDict(extra="forbid")

    kind: KindIn = Field(description=f"The kind of event: {kinds_help()}")
    victim: str = Field(description="The state struck (ISO alpha-2 or alpha-3)", min_length=1, max_length=40)
    by: str | None = Field(default=None, description="A state code, non-state or unknown", max_length=40)
    at: str | None = Field(default=None, description="A territory, sea:AREA or forces:TERRITORY", max_length=60)
    date: IsoDate | None = Field(default=None, description="YYYY-MM-DD (default today)")
    casualties: int | None = Field(default=None, ge=0, le=10_000_000, description="People killed or injured")
    cbrn: bool = Field(default=False, description="Chemical, biological, radiological or nuclear material")
    cross_border: bool = Field(default=False, description="The incident has cross-border links")
    online_propaganda: bool = Field(default=False, description="Propaganda about it spreads online")
    perpetrators: Perpetrators | None = Field(default=None, description="known, unknown or at-large")


def _plan(kb: Any, body: IncidentIn) -> dict[str, Any]:
    incident = Incident(
        kind=body.kind,
        victim=body.victim,
        date=body.date,
        at=body.at,
        by=body.by,
        casualties=body.casualties,
        cbrn=body.cbrn,
        cross_border=body.cross_border,
        online_propaganda=body.online_propaganda,
        perpetrators=body.perpetrators,
    )
    return plan(kb, incident).to_dict()


@router.post("/plan", name="plan_incident", response_model=PlanOut)
async def plan_post(body: IncidentIn, kb: KB, _: CurrentUser) -> dict[str, Any]:
    """Propose a response plan: actions by pillar with legal basis and reasons, and the mechanisms."""
    return _plan(kb, body)


@router.get("/plan", name="plan_query", response_model=PlanOut)
async def plan_get(
    kb: KB,
    _: CurrentUser,
    kind: Annotated[KindIn, Query()],
    victim: Annotated[str, Query(min_length=1, max_length=40)],
    by: Annotated[str | None, Query(max_length=40)] = None,
    at: Annotated[str | None, Query(max_length=60)] = None,
    on: Annotated[IsoDate | None, Query()] = None,
    casualties: Annotated[int | None, Query(ge=0, le=10_000_000)] = None,
    cbrn: bool = False,
    cross_border: bool = False,
    online_propaganda: bool = False,
    perpetrators: Annotated[Perpetrators | None, Query()] = None,
) -> dict[str, Any]:
    """The plan for an incident given as query parameters (``?kind=&victim=&on=&cbrn=true...``)."""
    body = IncidentIn(
        kind=kind,
        victim=victim,
        by=by,
        at=at,
        date=on,
        casualties=casualties,
        cbrn=cbrn,
        cross_border=cross_border,
        online_propaganda=online_propaganda,
        perpetrators=perpetrators,
    )
    return _plan(kb, body)
