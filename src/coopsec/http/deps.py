"""Dependencies of the routes (``Annotated`` types): knowledge base, store, current user, roles."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator, WithJsonSchema
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from coopsec.dates import EARLIEST, check_range, latest, shown
from coopsec.errors import AuthError, ForbiddenError, InputError
from coopsec.http.security import read_token
from coopsec.kb import KnowledgeBase
from coopsec.settings import Settings
from coopsec.store import Store
from coopsec.store.accounts import TOKEN_PREFIX, token_for_secret, user_for_session
from coopsec.store.models import User, as_utc

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


#: Requests that change nothing although their method is not GET: a ``read`` API token may send them.
READ_ONLY_POSTS = frozenset({("POST", "/api/v1/assess")})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class Principal:
    """Who sent a request and with what: a session (password login, JWT) or an API token of some scope.

    Attributes:
        user: the user (detached from its session; its authority loaded).
        via: ``session`` for a JWT from a password login (/auth/token or the dashboard), ``api-token``.
        scope: what the credential allows: ``read-write`` for sessions, the token's scope otherwise.
        expires: when the credential stops working, in seconds since the epoch (UTC).
        token_id: the API token's id (``None`` for a session).

    """

    user: User
    via: Literal["session", "api-token"]
    scope: str
    expires: float
    token_id: int | None = None


class PrincipalCache:
    """Who a token belongs to, remembered for a few seconds so most requests need no database.

    An entry never outlives its token (a JWT's ``exp``, an API token's expiry). Disabling, enabling,
    logout, password change and token revocation through this process forget the user's entries at
    once; a change made by another process (another worker, the ``coopsec`` command) takes effect
    within ``ttl`` seconds.
    """

    def __init__(self, ttl: float = 5.0, size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self._principals: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Principal | None:
        """The cached principal of a token key, if still fresh and its token unexpired."""
        found = self._principals.get(key)
        if found is None or found[0] <= time.monotonic() or found[1].expires <= time.time():
            return None
        return found[1]

    def put(self, key: str, principal: Principal) -> None:
        """Remember the principal of a token key, for ``ttl`` seconds or until its token expires."""
        left = min(self.ttl, principal.expires - time.time())
        if left <= 0:
            return
        with self._lock:
            if len(self._principals) >= self.size:
                self._principals.clear()
            self._principals[key] = (time.monotonic() + left, principal)

    def forget_user(self, user_id: int) -> None:
        """Forget every token of one user (after their sessions, password, tokens or state changed)."""
        with self._lock:
            for key in [k for k, (_, p) in self._principals.items() if p.user.id == user_id]:
                del self._principals[key]

    def clear(self) -> None:
        """Forget everything (after a change to users or tokens)."""
        with self._lock:
            self._principals.clear()


def _is_write(request: Request) -> bool:
    method = request.method.upper()
    return method not in _SAFE_METHODS and (method, request.url.path.rstrip("/")) not in READ_ONLY_POSTS


def _admit(request: Request, principal: Principal) -> User:
    """Enforce the credential's scope and the account's state; remember the principal for the route."""
    if principal.user.disabled:
        raise AuthError("the account is disabled")
    if principal.scope != "read-write" and _is_write(request):
        raise ForbiddenError(
            f"this API token has the scope {principal.scope!r}, which only reads: create a token with the scope "
            "'read-write' to make changes"
        )
    request.state.principal = principal
    return principal.user


async def current_user(request: Request, settings: AppSettings) -> User:
    """The user of the request's bearer token (a short-lived JWT or an API token), its scope enforced.

    Async, and cached for a few seconds, so most requests cost neither a thread hand-off nor a
    query. A cache miss looks the user up in the thread pool: a query (or a wait for a pooled
    connection) on the event loop would freeze every other request until it returned.
    """
    principals: PrincipalCache = request.app.state.principals
    cached = principals.get(_token_key(request))
    if cached is not None:
        return _admit(request, cached)
    principal = await run_in_threadpool(_look_up, request, settings)
    return _admit(request, principal)


async def user_or_none(request: Request, settings: AppSettings) -> User | None:
    """The signed-in user of a dashboard page, or ``None`` (the page then redirects to the login form)."""
    try:
        return await current_user(request, settings)
    except (AuthError, InputError):
        return None


def _look_up(request: Request, settings: Settings) -> Principal:
    store: Store = request.app.state.store
    with store.session(write=False) as session:
        return resolve_principal(request, session, settings)


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


def resolve_principal(request: Request, session: Session, settings: Settings) -> Principal:
    """Who sent the request (bearer token or dashboard session cookie), from the cache or the database.

    Raises:
        AuthError: for a missing, expired, forged, revoked or ended credential, a deleted or disabled user.

    """
    token = _bearer(request)
    cache: PrincipalCache = request.app.state.principals
    key = hashlib.sha256(token.encode()).hexdigest()
    principal = cache.get(key)
    if principal is None:
        if token.startswith(TOKEN_PREFIX):
            found = token_for_secret(session, token)
            expires = as_utc(found.expires_at).timestamp() if found.expires_at else float("inf")
            principal = Principal(found.user, "api-token", found.scope, expires, found.id)
        else:
            claims = read_token(settings, token)
            user = user_for_session(session, claims.user_id, claims.username, claims.epoch)
            principal = Principal(user, "session", "read-write", claims.expires)
        cache.put(key, principal)
    if principal.user.disabled:
        raise AuthError("the account is disabled")
    return principal


def resolve_user(request: Request, session: Session, settings: Settings) -> User:
    """The user of a request's bearer token or dashboard session cookie (for the dashboard's pages)."""
    return resolve_principal(request, session, settings).user


CurrentUser = Annotated[User, Depends(current_user)]


async def current_principal(request: Request, user: CurrentUser) -> Principal:
    """The request's principal (after :func:`current_user` has admitted it)."""
    principal: Principal = request.state.principal
    return principal


async def password_login(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
    """Admit only a session from a password login: API tokens cannot mint tokens or manage the account.

    Otherwise a leaked token could extend itself forever (a new token before each expiry) or
    lock its owner out; a person who knows the password can always do these things.
    """
    if principal.via != "session":
        raise ForbiddenError(
            "an API token cannot do this: log in with your password (POST /api/v1/auth/token) and use that session"
        )
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
PasswordLogin = Annotated[Principal, Depends(password_login)]


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
    if value is None:
        return value
    if isinstance(value, dt.date):
        return check_range(value)
    text = str(value)
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise ValueError(f"{shown(text)} is not a date: use YYYY-MM-DD, e.g. 2024-03-07")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as err:
        raise ValueError(f"{shown(text)} is not a calendar date ({err}): use YYYY-MM-DD, e.g. 2024-03-07") from err
    return check_range(day)  # a BadDateError is a ValueError: its message names the range


#: The schema states the years accepted, so clients (and schemathesis) know the range.
_YEARS = "(194[5-9]|19[5-9][0-9]|20[0-9][0-9])" if latest().year < 2100 else "[0-9]{4}"
IsoDate = Annotated[
    dt.date,
    BeforeValidator(iso_date),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": f"^{_YEARS}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
            "description": f"YYYY-MM-DD, from {EARLIEST.isoformat()} to {latest().isoformat()}",
        }
    ),
]


async def on_date(
    on: Annotated[IsoDate | None, Query(description="As of this date, YYYY-MM-DD (default today)")] = None,
) -> dt.date:
    """The ``on`` query parameter (a malformed date is a 422 with the common error body)."""
    return on or dt.date.today()


On = Annotated[dt.date, Depends(on_date)]


def page_of(total: int, limit: int, offset: int) -> dict[str, int]:
    """The one page object of every paginated answer (``coopsec.api.models.common.PageOut``)."""
    return {"total": total, "limit": limit, "offset": offset}


def page_in(report: dict[str, Any], key: str, limit: int, offset: int) -> dict[str, Any]:
    """Cut ``report[key]`` to one page and say where it stands in the whole list (``report["page"]``).

    The list keeps its own key (``spells``, ``changes``, ``states``), so a paginated answer is the
    CLI's JSON with one page of the list and the page object.
    """
    items = report[key]
    report["page"] = page_of(len(items), limit, offset)
    report[key] = items[offset : offset + limit]
    return report


def paginate(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """A page of ``items`` and the page object; ``total``, ``limit`` and ``offset`` also stay at the top level."""
    page = page_of(len(items), limit, offset)
    return {"items": items[offset : offset + limit], **page, "page": page}


Limit = Annotated[int, Query(ge=1, le=500, description="Page size")]
Offset = Annotated[int, Query(ge=0, description="Items to skip")]
