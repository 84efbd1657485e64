"""Dependencies of the routes (``Annotated`` types): knowledge base, store, current user, roles."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from coopsec.api.security import read_token
from coopsec.errors import AuthError, ForbiddenError, InputError
from coopsec.kb import KnowledgeBase
from coopsec.settings import Settings
from coopsec.store import Store
from coopsec.store.accounts import TOKEN_PREFIX, get_user, user_for_token
from coopsec.store.models import User

SESSION_COOKIE = "coopsec_session"


async def get_kb(request: Request) -> KnowledgeBase:
    """The knowledge base loaded at start-up."""
    kb: KnowledgeBase = request.app.state.kb
    return kb


async def get_settings_dep(request: Request) -> Settings:
    """The service settings."""
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """A read-only database session for the request.

    A plain ``def``: FastAPI runs it (and its end) in the thread pool, because opening, using and
    closing a session blocks, and blocking the event loop stalls every request, health checks too.
    It ends with the route (``scope="function"``), before the response is sent, so its connection
    goes back to the pool at once. Routes that write open ``store.session()`` themselves, inside their
    own thread, so the write lock is held only while they write and the commit precedes the response.
    """
    store: Store = request.app.state.store
    with store.session(write=False) as session:
        yield session


async def get_store(request: Request) -> Store:
    """The store, for routes that write (they open a write session in their own thread)."""
    store: Store = request.app.state.store
    return store


KB = Annotated[KnowledgeBase, Depends(get_kb)]
DB = Annotated[Session, Depends(get_session, scope="function")]
StoreDep = Annotated[Store, Depends(get_store)]
AppSettings = Annotated[Settings, Depends(get_settings_dep)]


class PrincipalCache:
    """Who a token belongs to, remembered for a few seconds so most requests need no database.

    Disabling a user through the API clears it at once; a change made by another process (the
    ``coopsec`` command) takes effect within ``ttl`` seconds.
    """

    def __init__(self, ttl: float = 5.0, size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self._users: dict[str, tuple[float, User]] = {}

    def get(self, key: str) -> User | None:
        """The cached user of a token key, if still fresh."""
        found = self._users.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, key: str, user: User) -> None:
        """Remember the user of a token key."""
        if len(self._users) >= self.size:
            self._users.clear()
        self._users[key] = (time.monotonic() + self.ttl, user)

    def clear(self) -> None:
        """Forget everything (after a change to users or tokens)."""
        self._users.clear()


async def current_user(request: Request, settings: AppSettings) -> User:
    """The user of the request's bearer token (a short-lived JWT or a long-lived API token).

    Async, and cached for a few seconds, so most requests cost neither a thread hand-off nor a
    query. A cache miss looks the user up in the thread pool: a query (or a wait for a pooled
    connection) on the event loop would freeze every other request until it returned.
    """
    principals: PrincipalCache = request.app.state.principals
    cached = principals.get(_token_key(request))
    if cached is not None and not cached.disabled:
        return cached
    return await run_in_threadpool(_look_up_user, request, settings)


async def user_or_none(request: Request, settings: AppSettings) -> User | None:
    """The signed-in user of a dashboard page, or ``None`` (the page then redirects to the login form)."""
    try:
        return await current_user(request, settings)
    except (AuthError, InputError):
        return None


def _look_up_user(request: Request, settings: Settings) -> User:
    store: Store = request.app.state.store
    with store.session(write=False) as session:
        return resolve_user(request, session, settings)


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if not header and request.cookies.get(SESSION_COOKIE):  # the dashboard's session
        scheme, token = "bearer", request.cookies[SESSION_COOKIE]
    if scheme.lower() != "bearer" or not token:
        raise AuthError("authentication required: send 'Authorization: Bearer <token>' (POST /api/v1/auth/token)")
    return token


def _token_key(request: Request) -> str:
    return hashlib.sha256(_bearer(request).encode()).hexdigest()


def resolve_user(request: Request, session: Session, settings: Settings) -> User:
    """The user of a request's bearer token or dashboard session cookie."""
    token = _bearer(request)
    cache: PrincipalCache = request.app.state.principals
    key = hashlib.sha256(token.encode()).hexdigest()
    user = cache.get(key)
    if user is None:
        user = (
            user_for_token(session, token)
            if token.startswith(TOKEN_PREFIX)
            else get_user(session, read_token(settings, token))
        )
        cache.put(key, user)
    if user.disabled:
        raise AuthError("the account is disabled")
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require(*roles: str) -> Callable[[User], Awaitable[User]]:
    """A dependency that admits users holding one of ``roles``."""

    async def check(user: CurrentUser) -> User:
        if not set(roles) & set(user.role_list):
            raise ForbiddenError(f"this needs the role {' or '.join(roles)}; your roles: {', '.join(user.role_list)}")
        return user

    return check


Admin = Annotated[User, Depends(require("administrator"))]


def iso_date(value: object) -> object:
    """Accept only ISO ``YYYY-MM-DD`` text (pydantic alone would also take numbers as timestamps)."""
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value)
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise ValueError(f"{text!r} is not a date: use YYYY-MM-DD, e.g. 2024-03-07")
    return text


IsoDate = Annotated[dt.date, BeforeValidator(iso_date)]


async def on_date(
    on: Annotated[IsoDate | None, Query(description="As of this date, YYYY-MM-DD (default today)")] = None,
) -> dt.date:
    """The ``on`` query parameter (a malformed date is a 422 with the common error body)."""
    return on or dt.date.today()


On = Annotated[dt.date, Depends(on_date)]


def page_in(report: dict[str, Any], key: str, limit: int, offset: int) -> dict[str, Any]:
    """Cut ``report[key]`` to one page and say where it stands in the whole list."""
    items = report[key]
    report["page"] = {"total": len(items), "limit": limit, "offset": offset}
    report[key] = items[offset : offset + limit]
    return report


def paginate(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """A page of ``items`` and how to get the rest."""
    return {"items": items[offset : offset + limit], "total": len(items), "limit": limit, "offset": offset}


Limit = Annotated[int, Query(ge=1, le=500, description="Page size")]
Offset = Annotated[int, Query(ge=0, description="Items to skip")]
