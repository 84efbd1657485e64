"""CSDP missions and operations (issue 17): golden dates before a launch, on it, after an end, and sea areas."""

from __future__ import annotations

import pytest

from coopsec.kb import KnowledgeBase
from coopsec.missions import missions_report
from tests.conftest import d

#: (mission, the day before its launch, its launch, its last day or None, the day after its end or None)
GOLDEN = [
    ("eupm-bih", "2002-12-31", "2003-01-01", "2012-06-30", "2012-07-01"),
    ("concordia", "2003-03-30", "2003-03-31", "2003-12-15", "2003-12-16"),
    ("artemis", "2003-06-11", "2003-06-12", "2003-09-01", "2003-09-02"),
    ("eufor-althea", "2004-12-01", "2004-12-02", None, None),
    ("eumm-georgia", "2008-09-30", "2008-10-01", None, None),
    ("eunavfor-atalanta", "2008-12-07", "2008-12-08", None, None),
    ("eutm-mali", "2013-02-17", "2013-02-18", "2024-05-18", "2024-05-19"),
    ("eunavfor-med-sophia", "2015-06-21", "2015-06-22", "2020-03-31", "2020-04-01"),
    ("eunavfor-med-irini", "2020-03-30", "2020-03-31", None, None),
    ("eumam-ukraine", "2022-11-14", "2022-11-15", None, None),
    ("euma-armenia", "2023-02-19", "2023-02-20", None, None),
]


def _ids(kb: KnowledgeBase, on: str, **kw: str) -> set[str]:
    return {m["id"] for m in missions_report(kb, d(on), **kw)["missions"]}


@pytest.mark.parametrize(("mission", "before", "launch", "last", "after"), GOLDEN)
def test_golden_dates(
    kb: KnowledgeBase, mission: str, before: str, launch: str, last: str | None, after: str | None
) -> None:
    check_dates(kb, mission, before, launch, last, after)


def check_dates(kb: KnowledgeBase, mission: str, before: str, launch: str, last: str | None, after: str | None) -> None:
    """Absent the day before launch, present on it (and on its last day), absent after (or present today)."""
    assert mission not in _ids(kb, before, family="csdp")
    assert mission in _ids(kb, launch, family="csdp")
    if last is not None and after is not None:
        assert mission in _ids(kb, last, family="csdp")
        assert mission not in _ids(kb, after, family="csdp")
    else:
        assert mission in _ids(kb, "2026-11-28", family="csdp")


def test_every_mission_in_mali_civilian_or_military(kb: KnowledgeBase) -> None:
    everything = missions_report(kb, None, state="ML")["missions"]
    assert {m["id"]: m["kind"] for m in everything} == {"eutm-mali": "military", "eucap-sahel-mali": "civilian"}
    assert next(m for m in everything if m["id"] == "eutm-mali")["end"] == "2024-05-18"


def test_naval_operations_name_a_sea_area_not_a_host(kb: KnowledgeBase) -> None:
    ops = {m["id"]: m for m in missions_report(kb, d("2019-01-01"), family="csdp")["missions"]}
    atalanta, sophia = ops["eunavfor-atalanta"], ops["eunavfor-med-sophia"]
    assert atalanta["hosts"] == [] and "Somali" in atalanta["area"]
    assert sophia["hosts"] == [] and "Mediterranean" in sophia["area"]
    assert atalanta["source"]["id"] == "eunavfor-atalanta"


def test_sophia_hands_over_to_irini_on_the_same_day(kb: KnowledgeBase) -> None:
    assert {"eunavfor-med-sophia", "eunavfor-med-irini"} <= _ids(kb, "2020-03-31")
    assert "eunavfor-med-sophia" not in _ids(kb, "2020-04-01")


def test_both_families_in_one_answer(kb: KnowledgeBase) -> None:
    body = missions_report(kb, d("2005-01-01"), state="GE")
    assert {(m["id"], m["family"]) for m in body["missions"]} >= {("osce-georgia", "osce"), ("eujust-themis", "csdp")}


def test_a_host_outside_the_kb_is_found_by_its_iso_code(kb: KnowledgeBase) -> None:
    found = missions_report(kb, None, state="CD")
    assert found["state"] == "CD"
    assert "artemis" in {m["id"] for m in found["missions"]}
    assert all("CD" in m["area_countries"] for m in found["missions"])
