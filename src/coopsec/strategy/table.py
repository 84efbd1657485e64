"""The engine's and the planner's answers per (register entry, victim state), computed once.

:func:`coopsec.response.plan` is a pure function of the event, so the Monte Carlo never calls it
per incident: for each entry of the register and each state of its region on the date it is asked
once, and the simulator reads three numbers per pair: the share of the requested assistance that
has a legal basis (a mechanism the threat is answered under applies; half when it only may apply,
the register's ``may_apply_share``), the obligations triggered (parties bound by the mechanisms
that apply), and the response actions proposed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from coopsec.errors import DataError, DataIssue, InputError
from coopsec.kb import KnowledgeBase
from coopsec.response import Incident, plan
from coopsec.strategy.register import Register, flank_states


@dataclass(frozen=True)
class Row:
    """One register entry, ready for the simulator."""

    threat: str
    region: str
    flank: int
    instrument: int
    rate: float
    demand: float
    harm: float
    victims: tuple[str, ...]
    covered: NDArray[np.float64]
    obligations: NDArray[np.float64]
    actions: NDArray[np.float64]


@dataclass(frozen=True)
class Table:
    """Every entry with its answers, and the register's dimensions."""

    on: dt.date
    flanks: tuple[str, ...]
    instruments: tuple[str, ...]
    rows: tuple[Row, ...]
    days_own: NDArray[np.float64]
    days_reserve: NDArray[np.float64]


@dataclass(frozen=True)
class Knobs:
    """Multipliers of the key assumptions, for the sensitivity analysis and sweeps (1 = as in the register)."""

    rate: float = 1.0
    demand: float = 1.0
    eastern_rate: float = 1.0
    southern_rate: float = 1.0
    may_apply_share: float | None = None


def _answers(
    kb: KnowledgeBase, reg: Register, index: int, victim: str, day: dt.date, share: float
) -> tuple[float, ...]:
    entry = reg.data.entries[index]
    threat = reg.data.threats[entry.threat]
    try:
        incident = Incident(kind=threat.kind, victim=victim, date=day, by=entry.by, **threat.facts)
        answer = plan(kb, incident)
    except (TypeError, InputError) as error:
        raise DataError([DataIssue(reg.file, f"threats.{entry.threat}", f"the planner refuses it: {error}")]) from None
    status = {m.id: m.status for m in answer.mechanisms}
    if not threat.via or any(status.get(m) == "applies" for m in threat.via):
        covered = 1.0
    elif any(status.get(m) == "may_apply" for m in threat.via):
        covered = share
    else:
        covered = 0.0
    weight = {"applies": 1.0, "may_apply": share}
    bound = sum(weight.get(m.status, 0.0) * len(m.result.obligated) for m in answer.mechanisms)
    return covered, bound, float(len(answer.actions))


def build_table(kb: KnowledgeBase, reg: Register, day: dt.date, knobs: Knobs = Knobs()) -> Table:
    """The table for ``day`` (the flanks' states are the rings' on that date), with ``knobs`` applied.

    Raises:
        InputError: a region without a core EU state on the date (nothing to draw a victim from).

    """
    states = flank_states(kb, reg, day)
    share = reg.assumption("may_apply_share") if knobs.may_apply_share is None else knobs.may_apply_share
    flanks, instruments = reg.flanks, reg.instruments
    rows = []
    for i, e in enumerate(reg.data.entries):
        victims = states[e.region]
        if not victims:
            raise InputError(f"region {e.region!r} has no core EU state on {day}: choose a later date")
        answers = np.array([_answers(kb, reg, i, v, day, share) for v in victims], dtype=np.float64)
        scale = knobs.rate * {"eastern": knobs.eastern_rate, "southern": knobs.southern_rate}.get(e.region, 1.0)
        rows.append(
            Row(
                threat=e.threat,
                region=e.region,
                flank=flanks.index(e.region),
                instrument=instruments.index(e.instrument),
                rate=e.rate * scale,
                demand=e.demand * knobs.demand,
                harm=reg.harm(e.impact),
                victims=victims,
                covered=answers[:, 0].copy(),
                obligations=answers[:, 1].copy(),
                actions=answers[:, 2].copy(),
            )
        )
    days_own = np.array([reg.data.instruments[i].days_own for i in instruments])
    days_reserve = np.array([reg.data.instruments[i].days_reserve for i in instruments])
    return Table(day, flanks, instruments, tuple(rows), days_own, days_reserve)
