"""Human output of an assessment: one panel per mechanism, the trace with ``--explain``."""

from __future__ import annotations

import atexit
import gc
import sys
from pathlib import Path
from typing import TextIO

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from coopsec.cli.common import out
from coopsec.errors import InputError
from coopsec.kb.model import KnowledgeBase
from coopsec.obligations import Assessment, MechanismResult
from coopsec.obligations.batch import BatchSummary, run_batch

COLOURS = {"applies": "bold green", "may_apply": "bold yellow", "does_not_apply": "bold red"}


def open_batch(path: Path) -> TextIO:
    """Open a batch file, or explain why it cannot be read.

    ``utf-8-sig`` reads files saved by spreadsheets, which start with a byte-order mark; the text
    is read lazily (the batch is streamed), with a large buffer.
    """
    try:
        return path.open(encoding="utf-8-sig", newline="", buffering=1 << 20)
    except OSError as error:
        raise InputError(
            f"cannot read the batch file {str(path)!r}: {error.strerror}; give a CSV or JSON Lines file"
        ) from error


_FREEZE_AT_EXIT: list[bool] = []


def _freeze_at_exit() -> None:
    """Spare the interpreter's last garbage collection the assessor's memo when the process exits.

    After a batch the memo holds millions of objects, none in a reference cycle, and the collection
    Python runs while it shuts down would walk every one of them (about 1.5 s after 100,000 varied
    events, a third of the batch). ``gc.freeze()`` from an exit handler (handlers run before that
    collection) leaves them out of it; they are still freed.
    """
    if not _FREEZE_AT_EXIT:
        _FREEZE_AT_EXIT.append(True)
        atexit.register(gc.freeze)


def _report(line: int, message: str) -> None:
    sys.stderr.write(f"line {line}: {message}\n")


def assess_batch(kb: KnowledgeBase, batch: Path, detail: str, output: str) -> BatchSummary:
    """``assess --batch FILE``: stream the batch to stdout, each bad row on stderr as it is read.

    The writer collects output lines and writes them to ``sys.stdout`` in chunks, so a batch costs
    few writes however long it is.
    """
    _freeze_at_exit()
    from_stdin = str(batch) == "-"
    handle = sys.stdin if from_stdin else open_batch(batch)
    try:
        return run_batch(kb, None if from_stdin else batch, handle, sys.stdout, detail, output, _report)
    finally:
        if not from_stdin:
            handle.close()


def _panel(result: MechanismResult, explain: bool) -> Panel:
    body = Table.grid(padding=(0, 1))
    body.add_column(style="bold", no_wrap=True)
    body.add_column()
    body.add_row("why", "\n".join(f"- {r}" for r in result.reasons))
    if result.obligated:
        parties = ", ".join(o.party for o in result.obligated)
        body.add_row("bound", f"{parties}\nduty: {result.obligated[0].duty}")
    for caveat in result.caveats:
        body.add_row("caveat", caveat)
    body.add_row("procedure", result.procedure)
    if result.clause is not None:
        body.add_row("clause", f"{result.clause.citation}: \u201c{result.clause.text}\u201d")
    source = result.clause.source if result.clause else result.source
    body.add_row("source", f"{source.title} {source.href or source.reference or ''}")
    if explain:
        for entry in result.trace:
            date = f"{entry.date} " if entry.date else ""
            cited = f" [{entry.source.id}]" if entry.source else ""
            body.add_row(f"trace ({entry.kind})", f"{date}{entry.text}{cited}")
    title = Text.assemble((result.id, "bold"), "  ", (result.status, COLOURS[result.status]))
    return Panel(body, title=title, title_align="left")


def render_assessment(result: Assessment, explain: bool) -> None:
    """Print every mechanism's answer."""
    event = result.event
    by = f" by {event.by}" if event.by else ""
    scale = " (incident)" if event.scale == "incident" else ""
    out.print(f"[bold]{event.kind}[/]{scale} on {event.victim}{by} at {event.place.label}, {event.date}")
    summary = Table(show_header=True)
    summary.add_column("mechanism")
    summary.add_column("status")
    for mechanism in result.mechanisms:
        summary.add_row(mechanism.id, Text(mechanism.status, COLOURS[mechanism.status]))
    out.print(summary)
    for mechanism in result.mechanisms:
        out.print(_panel(mechanism, explain))
