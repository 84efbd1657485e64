"""Short-lived JWTs for people, and an in-memory login rate limit."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import defaultdict, deque

import jwt

from coopsec.errors import AuthError, RateLimitedError
from coopsec.settings import Settings

ALGORITHM = "HS256"


def issue_token(settings: Settings, username: str) -> str:
    """A signed access token for ``username``, valid ``access_token_minutes``."""
    now = dt.datetime.now(dt.UTC)
    claims = {"sub": username, "iat": now, "exp": now + dt.timedelta(minutes=settings.access_token_minutes)}
    return jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM)


def read_token(settings: Settings, token: str) -> str:
    """The username of a valid access token.

    Raises:
        AuthError: for an expired, forged or malformed token.

    """
    try:
        claims = jwt.decode(token, settings.secret_key, algorithms=[ALGORITHM], options={"require": ["sub", "exp"]})
    except jwt.ExpiredSignatureError as err:
        raise AuthError("the access token has expired: log in again") from err
    except jwt.PyJWTError as err:
        raise AuthError("the access token is not valid: log in again") from err
    return str(claims["sub"])


class RateLimiter:
    """At most ``limit`` attempts per key in a sliding minute."""

    def __init__(self, limit: int, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """Count an attempt.

        Raises:
            AuthError: when the key is over its limit (the caller answers 429).

        """
        now = time.monotonic()
        with self._lock:
            hits = self._hits[key]
            while hits and now - hits[0] > self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                raise RateLimitedError(f"too many login attempts: wait {int(self.window - (now - hits[0])) + 1} s")
            hits.append(now)

