"""``coopsec plan``: a response plan for an incident, without recording anything.

A thin command over :func:`coopsec.response.plan`: one panel per pillar for people, ``--json`` (the
API's body) for scripts. Bad input exits with status 2 and names the value and the accepted forms.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from coopsec.cli.common import JSON_HELP, ON_HELP, emit_json, guarded, knowledge_base, out
from coopsec.obligations.kinds import kinds_help
from coopsec.response import PERPETRATORS, Incident, Plan, plan


def render_plan(result: Plan) -> None:
    """The plan as tables: the actions by pillar, then the mechanisms as lines."""
    event = result.event
    out.print(f"[bold]Response plan[/]: {event.kind} against {event.victim_name} ({event.victim}) on {event.date}")
    for actions in result.by_pillar().values():
        first = actions[0]
        table = Table(title=f"{first.pillar_title} ({first.framework})", title_justify="left", show_lines=True)
        for column in ("body", "action", "legal basis", "why proposed", "timing"):
            table.add_column(column)
        for a in actions:
            flag = "" if a.in_place else "\n[yellow]" + (a.note or "") + "[/]"
            basis = a.legal_basis + ("" if a.verification == "confirmed" else "\n(unconfirmed)")
            table.add_row(a.body, a.action + flag, basis, f"{a.reason}: {a.why}", a.timing)
        out.print(table)
    out.print("[bold]Mechanisms[/] (from the obligation engine, as coopsec assess):")
    for m in result.mechanisms:
        out.print(f"  - {m.line}", highlight=False)
        if m.status != "does_not_apply":
            out.print(f"    {m.result.procedure}", highlight=False, style="dim")


def plan_cmd(
    kind: Annotated[str, typer.Argument(help=f"The kind of event: {kinds_help()}")],
    victim: Annotated[str, typer.Option(help="The state struck (FR, FRA, ...)")],
    on: Annotated[str | None, typer.Option("--on", help=ON_HELP)] = None,
    at: Annotated[
        str | None, typer.Option(help="Where: a territory, sea:AREA or forces:TERRITORY (default: the victim's)")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="The perpetrator: a state code, non-state or unknown")] = None,
    cbrn: Annotated[
        bool, typer.Option("--cbrn", help="Chemical, biological, radiological or nuclear material")
    ] = False,
    cross_border: Annotated[bool, typer.Option("--cross-border", help="The incident has cross-border links")] = False,
    online_propaganda: Annotated[
        bool, typer.Option("--online-propaganda", help="Propaganda about the incident spreads online")
    ] = False,
    casualties: Annotated[int | None, typer.Option(help="People killed or injured (0 or more)")] = None,
    perpetrators: Annotated[str | None, typer.Option(help=" | ".join(PERPETRATORS))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Propose a response plan: actions under the four pillars (or the civil protection cycle) and the mechanisms."""

    def run() -> None:
        incident = Incident(
            kind=kind,
            victim=victim,
            date=on,
            at=at,
            by=by,
            casualties=casualties,
            cbrn=cbrn,
            cross_border=cross_border,
            online_propaganda=online_propaganda,
            perpetrators=perpetrators,
        )
        result = plan(knowledge_base(), incident)
        if as_json:
            emit_json(result.to_dict())
        else:
            render_plan(result)

    guarded(run)
