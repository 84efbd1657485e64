"""What the API and the web pages share, and the one place that assembles them into the service.

``coopsec.api`` (JSON routes under ``/api/v1``) and ``coopsec.web`` (the dashboard's pages) never
import each other: both use the dependencies, security, middleware and error body defined here, and
:func:`create_app` mounts both.
"""

from coopsec.http.app import create_app

__all__ = ["create_app"]
