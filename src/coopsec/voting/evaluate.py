"""Deciding a ballot under a rule, criterion by criterion, in integers.

Each criterion says what the rule requires, what the ballot gives and whether it is met, so a reader
sees *why* a text was adopted or not (three members against are not a blocking minority; formal
abstainers short of one third of the population do not block). Shares are shown rounded; the
decision itself compares integers (``100 * yes_pop >= 65 * total_pop``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coopsec.errors import InputError
from coopsec.voting.council import Council
from coopsec.voting.game import blocking_size, members_needed, population_needed


@dataclass(frozen=True)
class Decision:
    """Whether the ballot adopts the text, and each criterion as a JSON-ready dict."""

    adopted: bool
    criteria: tuple[dict[str, Any], ...]


def pct(part: int, whole: int) -> str:
    """``part / whole`` as a percentage with two decimals, for people (never for the decision)."""
    return f"{(10000 * part + whole // 2) // whole / 100:.2f}%" if whole else "0.00%"


def _who(votes: dict[str, str], *kinds: str) -> list[str]:
    return [code for code, vote in votes.items() if vote in kinds]


def _criterion(cid: str, text: str, met: bool | None, **facts: Any) -> dict[str, Any]:
    return {"id": cid, "text": text, "met": met, **facts}


def _double_majority(council: Council, votes: dict[str, str]) -> Decision:
    rule, n = council.rule, len(council.members)
    yes = _who(votes, "yes")
    against = [c for c in council.members if votes[c] != "yes"]
    least_m = members_needed(council)
    assert rule.members is not None
    crit = [
        _criterion(
            "members",
            f"{rule.members.label()} of the {n} members taking part: at least {rule.members.least(n)}",
            rule.members.met(len(yes), n),
            needed=rule.members.least(n),
            actual=len(yes),
        )
    ]
    if rule.members_min:
        crit.append(
            _criterion(
                "members_min",
                f"at least {rule.members_min} members",
                len(yes) >= rule.members_min,
                needed=rule.members_min,
                actual=len(yes),
            )
        )
    members_ok = len(yes) >= least_m
    population_ok, deemed = True, False
    if rule.population is not None:
        total, yes_pop = council.total_population, sum(council.population[c] for c in yes)
        need = population_needed(council)
        population_ok = yes_pop >= need
        crit.append(
            _criterion(
                "population",
                f"members representing {rule.population.label()} of the population ({need:,} of {total:,}); "
                f"the yes votes represent {yes_pop:,} ({pct(yes_pop, total)})",
                population_ok,
                needed=need,
                actual=yes_pop,
                total=total,
                share=pct(yes_pop, total),
                table=council.table.id if council.table else None,
            )
        )
        block = blocking_size(council)
        if block is not None:
            blocks = len(against) >= block
            deemed = not population_ok and not blocks
            verdict = "they can form one" if blocks else "too few to block"
            crit.append(
                _criterion(
                    "blocking_minority",
                    f"a blocking minority needs at least {block} members; {len(against)} did not vote yes: {verdict}"
                    + (": the qualified majority is deemed attained" if deemed else ""),
                    not blocks,
                    needed=block,
                    actual=len(against),
                    deemed_attained=deemed,
                )
            )
    abstained, absent = _who(votes, "abstain"), _who(votes, "absent")
    if abstained or absent:
        crit.append(
            _criterion(
                "abstentions",
                f"{len(abstained)} abstained, {len(absent)} absent: under this rule each counts as a vote against",
                None,
                abstain=abstained,
                absent=absent,
            )
        )
    return Decision(members_ok and (population_ok or deemed), tuple(crit))


def _unanimity(council: Council, votes: dict[str, str]) -> Decision:
    rule, n = council.rule, len(council.members)
    formal, plain = _who(votes, "abstain-formally"), _who(votes, "abstain")
    against = _who(votes, "no", *(("abstain", "abstain-formally") if rule.abstain == "against" else ()))
    absent = _who(votes, "absent") if rule.absent == "against" else []
    crit = [
        _criterion("no_vote_against", "no member votes against", not against, against=against),
        _criterion(
            "present_or_represented",
            "every member present or represented (Art. 238(4) spares only their abstentions)",
            not absent,
            absent=absent,
        ),
    ]
    if (plain or formal) and rule.abstain == "neutral":
        crit.append(
            _criterion(
                "abstentions",
                f"{len(plain) + len(formal)} abstained: abstention does not prevent adoption",
                None,
                abstain=plain,
                abstain_formally=formal,
            )
        )
    blocked = False
    constructive = rule.constructive
    if constructive is not None and formal:
        if council.table is None:
            raise InputError(
                f"formal abstentions weigh population, and no population table applies on {council.on}: "
                "use a date covered by data/voting/populations.yaml"
            )
        total, f_pop = council.total_population, sum(council.population[c] for c in formal)
        by_members = constructive.members.met(len(formal), n)
        by_pop = constructive.population.met(f_pop, total)
        blocked = by_members and by_pop
        crit.append(
            _criterion(
                "constructive_abstention",
                f"formal abstainers block only with {constructive.members.label()} of the members "
                f"(at least {constructive.members.least(n)}) comprising {constructive.population.label()} "
                f"of the population; they are {len(formal)} with {f_pop:,} ({pct(f_pop, total)})",
                not blocked,
                members=len(formal),
                members_needed=constructive.members.least(n),
                population=f_pop,
                population_needed=constructive.population.least(total),
                share=pct(f_pop, total),
                article=constructive.article,
            )
        )
    return Decision(not against and not absent and not blocked, tuple(crit))


def _consensus(council: Council, votes: dict[str, str]) -> Decision:
    rule = council.rule
    objections = _who(votes, "no", *(("abstain",) if rule.abstain == "against" else ()))
    objections += _who(votes, "absent") if rule.absent == "against" else []
    text = (
        "no ally breaks silence with a formal objection by the deadline"
        if council.organisation == "NATO"
        else "no participating State expresses an objection"
    )
    crit = [_criterion("no_objection", text, not objections, objections=objections)]
    if council.concerned is not None:
        crit.append(
            _criterion(
                "state_concerned",
                f"{council.concerned}, the State concerned, is left out (consensus-minus-one)",
                None,
                concerned=council.concerned,
            )
        )
    return Decision(not objections, tuple(crit))


def decide(council: Council, votes: dict[str, str]) -> Decision:
    """The decision on ``votes`` (every member of ``council`` present in it) under the council's rule."""
    kind = council.rule.kind
    if kind == "double-majority":
        return _double_majority(council, votes)
    if kind == "unanimity":
        return _unanimity(council, votes)
    return _consensus(council, votes)
