"""``coopsec linkage exchange create|list|show|start``, ``submit`` and ``results`` against the store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from coopsec.settings import get_settings
from coopsec.store import open_store
from tests.linkage.server_helpers import add_users, encodings

runner = CliRunner()


@pytest.fixture
def files(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Path]]:
    monkeypatch.setenv("COOPSEC_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COOPSEC_DATABASE_URL", database_url)
    monkeypatch.setenv("COOPSEC_LINKAGE_MIN_RECORDS", "20")
    get_settings.cache_clear()
    store = open_store(database_url)
    add_users(store)
    store.engine.dispose()
    paths = {}
    for who, enc in encodings().items():
        paths[who] = tmp_path / f"{who.split('/')[0].lower()}.clk.json"
        enc.save(paths[who])
    yield paths
    get_settings.cache_clear()


def run(*args: str) -> Result:
    from coopsec.cli.app import app

    return runner.invoke(app, ["linkage", *args])


def test_the_commands_of_the_issue(files: dict[str, Path]) -> None:
    key = encodings()["FR/police"].key_check
    made = run("exchange", "create", "--as", "fr", "--purpose", "Cross-match of money mules", "--key-check", key,
               "--party", "FR/police", "--party", "DE/police", "--party", "NL/police", "--json")  # fmt: skip
    assert made.exit_code == 0, made.output
    ex = json.loads(made.stdout)["id"]
    sent = run("submit", str(files["FR/police"]), "--exchange", ex, "--as", "fr")
    assert sent.exit_code == 0 and "submitted 120 encodings" in sent.stdout, sent.output
    again = run("submit", str(files["FR/police"]), "--exchange", ex, "--as", "fr")
    assert again.exit_code == 2 and "once" in again.output
    assert run("submit", str(files["DE/police"]), "--exchange", ex, "--as", "de").exit_code == 0
    early = run("results", "--exchange", ex, "--as", "de")
    assert early.exit_code == 2 and "results come when it is done" in early.output
    started = run("exchange", "start", ex, "--as", "fr", "--json")  # the creator starts without NL
    assert started.exit_code == 0, started.output
    assert json.loads(started.stdout)["status"] == "done"
    shown = run("exchange", "show", ex, "--as", "nl")
    assert shown.exit_code == 0 and "NL/police (pending)" in shown.stdout and "done" in shown.stdout
    listed = run("exchange", "list", "--as", "de", "--json")
    assert [e["id"] for e in json.loads(listed.stdout)["items"]] == [ex]
    got = run("results", "--exchange", ex, "--as", "fr", "--json")
    pairs = json.loads(got.stdout)["pairs"]
    assert pairs and {p["other_authority"] for p in pairs} == {"DE/police"}
    assert run("results", "--exchange", ex, "--as", "es").exit_code == 2  # an outsider: no such exchange
