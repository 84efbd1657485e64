"""The decision rules and population tables (``data/voting/*.yaml``), read and checked like the KB's files.

They are a side folder of the data directory (``SIDE_FOLDERS`` in :mod:`coopsec.kb.files`): the rules
carry their treaty article and source, the tables their period of application and basis (the Council's
Annex III, or Eurostat's 1 January figures standing in for it). Every threshold the evaluator applies is
read from here, so a correction to the law or the figures is a data change with its source beside it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from coopsec.errors import DataError, DataIssue, InputError
from coopsec.kb import KnowledgeBase
from coopsec.kb.files import once_per_kb, read_model
from coopsec.kb.paths import default_data_dir
from coopsec.kb.schema import Strict

#: The folder of the data directory that holds the rules and the tables.
FOLDER = "voting"
Counts = Literal["against", "neutral"]


class Share(Strict):
    """An integer fraction: met when ``den * part >= num * whole`` (``>`` when ``strict``)."""

    num: int = Field(ge=0)
    den: int = Field(ge=1)
    strict: bool = False

    def met(self, part: int, whole: int) -> bool:
        """Whether ``part`` of ``whole`` reaches the share, in integers."""
        return self.den * part > self.num * whole if self.strict else self.den * part >= self.num * whole

    def least(self, whole: int) -> int:
        """The smallest integer part that meets the share of ``whole``."""
        floor = self.num * whole // self.den
        return floor + 1 if self.strict or floor * self.den < self.num * whole else floor

    def label(self) -> str:
        """The share as people write it (``55%``, ``1/3``, ``more than 1/2``)."""
        text = f"{self.num}%" if self.den == 100 else f"{self.num}/{self.den}"
        return f"more than {text}" if self.strict else text


class Blocking(Strict):
    """Who must oppose for the population criterion to block (else the majority is deemed attained)."""

    kind: Literal["fixed", "population"]
    members: int | None = Field(default=None, ge=1)
    share: Share | None = None
    plus: int = 0

    @model_validator(mode="after")
    def _complete(self) -> Blocking:
        if self.kind == "fixed" and self.members is None:
            raise ValueError("a fixed blocking minority needs 'members'")
        if self.kind == "population" and self.share is None:
            raise ValueError("a population blocking minority needs 'share' (more than which share) and 'plus'")
        return self


class Constructive(Strict):
    """Formal abstention (Art. 31(1) TEU): abstainers past both shares block."""

    members: Share
    population: Share
    source: str
    article: str
    text: str


class Rule(Strict):
    """One decision rule with its treaty source."""

    title: str
    kind: Literal["double-majority", "unanimity", "consensus"]
    organisation: str | None = None
    forums: tuple[str, ...] = ()
    partial_only: bool = False
    partial: str | None = None
    members: Share | None = None
    members_min: int = Field(default=0, ge=0)
    population: Share | None = None
    blocking: Blocking | None = None
    constructive: Constructive | None = None
    concerned: Literal["none", "required"] = "none"
    abstain: Counts
    absent: Counts
    source: str
    sources: tuple[str, ...] = ()
    article: str
    text: str

    @model_validator(mode="after")
    def _complete(self) -> Rule:
        if self.kind == "double-majority" and self.members is None:
            raise ValueError("a double-majority rule needs 'members'")
        if self.kind == "double-majority" and (self.abstain, self.absent) != ("against", "against"):
            raise ValueError("under a majority of members only a yes vote counts: abstain and absent must be 'against'")
        if (self.organisation is None) == (not self.forums):
            raise ValueError("give either 'organisation' (where the rule applies) or 'forums' (where it may)")
        return self


class RulesFile(Strict):
    """``rules.yaml``."""

    rules: dict[str, Rule]


class Table(Strict):
    """One population table and the period it applies to: ``[valid_from, valid_to)``."""

    id: str
    valid_from: dt.date
    valid_to: dt.date
    basis: Literal["council", "eurostat"]
    reference_date: dt.date
    source: str
    verification: Literal["confirmed", "unconfirmed"]
    note: str
    council_total: int | None = Field(default=None, ge=1)
    council_total_source: str | None = None
    unverified: tuple[str, ...] = ()
    unverified_note: str | None = None
    figures: dict[str, int]


class TablesFile(Strict):
    """``populations.yaml``."""

    tables: tuple[Table, ...] = Field(min_length=1)


class VotingData(Strict):
    """The checked rules and tables."""

    rules: dict[str, Rule]
    tables: tuple[Table, ...]

    def rule(self, name: str) -> tuple[str, Rule]:
        """The rule called ``name`` (case-insensitive).

        Raises:
            UnknownCodeError: naming the rules there are.

        """
        from coopsec.errors import UnknownCodeError

        key = name.strip().lower()
        if key not in self.rules:
            raise UnknownCodeError(f"unknown rule {name!r}: use one of {', '.join(self.rules)}")
        return key, self.rules[key]

    def table_on(self, day: dt.date) -> Table:
        """The population table that applies on ``day``.

        Raises:
            InputError: no table covers the day, naming the periods there are.

        """
        for table in self.tables:
            if table.valid_from <= day < table.valid_to:
                return table
        spans = ", ".join(f"{t.valid_from} to {t.valid_to}" for t in self.tables)
        raise InputError(
            f"no population table applies on {day}: use a date in {spans}, "
            f"or add the year's table to data/{FOLDER}/populations.yaml"
        )


def _check(kb: KnowledgeBase, rules: RulesFile, tables: TablesFile) -> list[DataIssue]:
    """Cross-checks: sources, organisations, partial rules, state codes and gap-free periods."""
    issues: list[DataIssue] = []
    for name, rule in rules.rules.items():
        where = f"rules.{name}"
        cited = (rule.source, *rule.sources, *((rule.constructive.source,) if rule.constructive else ()))
        issues.extend(
            DataIssue("voting/rules.yaml", where, f"unknown source {s!r}: add it to sources.yaml")
            for s in cited
            if s not in kb.sources
        )
        for org in (rule.organisation, *rule.forums):
            if org is not None and org not in kb.organisations:
                issues.append(DataIssue("voting/rules.yaml", where, f"unknown organisation {org!r}"))
        if rule.partial is not None and not rules.rules.get(rule.partial, rule).partial_only:
            issues.append(DataIssue("voting/rules.yaml", f"{where}.partial", "must name a rule with partial_only"))
    for index, table in enumerate(tables.tables):
        where = f"tables[{index}]"
        for source in (table.source, table.council_total_source):
            if source is not None and source not in kb.sources:
                issues.append(DataIssue("voting/populations.yaml", where, f"unknown source {source!r}"))
        for code, figure in table.figures.items():
            if code not in kb.states or figure <= 0:
                issues.append(DataIssue("voting/populations.yaml", f"{where}.figures.{code}", "unknown state or <= 0"))
        if table.valid_from >= table.valid_to:
            issues.append(DataIssue("voting/populations.yaml", where, "valid_from must precede valid_to"))
        if index and tables.tables[index - 1].valid_to != table.valid_from:
            issues.append(DataIssue("voting/populations.yaml", where, "periods must follow each other without gap"))
    return issues


def load_voting(kb: KnowledgeBase, root: Path | None = None) -> VotingData:
    """The rules and tables of the data folder, checked.

    Raises:
        DataError: every problem at once, each naming the file and the key.

    """
    folder = (root or default_data_dir()) / FOLDER
    issues: list[DataIssue] = []
    rules = read_model(folder / "rules.yaml", f"{FOLDER}/rules.yaml", RulesFile, issues)
    tables = read_model(folder / "populations.yaml", f"{FOLDER}/populations.yaml", TablesFile, issues)
    if rules is not None and tables is not None:
        issues.extend(_check(kb, rules, tables))
    if issues or rules is None or tables is None:
        raise DataError(issues)
    return VotingData(rules=rules.rules, tables=tables.tables)


_CACHE: dict[str, VotingData] = {}


def bundled_voting(kb: KnowledgeBase) -> VotingData:
    """The bundled rules and tables for ``kb``, read once per knowledge base (keyed by its fingerprint)."""
    return once_per_kb(_CACHE, kb, load_voting)
