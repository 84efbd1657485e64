"""Session epochs, API token expiry and scope, usernames unique without regard to case.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

#: The lifetime given to tokens made before tokens expired (the default COOPSEC_API_TOKEN_MAX_DAYS).
LEGACY_TOKEN_DAYS = 90


def upgrade() -> None:
    """Add the columns, give old tokens an expiry, and index lower(username) uniquely.

    Raises:
        RuntimeError: when two usernames differ only in case; the message names them and what to do.

    """
    bind = op.get_bind()
    clashes = bind.execute(
        sa.text("SELECT lower(username) FROM users GROUP BY lower(username) HAVING count(*) > 1")
    ).all()
    if clashes:
        names = ", ".join(row[0] for row in clashes)
        raise RuntimeError(
            f"usernames that differ only in case cannot stay apart ({names}): rename or delete all but one of "
            "each, then start coopsec again"
        )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_epoch", sa.Integer, nullable=False, server_default="0"))
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("scope", sa.String(20), nullable=False, server_default="read-write"))
    expires = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=LEGACY_TOKEN_DAYS)
    bind.execute(sa.text("UPDATE api_tokens SET expires_at = :at WHERE expires_at IS NULL"), {"at": expires})
    op.create_index("ux_users_username_lower", "users", [sa.text("lower(username)")], unique=True)


def downgrade() -> None:
    """Drop them."""
    op.drop_index("ux_users_username_lower", "users")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("scope")
        batch.drop_column("expires_at")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_epoch")
