"""The incident register and one incident: facts, response plan, requests, offers, live timeline (issue 11).

The pages only read: every change goes through the JSON API (``/api/v1/incidents/...``) from
``static/js/incidents.js``, so the coordination's own checks decide who may act. The forms shown
here mirror those rules only to spare users a form they cannot use; the API's refusal is still
shown in words when it refuses. The after-action report is served as a download (HTML and
Markdown) so the browser keeps a copy a crisis cell can file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.errors import CoopsecError, UnknownCodeError
from coopsec.http.deps import DB, KB, AppSettings
from coopsec.obligations.kinds import EVENT_KINDS
from coopsec.obligations.summary import long_date, mechanism_name
from coopsec.response import PERPETRATORS, Incident, plan
from coopsec.response.coordination_rules import ADMIN, IPCR_MODES, LIAISON
from coopsec.response.coordination_views import list_incidents, show_incident
from coopsec.response.presidency import presidencies_between
from coopsec.response.report import after_action
from coopsec.web.pages.common import templates, to_login, user_or_login

router = APIRouter(include_in_schema=False)
#: A row id (bounded as the API's).
Id = Path(ge=1, le=2_147_483_647)
#: Who the attackers are, as the API takes it (a state code is typed instead).
BY_CHOICES = (("non-state", "a non-state actor"), ("unknown", "unknown"))
#: The IPCR modes in words (UI wording; the codes are the API's).
IPCR_WORDS = {
    "none": "not activated",
    "monitoring": "monitoring",
    "information-sharing": "information sharing",
    "full-activation": "full activation",
}


def _day_only(moment: dt.datetime) -> bool:
    """A step given as a day alone (a replay whose source has no hour) is stored at 00:00 UTC."""
    return moment.time() == dt.time() and moment.utcoffset() in (None, dt.timedelta(0))


def when_words(iso: str | None) -> str:
    """An ISO date-time as people read it, keeping its UTC offset: "13 November 2015, 21:16 (UTC+01:00)"."""
    if not iso:
        return ""
    moment = dt.datetime.fromisoformat(iso)
    text = long_date(moment.date())
    if "T" in iso and not _day_only(moment):
        offset = moment.strftime("%z")
        zone = "UTC" if offset in ("", "+0000") else f"UTC{offset[:3]}:{offset[3:]}"
        text += f", {moment:%H:%M} ({zone})"
    return text


def _state_name(kb: Any, code: str | None) -> str:
    state = kb.states.get(code or "")
    return str(state.name) if state is not None else str(code or "")


def _roles(user: Any) -> dict[str, Any]:
    roles = list(user.role_list)
    return {
        "username": user.username,
        "state": user.authority.state,
        "admin": ADMIN in roles,
        "liaison": LIAISON in roles,
    }


def _may_set_ipcr(kb: Any, who: dict[str, Any], shown: dict[str, Any]) -> bool:
    """Whether to show the IPCR form: administrators, and the presidency's liaison officers on the incident's days.

    The presidency of any day from the incident's occurrence to its closure (or today while it is open).
    Only a courtesy: the API decides on the day of each decision and says why when it refuses.
    """
    if who["admin"]:
        return True
    if not who["liaison"]:
        return False
    first = dt.date.fromisoformat(shown["occurred_at"][:10])
    last = dt.date.fromisoformat(shown["closed_at"][:10]) if shown.get("closed_at") else dt.date.today()
    return any(t.state == who["state"] for t in presidencies_between(kb, first, max(first, last)))


def _pending(shown: dict[str, Any]) -> tuple[int, int]:
    """Open requests and pending offers of an incident (what still waits for someone)."""
    requests = sum(1 for r in shown["requests"] if r["status"] == "open")
    offers = sum(1 for o in shown["offers"] if o["status"] == "pending")
    return requests, offers


def _list_row(kb: Any, session: Any, item: dict[str, Any]) -> dict[str, Any]:
    requests, offers = _pending(show_incident(session, item["id"]))
    return {
        **item,
        "victim_name": _state_name(kb, item["victim"]),
        "when": when_words(item["occurred_at"]),
        "ipcr_words": IPCR_WORDS.get(item["ipcr_mode"], item["ipcr_mode"]),
        "open_requests": requests,
        "pending_offers": offers,
    }


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(request: Request, kb: KB, session: DB, settings: AppSettings) -> Response:
    """Open incidents first, then closed ones, and the form to report a new incident."""
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
    items = list_incidents(session)
    rows = [_list_row(kb, session, i) for i in items if i["status"] == "open"]
    rows += [_list_row(kb, session, i) for i in items if i["status"] != "open"]
    who = _roles(user)
    states = sorted(((s.code, s.name) for s in kb.states.values()), key=lambda pair: pair[1])
    return templates.TemplateResponse(
        request,
        "incidents.html",
        {
            "user": user,
            "rows": rows,
            "can_report": who["admin"] or who["liaison"],
            "kinds": EVENT_KINDS,
            "states": states,
            "own_state": who["state"],
            "by_choices": BY_CHOICES,
            "page_data": {"states": dict(states), "ipcr": IPCR_WORDS},
        },
    )


def planner_perpetrators(text: str) -> str | None:
    """The planner's reading of the reported perpetrators: a named group counts as known."""
    words = text.strip().lower()
    if words in PERPETRATORS:
        return words
    return None if not words else "known"


def _plan(kb: Any, shown: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """The response plan as the page shows it, or the planner's refusal in words."""
    incident = Incident(
        kind=shown["kind"],
        victim=shown["victim"],
        date=shown["occurred_at"][:10],
        by=None if shown["by"] == "none" else shown["by"],
        casualties=shown["casualties"],
        cbrn=shown["cbrn"],
        cross_border=shown["cross_border"],
        online_propaganda=shown["online_propaganda"],
        perpetrators=planner_perpetrators(shown["perpetrators"]),
    )
    try:
        found = plan(kb, incident)
    except CoopsecError as err:
        return None, str(err)
    pillars = [
        {"id": pillar, "title": actions[0].pillar_title, "framework": actions[0].framework, "actions": actions}
        for pillar, actions in found.by_pillar().items()
    ]
    mechanisms = [
        {"id": m.id, "status": m.status, "line": m.line, "name": mechanism_name(m.result)} for m in found.mechanisms
    ]
    return {"pillars": pillars, "mechanisms": mechanisms}, None


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, kb: KB, session: DB, settings: AppSettings, incident_id: int = Id) -> Response:
    """One incident: its facts, the response plan, the coordination so far, and the steps the user may take."""
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
    try:
        shown = show_incident(session, incident_id)
    except UnknownCodeError as err:
        return templates.TemplateResponse(
            request, "incident.html", {"user": user, "error": str(err), "shown": None}, status_code=404
        )
    response_plan, plan_error = _plan(kb, shown)
    who = _roles(user)
    mechanisms = response_plan["mechanisms"] if response_plan else []
    data = {
        "incident": shown,
        "user": who,
        "victim_side": who["admin"] or (who["liaison"] and who["state"] == shown["victim"]),
        "mechanisms": {m["id"]: m["name"] for m in mechanisms},
        "states": {s.code: s.name for s in kb.states.values()},
        "ipcr": IPCR_WORDS,
    }
    return templates.TemplateResponse(
        request,
        "incident.html",
        {
            "user": user,
            "shown": shown,
            "victim_name": _state_name(kb, shown["victim"]),
            "by_name": _state_name(kb, shown["by"]) if shown["by"] not in ("none", "non-state", "unknown") else "",
            "when": when_words(shown["occurred_at"]),
            "reported": when_words(shown["reported_at"]),
            "ipcr_words": IPCR_WORDS,
            "ipcr_modes": IPCR_MODES,
            "plan": response_plan,
            "plan_error": plan_error,
            "available": [m for m in mechanisms if m["status"] != "does_not_apply"],
            "who": who,
            "can_ipcr": _may_set_ipcr(kb, who, shown),
            "victim_side": data["victim_side"],
            "page_data": data,
        },
    )


def _report(request: Request, session: Any, settings: Any, incident_id: int, fmt: str) -> Response:
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
    try:
        content = after_action(session, request.app.state.assessor, incident_id, fmt)
    except UnknownCodeError as err:
        return Response(str(err), status_code=404, media_type="text/plain; charset=utf-8")
    media = "text/html; charset=utf-8" if fmt == "html" else "text/markdown; charset=utf-8"
    name = f"incident-{incident_id}-after-action.{fmt}"
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/incidents/{incident_id}/after-action.html")
def report_html(request: Request, session: DB, settings: AppSettings, incident_id: int = Id) -> Response:
    """The after-action report as an HTML file to keep (a download: it is a document, not a dashboard view)."""
    return _report(request, session, settings, incident_id, "html")


@router.get("/incidents/{incident_id}/after-action.md")
def report_md(request: Request, session: DB, settings: AppSettings, incident_id: int = Id) -> Response:
    """The after-action report as a Markdown file to keep."""
    return _report(request, session, settings, incident_id, "md")
