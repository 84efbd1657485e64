"""The exchange's pages: the records a user may see, one record with its markings explained, the share form (issue 12).

Every record shown comes from :func:`~coopsec.exchange.records.list_visible` or
:func:`~coopsec.exchange.records.get_visible`, never from a filter of this module's own, so the
dashboard shows exactly what the one access decision allows. Those functions audit reads and
refusals in the caller's transaction, so the pages read in a write session and catch the
library's refusals *inside* it: the audit entry is committed and the page still answers 404/410.
A record the reader may not see and a record that does not exist get the same words, on purpose.

Changes (share, retract, release requests, grant/refuse) go through the JSON API from
``static/js/records.js``: the forms here only spare users a form they cannot use; the library's
refusal is shown in words as the API gives it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.errors import InputError, RetractedError, UnknownCodeError
from coopsec.exchange.access import clearance_of, exchange_facts
from coopsec.exchange.checks import SHARING_ROLES
from coopsec.exchange.lookup import find_record
from coopsec.exchange.model import ENTITY_KINDS
from coopsec.exchange.records import get_visible, list_visible, record_dict
from coopsec.exchange.release import release_dict, release_requests
from coopsec.http.deps import KB, AppSettings
from coopsec.obligations.summary import long_date
from coopsec.store.models import AGENCY_KINDS
from coopsec.web.pages.common import templates, to_login, user_or_login

router = APIRouter(include_in_schema=False)
#: Records per page of the list.
PER_PAGE = 20
#: The one answer for a record the reader may not see or that does not exist (never reveal which).
NOT_ENTITLED = "You are not entitled to see this record, or it does not exist."
#: Distribution scopes in words (UI wording; the codes are the API's).
SCOPE_WORDS = {
    "authority": "the originating authority only",
    "authorities": "named authorities",
    "ring": "a ring of the cooperative security system",
    "members": "all member authorities",
}


def _when(stamp: str | None) -> str:
    """A stored UTC time as people read it: "28 November 2026, 10:20 UTC"."""
    if not stamp:
        return ""
    moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return f"{long_date(moment.date())}, {moment:%H:%M} UTC"


def _authority_words(kb: Any, code: str) -> str:
    """``FR/police`` as "FR/police (France, police)"."""
    state, _, agency = code.partition("/")
    found = kb.states.get(state)
    name = found.name if found is not None else state
    return f"{code} ({name}, {agency.replace('-', ' ')})"


def _distribution(kb: Any, shown: dict[str, Any]) -> str:
    """The distribution in words, e.g. "ring: collective security, as of today"."""
    dist = shown["distribution"]
    scope = dist["scope"]
    if scope == "ring":
        return f"ring: {str(dist['ring']).replace('-', ' ')}, as of today"
    if scope == "authorities":
        names = ", ".join(_authority_words(kb, a) for a in dist["authorities"])
        return f"named authorities: {names}"
    if scope == "authority":
        return f"the originating authority only ({shown['originator']['authority']})"
    return SCOPE_WORDS.get(scope, str(scope))


def _markings(kb: Any, shown: dict[str, Any]) -> dict[str, Any]:
    """TLP, handling and evaluation of a record with their wording and sources, from ``exchange.yaml``."""
    facts = exchange_facts(kb)
    label = facts.tlp.get(shown["tlp"])
    code = facts.handling.get(shown["handling"])
    evaluation = str(shown["evaluation"])
    reliability, accuracy = evaluation[:1], evaluation[1:]
    return {
        "tlp": shown["tlp"],
        "tlp_class": "tlp-" + str(shown["tlp"]).lower().replace("+", "-"),
        "tlp_meaning": label.meaning if label else "unknown label",
        "tlp_source": facts.tlp_source,
        "handling": shown["handling"],
        "handling_text": code.text if code else "unknown code",
        "handling_note": shown["handling_note"],
        "handling_source": code.source if code else None,
        "evaluation": evaluation,
        "reliability": reliability,
        "reliability_text": facts.reliability.get(reliability, "unknown"),
        "accuracy": accuracy,
        "accuracy_text": facts.accuracy.get(accuracy, "unknown"),
        "evaluation_source": facts.evaluation_source,
        "distribution": _distribution(kb, shown),
        "ring_source": facts.rings[shown["distribution"]["ring"]].source
        if shown["distribution"]["ring"] in facts.rings
        else None,
    }


def _view(kb: Any, record: Any) -> dict[str, Any]:
    """A record as the pages show it: its JSON shape plus wording."""
    shown = record_dict(record)
    return {
        **shown,
        "marks": _markings(kb, shown),
        "created_words": _when(shown["created_at"]),
        "retracted_words": _when(shown["retracted_at"]),
        "retracted_by": record.retracted_by,
        "originator_words": _authority_words(kb, shown["originator"]["authority"]),
    }


def _sharer(user: Any) -> bool:
    return bool(set(user.role_list) & set(SHARING_ROLES))


def _form_choices(kb: Any, user: Any) -> dict[str, Any]:
    """What the share form offers: codes with their wording, rings, the user's clearance."""
    facts = exchange_facts(kb)
    return {
        "tlp": list(facts.tlp.values()),
        "handling": list(facts.handling.values()),
        "reliability": facts.reliability,
        "accuracy": facts.accuracy,
        "rings": list(facts.rings.values()),
        "kinds": ENTITY_KINDS,
        "clearance": clearance_of(kb, user),
        "clearance_rank": facts.rank(clearance_of(kb, user)) or 0,
        "sources": {"tlp": facts.tlp_source, "evaluation": facts.evaluation_source},
    }


@router.get("/records", response_class=HTMLResponse)
def records_page(
    request: Request,
    kb: KB,
    settings: AppSettings,
    q: str = Query("", max_length=400),
    page: int = Query(1, ge=1, le=100_000),
) -> Response:
    """The records the signed-in user may see, newest first, with search, pages and the share form."""
    store = request.app.state.store
    error = None
    with store.session() as session:
        user = user_or_login(request, session, settings)
        if user is None:
            return to_login(request)
        try:
            found = list_visible(session, kb, user, q=q or None, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
            rows, total = [_view(kb, r) for r in found.items], found.total
        except InputError as err:
            rows, total, error = [], 0, str(err)
    pages = max(1, -(-total // PER_PAGE))
    return templates.TemplateResponse(
        request,
        "records.html",
        {
            "user": user,
            "rows": rows,
            "total": total,
            "q": q,
            "page": page,
            "pages": pages,
            "error": error,
            "can_share": _sharer(user),
            "own": f"{user.authority.state}/{user.authority.agency}",
            "choices": _form_choices(kb, user),
            "agencies": AGENCY_KINDS,
        },
    )


def _detail(request: Request, kb: Any, user: Any, session: Any, record_id: str) -> tuple[int, dict[str, Any]]:
    """The status and context of one record's page (inside the write session, so audits commit)."""
    base: dict[str, Any] = {"user": user, "record": None, "gone": None, "not_entitled": None}
    try:
        record = get_visible(session, kb, user, record_id)
    except UnknownCodeError:
        return 404, {**base, "not_entitled": NOT_ENTITLED}
    except RetractedError:
        retracted = find_record(session, record_id)  # the reader may see it: get_visible decided so
        return 410, {**base, "gone": _view(kb, retracted) if retracted is not None else None}
    own = f"{user.authority.state}/{user.authority.agency}"
    view = _view(kb, record)
    originator = own == record.origin and _sharer(user)
    requests = [release_dict(r) for r in release_requests(session, record)] if originator else []
    grants = (
        [{"authority": g.authority, "by": g.granted_by, "at": _when(g.granted_at)} for g in record.grants]
        if originator
        else []
    )
    return 200, {
        **base,
        "record": view,
        "originator": originator,
        "can_ask": _sharer(user) and not originator,
        "requests": [{**r, "when": _when(r["requested_at"])} for r in requests],
        "grants": grants,
        "agencies": AGENCY_KINDS,
    }


@router.get("/records/{record_id}", response_class=HTMLResponse)
def record_page(request: Request, kb: KB, settings: AppSettings, record_id: str) -> Response:
    """One record with its markings explained; 404 (not entitled or none) and 410 (retracted) in words."""
    store = request.app.state.store
    with store.session() as session:
        user = user_or_login(request, session, settings)
        if user is None:
            return to_login(request)
        status, context = _detail(request, kb, user, session, record_id[:64])
    return templates.TemplateResponse(request, "record.html", context, status_code=status)
