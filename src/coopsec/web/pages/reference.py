"""The reference pages: the rings explained (``/glossary``) and every source of the knowledge base (``/sources``).

The glossary puts the paper's words (``data/glossary.yaml``, quoted verbatim) beside the rules
coopsec applies (``rings.yaml``), the map's categories and marks (the atlas's own labels) and the
defence guarantees with their clauses. ``/sources`` lists every source under its id, so a source
without an address of its own is still one link away from every page (``/sources#ID``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.http.deps import DB, KB, AppSettings
from coopsec.kb.model import KnowledgeBase, OrgRule
from coopsec.rings.atlas import CATEGORIES, MARKS
from coopsec.web.glossary import load_glossary
from coopsec.web.pages.common import templates, to_login, user_or_login

router = APIRouter(include_in_schema=False)


def _org(kb: KnowledgeBase, code: str) -> str:
    org = kb.organisations.get(code)
    return org.name if org else code


def _rules(kb: KnowledgeBase, rules: tuple[OrgRule, ...]) -> list[dict[str, Any]]:
    return [
        {
            "organisation": _org(kb, r.organisation),
            "statuses": ", ".join(s for s in r.statuses),
            "commitment": r.commitment,
            "clauses": [v for cid in r.clauses for v in kb.clauses.get(cid, ())],
            "threats": ", ".join(r.threats),
            "structures": r.structures,
            "instruments": ", ".join(r.instruments),
        }
        for r in rules
    ]


@router.get("/glossary", response_class=HTMLResponse)
def glossary_page(request: Request, kb: KB, session: DB, settings: AppSettings) -> Response:
    """The rings in the paper's words, the criteria coopsec uses, the map's categories, the guarantees."""
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
    rings = kb.rings
    guarantees = [
        {
            "organisation": _org(kb, g.organisation),
            "scope": g.scope,
            "duty": g.duty,
            "versions": kb.clauses.get(g.clause, ()),
        }
        for g in rings.guarantees
    ]
    return templates.TemplateResponse(
        request,
        "glossary.html",
        {
            "user": user,
            "entries": load_glossary(kb),
            "rings": rings,
            "core_organisations": [_org(kb, o) for o in rings.core_organisations],
            "binding": _rules(kb, rings.ring1_binding),
            "cooperation": _rules(kb, rings.ring1_cooperation),
            "outer": _rules(kb, rings.outer),
            "guarantees": guarantees,
            "categories": CATEGORIES,
            "marks": MARKS,
            "attribution": kb.democracy.attribution,
        },
    )


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, kb: KB, session: DB, settings: AppSettings) -> Response:
    """Every source of the knowledge base, under its id, with its link or legal reference."""
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
    sources = sorted(kb.sources.values(), key=lambda s: s.title.casefold())
    return templates.TemplateResponse(request, "sources.html", {"user": user, "sources": sources})
