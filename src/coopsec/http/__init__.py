"""What the API and the web pages share, and the one place that assembles them into the service.

``coopsec.api`` (JSON routes under ``/api/v1``) and ``coopsec.web`` (the dashboard's pages) never
import each other: both use the dependencies, security, middleware and error body defined here, and
:func:`create_app` mounts both. It is imported on first use, because the routes import this
package's dependencies while :mod:`coopsec.http.app` imports the routes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coopsec.http.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from coopsec.http.app import create_app

        return create_app
    raise AttributeError(name)
