"""The whole-domain check of every rule set: each is evaluated on every combination of the facts it reads.

For each mechanism, every event kind of the table, every scale, every class of perpetrator and every
value of every fact the rule set declares is tried. The check fails on a conflict between rules, a
rule no combination reaches, a read of a fact the rule set does not declare (in a condition or a
reason), a kind or a fact value the rules were not written for, or a rule that no golden scenario
exercises. So a new event kind, or a new value of a place fact, fails here until the rules say what
it means.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from coopsec.errors import RuleConflictError, RuleDefinitionError
from coopsec.kb import KnowledgeBase
from coopsec.obligations import KINDS, assess, make_event
from coopsec.obligations.facts import PLACE_VALUES
from coopsec.obligations.kinds import ATTACKS, SCALES
from coopsec.obligations.rules import RULESETS, RuleSet
from coopsec.obligations.rules.area import AREA

SCENARIOS = Path(__file__).parent / "scenarios"
BY_CLASSES = ("a state", "non-state", "unknown", None)


class UndeclaredReadError(AssertionError):
    """The rules read a fact their rule set does not declare."""


class _Place:
    label = "the place (XX)"
    code = "XX"


class DomainFacts:
    """Facts with given values, answering what the rules ask and refusing undeclared reads."""

    def __init__(self, rules: RuleSet[str], kind: str, scale: str | None, by_class: str | None, values: dict[str, Any]):
        self.rules = rules
        self.kind = kind
        self.scale = scale
        self.by_class = by_class
        self.by = "ZZ" if by_class == "a state" else by_class
        self.values = values
        self.victim = "XX"
        self.victim_name = "Somewhere (XX)"
        self.place = _Place()
        self.date = dt.date(2000, 1, 1)

    def _read(self, read: str) -> Any:
        if read not in self.rules.reads:
            raise UndeclaredReadError(f"{self.rules.mechanism} reads {read!r}, which its rule set does not declare")
        return self.values[read]

    def name(self, code: str) -> str:
        return code

    def cite(self, precedent: str) -> None:
        return None

    def span(self, clause: str) -> str:
        self._read(f"clause:{clause}")
        return "in force from 2000-01-01"

    def victim_in(self, organisation: str) -> bool:
        return bool(self._read(f"victim:{organisation}"))

    def perpetrator_in(self, organisation: str) -> bool:
        return self.by_class == "a state" and bool(self._read(f"perpetrator:{organisation}"))

    def in_force(self, clause: str) -> bool:
        return bool(self._read(f"clause:{clause}"))

    def clause(self, clause: str) -> object | None:
        return object() if self.in_force(clause) else None

    def organisation_exists(self, organisation: str) -> bool:
        return bool(self._read(f"org:{organisation}"))

    def art6(self) -> str:
        self._read("clause:nato-art6")
        return str(self._read("place:art6"))

    def treaty_territory(self) -> str:
        return str(self._read("place:treaty"))

    def in_europe(self) -> str:
        return str(self._read("place:europe"))


def _domain(rules: RuleSet[str], read: str) -> tuple[Any, ...]:
    return tuple(rules.values[read]) if read in rules.values else (False, True)


def combinations(rules: RuleSet[str]) -> Iterator[DomainFacts]:
    """Every kind, scale, class of perpetrator and value of every declared fact."""
    domains = [_domain(rules, read) for read in rules.reads]
    for kind in KINDS:
        scales = SCALES if kind in ATTACKS else (None,)
        for scale, by_class, values in itertools.product(scales, BY_CLASSES, itertools.product(*domains)):
            yield DomainFacts(rules, kind, scale, by_class, dict(zip(rules.reads, values, strict=True)))


@pytest.mark.parametrize("rules", RULESETS, ids=lambda r: r.mechanism)
def test_the_rules_were_written_for_every_kind_and_fact_value(rules: RuleSet[str]) -> None:
    assert set(rules.kinds) == set(KINDS), (
        f"{rules.mechanism}: the table of kinds has {sorted(set(KINDS) - rules.kinds)} and the rules name "
        f"{sorted(rules.kinds - set(KINDS))} besides: say what a new kind means under this clause"
    )
    for read in rules.reads:
        if read.startswith("place:"):
            assert read in rules.values, f"{rules.mechanism}: declare the values of {read} the rules handle"
            assert tuple(rules.values[read]) == PLACE_VALUES[read], (
                f"{rules.mechanism}: {read} can take {PLACE_VALUES[read]}, the rules handle {rules.values[read]}"
            )


@pytest.mark.parametrize("rules", RULESETS, ids=lambda r: r.mechanism)
def test_every_combination_decides_without_conflict_and_every_rule_is_reachable(rules: RuleSet[str]) -> None:
    reached: set[str] = set()
    count = 0
    for facts in combinations(rules):
        count += 1
        try:
            decision = rules.decide(facts)
        except RuleConflictError as err:  # pragma: no cover - the failure message is the point
            pytest.fail(f"conflict for kind={facts.kind} scale={facts.scale} by={facts.by_class} {facts.values}: {err}")
        assert decision.outcome in ("applies", "may_apply", "does_not_apply")
        for rule in decision.fired[1:] or decision.fired:
            assert rule.because(facts)  # reasons read only declared facts, and say something
        reached.update(rule.label for rule in decision.fired)
    unreachable = sorted({r.label for r in rules.rules} - reached)
    assert not unreachable, f"{rules.mechanism}: no combination of {count} reaches {unreachable}"


def test_a_kind_the_rules_were_not_written_for_is_refused() -> None:
    rules = RULESETS[0]
    facts = DomainFacts(rules, "alien-invasion", None, None, dict.fromkeys(rules.reads, True))
    with pytest.raises(RuleDefinitionError, match="not written for events of kind 'alien-invasion'"):
        rules.decide(facts)


def test_every_rule_cites_the_provision_it_implements() -> None:
    missing = [r.label for rules in (*RULESETS, AREA) for r in rules.rules if not r.cites]
    assert not missing, f"rules without cites=: {missing}"


def _scenario_results(kb: KnowledgeBase) -> Iterator[Any]:
    for path in sorted(SCENARIOS.glob("*.yaml")):
        for case in YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")):
            e = case["event"]
            event = make_event(kb, e["kind"], e["victim"], e.get("by"), e.get("at"), e["date"], e.get("scale"))
            yield assess(kb, event)


def test_every_rule_is_exercised_by_a_golden_scenario(kb: KnowledgeBase) -> None:
    fired: set[str] = set()
    area: set[str] = set()
    for result in _scenario_results(kb):
        for mechanism in result.mechanisms:
            fired.update(mechanism.rules)
            area.update(t.text.split(" -> ")[0].split(": ", 1)[1] for t in mechanism.trace if "Art. 6 area: " in t.text)
    unexercised = sorted({r.label for rules in RULESETS for r in rules.rules} - fired)
    assert not unexercised, f"no golden scenario exercises {unexercised}: add one to tests/obligations/scenarios/"
    untested_area = sorted({r.label for r in AREA.rules[1:]} - area)
    assert not untested_area, f"no golden scenario exercises the Art. 6 area rules {untested_area}"
