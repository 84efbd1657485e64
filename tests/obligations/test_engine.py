"""The rule engine: labelled rules, exceptions, and conflicts that are errors, never silent picks."""

from __future__ import annotations

from typing import Any

import pytest

from coopsec.kb import KnowledgeBase
from coopsec.obligations import Assessor, make_event
from coopsec.obligations.rules import RULESETS
from coopsec.obligations.rules.engine import Condition, Rule, RuleConflictError, RuleDefinitionError, RuleSet, always


class Stub:
    """Facts for engine tests: plain attributes."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


def flag(name: str) -> Condition:
    """A condition reading one attribute of the stub facts."""
    return lambda f: bool(getattr(f, name))


def _rules(*extra: Rule[str]) -> RuleSet[str]:
    return RuleSet(
        "test",
        reads=(),
        rules=[
            Rule("t.default", "does_not_apply", always, lambda f: "default"),
            Rule("t.base", "applies", flag("base"), lambda f: "base", "t.default"),
            *extra,
        ],
    )


def test_an_exception_overrides_its_rule() -> None:
    rules = _rules(Rule("t.except", "may_apply", flag("open"), lambda f: "open", "t.base"))
    assert rules.decide(Stub(base=True, open=False)).outcome == "applies"
    decision = rules.decide(Stub(base=True, open=True))
    assert decision.outcome == "may_apply"
    assert [r.label for r in decision.fired] == ["t.default", "t.base", "t.except"]
    assert rules.decide(Stub(base=False, open=True)).outcome == "does_not_apply"


def test_two_exceptions_that_disagree_are_a_conflict() -> None:
    rules = _rules(
        Rule("t.a", "may_apply", flag("a"), lambda f: "a", "t.base"),
        Rule("t.b", "does_not_apply", flag("b"), lambda f: "b", "t.base"),
    )
    with pytest.raises(RuleConflictError, match=r"t\.a -> may_apply, t\.b -> does_not_apply"):
        rules.decide(Stub(base=True, a=True, b=True))
    assert rules.decide(Stub(base=True, a=True, b=False)).outcome == "may_apply"


def test_exceptions_that_agree_are_merged() -> None:
    rules = _rules(
        Rule("t.a", "may_apply", lambda f: True, lambda f: "a", "t.base"),
        Rule("t.b", "may_apply", lambda f: True, lambda f: "b", "t.base"),
    )
    decision = rules.decide(Stub(base=True))
    assert decision.outcome == "may_apply" and {r.label for r in decision.fired} >= {"t.a", "t.b"}


def test_malformed_rule_sets_are_rejected() -> None:
    with pytest.raises(RuleDefinitionError, match="exactly one root"):
        RuleSet(
            "x",
            reads=(),
            rules=[Rule("a", "applies", always, lambda f: ""), Rule("b", "applies", always, lambda f: "")],
        )
    with pytest.raises(RuleDefinitionError, match="unknown parent"):
        RuleSet(
            "x",
            reads=(),
            rules=[Rule("a", "applies", always, lambda f: ""), Rule("b", "applies", always, lambda f: "", "nope")],
        )


def test_every_mechanism_has_rules_and_data() -> None:
    ids = {r.mechanism for r in RULESETS}
    assert ids == {"nato-art4", "nato-art5", "teu-42-7", "tfeu-222", "weu-art5", "csto-art4", "un-art51", "eu-ucpm"}


def test_rules_that_read_undeclared_facts_are_caught(kb: KnowledgeBase) -> None:
    """The memo relies on each rule set declaring what it reads; a rule reading more is an error."""
    sneaky = RuleSet(
        "nato-art4",
        reads=("clause:nato-art4",),
        rules=[
            Rule("s.default", "does_not_apply", always, lambda f: "default"),
            Rule("s.member", "applies", lambda f: f.victim_in("EU"), lambda f: "member", "s.default"),
        ],
    )
    assessor = Assessor(kb, rulesets=(sneaky,))
    with pytest.raises(RuleDefinitionError, match="victim:EU"):
        assessor.assess(make_event(kb, "threat", "FI", on="2024-01-01"))
