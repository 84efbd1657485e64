"""The tables of the linkage exchange (issue 13): exchanges, their parties' encodings, the matched pairs.

Nothing here holds a name: a party's submission is its own opaque record references and their Bloom
filters, kept as one binary column of little-endian 64-bit words (``count`` x ``bits / 8`` bytes), the
form :class:`coopsec.linkage.Encoding` reads back without a copy per record. The job's state (stage,
fraction done, failure in words) lives on the exchange row, so any service process (or the CLI) can
report the progress of a job another one runs. Times are ISO 8601 UTC text, as in
:mod:`coopsec.store.exchange_models`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coopsec.store.models import Base


class LinkageExchange(Base):
    """A matching exchange: its purpose, the encoding it expects, the scoring, and the job's state."""

    __tablename__ = "linkage_exchanges"
    #: The per-day limit counts an authority's exchanges created since midnight.
    __table_args__ = (Index("ix_linkage_exchanges_creator", "creator_authority", "created_at"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    purpose: Mapped[str] = mapped_column(Text)
    schema: Mapped[str] = mapped_column(String(80))
    schema_digest: Mapped[str] = mapped_column(String(64))
    key_check: Mapped[str] = mapped_column(String(64))
    bits: Mapped[int | None] = mapped_column(Integer, nullable=True)
    mode: Mapped[str] = mapped_column(String(20))
    false_hits: Mapped[float] = mapped_column(Float)
    watchlist: Mapped[bool] = mapped_column(Boolean)
    ring: Mapped[str | None] = mapped_column(String(40), nullable=True)
    creator: Mapped[str] = mapped_column(String(80))
    creator_authority: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[str] = mapped_column(String(32))
    #: ``open`` (taking submissions), ``matching``, ``done`` or ``failed``.
    status: Mapped[str] = mapped_column(String(20))
    stage: Mapped[str] = mapped_column(String(80))
    progress: Mapped[float] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    started_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    started_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    finished_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    #: When the running job last reported; a job silent for ``COOPSEC_LINKAGE_STALE_MINUTES`` may be started again.
    heartbeat_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    #: The threshold used for each pair of parties (``"A|B"`` -> Dice), calibrated per pair of lists.
    thresholds: Mapped[dict[str, Any]] = mapped_column(JSON)

    parties: Mapped[list[LinkageParty]] = relationship(lazy="selectin", order_by="LinkageParty.id")


class LinkageParty(Base):
    """A participating authority and, once it has submitted, its encoded list."""

    __tablename__ = "linkage_parties"
    #: The per-day limit counts an authority's submissions since midnight.
    __table_args__ = (
        UniqueConstraint("exchange_pk", "authority"),
        Index("ix_linkage_parties_authority", "authority", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exchange_pk: Mapped[int] = mapped_column(ForeignKey("linkage_exchanges.pk"))
    authority: Mapped[str] = mapped_column(String(60))
    submitted_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    submitted_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    count: Mapped[int | None] = mapped_column(Integer, nullable=True)


class LinkageSubmission(Base):
    """A party's encodings: its references (JSON list) and the filters as one block of bytes, same order."""

    __tablename__ = "linkage_submissions"

    party_id: Mapped[int] = mapped_column(ForeignKey("linkage_parties.id"), primary_key=True)
    refs: Mapped[list[str]] = mapped_column(JSON)
    filters: Mapped[bytes] = mapped_column(LargeBinary)


class LinkagePair(Base):
    """A match between two parties' records: shown only to those two authorities."""

    __tablename__ = "linkage_pairs"
    __table_args__ = (
        Index("ix_linkage_pairs_a", "exchange_pk", "authority_a"),
        Index("ix_linkage_pairs_b", "exchange_pk", "authority_b"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exchange_pk: Mapped[int] = mapped_column(ForeignKey("linkage_exchanges.pk"))
    authority_a: Mapped[str] = mapped_column(String(60))
    ref_a: Mapped[str] = mapped_column(String(80))
    authority_b: Mapped[str] = mapped_column(String(60))
    ref_b: Mapped[str] = mapped_column(String(80))
    similarity: Mapped[float] = mapped_column(Float)
