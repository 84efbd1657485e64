"""Bodies of ``/linkage`` (issue 13): an exchange to create, an exchange as a party sees it, one's own results.

The output models mirror :func:`coopsec.linkage.server.exchange_dict` and
:func:`coopsec.linkage.server.results` exactly (unknown keys are an error). A submission's body is the
``coopsec-clk/1`` document itself, read strictly by :mod:`coopsec.linkage.submission`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coopsec.api.models.common import Body

Mode = Literal["one-to-one", "threshold"]


class ExchangeIn(BaseModel):
    """A matching exchange: what it is for, the encoding every party must use, the scoring, the parties."""

    model_config = ConfigDict(extra="forbid")

    purpose: str = Field(min_length=10, max_length=2000, description="What the cross-match is for, in words")
    schema_: str = Field(alias="schema", min_length=1, max_length=80, description="The linkage schema id, e.g. persons")
    schema_digest: str | None = Field(
        default=None, max_length=64, description="The schema's digest (needed only for a schema not bundled)"
    )
    key_check: str = Field(min_length=8, max_length=64, description="The key check the encodings carry (hex)")
    parties: list[str] = Field(min_length=2, max_length=40, description="Participating authorities, STATE/agency")
    mode: Mode = Field(default="one-to-one", description="one-to-one, or threshold (every pair above the threshold)")
    false_hits: float = Field(default=0.01, gt=0, le=1, description="Acceptable false hits per query record")
    watchlist: bool = Field(default=False, description="A watchlist check: lists below the minimum size accepted")
    ring: Literal["core", "collective-security", "partners"] | None = Field(
        default=None, description="Restrict the parties to a ring, resolved on each day of access"
    )


class ProgressOut(Body):
    """The matching job's stage in words and the fraction done (0 to 1)."""

    stage: str
    fraction: float = Field(ge=0, le=1)


class CreatorOut(Body):
    """Who created the exchange."""

    authority: str
    user: str


class PartyOut(Body):
    """A participating authority and whether it has submitted its list (never its size)."""

    authority: str
    submitted: bool
    submitted_at: str | None


class YouOut(Body):
    """The reader's own side: its authority, whether it is a party, and its list's size once submitted."""

    authority: str
    party: bool
    submitted: bool
    records: int | None


class ExchangeOut(Body):
    """A matching exchange as one of its parties (or its creator) sees it."""

    id: str
    purpose: str
    schema_: str = Field(alias="schema")
    schema_digest: str
    key_check: str
    bits: int | None
    mode: Mode
    false_hits: float
    watchlist: bool
    ring: str | None
    creator: CreatorOut
    created_at: str
    status: Literal["open", "matching", "done", "failed"]
    progress: ProgressOut
    error: str | None
    started_at: str | None
    finished_at: str | None
    parties: list[PartyOut]
    you: YouOut
    thresholds: dict[str, float] = Field(description="The Dice threshold of each pair of lists involving you")


class SubmittedOut(ExchangeOut):
    """The exchange after a submission; ``ready``: every party has submitted and the job has been started."""

    ready: bool


class ExchangesOut(Body):
    """The exchanges the caller's authority takes part in or created, newest first."""

    items: list[ExchangeOut]


class PairOut(Body):
    """A match: the caller's own reference, and the other party's authority and reference."""

    ref: str
    other_authority: str
    other_ref: str
    similarity: float


class ResultsOut(Body):
    """The matched pairs involving the caller's authority (and no others)."""

    exchange: str
    authority: str
    mode: Mode
    pairs: list[PairOut]
