"""Writing a batch's results: summary JSON Lines (the default), full JSON Lines with definitions, or CSV.

The formats are documented in the README ("Assessing an event"). In short:

- **summary** (``--detail summary``, JSON Lines): one line per row, each mechanism as id, status,
  reasons, rule ids, parties (codes) and clause id.
- **full** (``--detail full``): everything ``assess --json`` shows, without repeating what is the
  same on many lines. A *definition* ``{"define": KIND, "id": ID, "value": ...}`` is written the first
  time its content is met, before the first line that refers to it; lines and other definitions
  refer to it by ``ID``. Kinds: ``answer`` (one mechanism's answer), ``citation``, ``duty``,
  ``trace`` (one trace entry), ``source``. :func:`read_full` resolves them.
- **csv** (``--format csv``): the summary as a table, one row per event and mechanism.

Why it is fast: the answers of the assessor are shared objects from its memo (a varied batch of
100,000 events has about 60,000 distinct answers for its 700,000 mechanism slots). Each answer is
serialized once and its text reused, cached by the object's identity. That is sound because
:class:`~coopsec.obligations.result.MechanismResult` is immutable and the cache keeps a reference to
each object it holds, so its ``id`` cannot be reused by another object while the entry lives. Every
cache keeps what was used recently and holds at most twice :data:`CACHE_LIMIT` entries (see
:class:`_Recent`), so memory stays bounded however long the batch; ids of definitions are never
reused (content forgotten and met again gets a new definition with a new id). Output is collected
and written in chunks of :data:`CHUNK` lines.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TextIO, TypeVar

from coopsec.errors import ConflictError, choose
from coopsec.kb.model import Source
from coopsec.obligations.event import Event
from coopsec.obligations.result import Assessment, MechanismResult, Obligation, TraceEntry

DETAILS = ("summary", "full")
FORMATS = ("jsonl", "csv")
#: The columns of ``--format csv``, in order.
CSV_COLUMNS = (
    "line",
    "kind",
    "scale",
    "victim",
    "by",
    "at",
    "date",
    "mechanism",
    "status",
    "parties",
    "clause",
    "rules",
    "reasons",
    "error",
)
#: How the CSV joins the parties and rule ids (a space) and the reasons (`` | ``) in one cell.
LIST_SEPARATOR = " "
REASON_SEPARATOR = " | "
#: Entries of one generation of a cache (see :class:`_Recent`; about 1 KB an entry at most).
CACHE_LIMIT = 50_000
#: Output lines collected before one write.
CHUNK = 256


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row that cannot be assessed: its line number, what is wrong, and its fields as given."""

    line: int
    message: str
    fields: dict[str, str] = field(default_factory=dict)


class BatchWriter(Protocol):
    """What :func:`~coopsec.obligations.batch.run_batch` writes through."""

    def row(self, line: int, assessment: Assessment) -> None:
        """Write the output of one assessed row."""

    def error(self, bad: BadRow) -> None:
        """Write the output of one bad row."""

    def flush(self) -> None:
        """Write what is collected."""


def writer_for(out: TextIO, detail: str = "summary", output: str = "jsonl") -> BatchWriter:
    """The writer of ``--detail`` and ``--format``.

    Raises:
        InputError: an unknown detail or format.
        ConflictError: ``full`` detail in CSV, which holds the summary only.

    """
    detail = choose(detail, DETAILS, "--detail")
    output = choose(output, FORMATS, "--format")
    if output == "csv":
        if detail == "full":
            raise ConflictError(
                "--format csv writes the summary only (one row per event and mechanism): use --detail summary "
                "with CSV, or --detail full with --format jsonl"
            )
        return CsvWriter(out)
    return FullWriter(out) if detail == "full" else SummaryWriter(out)


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Recent(Generic[K, V]):
    """A bounded map that keeps what was used recently, in two generations.

    New entries go to ``new``; when it holds :data:`CACHE_LIMIT` entries it becomes ``old`` (the
    previous ``old`` is dropped) and a fresh ``new`` starts. An entry found in ``old`` moves back to
    ``new``, so the answers a batch uses all the time stay, at the cost of one more look-up for the
    others, and emptying a cache never throws away its most used entries (as clearing it would).
    Callers look in ``new`` first themselves, on their hot path.
    """

    __slots__ = ("new", "old")

    def __init__(self) -> None:
        self.new: dict[K, V] = {}
        self.old: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        """The value of ``key`` if it was used recently."""
        value = self.new.get(key)
        if value is None:
            value = self.old.pop(key, None)
            if value is not None:
                self.put(key, value)
        return value

    def put(self, key: K, value: V) -> V:
        """Keep ``value`` for ``key``; returns it."""
        if len(self.new) >= CACHE_LIMIT:
            self.old = self.new
            self.new = {}
        self.new[key] = value
        return value


def _error_line(bad: BadRow) -> bytes:
    body = {"line": bad.line, "ok": False, "error": bad.message, "errors": [bad.message], "status": 400}
    return json.dumps(body, ensure_ascii=False).encode() + b"\n"


class _Lines:
    """Collects output lines as UTF-8 and writes them in chunks; caches the event's JSON without its date.

    The lines are built as bytes from cached encoded pieces and written to the binary buffer under
    ``out`` when it has one (a file, stdout), which spares encoding hundreds of megabytes again.
    """

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._raw = getattr(out, "buffer", None)
        self._parts: list[bytes] = []
        # An event's JSON up to its date, by every field of the event but the date: events of a
        # batch share kind, victim, perpetrator and place far more often than their day.
        self._events: _Recent[tuple[str | None, ...], bytes] = _Recent()

    def _add(self, data: bytes) -> None:
        parts = self._parts
        parts.append(data)
        if len(parts) >= CHUNK:
            self._write()

    def _write(self) -> None:
        data = b"".join(self._parts)
        self._parts.clear()
        if self._raw is not None:
            self._out.flush()  # whatever was written as text before comes first
            self._raw.write(data)
        else:
            self._out.write(data.decode())

    def flush(self) -> None:
        """Write the lines collected."""
        if self._parts:
            self._write()
        self._out.flush()
        if self._raw is not None:
            self._raw.flush()

    def error(self, bad: BadRow) -> None:
        """The common error shape, with the line number."""
        self._add(_error_line(bad))

    def _event(self, event: Event) -> bytes:
        """``"event": {...}`` of :meth:`Event.to_dict`."""
        key = (event.kind, event.scale, event.victim, event.by, event.place.code)
        head = self._events.get(key)
        if head is None:
            body = event.to_dict()
            del body["date"]
            text = '"event": ' + json.dumps(body, ensure_ascii=False)[:-1] + ', "date": "'
            head = self._events.put(key, text.encode())
        return head + event.date.isoformat().encode() + b'"}'


class SummaryWriter(_Lines):
    """``--detail summary``: per mechanism its id, status, reasons, rule ids, parties and clause id."""

    def __init__(self, out: TextIO) -> None:
        """Write to ``out``."""
        super().__init__(out)
        self._texts: _Recent[int, tuple[MechanismResult, bytes]] = _Recent()

    def row(self, line: int, assessment: Assessment) -> None:
        """One JSON line: ``{"line": N, "ok": true, "event": {...}, "mechanisms": [...]}``."""
        texts = self._texts
        recent = texts.new
        found = []
        for result in assessment.mechanisms:
            hit = recent.get(id(result)) or texts.get(id(result))
            if hit is None:
                hit = texts.put(id(result), (result, json.dumps(result.summary_dict(), ensure_ascii=False).encode()))
                recent = texts.new
            found.append(hit[1])
        self._add(
            b'{"line": %d, "ok": true, ' % line
            + self._event(assessment.event)
            + b', "mechanisms": ['
            + b", ".join(found)
            + b"]}\n"
        )


class _Table:
    """Ids of the definitions of one kind written so far, by content (bounded; ids never reused)."""

    __slots__ = ("count", "ids", "kind", "prefix")

    def __init__(self, kind: str, prefix: str) -> None:
        self.kind = kind
        self.prefix = prefix
        self.ids: dict[Hashable, str] = {}
        self.count = 0


class FullWriter(_Lines):
    """``--detail full``: every line refers to definitions written once (see the module notes)."""

    def __init__(self, out: TextIO) -> None:
        """Write to ``out``."""
        super().__init__(out)
        self._answers: _Recent[int, tuple[MechanismResult, bytes]] = _Recent()  # by identity: b'"a12"'
        self._entries: _Recent[int, tuple[TraceEntry, str]] = _Recent()  # by identity: 't3'
        self._answer_ids = _Table("answer", "a")
        self._citations = _Table("citation", "c")
        self._duties = _Table("duty", "d")
        self._traces = _Table("trace", "t")
        self._sources = _Table("source", "s")

    def _define(self, table: _Table, key: Hashable, value: Any) -> str:
        """Write the definition of ``value`` under a new id, remembered by ``key`` unless it is ``None``.

        The caller checked that ``key`` is new.
        """
        table.count += 1
        ident = f"{table.prefix}{table.count}"
        if key is not None:
            if len(table.ids) >= CACHE_LIMIT:
                table.ids.clear()
            table.ids[key] = ident
        text = (
            '{"define": "' + table.kind + '", "id": "' + ident + '", "value": ' + json.dumps(value, ensure_ascii=False)
        )
        self._add(text.encode() + b"}\n")
        return ident

    def _source(self, source: Source | None) -> str | None:
        if source is None:
            return None
        found = self._sources.ids.get(source)
        return found if found is not None else self._define(self._sources, source, source.to_dict())

    def _trace(self, entry: TraceEntry) -> str:
        hit = self._entries.get(id(entry))
        if hit is not None:
            return hit[1]
        key = (entry.kind, entry.text, entry.date, entry.source)
        ident = self._traces.ids.get(key)
        if ident is None:
            value = {
                "kind": entry.kind,
                "text": entry.text,
                "date": entry.date.isoformat() if entry.date else None,
                "source": self._source(entry.source),
            }
            ident = self._define(self._traces, key, value)
        self._entries.put(id(entry), (entry, ident))
        return ident

    def _duty(self, obligation: Obligation) -> str:
        key = (obligation.duty, obligation.caveats)
        found = self._duties.ids.get(key)
        if found is not None:
            return found
        return self._define(self._duties, key, {"duty": obligation.duty, "caveats": list(obligation.caveats)})

    def _citation(self, result: MechanismResult) -> str:
        clause = result.clause
        key: Hashable = clause if clause is not None else (result.title, result.source.href, result.source.reference)
        found = self._citations.ids.get(key)
        return found if found is not None else self._define(self._citations, key, result.citation_dict())

    def _answer(self, result: MechanismResult) -> bytes:
        hit = self._answers.get(id(result))
        if hit is not None:
            return hit[1]
        value = {
            "id": result.id,
            "title": result.title,
            "status": result.status,
            "reasons": list(result.reasons),
            "rules": list(result.rules),
            "obligated": [[o.party, self._duty(o)] for o in result.obligated],
            "caveats": list(result.caveats),
            "procedure": result.procedure,
            "citation": self._citation(result),
            "trace": [self._trace(entry) for entry in result.trace],
        }
        ident = b'"' + self._define(self._answer_ids, None, value).encode() + b'"'
        self._answers.put(id(result), (result, ident))
        return ident

    def row(self, line: int, assessment: Assessment) -> None:
        """One JSON line: ``{"line": N, "ok": true, "event": {...}, "mechanisms": ["a1", ...]}``."""
        refs = b", ".join([self._answer(result) for result in assessment.mechanisms])
        self._add(
            b'{"line": %d, "ok": true, ' % line + self._event(assessment.event) + b', "mechanisms": [' + refs + b"]}\n"
        )


def _cell(text: str) -> str:
    """A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break."""
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _inert(text: str) -> str:
    """A value given by the user, made inert for spreadsheets (``=``, ``+``, ``-`` or ``@`` starts a formula)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class CsvWriter(_Lines):
    """``--format csv``: the summary, one row per event and mechanism, under a header (see :data:`CSV_COLUMNS`)."""

    def __init__(self, out: TextIO) -> None:
        """Write to ``out``, starting with the header."""
        super().__init__(out)
        self._tails: _Recent[int, tuple[MechanismResult, bytes]] = _Recent()
        self._heads: _Recent[tuple[str | None, ...], bytes] = _Recent()
        self._add((",".join(CSV_COLUMNS) + "\r\n").encode())

    def row(self, line: int, assessment: Assessment) -> None:
        """One row per mechanism: the event's columns, then the mechanism's."""
        event = assessment.event
        key = (event.kind, event.scale, event.victim, event.by, event.place.code)
        head = self._heads.get(key)
        if head is None:
            given = (event.kind, event.scale or "", event.victim, event.by or "", event.place.code)
            head = self._heads.put(key, ("," + ",".join(_cell(f) for f in given) + ",").encode())
        head = b"%d" % line + head + event.date.isoformat().encode()
        tails = self._tails
        rows = []
        for result in assessment.mechanisms:
            hit = tails.new.get(id(result)) or tails.get(id(result))
            if hit is None:
                fields = (
                    result.id,
                    result.status,
                    LIST_SEPARATOR.join(o.party for o in result.obligated),
                    result.clause.id if result.clause else "",
                    LIST_SEPARATOR.join(result.rules),
                    REASON_SEPARATOR.join(result.reasons),
                    "",
                )
                hit = tails.put(id(result), (result, ("," + ",".join(_cell(f) for f in fields) + "\r\n").encode()))
            rows.append(head + hit[1])
        self._add(b"".join(rows))

    def error(self, bad: BadRow) -> None:
        """One row: the fields as given, status ``error`` and the message in ``error``."""
        given = bad.fields
        fields = [str(bad.line)]
        fields += [_cell(_inert(given.get(c, ""))) for c in ("kind", "scale", "victim", "by", "at", "date")]
        fields += ["", "error", "", "", "", "", _cell(bad.message)]
        self._add((",".join(fields) + "\r\n").encode())


def resolve(record: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    """A row of ``--detail full`` with its references replaced by what they define (as ``assess --json``).

    Args:
        record: a row (not a definition) of the full output, as parsed from its JSON line.
        definitions: every definition read so far, by id (``{record["id"]: record["value"]}``).

    """
    if not record.get("ok"):
        return record

    def entry(ident: str) -> dict[str, Any]:
        value = definitions[ident]
        return {**value, "source": definitions[value["source"]] if value["source"] else None}

    def answer(ident: str) -> dict[str, Any]:
        value = definitions[ident]
        return {
            **value,
            "obligated": [{"party": party, **definitions[duty]} for party, duty in value["obligated"]],
            "citation": definitions[value["citation"]],
            "trace": [entry(t) for t in value["trace"]],
        }

    return {**record, "mechanisms": [answer(a) for a in record["mechanisms"]]}


def read_full(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """The rows of a ``--detail full`` output, each resolved by :func:`resolve` (definitions are kept, not yielded)."""
    definitions: dict[str, Any] = {}
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        if "define" in record:
            definitions[record["id"]] = record["value"]
        else:
            yield resolve(record, definitions)
