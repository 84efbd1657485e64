"""The service: the API's routers under ``/api/v1`` and the web pages, stable operation ids, one error body."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from coopsec import __version__, web
from coopsec.api import ROUTERS, docs, taxii
from coopsec.http import errors
from coopsec.http.deps import PrincipalCache
from coopsec.http.middleware import BodyLimit, HeadAsGet, SecurityHeaders, StaticCache
from coopsec.http.security import RateLimiter
from coopsec.kb import KnowledgeBase, load_knowledge_base
from coopsec.obligations import assessor_for
from coopsec.settings import Settings, get_settings
from coopsec.store import Store, open_store


def _operation_id(route: APIRoute) -> str:
    """Stable operation ids: the route's name (e.g. ``members``), never derived from the path."""
    return route.name


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Size the thread pool that runs blocking routes to the connection pool (COOPSEC_DB_POOL_SIZE).

    One connection per thread: a thread then never waits for a connection held by a request that is
    waiting for a thread, and the database never sees more connections than the pool allows.
    """
    settings: Settings = app.state.settings
    anyio.to_thread.current_default_thread_limiter().total_tokens = settings.db_pool_size
    yield


def create_app(
    settings: Settings | None = None, kb: KnowledgeBase | None = None, store: Store | None = None
) -> FastAPI:
    """Build the service.

    Raises:
        SettingsError: when the settings are unsafe (e.g. the default secret outside development).

    """
    settings = settings or get_settings()
    settings.check_safe()
    app = FastAPI(
        title="coopsec",
        version=__version__,
        description="The EU's cooperative security system: memberships, rings, obligations, as of any date.",
        generate_unique_id_function=_operation_id,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # served by coopsec.api.docs from the package, under the strict CSP
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.kb = kb or load_knowledge_base()
    app.state.assessor = assessor_for(app.state.kb)
    app.state.store = store or open_store(
        settings.database_url, pool_size=settings.db_pool_size, timeout=settings.db_timeout
    )
    app.state.login_limiter = RateLimiter(settings.login_attempts_per_minute)
    app.state.principals = PrincipalCache()
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router, prefix="/api/v1", responses=errors.ERROR_RESPONSES)
    app.mount("/static", StaticFiles(directory=str(web.STATIC)), name="static")
    app.include_router(taxii.router)  # TAXII 2.1 at /taxii2/ (issue 12), not under /api/v1
    app.include_router(docs.router)
    app.include_router(web.router)
    # Outermost first: every response carries the security headers, a 413 included. Responses are
    # compressed (the map's shapes and the atlas shrink to a fifth), static files kept by browsers.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    app.add_middleware(StaticCache)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
    # The knowledge base and the assessor's indexes are long-lived and free of cycles: move them out
    # of the collector's sight, so collections during requests do not walk them again and again.
    gc.collect()
    gc.freeze()
    return app
