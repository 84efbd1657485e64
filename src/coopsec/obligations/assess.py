"""From an event to every mechanism's answer: status, reasons, obligated parties, procedure, trace.

An :class:`Assessor` is built once per knowledge base; it precomputes the membership index and
caches the lists of obligated parties, so assessing an event reads no file and scans no data.
"""

from __future__ import annotations

import bisect
import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from coopsec.kb.model import Clause, Guarantee, KnowledgeBase, Mechanism
from coopsec.obligations.event import Event
from coopsec.obligations.facts import Fact, FactCache, Facts
from coopsec.obligations.index import EpochIndex
from coopsec.obligations.result import Assessment, MechanismResult, Obligation, Status, TraceEntry
from coopsec.obligations.rules import RULESETS, RuleSet
from coopsec.obligations.rules.engine import Decision, RuleDefinitionError


class Assessor:
    """Assesses events against every mechanism's rules.

    Decisions are memoised: a mechanism's answer depends only on the event's kind, victim, place
    and class of perpetrator and on the facts its rule set declares it reads (interned, so equal
    facts are the same object). The first event of a kind is decided by the rules; later events
    with the same facts reuse the answer, and the assessor checks that the rules never read a fact
    they did not declare, so the memo can never hide a difference.
    """

    MEMO_LIMIT = 500_000

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.index = EpochIndex(kb)
        self.facts = FactCache(kb, self.index)
        self.mechanisms: tuple[tuple[RuleSet, Mechanism], ...] = tuple(
            (rules, kb.mechanisms[rules.mechanism]) for rules in RULESETS
        )
        self._guarantees: dict[str, Guarantee] = {g.clause: g for g in kb.rings.guarantees}
        self._obligations: dict[tuple[object, ...], _Obligations] = {}
        self._cores: dict[tuple[object, ...], _Core] = {}
        self._results: dict[tuple[object, ...], MechanismResult] = {}
        reads = sorted({read for rules, _ in self.mechanisms for read in rules.reads})
        self._subject_reads = tuple(r for r in reads if r.split(":")[0] in ("victim", "clause", "org"))
        self._place_reads = tuple(r for r in reads if r.startswith("place:"))
        self._perpetrator_reads = tuple(r for r in reads if r.startswith("perpetrator:"))
        self._no_perpetrator = dict.fromkeys(self._perpetrator_reads)
        self._profiles: dict[tuple[object, ...], dict[str, object]] = {}
        self._citations: dict[tuple[int, str], Clause | None] = {}
        self._decisions: dict[tuple[object, ...], tuple[Decision, tuple[str, ...], list[tuple[int, ...]]]] = {}
        self._shared_cores: dict[tuple[object, ...], _Core] = {}
        self._full_obligations: dict[tuple[object, ...], tuple[Obligation, ...]] = {}
        self._wordings: dict[tuple[object, ...], _Wording] = {}
        self._signatures: dict[int, tuple[tuple[int, ...], ...]] = {}
        self._epoch_plans: dict[int, _Plan] = {}
        self._parties_ids: dict[tuple[int, ...], int] = {}
        self._situations: dict[tuple[object, ...], _Situation] = {}
        self._heads: dict[tuple[object, ...], int] = {}
        self._profile_ids: dict[tuple[object, ...], int] = {}
        self._finished: dict[tuple[object, ...], MechanismResult] = {}
        self._plan = tuple((rules, mech, rules.reads) for rules, mech in self.mechanisms)

    def assess(self, event: Event) -> Assessment:
        """Assess ``event`` against every mechanism.

        The loop is written for speed: everything it needs comes from dictionaries keyed by the
        event's epoch, victim, place and perpetrator; rules run only for combinations not seen yet.
        """
        kind, by, victim, place = event.kind, event.by, event.victim, event.place.code
        by_class = by if by is None or by in _ACTORS else "a state"
        number = bisect.bisect_right(self.index.bounds, event.date)
        situation = self._situations.get((number, victim, place, by if by_class == "a state" else by_class))
        facts: Facts | None = None
        if situation is None:
            facts = Facts(self.facts, event)
            situation = self._situation(facts)
        profile, profile_ids, plan = situation
        head_id = self._heads.get((kind, by_class, victim, place))
        if head_id is None:
            head_id = self._heads[(kind, by_class, victim, place)] = len(self._heads)
        finished = self._finished
        out = []
        for index, (rules, mech, reads, parties, clause) in enumerate(plan):
            profile_id = profile_ids[index]
            done = finished.get((index, head_id, profile_id, -1)) or finished.get((index, head_id, profile_id, parties))
            if done is not None:
                out.append(done)
                continue
            if facts is None:
                facts = Facts(self.facts, event)
            out.append(self._slow(facts, profile, index, head_id, profile_id, rules, mech, reads, parties, clause))
        return Assessment(event, tuple(out))

    def _situation(self, facts: Facts) -> _Situation:
        """The facts of an event's epoch, victim, place and perpetrator, and their ids per mechanism.

        Each mechanism gets an id of the facts it reads: equal facts, equal id, whatever the epoch.
        """
        profile = self._profile(facts)
        ids = self._profile_ids
        profile_ids = tuple(
            ids.setdefault(
                (index, *[id(t) if isinstance(t, Fact) else t for t in map(profile.__getitem__, reads)]), len(ids)
            )
            for index, (_, _, reads) in enumerate(self._plan)
        )
        plan = self._epoch_plans.get(facts.epoch.number) or self._epoch_plan(facts)
        by = facts._by
        key = (
            facts.epoch.number,
            facts._victim,
            facts._where.code,
            by if facts._by_class == "a state" else facts._by_class,
        )
        situation = self._situations[key] = (profile, profile_ids, plan)
        return situation

    def _slow(
        self,
        facts: Facts,
        profile: dict[str, object],
        index: int,
        head_id: int,
        profile_id: int,
        rules: RuleSet,
        mech: Mechanism,
        reads: tuple[str, ...],
        parties: int,
        clause: Clause | None,
    ) -> MechanismResult:
        """The answer for a combination not seen yet: from the memo of decisions, or from the rules."""
        event = facts.event
        kind, by_class, victim, place = event.kind, facts._by_class, event.victim, event.place.code
        key = (mech.id, kind, by_class, victim, place, *[profile[r] for r in reads])
        core = self._cores.get(key)
        if core is None:
            core = self._remember(key, self._decide(facts, rules, mech, key, profile))
        status = core[0]
        obligations = (
            _NONE if status == "does_not_apply" or mech.parties == "none" else self._obligated(mech, facts, status)
        )
        if core[4]:  # names this event's perpetrator: never shared
            return self._with_perpetrator(mech, core, clause, obligations, facts)
        full_key = (id(core), id(clause), id(obligations))
        result = self._results.get(full_key)
        if result is None:
            result = self._results[full_key] = MechanismResult(
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
        # An answer without parties does not depend on who the members are: share it across epochs.
        shared = status == "does_not_apply" or mech.parties == "none"
        self._finished[(index, head_id, profile_id, -1 if shared else parties)] = result
        return result

    def _epoch_plan(self, facts: Facts) -> _Plan:
        """Per mechanism in this epoch: its rules, the clause it cites, and what its parties depend on."""
        signature = self._signature(facts)
        plan = tuple(
            (
                rules,
                mech,
                reads,
                self._parties_ids.setdefault(parties, len(self._parties_ids)),
                self._citation(mech.clause, facts),
            )
            for (rules, mech, reads), parties in zip(self._plan, signature, strict=True)
        )
        self._epoch_plans[facts.epoch.number] = plan
        return plan

    def _signature(self, facts: Facts) -> tuple[tuple[int, ...], ...]:
        """Per mechanism, what its parties and caveats depend on in this epoch (interned identities).

        Together with the decision key it fixes the whole result, so a result seen before is
        returned by one look-up.
        """
        epoch = facts.epoch
        signature = []
        for _, mech, _ in self._plan:
            members = self.index.intern(epoch.members(mech.organisation))
            guarantee = self._guarantees.get(mech.clause or "")
            parts = [id(members)]
            if guarantee is not None:
                policy = frozenset(
                    (p.state, p.status) for state in members for p in self.index.policies(state, facts.date)
                )
                parts.append(id(self.index.intern(policy)))
                parts.extend(
                    id(self.index.intern(epoch.members(c.member_of))) for c in guarantee.caveats if c.member_of
                )
            signature.append(tuple(parts))
        self._signatures[epoch.number] = result = tuple(signature)
        return result

    def _remember(self, key: tuple[object, ...], core: _Core) -> _Core:
        if len(self._cores) > self.MEMO_LIMIT:
            self._cores.clear()
            self._results.clear()
            self._shared_cores.clear()
            self._wordings.clear()
            self._finished.clear()
            self._situations.clear()
        self._cores[key] = core
        return core

    def _with_perpetrator(
        self, mech: Mechanism, core: _Core, clause: Clause | None, obligations: _Obligations, facts: Facts
    ) -> MechanismResult:
        """A result whose trace adds this event's own perpetrator facts after the shared ones."""
        status, reasons, labels, trace, perpetrator_orgs = core
        own = facts.perpetrator_entries(perpetrator_orgs)
        cut = len(trace) - len(reasons)
        return MechanismResult(
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

    def _profile(self, facts: Facts) -> dict[str, object]:
        """Every fact token of the event, from three caches: subject, place and perpetrator."""
        number = facts.epoch.number
        key: tuple[object, ...] = ("subject", number, facts.victim)
        subject = self._profiles.get(key)
        if subject is None:
            subject = self._profiles[key] = {r: facts.token(r) for r in self._subject_reads}
        key = ("place", number, facts.place.code)
        place = self._profiles.get(key)
        if place is None:
            place = self._profiles[key] = {r: facts.token(r) for r in self._place_reads}
        if facts.by_class == "a state":
            key = ("perpetrator", number, facts.by)
            perpetrator = self._profiles.get(key)
            if perpetrator is None:
                perpetrator = self._profiles[key] = {r: facts.token(r) for r in self._perpetrator_reads}
        else:
            perpetrator = self._no_perpetrator
        return {**subject, **place, **perpetrator}

    def assess_many(self, events: Iterable[Event]) -> Iterator[Assessment]:
        """Assess events one after the other, with the cyclic garbage collector paused.

        Assessments and the memo hold no reference cycles (they are freed by reference counting),
        but the memo holds many objects, and every collection would walk all of them: pausing the
        collector for a batch doubles its throughput. It is restored when the batch ends.
        """
        with paused_gc():
            for event in events:
                yield self.assess(event)

    def _decide(
        self, facts: Facts, rules: RuleSet, mech: Mechanism, key: tuple[object, ...], profile: dict[str, object]
    ) -> _Core:
        """Decide, and build the reasons and the trace, for a new combination of event and facts.

        Three layers, each shared as widely as it can be: the decision (outcome and rules fired)
        depends only on the event's kind, the class of its perpetrator and the *values* of the facts
        read; the reasons also name the victim and the place; the trace lists this event's own facts.
        """
        values = (mech.id, key[1], key[2], *[t.key if isinstance(t, Fact) else t for t in key[5:]])
        known = self._decisions.get(values)
        if known is None:
            facts.begin()
            facts.fields = None
            decision = rules.decide(facts)
            undeclared = set(facts.consulted) - set(rules.reads)
            if undeclared:
                raise RuleDefinitionError(
                    f"{mech.id}: the rules read {sorted(undeclared)} but the rule set does not declare them in "
                    "'reads': add them, or the memoised answers could be wrong"
                )
            known = self._decisions[values] = (decision, tuple(facts.consulted), [()])
        decision, consulted, fields = known
        event = facts.event
        present = (key[1], key[2], key[3], key[4], event.by, event.date)  # in the order of _FIELDS
        wording_key = (values, *[present[i] for i in fields[0]])
        wording = self._wordings.get(wording_key)
        if wording is None:
            facts.begin()
            facts.fields = set()
            steps = decision.fired[1:] or decision.fired
            reasons = tuple(rule.because(facts) for rule in steps)
            touched, facts.fields = facts.fields, None
            wanted = tuple(sorted({*fields[0], *(_FIELDS.index(name) for name in touched)}))
            if wanted != fields[0]:  # this wording reads more of the event: key by those fields too
                fields[0] = wanted
                wording_key = (values, *[present[i] for i in wanted])
            rule_entries = tuple(
                TraceEntry("rule", f"{rule.label} -> {rule.outcome}: {reason}", None, None)
                for rule, reason in zip(steps, reasons, strict=True)
            )
            reads = tuple(dict.fromkeys((*consulted, *facts.consulted)))
            own = tuple(r for r in reads if not r.startswith("perpetrator:"))
            perpetrator_orgs = tuple(r.split(":", 1)[1] for r in reads if r.startswith("perpetrator:"))
            wording = (reasons, own, tuple(facts.cited), rule_entries, perpetrator_orgs)
            self._wordings[wording_key] = wording
        reasons, own, cited, rule_entries, perpetrator_orgs = wording
        core_key = (wording_key, *[id(profile[r]) for r in own])
        core = self._shared_cores.get(core_key)
        if core is None:
            used: dict[TraceEntry, None] = {}
            for read in own:
                token = profile[read]
                if isinstance(token, Fact):
                    used.update(dict.fromkeys(token.entries))
            core = (
                decision.outcome,
                reasons,
                tuple(r.label for r in decision.fired),
                (*used, *cited, *rule_entries),
                perpetrator_orgs,
            )
            self._shared_cores[core_key] = core
        return core

    def _citation(self, clause_id: str | None, facts: Facts) -> Clause | None:
        if clause_id is None:
            return None
        key = (facts.epoch.number, clause_id)
        if key in self._citations:
            return self._citations[key]
        current = facts.epoch.clause(clause_id)
        if current is None:
            versions = self.kb.clauses.get(clause_id, ())
            current = versions[-1] if versions else None
        self._citations[key] = current
        return current

    def _obligated(self, mech: Mechanism, facts: Facts, status: Status) -> _Obligations:
        """The parties bound (or able to help) and the caveats, shared while membership is unchanged."""
        everyone = self._everyone(mech, facts, status)
        key = (id(everyone), facts.victim)
        found = self._obligations.get(key)
        if found is None:
            victim = facts.victim
            parties = tuple(o for o in everyone if o.party != victim)
            grouped: dict[str, list[str]] = {}
            for obligation in parties:
                for caveat in obligation.caveats:
                    grouped.setdefault(caveat, []).append(obligation.party)
            caveats = tuple(f"{text}: {', '.join(states)}" for text, states in grouped.items())
            if status == "may_apply":
                caveats = ("the duties hold only once the open determination is made", *caveats)
            found = self._obligations[key] = (parties, caveats)
        return found

    def _everyone(self, mech: Mechanism, facts: Facts, status: Status) -> tuple[Obligation, ...]:
        """Every member's obligation under ``mech`` in this epoch, interned by content."""
        epoch = facts.epoch
        memo = (mech.id, status, epoch.number)
        known = self._full_obligations.get(memo)
        if known is not None:
            return known
        members = self.index.intern(epoch.members(mech.organisation))
        guarantee = self._guarantees.get(mech.clause or "")
        caveat_orgs = tuple(c.member_of for c in guarantee.caveats if c.member_of) if guarantee else ()
        policy = (
            self.index.intern(
                frozenset((p.state, p.status) for state in members for p in self.index.policies(state, facts.date))
            )
            if guarantee
            else frozenset()
        )
        key = (
            mech.id,
            status,
            id(members),
            id(policy),
            *(id(self.index.intern(epoch.members(org))) for org in caveat_orgs),
        )
        found = self._full_obligations.get(key)
        if found is None:
            duty = mech.duty if status == "applies" else f"if the determination is made: {mech.duty}"
            statuses: dict[str, set[str]] = {}
            for state, kind in policy:
                statuses.setdefault(state, set()).add(kind)
            obligations = []
            for party in sorted(members):
                own = tuple(
                    caveat.text
                    for caveat in (guarantee.caveats if guarantee else ())
                    if (caveat.policy and statuses.get(party, set()) & set(caveat.policy))
                    or (caveat.member_of is not None and party in epoch.members(caveat.member_of))
                )
                obligations.append(Obligation(party, duty, own))
            found = self._full_obligations[key] = tuple(obligations)
        self._full_obligations[memo] = found
        return found


#: The fields of an event a wording may read, in the order of the tuple built in ``_decide``.
_FIELDS = ("kind", "by_class", "victim", "place", "by", "date")

_Core = tuple[Status, tuple[str, ...], tuple[str, ...], tuple[TraceEntry, ...], tuple[str, ...]]
_Wording = tuple[tuple[str, ...], tuple[str, ...], tuple[TraceEntry, ...], tuple[TraceEntry, ...], tuple[str, ...]]
_Plan = tuple[tuple[RuleSet, Mechanism, tuple[str, ...], int, Clause | None], ...]
_Situation = tuple[dict[str, object], tuple[int, ...], _Plan]
_ACTORS = ("non-state", "unknown")
_Obligations = tuple[tuple[Obligation, ...], tuple[str, ...]]
_NONE: _Obligations = ((), ())


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of a batch (restored afterwards)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_ASSESSORS: dict[str, Assessor] = {}


def assessor_for(kb: KnowledgeBase) -> Assessor:
    """The (cached) assessor of a knowledge base."""
    found = _ASSESSORS.get(kb.fingerprint)
    if found is None or found.kb is not kb:
        found = Assessor(kb)
        _ASSESSORS[kb.fingerprint] = found
    return found


def assess(kb: KnowledgeBase, event: Event) -> Assessment:
    """Assess one event against every mechanism."""
    return assessor_for(kb).assess(event)
