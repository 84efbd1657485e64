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
        f.cite("wales-summit", "Wales Summit Declaration (2014), para. 72: cyber attacks are assessed case by case")
        return f"whether a cyber attack amounts to an armed attack is decided case by case by the {body}"
    if f.kind == "hybrid-campaign":
        f.cite("nato-hybrid-2016", "Warsaw Summit (2016), para. 72: hybrid warfare could lead to invoking Article 5")
        return f"whether a hybrid campaign amounts to an armed attack is a decision of the {body}"
    f.cite(
        "nato-art5-2001",
        "12 September 2001: the North Atlantic Council treated a terrorist attack as an armed "
        "attack, if directed from abroad",
    )
    f.cite("teu-42-7-2015", "17 November 2015: France invoked TEU Art. 42(7) after a non-state terrorist attack")
    return f"an attack by a non-state actor counts as an armed attack only by a determination of the {body}"
