"""Assessing many events at once: CSV or JSON Lines in, JSON Lines out.

A bad row never stops the batch: it is reported with its line number (as a JSON line with the
common error shape, and on stderr by the CLI) and the good rows are still assessed.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from coopsec.errors import InputError
from coopsec.kb.model import KnowledgeBase
from coopsec.obligations.assess import Assessor, assessor_for, paused_gc
from coopsec.obligations.event import Event, make_event

COLUMNS = ("kind", "victim", "by", "at", "date")
ALIASES = {"on": "date", "perpetrator": "by", "place": "at"}


@dataclass
class BatchSummary:
    """How a batch went."""

    assessed: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _rows_csv(handle: TextIO) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(handle)
    if reader.fieldnames is None:
        return
    names = [ALIASES.get(n.strip().lower(), n.strip().lower()) for n in reader.fieldnames]
    unknown = [n for n in names if n not in COLUMNS]
    if unknown or "kind" not in names or "victim" not in names:
        raise InputError(
            f"CSV header {reader.fieldnames} is not understood: use the columns {', '.join(COLUMNS)} "
            "(kind and victim are required)"
        )
    reader.fieldnames = names
    for row in reader:
        yield reader.line_num, row


def _rows_jsonl(handle: TextIO) -> Iterator[tuple[int, dict[str, Any] | str]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            yield number, f"not valid JSON ({err.msg} at column {err.colno}); write one JSON object per line"
            continue
        if not isinstance(value, dict):
            yield number, 'each line must be a JSON object such as {"kind": "armed-attack", "victim": "FI"}'
            continue
        yield number, {ALIASES.get(str(k), str(k)): v for k, v in value.items()}


def _event(kb: KnowledgeBase, row: dict[str, Any]) -> Event:
    unknown = sorted(set(row) - set(COLUMNS) - {None})
    if unknown:
        raise InputError(f"unknown field(s) {unknown}: use {', '.join(COLUMNS)}")
    values = {k: (str(v).strip() if v is not None and str(v).strip() else None) for k, v in row.items() if k}
    if not values.get("kind") or not values.get("victim"):
        raise InputError("kind and victim are required")
    return make_event(
        kb, str(values["kind"]), str(values["victim"]), values.get("by"), values.get("at"), values.get("date")
    )


def read_events(kb: KnowledgeBase, path: Path | None, handle: TextIO) -> Iterator[tuple[int, Event | InputError]]:
    """Events of a batch with their line numbers; a bad row yields its :class:`InputError`.

    The format is JSON Lines when the file name ends in ``.jsonl``/``.json`` or the first
    non-blank character is ``{``, CSV otherwise.
    """
    text = handle.read()
    first = text.lstrip()[:1]
    is_json = (path is not None and path.suffix.lower() in (".jsonl", ".json")) or first == "{"
    from io import StringIO

    rows = _rows_jsonl(StringIO(text)) if is_json else _rows_csv(StringIO(text))
    for number, row in rows:
        if isinstance(row, str):
            yield number, InputError(row)
            continue
        try:
            yield number, _event(kb, row)
        except InputError as err:
            yield number, err


def run_batch(kb: KnowledgeBase, path: Path | None, handle: TextIO, out: TextIO) -> BatchSummary:
    """Assess every event of a batch and write one JSON line per row (assessment or error)."""
    summary = BatchSummary()
    assessor = assessor_for(kb)
    with paused_gc():
        _run(assessor, read_events(kb, path, handle), out, summary)
    return summary


def _run(
    assessor: Assessor, rows: Iterator[tuple[int, Event | InputError]], out: TextIO, summary: BatchSummary
) -> None:
    for number, item in rows:
        if isinstance(item, InputError):
            summary.errors.append((number, str(item)))
            body: dict[str, Any] = {
                "line": number,
                "ok": False,
                "error": str(item),
                "errors": [str(item)],
                "status": 400,
            }
        else:
            summary.assessed += 1
            body = {"line": number, "ok": True, **assessor.assess(item).to_dict()}
        out.write(json.dumps(body, ensure_ascii=False) + "\n")
