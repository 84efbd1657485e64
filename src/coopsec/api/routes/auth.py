"""``/api/v1/auth``: the OAuth2 password flow (short-lived JWTs), logout, password change, and API tokens.

Only a password login (a session) may create API tokens, log out or change the password: an API
token could otherwise renew itself forever. Logout and password change raise the user's session
epoch, which ends every session of theirs at once (see :mod:`coopsec.http.security`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from pydantic import BaseModel, ConfigDict, Field

from coopsec.api.models.auth import (
    AccessToken,
    ApiTokensOut,
    MeOut,
    NewApiToken,
    PasswordChanged,
    Revoked,
    SessionsEnded,
)
from coopsec.http.deps import DB, AppSettings, CurrentPrincipal, CurrentUser, PasswordLogin, PrincipalCache, StoreDep
from coopsec.http.security import check_login, issue_token
from coopsec.store.accounts import (
    authenticate,
    change_password,
    create_token,
    end_sessions,
    hash_password,
    list_tokens,
    revoke_token,
    token_expiry,
)
from coopsec.store.models import Scope

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", name="login", response_model=AccessToken)
def login(
    request: Request,
    username: Annotated[str, Form(min_length=1, max_length=80)],
    password: Annotated[str, Form(min_length=1, max_length=200)],
    session: DB,
    settings: AppSettings,
) -> dict[str, Any]:
    """OAuth2 password flow: exchange a username and password for a short-lived access token (rate-limited)."""
    check_login(request, settings, username)
    user = authenticate(session, username, password)
    return {
        "access_token": issue_token(settings, user),
        "token_type": "bearer",
        "expires_in": settings.access_token_minutes * 60,
    }


@router.post("/logout", name="logout", response_model=SessionsEnded)
def logout(request: Request, principal: PasswordLogin, store: StoreDep) -> dict[str, Any]:
    """End every session of yours at once (all access tokens and dashboard sessions; API tokens stay)."""
    with store.session() as session:
        end_sessions(session, principal.user.username, principal.user.username)
    principals: PrincipalCache = request.app.state.principals
    principals.forget_user(principal.user.id)
    return {"ok": True, "sessions_ended": True}


class PasswordChange(BaseModel):
    """A password change: the current password, and the new one (at least 12 characters)."""

    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=12, max_length=200)


@router.post("/password", name="change_password", response_model=PasswordChanged)
def new_password(
    body: PasswordChange,
    request: Request,
    principal: PasswordLogin,
    session: DB,
    store: StoreDep,
    settings: AppSettings,
) -> dict[str, Any]:
    """Change your password (the current one is checked, rate-limited like a login); every session ends."""
    name = principal.user.username
    check_login(request, settings, name)
    authenticate(session, name, body.current_password)
    hashed = hash_password(body.new_password)  # before the write session: the writer lock is never held hashing
    with store.session() as writer:
        change_password(writer, name, name, hashed)
    principals: PrincipalCache = request.app.state.principals
    principals.forget_user(principal.user.id)
    return {"ok": True, "sessions_ended": True, "next": "log in again with the new password (POST /api/v1/auth/token)"}


class TokenRequest(BaseModel):
    """A request for an API token."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, description="What the token is for")
    scope: Scope = Field(
        default="read",
        description="read: GET requests and POST /assess only; read-write: also changes, within your roles",
    )
    expires_in_days: int | None = Field(
        default=None, ge=1, description="Lifetime in days (default 30, at most COOPSEC_API_TOKEN_MAX_DAYS)"
    )


@router.post("/api-tokens", name="create_api_token", status_code=201, response_model=NewApiToken)
def new_api_token(
    body: TokenRequest, principal: PasswordLogin, store: StoreDep, settings: AppSettings
) -> dict[str, Any]:
    """Create an API token for yourself (a password login only, never another API token); the secret is shown once."""
    expires = token_expiry(body.expires_in_days, settings.api_token_max_days)
    name = principal.user.username
    with store.session() as session:  # committed before the secret is shown: a token shown exists
        created = create_token(session, name, name, body.name, scope=body.scope, expires_at=expires)
    return created.to_dict()


@router.get("/api-tokens", name="list_my_api_tokens", response_model=ApiTokensOut)
def my_api_tokens(session: DB, user: CurrentUser) -> dict[str, Any]:
    """Your API tokens (never their secrets), revoked and expired ones included."""
    return {"items": list_tokens(session, user.username)}


@router.delete("/api-tokens/{token_id}", name="revoke_my_api_token", response_model=Revoked)
def revoke_my_api_token(
    token_id: Annotated[int, Path(ge=1, le=2**31 - 1)], request: Request, principal: CurrentPrincipal, store: StoreDep
) -> dict[str, Any]:
    """Revoke one of your API tokens (another user's token is "not found": its existence is not revealed)."""
    name = principal.user.username
    with store.session() as session:
        revoke_token(session, name, token_id, owner=name)
    principals: PrincipalCache = request.app.state.principals
    principals.forget_user(principal.user.id)
    return {"ok": True, "revoked": token_id}


@router.get("/me", name="me", response_model=MeOut)
def me(principal: CurrentPrincipal) -> dict[str, Any]:
    """Who the token belongs to, and what it is (a session or an API token with its scope)."""
    user = principal.user
    return {
        "username": user.username,
        "roles": user.role_list,
        "authority": {"state": user.authority.state, "agency": user.authority.agency},
        "via": principal.via,
        "scope": principal.scope,
    }
