"""Partnerships as dated data (issue 17): JAES 2007, the 2016 migration compacts, EaP association agreements."""

from __future__ import annotations

import pytest

from coopsec.architecture.queries import members
from coopsec.kb import KnowledgeBase
from tests.conftest import d


def test_the_joint_africa_eu_strategy_from_lisbon(kb: KnowledgeBase) -> None:
    assert members(kb, "JAES", d("2007-12-08"), "partner") == []
    assert {"ET", "ML", "NE", "NG", "SN", "EG"} <= set(members(kb, "JAES", d("2007-12-09"), "partner"))


def test_the_five_migration_compacts_of_2016(kb: KnowledgeBase) -> None:
    assert members(kb, "MPF", d("2016-06-06"), "partner") == []
    assert set(members(kb, "MPF", d("2016-06-07"), "partner")) == {"ET", "ML", "NE", "NG", "SN"}


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2016-06-30", set()),
        ("2016-07-01", {"GE", "MD"}),
        ("2017-08-31", {"GE", "MD"}),
        ("2017-09-01", {"GE", "MD", "UA"}),
    ],
)
def test_association_agreements_from_entry_into_force(kb: KnowledgeBase, on: str, expected: set[str]) -> None:
    assert set(members(kb, "EUAA", d(on), "partner")) == expected
