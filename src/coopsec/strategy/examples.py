"""The example strategies (``examples/strategies/*.yaml`` of the repository) and a cached comparison of them.

The dashboard shows these three side by side; the comparison and its figures are computed once per
process (the inputs are files of the checkout and a fixed seed) and kept, so a page view costs
nothing after the first.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from coopsec.kb import KnowledgeBase
from coopsec.kb.paths import default_data_dir
from coopsec.strategy.compare import Comparison, compare
from coopsec.strategy.plots import render
from coopsec.strategy.register import bundled_register
from coopsec.strategy.strategies import load_strategies

#: The examples, in the order the page shows them (east to south).
NAMES = ("east-heavy", "balanced", "south-heavy")
#: The page's simulation: fixed, so its numbers can be reproduced with the CLI.
YEARS, RUNS, SEED = 10, 1000, 7


def examples_dir() -> Path:
    """The example strategies shipped with the package (``examples/strategies/`` of the repository links to them)."""
    return default_data_dir() / "strategies"


@dataclass(frozen=True)
class Shown:
    """The examples' comparison and their figures."""

    comparison: Comparison
    figures: dict[str, dict[str, bytes]]


_LOCK = threading.Lock()
_CACHE: dict[int, tuple[KnowledgeBase, Shown]] = {}


def shown(kb: KnowledgeBase) -> Shown | None:
    """The comparison of the examples (``None`` when the checkout has no examples folder)."""
    folder = examples_dir()
    paths = [folder / f"{n}.yaml" for n in NAMES]
    if not all(p.is_file() for p in paths):
        return None
    with _LOCK:
        held = _CACHE.get(id(kb))
        if held is None or held[0] is not kb:
            register = bundled_register(kb)
            result = compare(
                kb, register, load_strategies(paths, register), years=YEARS, runs=RUNS, seed=SEED, sensitivity=False
            )
            held = _CACHE[id(kb)] = (kb, Shown(result, render(result.per_run)))
        return held[1]
