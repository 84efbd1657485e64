"""Human output of an assessment: one panel per mechanism, the trace with ``--explain``."""

from __future__ import annotations

import atexit
import gc
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from coopsec.cli.common import out
from coopsec.errors import InputError
from coopsec.kb.model import KnowledgeBase
from coopsec.obligations import Assessment, MechanismResult, summarise
from coopsec.obligations.batch import MAX_LINE, BatchSummary, run_batch

COLOURS = {"applies": "bold green", "may_apply": "bold yellow", "does_not_apply": "bold red"}


#: The most bytes read for one line (a line of MAX_LINE characters in UTF-8 fits): a file with no line
#: ends (a disk image, a gigabyte on one line) is refused after this much, never read whole into memory.
MAX_LINE_BYTES = 4 * MAX_LINE


class BatchFile:
    """The lines of a batch file, decoded one by one so that text that is not UTF-8 is named by its line.

    A spreadsheet's byte-order mark is dropped; the file is read lazily (the batch is streamed), and
    no line is read beyond :data:`MAX_LINE_BYTES`, so no file is too large for memory.
    """

    def __init__(self, path: Path | None = None, stream: BinaryIO | None = None) -> None:
        """Open ``path`` (or read the open binary ``stream``, e.g. stdin), or explain why it cannot be read.

        Raises:
            InputError: naming the file and what to give instead.

        """
        self._owned = stream is None
        self._file: BinaryIO = stream if stream is not None else self._open(Path(str(path)))

    @staticmethod
    def _open(path: Path) -> BinaryIO:
        try:
            return path.open("rb", buffering=1 << 20)
        except OSError as error:
            raise InputError(
                f"cannot read the batch file {str(path)!r}: {error.strerror}; give a CSV or JSON Lines file"
            ) from error

    def _lines(self) -> Iterator[bytes]:
        """The raw lines, each read with a bound (a longer one stops the batch with its number)."""
        number = 0
        while True:
            try:
                raw = self._file.readline(MAX_LINE_BYTES + 1)
            except OSError as error:
                raise InputError(
                    f"cannot read line {number + 1} of the batch: {error.strerror or error}; "
                    "give a regular CSV or JSON Lines file"
                ) from error
            if not raw:
                return
            number += 1
            if len(raw) > MAX_LINE_BYTES:
                raise InputError(
                    f"line {number} is longer than {MAX_LINE_BYTES} bytes: one event per line, each field short; "
                    "check that the file is a CSV or JSON Lines batch (not a binary or a file without line ends)"
                )
            yield raw

    def __iter__(self) -> Iterator[str]:
        """Each line as text (CSV line ends kept, for quoted fields that span lines)."""
        for number, raw in enumerate(self._lines(), start=1):
            try:
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as err:
                raise InputError(
                    f"line {number} is not UTF-8 text ({err.reason} at character {err.start + 1}): save the batch "
                    "as UTF-8 CSV or JSON Lines (a spreadsheet's 'CSV UTF-8'); binary files cannot be read"
                ) from err

    def close(self) -> None:
        """Close the file (a stream it was given, such as stdin, stays open)."""
        if self._owned:
            self._file.close()


def open_batch(path: Path) -> BatchFile:
    """Open a batch file, or explain why it cannot be read."""
    return BatchFile(path)


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
    handle: TextIO | BatchFile
    if not from_stdin:
        handle = open_batch(batch)
    else:
        # stdin is read through its bytes too, so its lines get the same bounds and messages as a file's.
        stdin: BinaryIO | None = getattr(sys.stdin, "buffer", None)
        handle = sys.stdin if stdin is None else BatchFile(stream=stdin)
    try:
        return run_batch(kb, None if from_stdin else batch, handle, sys.stdout, detail, output, _report)
    finally:
        if isinstance(handle, BatchFile):
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
    """Print the plain summary first, then every mechanism's answer."""
    out.print(Text(summarise(result)))  # Text: a summary is words, never markup
    out.print()
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
