"""Dashboard pages: log in, the map with its date slider, assess an event, timelines.

Pages are thin: they call the same library functions as the CLI and the API. Every asset (scripts,
map shapes, styles) is served by the package, so the page never requests anything outside the
service.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from coopsec.api.deps import (
    DB,
    KB,
    SESSION_COOKIE,
    AppSettings,
    PrincipalCache,
    StoreDep,
    resolve_principal,
    resolve_user,
    user_or_none,
)
from coopsec.api.security import check_login, issue_token
from coopsec.architecture import organisation_timeline, resolve_code, state_timeline
from coopsec.architecture.report import change_dict
from coopsec.errors import AuthError, CoopsecError, InputError
from coopsec.obligations import KINDS, make_event
from coopsec.store.accounts import authenticate, end_sessions

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)


def _user_or_login(request: Request, session: Any, settings: Any) -> Any:
    try:
        return resolve_user(request, session, settings)
    except (AuthError, InputError):
        return None


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    """The login form."""
    return templates.TemplateResponse(request, "login.html", {"error": None})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: DB,
    settings: AppSettings,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    """Check the credentials and open a session (an HttpOnly cookie holding a short-lived token)."""
    try:
        check_login(request, settings, username)  # per username and client, and per client across usernames
        user = authenticate(session, username, password)
    except AuthError as err:
        return templates.TemplateResponse(request, "login.html", {"error": str(err)}, status_code=401)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        issue_token(settings, user),
        httponly=True,
        samesite="strict",
        secure=settings.environment == "production",  # HTTPS only in production
        max_age=settings.access_token_minutes * 60,
    )
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


@router.get("/", response_class=HTMLResponse)
def map_page(request: Request, kb: KB, session: DB, settings: AppSettings) -> Response:
    """The map of the system, coloured by each state's place, with a date slider."""
    user = _user_or_login(request, session, settings)
    if user is None:
        return RedirectResponse("/login", status_code=303)
    codes = {s.alpha3: s.code for s in kb.states.values() if not s.historic}
    return templates.TemplateResponse(
        request,
        "map.html",
        {
            "user": user,
            "codes": json.dumps(codes),
            "today": dt.date.today().isoformat(),
            "attribution": kb.democracy.attribution,
        },
    )


@router.api_route("/assess", methods=["GET", "POST"], response_class=HTMLResponse)
async def assess_page(request: Request, kb: KB, settings: AppSettings) -> Response:
    """The "assess an event" form and, once submitted, every mechanism's answer with its trace."""
    user = await user_or_none(request, settings)  # async (it awaits the form); the lookup runs in a thread
    if user is None:
        return RedirectResponse("/login", status_code=303)
    form = dict(await request.form()) if request.method == "POST" else {}
    values = {k: str(form.get(k, "")).strip() for k in ("kind", "victim", "by", "at", "date", "scale")}
    result, error = None, None
    if request.method == "POST":
        try:
            event = make_event(
                kb,
                values["kind"],
                values["victim"],
                values["by"] or None,
                values["at"] or None,
                values["date"] or None,
                values["scale"] or None,
            )
            result = request.app.state.assessor.assess(event).to_dict()
        except CoopsecError as err:
            error = str(err)
    states = sorted((s.code, s.name) for s in kb.states.values() if not s.historic)
    return templates.TemplateResponse(
        request,
        "assess.html",
        {"user": user, "kinds": KINDS, "states": states, "values": values, "result": result, "error": error},
        status_code=400 if error else 200,
    )


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, kb: KB, session: DB, settings: AppSettings, code: str = "") -> Response:
    """Every dated change of a state or an organisation, with its source."""
    user = _user_or_login(request, session, settings)
    if user is None:
        return RedirectResponse("/login", status_code=303)
    changes, error, title = [], None, ""
    if code:
        try:
            kind, found = resolve_code(kb, code)
            items = state_timeline(kb, found) if kind == "state" else organisation_timeline(kb, found)
            changes = [change_dict(c) for c in items]
            title = kb.states[found].name if kind == "state" else kb.organisations[found].name
        except InputError as err:
            error = str(err)
    options = sorted(kb.organisations) + sorted(c for c, s in kb.states.items() if not s.historic)
    return templates.TemplateResponse(
        request,
        "timeline.html",
        {"user": user, "code": code, "changes": changes, "error": error, "title": title, "options": options},
        status_code=400 if error else 200,
    )
