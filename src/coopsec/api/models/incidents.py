"""Bodies of ``/incidents``: incidents, requests, offers, deliveries, the timeline and the after-action report."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from coopsec.api.models.common import Body

IpcrMode = Literal["none", "monitoring", "information-sharing", "full-activation"]
When = str  # ISO 8601 text, as given by the actor (replays) or the time of the write


class IncidentOut(Body):
    """An incident's own fields."""

    id: int
    kind: str = Field(description="The event kind (as in /assess)")
    victim: str = Field(description="The affected state")
    by: str = Field(description="The perpetrator as the obligation engine takes it: a state, non-state, unknown")
    place: str
    occurred_at: When
    casualties: int = Field(ge=0)
    cbrn: bool
    cross_border: bool
    online_propaganda: bool
    perpetrators: str
    ipcr_mode: IpcrMode
    status: Literal["open", "closed"]
    reported_by: str
    reported_at: When
    closed_at: When | None
    version: int = Field(description="Send it back with a decision to be sure nobody changed the incident since")


class IncidentsOut(Body):
    """A list of incidents, newest first."""

    items: list[IncidentOut]
    total: int = Field(ge=0)


class RequestOut(Body):
    """A mechanism invoked by the affected state, with its needs."""

    id: int
    incident_id: int
    mechanism: str
    needs: str
    status: Literal["open", "closed"]
    requested_by: str
    requested_at: When
    version: int


class OfferOut(Body):
    """An offer of assistance and the requester's decision."""

    id: int
    request_id: int
    incident_id: int
    state: str
    agency: str
    what: str
    status: Literal["pending", "accepted", "declined"]
    offered_by: str
    offered_at: When
    decided_by: str | None
    decided_at: When | None
    version: int


class DeliveryOut(Body):
    """Assistance delivered under an accepted offer."""

    id: int
    offer_id: int
    incident_id: int
    what: str
    delivered_by: str
    delivered_at: When


class StepOut(Body):
    """One step of the timeline: who did what, for which state, when."""

    id: int
    at: When
    actor: str
    state: str
    action: str
    summary: str


class IncidentDetail(IncidentOut):
    """An incident with its requests, offers, deliveries and timeline."""

    requests: list[RequestOut]
    offers: list[OfferOut]
    deliveries: list[DeliveryOut]
    timeline: list[StepOut]


class ReportOut(Body):
    """The after-action report, as Markdown or HTML text ready to save under ``filename``."""

    incident: int
    format: Literal["md", "html"]
    media_type: str
    filename: str
    content: str
