"""The command line: JSON contracts, readable tables, and clear errors with exit status 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coopsec.cli.app import app

runner = CliRunner()
BROKEN = Path(__file__).parent.parent / "kb" / "broken"


def run_json(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_members_json_contract() -> None:
    body = run_json("members", "NATO", "--on", "2024-03-07")
    assert body["organisation"] == "NATO" and body["on"] == "2024-03-07"
    assert body["count"] == 32 == len(body["members"])
    assert body["members"] == sorted(body["members"]) and all(len(c) == 2 for c in body["members"])
    assert all(s["source"]["title"] and s["start_basis"] for s in body["spells"])


def test_members_by_status() -> None:
    body = run_json("members", "eu", "--on", "2026-01-01", "--status", "candidate")
    assert "UA" in body["members"] and body["status"] == "candidate"


def test_overlap_json_contract() -> None:
    body = run_json("overlap", "EU", "NATO", "--on", "2021-06-01")
    assert len(body["both"]) == 21
    assert body["only_a"] == ["AT", "CY", "FI", "IE", "MT", "SE"]
    assert "GB" in body["only_b"]


def test_state_json() -> None:
    body = run_json("state", "FIN", "--on", "2022-06-01")
    assert body["state"]["code"] == "FI"
    assert body["placement"]["place"] == "core"
    assert [g["clause"] for g in body["placement"]["ring2"]["guarantees"]] == ["teu-42-7"]


def test_rings_json_and_reasons() -> None:
    body = run_json("rings", "--on", "1995-06-01")
    assert "AT" in body["core"] and "PL" in body["outer_area"]
    assert all(s["reasons"] for s in body["states"])
    assert "V-Dem" in body["criterion"]["attribution"]


def test_timeline_json() -> None:
    body = run_json("timeline", "SE")
    assert body["state"] == "SE"
    nato = [c for c in body["changes"] if c["organisation"] == "NATO"]
    assert nato[0]["date"] == "2024-03-07" and nato[0]["basis"] == "deposit"
    org = run_json("timeline", "WEU")
    assert org["organisation"] == "WEU"


@pytest.mark.parametrize(
    "args",
    [["members", "NATO"], ["overlap", "EU", "NATO"], ["state", "FI"], ["rings"], ["timeline", "SE"]],
)
def test_human_output_is_a_table(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "┃" in result.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["members", "NATO", "--on", "2024-13-01"], "YYYY-MM-DD"),
        (["members", "WARSAW"], "use one of"),
        (["members", "NATO", "--status", "friend"], "member, partner"),
        (["state", "QQ"], "alpha-2"),
        (["rings", "--criterion", "freedom"], "INDICATOR OP VALUE"),
        (["timeline", "ZZZZ"], "unknown state or organisation"),
    ],
)
def test_bad_input_exits_2_with_a_message_naming_the_value(args: list[str], needle: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert needle in result.stderr
    assert "Traceback" not in result.output


def test_check_reports_every_error_of_a_broken_folder() -> None:
    result = runner.invoke(app, ["check", "--data-dir", str(BROKEN)])
    assert result.exit_code == 1
    assert "memberships/ok.yaml" in result.stderr and "organisations.yaml" in result.stderr
    assert "Traceback" not in result.output


def test_check_passes_on_the_bundled_data_and_lists_unconfirmed_facts() -> None:
    body = run_json("check")
    assert body["ok"] is True and body["summary"]["unconfirmed"] == len(body["unconfirmed"]) > 0
