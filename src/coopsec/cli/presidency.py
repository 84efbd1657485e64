"""``coopsec presidency``: which Member State holds the Council presidency on a date.

Thin over :func:`coopsec.response.presidency_report`: the JSON document as it is with ``--json``, in words
otherwise. The presidency decides the IPCR mode, so this is who may record it on that day.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from coopsec.cli.common import JSON_HELP, ON_HELP, emit_json, guarded, knowledge_base, on_date, out


def _print(report: dict[str, Any]) -> None:
    if report["state"] is None:
        out.print(report["note"], highlight=False)
        return
    source = report["source"]
    mark = "" if source["verification"] == "confirmed" else " [yellow](unconfirmed)[/]"
    out.print(
        f"[bold]{report['state_name']} ({report['state']})[/] holds the Council presidency on {report['on']} "
        f"(term {report['start']} to {report['end']}).",
        highlight=False,
    )
    out.print(f"  [dim]source:[/] {source['title']}{mark}", highlight=False)
    if report["checked_against"]:
        out.print(f"  [dim]checked against:[/] {report['checked_against']['title']}", highlight=False)


def presidency_cmd(
    on: Annotated[str | None, typer.Option("--on", help=ON_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Which Member State holds the rotating Council presidency on a date (and so decides the IPCR mode)."""

    def run() -> None:
        from coopsec.response.presidency import presidency_report

        report = presidency_report(knowledge_base(), on_date(on))
        if as_json:
            emit_json(report)
        else:
            _print(report)

    guarded(run)
