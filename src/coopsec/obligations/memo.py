"""The one owner of an assessor's caches: every table named, counted, and bounded by one limit.

An :class:`~coopsec.obligations.assess.Assessor` keeps many look-up tables (cells, answers,
decisions, wordings, parts, ...). They are plain dicts and sets, for speed, but each is created
through a :class:`Memo`, which knows them by name, reports their sizes (``make bench`` prints them)
and enforces one limit on the tables that grow with the variety of the events assessed. Tables
bounded by the data (one entry per epoch, state, clause, ...) are counted but never dropped.

When the growing tables together pass the limit, the assessor drops them *all at once*, at the
start of an event: its state is then that of a new assessor that kept only what the data fixes, so
no number or identity from before can be mistaken for one from after.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Table:
    """A named table of the memo: what it holds, and whether it grows with the events or with the data."""

    name: str
    holds: str
    grows: bool
    store: Any  # a dict or a set


class Memo:
    """Named tables with one size limit on those that grow with the events."""

    #: Entries of the growing tables, all together, before they are dropped.
    DEFAULT_LIMIT = 2_000_000

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        """A memo whose growing tables hold at most ``limit`` entries together."""
        if limit < 1:
            raise ValueError("the memo limit must be at least 1")
        self.limit = limit
        self._tables: dict[str, Table] = {}
        self._growing: list[Any] = []
        self.drops = 0

    def table(self, name: str, holds: str, *, grows: bool = True) -> dict[Any, Any]:
        """A new dict registered as ``name`` (``holds`` says what it maps, for reports)."""
        store: dict[Any, Any] = {}
        self._register(Table(name, holds, grows, store))
        return store

    def set(self, name: str, holds: str) -> set[Any]:
        """A new growing set registered as ``name``."""
        store: set[Any] = set()
        self._register(Table(name, holds, True, store))
        return store

    def adopt(self, name: str, holds: str, store: dict[Any, Any], *, grows: bool = False) -> None:
        """Register a table made elsewhere (the epoch index's, the facts'), counted in the reports."""
        self._register(Table(name, holds, grows, store))

    def _register(self, table: Table) -> None:
        if table.name in self._tables:
            raise ValueError(f"memo table {table.name!r} is registered twice")
        self._tables[table.name] = table
        if table.grows:
            self._growing.append(table.store)

    def size(self) -> int:
        """Entries in the growing tables, together: what the limit applies to."""
        return sum(map(len, self._growing))

    def full(self) -> bool:
        """Whether the growing tables have passed the limit."""
        return self.size() > self.limit

    def drop(self) -> None:
        """Empty every growing table at once (the caller rebuilds what depends on them)."""
        for store in self._growing:
            store.clear()
        self.drops += 1

    def __iter__(self) -> Iterator[Table]:
        return iter(self._tables.values())

    def report(self) -> dict[str, Any]:
        """Sizes by table, the total of the growing ones, the limit and how often it was reached."""
        return {
            "limit": self.limit,
            "growing": self.size(),
            "drops": self.drops,
            "tables": {t.name: {"entries": len(t.store), "grows": t.grows, "holds": t.holds} for t in self},
        }
