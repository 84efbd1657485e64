"""The atlas: the map of the system with its date slider."""

from __future__ import annotations

import datetime as dt
import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.http.deps import DB, KB, AppSettings
from coopsec.rings.atlas import atlas_for
from coopsec.web.pages.common import templates, to_login, user_or_login

router = APIRouter(include_in_schema=False)


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
        },
    )
