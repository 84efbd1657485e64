"""Labelled rules with explicit exceptions, evaluated the way Catala evaluates default logic.

A rule says: *when* this holds, the outcome is X, because Y. A rule may be an *exception to*
another: when both hold, the exception wins. Rules form one tree per mechanism whose root always
holds. To decide, coopsec descends from the root into every child that holds; if two children that
hold lead to different outcomes, that is a conflict the law leaves unresolved in the rules as
written, and it raises :class:`RuleConflictError` instead of silently picking one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coopsec.errors import CoopsecError

if TYPE_CHECKING:
    from coopsec.obligations.facts import Facts
    from coopsec.obligations.result import Status


class RuleConflictError(CoopsecError, RuntimeError):
    """Two rules that both hold give different outcomes and neither is an exception to the other."""


class RuleDefinitionError(CoopsecError, ValueError):
    """A rule set is malformed (no single root, an unknown parent, a cycle)."""


Condition = Callable[["Facts"], bool]
Because = Callable[["Facts"], str]


@dataclass(frozen=True, slots=True, eq=False)
class Rule:
    """One labelled rule.

    Attributes:
        label: a stable name, e.g. ``nato-art5.outside-area``.
        outcome: the status when this rule decides.
        when: the condition, over the facts of the event.
        because: the reason, in words, over the same facts.
        exception_to: the label of the rule this one overrides, or ``None`` for the root.

    """

    label: str
    outcome: Status
    when: Condition
    because: Because
    exception_to: str | None = None


def always(_: Facts) -> bool:
    """The condition of a root rule."""
    return True


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome and the rules that produced it, root first."""

    outcome: Status
    fired: tuple[Rule, ...]


class RuleSet:
    """The rules of one mechanism, checked once when defined."""

    def __init__(self, mechanism: str, *, reads: Sequence[str], rules: Sequence[Rule]) -> None:
        """Check and index the rules.

        Args:
            mechanism: the mechanism id.
            reads: every fact the rules may consult besides the event's kind, victim, place and
                the class of its perpetrator (``clause:ID``, ``victim:ORG``, ``perpetrator:ORG``,
                ``place:art6|treaty|europe``, ``org:ORG``). Decisions are memoised on these facts,
                so the assessor checks that the rules never read anything else.
            rules: the labelled rules, exactly one of them the root.

        """
        self.mechanism = mechanism
        self.reads = tuple(reads)
        labels = [r.label for r in rules]
        if len(set(labels)) != len(labels):
            raise RuleDefinitionError(f"{mechanism}: duplicate rule labels")
        roots = [r for r in rules if r.exception_to is None]
        if len(roots) != 1:
            raise RuleDefinitionError(f"{mechanism}: needs exactly one root rule, found {len(roots)}")
        self.root = roots[0]
        self.children: dict[str, list[Rule]] = {r.label: [] for r in rules}
        for rule in rules:
            if rule.exception_to is not None:
                if rule.exception_to not in self.children:
                    raise RuleDefinitionError(f"{rule.label}: unknown parent {rule.exception_to!r}")
                self.children[rule.exception_to].append(rule)

    def decide(self, facts: Facts) -> Decision:
        """Evaluate the rules on ``facts``.

        Raises:
            RuleConflictError: when two applicable exceptions disagree.

        """
        return self._descend(self.root, facts)

    def _descend(self, rule: Rule, facts: Facts) -> Decision:
        decisions = [self._descend(child, facts) for child in self.children[rule.label] if child.when(facts)]
        if not decisions:
            return Decision(rule.outcome, (rule,))
        outcomes = {d.outcome for d in decisions}
        if len(outcomes) > 1:
            labels = ", ".join(f"{d.fired[-1].label} -> {d.outcome}" for d in decisions)
            raise RuleConflictError(
                f"{self.mechanism}: unresolved conflict between exceptions to {rule.label}: {labels}. "
                "Add an exception that settles it."
            )
        fired: list[Rule] = [rule]
        for decision in decisions:
            fired.extend(r for r in decision.fired if r not in fired)
        return Decision(decisions[0].outcome, tuple(fired))
