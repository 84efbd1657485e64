"""Everything about one state on one date: memberships, policy, place in the rings, with sources."""

from __future__ import annotations

import datetime as dt
from typing import Any

from coopsec.architecture.queries import memberships, policies
from coopsec.architecture.report import policy_dict, spell_dict, state_dict
from coopsec.kb.model import Criterion, KnowledgeBase
from coopsec.rings.classify import criterion_dict, place_state


def state_report(kb: KnowledgeBase, code: str, on: dt.date, criterion: Criterion | None = None) -> dict[str, Any]:
    """``coopsec state CODE``: the JSON contract."""
    state = kb.states[code]
    exists = state.exists_on(on)
    placement = place_state(kb, code, on, criterion)
    return {
        "state": state_dict(state),
        "on": on.isoformat(),
        "exists": exists,
        "memberships": [spell_dict(kb, s) for s in memberships(kb, code, on)],
        "security_policy": [policy_dict(p) for p in policies(kb, code, on)],
        "placement": placement.to_dict(),
        "criterion": criterion_dict(kb, criterion or kb.rings.criterion, on),
        "democracy_attribution": kb.democracy.attribution,
    }
