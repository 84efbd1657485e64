"""``coopsec serve``, ``users``, ``tokens`` and ``audit``: the service and its administration."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from coopsec.architecture import resolve_state
from coopsec.cli.common import JSON_HELP, emit_json, err, fail, guarded, knowledge_base, out

if TYPE_CHECKING:
    from coopsec.store import Store

# The store, the settings and the password hashing are imported inside the commands that use them,
# so that the other commands (members, assess, ...) start in well under a second.

users_app = typer.Typer(help="Manage users (administrators).", no_args_is_help=True)
tokens_app = typer.Typer(help="Manage long-lived API tokens for scripts.", no_args_is_help=True)
audit_app = typer.Typer(help="Check the hash-chained audit log.", no_args_is_help=True)
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
ACTOR = "cli"


def _store() -> Store:
    from coopsec.settings import get_settings
    from coopsec.store import open_store

    settings = get_settings()
    settings.check_safe()
    return open_store(settings.database_url)


def serve(host: str, port: int) -> None:
    """Initialise the store, create the first administrator once, and serve the API and dashboard."""
    import uvicorn

    from coopsec.api import create_app
    from coopsec.service import bootstrap
    from coopsec.settings import get_settings

    settings = get_settings()
    store, password = bootstrap(settings)
    if password is not None:
        out.print("[bold]First administrator created[/] (the password is shown only this once; only its hash is kept):")
        out.print(f"  username: admin  password: {password}", soft_wrap=True, highlight=False, markup=False)
    app = create_app(settings, knowledge_base(), store)
    out.print(f"coopsec serving on http://{host}:{port}/ (API at /api/v1, database {store.engine.dialect.name})")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@users_app.command("add")
def users_add(
    username: str,
    state: Annotated[str, typer.Option(help="The authority's state (ISO code)")],
    agency: Annotated[
        str,
        typer.Option(
            help="police, financial-intelligence-unit, passenger-information-unit, "
            "civil-protection, defence or foreign-affairs"
        ),
    ],
    role: Annotated[list[str], typer.Option(help="viewer, analyst, liaison-officer or administrator (repeatable)")],
    as_json: JsonOpt = False,
) -> None:
    """Add a user; the password is read from stdin (COOPSEC_PASSWORD is used when set)."""

    def run() -> None:
        import os

        from coopsec.store.accounts import add_user

        password = os.environ.get("COOPSEC_PASSWORD") or sys.stdin.readline().strip()
        kb = knowledge_base()
        with _store().session() as session:
            user = add_user(session, ACTOR, username, password, resolve_state(kb, state), agency, role)
        emit_json(user.to_dict()) if as_json else out.print(f"added {user.username} ({', '.join(user.roles)})")

    guarded(run)


@users_app.command("list")
def users_list(as_json: JsonOpt = False) -> None:
    """List users."""

    def run() -> None:
        from coopsec.store.accounts import list_users

        with _store().session() as session:
            found = [u.to_dict() for u in list_users(session)]
        if as_json:
            emit_json({"users": found})
        for user in [] if as_json else found:
            out.print(
                f"{user['username']}\t{user['authority']}\t{','.join(user['roles'])}"  # type: ignore[arg-type]
                + ("\tdisabled" if user["disabled"] else "")
            )

    guarded(run)


@users_app.command("disable")
def users_disable(username: str, as_json: JsonOpt = False) -> None:
    """Disable a user."""

    def run() -> None:
        from coopsec.store.accounts import disable_user

        with _store().session() as session:
            user = disable_user(session, ACTOR, username)
        emit_json(user.to_dict()) if as_json else out.print(f"disabled {user.username}")

    guarded(run)


@tokens_app.command("create")
def tokens_create(
    username: str, name: Annotated[str, typer.Option(help="What the token is for")], as_json: JsonOpt = False
) -> None:
    """Create an API token for a user; the secret is printed once."""

    def run() -> None:
        from coopsec.store.accounts import create_token

        with _store().session() as session:
            secret = create_token(session, ACTOR, username, name)
        emit_json({"token": secret, "user": username, "name": name}) if as_json else out.print(secret)

    guarded(run)


@tokens_app.command("revoke")
def tokens_revoke(token_id: int, as_json: JsonOpt = False) -> None:
    """Revoke an API token by id (see `coopsec tokens list`)."""

    def run() -> None:
        from coopsec.store.accounts import revoke_token

        with _store().session() as session:
            revoke_token(session, ACTOR, token_id)
        emit_json({"ok": True, "revoked": token_id}) if as_json else out.print(f"revoked token {token_id}")

    guarded(run)


@tokens_app.command("list")
def tokens_list(as_json: JsonOpt = False) -> None:
    """List API tokens (never their secrets)."""

    def run() -> None:
        from coopsec.store.accounts import list_tokens

        with _store().session() as session:
            found = list_tokens(session)
        if as_json:
            emit_json({"tokens": found})
            return
        for token in found:
            out.print(
                f"{token['id']}\t{token['user']}\t{token['name']}\t{token['prefix']}…"
                + ("\trevoked" if token["revoked"] else "")
            )

    guarded(run)


@audit_app.command("verify")
def audit_verify(as_json: JsonOpt = False) -> None:
    """Check every entry of the audit chain; exit 1 and name each changed, removed or reordered entry."""

    def run() -> None:
        from coopsec.store import audit

        with _store().session() as session:
            count, findings = audit.verify(session)
        if as_json:
            emit_json({"ok": not findings, "entries": count, "problems": [str(f) for f in findings]})
        elif not findings:
            out.print(f"audit chain intact: {count} entries")
        for finding in findings:
            err.print(f"audit chain broken at {finding}", highlight=False)
        if findings:
            fail(f"{len(findings)} problem(s) in the audit chain of {count} entries", 1)

    guarded(run)
