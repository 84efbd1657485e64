"""Groups of event kinds and conditions shared by the rules of several mechanisms."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coopsec.obligations.facts import Facts


#: Events that can be an "armed attack" or "armed aggression" (some only by determination).
ATTACKS = frozenset({"armed-attack", "terrorist-attack", "cyber-attack", "hybrid-campaign"})
#: Kinds whose qualification as an armed attack is a political or legal determination.
BY_DETERMINATION = frozenset({"terrorist-attack", "cyber-attack", "hybrid-campaign"})
DISASTERS = frozenset({"natural-disaster", "man-made-disaster"})


def is_attack(f: Facts) -> bool:
    """The event could be an armed attack."""
    return f.kind in ATTACKS


def party(f: Facts, clause: str, organisation: str) -> bool:
    """The clause is in force and the victim is a member of the organisation whose treaty it is in."""
    return f.in_force(clause) and f.victim_in(organisation)


def needs_determination(f: Facts) -> bool:
    """Whether calling the event an armed attack is a determination still open.

    True for terrorist, cyber and hybrid events and for any attack by a non-state actor: NATO
    treated 11 September 2001 as an armed attack only once it was determined to come from abroad,
    the Wales Summit (2014) left cyber attacks to case-by-case decisions, and the EU accepted
    France's invocation of Art. 42(7) after a non-state attack in 2015.
    """
    return f.kind in BY_DETERMINATION or f.by_class == "non-state"


def determination_reason(f: Facts, body: str) -> str:
    """Explain why the qualification is open, citing the precedents in the trace."""
    if f.kind == "cyber-attack":
        f.cite("wales-2014-cyber")
        return f"whether a cyber attack amounts to an armed attack is decided case by case by the {body}"
    if f.kind == "hybrid-campaign":
        f.cite("warsaw-2016-hybrid")
        return f"whether a hybrid campaign amounts to an armed attack is a decision of the {body}"
    f.cite("nato-art5-2001")
    f.cite("teu-42-7-2015")
    return f"an attack by a non-state actor counts as an armed attack only by a determination of the {body}"
