"""Crisis coordination: incidents, assistance requests, offers, deliveries and the timeline.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    """Create the five tables."""
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("victim", sa.String(4), nullable=False),
        sa.Column("by", sa.String(20), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("occurred_at", sa.String(40), nullable=False),
        sa.Column("casualties", sa.Integer, nullable=False),
        sa.Column("cbrn", sa.Boolean, nullable=False),
        sa.Column("cross_border", sa.Boolean, nullable=False),
        sa.Column("online_propaganda", sa.Boolean, nullable=False),
        sa.Column("perpetrators", sa.String(400), nullable=False),
        sa.Column("ipcr_mode", sa.String(30), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reported_by", sa.String(80), nullable=False),
        sa.Column("reported_at", sa.String(40), nullable=False),
        sa.Column("closed_at", sa.String(40), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "assistance_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), nullable=False, index=True),
        sa.Column("mechanism", sa.String(40), nullable=False),
        sa.Column("needs", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("requested_by", sa.String(80), nullable=False),
        sa.Column("requested_at", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "assistance_offers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("request_id", sa.Integer, sa.ForeignKey("assistance_requests.id"), nullable=False, index=True),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), nullable=False, index=True),
        sa.Column("state", sa.String(4), nullable=False),
        sa.Column("agency", sa.String(40), nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("offered_by", sa.String(80), nullable=False),
        sa.Column("offered_at", sa.String(40), nullable=False),
        sa.Column("decided_by", sa.String(80), nullable=True),
        sa.Column("decided_at", sa.String(40), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "assistance_deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("offer_id", sa.Integer, sa.ForeignKey("assistance_offers.id"), nullable=False, index=True),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), nullable=False, index=True),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("delivered_by", sa.String(80), nullable=False),
        sa.Column("delivered_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "incident_steps",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), nullable=False, index=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("state", sa.String(4), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
    )


def downgrade() -> None:
    """Drop them."""
    for table in ("incident_steps", "assistance_deliveries", "assistance_offers", "assistance_requests", "incidents"):
        op.drop_table(table)
