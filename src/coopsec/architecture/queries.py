"""Time-aware questions about the architecture: who belongs where, as of which date.

Every function is pure over the knowledge base and takes the date explicitly; "as of D" means at
the start of day D and spells are half-open (see :mod:`coopsec.dates`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from coopsec.errors import choose
from coopsec.kb.model import STATUSES, KnowledgeBase, PolicyStatus, Spell, State, Status


def check_status(text: str) -> Status:
    """Validate a membership status given by a user."""
    return cast(Status, choose(text, STATUSES, "status"))


def spells_on(kb: KnowledgeBase, organisation: str, on: dt.date, status: Status | None = "member") -> list[Spell]:
    """The spells of ``organisation`` that hold on ``on`` (with ``status``, or any when ``None``)."""
    return [
        s for s in kb.spells_by_org.get(organisation, ()) if s.holds_on(on) and (status is None or s.status == status)
    ]


def members(kb: KnowledgeBase, organisation: str, on: dt.date, status: Status = "member") -> list[str]:
    """Codes of the states with ``status`` in ``organisation`` as of ``on``, sorted."""
    return sorted({s.state for s in spells_on(kb, organisation, on, status)})


def is_member(
    kb: KnowledgeBase, state: str, organisation: str, on: dt.date, statuses: tuple[Status, ...] = ("member",)
) -> bool:
    """Whether ``state`` holds one of ``statuses`` in ``organisation`` as of ``on``."""
    return any(
        s.organisation == organisation and s.status in statuses and s.holds_on(on)
        for s in kb.spells_by_state.get(state, ())
    )


def memberships(kb: KnowledgeBase, state: str, on: dt.date) -> list[Spell]:
    """Every spell of ``state`` that holds on ``on``, by organisation."""
    return sorted((s for s in kb.spells_by_state.get(state, ()) if s.holds_on(on)), key=lambda s: s.organisation)


def policies(kb: KnowledgeBase, state: str, on: dt.date) -> list[PolicyStatus]:
    """The security-policy statuses (neutral, non-aligned, opt-out) of ``state`` on ``on``."""
    return [p for p in kb.policies if p.state == state and p.holds_on(on)]


def existing_states(kb: KnowledgeBase, on: dt.date) -> list[State]:
    """The states that exist on ``on`` (historic states only within their lifetime)."""
    return [s for s in kb.states.values() if s.exists_on(on)]


@dataclass(frozen=True, slots=True)
class Overlap:
    """The members two organisations share on a date, and those in only one."""

    on: dt.date
    a: str
    b: str
    both: tuple[str, ...]
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]


def overlap(kb: KnowledgeBase, a: str, b: str, on: dt.date) -> Overlap:
    """Compare the members of organisations ``a`` and ``b`` as of ``on``."""
    in_a, in_b = set(members(kb, a, on)), set(members(kb, b, on))
    return Overlap(on, a, b, tuple(sorted(in_a & in_b)), tuple(sorted(in_a - in_b)), tuple(sorted(in_b - in_a)))
