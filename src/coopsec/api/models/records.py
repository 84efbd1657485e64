"""Bodies of ``/records`` (issue 12): a record to share, a record as a reader sees it, release requests.

The output models mirror :func:`coopsec.exchange.records.record_dict` and
:func:`coopsec.exchange.release.release_dict` exactly (unknown keys are an error).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coopsec.api.models.common import Body, PageOut

EntityKind = Literal["person", "organisation", "bank-account", "phone", "travel-document", "vehicle", "indicator"]
Scope = Literal["authority", "authorities", "ring", "members"]
Tlp = Literal["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
Handling = Literal["H0", "H1", "H2", "H3"]
Ring = Literal["core", "collective-security", "partners"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EntityIn(_In):
    """A structured entity carried by a record."""

    kind: EntityKind
    value: str = Field(min_length=1, max_length=500)
    attributes: dict[str, str] = Field(default_factory=dict, max_length=50)


class DistributionIn(_In):
    """Who may read: the originating authority, named authorities, a ring (resolved on each day of access), all."""

    scope: Scope
    authorities: list[str] = Field(default_factory=list, max_length=100, description="STATE/agency, e.g. DE/police")
    ring: Ring | None = None


class RecordIn(_In):
    """A record to share. Its markings are fixed once shared: nobody can lower them afterwards."""

    title: str = Field(min_length=1, max_length=200)
    body: str = Field(default="", max_length=20_000)
    entities: list[EntityIn] = Field(default_factory=list, max_length=200)
    distribution: DistributionIn
    handling: Handling = Field(description="Europol handling code; H3 needs handling_note")
    handling_note: str | None = Field(default=None, max_length=2000)
    tlp: Tlp = Field(description="TLP 2.0; RED only to named recipients (scope authority or authorities)")
    evaluation: str = Field(pattern="^[ABCX][1-4]$", description="Source reliability A/B/C/X, then accuracy 1-4")


class ReasonIn(_In):
    """Why: a retraction or a release request."""

    reason: str = Field(min_length=1, max_length=2000)


class ReleaseIn(ReasonIn):
    """A request that the originator release the record to one more authority."""

    authority: str = Field(min_length=3, max_length=50, description="STATE/agency")


class EntityOut(Body):
    """An entity of a record."""

    kind: EntityKind
    value: str
    attributes: dict[str, str]


class OriginatorOut(Body):
    """Who shared the record."""

    authority: str
    user: str


class DistributionOut(Body):
    """The distribution the originator chose."""

    scope: Scope
    authorities: list[str]
    ring: Ring | None


class RecordOut(Body):
    """A record as its reader may see it; a retracted record keeps only its notice (empty body and entities)."""

    id: str
    title: str
    body: str
    entities: list[EntityOut]
    originator: OriginatorOut
    created_at: str = Field(description="ISO 8601 UTC with microseconds")
    changed_at: str = Field(description="When it last changed for readers (shared or retracted): TAXII's date_added")
    distribution: DistributionOut
    handling: Handling
    handling_note: str | None
    tlp: Tlp
    evaluation: str
    status: Literal["active", "retracted"]
    retracted_at: str | None
    retraction_reason: str | None
    version: int


class RecordsOut(Body):
    """One page of the records the reader may see, newest first.

    ``total``, ``limit`` and ``offset`` repeat the page object at the top level (the form of ``/users``).
    Matches are counted up to 1,000: beyond, ``total`` is 1,000 and ``total_exact`` false.
    """

    items: list[RecordOut]
    total: int = Field(ge=0)
    total_exact: bool = Field(
        description="False when more than 1,000 records match (total is then 1,000): page on while pages are full"
    )
    limit: int = Field(ge=1)
    offset: int = Field(ge=0)
    page: PageOut


class ReleaseOut(Body):
    """A release request and its decision."""

    id: int
    authority: str
    reason: str
    requested_by: str
    requester_authority: str
    requested_at: str
    status: Literal["pending", "granted", "refused"]
    decided_by: str | None
    decided_at: str | None
