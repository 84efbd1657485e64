"""What every page shares: the templates, the static folder, and who is logged in (or a redirect)."""

from __future__ import annotations

import functools
import hashlib
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates

from coopsec.errors import AuthError, InputError
from coopsec.http.deps import SESSION_COOKIE, resolve_user
from coopsec.http.security import read_token

WEB = Path(__file__).resolve().parent.parent
STATIC = WEB / "static"
templates = Jinja2Templates(directory=str(WEB / "templates"))


def user_or_login(request: Request, session: Any, settings: Any) -> Any:
    """The logged-in user, or ``None`` when the session is missing, expired or ended."""
    try:
        return resolve_user(request, session, settings)
    except (AuthError, InputError):
        return None


def to_login(request: Request) -> RedirectResponse:
    """Send the user to the login page, which brings them back to this very view afterwards."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/login?next=" + quote(here, safe=""), status_code=303)


@functools.cache
def asset_url(path: str) -> str:
    """``/static/PATH?v=HASH``: the file's URL naming its content, so browsers may keep it for a year.

    Raises:
        FileNotFoundError: when a template names a static file the package does not ship.

    """
    digest = hashlib.sha256((STATIC / path).read_bytes()).hexdigest()[:12]
    return f"/static/{path}?v={digest}"


templates.env.globals["asset"] = asset_url


def session_times(request: Request) -> dict[str, int] | None:
    """The dashboard session's times, in seconds of the service's clock, for ``web/static/js/session.js``.

    ``issued`` and ``expires`` give the token's life (the page renews it when half is gone), ``ends``
    the session's absolute end, ``now`` the service's clock (the page corrects its own by it). ``None``
    when the page was not opened with a session cookie (e.g. a bearer token): nothing to renew then.
    A template global, so every page's ``base.html`` has it without each page module passing it.
    """
    token = request.cookies.get(SESSION_COOKIE)
    if not token or request.headers.get("authorization"):
        return None
    settings = request.app.state.settings
    try:
        claims = read_token(settings, token)
    except AuthError:
        return None
    return {
        "issued": int(claims.issued),
        "expires": int(claims.expires),
        "ends": int(claims.ends(settings)),
        "now": int(time.time()),
    }


templates.env.globals["session_times"] = session_times
