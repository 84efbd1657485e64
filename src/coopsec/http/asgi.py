"""ASGI entry points for uvicorn: the app factory for several workers, and an HTTP protocol with TCP_NODELAY.

Why the protocol: with ``--workers`` uvicorn binds the listening socket itself as
``socket.socket(family=...)``, whose ``proto`` is 0, and asyncio sets ``TCP_NODELAY`` on accepted
connections only when ``proto`` is ``IPPROTO_TCP``. Without it, Nagle's algorithm holds back the
response body (written after the headers) until the client acknowledges the headers, and the
client delays that acknowledgement by up to 40 ms: every response then took ~44-48 ms, whatever the
work. One process is spared only because uvicorn lets asyncio bind its socket (``proto`` 6).
"""

from __future__ import annotations

import asyncio
import socket

from fastapi import FastAPI
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from coopsec.http.app import create_app
from coopsec.service import bootstrap
from coopsec.settings import get_settings

#: Import path of the protocol, for ``uvicorn.run(..., http=HTTP_PROTOCOL)`` in every worker.
HTTP_PROTOCOL = "coopsec.http.asgi:NoDelayHTTPProtocol"


def set_no_delay(transport: asyncio.BaseTransport) -> None:
    """Send each write at once on a TCP connection (no Nagle delay); other transports are left alone."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayHTTPProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
    """uvicorn's HTTP protocol (httptools or h11, as uvicorn would pick) with ``TCP_NODELAY`` on every connection."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:  # noqa: D102
        set_no_delay(transport)
        super().connection_made(transport)


def app_factory() -> FastAPI:
    """Build the app from the environment (the store is bootstrapped by ``coopsec serve`` or here)."""
    settings = get_settings()
    store, _ = bootstrap(settings)
    return create_app(settings, store=store)
