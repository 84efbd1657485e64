"""``coopsec incident ...``: crisis coordination from the command line, acting as a named user.

Thin over :mod:`coopsec.response.coordination`: every write names the user it acts as (``--as``),
whose roles and authority decide what they may do, exactly as through the API; the step and its
audit entry carry that user's name. Whoever runs the CLI reaches the database directly, so this is
for operators and scripts on the server, as ``coopsec users`` is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coopsec.cli.common import JSON_HELP, emit_json, guarded, knowledge_base, out

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coopsec.obligations import Assessor
    from coopsec.store.models import User

incident_app = typer.Typer(help="Coordinate the response to an incident (issue 11).", no_args_is_help=True)
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
AsOpt = Annotated[str, typer.Option("--as", help="The user to act as (their roles and authority decide)")]
WhenOpt = Annotated[str | None, typer.Option("--when", help="When it happened (ISO 8601); default now (replays)")]
VersionOpt = Annotated[int | None, typer.Option(help="The version you read: refused if it changed since")]


def _assessor() -> Assessor:
    from coopsec.obligations import assessor_for

    return assessor_for(knowledge_base())


def _write(username: str, step: Callable[[Session, User], Any], show: Callable[[Any], dict[str, Any]],
           as_json: bool, said: Callable[[dict[str, Any]], str]) -> None:  # fmt: skip
    """Run one transition as ``username`` in one write transaction and print its result."""
    from coopsec.cli.admin import _store
    from coopsec.store.accounts import get_user

    def run() -> None:
        with _store().session() as session:
            body = show(step(session, get_user(session, username)))
        emit_json(body) if as_json else out.print(said(body), highlight=False)

    guarded(run)


def _read(action: Callable[[Session], Any], as_json: bool, said: Callable[[Any], str]) -> None:
    from coopsec.cli.admin import _store

    def run() -> None:
        with _store().session(write=False) as session:
            body = action(session)
        emit_json(body) if as_json else out.print(said(body), highlight=False, soft_wrap=True)

    guarded(run)


def _views() -> Any:
    from coopsec.response import coordination_views

    return coordination_views


@incident_app.command("report")
def report_cmd(
    kind: str,
    user: AsOpt,
    victim: Annotated[str, typer.Option(help="The affected state")],
    place: Annotated[str, typer.Option(help="Where (free text)")],
    occurred: Annotated[str, typer.Option(help="When it happened (ISO 8601 date or date-time)")],
    casualties: Annotated[int, typer.Option(help="Dead and injured known so far")] = 0,
    cbrn: Annotated[bool, typer.Option("--cbrn", help="Chemical, biological, radiological or nuclear")] = False,
    cross_border: Annotated[bool, typer.Option("--cross-border", help="Links to other states")] = False,
    online_propaganda: Annotated[bool, typer.Option("--online-propaganda", help="Propaganda online")] = False,
    perpetrators: Annotated[str, typer.Option(help="Who, as far as known")] = "unknown",
    by: Annotated[str | None, typer.Option(help="For the obligation engine: a state, non-state or unknown")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Report an incident (a liaison officer of the affected state, or an administrator)."""
    from coopsec.response import report_incident

    def step(session: Session, acting: User) -> Any:
        return report_incident(
            session, _assessor(), acting, kind=kind, victim=victim, place=place, occurred_at=occurred,
            casualties=casualties, cbrn=cbrn, cross_border=cross_border, online_propaganda=online_propaganda,
            perpetrators=perpetrators, by=by,
        )  # fmt: skip

    _write(user, step, _views().incident_summary, as_json,
           lambda b: f"incident {b['id']} reported: {b['kind']} in {b['victim']} at {b['place']}")  # fmt: skip


@incident_app.command("list")
def list_cmd(
    status: Annotated[str | None, typer.Option(help="open or closed")] = None, as_json: JsonOpt = False
) -> None:
    """List incidents, newest first."""

    def said(items: list[dict[str, Any]]) -> str:
        rows = [f"{i['id']:>4}  {i['status']:<6}  {i['occurred_at'][:10]}  {i['victim']}  {i['kind']}  {i['place']}"
                for i in items]  # fmt: skip
        return "\n".join(rows) or "no incidents"

    _read(lambda s: _views().list_incidents(s, status), as_json, said)


@incident_app.command("show")
def show_cmd(incident_id: int, as_json: JsonOpt = False) -> None:
    """Show an incident with its requests, offers, deliveries and timeline."""

    def said(body: dict[str, Any]) -> str:
        head = f"incident {body['id']} ({body['status']}, IPCR {body['ipcr_mode']}): {body['kind']} in {body['victim']}"
        steps = [f"  {s['at']}  {s['actor']} ({s['state']})  {s['action']}: {s['summary']}" for s in body["timeline"]]
        return "\n".join([head, *steps])

    _read(lambda s: _views().show_incident(s, incident_id), as_json, said)


@incident_app.command("ipcr")
def ipcr_cmd(incident_id: int, mode: str, user: AsOpt, when: WhenOpt = None, version: VersionOpt = None,
             as_json: JsonOpt = False) -> None:  # fmt: skip
    """Record the IPCR mode the Council presidency decided (its liaison officers on the day, or administrators)."""
    from coopsec.response import set_ipcr_mode

    _write(user, lambda s, u: set_ipcr_mode(s, u, incident_id, mode, when, version), _views().incident_summary,
           as_json, lambda b: f"incident {b['id']}: IPCR mode {b['ipcr_mode']}")  # fmt: skip


@incident_app.command("request")
def request_cmd(
    incident_id: int,
    user: AsOpt,
    mechanism: Annotated[str, typer.Option(help="e.g. tfeu-222, teu-42-7, eu-ucpm, nato-art4")],
    needs: Annotated[str, typer.Option(help="What the affected state needs")],
    when: WhenOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Invoke a mechanism and state the needs (the affected state)."""
    from coopsec.response import request_assistance

    _write(user, lambda s, u: request_assistance(s, _assessor(), u, incident_id, mechanism, needs, when),
           _views().request_dict, as_json, lambda b: f"request {b['id']} under {b['mechanism']} is open")  # fmt: skip


@incident_app.command("offer")
def offer_cmd(
    request_id: int,
    user: AsOpt,
    what: Annotated[str, typer.Option(help="What is offered")],
    state: Annotated[str | None, typer.Option(help="The offering state (administrators)")] = None,
    when: WhenOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Offer assistance under a request (only states its mechanism binds or admits)."""
    from coopsec.response import make_offer

    _write(user, lambda s, u: make_offer(s, _assessor(), u, request_id, what, state=state, at=when),
           _views().offer_dict, as_json, lambda b: f"offer {b['id']} of {b['state']} is pending")  # fmt: skip


def _decide(offer_id: int, user: str, accept: bool, when: str | None, version: int | None, as_json: bool) -> None:
    from coopsec.response import decide_offer

    _write(user, lambda s, u: decide_offer(s, u, offer_id, accept, when, version), _views().offer_dict, as_json,
           lambda b: f"offer {b['id']} of {b['state']} {b['status']}")  # fmt: skip


@incident_app.command("accept")
def accept_cmd(offer_id: int, user: AsOpt, when: WhenOpt = None, version: VersionOpt = None,
               as_json: JsonOpt = False) -> None:  # fmt: skip
    """Accept a pending offer (the affected state)."""
    _decide(offer_id, user, True, when, version, as_json)


@incident_app.command("decline")
def decline_cmd(offer_id: int, user: AsOpt, when: WhenOpt = None, version: VersionOpt = None,
                as_json: JsonOpt = False) -> None:  # fmt: skip
    """Decline a pending offer (the affected state)."""
    _decide(offer_id, user, False, when, version, as_json)


@incident_app.command("deliver")
def deliver_cmd(
    offer_id: int,
    user: AsOpt,
    what: Annotated[str, typer.Option(help="What was delivered")],
    when: WhenOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a delivery under an accepted offer."""
    from coopsec.response import deliver

    _write(user, lambda s, u: deliver(s, u, offer_id, what, when), _views().delivery_dict, as_json,
           lambda b: f"delivery {b['id']} recorded under offer {b['offer_id']}")  # fmt: skip


@incident_app.command("close")
def close_cmd(incident_id: int, user: AsOpt, when: WhenOpt = None, version: VersionOpt = None,
              as_json: JsonOpt = False) -> None:  # fmt: skip
    """Close the incident and its open requests (the affected state)."""
    from coopsec.response import close_incident

    _write(user, lambda s, u: close_incident(s, u, incident_id, when, version), _views().incident_summary, as_json,
           lambda b: f"incident {b['id']} closed")  # fmt: skip


@incident_app.command("after-action")
def after_action_cmd(
    incident_id: int,
    fmt: Annotated[str, typer.Option("--format", help="md (Markdown) or html")] = "md",
    output: Annotated[Path | None, typer.Option(help="Write the report to this file instead of stdout")] = None,
    as_json: JsonOpt = False,
) -> None:
    """The after-action report: every step, who did what when, open items, mechanisms and legal basis."""
    from coopsec.response import after_action

    def report(session: Session) -> dict[str, Any]:
        content = after_action(session, _assessor(), incident_id, fmt)
        kind = "html" if content.startswith("<!DOCTYPE") else "md"
        if output is not None:
            output.write_text(content, encoding="utf-8")
        return {"incident": incident_id, "format": kind, "output": str(output) if output else None, "content": content}

    _read(report, as_json, lambda b: f"wrote {b['output']}" if b["output"] else b["content"].rstrip())
