"""Short-lived JWTs for people, and in-memory login rate limits with bounded memory.

A session token (JWT) names its user by id and name and carries the user's *session epoch*: logout
and password change raise the epoch in the users table, so every token issued before stops working
at once, in every process, without a list of revoked tokens.

Logins are limited twice: per username and client (a password guessed for one account) and per
client across usernames (one password sprayed over many accounts). The limiter keeps at most
``max_keys`` buckets, least recently used first out, so a flood of invented usernames cannot grow
its memory. The client is the peer address; ``X-Forwarded-For`` is believed only from the proxies
named in ``COOPSEC_TRUSTED_PROXIES``, so nobody can pick their own address by sending the header.

The dashboard's session slides: its page renews the HttpOnly cookie while the user is active
(:mod:`coopsec.api.routes.session`). Every token carries the moment its session began (the password
login, claim ``ast``), and no token is issued past ``session_max_hours`` after it, so renewing cannot
keep a session (or a stolen cookie) alive for ever. Only dashboard tokens (claim ``use``) are renewed:
a bearer token from ``/auth/token`` serves a script, which logs in again with its password.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

import jwt

from coopsec.errors import AuthError, RateLimitedError
from coopsec.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI, Request, Response

    from coopsec.store.models import User

ALGORITHM = "HS256"
#: Buckets a limiter keeps at most (about 200 bytes each with their timestamps).
MAX_BUCKETS = 10_000


#: Claims of the sliding session: when it began (the password login), and that it is the dashboard's.
STARTED, USE, DASHBOARD = "ast", "use", "dashboard"


@dataclass(frozen=True, slots=True)
class SessionClaims:
    """What a valid session token asserts: whose it is, the session epoch it belongs to, when it expires.

    Times are seconds since the epoch (UTC). ``started`` is ``None`` for a token signed before sessions
    had a start; such a token works until it expires but is never renewed.
    """

    username: str
    user_id: int
    epoch: int
    expires: float
    issued: float = 0.0
    started: float | None = None
    dashboard: bool = False

    def ends(self, settings: Settings) -> float:
        """When the session ends at the latest, renewed or not (at once for a token without a start)."""
        if self.started is None:
            return self.expires
        return self.started + settings.session_max_hours * 3600


def issue_token(settings: Settings, user: User, *, dashboard: bool = False, started: float | None = None) -> str:
    """A signed access token for ``user``, valid ``access_token_minutes`` and until their sessions end.

    Args:
        settings: the lifetimes and the signing key.
        user: whose token it is (their session epoch goes in).
        dashboard: a token for the dashboard's cookie (renewable), not a bearer token for scripts.
        started: when the session began, for a renewal (``None``: a new session, from now).

    Raises:
        AuthError: when the session has reached ``session_max_hours`` (the user logs in again).

    """
    now = int(time.time())
    start = now if started is None else int(started)
    ends = start + settings.session_max_hours * 3600
    expires = min(now + settings.access_token_minutes * 60, ends)
    if expires <= now:
        raise AuthError(
            f"your session has ended: it lasts at most {settings.session_max_hours} h from the login "
            "(COOPSEC_SESSION_MAX_HOURS): log in again"
        )
    claims: dict[str, object] = {
        "sub": user.username,
        "uid": user.id,
        "sep": user.session_epoch,
        "iat": now,
        "exp": expires,
        STARTED: start,
    }
    if dashboard:
        claims[USE] = DASHBOARD
    return jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM)


def read_token(settings: Settings, token: str) -> SessionClaims:
    """The claims of a valid access token.

    Raises:
        AuthError: for an expired, forged or malformed token (or one issued before session epochs).

    """
    try:
        claims = jwt.decode(
            token, settings.secret_key, algorithms=[ALGORITHM], options={"require": ["sub", "exp", "uid", "sep"]}
        )
        started = claims.get(STARTED)
        return SessionClaims(
            str(claims["sub"]),
            int(claims["uid"]),
            int(claims["sep"]),
            float(claims["exp"]),
            issued=float(claims.get("iat", 0)),
            started=None if started is None else float(started),
            dashboard=claims.get(USE) == DASHBOARD,
        )
    except jwt.ExpiredSignatureError as err:
        raise AuthError("the access token has expired: log in again") from err
    except (jwt.PyJWTError, TypeError, ValueError) as err:
        raise AuthError("the access token is not valid: log in again") from err


def set_session_cookie(response: Response, name: str, token: str, settings: Settings) -> None:
    """Put a dashboard token in the session cookie: HttpOnly, SameSite=Strict, Secure in production.

    Scripts cannot read it (HttpOnly), other sites' pages cannot make the browser send it
    (SameSite=Strict), and it lasts exactly as long as its token.
    """
    expires = read_token(settings, token).expires
    response.set_cookie(
        name,
        token,
        httponly=True,
        samesite="strict",
        secure=settings.environment == "production",  # HTTPS only in production
        max_age=max(1, round(expires - time.time())),
    )


class RateLimiter:
    """At most ``limit`` attempts per key in a sliding window, in at most ``max_keys`` buckets.

    Buckets live in an LRU order: a check moves its key to the end, and when a new key finds the
    limiter full, buckets whose attempts have all left the window go first, then the least recently
    used. Each bucket holds at most ``limit`` timestamps, so memory is bounded by ``max_keys * limit``.
    """

    def __init__(self, limit: int, window: float = 60.0, max_keys: int = MAX_BUCKETS) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._hits)

    def check(self, key: str, what: str = "login attempts") -> None:
        """Count an attempt.

        Raises:
            RateLimitedError: when the key is over its limit (the API answers 429 with Retry-After).

        """
        now = time.monotonic()
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                self._make_room(now)
                hits = self._hits[key] = deque(maxlen=self.limit)
            else:
                self._hits.move_to_end(key)
            while hits and now - hits[0] > self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                wait = int(self.window - (now - hits[0])) + 1
                raise RateLimitedError(f"too many {what}: wait {wait} s (Retry-After: {wait})", retry_after=wait)
            hits.append(now)

    def _make_room(self, now: float) -> None:
        if len(self._hits) < self.max_keys:
            return
        stale = [k for k, h in self._hits.items() if not h or now - h[-1] > self.window]
        for key in stale:
            del self._hits[key]
        while len(self._hits) >= self.max_keys:
            self._hits.popitem(last=False)


def client_address(request: Request, settings: Settings) -> str:
    """The client's address: the peer, or what a trusted proxy says in ``X-Forwarded-For``.

    The header is read right to left, skipping trusted proxies: the first other address is the one
    the trusted chain received the request from (anything left of it the client could have written).
    """
    peer = request.client.host if request.client else "unknown"
    trusted = settings.trusted_proxy_networks
    if not trusted or not _within(peer, trusted):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _within(hop, trusted):
            return hop if _is_ip(hop) else peer
    return hops[0] if hops and _is_ip(hops[0]) else peer


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _within(address: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


class LoginGuard:
    """The two login limits: per username and client, and per client across usernames."""

    def __init__(self, per_user: RateLimiter, per_client: RateLimiter) -> None:
        self.per_user = per_user
        self.per_client = per_client

    def check(self, username: str, client: str) -> None:
        """Count a login attempt of ``username`` from ``client``.

        Raises:
            RateLimitedError: when either limit is reached.

        """
        self.per_client.check(f"client {client}", "login attempts from this client (any username)")
        self.per_user.check(f"{username.lower()}@{client}", "login attempts for this username")


_guard_lock = threading.Lock()


def login_guard(app: FastAPI) -> LoginGuard:
    """The app's login guard, made on first use (around the per-user limiter the app starts with)."""
    guard: LoginGuard | None = getattr(app.state, "login_guard", None)
    if guard is None:
        with _guard_lock:
            guard = getattr(app.state, "login_guard", None)
            if guard is None:
                settings: Settings = app.state.settings
                per_user = getattr(app.state, "login_limiter", None) or RateLimiter(settings.login_attempts_per_minute)
                guard = LoginGuard(per_user, RateLimiter(settings.login_attempts_per_client_per_minute))
                app.state.login_guard = guard
    return guard


def check_login(request: Request, settings: Settings, username: str) -> None:
    """Count a login attempt of ``username`` by the request's client (rate limits).

    Raises:
        RateLimitedError: when a limit is reached.

    """
    login_guard(request.app).check(username, client_address(request, settings))
