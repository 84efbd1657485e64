"""``coopsec osce ...`` and ``coopsec missions``: the OSCE as forum (issue 16) and the one missions registry.

Thin over :mod:`coopsec.osce` and :mod:`coopsec.missions`: the answers are the library's JSON documents,
printed as they are with ``--json`` or in words otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from coopsec.cli.common import JSON_HELP, ON_HELP, emit_json, guarded, knowledge_base, on_date, out
from coopsec.dates import parse_date
from coopsec.errors import InputError

osce_app = typer.Typer(help="The OSCE as forum: Vienna Document CSBMs, mechanisms, field operations (issue 16).")
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
OnOpt = Annotated[str | None, typer.Option("--on", help=ON_HELP)]
Count = Annotated[int, typer.Option(min=0, max=10_000_000)]


def _print(report: dict[str, Any]) -> None:
    for reason in report["reasons"]:
        out.print(f"- {reason}", highlight=False)
    for cite in report.get("citations", []):
        mark = "" if cite["verification"] == "confirmed" else " [yellow](unconfirmed)[/]"
        out.print(f"  [dim]para {cite['paragraph']}:[/] {cite['text']}{mark}", highlight=False)


@osce_app.command("activity")
def activity_cmd(
    start: Annotated[str, typer.Option("--start", help="First day of the activity, YYYY-MM-DD")],
    state: Annotated[str, typer.Option("--state", help="The participating State conducting it (BY, BLR)")],
    troops: Count = 0,
    tanks: Annotated[int, typer.Option("--tanks", min=0, max=10_000_000, help="Battle tanks")] = 0,
    acv: Annotated[int, typer.Option("--acv", min=0, max=10_000_000, help="Armoured combat vehicles")] = 0,
    artillery: Annotated[int, typer.Option(min=0, max=10_000_000, help="Artillery pieces (100 mm and above)")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Whether an activity must be notified (and by when), observed, calendared; each answer with its paragraph."""

    def run() -> None:
        from coopsec.osce import bundled_osce, check_activity

        kb = knowledge_base()
        day = parse_date(start, what="--start")
        report = check_activity(
            kb, bundled_osce(kb), day, state, troops=troops, battle_tanks=tanks, acv=acv, artillery=artillery
        )
        if as_json:
            emit_json(report)
            return
        verdict = "notifiable" if report["notifiable"] else "not notifiable"
        out.print(f"[bold]{report['state']}, activity from {report['start']}: {verdict}[/]")
        _print(report)

    guarded(run)


@osce_app.command("unusual")
def unusual_cmd(
    requesting: Annotated[str, typer.Option("--requesting", help="The State asking for an explanation")],
    state: Annotated[str, typer.Option("--state", help="The State whose activity is unusual")],
    requested: Annotated[str, typer.Option("--requested", help="When the request was made: YYYY-MM-DD[THH:MM]")],
    as_json: JsonOpt = False,
) -> None:
    """Chapter III (unusual military activities): the explanation and meeting deadlines of a request."""

    def run() -> None:
        from coopsec.osce import bundled_osce, unusual_activity

        try:
            when = dt.datetime.fromisoformat(requested)
        except ValueError:
            raise InputError(f"--requested {requested[:40]!r} is not YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None
        kb = knowledge_base()
        report = unusual_activity(kb, bundled_osce(kb), requesting, state, when)
        if as_json:
            emit_json(report)
        else:
            _print(report)

    guarded(run)


@osce_app.command("mechanism")
def mechanism_cmd(
    name: Annotated[str, typer.Argument(help="vienna, moscow or berlin (data/osce/mechanisms.yaml)")],
    requesting: Annotated[str, typer.Option("--requesting", help="The requesting participating State")],
    supporters: Annotated[str | None, typer.Option(help="Comma list of the other States supporting it")] = None,
    host: Annotated[str | None, typer.Option("--host", help="The State concerned (optional)")] = None,
    serious: Annotated[
        bool, typer.Option("--serious", help="Moscow para 12: a particularly serious threat is claimed")
    ] = False,
    experts_requested: Annotated[
        str | None, typer.Option("--experts-requested", help="Moscow para 9: date a mission of experts was asked for")
    ] = None,
    objections: Annotated[str | None, typer.Option(help="Permanent Council path: States objecting (consensus)")] = None,
    on: OnOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Whether a mechanism can go ahead without the host's consent: paragraph, support needed and had, deadlines."""

    def run() -> None:
        from coopsec.osce import bundled_osce, check_mechanism

        kb = knowledge_base()
        asked = parse_date(experts_requested, what="--experts-requested") if experts_requested else None
        report = check_mechanism(
            kb, bundled_osce(kb), name, requesting, supporters, on_date(on), host, serious, asked, objections
        )
        if as_json:
            emit_json(report)
            return
        out.print(
            f"[bold]{report['title']}[/], {report['requesting']} with {report['has']} supporter(s) on {report['on']}"
        )
        for reason in report["reasons"]:
            out.print(reason, highlight=False)
        for path in report["paths"]:
            mark = "[green]open[/]" if path["met"] else "[red]closed[/]"
            out.print(f"  {mark} para {path['paragraph']}: {path['title']}", highlight=False)
            for reason in path["reasons"]:
                out.print(f"      {reason}", highlight=False)
            for d in path["deadlines"]:
                period = f"{d['days']} days" if d.get("days") is not None else f"{d['hours']} hours"
                by = f" (by {d['by']})" if d.get("by") else ""
                out.print(f"      within {period}{by}: {d['what']}", highlight=False)

    guarded(run)


def _print_missions(report: dict[str, Any]) -> None:
    from rich.table import Table

    title = f"Missions deployed on {report['on']}" if report["on"] else "Missions (all dates)"
    table = Table(title=f"{title}: {report['count']}", expand=True)
    table.add_column("mission (family, kind): mandate", ratio=3, min_width=24)
    table.add_column("where", ratio=1)
    for column in ("from", "until"):
        table.add_column(column, no_wrap=True)  # whole dates, so a narrow terminal wraps the text instead
    for m in report["missions"]:
        where = ", ".join(m["hosts"]) or ", ".join(m["area_countries"]) or m["area"] or ""
        what = f"[bold]{m['id']}[/bold] ({m['family']}, {m['kind']}): {m['mandate']}"
        table.add_row(what, where, m["start"], m["end"] or "")
    out.print(table)


@osce_app.command("missions")
def osce_missions_cmd(
    on: OnOpt = None, state: Annotated[str | None, typer.Option()] = None, as_json: JsonOpt = False
) -> None:
    """The OSCE field operations deployed on a date, with mandates, hosts and the decisions behind them."""
    missions_cmd(on=on, state=state, family="osce", as_json=as_json)


def missions_cmd(
    on: OnOpt = None,
    state: Annotated[str | None, typer.Option("--state", help="Only missions hosted by this state")] = None,
    family: Annotated[str | None, typer.Option("--family", help="osce or csdp")] = None,
    every: Annotated[bool, typer.Option("--all", help="Every mission of the registry, whatever the date")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Who is deployed where, under which mandate, on a date: OSCE and CSDP missions from one registry."""

    def run() -> None:
        from coopsec.missions import missions_report

        kb = knowledge_base()
        day = None if every or (on is None and state is not None) else on_date(on)
        report = missions_report(kb, day, state, family)
        if as_json:
            emit_json(report)
        else:
            _print_missions(report)

    guarded(run)
