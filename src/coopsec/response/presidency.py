"""The rotating Council presidency on a date (``data/council/presidencies.yaml``).

The IPCR is activated, and its mode decided, by the Council presidency (Council Implementing Decision
(EU) 2018/1993), so the coordination needs to know which Member State holds the presidency on the day of
a decision. The order is dated, sourced data, checked here against the knowledge base: every term names
a state that is an EU member on every day of it, terms never overlap and leave no gap between them. A day
outside the file has no known presidency, and the answer says so instead of guessing.

Unlike membership spells, a term's ``start`` and ``end`` are both inclusive days (1 January - 30 June,
1 July - 31 December), as the Council's decisions state them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from coopsec.errors import DataError, DataIssue
from coopsec.kb import KnowledgeBase
from coopsec.kb.files import once_per_kb, read_model
from coopsec.kb.paths import default_data_dir
from coopsec.kb.schema import Strict

#: The side folder of the data directory, and the file in it.
FOLDER = "council"
FILE = "presidencies.yaml"
#: The organisation whose members may hold the presidency.
EU = "EU"


class Presidency(Strict):
    """One term of the presidency: the state, its first and last day (both inclusive), the source."""

    state: str
    start: dt.date
    end: dt.date
    source: str
    #: A published list the term was compared with (a key of sources.yaml), where the decision was not read.
    checked_against: str | None = None

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the term (both ends included)."""
        return self.start <= day <= self.end


class PresidenciesFile(Strict):
    """``council/presidencies.yaml``."""

    terms: tuple[Presidency, ...]


def _member_throughout(kb: KnowledgeBase, state: str, start: dt.date, end: dt.date) -> bool:
    """Whether ``state`` is an EU member on every day from ``start`` to ``end`` (one spell covering them)."""
    return any(
        s.organisation == EU and s.status == "member" and s.holds_on(start) and (s.end is None or s.end > end)
        for s in kb.spells_by_state.get(state, ())
    )


def _check(kb: KnowledgeBase, label: str, data: PresidenciesFile) -> list[DataIssue]:
    issues: list[DataIssue] = []
    for i, term in enumerate(data.terms):
        key = f"terms[{i}] ({term.state})"
        if term.state not in kb.states:
            issues.append(DataIssue(label, f"{key}.state", f"unknown state {term.state!r}: use a code of states.yaml"))
        elif not _member_throughout(kb, term.state, term.start, term.end):
            issues.append(
                DataIssue(
                    label,
                    f"{key}.state",
                    f"{term.state} is not an EU member on every day from {term.start} to {term.end} "
                    "(memberships/eu.yaml): only a Member State holds the presidency",
                )
            )
        for field in ("source", "checked_against"):
            ref = getattr(term, field)
            if ref is not None and ref not in kb.sources:
                issues.append(DataIssue(label, f"{key}.{field}", f"unknown source {ref!r}: add it to sources.yaml"))
        if term.end < term.start:
            issues.append(
                DataIssue(label, f"{key}.end", f"ends {term.end} before it starts {term.start}: fix the dates")
            )
        if i == 0:
            continue
        before = data.terms[i - 1]
        if term.start <= before.end:
            issues.append(
                DataIssue(
                    label,
                    f"{key}.start",
                    f"starts {term.start}, on or before the end of terms[{i - 1}] ({before.state}, {before.end}): "
                    "terms may not overlap; list them in order",
                )
            )
        elif term.start != before.end + dt.timedelta(days=1):
            issues.append(
                DataIssue(
                    label,
                    f"{key}.start",
                    f"starts {term.start}, but terms[{i - 1}] ({before.state}) ends {before.end}: "
                    f"the days between have no presidency; start it {before.end + dt.timedelta(days=1)}",
                )
            )
    return issues


def load_presidencies(kb: KnowledgeBase, root: Path | None = None) -> tuple[Presidency, ...]:
    """Every term of ``council/presidencies.yaml``, checked, in order.

    Raises:
        DataError: every problem at once, each naming the file and the key.

    """
    label = f"{FOLDER}/{FILE}"
    path = (root or default_data_dir()) / FOLDER / FILE
    if not path.is_file():
        raise DataError([DataIssue(label, "", f"the file is missing: put the presidency's terms in {path}")])
    issues: list[DataIssue] = []
    data = read_model(path, label, PresidenciesFile, issues)
    if data is not None:
        issues.extend(_check(kb, label, data))
    if issues or data is None:
        raise DataError(issues)
    return data.terms


_CACHE: dict[str, tuple[Presidency, ...]] = {}


def bundled_presidencies(kb: KnowledgeBase) -> tuple[Presidency, ...]:
    """The bundled terms for ``kb``, read once per knowledge base."""
    return once_per_kb(_CACHE, kb, load_presidencies)


def presidency_on(kb: KnowledgeBase, day: dt.date) -> Presidency | None:
    """The term covering ``day``, or ``None`` when the data does not reach that day."""
    return next((t for t in bundled_presidencies(kb) if t.covers(day)), None)


def presidencies_between(kb: KnowledgeBase, first: dt.date, last: dt.date) -> list[Presidency]:
    """The terms touching any day from ``first`` to ``last`` (both included), in order."""
    return [t for t in bundled_presidencies(kb) if t.start <= last and first <= t.end]


def covered_range(kb: KnowledgeBase) -> tuple[dt.date, dt.date]:
    """The first and last day the data covers."""
    terms = bundled_presidencies(kb)
    return terms[0].start, terms[-1].end


def state_name(kb: KnowledgeBase, code: str) -> str:
    """A state's name in the knowledge base (the code when unknown)."""
    state = kb.states.get(code)
    return state.name if state is not None else code


def presidency_report(kb: KnowledgeBase, day: dt.date) -> dict[str, Any]:
    """Who holds the Council presidency on ``day``, with the term and its source; a ``note`` when unknown."""
    term = presidency_on(kb, day)
    if term is None:
        first, last = covered_range(kb)
        return {
            "on": day.isoformat(),
            "state": None,
            "state_name": None,
            "start": None,
            "end": None,
            "source": None,
            "checked_against": None,
            "note": (
                f"coopsec has no data on the Council presidency on {day.isoformat()}: its data covers "
                f"{first.isoformat()} to {last.isoformat()} ({FOLDER}/{FILE})"
            ),
        }
    return {
        "on": day.isoformat(),
        "state": term.state,
        "state_name": state_name(kb, term.state),
        "start": term.start.isoformat(),
        "end": term.end.isoformat(),
        "source": kb.sources[term.source].to_dict(),
        "checked_against": kb.sources[term.checked_against].to_dict() if term.checked_against else None,
        "note": None,
    }
