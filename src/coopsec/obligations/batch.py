"""Assessing many events at once: CSV or JSON Lines in; JSON Lines (summary or full) or CSV out.

The batch is streamed: rows are read one at a time from the input (never the whole file), each is
assessed and its output written at once, so memory stays bounded however long the batch is (the
assessor's memo and the writers' caches have size limits). A bad row never stops the batch: it is
reported with its line number (in the output and through ``on_error``, which the CLI prints on
stderr) and the good rows are still assessed. The output formats are in
:mod:`coopsec.obligations.batchio` and the README ("Assessing an event").
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from coopsec.errors import InputError
from coopsec.kb.model import KnowledgeBase
from coopsec.obligations.assess import assessor_for, paused_gc
from coopsec.obligations.batchio import BadRow, writer_for
from coopsec.obligations.event import Event, make_event

COLUMNS = ("kind", "victim", "by", "at", "date", "scale")
ALIASES = {"on": "date", "perpetrator": "by", "place": "at", "gravity": "scale"}
#: How many bad rows :class:`BatchSummary` keeps (every one is still counted and reported as it comes).
KEPT_ERRORS = 100

Row = tuple[int, Event | BadRow]


@dataclass
class BatchSummary:
    """How a batch went: events assessed, bad rows counted, and the first bad rows kept."""

    assessed: int = 0
    bad: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _columns(header: Iterable[str]) -> list[str]:
    return [ALIASES.get(n.strip().lower(), n.strip().lower()) for n in header]


#: The longest line a batch may have (a longer one is not an event: it would only fill memory).
MAX_LINE = 1 << 20


def _readable(handle: Iterable[str]) -> Iterator[str]:
    """The lines of ``handle``; a file that is not UTF-8 text, or a line too long, stops with its line number.

    Raises:
        InputError: naming the line and how to fix the file.

    """
    number = 0
    lines = iter(handle)
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except UnicodeDecodeError as err:
            raise InputError(
                f"line {number + 1} is not UTF-8 text ({err.reason} at byte {err.start} of the read): save the "
                "batch as UTF-8 CSV or JSON Lines (a spreadsheet's 'CSV UTF-8'); binary files cannot be read"
            ) from err
        number += 1
        if len(line) > MAX_LINE:
            raise InputError(
                f"line {number} is longer than {MAX_LINE} characters: one event per line, each field short; "
                "check that the file is a CSV or JSON Lines batch"
            )
        yield line


def _lines(handle: Iterable[str]) -> tuple[str, Iterator[str]]:
    """The first non-blank line (without a byte-order mark) and every line, that one included.

    Only the lines up to the first non-blank one are read ahead: the rest stays in ``handle``.
    """
    head: list[str] = []
    first = ""
    handle = _readable(handle)
    for text in handle:
        line = text if head else text.removeprefix("\ufeff")  # a spreadsheet's UTF-8 byte-order mark
        head.append(line)
        if line.strip():
            first = line
            break
    return first, itertools.chain(head, handle)


def _csv_rows(reader: Any) -> Iterator[list[str]]:
    """The rows of a CSV reader; a malformed one (a field over the limit, a stray quote) stops with its line."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise InputError(
                f"line {reader.line_num}: {err}; fix that row (a field is too long or a quote is not closed)"
            ) from err


def _rows_csv(kb: KnowledgeBase, lines: Iterator[str]) -> Iterator[Row]:
    parser = csv.reader(lines)
    reader = _csv_rows(parser)
    header: list[str] | None = None
    for fields in reader:
        if fields:
            header = fields
            break
    if header is None:
        return
    names = _columns(header)
    unknown = [n for n in names if n not in COLUMNS]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if unknown or repeated or "kind" not in names or "victim" not in names:
        raise InputError(
            f"CSV header {header} is not understood: use the columns {', '.join(COLUMNS)} once each "
            "(kind and victim are required; the others may be left out)"
        )
    width = len(names)
    where = [names.index(c) if c in names else -1 for c in COLUMNS]
    for given in reader:
        if not given:
            continue
        fields = given
        number = parser.line_num
        if len(fields) > width:
            raw = dict(zip(names, fields, strict=False))
            message = (
                f"the row has {len(fields)} fields but the header names {width} ({', '.join(header)}): "
                'quote a value that contains a comma ("...")'
            )
            yield number, BadRow(number, message, raw)
            continue
        if len(fields) < width:
            fields = fields + [""] * (width - len(fields))
        kind, victim, by, at, date, scale = (fields[i].strip() if i >= 0 else "" for i in where)
        yield number, _event(kb, number, kind, victim, by, at, date, scale, names, fields)


def _rows_jsonl(kb: KnowledgeBase, lines: Iterator[str]) -> Iterator[Row]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            message = f"not valid JSON ({err.msg} at column {err.colno}); write one JSON object per line"
            yield number, BadRow(number, message, {})
            continue
        if not isinstance(value, dict):
            message = 'each line must be a JSON object such as {"kind": "armed-attack", "victim": "FI"}'
            yield number, BadRow(number, message, {})
            continue
        row = {ALIASES.get(str(k), str(k)): ("" if v is None else str(v).strip()) for k, v in value.items()}
        unknown = sorted(set(row) - set(COLUMNS))
        if unknown:
            yield number, BadRow(number, f"unknown field(s) {unknown}: use {', '.join(COLUMNS)}", row)
            continue
        kind, victim, by, at, date, scale = (row.get(c, "") for c in COLUMNS)
        yield number, _event(kb, number, kind, victim, by, at, date, scale, list(row), list(row.values()))


def _event(
    kb: KnowledgeBase,
    number: int,
    kind: str,
    victim: str,
    by: str,
    at: str,
    date: str,
    scale: str,
    names: list[str],
    values: list[str],
) -> Event | BadRow:
    """The row's event, or a :class:`BadRow` that says what is wrong with it (empty values mean "not given")."""
    try:
        if not kind or not victim:
            raise InputError("kind and victim are required")
        return make_event(kb, kind, victim, by or None, at or None, date or None, scale or None)
    except InputError as err:
        return BadRow(number, str(err), dict(zip(names, values, strict=False)))


def read_batch(kb: KnowledgeBase, path: Path | None, handle: Iterable[str]) -> Iterator[Row]:
    """The rows of a batch, read lazily: an :class:`Event`, or a :class:`BadRow`, with its line number.

    The format is JSON Lines when the file name ends in ``.jsonl``/``.json`` or the first
    non-blank character is ``{``, CSV otherwise. Only the first non-blank line is read ahead to
    tell; the rest is read as it is assessed.

    Raises:
        InputError: a CSV header that names unknown columns or lacks ``kind`` or ``victim``.

    """
    first, lines = _lines(handle)
    is_json = (path is not None and path.suffix.lower() in (".jsonl", ".json")) or first.lstrip()[:1] == "{"
    return _rows_jsonl(kb, lines) if is_json else _rows_csv(kb, lines)


def read_events(
    kb: KnowledgeBase, path: Path | None, handle: Iterable[str]
) -> Iterator[tuple[int, Event | InputError]]:
    """Events of a batch with their line numbers; a bad row yields its :class:`InputError` (read lazily)."""
    for number, item in read_batch(kb, path, handle):
        yield number, (InputError(item.message) if isinstance(item, BadRow) else item)


def run_batch(
    kb: KnowledgeBase,
    path: Path | None,
    handle: Iterable[str],
    out: TextIO,
    detail: str = "summary",
    output: str = "jsonl",
    on_error: Callable[[int, str], None] | None = None,
) -> BatchSummary:
    """Assess every event of a batch as it is read, and write each row's output as it is assessed.

    Args:
        kb: the knowledge base.
        path: the batch file's name (its suffix may say the format), or ``None`` for stdin.
        handle: the batch's lines.
        out: where the output goes (written in chunks; flushed at the end).
        detail: ``summary`` (the default) or ``full`` (JSON Lines only).
        output: ``jsonl`` or ``csv`` (the summary only).
        on_error: called with the line number and the message of every bad row, when it is read.

    Raises:
        InputError: an unknown detail or format, ``--detail full`` with CSV, or a CSV header not understood.

    """
    writer = writer_for(out, detail, output)
    summary = BatchSummary()
    assessor = assessor_for(kb)
    assess = assessor.assess
    with paused_gc():
        try:
            for number, item in read_batch(kb, path, handle):
                if item.__class__ is BadRow:
                    assert isinstance(item, BadRow)
                    summary.bad += 1
                    if len(summary.errors) < KEPT_ERRORS:
                        summary.errors.append((number, item.message))
                    writer.error(item)
                    if on_error is not None:
                        writer.flush()  # the output of the rows before it comes first
                        on_error(number, item.message)
                    continue
                assert isinstance(item, Event)
                summary.assessed += 1
                writer.row(number, assess(item))
        finally:
            writer.flush()
    return summary


__all__ = ["ALIASES", "COLUMNS", "BadRow", "BatchSummary", "Row", "read_batch", "read_events", "run_batch"]
