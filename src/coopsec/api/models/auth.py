"""Bodies of ``/auth``: login, logout, password change, API tokens and ``/auth/me``."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from coopsec.api.models.common import AuthorityOut, Body, Timestamp
from coopsec.store.models import Role, Scope


class AccessToken(Body):
    """A short-lived access token (OAuth2 password flow): send it as ``Authorization: Bearer <token>``."""

    access_token: str = Field(description="A JWT")
    token_type: Literal["bearer"]
    expires_in: int = Field(ge=1, description="Seconds until it expires (COOPSEC_ACCESS_TOKEN_MINUTES)")


class SessionsEnded(Body):
    """Every session of the user has ended (logout); API tokens stay."""

    ok: bool
    sessions_ended: bool


class PasswordChanged(SessionsEnded):
    """The password is changed and every session has ended."""

    next: str = Field(description="What to do next: log in again with the new password")


class NewApiToken(Body):
    """A new API token, its secret shown this once (the store keeps only a hash)."""

    ok: bool
    id: int
    token: str = Field(description="The secret: send it as `Authorization: Bearer <token>`")
    name: str = Field(description="What the token is for")
    scope: Scope
    expires_at: Timestamp


class ApiTokenOut(Body):
    """An API token as its owner sees it later (never its secret)."""

    id: int
    user: str = Field(description="Its owner")
    name: str
    prefix: str = Field(description="The first characters of the secret, to tell tokens apart")
    scope: Scope
    created_at: Timestamp
    expires_at: Timestamp | None
    expired: bool
    revoked: bool


class ApiTokensOut(Body):
    """Your API tokens, revoked and expired ones included, oldest first."""

    items: list[ApiTokenOut]


class Revoked(Body):
    """An API token is revoked."""

    ok: bool
    revoked: int = Field(description="The id of the token revoked")


class MeOut(Body):
    """Who a token belongs to, and what it is."""

    username: str
    roles: list[Role]
    authority: AuthorityOut
    via: Literal["session", "api-token"] = Field(description="A password login's session, or an API token")
    scope: Scope = Field(description="What the credential allows (a session: read-write)")
