"""Who votes and with what weight: the council of a rule on a date, and a ballot over it.

Members always come from the knowledge base's membership spells on the date (EU, NATO, OSCE, PESCO),
never from a list of their own, so an accession or a withdrawal changes the council the day it takes
effect. Populations come from the table that applies on the date (:mod:`coopsec.voting.data`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, get_args

from coopsec.architecture import resolve_organisation, resolve_state
from coopsec.architecture.queries import members
from coopsec.errors import ConflictError, InputError
from coopsec.kb import KnowledgeBase
from coopsec.voting.data import Rule, Table, VotingData

Vote = Literal["yes", "no", "abstain", "abstain-formally", "absent"]
VOTES: tuple[str, ...] = get_args(Vote)


@dataclass(frozen=True)
class Council:
    """The members taking part in a decision, in code order, and their populations when the rule needs them."""

    rule_id: str
    rule: Rule
    organisation: str
    on: dt.date
    members: tuple[str, ...]
    all_members: int
    partial: bool
    concerned: str | None = None
    table: Table | None = None
    population: dict[str, int] = field(default_factory=dict)

    @property
    def total_population(self) -> int:
        """The population of the members taking part (0 when the rule weighs no population)."""
        return sum(self.population.values())


def _state_list(kb: KnowledgeBase, text: str | None) -> list[str]:
    """Codes from a comma-separated list (any case, alpha-2 or alpha-3)."""
    return [resolve_state(kb, part) for part in (text or "").split(",") if part.strip()]


def _participants(kb: KnowledgeBase, text: str, organisation: str, on: dt.date, every: list[str]) -> list[str]:
    """The members taking part: an organisation's members among ``every`` (``PESCO``), or a list of codes."""
    code = text.strip().upper()
    if code in kb.organisations:
        among = set(members(kb, resolve_organisation(kb, code), on))
        return [m for m in every if m in among]
    chosen = _state_list(kb, text)
    outside = [c for c in chosen if c not in every]
    if outside:
        raise InputError(
            f"{', '.join(outside)} not member(s) of {organisation} on {on}: --participants takes "
            f"{organisation} members (or an organisation such as PESCO)"
        )
    return sorted(set(chosen))


def _rule_for(data: VotingData, rule_id: str, rule: Rule, partial: bool) -> tuple[str, Rule]:
    """The rule that applies: a qualified majority among some members is Art. 238(3)'s, not Art. 16(4)'s."""
    if partial and rule.partial is not None:
        return rule.partial, data.rules[rule.partial]
    if not partial and rule.partial_only:
        raise ConflictError(
            f"rule {rule_id!r} applies only when not all members take part: give --participants or "
            "--concerned, or use the rule for the whole Council (qmv, rqmv)"
        )
    return rule_id, rule


def make_council(
    kb: KnowledgeBase,
    data: VotingData,
    rule_name: str,
    on: dt.date,
    forum: str | None = None,
    participants: str | None = None,
    concerned: str | None = None,
) -> Council:
    """The council deciding under ``rule_name`` on ``on``, in ``forum`` when the rule allows several.

    Raises:
        UnknownCodeError: an unknown rule, forum or state code.
        ConflictError: options that do not fit the rule (a forum it is not used in, a missing State concerned).
        InputError: states that are not members on the date, or no population table for the date.

    """
    rule_id, rule = data.rule(rule_name)
    if rule.forums:
        if forum is None:
            raise ConflictError(f"rule {rule_id!r} needs --forum: one of {', '.join(rule.forums)}")
        organisation = resolve_organisation(kb, forum)
        if organisation not in rule.forums:
            raise ConflictError(
                f"rule {rule_id!r} is not used in {organisation}: use --forum {' or '.join(rule.forums)}"
            )
    else:
        organisation = rule.organisation or ""
        if forum is not None and resolve_organisation(kb, forum) != organisation:
            raise ConflictError(f"rule {rule_id!r} is a rule of {organisation}: drop --forum or choose another rule")
    every = members(kb, organisation, on)
    if not every:
        raise InputError(f"{organisation} has no members on {on}: choose a date when it operates")
    taking_part = _participants(kb, participants, organisation, on, every) if participants else list(every)
    who = resolve_state(kb, concerned) if concerned else None
    if rule.concerned == "required" and who is None:
        raise ConflictError(f"rule {rule_id!r} needs --concerned: the State whose violation is at issue")
    if who is not None:
        if who not in taking_part:
            raise InputError(f"{who} does not take part in {organisation} decisions on {on}: check --concerned")
        taking_part.remove(who)
    if not taking_part:
        raise InputError("no member takes part: check --participants and --concerned")
    partial = len(taking_part) < len(every)
    rule_id, rule = _rule_for(data, rule_id, rule, partial)
    table, population = None, {}
    if rule.population is not None or (rule.constructive is not None):
        try:
            table = data.table_on(on)
        except InputError:
            if rule.population is not None:
                raise
        if table is not None:
            missing = [m for m in taking_part if m not in table.figures]
            if missing:
                raise InputError(
                    f"the population table {table.id} lacks {', '.join(missing)}: "
                    "add them to data/voting/populations.yaml"
                )
            population = {m: table.figures[m] for m in taking_part}
    return Council(rule_id, rule, organisation, on, tuple(taking_part), len(every), partial, who, table, population)


def make_ballot(kb: KnowledgeBase, council: Council, named: dict[str, str | None]) -> dict[str, str]:
    """Each member's vote: those named in ``named`` (vote -> comma list) as given, the others yes.

    Raises:
        ConflictError: a state named twice, or a vote the rule does not know (formal abstention outside
            unanimity; abstention or absence in a consensus).
        InputError: a state not taking part on the date.

    """
    votes = dict.fromkeys(council.members, "yes")
    seen: dict[str, str] = {}
    for vote, text in named.items():
        if vote not in VOTES:
            raise InputError(f"unknown vote {vote!r}: use one of {', '.join(VOTES)}")
        for code in _state_list(kb, text):
            if code in seen and seen[code] != vote:
                raise ConflictError(f"{code} is given both as {seen[code]} and as {vote}: give each state one vote")
            seen[code] = vote
            if code == council.concerned:
                raise ConflictError(f"{code} is the State concerned and does not take part: drop it from --{vote}")
            if code not in votes:
                where = f"{council.organisation} on {council.on}"
                hint = " (or outside --participants)" if council.partial else ""
                raise InputError(f"{code} is not a member taking part in {where}{hint}: check the codes")
            votes[code] = vote
    if "abstain-formally" in seen.values() and council.rule.constructive is None:
        raise ConflictError(
            f"formal abstention (Art. 31(1) TEU) exists only under unanimity, "
            f"not under {council.rule_id!r}: use --abstain"
        )
    return votes
