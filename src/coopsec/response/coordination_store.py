"""Loading coordination rows, recording a step, and auditing the rows a transition leaves behind.

Every transition ends in :func:`record`: it flushes (SQLAlchemy then checks and raises each row's
``version``), writes the timeline step, and appends one audit entry whose detail holds every
resulting field of every row the transition touched, so :mod:`coopsec.store.incident_replay` can
rebuild the tables from the log and catch a direct edit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from coopsec.errors import InputError, StaleVersionError, UnknownCodeError
from coopsec.store import audit
from coopsec.store.incident_models import TABLES, Incident, IncidentStep
from coopsec.store.models import Base, User

_Row = TypeVar("_Row", bound=Base)


def now() -> str:
    """The current UTC time as ISO text (seconds)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def moment(text: str | None) -> str:
    """When a step happened: the given ISO date or date-time (replays of past crises), else now.

    Raises:
        InputError: for text that is not ISO 8601.

    """
    if text is None or not text.strip():
        return now()
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError as err:
        raise InputError(f"time {text[:40]!r}: use ISO 8601, e.g. 2015-11-17 or 2015-11-17T10:30:00+01:00") from err
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.isoformat(timespec="seconds")


def get(session: Session, model: type[_Row], row_id: int, what: str) -> _Row:
    """A row by id.

    Raises:
        UnknownCodeError: when there is none (the API answers 404).

    """
    row = session.get(model, row_id)
    if row is None:
        raise UnknownCodeError(f"no {what} {row_id}: `coopsec incident list` shows the incidents")
    return row


def check_version(row: Incident | Any, expected: int | None, what: str) -> None:
    """Refuse a decision taken on a stale copy (optimistic locking: the client sends the version it saw).

    Raises:
        StaleVersionError: when the row changed since.

    """
    if expected is not None and row.version != expected:
        raise StaleVersionError(
            f"{what} changed since you read it (version {expected}, now {row.version}): reload it and decide again"
        )


def fields(row: Base) -> dict[str, Any]:
    """Every column of ``row``, as the audit entry records it."""
    return {column.key: getattr(row, column.key) for column in inspect(row).mapper.column_attrs}


def table_of(row: Base) -> str:
    """The table name of a coordination row."""
    name = str(row.__table__.name)  # type: ignore[attr-defined]
    assert name in TABLES
    return name


def record(
    session: Session, user: User, incident: Incident, action: str, summary: str, at: str, rows: list[Base]
) -> IncidentStep:
    """Write the timeline step and the audit entry of one transition (in the caller's transaction).

    Raises:
        StaleVersionError: when a row was changed by another transaction since it was read.

    """
    step = IncidentStep(
        incident_id=incident.id, at=at, actor=user.username, state=user.authority.state, action=action, summary=summary
    )
    session.add(step)
    try:
        session.flush()
    except StaleDataError as err:
        raise StaleVersionError(
            f"incident {incident.id} changed while {action} was recorded: reload it and retry"
        ) from err
    detail = {"rows": [{"table": table_of(r), "fields": fields(r)} for r in [*rows, step]]}
    audit.append(session, user.username, f"incident.{action}", f"incident/{incident.id}", detail)
    return step
