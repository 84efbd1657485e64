"""HTTP middleware of the service: a limit on request bodies, and the security headers of every response.

Both are plain ASGI middleware, so they act before any route reads a byte: a body over the limit is
refused with 413 in the one error shape as soon as its declared length (or the bytes counted so
far) pass the limit, and the rest is never read.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Sent with every response. The pages load only their own scripts, styles, images and data.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        b"base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)


class BodyTooLargeError(Exception):
    """Raised inside the app's ``receive`` when the body passes the limit (turned into a 413)."""


def _error(status: int, message: str) -> bytes:
    return json.dumps({"ok": False, "error": message, "errors": [message], "status": status}).encode()


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, before reading the rest."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        """Wrap ``app``; ``limit`` is COOPSEC_MAX_BODY_BYTES."""
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count the bytes as the app reads them."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        seen = 0
        started = refused = False

        async def counted() -> Message:
            # Past the limit the 413 goes out at once, whatever the app makes of the interrupted read
            # (a parser turns it into a 400 it then tries to send: that is dropped).
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    if not started and not refused:
                        refused = True
                        await self._refuse(send)
                    raise BodyTooLargeError
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        with contextlib.suppress(BodyTooLargeError):  # the 413 has been sent
            await self.app(scope, counted, watched)

    async def _refuse(self, send: Send) -> None:
        body = _error(
            413,
            f"the request body is larger than {self.limit} bytes: send less (the limit is COOPSEC_MAX_BODY_BYTES)",
        )
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": [*headers, (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Add :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers to the response's start message."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


class HeadAsGet:
    """Answer HEAD wherever GET is answered: the GET response's status and headers, without its body."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run a HEAD request as a GET and drop the body it sends."""
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


#: How long a browser keeps a versioned static file (``/static/...?v=HASH``): its URL changes with its bytes.
IMMUTABLE = b"public, max-age=31536000, immutable"
#: Unversioned static files are kept but checked again (ETag) before reuse.
REVALIDATE = b"no-cache"


class StaticCache:
    """Let browsers keep static files: for a year when the URL names their version, else revalidated.

    The pages link every script, style and map by ``asset_url`` (``?v=`` + a hash of the file), so a
    returning user, or one who has just logged in, loads the map page with one request: on a slow
    mobile link each request costs its round trip, whatever its size.
    """

    def __init__(self, app: ASGIApp, prefix: str = "/static/") -> None:
        """Wrap ``app``; ``prefix`` is where the static files are mounted."""
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add ``Cache-Control`` to successful static responses."""
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        versioned = b"v=" in (scope.get("query_string") or b"")

        async def cached(message: Message) -> None:
            if message["type"] == "http.response.start" and message.get("status") in (200, 304):
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                message["headers"] = [*headers, (b"cache-control", IMMUTABLE if versioned else REVALIDATE)]
            await send(message)

        await self.app(scope, receive, cached)
