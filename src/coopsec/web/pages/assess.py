"""The "assess an event" form and, once submitted, every mechanism's answer with its trace."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.errors import CoopsecError
from coopsec.http.deps import KB, AppSettings, user_or_none
from coopsec.obligations import KINDS, make_event
from coopsec.web.pages.common import templates, to_login

router = APIRouter(include_in_schema=False)


@router.api_route("/assess", methods=["GET", "POST"], response_class=HTMLResponse)
async def assess_page(request: Request, kb: KB, settings: AppSettings) -> Response:
    """The "assess an event" form and, once submitted, every mechanism's answer with its trace."""
    user = await user_or_none(request, settings)  # async (it awaits the form); the lookup runs in a thread
    if user is None:
        return to_login(request)
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
