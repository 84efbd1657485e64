"""Gravity on the command line: ``--scale incident|attack``."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from coopsec.cli.app import app

runner = CliRunner()


def _statuses(*args: str) -> dict[str, str]:
    result = runner.invoke(app, ["assess", *args, "--json"])
    assert result.exit_code == 0, result.output
    return {m["id"]: m["status"] for m in json.loads(result.stdout)["mechanisms"]}


def test_an_incident_is_for_the_council_to_qualify() -> None:
    incident = _statuses("armed-attack", "--victim", "TR", "--by", "SY", "--on", "2012-10-03", "--scale", "incident")
    attack = _statuses("armed-attack", "--victim", "TR", "--by", "SY", "--on", "2012-10-03")
    assert incident["nato-art4"] == "applies" and incident["nato-art5"] == "may_apply"
    assert incident["un-art51"] == "may_apply"
    assert attack["nato-art5"] == "applies" and attack["un-art51"] == "applies"


def test_a_disaster_has_no_gravity_to_qualify() -> None:
    result = runner.invoke(app, ["assess", "natural-disaster", "--victim", "TR", "--scale", "incident"])
    assert result.exit_code == 2 and "attacks only" in result.stderr
    result = runner.invoke(app, ["assess", "armed-attack", "--victim", "TR", "--scale", "grave"])
    assert result.exit_code == 2 and "incident, attack" in result.stderr
