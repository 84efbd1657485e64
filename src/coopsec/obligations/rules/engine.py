"""Labelled rules with explicit exceptions, evaluated the way Catala evaluates default logic.

A rule says: *when* this holds, the outcome is X, because Y. A rule may be an *exception to*
another: when both hold, the exception wins. Rules form one tree per mechanism whose root always
holds. To decide, coopsec descends from the root into every child that holds; if two children that
hold lead to different outcomes, that is a conflict the law leaves unresolved in the rules as
written, and it raises :class:`RuleConflictError` instead of silently picking one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from coopsec.errors import RuleConflictError, RuleDefinitionError

__all__ = ["Decision", "Rule", "RuleConflictError", "RuleDefinitionError", "RuleSet", "always"]

Outcome = TypeVar("Outcome", bound=str)  # the outcomes: a mechanism's status, or an area's in/out/contested
Condition = Callable[[Any], bool]
Because = Callable[[Any], str]


@dataclass(frozen=True, slots=True, eq=False)
class Rule(Generic[Outcome]):
    """One labelled rule.

    Attributes:
        label: a stable name, e.g. ``nato-art5.outside-area``.
        outcome: the outcome when this rule decides.
        when: the condition, over the facts of the event.
        because: the reason, in words, over the same facts.
        exception_to: the label of the rule this one overrides, or ``None`` for the root.
        cites: the provision or authority the rule implements (article, paragraph, judgment), shown
            in the trace so a lawyer can check the rule against the text.

    """

    label: str
    outcome: Outcome
    when: Condition
    because: Because
    exception_to: str | None = None
    cites: str = ""


def always(_: object) -> bool:
    """The condition of a root rule."""
    return True


@dataclass(frozen=True, slots=True)
class Decision(Generic[Outcome]):
    """The outcome and the rules that produced it, root first."""

    outcome: Outcome
    fired: tuple[Rule[Outcome], ...]

    def overridden(self) -> dict[str, str]:
        """The rules that fired but were overridden, by label, each with the exception that overrides it.

        An exception that holds replaces its parent's conclusion, and so its parent's reason: that
        reason belongs in the trace (marked overridden), never among the decision's reasons.
        """
        found: dict[str, str] = {}
        for rule in self.fired:
            if rule.exception_to is not None:
                found.setdefault(rule.exception_to, rule.label)
        return found

    def decisive(self) -> tuple[Rule[Outcome], ...]:
        """The rules whose reasons are the decision's: those no exception that fired overrides."""
        overridden = self.overridden()
        return tuple(rule for rule in self.fired if rule.label not in overridden)


class RuleSet(Generic[Outcome]):
    """The rules of one mechanism (or of one legal test, such as the Art. 6 area), checked once when defined."""

    def __init__(
        self,
        mechanism: str,
        *,
        reads: Sequence[str],
        rules: Sequence[Rule[Outcome]],
        kinds: Sequence[str] = (),
        values: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """Check and index the rules.

        Args:
            mechanism: the mechanism id.
            reads: every fact the rules may consult besides the event's kind, victim, place and
                the class of its perpetrator (``clause:ID``, ``victim:ORG``, ``perpetrator:ORG``,
                ``place:art6|treaty|europe``, ``org:ORG``). Decisions are memoised on these facts,
                so the assessor checks that the rules never read anything else.
            rules: the labelled rules, exactly one of them the root.
            kinds: the event kinds these rules were written for. An event of another kind is
                refused, and the whole-domain check fails when the table of kinds has a kind the
                rules do not name: a new kind must be given a meaning here first.
            values: for every read fact that is not a yes/no, the values the rules were written
                for (e.g. ``place:art6``: in, out, contested); the whole-domain check fails when a
                fact can take a value the rules do not name.

        """
        self.mechanism = mechanism
        self.reads = tuple(reads)
        self.kinds = frozenset(kinds)
        self.values = {read: tuple(v) for read, v in (values or {}).items()}
        labels = [r.label for r in rules]
        if len(set(labels)) != len(labels):
            raise RuleDefinitionError(f"{mechanism}: duplicate rule labels")
        roots = [r for r in rules if r.exception_to is None]
        if len(roots) != 1:
            raise RuleDefinitionError(f"{mechanism}: needs exactly one root rule, found {len(roots)}")
        self.root = roots[0]
        self.rules = tuple(rules)
        self.children: dict[str, list[Rule[Outcome]]] = {r.label: [] for r in rules}
        for rule in rules:
            if rule.exception_to is not None:
                if rule.exception_to not in self.children:
                    raise RuleDefinitionError(f"{rule.label}: unknown parent {rule.exception_to!r}")
                self.children[rule.exception_to].append(rule)

    def decide(self, facts: Any) -> Decision[Outcome]:
        """Evaluate the rules on ``facts``.

        Raises:
            RuleConflictError: when two applicable exceptions disagree.
            RuleDefinitionError: for an event kind the rules were not written for.

        """
        if self.kinds and facts.kind not in self.kinds:
            raise RuleDefinitionError(
                f"{self.mechanism}: the rules were not written for events of kind {facts.kind!r}; say what it "
                "means under this clause (the rule set's kinds) before assessing it"
            )
        return self._descend(self.root, facts)

    def _descend(self, rule: Rule[Outcome], facts: Any) -> Decision[Outcome]:
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
        fired: list[Rule[Outcome]] = [rule]
        for decision in decisions:
            fired.extend(r for r in decision.fired if r not in fired)
        return Decision(decisions[0].outcome, tuple(fired))
