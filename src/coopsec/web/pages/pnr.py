"""The PNR page (issue 13): the hits waiting for human review and the retention status (Art. 12).

The page only reads; reviewers decide with ``coopsec pnr review decide`` or ``POST
/api/v1/pnr/hits/{id}/decision``, so the library's checks (a named reviewer, a reason, once) decide.
Only users of a Passenger Information Unit see PNR data; others get the reason in words (403).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.errors import ForbiddenError
from coopsec.http.deps import DB, AppSettings
from coopsec.pnr import retention, review
from coopsec.pnr.access import require_piu
from coopsec.pnr.facts import load_facts
from coopsec.web.pages.common import templates, to_login, user_or_login

router = APIRouter(include_in_schema=False)
#: Hits shown on the page (the oldest pending first); the API pages through the rest.
SHOWN = 200


@router.get("/pnr", response_class=HTMLResponse)
def pnr_page(request: Request, session: DB, settings: AppSettings) -> Response:
    """Pending hits, recent decisions and the retention status."""
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
    try:
        require_piu(user)
    except ForbiddenError as refused:
        return templates.TemplateResponse(request, "pnr.html", {"user": user, "refused": str(refused)}, status_code=403)
    facts = load_facts()
    pending = review.list_hits(session, "pending", limit=SHOWN)
    decided = [h for h in review.list_hits(session, None, limit=SHOWN)["items"] if h["status"] != "pending"]
    return templates.TemplateResponse(
        request,
        "pnr.html",
        {
            "user": user,
            "refused": None,
            "pending": pending,
            "decided": decided[-20:],
            "status": retention.status(session, facts),
            "purposes": facts.directive.purpose_codes(),
            "rulings": facts.directive.rulings,
        },
    )
