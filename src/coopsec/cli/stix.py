"""``coopsec records export|import``: STIX 2.1 bundles of shared records, acting as a named user.

Thin over :mod:`coopsec.exchange.stix_io`: an export holds exactly what ``--as`` may list (the one
access decision, audited); an import shares each report of the bundle as a record of ``--as``'s
authority, distributed as ``--scope`` says, in one transaction (all or nothing).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from coopsec.cli.common import JSON_HELP, emit_json, guarded, knowledge_base, out
from coopsec.errors import InputError

stix_app = typer.Typer(help="STIX 2.1 bundles of shared records (issue 12).", no_args_is_help=True)
AsOpt = Annotated[str, typer.Option("--as", help="The user to act as (their authority and clearance decide)")]


def _split(given: list[str] | None) -> tuple[str, ...]:
    return tuple(a.strip() for text in given or [] for a in text.split(",") if a.strip())


@stix_app.command("export")
def export_cmd(
    user: AsOpt,
    output: Annotated[Path, typer.Option("-o", "--output", help="The bundle file to write (- for stdout)")],
    q: Annotated[str | None, typer.Option("--q", help="Only records holding every word of this text")] = None,
) -> None:
    """Write a STIX 2.1 bundle of every record USER may see (revoked reports for retracted ones)."""

    def run() -> None:
        from coopsec.cli.admin import _store
        from coopsec.exchange.stix_io import export_bundle
        from coopsec.store.accounts import get_user

        kb = knowledge_base()
        with _store().session() as session:
            found = export_bundle(session, kb, get_user(session, user), q=q)
        text = json.dumps(found, ensure_ascii=False, indent=2) + "\n"
        if str(output) == "-":
            typer.echo(text, nl=False)
            return
        output.write_text(text, encoding="utf-8")
        reports = sum(o["type"] == "report" for o in found["objects"])
        out.print(f"{reports} record(s) written to {output} as a STIX 2.1 bundle", highlight=False)

    guarded(run)


@stix_app.command("import")
def import_cmd(
    bundle_file: Annotated[Path, typer.Argument(help="The STIX 2.1 bundle (JSON)", metavar="BUNDLE")],
    user: AsOpt,
    scope: Annotated[str, typer.Option(help="Who sees the records: authority, authorities, ring or members")],
    ring: Annotated[str | None, typer.Option(help="For --scope ring: core, collective-security or partners")] = None,
    authorities: Annotated[
        list[str] | None,
        typer.Option(
            "--authorities", "--authority", help="For --scope authorities: STATE/agency (repeat, or comma-separated)"
        ),
    ] = None,
    tlp: Annotated[
        str | None, typer.Option(help="TLP label of reports that carry none (else they are refused)")
    ] = None,
    handling: Annotated[str | None, typer.Option(help="Handling code of reports without one (H0-H3)")] = None,
    evaluation: Annotated[str | None, typer.Option(help="Evaluation of reports without one (A1-X4)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Share every report of BUNDLE as a record of USER's authority; refuse the whole bundle on any bad marking."""

    def run() -> None:
        from coopsec.cli.admin import _store
        from coopsec.exchange.stix_import import load_bundle
        from coopsec.exchange.stix_io import import_bundle
        from coopsec.store.accounts import get_user

        try:
            text = bundle_file.read_text(encoding="utf-8")
        except OSError as err:
            raise InputError(f"cannot read {bundle_file}: {err.strerror}: give the path of a STIX 2.1 bundle") from err
        found, kb = load_bundle(text), knowledge_base()
        with _store().session() as session:
            shared, read = import_bundle(
                session, kb, get_user(session, user), found, scope=scope, authorities=_split(authorities),
                ring=ring, tlp=tlp, handling=handling, evaluation=evaluation,
            )  # fmt: skip
            imported = [
                {"id": r.id, "source": i.source_id, "title": r.title, "tlp": r.tlp}
                for r, i in zip(shared, read.records, strict=True)
            ]
        body = {"imported": imported, "skipped": read.skipped}
        if as_json:
            emit_json(body)
            return
        for row in imported:
            out.print(f"{row['id']}  TLP:{row['tlp']}  {row['title']}  (from {row['source']})", highlight=False)
        for skipped in read.skipped:
            out.print(f"skipped {skipped}", highlight=False)
        out.print(f"{len(shared)} record(s) imported, {len(read.skipped)} skipped", highlight=False)

    guarded(run)
