"""``/api/v1/auth/session``: the dashboard's sliding session, read and renewed while its user is active.

The dashboard keeps its token in an HttpOnly, SameSite=Strict cookie that lasts
``access_token_minutes``. Its page (``web/static/js/session.js``) renews the cookie while the user
is active, so a person at work is never logged out under their hands, yet an idle page ends with its
token and no session outlives ``session_max_hours`` from its password login (the token's start,
claim ``ast``, survives every renewal).

Only the dashboard's cookie is renewed. A bearer token (from ``/auth/token``, or an API token) is
refused: a script holds its password and logs in again, and a leaked 15-minute token must not become
a 12-hour one. Renewal changes state, so beyond SameSite it asks for a header no cross-site form can
send (``X-Coopsec-Renew: 1``). Every renewal reads the user from the database (never the few-second
principal cache): a logout, password change or disabled account elsewhere stops it at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from coopsec.errors import AuthError, ForbiddenError
from coopsec.http.deps import DB, SESSION_COOKIE, AppSettings
from coopsec.http.security import SessionClaims, issue_token, read_token, set_session_cookie
from coopsec.settings import Settings
from coopsec.store.accounts import TOKEN_PREFIX, user_for_session
from coopsec.store.models import User

router = APIRouter(prefix="/auth/session", tags=["auth"])

#: The header a renewal must carry: a cross-site form or image cannot send it.
RENEW_HEADER = "X-Coopsec-Renew"


class SessionTimes(BaseModel):
    """When the dashboard's session cookie expires unless renewed, and when the session ends regardless."""

    expires: dt.datetime = Field(description="When the session's token expires unless renewed (UTC)")
    ends: dt.datetime = Field(description="When the session ends however often it is renewed: log in again then")
    now: dt.datetime = Field(description="The service's clock, so a page can correct its own")


def _at(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def _times(claims: SessionClaims, settings: Settings) -> SessionTimes:
    return SessionTimes(expires=_at(claims.expires), ends=_at(claims.ends(settings)), now=dt.datetime.now(dt.UTC))


def _dashboard_session(request: Request, session: Session, settings: Settings) -> tuple[User, SessionClaims]:
    """The user and claims of the request's dashboard session cookie, checked against the database.

    Raises:
        ForbiddenError: for a bearer token or API token (they are not renewed).
        AuthError: when the session has ended: no cookie, expired, logged out, password changed,
            account disabled or deleted.

    """
    if request.headers.get("authorization"):
        raise ForbiddenError(
            "only the dashboard's session cookie is renewed, not a bearer token: "
            "a script logs in again with POST /api/v1/auth/token"
        )
    token = request.cookies.get(SESSION_COOKIE, "")
    if token.startswith(TOKEN_PREFIX):
        raise ForbiddenError("an API token is not a session and is never renewed: use it until it expires")
    if not token:
        raise AuthError("your session has ended (no session cookie): log in again")
    try:
        claims = read_token(settings, token)
        user = user_for_session(session, claims.user_id, claims.username, claims.epoch)
    except AuthError as err:
        raise AuthError(f"your session has ended ({err})") from err
    if user.disabled:
        raise AuthError("your session has ended (the account is disabled): log in again once it is enabled")
    return user, claims


@router.get("", name="session_times", response_model=SessionTimes)
def session_times(request: Request, session: DB, settings: AppSettings) -> SessionTimes:
    """When the dashboard's session expires and ends, without renewing it (another tab may have renewed it)."""
    _, claims = _dashboard_session(request, session, settings)
    return _times(claims, settings)


@router.post("/renew", name="renew_session", response_model=SessionTimes)
def renew_session(
    request: Request,
    response: Response,
    session: DB,
    settings: AppSettings,
    renew: Annotated[
        str | None,
        Header(
            alias=RENEW_HEADER,
            description="Must be 1: proves the request comes from the dashboard's own script, not another site's form",
        ),
    ] = None,
) -> SessionTimes:
    """Renew the dashboard's session cookie (a fresh token), never past COOPSEC_SESSION_MAX_HOURS from the login."""
    if renew != "1":
        raise ForbiddenError(
            f"send the header '{RENEW_HEADER}: 1' to renew the session (the dashboard's script does): "
            "it shows the request comes from this site's own pages"
        )
    user, claims = _dashboard_session(request, session, settings)
    if not claims.dashboard or claims.started is None:  # a bearer token put in the cookie, or one from before renewal
        raise AuthError("your session cannot be renewed (it is not a dashboard session): log in again")
    token = issue_token(settings, user, dashboard=True, started=claims.started)
    set_session_cookie(response, SESSION_COOKIE, token, settings)
    return _times(read_token(settings, token), settings)
