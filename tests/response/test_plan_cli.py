"""``coopsec plan``: the JSON contract, the human tables and the exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from coopsec.cli.app import app
from coopsec.kb import KnowledgeBase
from coopsec.obligations import assessor_for, make_event

runner = CliRunner()
PARIS = ["plan", "terrorist-attack", "--victim", "FR", "--on", "2015-11-13", "--by", "non-state"]


def test_the_json_plan_has_actions_and_the_assess_mechanisms(kb: KnowledgeBase) -> None:
    result = runner.invoke(app, [*PARIS, "--cbrn", "--cross-border", "--online-propaganda", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert {"event", "actions", "mechanisms", "invocations", "pillars", "facts"} <= set(body)
    for action in body["actions"]:
        assert {"pillar", "body", "legal_basis", "reason", "timing", "source"} <= set(action)
        assert action["pillar"] in {"prevent", "protect", "pursue", "respond", "prevention", "preparedness", "response"}
    bodies = {a["body_id"] for a in body["actions"]}
    assert {"europol-ectc", "europol-iru", "cbrn-plan", "eurojust"} <= bodies
    event = make_event(kb, "terrorist-attack", "FR", "non-state", None, "2015-11-13")
    assert body["mechanisms"] == json.loads(assessor_for(kb).assess(event).to_json())["mechanisms"]
    assert body["facts"] == {
        "casualties": None,
        "cbrn": True,
        "cross_border": True,
        "online_propaganda": True,
        "perpetrators": None,
    }


def test_the_human_plan_is_a_table_per_pillar() -> None:
    result = runner.invoke(app, [*PARIS, "--cross-border", "--casualties", "130", "--perpetrators", "at-large"])
    assert result.exit_code == 0, result.output
    for title in ("Prevent", "Protect", "Pursue", "Respond", "Mechanisms"):
        assert title in result.stdout
    assert "France may invoke TFEU Art. 222" in result.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["plan", "meteor", "--victim", "FR"], "event kind"),
        (["plan", "terrorist-attack", "--victim", "QQ"], "QQ"),
        (["plan", "terrorist-attack", "--victim", "FR", "--on", "2015-13-13"], "YYYY-MM-DD"),
        (["plan", "terrorist-attack", "--victim", "FR", "--perpetrators", "maybe"], "known, unknown, at-large"),
        (["plan", "terrorist-attack", "--victim", "FR", "--casualties", "-1"], "0 or more"),
    ],
)
def test_bad_input_exits_2_naming_the_value(args: list[str], needle: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert needle in result.stderr
    assert "Traceback" not in result.output
