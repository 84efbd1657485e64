"""``coopsec demo``: the replays loaded into a fresh store from the command line, twice."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coopsec.settings import get_settings
from coopsec.store import audit, open_store
from coopsec.store.accounts import authenticate

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("COOPSEC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COOPSEC_DATABASE_URL", raising=False)
    monkeypatch.setenv("COOPSEC_DEMO_PASSWORD", "a-long-demo-password")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def demo(*args: str) -> Any:
    from coopsec.cli.app import app

    result = runner.invoke(app, ["demo", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_demo_loads_the_three_replays_once_with_users_who_can_log_in(data_dir: Path) -> None:
    first = demo()
    replays = {r["replay"]: r for r in first["replays"]}
    assert set(replays) == {"paris-2015", "turkiye-2023", "cbrn-fictional"}
    assert not any(r["skipped"] for r in replays.values())
    assert "fr-liaison" in first["users_created"]
    again = demo()
    assert all(r["skipped"] for r in again["replays"])
    assert again["users_created"] == []
    store = open_store(f"sqlite:///{data_dir / 'coopsec.db'}")
    with store.session() as session:
        assert authenticate(session, "fr-liaison", "a-long-demo-password").authority.state == "FR"
    with store.session(write=False) as session:
        _, findings = audit.verify(session)
    assert findings == []
    store.engine.dispose()


def test_demo_until_and_list(data_dir: Path) -> None:
    listed = demo("--list")
    assert [r["id"] for r in listed["replays"]] == ["cbrn-fictional", "paris-2015", "turkiye-2023"]
    partial = demo("--replay", "paris-2015", "--until", "2015-11-17")
    assert partial["replays"][0]["steps"] == 1


def test_demo_refuses_an_unknown_replay(data_dir: Path) -> None:
    from coopsec.cli.app import app

    result = runner.invoke(app, ["demo", "--replay", "lisbon-1755"])
    assert result.exit_code == 2
    assert "unknown replay 'lisbon-1755'" in result.output
    assert "paris-2015" in result.output
