"""Log in and log out. After login the user returns to the view they asked for (``next``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from coopsec.errors import AuthError, InputError
from coopsec.http.deps import DB, SESSION_COOKIE, AppSettings, PrincipalCache, StoreDep, resolve_principal
from coopsec.http.security import check_login, issue_token, set_session_cookie
from coopsec.store.accounts import authenticate, end_sessions
from coopsec.web.pages.common import templates

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Where to go after login: a path of this site only (never ``//host`` or ``https://...``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    """The login form (``ended=1`` says the previous session has ended)."""
    ended = request.query_params.get("ended") == "1"
    return templates.TemplateResponse(request, "login.html", {"error": None, "next": safe_next(next), "ended": ended})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: DB,
    settings: AppSettings,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the credentials and open a session (an HttpOnly cookie holding a short-lived, renewable token)."""
    try:
        check_login(request, settings, username)  # per username and client, and per client across usernames
        user = authenticate(session, username, password)
    except AuthError as err:
        return templates.TemplateResponse(
            request, "login.html", {"error": str(err), "next": safe_next(next), "ended": False}, status_code=401
        )
    response = RedirectResponse(safe_next(next), status_code=303)
    # A dashboard token: the page renews it while the user is active, up to COOPSEC_SESSION_MAX_HOURS.
    set_session_cookie(response, SESSION_COOKIE, issue_token(settings, user, dashboard=True), settings)
    return response


@router.post("/logout")
def logout(request: Request, session: DB, store: StoreDep, settings: AppSettings) -> Response:
    """Close the session: end every session of the user at once (the cookie alone could be replayed), then drop it."""
    try:
        principal = resolve_principal(request, session, settings)
    except (AuthError, InputError):
        principal = None  # no open session: only the cookie is left to drop
    if principal is not None and principal.via == "session":
        with store.session() as writer:
            end_sessions(writer, principal.user.username, principal.user.username)
        principals: PrincipalCache = request.app.state.principals
        principals.forget_user(principal.user.id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
