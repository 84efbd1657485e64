"""Golden checks for the data corrections of issue 8 §1, each the day before and the day of a change.

Every date here is in the data with its source (``src/coopsec/data/sources.yaml``); the counts of the
Civil Protection Mechanism are the Commission's own, on the days it published them.
"""

from __future__ import annotations

import pytest

from coopsec.architecture import is_member, members, organisation_timeline, state_timeline
from coopsec.kb import KnowledgeBase
from coopsec.rings import place_state
from coopsec.rings.profile import state_report
from tests.conftest import d


# --- 1. Union for the Mediterranean: Syria suspended 2011-12-01, restored 2025 ----------------------
def test_syria_suspends_itself_in_the_ufm_on_1_december_2011(kb: KnowledgeBase) -> None:
    assert is_member(kb, "SY", "UFM", d("2011-11-30"))
    assert not is_member(kb, "SY", "UFM", d("2011-12-01"))
    assert "SY" in members(kb, "UFM", d("2011-12-01"), "suspended")


def test_syria_is_a_full_ufm_member_again_from_july_2025(kb: KnowledgeBase) -> None:
    assert members(kb, "UFM", d("2025-07-06"), "suspended") == ["SY"]
    assert not is_member(kb, "SY", "UFM", d("2025-07-06"))
    assert is_member(kb, "SY", "UFM", d("2025-07-07"))
    assert members(kb, "UFM", d("2025-07-07"), "suspended") == []
    assert "SY" in members(kb, "UFM", d("2025-07-14"))  # the ministerial it attended
    assert len(members(kb, "UFM", d("2026-01-01"))) == 43  # 27 EU + 16 partners


# --- 2. Civil Protection Mechanism: the Commission's published counts -------------------------------
@pytest.mark.parametrize(
    ("day", "count"),
    [
        ("2004-03-25", 30),  # MEMO/04/73: EU-15, 10 acceding, BG, RO, IS, LI, NO
        ("2006-12-31", 30),  # EU-25, BG, IS, LI, NO, RO
        ("2007-01-01", 30),  # EU-27, IS, LI, NO
        ("2009-11-24", 31),  # MEMO/09/517: EU-27, IS, LI, NO, HR
        ("2012-02-13", 32),  # North Macedonia the 32nd
        ("2015-04-16", 32),  # Serbia's signature: 28 EU, MK, IS, NO, ME
        ("2015-07-01", 33),  # Serbia the 33rd, "in July" 2015
        ("2022-11-18", 35),  # Albania: EU-27 and 8 participating states
        ("2023-04-20", 36),  # Ukraine: "a team of 36 countries"
    ],
)
def test_ucpm_counts_match_the_commissions(kb: KnowledgeBase, day: str, count: int) -> None:
    assert len(members(kb, "UCPM", d(day))) == count


def test_ucpm_in_2007_is_the_eu_and_the_three_eea_states_without_turkey_or_croatia(kb: KnowledgeBase) -> None:
    ucpm = set(members(kb, "UCPM", d("2007-06-01")))
    assert ucpm == set(members(kb, "EU", d("2007-06-01"))) | {"IS", "LI", "NO"}
    assert "TR" not in members(kb, "UCPM", d("2015-12-31")) and "TR" in members(kb, "UCPM", d("2016-01-01"))


def test_acceding_and_candidate_countries_take_part_before_their_accession(kb: KnowledgeBase) -> None:
    assert "PL" not in members(kb, "UCPM", d("2004-03-24")) and "PL" in members(kb, "UCPM", d("2004-03-25"))
    assert "BG" in members(kb, "UCPM", d("2006-12-31")) and "BG" in members(kb, "UCPM", d("2007-01-01"))
    derived = [s for s in kb.spells_by_state["BG"] if s.organisation == "UCPM"]
    assert [(s.start.isoformat(), s.derived_from) for s in sorted(derived, key=lambda s: s.start)] == [
        ("2004-03-25", None),
        ("2007-01-01", "EU"),
    ]


def test_croatia_takes_part_from_september_2009_then_as_an_eu_member(kb: KnowledgeBase) -> None:
    assert "HR" not in members(kb, "UCPM", d("2009-08-31"))
    assert "HR" in members(kb, "UCPM", d("2009-09-01"))
    assert "HR" in members(kb, "UCPM", d("2013-06-30")) and "HR" in members(kb, "UCPM", d("2013-07-01"))
    spell = next(s for s in kb.spells_by_state["HR"] if s.organisation == "UCPM" and s.holds_on(d("2013-07-01")))
    assert spell.derived_from == "EU"


def test_liechtenstein_leaves_with_the_2007_mechanism(kb: KnowledgeBase) -> None:
    assert "LI" in members(kb, "UCPM", d("2013-12-31"))
    assert "LI" not in members(kb, "UCPM", d("2014-01-01"))


def test_serbia_2015_04_16_is_a_signature_not_participation(kb: KnowledgeBase) -> None:
    assert "RS" not in members(kb, "UCPM", d("2015-06-30"))
    assert "RS" in members(kb, "UCPM", d("2015-07-01"))
    spell = next(s for s in kb.spells_by_state["RS"] if s.organisation == "UCPM")
    assert spell.start_basis == "entry_into_force" and spell.precision == "month"


def test_montenegro_stays_unconfirmed(kb: KnowledgeBase) -> None:
    spell = next(s for s in kb.spells_by_state["ME"] if s.organisation == "UCPM")
    assert spell.verification == "unconfirmed" and spell.precision == "month"


# --- 7. Decision 2001/792: in effect 2001-10-26, applied from 2002-01-01 ---------------------------
def test_the_mechanism_is_founded_in_2001_and_participation_starts_in_2002(kb: KnowledgeBase) -> None:
    ucpm = kb.organisations["UCPM"]
    assert ucpm.founded == d("2001-10-26") and ucpm.founded_basis == "entry_into_force"
    assert organisation_timeline(kb, "UCPM")[0].date == d("2001-10-26")
    assert members(kb, "UCPM", d("2001-12-31")) == []
    assert len(members(kb, "UCPM", d("2002-01-01"))) == 18  # EU-15, IS, LI, NO


# --- 3. Schengen: Greece from 2000-01-01; Czechia and Hungary are landlocked -----------------------
def test_greece_applies_schengen_from_1_january_2000(kb: KnowledgeBase) -> None:
    assert not is_member(kb, "GR", "SCHENGEN", d("1999-12-31"))
    assert is_member(kb, "GR", "SCHENGEN", d("2000-01-01"))


def test_czechia_and_hungary_have_no_sea_borders(kb: KnowledgeBase) -> None:
    for code in ("CZ", "HU"):
        spell = next(s for s in kb.spells_by_state[code] if s.organisation == "SCHENGEN")
        assert spell.note is not None and "sea borders;" not in spell.note and "no sea borders" in spell.note


# --- 4. Austria's neutrality: adopted 1955-10-26, in force 1955-11-05 -----------------------------
def test_austrian_neutrality_holds_from_its_entry_into_force(kb: KnowledgeBase) -> None:
    [status] = [p for p in kb.policies if p.state == "AT" and p.status == "neutral"]
    assert status.start == d("1955-11-05") and status.start_basis == "entry_into_force"
    assert not status.holds_on(d("1955-11-04")) and status.holds_on(d("1955-11-05"))
    assert status.note is not None and "26 October 1955" in status.note


# --- 5. Ukraine and Belarus: original UN Members since 1945 ---------------------------------------
def test_ukraine_and_belarus_are_un_members_before_independence(kb: KnowledgeBase) -> None:
    assert {"UA", "BY"} <= set(members(kb, "UN", d("1960-01-01")))
    assert "UA" not in members(kb, "UN", d("1945-10-23")) and "UA" in members(kb, "UN", d("1945-10-24"))
    assert is_member(kb, "UA", "UN", d("1991-08-23")) and is_member(kb, "UA", "UN", d("1991-08-24"))


def test_ukraine_joins_the_un_once_in_its_timeline(kb: KnowledgeBase) -> None:
    un = [c for c in state_timeline(kb, "UA") if c.organisation == "UN"]
    assert [(c.date.isoformat(), c.kind) for c in un] == [("1945-10-24", "start")]
    assert "as the Ukrainian SSR" in un[0].description
    exists = [c for c in state_timeline(kb, "UA") if c.kind == "exists"]
    assert [c.date.isoformat() for c in exists] == ["1991-08-24"]


def test_ukraine_in_1960_holds_the_un_seat_but_is_not_yet_an_independent_state(kb: KnowledgeBase) -> None:
    report = state_report(kb, "UA", d("1960-01-01"))
    assert report["exists"] is False
    assert [m["organisation"] for m in report["memberships"]] == ["UN"]
    assert "Ukrainian SSR" in report["memberships"][0]["note"]


# --- 6. Council of Europe: Germany an associate member from 1950-07-13; the Saar 1950-1956 ------
def test_germany_is_an_associate_member_then_a_full_member(kb: KnowledgeBase) -> None:
    assert not is_member(kb, "DE", "COE", d("1950-07-12"), ("member", "associate", "observer"))
    assert members(kb, "COE", d("1950-07-13"), "associate") == ["DE", "XSDE"]
    assert "DE" not in members(kb, "COE", d("1950-07-13"), "observer")
    assert "DE" not in members(kb, "COE", d("1951-05-01"))
    assert "DE" in members(kb, "COE", d("1951-05-02"))
    assert members(kb, "COE", d("1951-05-02"), "associate") == ["XSDE"]


def test_the_saar_is_an_associate_member_until_it_joins_the_federal_republic(kb: KnowledgeBase) -> None:
    assert members(kb, "COE", d("1956-12-31"), "associate") == ["XSDE"]
    assert members(kb, "COE", d("1957-01-01"), "associate") == []
    saar = kb.states["XSDE"]
    assert saar.name == "Saar" and saar.end == d("1957-01-01") and saar.successors[0].state == "DE"


# --- 8. The Basic Law: in force at the end of 1949-05-23 ------------------------------------------
def test_the_federal_republic_exists_from_the_start_of_24_may_1949(kb: KnowledgeBase) -> None:
    de = kb.states["DE"]
    assert de.start == d("1949-05-24") and de.start_basis == "entry_into_force"
    assert state_report(kb, "DE", d("1949-05-23"))["exists"] is False
    assert state_report(kb, "DE", d("1949-05-24"))["exists"] is True


# --- 9. Cyprus: no "specific character" under TEU 42(7) --------------------------------------------
def test_cyprus_gets_no_neutrality_caveat_under_the_eu_clause(kb: KnowledgeBase) -> None:
    assert not [p for p in kb.policies if p.state == "CY" and p.holds_on(d("2004-05-01"))]
    assert [p.status for p in kb.policies if p.state == "CY" and p.holds_on(d("2004-04-30"))] == ["non_aligned"]
    fr = place_state(kb, "FR", d("2026-01-01"))
    eu = next(g for g in fr.guarantees if g.clause == "teu-42-7")
    specific = next(p for t, p in dict(eu.caveats).items() if "specific character" in t)
    assert "CY" not in specific and {"AT", "IE", "MT"} <= set(specific)
