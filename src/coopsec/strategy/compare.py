"""Comparing strategies: the simulation's JSON (``coopsec strategy simulate --json``, the API's body).

The shape is ``{"seed", "runs", "years", "on", "strategies": [{"name", "outcomes": {OUTCOME: {"p5",
"p50", "p95", "mean"}}, "uncovered", "cost_per_year", ...}], "sensitivity", "assumptions"}``; numbers
are rounded to 4 decimals and keys keep one order, so the same inputs and seed give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from coopsec.errors import InputError
from coopsec.kb import KnowledgeBase
from coopsec.strategy.register import Register
from coopsec.strategy.simulate import OUTCOMES, Block, Floats, Mapper, Means, run_all
from coopsec.strategy.strategies import Strategy
from coopsec.strategy.table import Knobs, Table, build_table

#: Bounds a request must keep (the API refuses beyond them; the CLI too).
MAX_YEARS, MAX_RUNS = 50, 100_000
#: What each outcome counts (UI wording and the report's legend).
OUTCOME_WORDS: dict[str, str] = {
    "expected_harm": "harm points left unanswered over the horizon (impact class harm x unmet share)",
    "unmet_requests": "units of assistance requested and not delivered (no means, or no legal basis)",
    "time_to_assistance_days": "mean days from request to assistance, over the assistance delivered",
    "obligations_triggered": "obligations triggered: parties bound by the mechanisms that apply (may-apply weighted)",
    "incidents": "incidents drawn (the same for every strategy: common random numbers)",
    "requests": "units of assistance requested",
}
#: Tables kept per process (each is small; a date or knob not seen recently is computed again).
TABLES_KEPT = 64
_TABLES: dict[tuple[int, int, dt.date, Knobs], Table] = {}


def table_for(kb: KnowledgeBase, register: Register, day: dt.date, knobs: Knobs | None = None) -> Table:
    """The engine's answers for the register on ``day``, computed once per process."""
    knobs = knobs or Knobs()
    key = (id(kb), id(register), day, knobs)
    if key not in _TABLES:
        if len(_TABLES) >= TABLES_KEPT:  # dates come from users: keep the most recent only
            del _TABLES[next(iter(_TABLES))]
        _TABLES[key] = build_table(kb, register, day, knobs)
    return _TABLES[key]


def check_bounds(years: int, runs: int, seed: int) -> None:
    """Refuse sizes a user did not mean.

    Raises:
        InputError: years, runs or seed out of bounds, naming the bounds.

    """
    if not 1 <= years <= MAX_YEARS:
        raise InputError(f"--years {years}: give 1 to {MAX_YEARS}")
    if not 1 <= runs <= MAX_RUNS:
        raise InputError(f"--runs {runs}: give 1 to {MAX_RUNS}")
    if seed < 0:
        raise InputError(f"--seed {seed}: give 0 or more")


def day_of(register: Register, strategies: list[Strategy]) -> dt.date:
    """The date of the comparison: the strategies' ``on`` (they must agree), else the register's ``as_of``.

    Raises:
        InputError: strategies written for different dates.

    """
    days = {s.data.on for s in strategies if s.data.on is not None}
    if len(days) > 1:
        raise InputError(f"the strategies are for different dates ({', '.join(sorted(map(str, days)))}): give one `on`")
    return days.pop() if days else register.data.as_of


def means_of(register: Register, strategy: Strategy) -> Means:
    """A strategy's means as the simulator's arrays."""
    return np.array(strategy.capacity(register), dtype=np.float64), np.array(
        strategy.reserve_units(register), dtype=np.float64
    )


def _r(x: float) -> float:
    return round(float(x), 4)


def stats(values: Floats) -> dict[str, float | None]:
    """p5, p50, p95 and mean of one outcome over the runs (``None`` when no run has a value)."""
    good = values[~np.isnan(values)]
    if good.size == 0:
        return {"p5": None, "p50": None, "p95": None, "mean": None}
    p5, p50, p95 = np.percentile(good, [5, 50, 95])
    return {"p5": _r(p5), "p50": _r(p50), "p95": _r(p95), "mean": _r(good.mean())}


def _uncovered(register: Register, block: Block, runs: int, years: int) -> list[dict[str, Any]]:
    out = []
    for f, flank in enumerate(register.flanks):
        for i, inst in enumerate(register.instruments):
            demand = block.demand_cells[f, i]
            if demand <= 0:
                continue
            unmet = block.unmet_cells[f, i]
            out.append(
                {
                    "flank": flank,
                    "instrument": inst,
                    "demand_per_year": _r(demand / (runs * years)),
                    "unmet_per_year": _r(unmet / (runs * years)),
                    "unmet_share": _r(unmet / demand),
                }
            )
    return sorted(out, key=lambda c: (-c["unmet_per_year"], c["flank"], c["instrument"]))


def strategy_dict(register: Register, strategy: Strategy, block: Block, runs: int, years: int) -> dict[str, Any]:
    """One strategy's part of the JSON."""
    d = strategy.data
    return {
        "name": d.name,
        "title": d.title,
        "file": strategy.label,
        "cost_per_year": _r(strategy.cost(register)),
        "outcomes": {o: stats(block.outcomes[o]) for o in OUTCOMES},
        "uncovered": _uncovered(register, block, runs, years),
        "ends": list(d.ends),
        "ways": [w.model_dump() for w in d.ways],
        "means": {f: {i: d.means.get(f, {}).get(i, 0.0) for i in register.instruments} for f in register.flanks},
        "reserve": {i: d.reserve.get(i, 0.0) for i in register.instruments},
    }


def assumptions(register: Register) -> list[str]:
    """Every assumption the numbers rest on, in words (the report and the page list them)."""
    data = register.data
    lines = [
        f"Calibration ({data.calibration.source}): {data.calibration.text}",
        "Incidents per entry and year are Poisson at the register's rate; the victim is drawn uniformly among "
        "the region's states on the date (the rings' core EU members; see flank_rule).",
        f"Flanks: {data.flank_rule}",
        "Each incident asks for the entry's demand in units of its instrument; units on the struck flank answer "
        "first, then the common reserve, shared between flanks in proportion to what each lacks; a unit answers "
        "one unit of demand a year.",
        "Demand has a legal basis when a mechanism the threat is answered under applies (obligation engine); "
        f"when it only may apply, a share of {register.assumption('may_apply_share')} has one. "
        + data.no_mechanism_note,
        "Time to assistance: the instrument's days_own from units on the flank, days_reserve from the reserve. "
        + data.instrument_note,
        "Expected harm = harm points of the entry's impact class x the unmet share of the incident's demand, "
        "summed over incidents and years (an incident left wholly unanswered counts its full harm points, "
        "whatever the units it asked for); the unmet share of a flank and instrument is the same for every "
        "incident there in that year.",
    ]
    lines += [f"{k} = {a.value}: {a.text}" for k, a in data.assumptions.items()]
    return lines


@dataclass(frozen=True)
class Comparison:
    """The comparison's JSON and the per-run outcomes (for plots and the report's CSV)."""

    payload: dict[str, Any]
    per_run: dict[str, dict[str, Floats]]

    def with_runs(self) -> dict[str, Any]:
        """The JSON with ``per_run``: every run's outcomes per strategy (``null`` where a run has none)."""
        runs = {
            name: {o: [None if np.isnan(v) else _r(v) for v in values] for o, values in outcomes.items()}
            for name, outcomes in self.per_run.items()
        }
        return {**self.payload, "per_run": runs}


def compare(
    kb: KnowledgeBase,
    register: Register,
    strategies: list[Strategy],
    *,
    years: int,
    runs: int,
    seed: int,
    mapper: Mapper | None = None,
    sensitivity: bool = True,
) -> Comparison:
    """Simulate every strategy on the same incidents and summarise.

    Raises:
        InputError: bounds, dates or strategies a user must fix.

    """
    from coopsec.strategy.sensitivity import one_at_a_time

    check_bounds(years, runs, seed)
    day = day_of(register, strategies)
    table = table_for(kb, register, day)
    means = [means_of(register, s) for s in strategies]
    results = run_all(table, means, runs, years, seed, mapper)
    payload: dict[str, Any] = {
        "seed": seed,
        "runs": runs,
        "years": years,
        "on": day.isoformat(),
        "risk_register": {"file": register.file, "as_of": register.data.as_of.isoformat()},
        "strategies": [strategy_dict(register, s, b, runs, years) for s, b in zip(strategies, results, strict=True)],
        "outcome_words": OUTCOME_WORDS,
        "assumptions": assumptions(register),
    }
    if sensitivity:
        payload["sensitivity"] = one_at_a_time(kb, register, strategies, day, years=years, runs=runs, seed=seed)
    per_run = {s.name: b.outcomes for s, b in zip(strategies, results, strict=True)}
    return Comparison(payload, per_run)
