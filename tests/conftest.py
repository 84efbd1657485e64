"""Shared fixtures: the bundled knowledge base, loaded once, with its cache in a temporary folder."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from coopsec.kb import KnowledgeBase, load_knowledge_base

# Property tests explore new examples on every run on a developer's machine; in CI (`CI` set, as on
# the clean clone `.ci/run` tests) they replay a fixed derivation, so a red build always reproduces.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("coopsec-cache")
    old = os.environ.get("COOPSEC_CACHE_DIR")
    os.environ["COOPSEC_CACHE_DIR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("COOPSEC_CACHE_DIR", None)
    else:
        os.environ["COOPSEC_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def kb(_cache_dir: Path) -> KnowledgeBase:
    return load_knowledge_base()


def d(text: str) -> dt.date:
    """Shorthand for ISO dates in tests."""
    return dt.date.fromisoformat(text)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database: a SQLite file, and a new database on the throwaway PostgreSQL cluster."""
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
