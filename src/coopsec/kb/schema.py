"""The schema of the data files, checked with pydantic before anything is built from them.

Entries of a collection are checked one by one (see :mod:`coopsec.kb.files`); an invalid entry is
kept as ``None`` so the cross-file checks still name entries by their position in the file.

Each model forbids unknown keys, and codes must be strings (a YAML boolean where a code belongs is
an error, not Norway). Cross-file checks (unknown codes, overlapping spells) live in the loader.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictStr, model_validator

from coopsec.kb.model import DateBasis, PolicyKind, Precision, Status, Verification


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError("give a date without a time, as YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as err:
            raise ValueError(f"{value!r} is not a date; write YYYY-MM-DD") from err
    raise ValueError(f"{value!r} is not a date; write YYYY-MM-DD")


Date = Annotated[dt.date, BeforeValidator(_iso_date)]


class Strict(BaseModel):
    """Base of every file model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceIn(Strict):
    """A citation: a title plus a link or a legal reference."""

    title: StrictStr
    href: StrictStr | None = None
    reference: StrictStr | None = None
    verification: Verification = "unconfirmed"
    last_verified: Date | None = None

    @model_validator(mode="after")
    def _has_locator(self) -> SourceIn:
        if not self.href and not self.reference:
            raise ValueError("a source needs an 'href' (link) or a 'reference' (legal reference)")
        if self.href and not self.href.startswith(("http://", "https://")):
            raise ValueError(f"href {self.href!r} must be an http(s) link")
        return self


SourceRef = StrictStr | SourceIn


class SourcesFile(Strict):
    """``sources.yaml``: the registry of cited sources."""

    sources: dict[StrictStr, SourceIn]

    @model_validator(mode="after")
    def _dated(self) -> SourcesFile:
        missing = [key for key, src in self.sources.items() if src.last_verified is None]
        if missing:
            raise ValueError(f"sources {missing} need 'last_verified: YYYY-MM-DD'")
        return self


class Dated(Strict):
    """Fields shared by every dated fact."""

    start: Date | None = None
    end: Date | None = None
    start_basis: DateBasis | None = None
    end_basis: DateBasis | None = None
    precision: Precision = "day"
    source: SourceRef
    verification: Verification | None = None
    last_verified: Date | None = None
    note: StrictStr | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Dated:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError(
                f"end {self.end} is not after start {self.start}: spells are half-open "
                "[start, end), so end must be a later day"
            )
        if self.start is not None and self.start_basis is None:
            raise ValueError("a start date needs its start_basis (signature, deposit, entry_into_force, effective)")
        return self


class SuccessionIn(Strict):
    """How a historic state passed on."""

    state: StrictStr
    kind: Literal["continuation", "succession", "absorption"]


class StateIn(Dated):
    """One entry of ``states.yaml``."""

    code: StrictStr
    name: StrictStr | None = None
    alpha3: StrictStr | None = None
    continues: StrictStr | None = None
    successors: list[SuccessionIn] = []
    separated_from: StrictStr | None = None


class StatesFile(Strict):
    """``states.yaml``."""

    states: list[StateIn | None]


class IncludeIn(Strict):
    """Spells derived from another organisation's membership."""

    organisation: StrictStr
    status: Status = "member"
    from_: Date | None = Field(default=None, alias="from")
    source: SourceRef


class FormerName(Strict):
    """An earlier name and the day it stopped being used."""

    name: StrictStr
    end: Date


class OrganisationIn(Strict):
    """One entry of ``organisations.yaml``."""

    code: StrictStr
    name: StrictStr
    kind: StrictStr
    founded: Date
    founded_basis: DateBasis
    applies_from: Date | None = None
    dissolved: Date | None = None
    dissolved_basis: DateBasis | None = None
    names: list[FormerName] = []
    basis_note: StrictStr | None = None
    coverage: StrictStr | None = None
    source: SourceRef
    includes: list[IncludeIn] = []


class OrganisationsFile(Strict):
    """``organisations.yaml``."""

    organisations: list[OrganisationIn | None]


class SpellIn(Dated):
    """One membership spell.

    ``held_as`` names the earlier identity under which the state held the spell before its own
    ``start`` in ``states.yaml`` (e.g. ``Ukrainian SSR`` for Ukraine's UN membership from 1945); only
    a spell with ``held_as`` may start before the state existed.
    """

    state: StrictStr
    status: Status = "member"
    start: Date
    held_as: StrictStr | None = None


class MembershipFile(Strict):
    """``memberships/<org>.yaml``."""

    organisation: StrictStr
    spells: list[SpellIn | None]


class AreaIn(Strict):
    """The area a version of North Atlantic Treaty Art. 6 covers, read element by element from its text."""

    continents: list[Literal["europe", "north_america", "south_america", "africa", "asia", "oceania"]]
    north_atlantic_islands: bool
    named: list[StrictStr] = []
    forces: Literal["occupation", "territories"]
    seas: dict[StrictStr, Literal["in", "out", "contested"]]
    reading: StrictStr


class ClauseIn(Dated):
    """One version of a clause."""

    id: StrictStr
    article: StrictStr
    title: StrictStr
    text: StrictStr
    start: Date
    start_basis: DateBasis | None = "entry_into_force"
    area: AreaIn | None = None


class TreatyFile(Strict):
    """``treaties/<treaty>.yaml``."""

    treaty: StrictStr
    title: StrictStr
    signed: Date
    in_force: Date
    ended: Date | None = None
    organisation: StrictStr | None = None
    source: SourceRef
    note: StrictStr | None = None
    clauses: list[ClauseIn | None]


class PolicyIn(Dated):
    """One security-policy status spell."""

    state: StrictStr
    status: PolicyKind
    start: Date


class PolicyFile(Strict):
    """``security_policy.yaml``."""

    statuses: list[PolicyIn | None]


class CriterionIn(Strict):
    """The core's value criterion."""

    indicator: Literal["v2x_regime", "v2x_libdem", "v2x_polyarchy"]
    op: Literal[">=", ">", "<=", "<", "=="]
    value: float
    text: StrictStr
    source: SourceRef


class CoreIn(Strict):
    """The core's definition."""

    organisations: list[StrictStr]
    statuses: list[Status]
    criterion: CriterionIn


class OrgRuleIn(Strict):
    """An organisation and statuses that count for a ring rule."""

    organisation: StrictStr
    statuses: list[Status]
    clauses: list[StrictStr] = []
    commitment: StrictStr = ""
    threats: list[StrictStr] = []
    structures: StrictStr = ""
    instruments: list[StrictStr] = []


class Ring1In(Strict):
    """Ring 1: binding commitments and co-operation structures."""

    binding: list[OrgRuleIn]
    cooperation: list[OrgRuleIn]


class CaveatIn(Strict):
    """A caveat for parties with a policy status or a membership."""

    text: StrictStr
    policy: list[PolicyKind] = []
    member_of: StrictStr | None = None


class GuaranteeIn(Strict):
    """A collective-defence guarantee."""

    clause: StrictStr
    organisation: StrictStr
    statuses: list[Status]
    scope: StrictStr
    duty: StrictStr
    caveats: list[CaveatIn] = []
    area_clause: StrictStr | None = None


class Ring2In(Strict):
    """Ring 2."""

    guarantees: list[GuaranteeIn]


class RivalBlocIn(Strict):
    """A rival bloc of the outer area (issue 17) and what the paper says its membership rules out."""

    organisation: StrictStr
    statuses: list[Status]
    text: StrictStr
    incompatible_with: list[StrictStr] = []
    incompatibility: StrictStr = ""


class OuterIn(Strict):
    """The outer area."""

    instruments: list[OrgRuleIn]
    rival_blocs: list[RivalBlocIn] = []


class RingsFile(Strict):
    """``rings.yaml``."""

    source: SourceRef
    core: CoreIn
    ring1: Ring1In
    ring2: Ring2In
    outer: OuterIn


class VdemDatasetIn(Strict):
    """One V-Dem extract: its version, file, source, the indicators it carries and its attribution."""

    version: StrictStr
    file: StrictStr
    source: SourceRef
    indicators: list[Literal["v2x_regime", "v2x_libdem", "v2x_polyarchy"]]
    attribution: StrictStr


class VdemFile(Strict):
    """``vdem/vdem.yaml``: the extracts in order of preference, and the country-code mapping."""

    licence: StrictStr
    codes: dict[StrictStr, StrictStr]
    datasets: list[VdemDatasetIn]


class EuStatusIn(Strict):
    """A TFEU Art. 355 status spell."""

    status: Literal["part", "outermost", "oct", "outside"]
    start: Date | None = None
    end: Date | None = None
    source: SourceRef = "tfeu-355"


class FormerSovereignIn(Strict):
    """A state that held a territory until a date (e.g. France, the Algerian departments until 1962)."""

    state: StrictStr
    end: Date
    end_basis: DateBasis = "effective"
    name: StrictStr
    art6: Literal["in", "out", "contested"] | None = None
    source: SourceRef
    verification: Verification | None = None
    note: StrictStr | None = None


class TerritoryIn(Strict):
    """One territory."""

    code: StrictStr
    aliases: list[StrictStr] = []
    sovereign: StrictStr
    former_sovereigns: list[FormerSovereignIn] = []
    name: StrictStr | None = None
    continent: Literal["europe", "north_america", "south_america", "africa", "asia", "oceania"]
    tropic: Literal["north", "south"]
    sea: StrictStr | None = None
    island: bool = False
    eu_status: list[EuStatusIn]
    art6: Literal["in", "out", "contested"] | None = None
    source: SourceRef
    verification: Verification | None = None
    note: StrictStr | None = None


class SeaIn(Strict):
    """A sea or air area."""

    code: StrictStr
    name: StrictStr
    source: SourceRef
    verification: Verification | None = None
    note: StrictStr | None = None


class OccupationIn(Strict):
    """Art. 6 occupation areas of 1949."""

    states: list[StrictStr]
    note: StrictStr
    source: SourceRef
    verification: Verification | None = None


class TerritoriesFile(Strict):
    """``territories.yaml``."""

    sources_note: StrictStr = ""
    occupation_areas_1949: OccupationIn
    seas: list[SeaIn]
    territories: list[TerritoryIn | None]


class MechanismIn(Strict):
    """One mechanism."""

    id: StrictStr
    title: StrictStr
    clause: StrictStr | None = None
    area_clause: StrictStr | None = None
    implementing_clause: StrictStr | None = None
    organisation: StrictStr
    parties: Literal["others", "all", "none"]
    duty: StrictStr
    procedure: StrictStr
    source: SourceRef


class MechanismsFile(Strict):
    """``mechanisms.yaml``."""

    mechanisms: list[MechanismIn]


class PrecedentIn(Strict):
    """A precedent or authoritative statement."""

    id: StrictStr
    date: Date
    text: StrictStr
    source: SourceRef


class PrecedentsFile(Strict):
    """``precedents.yaml``."""

    precedents: list[PrecedentIn]
