"""``/api/v1/territories/{code}``: a special territory's holder, EU status and guarantees on a date."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

from coopsec.http.deps import KB, CurrentUser, On
from coopsec.rings.territory import territory_report

router = APIRouter(tags=["states"])


class Named(BaseModel):
    """A code with its name."""

    code: str
    name: str


class TerritoryName(Named):
    """The territory and its sovereign."""

    sovereign: str


class Citation(BaseModel):
    """A source as every answer cites it."""

    title: str
    href: str | None
    reference: str | None
    verification: str | None = None
    last_verified: str | None = None
    id: str | None = None


class EuStatus(BaseModel):
    """The territory's status under TFEU Art. 355 on the date."""

    status: str
    since: str | None
    source: Citation | None


class GuaranteeAnswer(BaseModel):
    """The engine's answer for a defence guarantee, for an armed attack on the territory that day."""

    id: str
    title: str
    status: str
    reasons: list[str]
    citation: dict[str, Any]


class TerritoryOut(BaseModel):
    """A special territory on a date."""

    territory: TerritoryName
    on: str
    holder: Named
    held_as: str | None
    eu_status: EuStatus | None
    note: str | None
    source: Citation | None
    guarantees: list[GuaranteeAnswer]


@router.get("/territories/{code}", name="territory", response_model=TerritoryOut)
def territory(code: str, request: Request, kb: KB, _: CurrentUser, on: On) -> dict[str, Any]:
    """Greenland, the Faroes, Åland...: who holds it, its EU status and which guarantees cover it on the date."""
    return territory_report(kb, request.app.state.assessor, code, on)
