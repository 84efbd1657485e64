"""Ingesting PNR batches: each record validated on its own, bad ones rejected with reasons, good ones stored.

The good records of a batch are stored in one transaction with one audit entry (counts and locators,
never a name); a rejected record is reported as its index and locator, the field, and how to fix it.
The transfer time (``transferred_at``, default now) starts Art. 12's clock for every record of the batch.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from coopsec.errors import InputError
from coopsec.pnr.clock import iso, utc
from coopsec.pnr.names import parse_name
from coopsec.pnr.schema import BatchHead, PnrRecord
from coopsec.store import audit
from coopsec.store.pnr_models import PnrBatch, PnrPassenger
from coopsec.store.pnr_models import PnrRecord as RecordRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coopsec.pnr.facts import PnrFacts

#: Record fields Art. 12(2) masks (points b, c, e); names, frequent flyer and API are per passenger.
IDENTIFYING = ("contact", "payment", "general_remarks")
_HINTS = {
    "missing": "required: add it",
    "extra_forbidden": "unknown field: remove it or fix its spelling (see the batch schema, coopsec pnr schema)",
    "string_pattern_mismatch": "has the wrong form",
    "date_from_datetime_parsing": "must be a date, YYYY-MM-DD",
    "date_parsing": "must be a date, YYYY-MM-DD",
    "datetime_from_date_parsing": "must be a date-time, YYYY-MM-DDTHH:MM:SSZ",
    "datetime_parsing": "must be a date-time, YYYY-MM-DDTHH:MM:SSZ",
    "too_short": "must not be empty",
}


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why one record of a batch was not stored."""

    index: int
    locator: str | None
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"index": self.index, "locator": self.locator, "field": self.field, "message": self.message}


@dataclass
class Parsed:
    """A batch read and checked: its head, its good records (with their index) and the rejections."""

    head: BatchHead
    good: list[tuple[int, PnrRecord]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


def _where(loc: tuple[int | str, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc))


def _message(error: Any) -> str:
    hint = _HINTS.get(error["type"])
    msg = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "string_pattern_mismatch":
        return f"{hint}: {msg.lower()}"
    return f"{hint} ({msg})" if hint and hint != msg else msg


def parse_batch(doc: Any, facts: PnrFacts) -> Parsed:
    """Check a batch document record by record.

    Raises:
        InputError: when the batch itself (format, flight) is unusable: nothing can be kept then.

    """
    if not isinstance(doc, dict):
        raise InputError('a PNR batch is a JSON object with "flight" and "records": see coopsec pnr schema')
    try:
        head = BatchHead.model_validate({k: v for k, v in doc.items() if k != "records"})
    except ValidationError as err:
        reasons = "; ".join(f"{_where(tuple(e['loc']))}: {_message(e)}" for e in err.errors())
        raise InputError(f"the batch cannot be read: {reasons}") from err
    records = doc.get("records")
    if not isinstance(records, list):
        raise InputError('the batch has no "records" list: add the PNRs under "records"')
    parsed = Parsed(head)
    seen: set[str] = set()
    names = facts.names
    for index, raw in enumerate(records):
        locator = raw.get("locator") if isinstance(raw, dict) and isinstance(raw.get("locator"), str) else None
        try:
            record = PnrRecord.model_validate(raw)
        except ValidationError as err:
            errors = err.errors()
            wheres = [_where(tuple(e["loc"])) for e in errors]
            # A list whose items failed is also reported "too short" by pydantic: keep only the items' reasons.
            parsed.rejected.extend(
                Rejection(index, locator, where or "(record)", _message(e))
                for where, e in zip(wheres, errors, strict=True)
                if not (e["type"] == "too_short" and any(w.startswith(where + "[") for w in wheres))
            )
            continue
        problems = []
        if record.locator in seen:
            problems.append(Rejection(index, locator, "locator", "appears twice in the batch: send each PNR once"))
        for position, person in enumerate(record.passengers):
            name = parse_name(person.name, names.titles, names.given_names, person.api.surname if person.api else None)
            if not name.surname:
                problems.append(
                    Rejection(
                        index,
                        locator,
                        f"passengers[{position}].name",
                        'has no letters: write SURNAME/GIVEN NAMES, e.g. "DOE/JANE MRS"',
                    )
                )
        if problems:
            parsed.rejected.extend(problems)
            continue
        seen.add(record.locator)
        parsed.good.append((index, record))
    return parsed


def _passenger(record_row: RecordRow, position: int, person: Any, facts: PnrFacts) -> PnrPassenger:
    api = person.api
    name = parse_name(person.name, facts.names.titles, facts.names.given_names, api.surname if api else None)
    surname, given = name.surname, name.given_names
    if not name.split and api is not None:
        surname, given = (
            parse_name(f"{api.surname}/{api.given_names or ''}", facts.names.titles).surname,
            api.given_names,
        )
    dump = person.model_dump(mode="json")
    return PnrPassenger(
        record_id=record_row.id,
        position=position,
        ref=str(uuid.uuid4()),
        raw_name=person.name,
        surname=surname,
        given_names=given.upper() if given else None,
        title=name.title,
        name_split=name.split or api is not None,
        date_of_birth=api.date_of_birth.isoformat() if api else None,
        document_number=api.document_number if api else None,
        nationality=api.nationality if api else None,
        gender=api.gender if api else None,
        api=dump["api"],
        frequent_flyer=dump["frequent_flyer"],
        travel={"status": person.travel_status, "seat": person.seat, "baggage": dump["baggage"]},
    )


@dataclass(frozen=True)
class IngestResult:
    """What an ingest stored and what it refused."""

    batch_id: int | None
    stored: int
    rejected: tuple[Rejection, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"batch": self.batch_id, "stored": self.stored, "rejected": [r.as_dict() for r in self.rejected]}


def ingest(
    session: Session, facts: PnrFacts, doc: Any, actor: str, *, now: dt.datetime | None = None, source: str = "json"
) -> IngestResult:
    """Store the good records of a batch in the caller's transaction and audit it; report the bad ones.

    Raises:
        InputError: when the batch itself cannot be read, or no record of it is valid.

    """
    parsed = parse_batch(doc, facts)
    if not parsed.good:
        reasons = "; ".join(
            f"record {r.index} ({r.locator or 'no locator'}) {r.field}: {r.message}" for r in parsed.rejected[:10]
        )
        raise InputError(
            f"no record of the batch is valid, nothing was stored: {reasons or 'the batch has no records'}"
        )
    head = parsed.head
    transferred = iso(head.transferred_at or utc(now))
    batch = PnrBatch(
        format=source,
        carrier=head.flight.carrier,
        flight=f"{head.flight.carrier}{head.flight.number}",
        departure_port=head.flight.departure_port,
        arrival_port=head.flight.arrival_port,
        departure=iso(head.flight.departure),
        transferred_at=transferred,
        received_by=actor,
        records=len(parsed.good),
        rejected=len({r.index for r in parsed.rejected}),
    )
    session.add(batch)
    session.flush()
    for _, record in parsed.good:
        dump = record.model_dump(mode="json")
        identifying = {key: dump.pop(key) for key in IDENTIFYING}
        dump.pop("passengers")
        row = RecordRow(
            batch_id=batch.id, locator=record.locator, transferred_at=transferred, data=dump, identifying=identifying
        )
        session.add(row)
        session.flush()
        session.add_all(_passenger(row, position, person, facts) for position, person in enumerate(record.passengers))
    audit.append(
        session,
        actor,
        "pnr.ingest",
        f"pnr-batch:{batch.id}",
        {
            "flight": batch.flight,
            "transferred_at": transferred,
            "format": source,
            "stored": [r.locator for _, r in parsed.good],
            "rejected": sorted({r.index for r in parsed.rejected}),
        },
    )
    session.flush()
    return IngestResult(batch.id, len(parsed.good), tuple(parsed.rejected))
