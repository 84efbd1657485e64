"""Every state's place on a date as rows of a table: the keyboard and screen-reader view of the map.

The map answers "where is X?" by sight; a list answers it by reading, sorting and exporting (issue 10).
The rows come from :func:`coopsec.rings.classify`, so the list, the map and the API never disagree,
and the category words are the atlas's own (:data:`coopsec.rings.atlas.CATEGORIES`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from coopsec.architecture.codes import resolve_organisation
from coopsec.architecture.queries import members
from coopsec.errors import InputError
from coopsec.kb.model import KnowledgeBase
from coopsec.rings.atlas import CATEGORIES
from coopsec.rings.classify import classify, criterion_summary
from coopsec.rings.criterion import Reading
from coopsec.rings.model import Placement

CATEGORY_WORDS = dict(CATEGORIES)
_CATEGORY_ORDER = {key: index for index, (key, _) in enumerate(CATEGORIES)}


def criterion_words(read: Reading | None) -> str:
    """The criterion's reading in words: ``met (V-Dem v15, 2023: 2)``, ``not met (...)`` or the no-data note."""
    if read is None:
        return "not read"
    if read.met is None:
        return read.describe()
    return f"{'met' if read.met else 'not met'} ({read.describe()})"


@dataclass(frozen=True, slots=True)
class Row:
    """One state's line of the list: what the map shows for it, in words."""

    state: str
    name: str
    alpha3: str
    category: str
    category_label: str
    ring1: bool
    guarantees: tuple[str, ...]
    core_organisations: tuple[str, ...]
    criterion: str
    criterion_value: float | None
    no_data: bool

    @classmethod
    def of(cls, kb: KnowledgeBase, placement: Placement) -> Row:
        """The row of one placement."""
        read = placement.criterion
        return cls(
            placement.state,
            placement.name,
            kb.states[placement.state].alpha3,
            placement.category,
            CATEGORY_WORDS.get(placement.category, placement.category),
            placement.in_ring1,
            tuple(g.citation for g in placement.guarantees),
            placement.core_organisations,
            criterion_words(read),
            read.value if read is not None else None,
            read is None or read.no_data,
        )

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "state": self.state,
            "name": self.name,
            "alpha3": self.alpha3,
            "category": self.category,
            "category_label": self.category_label,
            "ring1": self.ring1,
            "guarantees": list(self.guarantees),
            "core_organisations": list(self.core_organisations),
            "criterion": self.criterion,
            "criterion_value": self.criterion_value,
            "no_data": self.no_data,
        }


#: The columns a list may be sorted by, and each one's key (ties fall back to the name).
SORTS: dict[str, Callable[[Row], tuple[object, ...]]] = {
    "name": lambda r: (r.name.casefold(),),
    "code": lambda r: (r.state,),
    "category": lambda r: (_CATEGORY_ORDER.get(r.category, len(_CATEGORY_ORDER)), r.name.casefold()),
    "ring1": lambda r: (not r.ring1, r.name.casefold()),
    "guarantees": lambda r: (-len(r.guarantees), ", ".join(r.guarantees), r.name.casefold()),
    "core": lambda r: (-len(r.core_organisations), ", ".join(r.core_organisations), r.name.casefold()),
    "criterion": lambda r: (r.criterion_value is None, -(r.criterion_value or 0.0), r.name.casefold()),
}


def sort_rows(rows: list[Row], sort: str = "name", descending: bool = False) -> list[Row]:
    """``rows`` sorted by the column ``sort`` (one of :data:`SORTS`).

    Raises:
        InputError: naming the columns that can be sorted by.

    """
    if sort not in SORTS:
        raise InputError(f"cannot sort by {sort[:40]!r}: use one of {', '.join(SORTS)}")
    return sorted(rows, key=SORTS[sort], reverse=descending)


def list_rows(kb: KnowledgeBase, on: dt.date, organisation: str | None = None) -> list[Row]:
    """Every state existing on ``on`` as a row, by name; only members of ``organisation`` when given.

    Raises:
        InputError: when ``organisation`` is not an organisation of the knowledge base.

    """
    rings = classify(kb, on)
    keep: set[str] | None = None
    if organisation:
        keep = set(members(kb, resolve_organisation(kb, organisation), on))
    rows = [Row.of(kb, p) for p in rings.placements if keep is None or p.state in keep]
    return sort_rows(rows)


CSV_COLUMNS = (
    "state",
    "name",
    "alpha3",
    "category",
    "category_label",
    "ring1",
    "guarantees",
    "core_organisations",
    "criterion",
    "criterion_value",
)


def rows_csv(kb: KnowledgeBase, on: dt.date, rows: list[Row]) -> str:
    """The rows as CSV: comment lines with the date, the criterion and the V-Dem attribution, then a header.

    V-Dem's data are CC BY-SA 4.0: whoever shares the criterion's readings must credit V-Dem and name
    the licence, so the file says so itself. Lists inside a cell are separated by ``; ``.
    """
    buffer = io.StringIO()
    buffer.write(f"# coopsec: every state's place in the cooperative security system as of {on.isoformat()}\n")
    buffer.write(f"# Criterion of the core: {criterion_summary(kb, kb.rings.criterion, on)}\n")
    buffer.write(f"# {kb.democracy.attribution}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.state,
                row.name,
                row.alpha3,
                row.category,
                row.category_label,
                "yes" if row.ring1 else "no",
                "; ".join(row.guarantees),
                "; ".join(row.core_organisations),
                row.criterion,
                "" if row.criterion_value is None else f"{row.criterion_value:g}",
            ]
        )
    return buffer.getvalue()
