"""The tables of the store (SQLAlchemy 2 declarative models)."""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

Agency = Literal[
    "police",
    "financial-intelligence-unit",
    "passenger-information-unit",
    "civil-protection",
    "defence",
    "foreign-affairs",
]
Role = Literal["viewer", "analyst", "liaison-officer", "administrator"]
#: What an API token may do: ``read`` only reads (GET, and POST /assess, which computes and stores nothing);
#: ``read-write`` also writes, within its user's roles. Sessions (password logins) are always read-write.
Scope = Literal["read", "read-write"]
AGENCY_KINDS: tuple[str, ...] = get_args(Agency)
ROLES: tuple[str, ...] = get_args(Role)
SCOPES: tuple[str, ...] = get_args(Scope)


def utcnow() -> dt.datetime:
    """The current time, in UTC."""
    return dt.datetime.now(dt.UTC)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` as an aware UTC time (SQLite hands back the UTC times it stored without their zone)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


class Base(DeclarativeBase):
    """Base of every table."""


class Authority(Base):
    """A national authority: a state plus an agency kind."""

    __tablename__ = "authorities"
    __table_args__ = (UniqueConstraint("state", "agency"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(4))
    agency: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))


class User(Base):
    """A person who uses coopsec, belonging to one authority."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"))
    roles: Mapped[str] = mapped_column(String(200))  # comma-separated, from ROLES
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: Embedded in every session token (JWT); raised by logout and password change, which ends every session at once.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: The highest TLP label the user may read in the exchange (issue 12); null: their roles' default (exchange.yaml).
    clearance: Mapped[str | None] = mapped_column(String(20), nullable=True, default=None)

    authority: Mapped[Authority] = relationship()

    @property
    def role_list(self) -> list[str]:
        """The user's roles."""
        return [r for r in self.roles.split(",") if r]


class ApiToken(Base):
    """A long-lived token for scripts; only its hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    token_hash: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    #: When the token stops working (tokens made before expiry existed were given one by migration 0003).
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    scope: Mapped[str] = mapped_column(String(20), default="read", server_default="read-write")

    user: Mapped[User] = relationship()


# Usernames are unique without regard to case ("Alice" cannot be added beside "alice"): lookups fold case too.
Index("ux_users_username_lower", func.lower(User.username), unique=True)


class AuditEntry(Base):
    """One entry of the hash-chained audit log."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(80))
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """A signed tree head of the audit log: its size, Merkle root and time, signed with a key kept outside the database.

    A head pins the first ``tree_size`` entries: a later log that is not a consistent extension of
    it (entries removed from the end, rewritten or replaced) is caught by ``coopsec audit verify``.
    """

    __tablename__ = "audit_heads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tree_size: Mapped[int] = mapped_column(Integer)
    root_hash: Mapped[str] = mapped_column(String(64))
    timestamp: Mapped[str] = mapped_column(String(40))
    algorithm: Mapped[str] = mapped_column(String(20))
    key_id: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(200))
