"""The tables of PNR screening (issue 13): batches, records, passengers, sealed data, runs, hits, disclosures.

Times are ISO 8601 UTC text with microseconds (``2026-11-28T10:11:12.123456Z``), sorting the same on
SQLite and PostgreSQL (as in :mod:`coopsec.store.exchange_models`). What Art. 12(2) masks at six
months (names, contact, payment, frequent flyer, general remarks, API data) lives in columns that the
retention job empties; the values move, encrypted, to ``pnr_sealed``, read only by a disclosure with a
recorded approval (Art. 12(3)) and deleted with the record at five years. Encoded watchlists are never
stored: a screening run keeps the watchlist's name and the entry ids of its hits, nothing else.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coopsec.store.models import Base


class PnrBatch(Base):
    """One batch as received: its flight and when it was transferred to the PIU."""

    __tablename__ = "pnr_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    format: Mapped[str] = mapped_column(String(20))
    carrier: Mapped[str] = mapped_column(String(3))
    flight: Mapped[str] = mapped_column(String(10))
    departure_port: Mapped[str] = mapped_column(String(3))
    arrival_port: Mapped[str] = mapped_column(String(3))
    departure: Mapped[str] = mapped_column(String(32))
    transferred_at: Mapped[str] = mapped_column(String(32))
    received_by: Mapped[str] = mapped_column(String(80))
    records: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)


class PnrRecord(Base):
    """One PNR: its non-identifying elements in ``data``, the maskable ones in ``identifying`` (null once masked)."""

    __tablename__ = "pnr_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("pnr_batches.id"))
    locator: Mapped[str] = mapped_column(String(8))
    transferred_at: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    identifying: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    depersonalised_at: Mapped[str | None] = mapped_column(String(32), nullable=True)

    passengers: Mapped[list[PnrPassenger]] = relationship(lazy="selectin", order_by="PnrPassenger.position")


class PnrPassenger(Base):
    """A traveller of a PNR; name and API columns are emptied at depersonalisation unless flagged."""

    __tablename__ = "pnr_passengers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("pnr_records.id"))
    position: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(String(36), unique=True)
    raw_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    surname: Mapped[str | None] = mapped_column(String(80), nullable=True)
    given_names: Mapped[str | None] = mapped_column(String(120), nullable=True)
    title: Mapped[str | None] = mapped_column(String(8), nullable=True)
    name_split: Mapped[bool] = mapped_column(Boolean)
    date_of_birth: Mapped[str | None] = mapped_column(String(10), nullable=True)
    document_number: Mapped[str | None] = mapped_column(String(20), nullable=True)
    nationality: Mapped[str | None] = mapped_column(String(3), nullable=True)
    gender: Mapped[str | None] = mapped_column(String(1), nullable=True)
    api: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    frequent_flyer: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    travel: Mapped[dict[str, Any]] = mapped_column(JSON)  # status, seat, baggage: kept after masking
    evidence_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    evidence_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    evidence_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    depersonalised_at: Mapped[str | None] = mapped_column(String(32), nullable=True)


class PnrSealed(Base):
    """The masked values of a record, encrypted (Fernet), for a disclosure approved under Art. 12(3)."""

    __tablename__ = "pnr_sealed"

    record_id: Mapped[int] = mapped_column(ForeignKey("pnr_records.id"), primary_key=True)
    sealed_at: Mapped[str] = mapped_column(String(32))
    token: Mapped[str] = mapped_column(Text)


class PnrScreening(Base):
    """One screening run: its stated purpose, the watchlist's name and the criteria applied."""

    __tablename__ = "pnr_screenings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(40))
    watchlist: Mapped[str] = mapped_column(String(200))
    encoded: Mapped[bool] = mapped_column(Boolean)
    criteria: Mapped[list[str]] = mapped_column(JSON)
    run_by: Mapped[str] = mapped_column(String(80))
    run_at: Mapped[str] = mapped_column(String(32))
    screened: Mapped[int] = mapped_column(Integer)
    hits: Mapped[int] = mapped_column(Integer)


class PnrHit(Base):
    """A positive match, queued for individual review by a person (Art. 6(5)); never acted on by itself."""

    __tablename__ = "pnr_hits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    screening_id: Mapped[int] = mapped_column(ForeignKey("pnr_screenings.id"))
    passenger_id: Mapped[int] = mapped_column(ForeignKey("pnr_passengers.id"))
    entry: Mapped[str] = mapped_column(String(80))
    criterion: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20))
    decided_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    decided_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class PnrDisclosure(Base):
    """A disclosure of full data after six months and the approval it rests on (Art. 12(3))."""

    __tablename__ = "pnr_disclosures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("pnr_records.id"))
    requested_by: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(40))
    approver_kind: Mapped[str] = mapped_column(String(20))
    approver: Mapped[str] = mapped_column(String(200))
    approval_reference: Mapped[str] = mapped_column(String(200))
    approved_at: Mapped[str] = mapped_column(String(32))
    disclosed_at: Mapped[str] = mapped_column(String(32))


Index("ix_pnr_records_transferred", PnrRecord.transferred_at)
Index("ix_pnr_passengers_record", PnrPassenger.record_id)
Index("ix_pnr_hits_status", PnrHit.status, PnrHit.id)
Index("ix_pnr_hits_passenger", PnrHit.passenger_id)
