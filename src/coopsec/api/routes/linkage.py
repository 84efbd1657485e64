"""``/api/v1/linkage``: the matching exchange (issue 13). Thin over :mod:`coopsec.linkage.server`.

Every call runs in one audited write session (submissions and result reads are audited, refusals
too). An exchange the caller's authority neither takes part in nor created answers 404 exactly like one
that does not exist. The matching job runs in a background thread; its progress is on the exchange.
Too many exchanges or submissions in a day answer 429 with ``Retry-After`` (:mod:`coopsec.linkage.limits`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi import Body as BodyParam

from coopsec.api.models.linkage import ExchangeIn, ExchangeOut, ExchangesOut, ResultsOut, SubmittedOut
from coopsec.exchange.lookup import audited
from coopsec.http.deps import KB, CurrentUser, StoreDep
from coopsec.linkage import job, parties, server
from coopsec.linkage.limits import LinkageLimits

router = APIRouter(tags=["linkage"])
ExchangeId = Annotated[str, Path(min_length=1, max_length=64, description="The exchange's UUID")]


@router.post("/linkage/exchanges", name="create_linkage_exchange", status_code=201, response_model=ExchangeOut)
def create(body: ExchangeIn, kb: KB, store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """Open a matching exchange for the named authorities (analysts, liaison officers, administrators)."""
    data = server.ExchangeIn(
        purpose=body.purpose, schema=body.schema_, key_check=body.key_check, parties=tuple(body.parties),
        mode=body.mode, false_hits=body.false_hits, watchlist=body.watchlist, ring=body.ring,
        schema_digest=body.schema_digest,
    )  # fmt: skip
    limits = LinkageLimits()
    return audited(store, lambda s: server.exchange_dict(server.create_exchange(s, kb, user, data, limits), user))


@router.get("/linkage/exchanges", name="list_linkage_exchanges", response_model=ExchangesOut)
def listing(store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """The exchanges your authority takes part in or created, newest first."""
    with store.session(write=False) as session:
        return {"items": [server.exchange_dict(e, user) for e in server.visible_exchanges(session, user)]}


@router.get("/linkage/exchanges/{exchange_id}", name="show_linkage_exchange", response_model=ExchangeOut)
def show(exchange_id: ExchangeId, store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """One exchange: parties submitted or pending, the job's progress (poll it for a progress bar)."""
    with store.session(write=False) as session:
        return server.exchange_dict(server.get_exchange(session, user, exchange_id), user)


@router.post(
    "/linkage/exchanges/{exchange_id}/submissions",
    name="submit_linkage_encodings",
    status_code=201,
    response_model=SubmittedOut,
)
def post_submission(
    exchange_id: ExchangeId,
    kb: KB,
    store: StoreDep,
    user: CurrentUser,
    doc: Annotated[dict[str, Any], BodyParam(description="The coopsec-clk/1 file `coopsec linkage encode` wrote")],
) -> dict[str, Any]:
    """Submit your authority's one encoded list; when it is the last one, the matching job starts."""
    limits = LinkageLimits()
    body = audited(store, lambda s: parties.submit(s, kb, user, exchange_id, doc, limits))
    if body["ready"]:
        started = audited(store, lambda s: server.exchange_dict(parties.start(s, user, exchange_id), user))
        job.launch(store, exchange_id)
        body = {**started, "ready": True}
    return body


@router.post("/linkage/exchanges/{exchange_id}/start", name="start_linkage_job", response_model=ExchangeOut)
def post_start(exchange_id: ExchangeId, store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """Start matching the lists in (the creator, with at least two; a party, once all have submitted)."""
    body = audited(store, lambda s: server.exchange_dict(parties.start(s, user, exchange_id), user))
    job.launch(store, exchange_id)
    return body


@router.get("/linkage/exchanges/{exchange_id}/results", name="linkage_results", response_model=ResultsOut)
def get_results(exchange_id: ExchangeId, kb: KB, store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """The matched pairs involving your authority: your reference, the other authority and its reference."""
    return audited(store, lambda s: parties.results(s, kb, user, exchange_id))
