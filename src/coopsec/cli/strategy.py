"""``coopsec risk register`` and ``coopsec strategy simulate|sweep`` (issue 15): thin commands over coopsec.strategy.

Tables for people, ``--json`` for scripts (byte-identical for the same inputs and seed). Bad input
exits with status 2 naming the value and the accepted forms; a bad strategy or register file exits
with 1 and lists every problem with its file and key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from coopsec.cli.common import JSON_HELP, ON_HELP, emit_json, guarded, knowledge_base, on_date, out

risk_app = typer.Typer(
    help="The risk register: threats x regions, likelihood x impact, with sources.", no_args_is_help=True
)
strategy_app = typer.Typer(
    help="Compare strategies by simulation: east-heavy, balanced, south-heavy ...", no_args_is_help=True
)

JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
DaskOpt = Annotated[
    str | None, typer.Option("--dask", help="A Dask scheduler address (tcp://HOST:PORT); default: run here")
]


@risk_app.command("register")
def register_cmd(
    on: Annotated[str | None, typer.Option("--on", help=ON_HELP)] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the risk register on a date: each threat by region, its classes, rate and sources."""
    from coopsec.strategy import bundled_register
    from coopsec.strategy.view import register_dict

    def run() -> None:
        kb = knowledge_base()
        body = register_dict(kb, bundled_register(kb), on_date(on))
        if as_json:
            emit_json(body)
            return
        table = Table(title=f"Risk register on {body['on']} ({body['file']})", show_lines=True)
        for col in ("threat", "region", "likelihood", "impact", "rate/yr", "basis", "sources"):
            table.add_column(col)
        for e in sorted(body["entries"], key=lambda x: (-x["risk"], x["threat"], x["region"])):
            sources = "; ".join(f"{f['source']['id']} ({f['verification']})" for f in e["figures"]) or "assumption"
            table.add_row(
                e["threat_name"],
                e["region"],
                f"{e['likelihood']} {e['likelihood_label']}",
                f"{e['impact']} {e['impact_label']}",
                f"{e['rate']:g}",
                e["basis"],
                sources,
            )
        out.print(table)
        for name, region in body["regions"].items():
            gone = (
                f" (left out, not core EU on the date: {', '.join(region['left_out'])})" if region["left_out"] else ""
            )
            out.print(f"{region['name']} [{name}]: {', '.join(region['states'])}{gone}", highlight=False)

    guarded(run)


def _render(payload: dict[str, Any]) -> None:
    table = Table(title=f"{payload['runs']} runs x {payload['years']} years, seed {payload['seed']} (p5 / p50 / p95)")
    table.add_column("outcome")
    for s in payload["strategies"]:
        table.add_column(f"{s['name']}\n{s['cost_per_year']:,.0f} M EUR/yr")
    for key in ("expected_harm", "unmet_requests", "time_to_assistance_days", "obligations_triggered"):
        cells = []
        for s in payload["strategies"]:
            o = s["outcomes"][key]
            cells.append("n/a" if o["p50"] is None else f"{o['p5']:,.1f} / {o['p50']:,.1f} / {o['p95']:,.1f}")
        table.add_row(key, *cells)
    out.print(table)
    for s in payload["strategies"]:
        gaps = [c for c in s["uncovered"] if c["unmet_per_year"] > 0][:3]
        words = ", ".join(f"{c['flank']}/{c['instrument']} {c['unmet_share']:.0%} unmet" for c in gaps) or "nothing"
        out.print(f"{s['name']} leaves uncovered: {words}", highlight=False)


@strategy_app.command("simulate")
def simulate_cmd(
    files: Annotated[list[Path], typer.Argument(help="Strategy files (see examples/strategies/)")],
    years: Annotated[int, typer.Option(help="Years per run (1-50)")] = 10,
    runs: Annotated[int, typer.Option(help="Runs (1-100000)")] = 2000,
    seed: Annotated[int, typer.Option(help="Seed of the random streams (0 or more)")] = 7,
    dask: DaskOpt = None,
    report: Annotated[Path | None, typer.Option("--report", help="Write report.md, figures, JSON and CSV here")] = None,
    per_run: Annotated[bool, typer.Option("--per-run", help="With --json: add every run's outcomes")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Simulate strategies on the same incidents drawn from the register; outcomes with p5/p50/p95."""
    from coopsec.strategy import bundled_register, compare, load_strategies
    from coopsec.strategy.compare import check_bounds, day_of, means_of, table_for

    def run() -> None:
        kb = knowledge_base()
        register = bundled_register(kb)
        strategies = load_strategies(list(files), register)
        check_bounds(years, runs, seed)
        if dask is None:
            result = compare(kb, register, strategies, years=years, runs=runs, seed=seed)
        else:
            from coopsec.strategy.sweep import connect, dask_mapper

            table = table_for(kb, register, day_of(register, strategies))
            client = connect(dask)
            try:
                mapper = dask_mapper(client, table, [means_of(register, s) for s in strategies], years, seed)
                result = compare(kb, register, strategies, years=years, runs=runs, seed=seed, mapper=mapper)
            finally:
                client.close()
        if report is not None:
            from coopsec.strategy.report import write_report

            write_report(result, report)
        if as_json:
            emit_json(result.with_runs() if per_run else result.payload)
        else:
            _render(result.payload)
            if report is not None:
                out.print(f"report written to {report / 'report.md'}", highlight=False)

    guarded(run)


@strategy_app.command("sweep")
def sweep_cmd(
    file: Annotated[Path, typer.Argument(help="A sweep file (see examples/sweep.yaml)")],
    dask: DaskOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Run every point of a parameter grid (locally or on a Dask cluster): the same numbers either way."""
    from coopsec.strategy.sweep import run_sweep

    def run() -> None:
        body = run_sweep(file, dask)
        if as_json:
            emit_json(body)
            return
        names = list(body["points"][0]["strategies"]) if body["points"] else []
        table = Table(title=f"{body['sweep']}: median expected harm, {body['runs']} runs x {body['years']} years")
        table.add_column("point")
        for n in names:
            table.add_column(n)
        for p in body["points"]:
            point = ", ".join(f"{k}={v:g}" for k, v in p["point"].items())
            table.add_row(point, *(f"{p['strategies'][n]['expected_harm_p50']:,.1f}" for n in names))
        out.print(table)

    guarded(run)
