"""The ``coopsec`` command line: thin commands over the library, tables for people, JSON for scripts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coopsec.architecture import (
    check_status,
    memberships,
    organisation_timeline,
    overlap,
    resolve_code,
    resolve_organisation,
    resolve_state,
    spells_on,
    state_timeline,
)
from coopsec.architecture.report import members_report, overlap_report, timeline_report
from coopsec.cli import render
from coopsec.cli.admin import WORKERS_HELP, audit_app, serve, tokens_app, users_app
from coopsec.cli.assessment import assess_batch, render_assessment
from coopsec.cli.common import JSON_HELP, ON_HELP, emit_json, fail, guarded, knowledge_base, on_date, out
from coopsec.cli.demo import demo_cmd
from coopsec.cli.incident import incident_app
from coopsec.cli.linkage import linkage_app
from coopsec.cli.osce import missions_cmd, osce_app
from coopsec.cli.plan import plan_cmd
from coopsec.cli.pnr import pnr_app
from coopsec.cli.presidency import presidency_cmd
from coopsec.cli.records import records_app
from coopsec.cli.strategy import risk_app, strategy_app
from coopsec.cli.views import compare_cmd, list_cmd
from coopsec.cli.voting import power_cmd, vote_cmd
from coopsec.errors import InputError
from coopsec.kb import load_knowledge_base
from coopsec.kb.facts import summary, unconfirmed_facts
from coopsec.kb.model import STATUSES
from coopsec.obligations import assessor_for, make_event
from coopsec.obligations.kinds import kinds_help
from coopsec.rings import classify, parse_criterion, place_state
from coopsec.rings.profile import state_report

app = typer.Typer(
    name="coopsec",
    help="The EU's cooperative security system as data: who is bound to whom, under which clause, as of which date.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
OnOpt = Annotated[str | None, typer.Option("--on", help=ON_HELP)]
CriterionOpt = Annotated[
    str | None,
    typer.Option(
        "--criterion",
        help="Core value criterion, INDICATOR OP VALUE (e.g. regime>=2, libdem>=0.5). "
        "Default: rings.yaml (V-Dem Regimes of the World >= 2).",
    ),
]


@app.command()
def members(
    organisation: Annotated[
        str, typer.Argument(help="EU, NATO, OSCE, WEU, PESCO, EAP, UFM, ENP, SCHENGEN, COE, V4, UCPM")
    ],
    on: OnOpt = None,
    status: Annotated[str, typer.Option(help=", ".join(STATUSES))] = "member",
    as_json: JsonOpt = False,
) -> None:
    """List the states holding STATUS in ORGANISATION as of a date."""

    def run() -> None:
        kb, day = knowledge_base(), on_date(on)
        org, wanted = resolve_organisation(kb, organisation), check_status(status)
        if as_json:
            emit_json(members_report(kb, org, day, wanted))
            return
        spells = spells_on(kb, org, day, wanted)
        title = f"{kb.organisations[org].name_on(day)}: {len({s.state for s in spells})} {wanted}(s) as of {day}"
        out.print(render.members_table(kb, spells, title))
        if kb.organisations[org].coverage:
            out.print(f"[yellow]Note:[/] {kb.organisations[org].coverage}")
        out.print(render.sources_table([s.source for s in spells]))

    guarded(run)


@app.command("overlap")
def overlap_cmd(
    first: Annotated[str, typer.Argument(help="First organisation, e.g. EU")],
    second: Annotated[str, typer.Argument(help="Second organisation, e.g. NATO")],
    on: OnOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Compare the members of two organisations as of a date."""

    def run() -> None:
        kb, day = knowledge_base(), on_date(on)
        result = overlap(kb, resolve_organisation(kb, first), resolve_organisation(kb, second), day)
        if as_json:
            emit_json(overlap_report(result))
        else:
            out.print(render.overlap_table(kb, result))

    guarded(run)


@app.command()
def state(
    code: Annotated[str, typer.Argument(help="State code: ISO alpha-2 (FI) or alpha-3 (FIN); XK for Kosovo")],
    on: OnOpt = None,
    criterion: CriterionOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show a state's memberships, place in the rings and guarantees, with sources."""

    def run() -> None:
        kb, day = knowledge_base(), on_date(on)
        crit = parse_criterion(criterion) if criterion else None
        found = resolve_state(kb, code)
        if as_json:
            emit_json(state_report(kb, found, day, crit))
            return
        for table in render.placement_tables(kb, memberships(kb, found, day), place_state(kb, found, day, crit)):
            out.print(table)

    guarded(run)


@app.command()
def rings(on: OnOpt = None, criterion: CriterionOpt = None, as_json: JsonOpt = False) -> None:
    """Place every state in the system (core, ring 1, ring 2, outer area) as of a date, with reasons."""

    def run() -> None:
        kb, day = knowledge_base(), on_date(on)
        result = classify(kb, day, parse_criterion(criterion) if criterion else None)
        if as_json:
            emit_json(result.to_dict(kb))
        else:
            out.print(render.rings_table(kb, result))

    guarded(run)


@app.command()
def timeline(
    code: Annotated[str, typer.Argument(help="A state (SE) or an organisation (NATO)")],
    as_json: JsonOpt = False,
) -> None:
    """Every dated change for a state or an organisation, each with its source."""

    def run() -> None:
        kb = knowledge_base()
        kind, found = resolve_code(kb, code)
        changes = state_timeline(kb, found) if kind == "state" else organisation_timeline(kb, found)
        if as_json:
            emit_json(timeline_report(kind, found, changes))
            return
        name = kb.states[found].name if kind == "state" else kb.organisations[found].name
        out.print(render.timeline_table(f"{name} ({found}): {len(changes)} dated changes", changes))
        out.print(render.sources_table([c.source for c in changes]))

    guarded(run)


@app.command()
def assess(
    kind: Annotated[
        str | None,
        typer.Argument(help=f"The kind of event: {kinds_help()}"),
    ] = None,
    victim: Annotated[str | None, typer.Option(help="The state struck (FI, FIN, ...)")] = None,
    by: Annotated[str | None, typer.Option("--by", help="The perpetrator: a state code, non-state or unknown")] = None,
    at: Annotated[
        str | None,
        typer.Option(
            help="Where: a territory (GL, ES-ML, US-HI), sea:AREA or forces:TERRITORY. "
            "Default: the victim's metropolitan territory"
        ),
    ] = None,
    on: OnOpt = None,
    scale: Annotated[
        str | None,
        typer.Option(
            help="The gravity of an attack: incident (a hostile act whose qualification as an armed attack the "
            "competent body must determine) or attack (default)"
        ),
    ] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show the full trace: every fact and rule used")] = False,
    batch: Annotated[
        Path | None,
        typer.Option(
            help="Assess every event of a CSV or JSON Lines file ('-' for stdin), streamed: one output line per row"
        ),
    ] = None,
    detail: Annotated[
        str,
        typer.Option(
            help="With --batch: summary (per mechanism: status, reasons, rule ids, parties, clause id) or full "
            "(everything, with clause texts, duties, trace entries and sources defined once and referred to by id)"
        ),
    ] = "summary",
    output_format: Annotated[
        str,
        typer.Option(
            "--format", help="With --batch: jsonl (JSON Lines) or csv (the summary, one row per event and mechanism)"
        ),
    ] = "jsonl",
    as_json: JsonOpt = False,
) -> None:
    """Assess an event: which mechanisms apply, who is bound to do what, under which clause, and why."""

    def run() -> None:
        kb = knowledge_base()
        if batch is not None:
            if kind is not None or victim is not None or scale is not None:
                raise InputError("give either KIND --victim ... for one event, or --batch FILE, not both")
            summary = assess_batch(kb, batch, detail, output_format)
            if summary.bad:
                fail(f"{summary.bad} bad row(s); {summary.assessed} event(s) assessed", 2)
            return
        if kind is None or victim is None:
            raise InputError(
                "give the event KIND and --victim (e.g. coopsec assess armed-attack --victim FI), or --batch FILE"
            )
        if detail != "summary" or output_format != "jsonl":
            raise InputError("--detail and --format go with --batch FILE; for one event use --json or --explain")
        event = make_event(kb, kind, victim, by, at, on, scale)
        result = assessor_for(kb).assess(event)
        if as_json:
            emit_json(result.to_dict())
        else:
            render_assessment(result, explain)

    guarded(run)


@app.command()
def check(
    data_dir: Annotated[Path | None, typer.Option(help="Data folder to check (default: the bundled data)")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Validate a data folder and report every error at once (exit 1 when there is any)."""

    def run() -> None:
        from coopsec.cli.checks import side_counts

        kb = load_knowledge_base(data_dir, use_cache=False)
        counts = {**summary(kb), **side_counts(kb, data_dir)}
        facts = unconfirmed_facts(kb)
        if as_json:
            emit_json({"ok": True, "summary": counts, "unconfirmed": facts})
            return
        out.print(render.check_table(counts, facts))

    guarded(run)


@app.command("serve")
def serve_cmd(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help=WORKERS_HELP)] = 1,
) -> None:
    """Serve the API and dashboard (data: COOPSEC_DATA_DIR, default var/; COOPSEC_DATABASE_URL for PostgreSQL)."""
    guarded(lambda: serve(host, port, workers))


app.command("compare")(compare_cmd)
app.command("list")(list_cmd)
app.command("plan")(plan_cmd)
app.command("demo")(demo_cmd)
app.command("vote")(vote_cmd)
app.command("power")(power_cmd)
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
app.add_typer(audit_app, name="audit")
app.add_typer(incident_app, name="incident")
app.add_typer(linkage_app, name="linkage")
app.add_typer(records_app, name="records")
app.add_typer(pnr_app, name="pnr")
app.add_typer(osce_app, name="osce")
app.command("missions")(missions_cmd)
app.command("presidency")(presidency_cmd)
app.add_typer(risk_app, name="risk")
app.add_typer(strategy_app, name="strategy")


def main() -> None:
    """Entry point of the ``coopsec`` script."""
    app()


if __name__ == "__main__":
    main()
