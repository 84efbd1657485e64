"""The OSCE page (issue 16): the Vienna Document checker, the mechanisms and the field operations on a date.

Server-rendered from the query string, without scripts: three GET forms (activity, mechanism, missions)
whose answers are the library's, the same JSON the CLI prints and the API returns, shown with the
paragraph each conclusion comes from and whether it is confirmed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.dates import parse_date
from coopsec.errors import CoopsecError
from coopsec.http.deps import DB, KB, AppSettings
from coopsec.missions import missions_report
from coopsec.osce import bundled_osce, check_activity, check_mechanism
from coopsec.web.pages.common import templates, to_login, user_or_login

router = APIRouter(include_in_schema=False)


def _text(params: Any, key: str, default: str = "") -> str:
    return str(params.get(key, default)).strip()[:2000]


def _count(params: Any, key: str) -> int:
    value = _text(params, key, "0") or "0"
    if not value.isdigit():
        raise CoopsecError(f"{key.removeprefix('a_')} must be a whole number of 0 or more, not {value[:20]!r}")
    return int(value)


def _activity(kb: Any, params: Any) -> dict[str, Any]:
    return check_activity(
        kb,
        bundled_osce(kb),
        parse_date(_text(params, "a_start"), what="start"),
        _text(params, "a_state"),
        troops=_count(params, "a_troops"),
        battle_tanks=_count(params, "a_tanks"),
        acv=_count(params, "a_acv"),
        artillery=_count(params, "a_artillery"),
    )


def _mechanism(kb: Any, params: Any) -> dict[str, Any]:
    return check_mechanism(
        kb,
        bundled_osce(kb),
        _text(params, "m_name", "moscow"),
        _text(params, "m_requesting"),
        _text(params, "m_supporters") or None,
        parse_date(_text(params, "m_on") or dt.date.today().isoformat(), what="on"),
        _text(params, "m_host") or None,
        _text(params, "m_serious") == "on",
    )


@router.get("/osce", response_class=HTMLResponse)
def osce_page(request: Request, kb: KB, session: DB, settings: AppSettings) -> Response:
    """The three forms and the answers to those submitted in the query string."""
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
    params = request.query_params
    problems: dict[str, str] = {}
    activity = mechanism = missions = None
    if _text(params, "a_state"):
        try:
            activity = _activity(kb, params)
        except CoopsecError as error:
            problems["activity"] = str(error)
    if _text(params, "m_requesting"):
        try:
            mechanism = _mechanism(kb, params)
        except CoopsecError as error:
            problems["mechanism"] = str(error)
    on = _text(params, "on") or dt.date.today().isoformat()
    try:
        missions = missions_report(kb, parse_date(on, what="on"), family=None)
    except CoopsecError as error:
        problems["missions"] = str(error)
    context = {
        "user": user,
        "form": {key: _text(params, key) for key in params},
        "mechanisms": bundled_osce(kb).mechanisms,
        "activity": activity,
        "mechanism": mechanism,
        "missions": missions,
        "on": on,
        "problems": problems,
    }
    return templates.TemplateResponse(request, "osce.html", context, status_code=400 if problems else 200)
