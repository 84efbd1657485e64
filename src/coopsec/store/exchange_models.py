"""The tables of the information exchange (issue 12): records, named recipients, grants, release requests.

Times are ISO 8601 UTC text with microseconds (``2026-11-28T10:11:12.123456Z``): they sort as text
the same way on SQLite and PostgreSQL, and TAXII's ``added_after`` needs microseconds. A record has an
integer ``pk`` (the full-text index and keyset paging use it) and a public UUID ``id``. Authorities
are kept as ``STATE/agency`` text, the form the access decision reads. The full-text index is not a
mapped column: SQLite keeps an FTS5 table ``exchange_records_fts`` (external content, kept by
triggers) and PostgreSQL a generated ``search`` tsvector column with a GIN index (migration 0005).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coopsec.store.models import Base


class Record(Base):
    """A shared record: a message with entities, its distribution and its markings (never downgraded)."""

    __tablename__ = "exchange_records"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    originator: Mapped[str] = mapped_column(String(80))
    origin_state: Mapped[str] = mapped_column(String(4))
    origin_agency: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[str] = mapped_column(String(32))
    #: When the record last changed for its readers: shared, then retracted. TAXII's ``date_added`` and
    #: oldest-first paging follow it, so a client polling with ``added_after`` receives the retraction.
    changed_at: Mapped[str] = mapped_column(
        String(32), default=lambda context: context.get_current_parameters()["created_at"]
    )
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    entities: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    entities_text: Mapped[str] = mapped_column(Text)  # entity values and attribute values, for full-text search
    scope: Mapped[str] = mapped_column(String(20))
    ring: Mapped[str | None] = mapped_column(String(40), nullable=True)
    handling: Mapped[str] = mapped_column(String(4))
    handling_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    tlp: Mapped[str] = mapped_column(String(20))
    evaluation: Mapped[str] = mapped_column(String(2))
    retracted_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    retracted_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    retraction_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    version: Mapped[int] = mapped_column(Integer)

    recipients: Mapped[list[Recipient]] = relationship(lazy="selectin", order_by="Recipient.id")
    grants: Mapped[list[Grant]] = relationship(lazy="selectin", order_by="Grant.id")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's documented form)

    @property
    def origin(self) -> str:
        """The originating authority, ``STATE/agency``."""
        return f"{self.origin_state}/{self.origin_agency}"


class Recipient(Base):
    """A named recipient authority of a record distributed to ``authorities``."""

    __tablename__ = "exchange_recipients"
    __table_args__ = (UniqueConstraint("record_pk", "authority"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_pk: Mapped[int] = mapped_column(ForeignKey("exchange_records.pk"))
    authority: Mapped[str] = mapped_column(String(50))


class Grant(Base):
    """A further release the originator granted to one authority."""

    __tablename__ = "exchange_grants"
    __table_args__ = (UniqueConstraint("record_pk", "authority"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_pk: Mapped[int] = mapped_column(ForeignKey("exchange_records.pk"))
    authority: Mapped[str] = mapped_column(String(50))
    granted_by: Mapped[str] = mapped_column(String(80))
    granted_at: Mapped[str] = mapped_column(String(32))
    request_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ReleaseRequest(Base):
    """A recipient's request that the originator release a record to a further authority."""

    __tablename__ = "exchange_release_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_pk: Mapped[int] = mapped_column(ForeignKey("exchange_records.pk"), index=True)
    authority: Mapped[str] = mapped_column(String(50))
    reason: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(String(80))
    requester_authority: Mapped[str] = mapped_column(String(50))
    requested_at: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20))
    decided_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    decided_at: Mapped[str | None] = mapped_column(String(32), nullable=True)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's documented form)


Index("ix_exchange_records_reader", Record.scope, Record.ring, Record.tlp)
Index("ix_exchange_records_origin", Record.origin_state, Record.origin_agency)
Index("ix_exchange_records_created", Record.created_at, Record.pk)
Index("ix_exchange_records_changed", Record.changed_at, Record.pk)
Index("ix_exchange_recipients_authority", Recipient.authority, Recipient.record_pk)
Index("ix_exchange_grants_authority", Grant.authority, Grant.record_pk)
