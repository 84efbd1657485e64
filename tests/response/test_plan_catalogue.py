"""The response catalogue is data: loaded and checked with the knowledge base, errors name file and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coopsec.errors import DataError, DataIssue
from coopsec.kb import KnowledgeBase
from coopsec.kb.loader import build_knowledge_base
from coopsec.kb.paths import default_data_dir
from coopsec.obligations.kinds import KINDS


def test_the_catalogue_loads_with_a_source_for_every_entry(kb: KnowledgeBase) -> None:
    catalogue = kb.response
    assert catalogue is not None
    assert {"prevent", "protect", "pursue", "respond"} <= set(catalogue.pillars)
    assert {"prevention", "preparedness", "response"} <= set(catalogue.pillars)
    bodies = {a.body.id for a in catalogue.actions}
    assert {"europol-ectc", "europol-iru", "sirius", "fiu-net", "tftp", "piu", "eurojust", "ercc", "ipcr"} <= bodies
    for action in catalogue.actions:
        assert action.source.href or action.source.reference
        assert action.legal_basis and action.why and action.timing
        assert set(action.trigger.kinds) <= set(KINDS)


def _broken(tmp_path: Path, old: str, new: str) -> tuple[DataIssue, ...]:
    root = tmp_path / "data"
    shutil.copytree(default_data_dir(), root)
    path = root / "response.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        build_knowledge_base(root)
    return info.value.issues


def _has(issues: tuple[DataIssue, ...], path: str, words: str) -> None:
    assert any(i.file == "response.yaml" and i.path.startswith(path) and words in i.message for i in issues), issues


def test_an_unknown_body_names_the_action(tmp_path: Path) -> None:
    issues = _broken(tmp_path, "body: europol-iru\n    action:", "body: nobody\n    action:")
    _has(issues, "actions[0] (iru-referral).body", "unknown body code 'nobody'")


def test_an_unknown_kind_and_fact_are_named(tmp_path: Path) -> None:
    old = "when: {kinds: [terrorist-attack], all: [online_propaganda]}"
    issues = _broken(tmp_path, old, "when: {kinds: [meteor], all: [online_propaganda]}")
    _has(issues, "actions[0] (iru-referral).when.kinds", "unknown event kind code 'meteor'")
    issues = _broken(tmp_path / "again", old, "when: {kinds: [terrorist-attack], all: [rain]}")
    _has(issues, "actions[0] (iru-referral).when.all", "not one of the accepted values")


def test_an_unknown_source_and_an_unknown_key_are_named(tmp_path: Path) -> None:
    issues = _broken(
        tmp_path,
        "    source: eu-iru-2015\n  - id: tco-removal-orders",
        "    source: nowhere\n    colour: red\n  - id: tco-removal-orders",
    )
    _has(issues, "actions[0] (iru-referral).colour", "unknown key")
    issues = _broken(
        tmp_path / "again",
        "    source: eu-iru-2015\n  - id: tco-removal-orders",
        "    source: nowhere\n  - id: tco-removal-orders",
    )
    _has(issues, "actions[0] (iru-referral).source", "unknown source id 'nowhere'")


def test_a_missing_source_is_an_error(tmp_path: Path) -> None:
    issues = _broken(tmp_path, "    source: eu-iru-2015\n  - id: tco-removal-orders", "  - id: tco-removal-orders")
    _has(issues, "actions[0] (iru-referral).source", "required key is missing")
