"""``/api/v1/auth``: the OAuth2 password flow (short-lived JWTs) and API tokens for scripts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel, Field

from coopsec.api.deps import DB, AppSettings, CurrentUser, StoreDep
from coopsec.api.security import issue_token
from coopsec.store.accounts import authenticate, create_token

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", name="login")
def login(
    request: Request,
    username: Annotated[str, Form(min_length=1, max_length=80)],
    password: Annotated[str, Form(min_length=1, max_length=200)],
    session: DB,
    settings: AppSettings,
) -> dict[str, Any]:
    """OAuth2 password flow: exchange a username and password for a short-lived access token (rate-limited)."""
    client = request.client.host if request.client else "unknown"
    request.app.state.login_limiter.check(f"{username}@{client}")
    user = authenticate(session, username, password)
    return {
        "access_token": issue_token(settings, user.username),
        "token_type": "bearer",
        "expires_in": settings.access_token_minutes * 60,
    }


class TokenRequest(BaseModel):
    """A request for a long-lived API token."""

    name: str = Field(min_length=1, max_length=100, description="What the token is for")


@router.post("/api-tokens", name="create_api_token", status_code=201)
def new_api_token(body: TokenRequest, user: CurrentUser, store: StoreDep) -> dict[str, Any]:
    """Create a long-lived API token for yourself; the secret is shown once."""
    with store.session() as session:  # committed before the secret is shown: a token shown exists
        secret = create_token(session, user.username, user.username, body.name)
    return {"ok": True, "token": secret, "name": body.name}


@router.get("/me", name="me")
def me(user: CurrentUser) -> dict[str, Any]:
    """Who the token belongs to."""
    return {
        "username": user.username,
        "roles": user.role_list,
        "authority": {"state": user.authority.state, "agency": user.authority.agency},
    }
