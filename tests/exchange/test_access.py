"""The access decision: each step in its order, rings on the day of access, unknowns refusing."""

from __future__ import annotations

import pytest

from coopsec.exchange.access import Reader, RecordFacts, decide, rings_of
from coopsec.kb import KnowledgeBase
from tests.conftest import d

TODAY = d("2026-11-28")


def reader(authority: str = "DE/police", clearance: str = "RED") -> Reader:
    state, agency = authority.split("/")
    return Reader(state, agency, clearance)


def record(scope: str = "members", tlp: str = "GREEN", **kw: object) -> RecordFacts:
    return RecordFacts(origin=str(kw.pop("origin", "FR/police")), scope=scope, tlp=tlp, **kw)  # type: ignore[arg-type]


def test_exchange_facts_are_loaded_with_sources(kb: KnowledgeBase) -> None:
    facts = kb.exchange
    assert facts is not None
    assert list(facts.tlp) == ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
    assert (
        facts.handling["H1"].text
        == "Not to be disclosed in judicial proceedings without the permission of the provider."
    )
    assert facts.handling["H3"].needs_note
    assert facts.tlp["AMBER+STRICT"].stix_id == "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
    assert len(facts.evaluation_codes()) == 16
    assert facts.evaluation_source.href == "https://eur-lex.europa.eu/eli/reg/2016/794"


def test_clearance_comes_first(kb: KnowledgeBase) -> None:
    refused = decide(kb, reader("FR/police", "GREEN"), record("authority", "AMBER"), TODAY)
    assert not refused.allowed
    assert refused.reasons == ("TLP:AMBER is above the reader's clearance TLP:GREEN",)
    granted = record("authorities", "RED", authorities=("DE/police",), grants=("DE/police",))
    assert not decide(kb, reader("DE/police", "AMBER+STRICT"), granted, TODAY).allowed


def test_originator_always_and_authority_scope_only_originator(kb: KnowledgeBase) -> None:
    own = record("authority", "RED")
    assert decide(kb, reader("FR/police"), own, TODAY).allowed
    assert not decide(kb, reader("FR/defence"), own, TODAY).allowed
    assert not decide(kb, reader("DE/police"), own, TODAY).allowed


def test_named_authorities_and_members(kb: KnowledgeBase) -> None:
    named = record("authorities", "AMBER", authorities=("DE/police", "UA/police"))
    assert decide(kb, reader("UA/police"), named, TODAY).allowed
    assert not decide(kb, reader("UA/defence"), named, TODAY).allowed
    assert decide(kb, reader("RU/police"), record("members"), TODAY).allowed


@pytest.mark.parametrize(
    ("state", "ring", "allowed"),
    [
        ("FR", "core", True),
        ("TR", "core", False),
        ("TR", "collective-security", True),
        ("UA", "collective-security", False),
        ("UA", "partners", True),
        ("MD", "partners", True),
        ("US", "partners", True),
    ],
)
def test_rings_today(kb: KnowledgeBase, state: str, ring: str, allowed: bool) -> None:
    decision = decide(kb, reader(f"{state}/police"), record("ring", ring=ring), TODAY)
    assert decision.allowed is allowed, decision.reasons


def test_a_state_leaving_a_ring_loses_its_material(kb: KnowledgeBase) -> None:
    """Hungary leaves the core when its V-Dem reading falls below the criterion (KB: 2019)."""
    core = record("ring", "AMBER", ring="core")
    assert decide(kb, reader("HU/police"), core, d("2018-06-01")).allowed
    after = decide(kb, reader("HU/police"), core, d("2019-06-01"))
    assert not after.allowed
    assert "HU is not in the core ring on 2019-06-01" in after.reasons
    assert rings_of(kb, "HU", d("2019-06-01")) == frozenset({"collective-security", "partners"})


def test_grant_opens_after_distribution(kb: KnowledgeBase) -> None:
    rec = record("ring", "AMBER", ring="core", grants=("UA/police",))
    decision = decide(kb, reader("UA/police"), rec, TODAY)
    assert decision.allowed
    assert decision.reasons[-1] == "the originator granted a release to UA/police"


def test_what_cannot_be_checked_refuses(kb: KnowledgeBase) -> None:
    assert not decide(kb, reader("XX/police"), record("members"), TODAY).allowed
    assert not decide(kb, reader("DE/police", "PURPLE"), record("members"), TODAY).allowed
    assert not decide(kb, reader("DE/police"), record("members", "WHITE"), TODAY).allowed
    assert not decide(kb, reader("DE/police"), record("ring", ring="galaxy", grants=("DE/police",)), TODAY).allowed
    assert not decide(kb, reader("DE/police"), record("everyone", grants=("DE/police",)), TODAY).allowed
    # Montenegro was not yet independent in 2005: it cannot be placed, so ring material stays closed, grant or not.
    gone = decide(kb, reader("ME/police"), record("ring", ring="partners", grants=("ME/police",)), d("2005-01-01"))
    assert not gone.allowed
    assert "cannot be placed" in gone.reasons[-1]
