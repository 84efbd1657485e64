"""Bodies of ``/pnr`` (issue 13): batches in, screening runs, hits for review, retention, disclosures.

The output models mirror :mod:`coopsec.pnr`'s ``as_dict``/``hit_dict``/``status`` exactly. A batch is
posted in the ``coopsec-pnr/1`` format (``coopsec pnr schema``); it is taken as JSON and checked
record by record by the library, so one bad record does not refuse the batch.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from coopsec.api.models.common import Body, PageOut
from coopsec.pnr.screen import Entry


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RejectionOut(Body):
    """Why one record of a batch was not stored."""

    index: int = Field(description="The record's position in the batch (from 0)")
    locator: str | None = Field(description="Its record locator, when it had a readable one")
    field: str = Field(description="The field at fault, e.g. passengers[0].api.date_of_birth")
    message: str = Field(description="What is wrong and how to fix it")


class IngestOut(Body):
    """What an ingest stored and what it refused."""

    batch: int | None
    stored: int
    rejected: list[RejectionOut]


class WatchlistIn(_In):
    """A unit's own watchlist: identifiers only (sensitive characteristics are refused as unknown fields)."""

    name: str = Field(min_length=1, max_length=200)
    entries: list[Entry] = Field(min_length=1, max_length=100_000)


class ScreeningIn(_In):
    """A screening run: its purpose and the watchlist (encoded lists are screened with the CLI, which holds the key)."""

    purpose: str = Field(min_length=1, max_length=40, description="terrorism or an Annex II code")
    watchlist: WatchlistIn


class ScreeningOut(Body):
    """A run and the hits it queued."""

    screening: int
    purpose: str
    screened: int = Field(description="Passengers screened (those whose identifiers are readable)")
    hits: list[int] = Field(description="Ids of the hits queued for review")
    review: str


class _Run(Body):
    id: int
    purpose: str
    watchlist: str
    encoded: bool


class _RecordRef(Body):
    id: int
    locator: str
    transferred_at: str


class EvidenceOut(Body):
    """Objective evidence recorded for a passenger."""

    by: str | None
    at: str | None
    reason: str | None


class PassengerOut(Body):
    """A passenger as a reviewer sees them: identifiers while readable, else only the pseudonymous ref."""

    ref: str
    surname: str | None
    given_names: str | None
    date_of_birth: str | None
    document_number: str | None
    nationality: str | None
    gender: str | None
    depersonalised: bool
    evidence: EvidenceOut | None


class DecisionOut(Body):
    """A reviewer's decision."""

    by: str | None
    at: str | None
    reason: str | None


class HitOut(Body):
    """A hit: pending until a person confirms or dismisses it."""

    id: int
    status: Literal["pending", "confirmed", "dismissed"]
    created_at: str
    screening: _Run
    entry: str
    criterion: str
    detail: dict[str, Any]
    record: _RecordRef
    passenger: PassengerOut
    decision: DecisionOut | None


class HitsOut(Body):
    """A page of hits."""

    items: list[HitOut]
    page: PageOut


class DecisionIn(_In):
    """A reviewer's decision and why."""

    decision: Literal["confirmed", "dismissed"]
    reason: str = Field(min_length=10, max_length=2000)


class EvidenceIn(_In):
    """The objective evidence that justifies keeping a passenger's data in full after six months."""

    reason: str = Field(min_length=10, max_length=2000)


class _Rules(Body):
    depersonalise_after_months: int
    delete_after_years: int
    article: str


class RetentionOut(Body):
    """The retention status as of now."""

    now: str
    records: int
    depersonalised: int
    due_for_depersonalisation: int
    due_for_deletion: int
    kept_in_full_on_evidence: int
    next_depersonalisation: str | None
    next_deletion: str | None
    rules: _Rules


class RetentionRunOut(Body):
    """What a retention pass did."""

    now: str
    dry_run: bool
    depersonalised: list[int]
    kept_in_full: list[int]
    deleted: list[int]


class ApprovalIn(_In):
    """An approval by a court or an independent body (Art. 12(3)(b))."""

    kind: Literal["court", "independent-body"]
    approver: str = Field(min_length=1, max_length=200)
    reference: str = Field(min_length=1, max_length=200)
    approved_at: dt.datetime


class DisclosureIn(_In):
    """A request for a record's full data for a specific case."""

    purpose: str = Field(min_length=1, max_length=40)
    reason: str = Field(min_length=10, max_length=2000)
    approval: ApprovalIn | None = None


class ApprovalOut(Body):
    """The approval a disclosure after six months rested on."""

    kind: str
    approver: str
    reference: str


class DisclosureOut(Body):
    """A record's full data as disclosed (re-personalised only with an approval), and on what basis."""

    record: dict[str, Any] = Field(description="The record: its Annex I elements and passengers")
    disclosed_at: str
    purpose: str
    approval: ApprovalOut | None
