"""``/api/v1/records``: the information exchange (issue 12). Thin over :mod:`coopsec.exchange.records`.

Reads open a write session too: every read of a restricted record and every refusal is appended to
the audit chain in the same transaction. A record the caller may not see answers 404 exactly like a
record that does not exist; a retracted one the caller could see answers 410 with the notice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Query

from coopsec.api.models.records import ReasonIn, RecordIn, RecordOut, RecordsOut, ReleaseIn, ReleaseOut
from coopsec.exchange import model as lib
from coopsec.exchange.records import (
    audited,
    decide_release,
    get_visible,
    list_visible,
    record_dict,
    release_dict,
    request_release,
    retract,
    share,
)
from coopsec.http.deps import KB, CurrentUser, StoreDep
from coopsec.http.errors import ErrorBody

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

router = APIRouter(tags=["records"])
RecordId = Annotated[str, Path(min_length=1, max_length=64, description="The record's UUID")]
RequestId = Annotated[int, Path(ge=1, le=2_147_483_647)]
GONE: dict[int | str, dict[str, Any]] = {410: {"model": ErrorBody, "description": "Retracted by its originator"}}


def to_library(body: RecordIn) -> lib.RecordIn:
    """The API body as the library's input."""
    return lib.RecordIn(
        title=body.title,
        body=body.body,
        scope=body.distribution.scope,
        handling=body.handling,
        tlp=body.tlp,
        evaluation=body.evaluation,
        entities=tuple(lib.Entity(e.kind, e.value, dict(e.attributes)) for e in body.entities),
        authorities=tuple(body.distribution.authorities),
        ring=body.distribution.ring,
        handling_note=body.handling_note,
    )


@router.post("/records", name="share_record", status_code=201, response_model=RecordOut)
def create(body: RecordIn, kb: KB, store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """Share a record from your authority (analysts, liaison officers, administrators)."""
    return audited(store, lambda session: record_dict(share(session, kb, user, to_library(body))))


@router.get("/records", name="list_records", response_model=RecordsOut)
def records(
    kb: KB,
    store: StoreDep,
    user: CurrentUser,
    q: Annotated[str | None, Query(max_length=400, description="Words every record must hold")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """The records you may see today, newest first; ``q`` searches title, body and entities."""

    def read(session: Session) -> dict[str, Any]:
        page = list_visible(session, kb, user, q=q, limit=limit, offset=offset)
        where = {"total": page.total, "limit": limit, "offset": offset}
        items = [record_dict(r) for r in page.items]
        return {"items": items, **where, "total_exact": page.exact, "page": where}

    return audited(store, read)


@router.get("/records/{record_id}", name="show_record", response_model=RecordOut, responses=GONE)
def show(record_id: RecordId, kb: KB, store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """One record: 404 when you may not see it (existence is never revealed), 410 when retracted."""
    return audited(store, lambda session: record_dict(get_visible(session, kb, user, record_id)))


@router.post("/records/{record_id}/retract", name="retract_record", response_model=RecordOut, responses=GONE)
def retract_record(record_id: RecordId, body: ReasonIn, kb: KB, store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """Retract a record (its originating authority only); recipients then get 410 with the reason."""
    return audited(store, lambda session: record_dict(retract(session, kb, user, record_id, body.reason)))


@router.post(
    "/records/{record_id}/release-requests",
    name="request_release",
    status_code=201,
    response_model=ReleaseOut,
    responses=GONE,
)
def ask_release(record_id: RecordId, body: ReleaseIn, kb: KB, store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """Ask the originator to release the record to one more authority."""
    return audited(
        store, lambda session: release_dict(request_release(session, kb, user, record_id, body.authority, body.reason))
    )


def _decide(record_id: str, request_id: int, grant: bool, kb: Any, store: Any, user: Any) -> dict[str, Any]:
    return audited(store, lambda session: release_dict(decide_release(session, kb, user, record_id, request_id, grant)))


@router.post(
    "/records/{record_id}/release-requests/{request_id}/grant",
    name="grant_release",
    response_model=ReleaseOut,
    responses=GONE,
)
def grant(record_id: RecordId, request_id: RequestId, kb: KB, store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """Grant a release (the originating authority only): the authority may then read the record."""
    return _decide(record_id, request_id, True, kb, store, user)


@router.post(
    "/records/{record_id}/release-requests/{request_id}/refuse",
    name="refuse_release",
    response_model=ReleaseOut,
    responses=GONE,
)
def refuse(record_id: RecordId, request_id: RequestId, kb: KB, store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """Refuse a release (the originating authority only)."""
    return _decide(record_id, request_id, False, kb, store, user)
