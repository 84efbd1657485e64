"""``coopsec pnr``: every command's --json shape, exit codes and messages, on a SQLite data folder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from coopsec.pnr.facts import PnrFacts
from coopsec.settings import get_settings
from coopsec.store import open_store
from coopsec.store.accounts import add_user, hash_password

from .conftest import batch, people

runner = CliRunner()
HERE = Path(__file__).parent


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("COOPSEC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COOPSEC_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    store = open_store(get_settings().database_url)
    with store.session() as session:
        add_user(
            session,
            "test",
            "ana",
            hash_password("a-long-test-password"),
            "GR",
            "passenger-information-unit",
            ["analyst"],
        )
        add_user(session, "test", "bob", hash_password("a-long-test-password"), "GR", "police", ["analyst"])
    store.engine.dispose()
    yield tmp_path
    get_settings.cache_clear()


def run(*args: str) -> Result:
    from coopsec.cli.app import app

    return runner.invoke(app, ["pnr", *args])


def ok(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_whole_cycle_from_the_command_line(data_dir: Path, facts: PnrFacts) -> None:
    (who,) = people(facts, 1, seed=4)
    path = data_dir / "batch.json"
    path.write_text(json.dumps(batch(facts, [who], seed=41, records=4, invalid=1)), encoding="utf-8")
    ingested = ok("ingest", str(path), "--now", "2026-01-15T09:00:00Z")
    assert ingested["stored"] == 4 and ingested["rejected"][0]["field"] == "locator"
    assert ok("ingest", str(HERE / "sample.edi"), "--now", "2026-01-15")["stored"] == 2
    wl = data_dir / "wl.json"
    entry = {
        "id": "W1",
        "surname": who["surname"],
        "given_names": who["given_names"],
        "date_of_birth": who["date_of_birth"],
    }
    wl.write_text(json.dumps({"name": "unit list", "entries": [entry]}), encoding="utf-8")
    screened = ok("screen", "--watchlist", str(wl), "--purpose", "terrorism", "--as", "ana")
    assert len(screened["hits"]) == 1
    queue = ok("review", "list")
    assert queue["page"]["total"] == 1 and queue["items"][0]["entry"] == "W1"
    hit = queue["items"][0]
    assert ok("review", "show", str(hit["id"]))["status"] == "pending"
    no_user = run("review", "decide", str(hit["id"]), "confirmed", "--reason", "matches the list entry")
    assert no_user.exit_code == 2  # --as is required: a decision is a named person's
    not_piu = run("review", "decide", str(hit["id"]), "confirmed", "--reason", "matches the entry", "--as", "bob")
    assert not_piu.exit_code == 1 and "Passenger Information Unit" in not_piu.output
    decided = ok("review", "decide", str(hit["id"]), "confirmed", "--reason", "matches the list entry", "--as", "ana")
    assert decided["decision"]["by"] == "ana"
    ok("review", "flag", hit["passenger"]["ref"], "--reason", "confirmed hit, case 2026/17", "--as", "ana")
    status = ok("retention", "--now", "2026-07-15T09:00:00Z")
    assert status["due_for_depersonalisation"] == 6 and status["kept_in_full_on_evidence"] == 1
    report = ok("retention", "--run", "--now", "2026-07-15T09:00:00Z")
    assert len(report["depersonalised"]) == 6 and len(report["kept_in_full"]) == 1
    refused = run("disclose", "2", "--purpose", "terrorism", "--reason", "specific case 2026/17", "--now", "2026-08-01")
    assert refused.exit_code == 1 and "court or an independent body" in refused.output
    shown = ok(
        "disclose",
        "2",
        "--purpose",
        "terrorism",
        "--reason",
        "specific case 2026/17",
        "--now",
        "2026-08-01",
        "--approved-by",
        "court",
        "--approver",
        "Athens court",
        "--approval-ref",
        "A-1",
    )
    assert shown["approval"]["reference"] == "A-1" and shown["record"]["passengers"][0]["surname"]
    assert len(ok("retention", "--run", "--now", "2031-01-16")["deleted"]) == 6


def test_errors_say_how_to_fix(data_dir: Path) -> None:
    wl = data_dir / "wl.json"
    wl.write_text(json.dumps({"name": "l", "entries": [{"id": "1", "surname": "DOE"}]}), encoding="utf-8")
    bad = run("screen", "--watchlist", str(wl), "--purpose", "littering")
    assert bad.exit_code == 2 and "Annex II" in bad.output
    clk = data_dir / "wl.clk.json"
    clk.write_text(json.dumps({"format": "coopsec-clk/1"}), encoding="utf-8")
    assert "--secret-file" in run("screen", "--watchlist", str(clk), "--purpose", "terrorism").output
    assert run("ingest", str(data_dir / "missing.json")).exit_code == 2
    assert "ISO" in run("retention", "--now", "yesterday").output
    assert "terrorism" in ok("purposes") and "record" in ok_schema()


def ok_schema() -> Any:
    result = run("schema")
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_generate_is_seeded(data_dir: Path) -> None:
    a, b = data_dir / "a.json", data_dir / "b.json"
    ok("generate", "-o", str(a), "--seed", "7", "--records", "3", "--invalid", "1")
    ok("generate", "-o", str(b), "--seed", "7", "--records", "3", "--invalid", "1")
    assert a.read_text() == b.read_text() and len(json.loads(a.read_text())["records"]) == 4
