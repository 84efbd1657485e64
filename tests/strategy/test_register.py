"""The risk register: loads with its sources, refuses a figure without one, and states its calibration."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopsec.errors import DataError
from coopsec.kb import KnowledgeBase
from coopsec.strategy import Register, flank_states, load_register
from coopsec.strategy.view import register_dict
from tests.conftest import d


def _edit(root: Path, old: str, new: str) -> None:
    path = root / "risk" / "register.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_figure_has_a_source_and_every_entry_a_basis(register: Register, kb: KnowledgeBase) -> None:
    data = register.data
    assert {
        "terrorism",
        "organised-crime",
        "illegal-immigration",
        "drugs",
        "environmental",
        "cbrn",
        "hybrid",
        "armed-aggression",
    } <= set(data.threats)
    assert {e.region for e in data.entries} == {"eastern", "southern", "internal"}
    for fig in data.figures.values():
        assert fig.source in data.sources or fig.source in kb.sources
        assert fig.verification in ("confirmed", "unconfirmed")
    for e in data.entries:
        assert e.figures or e.basis.startswith("assumption")
        assert register.likelihood_of(e.rate) == e.likelihood
    assert [lv.harm for lv in data.calibration.impact] == [1, 3, 10, 30, 100]


def test_a_figure_without_a_source_is_refused_naming_file_and_key(kb: KnowledgeBase, risk_copy: Path) -> None:
    _edit(
        risk_copy,
        "    source: te-sat-2025\n    verification: confirmed\n  te_sat_attacks_2024_southern:",
        "    verification: confirmed\n  te_sat_attacks_2024_southern:",
    )
    with pytest.raises(DataError) as caught:
        load_register(kb, risk_copy)
    assert any(
        i.file == "risk/register.yaml" and i.path == "figures.te_sat_attacks_2024.source" for i in caught.value.issues
    ), caught.value.issues


def test_unknown_source_figure_and_mechanism_are_named(kb: KnowledgeBase, risk_copy: Path) -> None:
    _edit(risk_copy, "source: te-sat-2024\n", "source: nowhere\n")
    _edit(risk_copy, "via: [nato-art5, teu-42-7]", "via: [nato-art55]")
    _edit(risk_copy, "figures: [te_sat_attacks_2024_eastern]", "figures: [invented]")
    with pytest.raises(DataError) as caught:
        load_register(kb, risk_copy)
    paths = {i.path: i.message for i in caught.value.issues}
    assert "unknown source 'nowhere'" in paths["figures.te_sat_attacks_2023.source"]
    assert "mechanisms.yaml" in paths["threats.armed-aggression.via[0]"]
    assert "add it under figures" in paths["entries[0].figures[0]"]


def test_likelihood_must_match_the_rate(kb: KnowledgeBase, risk_copy: Path) -> None:
    _edit(risk_copy, "likelihood: 4, impact: 3, rate: 3.9", "likelihood: 2, impact: 3, rate: 3.9")
    with pytest.raises(DataError, match=r"entries\[1\]\.likelihood: rate 3.9 a year is likelihood 4"):
        load_register(kb, risk_copy)


def test_flank_states_come_from_the_rings_on_the_date(kb: KnowledgeBase, register: Register) -> None:
    now = flank_states(kb, register, d("2026-01-01"))
    assert "PL" in now["eastern"] and "IT" in now["southern"] and "DE" in now["internal"]
    assert "HU" not in now["eastern"]  # a candidate below the value criterion on the date
    before = flank_states(kb, register, d("2000-01-01"))
    assert "PL" not in before["eastern"]  # not yet an EU member
    assert not set(now["eastern"]) & set(now["internal"])


def test_register_json_names_sources_and_fills_the_matrix(kb: KnowledgeBase, register: Register) -> None:
    body = register_dict(kb, register, d("2026-01-01"))
    assert body["regions"]["eastern"]["left_out"] == ["HU"]
    assert len(body["matrix"]) == 5 and body["matrix"][0]["likelihood"] == 5
    placed = sum(len(c["entries"]) for row in body["matrix"] for c in row["cells"])
    assert placed == len(body["entries"])
    terror = next(e for e in body["entries"] if e["threat"] == "terrorism" and e["region"] == "southern")
    assert terror["figures"][0]["source"]["href"].startswith("https://")
    assert terror["likelihood_label"] == "likely"
