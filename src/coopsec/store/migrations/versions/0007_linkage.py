"""The linkage exchange (issue 13): exchanges, parties, encoded submissions, matched pairs.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    """Create the linkage tables and their indexes."""
    op.create_table(
        "linkage_exchanges",
        sa.Column("pk", sa.Integer, primary_key=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("schema", sa.String(80), nullable=False),
        sa.Column("schema_digest", sa.String(64), nullable=False),
        sa.Column("key_check", sa.String(64), nullable=False),
        sa.Column("bits", sa.Integer, nullable=True),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("false_hits", sa.Float, nullable=False),
        sa.Column("watchlist", sa.Boolean, nullable=False),
        sa.Column("ring", sa.String(40), nullable=True),
        sa.Column("creator", sa.String(80), nullable=False),
        sa.Column("creator_authority", sa.String(60), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("stage", sa.String(80), nullable=False),
        sa.Column("progress", sa.Float, nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("started_by", sa.String(80), nullable=True),
        sa.Column("started_at", sa.String(32), nullable=True),
        sa.Column("finished_at", sa.String(32), nullable=True),
        sa.Column("heartbeat_at", sa.String(32), nullable=True),
        sa.Column("thresholds", sa.JSON, nullable=False),
    )
    op.create_index("ix_linkage_exchanges_creator", "linkage_exchanges", ["creator_authority", "created_at"])
    op.create_table(
        "linkage_parties",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("exchange_pk", sa.Integer, sa.ForeignKey("linkage_exchanges.pk"), nullable=False),
        sa.Column("authority", sa.String(60), nullable=False),
        sa.Column("submitted_by", sa.String(80), nullable=True),
        sa.Column("submitted_at", sa.String(32), nullable=True),
        sa.Column("count", sa.Integer, nullable=True),
        sa.UniqueConstraint("exchange_pk", "authority"),
    )
    op.create_index("ix_linkage_parties_authority", "linkage_parties", ["authority", "submitted_at"])
    op.create_table(
        "linkage_submissions",
        sa.Column("party_id", sa.Integer, sa.ForeignKey("linkage_parties.id"), primary_key=True),
        sa.Column("refs", sa.JSON, nullable=False),
        sa.Column("filters", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "linkage_pairs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("exchange_pk", sa.Integer, sa.ForeignKey("linkage_exchanges.pk"), nullable=False),
        sa.Column("authority_a", sa.String(60), nullable=False),
        sa.Column("ref_a", sa.String(80), nullable=False),
        sa.Column("authority_b", sa.String(60), nullable=False),
        sa.Column("ref_b", sa.String(80), nullable=False),
        sa.Column("similarity", sa.Float, nullable=False),
    )
    op.create_index("ix_linkage_pairs_a", "linkage_pairs", ["exchange_pk", "authority_a"])
    op.create_index("ix_linkage_pairs_b", "linkage_pairs", ["exchange_pk", "authority_b"])


def downgrade() -> None:
    """Drop what :func:`upgrade` created."""
    for table in ("linkage_pairs", "linkage_submissions", "linkage_parties", "linkage_exchanges"):
        op.drop_table(table)
