"""``/api/v1/health``: is the service up, and on which data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from coopsec import __version__
from coopsec.api.models.health import HealthOut
from coopsec.http.deps import KB

router = APIRouter(tags=["health"])


@router.get("/health", name="health", response_model=HealthOut)
async def health(request: Request, kb: KB) -> dict[str, Any]:
    """Liveness and the data the service answers from."""
    return {
        "ok": True,
        "status": "up",
        "version": __version__,
        "data": kb.fingerprint,
        "database": request.app.state.store.engine.dialect.name,
    }
