"""Rival blocs on an outer-area placement (issue 17): who is bound elsewhere, and what that rules out.

The paper names the counterweight to the system in its outer area: Armenia joined the Russian-led
Eurasian Economic Union in 2015, which it calls incompatible with an association agreement with the EU.
Which blocs count and what they rule out are data (``rings.yaml``, ``outer.rival_blocs``); this module
only turns a state's memberships on a date into reasons, so ``coopsec state`` and ``coopsec rings`` say it.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from coopsec.architecture.queries import members
from coopsec.kb.model import KnowledgeBase, Status
from coopsec.rings.model import Reason

#: How a rival-bloc reason begins (the atlas marks placements that carry one).
RIVAL_PREFIX = "outer area: belongs to a rival bloc"


class _Members(Protocol):
    def members(self, organisation: str, statuses: tuple[Status, ...]) -> frozenset[str]: ...


def rival_bloc_reasons(kb: KnowledgeBase, day: _Members, state: str) -> list[Reason]:
    """One reason per rival bloc ``state`` belongs to on the day, and one per incompatibility it holds."""
    if kb.rings is None:
        return []
    reasons: list[Reason] = []
    for bloc in kb.rings.rival_blocs:
        if state not in day.members(bloc.organisation, bloc.statuses):
            continue
        name = kb.organisations[bloc.organisation].name
        reasons.append(Reason(f"{RIVAL_PREFIX}, the {name} ({bloc.text})", kb.rings.source))
        for other in bloc.incompatible_with:
            if state in day.members(other, ("member",)):
                partner = kb.organisations[other].name
                reasons.append(
                    Reason(
                        f"incompatible memberships: {partner} partner and {name} member: {bloc.incompatibility}",
                        kb.rings.source,
                    )
                )
    return reasons


def rival_blocs_of(kb: KnowledgeBase, state: str, on: dt.date) -> list[str]:
    """The rival blocs ``state`` belongs to on ``on``, as short labels ("EAEU, incompatible with EAP")."""
    if kb.rings is None:
        return []
    found: list[str] = []
    for bloc in kb.rings.rival_blocs:
        if not any(state in members(kb, bloc.organisation, on, s) for s in bloc.statuses):
            continue
        clash = [o for o in bloc.incompatible_with if state in members(kb, o, on, "member")]
        found.append(bloc.organisation + (f" (incompatible with {', '.join(clash)})" if clash else ""))
    return found
