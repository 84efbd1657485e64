"""Whether a Vienna, Moscow or Berlin mechanism can go ahead without the host's consent, and its deadlines.

Each mechanism is a set of paths (``data/osce/mechanisms.yaml``): the support of other participating
States it needs, whether the State concerned must consent, its paragraph and its periods. The requesting
State and its supporters must be participating States on the date (knowledge base) and a State cannot
support its own request. A path that runs through the Permanent Council is decided by the OSCE consensus
rule of :mod:`coopsec.voting` (``make_council`` / ``decide``), never by a rule of its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from coopsec.architecture import resolve_state
from coopsec.errors import ConflictError, UnknownCodeError
from coopsec.kb import KnowledgeBase
from coopsec.osce.activity import participating
from coopsec.osce.facts import Deadline, MechanismPath, OsceFacts
from coopsec.voting import bundled_voting, decide, make_ballot, make_council


def _codes(kb: KnowledgeBase, text: str | None) -> list[str]:
    return [resolve_state(kb, part) for part in (text or "").split(",") if part.strip()]


def _deadline(d: Deadline, on: dt.date) -> dict[str, Any]:
    if d.days is not None:
        return {"what": d.what, "days": d.days, "by": (on + dt.timedelta(days=d.days)).isoformat()}
    return {"what": d.what, "hours": d.hours, "by": None}


def _council(kb: KnowledgeBase, on: dt.date, objections: list[str]) -> dict[str, Any]:
    """The Permanent Council's consensus on establishing the mission, through the voting package."""
    data = bundled_voting(kb)
    council = make_council(kb, data, "consensus", on, forum="OSCE")
    votes = make_ballot(kb, council, {"no": ",".join(objections) or None})
    decision = decide(council, votes)
    return {"adopted": decision.adopted, "criteria": list(decision.criteria), "rule": council.rule_id}


def _path(
    kb: KnowledgeBase,
    p: MechanismPath,
    on: dt.date,
    has: int,
    host: str | None,
    serious: bool,
    experts_requested: dt.date | None,
    objections: list[str],
) -> dict[str, Any]:
    reasons: list[str] = []
    met = has >= p.supporters
    if p.supporters:
        word = "has" if met else "has only"
        reasons.append(f"needs the support of at least {p.supporters} other participating States; {word} {has}")
    if p.serious and not serious:
        met = False
        reasons.append("open only when the requesting State considers the threat particularly serious (--serious)")
    if p.after_days is not None:
        if experts_requested is None:
            met = False
            reasons.append(f"open {p.after_days} days after a request for a mission of experts that was not met")
        elif (on - experts_requested).days < p.after_days:
            met = False
            opens = experts_requested + dt.timedelta(days=p.after_days)
            reasons.append(f"opens on {opens.isoformat()}, {p.after_days} days after the request for experts")
    council = None
    if p.council:
        objecting = list(objections)
        if host and host not in objecting:
            objecting.append(host)
            reasons.append(f"{host}, the State concerned, is counted as objecting (it has not consented)")
        council = _council(kb, on, objecting)
        met = bool(council["adopted"])
        reasons.append("Permanent Council consensus: " + ("reached" if met else f"blocked by {', '.join(objecting)}"))
    if p.consent:
        reasons.append("needs the consent of the State concerned (it invites the mission)")
    return {
        "id": p.id,
        "paragraph": p.paragraph,
        "title": p.title,
        "needed": p.supporters,
        "has": has,
        "consent_needed": p.consent,
        "met": met,
        "reasons": reasons,
        "deadlines": [_deadline(d, on) for d in p.deadlines],
        "verification": p.verification,
        "note": p.note,
        "council": council,
    }


def check_mechanism(
    kb: KnowledgeBase,
    facts: OsceFacts,
    name: str,
    requesting: str,
    supporters: str | None,
    on: dt.date,
    host: str | None = None,
    serious: bool = False,
    experts_requested: dt.date | None = None,
    objections: str | None = None,
) -> dict[str, Any]:
    """Each path of mechanism ``name`` for this request on ``on``, and whether one goes ahead without consent.

    Raises:
        UnknownCodeError: an unknown mechanism or state code.
        InputError: a state that is not participating on the date.
        ConflictError: a State supporting itself, named twice, or the host among the requesters.

    """
    key = name.strip().lower()
    if key not in facts.mechanisms:
        raise UnknownCodeError(f"unknown mechanism {name!r}: use one of {', '.join(facts.mechanisms)}")
    mech = facts.mechanisms[key]
    asker = participating(kb, requesting, on, "the requesting State")
    backers = _codes(kb, supporters)
    if asker in backers:
        raise ConflictError(f"{asker} is the requesting State and cannot support itself: drop it from --supporters")
    twice = sorted({c for c in backers if backers.count(c) > 1})
    if twice:
        raise ConflictError(f"{', '.join(twice)} named twice in --supporters: name each State once")
    for code in backers:
        participating(kb, code, on, "a supporting State")
    concerned = participating(kb, host, on, "the State concerned") if host else None
    if concerned is not None and (concerned == asker or concerned in backers):
        raise ConflictError(
            f"{concerned} is the State concerned: it cannot request or support a mission on itself here"
        )
    blockers = _codes(kb, objections)
    paths = [_path(kb, p, on, len(backers), concerned, serious, experts_requested, blockers) for p in mech.paths]
    # A Permanent Council decision is taken by consensus, the State concerned included: it is no path
    # around that State's consent, so it is reported but never the answer to "without consent".
    free = [p for p in paths if p["met"] and not p["consent_needed"] and not p["council"]]
    chosen = free[0] if free else None
    without = [p for p in paths if not p["consent_needed"] and not p["council"]]
    least = min((p["needed"] for p in without), default=0)
    if chosen:
        verdict = (
            "can go ahead without the consent of the State concerned "
            f"under para {chosen['paragraph']} ({chosen['title']})"
        )
    else:
        verdict = (
            "cannot go ahead without the consent of the State concerned: "
            f"the least support that would do is {least} other States"
        )
    return {
        "mechanism": key,
        "title": mech.title,
        "document": mech.document,
        "on": on.isoformat(),
        "requesting": asker,
        "host": concerned,
        "supporters": backers,
        "without_consent": chosen is not None,
        "paragraph": chosen["paragraph"] if chosen else None,
        "needed": chosen["needed"] if chosen else least,
        "has": len(backers),
        "deadlines": chosen["deadlines"] if chosen else [],
        "reasons": [verdict],
        "paths": paths,
        "source": kb.sources[mech.source].to_dict(),
    }
