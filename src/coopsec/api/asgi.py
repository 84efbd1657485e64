"""An ASGI entry point for running the service under several uvicorn workers (``--factory``)."""

from __future__ import annotations

from fastapi import FastAPI

from coopsec.api.app import create_app
from coopsec.service import bootstrap
from coopsec.settings import get_settings


def app_factory() -> FastAPI:
    """Build the app from the environment (the store is bootstrapped by ``coopsec serve`` or here)."""
    settings = get_settings()
    store, _ = bootstrap(settings)
    return create_app(settings, store=store)
