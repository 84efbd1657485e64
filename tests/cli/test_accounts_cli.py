"""`coopsec users` and `coopsec tokens`: enable, passwd, the last administrator, token scope and expiry.

Each command's write is audited, so `coopsec audit verify` stays clean after all of them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from coopsec.settings import get_settings
from coopsec.store import open_store
from coopsec.store.accounts import authenticate

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("COOPSEC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COOPSEC_DATABASE_URL", raising=False)
    monkeypatch.setenv("COOPSEC_API_TOKEN_MAX_DAYS", "10")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def run(*args: str, stdin: str | None = None) -> Result:
    from coopsec.cli.app import app

    return runner.invoke(app, list(args), input=stdin)


def test_users_and_tokens_commands(data_dir: Path) -> None:
    add = ["users", "add", "--state", "FI", "--agency", "police", "--json"]
    assert run(*add, "--role", "administrator", "root", stdin="a-long-password-1\n").exit_code == 0
    assert run(*add, "--role", "viewer", "alice", stdin="a-long-password-2\n").exit_code == 0
    taken = run(*add, "--role", "viewer", "ALICE", stdin="a-long-password-3\n")
    assert taken.exit_code == 2 and "taken" in taken.output
    last = run("users", "disable", "root")
    assert last.exit_code == 2 and "last enabled administrator" in last.output
    assert run("users", "disable", "alice").exit_code == 0
    again = run("users", "disable", "alice", "--json")
    assert again.exit_code == 0 and json.loads(again.stdout)["disabled"] is True
    enabled = run("users", "enable", "Alice", "--json")
    assert enabled.exit_code == 0 and json.loads(enabled.stdout)["disabled"] is False
    assert run("users", "passwd", "alice", stdin="a-new-long-password\n").exit_code == 0
    assert run("users", "passwd", "alice", stdin="short\n").exit_code == 2
    assert run("users", "passwd", "nobody", stdin="a-new-long-password\n").exit_code == 2
    store = open_store(f"sqlite:///{data_dir / 'coopsec.db'}")
    with store.session(write=False) as session:
        user = authenticate(session, "alice", "a-new-long-password")
        assert user.session_epoch == 1
    created = run("tokens", "create", "alice", "--name", "nightly", "--scope", "read-write", "--days", "10", "--json")
    assert created.exit_code == 0, created.output
    token = json.loads(created.stdout)
    assert token["scope"] == "read-write" and token["token"].startswith("cst_")
    assert dt.datetime.fromisoformat(token["expires_at"]) - dt.datetime.now(dt.UTC) > dt.timedelta(days=9)
    too_long = run("tokens", "create", "alice", "--name", "x", "--days", "11")
    assert too_long.exit_code == 2 and "COOPSEC_API_TOKEN_MAX_DAYS" in too_long.output
    bad_scope = run("tokens", "create", "alice", "--name", "x", "--scope", "admin")
    assert bad_scope.exit_code == 2 and "read-write" in bad_scope.output
    listed = json.loads(run("tokens", "list", "--json").stdout)["tokens"]
    assert [(t["user"], t["scope"], t["revoked"]) for t in listed] == [("alice", "read-write", False)]
    assert run("tokens", "revoke", str(token["id"])).exit_code == 0
    assert run("tokens", "revoke", str(token["id"])).exit_code == 2
    verify = run("audit", "verify")
    assert verify.exit_code == 0 and "audit log intact" in verify.stdout, verify.output
    store.engine.dispose()
