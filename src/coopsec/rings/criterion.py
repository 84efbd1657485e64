"""The value criterion of the core, and reading V-Dem "as of" a date.

The paper puts only liberal democracies at the core. coopsec measures that with V-Dem, by default
Regimes of the World >= 2; the criterion is data (``rings.yaml``) and can be overridden per query,
e.g. ``libdem>=0.5``. A date uses the last full calendar year before it (the latest data that could
have been known then), capped at the last year of the extract; no data is "no data", never a guess.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

from coopsec.errors import InputError
from coopsec.kb.model import Criterion, DemocracyYear, KnowledgeBase

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}
_INDICATORS = {
    "regime": "v2x_regime",
    "v2x_regime": "v2x_regime",
    "libdem": "v2x_libdem",
    "v2x_libdem": "v2x_libdem",
    "polyarchy": "v2x_polyarchy",
    "v2x_polyarchy": "v2x_polyarchy",
}
_LABELS = {
    "v2x_regime": "Regimes of the World",
    "v2x_libdem": "Liberal Democracy Index",
    "v2x_polyarchy": "Electoral Democracy Index",
}
_PATTERN = re.compile(r"^\s*([a-z_0-9]+)\s*(>=|<=|==|>|<)\s*([0-9]*\.?[0-9]+)\s*$")


def parse_criterion(text: str) -> Criterion:
    """Parse ``INDICATOR OP VALUE`` such as ``regime>=2`` or ``libdem>=0.5``.

    Raises:
        InputError: naming the accepted indicators and operators.

    """
    match = _PATTERN.match(text.lower())
    if not match or match.group(1) not in _INDICATORS:
        raise InputError(
            f"criterion {text!r} is not understood: write INDICATOR OP VALUE with INDICATOR one of "
            "regime (0-3), libdem (0-1), polyarchy (0-1) and OP one of >=, >, <=, <, ==; e.g. regime>=2"
        )
    indicator = _INDICATORS[match.group(1)]
    value = float(match.group(3))
    label = f"V-Dem {_LABELS[indicator]} {match.group(2)} {match.group(3)}"
    return Criterion(indicator, match.group(2), value, f"{label} (given on the command line)")


@dataclass(frozen=True, slots=True)
class Reading:
    """The indicator value used for one state on one date."""

    year: int | None
    value: float | None
    met: bool | None  # None: no data

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "year": self.year,
            "value": self.value,
            "met": self.met,
            "note": None if self.met is not None else "no data in V-Dem v14 for this state and date",
        }


def data_year(kb: KnowledgeBase, on: dt.date) -> int | None:
    """The latest V-Dem year available on ``on``, or ``None`` before the data begins."""
    year = min(on.year - 1, kb.democracy.last_year)
    return year if year >= kb.democracy.first_year else None


def _value(entry: DemocracyYear, indicator: str) -> float | None:
    if indicator == "v2x_regime":
        return None if entry.regime is None else float(entry.regime)
    return entry.libdem if indicator == "v2x_libdem" else entry.polyarchy


def reading(kb: KnowledgeBase, state: str, on: dt.date, criterion: Criterion) -> Reading:
    """Read ``criterion``'s indicator for ``state`` in the latest year available on ``on``."""
    cutoff = data_year(kb, on)
    series = kb.democracy.series.get(state, {})
    if cutoff is None or not series:
        return Reading(None, None, None)
    years = [y for y in series if y <= cutoff]
    if not years:
        return Reading(None, None, None)
    year = max(years)
    value = _value(series[year], criterion.indicator)
    if value is None:
        return Reading(year, None, None)
    return Reading(year, value, _OPS[criterion.op](value, criterion.value))
