"""``/api/v1/risk`` and ``/api/v1/strategy/simulate``: the register and a comparison of strategies (issue 15).

The same JSON as ``coopsec risk register --json`` and ``coopsec strategy simulate --json``. A
simulation is CPU work, so its size is bounded (runs, years, strategies) and the route runs in the
thread pool; strategies come in the body (the content of strategy files), checked against the
register, and a bad one is a 400 naming ``strategies[i]`` and the key.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from coopsec.api.models.strategy import RiskOut, SimulateIn, SimulationOut
from coopsec.errors import InputError
from coopsec.http.deps import KB, CurrentUser, On
from coopsec.strategy import bundled_register, check_strategy, compare
from coopsec.strategy.strategies import StrategyFileError
from coopsec.strategy.view import register_dict

router = APIRouter(tags=["strategy"])


@router.get("/risk", name="risk_register", response_model=RiskOut)
def risk(kb: KB, _: CurrentUser, on: On) -> dict[str, Any]:
    """The risk register on a date: threats x regions, likelihood x impact, rates with their sources."""
    return register_dict(kb, bundled_register(kb), on)


@router.post("/strategy/simulate", name="strategy_simulate", response_model=SimulationOut)
def simulate(body: SimulateIn, kb: KB, _: CurrentUser) -> dict[str, Any]:
    """Simulate strategies on the same incidents drawn from the register; outcomes with p5/p50/p95."""
    register = bundled_register(kb)
    try:
        strategies = [
            check_strategy(f"strategies[{i}]", s.model_dump(mode="json", exclude_none=True), register)
            for i, s in enumerate(body.strategies)
        ]
    except StrategyFileError as error:
        raise InputError("; ".join(str(issue) for issue in error.issues)) from None
    names = [s.name for s in strategies]
    if len(set(names)) != len(names):
        raise InputError("two strategies have one name: give each its own")
    result = compare(
        kb, register, strategies, years=body.years, runs=body.runs, seed=body.seed, sensitivity=body.sensitivity
    )
    return result.payload
