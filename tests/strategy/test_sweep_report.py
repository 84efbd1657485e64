"""Sweeps (locally and on a LocalCluster, the same table), the sensitivity, plots and the Markdown report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coopsec.errors import DataError
from coopsec.kb import KnowledgeBase
from coopsec.strategy import Register, Strategy, compare
from coopsec.strategy.plots import render
from coopsec.strategy.report import write_report
from coopsec.strategy.sweep import run_sweep
from tests.strategy.conftest import EXAMPLES

SMALL = """strategies: [strategies/east-heavy.yaml, strategies/south-heavy.yaml]
years: 3
runs: 120
seed: 3
grid:
  rate: [0.5, 1.5]
  eastern_rate: [1.0, 2.0]
"""


@pytest.fixture
def sweep_file(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES / "strategies", tmp_path / "strategies")
    path = tmp_path / "sweep.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_sweep_on_a_local_cluster_equals_the_local_run(sweep_file: Path) -> None:
    from distributed import Client, LocalCluster

    here = run_sweep(sweep_file)
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)  # type: ignore[no-untyped-call]
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        there = run_sweep(sweep_file, client=client)
    assert here == there
    assert len(here["points"]) == 4
    low, high = here["points"][0], here["points"][1]  # rate 0.5 vs 1.5, eastern 1.0 (keys sorted)
    assert low["point"] == {"eastern_rate": 1.0, "rate": 0.5} and high["point"]["rate"] == 1.5
    for name in ("east-heavy", "south-heavy"):
        assert low["strategies"][name]["unmet_requests_mean"] < high["strategies"][name]["unmet_requests_mean"]


def test_sweep_refuses_unknown_knobs(sweep_file: Path) -> None:
    sweep_file.write_text(SMALL.replace("eastern_rate:", "northern_rate:"), encoding="utf-8")
    with pytest.raises(DataError, match=r"grid.northern_rate: unknown knob"):
        run_sweep(sweep_file)


def test_sensitivity_moves_the_outcomes_the_right_way(
    kb: KnowledgeBase, register: Register, examples: list[Strategy]
) -> None:
    sens = compare(kb, register, examples, years=4, runs=200, seed=5).payload["sensitivity"]
    assert sens["method"] == "one-at-a-time"
    by = {f["factor"]: f for f in sens["factors"]}
    for name in ("east-heavy", "balanced", "south-heavy"):
        for factor in ("rate", "demand", "southern_rate"):
            assert (
                by[factor]["at_low"][name]["unmet_requests_mean"]
                <= sens["base"][name]["unmet_requests_mean"]
                <= by[factor]["at_high"][name]["unmet_requests_mean"]
            )
        # a larger share of may-apply cases with a legal basis never leaves more unmet
        assert (
            by["may_apply_share"]["at_high"][name]["unmet_requests_mean"]
            <= by["may_apply_share"]["at_low"][name]["unmet_requests_mean"]
        )


def test_report_writes_markdown_json_csv_and_figures(
    kb: KnowledgeBase, register: Register, examples: list[Strategy], tmp_path: Path
) -> None:
    result = compare(kb, register, examples, years=3, runs=100, seed=2)
    write_report(result, tmp_path)
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    for s in ("east-heavy", "balanced", "south-heavy"):
        assert f"## {s}" in text and f"]({s}.svg)" in text
        assert (tmp_path / f"{s}.png").read_bytes().startswith(b"\x89PNG")
        assert b"<svg" in (tmp_path / f"{s}.svg").read_bytes()
    assert "What it leaves uncovered" in text and "## Assumptions" in text and "## Sensitivity" in text
    assert json.loads((tmp_path / "result.json").read_text()) == result.payload
    assert len((tmp_path / "runs.csv").read_text().splitlines()) == 1 + 3 * 100


def test_svg_is_the_same_for_the_same_numbers(kb: KnowledgeBase, register: Register, examples: list[Strategy]) -> None:
    result = compare(kb, register, examples[:1], years=2, runs=50, seed=1, sensitivity=False)
    assert render(result.per_run) == render(result.per_run)
