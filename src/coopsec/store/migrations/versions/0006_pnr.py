"""PNR screening (issue 13): batches, records, passengers, sealed data, screening runs, hits, disclosures.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    """Create the PNR tables and their indexes."""
    op.create_table(
        "pnr_batches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("carrier", sa.String(3), nullable=False),
        sa.Column("flight", sa.String(10), nullable=False),
        sa.Column("departure_port", sa.String(3), nullable=False),
        sa.Column("arrival_port", sa.String(3), nullable=False),
        sa.Column("departure", sa.String(32), nullable=False),
        sa.Column("transferred_at", sa.String(32), nullable=False),
        sa.Column("received_by", sa.String(80), nullable=False),
        sa.Column("records", sa.Integer, nullable=False),
        sa.Column("rejected", sa.Integer, nullable=False),
    )
    op.create_table(
        "pnr_records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("pnr_batches.id"), nullable=False),
        sa.Column("locator", sa.String(8), nullable=False),
        sa.Column("transferred_at", sa.String(32), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("identifying", sa.JSON, nullable=True),
        sa.Column("depersonalised_at", sa.String(32), nullable=True),
    )
    op.create_index("ix_pnr_records_transferred", "pnr_records", ["transferred_at"])
    op.create_table(
        "pnr_passengers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("record_id", sa.Integer, sa.ForeignKey("pnr_records.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("ref", sa.String(36), nullable=False, unique=True),
        sa.Column("raw_name", sa.String(120), nullable=True),
        sa.Column("surname", sa.String(80), nullable=True),
        sa.Column("given_names", sa.String(120), nullable=True),
        sa.Column("title", sa.String(8), nullable=True),
        sa.Column("name_split", sa.Boolean, nullable=False),
        sa.Column("date_of_birth", sa.String(10), nullable=True),
        sa.Column("document_number", sa.String(20), nullable=True),
        sa.Column("nationality", sa.String(3), nullable=True),
        sa.Column("gender", sa.String(1), nullable=True),
        sa.Column("api", sa.JSON, nullable=True),
        sa.Column("frequent_flyer", sa.JSON, nullable=True),
        sa.Column("travel", sa.JSON, nullable=False),
        sa.Column("evidence_by", sa.String(80), nullable=True),
        sa.Column("evidence_at", sa.String(32), nullable=True),
        sa.Column("evidence_reason", sa.Text, nullable=True),
        sa.Column("depersonalised_at", sa.String(32), nullable=True),
    )
    op.create_index("ix_pnr_passengers_record", "pnr_passengers", ["record_id"])
    op.create_table(
        "pnr_sealed",
        sa.Column("record_id", sa.Integer, sa.ForeignKey("pnr_records.id"), primary_key=True),
        sa.Column("sealed_at", sa.String(32), nullable=False),
        sa.Column("token", sa.Text, nullable=False),
    )
    op.create_table(
        "pnr_screenings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("purpose", sa.String(40), nullable=False),
        sa.Column("watchlist", sa.String(200), nullable=False),
        sa.Column("encoded", sa.Boolean, nullable=False),
        sa.Column("criteria", sa.JSON, nullable=False),
        sa.Column("run_by", sa.String(80), nullable=False),
        sa.Column("run_at", sa.String(32), nullable=False),
        sa.Column("screened", sa.Integer, nullable=False),
        sa.Column("hits", sa.Integer, nullable=False),
    )
    op.create_table(
        "pnr_hits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("screening_id", sa.Integer, sa.ForeignKey("pnr_screenings.id"), nullable=False),
        sa.Column("passenger_id", sa.Integer, sa.ForeignKey("pnr_passengers.id"), nullable=False),
        sa.Column("entry", sa.String(80), nullable=False),
        sa.Column("criterion", sa.String(40), nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("decided_by", sa.String(80), nullable=True),
        sa.Column("decided_at", sa.String(32), nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
    )
    op.create_index("ix_pnr_hits_status", "pnr_hits", ["status", "id"])
    op.create_index("ix_pnr_hits_passenger", "pnr_hits", ["passenger_id"])
    op.create_table(
        "pnr_disclosures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("record_id", sa.Integer, sa.ForeignKey("pnr_records.id"), nullable=False),
        sa.Column("requested_by", sa.String(80), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("purpose", sa.String(40), nullable=False),
        sa.Column("approver_kind", sa.String(20), nullable=False),
        sa.Column("approver", sa.String(200), nullable=False),
        sa.Column("approval_reference", sa.String(200), nullable=False),
        sa.Column("approved_at", sa.String(32), nullable=False),
        sa.Column("disclosed_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    """Drop what :func:`upgrade` created."""
    for table in (
        "pnr_disclosures",
        "pnr_hits",
        "pnr_screenings",
        "pnr_sealed",
        "pnr_passengers",
        "pnr_records",
        "pnr_batches",
    ):
        op.drop_table(table)
