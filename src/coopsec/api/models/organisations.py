"""Bodies of ``/organisations``, ``/organisations/{code}/members``, ``/overlap`` and ``/organisations/{code}/timeline``.

The same JSON as ``coopsec members``, ``overlap`` and ``timeline --json`` (``coopsec.architecture.report``).
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from coopsec.api.models.common import Body, ChangeOut, PageOut, SpellOut
from coopsec.kb.model import Status


class OrganisationOut(Body):
    """An organisation or framework whose membership the knowledge base tracks."""

    code: str = Field(description="Its code, e.g. NATO")
    name: str = Field(description="Its present name")
    kind: str = Field(description="organisation, partnership, policy, ...")
    founded: dt.date
    dissolved: dt.date | None = Field(description="When it ceased to exist; null while it exists")


class OrganisationsOut(Body):
    """Every organisation the knowledge base tracks, sorted by code."""

    organisations: list[OrganisationOut]


class MembersOut(Body):
    """``coopsec members``: who holds a status in an organisation on a date, each spell with its source."""

    organisation: str
    name: str = Field(description="The organisation's name on the date")
    on: dt.date
    status: Status = Field(description="The status asked for (member, partner, ...)")
    members: list[str] = Field(description="Every state holding the status, sorted (not paginated)")
    count: int = Field(ge=0, description="How many states hold it")
    coverage: str | None = Field(description="Which members the knowledge base has, when it has only some")
    spells: list[SpellOut] = Field(description="This page of the spells, by state")
    page: PageOut


class OverlapCounts(Body):
    """How many states are in both organisations, or in only one."""

    both: int = Field(ge=0)
    only_a: int = Field(ge=0)
    only_b: int = Field(ge=0)


class OverlapOut(Body):
    """``coopsec overlap``: members two organisations share on a date, and those in only one."""

    on: dt.date
    a: str = Field(description="The first organisation's code")
    b: str = Field(description="The second organisation's code")
    both: list[str]
    only_a: list[str]
    only_b: list[str]
    counts: OverlapCounts


class OrganisationTimelineOut(Body):
    """``coopsec timeline --org``: every dated change of an organisation, oldest first."""

    organisation: str
    changes: list[ChangeOut] = Field(description="This page of the changes")
    count: int = Field(ge=0, description="How many changes the whole timeline has")
    page: PageOut
