"""``/api/v1/pnr``: PNR screening under Directive (EU) 2016/681 (issue 13). Thin over :mod:`coopsec.pnr`.

Only users of a Passenger Information Unit may call these (403 otherwise); writes need an analyst,
liaison-officer or administrator role. Every write and every disclosure is audited in its transaction.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi import Body as BodyParam

from coopsec.api.models.pnr import (
    DecisionIn,
    DisclosureIn,
    DisclosureOut,
    EvidenceIn,
    HitOut,
    HitsOut,
    IngestOut,
    PassengerOut,
    RetentionOut,
    RetentionRunOut,
    ScreeningIn,
    ScreeningOut,
)
from coopsec.http.deps import AppSettings, CurrentUser, StoreDep
from coopsec.pnr import retention, review
from coopsec.pnr.access import require_piu
from coopsec.pnr.facts import load_facts
from coopsec.pnr.ingest import ingest
from coopsec.pnr.screen import read_watchlist, screen
from coopsec.pnr.seal import Sealer

router = APIRouter(tags=["pnr"])
HitId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.post("/pnr/batches", name="ingest_pnr_batch", status_code=201, response_model=IngestOut)
def post_batch(
    store: StoreDep,
    user: CurrentUser,
    batch: Annotated[dict[str, Any], BodyParam(description="A coopsec-pnr/1 batch (see coopsec pnr schema)")],
) -> dict[str, Any]:
    """Ingest a batch: the good records are stored in one transaction, the bad ones listed with reasons."""
    with store.session() as session:
        return ingest(session, load_facts(), batch, require_piu(user, write=True)).as_dict()


@router.post("/pnr/screenings", name="screen_pnr", status_code=201, response_model=ScreeningOut)
def post_screening(body: ScreeningIn, store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """Screen the passengers against a watchlist for a stated purpose; every hit is queued for human review."""
    facts = load_facts()
    watchlist = read_watchlist(body.watchlist.model_dump())
    with store.session() as session:
        return screen(session, facts, watchlist, body.purpose, require_piu(user, write=True)).as_dict()


@router.get("/pnr/hits", name="list_pnr_hits", response_model=HitsOut)
def get_hits(
    store: StoreDep,
    user: CurrentUser,
    status: Annotated[str, Query(pattern="^(pending|confirmed|dismissed|all)$")] = "pending",
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """Hits, oldest first (default: those waiting for review)."""
    require_piu(user)
    with store.session(write=False) as session:
        return review.list_hits(session, None if status == "all" else status, limit=limit, offset=offset)


@router.get("/pnr/hits/{hit_id}", name="show_pnr_hit", response_model=HitOut)
def get_hit(hit_id: HitId, store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """One hit with the passenger and the criteria that held."""
    require_piu(user)
    with store.session(write=False) as session:
        return review.get_hit(session, hit_id)


@router.post("/pnr/hits/{hit_id}/decision", name="decide_pnr_hit", response_model=HitOut)
def post_decision(hit_id: HitId, body: DecisionIn, store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """Confirm or dismiss a pending hit, with the reason (409 when already decided)."""
    with store.session() as session:
        return review.decide(session, hit_id, body.decision, require_piu(user, write=True), body.reason)


@router.post("/pnr/passengers/{ref}/evidence", name="flag_pnr_passenger", response_model=PassengerOut)
def post_evidence(
    ref: Annotated[str, Path(min_length=1, max_length=36)], body: EvidenceIn, store: StoreDep, user: CurrentUser
) -> dict[str, Any]:
    """Record objective evidence for a passenger, whose data are then kept in full after six months."""
    with store.session() as session:
        return review.flag_evidence(session, ref, require_piu(user, write=True), body.reason)


@router.get("/pnr/retention", name="pnr_retention", response_model=RetentionOut)
def get_retention(store: StoreDep, user: CurrentUser) -> dict[str, Any]:
    """Records held, depersonalised and due, as of now (Art. 12)."""
    require_piu(user)
    with store.session(write=False) as session:
        return retention.status(session, load_facts())


@router.post("/pnr/retention/run", name="run_pnr_retention", response_model=RetentionRunOut)
def post_retention(store: StoreDep, user: CurrentUser, settings: AppSettings) -> dict[str, Any]:
    """Depersonalise what is six months old and delete what is five years old, now."""
    with store.session() as session:
        actor = require_piu(user, write=True)
        return retention.run(session, load_facts(), Sealer(settings.secret_key), actor).as_dict()


@router.post("/pnr/records/{record_id}/disclosure", name="disclose_pnr_record", response_model=DisclosureOut)
def post_disclosure(
    record_id: HitId, body: DisclosureIn, store: StoreDep, user: CurrentUser, settings: AppSettings
) -> dict[str, Any]:
    """A record's full data for a specific case; after six months only with an approval (403 without)."""
    approval = (
        retention.Approval(
            body.approval.kind, body.approval.approver, body.approval.reference, body.approval.approved_at
        )
        if body.approval
        else None
    )
    with store.session() as session:
        actor = require_piu(user, write=True)
        return retention.disclose(
            session,
            load_facts(),
            Sealer(settings.secret_key),
            record_id,
            actor,
            reason=body.reason,
            purpose=body.purpose,
            approval=approval,
        )
