"""Pieces shared by the API's bodies: the base class, a source, the page object, spells and changes.

Every body the API returns is described by a model, so the OpenAPI document says what a client gets
and schemathesis can check it. The models mirror the library's ``to_dict`` functions (the CLI's
``--json`` is the same JSON); they add nothing and drop nothing. A model forbids unknown keys, so a
key added to a ``to_dict`` without its model fails loudly in the tests instead of vanishing from the
wire or going undocumented.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from coopsec.kb.model import DateBasis, Precision, Status, Verification
from coopsec.store.models import Agency

#: A point in time as the API writes it: Python's ISO 8601 text with the UTC offset
#: (``2026-11-28T08:04:43.123456+00:00``). Kept as text, so the body is exactly what the store wrote.
Timestamp = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "date-time", "description": "ISO 8601 with its UTC offset"}),
]


class Body(BaseModel):
    """Base of every response model: unknown keys are an error, so the model and the body agree."""

    model_config = ConfigDict(extra="forbid")


class SourceOut(Body):
    """Where a fact comes from, and how sure the knowledge base is of it (every answer cites this way)."""

    id: str = Field(description="The source's id in the knowledge base (the dashboard lists it at /sources#ID)")
    title: str = Field(description="What the source is")
    href: str | None = Field(description="A link to it, when there is one")
    reference: str | None = Field(description="Where in it (article, page, section), when known")
    verification: Verification = Field(description="confirmed: checked against the source; unconfirmed: not yet")
    last_verified: dt.date = Field(description="When it was last checked")


class PageOut(Body):
    """Where a page stands in the whole list: the one page object of every paginated answer.

    The list itself keeps its own key (``spells``, ``changes``, ``states``, ``items``) and holds at
    most ``limit`` entries from ``offset``; ask for ``offset + limit`` while that is below ``total``.
    """

    total: int = Field(ge=0, description="How many entries the whole list has")
    limit: int = Field(ge=1, description="The page size asked for (the `limit` parameter)")
    offset: int = Field(ge=0, description="How many entries were skipped (the `offset` parameter)")


class AuthorityOut(Body):
    """The authority a user acts for: a state and an agency kind."""

    state: str = Field(description="The authority's state (ISO code)")
    agency: Agency


class SpellOut(Body):
    """A state's status in an organisation over ``[start, end)``, with the basis of its dates and its source."""

    state: str
    organisation: str
    organisation_name: str = Field(description="The organisation's present name")
    status: Status
    start: dt.date
    end: dt.date | None = Field(description="The first day it no longer holds; null while it holds")
    start_basis: DateBasis = Field(description="What the start date is the date of")
    end_basis: DateBasis | None
    precision: Precision = Field(description="How precise the dates are")
    verification: Verification
    last_verified: dt.date
    derived_from: str | None = Field(description="The spell or rule it is derived from, when it is derived")
    note: str | None
    source: SourceOut


class ChangeOut(Body):
    """One dated change of a timeline: a state joins, leaves, comes into being, a policy starts, ..."""

    date: dt.date
    kind: str = Field(
        description="start, end (of a spell), exists, ceases (a state), policy, founded, renamed, dissolved, ..."
    )
    description: str = Field(description="The change in words")
    state: str | None = Field(description="The state concerned, if any")
    organisation: str | None = Field(description="The organisation concerned, if any")
    status: str | None = Field(description="The membership status or policy concerned, if any")
    basis: DateBasis | None
    precision: Precision
    verification: Verification
    note: str | None
    source: SourceOut
