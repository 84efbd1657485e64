"""TAXII 2.1 collection paging over the records a reader may see, free of HTTP.

Why its own paging: TAXII counts *objects* (``limit``), coopsec lists *records*, and one record is
several STIX objects (its originator's identity, its entities, its report). A page may therefore
stop inside a record; the ``next`` token remembers the record list's cursor where the current batch
began and how many objects of that batch were already sent. The token is opaque to clients, and
``next`` is sent whenever ``more`` is true (``taxii2client``'s ``as_pages`` follows only ``next``).

Every record comes from ``list_visible`` (the one access decision, audited there); nothing here
reads the store itself. The collection is "everything the reader may see", oldest added first
(TAXII 2.1 §3.3), each object's ``date_added`` being its record's ``changed_at`` (when it was shared,
or retracted; microseconds, as TAXII asks). The five TLP 2.0 marking definitions and the extension
definition come first, dated by their own ``created``. An authority's identity object is repeated
with each of its records (the same id and version each time): a stateless server cannot know what a
client already holds.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coopsec.errors import InputError
from coopsec.exchange.stix import NAMESPACE, Markings, authority_identity, record_objects

MEDIA_TYPE = "application/taxii+json;version=2.1"
STIX_MEDIA_TYPE = "application/stix+json;version=2.1"
#: The one collection: every record the reader may see (a deterministic id, the same on every server).
COLLECTION_ID = str(uuid.uuid5(NAMESPACE, "taxii:collection:records"))
_BATCH = 500


class TaxiiParameterError(InputError):
    """A malformed TAXII query parameter (TAXII 2.1 §3.4: the server answers 400)."""


@dataclass(frozen=True, slots=True)
class Batch:
    """One batch of the reader's records, oldest first: their JSON (``record_dict``) and the next cursor."""

    records: Sequence[Mapping[str, Any]]
    next_cursor: str | None


#: ``fetch(added_after, cursor, limit)``: the next batch of records the reader may see.
Fetch = Callable[[str | None, str | None, int], Batch]


@dataclass(frozen=True, slots=True)
class Envelope:
    """A page of objects: ``more``/``next`` as TAXII's envelope has them, with the dates for the headers."""

    objects: list[dict[str, Any]]
    more: bool
    next: str | None
    first_added: str | None
    last_added: str | None

    def body(self) -> dict[str, Any]:
        """The envelope resource (no ``objects`` key when empty, as TAXII 2.1 §3.7 shows it)."""
        found: dict[str, Any] = {"more": self.more}
        if self.next is not None:
            found["next"] = self.next
        if self.objects:
            found["objects"] = self.objects
        return found


def taxii_time(value: str) -> str:
    """A TAXII timestamp (UTC, microseconds, ``Z``) from any ISO 8601 text."""
    when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    when = when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_added_after(value: str | None) -> str | None:
    """The ``added_after`` parameter as a TAXII timestamp, or a 400 naming the accepted form."""
    if value is None:
        return None
    try:
        return taxii_time(value)
    except ValueError as err:
        raise TaxiiParameterError(
            f"added_after {value[:40]!r} is not a timestamp: use RFC 3339 UTC, e.g. 2026-11-28T10:11:12.123456Z"
        ) from err


def _token(added_after: str | None, cursor: str | None, skip: int) -> str:
    raw = json.dumps({"a": added_after, "c": cursor, "s": skip}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _untoken(token: str) -> tuple[str | None, str | None, int]:
    try:
        found = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        added, cursor, skip = found["a"], found["c"], int(found["s"])
    except (ValueError, KeyError, TypeError, binascii.Error) as err:
        raise TaxiiParameterError("next is not a token this server gave: repeat the request without it") from err
    if skip < 0 or not all(v is None or isinstance(v, str) for v in (added, cursor)):
        raise TaxiiParameterError("next is not a token this server gave: repeat the request without it")
    return added, cursor, skip


def _stream(records: Iterable[Mapping[str, Any]], markings: Markings, prefix: bool) -> list[tuple[str, dict[str, Any]]]:
    """``(date_added, object)`` of a batch, in the collection's order."""
    found: list[tuple[str, dict[str, Any]]] = []
    if prefix:
        found.extend((taxii_time(o["created"]), o) for o in markings.objects())
    for record in records:
        added = taxii_time(str(record["changed_at"]))
        found.append((added, authority_identity(str(record["originator"]["authority"]))))
        found.extend((added, o) for o in record_objects(record, markings))
    return found


def objects_page(
    fetch: Fetch,
    markings: Markings,
    *,
    limit: int,
    added_after: str | None = None,
    next_token: str | None = None,
    types: frozenset[str] = frozenset(),
    ids: frozenset[str] = frozenset(),
) -> Envelope:
    """One page of the collection's objects, at most ``limit``, filtered by ``match[type]``/``match[id]``.

    Args:
        fetch: the reader's records (``list_visible`` oldest first, through ``record_dict``).
        markings: the TLP 2.0 definitions from the data.
        limit: the most objects to return.
        added_after: only objects added after this TAXII timestamp.
        next_token: the ``next`` of the previous page (it carries ``added_after`` itself).
        types: ``match[type]`` values (empty: every type).
        ids: ``match[id]`` values (empty: every object).

    Raises:
        TaxiiParameterError: a ``next`` this server did not give.

    """
    cursor, skip = None, 0
    if next_token:
        added_after, cursor, skip = _untoken(next_token)
    prefix_date = taxii_time(markings.objects()[0]["created"])
    taken: list[tuple[str, dict[str, Any]]] = []
    while True:
        # Every record gives two objects at least (identity, report): fetch no more records than a page can use.
        size = _BATCH if types or ids else min(_BATCH, (skip + limit - len(taken)) // 2 + 1)
        batch = fetch(added_after, cursor, size)
        prefix = cursor is None and (added_after is None or added_after < prefix_date)
        stream = [
            (added, obj)
            for added, obj in _stream(batch.records, markings, prefix)
            if (not types or obj["type"] in types) and (not ids or obj["id"] in ids)
        ]
        rest = stream[skip:]
        room = limit - len(taken)
        if len(rest) > room:
            taken.extend(rest[:room])
            return _envelope(taken, _token(added_after, cursor, skip + room))
        taken.extend(rest)
        if batch.next_cursor is None:
            return _envelope(taken, None)
        cursor, skip = batch.next_cursor, 0
        if len(taken) == limit:
            return _envelope(taken, _token(added_after, cursor, 0))


def _envelope(taken: list[tuple[str, dict[str, Any]]], token: str | None) -> Envelope:
    return Envelope(
        objects=[o for _, o in taken],
        more=token is not None,
        next=token,
        first_added=taken[0][0] if taken else None,
        last_added=taken[-1][0] if taken else None,
    )
