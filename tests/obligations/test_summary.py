"""The plain summary of an assessment: it names the victim and the decisive statuses, in good English."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from coopsec.errors import CoopsecError
from coopsec.kb import KnowledgeBase, load_knowledge_base
from coopsec.obligations import KINDS, Assessment, assess, make_event, summarise
from coopsec.obligations.kinds import ATTACKS
from coopsec.obligations.result import Status
from coopsec.obligations.summary import a_or_an, count, event_phrase, join_words, kind_words, mechanism_name, the_name

SCENARIOS = Path(__file__).parent / "scenarios"
STATUSES: tuple[Status, ...] = ("applies", "may_apply", "does_not_apply")
_KB: list[KnowledgeBase] = []


def knowledge_base() -> KnowledgeBase:
    if not _KB:
        _KB.append(load_knowledge_base())
    return _KB[0]


def _cases() -> list[dict[str, Any]]:
    cases = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        cases.extend(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))
    return cases


def _assess(event: dict[str, Any]) -> Assessment:
    kb = knowledge_base()
    made = make_event(
        kb, event["kind"], event["victim"], event.get("by"), event.get("at"), str(event["date"]), event.get("scale")
    )
    return assess(kb, made)


def _groups(summary: str) -> dict[str, str]:
    """The first sentence's groups: the status each group states -> the mechanisms it lists."""
    first = re.match(r"^.*?: (.*?(?:apply|applies))\.(?: |$)", summary)
    assert first, summary
    groups = {}
    for part in first.group(1).split("; "):
        for status, words in (("does_not_apply", ("does not apply", "do not apply")), ("may_apply", ("may apply",))):
            if part.endswith(words):
                groups[status] = part
                break
        else:
            assert part.endswith(("applies", "apply")), part
            groups["applies"] = part
    return groups


def _check_grammar(text: str) -> None:
    assert text[0].isupper() and text.endswith("."), text
    assert not re.search(r"\ba [aeiou]", text, re.IGNORECASE) or re.search(r"\ba (uni|use|eu|one)", text), text
    assert not re.search(r"\ban [bcdfgjklmnpqrstvwxyz]", text, re.IGNORECASE), text
    assert "_" not in text and "  " not in text and " ," not in text and ".." not in text, text
    assert not re.search(r"\b1 \w+s\b", text.replace("Art. 1", "")), text


@pytest.mark.parametrize("case", _cases(), ids=lambda c: str(c["name"])[:60])
def test_golden_summary_names_the_victim_and_the_decisive_statuses(case: dict[str, Any]) -> None:
    result = _assess(case["event"])
    summary = summarise(result)
    victim = knowledge_base().states[result.event.victim]
    assert the_name(victim.name) in summary
    groups = _groups(summary)
    for mechanism, expected in case["expect"].items():
        got = result.mechanism(mechanism)
        assert got.status in groups and mechanism_name(got) in groups[got.status], (mechanism, summary)
        if isinstance(expected, str):
            assert got.status == expected
    _check_grammar(summary)


def test_finland_before_nato_says_why_article_5_does_not_apply() -> None:
    summary = summarise(_assess({"kind": "armed-attack", "victim": "FI", "by": "RU", "date": "2022-06-01"}))
    assert summary.startswith("An armed attack on Finland by the Russian Federation on 1 June 2022: ")
    assert "NATO Art. 5 does not apply because Finland is not a Party" in summary
    assert "TEU Art. 42(7)" in _groups(summary)["applies"]
    assert "(FI)" not in summary and "does_not_apply" not in summary


def test_the_summary_is_in_the_json_and_the_fast_json_agrees() -> None:
    result = _assess({"kind": "terrorist-attack", "victim": "FR", "by": "non-state", "date": "2015-11-13"})
    body = result.to_dict()
    assert list(body) == ["event", "summary", "mechanisms"]
    assert body["summary"] == summarise(result) and "France" in body["summary"]
    assert json.loads(result.to_json()) == json.loads(json.dumps(body))


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_takes_its_article(kind: str) -> None:
    words = kind_words(kind)
    assert "-" not in words or kind == "man-made-disaster"
    expected = "an" if words[0] in "aeiou" else "a"
    assert a_or_an(words) == f"{expected} {words}"


def test_small_helpers() -> None:
    assert [count(n, "step") for n in (0, 1, 2)] == ["0 steps", "1 step", "2 steps"]
    assert count(1, "party", "parties") == "1 party" and count(3, "party", "parties") == "3 parties"
    assert [join_words(x) for x in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == ["", "A", "A and B", "A, B and C"]
    assert a_or_an("unilateral act") == "a unilateral act" and a_or_an("hour") == "an hour"
    assert the_name("Palestine, State of") == "the State of Palestine" and the_name("Finland") == "Finland"
    assert the_name("United States") == "the United States" and the_name("Netherlands") == "the Netherlands"


EVENTS = st.tuples(
    st.sampled_from(KINDS),
    st.sampled_from(["FI", "US", "TR", "NL", "UA", "GB"]),
    st.sampled_from([None, "RU", "unknown", "non-state"]),
    st.sampled_from([None, "sea:mediterranean", "forces:SY"]),
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2026, 1, 1)),
    st.booleans(),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EVENTS, st.lists(st.sampled_from(STATUSES), min_size=7, max_size=7))
def test_every_kind_and_status_is_worded_grammatically(event: tuple[Any, ...], statuses: list[Status]) -> None:
    kind, victim, by, at, day, incident = event
    kb = knowledge_base()
    scale = "incident" if incident and kind in ATTACKS else None
    try:
        made = make_event(kb, kind, victim, by, at, day, scale)
    except CoopsecError:  # a victim that did not exist on the day, a place that is not its own ...
        assume(False)
    result = assess(kb, made)
    # Any mix of statuses reads well: each mechanism is listed once, in the group of its status.
    mixed = Assessment(
        result.event,
        tuple(dataclasses.replace(m, status=s) for m, s in zip(result.mechanisms, statuses, strict=False)),
    )
    for assessment in (result, mixed):
        summary = summarise(assessment)
        _check_grammar(summary)
        groups = _groups(summary)
        for mechanism in assessment.mechanisms:
            assert mechanism_name(mechanism) in groups[mechanism.status]
        for status, text in groups.items():
            plural = " and " in text
            verb = {"applies": "apply" if plural else "applies", "may_apply": "may apply"}.get(
                status, "do not apply" if plural else "does not apply"
            )
            assert text.endswith(f" {verb}"), text
    heading = event_phrase(result.event, place=True)
    _check_grammar(heading + ".")
    assert heading.startswith(("An armed", "A terrorist", "A cyber", "A hybrid", "A natural", "A man-made", "A threat",
                               "An incident"))  # fmt: skip
