"""``coopsec demo``: load the bundled crisis replays into the store, through the coordination's own steps."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer

from coopsec.cli.common import JSON_HELP, emit_json, guarded, knowledge_base, out

if TYPE_CHECKING:
    from coopsec.kb import KnowledgeBase
    from coopsec.response.replays import Replay

PASSWORD_ENV = "COOPSEC_DEMO_PASSWORD"


def demo_cmd(
    replay: Annotated[
        list[str] | None, typer.Option("--replay", help="Load only this replay (repeatable); default all")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Stop each replay before its first step after this ISO date or date-time")
    ] = None,
    list_only: Annotated[bool, typer.Option("--list", help="List the replays, load nothing")] = False,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Load the crisis replays (Paris 2015, Türkiye 2023, a fictional CBRN attack) as demo incidents.

    Each replay's actors become users (liaison officers of their states; one administrator records the
    IPCR mode), all with one password: COOPSEC_DEMO_PASSWORD when set, else a new one printed once.
    A replay already loaded is skipped. --until leaves the rest of each replay for you to play in
    the dashboard.
    """

    def run() -> None:
        from coopsec.response.replays import load_replays, replay_named

        kb = knowledge_base()
        replays = load_replays(kb)
        chosen = tuple(replay_named(replays, name) for name in replay) if replay else replays
        if list_only:
            rows = [
                {"id": r.id, "title": r.data.title, "fictional": r.data.fictional, "steps": len(r.data.steps)}
                for r in chosen
            ]
            if as_json:
                emit_json({"replays": rows})
            for row in rows if not as_json else ():
                fictional = " (fictional)" if row["fictional"] else ""
                out.print(f"{row['id']}: {row['title']}{fictional}, {row['steps']} steps", highlight=False)
            return
        _load(kb, chosen, until, as_json)

    guarded(run)


def _load(kb: KnowledgeBase, chosen: tuple[Replay, ...], until: str | None, as_json: bool) -> None:
    import secrets

    from coopsec.obligations import assessor_for
    from coopsec.response.demo import play
    from coopsec.service import bootstrap
    from coopsec.settings import get_settings
    from coopsec.store.accounts import hash_password

    settings = get_settings()
    store, admin_password = bootstrap(settings)
    given = os.environ.get(PASSWORD_ENV)
    password = given or secrets.token_urlsafe(18)
    assessor = assessor_for(kb)
    hashed = hash_password(password)
    results = [play(store, assessor, r, hashed, until) for r in chosen]
    created = sorted({name for r in results for name in r.users_created})
    if as_json:
        emit_json({"replays": [r.to_dict() for r in results], "users_created": created})
        return
    if admin_password is not None:
        out.print(f"First administrator created: username admin  password {admin_password}", highlight=False,
                  markup=False, soft_wrap=True)  # fmt: skip
    for r in results:
        what = "already loaded, skipped" if r.skipped else f"{r.steps} steps played"
        out.print(f"{r.replay}: incident {r.incident} — {r.title} ({what})", highlight=False, markup=False)
    if created:
        shown = f"the one in {PASSWORD_ENV}" if given else f"{password} (shown only this once)"
        out.print(f"Demo users created: {', '.join(created)}; password: {shown}", highlight=False, markup=False,
                  soft_wrap=True)  # fmt: skip
    out.print("Serve with `coopsec serve` (or `make run`) and open /incidents.", highlight=False, markup=False)
