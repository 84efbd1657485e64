"""Groups of event kinds and conditions shared by the rules of several mechanisms."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from coopsec.obligations.kinds import ATTACKS, DISASTERS
from coopsec.obligations.rules.engine import Rule, always
from coopsec.obligations.summary import a_or_an, kind_words

if TYPE_CHECKING:
    from coopsec.obligations.facts import Facts

__all__ = ["ATTACKS", "DISASTERS", "WRITTEN_FOR"]

#: The event kinds every rule set below was written and reviewed for, by name (not taken from the
#: table of kinds, on purpose): a kind added to the table is refused by the rules, and fails the
#: whole-domain check, until its treatment under each clause has been decided and it is added here.
WRITTEN_FOR = (
    "armed-attack",
    "terrorist-attack",
    "cyber-attack",
    "hybrid-campaign",
    "natural-disaster",
    "man-made-disaster",
    "threat",
)
#: The values of the place facts the rules were written for (see ``RuleSet(values=...)``).
AREA_VALUES = ("in", "out", "contested")
TREATY_VALUES = ("treaties", "national", "sea", "forces")
#: Kinds whose qualification as an armed attack is a political or legal determination.
BY_DETERMINATION = frozenset({"terrorist-attack", "cyber-attack", "hybrid-campaign"})


def a_kind(f: Facts) -> str:
    """The event's kind in words with its article: "an armed attack", "a man-made disaster"."""
    return a_or_an(kind_words(f.kind))


def is_attack(f: Facts) -> bool:
    """The event could be an armed attack."""
    return f.kind in ATTACKS


def party(f: Facts, clause: str, organisation: str) -> bool:
    """The clause is in force and the victim is a member of the organisation whose treaty it is in."""
    return f.in_force(clause) and f.victim_in(organisation)


def incident(f: Facts) -> bool:
    """The event is a hostile act given as an *incident*: whether it amounts to an armed attack is open."""
    return f.kind in ATTACKS and f.scale == "incident"


def incident_reason(f: Facts, body: str) -> str:
    """Why an incident leaves the clause open (ICJ, Nicaragua, para. 191), with the precedents cited."""
    f.cite("icj-nicaragua-1986")
    f.cite("nato-art4-2012")
    return (
        f"the event is given as an incident: only 'the most grave forms of the use of force' are an armed "
        f"attack (ICJ, Nicaragua, 1986, para. 191), and whether this one amounts to one is for the {body} to "
        "determine"
    )


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


def gate(
    clause: str,
    organisation: str,
    *,
    covers: str,
    instrument: str,
    outsider: Callable[[Facts], str],
    cites: str,
    outsider_rule: str = "not-a-member",
) -> list[Rule[str]]:
    """The three rules every treaty clause starts with: what it covers, not in force, the victim not bound.

    Args:
        clause: the clause id (``nato-art5``); the rules are ``<clause>.default``, ``.not-in-force`` and
            ``.<outsider_rule>``.
        organisation: whose members the clause binds on the date (``NATO``, ``EU``...).
        covers: the default's reason: what the clause covers.
        instrument: the treaty or article named when it is not in force on the date.
        outsider: the reason when the victim is not a member on the date.
        cites: the provision the three rules cite.
        outsider_rule: the last part of the third rule's label (the treaties say Party or Member).

    """
    return [
        Rule(f"{clause}.default", "does_not_apply", always, lambda f: covers, cites=cites),
        Rule(
            f"{clause}.not-in-force",
            "does_not_apply",
            lambda f: not f.in_force(clause),
            lambda f: f"{instrument} is not in force on the date of the event ({f.span(clause)})",
            f"{clause}.default",
            cites=cites,
        ),
        Rule(
            f"{clause}.{outsider_rule}",
            "does_not_apply",
            lambda f: f.in_force(clause) and not f.victim_in(organisation),
            outsider,
            f"{clause}.default",
            cites=cites,
        ),
    ]


def attack_rules(
    clause: str,
    organisation: str,
    *,
    not_attack: tuple[str, Callable[[Facts], str]],
    attack: tuple[str, Callable[[Facts], str]],
    cites: str,
) -> list[Rule[str]]:
    """The two rules a defence clause puts after :func:`gate`: not an attack, or an attack on a member.

    The first does not apply (the victim is bound but the event is no attack); the second applies
    until the clause's own exceptions (area, determination, incident...) say otherwise.

    Args:
        clause: the clause id.
        organisation: whose members the clause binds on the date.
        not_attack: the last part of the first rule's label and its reason.
        attack: the last part of the second rule's label (the root of the clause's exceptions) and its reason.
        cites: the provision both rules cite.

    """
    return [
        Rule(
            f"{clause}.{not_attack[0]}",
            "does_not_apply",
            lambda f: party(f, clause, organisation) and not is_attack(f),
            not_attack[1],
            f"{clause}.default",
            cites=cites,
        ),
        Rule(
            f"{clause}.{attack[0]}",
            "applies",
            lambda f: party(f, clause, organisation) and is_attack(f),
            attack[1],
            f"{clause}.default",
            cites=cites,
        ),
    ]
