"""Body of ``/plan``: a response plan, as ``coopsec plan --json``.

The actions come from the catalogue (``response.yaml``); the mechanisms are the obligation engine's
answers for the same event, exactly as ``/assess`` returns them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from coopsec.api.models.assess import EventOut, MechanismOut
from coopsec.api.models.common import Body, SourceOut
from coopsec.kb.model import Verification
from coopsec.obligations.result import Status

Perpetrators = Literal["known", "unknown", "at-large"]


class FactsOut(Body):
    """The incident's facts the triggers read."""

    casualties: int | None = Field(description="People killed or injured; null when not given")
    cbrn: bool
    cross_border: bool
    online_propaganda: bool
    perpetrators: Perpetrators | None


class PlanActionOut(Body):
    """One proposed action: pillar, body, legal basis, why (the facts that triggered it) and timing."""

    id: str = Field(description="The action's id in response.yaml")
    pillar: str = Field(description="prevent, protect, pursue, respond; or prevention, preparedness, response")
    framework: Literal["counter-terrorism", "civil-protection"]
    pillar_title: str
    body: str = Field(description="The body or instrument that acts")
    body_id: str
    action: str
    legal_basis: str
    reason: str = Field(description="Which facts of the incident triggered the action, in words")
    triggered_by: list[str] = Field(description="The facts that triggered it: kind, then the flags")
    why: str
    timing: str
    source: SourceOut
    verification: Verification
    in_place: bool = Field(description="Whether the instrument or its legal basis was in place on the event's date")
    note: str | None


class InvocationOut(Body):
    """A mechanism as a line of the plan."""

    mechanism: str
    status: Status
    line: str = Field(description='e.g. "France may invoke TFEU Art. 222"')
    procedure: str = Field(description="Who invokes it, where and how (from mechanisms.yaml)")


class PlanOut(Body):
    """A response plan: the event, its facts, the actions (and by pillar), and the mechanisms."""

    event: EventOut
    facts: FactsOut
    actions: list[PlanActionOut]
    pillars: dict[str, list[str]] = Field(description="Each pillar's action ids, pillars in the catalogue's order")
    invocations: list[InvocationOut]
    mechanisms: list[MechanismOut] = Field(description="Every mechanism's answer, as /assess")
