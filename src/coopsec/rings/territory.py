"""A special territory on a date: who holds it, its status in the EU, and which guarantees cover it.

Greenland, the Faroes, Åland, Svalbard, Gibraltar and the overseas territories are not states: the
map colours them by what covers *them*, which can differ from their sovereign (Greenland left the
Communities in 1985; the Faroes never joined). The guarantees come from the obligation engine,
asked about an armed attack there by an unknown attacker on that date, so the answer and its
reasons are the engine's, never a second reading of the treaties.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from coopsec.errors import InputError
from coopsec.kb.model import KnowledgeBase, cite
from coopsec.obligations import Assessor, make_event


def resolve_territory(kb: KnowledgeBase, text: str) -> str:
    """The territory code for ``text`` (``GL``, ``gl``, or an ISO 3166-2 alias such as ``FR-971``).

    Raises:
        InputError: naming the territories the knowledge base has.

    """
    territories = kb.places.territories if kb.places is not None else {}
    code = text.strip().upper()
    if code in territories and code not in kb.states:
        return code
    for found, territory in territories.items():
        if code in territory.aliases and found not in kb.states:
            return found
    special = ", ".join(sorted(c for c in territories if c not in kb.states))
    raise InputError(f"unknown special territory {text!r}: use one of {special} (a state is /states/CODE)")


def territory_report(kb: KnowledgeBase, assessor: Assessor, code: str, on: dt.date) -> dict[str, Any]:
    """The territory's holder, EU status and covering guarantees on ``on``, with reasons and sources."""
    territories = kb.places.territories if kb.places is not None else {}
    territory = territories[resolve_territory(kb, code)]
    holder = territory.holder_on(on)
    former = territory.sovereign_on(on)
    eu = territory.eu_status_on(on)
    answer = assessor.assess(make_event(kb, "armed-attack", holder, "unknown", territory.code, on.isoformat(), None))
    return {
        "territory": {"code": territory.code, "name": territory.name, "sovereign": territory.sovereign},
        "on": on.isoformat(),
        "holder": {"code": holder, "name": kb.states[holder].name if holder in kb.states else holder},
        "held_as": former.name if former is not None else None,
        "eu_status": (
            {"status": eu.status, "since": eu.start.isoformat() if eu.start else None, "source": cite(eu.source)}
            if eu is not None
            else None
        ),
        "note": territory.note,
        "source": cite(territory.source),
        "guarantees": [
            {
                "id": m.id,
                "title": m.title,
                "status": m.status,
                "reasons": list(m.reasons),
                "citation": m.citation_dict(),
            }
            for m in answer.mechanisms
            if m.id in {g.clause for g in kb.rings.guarantees}  # the mechanisms share their clause's id
        ],
    }
