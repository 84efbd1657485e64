"""``coopsec compare`` and ``coopsec list``: the dashboard's comparison and list views on the command line.

Thin commands over :func:`coopsec.rings.compare` and :func:`coopsec.rings.listing.list_rows`: a
table for people, ``--json`` (the API's body) or ``--csv`` (the dashboard's download) for scripts.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from coopsec.cli.common import JSON_HELP, ON_HELP, emit_json, guarded, knowledge_base, on_date, out
from coopsec.dates import parse_date
from coopsec.errors import InputError
from coopsec.rings import StateChange, compare
from coopsec.rings.listing import list_rows, rows_csv, sort_rows


def _changes(title: str, changes: tuple[StateChange, ...]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=True)
    for col in ("state", "before", "after", "why"):
        table.add_column(col)
    for c in changes:
        why = "\n".join(
            (f"{r.date.isoformat()}: " if r.date else "") + r.text + (f" [{r.source.id}]" if r.source else "")
            for r in c.reasons
        )
        table.add_row(f"{c.name} ({c.state})", c.before or "did not exist", c.after or "does not exist", why)
    return table


def compare_cmd(
    first: Annotated[str, typer.Argument(help="The first date, YYYY-MM-DD")],
    second: Annotated[str, typer.Argument(help="The second date, YYYY-MM-DD")],
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Who entered the system between two dates, who left, who changed place, and every membership change."""

    def run() -> None:
        kb = knowledge_base()
        result = compare(kb, parse_date(first, what="first date"), parse_date(second, what="second date"))
        if as_json:
            emit_json(result.to_dict())
            return
        out.print(f"From {result.a} to {result.b}")
        for title, changes in (("entered the system", result.entered), ("left the system", result.left),
                               ("changed place", result.changed)):  # fmt: skip
            out.print(_changes(f"{title} ({len(changes)})", changes) if changes else f"{title}: none")
        table = Table(title=f"membership changes ({len(result.memberships)})", title_justify="left")
        for col in ("date", "change", "source"):
            table.add_column(col)
        for m in result.memberships:
            table.add_row(m.date.isoformat(), m.text, m.source.id)
        out.print(table)

    guarded(run)


def list_cmd(
    on: Annotated[str | None, typer.Option("--on", help=ON_HELP)] = None,
    sort: Annotated[str, typer.Option(help="name, code, category, ring1, guarantees, core or criterion")] = "name",
    organisation: Annotated[str | None, typer.Option("--org", help="Only the members of this organisation")] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV (as the dashboard's download)")] = False,
) -> None:
    """Every state's place on a date, one row each, in words (the dashboard's list view)."""

    def run() -> None:
        if as_json and as_csv:
            raise InputError("give --json or --csv, not both")
        kb, day = knowledge_base(), on_date(on)
        rows = sort_rows(list_rows(kb, day, organisation), sort)
        if as_json:
            emit_json({"on": day.isoformat(), "rows": [r.to_dict() for r in rows]})
        elif as_csv:
            sys.stdout.write(rows_csv(kb, day, rows))
        else:
            table = Table(title=f"every state's place as of {day}", title_justify="left")
            for col in ("state", "name", "place", "ring 1", "guarantees", "criterion"):
                table.add_column(col)
            for r in rows:
                guarantees = ", ".join(r.guarantees) or "none"
                table.add_row(r.state, r.name, r.category_label, "yes" if r.ring1 else "no", guarantees, r.criterion)
            out.print(table)

    guarded(run)
