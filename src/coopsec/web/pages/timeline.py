"""Every dated change of a state or an organisation, in words, each with its source as a link."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.architecture import organisation_timeline, resolve_code, state_timeline
from coopsec.architecture.report import change_dict
from coopsec.errors import InputError
from coopsec.http.deps import DB, KB, AppSettings
from coopsec.obligations.summary import count, long_date
from coopsec.web.pages.common import templates, to_login, user_or_login

router = APIRouter(include_in_schema=False)

#: What a date is the date of, in words (the JSON keeps the ids).
BASES = {
    "signature": "signature",
    "deposit": "deposit of the instrument",
    "entry_into_force": "entry into force",
    "effective": "takes effect",
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip


def shown_date(iso: str, precision: str) -> str:
    """A change's date as precise as the data is: "1 June 2022", "June 1995", "1814"."""
    day = dt.date.fromisoformat(iso)
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{MONTHS[day.month - 1]} {day.year}"
    return long_date(day)


def _row(change: dict[str, Any]) -> dict[str, Any]:
    return {
        **change,
        "shown_date": shown_date(change["date"], change["precision"]),
        "basis_label": BASES.get(change["basis"] or "", (change["basis"] or "").replace("_", " ")),
    }


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, kb: KB, session: DB, settings: AppSettings, code: str = "") -> Response:
    """Every dated change of a state or an organisation, with its source."""
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
    changes: list[dict[str, Any]] = []
    error, title = None, ""
    if code:
        try:
            kind, found = resolve_code(kb, code)
            items = state_timeline(kb, found) if kind == "state" else organisation_timeline(kb, found)
            changes = [_row(change_dict(c)) for c in items]
            title = kb.states[found].name if kind == "state" else kb.organisations[found].name
        except InputError as err:
            error = str(err)
    options = sorted((o.code, o.name) for o in kb.organisations.values()) + sorted(
        ((s.code, s.name) for s in kb.states.values()), key=lambda pair: pair[1]
    )
    return templates.TemplateResponse(
        request,
        "timeline.html",
        {
            "user": user,
            "code": code,
            "changes": changes,
            "count": count(len(changes), "change"),
            "error": error,
            "title": title,
            "options": options,
        },
        status_code=400 if error else 200,
    )
