"""``/api/v1/osce/...`` and ``/api/v1/missions``: the CLI's OSCE and missions JSON (issue 16).

GETs only: checking an activity or a mechanism changes nothing, so a read-only token may ask and the
dashboard's OSCE page can call them. The answers are :mod:`coopsec.osce`'s and :mod:`coopsec.missions`'.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from coopsec.api.models.osce import ActivityOut, MechanismOut, MissionsMapOut, MissionsOut
from coopsec.dates import parse_date
from coopsec.http.deps import KB, CurrentUser, On
from coopsec.missions import missions_report
from coopsec.missions.mapdata import missions_for_map
from coopsec.osce import bundled_osce, check_activity, check_mechanism

router = APIRouter(tags=["osce"])
Count = Annotated[int, Query(ge=0, le=10_000_000)]
Code = Annotated[str, Query(min_length=2, max_length=10, description="A state code (BY, BLR)")]
States = Annotated[str | None, Query(max_length=2000, description="Comma list of state codes")]
Day = Annotated[str, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]


@router.get("/osce/activity", name="osce_activity", response_model=ActivityOut)
def activity(
    kb: KB,
    _: CurrentUser,
    start: Day,
    state: Code,
    troops: Count = 0,
    tanks: Count = 0,
    acv: Count = 0,
    artillery: Count = 0,
) -> dict[str, Any]:
    """Whether an activity must be notified (by when) and observed, each conclusion with its paragraph."""
    day = parse_date(start, what="start")
    return check_activity(
        kb, bundled_osce(kb), day, state, troops=troops, battle_tanks=tanks, acv=acv, artillery=artillery
    )


@router.get("/osce/mechanisms/{name}", name="osce_mechanism", response_model=MechanismOut)
def mechanism(
    kb: KB,
    _: CurrentUser,
    on: On,
    name: Annotated[str, Path(min_length=1, max_length=20, description="vienna, moscow or berlin")],
    requesting: Code,
    supporters: States = None,
    host: Annotated[str | None, Query(min_length=2, max_length=10)] = None,
    serious: bool = False,
    experts_requested: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
    objections: States = None,
) -> dict[str, Any]:
    """Whether the mechanism can go ahead without the host's consent: paragraph, support, deadlines."""
    asked = parse_date(experts_requested, what="experts_requested") if experts_requested else None
    return check_mechanism(kb, bundled_osce(kb), name, requesting, supporters, on, host, serious, asked, objections)


@router.get("/missions/map", name="missions_map", response_model=MissionsMapOut)
def missions_map(kb: KB, _: CurrentUser) -> dict[str, Any]:
    """Every mission with its place on the atlas: the map page loads it once, when missions are shown."""
    return missions_for_map(kb)


@router.get("/missions", name="missions", response_model=MissionsOut)
def missions(
    kb: KB,
    _: CurrentUser,
    on: On,
    state: Annotated[str | None, Query(min_length=2, max_length=10)] = None,
    family: Annotated[str | None, Query(pattern="^(osce|csdp)$")] = None,
) -> dict[str, Any]:
    """The missions deployed on the date (OSCE and CSDP, one registry), by host state and family."""
    return missions_report(kb, on, state, family)
