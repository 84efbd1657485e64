"""Building the response catalogue (``response.yaml``): pillars, bodies and actions, cross-checked.

Every action must name a known pillar and body, event kinds from :mod:`coopsec.obligations.kinds`
and a source; each problem is a :class:`DataIssue` naming the file and the key, collected with the
rest of the load so ``coopsec check`` reports them all at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coopsec.errors import DataIssue
from coopsec.kb.build import Builder
from coopsec.kb.model import Source, Verification
from coopsec.obligations.kinds import KINDS

FILE = "response.yaml"


@dataclass(frozen=True, slots=True)
class Pillar:
    """A pillar of the 2005 Counter-Terrorism Strategy or a stage of the civil protection cycle."""

    id: str
    framework: str
    title: str
    aim: str
    source: Source


@dataclass(frozen=True, slots=True)
class ResponseBody:
    """A body or instrument of the Union (Europol's ECTC, the ERCC, ...)."""

    id: str
    name: str
    source: Source
    since: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Trigger:
    """When an action is proposed: the event is of one of ``kinds``, every ``all`` fact and one ``any`` fact hold."""

    kinds: tuple[str, ...]
    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ResponseAction:
    """One measure of the catalogue, with its trigger, timing, reason and source."""

    id: str
    pillar: Pillar
    body: ResponseBody
    action: str
    legal_basis: str
    trigger: Trigger
    timing: str
    why: str
    source: Source
    verification: Verification
    since: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ResponseCatalogue:
    """The whole catalogue, in the file's order."""

    pillars: dict[str, Pillar]
    bodies: dict[str, ResponseBody]
    actions: tuple[ResponseAction, ...]


def _words(text: str) -> str:
    return " ".join(text.split())


def build_response(builder: Builder) -> ResponseCatalogue | None:
    """The response catalogue, with every pillar, body, kind and source it names checked."""
    raw = builder.raw.response
    if raw is None:
        return None
    pillars: dict[str, Pillar] = {}
    for i, p in enumerate(raw.pillars):
        path = f"pillars[{i}] ({p.id})"
        source = builder.source(p.source, FILE, path)
        if p.id in pillars:
            builder.issues.append(DataIssue(FILE, path, f"pillar {p.id} is listed twice: keep one"))
        elif source is not None:
            pillars[p.id] = Pillar(p.id, p.framework, p.title, _words(p.aim), source)
    bodies: dict[str, ResponseBody] = {}
    for i, b in enumerate(raw.bodies):
        path = f"bodies[{i}] ({b.id})"
        source = builder.source(b.source, FILE, path)
        if b.id in bodies:
            builder.issues.append(DataIssue(FILE, path, f"body {b.id} is listed twice: keep one"))
        elif source is not None:
            bodies[b.id] = ResponseBody(b.id, _words(b.name), source, b.since, b.note)
    actions: list[ResponseAction] = []
    seen: set[str] = set()
    for i, a in enumerate(raw.actions):
        if a is None:
            continue
        path = f"actions[{i}] ({a.id})"
        ok = builder.check_codes(FILE, f"{path}.when.kinds", a.when.kinds, dict.fromkeys(KINDS), "event kind")
        if not a.when.kinds:
            ok = False
            builder.issues.append(DataIssue(FILE, f"{path}.when.kinds", "name at least one event kind"))
        ok = builder.check_codes(FILE, f"{path}.pillar", [a.pillar], dict(pillars), "pillar") and ok
        ok = builder.check_codes(FILE, f"{path}.body", [a.body], dict(bodies), "body") and ok
        if a.id in seen:
            ok = False
            builder.issues.append(DataIssue(FILE, path, f"action {a.id} is listed twice: keep one"))
        seen.add(a.id)
        source = builder.source(a.source, FILE, path)
        if not ok or source is None:
            continue
        actions.append(
            ResponseAction(
                id=a.id,
                pillar=pillars[a.pillar],
                body=bodies[a.body],
                action=_words(a.action),
                legal_basis=_words(a.legal_basis),
                trigger=Trigger(tuple(a.when.kinds), tuple(a.when.all), tuple(a.when.any)),
                timing=_words(a.timing),
                why=_words(a.why),
                source=source,
                verification=a.verification or source.verification,
                since=a.since,
            )
        )
    return ResponseCatalogue(pillars, bodies, tuple(actions))
