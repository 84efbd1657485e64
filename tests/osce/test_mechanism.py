"""The Vienna, Moscow and Berlin mechanisms: support counted against the KB, golden invocations, refusals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopsec.architecture.queries import members
from coopsec.errors import ConflictError, InputError, UnknownCodeError
from coopsec.kb import KnowledgeBase
from coopsec.osce import OsceFacts, check_mechanism
from tests.conftest import d
from tests.osce.conftest import golden

ON = d("2022-07-28")


@pytest.mark.parametrize("case", golden()["mechanisms"], ids=lambda c: c["id"])
def test_golden_invocations(kb: KnowledgeBase, facts: OsceFacts, case: dict[str, Any]) -> None:
    body = check_mechanism(
        kb,
        facts,
        case["mechanism"],
        case["requesting"],
        ",".join(case["supporters"]),
        dt.date.fromisoformat(str(case["on"])),
        host=case["host"],
        serious=case["serious"],
    )
    expect = case["expect"]
    for key in ("without_consent", "paragraph", "has", "needed"):
        if key in expect:
            assert body[key] == expect[key], key
    if "path_open" in expect:
        assert any(p["paragraph"] == expect["path_open"] and p["met"] for p in body["paths"])


@settings(max_examples=25, deadline=None)
@given(n=st.integers(min_value=0, max_value=20))
def test_paragraph_12_needs_nine_supporters(kb: KnowledgeBase, facts: OsceFacts, n: int) -> None:
    others = [c for c in members(kb, "OSCE", ON) if c not in {"LT", "BY"}][:n]
    body = check_mechanism(kb, facts, "moscow", "LT", ",".join(others), ON, host="BY", serious=True)
    assert body["without_consent"] is (n >= 9)
    assert body["has"] == n
    twelve = next(p for p in body["paths"] if p["paragraph"] == "12")
    assert twelve["needed"] == 9 and twelve["met"] is (n >= 9)


def test_paragraph_9_opens_ten_days_after_the_request_for_experts(kb: KnowledgeBase, facts: OsceFacts) -> None:
    five = "EE,LV,PL,DE,FR"
    early = check_mechanism(kb, facts, "moscow", "LT", five, ON, host="BY", experts_requested=d("2022-07-20"))
    late = check_mechanism(kb, facts, "moscow", "LT", five, ON, host="BY", experts_requested=d("2022-07-18"))
    assert early["without_consent"] is False and late["without_consent"] is True and late["paragraph"] == "9"


def test_the_permanent_council_path_is_the_voting_consensus(kb: KnowledgeBase, facts: OsceFacts) -> None:
    body = check_mechanism(kb, facts, "moscow", "LT", "EE", ON, host="BY")
    council = next(p for p in body["paths"] if p["council"])
    assert council["met"] is False and council["council"]["rule"] == "consensus"
    assert council["council"]["criteria"][0]["objections"] == ["BY"]
    assert body["without_consent"] is False


def test_berlin_needs_twelve(kb: KnowledgeBase, facts: OsceFacts) -> None:
    others = [c for c in members(kb, "OSCE", ON) if c != "UA"]
    assert check_mechanism(kb, facts, "berlin", "UA", ",".join(others[:12]), ON)["without_consent"] is True
    short = check_mechanism(kb, facts, "berlin", "UA", ",".join(others[:11]), ON)
    assert short["without_consent"] is False and short["needed"] == 12


def test_vienna_needs_no_support_and_gives_ten_days(kb: KnowledgeBase, facts: OsceFacts) -> None:
    body = check_mechanism(kb, facts, "vienna", "UA", None, d("2022-02-24"), host="RU")
    assert body["without_consent"] is True and body["deadlines"][0]["by"] == "2022-03-06"


def test_a_state_cannot_support_itself(kb: KnowledgeBase, facts: OsceFacts) -> None:
    with pytest.raises(ConflictError, match="cannot support itself"):
        check_mechanism(kb, facts, "moscow", "LT", "LT,EE", ON)


def test_the_host_cannot_support(kb: KnowledgeBase, facts: OsceFacts) -> None:
    with pytest.raises(ConflictError, match="State concerned"):
        check_mechanism(kb, facts, "moscow", "LT", "EE,BY", ON, host="BY")


@pytest.mark.parametrize(
    ("requesting", "supporters", "on"),
    [("JP", "EE", "2022-07-28"), ("LT", "EE,JP", "2022-07-28"), ("LT", "EE", "1991-01-01")],
)
def test_refuses_non_participants(
    kb: KnowledgeBase, facts: OsceFacts, requesting: str, supporters: str, on: str
) -> None:
    with pytest.raises(InputError, match="not an OSCE participating State"):
        check_mechanism(kb, facts, "moscow", requesting, supporters, d(on))


def test_unknown_mechanism(kb: KnowledgeBase, facts: OsceFacts) -> None:
    with pytest.raises(UnknownCodeError, match="vienna, moscow, berlin"):
        check_mechanism(kb, facts, "helsinki", "LT", None, ON)
