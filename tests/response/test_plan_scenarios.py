"""Golden scenarios: each YAML file under scenarios/ is an incident and what its plan must contain."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from coopsec.kb import KnowledgeBase
from coopsec.response import Incident, plan

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    return data


def _incident(raw: dict[str, Any]) -> Incident:
    fields = dict(raw)
    if isinstance(fields.get("date"), dt.date):
        fields["date"] = fields["date"].isoformat()
    return Incident(**fields)


def test_there_are_scenarios() -> None:
    assert {p.stem for p in SCENARIOS} >= {"paris-2015", "turkiye-2023", "cbrn-attack"}


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path: Path, kb: KnowledgeBase) -> None:
    scenario = _load(path)
    expect = scenario["expect"]
    result = plan(kb, _incident(scenario["incident"]))
    ids = {a.id for a in result.actions}
    bodies = {a.body_id for a in result.actions}
    pillars = set(result.by_pillar())
    assert set(expect.get("bodies", [])) <= bodies, bodies
    assert set(expect.get("actions", [])) <= ids, ids
    assert not set(expect.get("absent", [])) & ids
    assert set(expect.get("pillars", [])) <= pillars
    assert not set(expect.get("no_pillars", [])) & pillars
    by_id = {a.id: a for a in result.actions}
    for action_id in expect.get("not_in_place", []):
        assert not by_id[action_id].in_place and "not yet in place" in (by_id[action_id].note or "")
    for action_id in expect.get("in_place", []):
        assert by_id[action_id].in_place
    statuses = {m.id: m.status for m in result.mechanisms}
    for mechanism, status in expect.get("mechanisms", {}).items():
        assert statuses[mechanism] == status, (mechanism, statuses[mechanism])
    lines = [m.line for m in result.mechanisms]
    for line in expect.get("lines", []):
        assert any(text.startswith(line) for text in lines), lines
    for action in result.actions:
        assert action.reason.startswith("the event is a")
        assert action.legal_basis and action.source.id
