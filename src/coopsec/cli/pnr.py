"""``coopsec pnr ...``: PNR screening under Directive (EU) 2016/681 from the command line (issue 13).

Thin over :mod:`coopsec.pnr`. ``--as USER`` names the Passenger Information Unit user who acts (checked
like the API: a PIU user, with an analyst role to write); without it the actor recorded in the audit
log is ``cli`` (the operator of the machine). ``review decide`` and ``review flag`` always need ``--as``:
a decision is a named person's. Every command prints JSON with ``--json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coopsec.cli.common import JSON_HELP, emit_json, guarded, out

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coopsec.pnr.facts import PnrFacts

pnr_app = typer.Typer(help="PNR screening under Directive (EU) 2016/681 (issue 13).", no_args_is_help=True)
review_app = typer.Typer(help="The human review queue of screening hits.", no_args_is_help=True)
pnr_app.add_typer(review_app, name="review")
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
AsOpt = Annotated[str | None, typer.Option("--as", help="The PIU user who acts (default: cli, for the audit log)")]
NowOpt = Annotated[str | None, typer.Option("--now", help="The time to act as of (ISO; default now), for tests")]
PurposeOpt = Annotated[str, typer.Option("--purpose", help="terrorism or an Annex II code (coopsec pnr purposes)")]


def _run(
    action: Callable[[Session, PnrFacts, str], Any],
    as_json: bool,
    said: Callable[[Any], str],
    user: str | None,
    *,
    write: bool = True,
) -> None:
    """Run ``action`` as ``user`` (or ``cli``) in one audited transaction and print its result."""
    from coopsec.cli.admin import _store
    from coopsec.pnr.access import require_piu
    from coopsec.pnr.facts import load_facts
    from coopsec.store.accounts import get_user

    def run() -> None:
        facts = load_facts()
        with _store().session(write=write) as session:
            actor = require_piu(get_user(session, user), write=write) if user else "cli"
            body = action(session, facts, actor)
        emit_json(body) if as_json else out.print(said(body), highlight=False, soft_wrap=True)

    guarded(run)


def _now(text: str | None) -> Any:
    from coopsec.pnr.clock import parse_iso

    return parse_iso(text) if text else None


def _sealer() -> Any:
    from coopsec.pnr.seal import Sealer
    from coopsec.settings import get_settings

    return Sealer(get_settings().secret_key)


def _read_json(path: Path) -> Any:
    from coopsec.errors import InputError

    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise InputError(f"cannot read {path} ({err}): give a JSON file") from err


def read_batch_file(path: Path) -> tuple[Any, str]:
    """A batch file's document and format: PNRGOV EDIFACT or coopsec-pnr/1 JSON."""
    from coopsec.errors import InputError
    from coopsec.pnr.pnrgov import looks_like_edifact, parse_pnrgov

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise InputError(f"cannot read {path} ({err.strerror})") from err
    if looks_like_edifact(text):
        return parse_pnrgov(text), "pnrgov-edifact"
    try:
        return json.loads(text), "json"
    except ValueError as err:
        raise InputError(f"{path} is neither JSON ({err}) nor PNRGOV EDIFACT") from err


@pnr_app.command("ingest")
def ingest_cmd(file: Path, user: AsOpt = None, now: NowOpt = None, as_json: JsonOpt = False) -> None:
    """Ingest a PNR batch (coopsec-pnr/1 JSON or PNRGOV EDIFACT): good records stored, bad ones listed."""
    from coopsec.pnr.ingest import ingest

    def action(session: Session, facts: PnrFacts, actor: str) -> dict[str, Any]:
        doc, source = read_batch_file(file)
        return ingest(session, facts, doc, actor, now=_now(now), source=source).as_dict()

    def said(b: dict[str, Any]) -> str:
        lines = [
            f"batch {b['batch']}: {b['stored']} record(s) stored, {len({r['index'] for r in b['rejected']})} rejected"
        ]
        lines += [
            f"  record {r['index']} ({r['locator'] or 'no locator'}) {r['field']}: {r['message']}"
            for r in b["rejected"]
        ]
        return "\n".join(lines)

    _run(action, as_json, said, user)


@pnr_app.command("screen")
def screen_cmd(
    watchlist: Annotated[Path, typer.Option("--watchlist", help="A watchlist JSON, or a *.clk.json encoding")],
    purpose: PurposeOpt,
    secret_file: Annotated[Path | None, typer.Option("--secret-file", help="The shared secret (encoded lists)")] = None,
    criteria: Annotated[
        Path | None, typer.Option("--criteria", help="A criteria file instead of criteria.yaml")
    ] = None,
    user: AsOpt = None,
    now: NowOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Screen passengers against a watchlist for a stated purpose; every hit is queued for human review."""
    from coopsec.errors import InputError
    from coopsec.pnr.facts import load_criteria
    from coopsec.pnr.screen import read_watchlist, screen

    def action(session: Session, facts: PnrFacts, actor: str) -> dict[str, Any]:
        doc = _read_json(watchlist)
        if isinstance(doc, dict) and doc.get("format") == "coopsec-clk/1":
            from coopsec.linkage.clk import Encoding
            from coopsec.linkage.encode import read_secret
            from coopsec.pnr.screen_encoded import screen_encoded

            if secret_file is None:
                raise InputError("an encoded watchlist needs --secret-file: the secret it was encoded with")
            return screen_encoded(
                session,
                facts,
                Encoding.from_json(doc),
                read_secret(secret_file),
                purpose,
                actor,
                name=watchlist.name,
                now=_now(now),
            ).as_dict()
        rules = load_criteria(criteria, facts) if criteria else None
        return screen(session, facts, read_watchlist(doc), purpose, actor, criteria=rules, now=_now(now)).as_dict()

    _run(
        action,
        as_json,
        lambda b: (
            f"screening {b['screening']} ({b['purpose']}): {b['screened']} passenger(s), "
            f"{len(b['hits'])} hit(s) queued for human review"
        ),
        user,
    )


def _hit_line(h: dict[str, Any]) -> str:
    p = h["passenger"]
    who = f"{p['surname'] or '(masked)'}/{p['given_names'] or ''} {p['date_of_birth'] or ''}".strip()
    return (
        f"{h['id']:>5}  {h['status']:<9} {h['criterion']:<18} entry {h['entry']:<10} {h['record']['locator']:<8} {who}"
    )


@review_app.command("list")
def review_list(
    status: Annotated[str | None, typer.Option(help="pending (default), confirmed, dismissed or all")] = "pending",
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List hits (default: those waiting for review), oldest first."""
    from coopsec.pnr.review import list_hits

    def action(session: Session, facts: PnrFacts, actor: str) -> dict[str, Any]:
        return list_hits(session, None if status == "all" else status, limit=limit, offset=offset)

    def said(b: dict[str, Any]) -> str:
        return "\n".join([*(_hit_line(h) for h in b["items"]), f"{len(b['items'])} of {b['page']['total']} hit(s)"])

    _run(action, as_json, said, user, write=False)


@review_app.command("show")
def review_show(hit: int, user: AsOpt = None, as_json: JsonOpt = False) -> None:
    """Show one hit with the passenger and the criteria that held."""
    from coopsec.pnr.review import get_hit

    _run(
        lambda s, f, a: get_hit(s, hit),
        as_json,
        lambda h: _hit_line(h) + "\n" + json.dumps(h["detail"]),
        user,
        write=False,
    )


@review_app.command("decide")
def review_decide(
    hit: int,
    decision: Annotated[str, typer.Argument(help="confirmed or dismissed")],
    reason: Annotated[str, typer.Option(help="Why, in words (audited)")],
    user: Annotated[str, typer.Option("--as", help="The reviewer (a PIU user with an analyst role)")],
    now: NowOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a reviewer's decision on a pending hit."""
    from coopsec.pnr.review import decide

    _run(
        lambda s, f, a: decide(s, hit, decision, a, reason, now=_now(now)),
        as_json,
        lambda h: f"hit {h['id']} {h['status']} by {h['decision']['by']}",
        user,
    )


@review_app.command("flag")
def review_flag(
    passenger: Annotated[str, typer.Argument(help="The passenger's ref, as a hit shows it")],
    reason: Annotated[str, typer.Option(help="The objective evidence, in words (audited)")],
    user: Annotated[str, typer.Option("--as", help="The reviewer (a PIU user with an analyst role)")],
    now: NowOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record objective evidence for a passenger: their data are kept in full after six months."""
    from coopsec.pnr.review import flag_evidence

    _run(
        lambda s, f, a: flag_evidence(s, passenger, a, reason, now=_now(now)),
        as_json,
        lambda p: f"passenger {p['ref']} kept in full on evidence recorded by {p['evidence']['by']}",
        user,
    )


@pnr_app.command("retention")
def retention_cmd(
    run: Annotated[
        bool, typer.Option("--run", help="Depersonalise and delete what is due (default: status only)")
    ] = False,
    now: NowOpt = None,
    user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the retention status, or with --run depersonalise at 6 months and delete at 5 years (Art. 12)."""
    from coopsec.pnr import retention

    def action(session: Session, facts: PnrFacts, actor: str) -> dict[str, Any]:
        if run:
            return retention.run(session, facts, _sealer(), actor, now=_now(now)).as_dict()
        return retention.status(session, facts, now=_now(now))

    def said(b: dict[str, Any]) -> str:
        if run:
            return (
                f"as of {b['now']}: {len(b['depersonalised'])} record(s) depersonalised "
                f"({len(b['kept_in_full'])} passenger(s) kept in full on evidence), {len(b['deleted'])} deleted"
            )
        return (
            f"as of {b['now']}: {b['records']} record(s), {b['depersonalised']} depersonalised, "
            f"{b['due_for_depersonalisation']} due for depersonalisation, {b['due_for_deletion']} due for deletion, "
            f"{b['kept_in_full_on_evidence']} passenger(s) kept in full on evidence"
        )

    _run(action, as_json, said, user, write=run)


@pnr_app.command("disclose")
def disclose_cmd(
    record: int,
    purpose: PurposeOpt,
    reason: Annotated[str, typer.Option(help="The specific case, in words (audited)")],
    approved_by: Annotated[str | None, typer.Option(help="court or independent-body (after six months)")] = None,
    approver: Annotated[str | None, typer.Option(help="The approving court or body")] = None,
    approval_ref: Annotated[str | None, typer.Option(help="The approval's reference")] = None,
    approved_on: Annotated[str | None, typer.Option(help="When it was approved (ISO; default: now)")] = None,
    user: AsOpt = None,
    now: NowOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Disclose a record's full data for a specific case; after six months only with a recorded approval."""
    from coopsec.pnr import retention
    from coopsec.pnr.clock import parse_iso, utc

    def action(session: Session, facts: PnrFacts, actor: str) -> dict[str, Any]:
        approval = None
        if approved_by:
            when = parse_iso(approved_on, "--approved-on") if approved_on else utc(_now(now))
            approval = retention.Approval(approved_by, approver or "", approval_ref or "", when)
        return retention.disclose(
            session, facts, _sealer(), record, actor, reason=reason, purpose=purpose, approval=approval, now=_now(now)
        )

    _run(action, as_json, lambda b: json.dumps(b, ensure_ascii=False, indent=2), user)


@pnr_app.command("purposes")
def purposes_cmd(as_json: JsonOpt = False) -> None:
    """The purposes a screening run may state: terrorism and the serious crimes of Annex II."""
    from coopsec.pnr.facts import load_facts

    def run() -> None:
        codes = load_facts().directive.purpose_codes()
        emit_json(codes) if as_json else out.print("\n".join(f"{c:<28} {t}" for c, t in codes.items()), highlight=False)

    guarded(run)


@pnr_app.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of one PNR record of a coopsec-pnr/1 batch (the batch: format, flight, records)."""
    from coopsec.pnr.schema import BatchHead, PnrRecord

    emit_json({"batch": BatchHead.model_json_schema(), "record": PnrRecord.model_json_schema()})


@pnr_app.command("generate")
def generate_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the batch JSON")],
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same batch)")] = 0,
    records: Annotated[int, typer.Option(min=1, max=100_000)] = 50,
    invalid: Annotated[int, typer.Option(min=0, max=1000, help="Defective records to append")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Write a synthetic PNR batch (fictional people only)."""
    from coopsec.pnr.facts import load_facts
    from coopsec.pnr.generate import generate_batch

    def run() -> None:
        doc = generate_batch(load_facts(), seed=seed, records=records, invalid=invalid)
        output.write_text(json.dumps(doc, indent=1), encoding="utf-8")
        body = {"output": str(output), "records": records, "invalid": invalid, "seed": seed}
        emit_json(body) if as_json else out.print(f"wrote {records + invalid} PNR(s) to {output}", highlight=False)

    guarded(run)
