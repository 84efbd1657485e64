"""The schema of the risk register file (``data/risk/register.yaml``): strict, every figure with its source."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from coopsec.kb.schema import Strict

Verification = Literal["confirmed", "unconfirmed"]


class SourceIn(Strict):
    """A source the register cites."""

    title: str
    href: str | None = None
    reference: str | None = None
    verification: Verification
    note: str | None = None


class FigureIn(Strict):
    """A public figure: a value, what it counts, and where it comes from (required)."""

    value: float
    unit: str
    source: str
    verification: Verification


class AssumptionIn(Strict):
    """A stated assumption: a value and what it means."""

    value: float
    text: str


class Level(Strict):
    """One class of a 5-point scale."""

    level: int = Field(ge=1, le=5)
    label: str
    meaning: str
    up_to: float | None = None
    harm: float | None = Field(default=None, gt=0)


class Calibration(Strict):
    """How rates map to likelihood classes and impact classes to harm points."""

    source: str
    text: str
    likelihood: list[Level] = Field(min_length=5, max_length=5)
    impact: list[Level] = Field(min_length=5, max_length=5)


class InstrumentIn(Strict):
    """An instrument a strategy allocates means to."""

    name: str
    ring: Literal["ring1", "ring2", "outer"]
    unit_cost: float = Field(gt=0)
    days_own: float = Field(gt=0)
    days_reserve: float = Field(gt=0)


class FlankIn(Strict):
    """A region: candidate states (filtered by the rings on the date), or the rest of the core EU members."""

    name: str
    candidates: list[str] = Field(default_factory=list)
    rest: bool = False
    source: str | None = None


class ThreatIn(Strict):
    """A threat the paper names, as the event the obligation engine and the planner read."""

    name: str
    kind: str
    via: list[str]
    facts: dict[str, Any] = Field(default_factory=dict)


class EntryIn(Strict):
    """One cell of the register: a threat in a region."""

    threat: str
    region: str
    instrument: str
    likelihood: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    rate: float = Field(ge=0)
    demand: float = Field(gt=0)
    by: str | None = None
    figures: list[str] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    basis: str


class RegisterFile(Strict):
    """The register file."""

    as_of: dt.date
    calibration: Calibration
    sources: dict[str, SourceIn]
    figures: dict[str, FigureIn]
    assumptions: dict[str, AssumptionIn]
    instruments: dict[str, InstrumentIn]
    instrument_note: str
    flanks: dict[str, FlankIn]
    flank_rule: str
    threats: dict[str, ThreatIn]
    no_mechanism_note: str
    entries: list[EntryIn] = Field(min_length=1)
