"""From a mechanism's facts to its answer: decision, reasons, trace, obligated parties, memoised.

The :class:`Answers` memo is what makes a batch fast without ever sharing an answer that could
differ. An answer is assembled from layers, each keyed by exactly what it depends on:

1. the *decision* (outcome, rules fired): the mechanism, the event's kind and class of perpetrator,
   and the *values* of the facts its rule set declares it reads;
2. the *wording* (reasons, rule trace): the decision and the fields of the event the reasons read
   (found out the first time they are worded, e.g. the victim's name);
3. the *core* (adds the facts' trace entries): the wording and the identity of the facts consulted;
4. the *answer*: the core, the clause cited on the date and the obligated parties (which depend on
   the members on the date and on the victim, who is not its own guarantor).

Facts are interned (see :mod:`coopsec.obligations.facts`), so "the same fact" is one object and
identity is a safe key. The rules are checked never to read a fact their rule set does not declare.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple, cast

from coopsec.kb.guarantees import bound_by, membership_of, party_caveats
from coopsec.kb.guarantees import parties as guarantee_parties
from coopsec.kb.model import Clause, Guarantee, Mechanism
from coopsec.obligations.event import Event
from coopsec.obligations.facts import Fact, Facts
from coopsec.obligations.index import Epoch, EpochIndex
from coopsec.obligations.memo import Memo
from coopsec.obligations.result import MechanismResult, Obligation, Status, TraceEntry, new_result
from coopsec.obligations.rules import RuleSet
from coopsec.obligations.rules.engine import Decision, Rule, RuleDefinitionError

#: The fields of an event a wording may read, in the order of the tuple built in :meth:`Answers.answer`.
FIELDS = ("kind", "by_class", "victim", "place", "by", "date")
PLACE, BY, DATE = FIELDS.index("place"), FIELDS.index("by"), FIELDS.index("date")


class Step(NamedTuple):
    """One mechanism in one epoch (read by index in the hot loop: ``step[3]`` is ``parties``)."""

    rules: RuleSet[str]
    mechanism: Mechanism
    reads: tuple[str, ...]
    parties: int  # the id of what its parties depend on in the epoch
    clause: Clause | None  # the clause it cites on the date
    number: int  # its place in the list of mechanisms


class Core(NamedTuple):
    """An answer without its parties and clause: what the facts consulted and the wording fix."""

    status: Status
    reasons: tuple[str, ...]
    rules: tuple[str, ...]
    trace: tuple[TraceEntry, ...]
    perpetrator_orgs: tuple[str, ...]


class Wording(NamedTuple):
    """A decision put in words for the event fields its reasons read."""

    reasons: tuple[str, ...]
    reads: tuple[str, ...]  # the facts read, the perpetrator's left out
    cited: tuple[TraceEntry, ...]  # authorities cited
    rule_entries: tuple[TraceEntry, ...]
    perpetrator_orgs: tuple[str, ...]
    number: int


class Known(NamedTuple):
    """A decision of the rules and what it took: the facts consulted and the event fields worded."""

    decision: Decision[str]
    consulted: tuple[str, ...]
    fields: list[tuple[int, ...]]  # the fields of the event its wordings read (growing, in a one-item list)
    number: int


Obligations = tuple[tuple[Obligation, ...], tuple[str, ...]]
NO_OBLIGATIONS: Obligations = ((), ())


class Answers:
    """The memo of decisions, wordings, cores, obligations and answers of one knowledge base."""

    def __init__(self, index: EpochIndex, guarantees: dict[str, Guarantee], memo: Memo) -> None:
        """The answers of one assessor, in tables owned by its ``memo``."""
        self.index = index
        self._guarantees = guarantees
        table = memo.table
        self._values: dict[int, int] = table("answers.values", "a situation's facts for one mechanism -> their values")
        self._interned_values: dict[tuple[object, ...], int] = table(
            "answers.interned-values", "a mechanism and the values of the facts it reads -> their number"
        )
        self._decisions: dict[tuple[object, ...], Known] = table(
            "answers.decisions", "fact values, kind and perpetrator class -> the rules' decision"
        )
        self._wordings: dict[tuple[object, ...], Wording] = table(
            "answers.wordings", "a decision and the event fields its reasons read -> reasons and rule trace"
        )
        self._cores: dict[tuple[object, ...], Core] = table(
            "answers.cores", "a wording and the facts it consulted -> status, reasons and trace"
        )
        self._obligations: dict[tuple[object, ...], Obligations] = table(
            "answers.obligations", "mechanism, status, parties and victim -> obligated parties and caveats"
        )
        self._by_parties: dict[tuple[object, ...], tuple[Obligation, ...]] = table(
            "answers.members", "mechanism, status and parties -> every member's obligation"
        )
        self._results: dict[tuple[object, ...], MechanismResult] = table(
            "answers.results", "a core, clause, parties and victim -> the finished answer"
        )
        #: The mechanisms (by number) whose reasons have named the place of an event.
        self.place_worded: set[int] = memo.set("answers.place-worded", "mechanisms whose reasons name the place")
        # Decisions whose reasons name the perpetrator or the date.
        self._per_event: set[int] = memo.set("answers.per-event", "decisions worded with the perpetrator or date")

    def answer(
        self,
        event: Event,
        by_class: str | None,
        profile: dict[str, object],
        profile_id: int,
        step: Step,
        facts_of: Callable[[Event], Facts],
    ) -> tuple[MechanismResult, bool]:
        """The answer of ``step``'s mechanism for ``event``.

        ``profile`` holds every fact token of the event and ``profile_id`` identifies the tokens
        this mechanism reads; ``facts_of`` gives the event's facts when something must be built.
        Returns the answer and whether other events may share it (not when it names the event's own
        perpetrator).
        """
        mech, parties, clause = step[1], step[3], step[4]
        values = self._values.get(profile_id)
        if values is None:
            values = self._values[profile_id] = self._interned_values.setdefault(
                (mech.id, *[t.key if isinstance(t, Fact) else t for t in map(profile.__getitem__, step[2])]),
                len(self._interned_values),
            )
        decision_key = (values, event.nature, by_class)
        known = self._decisions.get(decision_key)
        if known is None:
            known = self._decide(facts_of(event), step[0], mech, decision_key)
        present = (event.nature, by_class, event.victim, event.place.code, event.by, event.date)
        wording = self._wordings.get((known[3], *[present[i] for i in known[2][0]]))
        if wording is None:
            wording = self._word(facts_of(event), known, step)
        # The answer depends on the wording, the identity of the facts it consulted, the clause
        # cited and, when somebody is bound, the parties on the date and the victim.
        bound = not (known[0].outcome == "does_not_apply" or mech.parties == "none")
        # An attacker that is itself a member owes no assistance against itself: it is left out of
        # the parties, which makes the answer this attacker's alone (never shared between events).
        weighs = f"perpetrator:{mech.organisation}"  # read by the rules: they weigh the attacker's membership
        attacker = event.by if bound and weighs in step[2] and profile[weighs] is True else None
        key = (
            wording[5],
            id(clause),
            parties if bound else -1,
            event.victim if bound else None,
            attacker,
            *[id(profile[read]) for read in wording[1]],
        )
        result = self._results.get(key)
        if result is None:
            result, shared = self._build(event, key, profile, step, known, wording, facts_of)
        else:
            shared = True
        # Worded with the perpetrator's code or the date: an answer for this event alone.
        return result, shared and attacker is None and known[3] not in self._per_event

    def _build(
        self,
        event: Event,
        key: tuple[object, ...],
        profile: dict[str, object],
        step: Step,
        known: Known,
        wording: Wording,
        facts_of: Callable[[Event], Facts],
    ) -> tuple[MechanismResult, bool]:
        """Assemble an answer not seen yet from its core (trace), obligations and clause."""
        index, mech, parties, clause = step[5], step[1], step[3], step[4]
        core_key = (wording[5], *key[5:])
        core = self._cores.get(core_key)
        if core is None:
            core = self._cores[core_key] = self._core(known[0], wording, profile)
        status = core[0]
        if status == "does_not_apply" or mech.parties == "none":
            obligations = NO_OBLIGATIONS
        else:
            obligation_key = (index, status, parties, event.victim, key[4])
            found = self._obligations.get(obligation_key)
            obligations = found or self._obligated(mech, facts_of(event), status, obligation_key)
        if core[4]:  # names this event's perpetrator: never shared
            return self._with_perpetrator(mech, core, clause, obligations, facts_of(event)), False
        result = self._results[key] = new_result(
            id=mech.id,
            title=mech.title,
            status=status,
            reasons=core[1],
            rules=core[2],
            obligated=obligations[0],
            caveats=obligations[1],
            procedure=mech.procedure,
            clause=clause,
            source=mech.source,
            trace=core[3],
        )
        return result, True

    def _decide(self, facts: Facts, rules: RuleSet[str], mech: Mechanism, key: tuple[object, ...]) -> Known:
        """Run the rules (first event with these fact values), checking what they read."""
        facts.begin()
        facts.fields = None
        decision = rules.decide(facts)
        undeclared = set(facts.consulted) - set(rules.reads)
        if undeclared:
            raise RuleDefinitionError(
                f"{mech.id}: the rules read {sorted(undeclared)} but the rule set does not declare them in "
                "'reads': add them, or the memoised answers could be wrong"
            )
        known = self._decisions[key] = Known(decision, tuple(facts.consulted), [()], len(self._decisions))
        return known

    def _word(self, facts: Facts, known: Known, step: Step) -> Wording:
        """Word a decision's reasons, noting which fields of the event and which facts they read."""
        decision, consulted, fields, decision_id = known
        facts.begin()
        facts.fields = set()
        steps = decision.fired[1:] or decision.fired
        worded = tuple(rule.because(facts) for rule in steps)  # every step is worded for the trace
        overridden = decision.overridden()
        # Only the rules no exception overrides give the answer's reasons; the others stay in the trace.
        reasons = tuple(reason for rule, reason in zip(steps, worded, strict=True) if rule.label not in overridden)
        touched, facts.fields = facts.fields, None
        wanted = tuple(sorted({*fields[0], *(FIELDS.index(name) for name in touched)}))
        fields[0] = wanted  # this decision's wordings read these fields: key them by their values
        if PLACE in wanted:
            self.place_worded.add(step[5])
        if BY in wanted or DATE in wanted:
            self._per_event.add(decision_id)
        event = facts.event
        present = (event.nature, facts._by_class, event.victim, event.place.code, event.by, event.date)
        wording_key = (decision_id, *[present[i] for i in wanted])
        rule_entries = tuple(
            rule_entry(rule, reason, overridden.get(rule.label)) for rule, reason in zip(steps, worded, strict=True)
        )
        undeclared = set(facts.consulted) - set(step[2])
        if undeclared:
            raise RuleDefinitionError(
                f"{decision.fired[0].label}: the reasons read {sorted(undeclared)} but the rule set does not declare "
                "them in 'reads': add them, or the memoised answers could be wrong"
            )
        reads = tuple(dict.fromkeys((*consulted, *facts.consulted)))
        own = tuple(r for r in reads if not r.startswith("perpetrator:"))
        perpetrator_orgs = tuple(r.split(":", 1)[1] for r in reads if r.startswith("perpetrator:"))
        cited = tuple(facts.cited)
        wording = Wording(reasons, own, cited, rule_entries, perpetrator_orgs, len(self._wordings))
        self._wordings[wording_key] = wording
        return wording

    @staticmethod
    def _core(decision: Decision[str], wording: Wording, profile: dict[str, object]) -> Core:
        """Status, reasons, rules fired and trace: the facts consulted, the authorities cited, the rules."""
        reasons, own, cited, rule_entries, perpetrator_orgs, _ = wording
        used: dict[TraceEntry, None] = {}
        for read in own:
            token = profile[read]
            if isinstance(token, Fact):
                used.update(dict.fromkeys(token.entries))
        labels = tuple(r.label for r in decision.fired)
        status = cast(Status, decision.outcome)
        return Core(status, reasons, labels, (*used, *cited, *rule_entries), perpetrator_orgs)

    def _with_perpetrator(
        self, mech: Mechanism, core: Core, clause: Clause | None, obligations: Obligations, facts: Facts
    ) -> MechanismResult:
        """An answer whose trace adds this event's own perpetrator facts after the shared ones."""
        status, reasons, labels, trace, perpetrator_orgs = core
        own = facts.perpetrator_entries(perpetrator_orgs)
        cut = len(trace) - (len(labels) - 1 or 1)  # the rule entries close the trace: one per rule but the root
        return new_result(
            id=mech.id,
            title=mech.title,
            status=status,
            reasons=reasons,
            rules=labels,
            obligated=obligations[0],
            caveats=obligations[1],
            procedure=mech.procedure,
            clause=clause,
            source=mech.source,
            trace=(*trace[:cut], *own, *trace[cut:]),
        )

    def _obligated(self, mech: Mechanism, facts: Facts, status: Status, key: tuple[object, ...]) -> Obligations:
        """The parties bound (or able to help) and the caveats: every member but the victim.

        ``key`` is (mechanism number, status, parties' id, victim, attacker when it is a member, left
        out); every member's obligations are worked out once per mechanism, status and parties' id.
        """
        everyone = self._by_parties.get(key[:3])
        if everyone is None:
            everyone = self._by_parties[key[:3]] = self._all_members(mech, facts, status)
        victim, attacker = facts.victim, key[4]
        parties = tuple(o for o in everyone if o.party not in (victim, attacker))
        grouped: dict[str, list[str]] = {}
        for obligation in parties:
            for caveat in obligation.caveats:
                grouped.setdefault(caveat, []).append(obligation.party)
        caveats = tuple(f"{text}: {', '.join(states)}" for text, states in grouped.items())
        if status == "may_apply":
            caveats = ("the duties hold only once the open determination is made", *caveats)
        found = self._obligations[key] = (parties, caveats)
        return found

    def _all_members(self, mech: Mechanism, facts: Facts, status: Status) -> tuple[Obligation, ...]:
        """Every member's obligation under ``mech`` on the event's date."""
        guarantee = self._guarantees.get(mech.clause or "")
        members, policy, _ = parties_basis(self.index, facts.epoch, mech, guarantee, facts.date)
        duty = mech.duty if status == "applies" else f"if the determination is made: {mech.duty}"
        statuses: dict[str, set[str]] = {}
        for state, kind in policy:
            statuses.setdefault(state, set()).add(kind)
        caveats = guarantee.caveats if guarantee else ()
        # Towards no one yet: the victim, who is not its own guarantor, is taken out per victim by _obligated.
        return tuple(
            Obligation(
                party, duty, party_caveats(caveats, statuses.get(party, ()), membership_of(facts.epoch.members, party))
            )
            for party in guarantee_parties(members, None)
        )


def rule_entry(rule: Rule[str], reason: str, overridden_by: str | None = None) -> TraceEntry:
    """The trace entry of a rule that fired: its label, outcome, reason and the provision it implements.

    A rule overridden by an exception that fired is marked so: its reason is kept here, for the
    record of how the decision was reached, and is never one of the answer's reasons.
    """
    cites = f" [{rule.cites}]" if rule.cites else ""
    mark = f" (overridden by {overridden_by})" if overridden_by else ""
    return TraceEntry("rule", f"{rule.label} -> {rule.outcome}{mark}: {reason}{cites}", None, None)


def parties_basis(
    index: EpochIndex, epoch: Epoch, mech: Mechanism, guarantee: Guarantee | None, day: dt.date
) -> tuple[frozenset[str], frozenset[tuple[str, str]], tuple[frozenset[str], ...]]:
    """What a mechanism's parties and their caveats depend on in an epoch, interned.

    The members of its organisation (for a guarantee, the states it binds as
    :func:`coopsec.kb.guarantees.bound_by` defines them); for a guarantee, the members' security-policy
    statuses and the members of the organisations a caveat names. Equal content, same objects, so
    the assessor can tell by identity whether two epochs have the same parties.
    """
    if guarantee is None:
        return index.intern(epoch.members(mech.organisation)), index.intern(frozenset()), ()
    members = index.intern(bound_by(guarantee, epoch.members))
    policy = index.intern(frozenset((p.state, p.status) for state in members for p in index.policies(state, day)))
    named = tuple(index.intern(epoch.members(c.member_of)) for c in guarantee.caveats if c.member_of)
    return members, policy, named
