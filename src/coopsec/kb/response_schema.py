"""The schema of ``response.yaml``: the catalogue of response measures, checked like every data file.

Triggers are data: an action names the event kinds it serves and the incident facts that must hold
(``all``) or of which one must hold (``any``). Facts can only be required, never excluded, so adding
a fact to an incident never removes an action (the planner's tests check this property).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictStr

from coopsec.kb.model import Verification
from coopsec.kb.schema import Date, SourceRef, Strict

#: The incident facts a trigger may require (``casualties``: at least one person killed or injured).
Flag = Literal[
    "cbrn",
    "cross_border",
    "online_propaganda",
    "casualties",
    "perpetrators_known",
    "perpetrators_unknown",
    "perpetrators_at_large",
]


class PillarIn(Strict):
    """A pillar of the Counter-Terrorism Strategy or a stage of the civil protection cycle."""

    id: StrictStr
    framework: Literal["counter-terrorism", "civil-protection"]
    title: StrictStr
    aim: StrictStr
    source: SourceRef


class BodyIn(Strict):
    """A body or instrument that carries out actions."""

    id: StrictStr
    name: StrictStr
    source: SourceRef
    since: Date | None = None
    note: StrictStr | None = None


class TriggerIn(Strict):
    """When an action is proposed: a kind in ``kinds``, every fact of ``all`` and one of ``any``."""

    kinds: list[StrictStr]
    all: list[Flag] = Field(default_factory=list)
    any: list[Flag] = Field(default_factory=list)


class ActionIn(Strict):
    """One proposed action: pillar, body, legal basis, trigger, timing and why."""

    id: StrictStr
    pillar: StrictStr
    body: StrictStr
    action: StrictStr
    legal_basis: StrictStr
    when: TriggerIn
    timing: StrictStr = "as soon as possible"
    why: StrictStr
    source: SourceRef
    verification: Verification | None = None
    since: Date | None = None


class ResponseFile(Strict):
    """``response.yaml``."""

    pillars: list[PillarIn]
    bodies: list[BodyIn]
    actions: list[ActionIn | None]
