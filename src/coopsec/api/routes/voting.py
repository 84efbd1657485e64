"""``/api/v1/votes`` and ``/api/v1/power``: the CLI's ``coopsec vote`` and ``coopsec power`` JSON (issue 14).

Both are GETs: deciding a hypothetical ballot changes nothing, so a read-only token may ask, and the
dashboard's vote page calls them as the user changes a vote.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from coopsec.api.models.voting import PowerOut, VoteOut
from coopsec.errors import ConflictError
from coopsec.http.deps import KB, CurrentUser, On
from coopsec.voting import power_report, vote_report

router = APIRouter(tags=["voting"])

RuleQ = Annotated[str, Query(min_length=1, max_length=40, description="A rule of data/voting/rules.yaml (qmv, ...)")]
States = Annotated[str | None, Query(max_length=2000, description="Comma list of state codes")]
Forum = Annotated[str | None, Query(max_length=20, description="Consensus rules: NATO or OSCE")]
Participants = Annotated[
    str | None, Query(max_length=2000, description="Only these take part: an organisation (PESCO) or a comma list")
]
Concerned = Annotated[str | None, Query(max_length=10, description="The State concerned, left out")]


@router.get("/votes", name="vote", response_model=VoteOut, response_model_by_alias=True)
def vote(
    kb: KB,
    _: CurrentUser,
    on: On,
    rule: RuleQ,
    no: States = None,
    objections: States = None,
    abstain: States = None,
    abstain_formally: States = None,
    absent: States = None,
    forum: Forum = None,
    participants: Participants = None,
    concerned: Concerned = None,
) -> dict[str, Any]:
    """Decide a ballot: members not named vote yes; each criterion, and a minimal flip."""
    if no and objections:
        raise ConflictError("give the states against with no or with objections, not both")
    named = {"no": no or objections, "abstain": abstain, "abstain-formally": abstain_formally, "absent": absent}
    return vote_report(kb, rule, on, named, forum, participants, concerned)


@router.get("/power", name="power", response_model=PowerOut)
def power(
    kb: KB,
    _: CurrentUser,
    on: On,
    rule: RuleQ,
    forum: Forum = None,
    participants: Participants = None,
    concerned: Concerned = None,
) -> dict[str, Any]:
    """Each member's exact normalised Banzhaf and Shapley-Shubik index under the rule."""
    return power_report(kb, rule, on, forum, participants, concerned)
