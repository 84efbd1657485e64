"""The membership diagram: the main organisations on a date as nested sets, with a text alternative.

The SVG comes from :func:`coopsec.architecture.diagram.render_svg`, computed from the same
memberships as the map; the page embeds it, lists the groups in words for readers who cannot see it,
and offers it as SVG and PNG (``static/js/export.js``). ``/diagram.svg`` serves the file itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.architecture.diagram import Diagram, membership_diagram, render_svg
from coopsec.errors import CoopsecError
from coopsec.http.deps import DB, KB, AppSettings
from coopsec.web.pages.common import templates, to_login, user_or_login
from coopsec.web.pages.listing import date_bounds, page_date

router = APIRouter(include_in_schema=False)


def _groups(diagram: Diagram) -> list[dict[str, Any]]:
    """The groups in words, largest first: the sets each is in and its states by name."""
    names = {s.key: s.label for s in diagram.sets}  # short: the full names are listed once above
    ordered = sorted(diagram.groups, key=lambda g: (-len(g.sets), -len(g.states)))
    return [
        {
            "sets": [names[k] for k in g.sets],
            "states": [name for _, name in g.states],
            "codes": [c for c, _ in g.states],
        }
        for g in ordered
    ]


@router.get("/diagram", response_class=HTMLResponse)
def diagram_page(request: Request, kb: KB, session: DB, settings: AppSettings, on: str = "") -> Response:
    """The diagram of the organisations on the date, its groups in words, and export buttons."""
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
    error, day, diagram = None, dt.date.today(), None
    try:
        day = page_date(on)
        diagram = membership_diagram(kb, day)
    except CoopsecError as err:
        error = str(err)
    return templates.TemplateResponse(
        request,
        "diagram.html",
        {
            "user": user,
            "on": day.isoformat(),
            "given_on": on,
            "svg": render_svg(diagram) if diagram else "",
            "sets": diagram.sets if diagram else (),
            "regions": diagram.regions if diagram else (),
            "groups": _groups(diagram) if diagram else [],
            "error": error,
            **date_bounds(),
        },
        status_code=400 if error else 200,
    )


@router.get("/diagram.svg")
def diagram_svg(request: Request, kb: KB, session: DB, settings: AppSettings, on: str = "") -> Response:
    """The diagram as an SVG file to download."""
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
    try:
        day = page_date(on)
    except CoopsecError as err:
        return Response(f"{err}\n", status_code=400, media_type="text/plain; charset=utf-8")
    return Response(
        render_svg(membership_diagram(kb, day)),
        media_type="image/svg+xml",
        headers={"Content-Disposition": f'attachment; filename="coopsec-diagram-{day.isoformat()}.svg"'},
    )
