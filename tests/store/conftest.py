"""The store tests run against SQLite and PostgreSQL (a throwaway cluster, see scripts/with-postgres)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'coopsec.db'}"
        return
    server = os.environ.get("COOPSEC_TEST_POSTGRES_URL")
    if not server:
        pytest.skip("COOPSEC_TEST_POSTGRES_URL is not set: run through scripts/with-postgres (make test does)")
    import psycopg

    name = f"coopsec_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = server.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
