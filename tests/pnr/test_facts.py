"""The PNR facts as data: Annex I's 19 elements, Art. 12's periods, the purposes; criteria refused at load."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopsec.errors import DataError
from coopsec.kb.files import SIDE_FOLDERS
from coopsec.pnr.facts import PnrFacts, load_criteria

CRITERIA = """
source: test
allowed_fields: [surname, given_names, date_of_birth, document_number, nationality, gender]
criteria:
  - id: rule
    title: A rule
"""


def test_the_directive_is_data_with_sources(facts: PnrFacts) -> None:
    d = facts.directive
    assert [e.number for e in d.annex_i.elements] == list(range(1, 20))
    assert {e.masked for e in d.annex_i.elements if e.masked} == set("abcdef")
    assert (d.retention.depersonalise_after_months, d.retention.delete_after_years) == (6, 5)
    assert set(d.retention.disclosure.approvers) == {"court", "independent-body"}
    assert len(d.purposes.annex_ii) == 26 and "terrorism" in d.purpose_codes()
    assert {r.source for r in d.rulings} == {"ldh"} and all(r.paragraphs for r in d.rulings)
    assert "pnr/" in SIDE_FOLDERS


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "criteria.yaml"
    path.write_text(CRITERIA + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("    exact: [surname, religion]\n", "sensitive characteristic"),
        ("    exact: [meal_preference]\n", "sensitive characteristic"),
        ("    exact: [surname]\n    model: gradient-boosting\n", "self-learning"),
        ("    exact: [surname]\n    learned: true\n", "self-learning"),
        ("    exact: [seat]\n", "unknown field 'seat'"),
        ("    similar: {date_of_birth: 0.9}\n", "similar applies to surname or given_names"),
        ("    title: again\n", "at least one exact or similar field"),
    ],
)
def test_a_criterion_that_is_not_a_fixed_fair_rule_is_refused_at_load(
    tmp_path: Path, facts: PnrFacts, body: str, message: str
) -> None:
    body = body.replace("    title: again\n", "")
    with pytest.raises(DataError, match=message):
        load_criteria(_write(tmp_path, body), facts)


def test_allowing_a_sensitive_field_is_refused(tmp_path: Path, facts: PnrFacts) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(CRITERIA.replace("gender]", "gender, ethnic_origin]") + "    exact: [surname]\n", encoding="utf-8")
    with pytest.raises(DataError, match="'ethnic_origin' is a sensitive characteristic"):
        load_criteria(path, facts)


def test_a_fixed_rule_loads(tmp_path: Path, facts: PnrFacts) -> None:
    loaded = load_criteria(_write(tmp_path, "    exact: [document_number]\n"), facts)
    assert loaded.criteria[0].exact == ("document_number",)
