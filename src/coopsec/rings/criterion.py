"""The value criterion of the core, and reading V-Dem "as of" a date.

The paper puts only liberal democracies at the core. coopsec measures that with V-Dem, by default
Regimes of the World >= 2; the criterion is data (``rings.yaml``) and can be overridden per query,
e.g. ``libdem>=0.5``. A date uses the last full calendar year before it (the latest data that could
have been known then), capped at the last year of the extract. The default reads V-Dem v15
(1945-2024); the Liberal Democracy Index exists only in v14 (1970-2023). Every reading names the
version and the year it read; no data is "no data", a class of its own, never a guess.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

from coopsec.dates import shown
from coopsec.errors import ConflictError, InputError
from coopsec.kb.model import Criterion, DemocracyDataset, DemocracyYear, KnowledgeBase, Source

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
#: The scale of each indicator (V-Dem codebook): a value outside it could never be met, or always is.
_RANGES = {"v2x_regime": (0.0, 3.0), "v2x_libdem": (0.0, 1.0), "v2x_polyarchy": (0.0, 1.0)}
_PATTERN = re.compile(r"^\s*([a-z_0-9]+)\s*(>=|<=|==|>|<)\s*([0-9]*\.?[0-9]+)\s*$")


def parse_criterion(text: str) -> Criterion:
    """Parse ``INDICATOR OP VALUE`` such as ``regime>=2`` or ``libdem>=0.5``.

    Raises:
        InputError: naming the accepted indicators and operators.

    """
    match = _PATTERN.match(text.lower())
    if not match or match.group(1) not in _INDICATORS:
        raise InputError(
            f"criterion {shown(text)} is not understood: write INDICATOR OP VALUE with INDICATOR one of "
            "regime (0-3), libdem (0-1), polyarchy (0-1) and OP one of >=, >, <=, <, ==; e.g. regime>=2"
        )
    indicator = _INDICATORS[match.group(1)]
    value = float(match.group(3))
    low, high = _RANGES[indicator]
    if not low <= value <= high:  # a value that does not fit its indicator's scale
        raise ConflictError(
            f"criterion {shown(text)}: {match.group(1)} runs from {low:g} to {high:g} (V-Dem {_LABELS[indicator]}); "
            f"give a value in that range, e.g. {match.group(1)}{match.group(2)}{high / 2:g}"
        )
    label = f"V-Dem {_LABELS[indicator]} {match.group(2)} {match.group(3)}"
    return Criterion(indicator, match.group(2), value, f"{label} (given on the command line)")


@dataclass(frozen=True, slots=True)
class Reading:
    """The indicator value used for one state on one date, and the V-Dem version and year it came from.

    ``met`` is ``None`` when there is no data: a class of its own, never folded into "not met".
    """

    dataset: str | None  # "V-Dem v15"
    year: int | None
    value: float | None
    met: bool | None  # None: no data
    note: str | None = None
    source: Source | None = None

    @property
    def no_data(self) -> bool:
        """Whether the criterion could not be read (microstates, states before their first V-Dem year)."""
        return self.met is None

    def describe(self) -> str:
        """``V-Dem v15, 1954: 3``, or why there is no data."""
        if self.met is None:
            return self.note or "no data"
        return f"{self.dataset}, {self.year}: {self.value:g}"

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "dataset": self.dataset,
            "year": self.year,
            "value": self.value,
            "met": self.met,
            "no_data": self.no_data,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class DataYear:
    """The V-Dem extract and year a criterion reads on a date (the last full year before it, capped)."""

    dataset: DemocracyDataset
    year: int

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {"dataset": self.dataset.label, "year": self.year}


def data_year(kb: KnowledgeBase, indicator: str, on: dt.date) -> DataYear | None:
    """The preferred extract carrying ``indicator`` that covers ``on``, and the year it reads then.

    ``None`` when no extract covers the date (e.g. the Liberal Democracy Index, v14 only, before 1971).
    """
    for dataset in kb.democracy.for_indicator(indicator):
        year = min(on.year - 1, dataset.last_year)
        if year >= dataset.first_year:
            return DataYear(dataset, year)
    return None


def _value(entry: DemocracyYear, indicator: str) -> float | None:
    if indicator == "v2x_regime":
        return None if entry.regime is None else float(entry.regime)
    return entry.libdem if indicator == "v2x_libdem" else entry.polyarchy


def coverage(kb: KnowledgeBase, indicator: str) -> str:
    """``V-Dem v15 1945-2024, V-Dem v14 1970-2023``: the extracts carrying ``indicator``, preferred first."""
    found = kb.democracy.for_indicator(indicator)
    return ", ".join(f"{d.label} {d.first_year}-{d.last_year}" for d in found) or "no V-Dem extract"


def reading(kb: KnowledgeBase, state: str, on: dt.date, criterion: Criterion) -> Reading:
    """Read ``criterion``'s indicator for ``state`` in the latest year available on ``on``.

    Each extract carrying the indicator is tried in order of preference (``vdem.yaml``), so v15 is
    read for every year it has a value; the reading names the extract and the year. When none has a
    value for the state up to the last full year before the date, the reading is "no data".
    """
    indicator = criterion.indicator
    for dataset in kb.democracy.for_indicator(indicator):
        cutoff = min(on.year - 1, dataset.last_year)
        series = dataset.series.get(state)
        if cutoff < dataset.first_year or not series:
            continue
        if cutoff in series:
            year = cutoff
        else:
            years = [y for y in series if y <= cutoff]
            if not years:
                continue
            year = max(years)
        value = _value(series[year], indicator)
        if value is None:
            continue
        return Reading(dataset.label, year, value, _OPS[criterion.op](value, criterion.value), source=dataset.source)
    label = _LABELS.get(indicator, indicator)
    carriers = kb.democracy.for_indicator(indicator)
    return Reading(
        None,
        None,
        None,
        None,
        f"no data: V-Dem has no {label} for this state up to {on.year - 1} ({coverage(kb, indicator)})",
        carriers[0].source if carriers else None,
    )
