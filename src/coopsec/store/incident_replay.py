"""Replaying the ``incident.*`` audit entries into the coordination tables, and comparing them.

Every coordination write records the resulting fields of each row it touched (see
:mod:`coopsec.response.coordination_store`); the last fields the log gives for a row must be the
row's fields today, and every row must have been written by an entry, so a direct edit (an offer
turned accepted, a step deleted from the timeline) shows in ``coopsec audit verify``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from coopsec.store.audit_replay import Finding, read_all
from coopsec.store.incident_models import TABLES
from coopsec.store.models import AuditEntry


def _normal(value: Any) -> Any:
    """Booleans come back from some drivers as 0/1: compare them as integers, everything else as is."""
    return int(value) if isinstance(value, bool) else value


def _replay(entries: Sequence[AuditEntry]) -> tuple[dict[tuple[str, int], tuple[int, dict[str, Any]]], list[Finding]]:
    rows: dict[tuple[str, int], tuple[int, dict[str, Any]]] = {}
    findings: list[Finding] = []
    for entry in entries:
        if not entry.action.startswith("incident."):
            continue
        try:
            detail = json.loads(entry.detail or "{}")
            written = detail["rows"]
            for row in written:
                table, values = str(row["table"]), dict(row["fields"])
                rows[(table, int(values["id"]))] = (entry.id, values)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError):
            findings.append(Finding(f"entry {entry.id}", "its detail does not list the rows it wrote: damaged"))
    return rows, findings


def check_incidents(session: Session, entries: Sequence[AuditEntry]) -> list[Finding]:
    """Compare the coordination tables with what the log implies; one finding per difference."""
    expected, findings = _replay(entries)
    for table, model in TABLES.items():
        stored = read_all(session, f"{table} table", select(model).order_by(model.id))  # type: ignore[attr-defined]
        for row in stored:
            values = {c.key: getattr(row, c.key) for c in inspect(row).mapper.column_attrs}
            known = expected.pop((table, values["id"]), None)
            if known is None:
                findings.append(Finding("", f"{table} row {values['id']} is not in the log (a direct insert)"))
                continue
            entry, logged = known
            changed = sorted(k for k in values if _normal(values[k]) != _normal(logged.get(k)))
            if changed:
                findings.append(
                    Finding("", f"{table} row {values['id']} differs from entry {entry} in {', '.join(changed)}")
                )
    for (table, row_id), (entry, _) in sorted(expected.items()):
        findings.append(Finding("", f"{table} row {row_id} was written by entry {entry} but is missing (a delete)"))
    return findings
