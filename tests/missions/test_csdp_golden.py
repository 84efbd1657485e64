"""Golden dates for the CSDP missions and operations added to the registry (issue 17).

Each row names a mission with the day before its launch, its launch, its last day and the day after its
end (None for the two last while it runs), as the Council decisions and releases read for the data give
them: the registry must answer "who was deployed there on that day" exactly at those edges.
"""

from __future__ import annotations

import pytest

from coopsec.kb import KnowledgeBase
from coopsec.missions import missions_report
from tests.conftest import d
from tests.missions.test_csdp import _ids, check_dates

#: (mission, the day before its launch, its launch, its last day or None, the day after its end or None)
GOLDEN = [
    ("eupol-kinshasa", "2005-04-29", "2005-04-30", "2007-06-30", "2007-07-01"),
    ("eusec-rd-congo", "2005-05-01", "2005-05-02", "2016-06-30", "2016-07-01"),
    ("amm-aceh", "2005-09-14", "2005-09-15", "2006-12-15", "2006-12-16"),
    ("eujust-lex-iraq", "2005-06-30", "2005-07-01", "2013-12-31", "2014-01-01"),
    ("eupat", "2005-12-14", "2005-12-15", "2006-06-14", "2006-06-15"),
    ("eufor-rd-congo", "2006-06-11", "2006-06-12", "2006-11-30", "2006-12-01"),
    ("eupol-afghanistan", "2007-06-14", "2007-06-15", "2016-12-31", "2017-01-01"),
    ("eupol-rd-congo", "2007-06-30", "2007-07-01", "2014-09-30", "2014-10-01"),
    ("eu-ssr-guinea-bissau", "2008-06-15", "2008-06-16", "2010-09-30", "2010-10-01"),
    ("euavsec-south-sudan", "2012-06-17", "2012-06-18", "2014-01-17", "2014-01-18"),
    ("eucap-sahel-niger", "2012-07-15", "2012-07-16", "2024-09-30", "2024-10-01"),
    ("eufor-rca", "2014-03-31", "2014-04-01", "2015-03-15", "2015-03-16"),
    ("eumam-rca", "2015-03-15", "2015-03-16", "2016-07-16", "2016-07-17"),
    ("eutm-mozambique", "2021-10-14", "2021-10-15", "2024-08-31", "2024-09-01"),
    ("eumpm-niger", "2023-02-19", "2023-02-20", "2024-06-30", "2024-07-01"),
    ("eucap-somalia", "2012-07-15", "2012-07-16", None, None),
    ("eutm-rca", "2016-07-15", "2016-07-16", None, None),
    ("euam-iraq", "2017-10-15", "2017-10-16", None, None),
    ("euam-rca", "2020-08-08", "2020-08-09", None, None),
    ("eupm-moldova", "2023-05-21", "2023-05-22", None, None),
    ("eu-sdi-gulf-of-guinea", "2023-12-10", "2023-12-11", None, None),
    ("eunavfor-aspides", "2024-02-18", "2024-02-19", None, None),
    ("eumam-mozambique", "2024-08-31", "2024-09-01", None, None),
]

#: An area country outside the KB's states and the missions ``--state`` finds there on any date.
BY_AREA_COUNTRY = [
    ("CD", {"artemis", "eupol-kinshasa", "eusec-rd-congo", "eufor-rd-congo", "eupol-rd-congo"}),
    ("CF", {"eufor-tchad-rca", "eufor-rca", "eumam-rca", "eutm-rca", "euam-rca"}),
    ("IQ", {"eujust-lex-iraq", "euam-iraq"}),
    ("MZ", {"eutm-mozambique", "eumam-mozambique"}),
    ("SO", {"eutm-somalia", "eucap-somalia"}),
    ("ID", {"amm-aceh"}),
    ("GW", {"eu-ssr-guinea-bissau"}),
    ("SS", {"euavsec-south-sudan"}),
    ("GH", {"eu-sdi-gulf-of-guinea"}),
]


@pytest.mark.parametrize(("mission", "before", "launch", "last", "after"), GOLDEN)
def test_golden_dates(
    kb: KnowledgeBase, mission: str, before: str, launch: str, last: str | None, after: str | None
) -> None:
    check_dates(kb, mission, before, launch, last, after)


@pytest.mark.parametrize(("country", "expected"), BY_AREA_COUNTRY)
def test_state_finds_missions_by_area_country(kb: KnowledgeBase, country: str, expected: set[str]) -> None:
    found = missions_report(kb, None, state=country, family="csdp")
    assert found["state"] == country
    assert {m["id"] for m in found["missions"]} == expected
    assert all(country in m["area_countries"] and m["hosts"] == [] for m in found["missions"])


def test_state_on_a_date_in_an_area_country(kb: KnowledgeBase) -> None:
    """The CAR on 16 July 2016: the advisory mission's last day is the training mission's first."""
    assert _ids(kb, "2016-07-16", state="CF") == {"eumam-rca", "eutm-rca"}
    assert _ids(kb, "2016-07-17", state="CF") == {"eutm-rca"}
    assert _ids(kb, "2006-07-30", state="CD") == {"eusec-rd-congo", "eupol-kinshasa", "eufor-rd-congo"}


def test_mozambique_training_hands_over_to_assistance(kb: KnowledgeBase) -> None:
    assert _ids(kb, "2024-08-31", state="MZ") == {"eutm-mozambique"}
    assert _ids(kb, "2024-09-01", state="MZ") == {"eumam-mozambique"}


def test_niger_missions_end_in_2024(kb: KnowledgeBase) -> None:
    everything = {m["id"]: m for m in missions_report(kb, None, state="NE")["missions"]}
    assert {"eucap-sahel-niger", "eumpm-niger"} <= set(everything)
    assert everything["eumpm-niger"]["end"] == "2024-06-30"
    assert everything["eucap-sahel-niger"]["end"] == "2024-09-30"
    assert not {"eucap-sahel-niger", "eumpm-niger"} & _ids(kb, "2025-01-01", state="NE")


def test_contributors_are_kb_states_named_by_the_sources(kb: KnowledgeBase) -> None:
    ops = {m["id"]: m for m in missions_report(kb, None, family="csdp")["missions"]}
    assert {"CA", "NO"} <= set(ops["eupol-afghanistan"]["contributors"])
    assert "GE" in ops["eufor-rca"]["contributors"]
    assert "PT" in ops["eutm-mozambique"]["contributors"]
    assert all(c in kb.states for m in ops.values() for c in m["contributors"])


def test_aspides_is_a_sea_area(kb: KnowledgeBase) -> None:
    aspides = next(
        m for m in missions_report(kb, d("2024-03-01"), family="csdp")["missions"] if m["id"] == "eunavfor-aspides"
    )
    assert aspides["hosts"] == [] and aspides["area_countries"] == [] and "Red Sea" in aspides["area"]
    assert aspides["source"]["id"] == "eunavfor-aspides"
