"""Small shared helpers of the exchange: stored times, finding a record, the one "not visible" answer."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import select

from coopsec.errors import CoopsecError, UnknownCodeError
from coopsec.store.exchange_models import Record

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coopsec.store.db import Store

T = TypeVar("T")


def stamp(moment: dt.datetime) -> str:
    """A time as stored: ISO 8601 UTC with microseconds and ``Z`` (sorts as text)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def now_text() -> str:
    """The current time as stored."""
    return stamp(dt.datetime.now(dt.UTC))


def today() -> dt.date:
    """The day of access (UTC)."""
    return dt.datetime.now(dt.UTC).date()


def not_visible(record_id: str) -> UnknownCodeError:
    """The answer for a record that does not exist or that the reader may not see: the same, on purpose."""
    return UnknownCodeError(
        f"no record {record_id[:40]!r} that you may see: check the id, or ask its originator to release it to you"
    )


def find_record(session: Session, record_id: str) -> Record | None:
    """The stored record with that public id (``None`` for a malformed id too)."""
    try:
        uuid.UUID(record_id)
    except ValueError:
        return None
    return session.scalar(select(Record).where(Record.id == record_id))


def audited(store: Store, action: Callable[[Session], T]) -> T:
    """Run ``action`` in one write session, keeping its audit entries even when it refuses.

    The exchange's functions audit a refusal (404, 410) and then raise; a plain ``store.session()``
    would roll the entry back with the error. Here a :class:`~coopsec.errors.CoopsecError` is
    re-raised only after the commit. Safe because those functions raise before writing anything
    but audit entries. Every caller (API, CLI, TAXII, dashboard) should read and write through it.
    """
    failure: CoopsecError | None = None
    with store.session() as session:
        try:
            return action(session)
        except CoopsecError as err:
            failure = err
    raise failure
