"""The linkage page (issue 13): the matching exchanges of the user's authority, their progress, its own results.

Everything shown comes from :mod:`coopsec.linkage.server` and :mod:`coopsec.linkage.parties`, the
functions the API and the CLI call, so the page shows exactly what the API would: an exchange's parties
submitted or pending (never the size of another party's list) and only the pairs that involve the
user's own authority. Reading results is audited, so the page reads in a write session and catches the
library's refusals inside it (the audit entry is committed, the refusal is shown in words).
``static/js/linkage.js`` polls a running job's progress through the JSON API and reloads when it ends.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.errors import CoopsecError
from coopsec.http.deps import KB, AppSettings
from coopsec.linkage.parties import results
from coopsec.linkage.server import exchange_dict, visible_exchanges
from coopsec.web.pages.common import templates, to_login, user_or_login

router = APIRouter(include_in_schema=False)
#: Pairs shown per exchange on the page; ``coopsec linkage results`` and the API give them all.
SHOWN = 500
#: Job states in words (UI wording).
STATUS_WORDS = {
    "open": "waiting for the parties' lists",
    "matching": "matching",
    "done": "done",
    "failed": "failed",
}


def _view(session: Any, kb: Any, user: Any, exchange: Any) -> dict[str, Any]:
    """One exchange with its progress in percent and, once done, the user's own pairs (or why not)."""
    shown = exchange_dict(exchange, user)
    view: dict[str, Any] = {
        **shown,
        "percent": round(100 * shown["progress"]["fraction"]),
        "status_words": STATUS_WORDS.get(shown["status"], shown["status"]),
        "pairs": None,
        "pairs_total": 0,
        "refused": None,
    }
    if shown["status"] == "done" and shown["you"]["party"]:
        try:
            found = results(session, kb, user, exchange.id)["pairs"]
            view["pairs"], view["pairs_total"] = found[:SHOWN], len(found)
        except CoopsecError as err:
            view["refused"] = str(err)
    return view


@router.get("/linkage", response_class=HTMLResponse)
def linkage_page(request: Request, kb: KB, settings: AppSettings) -> Response:
    """The exchanges the user's authority takes part in or created, newest first."""
    store = request.app.state.store
    with store.session() as session:
        user = user_or_login(request, session, settings)
        if user is None:
            return to_login(request)
        rows = [_view(session, kb, user, e) for e in visible_exchanges(session, user)]
    return templates.TemplateResponse(
        request,
        "linkage.html",
        {"user": user, "rows": rows, "own": f"{user.authority.state}/{user.authority.agency}"},
    )
