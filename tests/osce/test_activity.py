"""The Vienna Document checker: thresholds at their edges, the 42-day arithmetic, refusal of non-participants."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopsec.errors import InputError
from coopsec.kb import KnowledgeBase
from coopsec.osce import OsceFacts, check_activity, unusual_activity
from tests.conftest import d
from tests.osce.conftest import golden

MEASURE = st.sampled_from(["troops", "battle_tanks", "acv", "artillery"])
DAYS = st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2030, 12, 31))


def test_the_issue_example(kb: KnowledgeBase, facts: OsceFacts) -> None:
    body = check_activity(kb, facts, d("2026-09-01"), "BY", troops=12000, battle_tanks=200)
    assert body["notifiable"] is True and body["observable"] is False
    assert body["notify_by"] == "2026-07-21"
    assert {"40.1.1", "38", "47.4", "61"} <= set(body["paragraphs"])
    assert any("12,000 troops" in r for r in body["reasons"])
    assert all(c["source"] == "osce-vd2011" for c in body["citations"])


@settings(max_examples=40, deadline=None)
@given(measure=MEASURE, start=DAYS)
def test_exactly_at_the_notification_threshold_is_notifiable_one_below_is_not(
    kb: KnowledgeBase, facts: OsceFacts, measure: str, start: dt.date
) -> None:
    limit = facts.vienna.thresholds.notification.at_least[measure]  # type: ignore[index]
    at = check_activity(kb, facts, start, "DE", **{measure: limit})
    below = check_activity(kb, facts, start, "DE", **{measure: limit - 1})
    assert at["notifiable"] is True and below["notifiable"] is False
    assert below["notify_by"] is None


@settings(max_examples=40, deadline=None)
@given(measure=MEASURE, start=DAYS)
def test_exactly_at_the_observation_threshold_is_observable_one_below_is_not(
    kb: KnowledgeBase, facts: OsceFacts, measure: str, start: dt.date
) -> None:
    limit = facts.vienna.thresholds.observation.at_least[measure]  # type: ignore[index]
    assert check_activity(kb, facts, start, "PL", **{measure: limit})["observable"] is True
    assert check_activity(kb, facts, start, "PL", **{measure: limit - 1})["observable"] is False


@settings(max_examples=60, deadline=None)
@given(start=DAYS, troops=st.integers(min_value=0, max_value=200_000))
def test_the_notification_date_is_the_start_minus_the_days_of_the_data(
    kb: KnowledgeBase, facts: OsceFacts, start: dt.date, troops: int
) -> None:
    body = check_activity(kb, facts, start, "FR", troops=troops)
    if body["notifiable"]:
        days = facts.vienna.notification.days_before
        assert dt.date.fromisoformat(body["notify_by"]) == start - dt.timedelta(days=days)
        assert (start - dt.date.fromisoformat(body["notify_by"])).days == 42
        assert body["calendar_by"] == f"{start.year - 1}-11-15"
    else:
        assert body["notify_by"] is None and troops < 9000


def test_constraining_provisions_apply_above_their_figures(kb: KnowledgeBase, facts: OsceFacts) -> None:
    big = check_activity(kb, facts, d("2026-09-01"), "RU", troops=45000)
    assert [c["id"] for c in big["constraining"]] == ["68.1", "68.2", "68.3"]
    at = check_activity(kb, facts, d("2026-09-01"), "RU", troops=40000)
    assert "68.1" not in [c["id"] for c in at["constraining"]]


@pytest.mark.parametrize(("state", "on"), [("JP", "2026-09-01"), ("ET", "2026-09-01"), ("EE", "1990-06-01")])
def test_refuses_states_not_participating_on_the_date(kb: KnowledgeBase, facts: OsceFacts, state: str, on: str) -> None:
    with pytest.raises(InputError, match="not an OSCE participating State"):
        check_activity(kb, facts, d(on), state, troops=10000)


def test_refuses_negative_counts(kb: KnowledgeBase, facts: OsceFacts) -> None:
    with pytest.raises(InputError, match="cannot be negative"):
        check_activity(kb, facts, d("2026-09-01"), "DE", troops=-1)


@pytest.mark.parametrize("case", golden()["unusual"], ids=lambda c: c["id"])
def test_chapter_iii_golden(kb: KnowledgeBase, facts: OsceFacts, case: dict[str, object]) -> None:
    when = dt.datetime.fromisoformat(str(case["requested"]))
    body = unusual_activity(kb, facts, str(case["requesting"]), str(case["state"]), when)
    expect = case["expect"]
    assert isinstance(expect, dict)
    assert body["reply_by"] == str(expect["reply_by"]) and body["paragraphs"] == expect["paragraphs"]


def test_chapter_iii_refuses_asking_oneself(kb: KnowledgeBase, facts: OsceFacts) -> None:
    with pytest.raises(InputError, match="cannot ask itself"):
        unusual_activity(kb, facts, "LT", "LT", dt.datetime(2022, 2, 9, 12, 0))
