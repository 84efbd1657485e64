"""Reading incidents: the list, one incident with its requests, offers, deliveries and timeline (JSON forms)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coopsec.errors import InputError
from coopsec.response.coordination_store import fields, get
from coopsec.store.incident_models import AssistanceRequest, Delivery, Incident, IncidentStep, Offer

STATUSES = ("open", "closed")


def incident_summary(incident: Incident) -> dict[str, Any]:
    """The incident's own fields."""
    return {
        "id": incident.id,
        "kind": incident.kind,
        "victim": incident.victim,
        "by": incident.by,
        "place": incident.place,
        "occurred_at": incident.occurred_at,
        "casualties": incident.casualties,
        "cbrn": bool(incident.cbrn),
        "cross_border": bool(incident.cross_border),
        "online_propaganda": bool(incident.online_propaganda),
        "perpetrators": incident.perpetrators,
        "ipcr_mode": incident.ipcr_mode,
        "status": incident.status,
        "reported_by": incident.reported_by,
        "reported_at": incident.reported_at,
        "closed_at": incident.closed_at,
        "version": incident.version,
    }


def request_dict(request: AssistanceRequest) -> dict[str, Any]:
    """JSON form of a request: every column, as the audit entry records it (the API model lists them)."""
    return fields(request)


def offer_dict(offer: Offer) -> dict[str, Any]:
    """JSON form of an offer: every column, as the audit entry records it (the API model lists them)."""
    return fields(offer)


def delivery_dict(delivery: Delivery) -> dict[str, Any]:
    """JSON form of a delivery: every column, as the audit entry records it (the API model lists them)."""
    return fields(delivery)


def step_dict(step: IncidentStep) -> dict[str, Any]:
    """JSON form of a timeline step."""
    return {
        "id": step.id,
        "at": step.at,
        "actor": step.actor,
        "state": step.state,
        "action": step.action,
        "summary": step.summary,
    }


def list_incidents(session: Session, status: str | None = None) -> list[dict[str, Any]]:
    """Every incident, newest first, or only those of ``status`` (open or closed)."""
    query = select(Incident).order_by(Incident.id.desc())
    if status is not None:
        if status not in STATUSES:
            raise InputError(f"unknown incident status {status!r}: use one of {', '.join(STATUSES)}")
        query = query.where(Incident.status == status)
    return [incident_summary(i) for i in session.execute(query).scalars()]


def show_incident(session: Session, incident_id: int) -> dict[str, Any]:
    """One incident with its requests, offers, deliveries and timeline (in the order they happened)."""
    incident = get(session, Incident, incident_id, "incident")

    def rows(model: Any) -> list[Any]:
        return list(session.execute(select(model).where(model.incident_id == incident_id).order_by(model.id)).scalars())

    steps = sorted(rows(IncidentStep), key=lambda s: (dt.datetime.fromisoformat(s.at), s.id))
    return {
        **incident_summary(incident),
        "requests": [request_dict(r) for r in rows(AssistanceRequest)],
        "offers": [offer_dict(o) for o in rows(Offer)],
        "deliveries": [delivery_dict(d) for d in rows(Delivery)],
        "timeline": [step_dict(s) for s in steps],
    }
