"""The one table of event kinds: every part of coopsec that names or classifies kinds reads it.

The event parser, the rules, the CLI help, the API schema, the dashboard form and the benchmarks
all take their kinds from here, so a kind cannot be known to one of them and unknown to another.
The *class* of a kind (attack, disaster, threat) is vocabulary, not law: what a class means under
each clause is said by the rules, which declare the kinds they were written for (see
:class:`~coopsec.obligations.rules.engine.RuleSet`), so a new kind fails the rules' checks until
they say what it means.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

KindClass = Literal["attack", "disaster", "threat"]
Scale = Literal["incident", "attack"]


@dataclass(frozen=True, slots=True)
class EventKind:
    """One kind of event: its code, class and a line of help."""

    code: str
    kind_class: KindClass
    help: str


#: Every event kind, in the order the CLI and the forms list them.
EVENT_KINDS: tuple[EventKind, ...] = (
    EventKind("armed-attack", "attack", "use of armed force against the victim"),
    EventKind("terrorist-attack", "attack", "a terrorist attack"),
    EventKind("cyber-attack", "attack", "an attack on networks and information systems"),
    EventKind("hybrid-campaign", "attack", "a hostile campaign mixing covert, economic, informational and armed means"),
    EventKind("natural-disaster", "disaster", "an earthquake, flood, fire, storm, epidemic ..."),
    EventKind("man-made-disaster", "disaster", "an industrial, nuclear or transport accident ..."),
    EventKind("threat", "threat", "a threat that has not (yet) materialised"),
)
KINDS: tuple[str, ...] = tuple(k.code for k in EVENT_KINDS)
KIND_CLASS: dict[str, KindClass] = {k.code: k.kind_class for k in EVENT_KINDS}
#: Kinds that can be an "armed attack" or "armed aggression" (some only by determination).
ATTACKS: frozenset[str] = frozenset(k.code for k in EVENT_KINDS if k.kind_class == "attack")
DISASTERS: frozenset[str] = frozenset(k.code for k in EVENT_KINDS if k.kind_class == "disaster")

#: The gravity of an attack: an ``incident`` is a hostile act whose qualification as an armed
#: attack is open (ICJ, Nicaragua, 1986, para. 191); an ``attack`` is taken as one.
SCALES: tuple[Scale, ...] = ("incident", "attack")
DEFAULT_SCALE: Scale = "attack"


def kinds_help() -> str:
    """The kinds with their class, for help texts."""
    return "; ".join(f"{k.code} ({k.kind_class})" for k in EVENT_KINDS)
