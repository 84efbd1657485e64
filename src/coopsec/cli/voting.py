"""``coopsec vote RULE ...`` and ``coopsec power RULE ...``: how the core decides (issue 14).

Thin over :mod:`coopsec.voting`. Members not named vote yes; ``--explain`` prints each criterion;
``--json`` prints the outcome document (``rule``, ``on``, ``adopted``, ``criteria``, ``flips``).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from coopsec.cli.common import JSON_HELP, ON_HELP, emit_json, guarded, knowledge_base, on_date, out
from coopsec.errors import ConflictError

JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
OnOpt = Annotated[str | None, typer.Option("--on", help=ON_HELP)]
RuleArg = Annotated[
    str,
    typer.Argument(
        help="simple, qmv, rqmv, qmv-partial, rqmv-partial, unanimity, consensus, consensus-minus-one "
        "(data/voting/rules.yaml)"
    ),
]
ForumOpt = Annotated[str | None, typer.Option("--forum", help="For consensus rules: NATO or OSCE")]
PartOpt = Annotated[
    str | None,
    typer.Option("--participants", help="Only these take part: an organisation (PESCO) or a comma list of codes"),
]
ConcernedOpt = Annotated[
    str | None,
    typer.Option("--concerned", help="The State concerned, left out (Art. 46(4) TEU; OSCE consensus-minus-one)"),
]
StatesOpt = Annotated[str | None, typer.Option(help="Comma list of state codes")]


def _print_outcome(report: dict[str, Any], explain: bool) -> None:
    verdict = "[bold green]adopted[/]" if report["adopted"] else "[bold red]not adopted[/]"
    council = report["council"]
    out.print(
        f"{report['legal']['title']} ({report['legal']['article']}), {council['organisation']} on {report['on']}, "
        f"{council['taking_part']} of {council['of']} members taking part: {verdict}"
    )
    if explain:
        for criterion in report["criteria"]:
            mark = {True: "[green]met[/]", False: "[red]missed[/]", None: "[dim]note[/]"}[criterion["met"]]
            out.print(f"  {mark}  {criterion['text']}", highlight=False)
        if council["table"]:
            table = council["table"]
            out.print(f"  [dim]population table {table['id']} ({table['basis']}, {table['reference_date']})[/]")
    flips = report["flips"]
    if flips:
        changes = ", ".join(f"{c['state']} {c['from']} -> {c['to']}" for c in flips)
        out.print(f"smallest change that would reverse it ({len(flips)} state(s)): {changes}", highlight=False)
    else:
        out.print("no change of vote would reverse it")


def vote_cmd(
    rule: RuleArg,
    no: StatesOpt = None,
    objections: Annotated[str | None, typer.Option(help="Consensus rules: states objecting (same as --no)")] = None,
    abstain: StatesOpt = None,
    abstain_formally: Annotated[
        str | None, typer.Option("--abstain-formally", help="Unanimity: formal abstention (Art. 31(1) TEU)")
    ] = None,
    absent: StatesOpt = None,
    on: OnOpt = None,
    forum: ForumOpt = None,
    participants: PartOpt = None,
    concerned: ConcernedOpt = None,
    explain: Annotated[bool, typer.Option("--explain", help="Print every criterion, met or missed")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Decide a ballot under RULE: members not named vote yes; says why, and the smallest change that flips it."""

    def run() -> None:
        from coopsec.voting import vote_report

        if no and objections:
            raise ConflictError("give the states against with --no or with --objections, not both")
        named = {"no": no or objections, "abstain": abstain, "abstain-formally": abstain_formally, "absent": absent}
        report = vote_report(knowledge_base(), rule, on_date(on), named, forum, participants, concerned)
        if as_json:
            emit_json(report)
        else:
            _print_outcome(report, explain)

    guarded(run)


def power_cmd(
    rule: RuleArg,
    on: OnOpt = None,
    forum: ForumOpt = None,
    participants: PartOpt = None,
    concerned: ConcernedOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Each member's exact Banzhaf and Shapley-Shubik index under RULE (normalised: each sums to 1)."""

    def run() -> None:
        from rich.table import Table

        from coopsec.voting import power_report

        report = power_report(knowledge_base(), rule, on_date(on), forum, participants, concerned)
        if as_json:
            emit_json(report)
            return
        table = Table(title=f"Voting power under {report['rule']} on {report['on']}")
        for column in ("member", "population", "Banzhaf", "Shapley-Shubik"):
            table.add_column(column, justify="left" if column == "member" else "right")
        ranked = sorted(report["members"].items(), key=lambda item: (-item[1]["banzhaf"], item[0]))
        for code, row in ranked:
            pop = "" if row["population"] is None else f"{row['population']:,}"
            table.add_row(code, pop, f"{row['banzhaf']:.4f}", f"{row['shapley_shubik']:.4f}")
        out.print(table)

    guarded(run)
