"""Screening against an encoded watchlist: only keyed Bloom filters of the list ever reach coopsec.

The watchlist's owner encodes it on their own machine (``coopsec linkage encode``, :mod:`coopsec.linkage`)
and hands over the ``*.clk.json`` file; the PIU encodes its passengers' allowed fields (``encoded.fields``
of ``criteria.yaml``) under the same schema and shared secret, and compares filters by Dice similarity.
Neither encoding is stored: a run keeps the watchlist's name, the entry ids of its hits and the scores.
The secret is read from a file on the PIU's machine (the CLI's ``--secret-file``); the API takes none.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np

from coopsec.errors import InputError
from coopsec.linkage.clk import Encoding, check_comparable
from coopsec.linkage.encode import encode
from coopsec.linkage.schema import load_schema
from coopsec.linkage.similarity import dice_pairs
from coopsec.pnr.screen import ScreeningResult, check_purpose, record_run, screenable

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coopsec.pnr.facts import PnrFacts
    from coopsec.store.pnr_models import PnrPassenger

#: How a passenger's fields are named in the linkage schemas (data/linkage/persons.yaml).
SCHEMA_NAMES = {"given_names": "given_name", "surname": "surname", "date_of_birth": "date_of_birth"}


def _row(p: PnrPassenger, fields: tuple[str, ...], id_column: str, columns: list[str]) -> dict[str, str]:
    row = dict.fromkeys(columns, "")
    row[id_column] = str(p.id)
    for name in fields:
        row[SCHEMA_NAMES.get(name, name)] = str(getattr(p, name) or "")
    return row


def screen_encoded(
    session: Session,
    facts: PnrFacts,
    watchlist: Encoding,
    secret: bytes,
    purpose: str,
    actor: str,
    *,
    name: str,
    now: dt.datetime | None = None,
) -> ScreeningResult:
    """Screen the screenable passengers against an encoded watchlist; queue each hit for review.

    Raises:
        InputError: for a disallowed purpose or when ``criteria.yaml`` states no encoded criterion.
        ConflictError: when the passengers' encoding cannot be compared with the list's (schema or secret differ).

    """
    check_purpose(facts, purpose)
    rule = facts.criteria.encoded
    if rule is None:
        raise InputError("criteria.yaml states no criterion for encoded watchlists (encoded: fields, threshold)")
    schema = load_schema(watchlist.schema)
    passengers = screenable(session)
    columns = [spec.name for spec in schema.fields]
    rows = [_row(p, rule.fields, schema.id_column, columns) for p in passengers]
    mine = encode(rows, schema, secret)
    check_comparable(mine, watchlist)
    found: list[tuple[PnrPassenger, str, str, dict[str, Any]]] = []
    if passengers and len(watchlist):
        ia, ib = np.meshgrid(
            np.arange(len(mine), dtype=np.int64), np.arange(len(watchlist), dtype=np.int64), indexing="ij"
        )
        scores = dice_pairs(mine.words, watchlist.words, ia.ravel(), ib.ravel())
        for n in np.flatnonzero(scores >= rule.threshold):
            p, entry = passengers[int(ia.ravel()[n])], watchlist.ids[int(ib.ravel()[n])]
            found.append((p, entry, "encoded", {"dice": round(float(scores[n]), 3), "threshold": rule.threshold}))
    return record_run(
        session,
        purpose=purpose,
        watchlist=name,
        encoded=True,
        criteria=["encoded"],
        actor=actor,
        screened=len(passengers),
        found=found,
        now=now,
    )
