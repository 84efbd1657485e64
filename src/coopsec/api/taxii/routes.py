"""The TAXII 2.1 server at ``/taxii2/``: discovery, one API root, one collection, its objects. Read-only.

Why in-house rather than medallion or OpenTAXII: each object must pass coopsec's one access decision
and audit (through ``list_visible``), and readers authenticate with their coopsec token
(``Authorization: Bearer <token>``, the API's own user resolution); both libraries keep users and
objects of their own. The collection is "every record you may see", so a reader sees in TAXII
exactly what the API lists for them. Writing (POST) is not offered: ``can_write`` is false and the
method answers 405; records are shared through the API, the CLI or a STIX import.

Every answer, errors included, has the TAXII media type; errors are TAXII error resources
(``title``, ``description``, ``http_status``) that also carry coopsec's error fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from coopsec.errors import (
    AuthError,
    CoopsecError,
    ForbiddenError,
    InputError,
    RetractedError,
    StoreBusyError,
    UnknownCodeError,
)
from coopsec.exchange.lookup import find_record
from coopsec.exchange.records import get_visible, list_visible, record_dict
from coopsec.exchange.stix import markings, record_objects
from coopsec.exchange.taxii import (
    COLLECTION_ID,
    MEDIA_TYPE,
    STIX_MEDIA_TYPE,
    Batch,
    Envelope,
    objects_page,
    parse_added_after,
    taxii_time,
)
from coopsec.http.deps import KB, CurrentUser, StoreDep
from coopsec.kb import KnowledgeBase
from coopsec.store import Store
from coopsec.store.exchange_models import Record
from coopsec.store.models import User

API_ROOT = "coopsec"
MAX_CONTENT_LENGTH = 10 * 1024 * 1024
_STATUS_TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Not allowed",
                  406: "Not acceptable", 503: "Busy"}  # fmt: skip


def taxii_response(body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON answer with the TAXII 2.1 media type."""
    return JSONResponse(body, status_code=status, headers=headers, media_type=MEDIA_TYPE)


def taxii_error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """A TAXII error resource (with coopsec's error fields beside it)."""
    body = {"title": _STATUS_TITLES.get(status, "Error"), "description": message, "http_status": str(status),
            "ok": False, "error": message, "errors": [message], "status": status}  # fmt: skip
    return taxii_response(body, status, headers)


def _as_taxii(exc: Exception) -> JSONResponse:
    message, headers = str(exc), None
    if isinstance(exc, ForbiddenError):
        status = 403
    elif isinstance(exc, AuthError):
        status, headers = 401, {"WWW-Authenticate": 'Bearer realm="coopsec TAXII"'}
    elif isinstance(exc, StoreBusyError):
        status, headers = 503, {"Retry-After": str(exc.retry_after)}
    elif isinstance(exc, UnknownCodeError):
        status = 404
    elif isinstance(exc, RequestValidationError):
        found = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        status, message = 400, f"the request is not valid: {found}"
    elif isinstance(exc, HTTPException):
        status, message, headers = exc.status_code, str(exc.detail), dict(exc.headers or {})
    else:
        status = 400
    return taxii_error(status, message, headers)


class TaxiiRoute(APIRoute):
    """A route whose every failure (authentication included) is a TAXII error with the TAXII media type."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler: dependencies and the endpoint run inside it."""
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except (CoopsecError, RequestValidationError, HTTPException) as exc:
                if isinstance(exc, CoopsecError) and not isinstance(exc, (InputError, AuthError, StoreBusyError)):
                    raise
                return _as_taxii(exc)

        return run


def _fits(part: str) -> bool:
    """Whether one Accept entry admits TAXII 2.1 JSON (another TAXII version does not)."""
    kind, *params = part.split(";")
    if kind in {"*/*", "application/*"}:
        return True
    versions = [p.removeprefix("version=") for p in params if p.startswith("version=")]
    return kind == "application/taxii+json" and versions in ([], ["2.1"])


async def accepts_taxii(request: Request) -> None:
    """Refuse (406) a client that accepts neither TAXII 2.1 JSON nor anything."""
    accept = request.headers.get("accept", "*/*").replace(" ", "").lower()
    if not any(_fits(part) for part in accept.split(",")):
        raise HTTPException(406, f"this is a TAXII 2.1 server: send 'Accept: {MEDIA_TYPE}'")


router = APIRouter(
    prefix="/taxii2",
    tags=["taxii"],
    route_class=TaxiiRoute,
    dependencies=[Depends(accepts_taxii)],
    include_in_schema=False,  # specified by OASIS TAXII 2.1, not part of the /api/v1 OpenAPI document
)


def _root_url() -> str:
    return f"/taxii2/{API_ROOT}/"


def _collection() -> dict[str, Any]:
    return {
        "id": COLLECTION_ID,
        "title": "Records you may see",
        "description": "Every record shared in coopsec that your authority may read today, as STIX 2.1 reports.",
        "can_read": True,
        "can_write": False,
        "media_types": [STIX_MEDIA_TYPE],
    }


def _check_collection(collection_id: str) -> None:
    if collection_id != COLLECTION_ID:
        raise UnknownCodeError(
            f"no collection {collection_id[:40]!r}: use {COLLECTION_ID} (see {_root_url()}collections/)"
        )


@router.get("/", name="taxii_discovery")
async def discovery(user: CurrentUser) -> JSONResponse:
    """TAXII discovery: the one API root."""
    return taxii_response({
        "title": "coopsec TAXII 2.1",
        "description": "Records shared between the member authorities of coopsec, as each reader may see them.",
        "default": _root_url(),
        "api_roots": [_root_url()],
    })  # fmt: skip


@router.get(f"/{API_ROOT}/", name="taxii_api_root")
async def api_root(user: CurrentUser) -> JSONResponse:
    """The API root."""
    return taxii_response({
        "title": "coopsec records",
        "description": "One collection: every record you may see.",
        "versions": [MEDIA_TYPE],
        "max_content_length": MAX_CONTENT_LENGTH,
    })  # fmt: skip


@router.get(f"/{API_ROOT}/collections/", name="taxii_collections")
async def collections(user: CurrentUser) -> JSONResponse:
    """The collections (one)."""
    return taxii_response({"collections": [_collection()]})


@router.get(f"/{API_ROOT}/collections/{{collection_id}}/", name="taxii_collection")
async def collection(collection_id: str, user: CurrentUser) -> JSONResponse:
    """One collection."""
    _check_collection(collection_id)
    return taxii_response(_collection())


def _values(raw: str | None) -> frozenset[str]:
    return frozenset(v.strip() for v in (raw or "").split(",") if v.strip())


@router.get(f"/{API_ROOT}/collections/{{collection_id}}/objects/", name="taxii_objects")
def objects(
    collection_id: str,
    user: CurrentUser,
    kb: KB,
    store: StoreDep,
    added_after: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    next_: Annotated[str | None, Query(alias="next", max_length=400)] = None,
    match_type: Annotated[str | None, Query(alias="match[type]", max_length=400)] = None,
    match_id: Annotated[str | None, Query(alias="match[id]", max_length=4000)] = None,
    match_version: Annotated[str | None, Query(alias="match[version]", max_length=100)] = None,
    match_spec_version: Annotated[str | None, Query(alias="match[spec_version]", max_length=100)] = None,
) -> JSONResponse:
    """The collection's objects the reader may see, oldest added first, ``limit`` at a time."""
    _check_collection(collection_id)
    if match_spec_version is not None and _values(match_spec_version) - {"2.1"}:
        return _page_response(objects_page(lambda *_: Batch([], None), markings(kb), limit=limit))
    if match_version is not None and _values(match_version) - {"last", "all", "first"}:
        raise InputError("match[version] takes last, first or all here: coopsec serves each object's current version")
    envelope = _read(
        kb,
        store,
        user,
        limit=limit,
        added_after=parse_added_after(added_after),
        next_token=next_,
        types=_values(match_type),
        ids=_values(match_id),
    )
    return _page_response(envelope)


def _report(kb: KnowledgeBase, store: Store, user: User, object_id: str) -> Envelope:
    """A record's report through ``get_visible`` (decided and audited for this record alone); revoked if retracted."""
    record_id = object_id.removeprefix("report--")
    with store.session() as session:
        record: Record | None
        try:
            record = get_visible(session, kb, user, record_id)
        except RetractedError:  # the reader may see it: the revoked version is the retraction notice
            record = find_record(session, record_id)
        objects = (
            [o for o in record_objects(record_dict(record), markings(kb)) if o["id"] == object_id] if record else []
        )
        added = taxii_time(record.changed_at) if record else None
    return Envelope(objects, more=False, next=None, first_added=added, last_added=added)


def _read(kb: KnowledgeBase, store: Store, user: User, **query: Any) -> Envelope:
    """A page of objects, read through ``list_visible`` in one write session (its audit entries are kept)."""
    with store.session() as session:

        def fetch(added: str | None, cursor: str | None, size: int) -> Batch:
            since = dt.datetime.fromisoformat((added or "1970-01-01T00:00:00Z").replace("Z", "+00:00"))
            page = list_visible(session, kb, user, added_after=since, cursor=cursor, limit=size)
            return Batch([record_dict(r) for r in page.items], page.next_cursor)

        return objects_page(fetch, markings(kb), **query)


@router.get(f"/{API_ROOT}/collections/{{collection_id}}/objects/{{object_id}}/", name="taxii_object")
def one_object(collection_id: str, object_id: str, user: CurrentUser, kb: KB, store: StoreDep) -> JSONResponse:
    """One object by id (404 when the reader may see no object with it, exactly as for one that does not exist)."""
    _check_collection(collection_id)
    if object_id.startswith("report--"):
        envelope = _report(kb, store, user, object_id)
    else:  # an entity or identity: its id does not name its record, so the reader's records are searched
        envelope = _read(kb, store, user, limit=1000, ids=frozenset({object_id}))
    if not envelope.objects:
        raise UnknownCodeError(f"no object {object_id[:80]!r} that you may see in this collection: check the id")
    return _page_response(envelope)


@router.post(f"/{API_ROOT}/collections/{{collection_id}}/objects/", name="taxii_add_objects")
async def add_objects(collection_id: str) -> JSONResponse:
    """Adding objects is not offered (the collection's ``can_write`` is false): 405, whoever asks."""
    raise HTTPException(
        405,
        "this collection is read-only: share records through /api/v1/records or coopsec records import",
        headers={"Allow": "GET, HEAD"},
    )


def _page_response(envelope: Envelope) -> JSONResponse:
    headers: dict[str, str] = {}
    if envelope.first_added is not None and envelope.last_added is not None:
        headers = {"X-TAXII-Date-Added-First": envelope.first_added, "X-TAXII-Date-Added-Last": envelope.last_added}
    return taxii_response(envelope.body(), headers=headers)
