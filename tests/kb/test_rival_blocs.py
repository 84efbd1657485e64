"""The rival blocs (issue 17): CSTO entries, withdrawals, Uzbekistan's spell, Armenia's freeze; the EAEU."""

from __future__ import annotations

import pytest

from coopsec.architecture.queries import members
from coopsec.kb import KnowledgeBase
from tests.conftest import d

FOUNDERS = {"AM", "BY", "KG", "KZ", "RU", "TJ"}


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("1994-04-19", set()),
        ("1994-04-20", FOUNDERS | {"AZ", "GE", "UZ"}),
        ("1999-04-19", FOUNDERS | {"AZ", "GE", "UZ"}),
        ("1999-04-20", FOUNDERS),
        ("2006-08-16", FOUNDERS | {"UZ"}),
        ("2012-06-01", FOUNDERS | {"UZ"}),
        ("2012-12-19", FOUNDERS),
        ("2024-02-22", FOUNDERS - {"AM"}),
    ],
)
def test_csto_members_on_dates(kb: KnowledgeBase, on: str, expected: set[str]) -> None:
    assert set(members(kb, "CSTO", d(on))) == expected


def test_armenias_freeze_is_a_suspension_not_a_withdrawal(kb: KnowledgeBase) -> None:
    assert members(kb, "CSTO", d("2024-02-21"), "suspended") == []
    assert members(kb, "CSTO", d("2025-01-01"), "suspended") == ["AM"]


def test_the_art4_clause_is_in_force_from_1994(kb: KnowledgeBase) -> None:
    (clause,) = kb.clauses["csto-art4"]
    assert clause.start == d("1994-04-20")
    assert "aggression against all" in clause.text


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2014-12-31", set()),
        ("2015-01-01", {"BY", "KZ", "RU"}),
        ("2015-01-02", {"AM", "BY", "KZ", "RU"}),
        # Kyrgyzstan's accession treaty entered into force on 6 August 2015 (Eurasian Economic
        # Commission statement via TASS; Russian MFA): source eaeu-kyrgyzstan-2015, not 12 August.
        ("2015-08-05", {"AM", "BY", "KZ", "RU"}),
        ("2015-08-06", {"AM", "BY", "KG", "KZ", "RU"}),
        ("2015-08-12", {"AM", "BY", "KG", "KZ", "RU"}),
    ],
)
def test_eaeu_members_on_dates(kb: KnowledgeBase, on: str, expected: set[str]) -> None:
    assert set(members(kb, "EAEU", d(on))) == expected
