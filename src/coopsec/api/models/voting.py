"""Bodies of ``/votes`` and ``/power``: an outcome explained criterion by criterion, and voting power (issue 14)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from coopsec.api.models.common import Body


class CitedOut(Body):
    """A source the rule or the population table cites."""

    id: str
    title: str | None = None
    href: str | None = None
    reference: str | None = None
    verification: str | None = None
    last_verified: str | None = None


class LegalOut(Body):
    """The rule applied, with its article, text and sources."""

    id: str
    title: str
    article: str
    text: str
    sources: list[CitedOut]


class TableOut(Body):
    """The population table applied: its basis (council or eurostat) and what is not yet verified."""

    id: str
    basis: str
    reference_date: str
    note: str
    source: CitedOut
    unverified: list[str]
    total: int


class CouncilOut(Body):
    """Who takes part (from the knowledge base's memberships on the date) and their populations."""

    organisation: str
    members: list[str]
    taking_part: int
    of: int = Field(description="How many members the organisation has on the date")
    partial: bool = Field(description="Not all members take part (Art. 238(3) TFEU)")
    concerned: str | None
    population: dict[str, int] | None
    table: TableOut | None


class ChangeOut(Body):
    """One vote changed by a flip."""

    state: str
    from_: str = Field(alias="from")
    to: str


class VoteOut(Body):
    """The outcome: adopted or not, each criterion met (true), missed (false) or a note (null), and a flip."""

    rule: str = Field(description="The rule applied (qmv becomes qmv-partial when not all members take part)")
    requested_rule: str
    on: str
    adopted: bool
    criteria: list[dict[str, Any]] = Field(description="id, text, met and the figures of each criterion")
    flips: list[ChangeOut] = Field(description="A minimal set of vote changes reversing the outcome")
    flips_rule: str
    votes: dict[str, str]
    council: CouncilOut
    legal: LegalOut


class ExactOut(Body):
    """The indices as exact fractions ``p/q``."""

    banzhaf: str
    shapley_shubik: str


class MemberPowerOut(Body):
    """A member's normalised indices, its swings and population."""

    banzhaf: float
    shapley_shubik: float
    swings: int
    population: int | None
    exact: ExactOut


class PowerOut(Body):
    """Each member's exact Banzhaf and Shapley-Shubik index under a rule (each sums to 1)."""

    rule: str
    on: str
    members: dict[str, MemberPowerOut]
    council: CouncilOut
    legal: LegalOut
