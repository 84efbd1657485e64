"""``/api/v1/users`` and ``/api/v1/audit``: administration (administrators only)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from coopsec.api.models.users import AuditCheck, UserOut, UsersOut
from coopsec.architecture import resolve_state
from coopsec.exchange.clearance import clearance_dict, set_clearance
from coopsec.http.deps import DB, KB, Admin, Limit, Offset, StoreDep, paginate
from coopsec.store import audit
from coopsec.store.accounts import add_user, disable_user, enable_user, hash_password, list_users
from coopsec.store.models import Agency, Role

router = APIRouter(tags=["users"])


class UserIn(BaseModel):
    """A new user."""

    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9._-]+$")
    password: str = Field(min_length=12, max_length=200)
    state: str = Field(min_length=2, max_length=4)
    agency: Agency
    roles: list[Role] = Field(min_length=1, max_length=4)


@router.get("/users", name="list_users", response_model=UsersOut)
def users(session: DB, _: Admin, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Every user (administrators only)."""
    return paginate([u.to_dict() for u in list_users(session)], limit, offset)


@router.post("/users", name="add_user", status_code=201, response_model=UserOut)
def new_user(body: UserIn, store: StoreDep, kb: KB, admin: Admin) -> dict[str, Any]:
    """Create a user in an authority (administrators only)."""
    state = resolve_state(kb, body.state)
    hashed = hash_password(body.password)  # before the write session: the one writer never waits for argon2
    with store.session() as session:  # one writer at a time, committed before the answer
        return add_user(session, admin.username, body.username, hashed, state, body.agency, list(body.roles)).to_dict()


@router.post("/users/{username}/disable", name="disable_user", response_model=UserOut)
def disable(username: str, request: Request, store: StoreDep, admin: Admin) -> dict[str, Any]:
    """Disable a user (administrators only); their tokens stop working at once.

    Disabling a disabled user changes nothing and writes no audit entry; the last enabled
    administrator cannot be disabled (409).
    """
    with store.session() as session:
        result = disable_user(session, admin.username, username).to_dict()
    request.app.state.principals.clear()
    return result


@router.post("/users/{username}/enable", name="enable_user", response_model=UserOut)
def enable(username: str, request: Request, store: StoreDep, admin: Admin) -> dict[str, Any]:
    """Enable a disabled user again (administrators only); enabling an enabled user changes nothing."""
    with store.session() as session:
        result = enable_user(session, admin.username, username).to_dict()
    request.app.state.principals.clear()
    return result


class ClearanceIn(BaseModel):
    """A user's clearance: a TLP label, or null for their roles' default."""

    model_config = ConfigDict(extra="forbid")

    clearance: str | None = Field(max_length=20, description="CLEAR, GREEN, AMBER, AMBER+STRICT, RED or null")


class ClearanceOut(BaseModel):
    """A user's clearance in the exchange."""

    model_config = ConfigDict(extra="forbid")

    username: str
    clearance: str | None = Field(description="Their own clearance; null means their roles' default")
    effective: str = Field(description="The highest TLP label they read")


@router.post("/users/{username}/clearance", name="set_clearance", response_model=ClearanceOut)
def clearance(username: str, body: ClearanceIn, store: StoreDep, kb: KB, admin: Admin) -> dict[str, Any]:
    """Set the highest TLP label a user may read in the exchange (administrators)."""
    with store.session() as session:
        return clearance_dict(kb, set_clearance(session, kb, admin.username, username, body.clearance))


@router.get("/audit/verify", name="verify_audit", response_model=AuditCheck)
def verify(session: DB, _: Admin) -> dict[str, Any]:
    """Check the audit chain (administrators only)."""
    count, findings = audit.verify(session)
    return {"ok": not findings, "entries": count, "problems": [str(f) for f in findings]}
