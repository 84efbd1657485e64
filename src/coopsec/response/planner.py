"""The response planner: from an incident to the catalogue's actions and the engine's mechanisms.

:func:`plan` is pure: it reads the knowledge base (the catalogue of ``response.yaml`` and the
mechanisms) and the incident, and returns a :class:`Plan`. Which action applies is decided by the
triggers in the data (:mod:`coopsec.response.triggers`); which treaty mechanism applies is decided
by the obligation engine (never a second reading of the treaties here).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from coopsec.errors import CoopsecError
from coopsec.kb.model import KnowledgeBase, Source
from coopsec.kb.response import ResponseAction, ResponseCatalogue
from coopsec.obligations import Assessment, Event, MechanismResult, assessor_for, make_event
from coopsec.obligations.summary import kind_words, long_date, mechanism_name, the_name
from coopsec.response.facts import FLAG_WORDS, Incident
from coopsec.response.triggers import matched


@dataclass(frozen=True, slots=True)
class PlanAction:
    """A proposed action: what, by whom, on which legal basis, why now, and when."""

    id: str
    pillar: str
    framework: str
    pillar_title: str
    body: str
    body_id: str
    action: str
    legal_basis: str
    reason: str
    triggered_by: tuple[str, ...]
    why: str
    timing: str
    source: Source
    verification: str
    in_place: bool
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``coopsec plan --json``, ``/api/v1/plan``)."""
        return {
            "id": self.id,
            "pillar": self.pillar,
            "framework": self.framework,
            "pillar_title": self.pillar_title,
            "body": self.body,
            "body_id": self.body_id,
            "action": self.action,
            "legal_basis": self.legal_basis,
            "reason": self.reason,
            "triggered_by": list(self.triggered_by),
            "why": self.why,
            "timing": self.timing,
            "source": self.source.to_dict(),
            "verification": self.verification,
            "in_place": self.in_place,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class PlanMechanism:
    """A mechanism of the obligation engine as a line of the plan ("France may invoke TEU Art. 42(7)")."""

    id: str
    status: str
    line: str
    result: MechanismResult

    def to_dict(self) -> dict[str, Any]:
        """JSON form: the line, with the mechanism's id, status and procedure (who invokes, where, how)."""
        return {"mechanism": self.id, "status": self.status, "line": self.line, "procedure": self.result.procedure}


@dataclass(frozen=True, slots=True)
class Plan:
    """A response plan: the incident, the actions (in the catalogue's order) and the mechanisms."""

    incident: Incident
    event: Event
    actions: tuple[PlanAction, ...]
    mechanisms: tuple[PlanMechanism, ...]
    assessment: Assessment

    def by_pillar(self) -> dict[str, tuple[PlanAction, ...]]:
        """The actions grouped by pillar, pillars in the catalogue's order."""
        groups: dict[str, list[PlanAction]] = {}
        for action in self.actions:
            groups.setdefault(action.pillar, []).append(action)
        return {k: tuple(v) for k, v in groups.items()}

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``event``, ``facts``, ``actions``, ``pillars``, ``invocations`` and ``mechanisms`` (as assess)."""
        incident = self.incident
        return {
            "event": self.event.to_dict(),
            "facts": {
                "casualties": incident.casualties,
                "cbrn": incident.cbrn,
                "cross_border": incident.cross_border,
                "online_propaganda": incident.online_propaganda,
                "perpetrators": incident.perpetrators,
            },
            "actions": [a.to_dict() for a in self.actions],
            "pillars": {k: [a.id for a in v] for k, v in self.by_pillar().items()},
            "invocations": [m.to_dict() for m in self.mechanisms],
            "mechanisms": [m.result.to_dict() for m in self.mechanisms],
        }


def _reason(kind: str, facts: tuple[str, ...], incident: Incident) -> str:
    words = [f"the event is {_article(kind_words(kind))}"]
    for fact in facts:
        if fact == "casualties" and incident.casualties:
            words.append(f"there are {incident.casualties} casualties")
        else:
            words.append(FLAG_WORDS.get(fact, fact))
    return "; ".join(words)


def _article(words: str) -> str:
    return ("an " if words[:1] in "aeiou" else "a ") + words


def _action(item: ResponseAction, facts: tuple[str, ...], incident: Incident, day: dt.date) -> PlanAction:
    since = max((d for d in (item.since, item.body.since) if d is not None), default=None)
    in_place = since is None or since <= day
    note = (
        None if since is None or in_place else f"not yet in place on {long_date(day)}: in place from {long_date(since)}"
    )
    if item.body.note:
        note = f"{note}; {item.body.note}" if note else item.body.note
    return PlanAction(
        id=item.id,
        pillar=item.pillar.id,
        framework=item.pillar.framework,
        pillar_title=item.pillar.title,
        body=item.body.name,
        body_id=item.body.id,
        action=item.action,
        legal_basis=item.legal_basis,
        reason=_reason(incident.kind, facts, incident),
        triggered_by=("kind", *facts),
        why=item.why,
        timing=item.timing,
        source=item.source,
        verification=item.verification,
        in_place=in_place,
        note=note,
    )


def _line(result: MechanismResult, event: Event) -> str:
    victim = the_name(event.victim_name or event.victim)
    name = mechanism_name(result)
    reason = f" ({result.reasons[0]})" if result.reasons else ""
    if result.status == "applies":
        return f"{victim} may invoke {name}"
    if result.status == "may_apply":
        return f"{victim} may be able to invoke {name}{reason}"
    return f"{name} does not apply{reason}"


def actions_for(catalogue: ResponseCatalogue, incident: Incident, day: dt.date) -> tuple[PlanAction, ...]:
    """Every action of ``catalogue`` whose trigger holds for ``incident`` (checked), in the file's order."""
    flags = incident.flags
    out = []
    for item in catalogue.actions:
        facts = matched(item.trigger, incident.kind, flags)
        if facts is not None:
            out.append(_action(item, facts, incident, day))
    return tuple(out)


def plan(kb: KnowledgeBase, incident: Incident) -> Plan:
    """The response plan for ``incident``.

    Raises:
        InputError: a bad kind, code, date, place or fact (naming it and the accepted forms).
        CoopsecError: a knowledge base without a response catalogue.

    """
    if kb.response is None:
        raise CoopsecError("the knowledge base has no response catalogue: add response.yaml to the data folder")
    event = make_event(kb, incident.kind, incident.victim, incident.by, incident.at, incident.date, incident.scale)
    checked = incident.checked()
    if checked.kind != event.kind:  # the kind as the engine spells it
        checked = Incident(event.kind, *(getattr(checked, f) for f in _REST))
    assessment = assessor_for(kb).assess(event)
    lines = tuple(PlanMechanism(m.id, m.status, _line(m, event), m) for m in assessment.mechanisms)
    return Plan(checked, event, actions_for(kb.response, checked, event.date), lines, assessment)


_REST = (
    "victim",
    "date",
    "at",
    "by",
    "casualties",
    "cbrn",
    "cross_border",
    "online_propaganda",
    "perpetrators",
    "scale",
)
