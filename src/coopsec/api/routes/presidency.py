"""``/api/v1/presidency``: which Member State holds the Council presidency on a date (the CLI's JSON).

A GET over :func:`coopsec.response.presidency_report`: the presidency decides the IPCR mode, so a client
can say who may record it before trying. A malformed date is the one error shape (422).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from coopsec.api.models.presidency import PresidencyOut
from coopsec.http.deps import KB, CurrentUser, On
from coopsec.response.presidency import presidency_report

router = APIRouter(tags=["incidents"])


@router.get("/presidency", name="presidency", response_model=PresidencyOut)
def presidency(kb: KB, _: CurrentUser, on: On) -> dict[str, Any]:
    """The Member State holding the Council presidency on ``on`` (today by default), its term and source."""
    return presidency_report(kb, on)
