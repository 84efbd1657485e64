"""The inputs and pages of the exchange library: what a caller gives to share, and what a list returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coopsec.store.exchange_models import Record

#: The kinds of entity a record may carry.
ENTITY_KINDS = ("person", "organisation", "bank-account", "phone", "travel-document", "vehicle", "indicator")


@dataclass(frozen=True, slots=True)
class Entity:
    """A structured entity of a record: a person, a bank account, an indicator, ..."""

    kind: str
    value: str
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RecordIn:
    """A record to share: its text, entities, distribution and markings (fixed once shared).

    Attributes:
        scope: ``authority`` (the originating authority only), ``authorities`` (the named
            ``STATE/agency`` list in ``authorities``), ``ring`` (the ring named in ``ring``, resolved on
            the day of each access) or ``members`` (every member authority).
        handling: ``H0`` to ``H3``; ``H3`` needs ``handling_note``.
        tlp: ``CLEAR``, ``GREEN``, ``AMBER``, ``AMBER+STRICT`` or ``RED`` (RED: scope ``authority`` or
            ``authorities`` only).
        evaluation: source reliability and information accuracy, ``A1`` to ``X4``.

    """

    title: str
    body: str
    scope: str
    handling: str
    tlp: str
    evaluation: str
    entities: tuple[Entity, ...] = ()
    authorities: tuple[str, ...] = ()
    ring: str | None = None
    handling_note: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the records a reader may see.

    Attributes:
        items: the records, every one allowed by :func:`coopsec.exchange.access.decide`.
        total: how many records match the query for this reader (all pages).
        next_cursor: in oldest-first order, the opaque cursor of the next page (``None`` on the last
            page, and always in newest-first order, which pages by offset).
        exact: ``False`` when more records match than ``records.COUNT_LIMIT`` (1,000): ``total``
            is then that limit, and the reader should narrow the search or page by cursor.

    """

    items: tuple[Record, ...]
    total: int
    next_cursor: str | None = None
    exact: bool = True
