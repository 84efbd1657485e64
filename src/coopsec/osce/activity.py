"""Whether a military activity needs prior notification, observers, a calendar entry (Vienna Document 2011).

Every conclusion names the paragraph it comes from and carries its text and verification, so the answer
can be checked against the Document; the figures are those of ``data/osce/vienna_document.yaml``. The
state conducting the activity must be an OSCE participating State on its start date (knowledge base).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from coopsec.architecture import resolve_state
from coopsec.architecture.queries import members
from coopsec.errors import InputError
from coopsec.kb import KnowledgeBase
from coopsec.osce.facts import MEASURES, OsceFacts, Threshold

#: The measures in words (UI wording).
WORDS = {
    "troops": "troops",
    "battle_tanks": "battle tanks",
    "acv": "armoured combat vehicles",
    "artillery": "artillery pieces",
}


def participating(kb: KnowledgeBase, code: str, on: dt.date, role: str) -> str:
    """``code`` resolved, or an InputError when it is not an OSCE participating State on ``on``."""
    state = resolve_state(kb, code)
    if state not in members(kb, "OSCE", on):
        raise InputError(
            f"{state} is not an OSCE participating State on {on} ({role}): "
            f"see `coopsec members OSCE --on {on}` and choose a participating State or another date"
        )
    return state


def _reached(threshold: Threshold, counts: dict[str, int]) -> list[str]:
    """The measures that reach the threshold, worded with their figures."""
    return [
        f"{counts[m]:,} {WORDS[m]} (at least {limit:,})"
        for m, limit in threshold.at_least.items()
        if counts.get(m, 0) >= limit
    ]


def _cite(facts: OsceFacts, paragraph: str, text: str, verification: str) -> dict[str, Any]:
    return {"paragraph": paragraph, "text": text, "verification": verification, "source": facts.vienna.source}


def check_activity(kb: KnowledgeBase, facts: OsceFacts, start: dt.date, state: str, **counts: int) -> dict[str, Any]:
    """The Vienna Document's answer for an activity of ``counts`` (troops, battle_tanks, acv, artillery).

    Raises:
        InputError: a negative count, an unknown measure, or a state not participating on ``start``.

    """
    for name, value in counts.items():
        if name not in MEASURES:
            raise InputError(f"unknown measure {name!r}: use {', '.join(MEASURES)}")
        if value < 0:
            raise InputError(f"{WORDS[name]} cannot be negative ({value}): give a count of 0 or more")
    code = participating(kb, state, start, "the State conducting the activity")
    vd = facts.vienna
    note, obs = vd.thresholds.notification, vd.thresholds.observation
    notify_hits, observe_hits = _reached(note, counts), _reached(obs, counts)
    notifiable, observable = bool(notify_hits), bool(observe_hits)
    paragraphs: list[str] = [note.paragraph]
    citations = [_cite(facts, note.paragraph, note.text, note.verification)]
    reasons: list[str] = []
    notify_by: dt.date | None = None
    calendar_by: dt.date | None = None
    constraining: list[dict[str, Any]] = []
    if notifiable:
        rule = vd.notification
        notify_by = start - dt.timedelta(days=rule.days_before)
        reasons.append(f"notifiable under para {note.paragraph}: {'; '.join(notify_hits)}")
        reasons.append(
            f"notification {rule.days_before} days or more before the start (para {rule.paragraph}): "
            f"by {notify_by.isoformat()}"
        )
        cal = vd.calendar
        calendar_by = dt.date(start.year - 1, cal.month, cal.day)
        reasons.append(f"to be in the annual calendar exchanged by {calendar_by.isoformat()} (para {cal.paragraph})")
        paragraphs += [rule.paragraph, cal.paragraph]
        citations += [
            _cite(facts, rule.paragraph, rule.text, rule.verification),
            _cite(facts, cal.paragraph, cal.text, cal.verification),
        ]
        for c in vd.constraining:
            over = [
                f"{counts.get(m, 0):,} {WORDS[m]} (more than {v:,})"
                for m, v in c.more_than.items()
                if counts.get(m, 0) > v
            ]
            if over:
                constraining.append({"id": c.id, "paragraph": c.paragraph, "text": c.text, "exceeded": over})
                reasons.append(f"constrained by para {c.paragraph}: {'; '.join(over)}: {c.text}")
                paragraphs.append(c.paragraph)
                citations.append(_cite(facts, c.paragraph, c.text, c.verification))
    else:
        below = ", ".join(f"{WORDS[m]} {counts.get(m, 0):,} < {v:,}" for m, v in note.at_least.items())
        reasons.append(f"below every notification threshold of para {note.paragraph} ({below}): not notifiable")
    paragraphs.append(obs.paragraph)
    citations.append(_cite(facts, obs.paragraph, obs.text, obs.verification))
    if observable and notifiable:
        reasons.append(f"observers to be invited under para {obs.paragraph}: {'; '.join(observe_hits)}")
    else:
        reasons.append(f"no observation required: below the thresholds of para {obs.paragraph}")
        observable = False
    return {
        "state": code,
        "start": start.isoformat(),
        "counts": {m: counts.get(m, 0) for m in MEASURES},
        "notifiable": notifiable,
        "observable": observable,
        "notify_by": notify_by.isoformat() if notify_by else None,
        "calendar_by": calendar_by.isoformat() if calendar_by else None,
        "constraining": constraining,
        "paragraphs": list(dict.fromkeys(paragraphs)),
        "reasons": reasons,
        "citations": citations,
        "document": vd.document,
        "source": kb.sources[vd.source].to_dict(),
    }


def unusual_activity(
    kb: KnowledgeBase, facts: OsceFacts, requesting: str, state: str, requested: dt.datetime
) -> dict[str, Any]:
    """Chapter III deadlines for a request for explanation of an unusual military activity made at ``requested``.

    Raises:
        InputError: either state not participating on the date, or the same state twice.

    """
    day = requested.date()
    asker = participating(kb, requesting, day, "the requesting State")
    asked = participating(kb, state, day, "the State asked to explain")
    if asker == asked:
        raise InputError(f"{asker} cannot ask itself for an explanation: name another participating State")
    c3 = facts.vienna.chapter_iii
    reply_by = requested + dt.timedelta(hours=c3.reply_hours)
    return {
        "requesting": asker,
        "state": asked,
        "requested": requested.isoformat(timespec="minutes"),
        "reply_by": reply_by.isoformat(timespec="minutes"),
        "meeting_within_hours": c3.meeting_hours,
        "paragraphs": [c3.paragraph],
        "reasons": [
            f"explanation within {c3.reply_hours} hours of the request (para {c3.paragraph}): "
            f"by {reply_by.isoformat(timespec='minutes')}",
            f"if unsatisfied, a meeting within {c3.meeting_hours} hours of the request for it (para {c3.paragraph})",
        ],
        "citations": [_cite(facts, c3.paragraph, c3.text, c3.verification)],
    }
