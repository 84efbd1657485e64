"""The value criterion over HTTP: V-Dem v15 from 1949, and "no data" as a class of its own in the API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from coopsec.http import create_app
from coopsec.kb import KnowledgeBase
from coopsec.service import bootstrap
from coopsec.settings import Settings


@pytest.fixture
def headers_client(tmp_path: Path, kb: KnowledgeBase) -> Iterator[tuple[TestClient, dict[str, str]]]:
    settings = Settings(data_dir=tmp_path, environment="test", secret_key="a-test-secret-that-is-long-enough-for-hs256")
    store, password = bootstrap(settings)
    assert password is not None
    with TestClient(create_app(settings, kb, store)) as client:
        token = client.post("/api/v1/auth/token", data={"username": "admin", "password": password}).json()
        yield client, {"Authorization": f"Bearer {token['access_token']}"}


def test_the_rings_in_1955_name_v15_and_the_year(headers_client: tuple[TestClient, dict[str, str]]) -> None:
    client, headers = headers_client
    body: dict[str, Any] = client.get("/api/v1/rings?on=1955-06-01", headers=headers).json()
    assert {"GB", "FR", "US"} <= set(body["core"]) and "PT" in body["below_criterion"]
    assert body["no_data"] == []
    assert (body["criterion"]["dataset"], body["criterion"]["year"]) == ("V-Dem v15", 1954)
    state: dict[str, Any] = client.get("/api/v1/states/GB?on=1955-06-01", headers=headers).json()
    assert state["placement"]["category"] == "core-nato"
    assert state["placement"]["core"]["criterion"]["dataset"] == "V-Dem v15"
    assert state["criterion"]["year"] == 1954


def test_no_data_is_its_own_class_in_the_api(headers_client: tuple[TestClient, dict[str, str]]) -> None:
    client, headers = headers_client
    body: dict[str, Any] = client.get("/api/v1/rings?on=1960-06-01&criterion=libdem>=0.5", headers=headers).json()
    assert body["core"] == [] and body["below_criterion"] == [] and "GB" in body["no_data"]
    categories = {s["state"]: s["category"] for s in body["states"]}
    assert categories["GB"] == "no-data" and "below-criterion" not in categories.values()
    li: dict[str, Any] = client.get("/api/v1/states/LI?on=2025-06-01", headers=headers).json()
    reading = li["placement"]["core"]["criterion"]
    assert reading["no_data"] is True and reading["met"] is None and "no data" in reading["note"]
    assert li["placement"]["place"] != "below_criterion"
