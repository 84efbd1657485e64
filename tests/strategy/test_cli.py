"""``coopsec risk register`` and ``coopsec strategy simulate|sweep``: shapes, byte-identical JSON, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coopsec.cli.app import app
from coopsec.errors import InputError
from coopsec.strategy.sweep import connect
from tests.strategy.conftest import EXAMPLES, NAMES

runner = CliRunner()
FILES = [str(EXAMPLES / "strategies" / f"{n}.yaml") for n in NAMES]


def test_risk_register_json_and_table() -> None:
    result = runner.invoke(app, ["risk", "register", "--on", "2026-01-01", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["on"] == "2026-01-01" and body["entries"] and body["matrix"]
    table = runner.invoke(app, ["risk", "register", "--on", "2026-01-01"])
    assert table.exit_code == 0 and "Eastern flank" in table.stdout
    bad = runner.invoke(app, ["risk", "register", "--on", "2026-13-01"])
    assert bad.exit_code == 2


def test_simulate_json_is_byte_identical_for_the_same_seed() -> None:
    args = ["strategy", "simulate", *FILES, "--years", "4", "--runs", "300", "--seed", "7", "--json"]
    one, two = runner.invoke(app, args), runner.invoke(app, args)
    assert one.exit_code == 0, one.output
    assert one.stdout == two.stdout
    other = runner.invoke(app, [*args[:-3], "8", "--json"])
    assert other.stdout != one.stdout
    body = json.loads(one.stdout)
    assert (body["seed"], body["runs"], body["years"]) == (7, 300, 4)
    assert [s["name"] for s in body["strategies"]] == list(NAMES)
    harm = body["strategies"][0]["outcomes"]["expected_harm"]
    assert set(harm) == {"p5", "p50", "p95", "mean"}
    assert body["sensitivity"]["factors"] and "per_run" not in body
    runs = json.loads(runner.invoke(app, [*args, "--per-run"]).stdout)["per_run"]
    assert len(runs["balanced"]["expected_harm"]) == 300
    middle = sorted(runs["balanced"]["unmet_requests"])[149:151]
    assert round(sum(middle) / 2, 4) == body["strategies"][1]["outcomes"]["unmet_requests"]["p50"]


def test_simulate_table_and_report(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["strategy", "simulate", *FILES, "--years", "2", "--runs", "60", "--report", str(tmp_path / "r")]
    )
    assert result.exit_code == 0, result.output
    assert "leaves uncovered" in result.stdout
    assert (tmp_path / "r" / "report.md").is_file() and (tmp_path / "r" / "balanced.png").is_file()


def test_simulate_errors_name_the_value(tmp_path: Path) -> None:
    runs = runner.invoke(app, ["strategy", "simulate", FILES[0], "--runs", "0"])
    assert runs.exit_code == 2 and "--runs 0: give 1 to 100000" in runs.stderr
    missing = runner.invoke(app, ["strategy", "simulate", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2 and "no strategy file" in missing.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ntitle: t\nends: [a]\nways: [{instrument: navy, line: x}]\nmeans: {north: {police: 1}}\n")
    refused = runner.invoke(app, ["strategy", "simulate", str(bad)])
    assert refused.exit_code == 1
    assert "bad.yaml: means.north: unknown flank 'north'" in refused.stderr
    assert "bad.yaml: ways[0].instrument: unknown instrument 'navy'" in refused.stderr


def test_sweep_runs_locally(tmp_path: Path) -> None:
    sweep = tmp_path / "sweep.yaml"
    strategies = ", ".join(json.dumps(f) for f in FILES[:2])
    sweep.write_text(f"strategies: [{strategies}]\nyears: 2\nruns: 50\nseed: 1\ngrid: {{rate: [0.5, 1.0]}}\n")
    result = runner.invoke(app, ["strategy", "sweep", str(sweep), "--json"])
    assert result.exit_code == 0, result.output
    assert [p["point"] for p in json.loads(result.stdout)["points"]] == [{"rate": 0.5}, {"rate": 1.0}]


def test_simulate_on_a_dask_scheduler_prints_the_local_json() -> None:
    from distributed import LocalCluster

    args = ["strategy", "simulate", *FILES, "--years", "2", "--runs", "520", "--seed", "4", "--json"]
    local = runner.invoke(app, args)
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)  # type: ignore[no-untyped-call]
    with cluster:
        spread = runner.invoke(app, [*args, "--dask", cluster.scheduler_address])
    assert spread.exit_code == 0, spread.output
    assert spread.stdout == local.stdout


def test_an_unreachable_scheduler_is_named() -> None:
    with pytest.raises(InputError, match=r"no Dask scheduler at 'tcp://127\.0\.0\.1:9'"):
        connect("tcp://127.0.0.1:9", timeout="1s")
