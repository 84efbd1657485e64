"""The list view: every state's place on a date as a sortable table, and the same rows as CSV.

The list is the keyboard and screen-reader alternative to the map (issue 10): the same answers
(:func:`coopsec.rings.listing.list_rows`), read row by row. Sorting is done by the server through
plain links in the column headers, so it works without JavaScript, and ``aria-sort`` tells a screen
reader which column orders the table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.dates import EARLIEST, latest, parse_date
from coopsec.errors import CoopsecError
from coopsec.http.deps import DB, KB, AppSettings
from coopsec.rings.classify import criterion_summary
from coopsec.rings.listing import SORTS, Row, list_rows, rows_csv, sort_rows
from coopsec.web.pages.common import templates, to_login, user_or_login

router = APIRouter(include_in_schema=False)

#: The table's columns: (sort key, header). Labels are UI wording.
COLUMNS = (
    ("name", "State"),
    ("code", "Code"),
    ("category", "Place on the map"),
    ("ring1", "Ring 1"),
    ("guarantees", "Defence guarantees held"),
    ("core", "Core organisations"),
    ("criterion", "Value criterion"),
)


def page_date(text: str, what: str = "on") -> dt.date:
    """A date given in a page's query (empty: today), checked like every date of the project.

    Raises:
        BadDateError: naming the form and the range accepted.

    """
    return parse_date(text, what=what) if text.strip() else dt.date.today()


def date_bounds() -> dict[str, str]:
    """The range a date input accepts, for its ``min`` and ``max``."""
    return {"earliest": EARLIEST.isoformat(), "latest": latest().isoformat()}


def _headers(on: dt.date, sort: str, descending: bool, org: str) -> list[dict[str, Any]]:
    headers = []
    for key, label in COLUMNS:
        current = key == sort
        flip = not descending if current else False
        query = {
            "on": on.isoformat(),
            "sort": key,
            **({"dir": "desc"} if flip else {}),
            **({"org": org} if org else {}),
        }
        headers.append(
            {
                "key": key,
                "label": label,
                "href": "/list?" + urlencode(query),
                "aria_sort": ("descending" if descending else "ascending") if current else None,
            }
        )
    return headers


@router.get("/list", response_class=HTMLResponse)
def list_page(
    request: Request,
    kb: KB,
    session: DB,
    settings: AppSettings,
    on: str = "",
    sort: str = "name",
    dir: str = "asc",
    org: str = "",
) -> Response:
    """Every state's place on the date, sortable by any column, filtered by organisation."""
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
    rows: list[Row] = []
    error, day = None, dt.date.today()
    descending = dir == "desc"
    try:
        day = page_date(on)
        rows = sort_rows(list_rows(kb, day, org or None), sort, descending)
    except CoopsecError as err:
        error = str(err)
    if sort not in SORTS:
        sort = "name"
    csv_query = urlencode({"on": day.isoformat(), "sort": sort, "dir": dir, **({"org": org} if org else {})})
    return templates.TemplateResponse(
        request,
        "list.html",
        {
            "user": user,
            "on": day.isoformat(),
            "given_on": on,
            "org": org,
            "sort": sort,
            "dir": "desc" if descending else "asc",
            "rows": rows,
            "headers": _headers(day, sort, descending, org),
            "organisations": sorted((o.code, o.name) for o in kb.organisations.values()),
            "criterion": criterion_summary(kb, kb.rings.criterion, day),
            "criterion_source": kb.rings.criterion_source,
            "attribution": kb.democracy.attribution,
            "csv_href": "/list.csv?" + csv_query,
            "error": error,
            **date_bounds(),
        },
        status_code=400 if error else 200,
    )


@router.get("/list.csv")
def list_csv(
    request: Request,
    kb: KB,
    session: DB,
    settings: AppSettings,
    on: str = "",
    sort: str = "name",
    dir: str = "asc",
    org: str = "",
) -> Response:
    """The list as a CSV download: the same rows, with the date and V-Dem's attribution (CC BY-SA 4.0)."""
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
    try:
        day = page_date(on)
        rows = sort_rows(list_rows(kb, day, org or None), sort, dir == "desc")
    except CoopsecError as err:
        return Response(f"{err}\n", status_code=400, media_type="text/plain; charset=utf-8")
    tag = "".join(c for c in org.upper() if c.isalnum())[:20]
    name = f"coopsec-list-{day.isoformat()}{'-' + tag if tag else ''}.csv"
    return Response(
        rows_csv(kb, day, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
