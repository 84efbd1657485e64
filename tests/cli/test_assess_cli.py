"""``coopsec assess``: one event, the trace with --explain, batches, and exit status 2 on bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coopsec.cli.app import app
from coopsec.obligations.batchio import read_full

runner = CliRunner()


def test_assess_json_contract() -> None:
    result = runner.invoke(
        app,
        [
            "assess",
            "armed-attack",
            "--victim",
            "ES",
            "--at",
            "ES-ML",
            "--by",
            "unknown",
            "--on",
            "2026-01-01",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["event"] == {
        "kind": "armed-attack",
        "scale": "attack",
        "victim": "ES",
        "by": "unknown",
        "at": "ES-ML",
        "place": "Melilla (ES-ML)",
        "date": "2026-01-01",
    }
    status = {m["id"]: m["status"] for m in body["mechanisms"]}
    assert status["nato-art5"] == "does_not_apply" and status["teu-42-7"] == "applies"
    eu = next(m for m in body["mechanisms"] if m["id"] == "teu-42-7")
    assert {"party", "duty", "caveats"} <= set(eu["obligated"][0])
    assert eu["citation"]["text"].startswith("If a Member State is the victim of armed aggression")


def test_assess_explain_shows_the_trace() -> None:
    result = runner.invoke(
        app, ["assess", "armed-attack", "--victim", "FI", "--by", "RU", "--on", "2022-06-01", "--explain"]
    )
    assert result.exit_code == 0, result.output
    assert "trace (fact)" in result.stdout and "trace (rule)" in result.stdout
    assert "teu-42-7" in result.stdout and "applies" in result.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["assess", "invasion", "--victim", "FI"], "unknown event kind"),
        (["assess", "armed-attack", "--victim", "ZZ"], "unknown state"),
        (["assess", "armed-attack", "--victim", "ES", "--at", "Atlantis"], "unknown place"),
        (["assess", "armed-attack", "--victim", "FI", "--on", "2022-13-01"], "YYYY-MM-DD"),
        (["assess", "armed-attack"], "--victim"),
        (["assess", "--batch", "/nonexistent/events.csv"], "cannot read the batch file"),
    ],
)
def test_bad_input_exits_2(args: list[str], needle: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert needle in result.stderr
    assert "Traceback" not in result.output


def test_batch_csv_reports_bad_rows_and_keeps_the_good(tmp_path: Path) -> None:
    batch = tmp_path / "events.csv"
    batch.write_text(
        "kind,victim,by,at,date\n"
        "armed-attack,FI,RU,,2022-06-01\n"
        "armed-attack,QQ,,,2022-06-01\n"
        "natural-disaster,TR,,,2023-02-06\n"
        "armed-attack,FI,RU,,2022-02-30\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["assess", "--batch", str(batch)])
    assert result.exit_code == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["line"], r["ok"]) for r in lines] == [(2, True), (3, False), (4, True), (5, False)]
    assert lines[1]["error"].startswith("unknown state 'QQ'") and lines[1]["status"] == 400
    assert "line 3:" in result.stderr and "line 5:" in result.stderr
    assert {m["id"]: m["status"] for m in lines[2]["mechanisms"]}["eu-ucpm"] == "applies"


def test_batch_json_lines(tmp_path: Path) -> None:
    batch = tmp_path / "events.jsonl"
    batch.write_text(
        '{"kind": "terrorist-attack", "victim": "FR", "by": "non-state", "date": "2015-11-13"}\n'
        "\n"
        '{"kind": "threat", "victim": "PL", "on": "2022-02-24"}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["assess", "--batch", str(batch)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in lines] == [1, 3]
    assert {m["id"]: m["status"] for m in lines[1]["mechanisms"]}["nato-art4"] == "applies"


def test_batch_with_a_bad_header_exits_2(tmp_path: Path) -> None:
    batch = tmp_path / "events.csv"
    batch.write_text("what,who\nx,y\n", encoding="utf-8")
    result = runner.invoke(app, ["assess", "--batch", str(batch)])
    assert result.exit_code == 2 and "CSV header" in result.stderr


def test_batch_full_detail_resolves_to_assess_json(tmp_path: Path) -> None:
    batch = tmp_path / "events.csv"
    batch.write_text(
        "kind,victim,by,at,date,scale\narmed-attack,FI,RU,,2023-06-01,\narmed-attack,TR,SY,,2012-06-22,incident\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["assess", "--batch", str(batch), "--detail", "full"])
    assert result.exit_code == 0, result.output
    rows = list(read_full(result.stdout.splitlines()))
    for row, args in zip(
        rows,
        [
            ["armed-attack", "--victim", "FI", "--by", "RU", "--on", "2023-06-01"],
            ["armed-attack", "--victim", "TR", "--by", "SY", "--on", "2012-06-22", "--scale", "incident"],
        ],
        strict=True,
    ):
        single = runner.invoke(app, ["assess", *args, "--json"])
        assert single.exit_code == 0, single.output
        expected = json.loads(single.stdout)
        assert expected.pop("summary").startswith("An ")  # one event's plain summary: a batch writes answers only
        assert {"event": row["event"], "mechanisms": row["mechanisms"]} == expected


def test_batch_csv_output_reports_bad_rows_and_exits_2(tmp_path: Path) -> None:
    batch = tmp_path / "events.csv"
    batch.write_text(
        "kind,victim,by,at,date\narmed-attack,FI,RU,,2022-06-01\narmed-attack,QQ,,,2022-06-01\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["assess", "--batch", str(batch), "--format", "csv"])
    assert result.exit_code == 2
    table = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert {r["line"] for r in table} == {"2", "3"}
    assert [r["status"] for r in table if r["line"] == "3"] == ["error"]
    assert len([r for r in table if r["line"] == "2"]) == 8
    assert "line 3: unknown state 'QQ'" in result.stderr and "1 bad row(s); 1 event(s) assessed" in result.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--detail", "full", "--format", "csv"], "--format csv writes the summary only"),
        (["--detail", "everything"], "unknown --detail"),
        (["--format", "xlsx"], "unknown --format"),
    ],
)
def test_batch_options_that_do_not_fit_exit_2(tmp_path: Path, args: list[str], needle: str) -> None:
    batch = tmp_path / "events.csv"
    batch.write_text("kind,victim\nthreat,PL\n", encoding="utf-8")
    result = runner.invoke(app, ["assess", "--batch", str(batch), *args])
    assert result.exit_code == 2 and needle in result.stderr


def test_detail_without_a_batch_exits_2() -> None:
    result = runner.invoke(app, ["assess", "threat", "--victim", "PL", "--detail", "full"])
    assert result.exit_code == 2 and "--detail and --format go with --batch" in result.stderr


def test_assess_text_starts_with_the_plain_summary() -> None:
    result = runner.invoke(app, ["assess", "armed-attack", "--victim", "FI", "--by", "RU", "--on", "2022-06-01"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())  # the terminal wraps the sentence
    assert text.startswith("An armed attack on Finland by the Russian Federation on 1 June 2022: ")
    assert "NATO Art. 5 does not apply because Finland is not a Party" in text.split("nato-art4")[0]
