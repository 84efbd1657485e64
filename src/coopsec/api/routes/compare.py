"""``/api/v1/rings/compare``: what differs in the system between two dates, each difference with its reasons."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from coopsec.api.models.compare import ComparisonOut
from coopsec.http.deps import KB, CurrentUser, IsoDate
from coopsec.rings import compare

router = APIRouter(tags=["states"])


@router.get("/rings/compare", name="rings_compare", response_model=ComparisonOut)
def rings_compare(
    kb: KB,
    _: CurrentUser,
    a: Annotated[IsoDate, Query(description="The first date, YYYY-MM-DD")],
    b: Annotated[IsoDate, Query(description="The second date, YYYY-MM-DD")],
) -> dict[str, Any]:
    """What differs in the system between ``a`` and ``b``, each difference with its dated reasons and sources.

    Who entered the system, who left it, who changed ring or category, and every membership gained or lost.
    """
    return compare(kb, a, b).to_dict()
