"""The linkage exchange's limits, from ``COOPSEC_LINKAGE_*`` settings, and why each exists.

Bloom-filter encodings of low-entropy identifiers (a surname and a year of birth) can be guessed: an
authority holding the shared secret can encode a crafted list of candidates, submit it, and learn from
the hits who is on the other parties' lists (a dictionary attack through the matcher, not on the
filters). The server cannot tell a crafted list from a real one, so it bounds how often that can be
tried and how precise one try can be:

* ``submissions_per_day`` (default 20): encoded lists one authority may submit per UTC day, across all
  exchanges. A genuine FIU cross-match is a handful of lists a day; a guessing run needs thousands.
* ``exchanges_per_day`` (default 10): exchanges one authority may create per UTC day, so a party cannot
  get around the per-exchange single submission by opening exchange after exchange.
* ``min_records`` (default 50): a list of one record is a membership query ("is this person on your
  list?"), the most precise guess there is. Lists below this size are refused unless the exchange was
  created as a ``watchlist`` check, which every party sees before it submits (the FIU.net and PNR
  practice of checking a few names on purpose, under a stated purpose, audited). Padding a small list
  with random filters gets around the minimum; the per-day limits and the audit of every submission are
  what is left against that, so the minimum is a guard against casual queries, not a proof.
* ``max_records`` (default 1,000,000): bounds the memory of one matching job. Note that the API's body
  limit (``COOPSEC_MAX_BODY_BYTES``, 1 MiB by default, about 2,800 records of 2,048 bits) must be raised
  for large lists; the CLI has no such limit.
* ``stale_minutes`` (default 30): a job that has not reported for this long (its service stopped
  mid-way) may be started again; the old run, should it still be alive, notices and stops without
  writing. A step of the job (one pair of lists) takes seconds to a few minutes at 100,000 records.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class LinkageLimits(BaseSettings):
    """The limits, each set by ``COOPSEC_LINKAGE_<NAME>`` (e.g. ``COOPSEC_LINKAGE_SUBMISSIONS_PER_DAY``)."""

    model_config = SettingsConfigDict(env_prefix="COOPSEC_LINKAGE_", extra="ignore")

    submissions_per_day: int = Field(default=20, ge=1, le=100_000)
    exchanges_per_day: int = Field(default=10, ge=1, le=100_000)
    min_records: int = Field(default=50, ge=1, le=1_000_000)
    max_records: int = Field(default=1_000_000, ge=1, le=100_000_000)
    stale_minutes: int = Field(default=30, ge=1, le=10_080)
