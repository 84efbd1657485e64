"""A user's clearance: set by administrators (library, CLI, API), audited, and read by the access decision."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from coopsec.errors import InputError
from coopsec.exchange.clearance import set_clearance
from coopsec.exchange.model import RecordIn
from coopsec.exchange.records import list_visible, share
from coopsec.http import create_app
from coopsec.kb import KnowledgeBase
from coopsec.settings import Settings, get_settings
from coopsec.store import Store, open_store
from coopsec.store.accounts import add_user, get_user, hash_password
from coopsec.store.models import AuditEntry

PASSWORD = "a-long-test-password"


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    hashed = hash_password(PASSWORD)
    with opened.session() as session:
        add_user(session, "test", "admin", hashed, "BE", "foreign-affairs", ["administrator"])
        add_user(session, "test", "de", hashed, "DE", "police", ["liaison-officer"])
        add_user(session, "test", "fr", hashed, "FR", "police", ["analyst"])
    yield opened
    opened.engine.dispose()


def _amber(store: Store, kb: KnowledgeBase) -> str:
    with store.session() as session:
        made = share(session, kb, get_user(session, "de"),
                     RecordIn(title="Amber note", body="b", scope="members", handling="H0", tlp="AMBER",
                              evaluation="B2"))  # fmt: skip
        return made.id


def _seen(store: Store, kb: KnowledgeBase, name: str) -> set[str]:
    with store.session() as session:
        return {r.id for r in list_visible(session, kb, get_user(session, name)).items}


def test_a_lower_clearance_hides_amber_and_default_restores_it(store: Store, kb: KnowledgeBase) -> None:
    record = _amber(store, kb)
    assert record in _seen(store, kb, "fr")  # analysts read up to AMBER+STRICT by default
    with store.session() as session:
        set_clearance(session, kb, "admin", "fr", "green")
    assert record not in _seen(store, kb, "fr")
    with store.session() as session:
        set_clearance(session, kb, "admin", "fr", None)
        entries = session.query(AuditEntry).filter(AuditEntry.action == "user.clearance").all()
    assert record in _seen(store, kb, "fr")
    assert [json.loads(e.detail)["to"] for e in entries] == ["GREEN", None]
    with store.session() as session, pytest.raises(InputError, match="AMBER\\+STRICT"):
        set_clearance(session, kb, "admin", "fr", "SECRET")


def test_the_cli_and_the_api_set_it_for_administrators_only(
    store: Store, kb: KnowledgeBase, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coopsec.cli.app import app

    monkeypatch.setenv("COOPSEC_DATABASE_URL", database_url)
    monkeypatch.setenv("COOPSEC_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["users", "clearance", "fr", "RED", "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == {"username": "fr", "clearance": "RED", "effective": "RED"}
        bad = CliRunner().invoke(app, ["users", "clearance", "fr", "TOP"])
        assert bad.exit_code == 2 and "use one of CLEAR" in bad.output
    finally:
        get_settings.cache_clear()
    settings = Settings(data_dir=tmp_path, database_url=database_url, environment="test",
                        secret_key="a-clearance-test-secret-long-enough-for-hs256")  # fmt: skip
    with TestClient(create_app(settings, kb, store)) as client:

        def token(name: str) -> dict[str, str]:
            body = client.post("/api/v1/auth/token", data={"username": name, "password": PASSWORD}).json()
            return {"Authorization": f"Bearer {body['access_token']}"}

        answer = client.post("/api/v1/users/fr/clearance", json={"clearance": None}, headers=token("admin"))
        assert answer.json() == {"username": "fr", "clearance": None, "effective": "AMBER+STRICT"}
        refused = client.post("/api/v1/users/fr/clearance", json={"clearance": "RED"}, headers=token("fr"))
        assert refused.status_code == 403 and refused.json()["ok"] is False
