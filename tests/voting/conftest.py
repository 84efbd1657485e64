"""Helpers for the voting tests: the council of a rule on 2026-01-01 and ballots over it."""

from __future__ import annotations

from coopsec.kb import KnowledgeBase
from coopsec.voting import Council, bundled_voting, make_council
from tests.conftest import d

ON = d("2026-01-01")


def council(kb: KnowledgeBase, rule: str, **options: str) -> Council:
    """The council deciding under ``rule`` on 2026-01-01."""
    return make_council(kb, bundled_voting(kb), rule, ON, **options)


def ballot(c: Council, **lists: list[str]) -> dict[str, str]:
    """Everyone yes, except the states listed under a vote (abstain_formally for abstain-formally)."""
    votes = dict.fromkeys(c.members, "yes")
    for vote, codes in lists.items():
        for code in codes:
            votes[code] = vote.replace("_", "-")
    return votes
