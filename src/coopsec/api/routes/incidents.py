"""``/api/v1/incidents``: crisis coordination (issue 11). Every user reads; liaison officers and administrators write.

The routes are thin: each write opens one write session and calls one transition of
:mod:`coopsec.response.coordination`, which checks who may act and whether the step is allowed
(refusals are 403 or 409 in the API's one error shape) and writes the step and its audit entry.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from coopsec.api.models.incidents import (
    DeliveryOut,
    IncidentDetail,
    IncidentOut,
    IncidentsOut,
    IpcrMode,
    OfferOut,
    ReportOut,
    RequestOut,
)
from coopsec.errors import UnknownCodeError
from coopsec.http.deps import DB, KB, CurrentUser, StoreDep
from coopsec.obligations import Assessor
from coopsec.response import coordination as co
from coopsec.response.coordination_store import get
from coopsec.response.coordination_views import (
    delivery_dict,
    incident_summary,
    list_incidents,
    offer_dict,
    request_dict,
    show_incident,
)
from coopsec.response.report import after_action
from coopsec.store.incident_models import AssistanceRequest, Offer

router = APIRouter(tags=["incidents"])
#: A row id (bounded: databases keep 32-bit integers).
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
At = Field(default=None, max_length=40, description="When it happened (ISO 8601); default now. For replays")
Version = Field(default=None, ge=1, le=2_147_483_647, description="The version you read (409 if it changed since)")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IncidentIn(_In):
    """A new incident, reported by a liaison officer of the affected state."""

    kind: str = Field(max_length=40)
    victim: str = Field(min_length=2, max_length=4)
    place: str = Field(min_length=1, max_length=200)
    occurred_at: str = Field(max_length=40, description="ISO 8601 date or date-time")
    casualties: int = Field(default=0, ge=0, le=10_000_000)
    cbrn: bool = False
    cross_border: bool = False
    online_propaganda: bool = False
    perpetrators: str = Field(default="unknown", max_length=400)
    by: str | None = Field(default=None, max_length=20, description="A state code, non-state or unknown")


class IpcrIn(_In):
    """The presidency's decision on the IPCR mode."""

    mode: IpcrMode
    at: str | None = At
    version: int | None = Version


class RequestIn(_In):
    """A mechanism invoked, with the needs stated."""

    mechanism: str = Field(max_length=40)
    needs: str = Field(min_length=1, max_length=4000)
    at: str | None = At


class OfferIn(_In):
    """An offer of assistance (administrators name the offering state)."""

    what: str = Field(min_length=1, max_length=4000)
    state: str | None = Field(default=None, min_length=2, max_length=4)
    at: str | None = At


class DecisionIn(_In):
    """A decision on an offer or a closure."""

    at: str | None = At
    version: int | None = Version


class DeliveryIn(_In):
    """Assistance delivered."""

    what: str = Field(min_length=1, max_length=4000)
    at: str | None = At


def _assessor(request: Request) -> Assessor:
    assessor: Assessor = request.app.state.assessor
    return assessor


def _owned(row: AssistanceRequest | Offer, incident_id: int, what: str) -> None:
    if row.incident_id != incident_id:
        raise UnknownCodeError(f"incident {incident_id} has no {what} {row.id}: GET the incident to see its ids")


@router.post("/incidents", name="report_incident", status_code=201, response_model=IncidentOut)
def report(body: IncidentIn, request: Request, store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """Report an incident (a liaison officer of the affected state, or an administrator)."""
    with store.session() as session:
        return incident_summary(co.report_incident(session, _assessor(request), user, **body.model_dump()))


@router.get("/incidents", name="list_incidents", response_model=IncidentsOut)
def incidents(
    session: DB,
    _: CurrentUser,
    status: Annotated[str | None, Query(description="open or closed; default every incident")] = None,
) -> dict[str, Any]:
    """Every incident, newest first."""
    items = list_incidents(session, status)
    return {"items": items, "total": len(items)}


@router.get("/incidents/{incident_id}", name="show_incident", response_model=IncidentDetail)
def incident(incident_id: Id, session: DB, _: CurrentUser) -> dict[str, Any]:
    """One incident with its requests, offers, deliveries and timeline."""
    return show_incident(session, incident_id)


@router.post("/incidents/{incident_id}/ipcr", name="set_ipcr_mode", response_model=IncidentOut)
def ipcr(incident_id: Id, body: IpcrIn, store: StoreDep, kb: KB, user: CurrentUser) -> dict[str, Any]:
    """Record the IPCR mode the presidency decided (its liaison officers on the day of the decision, or admins)."""
    with store.session() as session:
        return incident_summary(co.set_ipcr_mode(session, user, incident_id, body.mode, body.at, body.version, kb=kb))


@router.post("/incidents/{incident_id}/requests", name="request_assistance", status_code=201, response_model=RequestOut)
def request_help(
    incident_id: Id, body: RequestIn, request: Request, store: StoreDep, user: CurrentUser
) -> dict[str, Any]:
    """Invoke a mechanism and state the needs (the affected state)."""
    with store.session() as session:
        made = co.request_assistance(
            session, _assessor(request), user, incident_id, body.mechanism, body.needs, body.at
        )
        return request_dict(made)


@router.post(
    "/incidents/{incident_id}/requests/{request_id}/offers", name="make_offer", status_code=201, response_model=OfferOut
)
def offer(
    incident_id: Id, request_id: Id, body: OfferIn, request: Request, store: StoreDep, user: CurrentUser
) -> dict[str, Any]:
    """Offer assistance under the request's mechanism (only states it binds or admits)."""
    with store.session() as session:
        _owned(get(session, AssistanceRequest, request_id, "request"), incident_id, "request")
        made = co.make_offer(session, _assessor(request), user, request_id, body.what, state=body.state, at=body.at)
        return offer_dict(made)


@router.post("/incidents/{incident_id}/requests/{request_id}/close", name="close_request", response_model=RequestOut)
def close_request(
    incident_id: Id, request_id: Id, store: StoreDep, user: CurrentUser, body: DecisionIn | None = None
) -> dict[str, Any]:
    """Close a request: no more offers under it (the affected state)."""
    body = body or DecisionIn()
    with store.session() as session:
        _owned(get(session, AssistanceRequest, request_id, "request"), incident_id, "request")
        return request_dict(co.close_request(session, user, request_id, body.at, body.version))


def _decide(incident_id: int, offer_id: int, accept: bool, store: Any, user: Any, body: DecisionIn) -> dict[str, Any]:
    with store.session() as session:
        _owned(get(session, Offer, offer_id, "offer"), incident_id, "offer")
        return offer_dict(co.decide_offer(session, user, offer_id, accept, body.at, body.version))


@router.post("/incidents/{incident_id}/offers/{offer_id}/accept", name="accept_offer", response_model=OfferOut)
def accept(
    incident_id: Id, offer_id: Id, store: StoreDep, user: CurrentUser, body: DecisionIn | None = None
) -> dict[str, Any]:
    """Accept a pending offer (the requester: the affected state)."""
    return _decide(incident_id, offer_id, True, store, user, body or DecisionIn())


@router.post("/incidents/{incident_id}/offers/{offer_id}/decline", name="decline_offer", response_model=OfferOut)
def decline(
    incident_id: Id, offer_id: Id, store: StoreDep, user: CurrentUser, body: DecisionIn | None = None
) -> dict[str, Any]:
    """Decline a pending offer (the requester: the affected state)."""
    return _decide(incident_id, offer_id, False, store, user, body or DecisionIn())


@router.post(
    "/incidents/{incident_id}/offers/{offer_id}/deliveries",
    name="record_delivery",
    status_code=201,
    response_model=DeliveryOut,
)
def delivery(incident_id: Id, offer_id: Id, body: DeliveryIn, store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """Record assistance delivered under an accepted offer."""
    with store.session() as session:
        _owned(get(session, Offer, offer_id, "offer"), incident_id, "offer")
        return delivery_dict(co.deliver(session, user, offer_id, body.what, body.at))


@router.post("/incidents/{incident_id}/close", name="close_incident", response_model=IncidentOut)
def close(incident_id: Id, store: StoreDep, user: CurrentUser, body: DecisionIn | None = None) -> dict[str, Any]:
    """Close the incident and its open requests (the affected state)."""
    body = body or DecisionIn()
    with store.session() as session:
        return incident_summary(co.close_incident(session, user, incident_id, body.at, body.version))


@router.get("/incidents/{incident_id}/report", name="after_action_report", response_model=ReportOut)
def report_of(
    incident_id: Id,
    request: Request,
    session: DB,
    _: CurrentUser,
    format: Annotated[str, Query(description="md (Markdown) or html")] = "md",
) -> dict[str, Any]:
    """The after-action report: every step, who did what when, open items, the mechanisms and their legal basis."""
    content = after_action(session, _assessor(request), incident_id, format)
    fmt = "html" if content.startswith("<!DOCTYPE") else "md"
    media = "text/html" if fmt == "html" else "text/markdown"
    name = f"incident-{incident_id}-after-action.{fmt}"
    return {"incident": incident_id, "format": fmt, "media_type": media, "filename": name, "content": content}
