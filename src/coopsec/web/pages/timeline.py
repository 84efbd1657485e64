"""Every dated change of a state or an organisation, with its source."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.architecture import organisation_timeline, resolve_code, state_timeline
from coopsec.architecture.report import change_dict
from coopsec.errors import InputError
from coopsec.http.deps import DB, KB, AppSettings
from coopsec.web.pages.common import templates, to_login, user_or_login

router = APIRouter(include_in_schema=False)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, kb: KB, session: DB, settings: AppSettings, code: str = "") -> Response:
    """Every dated change of a state or an organisation, with its source."""
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
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
