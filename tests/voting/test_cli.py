"""``coopsec vote`` and ``coopsec power`` as the issue shows them: JSON shapes, words, and exit 2 on bad input."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from coopsec.cli.app import app

runner = CliRunner()


def _json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    body: dict[str, object] = json.loads(result.stdout)
    return body


def test_vote_json_has_the_issue_shape() -> None:
    body = _json("vote", "qmv", "--no", "DE,FR,IT", "--on", "2026-01-01")
    assert {"rule", "on", "adopted", "criteria", "flips"} <= set(body)
    assert body["rule"] == "qmv" and body["on"] == "2026-01-01" and body["adopted"] is True


def test_vote_explain_prints_each_criterion() -> None:
    result = runner.invoke(app, ["vote", "qmv", "--no", "DE,FR,IT,ES", "--on", "2026-01-01", "--explain"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "not adopted" in text and "missed" in text and "4 did not vote yes" in text
    assert "ES no -> yes" in text


def test_the_issues_other_examples_run() -> None:
    formal = _json("vote", "unanimity", "--abstain-formally", "AT,IE,MT,CY", "--on", "2026-01-01")
    assert formal["adopted"] is True
    pesco = _json("vote", "qmv", "--participants", "PESCO", "--no", "HU", "--on", "2026-01-01")
    assert pesco["rule"] == "qmv-partial" and pesco["adopted"] is True
    nato = _json("vote", "consensus", "--forum", "NATO", "--objections", "HU", "--on", "2026-01-01")
    assert nato["adopted"] is False
    power = _json("power", "qmv", "--on", "2026-01-01")
    members = power["members"]
    assert isinstance(members, dict) and set(members["DE"]) >= {"banzhaf", "shapley_shubik"}
    assert sum(m["banzhaf"] for m in members.values()) == pytest.approx(1)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["vote", "qmv", "--no", "XX", "--on", "2026-01-01"], "unknown state"),
        (["vote", "qmv", "--no", "NO", "--on", "2026-01-01"], "not a member"),
        (["vote", "qmv", "--no", "DE", "--abstain", "DE", "--on", "2026-01-01"], "both"),
        (["vote", "qmv", "--abstain-formally", "DE", "--on", "2026-01-01"], "formal abstention"),
        (["vote", "consensus", "--no", "HU", "--objections", "PL", "--forum", "NATO"], "not both"),
        (["vote", "consensus-minus-one", "--forum", "OSCE"], "--concerned"),
        (["vote", "consensus", "--forum", "EU"], "not used in EU"),
        (["vote", "qmv", "--forum", "NATO", "--on", "2026-01-01"], "a rule of EU"),
        (["power", "qmv", "--on", "2019-01-01"], "no population table"),
        (["vote", "majority"], "unknown rule"),
    ],
)
def test_bad_input_exits_2_with_a_message(args: list[str], words: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert words in " ".join(result.output.split())
