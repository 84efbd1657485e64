"""``coopsec serve``, ``users``, ``tokens`` and ``audit``: the service and its administration."""

from __future__ import annotations

import sys
from pathlib import Path
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
audit_app = typer.Typer(help="Sign heads of the audit log and check it (RFC 9162 Merkle tree).", no_args_is_help=True)
JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
ACTOR = "cli"


def _store() -> Store:
    from coopsec.settings import get_settings
    from coopsec.store import open_store

    settings = get_settings()
    settings.check_safe()
    return open_store(settings.database_url)


WORKERS_HELP = (
    "Processes serving requests (default 1). Each has COOPSEC_DB_POOL_SIZE threads and connections. "
    "On PostgreSQL they scale reads and assessments; on SQLite they share one file: reads run in parallel "
    "but writes still go one at a time across all processes, so more workers add no write throughput."
)


def serve(host: str, port: int, workers: int = 1) -> None:
    """Initialise the store, create the first administrator once, and serve the API and dashboard.

    With ``workers`` > 1 uvicorn starts that many processes, each building the app from the
    environment (``coopsec.http.asgi:app_factory``); the store is migrated and the first
    administrator created here first, once, so the workers find both done.
    """
    import uvicorn

    from coopsec.errors import InputError
    from coopsec.http import create_app
    from coopsec.http.asgi import HTTP_PROTOCOL
    from coopsec.service import bootstrap
    from coopsec.settings import get_settings

    if not 1 <= workers <= 64:
        raise InputError(f"--workers {workers}: use 1 to 64 (about one per CPU core)")
    settings = get_settings()
    store, password = bootstrap(settings)
    if password is not None:
        out.print("[bold]First administrator created[/] (the password is shown only this once; only its hash is kept):")
        out.print(f"  username: admin  password: {password}", soft_wrap=True, highlight=False, markup=False)
    database = store.engine.dialect.name
    processes = f", {workers} worker processes" if workers > 1 else ""
    out.print(f"coopsec serving on http://{host}:{port}/ (API at /api/v1, database {database}{processes})")
    if workers > 1 and database == "sqlite":
        err.print("note: the workers share one SQLite file; writes go one at a time across them (see --help)")
    if workers == 1:
        app = create_app(settings, knowledge_base(), store)
        # proxy_headers=False: uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1, letting any local
        # client choose its address; coopsec reads the header itself, from COOPSEC_TRUSTED_PROXIES only.
        uvicorn.run(app, host=host, port=port, http=HTTP_PROTOCOL, log_level="warning", proxy_headers=False)
    else:
        store.engine.dispose()  # the workers open their own connections
        # The app by import path (each worker builds its own); the protocol sets TCP_NODELAY (see asgi.py).
        factory = "coopsec.http.asgi:app_factory"
        uvicorn.run(
            factory,
            factory=True,
            workers=workers,
            host=host,
            port=port,
            http=HTTP_PROTOCOL,
            log_level="warning",
            proxy_headers=False,
        )


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

        from coopsec.store.accounts import add_user, hash_password

        password = os.environ.get("COOPSEC_PASSWORD") or sys.stdin.readline().strip()
        kb = knowledge_base()
        hashed = hash_password(password)  # before the write session: the one writer never waits for argon2
        with _store().session() as session:
            user = add_user(session, ACTOR, username, hashed, resolve_state(kb, state), agency, role)
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
    """Disable a user (a disabled user is left as is; the last enabled administrator cannot be: exit 2)."""

    def run() -> None:
        from coopsec.store.accounts import disable_user

        with _store().session() as session:
            user = disable_user(session, ACTOR, username)
        emit_json(user.to_dict()) if as_json else out.print(f"disabled {user.username}")

    guarded(run)


@users_app.command("enable")
def users_enable(username: str, as_json: JsonOpt = False) -> None:
    """Enable a disabled user again (an enabled user is left as is)."""

    def run() -> None:
        from coopsec.store.accounts import enable_user

        with _store().session() as session:
            user = enable_user(session, ACTOR, username)
        emit_json(user.to_dict()) if as_json else out.print(f"enabled {user.username}")

    guarded(run)


@users_app.command("clearance")
def users_clearance(
    username: str,
    label: Annotated[str, typer.Argument(help="CLEAR, GREEN, AMBER, AMBER+STRICT or RED; default: the roles' default")],
    as_json: JsonOpt = False,
) -> None:
    """Set the highest TLP label a user may read in the exchange (``default`` goes back to their roles')."""

    def run() -> None:
        from coopsec.exchange.clearance import clearance_dict, set_clearance

        kb = knowledge_base()
        wanted = None if label.strip().lower() == "default" else label
        with _store().session() as session:
            body = clearance_dict(kb, set_clearance(session, kb, ACTOR, username, wanted))
        own = body["clearance"] or "none of their own (their roles' default)"
        said = f"{username}: clearance {own}; reads up to TLP:{body['effective']}"
        emit_json(body) if as_json else out.print(said, highlight=False, markup=False)

    guarded(run)


@users_app.command("passwd")
def users_passwd(username: str, as_json: JsonOpt = False) -> None:
    """Set a user's password, read from stdin (COOPSEC_PASSWORD is used when set); every session of theirs ends."""

    def run() -> None:
        import os

        from coopsec.store.accounts import change_password, get_user, hash_password

        password = os.environ.get("COOPSEC_PASSWORD") or sys.stdin.readline().strip()
        hashed = hash_password(password)  # before the write session: the one writer never waits for argon2
        store = _store()
        with store.session(write=False) as session:
            get_user(session, username)  # an unknown name fails before anything is written
        with store.session() as session:
            change_password(session, ACTOR, username, hashed)
        if as_json:
            emit_json({"ok": True, "user": username, "sessions_ended": True})
        else:
            out.print(f"changed the password of {username}; their sessions have ended")

    guarded(run)


@tokens_app.command("create")
def tokens_create(
    username: str,
    name: Annotated[str, typer.Option(help="What the token is for")],
    scope: Annotated[
        str, typer.Option(help="read (GET and POST /assess only) or read-write (also changes, within the roles)")
    ] = "read",
    days: Annotated[
        int | None, typer.Option(help="Lifetime in days (default 30, at most COOPSEC_API_TOKEN_MAX_DAYS)")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create an API token for a user; the secret is printed once."""

    def run() -> None:
        from coopsec.settings import get_settings
        from coopsec.store.accounts import create_token, token_expiry

        expires = token_expiry(days, get_settings().api_token_max_days)
        with _store().session() as session:
            created = create_token(session, ACTOR, username, name, scope=scope, expires_at=expires)
        if as_json:
            emit_json({**created.to_dict(), "user": username})
        else:
            out.print(created.secret)

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
            state = "\trevoked" if token["revoked"] else "\texpired" if token["expired"] else ""
            out.print(
                f"{token['id']}\t{token['user']}\t{token['name']}\t{token['prefix']}…\t{token['scope']}"
                f"\texpires {token['expires_at']}{state}"
            )

    guarded(run)


@audit_app.command("head")
def audit_head(as_json: JsonOpt = False) -> None:
    """Sign and record the audit log's current tree head (size, Merkle root, time); print it.

    Keep the --json output somewhere an attacker on this machine cannot reach: `coopsec audit verify
    --head FILE` then proves that the log still extends it.
    """

    def run() -> None:
        from coopsec.settings import get_settings
        from coopsec.store import audit

        key = audit.load_key(get_settings(), create=True)
        assert key is not None  # create=True always gives a key
        with _store().session() as session:
            head = audit.record_head(session, key)
        if as_json:
            emit_json(head.to_dict())
            return
        out.print(
            f"signed head: {head.tree_size} entries, root {head.root_hash}, at {head.timestamp}\n"
            f"key {head.key_id} ({key.source}); signature {head.signature}",
            highlight=False,
            soft_wrap=True,
        )

    guarded(run)


@audit_app.command("verify")
def audit_verify(
    head: Annotated[
        list[Path] | None,
        typer.Option("--head", help="A head saved with `coopsec audit head --json` (repeatable)"),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check the audit log against its signed heads and the users and tokens it implies.

    Checks the hash chain, a consistency proof from every signed head (recorded and given), the
    heads' signatures, and that the users and tokens tables are what the log's entries imply.
    Exits 1 and names every problem: a changed, removed or reordered entry, a cut-off end, a
    rewrite or fork, a bad signature, a users or tokens table edited outside coopsec.
    """

    def run() -> None:
        from coopsec.settings import get_settings
        from coopsec.store import audit

        key = audit.load_key(get_settings(), create=False)
        given = [(f"head file {path}", h) for path in head or [] for h in audit.read_head_file(path)]
        with _store().session() as session:
            report = audit.check(session, key, given)
        if as_json:
            emit_json(report.to_dict())
        else:
            for note in report.notes:
                err.print(f"note: {note}", highlight=False, markup=False, soft_wrap=True)
        if report.ok and not as_json:
            latest = report.latest
            against = (
                f"; consistent with {report.heads_checked} signed head(s), the latest of "
                f"{latest.tree_size} entries at {latest.timestamp}"
                if latest
                else ""
            )
            out.print(
                f"audit log intact: {report.entries} entries, root {report.root_hash}{against}; "
                "users and tokens match the log",
                highlight=False,
                soft_wrap=True,
            )
        for finding in report.findings if not as_json else []:
            err.print(f"- {finding}", highlight=False, markup=False, soft_wrap=True)
        if report.findings:
            fail(f"{len(report.findings)} problem(s) in the audit log of {report.entries} entries", 1)

    guarded(run)
