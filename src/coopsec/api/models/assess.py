"""Body of ``/assess``: an event and every mechanism's answer, as ``coopsec assess --json``.

The route writes the assessment's own JSON text (``Assessment.to_json``, cached per mechanism, for
speed), so this model documents the body without running on each request; the tests validate real
assessments against it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from coopsec.api.models.common import Body, SourceOut
from coopsec.obligations.kinds import KINDS, Scale
from coopsec.obligations.result import Status

Kind = Literal[KINDS]  # type: ignore[valid-type]


class EventOut(Body):
    """The event as assessed: its kind, gravity, victim, author, place and date, resolved."""

    kind: Kind
    scale: Scale | None = Field(description="The gravity of an attack; null for disasters and threats")
    victim: str = Field(description="The state struck (ISO code)")
    by: str | None = Field(description="Who acted: a state code, non-state or unknown; null when not given")
    at: str = Field(description="The place's code: a territory, sea:AREA or forces:TERRITORY")
    place: str = Field(description="The place in words")
    date: dt.date


class ObligationOut(Body):
    """A party bound by a mechanism, the nature of its duty, and its caveats."""

    party: str = Field(description="The state bound (ISO code)")
    duty: str
    caveats: list[str]


class InForce(Body):
    """The span a clause's version is in force, ``[start, end)``."""

    start: dt.date
    end: dt.date | None


class CitationOut(Body):
    """The clause a mechanism cites, verbatim, or the mechanism's own source when it cites none."""

    title: str
    href: str | None
    reference: str | None
    text: str | None = Field(description="The clause's text, verbatim; null when no clause is cited")
    in_force: InForce | None = Field(description="When this version of the clause is in force; null without one")


class TraceStep(Body):
    """One fact used, or one rule applied, with its date and source."""

    kind: Literal["fact", "rule"]
    text: str
    date: dt.date | None
    source: SourceOut | None


class MechanismOut(Body):
    """One mechanism's answer: status, reasons, who is bound to do what, procedure, citation and trace."""

    id: str = Field(description="The mechanism's id, e.g. nato-art5")
    title: str
    status: Status
    reasons: list[str] = Field(description="Why, in words")
    rules: list[str] = Field(description="The ids of the rules that decided")
    obligated: list[ObligationOut]
    caveats: list[str]
    procedure: str = Field(description="What happens next, and where")
    citation: CitationOut
    trace: list[TraceStep] = Field(description="Every fact and rule used, in order")


class AssessmentOut(Body):
    """An event and every mechanism's answer."""

    event: EventOut
    summary: str = Field(description="The answer in one or two plain sentences: what applies, and why not")
    mechanisms: list[MechanismOut]
