"""The "assess an event" form and, once submitted, the plain summary and every mechanism's answer.

The form is sent with GET, so an assessment has a URL that can be shared and bookmarked
(``/assess?kind=armed-attack&victim=FI&by=RU&on=2022-06-01``; ``DESIGN.md`` names the date ``on``).
POST with ``date`` is still accepted, for links and scripts written against the first form.
Everything a reader sees is in words: names instead of codes, statuses as people say them, and
every source a link (its own address, else its entry on ``/sources``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.dates import EARLIEST, latest, parse_date
from coopsec.errors import CoopsecError
from coopsec.http.deps import KB, AppSettings, user_or_none
from coopsec.kb.model import KnowledgeBase
from coopsec.obligations import STATUS_LABELS, Assessment, MechanismResult, make_event, summarise
from coopsec.obligations.kinds import EVENT_KINDS
from coopsec.obligations.summary import count, event_phrase, kind_words
from coopsec.web.pages.assets import source_link
from coopsec.web.pages.common import templates, to_login

router = APIRouter(include_in_schema=False)

FIELDS = ("kind", "victim", "by", "at", "on", "scale")
#: How many bound parties are named before the rest fold into "and N more".
SHOWN_PARTIES = 8
ACTORS = {"unknown": "an unknown perpetrator", "non-state": "a non-state actor"}


def _name(kb: KnowledgeBase, code: str) -> str:
    state = kb.states.get(code)
    return state.name if state is not None else code


def _names(kb: KnowledgeBase, codes: list[str]) -> dict[str, list[str]]:
    """States by name, in alphabetical order, the first :data:`SHOWN_PARTIES` apart from the rest."""
    names = sorted((_name(kb, code) for code in codes), key=str.casefold)
    return {"shown": names[:SHOWN_PARTIES], "more": names[SHOWN_PARTIES:]}


def _caveat(kb: KnowledgeBase, text: str) -> dict[str, Any]:
    """A caveat ("...: AT, IE, MT") as its words and the states it concerns, by name."""
    words, _, tail = text.rpartition(": ")
    codes = tail.split(", ")
    if words and all(code in kb.states for code in codes):
        return {"text": words, **_names(kb, codes)}
    return {"text": text, "shown": [], "more": []}


def _mechanism(kb: KnowledgeBase, result: MechanismResult) -> dict[str, Any]:
    """A mechanism's answer as the page shows it: labels, names and links added to its JSON form."""
    body = result.to_dict()
    parties = _names(kb, [o.party for o in result.obligated])
    cited = result.clause.source if result.clause is not None else result.source
    for step in body["trace"]:
        step["overridden"] = "(overridden by " in step["text"]
    return {
        **body,
        "label": STATUS_LABELS[result.status],
        "parties": parties["shown"],
        "more_parties": parties["more"],
        "caveat_views": [_caveat(kb, c) for c in result.caveats],
        "citation_link": source_link(cited),
        "steps": count(len(result.trace), "step"),
    }


def _view(kb: KnowledgeBase, assessment: Assessment) -> dict[str, Any]:
    event = assessment.event
    return {
        "heading": event_phrase(event, place=True),
        "summary": summarise(assessment),
        "mechanisms": [_mechanism(kb, m) for m in assessment.mechanisms],
    }


async def _values(request: Request) -> dict[str, str]:
    """The event as the user gave it: from the query (GET) or the form (POST, ``date`` or ``on``)."""
    given: dict[str, Any] = dict(request.query_params)
    if request.method == "POST":
        given.update(dict(await request.form()))
    if not given.get("on") and given.get("date"):
        given["on"] = given["date"]
    return {k: str(given.get(k, "")).strip() for k in FIELDS}


@router.api_route("/assess", methods=["GET", "POST"], response_class=HTMLResponse)
async def assess_page(request: Request, kb: KB, settings: AppSettings) -> Response:
    """The form and, when an event is given (``kind`` and ``victim``), its assessment."""
    user = await user_or_none(request, settings)  # async (it awaits the form); the lookup runs in a thread
    if user is None:
        return to_login(request)
    values = await _values(request)
    view, error = None, None
    if request.method == "POST" or (values["kind"] and values["victim"]):
        try:
            day = parse_date(values["on"], what="date") if values["on"] else None
            event = make_event(
                kb,
                values["kind"],
                values["victim"],
                values["by"] or None,
                values["at"] or None,
                day,
                values["scale"] or None,
            )
            view = _view(kb, request.app.state.assessor.assess(event))
        except CoopsecError as err:
            error = str(err)
    states = sorted(kb.states.values(), key=lambda s: s.name)
    return templates.TemplateResponse(
        request,
        "assess.html",
        {
            "user": user,
            "kinds": [(k.code, kind_words(k.code), k.help) for k in EVENT_KINDS],
            "victims": [(s.code, s.name) for s in states],
            "actors": ACTORS,
            "values": values,
            "result": view,
            "error": error,
            "earliest": EARLIEST.isoformat(),
            "latest": latest().isoformat(),
        },
        status_code=400 if error else 200,
    )
