"""The HTTP API (FastAPI): thin routes over the library under ``/api/v1``, one error body everywhere.

The application itself is assembled in :mod:`coopsec.http`, which mounts these routes and the web pages.
"""

from coopsec.api.routes import ROUTERS

__all__ = ["ROUTERS"]
