"""The tables of crisis coordination: incidents, assistance requests, offers, deliveries and the timeline.

Times are kept as ISO 8601 text (what the actor gave, or the time of the write), so a row reads the
same on SQLite and PostgreSQL and its audit entry can record it verbatim. Requests, offers and
incidents carry a ``version`` that SQLAlchemy checks on every update (optimistic locking): an update
made from a stale copy fails instead of overwriting a concurrent decision.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coopsec.store.models import Base


class Incident(Base):
    """An attack or disaster reported by a liaison officer of the affected state."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    victim: Mapped[str] = mapped_column(String(4))
    by: Mapped[str] = mapped_column(String(20))
    place: Mapped[str] = mapped_column(String(200))
    occurred_at: Mapped[str] = mapped_column(String(40))
    casualties: Mapped[int] = mapped_column(Integer)
    cbrn: Mapped[bool] = mapped_column(Boolean)
    cross_border: Mapped[bool] = mapped_column(Boolean)
    online_propaganda: Mapped[bool] = mapped_column(Boolean)
    perpetrators: Mapped[str] = mapped_column(String(400))
    ipcr_mode: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    reported_by: Mapped[str] = mapped_column(String(80))
    reported_at: Mapped[str] = mapped_column(String(40))
    closed_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's documented form)


class AssistanceRequest(Base):
    """The victim's invocation of a mechanism, with the needs it states."""

    __tablename__ = "assistance_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    mechanism: Mapped[str] = mapped_column(String(40))
    needs: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    requested_by: Mapped[str] = mapped_column(String(80))
    requested_at: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Offer(Base):
    """An offer of assistance from an authority of another state, pending until the requester decides."""

    __tablename__ = "assistance_offers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("assistance_requests.id"), index=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    state: Mapped[str] = mapped_column(String(4))
    agency: Mapped[str] = mapped_column(String(40))
    what: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    offered_by: Mapped[str] = mapped_column(String(80))
    offered_at: Mapped[str] = mapped_column(String(40))
    decided_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    decided_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Delivery(Base):
    """Assistance delivered under an accepted offer."""

    __tablename__ = "assistance_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("assistance_offers.id"), index=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    what: Mapped[str] = mapped_column(Text)
    delivered_by: Mapped[str] = mapped_column(String(80))
    delivered_at: Mapped[str] = mapped_column(String(40))


class IncidentStep(Base):
    """One step of an incident's timeline: who did what, when, for which state."""

    __tablename__ = "incident_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(String(4))
    action: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)


#: Every coordination table, by name: what the audit replay compares.
TABLES: dict[str, type[Base]] = {
    "incidents": Incident,
    "assistance_requests": AssistanceRequest,
    "assistance_offers": Offer,
    "assistance_deliveries": Delivery,
    "incident_steps": IncidentStep,
}
