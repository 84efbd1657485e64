"""A plain reference assessor: no memo, every rule evaluated on freshly built facts.

The production :class:`~coopsec.obligations.Assessor` shares decisions, wordings, traces and whole
answers between events. This one shares nothing: for each event and mechanism it builds new facts,
runs the rules, words the reasons, assembles the trace from the facts the rules consulted, and works
out the parties from the members on the date. The property test compares the two on dates next to
every change of the data, so a memo keyed too coarsely shows up as a difference.
"""

from __future__ import annotations

from typing import Any

from coopsec.kb import KnowledgeBase
from coopsec.obligations import Assessment, Event
from coopsec.obligations.answers import rule_entry
from coopsec.obligations.facts import Fact, FactCache, Facts
from coopsec.obligations.index import EpochIndex
from coopsec.obligations.result import TraceEntry
from coopsec.obligations.rules import RULESETS


class ReferenceAssessor:
    """Assess events one by one, memoising nothing but the index of dates."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.index = EpochIndex(kb)
        self.guarantees = {g.clause: g for g in kb.rings.guarantees}

    def assess(self, event: Event) -> list[dict[str, Any]]:
        """Every mechanism's answer as the comparable part of ``MechanismResult.to_dict``."""
        return [self._mechanism(rules, event) for rules in RULESETS]

    def _mechanism(self, rules: Any, event: Event) -> dict[str, Any]:
        mech = self.kb.mechanisms[rules.mechanism]
        facts = Facts(FactCache(self.kb, self.index), event)  # nothing shared with another answer
        facts.begin()
        decision = rules.decide(facts)
        consulted = list(facts.consulted)
        facts.begin()
        fired = decision.fired[1:] or decision.fired
        worded = [rule.because(facts) for rule in fired]
        overridden = decision.overridden()
        reasons = [reason for rule, reason in zip(fired, worded, strict=True) if rule.label not in overridden]
        reads = list(dict.fromkeys([*consulted, *facts.consulted]))
        trace: list[TraceEntry] = []
        for read in reads:
            if read.startswith("perpetrator:"):
                continue
            token = facts.token(read)
            if isinstance(token, Fact):
                trace.extend(e for e in token.entries if e not in trace)
        trace.extend(e for e in facts.cited if e not in trace)
        organisations = tuple(r.split(":", 1)[1] for r in reads if r.startswith("perpetrator:"))
        trace.extend(facts.perpetrator_entries(organisations))
        trace.extend(
            rule_entry(rule, reason, overridden.get(rule.label)) for rule, reason in zip(fired, worded, strict=True)
        )
        status = decision.outcome
        obligated: list[dict[str, Any]] = []
        if status != "does_not_apply" and mech.parties != "none":
            obligated = self._obligated(mech, event, status)
        clause = facts.epoch.clause(mech.clause) if mech.clause else None
        if clause is None and mech.clause:
            versions = self.kb.clauses.get(mech.clause, ())
            clause = versions[-1] if versions else None
        return {
            "id": mech.id,
            "status": status,
            "reasons": reasons,
            "rules": [rule.label for rule in decision.fired],
            "obligated": obligated,
            "clause": clause.citation if clause else None,
            "trace": [(t.kind, t.text, t.date, t.source.id if t.source else None) for t in trace],
        }

    def _obligated(self, mech: Any, event: Event, status: str) -> list[dict[str, Any]]:
        members_then = self.index.members(mech.organisation, event.date)
        # An attacker that is a member, where the rules weigh the attacker's membership, is no party.
        reads_attacker = f"perpetrator:{mech.organisation}" in next(r for r in RULESETS if r.mechanism == mech.id).reads
        attacker = event.by if reads_attacker and event.by in members_then else None
        members = sorted(members_then - {event.victim, attacker})
        guarantee = self.guarantees.get(mech.clause or "")
        duty = mech.duty if status == "applies" else f"if the determination is made: {mech.duty}"
        out = []
        for party in members:
            kinds = {p.status for p in self.index.policies(party, event.date)}
            caveats = []
            for caveat in guarantee.caveats if guarantee else ():
                named = caveat.member_of is not None and party in self.index.members(caveat.member_of, event.date)
                if (caveat.policy and kinds & set(caveat.policy)) or named:
                    caveats.append(caveat.text)
            out.append({"party": party, "duty": duty, "caveats": caveats})
        return out


def comparable(result: Assessment) -> list[dict[str, Any]]:
    """The parts of an assessment the reference computes, in the reference's shape."""
    return [
        {
            "id": m.id,
            "status": m.status,
            "reasons": list(m.reasons),
            "rules": list(m.rules),
            "obligated": [o.to_dict() for o in m.obligated],
            "clause": m.clause.citation if m.clause else None,
            "trace": [(t.kind, t.text, t.date, t.source.id if t.source else None) for t in m.trace],
        }
        for m in result.mechanisms
    ]
