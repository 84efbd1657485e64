"""Information exchange (issue 12): records, recipients, grants, release requests, full-text search, clearance.

SQLite keeps the full-text index in an FTS5 table with external content (the records table itself)
kept current by triggers; PostgreSQL in a generated tsvector column with a GIN index. Both index
the title, the body and the entities' values, with no stemming ('simple' / unicode61), so a word
matches the same records on both. Users get a nullable ``clearance`` (null: their roles' default).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"

_FTS_TRIGGERS = (
    """CREATE TRIGGER exchange_records_ai AFTER INSERT ON exchange_records BEGIN
         INSERT INTO exchange_records_fts(rowid, title, body, entities_text)
         VALUES (new.pk, new.title, new.body, new.entities_text);
       END""",
    """CREATE TRIGGER exchange_records_ad AFTER DELETE ON exchange_records BEGIN
         INSERT INTO exchange_records_fts(exchange_records_fts, rowid, title, body, entities_text)
         VALUES ('delete', old.pk, old.title, old.body, old.entities_text);
       END""",
    """CREATE TRIGGER exchange_records_au AFTER UPDATE OF title, body, entities_text ON exchange_records BEGIN
         INSERT INTO exchange_records_fts(exchange_records_fts, rowid, title, body, entities_text)
         VALUES ('delete', old.pk, old.title, old.body, old.entities_text);
         INSERT INTO exchange_records_fts(rowid, title, body, entities_text)
         VALUES (new.pk, new.title, new.body, new.entities_text);
       END""",
)


def upgrade() -> None:
    """Create the four tables, their indexes and the full-text index; add users.clearance."""
    op.create_table(
        "exchange_records",
        sa.Column("pk", sa.Integer, primary_key=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("originator", sa.String(80), nullable=False),
        sa.Column("origin_state", sa.String(4), nullable=False),
        sa.Column("origin_agency", sa.String(40), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("changed_at", sa.String(32), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("entities", sa.JSON, nullable=False),
        sa.Column("entities_text", sa.Text, nullable=False),
        sa.Column("scope", sa.String(20), nullable=False),
        sa.Column("ring", sa.String(40), nullable=True),
        sa.Column("handling", sa.String(4), nullable=False),
        sa.Column("handling_note", sa.Text, nullable=True),
        sa.Column("tlp", sa.String(20), nullable=False),
        sa.Column("evaluation", sa.String(2), nullable=False),
        sa.Column("retracted_at", sa.String(32), nullable=True),
        sa.Column("retracted_by", sa.String(80), nullable=True),
        sa.Column("retraction_reason", sa.Text, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_exchange_records_reader", "exchange_records", ["scope", "ring", "tlp"])
    op.create_index("ix_exchange_records_origin", "exchange_records", ["origin_state", "origin_agency"])
    op.create_index("ix_exchange_records_created", "exchange_records", ["created_at", "pk"])
    op.create_index("ix_exchange_records_changed", "exchange_records", ["changed_at", "pk"])
    op.create_table(
        "exchange_recipients",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("record_pk", sa.Integer, sa.ForeignKey("exchange_records.pk"), nullable=False),
        sa.Column("authority", sa.String(50), nullable=False),
        sa.UniqueConstraint("record_pk", "authority"),
    )
    op.create_index("ix_exchange_recipients_authority", "exchange_recipients", ["authority", "record_pk"])
    op.create_table(
        "exchange_grants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("record_pk", sa.Integer, sa.ForeignKey("exchange_records.pk"), nullable=False),
        sa.Column("authority", sa.String(50), nullable=False),
        sa.Column("granted_by", sa.String(80), nullable=False),
        sa.Column("granted_at", sa.String(32), nullable=False),
        sa.Column("request_id", sa.Integer, nullable=True),
        sa.UniqueConstraint("record_pk", "authority"),
    )
    op.create_index("ix_exchange_grants_authority", "exchange_grants", ["authority", "record_pk"])
    op.create_table(
        "exchange_release_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("record_pk", sa.Integer, sa.ForeignKey("exchange_records.pk"), nullable=False, index=True),
        sa.Column("authority", sa.String(50), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("requested_by", sa.String(80), nullable=False),
        sa.Column("requester_authority", sa.String(50), nullable=False),
        sa.Column("requested_at", sa.String(32), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("decided_by", sa.String(80), nullable=True),
        sa.Column("decided_at", sa.String(32), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("clearance", sa.String(20), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE exchange_records ADD COLUMN search tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple', title || ' ' || body || ' ' || entities_text)) STORED"
        )
        op.execute("CREATE INDEX ix_exchange_records_search ON exchange_records USING GIN (search)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE exchange_records_fts USING fts5("
            "title, body, entities_text, content='exchange_records', content_rowid='pk')"
        )
        for statement in _FTS_TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    """Drop what :func:`upgrade` created."""
    if op.get_bind().dialect.name != "postgresql":
        for name in ("exchange_records_ai", "exchange_records_ad", "exchange_records_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS exchange_records_fts")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("clearance")
    for table in ("exchange_release_requests", "exchange_grants", "exchange_recipients", "exchange_records"):
        op.drop_table(table)
