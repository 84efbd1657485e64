"""Shared set-up of the PNR tests: the facts, a store per database, a synthetic batch with known people."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from coopsec.http import create_app
from coopsec.kb import KnowledgeBase
from coopsec.pnr.facts import PnrFacts, load_facts
from coopsec.pnr.generate import generate_batch, person
from coopsec.pnr.seal import Sealer
from coopsec.store import Store, open_store
from coopsec.store.accounts import add_user, hash_password
from tests.apiclients import api_settings, signed_in

#: When the test batches were transferred to the PIU (Art. 12's clock starts here).
T0 = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
SECRET = "a-pnr-test-secret-long-enough-for-hkdf"


@pytest.fixture(scope="session")
def facts() -> PnrFacts:
    return load_facts()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    yield opened
    opened.engine.dispose()


@pytest.fixture
def sealer() -> Sealer:
    return Sealer(SECRET)


def people(facts: PnrFacts, count: int, seed: int = 99) -> list[dict[str, Any]]:
    """Fictional persons placed as the first passengers of a batch (watchlist subjects in the tests)."""
    rng = random.Random(seed)
    return [person(rng, facts) for _ in range(count)]


def batch(facts: PnrFacts, placed: list[dict[str, Any]] | None = None, **kw: Any) -> dict[str, Any]:
    """A synthetic batch whose first passengers are ``placed``, each with API data (so screening can see them)."""
    doc = generate_batch(facts, people=placed, **kw)
    for who in placed or []:
        for record in doc["records"]:
            for p in record["passengers"]:
                if p["api"] is None and p["name"].startswith(who["surname"]):
                    p["api"] = {
                        "document_type": "P",
                        "document_number": who["document_number"],
                        "document_country": who["nationality"],
                        "nationality": who["nationality"],
                        "surname": who["surname"],
                        "given_names": who["given_names"],
                        "gender": who["gender"],
                        "date_of_birth": who["date_of_birth"],
                    }
    return doc


PASSWORD = "a-long-test-password"
USERS = {
    "piu": ("GR", "passenger-information-unit", "analyst"),
    "piu-viewer": ("GR", "passenger-information-unit", "viewer"),
    "police": ("GR", "police", "analyst"),
}


@pytest.fixture
def api(database_url: str, tmp_path: Path, kb: KnowledgeBase) -> Iterator[dict[str, TestClient]]:
    store = open_store(database_url)
    hashed = hash_password(PASSWORD)
    with store.session() as session:
        for name, (state, agency, role) in USERS.items():
            add_user(session, "test", name, hashed, state, agency, [role])
    app = create_app(api_settings(tmp_path, database_url, SECRET), kb, store)
    with signed_in(app, USERS, PASSWORD) as clients:
        yield clients
    store.engine.dispose()
