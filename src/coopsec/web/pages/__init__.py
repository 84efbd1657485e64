"""The dashboard's pages, one module per view; :data:`router` holds them all."""

from fastapi import APIRouter

from coopsec.web.pages import (
    assess,
    assets,
    atlas,
    auth,
    compare,
    diagram,
    incidents,
    linkage,
    listing,
    osce,
    pnr,
    records,
    reference,
    strategy,
    timeline,
    voting,
)
from coopsec.web.pages.common import STATIC

router = APIRouter(include_in_schema=False)
for _module in (
    auth,
    atlas,
    assess,
    timeline,
    incidents,
    records,
    pnr,
    voting,
    osce,
    linkage,
    strategy,
    listing,
    compare,
    diagram,
    reference,
    assets,
):
    router.include_router(_module.router)

__all__ = ["STATIC", "router"]
