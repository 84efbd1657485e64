"""The immutable in-memory knowledge base that every query reads.

These are plain frozen dataclasses, built once from the validated data files (see
:mod:`coopsec.kb.loader`) and cached as a pickle, so a cold CLI start does not pay for YAML
parsing or schema validation. Nothing here knows about files or about the rules of the rings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from coopsec.dates import holds_on

if TYPE_CHECKING:
    from coopsec.kb.exchange_schema import ExchangeFacts
    from coopsec.kb.response import ResponseCatalogue

Status = Literal["member", "partner", "observer", "suspended", "candidate", "associate"]
DateBasis = Literal["signature", "deposit", "entry_into_force", "effective"]
Precision = Literal["day", "month", "year"]
Verification = Literal["confirmed", "unconfirmed"]
PolicyKind = Literal["neutral", "non_aligned", "defence_opt_out"]

#: ``associate`` is an associate member under a statute that defines one (Council of Europe Statute
#: Art. 5: represented in the Consultative Assembly only, not in the Committee of Ministers); it is
#: not ``member``, so "members" lists and the rings never count it unless they name it.
STATUSES: tuple[Status, ...] = ("member", "partner", "observer", "suspended", "candidate", "associate")


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
        """The citation as the JSON contract shows it.

        ``id`` names the source in the knowledge base: a source without a link is still one click
        away, on the dashboard's ``/sources#ID``.
        """
        return {"id": self.id, "title": self.title, "href": self.href, "reference": self.reference}

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
    separated_from: str | None = None  # the state whose territory it was part of before its start

    def predecessor(self, states: dict[str, State]) -> str | None:
        """The state that held this state's territory before it came into being, if recorded.

        Either the state it separated from (Montenegro from Serbia and Montenegro), or the historic
        state that lists it among its successors (Ukraine from the USSR).
        """
        if self.separated_from is not None:
            return self.separated_from
        for other in states.values():
            if other.historic and any(s.state == self.code for s in other.successors):
                return other.code
        return None

    def exists_on(self, day: dt.date) -> bool:
        """Whether the state exists as of ``day`` (its span, like every span, is half-open)."""
        return holds_on(self.start, self.end, day)


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
    applies_from: dt.date | None = None  # when its founding act applied, if later than its founding
    coverage: str | None = None  # when only some of its members are in the knowledge base, which

    def operates_on(self, day: dt.date) -> bool:
        """Whether the organisation exists and its founding act applies as of ``day``."""
        start = max(self.founded, self.applies_from or self.founded)
        return holds_on(start, self.dissolved, day)

    def name_on(self, day: dt.date) -> str:
        """The organisation's name as of ``day`` (the CSCE before 1995, the OSCE after)."""
        for name, end in sorted(self.former_names, key=lambda item: item[1]):
            if day < end:
                return name
        return self.name


@dataclass(frozen=True, slots=True)
class Spell:
    """A state's status in an organisation over the half-open span ``[start, end)``.

    ``held_as`` names the earlier identity under which the state held the spell before it came into
    being as an independent state (Ukraine's United Nations seat, held from 1945 as the Ukrainian
    SSR): only such a spell may start before the state's ``start``. The spell is the state's own, so
    ``members UN --on 1960-01-01`` lists UA and its timeline has no second accession in 1991.
    """

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
    held_as: str | None = None

    def holds_on(self, day: dt.date) -> bool:
        """Whether the spell holds as of the start of ``day``."""
        return holds_on(self.start, self.end, day)


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
    area: Area | None = None

    def in_force_on(self, day: dt.date) -> bool:
        """Whether this version of the clause is in force as of ``day``."""
        return holds_on(self.start, self.end, day)

    @property
    def citation(self) -> str:
        """A short citation such as ``The North Atlantic Treaty, Article 5``."""
        return f"{self.treaty_title}, {self.article}"


@dataclass(frozen=True, slots=True)
class Area:
    """What a version of North Atlantic Treaty Art. 6 covers, read element by element from its text.

    Attributes:
        continents: where the territory of the Parties is covered (first indent).
        north_atlantic_islands: whether islands of the Parties in the North Atlantic area north of
            the Tropic of Cancer are covered.
        named: territories the text names (covered while a Party holds them).
        forces: ``occupation`` (the original text: occupation forces in Europe) or ``territories``
            (as amended: forces in or over the territories in the area, the 1949 occupation areas
            and the named seas).
        seas: per sea or air area, whether vessels and aircraft there are covered (in, out, contested).
        reading: how the seas were read from the text, in words.

    """

    continents: tuple[str, ...]
    north_atlantic_islands: bool
    named: tuple[str, ...]
    forces: str
    seas: dict[str, Art6Class]
    reading: str


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
        return holds_on(self.start, self.end, day)


@dataclass(frozen=True, slots=True)
class DemocracyYear:
    """V-Dem indicators for one state and year."""

    year: int
    polyarchy: float | None
    libdem: float | None
    regime: int | None


@dataclass(frozen=True, slots=True)
class DemocracyDataset:
    """One V-Dem extract (a version such as ``v15``): every state's series, keyed by our state code."""

    version: str
    indicators: tuple[str, ...]
    series: dict[str, dict[int, DemocracyYear]]
    first_year: int
    last_year: int
    source: Source
    attribution: str

    @property
    def label(self) -> str:
        """``V-Dem v15``: how answers name the dataset they read."""
        return f"V-Dem {self.version}"


@dataclass(frozen=True, slots=True)
class Democracy:
    """The V-Dem extracts in order of preference (an indicator is read from the first that has it)."""

    datasets: tuple[DemocracyDataset, ...]

    def for_indicator(self, indicator: str) -> tuple[DemocracyDataset, ...]:
        """The extracts carrying ``indicator``, most preferred first."""
        return tuple(d for d in self.datasets if indicator in d.indicators)

    @property
    def attribution(self) -> str:
        """Every extract's attribution (CC BY-SA 4.0 asks for it wherever the data is shown)."""
        return " ".join(d.attribution for d in self.datasets)

    @property
    def first_year(self) -> int:
        """The first year any extract covers."""
        return min(d.first_year for d in self.datasets)

    @property
    def last_year(self) -> int:
        """The last year any extract covers."""
        return max(d.last_year for d in self.datasets)


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
    area_clause: str | None = None  # the clause that defines where it applies (NATO Art. 6), read as of the date


@dataclass(frozen=True, slots=True)
class RivalBloc:
    """A rival bloc: membership of it is noted on an outer-area placement (issue 17).

    ``incompatible_with`` names organisations whose membership the paper calls incompatible with this
    bloc's (Armenia: the Eastern Partnership's association agreements and the EAEU).
    """

    organisation: str
    statuses: tuple[Status, ...]
    text: str
    incompatible_with: tuple[str, ...] = ()
    incompatibility: str = ""


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
    rival_blocs: tuple[RivalBloc, ...] = ()


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
    response: ResponseCatalogue | None = None  # the catalogue of response measures (response.yaml)
    exchange: ExchangeFacts | None = None  # codes and distributions of the information exchange (exchange.yaml)
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
        return holds_on(self.start, self.end, day)


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
    former_sovereigns: tuple[FormerSovereign, ...] = ()

    def sovereign_on(self, day: dt.date) -> FormerSovereign | None:
        """Another state holding the territory on ``day``, or ``None`` when it is :attr:`sovereign`'s.

        The other state is a former colonial power, or the state that absorbed :attr:`sovereign`.
        """
        for former in self.former_sovereigns:
            if holds_on(former.start, former.end, day):
                return former
        return None

    @property
    def change_dates(self) -> tuple[dt.date, ...]:
        """The days on which the territory changes hands."""
        return tuple(d for f in self.former_sovereigns for d in (f.start, f.end) if d is not None)

    def holder_on(self, day: dt.date) -> str:
        """The state that holds the territory on ``day``."""
        former = self.sovereign_on(day)
        return former.state if former is not None else self.sovereign

    def eu_status_on(self, day: dt.date) -> EuStatusSpell | None:
        """The TFEU Art. 355 status on ``day``."""
        for spell in self.eu_status:
            if spell.holds_on(day):
                return spell
        return None


@dataclass(frozen=True, slots=True)
class FormerSovereign:
    """Another state holding a territory over ``[start, end)``, under the name ``name``.

    A former colonial power (until ``end``; ``start`` is ``None``), or the state that absorbed the
    territory's sovereign (from ``start``; ``end`` is ``None``). ``art6`` classifies the territory
    for NATO Art. 6 while it is held so, when the text leaves it open.
    """

    state: str
    end: dt.date | None
    end_basis: DateBasis | None
    name: str
    source: Source
    verification: Verification
    note: str | None = None
    start: dt.date | None = None
    art6: Art6Class | None = None


@dataclass(frozen=True, slots=True)
class SeaArea:
    """A sea or air area, where forces, vessels and aircraft can be attacked."""

    code: str
    name: str
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
