"""``/api/v1/organisations``: members, overlaps and timelines, as the CLI prints them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from coopsec.api.models.organisations import MembersOut, OrganisationsOut, OrganisationTimelineOut, OverlapOut
from coopsec.architecture import check_status, organisation_timeline, overlap, resolve_organisation
from coopsec.architecture.report import members_report, overlap_report, timeline_report
from coopsec.http.deps import KB, CurrentUser, Limit, Offset, On, page_in
from coopsec.kb.model import STATUSES, Status

router = APIRouter(tags=["organisations"])


@router.get("/organisations", name="list_organisations", response_model=OrganisationsOut)
def organisations(kb: KB, _: CurrentUser) -> dict[str, Any]:
    """Every organisation the knowledge base tracks."""
    return {
        "organisations": [
            {
                "code": o.code,
                "name": o.name,
                "kind": o.kind,
                "founded": o.founded.isoformat(),
                "dissolved": o.dissolved.isoformat() if o.dissolved else None,
            }
            for o in sorted(kb.organisations.values(), key=lambda o: o.code)
        ]
    }


@router.get("/organisations/{code}/members", name="members", response_model=MembersOut)
def members(
    code: str,
    kb: KB,
    _: CurrentUser,
    on: On,
    limit: Limit = 100,
    offset: Offset = 0,
    status: Annotated[Status, Query(description=", ".join(STATUSES))] = "member",
) -> dict[str, Any]:
    """The members (or partners, observers, ...) of an organisation as of a date: the CLI's JSON, paginated."""
    report = members_report(kb, resolve_organisation(kb, code), on, check_status(status))
    return page_in(report, "spells", limit, offset)


@router.get("/overlap", name="overlap", response_model=OverlapOut)
def overlap_route(
    kb: KB,
    _: CurrentUser,
    on: On,
    a: Annotated[str, Query(description="First organisation")],
    b: Annotated[str, Query(description="Second organisation")],
) -> dict[str, Any]:
    """Members two organisations share, and those in only one."""
    return overlap_report(overlap(kb, resolve_organisation(kb, a), resolve_organisation(kb, b), on))


@router.get("/organisations/{code}/timeline", name="organisation_timeline", response_model=OrganisationTimelineOut)
def org_timeline(code: str, kb: KB, _: CurrentUser, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Every dated change of an organisation, with its source."""
    found = resolve_organisation(kb, code)
    report = timeline_report("organisation", found, organisation_timeline(kb, found))
    return page_in(report, "changes", limit, offset)
