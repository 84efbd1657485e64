"""A summary of the knowledge base and the list of facts still awaiting confirmation.

Analysts must be able to see which answers rest on facts nobody has confirmed yet; this is where
``coopsec check`` gets that list.
"""

from __future__ import annotations

from typing import Any

from coopsec.kb.model import KnowledgeBase


def unconfirmed_facts(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Every fact marked ``unconfirmed``, directly or through its source."""
    facts: list[dict[str, Any]] = []
    for spell in kb.spells:
        if spell.verification == "unconfirmed":
            facts.append(
                {
                    "kind": "membership",
                    "what": f"{spell.state} {spell.status} of {spell.organisation} "
                    f"from {spell.start}" + (f" to {spell.end}" if spell.end else ""),
                    "source": spell.source.id,
                    "note": spell.note,
                }
            )
    for state in kb.states.values():
        if state.verification == "unconfirmed" and (state.start or state.end):
            facts.append(
                {
                    "kind": "state",
                    "what": f"{state.code} exists from {state.start or '-'} to {state.end or '-'}",
                    "source": state.source.id,
                    "note": state.note,
                }
            )
    for versions in kb.clauses.values():
        for clause in versions:
            if clause.verification == "unconfirmed":
                facts.append(
                    {
                        "kind": "clause",
                        "what": f"{clause.citation} (text or dates)",
                        "source": clause.source.id,
                        "note": clause.note,
                    }
                )
    for policy in kb.policies:
        if policy.verification == "unconfirmed":
            facts.append(
                {
                    "kind": "policy",
                    "what": f"{policy.state} {policy.status} from {policy.start}",
                    "source": policy.source.id,
                    "note": policy.note,
                }
            )
    if kb.places is not None:
        for territory in kb.places.territories.values():
            if territory.verification == "unconfirmed":
                facts.append(
                    {
                        "kind": "territory",
                        "what": f"geography of {territory.code} ({territory.name})",
                        "source": territory.source.id,
                        "note": territory.note,
                    }
                )
            for status in territory.eu_status:
                if status.source.verification == "unconfirmed":
                    facts.append(
                        {
                            "kind": "territory",
                            "what": f"{territory.code} EU status {status.status} "
                            f"from {status.start or '-'} to {status.end or '-'}",
                            "source": status.source.id,
                            "note": None,
                        }
                    )
        for sea in kb.places.seas.values():
            if sea.verification == "unconfirmed":
                facts.append(
                    {
                        "kind": "sea",
                        "what": f"{sea.code}: {sea.name}",
                        "source": sea.source.id,
                        "note": sea.note,
                    }
                )
    for precedent in kb.precedents.values():
        if precedent.source.verification == "unconfirmed":
            facts.append(
                {
                    "kind": "precedent",
                    "what": f"{precedent.id} ({precedent.date})",
                    "source": precedent.source.id,
                    "note": precedent.text,
                }
            )
    for action in kb.response.actions if kb.response else ():
        if action.verification == "unconfirmed":
            facts.append(
                {
                    "kind": "response action",
                    "what": f"{action.id}: {action.legal_basis}",
                    "source": action.source.id,
                    "note": action.action,
                }
            )
    return facts


def summary(kb: KnowledgeBase) -> dict[str, Any]:
    """Counts of what the knowledge base holds."""
    return {
        "states": len(kb.states),
        "organisations": len(kb.organisations),
        "spells": len(kb.spells),
        "derived_spells": sum(1 for s in kb.spells if s.derived_from),
        "clauses": sum(len(v) for v in kb.clauses.values()),
        "policy_statuses": len(kb.policies),
        "territories": len(kb.places.territories) if kb.places else 0,
        "mechanisms": len(kb.mechanisms),
        "sources": len(kb.sources),
        "democracy_years": f"{kb.democracy.first_year}-{kb.democracy.last_year}",
        "unconfirmed": len(unconfirmed_facts(kb)),
    }
