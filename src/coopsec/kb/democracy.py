"""Reading the V-Dem extract shipped with the package (CC BY-SA 4.0, attribution kept)."""

from __future__ import annotations

import csv
from pathlib import Path

from coopsec.errors import DataIssue
from coopsec.kb.model import Democracy, DemocracyYear, Source, State
from coopsec.kb.schema import VdemFile


def _number(text: str) -> float | None:
    text = text.strip()
    return float(text) if text and text.upper() != "NA" else None


def read_vdem(
    path: Path, spec: VdemFile, states: dict[str, State], source: Source, issues: list[DataIssue]
) -> Democracy | None:
    """Read the CSV and key its rows by our state codes.

    V-Dem ids are ISO alpha-3 codes in most cases; ``spec.codes`` maps the others (Kosovo,
    Palestine, and historic states that V-Dem codes under their successor).
    """
    label = f"vdem/{spec.file}"
    wanted: dict[str, list[str]] = {}
    for code, state in states.items():
        wanted.setdefault(spec.codes.get(code, state.alpha3), []).append(code)
    for code in spec.codes:
        if code not in states:
            issues.append(DataIssue("vdem/vdem.yaml", f"codes.{code}", "unknown state code: fix or remove it"))
    series: dict[str, dict[int, DemocracyYear]] = {}
    years: list[int] = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                try:
                    year = int(row["year"])
                    regime = _number(row["v2x_regime"])
                    entry = DemocracyYear(
                        year,
                        _number(row["v2x_polyarchy"]),
                        _number(row["v2x_libdem"]),
                        int(regime) if regime is not None else None,
                    )
                except (KeyError, ValueError, TypeError) as err:
                    issues.append(DataIssue(label, f"line {line}", f"bad row ({err}): check the columns"))
                    continue
                years.append(year)
                for our in wanted.get(row["country_text_id"], ()):
                    series.setdefault(our, {})[year] = entry
    except OSError as err:
        issues.append(DataIssue(label, "", f"cannot be read ({err})"))
        return None
    if not years:
        issues.append(DataIssue(label, "", "has no rows"))
        return None
    return Democracy(series, min(years), max(years), source, spec.attribution.strip())
