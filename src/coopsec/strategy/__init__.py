"""Strategy from risk analysis (issue 15): the risk register, strategies as files, and the simulator.

The register (:mod:`~coopsec.strategy.register`) says what threatens where, with sources; a strategy
(:mod:`~coopsec.strategy.strategies`) says what means stand where; the simulator
(:mod:`~coopsec.strategy.simulate`) draws incidents from the register, asks the obligation engine and
the response planner once per (threat, victim) (:mod:`~coopsec.strategy.table`), and counts what each
strategy's means leave unanswered (:mod:`~coopsec.strategy.compare`).
"""

from coopsec.strategy.compare import Comparison, compare
from coopsec.strategy.register import Register, bundled_register, flank_states, load_register
from coopsec.strategy.strategies import Strategy, check_strategy, load_strategies, load_strategy

__all__ = [
    "Comparison",
    "Register",
    "Strategy",
    "bundled_register",
    "check_strategy",
    "compare",
    "flank_states",
    "load_register",
    "load_strategies",
    "load_strategy",
]
