"""API test clients: one service, one client per user, each signed in with its own bearer token."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from coopsec.kb import KnowledgeBase
from coopsec.settings import Settings


def api_settings(tmp_path: Path, database_url: str, secret_key: str) -> Settings:
    """Test settings for a service on ``database_url`` (no login rate limit to trip over)."""
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        environment="test",
        secret_key=secret_key,
        login_attempts_per_minute=1_000_000,
    )


@contextmanager
def signed_in(app: FastAPI, names: Iterable[str], password: str) -> Iterator[dict[str, TestClient]]:
    """A client per user name, each holding that user's bearer token, for as long as the block runs."""
    clients: dict[str, TestClient] = {}
    with TestClient(app) as first:
        for name in names:
            client = first if not clients else TestClient(app)
            token = client.post("/api/v1/auth/token", data={"username": name, "password": password}).json()
            client.headers["Authorization"] = f"Bearer {token['access_token']}"
            clients[name] = client
        yield clients


@contextmanager
def admin_client(data_dir: Path, kb: KnowledgeBase) -> Iterator[TestClient]:
    """A service on SQLite in ``data_dir`` and a client signed in as its bootstrap administrator."""
    from coopsec.http import create_app
    from coopsec.service import bootstrap

    settings = Settings(data_dir=data_dir, environment="test", secret_key="a-test-secret-that-is-long-enough-for-hs256")
    store, password = bootstrap(settings)
    assert password is not None
    with signed_in(create_app(settings, kb, store), ["admin"], password) as clients:
        yield clients["admin"]
