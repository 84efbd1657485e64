"""One router per resource; :data:`ROUTERS` is what :mod:`coopsec.http` mounts under ``/api/v1``."""

from coopsec.api.routes import (
    assess,
    atlas,
    auth,
    compare,
    health,
    incidents,
    linkage,
    organisations,
    osce,
    plan,
    pnr,
    presidency,
    records,
    session,
    states,
    strategy,
    territories,
    users,
    voting,
)

ROUTERS = tuple(
    module.router
    for module in (
        health,
        auth,
        session,
        organisations,
        states,
        compare,
        territories,
        atlas,
        assess,
        plan,
        users,
        incidents,
        records,
        pnr,
        linkage,
        strategy,
        voting,
        osce,
        presidency,
    )
)

__all__ = ["ROUTERS"]
