"""Short-lived JWTs for people, and in-memory login rate limits with bounded memory.

A session token (JWT) names its user by id and name and carries the user's *session epoch*: logout
and password change raise the epoch in the users table, so every token issued before stops working
at once, in every process, without a list of revoked tokens.

Logins are limited twice: per username and client (a password guessed for one account) and per
client across usernames (one password sprayed over many accounts). The limiter keeps at most
``max_keys`` buckets, least recently used first out, so a flood of invented usernames cannot grow
its memory. The client is the peer address; ``X-Forwarded-For`` is believed only from the proxies
named in ``COOPSEC_TRUSTED_PROXIES``, so nobody can pick their own address by sending the header.
"""

from __future__ import annotations

import datetime as dt
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
    from fastapi import FastAPI, Request

    from coopsec.store.models import User

ALGORITHM = "HS256"
#: Buckets a limiter keeps at most (about 200 bytes each with their timestamps).
MAX_BUCKETS = 10_000


@dataclass(frozen=True, slots=True)
class SessionClaims:
    """What a valid session token asserts: whose it is, the session epoch it belongs to, when it expires."""

    username: str
    user_id: int
    epoch: int
    expires: float  # seconds since the epoch (UTC)


def issue_token(settings: Settings, user: User) -> str:
    """A signed access token for ``user``, valid ``access_token_minutes`` and until their sessions end."""
    now = dt.datetime.now(dt.UTC)
    claims = {
        "sub": user.username,
        "uid": user.id,
        "sep": user.session_epoch,
        "iat": now,
        "exp": now + dt.timedelta(minutes=settings.access_token_minutes),
    }
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
        return SessionClaims(str(claims["sub"]), int(claims["uid"]), int(claims["sep"]), float(claims["exp"]))
    except jwt.ExpiredSignatureError as err:
        raise AuthError("the access token has expired: log in again") from err
    except (jwt.PyJWTError, TypeError, ValueError) as err:
        raise AuthError("the access token is not valid: log in again") from err


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
