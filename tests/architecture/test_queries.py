"""The paper's own claims, and the reference facts, as tests of the time-aware queries."""

from __future__ import annotations

import pytest

from coopsec.architecture import (
    is_member,
    members,
    organisation_timeline,
    overlap,
    resolve_code,
    resolve_organisation,
    resolve_state,
    state_timeline,
)
from coopsec.errors import UnknownCodeError
from coopsec.kb import KnowledgeBase
from tests.conftest import d


def test_nato_has_31_members_the_day_before_sweden_joins_and_32_on_the_day(kb: KnowledgeBase) -> None:
    assert len(members(kb, "NATO", d("2024-03-06"))) == 31
    on_day = members(kb, "NATO", d("2024-03-07"))
    assert len(on_day) == 32 and "SE" in on_day
    assert on_day == sorted(on_day)


@pytest.mark.parametrize("day", ["2020-02-01", "2020-03-26", "2020-03-27", "2021-06-01", "2023-04-03"])
def test_eu_and_nato_share_21_of_27_from_brexit_to_finland(kb: KnowledgeBase, day: str) -> None:
    result = overlap(kb, "EU", "NATO", d(day))
    assert len(members(kb, "EU", d(day))) == 27
    assert len(result.both) == 21
    assert result.only_a == ("AT", "CY", "FI", "IE", "MT", "SE")


def test_eu_and_nato_share_22_when_finland_joins_and_23_today(kb: KnowledgeBase) -> None:
    assert len(overlap(kb, "EU", "NATO", d("2023-04-04")).both) == 22
    today = overlap(kb, "EU", "NATO", d("2026-11-25"))
    assert len(today.both) == 23
    assert today.only_a == ("AT", "CY", "IE", "MT")
    assert today.only_b == ("AL", "CA", "GB", "IS", "ME", "MK", "NO", "TR", "US")


def test_before_brexit_the_eu_had_28_and_shared_22(kb: KnowledgeBase) -> None:
    assert len(members(kb, "EU", d("2019-12-31"))) == 28
    assert len(overlap(kb, "EU", "NATO", d("2019-12-31")).both) == 22


def test_the_uk_is_a_member_on_31_january_2020_and_not_on_1_february(kb: KnowledgeBase) -> None:
    assert is_member(kb, "GB", "EU", d("2020-01-31"))
    assert not is_member(kb, "GB", "EU", d("2020-02-01"))


def test_pesco_has_25_participants_before_denmark_and_26_after(kb: KnowledgeBase) -> None:
    assert len(members(kb, "PESCO", d("2023-05-22"))) == 25
    assert len(members(kb, "PESCO", d("2023-05-23"))) == 26
    assert "MT" not in members(kb, "PESCO", d("2026-01-01"))
    assert members(kb, "PESCO", d("2017-12-10")) == []


def test_the_weu_follows_its_own_member_list_not_the_papers_footnote(kb: KnowledgeBase) -> None:
    """The paper's footnote 2 lists AT, BE, FR, DE, LI, LU, MC, NL, ES, CH: that is not the WEU."""
    weu = members(kb, "WEU", d("2010-01-01"))
    assert weu == ["BE", "DE", "ES", "FR", "GB", "GR", "IT", "LU", "NL", "PT"]
    footnote = {"AT", "BE", "FR", "DE", "LI", "LU", "MC", "NL", "ES", "CH"}
    assert set(weu) != footnote and not {"AT", "LI", "MC", "CH"} & set(weu)
    assert members(kb, "WEU", d("2011-06-29")) == weu
    assert members(kb, "WEU", d("2011-06-30")) == []
    assert "ES" not in members(kb, "WEU", d("1990-03-26")) and "ES" in members(kb, "WEU", d("1990-03-27"))


def test_nato_dates_are_deposits_not_signatures(kb: KnowledgeBase) -> None:
    assert not is_member(kb, "ES", "NATO", d("1981-12-10"))
    assert is_member(kb, "ES", "NATO", d("1982-05-30"))
    assert not is_member(kb, "FI", "NATO", d("2023-04-03")) and is_member(kb, "FI", "NATO", d("2023-04-04"))
    assert len(members(kb, "NATO", d("1949-08-24"))) == 12 and members(kb, "NATO", d("1949-08-23")) == []


def test_osce_has_57_participating_states_and_was_the_csce_before_1995(kb: KnowledgeBase) -> None:
    assert len(members(kb, "OSCE", d("2026-01-01"))) == 57
    assert len(members(kb, "OSCE", d("1975-08-01"))) == 35
    assert kb.organisations["OSCE"].name_on(d("1994-12-31")).startswith("Conference on Security")
    assert kb.organisations["OSCE"].name_on(d("1995-01-01")) == "Organization for Security and Co-operation in Europe"
    assert "SUHH" in members(kb, "OSCE", d("1991-12-25")) and "RU" not in members(kb, "OSCE", d("1991-12-25"))
    assert "RU" in members(kb, "OSCE", d("1991-12-26")) and "SUHH" not in members(kb, "OSCE", d("1991-12-26"))
    assert "RS" in members(kb, "OSCE", d("1999-01-01"), "suspended")
    assert len(members(kb, "OSCE", d("2000-11-10"))) == 55


def test_partners_observers_and_suspensions(kb: KnowledgeBase) -> None:
    assert members(kb, "EAP", d("2021-06-28"), "suspended") == ["BY"]
    assert "BY" in members(kb, "EAP", d("2021-06-27"))
    assert members(kb, "UFM", d("2026-01-01"), "observer") == ["LY"]
    assert "MK" not in members(kb, "UFM", d("2022-11-23")) and "MK" in members(kb, "UFM", d("2022-11-24"))
    ufm = members(kb, "UFM", d("2026-01-01")) + members(kb, "UFM", d("2026-01-01"), "suspended")
    assert len(ufm) == 43  # 27 EU + 16 partners, Syria suspended
    assert members(kb, "OSCE", d("2026-01-01"), "partner") == [
        "AF",
        "AU",
        "DZ",
        "EG",
        "IL",
        "JO",
        "JP",
        "KR",
        "MA",
        "TH",
        "TN",
    ]


def test_candidate_status(kb: KnowledgeBase) -> None:
    candidates = members(kb, "EU", d("2026-01-01"), "candidate")
    assert candidates == ["AL", "BA", "GE", "MD", "ME", "MK", "RS", "TR", "UA"]
    assert "UA" not in members(kb, "EU", d("2022-06-22"), "candidate")


def test_derived_memberships_follow_eu_membership(kb: KnowledgeBase) -> None:
    ucpm = members(kb, "UCPM", d("2026-01-01"))
    assert len(ucpm) == 37 and {"IS", "NO", "UA", "MD", "TR"} <= set(ucpm)
    assert "HR" in members(kb, "UFM", d("2012-01-01")) and "HR" in members(kb, "UFM", d("2014-01-01"))
    assert "GB" in members(kb, "UFM", d("2019-01-01")) and "GB" not in members(kb, "UFM", d("2020-02-01"))


def test_schengen_council_of_europe_and_visegrad(kb: KnowledgeBase) -> None:
    assert len(members(kb, "SCHENGEN", d("2026-01-01"))) == 29
    assert "HR" in members(kb, "SCHENGEN", d("2023-01-01"))
    assert len(members(kb, "COE", d("2026-01-01"))) == 46
    assert "RU" in members(kb, "COE", d("2022-03-15"), "suspended") and not is_member(
        kb, "RU", "COE", d("2022-03-16"), ("member", "suspended")
    )
    assert members(kb, "V4", d("1992-01-01")) == ["CSHH", "HU", "PL"]
    assert members(kb, "V4", d("1993-01-01")) == ["CZ", "HU", "PL", "SK"]


def test_codes_are_case_insensitive_and_accept_alpha3(kb: KnowledgeBase) -> None:
    assert resolve_state(kb, "fin") == "FI"
    assert resolve_state(kb, "uk") == "GB"
    assert resolve_state(kb, "XKX") == "XK"
    assert resolve_organisation(kb, "csce") == "OSCE"
    assert resolve_code(kb, "nato") == ("organisation", "NATO")
    assert resolve_code(kb, "se") == ("state", "SE")
    with pytest.raises(UnknownCodeError, match="alpha-2"):
        resolve_state(kb, "QQ")
    with pytest.raises(UnknownCodeError, match="use one of"):
        resolve_organisation(kb, "WARSAW")


def test_timelines_list_dated_changes_with_sources(kb: KnowledgeBase) -> None:
    sweden = state_timeline(kb, "SE")
    nato = next(c for c in sweden if c.organisation == "NATO")
    assert (nato.date, nato.kind, nato.basis) == (d("2024-03-07"), "start", "deposit")
    assert nato.source.href and "nato.int" in nato.source.href
    assert [c.date for c in sweden] == sorted(c.date for c in sweden)
    assert any(c.kind == "policy" and c.date == d("2024-03-07") for c in sweden)
    uk = [c for c in state_timeline(kb, "GB") if c.organisation == "EU" and c.kind == "end"]
    assert [c.date for c in uk] == [d("2020-02-01")]
    weu = organisation_timeline(kb, "WEU")
    assert weu[-1].date == d("2011-06-30")
