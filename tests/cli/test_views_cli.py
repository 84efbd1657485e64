"""`coopsec compare` and `coopsec list`: the dashboard's comparison and list on the command line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from coopsec.cli.app import app

runner = CliRunner()


def test_compare_names_the_united_kingdom_leaving_the_eu() -> None:
    result = runner.invoke(app, ["compare", "2019-12-31", "2020-02-01", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    eu = [(m["state"], m["change"], m["date"]) for m in body["memberships"] if m["organisation"] == "EU"]
    assert ("GB", "lost", "2020-02-01") in eu
    text = runner.invoke(app, ["compare", "2019-12-31", "2020-02-01"])
    assert "United Kingdom" in text.output and "entered the system: none" in text.output


def test_compare_refuses_a_bad_date_with_the_usual_message() -> None:
    result = runner.invoke(app, ["compare", "2019-13-01", "2020-02-01"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_list_prints_csv_with_the_attribution_and_json_rows() -> None:
    result = runner.invoke(app, ["list", "--on", "2024-04-01", "--org", "NATO", "--csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("# coopsec") and any("CC BY-SA 4.0" in line for line in lines[:4])
    assert sum(1 for line in lines if not line.startswith("#")) == 33  # header and the 32 Allies
    body = json.loads(runner.invoke(app, ["list", "--on", "2024-04-01", "--json"]).output)
    assert next(r for r in body["rows"] if r["state"] == "FI")["category"] == "core-nato-eu"
    assert runner.invoke(app, ["list", "--sort", "colour"]).exit_code == 2
