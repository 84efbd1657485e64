"""The JSON the CLI prints and the API returns for a vote and for the power of the members."""

from __future__ import annotations

import datetime as dt
from typing import Any

from coopsec.kb import KnowledgeBase
from coopsec.kb.model import cite
from coopsec.voting.council import Council, make_ballot, make_council
from coopsec.voting.data import bundled_voting
from coopsec.voting.evaluate import decide
from coopsec.voting.flips import minimal_flip
from coopsec.voting.game import need_table
from coopsec.voting.power import exact_power

#: How the flips are chosen, said with every outcome.
FLIPS_RULE = (
    "a minimal set of vote changes reversing the outcome: fewest states changed, then the smallest "
    "population moved, then the first codes in alphabetical order"
)


def _rule_block(kb: KnowledgeBase, council: Council) -> dict[str, Any]:
    rule = council.rule
    cited = (rule.source, *rule.sources, *((rule.constructive.source,) if rule.constructive else ()))
    return {
        "id": council.rule_id,
        "title": rule.title,
        "article": rule.article,
        "text": rule.text,
        "sources": [{"id": s, **(cite(kb.sources.get(s)) or {})} for s in cited],
    }


def _table_block(kb: KnowledgeBase, council: Council) -> dict[str, Any] | None:
    table = council.table
    if table is None:
        return None
    return {
        "id": table.id,
        "basis": table.basis,
        "reference_date": table.reference_date.isoformat(),
        "note": table.note,
        "source": {"id": table.source, **(cite(kb.sources.get(table.source)) or {})},
        "unverified": list(table.unverified),
        "total": council.total_population,
    }


def council_block(kb: KnowledgeBase, council: Council) -> dict[str, Any]:
    """Who takes part, with the population table when the rule weighs population."""
    return {
        "organisation": council.organisation,
        "members": list(council.members),
        "taking_part": len(council.members),
        "of": council.all_members,
        "partial": council.partial,
        "concerned": council.concerned,
        "population": dict(council.population) or None,
        "table": _table_block(kb, council),
    }


def vote_report(
    kb: KnowledgeBase,
    rule: str,
    on: dt.date,
    named: dict[str, str | None],
    forum: str | None = None,
    participants: str | None = None,
    concerned: str | None = None,
) -> dict[str, Any]:
    """The outcome of a ballot: ``{"rule", "on", "adopted", "criteria", "flips", ...}``.

    ``named`` maps a vote (``no``, ``abstain``, ``abstain-formally``, ``absent``) to a comma list of
    codes; members not named vote yes.
    """
    council = make_council(kb, bundled_voting(kb), rule, on, forum, participants, concerned)
    votes = make_ballot(kb, council, named)
    decision = decide(council, votes)
    return {
        "rule": council.rule_id,
        "requested_rule": rule.strip().lower(),
        "on": on.isoformat(),
        "adopted": decision.adopted,
        "criteria": list(decision.criteria),
        "flips": minimal_flip(council, votes, decision.adopted),
        "flips_rule": FLIPS_RULE,
        "votes": votes,
        "council": council_block(kb, council),
        "legal": _rule_block(kb, council),
    }


def power_report(
    kb: KnowledgeBase,
    rule: str,
    on: dt.date,
    forum: str | None = None,
    participants: str | None = None,
    concerned: str | None = None,
) -> dict[str, Any]:
    """Each member's exact normalised Banzhaf and Shapley-Shubik index (each set sums to 1).

    ``exact`` gives each index as a fraction ``p/q`` for readers who need more than a float.
    """
    council = make_council(kb, bundled_voting(kb), rule, on, forum, participants, concerned)
    weights = [council.population.get(m, 0) for m in council.members]
    power = exact_power(council.members, weights, need_table(council))
    banzhaf, shapley = power.banzhaf(), power.shapley_shubik()
    return {
        "rule": council.rule_id,
        "on": on.isoformat(),
        "members": {
            m: {
                "banzhaf": float(banzhaf[i]),
                "shapley_shubik": float(shapley[i]),
                "swings": power.banzhaf_swings[i],
                "population": council.population.get(m),
                "exact": {"banzhaf": str(banzhaf[i]), "shapley_shubik": str(shapley[i])},
            }
            for i, m in enumerate(council.members)
        },
        "council": council_block(kb, council),
        "legal": _rule_block(kb, council),
    }
