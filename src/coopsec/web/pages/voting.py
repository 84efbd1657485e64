"""The votes page (issue 14): set each member's vote under a rule on a date and see the outcome, explained.

The server renders the council (members from the knowledge base on the date) and the outcome of the
ballot in the query string, so the page works without scripts (the form's "Decide" button). With
scripts, ``static/js/vote.js`` asks ``GET /api/v1/votes`` through ``window.coopsec.api`` on every
change and redraws the outcome, its criteria and the smallest flip without a reload. The outcome is
always :func:`coopsec.voting.vote_report`'s, the JSON the CLI prints and the API returns.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.dates import parse_date
from coopsec.errors import CoopsecError
from coopsec.http.deps import DB, KB, AppSettings
from coopsec.voting import VOTES, bundled_voting, vote_report
from coopsec.web.pages.common import templates, to_login, user_or_login

router = APIRouter(include_in_schema=False)
#: Each vote in words (UI wording).
VOTE_WORDS = {
    "yes": "yes",
    "no": "no / objection",
    "abstain": "abstain",
    "abstain-formally": "abstain formally (Art. 31(1) TEU)",
    "absent": "absent",
}
DEFAULT_RULE = "qmv"


def _rules(kb: Any) -> dict[str, dict[str, Any]]:
    """What the page's script needs to know of each rule (forums, formal abstention)."""
    return {
        rid: {
            "title": rule.title,
            "article": rule.article,
            "kind": rule.kind,
            "forums": list(rule.forums),
            "formal": rule.constructive is not None,
            "concerned": rule.concerned,
        }
        for rid, rule in bundled_voting(kb).rules.items()
        if not rule.partial_only
    }


def _text(params: Any, key: str) -> str | None:
    value = str(params.get(key, "")).strip()
    return value or None


@router.get("/votes", response_class=HTMLResponse)
def votes_page(request: Request, kb: KB, session: DB, settings: AppSettings) -> Response:
    """The ballot form, the council and the outcome of the ballot in the query string."""
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
    params = request.query_params
    rules = _rules(kb)
    rule = (_text(params, "rule") or DEFAULT_RULE).lower()
    forum, participants, concerned = _text(params, "forum"), _text(params, "participants"), _text(params, "concerned")
    if rule in rules and rules[rule]["forums"] and forum is None:
        forum = rules[rule]["forums"][0]
    if rule in rules and not rules[rule]["forums"]:
        forum = None
    problem, report, on = None, None, dt.date.today()
    try:
        on = parse_date(_text(params, "on") or on.isoformat(), what="on")
        named: dict[str, list[str]] = {v: [] for v in VOTES if v != "yes"}
        for key, value in params.items():
            if key.startswith("vote_") and value in named:
                named[value].append(key[5:])
        lists: dict[str, str | None] = {v: ",".join(codes) or None for v, codes in named.items()}
        report = vote_report(kb, rule, on, lists, forum, participants, concerned)
    except CoopsecError as error:
        problem = str(error)
    context = {
        "user": user,
        "rules": rules,
        "rule": rule,
        "on": on.isoformat(),
        "forum": forum,
        "participants": participants or "",
        "concerned": concerned or "",
        "report": report,
        "problem": problem,
        "vote_words": VOTE_WORDS,
        "names": {code: state.name for code, state in kb.states.items()},
    }
    return templates.TemplateResponse(request, "vote.html", context, status_code=200 if report else 400)
