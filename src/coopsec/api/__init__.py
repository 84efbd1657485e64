"""The HTTP API (FastAPI): thin routes over the library, one error body everywhere."""

from coopsec.api.app import create_app

__all__ = ["create_app"]
