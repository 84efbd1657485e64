"""The immutable in-memory knowledge base that every query reads.

These are plain frozen dataclasses, built once from the validated data files (see
:mod:`coopsec.kb.loader`) and cached as a pickle, so a cold CLI start does not pay for YAML
parsing or schema validation. Nothing here knows about files or about the rules of the rings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Status = Literal["member", "partner", "observer", "suspended", "candidate"]
DateBasis = Literal["signature", "deposit", "entry_into_force", "effective"]
Precision = Literal["day", "month", "year"]
Verification = Literal["confirmed", "unconfirmed"]
PolicyKind = Literal["neutral", "non_aligned", "defence_opt_out"]

STATUSES: tuple[Status, ...] = ("member", "partner", "observer", "suspended", "candidate")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from, and how sure we are of it."""

    id: str
    title: str
    href: str | None
    reference: str | None
    verification: Verification
    last_verified: dt.date

    def as_dict(self) -> dict[str, str | None]:
        """The citation as the JSON contract shows it."""
        return {"title": self.title, "href": self.href, "reference": self.reference}

    def to_dict(self) -> dict[str, str | None]:
        """The citation with how sure we are of it (every JSON answer cites sources this way)."""
        return {**self.as_dict(), "verification": self.verification, "last_verified": self.last_verified.isoformat()}


def cite(source: Source | None) -> dict[str, str | None] | None:
    """A source as JSON, or ``None`` for a step without one."""
    return None if source is None else source.to_dict()


@dataclass(frozen=True, slots=True)
class Succession:
    """How a historic state's place passed to a later one (continuation, succession, absorption)."""

    state: str
    kind: str


@dataclass(frozen=True, slots=True)
class State:
    """A state, current or historic, with the span of its existence when that falls after 1949."""

    code: str
    name: str
    alpha3: str
    historic: bool
    start: dt.date | None
    end: dt.date | None
    start_basis: DateBasis | None
    end_basis: DateBasis | None
    source: Source
    verification: Verification
    note: str | None = None
    continues: str | None = None
    successors: tuple[Succession, ...] = ()


@dataclass(frozen=True, slots=True)
class Organisation:
    """An organisation or framework whose membership the system tracks."""

    code: str
    name: str
    kind: str
    founded: dt.date
    founded_basis: DateBasis
    dissolved: dt.date | None
    source: Source
    basis_note: str | None = None
    former_names: tuple[tuple[str, dt.date], ...] = ()

    def name_on(self, day: dt.date) -> str:
        """The organisation's name as of ``day`` (the CSCE before 1995, the OSCE after)."""
        for name, end in sorted(self.former_names, key=lambda item: item[1]):
            if day < end:
                return name
        return self.name


@dataclass(frozen=True, slots=True)
class Spell:
    """A state's status in an organisation over the half-open span ``[start, end)``."""

    state: str
    organisation: str
    status: Status
    start: dt.date
    end: dt.date | None
    start_basis: DateBasis
    end_basis: DateBasis | None
    precision: Precision
    source: Source
    verification: Verification
    last_verified: dt.date
    note: str | None = None
    derived_from: str | None = None
    file: str = ""

    def holds_on(self, day: dt.date) -> bool:
        """Whether the spell holds as of the start of ``day``."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Clause:
    """One version of a treaty clause, verbatim, with the span it is in force."""

    id: str
    treaty: str
    treaty_title: str
    article: str
    title: str
    text: str
    start: dt.date
    end: dt.date | None
    source: Source
    verification: Verification
    note: str | None = None

    def in_force_on(self, day: dt.date) -> bool:
        """Whether this version of the clause is in force as of ``day``."""
        return self.start <= day and (self.end is None or day < self.end)

    @property
    def citation(self) -> str:
        """A short citation such as ``The North Atlantic Treaty, Article 5``."""
        return f"{self.treaty_title}, {self.article}"


@dataclass(frozen=True, slots=True)
class PolicyStatus:
    """A state's security-policy status (neutral, non-aligned, defence opt-out) over a span."""

    state: str
    status: PolicyKind
    start: dt.date
    end: dt.date | None
    start_basis: DateBasis
    end_basis: DateBasis | None
    precision: Precision
    source: Source
    verification: Verification
    note: str | None = None

    def holds_on(self, day: dt.date) -> bool:
        """Whether the status holds as of ``day``."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class DemocracyYear:
    """V-Dem indicators for one state and year."""

    year: int
    polyarchy: float | None
    libdem: float | None
    regime: int | None


@dataclass(frozen=True, slots=True)
class Democracy:
    """The V-Dem series of every state, keyed by our state code, with its attribution."""

    series: dict[str, dict[int, DemocracyYear]]
    first_year: int
    last_year: int
    source: Source
    attribution: str


@dataclass(frozen=True, slots=True)
class Criterion:
    """The value criterion of the core: ``indicator op value`` on a V-Dem indicator."""

    indicator: str
    op: str
    value: float
    text: str


@dataclass(frozen=True, slots=True)
class OrgRule:
    """An organisation and the statuses in it that count for a ring rule."""

    organisation: str
    statuses: tuple[Status, ...]
    clauses: tuple[str, ...] = ()
    commitment: str = ""
    threats: tuple[str, ...] = ()
    structures: str = ""
    instruments: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Caveat:
    """A caveat attached to a guarantee for parties with a given policy or membership."""

    text: str
    policy: tuple[PolicyKind, ...] = ()
    member_of: str | None = None


@dataclass(frozen=True, slots=True)
class Guarantee:
    """A collective-defence clause and the organisation whose members it binds."""

    clause: str
    organisation: str
    statuses: tuple[Status, ...]
    scope: str
    duty: str
    caveats: tuple[Caveat, ...] = ()


@dataclass(frozen=True, slots=True)
class RingsConfig:
    """The definition of the rings, read from ``rings.yaml``."""

    source: Source
    core_organisations: tuple[str, ...]
    core_statuses: tuple[Status, ...]
    criterion: Criterion
    criterion_source: Source
    ring1_binding: tuple[OrgRule, ...]
    ring1_cooperation: tuple[OrgRule, ...]
    guarantees: tuple[Guarantee, ...]
    outer: tuple[OrgRule, ...]


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """Everything the queries need, indexed for fast "as of" look-ups."""

    sources: dict[str, Source]
    states: dict[str, State]
    organisations: dict[str, Organisation]
    spells: tuple[Spell, ...]
    clauses: dict[str, tuple[Clause, ...]]
    policies: tuple[PolicyStatus, ...]
    democracy: Democracy
    rings: RingsConfig
    places: Places | None = None
    mechanisms: dict[str, Mechanism] = field(default_factory=dict)
    precedents: dict[str, Precedent] = field(default_factory=dict)
    alpha3: dict[str, str] = field(default_factory=dict)
    spells_by_org: dict[str, tuple[Spell, ...]] = field(default_factory=dict)
    spells_by_state: dict[str, tuple[Spell, ...]] = field(default_factory=dict)
    fingerprint: str = ""


EuStatus = Literal["part", "outermost", "oct", "outside"]
Art6Class = Literal["in", "out", "contested"]


@dataclass(frozen=True, slots=True)
class EuStatusSpell:
    """A territory's status under TFEU Art. 355 over a span."""

    status: EuStatus
    start: dt.date | None
    end: dt.date | None
    source: Source

    def holds_on(self, day: dt.date) -> bool:
        """Whether the status holds as of ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Territory:
    """A place of events: a state's metropolitan territory or an overseas or special territory."""

    code: str
    name: str
    sovereign: str
    metropolitan: bool
    continent: str
    north_of_tropic: bool
    sea: str | None
    island: bool
    eu_status: tuple[EuStatusSpell, ...]
    source: Source
    verification: Verification
    art6: Art6Class | None = None
    note: str | None = None
    aliases: tuple[str, ...] = ()

    def eu_status_on(self, day: dt.date) -> EuStatusSpell | None:
        """The TFEU Art. 355 status on ``day``."""
        for spell in self.eu_status:
            if spell.holds_on(day):
                return spell
        return None


@dataclass(frozen=True, slots=True)
class SeaArea:
    """A sea or air area, where forces, vessels and aircraft can be attacked."""

    code: str
    name: str
    art6: Art6Class
    source: Source
    verification: Verification
    note: str | None = None


@dataclass(frozen=True, slots=True)
class OccupationAreas:
    """Areas in Europe where occupation forces of Parties stood on 24 August 1949 (Art. 6)."""

    states: tuple[str, ...]
    note: str
    source: Source
    verification: Verification


@dataclass(frozen=True, slots=True)
class Mechanism:
    """A mechanism an event can trigger, with its clause, parties, duty and procedure."""

    id: str
    title: str
    clause: str | None
    organisation: str
    parties: Literal["others", "all", "none"]
    duty: str
    procedure: str
    source: Source
    area_clause: str | None = None
    implementing_clause: str | None = None


@dataclass(frozen=True, slots=True)
class Precedent:
    """A precedent or authoritative statement that rules cite."""

    id: str
    date: dt.date
    text: str
    source: Source


@dataclass(frozen=True, slots=True)
class Places:
    """Territories, seas and the Art. 6 occupation areas."""

    territories: dict[str, Territory]
    seas: dict[str, SeaArea]
    occupation: OccupationAreas
