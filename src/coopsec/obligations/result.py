"""Results of an assessment: per mechanism a status, reasons, obligated parties, procedure, citation and trace."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from coopsec.kb.model import Clause, Source, cite
from coopsec.obligations.event import Event
from coopsec.obligations.summary import summarise

Status = Literal["applies", "may_apply", "does_not_apply"]


@dataclass(frozen=True, slots=True, eq=False)
class TraceEntry:
    """One fact used, or one rule applied, with its date and source.

    Entries are shared between events and compared by identity (``eq=False``), which keeps
    building a trace cheap.
    """

    kind: Literal["fact", "rule"]
    text: str
    date: dt.date | None
    source: Source | None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "kind": self.kind,
            "text": self.text,
            "date": self.date.isoformat() if self.date else None,
            "source": cite(self.source),
        }


@dataclass(frozen=True, slots=True)
class Obligation:
    """A party bound by a mechanism, the nature of its duty, and its caveats."""

    party: str
    duty: str
    caveats: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"party": self.party, "duty": self.duty, "caveats": list(self.caveats)}


@dataclass(frozen=True, slots=True)
class MechanismResult:
    """The answer for one mechanism."""

    id: str
    title: str
    status: Status
    reasons: tuple[str, ...]
    rules: tuple[str, ...]
    obligated: tuple[Obligation, ...]
    caveats: tuple[str, ...]
    procedure: str
    clause: Clause | None
    source: Source
    trace: tuple[TraceEntry, ...]
    _json: list[str] = field(default_factory=list, compare=False, repr=False)

    def to_json(self) -> str:
        """The JSON text of :meth:`to_dict`, computed once: results are shared between events."""
        if not self._json:
            self._json.append(json.dumps(self.to_dict(), ensure_ascii=False))
        return self._json[0]

    def summary_dict(self) -> dict[str, Any]:
        """The compact form a batch writes by default: what a table of answers needs, by codes and ids.

        The texts that are the same for every event (clause, duties, procedure, sources) are left
        out; ``clause`` is the id of the clause cited (``None`` when the mechanism cites none).
        """
        return {
            "id": self.id,
            "status": self.status,
            "reasons": list(self.reasons),
            "rules": list(self.rules),
            "parties": [o.party for o in self.obligated],
            "clause": self.clause.id if self.clause else None,
        }

    def citation_dict(self) -> dict[str, Any]:
        """The ``citation`` of :meth:`to_dict`: the clause cited, verbatim, or the mechanism's source."""
        clause = self.clause
        return {
            "title": clause.citation if clause else self.title,
            "href": (clause.source.href if clause else self.source.href),
            "reference": (clause.source.reference if clause else self.source.reference),
            "text": clause.text if clause else None,
            "in_force": (
                {"start": clause.start.isoformat(), "end": clause.end.isoformat() if clause.end else None}
                if clause
                else None
            ),
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``DESIGN.md``)."""
        citation = self.citation_dict()
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "reasons": list(self.reasons),
            "rules": list(self.rules),
            "obligated": [o.to_dict() for o in self.obligated],
            "caveats": list(self.caveats),
            "procedure": self.procedure,
            "citation": citation,
            "trace": [t.to_dict() for t in self.trace],
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    """Every mechanism's answer for one event."""

    event: Event
    mechanisms: tuple[MechanismResult, ...]

    def mechanism(self, mechanism_id: str) -> MechanismResult:
        """The result for ``mechanism_id``."""
        return next(m for m in self.mechanisms if m.id == mechanism_id)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``DESIGN.md``), with the plain-language ``summary`` of :func:`summarise`."""
        return {
            "event": self.event.to_dict(),
            "summary": summarise(self),
            "mechanisms": [m.to_dict() for m in self.mechanisms],
        }

    def to_json(self) -> str:
        """The JSON text of :meth:`to_dict`, assembled from each mechanism's cached text."""
        event = json.dumps(self.event.to_dict(), ensure_ascii=False)
        summary = json.dumps(summarise(self), ensure_ascii=False)
        mechanisms = ", ".join(m.to_json() for m in self.mechanisms)
        return '{"event": ' + event + ', "summary": ' + summary + ', "mechanisms": [' + mechanisms + "]}"


# Building shared results fast. A frozen dataclass's ``__init__`` sets each field through
# ``object.__setattr__``; a batch builds tens of thousands of results and assessments, and setting
# the slots through their descriptors costs half as much. The objects are the same (equal, frozen).
_new = object.__new__
(_set_id, _set_title, _set_status, _set_reasons, _set_rules, _set_obligated, _set_caveats, _set_procedure,
 _set_clause, _set_source, _set_trace, _set_json) = (MechanismResult.__dict__[f].__set__ for f in (
    "id", "title", "status", "reasons", "rules", "obligated", "caveats", "procedure", "clause", "source", "trace",
    "_json"))  # fmt: skip
_set_event, _set_mechanisms = Assessment.__dict__["event"].__set__, Assessment.__dict__["mechanisms"].__set__


def new_result(
    id: str,
    title: str,
    status: Status,
    reasons: tuple[str, ...],
    rules: tuple[str, ...],
    obligated: tuple[Obligation, ...],
    caveats: tuple[str, ...],
    procedure: str,
    clause: Clause | None,
    source: Source,
    trace: tuple[TraceEntry, ...],
) -> MechanismResult:
    """``MechanismResult(...)``, built faster (see above)."""
    result = _new(MechanismResult)
    _set_id(result, id)
    _set_title(result, title)
    _set_status(result, status)
    _set_reasons(result, reasons)
    _set_rules(result, rules)
    _set_obligated(result, obligated)
    _set_caveats(result, caveats)
    _set_procedure(result, procedure)
    _set_clause(result, clause)
    _set_source(result, source)
    _set_trace(result, trace)
    _set_json(result, [])
    return result


def new_assessment(event: Event, mechanisms: tuple[MechanismResult, ...]) -> Assessment:
    """``Assessment(event, mechanisms)``, built faster (see above)."""
    assessment = _new(Assessment)
    _set_event(assessment, event)
    _set_mechanisms(assessment, mechanisms)
    return assessment
