"""The atlas: the map of the system with its date slider."""

from __future__ import annotations

import datetime as dt
import json
import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.http.deps import DB, KB, AppSettings
from coopsec.missions.mapdata import KINDS
from coopsec.rings.atlas import atlas_for
from coopsec.web.pages.common import WEB, templates, to_login, user_or_login

router = APIRouter(include_in_schema=False)


def _assets(*names: str) -> tuple[str, ...]:
    """The static files the named templates link through ``asset(...)``, in order of appearance."""
    found: list[str] = []
    for name in names:
        for path in re.findall(r"asset\('([^']+)'\)", (WEB / "templates" / name).read_text(encoding="utf-8")):
            if path not in found:
                found.append(path)
    return tuple(found)


#: What the map page loads after login. The login page lets the browser fetch these while the user
#: types (``rel=prefetch``; they are kept a year, see :func:`asset_url`), so on a slow mobile link the
#: map after login costs one request, not three rounds of them.
MAP_ASSETS = _assets("base.html", "map.html")
templates.env.globals["map_assets"] = MAP_ASSETS


@router.get("/", response_class=HTMLResponse)
def map_page(request: Request, kb: KB, session: DB, settings: AppSettings) -> Response:
    """The map of the system, coloured by each state's place, with a date slider."""
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
    codes = {s.alpha3: s.code for s in kb.states.values() if not s.historic}
    return templates.TemplateResponse(
        request,
        "map.html",
        {
            "user": user,
            "codes": json.dumps(codes),
            "today": dt.date.today().isoformat(),
            "attribution": kb.democracy.attribution,
            # Every date's colours in the page itself: the first coloured map needs no second
            # request, and moving through the years none at all. "</" is escaped for the <script>.
            "atlas": atlas_for(kb).json.replace("</", "<\\/"),
            "mission_kinds": KINDS,
        },
    )
