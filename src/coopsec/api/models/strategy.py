"""Bodies of ``/risk`` and ``/strategy/simulate``: the register and a comparison, as the CLI's ``--json``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coopsec.api.models.common import Body
from coopsec.strategy.strategies import StrategyFile


class RiskSourceOut(Body):
    """A source of the register: its own, or one of sources.yaml."""

    model_config = ConfigDict(extra="allow")

    id: str
    title: str | None = None


class FigureOut(Body):
    """A public figure an entry's rate rests on."""

    id: str
    value: float
    unit: str
    verification: Literal["confirmed", "unconfirmed"]
    source: RiskSourceOut


class AssumptionOut(Body):
    """A stated assumption."""

    id: str
    value: float
    text: str


class EntryOut(Body):
    """One threat in one region."""

    threat: str
    threat_name: str
    region: str
    instrument: str
    event_kind: str
    mechanisms: list[str] = Field(description="Mechanisms the threat is answered under (ids of mechanisms.yaml)")
    likelihood: int = Field(ge=1, le=5)
    likelihood_label: str
    impact: int = Field(ge=1, le=5)
    impact_label: str
    risk: int = Field(description="likelihood x impact")
    rate: float = Field(description="Incidents a year needing outside assistance")
    demand: float = Field(description="Units of assistance one incident asks for")
    basis: str
    figures: list[FigureOut]
    assumptions: list[AssumptionOut]


class LevelOut(Body):
    """A class of a 5-point scale."""

    level: int
    label: str
    meaning: str
    up_to: float | None = None
    harm: float | None = None


class CalibrationOut(Body):
    """The calibration of the scales (SEC(2010) 1626 leaves the class boundaries to the assessor)."""

    source: RiskSourceOut
    text: str
    likelihood: list[LevelOut]
    impact: list[LevelOut]


class RegionOut(Body):
    """A region and its states on the date."""

    name: str
    states: list[str]
    left_out: list[str] = Field(description="Candidates not in the core EU on the date")


class InstrumentOut(Body):
    """An instrument a strategy allocates means to."""

    name: str
    ring: str
    unit_cost: float
    days_own: float
    days_reserve: float


class CellOut(Body):
    """A cell of the risk matrix."""

    impact: int
    label: str
    entries: list[str]


class MatrixRowOut(Body):
    """A row of the risk matrix (one likelihood class, highest first)."""

    likelihood: int
    label: str
    cells: list[CellOut]


class RiskOut(Body):
    """The risk register on a date."""

    on: str
    file: str
    as_of: str
    calibration: CalibrationOut
    regions: dict[str, RegionOut]
    flank_rule: str
    instruments: dict[str, InstrumentOut]
    entries: list[EntryOut]
    matrix: list[MatrixRowOut]


class StatsOut(Body):
    """An outcome over the runs (null when no run has a value, e.g. no assistance delivered)."""

    p5: float | None
    p50: float | None
    p95: float | None
    mean: float | None


class GapOut(Body):
    """Demand and unmet demand of one flank and instrument, per year (mean over runs)."""

    flank: str
    instrument: str
    demand_per_year: float
    unmet_per_year: float
    unmet_share: float


class WayOut(Body):
    """A line of action."""

    instrument: str
    line: str


class StrategyOut(Body):
    """One strategy's results."""

    name: str
    title: str
    file: str
    cost_per_year: float
    outcomes: dict[str, StatsOut]
    uncovered: list[GapOut]
    ends: list[str]
    ways: list[WayOut]
    means: dict[str, dict[str, float]]
    reserve: dict[str, float]


class RegisterRefOut(Body):
    """Which register the comparison drew from."""

    file: str
    as_of: str


class SimulationOut(Body):
    """A comparison of strategies on the same incidents."""

    seed: int
    runs: int
    years: int
    on: str
    risk_register: RegisterRefOut
    strategies: list[StrategyOut]
    outcome_words: dict[str, str]
    assumptions: list[str]
    sensitivity: dict[str, object] | None = None


class SimulateIn(BaseModel):
    """Strategies to compare (the content of strategy files) and the simulation's size (bounded)."""

    model_config = ConfigDict(extra="forbid")

    strategies: list[StrategyFile] = Field(min_length=1, max_length=5)
    years: int = Field(default=10, ge=1, le=20)
    runs: int = Field(default=1000, ge=1, le=2000)
    seed: int = Field(default=7, ge=0, le=2**32 - 1)
    sensitivity: bool = Field(default=False, description="Add the one-at-a-time sensitivity (slower)")
