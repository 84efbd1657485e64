"""``/api/v1/states`` and ``/api/v1/rings``: a state's place in the system, and everyone's."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from coopsec.api.models.rings import RingsOut
from coopsec.api.models.states import StateReport, StateTimelineOut
from coopsec.architecture import resolve_state, state_timeline
from coopsec.architecture.report import timeline_report
from coopsec.http.deps import KB, CurrentUser, Limit, Offset, On, page_in
from coopsec.rings import classify, parse_criterion
from coopsec.rings.profile import state_report

router = APIRouter(tags=["states"])
Criterion = Annotated[
    str | None,
    Query(
        description="Core criterion, e.g. regime>=2 or libdem>=0.5",
        pattern=r"^(v2x_)?(regime|libdem|polyarchy)\s*(>=|<=|==|>|<)\s*[0-9]{1,3}(\.[0-9]{1,6})?$",
    ),
]


@router.get("/states/{code}", name="state", response_model=StateReport)
def state(code: str, kb: KB, _: CurrentUser, on: On, criterion: Criterion = None) -> dict[str, Any]:
    """A state's memberships, security policy, place in the rings and guarantees, with sources."""
    return state_report(kb, resolve_state(kb, code), on, parse_criterion(criterion) if criterion else None)


@router.get("/states/{code}/timeline", name="state_timeline", response_model=StateTimelineOut)
def timeline(code: str, kb: KB, _: CurrentUser, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Every dated change for a state, with its source."""
    found = resolve_state(kb, code)
    report = timeline_report("state", found, state_timeline(kb, found))
    return page_in(report, "changes", limit, offset)


@router.get("/rings", name="rings", response_model=RingsOut)
def rings(
    kb: KB, _: CurrentUser, on: On, criterion: Criterion = None, limit: Limit = 500, offset: Offset = 0
) -> dict[str, Any]:
    """Every state's place in the system as of a date, with reasons (the states list is paginated)."""
    report = classify(kb, on, parse_criterion(criterion) if criterion else None).to_dict(kb)
    return page_in(report, "states", limit, offset)
