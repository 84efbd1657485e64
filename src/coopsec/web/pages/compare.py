"""The comparison of two dates: who entered the system, who left, who changed place, and why.

Each difference comes with the dated facts behind it (a membership gained or lost, a guarantee, the
value criterion), every source a link, from :func:`coopsec.rings.compare` (the API's
``/api/v1/rings/compare`` answers the same). The form is sent with GET, so a comparison has a URL.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.errors import CoopsecError
from coopsec.http.deps import DB, KB, AppSettings
from coopsec.rings import compare
from coopsec.web.pages.common import templates, to_login, user_or_login
from coopsec.web.pages.listing import date_bounds, page_date

router = APIRouter(include_in_schema=False)

#: The sections of the page: (key of the comparison's JSON, heading, what it means). UI wording.
SECTIONS = (
    ("entered", "Entered the system", "in the system on the second date, not on the first"),
    ("left", "Left the system", "in the system on the first date, not on the second"),
    ("changed", "Changed place", "in the system on both dates, in another category or ring"),
)


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, kb: KB, session: DB, settings: AppSettings, a: str = "", b: str = "") -> Response:
    """The form and, once both dates are given, what differs between them."""
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
    result: dict[str, Any] | None = None
    error = None
    if a.strip() or b.strip():
        try:
            first, second = page_date(a, "a (first date)"), page_date(b, "b (second date)")
            result = compare(kb, first, second).to_dict()
        except CoopsecError as err:
            error = str(err)
    return templates.TemplateResponse(
        request,
        "compare.html",
        {
            "user": user,
            "a": a.strip(),
            "b": b.strip(),
            "result": result,
            "sections": SECTIONS,
            "error": error,
            **date_bounds(),
        },
        status_code=400 if error else 200,
    )
