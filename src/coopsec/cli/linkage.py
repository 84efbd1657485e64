"""``coopsec linkage``: privacy-preserving record linkage on the authority's own machine.

``encode`` turns a CSV of persons into keyed Bloom-filter encodings (``*.clk.json``); the CSV and the
secret stay here, only the encodings are meant to leave (issue 13). ``exchange create|list|show|start``,
``submit`` and ``results`` take part in a matching exchange on the coopsec server's database, acting as a
named user (``--as``) exactly as through the API: the same checks, limits and audit
(:mod:`coopsec.linkage.server`). Here the matching job runs in this process, printing its progress.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coopsec.cli.common import JSON_HELP, emit_json, guarded, out
from coopsec.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coopsec.kb import KnowledgeBase
    from coopsec.store.models import User

linkage_app = typer.Typer(
    help="Privacy-preserving record linkage: encode lists under a shared secret; only encodings leave.",
    no_args_is_help=True,
)
exchange_app = typer.Typer(help="Matching exchanges: create, list, show, start.", no_args_is_help=True)
linkage_app.add_typer(exchange_app, name="exchange")
AsOpt = Annotated[str, typer.Option("--as", help="The user to act as (their authority and roles decide)")]
ExchangeOpt = Annotated[str, typer.Option("--exchange", help="The exchange's id (`coopsec linkage exchange list`)")]
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]


@linkage_app.command("encode")
def encode_cmd(
    source: Annotated[Path, typer.Argument(help="CSV with a header row: the schema's id column and fields")],
    schema: Annotated[str, typer.Option("--schema", help="A schema of data/linkage (e.g. persons) or a YAML file")],
    secret_file: Annotated[
        Path, typer.Option("--secret-file", help="File holding the secret shared with the other authorities")
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the encodings (*.clk.json)")],
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Encode SOURCE's records as hardened Bloom filters; the secret and the plaintext never leave this machine."""

    def run() -> None:
        from coopsec.linkage import encode, load_schema, read_secret

        chosen = load_schema(schema)
        secret = read_secret(secret_file)
        try:
            with source.open(newline="", encoding="utf-8") as handle:
                reader = csv.DictReader(handle)
                missing = [f.name for f in chosen.fields if f.name not in (reader.fieldnames or [])]
                if chosen.id_column not in (reader.fieldnames or []):
                    missing.insert(0, chosen.id_column)
                if missing:
                    raise InputError(
                        f"{source} lacks the column(s) {', '.join(missing)} of schema {chosen.id!r}: "
                        "add them to the header (empty values are allowed)"
                    )
                encoding = encode(reader, chosen, secret)
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"cannot read {source} ({err}): give a UTF-8 CSV file") from err
        encoding.save(output)
        summary = {
            "output": str(output),
            "records": len(encoding),
            "schema": encoding.schema,
            "bits": encoding.bits,
            "key_check": encoding.key_check,
        }
        if as_json:
            emit_json(summary)
        else:
            out.print(
                f"{len(encoding)} records encoded under schema {encoding.schema} ({encoding.bits} bits, "
                f"key check {encoding.key_check}) -> {output}",
                highlight=False,
            )

    guarded(run)


def _act(username: str, action: Callable[[Session, KnowledgeBase, User], Any]) -> Any:
    """Run ``action`` as ``username`` in one audited transaction (refusals keep their audit entry)."""
    from coopsec.cli.admin import _store
    from coopsec.cli.common import knowledge_base
    from coopsec.exchange.lookup import audited
    from coopsec.store.accounts import get_user

    kb = knowledge_base()
    return audited(_store(), lambda session: action(session, kb, get_user(session, username)))


def _state(e: dict[str, Any]) -> str:
    parties = ", ".join(f"{p['authority']} ({'submitted' if p['submitted'] else 'pending'})" for p in e["parties"])
    lines = [
        f"{e['id']}  {e['status']}: {e['progress']['stage']} ({e['progress']['fraction']:.0%})",
        f"  purpose: {e['purpose']}",
        f"  schema {e['schema']} ({e['schema_digest']}), key check {e['key_check']}, {e['mode']}, "
        f"false hits {e['false_hits']:g} per query{', watchlist check' if e['watchlist'] else ''}"
        f"{', ring ' + e['ring'] if e['ring'] else ''}",
        f"  created by {e['creator']['user']} ({e['creator']['authority']}) at {e['created_at']}",
        f"  parties: {parties}",
    ]
    if e["error"]:
        lines.append(f"  error: {e['error']}")
    return "\n".join(lines)


def _run_job(user: str, exchange_id: str, as_json: bool) -> dict[str, Any]:
    """Run the matching job here (the API runs it in a background thread); the exchange afterwards.

    Raises:
        StoreError: the job failed; its reason, stored on the exchange, is the message.

    """
    from coopsec.cli.admin import _store
    from coopsec.errors import StoreError
    from coopsec.linkage import job
    from coopsec.linkage.server import exchange_dict, get_exchange

    if not as_json:
        out.print(f"matching the lists of {exchange_id} here ...", highlight=False)
    job.run(_store(), exchange_id)
    body: dict[str, Any] = _act(user, lambda s, kb, u: exchange_dict(get_exchange(s, u, exchange_id), u))
    if body["status"] == "failed":
        raise StoreError(str(body["error"]))
    return body


@exchange_app.command("create")
def exchange_create(
    user: AsOpt,
    purpose: Annotated[str, typer.Option(help="What the cross-match is for, in words (10 to 2000 characters)")],
    key_check: Annotated[str, typer.Option("--key-check", help="The key check `coopsec linkage encode` printed")],
    party: Annotated[list[str], typer.Option("--party", help="A participating authority STATE/agency (repeat)")],
    schema: Annotated[str, typer.Option(help="The linkage schema id")] = "persons",
    schema_digest: Annotated[str | None, typer.Option(help="Digest of a schema not bundled")] = None,
    mode: Annotated[str, typer.Option(help="one-to-one or threshold")] = "one-to-one",
    false_hits: Annotated[float, typer.Option(help="Acceptable false hits per query record")] = 0.01,
    watchlist: Annotated[bool, typer.Option(help="A watchlist check: small lists accepted")] = False,
    ring: Annotated[str | None, typer.Option(help="Restrict the parties to a ring (core, ...)")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Open a matching exchange for the named authorities."""
    from coopsec.linkage.limits import LinkageLimits
    from coopsec.linkage.server import ExchangeIn, create_exchange, exchange_dict

    data = ExchangeIn(purpose, schema, key_check, tuple(party), mode, false_hits, watchlist, ring, schema_digest)

    def run() -> None:
        body = _act(user, lambda s, kb, u: exchange_dict(create_exchange(s, kb, u, data, LinkageLimits()), u))
        emit_json(body) if as_json else out.print(_state(body), highlight=False, soft_wrap=True)

    guarded(run)


@exchange_app.command("list")
def exchange_list(user: AsOpt, as_json: JsonOpt = False) -> None:
    """The exchanges the user's authority takes part in or created, newest first."""
    from coopsec.linkage.server import exchange_dict, visible_exchanges

    def run() -> None:
        body = _act(user, lambda s, kb, u: [exchange_dict(e, u) for e in visible_exchanges(s, u)])
        if as_json:
            emit_json({"items": body})
        else:
            out.print("\n".join(_state(e) for e in body) or "no linkage exchanges", highlight=False, soft_wrap=True)

    guarded(run)


@exchange_app.command("show")
def exchange_show(exchange: Annotated[str, typer.Argument(help="The exchange's id")], user: AsOpt,
                  as_json: JsonOpt = False) -> None:  # fmt: skip
    """One exchange: parties submitted or pending, the job's progress."""
    from coopsec.linkage.server import exchange_dict, get_exchange

    def run() -> None:
        body = _act(user, lambda s, kb, u: exchange_dict(get_exchange(s, u, exchange), u))
        emit_json(body) if as_json else out.print(_state(body), highlight=False, soft_wrap=True)

    guarded(run)


@exchange_app.command("start")
def exchange_start(exchange: Annotated[str, typer.Argument(help="The exchange's id")], user: AsOpt,
                   as_json: JsonOpt = False) -> None:  # fmt: skip
    """Close submissions and run the matching job here (the creator, or a party once all have submitted)."""
    from coopsec.linkage.parties import start

    def run() -> None:
        _act(user, lambda s, kb, u: start(s, u, exchange))
        body = _run_job(user, exchange, as_json)
        emit_json(body) if as_json else out.print(_state(body), highlight=False, soft_wrap=True)

    guarded(run)


@linkage_app.command("submit")
def submit_cmd(
    source: Annotated[Path, typer.Argument(help="The *.clk.json file `coopsec linkage encode` wrote")],
    exchange: ExchangeOpt,
    user: AsOpt,
    as_json: JsonOpt = False,
) -> None:
    """Submit the user's authority's one encoded list; only the encodings leave. The last one starts the job."""
    import json

    from coopsec.linkage.limits import LinkageLimits
    from coopsec.linkage.parties import start, submit

    def run() -> None:
        try:
            doc = json.loads(source.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise InputError(
                f"cannot read {source} ({err}): give the *.clk.json file of `coopsec linkage encode`"
            ) from err
        body = _act(user, lambda s, kb, u: submit(s, kb, u, exchange, doc, LinkageLimits()))
        if body["ready"]:
            _act(user, lambda s, kb, u: start(s, u, exchange))
            body = {**_run_job(user, exchange, as_json), "ready": True}
        if as_json:
            emit_json(body)
        else:
            out.print(f"submitted {body['you']['records']} encodings to {exchange}", highlight=False)
            out.print(_state(body), highlight=False, soft_wrap=True)

    guarded(run)


@linkage_app.command("results")
def results_cmd(exchange: ExchangeOpt, user: AsOpt, as_json: JsonOpt = False) -> None:
    """The matched pairs involving the user's authority (nobody else's)."""
    from coopsec.linkage.parties import results

    def run() -> None:
        body = _act(user, lambda s, kb, u: results(s, kb, u, exchange))
        if as_json:
            emit_json(body)
            return
        out.print(f"{len(body['pairs'])} matched pair(s) for {body['authority']} ({body['mode']})", highlight=False)
        for p in body["pairs"]:
            out.print(f"{p['ref']}  <->  {p['other_authority']} {p['other_ref']}  Dice {p['similarity']:.3f}",
                      highlight=False)  # fmt: skip

    guarded(run)
