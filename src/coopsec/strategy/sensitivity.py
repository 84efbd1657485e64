"""One-at-a-time sensitivity of the outcomes to the key assumptions.

Each factor is moved to a low and a high value with every other assumption as in the register,
and the strategies are simulated again on the same seed (common random numbers), so a change in
the median harm or unmet demand is the factor's. It is not a variance decomposition (no Sobol
indices): it shows which assumption a conclusion hangs on, and whether the ranking of strategies
survives it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from coopsec.kb import KnowledgeBase
from coopsec.strategy.register import Register
from coopsec.strategy.simulate import run_all
from coopsec.strategy.strategies import Strategy
from coopsec.strategy.table import Knobs

#: (knob, what it moves, low, high): the key assumptions.
FACTORS: tuple[tuple[str, str, float, float], ...] = (
    ("rate", "every base rate", 0.5, 1.5),
    ("demand", "units of assistance asked per incident", 0.5, 1.5),
    ("eastern_rate", "the eastern flank's rates", 0.5, 2.0),
    ("southern_rate", "the southern flank's rates", 0.5, 2.0),
    ("may_apply_share", "share of may-apply cases with a legal basis", 0.0, 1.0),
)
#: Runs per setting at most: enough for medians, cheap enough to run with every comparison.
RUNS = 400


def _medians(
    kb: KnowledgeBase,
    register: Register,
    strategies: list[Strategy],
    day: dt.date,
    knobs: Knobs,
    years: int,
    runs: int,
    seed: int,
) -> dict[str, dict[str, float]]:
    from coopsec.strategy.compare import means_of, table_for

    table = table_for(kb, register, day, knobs)
    blocks = run_all(table, [means_of(register, s) for s in strategies], runs, years, seed)
    return {
        s.name: {
            "expected_harm_p50": round(float(np.median(b.outcomes["expected_harm"])), 4),
            "unmet_requests_mean": round(float(b.outcomes["unmet_requests"].mean()), 4),
        }
        for s, b in zip(strategies, blocks, strict=True)
    }


def one_at_a_time(
    kb: KnowledgeBase, register: Register, strategies: list[Strategy], day: dt.date, *, years: int, runs: int, seed: int
) -> dict[str, Any]:
    """The medians at the base and at each factor's low and high value, per strategy."""
    n = min(runs, RUNS)
    base = _medians(kb, register, strategies, day, Knobs(), years, n, seed)
    factors = []
    for knob, words, low, high in FACTORS:
        row: dict[str, Any] = {"factor": knob, "moves": words, "low": low, "high": high}
        for label, value in (("at_low", low), ("at_high", high)):
            row[label] = _medians(kb, register, strategies, day, Knobs(**{knob: value}), years, n, seed)
        factors.append(row)
    note = "multipliers of the register's values; may_apply_share is the share itself"
    return {"method": "one-at-a-time", "runs": n, "note": note, "base": base, "factors": factors}
