"""Evaluating a catalogue trigger against an incident's kind and facts (no law here: the rules are data)."""

from __future__ import annotations

from coopsec.kb.response import Trigger


def matched(trigger: Trigger, kind: str, flags: frozenset[str]) -> tuple[str, ...] | None:
    """The facts that make ``trigger`` hold for an event of ``kind`` with ``flags``, or ``None``.

    The trigger holds when the kind is one of its kinds, every ``all`` fact holds and, when it names
    ``any`` facts, at least one of them holds. The facts returned are those it required and found, in
    the catalogue's order (every ``all`` fact, then each ``any`` fact that holds): the reason.
    """
    if kind not in trigger.kinds or not set(trigger.all) <= flags:
        return None
    some = tuple(f for f in trigger.any if f in flags)
    if trigger.any and not some:
        return None
    return (*trigger.all, *some)
