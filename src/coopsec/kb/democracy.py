"""Reading the V-Dem extracts shipped with the package (CC BY-SA 4.0, attribution kept).

``vdem/vdem.yaml`` lists the extracts in order of preference (v15, 1945-2024, then v14, 1970-2023)
with the indicators each carries; every extract is read into its own :class:`DemocracyDataset`, so
an answer can always say which version and which year it read, and versions are never blended into
one series behind the reader's back.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from coopsec.errors import DataIssue
from coopsec.kb.model import Democracy, DemocracyDataset, DemocracyYear, Source, State
from coopsec.kb.schema import VdemDatasetIn, VdemFile

_SPEC = "vdem/vdem.yaml"


def _number(text: str | None) -> float | None:
    text = (text or "").strip()
    return float(text) if text and text.upper() != "NA" else None


def _existed(state: State, year: int) -> bool:
    """Whether ``state`` existed at some time in ``year``.

    V-Dem codes a predecessor under its successor's id (the USSR as RUS, Czechoslovakia as CZE), so
    the same row can belong to two of our states; each gets only the years in which it existed, and
    a state before its first year has no data rather than its predecessor's values.
    """
    return (state.start is None or state.start.year <= year) and (state.end is None or state.end > dt.date(year, 1, 1))


def _wanted(spec: VdemFile, states: dict[str, State]) -> dict[str, list[State]]:
    """Our states keyed by the V-Dem id that holds their series."""
    wanted: dict[str, list[State]] = {}
    for code, state in states.items():
        wanted.setdefault(spec.codes.get(code, state.alpha3), []).append(state)
    return wanted


def _read_dataset(
    folder: Path, entry: VdemDatasetIn, wanted: dict[str, list[State]], source: Source, issues: list[DataIssue]
) -> DemocracyDataset | None:
    """Read one extract; a declared indicator missing from its header is an issue, not a silent gap."""
    label = f"vdem/{entry.file}"
    series: dict[str, dict[int, DemocracyYear]] = {}
    years: list[int] = []
    indicators = set(entry.indicators)
    try:
        with (folder / entry.file).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = sorted({"country_text_id", "year", *indicators} - set(reader.fieldnames or ()))
            if missing:
                issues.append(DataIssue(label, "", f"lacks the columns {missing} that vdem.yaml declares"))
                return None
            for line, row in enumerate(reader, start=2):
                try:
                    year = int(row["year"])
                    regime = _number(row["v2x_regime"]) if "v2x_regime" in indicators else None
                    entry_year = DemocracyYear(
                        year,
                        _number(row["v2x_polyarchy"]) if "v2x_polyarchy" in indicators else None,
                        _number(row["v2x_libdem"]) if "v2x_libdem" in indicators else None,
                        int(regime) if regime is not None else None,
                    )
                except (KeyError, ValueError, TypeError) as err:
                    issues.append(DataIssue(label, f"line {line}", f"bad row ({err}): check the columns"))
                    continue
                years.append(year)
                for state in wanted.get(row["country_text_id"], ()):
                    if _existed(state, year):
                        series.setdefault(state.code, {})[year] = entry_year
    except OSError as err:
        issues.append(DataIssue(label, "", f"cannot be read ({err})"))
        return None
    if not years:
        issues.append(DataIssue(label, "", "has no rows"))
        return None
    return DemocracyDataset(
        entry.version, tuple(entry.indicators), series, min(years), max(years), source, entry.attribution.strip()
    )


def read_vdem(
    folder: Path,
    spec: VdemFile,
    states: dict[str, State],
    sources: Sequence[Source | None],
    issues: list[DataIssue],
) -> Democracy | None:
    """Read every extract ``spec`` lists (``sources`` resolved in the same order), keyed by our state codes.

    V-Dem ids are ISO alpha-3 codes in most cases; ``spec.codes`` maps the others (Kosovo,
    Palestine, and historic states that V-Dem codes under their successor). States V-Dem lacks get
    no series at all: no data is said, never guessed.
    """
    for code in spec.codes:
        if code not in states:
            issues.append(DataIssue(_SPEC, f"codes.{code}", "unknown state code: fix or remove it"))
    versions = [d.version for d in spec.datasets]
    for version in sorted({v for v in versions if versions.count(v) > 1}):
        issues.append(DataIssue(_SPEC, "datasets", f"version {version} is listed twice"))
    if not spec.datasets:
        issues.append(DataIssue(_SPEC, "datasets", "lists no dataset: add at least one V-Dem extract"))
        return None
    wanted = _wanted(spec, states)
    datasets = []
    for entry, source in zip(spec.datasets, sources, strict=True):
        if source is None:
            continue
        dataset = _read_dataset(folder, entry, wanted, source, issues)
        if dataset is not None:
            datasets.append(dataset)
    if len(datasets) != len(spec.datasets):
        return None
    return Democracy(tuple(datasets))
