"""``coopsec records ...``: the information exchange from the command line, acting as a named user.

Thin over :mod:`coopsec.exchange.records`: every command names the user it acts as (``--as``),
whose authority, roles and clearance decide what they may share and see, exactly as through the
API; a record the user may not see is "no record" (exit 2), whether it exists or not. Reads are
audited like the API's, so every command opens a write session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coopsec.cli.common import JSON_HELP, emit_json, guarded, knowledge_base, on_date, out
from coopsec.cli.stix import stix_app

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coopsec.kb import KnowledgeBase
    from coopsec.store.models import User

records_app = typer.Typer(help="Share and read records between authorities (issue 12).", no_args_is_help=True)
release_app = typer.Typer(help="Ask for, grant or refuse the release of a record further.", no_args_is_help=True)
records_app.add_typer(release_app, name="release")
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
AsOpt = Annotated[str, typer.Option("--as", help="The user to act as (their authority, roles and clearance decide)")]
OnOpt = Annotated[str | None, typer.Option("--on", help="Day of access (YYYY-MM-DD); rings as of that day")]


def _run(username: str, action: Callable[[Session, KnowledgeBase, User], Any], as_json: bool,
         said: Callable[[Any], str]) -> None:  # fmt: skip
    """Run ``action`` as ``username`` in one (audited) transaction and print its result."""
    from coopsec.cli.admin import _store
    from coopsec.exchange.records import audited
    from coopsec.store.accounts import get_user

    def run() -> None:
        kb = knowledge_base()
        body = audited(_store(), lambda session: action(session, kb, get_user(session, username)))
        emit_json(body) if as_json else out.print(said(body), highlight=False, soft_wrap=True)

    guarded(run)


def _line(r: dict[str, Any]) -> str:
    where = r["distribution"]["ring"] or ",".join(r["distribution"]["authorities"]) or r["distribution"]["scope"]
    flag = " RETRACTED" if r["status"] == "retracted" else ""
    return f"{r['id']}  TLP:{r['tlp']:<12} {r['handling']} {r['evaluation']}  {r['originator']['authority']:<14} {where:<20} {r['title']}{flag}"  # noqa: E501


def _entity(text: str) -> Any:
    from coopsec.errors import InputError
    from coopsec.exchange.model import Entity

    kind, sep, value = text.partition("=")
    if not sep:
        raise InputError(f"entity {text[:60]!r} must be written KIND=VALUE, e.g. phone=+33 6 12 34 56 78")
    return Entity(kind.strip(), value.strip())


@records_app.command("share")
def share_cmd(
    title: str,
    user: AsOpt,
    scope: Annotated[str, typer.Option(help="authority, authorities, ring or members")],
    tlp: Annotated[str, typer.Option(help="CLEAR, GREEN, AMBER, AMBER+STRICT or RED")],
    handling: Annotated[str, typer.Option(help="H0, H1, H2 or H3 (H3 needs --note)")],
    evaluation: Annotated[str, typer.Option(help="Source reliability A/B/C/X then accuracy 1-4, e.g. B2")],
    body: Annotated[str, typer.Option(help="The message")] = "",
    authority: Annotated[list[str] | None, typer.Option("--authority", help="A named recipient STATE/agency")] = None,
    ring: Annotated[str | None, typer.Option(help="core, collective-security or partners")] = None,
    note: Annotated[str | None, typer.Option(help="The provider's restrictions (H3)")] = None,
    entity: Annotated[list[str] | None, typer.Option("--entity", help="KIND=VALUE, e.g. person=Jean Dupont")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Share a record from the user's authority."""
    from coopsec.exchange.model import RecordIn
    from coopsec.exchange.records import record_dict, share

    def action(session: Session, kb: KnowledgeBase, acting: User) -> dict[str, Any]:
        data = RecordIn(title=title, body=body, scope=scope, handling=handling, tlp=tlp, evaluation=evaluation,
                        entities=tuple(_entity(e) for e in entity or ()), authorities=tuple(authority or ()),
                        ring=ring, handling_note=note)  # fmt: skip
        return record_dict(share(session, kb, acting, data))

    _run(user, action, as_json, lambda r: f"shared {r['id']}: {r['title']} (TLP:{r['tlp']}, {r['handling']})")


@records_app.command("list")
def list_cmd(
    user: AsOpt,
    q: Annotated[str | None, typer.Option("--q", help="Words every record must hold")] = None,
    limit: Annotated[int, typer.Option(help="Page size (1-1000)")] = 50,
    offset: Annotated[int, typer.Option(help="Records to skip")] = 0,
    on: OnOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List the records the user may see, newest first (with --q: those holding every word)."""
    from coopsec.exchange.records import list_visible, record_dict

    def action(session: Session, kb: KnowledgeBase, acting: User) -> dict[str, Any]:
        day = on_date(on)
        page = list_visible(session, kb, acting, q=q, on=day, limit=limit, offset=offset)
        items = [record_dict(r) for r in page.items]
        return {"items": items, "total": page.total, "total_exact": page.exact, "limit": limit, "offset": offset}

    def said(b: dict[str, Any]) -> str:
        more = "" if b["total_exact"] else " or more"
        return "\n".join([*(_line(r) for r in b["items"]), f"{len(b['items'])} of {b['total']}{more} record(s)"])

    _run(user, action, as_json, said)


@records_app.command("show")
def show_cmd(record_id: str, user: AsOpt, on: OnOpt = None, as_json: JsonOpt = False) -> None:
    """Show one record (exit 2 "no record" when the user may not see it; retracted: the notice, exit 1)."""
    from coopsec.exchange.records import get_visible, record_dict

    def said(r: dict[str, Any]) -> str:
        ents = [f"  {e['kind']}: {e['value']}" for e in r["entities"]]
        note = f"\nhandling note: {r['handling_note']}" if r["handling_note"] else ""
        return "\n".join([_line(r) + note, r["body"], *ents])

    _run(user, lambda s, kb, u: record_dict(get_visible(s, kb, u, record_id, on_date(on))), as_json, said)


@records_app.command("retract")
def retract_cmd(
    record_id: str,
    user: AsOpt,
    reason: Annotated[str, typer.Option(help="Why recipients must no longer use it")],
    as_json: JsonOpt = False,
) -> None:
    """Retract a record (its originating authority only)."""
    from coopsec.exchange.records import record_dict, retract

    _run(user, lambda s, kb, u: record_dict(retract(s, kb, u, record_id, reason)), as_json,
         lambda r: f"retracted {r['id']}: {r['retraction_reason']}")  # fmt: skip


@release_app.command("request")
def request_cmd(
    record_id: str,
    user: AsOpt,
    to: Annotated[str, typer.Option("--to", help="The authority STATE/agency to release it to")],
    reason: Annotated[str, typer.Option(help="Why")],
    as_json: JsonOpt = False,
) -> None:
    """Ask the originator to release a record to one more authority."""
    from coopsec.exchange.records import release_dict, request_release

    _run(user, lambda s, kb, u: release_dict(request_release(s, kb, u, record_id, to, reason)), as_json,
         lambda b: f"release request {b['id']} to {b['authority']}: {b['status']}")  # fmt: skip


def _decide_cmd(record_id: str, request_id: int, user: str, grant: bool, as_json: bool) -> None:
    from coopsec.exchange.records import decide_release, release_dict

    _run(user, lambda s, kb, u: release_dict(decide_release(s, kb, u, record_id, request_id, grant)), as_json,
         lambda b: f"release request {b['id']} to {b['authority']}: {b['status']}")  # fmt: skip


@release_app.command("grant")
def grant_cmd(record_id: str, request_id: int, user: AsOpt, as_json: JsonOpt = False) -> None:
    """Grant a release request (the originating authority only)."""
    _decide_cmd(record_id, request_id, user, True, as_json)


@release_app.command("refuse")
def refuse_cmd(record_id: str, request_id: int, user: AsOpt, as_json: JsonOpt = False) -> None:
    """Refuse a release request (the originating authority only)."""
    _decide_cmd(record_id, request_id, user, False, as_json)


records_app.registered_commands.extend(stix_app.registered_commands)  # export, import: coopsec.cli.stix
