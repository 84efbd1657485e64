"""Rival blocs on outer-area placements (issue 17): the paper's incompatibility for Armenia, stated."""

from __future__ import annotations

from coopsec.kb import KnowledgeBase
from coopsec.rings.classify import place_state
from coopsec.rings.rival import rival_blocs_of
from tests.conftest import d


def _texts(kb: KnowledgeBase, state: str, on: str) -> list[str]:
    return [r.text for r in place_state(kb, state, d(on)).reasons]


def test_armenia_2016_is_an_eap_partner_and_an_eaeu_member(kb: KnowledgeBase) -> None:
    texts = _texts(kb, "AM", "2016-01-01")
    assert any("rival bloc, the Eurasian Economic Union" in t for t in texts)
    assert any(t.startswith("incompatible memberships: Eastern Partnership") for t in texts)


def test_before_2015_armenia_is_only_in_the_csto(kb: KnowledgeBase) -> None:
    texts = _texts(kb, "AM", "2014-06-01")
    assert any("rival bloc, the Collective Security Treaty Organization" in t for t in texts)
    assert not any("incompatible" in t for t in texts)


def test_the_freeze_keeps_armenia_bound(kb: KnowledgeBase) -> None:
    assert any("Collective Security Treaty Organization" in t for t in _texts(kb, "AM", "2025-01-01"))


def test_georgia_after_1999_and_the_core_are_not_in_a_rival_bloc(kb: KnowledgeBase) -> None:
    assert not any("rival bloc" in t for t in _texts(kb, "GE", "2016-01-01"))
    assert not any("rival bloc" in t for t in _texts(kb, "FR", "2016-01-01"))
    assert any("rival bloc" in t for t in _texts(kb, "GE", "1995-01-01"))


def test_the_rings_table_names_the_rival_blocs(kb: KnowledgeBase) -> None:
    assert rival_blocs_of(kb, "AM", d("2016-01-01")) == ["CSTO", "EAEU (incompatible with EAP)"]
    assert rival_blocs_of(kb, "UZ", d("2013-01-01")) == []
