"""``coopsec incident ...``: the Paris 2015 replay from the command line, acting as named users."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from coopsec.settings import get_settings
from coopsec.store import audit, open_store
from tests.response.coordination_helpers import add_users

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("COOPSEC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COOPSEC_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    store = open_store(f"sqlite:///{tmp_path / 'coopsec.db'}")
    add_users(store, ("admin", "fr", "de", "us"))
    store.engine.dispose()
    yield tmp_path
    get_settings.cache_clear()


def run(*args: str) -> Result:
    from coopsec.cli.app import app

    return runner.invoke(app, ["incident", *args])


def ok(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_paris_2015_from_the_command_line(data_dir: Path) -> None:
    incident = ok(
        "report", "terrorist-attack", "--as", "fr", "--victim", "FR", "--place", "Paris",
        "--occurred", "2015-11-13T21:16:00+01:00", "--casualties", "130", "--cross-border", "--by", "non-state",
    )  # fmt: skip
    iid = str(incident["id"])
    assert ok("ipcr", iid, "monitoring", "--as", "admin", "--when", "2015-11-14")["ipcr_mode"] == "monitoring"
    request = ok("request", iid, "--as", "fr", "--mechanism", "teu-42-7", "--needs", "Support", "--when", "2015-11-17")
    offer = ok("offer", str(request["id"]), "--as", "de", "--what", "A frigate", "--when", "2015-11-20")
    refused = run("offer", str(request["id"]), "--as", "us", "--what", "Jets")
    assert refused.exit_code == 2 and "does not bind or admit US" in refused.output
    not_requester = run("accept", str(offer["id"]), "--as", "de")
    assert not_requester.exit_code == 1 and "only a liaison officer of FR" in not_requester.output
    assert ok("accept", str(offer["id"]), "--as", "fr", "--when", "2015-11-21")["status"] == "accepted"
    ok("deliver", str(offer["id"]), "--as", "de", "--what", "Frigate deployed", "--when", "2016-01-08")
    assert ok("close", iid, "--as", "fr", "--when", "2016-02-01")["status"] == "closed"
    assert [i["id"] for i in ok("list", "--status", "closed")] == [incident["id"]]
    shown = ok("show", iid)
    assert [s["action"] for s in shown["timeline"]] == [
        "report",
        "ipcr",
        "request",
        "offer",
        "accept",
        "deliver",
        "close",
    ]
    target = data_dir / "report.html"
    report = ok("after-action", iid, "--format", "html", "--output", str(target))
    assert report["format"] == "html" and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    text = run("after-action", iid)
    assert text.exit_code == 0 and "# After-action report" in text.stdout and "Frigate deployed" in text.stdout
    store = open_store(f"sqlite:///{data_dir / 'coopsec.db'}")
    with store.session(write=False) as session:
        assert audit.verify(session)[1] == []
